"""Client records on TinyDB: one file per client plus a small index, safe under many sessions.

The only module that imports tinydb: the record files and index shards as TinyDB tables on an
AtomicStorage, fresh for each operation; what a process keeps parsed (shards, the client files
it last wrote) is keyed by the exact bytes read under the lock, so it never outlives them.
The lock, the journal, recovery and the operations themselves are in core.py and
assessments.py.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from posture_tui.store import audit, codec, delta, folder
from posture_tui.store.api import ClientSummary, Repository
from posture_tui.store.assessments import AssessmentOps
from posture_tui.store.core import new_random_id, utc_now
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import INDEX_SHARDS, Layout, shard_of
from posture_tui.store.parsed_files import ParsedFiles
from posture_tui.store.permissions import Permissions
from posture_tui.store.storage import (
    AtomicStorage,
    DamagedFileError,
    clean_stale_temps,
    encode,
    fsync_dir,
    has_temps,
    rotate_backups,
    write_json,
)
from posture_tui.store.summary import row_problem

if TYPE_CHECKING:
    from posture_tui.domain.records import Assessment, Client

CLIENT_TABLE = "client"
ASSESSMENT_TABLE = "assessments"
INDEX_TABLE = "clients"
CLIENT_DOC_ID = 1
_LEGACY_BACKUP = re.compile(r"[0-9]{2}\.json\.[0-9]+")
DELTA_KEY = "delta_of"  # an earlier revision stored as the change from the one after it


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(method: F) -> F:
    """Turn TinyDB's errors on a hand-edited table layout into a clear DamagedFileError."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except (ValueError, TypeError, AttributeError, KeyError):
            raise DamagedFileError(self.path, "not a table of records") from None

    return cast(F, wrapper)


def _tables(storage: AtomicStorage, *names: str) -> list[Table]:
    db = TinyDB(storage=lambda: storage)
    return [db.table(name, cache_size=0) for name in names]


def _load(path: Path, kind: str, doc: Any, where: str) -> Any:
    try:
        return codec.from_document(kind, doc)
    except codec.CodecError as error:
        # as the record checks name a field of a client or row ("client.name: ..."), see _checked
        message = error.within(where) if kind in ("client", "summary") else f"{where}: {error}"
        raise DamagedFileError(path, message) from None


def _checked(path: Path, kind: str, doc: Any, where: str) -> Any:
    """A client or assessment that also passes the record checks every import runs (ids,
    ranges, dates, control characters, sizes, signatures): a planted value is a damaged
    record, named by field path and code point, never shown."""
    from posture_tui.incoming.record import check_assessment, check_client
    from posture_tui.incoming.values import DocumentError

    value = _load(path, kind, doc, where)
    try:
        check_client(value, decoded=True) if kind == "client" else check_assessment(
            value, decoded=True
        )
    except DocumentError as error:
        joiner = "." if kind == "client" else ": "
        raise DamagedFileError(path, f"{where}{joiner}{error}") from None
    return value


