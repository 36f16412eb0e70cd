"""A focused session and the course after it (CLINICAL.md 1b).

The hands-on targets are grouped by the region they lie in, in priority order (engine/targets.py:
pain, then the key muscles of the strongest pattern, then primary findings, compensatory last).
A session works the first few regions that fit its hands-on minutes (the knowledge base says how
many for its length), each through every layer of the clinic's order, on its 2 to 4 most
important muscles. What does not fit is planned for the next visits, a few regions each, with the
region of the chief complaint kept in every visit; a follow-up starts from the regions the course
planned for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from posture_tui.domain.analysis import Excluded, PlannedTarget, SeriesVisit, Step
from posture_tui.domain.common import Layer
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.engine.planner import (
    LAYER_RANK,
    Builder,
    Draft,
    fit,
    floor_cost,
    muscle_drafts,
    region_drafts,
    sources_text,
    treat_side,
    unique,
)
from posture_tui.engine.targets import PAIN, MuscleTarget
from posture_tui.knowledge.model import Knowledge, SessionSettings


@frozen
class Course:
    """This visit's steps and focus, what safety left out, and the visits after it."""

    steps: tuple[Step, ...]
    excluded: tuple[Excluded, ...]
    focus: tuple[str, ...]
    series: tuple[SeriesVisit, ...]
    reassess_at_visit: int | None


@frozen
class _Group:
    """The hands-on targets of one region, best first (a region may come back for the rest)."""

    region: str
    members: tuple[MuscleTarget, ...]


@frozen
class _Block:
    group: _Group
    drafts: tuple[Draft, ...]
    excluded: tuple[Excluded, ...]

    @property
    def typical(self) -> int:
        return sum(d.default for d in self.drafts)

    @property
    def shortest(self) -> int:
        return floor_cost(self.drafts)


def _groups(
    knowledge: Knowledge, targets: Sequence[MuscleTarget], planned: Sequence[str]
) -> list[_Group]:
    """Body regions in priority order (the planned focus first), each with its targets."""
    by_area: dict[str, list[MuscleTarget]] = {}
    for target in targets:
        by_area.setdefault(knowledge.body_region_of(target.region), []).append(target)
    order = sorted(
        by_area,
        key=lambda area: (area not in planned, planned.index(area) if area in planned else 0),
    )
    return [_Group(area, tuple(by_area[area])) for area in order]


_Part = tuple[list[Draft], list[Excluded]]


def _member_parts(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    entries: Sequence[ContraindicationEntry],
    members: Sequence[MuscleTarget],
    rank: int,
    *,
    first_visit: bool,
) -> list[_Part]:
    """Each member's NMT step (and stretch), worked out once whatever the block's size."""
    parts: list[_Part] = []
    for member in members:
        builder = Builder(knowledge, entries, first_visit=first_visit)
        parts.append((muscle_drafts(builder, index, member, rank), builder.excluded))
    return parts


def _block(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    entries: Sequence[ContraindicationEntry],
    group: _Group,
    rank: int,
    *,
    first_visit: bool,
    parts: Sequence[_Part] | None = None,
) -> _Block:
    """NMT (and a stretch) on each member; fascia, cups and a flush over the pain region of the
    most important member, the area's centre of this visit's work."""
    if parts is None:
        parts = _member_parts(
            knowledge, index, entries, group.members, rank, first_visit=first_visit
        )
    builder = Builder(knowledge, entries, first_visit=first_visit)
    drafts: list[Draft] = [d for member_drafts, _ in parts for d in member_drafts]
    centre = group.members[0].region
    nearby = [m for m in group.members if m.region == centre]
    drafts += region_drafts(builder, index, centre, nearby, rank)
    excluded = [e for _, member_excluded in parts for e in member_excluded]
    return _Block(group, tuple(unique(drafts)), tuple([*excluded, *builder.excluded]))


def _sized(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    entries: Sequence[ContraindicationEntry],
    group: _Group,
    rank: int,
    room: int,
    *,
    first_visit: bool,
) -> tuple[_Block, _Group | None]:
    """The block with as many of the area's key muscles (up to the setting) as `room` allows at
    their typical minutes, else at their shortest; the muscles left over come back later."""
    most = min(knowledge.settings.session.muscles_per_region, len(group.members))
    parts = _member_parts(
        knowledge, index, entries, group.members[:most], rank, first_visit=first_visit
    )
    fallback: _Block | None = None
    for k in range(most, 0, -1):
        block = _block(
            knowledge,
            index,
            entries,
            _Group(group.region, group.members[:k]),
            rank,
            first_visit=first_visit,
            parts=parts[:k],
        )
        if block.typical <= room:
            break
        if fallback is None and block.shortest <= room:
            fallback = block
    else:
        block = fallback or block
    left = group.members[len(block.group.members) :]
    return block, (_Group(group.region, left) if left else None)


def _smallest_step(knowledge: Knowledge) -> int:
    """The shortest neuromuscular step worth doing: less room than this holds no region."""
    floors = [
        t.min_minutes or t.minutes
        for t in knowledge.techniques.values()
        if t.layer is Layer.NEUROMUSCULAR
    ]
    return min(floors, default=1)


def hands_on_minutes(settings: SessionSettings, session_minutes: int, first_visit: bool) -> int:
    overhead = settings.first_visit_overhead_minutes if first_visit else settings.overhead_minutes
    return max(session_minutes - overhead, min(session_minutes, settings.min_hands_on_minutes))


def _partial(block: _Block, budget: int) -> list[Draft]:
    """A session too short for one whole region: the most important muscles' steps first (the
    block lists them before the region's fascia, cups and flush), as many as fit."""
    taken: list[Draft] = []
    used = 0
    for draft in block.drafts:
        if used + draft.floor <= budget:
            taken.append(draft)
            used += draft.floor
    return taken


