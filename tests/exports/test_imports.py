"""The export core stays free of the UI, and PDF machinery loads only when a PDF is made."""

from __future__ import annotations

import subprocess
import sys


def test_export_core_imports_neither_textual_nor_fpdf():
    code = (
        "import sys, posture_tui.exports.api, posture_tui.cli.export_cmd;"
        "print(sorted(m for m in ('textual', 'fpdf', 'fontTools') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