class RecordFile:
    """One client's file: the client (doc 1 of table `client`) and every assessment revision."""

    def __init__(
        self,
        path: Path,
        perms: Permissions,
        backup_dir: Path | None,
        client_id: str | None = None,
    ) -> None:
        self.path = path
        self.client_id = client_id or path.stem  # a backup copy names its client explicitly
        self.storage = AtomicStorage(path, perms, backup_dir, newest_backup=True)
        if backup_dir is not None:  # a live client file, not a backup copy being read
            self.storage.memo = _PARSED_RECORDS
        self._client, self._assessments = _tables(self.storage, CLIENT_TABLE, ASSESSMENT_TABLE)

    @_guarded
    def exists(self) -> bool:
        return self.storage.read() is not None

    @_guarded
    def client(self) -> Client | None:
        if not self.exists():
            return None
        doc = self._client.get(doc_id=CLIENT_DOC_ID)
        if doc is None:
            raise DamagedFileError(self.path, "the client entry is missing")
        client: Client = _checked(self.path, "client", dict(doc), "client")
        if client.id != self.client_id:
            raise DamagedFileError(self.path, f"holds client {client.id}, not {self.client_id}")
        return client

    @_guarded
    def revisions(self) -> list[tuple[int, Assessment]]:
        """(doc id, assessment) for every stored revision, earlier ones rebuilt from their
        stored changes."""
        if not self.exists():
            return []
        table = self._table()
        found: list[tuple[int, Assessment]] = []
        full: dict[tuple[str, int], dict[str, Any]] = {}
        changes: list[tuple[int, str, int, int, Any]] = []
        for key, doc in table.items():
            doc_id = int(key)
            if isinstance(doc, dict) and DELTA_KEY in doc:
                changes.append((doc_id, *self._change_of(doc_id, doc)))
                continue
            item = self._assessment(doc_id, doc)
            full[(item.id, item.revision)] = doc
            found.append((doc_id, item))
        # Newest first, so the revision each change is taken from is whole before it is used.
        for doc_id, assessment_id, revision, base, change in sorted(changes, key=lambda c: -c[2]):
            source = full.get((assessment_id, base))
            if source is None:
                raise DamagedFileError(
                    self.path, f"entry {doc_id}: the revision its change is taken from is missing"
                )
            try:
                doc = delta.patch(source, change)
            except delta.PatchError as error:
                raise DamagedFileError(self.path, f"entry {doc_id}: {error}") from None
            item = self._assessment(doc_id, doc)
            if (item.id, item.revision) != (assessment_id, revision):
                raise DamagedFileError(self.path, f"entry {doc_id}: the change rebuilds another")
            full[(assessment_id, revision)] = doc
            found.append((doc_id, item))
        return sorted(found, key=lambda pair: pair[0])

    @_guarded
    def latest(self) -> dict[str, tuple[int, Assessment]]:
        """The newest revision of each assessment with its doc id, decoding only those: the
        client page needs nothing older, and a client with thirty revisions decoded and
        checked all thirty."""
        return {
            assessment_id: (doc_id, self._assessment(doc_id, doc))
            for assessment_id, (doc_id, doc) in self.newest().items()
        }

    @_guarded
    def newest(self) -> dict[str, tuple[int, dict[str, Any]]]:
        """The stored document (undecoded) of the newest revision of each assessment, by id."""
        if not self.exists():
            return {}
        newest: dict[str, tuple[int, int, dict[str, Any]]] = {}
        for key, doc in self._table().items():
            if isinstance(doc, dict) and DELTA_KEY in doc:
                continue  # an earlier revision: never the newest
            assessment_id = doc.get("id") if isinstance(doc, dict) else None
            revision = doc.get("revision") if isinstance(doc, dict) else None
            if not isinstance(assessment_id, str) or type(revision) is not int:
                self.revisions()  # the full read names what is wrong
                raise DamagedFileError(self.path, f"entry {_key(key)}: not an assessment")
            held = newest.get(assessment_id)
            if held is None or revision > held[1]:
                newest[assessment_id] = (int(key), revision, doc)
        return {key: (doc_id, doc) for key, (doc_id, _, doc) in newest.items()}

    def assessment_at(self, doc_id: int, doc: dict[str, Any]) -> Assessment:
        """One stored revision's document, decoded and checked like every read."""
        return self._assessment(doc_id, doc)

    def _table(self) -> dict[str, Any]:
        data = self.storage.read() or {}
        table = data.get(ASSESSMENT_TABLE, {})
        if not isinstance(table, dict):
            raise DamagedFileError(self.path, "not a table of records")
        return table

    def _assessment(self, doc_id: int, doc: Any) -> Assessment:
        item: Assessment = _checked(self.path, "assessment", doc, f"entry {doc_id}")
        if item.client_id != self.client_id:
            raise DamagedFileError(self.path, f"entry {doc_id} names another client")
        return item

    def _change_of(self, doc_id: int, doc: dict[str, Any]) -> tuple[str, int, int, Any]:
        """(assessment id, revision, base revision, change) of a stored earlier revision."""
        assessment_id, revision, base = doc.get(DELTA_KEY), doc.get("revision"), doc.get("base")
        if (
            set(doc) != {DELTA_KEY, "revision", "base", "change"}
            or not isinstance(assessment_id, str)
            or type(revision) is not int
            or type(base) is not int
            or base <= revision
        ):
            raise DamagedFileError(self.path, f"entry {doc_id}: not a stored earlier revision")
        return assessment_id, revision, base, doc["change"]

    @_guarded
    def put_client(self, client: Client) -> None:
        # One write either way: TinyDB's upsert of a new doc id writes twice (an empty update
        # first), and a kill between the two would leave a file without its client.
        doc = Document(codec.to_document("client", client), doc_id=CLIENT_DOC_ID)
        if self._client.contains(doc_id=CLIENT_DOC_ID):
            self._client.update(doc, doc_ids=[CLIENT_DOC_ID])
        else:
            self._client.insert(doc)

    @_guarded
    def insert(self, assessment: Assessment) -> None:
        """Add a revision in one write; the revision before it becomes what changed."""
        data = self.storage.read() or {}
        table = dict(self._table())
        next_id = max((int(key) for key in table), default=0) + 1
        table[str(next_id)] = codec.to_document("assessment", assessment)
        data[ASSESSMENT_TABLE] = _as_changes(table, {assessment.id})
        self.storage.write(data)

    @_guarded
    def remove(self, doc_ids: list[int]) -> None:
        self._assessments.remove(doc_ids=doc_ids)

    @_guarded
    def write_all(self, client: Client, assessments: Iterable[Assessment]) -> None:
        """The whole file in one write (bulk import), keeping revisions already stored."""
        data = self.storage.read() or {}
        table = dict(data.get(ASSESSMENT_TABLE, {}))
        next_id = max((int(key) for key in table), default=0) + 1
        ids = set()
        for offset, item in enumerate(assessments):
            table[str(next_id + offset)] = codec.to_document("assessment", item)
            ids.add(item.id)
        client_doc = codec.to_document("client", client)
        self.storage.write(
            {
                CLIENT_TABLE: {str(CLIENT_DOC_ID): client_doc},
                ASSESSMENT_TABLE: _as_changes(table, ids),
            }
        )

    def delete(self) -> None:
        """Remove the file, keeping its last version as the newest backup."""
        storage = self.storage
        storage.read()
        try:
            if storage.backup_dir is not None:
                rotate_backups(self.path, storage.backup_dir, storage.perms, storage.aside)
            os.unlink(self.path)
        except OSError as error:
            raise StoreError(f"could not delete {self.path}: {error.strerror}") from None
        self.storage.written = True


