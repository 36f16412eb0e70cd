"""A small hand-built Knowledge, so engine rules are tested independently of the shipped data."""

from __future__ import annotations

from posture_tui.domain.common import Layer, Phase, Role
from posture_tui.domain.dose import Dose
from posture_tui.knowledge.model import (
    ChecklistItem,
    Compensation,
    Contraindication,
    ExerciseDef,
    Knowledge,
    MeasurementDef,
    MeasurementRule,
    Muscle,
    PainRegion,
    Pattern,
    PatternMuscle,
    PatternRule,
    Settings,
    Site,
    Technique,
    TechniqueChoice,
    TechniqueRule,
)

REGIONS = [
    "head_temple",
    "head_back",
    "face_jaw",
    "neck",
    "shoulder_top",
    "shoulder_front",
    "upper_back",
    "chest",
    "arm",
    "hand",
    "low_back",
    "sacrum",
    "buttock",
    "hip_lateral",
    "groin",
    "thigh_front",
    "thigh_lateral",
    "thigh_back",
    "knee",
    "calf",
    "foot",
]


def _item(
    item_id: str,
    sided: bool,
    *,
    view: str = "lateral",
    plane: str = "sagittal",
    over: tuple[str, ...] = (),
    under: tuple[str, ...] = (),
) -> ChecklistItem:
    label = item_id.replace("_", " ").capitalize()
    return ChecklistItem(
        id=item_id,
        view=view,
        label=label,
        prompt=label,
        hint="look",
        sided=sided,
        plane=plane,
        overactive=over,
        underactive=under,
    )


def _exercise(
    ex_id: str, phase: Phase, *, hold: int | None = None, reps: int | None = None
) -> ExerciseDef:
    return ExerciseDef(
        id=ex_id,
        name=ex_id.replace("_", " ").capitalize(),
        phase=phase,
        dose=Dose(sets=1 if hold else 2, frequency="daily", reps=reps, hold_s=hold),
        instruction=f"Do the {ex_id.replace('_', ' ')} slowly.",
    )


def _muscle(muscle_id: str, region: str, zones: tuple[str, ...], endangerment: str = "") -> Muscle:
    return Muscle(
        id=muscle_id,
        name=muscle_id.replace("_", " ").capitalize(),
        region=region,
        referral_zones=zones,
        exercises=(f"{muscle_id}_release", f"{muscle_id}_stretch", f"{muscle_id}_activate"),
        endangerment=endangerment,
    )


