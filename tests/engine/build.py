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
) -> Analysis:
    assessment = AssessmentInput(
        findings=findings(*specs),
        measurements=measurements or Measurements(),
        session_minutes=minutes,
    )
    return analyze(knowledge, assessment, pain, contra)


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
