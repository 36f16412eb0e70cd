"""Exports as a whole process: `posture-tui export` of a typical record against
`posture-tui --version` launched in the same run (issue 16: any export under 1 second).

The record is made the way the app makes it (the shipped knowledge and the real engine, the
record of tests/exports/real.py: six findings, two measurements, pain in two regions, one
contraindication). Each export is a fresh process writing its file, timed from spawn to exit;
launches alternate with the baseline so machine noise hits both alike. The font cache lives in
a folder of this run: warmed by one export first (as any export after a clinic's first), and
one extra launch with an empty cache shows what that first export costs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._fixture import row, workdir

ROOT = Path(__file__).resolve().parent.parent
LAUNCHES = int(os.environ.get("POSTURE_TUI_BENCH_EXPORTS", "7"))
GOAL_SECONDS = 1.0
CASES = (  # (label, client, what, format)
    ("export note, PDF", "c-latin", "note", "pdf"),
    ("export handout, PDF", "c-latin", "handout", "pdf"),
    ("export note, HTML", "c-latin", "note", "html"),
    ("export note, Markdown", "c-latin", "note", "md"),
    ("export note, PDF, CJK name", "c-cjk", "note", "pdf"),
)


def _store() -> Path:
    """A store holding the typical record twice: a Latin name and a name with CJK letters."""
    sys.path.insert(0, str(ROOT))
    from tests.exports.real import real_assessment, real_client

    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store

    path = workdir() / "exports-store"
    repo = open_store(path)
    knowledge = load_knowledge()
    for client_id, name in (("c-latin", "Zoë Miller"), ("c-cjk", "Zoë 山田太郎")):
        repo.save_client(real_client(client_id, name))
        repo.save_assessment(real_assessment(knowledge, client_id))
    return path


def _env(cache: Path) -> dict[str, str]:
    # Bytecode as on a clinic machine (see startup_bench.py); the font cache of this run only.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env.pop("POSTURE_TUI_NO_CACHE", None)
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def _launch(arguments: list[str], env: dict[str, str]) -> float:
    command = [str(Path(sys.executable).with_name("posture-tui")), *arguments]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=workdir(), env=env, capture_output=True, timeout=120)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed: {done.stderr.decode()[-300:]}")
    return seconds


def _export(store: Path, client: str, what: str, fmt: str) -> list[str]:
    out = workdir() / f"bench-{client}-{what}.{fmt}"
    return ["--db", str(store), "export", client, "--what", what, "--format", fmt, "-o", str(out)]


def run() -> list[dict[str, Any]]:
    store = _store()
    env = _env(workdir() / "cache")
    version = ["--version"]
    for _, client, what, fmt in CASES:  # warm the font cache, the file cache and the bytecode
        _launch([*_export(store, client, what, fmt), "--force"], env)
    _launch(version, env)
    rows = []
    for label, client, what, fmt in CASES:
        baseline: list[float] = []
        export: list[float] = []
        for _ in range(LAUNCHES):
            baseline.append(_launch(version, env))
            export.append(_launch([*_export(store, client, what, fmt), "--force"], env))
        rows.append(
            row(
                f"{label} (s)",
                statistics.median(export),
                "s",
                statistics.median(baseline),
                ("value", GOAL_SECONDS),
            )
        )
    cold = _launch(
        [*_export(store, "c-latin", "note", "pdf"), "--force"], _env(workdir() / "cold-cache")
    )
    # No goal: once per machine (and per font version), then the cache serves every export.
    rows.append(row("  first PDF, empty font cache (s)", cold, "s", statistics.median(baseline)))
    return rows
