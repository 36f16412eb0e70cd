"""SHA-256 digests of store files, read on several threads: what a full `check` compares."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK | os.O_CLOEXEC
# Reading and hashing both let other threads run (hashlib frees the GIL on large buffers), so
# a few threads keep the disk and every core busy.
_THREADS = min(8, 2 * (os.cpu_count() or 1))


def digest(path: Path) -> str | None:
    """The hex SHA-256 of a regular file's bytes, or None (gone, a link, unreadable)."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def digest_files(root: Path, names: Iterable[str]) -> dict[str, str]:
    """The digest of each named file under `root` that could be read."""
    listed = list(names)
    if not listed:
        return {}
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        found = pool.map(digest, (root / name for name in listed), chunksize=64)
        return {name: value for name, value in zip(listed, found, strict=True) if value}
