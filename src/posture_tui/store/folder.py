"""Creating and opening a store folder: store.json, folder modes, the lock file, warnings."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from posture_tui.store import codec
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import STORE_FORMAT, Layout, StoreMeta
from posture_tui.store.permissions import (
    Permissions,
    apply,
    apply_fd,
    ensure_dir,
    for_group,
    warnings_for,
)
from posture_tui.store.safefile import RefusedFileError, create_new, folder_problem_at, problem_at
from posture_tui.store.storage import TEMP_SUFFIX, DamagedFileError, read_json, write_json

_KNOWN = frozenset(
    {
        "store.json",
        "index",
        "clients",
        "drafts",
        "backups",
        "audit.log",
        ".lock",
        "journal.json",
    }
)


def read_meta(layout: Layout) -> StoreMeta | None:
    data = read_json(layout.meta)
    if data is None:
        return None
    try:
        meta: StoreMeta = codec.from_document("meta", data)
    except codec.CodecError as error:
        raise DamagedFileError(layout.meta, str(error)) from None
    if meta.format != STORE_FORMAT:
        raise StoreError(f"{layout.meta} is not a posture-tui store file")
    return meta


def _foreign(root: Path) -> list[str]:
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return []
    return sorted(n for n in names if n not in _KNOWN and not n.endswith(TEMP_SUFFIX))


def prepare(layout: Layout, shared_group: str | None, clock: Callable[[], datetime]) -> Permissions:
    """Create the store if missing, switch it to a shared group if asked; its permissions."""
    if layout.root.exists() and not layout.root.is_dir():
        raise StoreError(f"{layout.root} is a file, not a store folder")
    refuse_unsafe(layout)
    meta = read_meta(layout)
    if meta is None and _foreign(layout.root):
        raise StoreError(
            f"{layout.root} is not a posture-tui store (it holds other files); "
            "choose an empty or new folder with --db"
        )
    perms = for_group(shared_group or (meta.shared_group if meta else None))
    for folder in layout.folders:
        ensure_dir(folder, perms)
    if meta is None or (shared_group and meta.shared_group != shared_group):
        if meta is not None:
            reapply(layout, perms)
        created = meta.created if meta else clock()
        fresh = StoreMeta(STORE_FORMAT, created, perms.group)
        write_json(layout.meta, codec.to_document("meta", fresh), perms)
    ensure_lock(layout.lock, perms)
    return perms


def refuse_unsafe(layout: Layout) -> None:
    """RefusedFileError if a store folder or the lock file is a symlink or special file.

    Checked before anything is created or changed, so that a colleague's symlink at `.lock`
    (say, to a file in the victim's home) is never created, chmod-ed or chown-ed through.
    """
    for folder in layout.folders[1:]:  # the root is the user's own choice of path
        problem = folder_problem_at(folder)
        if problem:
            raise RefusedFileError(folder, problem)
    problem = problem_at(layout.lock)
    if problem:
        raise RefusedFileError(layout.lock, problem)


def ensure_lock(path: Path, perms: Permissions) -> None:
    """Create the lock file if missing (O_EXCL|O_NOFOLLOW: never through a symlink)."""
    problem = problem_at(path)
    if problem:
        raise RefusedFileError(path, problem)
    try:
        fd = create_new(path, perms.file_mode & 0o777)
    except FileExistsError:
        problem = problem_at(path)  # made by another session meanwhile: it must be a file too
        if problem:
            raise RefusedFileError(path, problem) from None
        return
    except OSError as error:
        raise StoreError(f"could not create {path}: {error.strerror}") from None
    try:
        apply_fd(fd, perms)
    except OSError as error:
        raise StoreError(f"could not set permissions on {path}: {error.strerror}") from None
    finally:
        os.close(fd)


def reapply(layout: Layout, perms: Permissions) -> None:
    """Give every folder and file of the store the modes (and group) of `perms`."""
    apply(layout.root, perms, is_dir=True)
    for base, dirs, files in os.walk(layout.root):
        for name in dirs:
            apply(Path(base, name), perms, is_dir=True)
        for name in files:
            apply(Path(base, name), perms, is_dir=False)


def permission_warnings(layout: Layout, perms: Permissions) -> list[str]:
    """Warnings for the folders and top-level files others could read (cheap: no client files)."""
    paths = [*layout.folders, layout.meta, layout.audit, layout.lock]
    return warnings_for(layout.root, paths, perms)