def _as_changes(table: dict[str, Any], assessment_ids: set[str]) -> dict[str, Any]:
    """The table with every whole revision of these assessments but the newest stored as the
    change from the revision after it. Usually one document changes (the revision the new one
    follows); a file written before changes were stored has all its earlier revisions
    rewritten once, on its next save."""
    chains: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
    for key, doc in table.items():
        if not isinstance(doc, dict) or doc.get("id") not in assessment_ids:
            continue
        if DELTA_KEY in doc or type(doc.get("revision")) is not int:
            continue  # already a change (or damaged: the next read names it)
        chains.setdefault(doc["id"], []).append((doc["revision"], key, doc))
    result = dict(table)
    for assessment_id, whole in chains.items():
        whole.sort(key=lambda entry: -entry[0])
        after = whole[0]  # the newest stays whole
        for revision, key, doc in whole[1:]:
            if after[0] <= revision:
                continue  # two documents claim one revision: left for `check` to report
            result[key] = {
                DELTA_KEY: assessment_id,
                "revision": revision,
                "base": after[0],
                "change": delta.diff(after[2], doc),
            }
            after = (revision, key, doc)
    return result


_PARSED_RECORDS = ParsedFiles()
"""The client files this process last wrote: the next save of a visit skips their parse."""


def _key(key: str) -> str:
    """An index key for an error: a row number as is, anything else (any text) withheld."""
    return key if key.isascii() and key.isdigit() else "(key not shown)"


