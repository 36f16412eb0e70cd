"""Where each file of a store lives, and which ids may name a file."""

from __future__ import annotations

import os
import re
import zlib
from datetime import datetime
from pathlib import Path

from attrs import frozen

from posture_tui.domain.text import HIDDEN, shown
from posture_tui.store.errors import StoreError

STORE_FORMAT = "posture-tui-store"
INDEX_SHARDS = 256
"""The client index is split by client id so that a save rewrites about 1/256 of it (about 400
rows at 100,000 clients). More shards make a save cheaper still, but every listing compares
each shard's signature: at 1,024 a keystroke in the search box cost 2 ms more."""
LEGACY_INDEX_SHARDS = 64
"""The shards of stores written by earlier builds (`index/NN.json`, each with three backups):
opening such a store moves its rows to today's shards once (repository.upgrade_index)."""
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SHARD_NAME = re.compile(r"[0-9]{3}\.json")


@frozen
class StoreMeta:
    """store.json: what kind of folder this is and whether it is shared with a group."""

    format: str
    created: datetime
    shared_group: str | None = None


@frozen
class Layout:
    """The paths of one store folder."""

    root: Path

    @property
    def meta(self) -> Path:
        return self.root / "store.json"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    def index_file(self, shard: int) -> Path:
        return self.index_dir / f"{shard:03d}.json"

    @property
    def index_files(self) -> list[Path]:
        return [self.index_file(shard) for shard in range(INDEX_SHARDS)]

    def has_index_files(self) -> bool:
        """Whether any shard of today's index is here, stopping at the first."""
        try:
            with os.scandir(self.index_dir) as entries:
                return any(_SHARD_NAME.fullmatch(entry.name) for entry in entries)
        except (FileNotFoundError, NotADirectoryError):
            return False

    @property
    def legacy_index_files(self) -> list[Path]:
        return [self.index_dir / f"{shard:02d}.json" for shard in range(LEGACY_INDEX_SHARDS)]

    @property
    def legacy_index_backups(self) -> Path:
        """Backups of the shards of earlier versions (today's index is rebuilt from the client
        files instead, by `check --repair`)."""
        return self.backups / "index"

    @property
    def clients(self) -> Path:
        return self.root / "clients"

    @property
    def drafts(self) -> Path:
        return self.root / "drafts"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def client_backups(self) -> Path:
        return self.backups / "clients"

    @property
    def photos(self) -> Path:
        """The visits' photos, one folder: CLIENT.SHA256.jpg (photo_files.py)."""
        return self.root / "photos"

    @property
    def audit(self) -> Path:
        return self.root / "audit.log"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    @property
    def journal(self) -> Path:
        return self.root / "journal.json"

    @property
    def folders(self) -> tuple[Path, ...]:
        return (
            self.root,
            self.clients,
            self.index_dir,
            self.drafts,
            self.backups,
            self.client_backups,
            self.photos,
        )

    @property
    def quick_list_paths(self) -> tuple[Path, ...]:
        """What opening the store looks at, besides the store folder itself: if none of these
        changed, an open finds what it found last time (quick_list.py)."""
        return (
            *self.folders[1:],
            self.meta,
            self.audit,
            self.lock,
            self.journal,
            *self.index_files,
        )

    @property
    def locked_folders(self) -> tuple[Path, ...]:
        """Folders only written under the store lock (drafts are per user and lock-free)."""
        return tuple(folder for folder in self.folders if folder != self.drafts)

    def client_file(self, client_id: str) -> Path:
        return self.clients / f"{check_id(client_id, 'client id')}.json"

    def has_client_files(self) -> bool:
        """Whether any client file is here, stopping at the first (a large store has 100,000)."""
        try:
            with os.scandir(self.clients) as entries:
                return any(e.name.endswith(".json") and not e.name.startswith(".") for e in entries)
        except FileNotFoundError:
            return False

    def client_ids(self) -> list[str]:
        """Ids of every client file on disk (sorted)."""
        try:
            names = [p.name for p in self.clients.iterdir()]
        except FileNotFoundError:
            return []
        return sorted(n[:-5] for n in names if n.endswith(".json") and not n.startswith("."))


def shard_of(client_id: str) -> int:
    """The index shard that holds a client's row (stable across runs and machines)."""
    return zlib.crc32(client_id.encode("utf-8")) % INDEX_SHARDS


def is_id(value: object) -> bool:
    """Whether `value` is an id safe to use as a file name (what `check_id` requires)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def check_id(value: str, what: str = "id") -> str:
    """An id safe to use as a file name, else StoreError (naming the id only if it is a short
    plain one: an id read from a file may be any text, even health data)."""
    if not is_id(value):
        named = shown(value)
        raise StoreError(
            f"{what}{'' if named == HIDDEN else ' ' + named} is not valid (letters, digits, "
            "- and _, at most 64, starting with a letter or digit)"
        )
    return value
