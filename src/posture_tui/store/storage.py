"""Atomic JSON files: temp file in the same folder, fsync, os.replace, fsync of the folder; backups.

`AtomicStorage` follows TinyDB's Storage protocol (read/write/close) without importing tinydb,
so that repository.py stays the only module that does.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from posture_tui.store.errors import StoreError
from posture_tui.store.parsed_files import ParsedFiles
from posture_tui.store.permissions import PRIVATE, Permissions, apply_fd, ensure_dir
from posture_tui.store.safefile import check_depth, create_new, read_bytes

GENERATIONS = 3
"""Versions kept of each file (backup.1 is the newest; of a client file, the current one)."""

TEMP_SUFFIX = ".tmp"
PRE_SUFFIX = ".pre"
"""A file's version before an unfinished write (a hard link the journal names, see core.py)."""


class DamagedFileError(StoreError):
    """A store file that does not parse; the message names it and says how to repair."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path} is damaged ({problem}); run `posture-tui check --repair`")
        self.path = path
        self.problem = problem


def _os_error(action: str, path: Path, error: OSError) -> StoreError:
    reason = error.strerror or errno.errorcode.get(error.errno or 0, "error")
    return StoreError(f"could not {action} {path}: {reason}")


def encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(path: Path, raw: bytes) -> Any:
    """Parsed JSON, or DamagedFileError naming the file and where it breaks."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedFileError(path, f"not UTF-8 text at byte {error.start}") from None
    if not text.strip():
        raise DamagedFileError(path, "empty file")
    check_depth(path, raw)
    try:
        return json.loads(text)
    except RecursionError:  # check_depth lets nothing this deep through; kept as a backstop
        raise DamagedFileError(path, "nested too deeply") from None
    except json.JSONDecodeError as error:
        raise DamagedFileError(
            path, f"not valid JSON at line {error.lineno} column {error.colno}"
        ) from None


def read_json(path: Path) -> Any | None:
    """The parsed file, None if it does not exist (never through a symlink, see safefile)."""
    try:
        raw = read_bytes(path)
    except OSError as error:
        raise _os_error("read", path, error) from None
    return None if raw is None else decode(path, raw)


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_path(backup_dir: Path, name: str, generation: int) -> Path:
    return backup_dir / f"{name}.{generation}"


def _shift(backup_dir: Path, name: str, aside: Path | None) -> None:
    """backup.N to backup.N+1, oldest first; the oldest, which this frees, renamed to `aside`
    when given (the journal's pre-image of it: freed at the commit, put back by a rollback)."""
    for generation in range(GENERATIONS - 1, 0, -1):
        older = backup_path(backup_dir, name, generation)
        if os.path.lexists(older):
            oldest = backup_path(backup_dir, name, generation + 1)
            if aside is not None and generation == GENERATIONS - 1 and os.path.lexists(oldest):
                os.replace(oldest, aside)
            os.replace(older, oldest)


