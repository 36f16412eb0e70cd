"""Store benchmarks: save cost at 0 vs 2,000 clients x 10 assessments, search per keystroke."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import evolve

from posture_tui.domain.assessment import Finding
from posture_tui.domain.records import Assessment, Client, Draft
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.use_cases.demo import generate

CLIENTS = 2000
ASSESSMENTS = 10
SAVES = 40
KEYSTROKES = ("a", "an", "ann", "anna", "m", "mü", "mül", "1980", "1980-0", "zo", "zoë")


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _saver(repo: TinyRepository) -> Callable[[], object]:
    """An action saving one assessment draft of a fresh client with one assessment."""
    client = repo.save_client(Client(id=repo.new_id("client"), name="Bench Client"))
    now = repo.clock()
    first = Assessment(
        id=repo.new_id("assessment"),
        client_id=client.id,
        therapist="bench",
        created=now,
        updated=now,
        findings=(Finding("forward_head", 2),),
    )
    state = {"current": repo.save_assessment(first)}

    def save() -> None:
        state["current"] = repo.save_assessment(evolve(state["current"], notes="edited"))

    return save


def _save_costs(empty: TinyRepository, full: TinyRepository) -> tuple[float, float]:
    """Median ms per save in each store, alternating so both see the same disk noise."""
    save_empty, save_full = _saver(empty), _saver(full)
    empty_ms, full_ms = [], []
    for _ in range(SAVES):
        empty_ms.append(_median_ms(save_empty, 1))
        full_ms.append(_median_ms(save_full, 1))
    return statistics.median(empty_ms), statistics.median(full_ms)


def _search_cost(repo: TinyRepository) -> tuple[float, float, float]:
    """ms per keystroke: the store's search, a plain in-memory filter, and a search after
    another session saved (the index must be read again)."""
    repo.list_clients()  # warm
    ours = _median_ms(lambda: [repo.list_clients(q) for q in KEYSTROKES], 5) / len(KEYSTROKES)
    rows = repo.list_clients()
    plain = [(row, row.name.lower()) for row in rows]
    baseline = _median_ms(
        lambda: [[row for row, name in plain if q in name] for q in KEYSTROKES], 5
    ) / len(KEYSTROKES)

    other = open_store(repo.path)
    victim = other.get_client(rows[0].id)

    def after_save() -> None:
        nonlocal victim
        victim = other.save_client(evolve(victim, goals=str(time.time())))
        started = time.perf_counter()
        repo.list_clients("ann")
        cold.append((time.perf_counter() - started) * 1000)

    cold: list[float] = []
    for _ in range(5):
        after_save()
    return ours, baseline, statistics.median(cold)


def run() -> list[dict[str, Any]]:
    knowledge = load_knowledge()
    with tempfile.TemporaryDirectory(prefix="posture-bench-") as folder:
        empty = open_store(Path(folder) / "empty")
        full = open_store(Path(folder) / "full")
        started = time.perf_counter()
        generate(full, knowledge, analyze, clients=CLIENTS, assessments=ASSESSMENTS, seed=1)
        fill_s = time.perf_counter() - started
        save_empty, save_full = _save_costs(empty, full)
        search_ms, filter_ms, cold_ms = _search_cost(full)
        draft = Draft(full.get_client(full.list_clients()[0].id), None, saved_at=full.clock())
        draft_ms = _median_ms(lambda: full.save_draft(draft), SAVES)
    scale = f"{CLIENTS:,}x{ASSESSMENTS}"
    return [
        {
            "name": f"store: save assessment at {scale} (vs empty)",
            "value": save_full,
            "unit": "ms",
            "baseline": save_empty,
            "ratio": save_full / save_empty,
            "goal": ("ratio", 1.25),  # issue 8: a save costs the same on day one and in year ten
        },
        {
            "name": f"store: search per keystroke, {CLIENTS:,} clients",
            "value": search_ms,
            "unit": "ms",
            "baseline": filter_ms,
            "ratio": search_ms / filter_ms,
            "goal": ("value", 16.0),  # one frame at 60 Hz
        },
        {
            "name": "store: search after another session saved",
            "value": cold_ms,
            "unit": "ms",
            "baseline": search_ms,
            "ratio": cold_ms / search_ms,
            "goal": ("value", 100.0),
        },
        {
            "name": "store: draft autosave",
            "value": draft_ms,
            "unit": "ms",
            "baseline": save_full,
            "ratio": draft_ms / save_full,
            "goal": ("value", 50.0),
        },
        {
            "name": f"store: demo fill {scale}",
            "value": fill_s,
            "unit": "s",
            "baseline": None,
            "ratio": None,
            "goal": ("value", 60.0),
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
