"""The hostile suite in its long mode, run by `make bench` when POSTURE_TUI_HOSTILE=long.

`POSTURE_TUI_HOSTILE=long make bench` adds one row: the number of failing hostile tests
(goal 0) after about ten minutes of fuzzing, monkey keys, killed sessions and a minute of
concurrent sessions and imports. Without the variable this module adds nothing, so a plain
`make bench` stays a few minutes long.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._fixture import row

ROOT = Path(__file__).resolve().parent.parent


def run() -> list[dict[str, Any]]:
    if os.environ.get("POSTURE_TUI_HOSTILE", "").strip().lower() != "long":
        print("  skipped: set POSTURE_TUI_HOSTILE=long to run the long hostile suite")
        return []
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/hostile", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    tail = done.stdout.strip().splitlines()[-1:] or ["(no output)"]
    print(f"  {tail[0]}")
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|error)", tail[0]))
    if done.returncode not in (0, 1):
        failed = max(failed, 1)
    return [
        row(f"hostile suite, long mode ({seconds:.0f} s): failures", failed, "", None, ("value", 0))
    ]