def _chief_region(knowledge: Knowledge, targets: Sequence[MuscleTarget]) -> str | None:
    """The area of the chief complaint: where the muscle matching the highest pain lies."""
    pained = [t for t in targets if t.tier == PAIN and t.referrals]
    if not pained:
        return None
    return knowledge.body_region_of(max(pained, key=lambda t: t.best_pain).region)


def _reasons(knowledge: Knowledge, group: _Group, chief: str | None) -> str:
    name = knowledge.focus_name(group.region)
    if group.region == chief:
        matches = [m for t in group.members for m in t.referrals]
        top = max(matches, key=lambda m: m.score, default=None)
        pain = (
            f"{knowledge.region_name(top.region).lower()} pain {top.score}/10"
            if top is not None
            else "the reported pain"
        )
        improved = knowledge.settings.course.chief_complaint_until_improved_by
        return (
            f"{name}: works on the chief complaint ({pain}); stays in every visit until it "
            f"has improved by {improved} points"
        )
    first = group.members[0]
    return f"{name}: {sources_text(first)}"


def _planned_targets(knowledge: Knowledge, group: _Group) -> list[PlannedTarget]:
    return [
        PlannedTarget(muscle=t.muscle, side=treat_side(t), why=sources_text(t))
        for t in group.members
    ]


def _series(
    knowledge: Knowledge,
    rest: list[_Group],
    chief: _Group | None,
    per_visit: int,
    first_number: int,
) -> tuple[SeriesVisit, ...]:
    """Later visits: the chief complaint's region in each (with any of its muscles that did not
    fit yet), the other regions in turn."""
    visits: list[SeriesVisit] = []
    others = max(per_visit - (1 if chief is not None else 0), 1)
    queue = list(rest)
    chief_region = chief.region if chief is not None else None
    while queue:
        groups: list[_Group] = []
        if chief is not None:
            again = [g for g in queue if g.region == chief_region][:1]
            queue = [g for g in queue if g not in again]
            members = tuple(dict.fromkeys((*chief.members, *(m for g in again for m in g.members))))
            groups.append(_Group(chief.region, members))
        taken = [g for g in queue if g.region != chief_region][:others]
        if not taken and chief is None:
            taken = queue[:1]
        queue = [g for g in queue if g not in taken]
        groups += taken
        visits.append(
            SeriesVisit(
                number=first_number + len(visits),
                regions=tuple(dict.fromkeys(g.region for g in groups)),
                targets=tuple(t for g in groups for t in _planned_targets(knowledge, g)),
                reasons=tuple(_reasons(knowledge, g, chief_region) for g in groups),
            )
        )
        if chief is not None and not taken and not queue:
            break
    return tuple(visits)


def plan_course(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    targets: Sequence[MuscleTarget],
    entries: Sequence[ContraindicationEntry],
    session_minutes: int,
    *,
    visit_number: int = 1,
    planned_focus: Sequence[str] = (),
) -> Course:
    """This visit's focused session and the visits after it."""
    settings = knowledge.settings
    first_visit = visit_number <= 1
    hands_on = [t for t in targets if t.overactive or t.referrals]
    groups = _groups(knowledge, hands_on, list(planned_focus))
    band = settings.session.region_count(session_minutes)
    budget = hands_on_minutes(settings.session, session_minutes, first_visit)
    per_region = budget // max(band.regions, 1)
    smallest = _smallest_step(knowledge)
    chosen: list[_Block] = []
    rest: list[_Group] = []
    safety: list[Excluded] = []
    for rank, group in enumerate(groups):
        if len(chosen) >= band.most:
            rest.append(group)
            continue
        # up to the usual number of regions, each at its share (shortened if need be); more
        # only while every region chosen still gets its typical minutes
        beyond = len(chosen) >= band.regions
        spent = sum(b.typical if beyond else b.shortest for b in chosen)
        room = budget - spent if beyond else min(per_region, budget - spent)
        if room < smallest:  # no room left for another region: it goes to the course
            rest.append(group)
            continue
        block, left = _sized(knowledge, index, entries, group, rank, room, first_visit=first_visit)
        if not block.drafts:  # nothing safe to do there: the exclusions say why
            safety += block.excluded
            continue
        if spent + (block.typical if beyond else block.shortest) > budget:
            rest.append(group)
            continue
        chosen.append(block)
        if left is not None:
            rest.append(left)
    partial: list[Draft] = []
    if not chosen and groups:
        first = _block(knowledge, index, entries, groups[0], 0, first_visit=first_visit)
        partial = _partial(first, budget)
        safety += first.excluded
    drafts = unique([d for block in chosen for d in block.drafts] + partial)
    drafts.sort(key=lambda d: (LAYER_RANK[d.step.layer], d.rank))
    steps = fit(drafts, budget)
    excluded = [*safety, *(e for block in chosen for e in block.excluded)]
    focus = tuple(dict.fromkeys(block.group.region for block in chosen))
    if partial:
        focus = (groups[0].region,)
    chief_region = _chief_region(knowledge, targets)
    chief = next((g.group for g in chosen if g.group.region == chief_region), None)
    if chief is None and chief_region is not None:
        chief = next((g for g in groups if g.region == chief_region), None)
    series = _series(
        knowledge, [g for g in rest if g != chief], chief, band.regions, visit_number + 1
    )
    course = settings.course
    last_planned = visit_number + len(series)
    reassess = min(max(last_planned + 1, course.reassess_earliest), course.reassess_latest)
    reassess = max(reassess, visit_number + 1)
    return Course(
        steps=tuple(steps),
        excluded=tuple(excluded),
        focus=focus,
        series=series,
        reassess_at_visit=reassess,
    )
