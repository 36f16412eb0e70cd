"""Every cell of the shipped safety matrix (CLINICAL.md 5.3) takes effect where it should and
nowhere else: generated from the knowledge base, one case per technique rule."""

from __future__ import annotations

from datetime import date

import pytest

from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.contraindications import Target, Verdict, resolve
from posture_tui.engine.places import rule_places
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge, TechniqueRule

KB = load_knowledge()
CASES = [
    (technique_id, n, rule)
    for technique_id, technique in KB.techniques.items()
    for n, rule in enumerate(technique.rules)
]


def _entry(kb: Knowledge, rule: TechniqueRule, **change: object) -> ContraindicationEntry:
    """The condition recorded with the details that make the rule apply.

    Details the rule does not name are set the way that lets it show: for an exclusion the
    strictest (not cleared, severe, late weeks), for a care note the mildest and with a region,
    so that the condition's stricter cells stay where they belong.
    """
    condition = kb.contraindications[rule.condition]
    candidates = [
        r.id
        for r in kb.pain_regions.values()
        if (not rule.if_regions and not rule.if_parts)
        or r.id in rule.if_regions
        or r.part in rule.if_parts
    ]
    # a limb region shows "limb" and "region_and_distal" reaching further than the region
    limbs = [r for r in candidates if kb.pain_regions[r].distal]
    region = (limbs or candidates)[0]
    care = rule.mode == "care"
    cleared = rule.cleared if rule.cleared is not None else care
    fields: dict[str, object] = {
        "id": rule.condition,
        "region": region if condition.has_region else None,
        "side": Side.LEFT if rule.on_side else None,
        "weeks": rule.min_weeks if rule.min_weeks is not None else (0 if care else None),
        "severity": rule.severity or ("mild" if care else None),
    }
    if cleared:
        fields |= {"cleared_by": "Dr Example, vascular clinic", "cleared_on": date(2026, 1, 5)}
    fields |= change
    return ContraindicationEntry(**fields)  # type: ignore[arg-type]


def _mentions(verdict: Verdict, technique_id: str, rule: TechniqueRule) -> bool:
    """Whether the rule's reason shows in what happened to the technique."""
    reason = rule.reason.rstrip(". ")
    if rule.mode == "exclude":
        return any(e.technique == technique_id and reason in e.reason for e in verdict.excluded)
    return verdict.technique == technique_id and reason in verdict.care


def _usable_regions(kb: Knowledge, technique_id: str) -> list[str]:
    """Regions where the technique is not ruled out by its never-regions or a site."""
    technique = kb.techniques[technique_id]
    return [
        r.id
        for r in kb.pain_regions.values()
        if r.id not in technique.never_regions
        and not ((technique.respects_sites or technique.avoids_site_regions) and r.site)
    ]


def _inside(kb: Knowledge, technique_id: str, rule: TechniqueRule, entry: ContraindicationEntry):
    places = rule_places(kb, rule, entry)
    usable = _usable_regions(kb, technique_id)
    inside = [r for r in usable if places is None or r in places]
    return inside


@pytest.mark.parametrize(
    ("technique_id", "n", "rule"), CASES, ids=[f"{t}-{r.condition}-{n}" for t, n, r in CASES]
)
def test_the_rule_takes_effect_where_it_should(
    technique_id: str, n: int, rule: TechniqueRule
) -> None:
    entry = _entry(KB, rule)
    inside = _inside(KB, technique_id, rule, entry)
    assert inside, "the rule covers no region the technique can be used over"
    side = entry.side or Side.LEFT
    hits = [
        region
        for region in inside
        if _mentions(
            resolve(KB, technique_id, Target(region=region, side=side), [entry]), technique_id, rule
        )
    ]
    if rule.mode == "exclude":
        assert hits == inside, f"not excluded over {sorted(set(inside) - set(hits))}"
        verdict = resolve(KB, technique_id, Target(region=inside[0], side=side), [entry])
        assert verdict.technique != technique_id
        # what replaces it passes every rule too (or nothing is used)
        if verdict.technique is not None:
            again = resolve(KB, verdict.technique, Target(region=inside[0], side=side), [entry])
            assert again.technique == verdict.technique and not again.excluded
    else:
        # a care note shows wherever no stricter cell of the same condition excludes the step
        assert hits, "the care note shows nowhere"