def mini_knowledge() -> Knowledge:
    items = [
        _item("forward_head", False, over=("sternocleidomastoid",), under=("deep_neck_flexors",)),
        _item("rounded_shoulders", True, over=("pectoralis_minor",)),
        _item("thoracic_kyphosis_increased", False),
        _item("pelvic_tilt_anterior", False),
        _item("lumbar_lordosis_increased", False),
        _item(
            "shoulder_elevated",
            True,
            view="anterior_posterior",
            plane="frontal",
            over=("upper_trapezius", "levator_scapulae"),
        ),
        _item("head_tilt", True, view="anterior_posterior", plane="frontal"),
        _item("spinal_lateral_curve", True, view="anterior_posterior", plane="frontal"),
        _item(
            "knee_valgus",
            True,
            view="anterior_posterior",
            plane="frontal",
            over=("adductors",),
            under=("gluteus_maximus",),
        ),
    ]
    muscles = [
        _muscle("upper_trapezius", "neck", ("neck", "head_temple")),
        _muscle("levator_scapulae", "neck", ("neck", "upper_back")),
        _muscle("sternocleidomastoid", "neck", ("face_jaw", "head_temple"), "anterior neck"),
        _muscle("pectoralis_minor", "chest", ("shoulder_front", "chest")),
        _muscle("deep_neck_flexors", "neck", ()),
        _muscle("lower_trapezius", "upper_back", ()),
        _muscle("quadratus_lumborum", "low_back", ("buttock", "hip_lateral")),
        _muscle("iliopsoas", "groin", ("low_back", "thigh_front")),
        _muscle("gluteus_maximus", "buttock", ("sacrum",)),
        _muscle("adductors", "groin", ("groin",)),
    ]
    exercises: list[ExerciseDef] = []
    for muscle in muscles:
        exercises += [
            _exercise(f"{muscle.id}_release", Phase.INHIBIT, hold=30),
            _exercise(f"{muscle.id}_stretch", Phase.LENGTHEN, hold=30),
            _exercise(f"{muscle.id}_activate", Phase.ACTIVATE, reps=12),
        ]
    exercises += [
        _exercise("wall_angel", Phase.INTEGRATE, reps=10),
        _exercise("squat_to_row", Phase.INTEGRATE, reps=12),
    ]
    patterns = [
        Pattern(
            id="upper_crossed",
            name="Upper crossed syndrome",
            summary="Head and shoulders forward.",
            source="Janda",
            rule=PatternRule(
                core=("forward_head", "rounded_shoulders", "thoracic_kyphosis_increased"),
                min_core=2,
                supporting=("shoulder_elevated",),
                supporting_measurements=("cva_deg",),
            ),
            muscles=(
                PatternMuscle("upper_trapezius", Role.OVERACTIVE, ("shoulder_elevated",)),
                PatternMuscle("pectoralis_minor", Role.OVERACTIVE, ("rounded_shoulders",)),
                PatternMuscle("deep_neck_flexors", Role.UNDERACTIVE),
                PatternMuscle("lower_trapezius", Role.UNDERACTIVE),
            ),
            integrate=("wall_angel",),
        ),
        Pattern(
            id="layered_syndrome",
            name="Layered syndrome",
            summary="Both.",
            source="Janda",
            rule=PatternRule(requires_patterns=("upper_crossed", "lower_crossed")),
            integrate=("squat_to_row",),
        ),
        Pattern(
            id="lower_crossed",
            name="Lower crossed syndrome",
            summary="Pelvis tips forward.",
            source="Janda",
            rule=PatternRule(
                core=("pelvic_tilt_anterior", "lumbar_lordosis_increased"),
                min_core=2,
                supporting_measurements=("thomas_test",),
            ),
            muscles=(
                PatternMuscle("iliopsoas", Role.OVERACTIVE, ("thomas_test",)),
                PatternMuscle("gluteus_maximus", Role.UNDERACTIVE),
            ),
            integrate=("squat_to_row",),
        ),
        Pattern(
            id="frontal_plane_asymmetry",
            name="Frontal plane asymmetry",
            summary="Uneven.",
            source="Kendall",
            rule=PatternRule(
                sided_pool=("shoulder_elevated", "head_tilt", "spinal_lateral_curve"),
                min_sided=2,
            ),
            muscles=(
                PatternMuscle(
                    "quadratus_lumborum", Role.OVERACTIVE, ("opposite:spinal_lateral_curve",)
                ),
                PatternMuscle("upper_trapezius", Role.OVERACTIVE, ("shoulder_elevated",)),
            ),
        ),
    ]
    pressure_rules = (
        TechniqueRule("dvt_history", "exclude", "History of DVT: risk of moving a clot"),
        TechniqueRule("anticoagulants", "care", "Anticoagulants: bruises easily, lighter pressure"),
        TechniqueRule(
            "recent_injury",
            "exclude",
            "Recent injury: wait 48 to 72 h",
            instead="myofascial_release",
            in_region=True,
        ),
    )
    techniques = [
        Technique(
            "gua_sha",
            "Gua sha",
            Layer.FASCIA,
            5,
            rules=(
                TechniqueRule(
                    "skin_lesion",
                    "exclude",
                    "Skin lesion: never over broken skin",
                    instead="myofascial_release",
                    in_region=True,
                ),
                TechniqueRule("anticoagulants", "care", "Anticoagulants: lighter strokes"),
            ),
        ),
        Technique(
            "myofascial_release",
            "Myofascial release",
            Layer.FASCIA,
            5,
            rules=(
                TechniqueRule(
                    "unhealed_fracture", "exclude", "Fracture: no load over it", in_region=True
                ),
                TechniqueRule(
                    "skin_lesion", "exclude", "Skin lesion: not over broken skin", in_region=True
                ),
            ),
        ),
        Technique(
            "static_compression",
            "Static compression",
            Layer.NEUROMUSCULAR,
            4,
            rules=pressure_rules,
            respects_sites=True,
        ),
        Technique(
            "stripping",
            "Stripping",
            Layer.NEUROMUSCULAR,
            4,
            rules=pressure_rules,
            respects_sites=True,
        ),
        Technique(
            "cross_fiber_friction",
            "Cross-fiber friction",
            Layer.NEUROMUSCULAR,
            3,
            rules=pressure_rules,
            respects_sites=True,
        ),
        Technique(
            "cupping",
            "Cupping",
            Layer.CUPPING,
            5,
            rules=(
                TechniqueRule(
                    "bleeding_disorder",
                    "exclude",
                    "Bleeding disorder: bruising risk",
                    instead="myofascial_release",
                ),
                TechniqueRule(
                    "skin_lesion", "exclude", "Skin lesion: not over broken skin", in_region=True
                ),
            ),
            never_regions=("groin", "anterior_neck"),
            respects_sites=True,
        ),
        Technique(
            "deep_tissue",
            "Deep tissue",
            Layer.DEEP_TISSUE,
            5,
            rules=pressure_rules,
            respects_sites=True,
        ),
        Technique(
            "passive_stretch",
            "Passive stretch",
            Layer.STRETCHING,
            3,
            rules=(
                TechniqueRule(
                    "recent_injury",
                    "exclude",
                    "Recent injury: no stretch on fresh tissue",
                    in_region=True,
                ),
            ),
        ),
        Technique(
            "active_stretch",
            "Active stretch",
            Layer.STRETCHING,
            3,
            rules=(
                TechniqueRule(
                    "recent_injury",
                    "exclude",
                    "Recent injury: no stretch on fresh tissue",
                    in_region=True,
                ),
            ),
        ),
    ]
    conditions = [
        Contraindication("anticoagulants", "Anticoagulants", False),
        Contraindication("dvt_history", "History of DVT", False),
        Contraindication("bleeding_disorder", "Bleeding disorder", False),
        Contraindication("skin_lesion", "Skin lesion", True),
        Contraindication("recent_injury", "Recent injury", True),
        Contraindication("unhealed_fracture", "Unhealed fracture", True),
    ]
    return Knowledge(
        checklist={i.id: i for i in items},
        measurements={
            "cva_deg": MeasurementDef(
                "cva_deg",
                "Craniovertebral angle",
                "deg",
                hint="at C7",
                minimum=0,
                maximum=90,
                better="higher",
            ),
            "shoulder_height_diff_cm": MeasurementDef(
                "shoulder_height_diff_cm",
                "Shoulder height difference",
                "cm",
                hint="h",
                better="lower",
            ),
            "thomas_test": MeasurementDef(
                "thomas_test",
                "Thomas test",
                "",
                hint="supine",
                kind="choice",
                choices=("negative", "left", "right", "bilateral"),
                normal="negative",
            ),
        },
        measurement_rules=(
            MeasurementRule(
                "cva_deg",
                "forward_head",
                below=50,
                severity=1,
                text="a CVA under 50 degrees reads as forward head",
            ),
        ),
        patterns={p.id: p for p in patterns},
        muscles={m.id: m for m in muscles},
        exercises={e.id: e for e in exercises},
        techniques={t.id: t for t in techniques},
        pain_regions={r: PainRegion(r, r.replace("_", " ").capitalize()) for r in REGIONS},
        contraindications={c.id: c for c in conditions},
        sites={"anterior_neck": Site("anterior_neck", "Anterior neck", "keep tools off the front")},
        compensations=(
            Compensation(
                "head_tilt",
                "shoulder_elevated",
                "same_side",
                "righting reflex keeps the eyes level",
            ),
        ),
        settings=Settings(techniques=TechniqueChoice("static_compression", "stripping")),
    )
