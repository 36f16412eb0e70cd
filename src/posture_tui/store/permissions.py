"""File and folder modes of the store: private (0700/0600) or shared with a group (2770/0660)."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from attrs import frozen

from posture_tui.store.errors import StoreError
from posture_tui.store.safefile import chmod_chown

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SHARED_DIR = 0o2770
SHARED_FILE = 0o660


@frozen
class Permissions:
    """How new files and folders are created; `gid` is set for a shared clinic store."""

    dir_mode: int = PRIVATE_DIR
    file_mode: int = PRIVATE_FILE
    gid: int | None = None
    group: str | None = None

    @property
    def shared(self) -> bool:
        return self.gid is not None


PRIVATE = Permissions()


def for_group(group: str | None) -> Permissions:
    """Private permissions, or shared ones for an existing group (StoreError if unknown)."""
    if not group:
        return PRIVATE
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise StoreError(f"unknown group {group!r} (see `getent group`)") from None
    return Permissions(SHARED_DIR, SHARED_FILE, gid, group)


def ensure_dir(path: Path, perms: Permissions) -> None:
    """Create the folder (and missing parents) with the store's mode, whatever the umask."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=perms.dir_mode & 0o777)
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreError(f"cannot create folder {folder}: {error.strerror}") from None
        apply(folder, perms, is_dir=True)


def apply(path: Path, perms: Permissions, *, is_dir: bool) -> None:
    """Set mode (and group) on an existing path, never through a symlink: a symlink, FIFO or
    device (or a file where a folder belongs) is left untouched; `check` reports it."""
    try:
        chmod_chown(path, perms.dir_mode if is_dir else perms.file_mode, perms.gid, is_dir=is_dir)
    except OSError as error:
        raise StoreError(f"cannot set permissions on {path}: {error.strerror}") from None


def apply_fd(fd: int, perms: Permissions) -> None:
    """Set mode (and group) on a freshly created file before it gets its final name."""
    if perms.gid is not None:
        os.fchown(fd, -1, perms.gid)
    os.fchmod(fd, perms.file_mode)


def too_open(mode: int, perms: Permissions) -> bool:
    """True if others (or, for a private store, the group) can read, write or enter it."""
    allowed = 0o770 if perms.shared else 0o700
    return bool(stat.S_IMODE(mode) & 0o777 & ~allowed)


def fix_command(root: Path, perms: Permissions) -> str:
    if perms.shared:
        return f"chmod -R o-rwx {root}"
    return f"chmod -R go-rwx {root}"


def warnings_for(root: Path, paths: list[Path], perms: Permissions) -> list[str]:
    """One line per store path that others can read, each saying how to fix it."""
    found: list[str] = []
    for path in paths:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            continue  # a symlink or special file: check reports it, and nothing reads it
        if too_open(mode, perms):
            who = "other users" if perms.shared else "other users or the group"
            found.append(
                f"{path} is open to {who} (mode {stat.S_IMODE(mode):o}); "
                f"fix it with: {fix_command(root, perms)}"
            )
    return found
