"""Every canonical id of CLINICAL.md is shipped, with the shape the document gives it."""

from __future__ import annotations

from posture_tui.domain.common import Layer
from posture_tui.knowledge.model import Knowledge

# Section 2, lateral view: id -> takes a side
LATERAL = {
    "forward_head": False,
    "rounded_shoulders": True,
    "thoracic_kyphosis_increased": False,
    "thoracic_kyphosis_decreased": False,
    "lumbar_lordosis_increased": False,
    "lumbar_lordosis_decreased": False,
    "pelvic_tilt_anterior": False,
    "pelvic_tilt_posterior": False,
    "pelvis_anterior_shift": False,
    "trunk_posterior_lean": False,
    "knee_hyperextension": True,
    "knee_flexion": True,
}
ANTERIOR_POSTERIOR = {
    "head_tilt": True,
    "head_rotation": True,
    "shoulder_elevated": True,
    "scapular_winging": True,
    "humeral_internal_rotation": True,
    "trunk_lateral_shift": True,
    "spinal_lateral_curve": True,
    "pelvis_elevated": True,
    "pelvis_rotated": True,
    "knee_valgus": True,
    "knee_varus": True,
    "feet_pronated": True,
    "feet_supinated": True,
    "feet_turned_out": True,
}
OVERHEAD_SQUAT = [
    "ohs_feet_turn_out",
    "ohs_knees_in",
    "ohs_forward_lean",
    "ohs_low_back_arch",
    "ohs_arms_fall_forward",
    "ohs_shoulders_elevate",
    "ohs_head_forward",
    "ohs_asymmetric_shift",
    "ohs_feet_flatten",
    "ohs_heels_rise",
    "ohs_knees_out",
    "ohs_low_back_rounds",
]
MEASUREMENTS = ["cva_deg", "shoulder_height_diff_cm", "iliac_crest_diff_cm", "thomas_test"]
PATTERNS = [
    "upper_crossed",
    "lower_crossed",
    "layered_syndrome",
    "kyphotic_lordotic",
    "lordotic",
    "flat_back",
    "sway_back",
    "pronation_distortion",
    "frontal_plane_asymmetry",
]
REGIONS = [
    "head_temple", "head_back", "face_jaw", "neck", "shoulder_top", "shoulder_front",
    "upper_back", "chest", "arm", "hand", "low_back", "sacrum", "buttock", "hip_lateral",
    "groin", "thigh_front", "thigh_lateral", "thigh_back", "knee", "calf", "foot",
]  # fmt: skip
# Section 4 table: muscle -> regions its trigger points must refer to (at least these)
REFERRALS = {
    "upper_trapezius": {"neck", "head_temple"},
    "levator_scapulae": {"neck", "upper_back"},
    "sternocleidomastoid": {"face_jaw", "head_temple", "head_back"},
    "suboccipitals": {"head_back"},
    "scalenes": {"chest", "upper_back", "arm", "hand"},
    "pectoralis_major": {"shoulder_front", "chest", "arm"},
    "pectoralis_minor": {"shoulder_front", "chest", "arm"},
    "infraspinatus": {"shoulder_front", "arm", "hand"},
    "quadratus_lumborum": {"sacrum", "buttock", "groin", "hip_lateral"},
    "gluteus_medius": {"sacrum", "buttock", "thigh_lateral"},
    "gluteus_minimus": {"thigh_lateral"},
    "piriformis": {"sacrum", "thigh_back"},
    "iliopsoas": {"low_back", "sacrum", "thigh_front"},
    "tensor_fasciae_latae": {"thigh_lateral", "hip_lateral"},
    "rectus_femoris": {"knee"},
    "gastrocnemius": {"calf", "foot"},
    "soleus": {"foot", "sacrum"},
}
OTHER_MUSCLES = [
    "deep_neck_flexors", "middle_trapezius", "lower_trapezius", "rhomboids", "serratus_anterior",
    "latissimus_dorsi", "teres_major", "rotator_cuff", "thoracic_erectors", "lumbar_erectors",
    "rectus_abdominis", "obliques", "transverse_abdominis", "adductors", "hamstrings",
    "biceps_femoris", "gluteus_maximus", "vastus_lateralis", "vastus_medialis", "peroneals",
    "tibialis_anterior", "tibialis_posterior", "hip_external_rotators",
]  # fmt: skip
# Section 5: condition -> has a region
# Section 5.2: condition -> the details the intake asks for it
CONDITIONS = {
    "anticoagulants": set(),
    "bleeding_disorder": set(),
    "dvt_history": {"clearance"},
    "pregnancy": {"weeks"},
    "postpartum": {"weeks"},
    "skin_lesion": {"region"},
    "recent_injury": {"region"},
    "recent_surgery": {"region", "side"},
    "osteoporosis": {"severity"},
    "active_cancer": {"region"},
    "pacemaker": {"side"},
    "varicose_veins": {"region"},
    "uncontrolled_hypertension": set(),
    "diabetic_neuropathy": set(),
    "unhealed_fracture": {"region"},
    "lymphedema": {"region"},
    "fragile_skin": set(),
    "anaemia": set(),
}
# Section 5.1: the red flags, recorded like conditions
RED_FLAGS = (
    "fever_or_infection",
    "suspected_dvt",
    "cauda_equina_signs",
    "chest_pain_on_exertion",
    "thunderclap_headache",
    "progressive_neuro_deficit",
    "night_pain_weight_loss",
    "cervical_arterial_signs",
    "preeclampsia_signs",
    "very_high_blood_pressure",
)
# Section 1: technique -> layer
TECHNIQUES = {
    "gua_sha": Layer.FASCIA,
    "myofascial_release": Layer.FASCIA,
    "static_compression": Layer.NEUROMUSCULAR,
    "stripping": Layer.NEUROMUSCULAR,
    "cross_fiber_friction": Layer.NEUROMUSCULAR,
    "cupping": Layer.CUPPING,
    "deep_tissue": Layer.DEEP_TISSUE,
    "passive_stretch": Layer.STRETCHING,
    "active_stretch": Layer.STRETCHING,
}


