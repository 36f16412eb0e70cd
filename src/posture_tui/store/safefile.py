"""Touching store files safely: never through a symlink, never a FIFO, device or folder.

Every file the store reads, creates, appends to or changes the mode of goes through here:
`O_NOFOLLOW` (a symlink is refused, not followed), `O_NONBLOCK` (a FIFO never hangs an open),
an `lstat` before the open (a device is never opened at all) and an `fstat` after it (the file
opened is the regular file that was looked at). Reads stop at a size limit and JSON documents
at a nesting limit, so a file can neither exhaust memory nor the interpreter's stack.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from posture_tui.store.errors import StoreError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest store file read (64 MiB): a client with a thousand visits is a few MiB."""

MAX_LOG_BYTES = 1024 * 1024 * 1024
"""Largest audit log read by `check` and `audit` (1 GiB: millions of events)."""

MAX_DEPTH = 200
"""Deepest JSON nesting read; store documents are under ten levels deep."""

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class RefusedFileError(StoreError):
    """A store path that is not a regular file, or too large or too deeply nested to read."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path} {problem}; run `posture-tui check --repair` to move it aside")
        self.path = path
        self.problem = problem


def describe(mode: int) -> str | None:
    """What is wrong with an entry where a regular file belongs (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "is a symlink (the store never follows one)"
    if stat.S_ISFIFO(mode):
        return "is a FIFO, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISDIR(mode):
        return "is a folder where a file belongs"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def describe_folder(mode: int) -> str | None:
    """What is wrong with an entry where a store folder belongs (None for a folder)."""
    if stat.S_ISDIR(mode):
        return None
    if stat.S_ISREG(mode):
        return "is a file where a folder belongs"
    return describe(mode)


def problem_at(path: Path | str) -> str | None:
    """What is wrong at a store file's path, without following it (None: regular or missing)."""
    try:
        return describe(os.lstat(path).st_mode)
    except OSError:  # missing, or not ours to look at: the open that follows says so
        return None


def folder_problem_at(path: Path | str) -> str | None:
    """What is wrong at a store folder's path, without following it (None: folder or missing)."""
    try:
        return describe_folder(os.lstat(path).st_mode)
    except OSError:  # missing, or not ours to look at: the open that follows says so
        return None


def _refused(path: Path, error: OSError) -> RefusedFileError | None:
    """The refusal for an open that met a symlink (ELOOP with O_NOFOLLOW), else None."""
    if error.errno == errno.ELOOP:
        return RefusedFileError(path, "is a symlink (the store never follows one)")
    if error.errno in (errno.ENXIO, errno.EISDIR):  # a FIFO without reader; a folder
        problem = problem_at(path)
        if problem:
            return RefusedFileError(path, problem)
    return None


def open_regular(path: Path, flags: int, mode: int = 0o600) -> int:
    """A descriptor on the regular file at `path`: never a symlink, FIFO, device or folder.

    Raises RefusedFileError for those (without opening a device at all) and OSError
    (FileNotFoundError, PermissionError, ...) for everything else.
    """
    problem = problem_at(path)
    if problem:
        raise RefusedFileError(path, problem)
    try:
        fd = os.open(path, flags | NOFOLLOW | _NONBLOCK | _CLOEXEC, mode)
    except OSError as error:
        refused = _refused(path, error)
        if refused is not None:
            raise refused from None
        raise
    try:
        problem = describe(os.fstat(fd).st_mode)
        if problem:  # swapped between the lstat and the open
            raise RefusedFileError(path, problem)
    except BaseException:
        os.close(fd)
        raise
    return fd


def create_new(path: Path, mode: int) -> int:
    """A descriptor on a file created here and now (O_EXCL: nothing existing is reused)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | _CLOEXEC, mode)


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The file's bytes, None if it does not exist; RefusedFileError if not a regular file or
    larger than `limit`; OSError otherwise. Never reads more than `limit` + 1 bytes."""
    try:
        fd = open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise RefusedFileError(path, _too_large(size, limit))
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise RefusedFileError(path, _too_large(total, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    mib = 1024 * 1024
    return f"is too large ({size / mib:.1f} MiB; the limit is {limit // mib} MiB)"


def check_depth(path: Path, raw: bytes, limit: int = MAX_DEPTH) -> None:
    """RefusedFileError if the JSON text nests arrays and objects deeper than `limit`.

    Runs before json.loads (which would stop with RecursionError) in C-speed byte operations:
    escapes and strings are cut out, the brackets left are peeled one level per pass.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return  # the common case: too few brackets to nest that deep
    text = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(text.split(b'"')[::2])
    brackets = outside.translate(_BRACKETS, _NOT_BRACKETS)
    if b"[" * (limit + 1) in brackets:
        raise RefusedFileError(path, f"is nested too deeply (more than {limit} levels)")
    for _ in range(limit):
        peeled = brackets.replace(b"[]", b"")
        if not peeled or peeled == brackets:
            return  # balanced within the limit, or not valid JSON (json.loads says where)
        brackets = peeled
    raise RefusedFileError(path, f"is nested too deeply (more than {limit} levels)")


def chmod_chown(path: Path, mode: int, gid: int | None, *, is_dir: bool) -> bool:
    """Set mode (and group) on the file or folder itself, never through a symlink.

    False (and nothing changed) if the path is a symlink or special file, or the wrong kind.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if (describe_folder if is_dir else describe)(info.st_mode):
        return False
    flags = os.O_RDONLY | (os.O_DIRECTORY if is_dir else 0)
    try:
        fd = os.open(path, flags | NOFOLLOW | _NONBLOCK | _CLOEXEC)
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM):
            if _refused(path, error) is not None or error.errno in (errno.ENOTDIR, errno.ENOENT):
                return False
            raise
        # a file its owner cannot read (mode 0200, say): change it by name, not following
        if os.chmod not in os.supports_follow_symlinks:
            raise
        if gid is not None:
            os.chown(path, -1, gid, follow_symlinks=False)
        os.chmod(path, mode, follow_symlinks=False)
        return True
    try:
        if (describe_folder if is_dir else describe)(os.fstat(fd).st_mode):
            return False
        if gid is not None:
            os.fchown(fd, -1, gid)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    return True
