"""Every draft is kept: one file per login and visit, never one in place of another (issue 15),
and demo clients are marked and removed alone."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.domain.records import Draft
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store import audit, codec, drafts
from posture_tui.store.check import check_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.use_cases.demo import generate, remove

from .conftest import TickingClock
from .helpers import make_assessment, make_client


def _draft(clock: TickingClock, draft_id: str, name: str = "Anna", **extra: object) -> Draft:
    client = make_client(f"c-{draft_id}", name)
    assessment = make_assessment(client_id=client.id)
    return Draft(client, assessment, saved_at=clock(), id=draft_id, **extra)  # type: ignore[arg-type]


def test_two_drafts_of_one_login_are_both_kept(repo: TinyRepository, clock: TickingClock) -> None:
    first = _draft(clock, "d-one", "First Visit")
    second = _draft(clock, "d-two", "Second Visit")
    repo.save_draft(first)
    repo.save_draft(second)  # a second visit's draft never replaces the first
    found, problems = repo.list_drafts()
    assert problems == []
    assert found == [second, first]  # newest first
    assert repo.load_draft("d-one") == first
    assert repo.load_draft() == second
    repo.clear_draft("d-two")
    assert repo.list_drafts() == ([first], [])


def test_two_sessions_on_one_store_keep_both(store_dir: Path, clock: TickingClock) -> None:
    one = open_store(store_dir, clock=clock)
    two = open_store(store_dir, clock=clock)
    one.save_draft(_draft(clock, "d-aaa", "Kept By One"))
    two.save_draft(_draft(clock, "d-bbb", "Kept By Two"))
    names = sorted(d.client.name for d in open_store(store_dir).list_drafts()[0])
    assert names == ["Kept By One", "Kept By Two"]


def test_draft_files_are_private_and_named_by_login_and_id(
    repo: TinyRepository, clock: TickingClock
) -> None:
    repo.save_draft(_draft(clock, "d-one", pane="checklist", item="forward_head"))
    path = drafts.draft_path(repo.layout.drafts, "d-one")
    assert path.name == f"{drafts.draft_path(repo.layout.drafts).stem}+d-one.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = repo.load_draft("d-one")
    assert loaded is not None and (loaded.pane, loaded.item) == ("checklist", "forward_head")
    with pytest.raises(StoreError):
        drafts.draft_path(repo.layout.drafts, "../escape")


def test_a_draft_kept_before_ids_still_reads(repo: TinyRepository, clock: TickingClock) -> None:
    """The single draft of an older store (LOGIN.json, no id, pane or item) is listed too."""
    old = codec.to_document("draft", Draft(make_client(), None, saved_at=clock()))
    for key in ("id", "pane", "item"):
        del old[key]
    path = drafts.draft_path(repo.layout.drafts)
    path.write_text(json.dumps(old))
    repo.save_draft(_draft(clock, "d-new"))
    found, _ = repo.list_drafts()
    assert sorted(d.id for d in found) == ["", "d-new"]
    repo.clear_draft("")
    assert not path.exists()


def test_a_damaged_draft_never_hides_the_others(repo: TinyRepository, clock: TickingClock) -> None:
    repo.save_draft(_draft(clock, "d-good", "Good Draft"))
    bad = drafts.draft_path(repo.layout.drafts, "d-bad")
    bad.write_text('{"schema_version": 2, "client": 1')
    found, problems = repo.list_drafts()
    assert [d.client.name for d in found] == ["Good Draft"]
    assert len(problems) == 1 and "d-bad" in problems[0]
    copied = drafts.draft_path(repo.layout.drafts, "d-copy")  # a file renamed by hand
    copied.write_bytes(drafts.draft_path(repo.layout.drafts, "d-good").read_bytes())
    assert len(repo.list_drafts()[1]) == 2


def test_a_symlinked_draft_is_refused_not_followed(
    repo: TinyRepository, clock: TickingClock, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    os.symlink(target, drafts.draft_path(repo.layout.drafts, "d-link"))
    found, problems = repo.list_drafts()
    assert found == [] and "symlink" in problems[0]
    repo.clear_draft("d-link")  # removes the link, never its target
    assert target.read_text() == "{}"


def test_has_drafts_sees_any_login(repo: TinyRepository, clock: TickingClock) -> None:
    assert not repo.has_drafts()
    (repo.layout.drafts / "someone-else+d-x.json").write_text("{}")
    assert repo.has_drafts()
    assert repo.list_drafts() == ([], [])  # another login's drafts are theirs


def test_demo_clients_are_marked_and_removed_alone(
    repo: TinyRepository, clock: TickingClock
) -> None:
    knowledge = load_knowledge()
    real = repo.save_client(make_client())
    repo.save_assessment(make_assessment())
    repo.save_draft(_draft(clock, "d-kept"))
    made = generate(repo, knowledge, analyze, clients=4, assessments=2)
    rows = {row.id: row for row in repo.list_clients()}
    assert [rows[cid].synthetic for cid in made] == [True] * 4
    assert not rows[real.id].synthetic and not real.synthetic
    before = repo.layout.client_file(real.id).read_bytes()
    drafts_before = sorted(p.name for p in repo.layout.drafts.iterdir())
    log_before = len(audit.read(repo.layout.audit))

    assert sorted(remove(repo)) == sorted(made)
    assert [row.id for row in repo.list_clients()] == [real.id]
    assert repo.layout.client_file(real.id).read_bytes() == before
    assert sorted(p.name for p in repo.layout.drafts.iterdir()) == drafts_before
    events = audit.read(repo.layout.audit)[log_before:]
    assert sorted(e["record"] for e in events) == sorted(made)
    assert {e["action"] for e in events} == {"demo.remove"}
    assert remove(repo) == []
    assert check_store(repo.path).problems == []


def test_a_row_marked_demo_over_a_real_record_is_not_removed(repo: TinyRepository) -> None:
    real = repo.save_client(make_client())
    from posture_tui.store.summary import summarize

    repo._index().update([evolve(summarize(real, []), synthetic=True)])  # a planted row
    assert remove(repo) == []
    assert repo.get_client(real.id) == real


def test_records_saved_before_the_mark_still_open(repo: TinyRepository) -> None:
    doc = codec.to_document("client", make_client())
    del doc["synthetic"]
    assert codec.from_document("client", doc).synthetic is False
    row = codec.to_document("summary", repo.save_client(make_client()) and repo.list_clients()[0])
    del row["synthetic"]
    assert codec.from_document("summary", row).synthetic is False
