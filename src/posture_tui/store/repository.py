"""Client records on TinyDB: one file per client plus a small index, safe under many sessions.

The only module that imports tinydb. Each operation builds fresh TinyDB objects on an
AtomicStorage and, for writes, holds the store lock around the whole read-modify-write, so no
cache outlives the lock. A journal names the clients a write touches until the index and the
audit trail agree with them; the next writer (or open) finishes an interrupted write.
"""

from __future__ import annotations

import base64
import functools
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import filelock
from attrs import evolve
from tinydb import TinyDB
from tinydb.table import Document, Table

from posture_tui.domain.records import DRAFT, SIGNED, Assessment, Client
from posture_tui.store import audit, codec, drafts, folder
from posture_tui.store.api import ClientSummary, Draft
from posture_tui.store.errors import ConflictError, NotFoundError, SignedError, StoreError
from posture_tui.store.layout import INDEX_SHARDS, Layout, check_id, shard_of
from posture_tui.store.permissions import Permissions
from posture_tui.store.search import SearchRow, recent_first, row
from posture_tui.store.search import search as find_rows
from posture_tui.store.storage import (
    AtomicStorage,
    DamagedFileError,
    clean_stale_temps,
    read_json,
    rotate_backups,
    write_bytes,
    write_json,
)
from posture_tui.store.summary import latest, summarize

LOCK_TIMEOUT = 30.0
BULK_SYNC_AFTER = 20  # client files per bulk write above which one os.sync replaces fsyncs

CLIENT_TABLE = "client"
ASSESSMENT_TABLE = "assessments"
INDEX_TABLE = "clients"
CLIENT_DOC_ID = 1


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
        raise DamagedFileError(path, f"{where}: {error}") from None


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
        self.storage = AtomicStorage(path, perms, backup_dir)
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
        client: Client = _load(self.path, "client", dict(doc), "client")
        if client.id != self.client_id:
            raise DamagedFileError(self.path, f"holds client {client.id}, not {self.client_id}")
        return client

    @_guarded
    def revisions(self) -> list[tuple[int, Assessment]]:
        """(doc id, assessment) for every stored revision."""
        if not self.exists():
            return []
        found = []
        for doc in self._assessments.all():
            item: Assessment = _load(self.path, "assessment", dict(doc), f"entry {doc.doc_id}")
            if item.client_id != self.client_id:
                raise DamagedFileError(self.path, f"entry {doc.doc_id} names another client")
            found.append((doc.doc_id, item))
        return found

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
        self._assessments.insert(codec.to_document("assessment", assessment))

    @_guarded
    def replace(self, doc_id: int, assessment: Assessment) -> None:
        self._assessments.update(codec.to_document("assessment", assessment), doc_ids=[doc_id])

    @_guarded
    def remove(self, doc_ids: list[int]) -> None:
        self._assessments.remove(doc_ids=doc_ids)

    @_guarded
    def write_all(self, client: Client, assessments: Iterable[Assessment]) -> None:
        """The whole file in one write (bulk import), keeping revisions already stored."""
        data = self.storage.read() or {}
        table = dict(data.get(ASSESSMENT_TABLE, {}))
        next_id = max((int(key) for key in table), default=0) + 1
        for offset, item in enumerate(assessments):
            table[str(next_id + offset)] = codec.to_document("assessment", item)
        client_doc = codec.to_document("client", client)
        self.storage.write(
            {CLIENT_TABLE: {str(CLIENT_DOC_ID): client_doc}, ASSESSMENT_TABLE: table}
        )

    def delete(self) -> None:
        """Remove the file, keeping its last version as the newest backup."""
        self.storage.read()
        try:
            if self.storage.backup_dir is not None:
                rotate_backups(self.path, self.storage.backup_dir)
            os.unlink(self.path)
        except OSError as error:
            raise StoreError(f"could not delete {self.path}: {error.strerror}") from None
        self.storage.written = True