@pytest.mark.parametrize(
    ("technique_id", "n", "rule"), CASES, ids=[f"{t}-{r.condition}-{n}" for t, n, r in CASES]
)
def test_the_rule_takes_effect_nowhere_else(technique_id: str, n: int, rule: TechniqueRule) -> None:
    entry = _entry(KB, rule)
    usable = _usable_regions(KB, technique_id)
    side = entry.side or Side.LEFT
    # a client without the condition
    for region in usable:
        verdict = resolve(KB, technique_id, Target(region=region, side=side), [])
        assert not _mentions(verdict, technique_id, rule), region
    # outside the rule's places
    places = rule_places(KB, rule, entry)
    if places is not None:
        for region in usable:
            if region not in places:
                verdict = resolve(KB, technique_id, Target(region=region, side=side), [entry])
                assert not _mentions(verdict, technique_id, rule), region
    inside = _inside(KB, technique_id, rule, entry)[0]
    # on the other side, when it holds on the recorded side only
    if rule.on_side:
        verdict = resolve(KB, technique_id, Target(region=inside, side=Side.RIGHT), [entry])
        assert not _mentions(verdict, technique_id, rule)
    # with the detail that makes it apply turned the other way
    others: list[dict[str, object]] = []
    if rule.cleared is not None:
        others.append(
            {"cleared_by": "", "cleared_on": None}
            if rule.cleared
            else {"cleared_by": "Dr Example", "cleared_on": date(2026, 1, 5)}
        )
    if rule.severity is not None:
        others.append({"severity": "mild" if rule.severity == "severe" else "severe"})
    if rule.min_weeks:
        others.append({"weeks": rule.min_weeks - 1})
    if rule.if_regions or rule.if_parts:
        others.append({"region": "neck"})
    for change in others:
        other = _entry(KB, rule, **change)
        verdict = resolve(KB, technique_id, Target(region=inside, side=side), [other])
        assert not _mentions(verdict, technique_id, rule), change


def test_missing_details_take_the_safer_side() -> None:
    """No weeks is past week 20, no severity is severe, no clearance is not cleared, no region
    is everywhere, no side is both sides (CLINICAL.md 5.2)."""
    knee = Target(region="knee", side=Side.RIGHT)
    neck = Target(region="neck", side=Side.RIGHT)
    assert (
        resolve(KB, "static_compression", neck, [ContraindicationEntry("osteoporosis")]).technique
        == "positional_release"
    )
    assert (
        resolve(KB, "deep_tissue", neck, [ContraindicationEntry("dvt_history")]).technique
        == "effleurage"
    )
    assert resolve(KB, "gua_sha", neck, [ContraindicationEntry("skin_lesion")]).technique is None
    pacemaker = ContraindicationEntry("pacemaker")
    for side in (Side.LEFT, Side.RIGHT):
        chest = Target(region="chest", side=side)
        assert resolve(KB, "cupping", chest, [pacemaker]).technique != "cupping"
    varicose = ContraindicationEntry("varicose_veins", region="thigh_back", side=Side.LEFT)
    assert resolve(KB, "stripping", knee, [varicose]).technique == "stripping"
    assert (
        resolve(KB, "stripping", Target("calf", side=Side.LEFT), [varicose]).technique
        != "stripping"
    )
    pregnancy = ContraindicationEntry("pregnancy")
    care = resolve(KB, "myofascial_release", neck, [pregnancy]).care
    assert "side-lying or seated" in care
