"""A process keeps the client files it last wrote parsed; what it reads is still what is stored."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from posture_tui.store import storage
from posture_tui.store.check import check_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store

from .helpers import make_assessment, make_client


def test_a_colleagues_visit_saved_between_two_of_my_saves_is_kept(repo: TinyRepository) -> None:
    """My next save of a visit skips parsing the client file I just wrote, unless its bytes
    changed: a colleague's visit for the same client, saved in between, must survive it."""
    repo.save_client(make_client())
    mine = repo.save_assessment(make_assessment(assessment_id="a-mine"))
    colleague = (
        "import sys\n"
        "from posture_tui.store.repository import open_store\n"
        "from tests.store.helpers import make_assessment\n"
        "open_store(sys.argv[1]).save_assessment(make_assessment(assessment_id='a-theirs'))\n"
    )
    root = Path(__file__).parents[2]
    subprocess.run([sys.executable, "-c", colleague, str(repo.path)], check=True, cwd=root)
    repo.save_assessment(evolve(mine, notes="second save"))
    reread = open_store(repo.path)
    assert {item.id for item in reread.list_assessments("c-anna")} == {"a-mine", "a-theirs"}
    assert reread.get_assessment("c-anna", "a-mine").notes == "second save"
    assert check_store(repo.path).problems == []


def test_a_client_edit_that_failed_to_write_is_not_shown_afterwards(
    repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TinyDB changes a client's document in place before writing it; when the disk refuses
    the write, the client read next is the stored one, not the edit that was never saved."""
    saved = repo.save_client(make_client(goals="walk to the shop"))
    real = storage.write_bytes

    def refuse_client_file(path: Path, data: bytes, *args: Any, **kwargs: Any) -> None:
        if path == repo.layout.client_file("c-anna"):
            raise StoreError(f"could not write {path}: {os.strerror(errno.ENOSPC)}")
        real(path, data, *args, **kwargs)

    monkeypatch.setattr(storage, "write_bytes", refuse_client_file)
    with pytest.raises(StoreError, match="No space left on device"):
        repo.save_client(evolve(saved, goals="run a marathon"))
    monkeypatch.undo()
    assert repo.get_client("c-anna").goals == "walk to the shop"
    assert repo.save_client(evolve(saved, goals="walk further")).goals == "walk further"
    assert open_store(repo.path).get_client("c-anna").goals == "walk further"


def test_a_client_file_changed_by_hand_is_read_as_it_now_is(repo: TinyRepository) -> None:
    """Bytes written into the file behind the process's back are parsed, never answered from
    what the process last wrote: damage is named, not hidden."""
    repo.save_client(make_client())
    repo.save_assessment(make_assessment())
    path = repo.layout.client_file("c-anna")
    path.write_bytes(path.read_bytes().replace(b'"notes":', b'"notes" ', 1))
    with pytest.raises(StoreError, match="damaged"):
        repo.get_assessment("c-anna", "a-one")
