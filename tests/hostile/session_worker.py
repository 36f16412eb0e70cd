"""One app session for the concurrency test: `python -m tests.hostile.session_worker ARGS`.

Arguments: STORE SECONDS SEED SHARED_CLIENT SHARED_ASSESSMENT OWN_CLIENT OWN_ASSESSMENT OUT
BARRIER SESSIONS. Until SECONDS pass, it opens one of the two assessments in the real
VisitScreen, answers a few checklist items by key, waits a little (so other sessions can save
meanwhile) and presses F6. The first round edits the shared assessment and waits at BARRIER (a
folder) until all SESSIONS have it open, so at least one save meets a conflict.
A field both sessions changed brings the conflict dialog: it gets "r" (reload theirs) or "M"
then enter (mine for every field, saved on top of theirs) at random; what only one side changed
merges without a question.
Every save the session saw succeed is written to OUT as JSON: assessment, revision, the revision
it was based on, and the findings saved.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.tui.app import PostureApp, build_app
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.conflict import ConflictScreen
from posture_tui.tui.screens.dialogs import ChoiceScreen
from posture_tui.tui.screens.visit import VisitScreen
from posture_tui.tui.visit_start import open_visit_session


def fingerprint(findings: Any) -> list[list[Any]]:
    return sorted([f.item, f.severity, None if f.side is None else f.side.value] for f in findings)


def saving(app: PostureApp) -> bool:
    return any(w.group == "save" and not w.is_finished for w in app.workers)


async def settle(pilot: Pilot[None], app: PostureApp, rng: random.Random) -> list[str]:
    """Wait for the save to finish, answering conflict dialogs; the answers given."""
    answers: list[str] = []
    for _ in range(2000):
        await pilot.pause(0.01)
        if isinstance(app.screen, ConflictScreen):
            answers.append(rng.choice("rk"))
            await pilot.press(*(("r",) if answers[-1] == "r" else ("M", "enter")))
            continue
        if isinstance(app.screen, ChoiceScreen):  # over a signed revision: reload theirs
            answers.append("r")
            await pilot.press("r")
            continue
        if not saving(app):
            return answers
    raise AssertionError("the save never finished")


def meet(barrier: Path, seed: int, sessions: int) -> None:
    """Wait until every session has reached this point (up to a minute)."""
    (barrier / f"ready-{seed}").touch()
    deadline = time.monotonic() + 60
    while len(list(barrier.glob("ready-*"))) < sessions:
        if time.monotonic() > deadline:
            raise AssertionError("the other sessions never opened the shared assessment")
        time.sleep(0.01)


async def session(args: list[str]) -> dict[str, Any]:
    store, seconds, seed = Path(args[0]), float(args[1]), int(args[2])
    targets = [(args[3], args[4]), (args[5], args[6])]
    barrier, sessions = Path(args[8]), int(args[9])
    first = True
    rng = random.Random(seed)
    app = build_app(open_store(store), load_knowledge(), therapist=f"worker{seed}")
    app.autosave_seconds = 0.5
    saves: list[dict[str, Any]] = []
    conflicts = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while not isinstance(app.screen, ClientListScreen):  # a draft offer: later
            await pilot.press("l")
            await pilot.pause()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shared = first or rng.random() < 0.7
            client_id, assessment_id = targets[0] if shared else targets[1]
            screen = VisitScreen(open_visit_session(app, client_id, assessment_id))
            await app.push_screen(screen)
            await pilot.press("f3")
            for _ in range(rng.randint(1, 3)):
                await pilot.press(rng.choice("0123"), rng.choice("lrb"))
            await pilot.pause(rng.uniform(0.0, 0.3))
            if first:
                meet(barrier, seed, sessions)
                first = False
            base = screen.session.assessment.revision
            await pilot.press("f6")
            answers = await settle(pilot, app, rng)
            saved = screen.session.assessment
            # a collision either asked (a field both changed) or merged on its own (the save
            # landed on top of another session's revision)
            merged = not answers and saved.revision > base + 1
            conflicts += len(answers) + int(merged)
            # "r" took the other session's version: that is a reload, not a save of ours; and
            # a merge that left nothing of ours to write ("Nothing to save.") adopted theirs
            wrote = not any("Nothing to save" in str(n.message) for n in app._notifications)
            app.clear_notifications()
            if "r" not in answers and wrote and not screen.session.dirty and saved.revision > base:
                stored_at = screen.session.assessment.revision
                saves.append(
                    {
                        "assessment": saved.id,
                        "revision": stored_at,
                        "base": base,
                        "findings": fingerprint(saved.findings),
                    }
                )
            screen.dismiss(None)
            await pilot.pause()
        app.exit()
    if app._exception is not None:
        raise app._exception
    return {"saves": saves, "conflicts": conflicts}


def main() -> None:
    args = sys.argv[1:]
    result = asyncio.run(session(args))
    Path(args[7]).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
