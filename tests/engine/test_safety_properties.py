"""Property tests over the shipped knowledge base: nothing a safety rule excludes reaches a plan.

For any findings, pain, conditions (red flags included, with any valid details) and overrides:

a. no plan step is one an exclude rule of its technique rules out for the client, none is a
   tools, cups or deep-pressure step over a region that is itself an endangerment site, and
   none is over the technique's `never_regions` (CLINICAL.md 5.3, 5.4);
b. no home exercise is one an exercise rule leaves out (5.5);
c. everything left out names why and the condition (or pseudo-condition) it is left out for;
d. a standing red flag postpones everything, and every step and exercise the plan would have
   had is listed as left out (5.1: nothing dropped silently);
e. no flag lists a muscle in both roles on one side (CLINICAL.md 3).
"""

from __future__ import annotations

from datetime import date

from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posture_tui.domain.analysis import Analysis, Excluded, Step
from posture_tui.domain.assessment import AssessmentInput, Finding
from posture_tui.domain.common import Role, Side
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry
from posture_tui.engine.analyze import analyze
from posture_tui.engine.exercise_safety import first_hit
from posture_tui.engine.places import rule_applies
from posture_tui.engine.red_flags import standing
from posture_tui.engine.sides import side_set
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

KB = load_knowledge()
ITEMS = sorted(KB.checklist)
REGIONS = sorted(KB.pain_regions)
RED_FLAGS = sorted(c.id for c in KB.contraindications.values() if c.red_flag)
CONDITIONS = sorted(c.id for c in KB.contraindications.values() if not c.red_flag)
# ids an exclusion may name that are not conditions: time, program size, never regions, sites
PSEUDO = {"session_time", "program_size", "never_region", "endangerment_site"}
SIDES = list(Side)

# The same knowledge base with no red flags (the conditions' technique rules kept): what the
# plan would be if the red flags did not stop it.
NO_RED_FLAGS: Knowledge = evolve(
    KB,
    contraindications={
        cid: evolve(condition, red_flag=False) for cid, condition in KB.contraindications.items()
    },
    derived_red_flags={},
)

Key = tuple[str, str | None, str | None, Side | None]


# ---------------------------------------------------------------------------- strategies
@st.composite
def finding_sets(draw: st.DrawFn) -> tuple[Finding, ...]:
    chosen = draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=25))
    return tuple(
        Finding(
            item=item,
            severity=draw(st.integers(0, 3)),
            side=draw(st.sampled_from(SIDES)) if KB.checklist[item].sided else None,
        )
        for item in chosen
    )


pains = st.lists(
    st.builds(
        PainEntry,
        region=st.sampled_from(REGIONS),
        score=st.integers(0, 10),
        side=st.none() | st.sampled_from(SIDES),
    ),
    max_size=5,
    unique_by=lambda p: (p.region, p.side),
)


@st.composite
def condition(draw: st.DrawFn, cid: str) -> ContraindicationEntry:
    """A condition with random valid details (any of them may be left out)."""
    known = KB.contraindications[cid]
    details = set(known.details) | ({"region"} if known.has_region else set())
    region = draw(st.sampled_from(REGIONS) | st.none()) if "region" in details else None
    side = draw(st.none() | st.sampled_from(SIDES)) if "side" in details else None
    weeks = draw(st.none() | st.integers(0, 42)) if "weeks" in details else None
    severity = draw(st.sampled_from([None, "mild", "severe"])) if "severity" in details else None
    cleared_by, cleared_on = "", None
    if "clearance" in details:
        cleared_by = draw(st.sampled_from(["", "Dr Lee"]))
        cleared_on = draw(st.none() | st.just(date(2025, 11, 3)))
    return ContraindicationEntry(
        id=cid,
        region=region,
        side=side,
        weeks=weeks,
        severity=severity,
        cleared_by=cleared_by,
        cleared_on=cleared_on,
    )


@st.composite
def condition_sets(
    draw: st.DrawFn, ids: list[str], most: int, least: int = 0
) -> list[ContraindicationEntry]:
    chosen = draw(st.lists(st.sampled_from(ids), min_size=least, max_size=most))
    entries: list[ContraindicationEntry] = []
    for cid in chosen:
        entry = draw(condition(cid))
        if all((e.id, e.region, e.side) != (entry.id, entry.region, entry.side) for e in entries):
            entries.append(entry)
    return entries


