"""A derived copy of the client index in SQLite, so the list and search cost the same at
100,000 clients as at 2,000.

The index shards stay the record of truth. This copy lives in the user's own cache folder
(private: a file in the shared store could be swapped for a link by anyone who can write
there), one file per store. It holds a row per client with its folded search text, its sort
keys, and the signature (inode, size, times) of the shard file the row came from. Before a
listing it compares the 256 shards' signatures and reloads only the shards that changed, so a
colleague's save shows at the next listing. Searching uses a trigram index for words of three
letters or more, so a rare name is found without reading every row; shorter words are tested
on the rows found. A copy that cannot be read is deleted and rebuilt: it never holds anything
the shards do not.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from posture_tui.store.api import ClientPage, ClientSummary
from posture_tui.store.client_query import CACHE_FORMAT as CACHE_FORMAT
from posture_tui.store.client_query import Row, Signature, letters_of, query_page
from posture_tui.store.search import date_forms, fold
from posture_tui.store.user_cache import prune, remove

SQLITE_COMPANIONS = ("-wal", "-shm")
SEPARATOR = "\x1f"  # between the name and the birth-date forms; never in a stored name


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class ClientCache:
    """The SQLite copy of one store's client index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self.lock = threading.Lock()  # the list on screen and a worker thread may both ask
        # The shard signatures this connection last found in the copy, and the copy's
        # data_version then: while no other connection has written, a keystroke compares the
        # shards' signatures with these instead of reading and formatting 256 rows.
        self._confirmed: dict[int, Signature] = {}
        self._version: int | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fresh = not self.path.exists()
        if fresh:
            prune(self.path.parent, "*.sqlite", SQLITE_COMPANIONS)
            # created private before SQLite opens it (health data: names and birth dates)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        # one connection for the process; its calls are serialised by self.lock
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            self._create(db)
        except sqlite3.DatabaseError:
            db.close()
            self._discard()
            return self._connect()
        self._db = db
        return db

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS shards (shard INTEGER PRIMARY KEY, signature TEXT);
            CREATE TABLE IF NOT EXISTS opened (path TEXT PRIMARY KEY, signature TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS clients (
                rowid INTEGER PRIMARY KEY,
                id TEXT UNIQUE NOT NULL,
                shard INTEGER NOT NULL,
                hay TEXT NOT NULL,
                letters TEXT NOT NULL,
                seen REAL NOT NULL,
                changed REAL NOT NULL,
                tie TEXT NOT NULL,
                name TEXT NOT NULL,
                birth TEXT,
                assessments INTEGER NOT NULL,
                last_assessed TEXT,
                updated TEXT,
                synthetic INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS clients_order ON clients (seen DESC, changed DESC, tie);
            CREATE INDEX IF NOT EXISTS clients_shard ON clients (shard);
            CREATE INDEX IF NOT EXISTS clients_hay ON clients (hay);
            CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5 (
                hay, letters, content='clients', content_rowid='rowid', tokenize='trigram'
            );
            CREATE TRIGGER IF NOT EXISTS clients_in AFTER INSERT ON clients BEGIN
                INSERT INTO words (rowid, hay, letters) VALUES (new.rowid, new.hay, new.letters);
            END;
            CREATE TRIGGER IF NOT EXISTS clients_out AFTER DELETE ON clients BEGIN
                INSERT INTO words (words, rowid, hay, letters)
                VALUES ('delete', old.rowid, old.hay, old.letters);
            END;
            """
        )

    def _discard(self) -> None:
        remove(self.path, SQLITE_COMPANIONS)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._confirmed, self._version = {}, None

    def sync(
        self,
        signatures: list[Signature],
        read_shard: Callable[[int], Iterable[ClientSummary]],
    ) -> None:
        """Reload every shard whose file changed since it was copied (none: nothing read)."""
        with self.lock:
            try:
                self._sync(signatures, read_shard)
            except sqlite3.DatabaseError:  # damaged or not ours: start again from the shards
                self.close()
                self._discard()
                self._sync(signatures, read_shard)

    def _sync(
        self,
        signatures: list[Signature],
        read_shard: Callable[[int], Iterable[ClientSummary]],
    ) -> None:
        db = self._connect()
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:  # another process (or session) wrote the copy
            self._confirmed, self._version = {}, version
        confirmed = self._confirmed
        if all(confirmed.get(n) == signature for n, signature in enumerate(signatures)):
            return
        held = dict(db.execute("SELECT shard, signature FROM shards").fetchall())
        stale = []
        for shard, signature in enumerate(signatures):
            if held.get(shard) == repr(signature):
                confirmed[shard] = signature
            else:
                stale.append(shard)
        if not stale:
            return
        fresh = {shard: list(read_shard(shard)) for shard in stale}  # may raise: nothing changed
        db.execute("BEGIN IMMEDIATE")
        try:
            for shard, summaries in fresh.items():
                db.execute("DELETE FROM clients WHERE shard = ?", (shard,))
                db.executemany(
                    "INSERT OR REPLACE INTO clients (id, shard, hay, letters, seen, changed,"
                    " tie, name, birth, assessments, last_assessed, updated, synthetic)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [_row(shard, summary) for summary in summaries],
                )
                db.execute(
                    "INSERT OR REPLACE INTO shards (shard, signature) VALUES (?, ?)",
                    (shard, repr(signatures[shard])),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        for shard in stale:  # our own commit leaves data_version as it was
            confirmed[shard] = signatures[shard]

    def page(self, query: str, limit: int | None) -> ClientPage:
        """Clients whose name or birth date holds every word of `query`, most recently seen
        first (the first `limit`, all if None), with the count of matches and of clients."""
        with self.lock:
            try:
                return self._page(query, limit)
            except sqlite3.OperationalError:
                raise  # busy or locked: nothing wrong with the copy itself
            except sqlite3.DatabaseError:
                self.close()
                self._discard()
                raise

    def _page(self, query: str, limit: int | None) -> ClientPage:
        found = query_page(self._connect(), query, limit)
        rows = tuple(_summary(row) for row in found.rows)
        return ClientPage(rows, found.matched, found.total, more=found.more)

    def note_opened(self, fingerprint: dict[str, str]) -> None:
        """Remember the store as a full open found it with nothing to warn of: quick_list.py
        answers from this copy while every path still has the signature given here."""
        with self.lock:
            db = self._connect()
            if dict(db.execute("SELECT path, signature FROM opened").fetchall()) == fingerprint:
                return  # as noted already: no write
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM opened")
                db.executemany("INSERT INTO opened VALUES (?, ?)", fingerprint.items())
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def forget_opened(self) -> None:
        """The store was opened with something to warn of: the quick path must not answer."""
        with self.lock:
            self._connect().execute("DELETE FROM opened")


def _row(shard: int, s: ClientSummary) -> tuple[object, ...]:
    seen = s.last_assessed or s.updated
    hay = f"{fold(s.name)}{SEPARATOR}{date_forms(s.birth_date)}"
    return (
        s.id,
        shard,
        hay,
        letters_of(hay),
        _stamp(seen),
        _stamp(s.updated),
        s.name.casefold(),
        s.name,
        _iso(s.birth_date),
        s.assessments,
        _iso(s.last_assessed),
        _iso(s.updated),
        int(s.synthetic),
    )


def _summary(row: Row) -> ClientSummary:
    name, client_id, birth, assessments, last, updated, synthetic = row
    return ClientSummary(
        id=str(client_id),
        name=str(name),
        birth_date=date.fromisoformat(str(birth)) if birth else None,
        assessments=int(str(assessments)),
        last_assessed=datetime.fromisoformat(str(last)) if last else None,
        updated=datetime.fromisoformat(str(updated)) if updated else None,
        synthetic=bool(synthetic),
    )
