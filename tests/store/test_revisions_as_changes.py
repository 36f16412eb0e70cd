"""Earlier revisions are stored as what changed (issue 17): the file stays about one revision
big however often an assessment is saved, every revision reads back as it was saved, a file
written before this keeps working and is converted on its next save, and a damaged change is
one line, reported by `check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from posture_tui.domain.records import Assessment
from posture_tui.store import codec
from posture_tui.store.check import check_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.use_cases.transfer import export_record

from .conftest import TickingClock
from .helpers import make_assessment, make_client


def _saved_many(repo: TinyRepository, times: int) -> list[Assessment]:
    repo.save_client(make_client())
    saved = [repo.save_assessment(make_assessment())]
    for number in range(times - 1):
        saved.append(repo.save_assessment(evolve(saved[-1], notes=f"visit note {number}")))
    return saved


def _table(repo: TinyRepository) -> dict[str, Any]:
    data = json.loads(repo.layout.client_file("c-anna").read_bytes())
    table: dict[str, Any] = data["assessments"]
    return table


def test_thirty_saves_keep_one_whole_revision_and_read_back_as_saved(repo: TinyRepository) -> None:
    saved = _saved_many(repo, 30)
    table = _table(repo)
    whole = [doc for doc in table.values() if "delta_of" not in doc]
    assert [doc["revision"] for doc in whole] == [30]
    assert sorted(doc["revision"] for doc in table.values() if "delta_of" in doc) == list(
        range(1, 30)
    )
    one_revision = len(json.dumps(codec.to_document("assessment", saved[-1])))
    size = repo.layout.client_file("c-anna").stat().st_size
    assert size < one_revision + 29 * 250  # each earlier one: its notes, time and number
    assert size < 30 * one_revision / 4  # stored whole, thirty revisions were thirty times one
    assert repo.assessment_revisions("c-anna", "a-one") == saved
    assert repo.get_assessment("c-anna", "a-one", revision=7) == saved[6]
    assert repo.get_assessment("c-anna", "a-one") == saved[-1]
    assert check_store(repo.path).problems == []


def test_a_signed_revision_reads_back_after_an_amendment(repo: TinyRepository) -> None:
    saved = _saved_many(repo, 3)
    signed = repo.sign_assessment("c-anna", "a-one", "therapist-a")
    amended = repo.amend_assessment("c-anna", "a-one", "therapist-a")
    repo.save_assessment(evolve(amended, notes="after the amendment"))
    revisions = repo.assessment_revisions("c-anna", "a-one")
    assert revisions[: len(saved)] == saved
    assert revisions[len(saved)] == signed and signed.is_signed


def test_the_exported_record_holds_every_revision_whole(repo: TinyRepository) -> None:
    saved = _saved_many(repo, 5)
    exported = export_record(repo, "c-anna")
    assert [item["revision"] for item in exported["assessments"]] == [1, 2, 3, 4, 5]
    assert exported["assessments"][1] == codec.unstructure(saved[1])


def test_a_file_written_with_whole_revisions_reads_and_converts_on_its_next_save(
    repo: TinyRepository, clock: TickingClock
) -> None:
    """Stores written before this kept every revision whole: they read as before, and the
    next save stores their earlier revisions as changes, each reading back the same."""
    saved = _saved_many(repo, 4)
    path = repo.layout.client_file("c-anna")
    data = json.loads(path.read_bytes())
    data["assessments"] = {
        str(number): codec.to_document("assessment", item)
        for number, item in enumerate(saved, start=1)
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    old = open_store(repo.path, clock=clock)
    assert old.assessment_revisions("c-anna", "a-one") == saved
    latest = old.save_assessment(evolve(saved[-1], notes="the next visit"))
    assert [doc["revision"] for doc in _table(old).values() if "delta_of" not in doc] == [5]
    assert old.assessment_revisions("c-anna", "a-one") == [*saved, latest]


def test_an_imported_record_stores_its_earlier_revisions_as_changes(
    repo: TinyRepository,
) -> None:
    first = make_assessment(revision=1)
    later = [evolve(first, revision=n, notes=f"note {n}") for n in range(2, 6)]
    repo.import_records([(make_client(), [first, *later])])
    table = _table(repo)
    assert [doc["revision"] for doc in table.values() if "delta_of" not in doc] == [5]
    assert repo.assessment_revisions("c-anna", "a-one") == [first, *later]


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda doc: doc.update(base=99), "the revision its change is taken from is missing"),
        (lambda doc: doc.update(change={"?": 1}), "a change of an unknown kind"),
        (lambda doc: doc.update(change={"{}": {"drop": ["nothing"]}}), "drops a key"),
        (lambda doc: doc.update(revision="2"), "not a stored earlier revision"),
        (lambda doc: doc.update(extra=1), "not a stored earlier revision"),
        (lambda doc: doc.update(change={"{}": {"set": {"revision": 9}}}), "rebuilds another"),
    ],
)
def test_a_damaged_change_is_one_line_and_check_reports_it(
    repo: TinyRepository, clock: TickingClock, damage: Any, words: str
) -> None:
    _saved_many(repo, 3)
    path = repo.layout.client_file("c-anna")
    data = json.loads(path.read_bytes())
    (key,) = [k for k, doc in data["assessments"].items() if doc.get("revision") == 2]
    damage(data["assessments"][key])
    path.write_text(json.dumps(data), encoding="utf-8")
    fresh = open_store(repo.path, clock=clock)
    with pytest.raises(StoreError) as caught:
        fresh.assessment_revisions("c-anna", "a-one")
    message = str(caught.value)
    assert str(path) in message and words in message and "\n" not in message
    assert [p.path for p in check_store(repo.path).problems] == [path]


def test_the_disk_per_revision_stays_small(repo: TinyRepository, store_dir: Path) -> None:
    """What one more save adds to the record file: the change, not another whole revision."""
    saved = _saved_many(repo, 10)
    path = repo.layout.client_file("c-anna")
    before = path.stat().st_size
    repo.save_assessment(evolve(saved[-1], notes="one more"))
    assert path.stat().st_size - before < 300


def test_a_save_over_a_revision_that_does_not_read_plainly_is_refused(
    repo: TinyRepository, clock: TickingClock
) -> None:
    """A save decodes the revision it follows only when its number or status is not plain
    (or it is of an older format); then the decoding names what is wrong, nothing written."""
    saved = _saved_many(repo, 2)
    path = repo.layout.client_file("c-anna")
    data = json.loads(path.read_bytes())
    newest = next(doc for doc in data["assessments"].values() if "delta_of" not in doc)
    newest["status"] = 5
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(repo.path, clock=clock).save_assessment(evolve(saved[-1], notes="again"))
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == before
