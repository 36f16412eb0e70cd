"""Analyze: the rule engine and planner on a 40-finding assessment (goal: under 5 ms).

The shipped checklist has 34 items, so the 40 findings are every item once plus six sided
items seen on both sides (left and right as two findings, which the document format allows),
with every measurement, three pain regions and two contraindications, so that every rule
family, referral and exclusion path runs. A reference row times an assessment with no findings.
"""

from __future__ import annotations

import json
import random
from typing import Any

from benchmarks._fixture import median_time, row

FINDINGS = 40
REPEAT = 300


def forty_findings(knowledge: Any, seed: int = 11) -> Any:
    from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
    from posture_tui.domain.common import Side

    rng = random.Random(seed)
    findings = []
    sided = []
    for item in knowledge.checklist.values():
        side = rng.choice((Side.LEFT, Side.RIGHT)) if item.sided else None
        findings.append(Finding(item.id, rng.randint(1, 3), side))
        if item.sided:
            sided.append((item.id, side))
    for item_id, side in sided[: FINDINGS - len(findings)]:
        other = Side.RIGHT if side is Side.LEFT else Side.LEFT
        findings.append(Finding(item_id, rng.randint(1, 3), other))
    measurements = Measurements(
        cva_deg=44.0,
        shoulder_height_diff_cm=1.5,
        iliac_crest_diff_cm=1.2,
        thomas_test="bilateral",
    )
    return AssessmentInput(findings=tuple(findings), measurements=measurements)


def intake(knowledge: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    from posture_tui.domain.common import Side
    from posture_tui.domain.intake import ContraindicationEntry, PainEntry

    regions = list(knowledge.pain_regions)
    pain = tuple(PainEntry(region, 6, Side.RIGHT) for region in regions[:3])
    conditions = [item for item in knowledge.contraindications.values() if item.has_region][:1]
    conditions += [item for item in knowledge.contraindications.values() if not item.has_region][:1]
    entries = tuple(
        ContraindicationEntry(item.id, regions[0] if item.has_region else None)
        for item in conditions
    )
    return pain, entries


def run() -> list[dict[str, Any]]:
    from posture_tui.domain.assessment import AssessmentInput
    from posture_tui.engine.analyze import analyze
    from posture_tui.incoming import load_json_text, parse_document
    from posture_tui.knowledge.loader import load_knowledge

    knowledge = load_knowledge()
    given = forty_findings(knowledge)
    assert len(given.findings) == FINDINGS
    pain, contraindications = intake(knowledge)
    result = analyze(knowledge, given, pain, contraindications)
    assert result.flags, "the 40-finding assessment should raise flags"
    full_ms = median_time(lambda: analyze(knowledge, given, pain, contraindications), REPEAT)
    empty_ms = median_time(lambda: analyze(knowledge, AssessmentInput(), (), ()), REPEAT)
    text = json.dumps(document(given, pain, contraindications))
    parse_ms = median_time(lambda: parse_document(load_json_text(text), knowledge), REPEAT)
    return [
        # the ratio to reading the same visit's document shows whether a slow figure is the
        # machine (both slow) or the engine (the ratio grows)
        row(f"analyze + plan, {FINDINGS} findings", full_ms, "ms", parse_ms, ("value", 5.0)),
        row("analyze + plan, no findings (reference)", empty_ms, "ms"),
        row(f"parse the {FINDINGS}-finding document (baseline)", parse_ms, "ms"),
    ]


def document(given: Any, pain: Any, contraindications: Any) -> dict[str, Any]:
    """The assessment as the import document `analyze` reads."""
    return {
        "client": {
            "name": "Bench Client",
            "pain": [
                {"region": p.region, "score": p.score, "side": p.side.value if p.side else None}
                for p in pain
            ],
            "contraindications": [
                {"id": c.id, **({"region": c.region} if c.region else {})}
                for c in contraindications
            ],
        },
        "assessment": {
            "findings": [
                {"item": f.item, "severity": f.severity}
                | ({"side": f.side.value} if f.side is not None else {})
                for f in given.findings
            ],
            "measurements": dict(given.measurements.values),
        },
    }