class IndexFile:
    """The client index: one small row per client so listing and search never open records."""

    def __init__(
        self, path: Path, perms: Permissions, backup_dir: Path | None, shard: int | None = None
    ) -> None:
        self.path = path
        self.shard = shard
        self.storage = AtomicStorage(path, perms, backup_dir)
        (self._table,) = _tables(self.storage, INDEX_TABLE)

    @_guarded
    def summaries(self) -> dict[str, ClientSummary]:
        found: dict[str, ClientSummary] = {}
        for doc in self._table.all():
            item: ClientSummary = _load(self.path, "summary", dict(doc), f"entry {doc.doc_id}")
            if item.id in found:
                raise DamagedFileError(self.path, f"client {item.id} is listed twice")
            if self.shard is not None and shard_of(item.id) != self.shard:
                raise DamagedFileError(self.path, f"client {item.id} belongs in another shard")
            found[item.id] = item
        return found

    @_guarded
    def update(self, put: Iterable[ClientSummary] = (), drop: Iterable[str] = ()) -> None:
        """Add or replace rows and remove others, in one write."""
        data = self.storage.read() or {}
        table: dict[str, Any] = dict(data.get(INDEX_TABLE, {}))
        keys: dict[str, str] = {}
        for key, doc in table.items():
            if not key.isdigit() or not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                raise DamagedFileError(self.path, f"entry {key} is not a client row")
            keys[doc["id"]] = key
        next_id = max((int(key) for key in table), default=0) + 1
        for client_id in drop:
            if client_id in keys:
                del table[keys.pop(client_id)]
        for summary in put:
            if summary.id not in keys:
                keys[summary.id] = str(next_id)
                next_id += 1
            key = keys[summary.id]
            table[key] = codec.to_document("summary", summary)
        self.storage.write({INDEX_TABLE: table})

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
            self._files[shard] = IndexFile(path, self.perms, self.layout.index_backups, shard)
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


def _utc_now() -> datetime:
    return datetime.now(UTC)


def new_random_id(prefix: str = "") -> str:
    """10 random base32 characters (50 bits): unique across processes without coordination."""
    token = base64.b32encode(secrets.token_bytes(10)).decode("ascii")[:10].lower()
    return f"{prefix}-{token}" if prefix else token


_PREFIXES = {"client": "c", "c": "c", "assessment": "a", "a": "a", "": ""}