def test_checklist_items_in_their_views_with_their_sides(kb: Knowledge) -> None:
    for view, items in (("lateral", LATERAL), ("anterior_posterior", ANTERIOR_POSTERIOR)):
        for item_id, sided in items.items():
            item = kb.checklist[item_id]
            assert (item.view, item.sided) == (view, sided), item_id
    for item_id in OVERHEAD_SQUAT:
        assert kb.checklist[item_id].view == "overhead_squat"
        assert kb.checklist[item_id].plane == "movement"
    assert kb.checklist["ohs_asymmetric_shift"].sided


def test_every_item_has_words_for_the_therapist(kb: Knowledge) -> None:
    for item in kb.checklist.values():
        assert item.label and item.prompt and item.hint, item.id
        assert item.regions, f"{item.id} shows on no body region"


def test_measurements(kb: Knowledge) -> None:
    assert set(MEASUREMENTS) <= set(kb.measurements)
    assert kb.measurements["cva_deg"].unit == "deg"
    assert (kb.measurements["cva_deg"].minimum, kb.measurements["cva_deg"].maximum) == (0, 90)
    for cm in ("shoulder_height_diff_cm", "iliac_crest_diff_cm"):
        assert kb.measurements[cm].unit == "cm"
        assert kb.measurements[cm].kind == "number"
    thomas = kb.measurements["thomas_test"]
    assert thomas.kind == "choice"
    assert thomas.choices == ("negative", "left", "right", "bilateral")


def test_patterns_present_with_client_words(kb: Knowledge) -> None:
    for pattern_id in PATTERNS:
        pattern = kb.patterns[pattern_id]
        assert pattern.name and pattern.source, pattern_id
        assert pattern.summary.endswith("."), pattern_id
        assert pattern.integrate, f"{pattern_id} has no integrate exercise"


def test_pain_regions(kb: Knowledge) -> None:
    for region_id in REGIONS:
        region = kb.pain_regions[region_id]
        assert region.name and region.client_name, region_id


def test_muscles_and_referral_zones(kb: Knowledge) -> None:
    for muscle_id, zones in REFERRALS.items():
        assert zones <= set(kb.muscles[muscle_id].referral_zones), muscle_id
    for muscle_id in OTHER_MUSCLES:
        assert kb.muscles[muscle_id].name
    for muscle in kb.muscles.values():
        assert muscle.region in kb.pain_regions, muscle.id


def test_contraindications(kb: Knowledge) -> None:
    for condition_id, details in CONDITIONS.items():
        condition = kb.contraindications[condition_id]
        assert details <= set(condition.details), condition_id
        assert condition.has_region is ("region" in details), condition_id
        assert not condition.red_flag, condition_id
    for flag_id in RED_FLAGS:
        flag = kb.contraindications[flag_id]
        assert flag.red_flag and flag.referral and flag.why, flag_id


def test_techniques_in_their_layers(kb: Knowledge) -> None:
    for technique_id, layer in TECHNIQUES.items():
        technique = kb.techniques[technique_id]
        assert technique.layer is layer, technique_id
        assert technique.minutes >= 1 and technique.description