class _ParsedShard(NamedTuple):
    """An index shard's bytes, its rows, each row encoded, the key of each client id, and the
    key a new row takes."""

    raw: bytes
    table: dict[str, Any]
    encoded: dict[str, bytes]
    keys: dict[str, str]
    next_id: int


class _ShardMemo:
    """The shards this process last read or wrote, the few most recent (a save, then the next
    save of the same visit, finds its shard here)."""

    KEEP = 4

    def __init__(self) -> None:
        self._held: dict[Path, _ParsedShard] = {}
        self._lock = threading.Lock()

    def tables(self, path: Path, raw: bytes) -> dict[str, Any] | None:
        """The shard's tables as a storage reads them, if these are the bytes kept."""
        held = self.get(path, raw)
        return None if held is None else {INDEX_TABLE: held.table}

    def get(self, path: Path, raw: bytes) -> _ParsedShard | None:
        with self._lock:
            held = self._held.get(path)
            return held if held is not None and held.raw == raw else None

    def put(self, path: Path, shard: _ParsedShard) -> None:
        with self._lock:
            self._held.pop(path, None)
            self._held[path] = shard
            while len(self._held) > self.KEEP:
                del self._held[next(iter(self._held))]


_PARSED_SHARDS = _ShardMemo()


def _encoded_row(key: str, doc: dict[str, Any]) -> bytes:
    return encode(key) + b":" + encode(doc)


class IndexFile:
    """The client index: one small row per client so listing and search never open records."""

    def __init__(
        self, path: Path, perms: Permissions, backup_dir: Path | None, shard: int | None = None
    ) -> None:
        self.path = path
        self.shard = shard
        self.storage = AtomicStorage(path, perms, backup_dir)
        self.storage.known = functools.partial(_PARSED_SHARDS.tables, path)

    @_guarded
    def summaries(self) -> dict[str, ClientSummary]:
        found: dict[str, ClientSummary] = {}
        # The raw table as update() reads it, not TinyDB's Document objects: this runs for
        # every shard at start-up.
        table = (self.storage.read() or {}).get(INDEX_TABLE, {})
        today = date.today()
        for key, doc in table.items():
            if not key.isdigit() or not isinstance(doc, dict):
                raise DamagedFileError(self.path, f"entry {_key(key)} is not a client row")
            item: ClientSummary = _load(self.path, "summary", dict(doc), f"entry {key}")
            problem = row_problem(item, today)  # as the record check would in its client
            if problem is not None:
                raise DamagedFileError(self.path, f"entry {key}.{problem}")
            if item.id in found:
                raise DamagedFileError(self.path, f"client {item.id} is listed twice")
            if self.shard is not None and shard_of(item.id) != self.shard:
                raise DamagedFileError(self.path, f"client {item.id} belongs in another shard")
            found[item.id] = item
        return found

    @_guarded
    def update(self, put: Iterable[ClientSummary] = (), drop: Iterable[str] = ()) -> None:
        """Add or replace rows and remove others, in one write."""
        shard = self._parsed()
        table, encoded, keys = dict(shard.table), dict(shard.encoded), dict(shard.keys)
        next_id = shard.next_id
        for client_id in drop:
            if client_id in keys:
                key = keys.pop(client_id)
                del table[key], encoded[key]
        for summary in put:
            if summary.id not in keys:
                keys[summary.id] = str(next_id)
                next_id += 1
            key = keys[summary.id]
            table[key] = codec.to_document("summary", summary)
            encoded[key] = _encoded_row(key, table[key])
        # encode({INDEX_TABLE: table}) byte for byte, re-encoding only the rows that changed
        raw = b"".join([b'{"', INDEX_TABLE.encode(), b'":{', b",".join(encoded.values()), b"}}"])
        self.storage.write_encoded({INDEX_TABLE: table}, raw)
        _PARSED_SHARDS.put(self.path, _ParsedShard(raw, table, encoded, keys, next_id))

    def _parsed(self) -> _ParsedShard:
        """The shard as this operation read it: parsed and checked again only if its bytes are
        not those this process last read or wrote (a save at 100,000 clients otherwise parsed
        and encoded 1,560 rows)."""
        raw = self.storage.read_raw() or b""
        known = _PARSED_SHARDS.get(self.path, raw)
        if known is not None:
            return known
        table: dict[str, Any] = dict((self.storage.read() or {}).get(INDEX_TABLE, {}))
        keys: dict[str, str] = {}
        for key, doc in table.items():
            if not key.isdigit() or not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                raise DamagedFileError(self.path, f"entry {_key(key)} is not a client row")
            keys[doc["id"]] = key
        encoded = {key: _encoded_row(key, doc) for key, doc in table.items()}
        next_id = max((int(key) for key in table), default=0) + 1
        return _ParsedShard(raw, table, encoded, keys, next_id)

    def replace_all(self, summaries: Iterable[ClientSummary]) -> None:
        table = {
            str(number): codec.to_document("summary", summary)
            for number, summary in enumerate(summaries, 1)
        }
        self.storage.write({INDEX_TABLE: table})


