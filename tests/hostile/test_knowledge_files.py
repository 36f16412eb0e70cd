"""A clinic's broken knowledge file stops `posture-tui start` with one line, before the screen."""

from __future__ import annotations

import os
from pathlib import Path

from .terminal import AppInPty

ALTERNATE_SCREEN = b"\x1b[?1049h"


def test_a_broken_clinic_file_is_reported_before_the_workstation_opens(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "ours.toml").write_text("[patterns.upper_crossed]\nname = 7\n", encoding="utf-8")
    app = AppInPty(tmp_path / "store", env={"POSTURE_TUI_KNOWLEDGE": str(clinic)})
    status = app.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 2
    lines = [line for line in app.seen.decode().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0] == (
        f"posture-tui: knowledge base: {clinic / 'ours.toml'}: "
        "patterns.upper_crossed.name: expected a string, got a number"
    )
    assert ALTERNATE_SCREEN not in app.seen  # the screen never opened
