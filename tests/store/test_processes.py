"""Many processes at once, and writers killed at random: no save lost, nothing unreadable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posture_tui.store.check import check_store
from posture_tui.store.repository import open_store

WORKER = str(Path(__file__).with_name("worker.py"))


def _start(store: Path, name: str, count: int, shared: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, WORKER, str(store), name, str(count), str(shared)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _acks(lines: str) -> tuple[list[tuple[str, str]], list[int]]:
    clients, shared = [], []
    for line in lines.splitlines():
        parts = line.split()
        if parts[:1] == ["client"] and len(parts) == 3:
            clients.append((parts[1], parts[2]))
        elif parts[:1] == ["shared"] and len(parts) == 2:
            shared.append(int(parts[1]))
    return clients, shared


@pytest.mark.slow
def test_eight_processes_saving_at_once(tmp_path: Path) -> None:
    store = tmp_path / "store"
    open_store(store)
    workers = [_start(store, f"w{n}", count=5, shared=3) for n in range(8)]
    acked: list[tuple[str, str]] = []
    revisions: list[int] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        clients, shared = _acks(out)
        acked += clients
        revisions += shared
    assert len(acked) == 40
    assert len({c for c, _ in acked}) == 40 and len({a for _, a in acked}) == 40  # unique ids
    repo = open_store(store)
    listed = {row.id: row for row in repo.list_clients()}
    for client_id, assessment_id in acked:
        assert listed[client_id].assessments == 1
        assert repo.get_assessment(client_id, assessment_id).revision == 1
    # 24 updates of one shared client, each on the latest revision: none lost
    assert sorted(revisions) == list(range(1, 25))
    assert repo.get_client("c-shared").revision == 24
    assert check_store(store).problems == []


@pytest.mark.slow
def test_writer_killed_at_random_moments(tmp_path: Path) -> None:
    store = tmp_path / "store"
    open_store(store)
    rng = random.Random(20260301)
    acked: list[tuple[str, str]] = []
    for _ in range(12):
        worker = _start(store, "k", count=1000, shared=0)
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
        # Wait for the first acknowledged save, so that on a loaded machine the kill still
        # lands among saves rather than during start-up.
        first = worker.stdout.readline()
        assert first.startswith("client "), first
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(worker.pid, signal.SIGKILL)
        out, _ = worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL
        clients, _ = _acks(first + out)
        acked += clients
        repo = open_store(store)  # always opens (finishing the interrupted write)
        report = check_store(store)
        assert report.problems == [], [str(p) for p in report.problems]
        listed = {row.id for row in repo.list_clients()}
        for client_id, assessment_id in acked:  # every acknowledged save is there
            assert client_id in listed
            assert repo.get_assessment(client_id, assessment_id).revision == 1


def test_a_colleagues_client_in_the_same_shard_survives_my_next_save(tmp_path: Path) -> None:
    """This process keeps the index shard it last wrote, to save the same visit again without
    parsing 1,560 rows; a colleague's save into that shard in between must not be lost."""
    from attrs import evolve

    from posture_tui.store.layout import shard_of

    from .helpers import make_client

    repo = open_store(tmp_path / "store")
    mine = "c-mine"
    theirs = next(f"c-{n}" for n in range(10_000) if shard_of(f"c-{n}") == shard_of(mine))
    saved = repo.save_client(make_client(mine, "Mine Client"))
    colleague = (
        "import sys\n"
        "from posture_tui.store.repository import open_store\n"
        "from posture_tui.domain.records import Client\n"
        f"open_store(sys.argv[1]).save_client(Client(id={theirs!r}, name='Their Client'))\n"
    )
    subprocess.run([sys.executable, "-c", colleague, str(repo.path)], check=True)
    repo.save_client(evolve(saved, goals="walk further"))
    names = {row.id: row.name for row in open_store(repo.path).list_clients()}
    assert names == {mine: "Mine Client", theirs: "Their Client"}
    assert check_store(repo.path).problems == []
