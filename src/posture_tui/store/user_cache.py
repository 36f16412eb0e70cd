"""Files the store keeps about itself in the user's own cache folder (private; a file in the
shared store could be swapped for a link by anyone who can write there): one per store and
kind, named by the store's real path and creation time, the oldest pruned."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

KEEP_FILES = 40  # per kind: copies of other stores (tests, moved stores) are pruned beyond this


def store_file(kind: str, store_root: Path, created: str, suffix: str) -> Path | None:
    """The file of this kind for this store (a new store at the same path is another store),
    or None when caching is off ($POSTURE_TUI_NO_CACHE, or no cache folder)."""
    from posture_tui.cache_folder import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = f"{os.path.realpath(store_root)}\0{created}".encode()
    return folder / kind / f"{hashlib.sha256(key).hexdigest()[:24]}{suffix}"


def remove(path: Path, companions: tuple[str, ...] = ()) -> None:
    """Delete the file and its companions (SQLite's -wal and -shm), whichever exist."""
    for suffix in ("", *companions):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def prune(folder: Path, pattern: str, companions: tuple[str, ...] = ()) -> None:
    """Keep the KEEP_FILES most recently used files matching `pattern` in the folder."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in found[KEEP_FILES:]:
        remove(old, companions)
