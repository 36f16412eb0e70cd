"""Golden files for the Markdown and text exports of the hand-built record.

Regenerate after an intended change with:
    POSTURE_TUI_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/exports/test_golden.py
then review the diff of tests/exports/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from posture_tui.exports.api import build_document, render

from .records import make_earlier_assessment, make_followup

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("POSTURE_TUI_UPDATE_GOLDEN") == "1"


def _check(produced: str, path: Path) -> None:
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run with POSTURE_TUI_UPDATE_GOLDEN=1"
    assert produced == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "txt"])
@pytest.mark.parametrize("what", ["handout", "note"])
def test_matches_golden_file(what, fmt, client, assessment, knowledge):
    produced = render(build_document(what, client, assessment, knowledge), fmt).decode("utf-8")
    _check(produced, GOLDEN / f"{what}.{fmt}")


@pytest.mark.parametrize("fmt", ["md", "txt"])
@pytest.mark.parametrize("what", ["handout", "note"])
def test_second_visit_with_progress_matches_golden_file(what, fmt, client, knowledge):
    document = build_document(
        what, client, make_followup(), knowledge, earlier=make_earlier_assessment()
    )
    _check(render(document, fmt).decode("utf-8"), GOLDEN / f"{what}-progress.{fmt}")
