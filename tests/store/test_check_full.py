"""A full `check` after a healthy one (issue 17): it reads every file's bytes again but decodes
only what changed; the bytes of a file that changed under an unchanged signature are found by
their digest; `deep` and a new posture-tui version decode every record again."""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.store import check_memory, repository
from posture_tui.store.check import check_store
from posture_tui.store.check_memory import memory_file, signature
from posture_tui.store.folder import read_meta
from posture_tui.store.repository import TinyRepository

from .helpers import make_client

pytestmark = pytest.mark.usefixtures("own_cache")


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The client ids whose record files a check decodes."""
    seen: list[str] = []
    original = repository.RecordFile.revisions

    def counted(self: repository.RecordFile) -> object:
        seen.append(str(self.client_id))
        return original(self)

    monkeypatch.setattr(repository.RecordFile, "revisions", counted)
    return seen


def _memory(repo: TinyRepository) -> Path:
    meta = read_meta(repo.layout)
    assert meta is not None
    path = memory_file(repo.layout, str(meta.created))
    assert path is not None and path.exists()
    return path


def test_the_first_check_decodes_every_record(repo: TinyRepository, decoded: list[str]) -> None:
    for number in range(3):
        repo.save_client(make_client(f"c-{number}", f"Client {number}"))
    decoded.clear()
    report = check_store(repo.path)
    assert report.problems == [] and sorted(decoded) == ["c-0", "c-1", "c-2"]
    assert report.scope() == "every record decoded"


def test_a_full_check_reads_every_file_but_decodes_only_what_changed(
    checked: TinyRepository, decoded: list[str]
) -> None:
    checked.save_client(evolve(checked.get_client("c-2"), goals="walk further"))
    decoded.clear()  # the save reads its record too
    report = check_store(checked.path)
    assert report.problems == [] and report.clients == 6
    assert decoded == ["c-2"]
    assert report.scope() == "every file read; 1 new or changed record(s) decoded"


def test_bytes_changed_under_an_unchanged_signature_are_found_by_the_full_check_only(
    checked: TinyRepository,
) -> None:
    """Bit rot, or a restore that kept every time stamp: the signature cannot see it, the
    digest does. Simulated by telling the memory the damaged file's signature."""
    record = checked.layout.client_file("c-3")
    remembered_before = signature(record.lstat())
    record.write_bytes(record.read_bytes()[:60])
    memory = _memory(checked)
    text = memory.read_text().replace(remembered_before, signature(record.lstat()))
    memory.write_text(text)

    assert check_store(checked.path, incremental=True).problems == []  # trusts the signature
    problems = check_store(checked.path).problems
    assert [(p.path, p.kind) for p in problems] == [(record, "record")]


def test_deep_decodes_every_record(checked: TinyRepository, decoded: list[str]) -> None:
    report = check_store(checked.path, deep=True)
    assert report.problems == [] and sorted(decoded) == [f"c-{n}" for n in range(6)]
    assert report.scope() == "every record decoded"


def test_a_memory_of_another_version_is_not_trusted(
    checked: TinyRepository, decoded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version may check records by other rules: what it verified is decoded again."""
    monkeypatch.setattr(check_memory, "__version__", "99.0.0")
    report = check_store(checked.path, incremental=True)
    assert report.problems == [] and len(decoded) == 6


def test_a_file_written_while_the_check_ran_is_not_remembered_as_verified(
    checked: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posture_tui.store import check

    checked.save_client(evolve(checked.get_client("c-5"), goals="changed once"))
    original = check.recall

    def written_meanwhile(path: Path | None) -> object:  # after the walk, before any read
        checked.save_client(evolve(checked.get_client("c-5"), goals="changed again"))
        return original(path)

    monkeypatch.setattr(check, "recall", written_meanwhile)
    assert check_store(checked.path).problems == []
    monkeypatch.setattr(check, "recall", original)
    report = check_store(checked.path)
    assert report.problems == [] and report.decoded == 1  # c-5 once more, nothing else
