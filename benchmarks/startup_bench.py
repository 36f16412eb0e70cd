"""Start-up and memory: the workstation on a 2,000 x 10 store against a bare Textual app.

Each launch is a fresh interpreter (`python -m benchmarks._apps`), timed from spawn to the
line it prints once its first screen is up and takes keys; that same process reports the CPU
time it used up to then and its peak resident memory (VmHWM). Launches alternate so machine
noise hits both sides alike.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks._fixture import big_store, row

ROOT = Path(__file__).resolve().parent.parent
LAUNCHES = int(os.environ.get("POSTURE_TUI_BENCH_LAUNCHES", "15"))


class Launch(NamedTuple):
    """One fresh process up to its first interactive screen."""

    seconds: float  # wall clock from spawn to the line it prints
    cpu_seconds: float  # the CPU time it had used by then (less moved by a busy machine)
    peak_mb: float


def launch(kind: str, store: Path | None = None) -> Launch:
    """Time one fresh process to its first interactive screen."""
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
    report = json.loads(line)
    return Launch(seconds, report["cpu_s"], report["maxrss_kib"] / 1024)


def run() -> list[dict[str, Any]]:
    store = big_store()
    launch("bare")  # warm the file cache and the bytecode of both sides once
    launch("real", store)
    bare: list[Launch] = []
    real: list[Launch] = []
    for _ in range(LAUNCHES):
        bare.append(launch("bare"))
        real.append(launch("real", store))

    def median(launches: list[Launch], field: str) -> float:
        return statistics.median(getattr(one, field) for one in launches)

    return [
        row(
            "start-up to client list, 2000x10 (s)",
            median(real, "seconds"),
            "s",
            median(bare, "seconds"),
            ("ratio", 1.5),
        ),
        # No goal of its own: it tells machine noise (both sides slower) from our own cost.
        row(
            "  CPU time of that start-up (s)",
            median(real, "cpu_seconds"),
            "s",
            median(bare, "cpu_seconds"),
        ),
        row(
            "peak memory at first screen, 2000x10",
            median(real, "peak_mb"),
            "MB",
            median(bare, "peak_mb"),
            ("ratio", 2.0),
        ),
    ]
