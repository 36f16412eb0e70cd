"""The bytes of a visit's photos: one private file each in `photos/`, named CLIENT.SHA256.EXT.

The name proves the bytes (`check` compares them), a photo attached twice is kept once, and
the files a client's records no longer name are found by the client id that starts the name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from posture_tui.domain.photos import PHOTO_SUFFIXES, Photo, photo_file_name, sha256_of
from posture_tui.domain.records import Assessment
from posture_tui.store.api import Repository
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import Layout
from posture_tui.store.permissions import Permissions, ensure_dir
from posture_tui.store.safefile import read_bytes
from posture_tui.store.storage import fsync_dir, write_bytes

_NAME = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.([0-9a-f]{64})\.([a-z]+)")


def parse_name(name: str) -> tuple[str, str, str] | None:
    """(client id, sha256, suffix) of a photo file's name; None if it is not one."""
    found = _NAME.fullmatch(name)
    if found is None or found[3] not in PHOTO_SUFFIXES:
        return None
    return found[1], found[2], found[3]


def named(items: Iterable[Assessment]) -> set[str]:
    """The photo file names these revisions refer to."""
    return {photo.file_name(item.client_id) for item in items for photo in item.photos}


def write_photo(
    layout: Layout, perms: Permissions, client_id: str, data: bytes, suffix: str
) -> str:
    """Keep `data` as a photo of the client (atomically: a photo kept twice is one file, written
    again whole, so nothing put in its place survives); its SHA-256."""
    if suffix not in PHOTO_SUFFIXES:
        raise ValueError(f"not a photo suffix: {suffix}")
    digest = sha256_of(data)
    ensure_dir(layout.photos, perms)
    write_bytes(layout.photos / photo_file_name(client_id, digest, suffix), data, perms)
    return digest


def client_photos(layout: Layout, client_id: str) -> list[Path]:
    """Every photo file of the client, named or not (a listing of the photos folder)."""
    prefix = f"{client_id}."
    try:
        with os.scandir(layout.photos) as entries:
            return [
                Path(entry.path)
                for entry in entries
                if entry.name.startswith(prefix)
                and (parse_name(entry.name) or ("",))[0] == client_id
            ]
    except (FileNotFoundError, NotADirectoryError):
        return []


def remove_files(paths: Sequence[Path]) -> None:
    """Remove photo files inside a journalled write (its pre-images put them back on failure);
    StoreError naming the file if one cannot be removed."""
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise StoreError(f"could not remove {path}: {error.strerror}") from None
    if paths:
        try:
            fsync_dir(paths[0].parent)
        except OSError as error:
            raise StoreError(f"could not remove {paths[0]}: {error.strerror}") from None


def photo_loader(repo: Repository, client_id: str) -> Callable[[Photo], bytes | None]:
    """A kept photo's bytes for the notes, or None when they are missing or not the photo the
    visit names (check says which)."""

    def load(photo: Photo) -> bytes | None:
        try:  # never through a link, a FIFO or a device someone put in its place
            data = read_bytes(repo.photo_path(client_id, photo.sha256, photo.format))
        except (OSError, StoreError):
            return None
        return data if data is not None and sha256_of(data) == photo.sha256 else None

    return load
