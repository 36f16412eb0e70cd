"""Drafts: one small file per OS user, written atomically so autosave every few seconds is cheap."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from posture_tui.store import codec
from posture_tui.store.audit import os_user
from posture_tui.store.permissions import Permissions
from posture_tui.store.storage import DamagedFileError, read_json, write_json

if TYPE_CHECKING:
    from posture_tui.domain.records import Draft


def draft_path(folder: Path) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", os_user()) or "user"
    return folder / f"{safe}.json"


def save(folder: Path, draft: Draft, perms: Permissions) -> None:
    write_json(draft_path(folder), codec.to_document("draft", draft), perms)


def load(folder: Path) -> Draft | None:
    path = draft_path(folder)
    data = read_json(path)
    if data is None:
        return None
    return load_document(path, data)


def load_document(path: Path, data: object) -> Draft:
    try:
        draft: Draft = codec.from_document("draft", data)
    except codec.CodecError as error:
        raise DamagedFileError(path, str(error)) from None
    from posture_tui.document.record import check_draft
    from posture_tui.document.values import DocumentError

    try:
        return check_draft(draft)
    except DocumentError as error:  # a control character or a value out of range
        raise DamagedFileError(path, str(error)) from None


def clear(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(draft_path(folder))
