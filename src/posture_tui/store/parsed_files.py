"""The record files this process last wrote or parsed, kept parsed for their exact bytes.

A save reads the client's file again under the lock; when its bytes are those this process
last wrote, the parse (and its depth check) of a file that grows with every revision is
skipped. The bytes are always read and compared, so another session's save in between, a
rollback or a file changed by hand is parsed again: nothing here outlives the bytes it was
made from.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any


class ParsedFiles:
    """The few most recent (path, bytes, tables) a process read or wrote."""

    def __init__(self, keep: int = 4) -> None:
        self._keep = keep
        self._held: dict[Path, tuple[bytes, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, path: Path, raw: bytes) -> dict[str, Any] | None:
        """The tables parsed from exactly these bytes, or None. Each table and each document
        is a copy (TinyDB updates a document in place before it writes): what is kept stays
        what the bytes say even if that write then fails."""
        with self._lock:
            held = self._held.get(path)
        if held is None or held[0] != raw:
            return None
        return _copied(held[1])

    def put(self, path: Path, raw: bytes, tables: dict[str, Any]) -> None:
        """Keep `tables`, which `raw` encodes; the oldest entry goes beyond `keep`."""
        kept = _copied(tables)
        with self._lock:
            self._held.pop(path, None)
            self._held[path] = (raw, kept)
            while len(self._held) > self._keep:
                del self._held[next(iter(self._held))]

    def forget(self, path: Path) -> None:
        with self._lock:
            self._held.pop(path, None)


def _copied(tables: dict[str, Any]) -> dict[str, Any]:
    """Each table and each document a shallow copy (TinyDB changes only their top level)."""
    return {
        name: {key: dict(doc) if isinstance(doc, dict) else doc for key, doc in table.items()}
        for name, table in tables.items()
    }
