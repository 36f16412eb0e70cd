"""The progress logic is reachable without the TUI or the store (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys


def test_progress_modules_import_neither_textual_nor_tinydb() -> None:
    code = (
        "import sys\n"
        "import posture_tui.progress.body_map, posture_tui.progress.body_map_json\n"
        "import posture_tui.progress.compare, posture_tui.progress.progress_report\n"
        "import posture_tui.progress.reassess, posture_tui.progress.trend\n"
        "bad = [m for m in ('textual', 'tinydb') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
