"""The audit trail: an append-only file of one JSON line per change, holding no health data."""

from __future__ import annotations

import json
import os
import pwd
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from posture_tui.store.errors import StoreError
from posture_tui.store.permissions import Permissions, apply_fd
from posture_tui.store.safefile import MAX_LOG_BYTES, open_regular, read_bytes

# Fields that change on every save and say nothing about what the therapist changed.
_BOOKKEEPING = frozenset({"revision", "updated", "schema_version"})


def os_user() -> str:
    """The login name of the process owner (from the password database, not $USER)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid{os.getuid()}"


def changed_fields(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[str]:
    """Names (never values) of the top-level fields that differ."""
    keys = set(new) | set(old or {})
    return sorted(
        key
        for key in keys
        if key not in _BOOKKEEPING and (old is None or old.get(key) != new.get(key))
    )


def event(
    when: datetime,
    action: str,
    record: str,
    *,
    client: str | None = None,
    revision: int | None = None,
    fields: Iterable[str] = (),
) -> dict[str, Any]:
    """One audit event. Only ids, field names and who/when: no names, notes or findings."""
    return {
        "time": when.isoformat(),
        "user": os_user(),
        "uid": os.getuid(),
        "action": action,
        "record": record,
        "client": client,
        "revision": revision,
        "fields": list(fields),
    }


def append(path: Path, events: list[dict[str, Any]], perms: Permissions) -> None:
    """Append events in one write and fsync; existing lines are never rewritten.

    Never through a symlink and never into a FIFO or device (RefusedFileError).
    """
    if not events:
        return
    data = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in events)
    try:
        fd = open_regular(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, perms.file_mode & 0o777)
        try:
            if os.fstat(fd).st_size == 0:
                apply_fd(fd, perms)
            view = memoryview(data.encode("utf-8"))
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise StoreError(f"could not write {path}: {error.strerror}") from None


def read(path: Path, start: int = 0) -> list[dict[str, Any]]:
    """Every event, oldest first; StoreError naming the file and line if one is damaged.
    From `start` (a byte offset at the end of a line), only the events written after it."""
    try:
        raw = read_bytes(path, MAX_LOG_BYTES)
    except OSError as error:
        raise StoreError(f"could not read {path}: {error.strerror}") from None
    if raw is None:
        return []
    if start and (start > len(raw) or raw[start - 1 : start] != b"\n"):
        start = 0  # not the end of a line: the log is not the one remembered, read it all
    before = raw.count(b"\n", 0, start)
    events = []
    lines = raw[start:].split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        raise StoreError(f"{path} is damaged (line {before + len(lines)} is cut short)")
    for number, line in enumerate(lines, before + 1):
        try:
            item = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            item = None
        if not isinstance(item, dict) or not {"time", "user", "action", "record"} <= set(item):
            raise StoreError(f"{path} is damaged (line {number} is not an audit event)")
        events.append(item)
    return events


TAIL_BYTES = 256 * 1024


def last_save(path: Path, record: str, revision: int) -> tuple[str, datetime] | None:
    """Who saved `revision` of `record` and when, from the end of the log; None if not found.

    Reads at most the last TAIL_BYTES (a save being looked up is recent) and never fails: a
    log that cannot be read or a damaged line only means the answer is not known.
    """
    try:
        fd = open_regular(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        start = max(0, size - TAIL_BYTES)
        raw = os.pread(fd, size - start, start)
    except OSError:
        return None
    finally:
        os.close(fd)
    for line in reversed(raw.split(b"\n")):
        try:
            item = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            continue
        if (
            isinstance(item, dict)
            and item.get("record") == record
            and item.get("revision") == revision
            and isinstance(item.get("user"), str)
        ):
            try:
                return item["user"], datetime.fromisoformat(str(item.get("time")))
            except ValueError:
                return None
    return None