def rotate_backups(
    path: Path, backup_dir: Path, perms: Permissions | None = None, aside: Path | None = None
) -> None:
    """Shift backup.N to backup.N+1 and keep the current file as backup.1 (a hard link: cheap)."""
    if not path.exists():
        return
    if not backup_dir.is_dir():  # removed by hand: recreate rather than refuse to save
        ensure_dir(backup_dir, perms or PRIVATE)
    _shift(backup_dir, path.name, aside)
    newest = backup_path(backup_dir, path.name, 1)
    try:
        os.link(path, newest, follow_symlinks=False)
    except FileExistsError:
        os.unlink(newest)
        os.link(path, newest, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        shutil.copy2(path, newest, follow_symlinks=False)


def keep_newest(
    path: Path,
    data: bytes,
    backup_dir: Path,
    perms: Permissions,
    *,
    shift: bool = True,
    sync: bool = True,
    aside: Path | None = None,
) -> None:
    """Write `data`, just written to `path`, as its backup.1, shifting older ones first.

    A copy, not a hard link: damage written into the file in place never reaches its backup,
    and the newest backup always holds the newest save.
    """
    newest = backup_path(backup_dir, path.name, 1)
    try:
        if not backup_dir.is_dir():  # removed by hand: recreate rather than refuse to save
            ensure_dir(backup_dir, perms)
        if shift:
            _shift(backup_dir, path.name, aside)
    except OSError as error:
        raise _os_error("write", newest, error) from None
    write_bytes(newest, data, perms, sync=sync)


def preimage_path(path: Path) -> Path:
    """Where a write keeps `path` as it was, until the write is committed or rolled back."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{PRE_SUFFIX}")


def preimage_target(pre: Path) -> Path | None:
    """The file a pre-image belongs to (None if the name is not one of preimage_path's)."""
    name = pre.name
    if not (name.startswith(".") and name.endswith(PRE_SUFFIX)):
        return None
    stem, _, token = name[1 : -len(PRE_SUFFIX)].rpartition(".")
    if len(token) != 8 or not stem or stem in (".", ".."):
        return None
    return pre.with_name(stem)


def write_bytes(
    path: Path,
    data: bytes,
    perms: Permissions,
    *,
    backup_dir: Path | None = None,
    sync: bool = True,
) -> None:
    """Replace `path` with `data` atomically; the old file survives any failure intact."""
    temp = temp_path(path)
    try:
        fd = create_new(temp, perms.file_mode & 0o777)
        try:
            apply_fd(fd, perms)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        if backup_dir is not None:
            rotate_backups(path, backup_dir, perms)
        os.replace(temp, path)
        if sync:
            fsync_dir(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise _os_error("write", path, error) from None


def write_json(path: Path, data: Any, perms: Permissions, **options: Any) -> None:
    write_bytes(path, encode(data), perms, **options)


def has_temps(folder: Path) -> bool:
    """Whether a writer's temp file is in the folder (one in progress, or left by a kill)."""
    try:
        with os.scandir(folder) as entries:
            return any(
                entry.name.startswith(".") and entry.name.endswith((TEMP_SUFFIX, PRE_SUFFIX))
                for entry in entries
            )
    except FileNotFoundError:
        return False


def clean_stale_temps(folder: Path, older_than: float = 0.0) -> list[Path]:
    """Remove temp files a killed writer left behind (older than `older_than` seconds).

    Also the pre-images of a committed write (recovery puts those of an unfinished one back
    before it cleans).
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith((TEMP_SUFFIX, PRE_SUFFIX))):
            continue
        try:
            if older_than and now - entry.stat().st_mtime < older_than:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


class AtomicStorage:
    """TinyDB storage on one JSON file: reads once per operation, writes atomically."""

    def __init__(
        self,
        path: Path,
        perms: Permissions,
        backup_dir: Path | None = None,
        *,
        newest_backup: bool = False,
    ) -> None:
        self.path = path
        self.perms = perms
        self.backup_dir = backup_dir
        # backup.1 a copy of each new version (client files), else a link to the previous one
        self.newest_backup = newest_backup
        self._data: dict[str, Any] | None = None
        self.loaded = False  # the bytes were read (kept in `previous`)
        self._parsed = False  # and parsed into `_data` (or written from it)
        self.written = False
        self.previous: bytes | None = None  # the file before our first write, for rollback
        self.sync = True  # bulk writers turn this off and sync the whole file system once
        # What its owner already parsed and checked, for these exact bytes (else None): the
        # index shards a process keeps (repository.py) are not parsed again
        self.known: Callable[[bytes], dict[str, Any] | None] | None = None
        # Or a memo of the files this process last wrote, checked against the bytes read
        self.memo: ParsedFiles | None = None
        # Where the journal of the write in progress keeps the oldest backup (journal.Rotation)
        self.aside: Path | None = None

    def read_raw(self) -> bytes | None:
        """The file's bytes as this operation first found them (None: no file), kept for a
        rollback; read once, never parsed here."""
        if not self.loaded:
            try:
                self.previous = read_bytes(self.path)
            except OSError as error:
                raise _os_error("read", self.path, error) from None
            self.loaded = True
        return self.previous

    def read(self) -> dict[str, Any] | None:
        if not self._parsed:
            raw = self.read_raw()
            known = self.known(raw) if self.known is not None and raw is not None else None
            if known is None and self.memo is not None and raw is not None:
                known = self.memo.get(self.path, raw)
            data = known if known is not None else None if raw is None else decode(self.path, raw)
            if data is not None and (
                not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values())
            ):
                raise DamagedFileError(self.path, "not a table file")
            self._data = data
            self._parsed = True
        # TinyDB mutates what it reads before writing it back; hand out a shallow copy per table.
        if self._data is None:
            return None
        return {name: dict(table) for name, table in self._data.items()}

    def write(self, data: dict[str, Any]) -> None:
        self.write_encoded(data, encode(data))

    def write_encoded(self, data: dict[str, Any], raw: bytes) -> None:
        """Write `data`, given already encoded as `raw` (what encode(data) gives)."""
        self.read_raw()  # keep the old bytes for a rollback, even when they do not parse
        first = not self.written  # backups shift once per operation, however many writes
        self.written = True  # even a failed write may have replaced the file: roll it back too
        if self.newest_backup and self.backup_dir is not None:
            write_bytes(self.path, raw, self.perms, sync=self.sync)
            keep_newest(
                self.path,
                raw,
                self.backup_dir,
                self.perms,
                shift=first,
                sync=self.sync,
                aside=self.aside,
            )
        else:
            backups = self.backup_dir if first else None
            write_bytes(self.path, raw, self.perms, backup_dir=backups, sync=self.sync)
        self._data = data
        self._parsed = True
        if self.memo is not None:
            self.memo.put(self.path, raw, data)

    def close(self) -> None:
        self._data = None
        self.loaded = False
        self._parsed = False
