"""`posture-tui clients` from the SQLite copy of the index alone while nothing in the store changed.

Opening a store imports TinyDB, attrs and the record code, which took longer than the search
itself. The last full `clients` noted the signature of every path opening the store looks at
(client_cache.ClientCache.note_opened, taken before the copy was brought up to date, and only
when there was nothing to warn of). While each of them is unchanged, an open would find what it
found then and the copy holds what the shards hold, so the copy answers here. Anything else (a
save since, a changed mode, an interrupted write, no copy, caching off, anything unreadable) is
None, and the caller opens the store the full way.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from posture_tui.store.client_query import CACHE_FORMAT, RawPage, fingerprint, query_page
from posture_tui.store.user_cache import store_file

_META_LIMIT = 64 * 1024  # store.json is a few hundred bytes
_MAP_BYTES = 256 * 1024 * 1024  # the copy is about 60 MB at 100,000 clients


def quick_page(root: Path, query: str) -> RawPage | None:
    """Every client matching `query`, most recently seen first (the total is not counted),
    or None (open it fully)."""
    try:
        created = _created(root)
        path = store_file("clients", root, f"{CACHE_FORMAT}\0{created}", ".sqlite")
        if path is None or not path.is_file():
            return None
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        try:
            db.execute(f"PRAGMA mmap_size={_MAP_BYTES}")  # pages straight from the OS cache
            noted = dict(db.execute("SELECT path, signature FROM opened").fetchall())
            if not noted or fingerprint(str(root), list(noted)) != noted:
                return None
            return query_page(db, query, None, with_total=False)
        finally:
            db.close()
    except (OSError, ValueError, TypeError, KeyError, sqlite3.Error):
        return None


def _created(root: Path) -> str:
    """The store's creation time as the copy's name holds it (as stored: ISO 8601)."""
    fd = os.open(root / "store.json", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as stream:
        raw = stream.read(_META_LIMIT + 1)
    if len(raw) > _META_LIMIT:
        raise ValueError("store.json is too large")
    created = json.loads(raw)["created"]
    if not isinstance(created, str):
        raise TypeError("created is not text")
    return created
