"""Drafts: one small file per login and visit being edited, written atomically so autosave
every few seconds is cheap, and never one draft in place of another.

`drafts/LOGIN+ID.json` holds the draft `ID` of that login (`drafts/LOGIN.json` is the single
draft of stores written before drafts had ids; it still reads, and resumes as any other).
Files are written through storage.write_bytes (a new temp file, fsync, rename) and read
through the safe file layer (never a symlink, FIFO or device), with the store's modes.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from posture_tui.store import codec
from posture_tui.store.audit import os_user
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import is_id
from posture_tui.store.permissions import Permissions
from posture_tui.store.storage import DamagedFileError, read_json, write_json

if TYPE_CHECKING:
    from posture_tui.domain.records import Draft

SEPARATOR = "+"  # never in a login's file-name form, so LOGIN+ID splits one way only


def _login() -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", os_user()) or "user"


def draft_path(folder: Path, draft_id: str = "") -> Path:
    """The file of this login's draft `draft_id` ("" for the draft of an older store)."""
    if not draft_id:
        return folder / f"{_login()}.json"
    if not is_id(draft_id):
        raise StoreError("a draft id must be 1-64 letters, digits, '-' or '_'")
    return folder / f"{_login()}{SEPARATOR}{draft_id}.json"


def save(folder: Path, draft: Draft, perms: Permissions) -> None:
    write_json(draft_path(folder, draft.id), codec.to_document("draft", draft), perms)


def load(folder: Path, draft_id: str = "") -> Draft | None:
    path = draft_path(folder, draft_id)
    data = read_json(path)
    if data is None:
        return None
    return _named(path, load_document(path, data), draft_id)


def _named(path: Path, draft: Draft, draft_id: str) -> Draft:
    """The draft as its file names it: a file copied to another name is that name's draft."""
    if draft.id != draft_id:
        raise DamagedFileError(path, "holds another draft than its name says")
    return draft


def load_document(path: Path, data: object) -> Draft:
    try:
        draft: Draft = codec.from_document("draft", data)
    except codec.CodecError as error:
        raise DamagedFileError(path, str(error)) from None
    from posture_tui.incoming.record import check_draft
    from posture_tui.incoming.values import DocumentError

    try:
        return check_draft(draft)
    except DocumentError as error:  # a control character or a value out of range
        raise DamagedFileError(path, str(error)) from None


def draft_ids(folder: Path) -> list[str]:
    """The ids of this login's draft files ("" for an older store's single draft)."""
    login = _login()
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except FileNotFoundError:
        return found
    for name in sorted(names):
        if name == f"{login}.json":
            found.append("")
            continue
        stem, plus, rest = name.partition(SEPARATOR)
        if plus and stem == login and rest.endswith(".json") and is_id(rest[: -len(".json")]):
            found.append(rest[: -len(".json")])
    return found


def load_all(folder: Path) -> tuple[list[Draft], list[str]]:
    """Every draft of this login, newest first, and one line per draft file that does not
    read (a damaged one never hides the others)."""
    found: list[Draft] = []
    problems: list[str] = []
    for draft_id in draft_ids(folder):
        try:
            draft = load(folder, draft_id)
        except StoreError as error:
            problems.append(str(error))
            continue
        if draft is not None:
            found.append(draft)
    found.sort(key=lambda draft: draft.saved_at, reverse=True)
    return found, problems


def clear(folder: Path, draft_id: str = "") -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(draft_path(folder, draft_id))  # unlink removes a symlink, never its target
