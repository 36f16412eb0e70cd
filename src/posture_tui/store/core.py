"""The store's engine room: lock, journal, recovery, rollback, audit, clients, search, drafts.

Storage-neutral: it works on the RecordTable and IndexTable protocols (tables.py); the TinyDB
files that implement them live in repository.py, the only module that imports tinydb.
"""

from __future__ import annotations

import base64
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import evolve

from posture_tui.domain.photos import PHOTO_SUFFIXES, SHA256, photo_file_name
from posture_tui.store import audit, codec, drafts, folder, journal
from posture_tui.store.api import ClientPage, ClientSummary
from posture_tui.store.client_cache import CACHE_FORMAT, ClientCache
from posture_tui.store.client_query import fingerprint, shard_signature
from posture_tui.store.errors import ConflictError, NotFoundError, StoreError
from posture_tui.store.layout import Layout, check_id
from posture_tui.store.permissions import Permissions
from posture_tui.store.photo_files import client_photos, remove_files, write_photo
from posture_tui.store.search import SearchRow, recent_first, row
from posture_tui.store.search import search as find_rows
from posture_tui.store.storage import (
    AtomicStorage,
    clean_stale_temps,
    read_json,
    write_json,
)
from posture_tui.store.summary import summarize
from posture_tui.store.tables import IndexTable, RecordTable
from posture_tui.store.user_cache import store_file

if TYPE_CHECKING:
    import filelock

    from posture_tui.domain.records import Client, Draft

LOCK_TIMEOUT = 30.0


def seen(summary: ClientSummary) -> float:
    """A client list's order: most recently seen (assessed) or changed first."""
    moment = summary.last_assessed or summary.updated
    return moment.timestamp() if moment is not None else 0.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_random_id(prefix: str = "") -> str:
    """10 random base32 characters (50 bits): unique across processes without coordination."""
    token = base64.b32encode(secrets.token_bytes(10)).decode("ascii")[:10].lower()
    return f"{prefix}-{token}" if prefix else token


_PREFIXES = {"client": "c", "c": "c", "assessment": "a", "a": "a", "": ""}


