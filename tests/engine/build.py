"""Short builders for engine inputs used across the engine tests."""

from __future__ import annotations

from posture_tui.domain.analysis import Analysis, Flag
from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.model import Knowledge

Spec = tuple[str, int] | tuple[str, int, str]


def findings(*specs: Spec) -> tuple[Finding, ...]:
    """("item", severity) or ("item", severity, "left")."""
    return tuple(
        Finding(item=s[0], severity=s[1], side=Side(s[2]) if len(s) == 3 else None)  # type: ignore[misc]
        for s in specs
    )


def run(
    knowledge: Knowledge,
    *specs: Spec,
    measurements: Measurements | None = None,
    pain: tuple[PainEntry, ...] = (),
    contra: tuple[ContraindicationEntry, ...] = (),
    minutes: int = 60,
    visit: int = 1,
    focus: tuple[str, ...] = (),
) -> Analysis:
    assessment = AssessmentInput(
        findings=findings(*specs),
        measurements=measurements or Measurements(),
        session_minutes=minutes,
        visit_number=visit,
        planned_focus=focus,
    )
    return analyze(knowledge, assessment, pain, contra)


def course_muscles(analysis: Analysis) -> dict[str, Side | None]:
    """Every muscle worked hands-on in this session or a planned later visit, with its side."""
    plan = analysis.plan
    found: dict[str, Side | None] = {}
    for visit in plan.series:
        for target in visit.targets:
            found.setdefault(target.muscle, target.side)
    for step in plan.steps:
        if step.muscle:
            found[step.muscle] = step.side
    return found


def flag(analysis: Analysis, pattern: str) -> Flag:
    for found in analysis.flags:
        if found.pattern == pattern:
            return found
    raise AssertionError(f"{pattern} not raised; got {[f.pattern for f in analysis.flags]}")


def patterns(analysis: Analysis) -> set[str]:
    return {f.pattern for f in analysis.flags}


def pain(region: str, score: int, side: str | None = None) -> PainEntry:
    return PainEntry(region=region, score=score, side=Side(side) if side else None)


def contra(condition: str, region: str | None = None) -> ContraindicationEntry:
    return ContraindicationEntry(id=condition, region=region)
