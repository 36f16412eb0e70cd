"""The clinical core imports without Textual or TinyDB (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import json, sys
import posture_tui.engine.analyze, posture_tui.engine.serialize
import posture_tui.engine.analysis_report
import posture_tui.incoming, posture_tui.incoming.record
import posture_tui.structuring.converter, posture_tui.structuring.validate
import posture_tui.progress.compare, posture_tui.progress.body_map
import posture_tui.progress.progress_report
import posture_tui.progress.outcomes, posture_tui.progress.trend, posture_tui.progress.reassess
import posture_tui.photos.geometry, posture_tui.photos.analysis, posture_tui.photos.names
import posture_tui.photos.overlay, posture_tui.photos.pose
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.domain.assessment import AssessmentInput, Finding
knowledge = load_knowledge()
assessment = AssessmentInput(findings=[Finding("forward_head", 2)])
posture_tui.engine.analyze.analyze(knowledge, assessment)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "tinydb"))))
"""


def test_core_imports_without_textual_or_tinydb() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(result.stdout)
    assert loaded == []
