"""The write-ahead journal: a write is committed when its journal is gone, rolled back otherwise.

Before a write changes any file, journal.json names every file it may change and, for each
that exists, a hard link to its current version (its pre-image, `.NAME.TOKEN.pre` beside it),
and the audit log's length. A client file's backups are rotated by renames, so the journal
names each generation by its inode instead (a rotation): the oldest, which the rotation would
free, is renamed to a pre-image rather than replaced, and undoing puts every inode back in its
place. The files are written, the audit events appended, and the journal removed, that removal
synced: the removal is the commit.

A write that fails before its commit (a full disk, an I/O error), or a process killed before
it, leaves the journal; the writer itself, or else the next command under the lock, puts every
pre-image back, removes the files the write created, cuts the audit log back to its length,
and only then removes the journal. Putting back is renames, unlinks and a truncate: it needs
no free space. So a write either happened and was reported so, or did not happen at all; a
write that was not acknowledged is never replayed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from attrs import frozen

from posture_tui.store.errors import StoreError
from posture_tui.store.layout import Layout
from posture_tui.store.permissions import Permissions
from posture_tui.store.safefile import RefusedFileError, open_regular, read_bytes
from posture_tui.store.storage import (
    GENERATIONS,
    backup_path,
    fsync_dir,
    preimage_path,
    preimage_target,
    write_bytes,
    write_json,
)


@frozen
class Entry:
    """A file the write may change, and its pre-image (None: the write would create it)."""

    path: Path
    pre: Path | None


@frozen
class Rotation:
    """A file's backups before the write: the inode of each generation (None: absent), and
    where the oldest goes when the rotation would free it (None: there is no oldest).

    A rotation moves whole files by renames, so each old generation is always somewhere in
    `places`; a pre-image of each (a link made and removed on every save) is not needed."""

    base: Path  # the backups' folder and the file's name: generation g is `base.g`
    inodes: tuple[int | None, ...]
    aside: Path | None

    def generation(self, number: int) -> Path:
        return backup_path(self.base.parent, self.base.name, number)

    def places(self, number: int) -> list[Path]:
        """Where generation `number` can be during the write: its own name, the next one
        (shifted), or for the oldest its pre-image."""
        found = [self.generation(number)]
        if number < len(self.inodes):
            found.append(self.generation(number + 1))
        elif self.aside is not None:
            found.append(self.aside)
        return found


@frozen
class Plan:
    """Everything a write may change, as written to the journal before it starts."""

    clients: tuple[str, ...]
    entries: tuple[Entry, ...]
    audit: tuple[int, int] | None  # the audit log's (inode, size) before the write
    rotations: tuple[Rotation, ...] = ()


def _reason(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, "error")


def plan(
    layout: Layout,
    client_ids: Sequence[str],
    paths: Iterable[Path],
    rotations: Iterable[Rotation] = (),
) -> Plan:
    """The plan of a write that may change `paths` and rotate backups (caller holds the lock)."""
    entries: list[Entry] = []
    seen: set[Path] = set()
    for path in paths:
        if path in seen:
            continue
        seen.add(path)
        entries.append(Entry(path, preimage_path(path) if os.path.lexists(path) else None))
    kept = tuple({rotation.base: rotation for rotation in rotations}.values())
    return Plan(tuple(client_ids), tuple(entries), _audit_mark(layout.audit), kept)


def rotation(backup_dir: Path, name: str) -> Rotation:
    """The backups of the file `name` as they are now (caller holds the lock)."""
    base = backup_dir / name
    inodes = tuple(_inode(backup_path(backup_dir, name, g)) for g in range(1, GENERATIONS + 1))
    oldest = backup_path(backup_dir, name, GENERATIONS)
    return Rotation(base, inodes, preimage_path(oldest) if inodes[-1] is not None else None)


def _inode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return None


def _audit_mark(path: Path) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size) if stat.S_ISREG(info.st_mode) else None


def _document(layout: Layout, plan: Plan) -> dict[str, Any]:
    return {
        "clients": list(plan.clients),
        "files": [
            [str(entry.path.relative_to(layout.root)), entry.pre.name if entry.pre else None]
            for entry in plan.entries
        ],
        "rotations": [
            [
                str(rotation.base.relative_to(layout.root)),
                list(rotation.inodes),
                rotation.aside.name if rotation.aside else None,
            ]
            for rotation in plan.rotations
        ],
        "audit": list(plan.audit) if plan.audit else None,
    }


def begin(layout: Layout, plan: Plan, perms: Permissions) -> None:
    """Write the journal and keep every pre-image; StoreError (nothing changed) if it fails."""
    write_json(layout.journal, _document(layout, plan), perms)
    try:
        for entry in plan.entries:
            if entry.pre is not None:
                _keep(entry.path, entry.pre, perms)
    except (OSError, StoreError) as error:
        abandon(layout, plan)
        if isinstance(error, StoreError):
            raise
        raise StoreError(f"could not write {entry.path}: {_reason(error)}") from None


def _keep(path: Path, pre: Path, perms: Permissions) -> None:
    try:
        os.link(path, pre, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        raw = read_bytes(path)  # no hard links here: a whole copy, written atomically
        if raw is not None:
            write_bytes(pre, raw, perms)


def commit(layout: Layout) -> None:
    """The commit point: the journal removed and the removal on disk."""
    try:
        os.unlink(layout.journal)
        fsync_dir(layout.root)
    except OSError as error:
        raise StoreError(f"could not write {layout.journal}: {_reason(error)}") from None


def finish(plan: Plan) -> None:
    """After the commit: the pre-images are no longer needed (a leftover is cleaned later),
    and the oldest backup a rotation set aside is freed."""
    for entry in plan.entries:
        if entry.pre is not None:
            with suppress(OSError):
                os.unlink(entry.pre)
    for rotation in plan.rotations:
        if rotation.aside is not None:
            with suppress(OSError):
                os.unlink(rotation.aside)


def abandon(layout: Layout, plan: Plan) -> bool:
    """Roll the write back and remove its journal; False if that could not be done (the
    journal then stays, and the next command under the lock rolls back)."""
    if not undo(layout, plan):
        return False
    return clear(layout)


def clear(layout: Layout) -> bool:
    try:
        os.unlink(layout.journal)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    with suppress(OSError):
        fsync_dir(layout.root)
    return True


def undo(layout: Layout, plan: Plan) -> bool:
    """Every file of the plan back as it was; False if any could not be put back."""
    done = True
    folders: set[Path] = set()
    for entry in reversed(plan.entries):
        try:
            if entry.pre is None:
                if os.path.lexists(entry.path):
                    os.unlink(entry.path)
                    folders.add(entry.path.parent)
            elif os.path.lexists(entry.pre):
                os.replace(entry.pre, entry.path)  # a no-op when both are the same file
                if os.path.lexists(entry.pre):
                    os.unlink(entry.pre)
                folders.add(entry.path.parent)
            # no pre-image: it was never made, so nothing was written over the file
        except OSError:
            done = False
    for rotation in plan.rotations:
        done = _unrotate(rotation) and done
        folders.add(rotation.base.parent)
    for folder in sorted(folders):
        try:
            fsync_dir(folder)
        except OSError:
            done = False
    return _cut_audit(layout.audit, plan.audit) and done


def _unrotate(rotation: Rotation) -> bool:
    """Every generation back under its own name, newest first: generation g can only be at g,
    g+1 or (the oldest) its pre-image, and a name that held nothing before is emptied; safe to
    run again after an interruption. False if a generation is nowhere to be found."""
    done = True
    originals = {inode for inode in rotation.inodes if inode is not None}
    for number, inode in enumerate(rotation.inodes, start=1):
        here = rotation.generation(number)
        try:
            if inode is None:
                if _inode(here) not in (None, *originals):
                    os.unlink(here)  # the write's own new backup
                continue
            found = next((p for p in rotation.places(number) if _inode(p) == inode), None)
            if found is None:
                done = False
            elif found != here:
                os.replace(found, here)
        except OSError:
            done = False
    return done


def _cut_audit(path: Path, mark: tuple[int, int] | None) -> bool:
    """The audit log back to its length before the write (its events describe no change).

    Anything but a regular file there (a symlink, FIFO, device or folder) holds no event of
    this write and is never opened through: nothing to cut (check reports it, repair moves
    it aside)."""
    try:
        fd = open_regular(path, os.O_WRONLY)
    except (FileNotFoundError, RefusedFileError):
        return True
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        inode, size = mark if mark is not None else (info.st_ino, 0)  # none before: empty
        if info.st_ino == inode and info.st_size > size:
            os.ftruncate(fd, size)
            os.fsync(fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def load(layout: Layout, data: Any) -> Plan | None:
    """The plan in a journal document; None if it is not a plan this store could have made
    (every path must be a file directly in one of the store's folders)."""
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        return None
    clients = data.get("clients")
    if not isinstance(clients, list) or not all(isinstance(c, str) for c in clients):
        return None
    folders = {place.relative_to(layout.root) for place in layout.locked_folders}
    entries: list[Entry] = []
    for item in data["files"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return None
        relative = Path(item[0])
        if relative.is_absolute() or relative.parent not in folders:
            return None
        if relative.name in ("", ".", "..") or relative.name.startswith("."):
            return None
        path = layout.root / relative
        pre = None
        if item[1] is not None:
            if not isinstance(item[1], str) or "/" in item[1]:
                return None
            pre = path.with_name(item[1])
            if preimage_target(pre) != path:
                return None
        entries.append(Entry(path, pre))
    rotations = _load_rotations(layout, data.get("rotations", []), folders)
    if rotations is None:
        return None
    mark = data.get("audit")
    audit_mark = None
    if isinstance(mark, list) and len(mark) == 2 and all(isinstance(n, int) for n in mark):
        audit_mark = (mark[0], mark[1])
    return Plan(tuple(clients), tuple(entries), audit_mark, rotations)


def _load_rotations(layout: Layout, items: Any, folders: set[Path]) -> tuple[Rotation, ...] | None:
    """The rotations of a journal document; None if any is not one this store could make."""
    if not isinstance(items, list):
        return None
    rotations: list[Rotation] = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            return None
        relative, inodes, aside_name = Path(item[0]), item[1], item[2]
        if relative.is_absolute() or relative.parent not in folders:
            return None
        if relative.name in ("", ".", "..") or relative.name.startswith("."):
            return None
        if not isinstance(inodes, list) or len(inodes) != GENERATIONS:
            return None
        if not all(i is None or (isinstance(i, int) and not isinstance(i, bool)) for i in inodes):
            return None
        base = layout.root / relative
        aside = None
        if aside_name is not None:
            if not isinstance(aside_name, str) or "/" in aside_name:
                return None
            aside = base.parent / aside_name
            if preimage_target(aside) != backup_path(base.parent, base.name, GENERATIONS):
                return None
        rotations.append(Rotation(base, tuple(inodes), aside))
    return tuple(rotations)


def restore_orphans(layout: Layout) -> list[Path]:
    """A journal that does not read: put back every pre-image found (what it names is known
    from its own name); the files such a write created cannot be known and stay."""
    restored: list[Path] = []
    for folder in layout.locked_folders:
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:
            continue
        for name in names:
            pre = folder / name
            target = preimage_target(pre)
            if target is None:
                continue
            with suppress(OSError):
                os.replace(pre, target)
                if os.path.lexists(pre):
                    os.unlink(pre)
                restored.append(target)
    return restored