class StoreCore:
    """Everything of the repository but the file format (see TinyRepository)."""

    def __init__(self, layout: Layout, perms: Permissions, clock: Callable[[], datetime]) -> None:
        self.layout = layout
        self.perms = perms
        self.clock = clock
        self.lock_timeout = LOCK_TIMEOUT
        self._lock: filelock.FileLock | None = None  # made on the first write (reads never lock)
        self._warnings: list[str] = []
        self._index_paths = [str(path) for path in layout.index_files]
        self._shards: dict[int, tuple[tuple[int, ...], list[SearchRow]]] = {}
        self._merged: tuple[list[tuple[int, ...] | None], list[SearchRow]] | None = None
        self._cache: ClientCache | bool | None = None  # None: not looked for yet; False: none

    # ------------------------------------------------------------------ plumbing
    @property
    def path(self) -> Path:
        return self.layout.root

    def permission_warnings(self) -> list[str]:
        """One line per store folder or file others can read, each saying how to fix it."""
        return list(self._warnings)

    def check_permissions(self) -> list[str]:
        """Look again at the folders and top-level files (done once when the store opens)."""
        self._warnings = folder.permission_warnings(self.layout, self.perms)
        return self.permission_warnings()

    def _record(self, client_id: str) -> RecordTable:
        raise NotImplementedError  # the storage layer (repository.py) provides it

    def _index(self) -> IndexTable:
        raise NotImplementedError

    @contextmanager
    def locked(self, *, recover: bool = True) -> Iterator[None]:
        """Hold the store lock (finishing any interrupted write first, unless told not to)."""
        import filelock  # about 10 ms to import: start-up only reads, so only writers pay it

        if self._lock is None:
            self._lock = filelock.FileLock(
                self.layout.lock,
                mode=self.perms.file_mode & 0o777,
                poll_interval=0.002,
                preserve_lock_file=True,
            )
        # filelock opens with O_NOFOLLOW too; this refuses a symlink or FIFO with a clear line
        folder.ensure_lock(self.layout.lock, self.perms)
        try:
            self._lock.acquire(timeout=self.lock_timeout)
        except filelock.Timeout:
            raise StoreError(
                f"the store {self.layout.root} is busy: another session has held "
                f"{self.layout.lock.name} for {self.lock_timeout:g} s; try again"
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
        """Undo a write that failed or was killed before its commit (see journal.py).

        A journal of this version lists every file with its pre-image: each is put back, so a
        write that was never acknowledged is never replayed. An older journal (client ids
        only) or an index rebuild (`*`) is finished forward: the index brought up to the files.
        """
        try:
            data = read_json(self.layout.journal)
        except StoreError:
            data = {"files": None}  # damaged: handled below like a plan that does not read
        if data is None:
            return
        plan = journal.load(self.layout, data)
        if plan is not None:
            self._roll_back(plan)
            return
        if not isinstance(data, dict) or "files" in data:
            journal.restore_orphans(self.layout)  # a damaged journal: put back what is known
            data = {"clients": ["*"]}
        for place in self.layout.locked_folders:
            clean_stale_temps(place)
        ids = data.get("clients") if isinstance(data, dict) else None
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
        # if this is interrupted, the next writer (or open) starts the rebuild again
        write_json(self.layout.journal, {"clients": ["*"]}, self.perms)
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
        self.layout.journal.unlink(missing_ok=True)
        return len(summaries)

    def _roll_back(self, plan: journal.Plan) -> None:
        """Put back the files of an unfinished write (caller holds the lock)."""
        if not journal.undo(self.layout, plan):
            raise StoreError(
                f"could not undo an unfinished write in {self.layout.root} (a file could not "
                "be put back); run `posture-tui check --repair`"
            )
        for place in self.layout.locked_folders:
            clean_stale_temps(place)
        now = self.clock()
        events = [audit.event(now, "store.rollback", cid, client=cid) for cid in plan.clients]
        with suppress(StoreError):  # the files are back; a full disk may refuse this line
            audit.append(self.layout.audit, events, self.perms)
        journal.clear(self.layout)

    @contextmanager
    def _commit(
        self, client_ids: Sequence[str], files: list[AtomicStorage], extra: Sequence[Path] = ()
    ) -> Iterator[list[Any]]:
        """Journal, then the writes of the block, the audit events it collects, the commit.
        `extra`: other files the block may remove or create (a visit's photos).

        If anything fails before the commit, every file is put back as it was (journal.py)
        and the error raised: the write did not happen, and nothing replays it later.
        """
        for storage in files:
            storage.read()  # a damaged file stops the write here, before anything changes
        paths: list[Path] = []
        rotations: list[journal.Rotation] = []
        for storage in files:
            paths.append(storage.path)
            if storage.backup_dir is not None:
                rotation = journal.rotation(storage.backup_dir, storage.path.name)
                rotations.append(rotation)
                storage.aside = rotation.aside
        plan = journal.plan(self.layout, client_ids, [*paths, *extra], rotations)
        journal.begin(self.layout, plan, self.perms)
        events: list[dict[str, Any]] = []
        try:
            yield events
            audit.append(self.layout.audit, events, self.perms)
            journal.commit(self.layout)
        except StoreError as error:
            if journal.abandon(self.layout, plan):
                raise
            raise StoreError(f"{error}; the next command puts the store back as it was") from None
        except BaseException:
            journal.abandon(self.layout, plan)
            raise
        finally:
            for storage in files:
                storage.aside = None
        journal.finish(plan)

    # ------------------------------------------------------------------ clients
    def client_page(self, search: str = "", limit: int | None = None) -> ClientPage:
        """The clients matching `search` most recently seen first (the first `limit`), with
        how many match and how many there are: from the SQLite copy of the index in the user
        cache (its cost does not grow with the store), else read from the shards."""
        cache = self._client_cache()
        if cache is not None:
            signatures = [shard_signature(path) for path in self._index_paths]
            try:
                cache.sync(signatures, lambda shard: self._index().shard_summaries(shard).values())
                return cache.page(search, limit)
            except sqlite3.OperationalError:
                pass  # busy (another session syncing it) or locked: the shards answer this once
            except (sqlite3.Error, OSError):
                self._cache = False  # a cache that cannot work here: the shards answer
        every = sorted(self.list_clients(), key=seen, reverse=True)
        found = sorted(self.list_clients(search), key=seen, reverse=True) if search else every
        shown = found if limit is None else found[:limit]
        return ClientPage(tuple(shown), len(found), len(every))

    def prepare_quick_list(self) -> None:
        """Let the next `posture-tui clients` answer from the index copy alone (quick_list.py)
        while nothing in the store changes: the signatures of the store folder, its folders,
        top-level files and index shards are noted, taken before the copy is brought up to date.
        A store with something to warn of is never answered that way."""
        cache = self._client_cache()
        if cache is None:
            return
        with suppress(sqlite3.Error, OSError, StoreError):
            if self._warnings:
                cache.forget_opened()
                return
            root = str(self.layout.root)
            names = [os.path.relpath(path, root) for path in self.layout.quick_list_paths]
            noted = fingerprint(root, ["", *names])
            signatures = [shard_signature(path) for path in self._index_paths]
            cache.sync(signatures, lambda shard: self._index().shard_summaries(shard).values())
            cache.note_opened(noted)

    def _client_cache(self) -> ClientCache | None:
        if self._cache is None:
            from posture_tui.store.folder import read_meta

            meta = read_meta(self.layout)
            # as store.json holds it, so quick_list.py finds the copy without parsing the time
            key = f"{CACHE_FORMAT}\0{meta.created.isoformat()}" if meta is not None else ""
            path = store_file("clients", self.layout.root, key, ".sqlite") if key else None
            self._cache = ClientCache(path) if path is not None else False
        return self._cache if isinstance(self._cache, ClientCache) else None

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
                cached = (key, [row(item) for item in index.shard_summaries(shard).values()])
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

    def delete_client(
        self, client_id: str, *, only_synthetic: bool = False, action: str = "client.delete"
    ) -> None:
        """Delete a client's record; `only_synthetic` refuses (StoreError) a real client, read
        from the record itself under the lock, never from the index row."""
        record = self._record(client_id)
        with self.locked():
            client = record.client()
            if client is None:
                raise NotFoundError(f"no client {client_id} in this store")
            if only_synthetic and not client.synthetic:
                raise StoreError(f"client {client_id} is not a demo client; left as it was")
            index = self._index()
            photos = client_photos(self.layout, client_id)
            with self._commit(
                [client_id], [record.storage, *index.storages([client_id])], photos
            ) as events:
                record.delete()
                remove_files(photos)
                index.update(drop=[client_id])
                events.append(audit.event(self.clock(), action, client_id, client=client_id))

    def photo_path(self, client_id: str, sha256: str, suffix: str) -> Path:
        """Where a kept photo is; StoreError for a digest or suffix no photo has (a path is
        never made of anything else)."""
        if not SHA256.fullmatch(sha256) or suffix not in PHOTO_SUFFIXES:
            raise StoreError("not a kept photo's digest and suffix")
        name = photo_file_name(check_id(client_id, "client id"), sha256, suffix)
        return self.layout.photos / name

    def store_photo(
        self, client_id: str, data: bytes, suffix: str, *, new_client: bool = False
    ) -> str:
        """Keep a photo of the client before a save names it (photo_files.py); its SHA-256.
        A photo no save names is a leftover `check` reports and `check --repair` removes.
        `new_client`: for an import, whose client is stored after its photos."""
        check_id(client_id, "client id")
        with self.locked():
            if not new_client and self._record(client_id).client() is None:
                raise NotFoundError(f"no client {client_id} in this store")
            try:
                return write_photo(self.layout, self.perms, client_id, data, suffix)
            except OSError as error:
                raise StoreError(
                    f"could not write {self.layout.photos}: {error.strerror}"
                ) from None

    def saved_by(self, record_id: str, revision: int) -> tuple[str, datetime] | None:
        """The login that saved that revision of a record and when (from the audit trail,
        which holds no health data); None when the trail does not say."""
        return audit.last_save(self.layout.audit, record_id, revision)

    # ------------------------------------------------------------------ drafts and ids
    def save_draft(self, draft: Draft) -> None:
        """Keep `draft` under its id: another id's draft is never replaced."""
        drafts.save(self.layout.drafts, draft, self.perms)

    def load_draft(self, draft_id: str | None = None) -> Draft | None:
        """The draft `draft_id` of this login; without an id, the newest one (or None).
        Raises DamagedFileError for a draft file that does not read."""
        if draft_id is not None:
            return drafts.load(self.layout.drafts, draft_id)
        found, problems = drafts.load_all(self.layout.drafts)
        if problems:
            raise StoreError(problems[0])
        return found[0] if found else None

    def list_drafts(self) -> tuple[list[Draft], list[str]]:
        """Every draft of this login, newest first, and one line per draft that does not read."""
        return drafts.load_all(self.layout.drafts)

    def clear_draft(self, draft_id: str = "") -> None:
        """Remove this login's draft `draft_id` (nothing if it is gone already)."""
        drafts.clear(self.layout.drafts, draft_id)

    def has_drafts(self) -> bool:
        """Whether any draft (of any login) is kept in the store."""
        try:
            with os.scandir(self.layout.drafts) as entries:
                return any(e.name.endswith(".json") and not e.name.startswith(".") for e in entries)
        except OSError:
            return False

    def new_id(self, kind: str = "") -> str:
        """A short random id; kind "client" gives "c-...", "assessment" gives "a-..."."""
        return new_random_id(_PREFIXES.get(kind, kind))


def read_json_quiet(path: Path) -> Any:
    """A journal left by a killed writer: its JSON, {"clients": ["*"]} if unreadable."""
    try:
        return read_json(path)
    except StoreError:
        return {"clients": ["*"]}
