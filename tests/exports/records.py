"""A realistic hand-built record for the export tests: a small knowledge base, a client, a signed
assessment whose analysis is built from the domain classes (an upper-crossed presentation)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs

from posture_tui.domain.analysis import (
    Analysis,
    Dose,
    Excluded,
    Exercise,
    FindingRole,
    Flag,
    MuscleImplication,
    Plan,
    ReferralMatch,
    Step,
)
from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Layer, Phase, Role, Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.domain.records import SIGNED, Assessment, Client, OutcomeMeasures
from posture_tui.exports.words import client_dose
from posture_tui.knowledge.model import (
    ChecklistItem,
    Contraindication,
    Knowledge,
    MeasurementDef,
    Muscle,
    PainRegion,
    Pattern,
    PatternRule,
    Technique,
)

CREATED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
SIGNED_AT = datetime(2026, 11, 20, 10, 45, tzinfo=UTC)


def _item(id: str, view: str, label: str, sided: bool) -> ChecklistItem:
    return ChecklistItem(id=id, view=view, label=label, prompt=label, hint="", sided=sided)


def make_knowledge() -> Knowledge:
    """Just the knowledge the record refers to, with the canonical ids of CLINICAL.md."""
    checklist = [
        _item("forward_head", "lateral", "Forward head", False),
        _item("rounded_shoulders", "lateral", "Rounded shoulders", True),
        _item("thoracic_kyphosis_increased", "lateral", "Increased thoracic kyphosis", False),
        _item("shoulder_elevated", "anterior_posterior", "Shoulder elevated", True),
        _item("head_tilt", "anterior_posterior", "Head tilt", True),
        _item("ohs_arms_fall_forward", "overhead_squat", "Arms fall forward", False),
    ]
    # thoracic_erectors has no lay name: the handout names its region instead
    muscles = {
        "upper_trapezius": ("Upper trapezius", "shoulder_top", ("neck", "head_temple")),
        "pectoralis_minor": ("Pectoralis minor", "chest", ("shoulder_front", "chest")),
        "deep_neck_flexors": ("Deep neck flexors", "neck", ()),
        "lower_trapezius": ("Lower trapezius", "upper_back", ()),
        "levator_scapulae": ("Levator scapulae", "neck", ("neck",)),
        "thoracic_erectors": ("Thoracic erectors", "upper_back", ()),
    }
    regions = {
        "neck": ("Neck", "the neck"),
        "head_temple": ("Head, temple", "the side of the head"),
        "shoulder_top": ("Top of shoulder", "the top of the shoulder"),
        "chest": ("Chest", "the chest"),
        "upper_back": ("Upper back", "the upper back"),
        "shoulder_front": ("Front of shoulder", "the front of the shoulder"),
    }
    techniques = [
        ("myofascial_release", "Myofascial release", Layer.FASCIA),
        ("gua_sha", "Gua sha", Layer.FASCIA),
        ("static_compression", "Static compression", Layer.NEUROMUSCULAR),
        ("stripping", "Stripping", Layer.NEUROMUSCULAR),
        ("cupping", "Cupping", Layer.CUPPING),
        ("deep_tissue", "Deep tissue", Layer.DEEP_TISSUE),
        ("passive_stretch", "Passive stretch", Layer.STRETCHING),
    ]
    return Knowledge(
        checklist={item.id: item for item in checklist},
        measurements={
            "cva_deg": MeasurementDef(
                "cva_deg", "Craniovertebral angle", "deg", hint="", better="higher"
            ),
            "shoulder_height_diff_cm": MeasurementDef(
                "shoulder_height_diff_cm",
                "Shoulder height difference",
                "cm",
                hint="",
                better="lower",
            ),
        },
        measurement_rules=(),
        patterns={
            "upper_crossed": Pattern(
                id="upper_crossed",
                name="Upper crossed pattern",
                summary="Your head sits forward and your shoulders round in, so some neck and "
                "chest muscles work too hard while muscles between your shoulder blades rest.",
                source="Janda",
                rule=PatternRule(),
            )
        },
        muscles={
            mid: Muscle(
                id=mid, name=name, region=region, referral_zones=zones, lay_name=LAY.get(mid, "")
            )
            for mid, (name, region, zones) in muscles.items()
        },
        exercises={},
        techniques={
            tid: Technique(id=tid, name=name, layer=layer, minutes=5)
            for tid, name, layer in techniques
        },
        pain_regions={
            rid: PainRegion(id=rid, name=name, client_name=words)
            for rid, (name, words) in regions.items()
        },
        contraindications={
            "anticoagulants": Contraindication("anticoagulants", "Anticoagulant medication", False),
            "skin_lesion": Contraindication("skin_lesion", "Skin lesion", True),
        },
        compensations=(),
    )


EXERCISES = (
    Exercise(
        id="foam_roll_thoracic",
        name="Foam roll the upper back",
        phase=Phase.INHIBIT,
        dose=Dose(sets=1, frequency="daily", hold_s=30),
        instruction="Lie on the roller across your upper back and rest on each tender spot.",
        muscle="thoracic_erectors",
        side=Side.BILATERAL,
    ),
    Exercise(
        id="doorway_pec_stretch",
        name="Doorway chest stretch",
        phase=Phase.LENGTHEN,
        dose=Dose(sets=2, frequency="5 days a week", hold_s=30),
        instruction="Forearms on the door frame, step through until you feel a gentle stretch.",
        muscle="pectoralis_minor",
        side=Side.BILATERAL,
    ),
    Exercise(
        id="upper_trap_stretch",
        name="Side neck stretch",
        phase=Phase.LENGTHEN,
        dose=Dose(sets=2, frequency="5 days a week", hold_s=45),
        instruction="Sit tall, hold the chair with your right hand and tip your left ear down.",
        muscle="upper_trapezius",
        side=Side.RIGHT,
    ),
    Exercise(
        id="chin_tuck",
        name="Chin tuck",
        phase=Phase.ACTIVATE,
        dose=Dose(sets=2, frequency="daily", reps=12, hold_s=2, tempo="4 s lowering"),
        instruction="Slide your chin straight back as if making a double chin, then relax.",
        muscle="deep_neck_flexors",
    ),
    Exercise(
        id="prone_y_raise",
        name="Lying Y raise",
        phase=Phase.ACTIVATE,
        dose=Dose(sets=2, frequency="3 days a week", reps=10, hold_s=2),
        instruction="Lie face down, thumbs up, lift your arms into a Y without shrugging.",
        muscle="lower_trapezius",
        side=Side.BILATERAL,
    ),
    Exercise(
        id="wall_angel",
        name="Wall angel",
        phase=Phase.INTEGRATE,
        dose=Dose(sets=2, frequency="daily", reps=10),
        instruction="Back against a wall, slide your arms up and down like a snow angel.",
        pattern="upper_crossed",
    ),
)


def make_analysis() -> Analysis:
    flag = Flag(
        pattern="upper_crossed",
        name="Upper crossed pattern",
        evidence=("forward_head", "rounded_shoulders", "thoracic_kyphosis_increased"),
        strength=0.72,
        strength_label="strong",
        muscles=(
            MuscleImplication("upper_trapezius", Role.OVERACTIVE, Side.RIGHT),
            MuscleImplication("pectoralis_minor", Role.OVERACTIVE, Side.BILATERAL),
            MuscleImplication("deep_neck_flexors", Role.UNDERACTIVE),
            MuscleImplication("lower_trapezius", Role.UNDERACTIVE, Side.BILATERAL),
        ),
        roles=(
            FindingRole("forward_head", None, "primary", "Sign of the pattern."),
            FindingRole(
                "head_tilt", Side.LEFT, "compensatory", "Tilts away from the higher shoulder."
            ),
        ),
        referrals=(
            ReferralMatch(
                "upper_trapezius",
                Side.RIGHT,
                "head_temple",
                Side.RIGHT,
                6,
                "Upper trapezius (right) may refer to the right temple: matches reported pain 6/10",
            ),
        ),
        summary="",
    )
    plan = Plan(
        session_minutes=60,
        steps=(
            Step(
                Layer.FASCIA,
                "myofascial_release",
                8,
                "Release the upper back fascia first.",
                region="upper_back",
                side=Side.BILATERAL,
            ),
            Step(
                Layer.NEUROMUSCULAR,
                "static_compression",
                6,
                "Trigger point may refer to the right temple (pain 6/10).",
                muscle="upper_trapezius",
                side=Side.RIGHT,
                care="anticoagulants: lighter pressure",
            ),
            Step(
                Layer.NEUROMUSCULAR,
                "stripping",
                6,
                "Tight band.",
                muscle="pectoralis_minor",
                side=Side.BILATERAL,
            ),
            Step(
                Layer.DEEP_TISSUE,
                "deep_tissue",
                10,
                "Flush the treated area.",
                region="upper_back",
                side=Side.BILATERAL,
            ),
            Step(
                Layer.STRETCHING,
                "passive_stretch",
                5,
                "Lengthen what was released.",
                muscle="pectoralis_minor",
                side=Side.BILATERAL,
            ),
        ),
        excluded=(
            Excluded(
                "cupping",
                "not over broken skin",
                "gua_sha",
                "skin_lesion",
                region="upper_back",
                side=Side.LEFT,
            ),
        ),
        exercises=EXERCISES,
    )
    return Analysis(
        flags=(flag,), plan=plan, derived=("CVA 44.5 deg is below 50 deg: forward head.",)
    )


def make_client(name: str = "山田太郎") -> Client:
    return Client(
        id="c-0001",
        name=name,
        birth_date=date(1979, 4, 2),
        complaints="Neck ache after long days at the computer.\nHeadaches on the right side.",
        goals="Work a full day without a headache.",
        medications="Warfarin",
        pain=(PainEntry("neck", 6, Side.RIGHT), PainEntry("head_temple", 6, Side.RIGHT)),
        contraindications=(
            ContraindicationEntry("anticoagulants"),
            ContraindicationEntry("skin_lesion", region="upper_back", note="healing graze"),
        ),
        created=CREATED,
        updated=CREATED,
    )


def make_assessment() -> Assessment:
    findings = (
        Finding("forward_head", 2),
        Finding("rounded_shoulders", 2, Side.BILATERAL),
        Finding("thoracic_kyphosis_increased", 2),
        Finding("shoulder_elevated", 1, Side.RIGHT),
        Finding("head_tilt", 1, Side.LEFT),
        Finding("ohs_arms_fall_forward", 2),
    )
    return Assessment(
        id="a-0001",
        client_id="c-0001",
        therapist="Dr. Ana Müller",
        created=CREATED,
        updated=SIGNED_AT,
        findings=findings,
        measurements=Measurements(cva_deg=44.5, shoulder_height_diff_cm=1.2),
        pain=(PainEntry("neck", 6, Side.RIGHT), PainEntry("head_temple", 6, Side.RIGHT)),
        analysis=make_analysis(),
        notes="Tolerated pressure well.",
        status=SIGNED,
        signed_at=SIGNED_AT,
        signed_by="Dr. Ana Müller",
    )


def with_name(client: Client, name: str) -> Client:
    return attrs.evolve(client, name=name)


EARLIER = datetime(2026, 11, 13, 9, 0, tzinfo=UTC)


def make_earlier_assessment() -> Assessment:
    """The visit a week before make_assessment(): more neck pain, a pattern since resolved."""
    upper = attrs.evolve(make_analysis().flags[0], strength=0.9)
    lower = Flag(
        pattern="lower_crossed",
        name="Lower crossed pattern",
        evidence=(),
        strength=0.4,
        strength_label="weak",
    )
    return Assessment(
        id="a-0000",
        client_id="c-0001",
        therapist="Dr. Ana Müller",
        created=EARLIER,
        updated=EARLIER,
        findings=(
            Finding("forward_head", 3),
            Finding("rounded_shoulders", 2, Side.BILATERAL),
            Finding("shoulder_elevated", 2, Side.RIGHT),
        ),
        measurements=Measurements(cva_deg=40.0, shoulder_height_diff_cm=1.2),
        pain=(
            PainEntry("neck", 7, Side.RIGHT),
            PainEntry("head_temple", 5, Side.RIGHT),
            PainEntry("shoulder_top", 4, Side.LEFT),
        ),
        outcomes=OutcomeMeasures(ndi=(3, 2, 3, 2, 2, 2, 2, 2, 1, 1)),
        analysis=Analysis(flags=(upper, lower)),
        status=SIGNED,
        signed_at=EARLIER,
        signed_by="Dr. Ana Müller",
    )


def make_followup() -> Assessment:
    """make_assessment() with the NDI answered (10/50), to compare with the earlier visit."""
    return attrs.evolve(make_assessment(), outcomes=OutcomeMeasures(ndi=(1,) * 10))


LAY = {
    "upper_trapezius": "top of the shoulder and side of the neck",
    "pectoralis_minor": "upper chest, below the collarbone",
    "deep_neck_flexors": "deep front of the neck",
    "lower_trapezius": "below the shoulder blades",
    "levator_scapulae": "side and back of the neck",
}


def dose_words(what: str, dose: Dose) -> str:
    """An exercise's dose as a document words it: the client's words in the handout."""
    return client_dose(dose) if what == "handout" else dose.text()
