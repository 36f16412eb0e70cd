"""ENOSPC or EIO at any step of a write leaves the previous state intact and says so clearly."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from posture_tui.domain.photos import Photo
from posture_tui.store.check import check_store, repair_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store

from .conftest import TickingClock
from .helpers import make_assessment, make_client

PATCHED = ("open", "write", "fsync", "close", "replace", "link", "fchmod", "unlink")


class Faults:
    """Counts calls to os functions; raises OSError(code) at call number `fail_at`."""

    def __init__(self, fail_at: int | None, code: int) -> None:
        self.fail_at = fail_at
        self.code = code
        self.calls: list[str] = []

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            if len(self.calls) - 1 == self.fail_at:
                raise OSError(self.code, os.strerror(self.code))
            return real(*args, **kwargs)

        return call


@contextmanager
def faults(monkeypatch: pytest.MonkeyPatch, fail_at: int | None, code: int) -> Iterator[Faults]:
    counter = Faults(fail_at, code)
    with monkeypatch.context() as patch:
        for name in PATCHED:
            patch.setattr(os, name, counter.wrap(name, getattr(os, name)))
        yield counter


def _state(path: Path) -> tuple[Any, ...]:
    repo = open_store(path, clock=TickingClock())
    return (
        repo.list_clients(),
        {s.id: repo.record(s.id) for s in repo.list_clients()},
    )


@pytest.fixture
def template(tmp_path: Path) -> Path:
    repo = open_store(tmp_path / "template", clock=TickingClock())
    repo.save_client(make_client())
    repo.save_assessment(make_assessment())
    repo.save_assessment(evolve(repo.get_assessment("c-anna", "a-one"), notes="kept"))
    repo.save_assessment(evolve(repo.get_assessment("c-anna", "a-one"), notes="kept again"))
    data = b"a photo's bytes"  # kept with the visit, so a delete removes it under the journal
    photo = Photo("front", repo.store_photo("c-anna", data, "jpg"), "jpg", len(data), 10, 20)
    repo.save_assessment(evolve(repo.get_assessment("c-anna", "a-one"), photos=(photo,)))
    return tmp_path / "template"


def _kept_files(path: Path) -> dict[str, bytes]:
    """The bytes of every record and backup: what a therapist's history is made of."""
    return {
        str(file.relative_to(path)): file.read_bytes()
        for folder in ("clients", "backups", "photos")
        for file in sorted((path / folder).rglob("*"))
        if file.is_file()
    }


OPERATIONS: dict[str, Callable[[TinyRepository], object]] = {
    "save assessment": lambda r: r.save_assessment(
        evolve(r.get_assessment("c-anna", "a-one"), notes="edited")
    ),
    "new client": lambda r: r.save_client(make_client("c-new", "New Client")),
    "sign": lambda r: r.sign_assessment("c-anna", "a-one", by="t"),
    "delete client": lambda r: r.delete_client("c-anna"),
    "import": lambda r: r.import_records(
        [(make_client("c-imp", "Imported", revision=1), [make_assessment("c-imp", "a-imp")])],
        [make_assessment("c-anna", "a-two")],
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_fault_at_every_step_keeps_the_store_consistent(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    act = OPERATIONS[operation]
    before = _state(template)
    before_files = _kept_files(template)
    assert len([name for name in before_files if ".json." in name]) == 3  # every generation
    dry = tmp_path / "dry"
    shutil.copytree(template, dry)
    repo = open_store(dry, clock=TickingClock())
    with faults(monkeypatch, None, 0) as counted:
        act(repo)
    after = _state(dry)
    steps = len(counted.calls)
    assert steps > 10  # the write really goes through these calls

    failures = 0
    for step in range(steps):
        code = (errno.ENOSPC, errno.EIO)[step % 2]
        work = tmp_path / f"run-{step}"
        shutil.copytree(template, work)
        repo = open_store(work, clock=TickingClock())
        with faults(monkeypatch, step, code) as injected:
            try:
                act(repo)
            except StoreError as error:
                failures += 1
                message = str(error)
                assert "\n" not in message and os.strerror(code) in message, message
                assert str(work) in message, message  # names the file or the store
                outcome = "failed"
            else:
                outcome = "saved"
        assert injected.calls, "the fault was reached"
        state = _state(work)
        # either the previous state, intact, or (a fault after the point of no return, such
        # as removing the journal) the complete new one
        expected = before if outcome == "failed" else after
        assert _same(state, expected), (step, injected.calls[-1], outcome)
        if outcome == "failed":  # the backups too, byte for byte, each under its own name
            assert _kept_files(work) == before_files, (step, injected.calls[-1])
        problems = check_store(work).problems
        if outcome == "saved":  # a fault in the clean-up after the commit leaves a pre-image
            assert {p.kind for p in problems} <= {"leftover"}, (step, injected.calls[-1])
            problems = repair_store(work).problems
        assert problems == [], (step, injected.calls[-1])
        shutil.rmtree(work)
    assert failures >= steps // 2


def _same(one: tuple[Any, ...], two: tuple[Any, ...]) -> bool:
    """Equal but for the times the ticking clock stamps."""

    def strip(state: tuple[Any, ...]) -> Any:
        rows, records = state
        return (
            [(r.id, r.name, r.assessments) for r in rows],
            {
                cid: (
                    evolve(client, updated=None, created=None),
                    [evolve(a, updated=a.created, signed_at=None) for a in items],
                )
                for cid, (client, items) in records.items()
            },
        )

    return bool(strip(one) == strip(two))
