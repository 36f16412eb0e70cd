"""Every command starts fast: building the command line's parser (what `--version`, `start`
and `clients` all do first) loads neither the exports, the records nor the store."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "posture_tui.exports.handout",
    "posture_tui.exports.note",
    "posture_tui.domain.records",
    "posture_tui.store.repository",
    "posture_tui.tui.app",
    "textual",
    "tinydb",
)


def test_building_the_parser_loads_nothing_heavy() -> None:
    code = (
        "import sys; from posture_tui.cli.main import build_parser; build_parser();"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
