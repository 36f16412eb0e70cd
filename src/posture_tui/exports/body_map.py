"""The body map of a visit as document blocks: the figure, its legend and the regions in words."""

from __future__ import annotations

from collections.abc import Sequence

from posture_tui.domain.intake import PainEntry
from posture_tui.domain.records import Assessment
from posture_tui.exports.document import Block, Bullets, Figure, Paragraph, Subheading
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.body_map import (
    BodyMap,
    body_map_details,
    body_map_segments,
    build_body_map,
)

CLIENT_KEY = (
    "The map shows you from the front and from behind. The front view shows you as someone "
    "facing you sees you, so your right side is on its left."
)


def visit_body_map(
    assessment: Assessment, pain: Sequence[PainEntry], knowledge: Knowledge
) -> BodyMap:
    """The map of one visit, with the pain the document reports (this visit's, else intake's)."""
    return build_body_map(pain, assessment.findings, assessment.analysis.flags, knowledge)


def note_body_map(body_map: BodyMap, knowledge: Knowledge) -> list[Block]:
    """For the clinical note: the figure with its legend, then each marked region in words."""
    if not body_map.cells:
        return [Subheading("Body map"), Paragraph("Nothing recorded to mark on the body map.")]
    return [
        Subheading("Body map"),
        Figure(body_map_segments(body_map, legend=True)),
        Bullets(body_map_details(body_map, knowledge)),
    ]


def handout_body_map(body_map: BodyMap) -> list[Block]:
    """For the client: the figure with a plain legend that tells what the client reported and
    what the therapist saw from what was only inferred, and a sentence on the two views."""
    if not body_map.cells:
        return []
    return [Figure(body_map_segments(body_map, client=True)), Paragraph(CLIENT_KEY)]