@st.composite
def some_red_flags(draw: st.DrawFn) -> list[ContraindicationEntry]:
    """A red flag in about a third of the cases, so the other properties see plans with steps."""
    if draw(st.integers(0, 2)) != 1:
        return []
    return draw(condition_sets(RED_FLAGS, 2, least=1))


reasons = st.text(alphabet="abcdefghij klmnop", min_size=10, max_size=30).filter(
    lambda text: len(text.strip()) >= 10
)


@st.composite
def overrides(draw: st.DrawFn, red: list[ContraindicationEntry]) -> tuple[Override, ...]:
    """Overrides of some of the client's red flags (and of a derived suspected DVT), or others."""
    ids = [*dict.fromkeys(entry.id for entry in red), "suspected_dvt"]
    chosen = [flag for flag in ids if draw(st.booleans())]
    chosen += draw(st.lists(st.sampled_from(RED_FLAGS), max_size=1))
    return tuple(Override(red_flag=flag, reason=draw(reasons)) for flag in chosen)


# ---------------------------------------------------------------------------- checks
def step_regions(muscle: str | None, region: str | None) -> tuple[str, ...]:
    """Where hands go: the region, or the muscle's region and the regions it is reached through."""
    if muscle is not None:
        found = KB.muscles[muscle]
        return (found.region, *found.reached_through)
    assert region is not None
    return (region,)


def excluded_steps(analysis: Analysis, contra: list[ContraindicationEntry]) -> list[str]:
    """(a) Every step some exclude rule, endangerment site or never-region rules out."""
    problems: list[str] = []
    for step in analysis.plan.steps:
        technique = KB.techniques[step.technique]
        regions = step_regions(step.muscle, step.region)
        where = f"{step.technique} on {step.muscle or step.region} ({step.side})"
        for entry in contra:
            for rule in technique.rules:
                if rule.mode == "exclude" and rule_applies(KB, rule, entry, regions, step.side):
                    problems.append(f"{where}: excluded by {entry} ({rule.reason})")
        if step.region is not None:
            if technique.respects_sites and KB.pain_regions[step.region].site:
                problems.append(f"{where}: the region is an endangerment site")
            if step.region in technique.never_regions:
                problems.append(f"{where}: a never-region of the technique")
        if step.muscle is not None and KB.muscles[step.muscle].site in technique.never_sites:
            problems.append(f"{where}: beside a site the technique is never used over")
    return problems


def excluded_exercises(analysis: Analysis, contra: list[ContraindicationEntry]) -> list[str]:
    """(b) Every home exercise one of the knowledge base's exercise rules leaves out."""
    problems: list[str] = []
    for exercise in analysis.plan.exercises:
        definition = KB.exercises[exercise.id]
        hit = first_hit(KB, definition, exercise.muscle, exercise.side, contra)
        if hit is not None:
            problems.append(f"{exercise.id} ({exercise.muscle}, {exercise.side}): {hit}")
    return problems


def unexplained_exclusions(analysis: Analysis) -> list[Excluded]:
    """(c) Left-out entries without a reason or without a known condition id."""
    return [
        left
        for left in (*analysis.plan.excluded, *analysis.plan.excluded_exercises)
        if not left.reason.strip()
        or not (left.contraindication in KB.contraindications or left.contraindication in PSEUDO)
    ]


def both_roles(analysis: Analysis) -> list[str]:
    """(e) A muscle overactive and underactive on an overlapping side within one flag."""
    problems: list[str] = []
    for found in analysis.flags:
        over = [(m.muscle, m.side) for m in found.muscles if m.role is Role.OVERACTIVE]
        under = [(m.muscle, m.side) for m in found.muscles if m.role is Role.UNDERACTIVE]
        for muscle, side in over:
            for other, other_side in under:
                if muscle == other and side_set(side) & side_set(other_side):
                    problems.append(f"{found.pattern}: {muscle} {side} / {other_side}")
    return problems


def key(left: Excluded) -> Key:
    return (left.technique, left.muscle, left.region, left.side)


def step_key(step: Step) -> Key:
    return (step.technique, step.muscle, step.region, step.side)


