"""Interrupted writes are finished, temp files cleaned, backups kept, and the lock is honest."""

from __future__ import annotations

import grp
import json
import os
import shutil
import stat
import time
from pathlib import Path

import filelock
import pytest
from attrs import evolve

from posture_tui.domain.records import Draft
from posture_tui.store import audit
from posture_tui.store.check import check_store
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import shard_of
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.store.storage import GENERATIONS

from .conftest import TickingClock
from .helpers import make_assessment, make_client


def test_an_interrupted_write_is_finished_by_the_next_open(
    repo: TinyRepository, clock: TickingClock
) -> None:
    """A writer killed after its record file but before the index: the journal says who."""
    client = repo.save_client(make_client())
    shard = repo.layout.index_file(shard_of(client.id))
    stale_index = shard.read_bytes()
    repo.save_assessment(make_assessment())
    shard.write_bytes(stale_index)  # as if the process died before the index write
    repo.layout.journal.write_text(json.dumps({"clients": [client.id]}))
    assert check_store(repo.path).problems == []  # check finishes it, like any open
    assert not repo.layout.journal.exists()
    assert repo.list_clients()[0].assessments == 1
    assert audit.read(repo.layout.audit)[-1]["action"] == "store.recover"


def test_a_damaged_journal_rebuilds_the_whole_index(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    repo.save_client(make_client("c-bo", "Bo Ek"))
    for path in repo.layout.index_files:
        path.unlink(missing_ok=True)
    repo.layout.journal.write_text("{cut sho")
    reopened = open_store(repo.path)
    assert sorted(row.id for row in reopened.list_clients()) == ["c-anna", "c-bo"]


def test_stale_temp_files_are_removed_on_open(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    leftovers = [
        repo.layout.clients / ".c-anna.json.999.abcd.tmp",
        repo.layout.index_dir / ".07.json.999.abcd.tmp",
        repo.layout.root / ".journal.json.999.abcd.tmp",
    ]
    for path in leftovers:
        path.write_text("half")
    fresh_draft_temp = repo.layout.drafts / ".someone.json.999.abcd.tmp"
    fresh_draft_temp.write_text("half")  # another user's autosave may be under way: kept
    open_store(repo.path)
    assert not any(path.exists() for path in leftovers)
    assert fresh_draft_temp.exists()
    old = time.time() - 3600
    os.utime(fresh_draft_temp, (old, old))
    open_store(repo.path)
    assert not fresh_draft_temp.exists()


def test_backups_keep_the_last_generations(repo: TinyRepository) -> None:
    client = repo.save_client(make_client())
    for number in range(5):
        client = repo.save_client(evolve(client, goals=f"goal {number}"))
    backups = sorted(repo.layout.client_backups.glob("c-anna.json.*"))
    assert [p.name for p in backups] == [f"c-anna.json.{n}" for n in range(1, GENERATIONS + 1)]
    goals = [json.loads(p.read_text())["client"]["1"]["goals"] for p in backups]
    # newest first, and the newest is the save just made (a copy, not a link to the file)
    assert goals == ["goal 4", "goal 3", "goal 2"]
    record = repo.layout.client_file("c-anna")
    assert os.stat(backups[0]).st_ino != os.stat(record).st_ino


def test_a_healthy_store_opens_and_lists_while_another_session_writes(
    repo: TinyRepository,
) -> None:
    """Start-up never waits for a colleague's save: opening a tidy store takes no lock."""
    repo.save_client(make_client())
    other = filelock.FileLock(repo.layout.lock)
    with other:
        reopened = open_store(repo.path)
        assert [row.id for row in reopened.list_clients()] == ["c-anna"]
        reopened.lock_timeout = 0.2
        with pytest.raises(StoreError, match="is busy"):  # a save still waits for the lock
            reopened.save_client(evolve(reopened.get_client("c-anna"), goals="later"))


def test_a_held_lock_gives_a_clear_busy_error(repo: TinyRepository) -> None:
    repo.lock_timeout = 0.2
    other = filelock.FileLock(repo.layout.lock)
    with other:
        started = time.monotonic()
        with pytest.raises(StoreError, match="is busy"):
            repo.save_client(make_client())
        assert time.monotonic() - started < 5
        # reading and autosaving drafts never wait for the lock
        assert repo.list_clients() == []
        repo.save_draft(Draft(make_client(), None, saved_at=repo.clock()))
        assert repo.load_draft() is not None
    repo.save_client(make_client())


def test_shared_group_converts_an_existing_store(store_dir: Path, clock: TickingClock) -> None:
    private = open_store(store_dir, clock=clock)
    private.save_client(make_client())
    group = grp.getgrgid(os.getgid()).gr_name
    shared = open_store(store_dir, shared_group=group, clock=clock)
    assert shared.permission_warnings() == []
    record = stat.S_IMODE(shared.layout.client_file("c-anna").stat().st_mode)
    assert record == 0o660 and stat.S_IMODE(store_dir.stat().st_mode) == 0o2770
    assert json.loads(shared.layout.meta.read_text())["shared_group"] == group
    assert check_store(store_dir).problems == []


def test_bulk_import_refuses_duplicates_before_writing(repo: TinyRepository) -> None:
    twice = [(make_client(revision=1), []), (make_client(revision=1), [])]
    with pytest.raises(StoreError, match="appears twice"):
        repo.import_records(twice)
    repo.import_records([(make_client(revision=1), [make_assessment()])])
    with pytest.raises(StoreError, match="already exists"):
        repo.import_records(added=[make_assessment()])
    with pytest.raises(StoreError, match="appears twice"):
        repo.import_records(added=[make_assessment(assessment_id="a-x")] * 2)
    assert len(repo.list_assessments("c-anna")) == 1


def test_saving_still_works_when_backups_were_removed_by_hand(repo: TinyRepository) -> None:
    client = repo.save_client(make_client())
    shutil.rmtree(repo.layout.backups)
    repo.save_client(evolve(client, goals="after cleanup"))
    assert (repo.layout.client_backups / "c-anna.json.1").exists()
    assert stat.S_IMODE(repo.layout.client_backups.stat().st_mode) == 0o700


def _backups(repo: TinyRepository) -> dict[str, bytes]:
    folder = repo.layout.client_backups
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_save_killed_after_rotating_the_backups_is_undone_by_the_next_open(
    repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed before its commit, with backup.1 already the new save and the oldest set aside:
    the next open puts each generation back under its own name, byte for byte."""
    from posture_tui.store import journal

    repo.save_client(make_client())
    saved = repo.save_assessment(make_assessment(notes="one"))
    for notes in ("two", "three"):
        saved = repo.save_assessment(evolve(saved, notes=notes))
    before = _backups(repo)
    assert len(before) == GENERATIONS

    def killed(*_: object) -> None:
        raise StoreError("could not write audit.log: Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(audit, "append", killed)
        patch.setattr(journal, "abandon", lambda *_: False)  # the process died: nothing undone
        with pytest.raises(StoreError):
            repo.save_assessment(evolve(saved, notes="never acknowledged"))
    assert repo.layout.journal.exists()
    assert _backups(repo) != before  # rotated, with a leftover pre-image of the oldest
    reopened = open_store(repo.path)
    assert _backups(reopened) == before
    assert reopened.get_assessment("c-anna", "a-one").notes == "three"
    assert audit.read(repo.layout.audit)[-1]["action"] == "store.rollback"


def test_a_journal_whose_rotation_points_outside_the_store_is_not_followed(
    repo: TinyRepository, tmp_path: Path
) -> None:
    """A hand-made journal cannot make the undo rename files outside the store's folders."""
    repo.save_client(make_client())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt.1").write_text("mine")  # what an undo would remove
    journal_doc = {
        "clients": ["c-anna"],
        "files": [],
        "rotations": [["../elsewhere/keep.txt", [None, None, None], None]],
        "audit": None,
    }
    repo.layout.journal.write_text(json.dumps(journal_doc))
    reopened = open_store(repo.path)
    assert (outside / "keep.txt.1").read_text() == "mine"
    assert not reopened.layout.journal.exists()
    assert [row.id for row in reopened.list_clients()] == ["c-anna"]


def test_a_pre_image_a_killed_clean_up_left_is_reported_and_removed(repo: TinyRepository) -> None:
    """After a commit, a pre-image is garbage that still holds an old version (health data):
    check names it and repair removes it, leaving the record as saved."""
    from posture_tui.store.check import repair_store

    repo.save_client(make_client())
    record = repo.layout.client_file("c-anna")
    stale = record.with_name(f".{record.name}.0123abcd.pre")
    os.link(record, stale)
    (problem,) = check_store(repo.path).problems
    assert problem.path == stale and problem.kind == "leftover"
    assert repair_store(repo.path).problems == []
    assert not stale.exists() and repo.get_client("c-anna").name == make_client().name