class TinyRepository:
    """store.api.Repository on a store folder (see open_store)."""

    def __init__(self, layout: Layout, perms: Permissions, clock: Callable[[], datetime]) -> None:
        self.layout = layout
        self.perms = perms
        self.clock = clock
        self._lock = filelock.FileLock(
            layout.lock,
            timeout=LOCK_TIMEOUT,
            mode=perms.file_mode & 0o777,
            poll_interval=0.002,
            preserve_lock_file=True,
        )
        self._warnings: list[str] = []
        self._index_paths = [str(path) for path in layout.index_files]
        self._shards: dict[int, tuple[tuple[int, ...], list[SearchRow]]] = {}
        self._merged: tuple[list[tuple[int, ...] | None], list[SearchRow]] | None = None

    # ------------------------------------------------------------------ plumbing
    @property
    def path(self) -> Path:
        return self.layout.root

    def permission_warnings(self) -> list[str]:
        """One line per store folder or file others can read, each saying how to fix it."""
        return list(self._warnings)

    def _record(self, client_id: str) -> RecordFile:
        return RecordFile(
            self.layout.client_file(client_id), self.perms, self.layout.client_backups
        )

    def _index(self) -> Index:
        return Index(self.layout, self.perms)

    @contextmanager
    def locked(self, *, recover: bool = True) -> Iterator[None]:
        """Hold the store lock (finishing any interrupted write first, unless told not to)."""
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise StoreError(
                f"the store {self.layout.root} is busy: another session has held "
                f"{self.layout.lock.name} for {LOCK_TIMEOUT:.0f} s; try again"
            ) from None
        except OSError as error:
            raise StoreError(f"could not lock {self.layout.lock}: {error.strerror}") from None
        try:
            if recover:
                self.recover()
            yield
        finally:
            self._lock.release()

    def recover(self) -> None:
        """Finish a write a killed process left half done: bring the index up to its clients."""
        journal = read_json_quiet(self.layout.journal)
        if journal is None:
            return
        for place in self.layout.locked_folders:
            clean_stale_temps(place)
        ids = journal.get("clients") if isinstance(journal, dict) else None
        if not isinstance(ids, list) or "*" in ids:
            self.rebuild_index(reason="store.recover")
        else:
            put, drop = [], []
            for client_id in ids:
                record = self._record(client_id)
                client = record.client()
                if client is None:
                    drop.append(client_id)
                else:
                    put.append(summarize(client, (item for _, item in record.revisions())))
            self._index().update(put, drop)
            now = self.clock()
            events = [audit.event(now, "store.recover", cid, client=cid) for cid in ids]
            audit.append(self.layout.audit, events, self.perms)
        with suppress(FileNotFoundError):
            os.unlink(self.layout.journal)

    def rebuild_index(self, reason: str = "index.rebuild") -> int:
        """Rewrite the index from every client file (caller holds the lock); the row count.

        A record file that does not read keeps its old row, if the old index has one, so that
        `check` still reports it and nothing about that client is forgotten.
        """
        try:
            old = self._index().summaries()
        except StoreError:
            old = {}
        summaries = []
        for client_id in self.layout.client_ids():
            record = self._record(client_id)
            try:
                client = record.client()
                revisions = [item for _, item in record.revisions()]
            except StoreError:
                if client_id in old:
                    summaries.append(old[client_id])
                continue
            if client is not None:
                summaries.append(summarize(client, revisions))
        self._index().replace_all(summaries)
        event = audit.event(self.clock(), reason, "index", fields=())
        audit.append(self.layout.audit, [event], self.perms)
        return len(summaries)

    @contextmanager
    def _commit(self, client_ids: Sequence[str], files: list[AtomicStorage]) -> Iterator[list[Any]]:
        """Journal, then the writes of the block, then the audit events it collects.

        If anything fails, files written so far get their previous bytes back.
        """
        for storage in files:
            storage.read()  # a damaged file stops the write here, before anything changes
        write_json(self.layout.journal, {"clients": list(client_ids)}, self.perms)
        events: list[dict[str, Any]] = []
        try:
            yield events
            audit.append(self.layout.audit, events, self.perms)
        except BaseException:
            if self._rollback(files):
                with suppress(OSError):
                    os.unlink(self.layout.journal)
            raise
        with suppress(OSError):
            os.unlink(self.layout.journal)

    def _rollback(self, files: list[AtomicStorage]) -> bool:
        try:
            for storage in reversed(files):
                if not storage.written:
                    continue
                if storage.previous is None:
                    with suppress(FileNotFoundError):
                        os.unlink(storage.path)
                else:
                    write_bytes(storage.path, storage.previous, self.perms)
        except (OSError, StoreError):
            return False  # the journal stays; the next writer brings the index in line
        return True

    # ------------------------------------------------------------------ clients
    def list_clients(self, search: str = "") -> list[ClientSummary]:
        """Summaries matching `search` (name or birth date), most recently changed first."""
        return find_rows(self._rows(), search)

    def _rows(self) -> list[SearchRow]:
        """Every index row, most recent first; each shard is re-read only when its file changed."""
        signature: list[tuple[int, ...] | None] = []
        for path in self._index_paths:
            try:
                info = os.stat(path)
            except FileNotFoundError:
                signature.append(None)
                continue
            signature.append((info.st_ino, info.st_mtime_ns, info.st_size, info.st_ctime_ns))
        if self._merged is not None and self._merged[0] == signature:
            return self._merged[1]
        index = self._index()
        rows: list[SearchRow] = []
        for shard, key in enumerate(signature):
            cached = self._shards.get(shard)
            if key is None:
                self._shards.pop(shard, None)
                continue
            if cached is None or cached[0] != key:
                cached = (key, [row(item) for item in index.file(shard).summaries().values()])
                self._shards[shard] = cached
            rows.extend(cached[1])
        ordered = recent_first(rows)
        self._merged = (signature, ordered)
        return ordered

    def get_client(self, client_id: str) -> Client:
        client = self._record(client_id).client()
        if client is None:
            raise NotFoundError(f"no client {client_id} in this store")
        return client

    def save_client(self, client: Client) -> Client:
        record = self._record(client.id)
        with self.locked():
            stored = record.client()
            found = stored.revision if stored else 0
            if client.revision != found:
                raise ConflictError(client.id, client.revision, found)
            now = self.clock()
            created = stored.created if stored and stored.created else client.created or now
            saved = evolve(client, revision=found + 1, created=created, updated=now)
            index = self._index()
            revisions = [item for _, item in record.revisions()]
            files = [record.storage, *index.storages([client.id])]
            with self._commit([client.id], files) as events:
                record.put_client(saved)
                index.update([summarize(saved, revisions)])
                fields = audit.changed_fields(
                    codec.unstructure(stored) if stored else None, codec.unstructure(saved)
                )
                action = "client.update" if stored else "client.create"
                events.append(
                    audit.event(
                        now,
                        action,
                        client.id,
                        client=client.id,
                        revision=saved.revision,
                        fields=fields,
                    )
                )
        return saved

    def delete_client(self, client_id: str) -> None:
        record = self._record(client_id)
        with self.locked():
            if record.client() is None:
                raise NotFoundError(f"no client {client_id} in this store")
            index = self._index()
            with self._commit(
                [client_id], [record.storage, *index.storages([client_id])]
            ) as events:
                record.delete()
                index.update(drop=[client_id])
                events.append(
                    audit.event(self.clock(), "client.delete", client_id, client=client_id)
                )

    # ------------------------------------------------------------------ assessments
    def _revisions(self, client_id: str) -> tuple[RecordFile, list[tuple[int, Assessment]]]:
        record = self._record(client_id)
        if record.client() is None:
            raise NotFoundError(f"no client {client_id} in this store")
        return record, record.revisions()

    def list_assessments(self, client_id: str) -> list[Assessment]:
        """Latest revision of each assessment of the client, newest first."""
        _, revisions = self._revisions(client_id)
        items = [item for _, item in latest(revisions).values()]
        return sorted(items, key=lambda item: (item.created, item.id), reverse=True)

    def assessment_revisions(self, client_id: str, assessment_id: str) -> list[Assessment]:
        """Every stored revision of an assessment, oldest first."""
        _, revisions = self._revisions(client_id)
        found = sorted(
            (item for _, item in revisions if item.id == assessment_id),
            key=lambda item: item.revision,
        )
        if not found:
            raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
        return found

    def get_assessment(
        self, client_id: str, assessment_id: str, revision: int | None = None
    ) -> Assessment:
        found = self.assessment_revisions(client_id, assessment_id)
        if revision is None:
            return found[-1]
        for item in found:
            if item.revision == revision:
                return item
        raise NotFoundError(f"assessment {assessment_id} has no revision {revision}")

    def record(self, client_id: str) -> tuple[Client, list[Assessment]]:
        """The client and every assessment revision (for export)."""
        record, revisions = self._revisions(client_id)
        client = record.client()
        assert client is not None
        items = sorted((item for _, item in revisions), key=lambda a: (a.created, a.id, a.revision))
        return client, items

    def _change(
        self,
        client_id: str,
        assessment_id: str,
        change: Callable[[Assessment | None, datetime], tuple[Assessment, str, bool]],
    ) -> Assessment:
        """Read-modify-write of one assessment under the lock.

        `change(latest, now)` returns (new revision, audit action, keep the old revision).
        """
        check_id(assessment_id, "assessment id")
        with self.locked():
            record, revisions = self._revisions(client_id)
            current = latest(revisions).get(assessment_id)
            now = self.clock()
            saved, action, keep = change(current[1] if current else None, now)
            index = self._index()
            with self._commit(
                [client_id], [record.storage, *index.storages([client_id])]
            ) as events:
                if current is None or keep:
                    record.insert(saved)
                else:
                    record.replace(current[0], saved)
                others = [
                    item
                    for doc_id, item in revisions
                    if not (current is not None and not keep and doc_id == current[0])
                ]
                client = record.client()
                assert client is not None
                index.update([summarize(client, [*others, saved])])
                old = codec.unstructure(current[1]) if current else None
                events.append(
                    audit.event(
                        now,
                        action,
                        assessment_id,
                        client=client_id,
                        revision=saved.revision,
                        fields=audit.changed_fields(old, codec.unstructure(saved)),
                    )
                )
        return saved

    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Save a draft (SignedError for a signed one: amend it instead)."""
        if assessment.status != DRAFT:
            raise SignedError(f"assessment {assessment.id} is signed: amend it to change it")

        def change(current: Assessment | None, now: datetime) -> tuple[Assessment, str, bool]:
            found = current.revision if current else 0
            if assessment.revision != found:
                raise ConflictError(assessment.id, assessment.revision, found)
            if current is not None and current.is_signed:
                raise SignedError(f"assessment {assessment.id} is signed: amend it to change it")
            saved = evolve(assessment, revision=found + 1, updated=now)
            return saved, "assessment.update" if current else "assessment.create", False

        return self._change(assessment.client_id, assessment.id, change)

    def sign_assessment(self, client_id: str, assessment_id: str, by: str) -> Assessment:
        def change(current: Assessment | None, now: datetime) -> tuple[Assessment, str, bool]:
            if current is None:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            if current.is_signed:
                raise SignedError(f"assessment {assessment_id} is already signed")
            saved = evolve(
                current,
                status=SIGNED,
                signed_at=now,
                signed_by=by,
                revision=current.revision + 1,
                updated=now,
            )
            return saved, "assessment.sign", False

        return self._change(client_id, assessment_id, change)

    def amend_assessment(self, client_id: str, assessment_id: str, by: str) -> Assessment:
        """A new draft revision of a signed assessment; the signed one stays readable."""

        def change(current: Assessment | None, now: datetime) -> tuple[Assessment, str, bool]:
            if current is None:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            if not current.is_signed:
                raise StoreError(
                    f"assessment {assessment_id} is a draft: save it, no need to amend"
                )
            saved = evolve(
                current,
                status=DRAFT,
                signed_at=None,
                signed_by=None,
                revision=current.revision + 1,
                amends_revision=current.revision,
                amended_by=by,
                amended_at=now,
                updated=now,
            )
            return saved, "assessment.amend", True

        return self._change(client_id, assessment_id, change)

    def delete_assessment(self, client_id: str, assessment_id: str) -> None:
        with self.locked():
            record, revisions = self._revisions(client_id)
            doomed = [(doc_id, item) for doc_id, item in revisions if item.id == assessment_id]
            if not doomed:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            if any(item.is_signed for _, item in doomed):
                raise SignedError(
                    f"assessment {assessment_id} has a signed revision: a signed record is kept"
                )
            index = self._index()
            rest = [item for _, item in revisions if item.id != assessment_id]
            with self._commit(
                [client_id], [record.storage, *index.storages([client_id])]
            ) as events:
                record.remove([doc_id for doc_id, _ in doomed])
                client = record.client()
                assert client is not None
                index.update([summarize(client, rest)])
                events.append(
                    audit.event(self.clock(), "assessment.delete", assessment_id, client=client_id)
                )

    # ------------------------------------------------------------------ bulk
    def import_records(
        self,
        new: Sequence[tuple[Client, Sequence[Assessment]]] = (),
        added: Sequence[Assessment] = (),
        *,
        action: str = "import",
    ) -> None:
        """Store whole new clients and new assessments of existing ones, all under one lock.

        Values are stored as given (ids, revisions, times). Nothing is written unless every
        client id is free (for `new`) or present (for `added`) and no assessment id is taken.
        """
        by_client: dict[str, list[Assessment]] = {}
        for item in added:
            by_client.setdefault(item.client_id, []).append(item)
        with self.locked():
            plans: list[tuple[RecordFile, Client, list[Assessment], list[Assessment]]] = []
            for client, items in new:
                record = self._record(client.id)
                if record.exists():
                    raise StoreError(f"client {client.id} already exists in this store")
                plans.append((record, client, list(items), []))
            for client_id, items in by_client.items():
                record, revisions = self._revisions(client_id)
                taken = {item.id for _, item in revisions} & {item.id for item in items}
                if taken:
                    raise StoreError(f"assessment {sorted(taken)[0]} already exists")
                owner = record.client()
                assert owner is not None
                plans.append((record, owner, items, [item for _, item in revisions]))
            index = self._index()
            ids = [client.id for _, client, _, _ in plans]
            files = [record.storage for record, *_ in plans] + index.storages(ids)
            with self._commit(ids, files) as events:
                summaries = []
                now = self.clock()
                bulk = len(plans) > BULK_SYNC_AFTER
                for record, client, items, old in plans:
                    record.storage.sync = not bulk
                    record.write_all(client, items)
                    summaries.append(summarize(client, [*old, *items]))
                    if not old:
                        events.append(
                            audit.event(
                                now,
                                f"{action}.client",
                                client.id,
                                client=client.id,
                                revision=client.revision,
                            )
                        )
                    events.extend(
                        audit.event(
                            now,
                            f"{action}.assessment",
                            item.id,
                            client=client.id,
                            revision=item.revision,
                        )
                        for item in items
                    )
                if bulk:
                    os.sync()  # one flush for the whole batch instead of one fsync per file
                index.update(summaries)

    # ------------------------------------------------------------------ drafts and ids
    def save_draft(self, draft: Draft) -> None:
        drafts.save(self.layout.drafts, draft, self.perms)

    def load_draft(self) -> Draft | None:
        return drafts.load(self.layout.drafts)

    def clear_draft(self) -> None:
        drafts.clear(self.layout.drafts)

    def new_id(self, kind: str = "") -> str:
        """A short random id; kind "client" gives "c-...", "assessment" gives "a-..."."""
        return new_random_id(_PREFIXES.get(kind, kind))


def read_json_quiet(path: Path) -> Any:
    """A journal left by a killed writer: its JSON, {"clients": ["*"]} if unreadable."""
    try:
        return read_json(path)
    except StoreError:
        return {"clients": ["*"]}


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
    now = clock or _utc_now
    perms = folder.prepare(layout, shared_group, now)
    repo = TinyRepository(layout, perms, now)
    repo._warnings = folder.permission_warnings(layout, perms)
    with repo.locked():
        for place in layout.locked_folders:
            clean_stale_temps(place)
        clean_stale_temps(layout.drafts, older_than=60.0)
    return repo


__all__ = ["TinyRepository", "new_random_id", "open_store"]
