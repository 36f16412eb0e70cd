"""Several app sessions and import processes on one store at once.

Two (long mode: three) real app sessions, each its own process, keep editing and saving one
shared assessment and one of their own, while import processes add clients and follow-up
visits. Afterwards: no two saves a session saw succeed carry the same revision of one
assessment (nothing was overwritten silently), the newest acknowledged save of each assessment
is what the store holds (nothing was lost), every imported id is there, and `check` passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.hostile.conftest import LONG, TickingClock, size, store_problems
from tests.hostile.documents import VALID
from tests.hostile.session_worker import fingerprint

from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.use_cases.demo import generate
from posture_tui.use_cases.transfer import import_payload

ROOT = Path(__file__).resolve().parents[2]
SECONDS = size(8, 60)
SESSIONS = 3 if LONG else 2
IMPORTERS = 2


def import_loop(store: Path, folder: Path, number: int, until: float, out: list[Any]) -> None:
    """Run `posture-tui import` again and again: new clients and follow-ups of one client."""
    count = 0
    follow_up_of: str | None = None
    while time.monotonic() < until:
        count += 1
        doc = json.loads(json.dumps(VALID))
        doc["client"]["name"] = f"Import {number}-{count}"
        if follow_up_of is not None and count % 2 == 0:
            doc["client"]["id"] = follow_up_of
        path = folder / f"import-{number}-{count}.json"
        path.write_text(json.dumps([doc, json.loads(json.dumps(VALID))]))
        done = subprocess.run(
            [sys.executable, "-m", "posture_tui", "import", str(path), "--db", str(store)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        out.append((done.returncode, done.stdout, done.stderr))
        if done.returncode == 0 and follow_up_of is None:
            follow_up_of = done.stdout.split()[0]


def test_sessions_and_imports_at_once(tmp_path: Path) -> None:
    store = tmp_path / "store"
    repo = open_store(store, clock=TickingClock())
    knowledge = load_knowledge()
    generate(repo, knowledge, analyze, clients=20, assessments=2, seed=5)
    stored = import_payload(repo, [VALID] * (1 + SESSIONS), knowledge)
    targets = [(cid, repo.get_assessment(cid, str(aid))) for cid, aid in stored]
    assert all(assessment.status == "draft" for _, assessment in targets)
    shared = targets[0]

    barrier = tmp_path / "barrier"
    barrier.mkdir()
    workers = []
    for number in range(SESSIONS):
        own = targets[1 + number]
        out = tmp_path / f"session-{number}.json"
        argv = [str(store), str(SECONDS), str(number + 1), shared[0], shared[1].id]
        argv += [own[0], own[1].id, str(out), str(barrier), str(SESSIONS)]
        workers.append(
            (
                out,
                subprocess.Popen(
                    [sys.executable, "-m", "tests.hostile.session_worker", *argv],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    imports: list[Any] = []
    until = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=import_loop, args=(store, tmp_path, n, until, imports))
        for n in range(IMPORTERS)
    ]
    for thread in threads:
        thread.start()
    results = []
    for out, process in workers:
        _, err = process.communicate(timeout=SECONDS + 120)
        assert process.returncode == 0, err[-2000:]
        assert "Traceback" not in err
        results.append(json.loads(out.read_text()))
    for thread in threads:
        thread.join(timeout=180)

    repo = open_store(store)
    # Every import either stored everything and printed the ids, or failed cleanly.
    assert imports, "no import ran"
    for code, stdout, stderr in imports:
        assert code == 0, stderr
        for line in stdout.splitlines():
            client_id, assessment_id = line.split()
            repo.get_assessment(client_id, assessment_id)

    saves: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        for save in result["saves"]:
            saves[save["assessment"]].append(save)
    assert saves[shared[1].id], "no session ever saved the shared assessment"
    assert sum(result["conflicts"] for result in results) >= 1, "the sessions never collided"
    clients = {assessment.id: cid for cid, assessment in targets}
    for assessment_id, acknowledged in saves.items():
        revisions = [save["revision"] for save in acknowledged]
        assert len(revisions) == len(set(revisions)), f"two saves became one revision: {revisions}"
        assert all(save["revision"] > save["base"] for save in acknowledged)
        newest = max(acknowledged, key=lambda save: save["revision"])
        stored = repo.get_assessment(clients[assessment_id], assessment_id)
        assert stored.revision == newest["revision"], "the newest acknowledged save was lost"
        assert fingerprint(stored.findings) == newest["findings"]
    assert store_problems(store) == []
    print(
        f"{len(imports)} imports; saves per assessment: {[len(v) for v in saves.values()]}; "
        f"conflicts: {[result['conflicts'] for result in results]}"
    )
