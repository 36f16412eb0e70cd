"""A store whose client index went missing must not look like an empty clinic."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from attrs import evolve
from tests.hostile.conftest import LONG, START, TickingClock

from posture_tui.domain.records import Draft
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import open_store
from posture_tui.use_cases.demo import generate


def test_a_missing_index_is_rebuilt_or_reported(tmp_path: Path) -> None:
    store = tmp_path / "store"
    made = generate(
        open_store(store, clock=TickingClock()), load_knowledge(), analyze, clients=5, seed=3
    )
    shutil.rmtree(store / "index")
    try:
        listed = open_store(store).list_clients()
    except StoreError as error:
        assert "index" in str(error) and "check --repair" in str(error)
    else:
        assert {summary.id for summary in listed} == set(made)


# ------------------------------------------------------------------ what belongs where a file is
# Issue 13: a symlink, FIFO, device, folder, oversized or too deeply nested file at every store
# path. Every command ends on its own with one-line errors, nothing outside the store changes,
# and `check --repair` leaves a healthy store. CI runs a spread of cases; the long run all.

_DRIVER = r"""
import sys
from pathlib import Path
from posture_tui.store.check import check_store, repair_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import open_store
from tests.store.helpers import make_client

store = Path(sys.argv[1])
errors = []

def attempt(action):
    try:
        action()
    except StoreError as error:
        assert "\n" not in str(error), "a multi-line error"
        errors.append(type(error).__name__)

def use():
    repo = open_store(store)
    attempt(repo.list_clients)
    attempt(lambda: repo.get_client("c-anna"))
    attempt(lambda: repo.save_client(make_client("c-new", "New")))
    attempt(repo.load_draft)

attempt(use)
check_store(store)
report = repair_store(store)
assert not report.problems, [str(p) for p in report.problems]
repo = open_store(store)
repo.save_client(make_client("c-after", "After"))
assert "c-after" in {s.id for s in repo.list_clients()}
print("ok", len(errors))
"""

_PLACES = (
    "store.json",
    ".lock",
    "audit.log",
    "journal.json",
    "index/SHARD.json",
    "clients/c-anna.json",
    "drafts/DRAFT",
    "backups/clients/c-anna.json.1",
)
_KINDS = ("private", "dangling", "zero", "fifo", "device", "folder", "large", "deep")
_CASES = [(place, kind) for place in _PLACES for kind in _KINDS]
# CI: each place once and each kind at least once, in a fixed spread
_CI = [(place, _KINDS[(3 * number) % len(_KINDS)]) for number, place in enumerate(_PLACES)]


@pytest.mark.parametrize(("place", "kind"), _CASES if LONG else _CI)
def test_no_store_path_is_followed_or_opened_when_special(
    tmp_path: Path, place: str, kind: str
) -> None:
    from tests.store.helpers import make_client

    from posture_tui.store import drafts
    from posture_tui.store.layout import shard_of
    from posture_tui.store.safefile import MAX_FILE_BYTES, MAX_LOG_BYTES

    store = tmp_path / "store"
    repo = open_store(store, clock=TickingClock())
    saved = repo.save_client(make_client())
    repo.save_client(evolve(saved, complaints="again"))
    repo.save_draft(Draft(make_client(), None, saved_at=START))
    relative = place.replace("SHARD", f"{shard_of('c-anna'):02d}")
    relative = relative.replace("DRAFT", drafts.draft_path(Path(".")).name)
    path = store / relative
    home = tmp_path / "home"
    home.mkdir()
    private = home / "private"
    private.write_bytes(b"private\n")
    os.chmod(private, 0o600)
    before = (private.read_bytes(), private.stat().st_mode, private.stat().st_gid)
    if os.path.lexists(path):
        path.unlink()
    if kind == "private":
        path.symlink_to(private)
    elif kind == "dangling":
        path.symlink_to(home / ".bash_aliases")
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.stat("/dev/zero").st_rdev)
        except PermissionError:
            pytest.skip("this container may not make device nodes")
    elif kind == "folder":
        path.mkdir()
    elif kind == "large":
        with path.open("wb") as handle:  # sparse: no disk used
            handle.truncate((MAX_LOG_BYTES if place == "audit.log" else MAX_FILE_BYTES) + 1)
    else:
        path.write_bytes(b"[" * 100_000 + b"]" * 100_000 + (b"\n" if place == "audit.log" else b""))
    try:
        result = subprocess.run(
            [sys.executable, "-c", _DRIVER, str(store)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).resolve().parents[2],
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{kind} at {place}: a command hung")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")
    assert (private.read_bytes(), private.stat().st_mode, private.stat().st_gid) == before
    assert sorted(p.name for p in home.iterdir()) == ["private"]