class Index:
    """The client index, in shards by client id; one operation's view of it."""

    def __init__(self, layout: Layout, perms: Permissions) -> None:
        self.layout = layout
        self.perms = perms
        self._files: dict[int, IndexFile] = {}

    def file(self, shard: int) -> IndexFile:
        if shard not in self._files:
            path = self.layout.index_file(shard)
            # No backups: the index is derived, and `check --repair` rebuilds it from the
            # client files (three backups of a shard cost a save more than the shard itself)
            self._files[shard] = IndexFile(path, self.perms, None, shard)
        return self._files[shard]

    def storages(self, client_ids: Iterable[str]) -> list[AtomicStorage]:
        """The shard files a write for these clients touches."""
        return [self.file(shard).storage for shard in sorted({shard_of(c) for c in client_ids})]

    def update(self, put: Iterable[ClientSummary] = (), drop: Iterable[str] = ()) -> None:
        groups: dict[int, tuple[list[ClientSummary], list[str]]] = {}
        for summary in put:
            groups.setdefault(shard_of(summary.id), ([], []))[0].append(summary)
        for client_id in drop:
            groups.setdefault(shard_of(client_id), ([], []))[1].append(client_id)
        for shard, (rows, gone) in sorted(groups.items()):
            self.file(shard).update(rows, gone)

    def shard_summaries(self, shard: int) -> dict[str, ClientSummary]:
        return self.file(shard).summaries()

    def summaries(self) -> dict[str, ClientSummary]:
        found: dict[str, ClientSummary] = {}
        for shard in range(INDEX_SHARDS):
            found.update(self.file(shard).summaries())
        return found

    def replace_all(self, summaries: Iterable[ClientSummary]) -> None:
        groups: dict[int, list[ClientSummary]] = {}
        for summary in summaries:
            groups.setdefault(shard_of(summary.id), []).append(summary)
        for shard in range(INDEX_SHARDS):
            if shard in groups or self.layout.index_file(shard).exists():
                self.file(shard).replace_all(groups.get(shard, []))


class TinyRepository(AssessmentOps):
    """store.api.Repository on a store folder of TinyDB files (see open_store)."""

    def _record(self, client_id: str) -> RecordFile:
        return RecordFile(
            self.layout.client_file(client_id), self.perms, self.layout.client_backups
        )

    def _index(self) -> Index:
        return Index(self.layout, self.perms)


def _conforms(repo: TinyRepository) -> Repository:
    return repo  # mypy proves TinyRepository implements the Repository protocol


