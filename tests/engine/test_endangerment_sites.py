"""Cups never go over an endangerment site or a never-region, and the plan says so."""

from __future__ import annotations

from posture_tui.engine.contraindications import Target, resolve
from posture_tui.knowledge.loader import load_knowledge

from .build import pain, run


def test_cupping_skips_the_anterior_neck_but_keeps_the_back_of_the_neck() -> None:
    kb = load_knowledge()
    # face pain makes the neck the session's first focus (the SCM refers there)
    analysis = run(
        kb,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("thoracic_kyphosis_increased", 1),
        ("shoulder_elevated", 2, "right"),
        pain=(pain("face_jaw", 5),),
        minutes=240,  # room for the neck's other muscles beside the SCM
    )
    plan = analysis.plan
    cupped = [s for s in plan.steps if s.technique == "cupping"]
    neck = [s for s in cupped if s.region == "neck"]
    assert neck, "the back of the neck (levator scapulae) is still cupped"
    assert all("sternocleidomastoid" not in s.reason and "scalenes" not in s.reason for s in neck)
    skipped = {e.muscle: e for e in plan.excluded if e.technique == "cupping" and e.muscle}
    for muscle in ("sternocleidomastoid", "scalenes"):
        assert "triangle of the neck" in skipped[muscle].reason
        assert skipped[muscle].instead is None
    # cups do not seal over the hair: the back of the head is a never-region
    assert not [s for s in cupped if s.region == "head_back"]
    verdict = resolve(kb, "cupping", Target(region="head_back"), [])
    assert verdict.technique is None and verdict.excluded[0].contraindication == "never_region"


def test_a_technique_without_never_sites_still_treats_the_anterior_neck_with_care() -> None:
    kb = load_knowledge()
    analysis = run(kb, ("forward_head", 2), ("head_tilt", 2, "right"))
    scm = [s for s in analysis.plan.steps if s.muscle == "sternocleidomastoid"]
    assert scm and all("anterior neck" in s.care.lower() for s in scm if s.layer != "stretching")


def test_every_tool_cup_or_deep_step_over_the_neck_names_the_neck_triangles() -> None:
    """Whichever muscles are worked (here levator scapulae only, which has no site of its own),
    gua sha, cups and deep tissue over the neck say to keep to its back."""
    kb = load_knowledge()
    analysis = run(
        kb,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("shoulder_elevated", 2, "right"),
        pain=(pain("neck", 5, "right"),),
    )
    over_neck = [
        s
        for s in analysis.plan.steps
        if s.region == "neck" and s.technique in ("gua_sha", "cupping", "deep_tissue")
    ]
    assert {s.technique for s in over_neck} == {"gua_sha", "cupping", "deep_tissue"}
    for step in over_neck:
        assert "Anterior neck" in step.care and "Posterior triangle" in step.care, step
