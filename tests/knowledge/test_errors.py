"""Every kind of bad knowledge file is refused with the file, the key (or line) and the problem."""

# ruff: noqa: E501  (tables of one-line TOML snippets read better unwrapped)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Loader = Callable[..., str]


def test_toml_syntax_error_names_file_and_line(load_error: Loader) -> None:
    message = load_error(broken='[muscles.x]\nname = "X"\nregion = \n')
    assert "broken.toml: invalid TOML" in message
    assert "line 3" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[patterns.upper_crossed.rule]\nmin_core = "two"\n',
            "patterns.upper_crossed.rule.min_core: expected an integer, got a string",
        ),
        (
            "[checklist.forward_head]\nsided = 1\n",
            "checklist.forward_head.sided: expected true or false, got a number",
        ),
        (
            '[muscles.upper_trapezius]\nreferral_zones = "neck"\n',
            "muscles.upper_trapezius.referral_zones: expected an array of strings",
        ),
        (
            '[exercises.chin_tuck]\ndose = { sets = 0, reps = 10, frequency = "daily" }\n',
            "exercises.chin_tuck.dose.sets: must be at least 1, got 0",
        ),
        (
            '[exercises.chin_tuck]\ndose = { sets = 1, frequency = "daily" }\n',
            "exercises.chin_tuck.dose: a dose needs reps or hold_s",
        ),
        ('[muscles.new_one]\nname = "New"\n', "muscles.new_one.region: missing required key"),
        (
            '[measurements.grip]\nlabel = "Grip"\nhint = "h"\nkind = "choice"\nchoices = ["weak"]\n',
            "measurements.grip.normal: a choice measurement names the choice that means nothing",
        ),
        (
            '[measurements.grip]\nlabel = "G"\nhint = "h"\nbetter = "more"\n',
            "measurements.grip.better: 'more' is not one of: higher, lower",
        ),
        (
            '[measurements.grip]\nlabel = "G"\nhint = "h"\nkind = "choice"\nchoices = ["no", "yes"]\n'
            'normal = "no"\nscores = { maybe = 1 }\n',
            "measurements.grip.scores.maybe: 'maybe' is not one of the choices: no, yes",
        ),
        (
            "[settings.photos]\nmin_visibility = 1.5\n",
            "settings.photos.min_visibility: must be between 0 and 1",
        ),
        (
            '[settings.photos.fills]\nneck_length_cm = "cva_deg"\n',
            "settings.photos.fills.neck_length_cm: not a photo measure (one of: head_tilt_deg",
        ),
        (
            '[settings.photos.better]\nneck_length_cm = "zero"\n',
            "settings.photos.better.neck_length_cm: not a photo measure (one of: head_tilt_deg",
        ),
        (
            '[settings.photos.better]\nhead_tilt_deg = "level"\n',
            "settings.photos.better.head_tilt_deg: 'level' is not one of: zero, higher, lower",
        ),
        (
            '[measurements.grip]\nlabel = "G"\nhint = "h"\nnormal = "no"\n',
            "measurements.grip.normal: only a choice measurement has this",
        ),
        (
            '[muscles.upper_trapezius]\nregoin = "neck"\n',
            "muscles.upper_trapezius.regoin: unknown key (expected one of: name, region, lay_name,"
            " referral_zones, exercises, endangerment, reached_through, no_pressure, length_test);"
            " did you mean 'region'?",
        ),
        (
            '[muscles.upper_trapezius]\nid = "trapezius"\n',
            "muscles.upper_trapezius.id: unknown key (expected one of: name, region,",
        ),
        (
            "[contraindications.pregnancy]\nhas_region = true\n",
            "contraindications.pregnancy.has_region: unknown key",
        ),
        (
            '[techniques.cupping]\nrules = [{ condition = "pregnancy", mode = "care", resaon = "r" }]\n',
            "techniques.cupping.rules[0].resaon: unknown key (expected one of: condition, mode,"
            " reason, instead,",
        ),
        (
            "[settings.session]\nmuscles_per_region = 13\n",
            "settings.session.muscles_per_region: must be 1-12, got 13",
        ),
        (
            '[settings.home_program]\nslots = ["activate", "stretch"]\n',
            "settings.home_program.slots[1]: 'stretch' is not one of: inhibit, lengthen,",
        ),
        (
            '[techniques.cupping]\nrules = [{ condition = "pregnancy", mode = "care", reason = "r", parts = ["legs"] }]\n',
            "techniques.cupping.rules[0].parts[0]: 'legs' is not a body part (one of: head, neck,",
        ),
        ('[musles.x]\nname = "X"\n', "musles: unknown section"),
        (
            "[techniques.gua_sha]\nminutes = 2.5\n",
            "techniques.gua_sha.minutes: expected a whole number 1-120, got a number",
        ),
    ],
)
def test_wrong_types_and_keys_name_the_key_path(
    load_error: Loader, text: str, expected: str
) -> None:
    message = load_error(clinic=text)
    assert f"clinic.toml: {expected}" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[checklist.head_tilt]\noveractive = ["upper_trapezius", "scalene"]\n',
            "checklist.head_tilt.overactive[1]: unknown muscle id 'scalene' (did you mean 'scalenes'?)",
        ),
        (
            '[muscles.upper_trapezius]\nregion = "shoulders"\n',
            "muscles.upper_trapezius.region: unknown pain region id 'shoulders'",
        ),
        (
            '[muscles.upper_trapezius]\nexercises = ["neck_roll"]\n',
            "muscles.upper_trapezius.exercises[0]: unknown exercise id 'neck_roll'",
        ),
        (
            '[patterns.lordotic.rule]\nrequired = ["lumbar_lordosis"]\n',
            "patterns.lordotic.rule.required[0]: unknown checklist item id 'lumbar_lordosis'",
        ),
        (
            '[patterns.layered_syndrome.rule]\nrequires_patterns = ["upper_cross"]\n',
            "unknown pattern id 'upper_cross'",
        ),
        (
            '[patterns.upper_crossed.rule]\nsupporting_measurements = ["cva"]\n',
            "unknown measurement id 'cva'",
        ),
        (
            '[settings.photos.fills]\nshoulder_level_cm = "shoulder_height_cm"\n',
            "settings.photos.fills.shoulder_level_cm: unknown measurement id 'shoulder_height_cm'"
            " (did you mean 'shoulder_height_diff_cm'?)",
        ),
        (
            '[techniques.cupping]\nrules = [{ condition = "haemophilia", mode = "exclude", reason = "r" }]\n',
            "techniques.cupping.rules[0].condition: unknown contraindication id 'haemophilia'",
        ),
        (
            '[techniques.cupping]\nrules = [{ condition = "pregnancy", mode = "care", reason = "r", instead = "hot_stones" }]\n',
            "techniques.cupping.rules[0].instead: unknown technique id 'hot_stones'",
        ),
        (
            '[techniques.cupping]\nnever_regions = ["belly"]\n',
            "techniques.cupping.never_regions[0]: unknown pain region id 'belly'",
        ),
        (
            '[techniques.cupping]\nnever_sites = ["anterior_nek"]\n',
            "techniques.cupping.never_sites[0]: unknown endangerment site id 'anterior_nek'"
            " (did you mean 'anterior_neck'?)",
        ),
        (
            '[[compensations]]\nitem = "head_tilt"\ncompensates_for = "shoulder_high"\nrelation = "same_side"\nwhy = "w"\n',
            "compensations[0].compensates_for: unknown checklist item id 'shoulder_high'",
        ),
        (
            '[[measurement_rules]]\nmeasurement = "cva_deg"\nitem = "forward_heads"\nbelow = 30\n',
            "measurement_rules[0].item: unknown checklist item id 'forward_heads'",
        ),
    ],
)
def test_unknown_ids_are_errors_not_silent_drops(
    load_error: Loader, text: str, expected: str
) -> None:
    assert expected in load_error(clinic=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[techniques.gua_sha]\nlayer = "skin"\n',
            "techniques.gua_sha.layer: 'skin' is not one of: fascia, neuromuscular, cupping",
        ),
        (
            '[exercises.chin_tuck]\nphase = "warm_up"\n',
            "exercises.chin_tuck.phase: 'warm_up' is not one of: inhibit, lengthen, activate, integrate",
        ),
        (
            '[[patterns.lordotic.muscles]]\nmuscle = "soleus"\nrole = "tight"\n',
            "patterns.lordotic.muscles[0].role: 'tight' is not one of: overactive, underactive",
        ),
        (
            '[checklist.forward_head]\nview = "side"\n',
            "checklist.forward_head.view: 'side' is not one of: lateral, anterior_posterior",
        ),
        (
            '[[patterns.lordotic.muscles]]\nmuscle = "soleus"\nrole = "overactive"\nside_from = ["forward_head"]\n',
            "patterns.lordotic.muscles[0].side_from[0]: 'forward_head' takes no side",
        ),
        (
            '[[patterns.lordotic.muscles]]\nmuscle = "soleus"\nrole = "overactive"\nside_from = ["oposite:feet_pronated"]\n',
            "patterns.lordotic.muscles[0].side_from[0]: unknown checklist item id 'oposite:feet_pronated'",
        ),
        (
            '[[patterns.lordotic.muscles]]\nmuscle = "soleus"\nrole = "overactive"\nonly_with_side = true\n',
            "patterns.lordotic.muscles[0].only_with_side: needs side_from to take a side from",
        ),
        (
            '[techniques.cupping]\nreplaced_by = "cupping"\n',
            "techniques.cupping.replaced_by: cannot replace itself",
        ),
        (
            '[[technique_rules]]\ncondition = "pregnancy"\ntechniques = ["cupping"]\nmode = "exclude"\nreason = "r"\nparts = ["tail"]\n',
            "'tail' is not a body part (one of: head, neck, trunk, arm, leg)",
        ),
        (
            "[contraindications.anaemia]\nred_flag = true\n",
            "contraindications.anaemia.referral: a red flag needs a referral",
        ),
        (
            '[contraindications.anaemia]\ndetails = ["colour"]\n',
            "'colour' is not a detail (one of: region, side, weeks, severity, clearance)",
        ),
        (
            '[muscles.temporalis]\nendangerment = "Nowhere land: careful"\n',
            "unknown endangerment site 'nowhere_land'",
        ),
        (
            '[techniques.cupping]\nrules = [{ condition = "pregnancy", mode = "avoid", reason = "r" }]\n',
            "techniques.cupping.rules[0].mode: 'avoid' is not one of: exclude, care",
        ),
        (
            '[techniques.cupping]\nrules = [{ condition = "pregnancy", mode = "care", reason = "r", in_region = true }]\n',
            "'pregnancy' takes no region, so a rule cannot apply in its region",
        ),
        (
            "[program.warm_up]\nmax_exercises = 3\n",
            "program.warm_up: 'warm_up' is not a phase (one of: inhibit, lengthen, activate",
        ),
        (
            '[[compensations]]\nitem = "head_tilt"\ncompensates_for = "shoulder_elevated"\nrelation = "same"\nwhy = "w"\n',
            "compensations[0].relation: 'same' is not one of: same_side, opposite_side, any",
        ),
    ],
)
def test_bad_enum_values_are_refused(load_error: Loader, text: str, expected: str) -> None:
    assert expected in load_error(clinic=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[patterns.upper_crossed.rule]\nmin_core = 4\n", "asks for 4 of only 3 core items"),
        (
            '[patterns.new_one]\nname = "N"\nsummary = "S."\nsource = "s"\n[patterns.new_one.rule]\nsupporting = ["forward_head"]\n',
            "patterns.new_one.rule: needs min_core, required, requires_patterns or min_sided",
        ),
        (
            '[patterns.upper_crossed.rule]\nrequires_patterns = ["layered_syndrome"]\n',
            "patterns require each other in a loop",
        ),
        (
            '[patterns.upper_crossed]\nintegrate = ["chin_tuck"]\n',
            "patterns.upper_crossed.integrate[0]: 'chin_tuck' is an exercise of phase activate",
        ),
        (
            '[muscles.soleus]\nexercises = ["squat_to_row"]\n',
            "'squat_to_row' is an integrate exercise; list it on a pattern instead",
        ),
        (
            '[[measurement_rules]]\nmeasurement = "thomas_test"\nitem = "pelvic_tilt_anterior"\nat_least = 1\n',
            "measurement_rules[0].measurement: 'thomas_test' is a choice",
        ),
        (
            '[[measurement_rules]]\nmeasurement = "cva_deg"\nitem = "forward_head"\nseverity = 2\n',
            "measurement_rules[0]: give exactly one of `below` or `at_least`",
        ),
        ('[exercises.chin_tuck]\ndose = "gentle"\n', "unknown dose preset 'gentle'"),
        (
            '[[measurement_rules]]\nmeasurement = "cva_deg"\nitem = "forward_head"\nbelow = 120\n',
            "measurement_rules[0].below: 120 is outside the measurement's range 0-90",
        ),
        (
            '[[patterns.lordotic.muscles]]\nmuscle = "soleus"\nrole = "overactive"\n[[patterns.lordotic.muscles]]\nmuscle = "soleus"\nrole = "overactive"\n',
            "patterns.lordotic.muscles[1].muscle: 'soleus' is already listed as overactive",
        ),
        (
            '[muscles.Upper_Trap]\nname = "U"\nregion = "neck"\n',
            "muscles.Upper_Trap: an id must be lower case",
        ),
        (
            '[checklist.forward_head]\noveractive = ["scalenes", "scalenes"]\n',
            "lists the same id twice",
        ),
        (
            "[techniques.cupping]\nfirst_visit_most_minutes = 3\n",
            "techniques.cupping.first_visit_most_minutes: is less than the first visit's 4",
        ),
        (
            "[techniques.cupping]\nfirst_visit_most_minutes = 11\n",
            "techniques.cupping.first_visit_most_minutes: is more than the most_minutes",
        ),
        (
            "[techniques.gua_sha]\nfirst_visit_most_minutes = 5\n",
            "techniques.gua_sha.first_visit_most_minutes: needs first_visit_minutes",
        ),
        (
            "[settings.session]\nmin_hands_on_minutes = 0\n",
            "settings.session.min_hands_on_minutes",
        ),
    ],
)
def test_inconsistent_entries_are_refused(load_error: Loader, text: str, expected: str) -> None:
    assert expected in load_error(clinic=text)


def test_the_error_names_the_file_that_brought_the_bad_value(load_error: Loader) -> None:
    message = load_error(
        a_good='[pain_regions.neck]\nclient_name = "neck"\n',
        b_bad='[muscles.upper_trapezius]\nreferral_zones = ["nek"]\n',
    )
    assert "b_bad.toml: muscles.upper_trapezius.referral_zones[0]" in message
    assert "a_good.toml" not in message


def test_a_list_entry_is_located_within_its_own_file(load_error: Loader) -> None:
    message = load_error(
        clinic='[[compensations]]\nitem = "knee_valgus"\ncompensates_for = "feet_pronated"\n'
        'relation = "same_side"\nwhy = "fine"\n'
        '[[compensations]]\nitem = "forward_head"\ncompensates_for = "head_tilt"\n'
        'relation = "same_side"\nwhy = "w"\n'
    )
    assert "clinic.toml: compensations[1].item: 'forward_head' takes no side" in message


def test_unreadable_text_is_refused(clinic_dir: Path, load_error: Loader) -> None:
    (clinic_dir / "latin1.toml").write_bytes(b'[pain_regions.neck]\nname = "Nacken \xe9"\n')
    message = load_error()
    assert "latin1.toml: cannot read: not UTF-8 text" in message