def open_store(
    path: Path,
    *,
    shared_group: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> TinyRepository:
    """Open (creating if needed) the store folder at `path`.

    Private stores get folders 0700 and files 0600; `shared_group` makes them 2770/0660 in that
    group (remembered in store.json). Interrupted writes are finished and stale temp files
    removed; `permission_warnings()` lists anything others could read.
    """
    layout = Layout(Path(path).expanduser())
    now = clock or utc_now
    perms = folder.prepare(layout, shared_group, now)
    repo = TinyRepository(layout, perms, now)
    repo.check_permissions()
    if not _needs_tidying(layout):
        return repo  # the common case: nothing to finish, so no lock (start-up only reads)
    with repo.locked():
        for place in layout.locked_folders:
            clean_stale_temps(place)
        clean_stale_temps(layout.drafts, older_than=60.0)
        if _legacy_index(layout):
            upgrade_index(repo)
        elif _index_lost(layout):
            # index/ removed by hand or restored from a partial backup: the client files are
            # the truth, and an empty list would tell the therapist the clinic has no clients
            repo.rebuild_index(reason="index.recover")
    return repo


def upgrade_index(repo: TinyRepository) -> None:
    """Move the index of an earlier build (64 shards, with backups) to today's shards, once,
    under the lock. Cut short, the journal left makes the next command rebuild the index from
    the client files; a legacy shard that does not read has the same effect now."""
    layout = repo.layout
    if not any(path.exists() for path in layout.legacy_index_files):
        _remove_legacy_index(layout)  # only backups of an earlier index were left
        return
    rows = _legacy_rows(layout, repo.perms)
    write_json(layout.journal, {"clients": ["*"]}, repo.perms)
    if rows is None:
        repo.rebuild_index(reason="index.upgrade")
        write_json(layout.journal, {"clients": ["*"]}, repo.perms)
    else:
        repo._index().replace_all(rows.values())
        event = audit.event(repo.clock(), "index.upgrade", "index", fields=())
        audit.append(layout.audit, [event], repo.perms)
    _remove_legacy_index(layout)
    layout.journal.unlink(missing_ok=True)
    fsync_dir(layout.root)


def _legacy_rows(layout: Layout, perms: Permissions) -> dict[str, ClientSummary] | None:
    """Every row of the legacy shards, or None if one does not read."""
    rows: dict[str, ClientSummary] = {}
    try:
        for path in layout.legacy_index_files:
            rows.update(IndexFile(path, perms, None).summaries())
    except StoreError:
        return None
    return rows


def _remove_legacy_index(layout: Layout) -> None:
    """The legacy shards and their backups; anything else found there is left alone."""
    for path in layout.legacy_index_files:
        path.unlink(missing_ok=True)
    fsync_dir(layout.index_dir)
    for backup in _legacy_backups(layout):
        os.unlink(backup)
    with contextlib.suppress(OSError):
        os.rmdir(layout.legacy_index_backups)  # not empty: something else is there, and stays
    fsync_dir(layout.backups)


def _needs_tidying(layout: Layout) -> bool:
    """An interrupted write to finish, temp files to clear, or an index to rebuild.

    The client files and their backups (two folders of 100,000 files in a large store) are
    not listed here: listing them took a tenth of a second at every start. A write there is
    journaled, so one cut short leaves the journal, and tidying then clears them too; what
    a write that did finish may leave (a pre-image, unlinked just after the commit) is
    harmless, reported by `check` and removed by `check --repair`.
    """
    large = {layout.clients, layout.client_backups}
    small = [place for place in (*layout.locked_folders, layout.drafts) if place not in large]
    return (
        layout.journal.exists()
        or any(has_temps(p) for p in small)
        or _legacy_index(layout)
        or _index_lost(layout)
    )


def _legacy_index(layout: Layout) -> bool:
    """A shard or shard backup of an earlier build is here (see upgrade_index)."""
    return any(path.exists() for path in layout.legacy_index_files) or bool(_legacy_backups(layout))


def _legacy_backups(layout: Layout) -> list[str]:
    """The paths of the shard backups of an earlier build."""
    try:
        with os.scandir(layout.legacy_index_backups) as entries:
            return [entry.path for entry in entries if _LEGACY_BACKUP.fullmatch(entry.name)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _index_lost(layout: Layout) -> bool:
    """No index shard at all, yet client files exist (a store with clients has a shard)."""
    return layout.has_client_files() and not layout.has_index_files()


__all__ = ["TinyRepository", "new_random_id", "open_store"]
