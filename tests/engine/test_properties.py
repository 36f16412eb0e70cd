"""Property tests: any valid input gives a plan that fits, in order, and names only known ids."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import LAYER_ORDER, PHASE_ORDER, Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.engine.analyze import analyze
from posture_tui.engine.course import hands_on_minutes
from posture_tui.engine.serialize import analysis_to_json
from posture_tui.knowledge.loader import load_knowledge

KB = load_knowledge()
ITEMS = sorted(KB.checklist)
REGIONS = sorted(KB.pain_regions)
CONDITIONS = sorted(KB.contraindications)
PSEUDO_CONDITIONS = {"session_time", "never_region", "endangerment_site", "program_size"}
sides = st.sampled_from(list(Side))


@st.composite
def finding_sets(draw: st.DrawFn) -> tuple[Finding, ...]:
    chosen = draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=40))
    findings = []
    for item in chosen:
        side = draw(sides) if KB.checklist[item].sided else None
        findings.append(Finding(item=item, severity=draw(st.integers(0, 3)), side=side))
    return tuple(findings)


@st.composite
def contraindication_sets(draw: st.DrawFn) -> tuple[ContraindicationEntry, ...]:
    chosen = draw(st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=5))
    return tuple(
        ContraindicationEntry(
            id=c,
            region=draw(st.sampled_from(REGIONS)) if KB.contraindications[c].has_region else None,
        )
        for c in chosen
    )


measurements = st.builds(
    Measurements,
    cva_deg=st.none() | st.floats(20, 70),
    shoulder_height_diff_cm=st.none() | st.floats(0, 5),
    iliac_crest_diff_cm=st.none() | st.floats(0, 5),
    thomas_test=st.none() | st.sampled_from(["negative", "left", "right", "bilateral"]),
)
pains = st.lists(
    st.builds(
        PainEntry, region=st.sampled_from(REGIONS), score=st.integers(0, 10), side=st.none() | sides
    ),
    max_size=6,
    unique_by=lambda p: (p.region, p.side),
)


@settings(max_examples=150, deadline=None)
@given(
    findings=finding_sets(),
    measured=measurements,
    pain=pains,
    contra=contraindication_sets(),
    minutes=st.integers(5, 240),
)
def test_any_valid_input_gives_known_ids_and_a_fitting_plan(
    findings: tuple[Finding, ...],
    measured: Measurements,
    pain: list[PainEntry],
    contra: tuple[ContraindicationEntry, ...],
    minutes: int,
) -> None:
    assessment = AssessmentInput(findings=findings, measurements=measured, session_minutes=minutes)
    analysis = analyze(KB, assessment, pain, contra)
    for flag in analysis.flags:
        assert flag.pattern in KB.patterns
        assert flag.evidence
        assert all(e in KB.checklist or e in KB.measurements for e in flag.evidence)
        assert all(m.muscle in KB.muscles and m.side is not None for m in flag.muscles)
        assert all(r.item in KB.checklist for r in flag.roles)
        assert all(r.muscle in KB.muscles and r.region in KB.pain_regions for r in flag.referrals)
        assert 0 <= flag.strength <= 1
    plan = analysis.plan
    assert plan.total_minutes <= minutes
    budget = hands_on_minutes(KB.settings.session, minutes, first_visit=True)
    if any("shortened" in step.reason for step in plan.steps):
        assert plan.total_minutes == budget  # shortening never wastes hands-on time
    layers = [LAYER_ORDER.index(step.layer) for step in plan.steps]
    assert layers == sorted(layers)
    for step in plan.steps:
        assert step.technique in KB.techniques
        assert KB.techniques[step.technique].layer is step.layer
        assert (step.muscle is None) != (step.region is None)
        assert step.muscle is None or step.muscle in KB.muscles
        assert step.region is None or step.region in KB.pain_regions
        assert step.minutes >= 1 and step.reason and step.side is not None
    for left in plan.excluded:
        assert left.technique in KB.techniques and left.reason
        assert left.instead is None or left.instead in KB.techniques
        assert (
            left.contraindication in KB.contraindications
            or left.contraindication in PSEUDO_CONDITIONS
        )
    ids = [e.id for e in plan.exercises]
    assert len(ids) == len(set(ids))
    phases = [PHASE_ORDER.index(e.phase) for e in plan.exercises]
    assert phases == sorted(phases)
    for exercise in plan.exercises:
        assert exercise.id in KB.exercises
        assert exercise.muscle is None or exercise.muscle in KB.muscles
        assert exercise.pattern is None or exercise.pattern in KB.patterns
    for left in plan.excluded_exercises:
        assert left.technique in KB.exercises
    if not any(f.severity > 0 for f in findings) and measured == Measurements():
        assert analysis.flags == () and plan.steps == () and plan.exercises == ()
    assert analysis == analyze(KB, assessment, pain, contra)  # deterministic
    json.dumps(analysis_to_json(analysis))
