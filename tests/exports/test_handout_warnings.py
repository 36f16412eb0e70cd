"""The handout of a pregnant client lists the ACOG signs to stop exercising; others do not."""

from __future__ import annotations

import attrs

from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.domain.records import Assessment, Client
from posture_tui.exports.api import build_document
from posture_tui.exports.text import render_text
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import HandoutWarning, Knowledge

SHIPPED = load_knowledge().handout_warnings["pregnancy"]


def _handout(client: Client, assessment: Assessment, knowledge: Knowledge) -> str:
    return " ".join(render_text(build_document("handout", client, assessment, knowledge)).split())


def _with_warning(knowledge: Knowledge) -> Knowledge:
    return attrs.evolve(knowledge, handout_warnings={"pregnancy": SHIPPED})


def test_pregnancy_handout_lists_the_warning_signs(
    client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    pregnant = attrs.evolve(
        assessment, contraindications=(ContraindicationEntry(id="pregnancy", weeks=24),)
    )
    text = _handout(client, pregnant, _with_warning(knowledge))
    assert SHIPPED.title in text
    for sign in ("bleeding", "contractions", "fluid leaking", "dizziness", "headache"):
        assert sign in text
    assert "chest pain" in text and "calf pain or swelling" in text
    assert text.index(SHIPPED.title) < text.upper().index("STEP 1")


def test_no_warning_without_the_condition(
    client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    text = _handout(client, assessment, _with_warning(knowledge))
    assert SHIPPED.title not in text
    other = HandoutWarning(condition="osteoporosis", title="Never mind", signs=("x",))
    assert "Never mind" not in _handout(
        client, assessment, attrs.evolve(knowledge, handout_warnings={"osteoporosis": other})
    )
