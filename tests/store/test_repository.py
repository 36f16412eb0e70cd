"""Repository behaviour a therapist relies on: revisions, conflicts, signing, search, drafts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.domain.records import SIGNED, Draft
from posture_tui.store.errors import ConflictError, NotFoundError, SignedError, StoreError
from posture_tui.store.repository import TinyRepository, open_store

from .conftest import TickingClock
from .helpers import make_assessment, make_client


def test_save_and_read_back_a_client(repo: TinyRepository) -> None:
    saved = repo.save_client(make_client())
    assert saved.revision == 1
    assert saved.created is not None and saved.updated == saved.created
    assert repo.get_client("c-anna") == saved
    with pytest.raises(NotFoundError):
        repo.get_client("c-nobody")


def test_saving_over_a_newer_save_is_a_conflict(repo: TinyRepository) -> None:
    first = repo.save_client(make_client())
    mine = evolve(first, goals="walk the dog")
    theirs = repo.save_client(evolve(first, goals="run a marathon"))
    with pytest.raises(ConflictError) as caught:
        repo.save_client(mine)
    assert caught.value.expected == 1 and caught.value.found == 2
    assert repo.get_client("c-anna") == theirs  # nothing silently overwritten
    again = repo.save_client(evolve(theirs, goals="walk the dog"))
    assert again.revision == 3


def test_a_second_session_sees_the_conflict_too(store_dir: Path, clock: TickingClock) -> None:
    one = open_store(store_dir, clock=clock)
    two = open_store(store_dir, clock=clock)
    base = one.save_client(make_client())
    loaded_by_two = two.get_client(base.id)
    one.save_client(evolve(base, contact="new phone"))
    with pytest.raises(ConflictError):
        two.save_client(evolve(loaded_by_two, contact="other phone"))


def test_new_client_with_a_taken_id_is_a_conflict(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    with pytest.raises(ConflictError):
        repo.save_client(make_client(name="Somebody Else"))


def test_signing_names_the_revision_read(repo: TinyRepository) -> None:
    """A signature covers only the revision the therapist saw; a newer save is a conflict."""
    repo.save_client(make_client())
    seen = repo.save_assessment(make_assessment())
    repo.save_assessment(evolve(seen, notes="a colleague's later save"))
    with pytest.raises(ConflictError, match="you edited revision 1, the store has 2"):
        repo.sign_assessment("c-anna", "a-one", by="therapist-a", revision=seen.revision)
    assert not repo.get_assessment("c-anna", "a-one").is_signed
    signed = repo.sign_assessment("c-anna", "a-one", by="therapist-a", revision=2)
    assert signed.is_signed and signed.revision == 3


def test_assessment_revisions_sign_and_amend(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    draft = repo.save_assessment(make_assessment())
    assert draft.revision == 1
    draft = repo.save_assessment(evolve(draft, notes="more detail"))
    assert draft.revision == 2
    with pytest.raises(ConflictError):
        repo.save_assessment(evolve(draft, revision=1))

    signed = repo.sign_assessment("c-anna", "a-one", by="therapist-a")
    assert signed.status == SIGNED and signed.revision == 3
    assert signed.signed_by == "therapist-a" and signed.signed_at is not None
    with pytest.raises(SignedError):
        repo.save_assessment(evolve(signed, status="draft", notes="changed quietly"))
    with pytest.raises(SignedError):
        repo.sign_assessment("c-anna", "a-one", by="therapist-a")
    with pytest.raises(SignedError):
        repo.delete_assessment("c-anna", "a-one")

    amended = repo.amend_assessment("c-anna", "a-one", by="therapist-b")
    assert amended.status == "draft" and amended.revision == 4
    assert amended.amends_revision == 3 and amended.amended_by == "therapist-b"
    assert amended.amended_at is not None
    amended = repo.save_assessment(evolve(amended, notes="corrected side"))
    resigned = repo.sign_assessment("c-anna", "a-one", by="therapist-b")

    assert repo.get_assessment("c-anna", "a-one", revision=3) == signed  # old one readable
    assert repo.get_assessment("c-anna", "a-one") == resigned
    revisions = repo.assessment_revisions("c-anna", "a-one")
    assert [r.revision for r in revisions] == [1, 2, 3, 4, 5, 6]  # every save is kept
    assert [r.status for r in revisions] == ["draft", "draft", SIGNED, "draft", "draft", SIGNED]
    assert revisions[1].notes == "more detail"
    assert repo.list_assessments("c-anna") == [resigned]


def test_amending_a_draft_is_refused(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    repo.save_assessment(make_assessment())
    with pytest.raises(StoreError, match="draft"):
        repo.amend_assessment("c-anna", "a-one", by="x")


def test_assessment_needs_its_client(repo: TinyRepository) -> None:
    with pytest.raises(NotFoundError):
        repo.save_assessment(make_assessment(client_id="c-ghost"))


def test_list_assessments_newest_first_and_delete_draft(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    old = repo.save_assessment(make_assessment(assessment_id="a-old"))
    new = repo.save_assessment(
        make_assessment(assessment_id="a-new", created=old.created.replace(year=2027))
    )
    assert [a.id for a in repo.list_assessments("c-anna")] == ["a-new", "a-old"]
    repo.delete_assessment("c-anna", new.id)
    assert [a.id for a in repo.list_assessments("c-anna")] == ["a-old"]
    assert repo.list_clients()[0].assessments == 1


def test_index_summary_follows_saves(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    assert repo.list_clients()[0].assessments == 0
    saved = repo.save_assessment(make_assessment())
    (row,) = repo.list_clients()
    assert row.assessments == 1 and row.last_assessed == saved.created
    assert row.name == "Anna Zoë Müller" and row.birth_date == date(1980, 4, 2)


def test_delete_client(repo: TinyRepository, store_dir: Path) -> None:
    repo.save_client(make_client())
    repo.delete_client("c-anna")
    assert repo.list_clients() == []
    with pytest.raises(NotFoundError):
        repo.get_client("c-anna")
    assert (store_dir / "backups" / "clients" / "c-anna.json.1").exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoe", ["c-anna"]),
        ("ZOË", ["c-anna"]),
        ("muller", ["c-anna"]),
        ("anna mül", ["c-anna"]),
        ("jose", ["c-jose"]),
        ("1980", ["c-anna"]),
        ("1980-04", ["c-anna"]),
        ("02.04.1980", ["c-anna"]),
        ("15/11", ["c-jose"]),
        ("", ["c-jose", "c-anna"]),
        ("nobody", []),
    ],
)
def test_search_by_name_or_birth_date(
    repo: TinyRepository, query: str, expected: list[str]
) -> None:
    repo.save_client(make_client())
    repo.save_client(make_client("c-jose", "José Núñez", birth_date=date(1975, 11, 15)))
    assert [row.id for row in repo.list_clients(query)] == expected


def test_search_sees_saves_from_another_session(store_dir: Path, clock: TickingClock) -> None:
    reader = open_store(store_dir, clock=clock)
    writer = open_store(store_dir, clock=clock)
    assert reader.list_clients() == []
    writer.save_client(make_client())
    assert [row.id for row in reader.list_clients("anna")] == ["c-anna"]
    writer.save_client(make_client("c-bo", "Bo Ek"))
    assert [row.id for row in reader.list_clients("bo")] == ["c-bo"]


def test_drafts_are_per_user_and_survive_reopen(store_dir: Path, clock: TickingClock) -> None:
    repo = open_store(store_dir, clock=clock)
    assert repo.load_draft() is None
    draft = Draft(make_client(), make_assessment(), saved_at=clock())
    repo.save_draft(draft)
    assert open_store(store_dir, clock=clock).load_draft() == draft
    repo.save_draft(Draft(make_client(goals="changed"), None, saved_at=clock()))
    loaded = repo.load_draft()
    assert loaded is not None and loaded.client.goals == "changed" and loaded.assessment is None
    repo.clear_draft()
    assert repo.load_draft() is None
    repo.clear_draft()  # clearing twice is fine


def test_new_ids_are_short_and_distinct(repo: TinyRepository) -> None:
    ids = {repo.new_id("client") for _ in range(2000)}
    assert len(ids) == 2000
    assert all(i.startswith("c-") and len(i) == 12 for i in ids)
    assert repo.new_id("assessment").startswith("a-")


@pytest.mark.parametrize("bad", ["../escape", "a/b", "", ".hidden", "x" * 65])
def test_ids_that_are_not_safe_file_names_are_refused(repo: TinyRepository, bad: str) -> None:
    with pytest.raises(StoreError, match="not valid"):
        repo.save_client(make_client(client_id=bad))


def test_a_folder_of_other_files_is_not_taken_over(tmp_path: Path) -> None:
    (tmp_path / "thesis.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a posture-tui store"):
        open_store(tmp_path)