def check_postponed(
    analysis: Analysis,
    assessment: AssessmentInput,
    pain: list[PainEntry],
    contra: list[ContraindicationEntry],
) -> None:
    """(d) A standing red flag: no steps, no exercises, and everything listed as left out."""
    stopping = standing(analysis.red_flags)
    plan = analysis.plan
    if not stopping:
        assert plan.postponed is None
        return
    assert plan.postponed is not None
    assert plan.postponed.reason and plan.postponed.referral
    assert set(plan.postponed.red_flags) == {flag.id for flag in stopping}
    assert plan.steps == () and plan.exercises == ()
    # The same client without the red flags stopping the plan: the flags' technique rules
    # still hold, and pain in their regions is still not read as a trigger-point referral.
    blocked = {r for flag in stopping for r in KB.contraindications[flag.id].pain_regions}
    unblocked = [p for p in pain if p.region not in blocked]
    would = analyze(NO_RED_FLAGS, assessment, unblocked, contra).plan
    assert would.postponed is None
    listed = {key(left) for left in plan.excluded}
    missing = [step for step in would.steps if step_key(step) not in listed]
    assert missing == [], missing
    assert len(plan.excluded) == len(would.steps) + len(would.excluded)
    listed_exercises = {(e.technique, e.muscle, e.side) for e in plan.excluded_exercises}
    gone = [e.id for e in would.exercises if (e.id, e.muscle, e.side) not in listed_exercises]
    assert gone == [], gone
    assert len(plan.excluded_exercises) == len(would.exercises) + len(would.excluded_exercises)
    flag_ids = {flag.id for flag in stopping}
    for left in (*plan.excluded, *plan.excluded_exercises):
        assert left.contraindication not in ("session_time", "program_size")
        if left.reason.startswith(("postponed", "home program paused")):
            assert left.contraindication in flag_ids


# ---------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    findings=finding_sets(),
    pain=pains,
    conditions=condition_sets(CONDITIONS, 4),
    red=some_red_flags(),
    minutes=st.sampled_from([30, 60, 90, 120]),
    data=st.data(),
)
def test_no_plan_step_or_exercise_is_one_a_rule_excludes(
    findings: tuple[Finding, ...],
    pain: list[PainEntry],
    conditions: list[ContraindicationEntry],
    red: list[ContraindicationEntry],
    minutes: int,
    data: st.DataObject,
) -> None:
    contra = [*conditions, *red]
    overridden = data.draw(overrides(red))
    assessment = AssessmentInput(findings=findings, session_minutes=minutes, overrides=overridden)
    analysis = analyze(KB, assessment, pain, contra)
    assert excluded_steps(analysis, contra) == []
    assert excluded_exercises(analysis, contra) == []
    assert unexplained_exclusions(analysis) == []
    assert both_roles(analysis) == []
    check_postponed(analysis, assessment, pain, contra)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    findings=finding_sets(),
    pain=pains,
    conditions=condition_sets(CONDITIONS, 3),
    red=condition_sets(RED_FLAGS, 2).filter(bool),
)
def test_a_standing_red_flag_postpones_everything_and_drops_nothing(
    findings: tuple[Finding, ...],
    pain: list[PainEntry],
    conditions: list[ContraindicationEntry],
    red: list[ContraindicationEntry],
) -> None:
    contra = [*conditions, *red]
    assessment = AssessmentInput(findings=findings, session_minutes=60)
    analysis = analyze(KB, assessment, pain, contra)
    assert analysis.plan.postponed is not None
    assert unexplained_exclusions(analysis) == []
    check_postponed(analysis, assessment, pain, contra)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    findings=finding_sets(),
    pain=pains,
    conditions=condition_sets(CONDITIONS, 4),
    red=condition_sets(RED_FLAGS, 2),
    reason=reasons,
)
def test_overriding_every_red_flag_brings_the_safe_plan_back(
    findings: tuple[Finding, ...],
    pain: list[PainEntry],
    conditions: list[ContraindicationEntry],
    red: list[ContraindicationEntry],
    reason: str,
) -> None:
    contra = [*conditions, *red]
    flagged = analyze(KB, AssessmentInput(findings=findings), pain, contra)
    everything = tuple(Override(red_flag=flag.id, reason=reason) for flag in flagged.red_flags)
    analysis = analyze(KB, AssessmentInput(findings=findings, overrides=everything), pain, contra)
    assert analysis.plan.postponed is None
    assert all(flag.override is not None for flag in analysis.red_flags)
    assert excluded_steps(analysis, contra) == []
    assert excluded_exercises(analysis, contra) == []
    assert unexplained_exclusions(analysis) == []
