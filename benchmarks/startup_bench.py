"""Start-up and memory: the workstation on a 2,000 x 10 store against a bare Textual app.

Each launch is a fresh interpreter (`python -m benchmarks._apps`), timed from spawn to the
line it prints once its first screen is up and takes keys; that same process reports its
peak resident memory (ru_maxrss). Launches alternate so machine noise hits both sides alike.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._fixture import big_store, row

ROOT = Path(__file__).resolve().parent.parent
LAUNCHES = int(os.environ.get("POSTURE_TUI_BENCH_LAUNCHES", "7"))


def launch(kind: str, store: Path | None = None) -> tuple[float, float]:
    """(seconds to the first interactive screen, peak RSS in MiB) of one fresh process."""
    command = [sys.executable, "-m", "benchmarks._apps", kind]
    if store is not None:
        command.append(str(store))
    # Bytecode as on a clinic machine from its second launch on (and as `make` leaves it):
    # this machine sets PYTHONDONTWRITEBYTECODE, which would recompile our sources on every
    # launch while Textual's come precompiled from pip.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TEXTUAL"] = ""
    started = time.perf_counter()
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        seconds = time.perf_counter() - started
        _, err = child.communicate(timeout=60)
    if not line:
        raise RuntimeError(f"{kind} app did not start: {err.strip()[-300:]}")
    return seconds, json.loads(line)["maxrss_kib"] / 1024


def run() -> list[dict[str, Any]]:
    store = big_store()
    launch("bare")  # warm the file cache and the bytecode of both sides once
    launch("real", store)
    bare: list[tuple[float, float]] = []
    real: list[tuple[float, float]] = []
    for _ in range(LAUNCHES):
        bare.append(launch("bare"))
        real.append(launch("real", store))
    bare_s = statistics.median(s for s, _ in bare)
    real_s = statistics.median(s for s, _ in real)
    bare_mb = statistics.median(m for _, m in bare)
    real_mb = statistics.median(m for _, m in real)
    return [
        row("start-up to client list, 2000x10 (s)", real_s, "s", bare_s, ("ratio", 1.5)),
        row("peak memory at first screen, 2000x10", real_mb, "MB", bare_mb, ("ratio", 2.0)),
    ]
