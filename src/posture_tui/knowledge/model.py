"""Typed model of the clinical knowledge base (what the data files in `data/` hold).

The classes are also the file format: each field's type, default and `Annotated` rules say what
a knowledge file may write for it (the knowledge loader structures the files into them).
"""

from __future__ import annotations

from typing import Annotated

from attrs import field, frozen

from posture_tui.domain.common import MAX_SEVERITY, Layer, Phase, Plane, Role, RuleMode, View
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.dose import Dose
from posture_tui.knowledge.figures import ExerciseFigure
from posture_tui.structuring.rules import AS_TABLE, BLANK, NOT_WRITTEN, OneOf, Range, Ref

VIEWS: tuple[View, ...] = tuple(View)
ITEM_VIEWS = tuple(view.value for view in VIEWS if view != View.MEASUREMENTS)
PARTS = ("head", "neck", "trunk", "arm", "leg")
RELATIONS = ("same_side", "opposite_side", "any")
WHERES = ("everywhere", "region", "limb", "region_and_distal")
SEVERITIES = ("mild", "severe")
EXTENTS = ("region", "distal", "limb")
PHOTO_BETTER = ("zero", "higher", "lower")
# CLINICAL.md 5.5: where a home exercise is done and what it loads. Besides the contract's loads,
# `trunk_curl` is a curl-up or crunch (trunk lifted against gravity) and `spinal_roll` is body
# weight on a foam roller or balls along the spine.
POSITIONS = ("standing", "seated", "supine", "prone", "side_lying", "quadruped", "kneeling")
LOADS = (
    "spinal_flexion",
    "spinal_rotation",
    "trunk_curl",
    "spinal_roll",
    "self_pressure",
    "isometric_hold",
    "breath_hold",
    "head_down",
    "impact",
)
DETAILS = ("region", "side", "weeks", "severity", "clearance")

Text = Annotated[str, BLANK]  # text a file may give empty
Ids = tuple[str, ...]
ItemIds = Annotated[Ids, Ref("item")]
MuscleIds = Annotated[Ids, Ref("muscle")]
RegionIds = Annotated[Ids, Ref("region")]
SiteIds = Annotated[Ids, Ref("site")]
Parts = Annotated[Ids, OneOf(PARTS, "a body part")]
Count = Annotated[int, Range(0)]
Minutes = Annotated[int | None, Range(1)]
VIEW_NAMES: dict[str, str] = {
    View.LATERAL: "Lateral view",
    View.ANTERIOR_POSTERIOR: "Anterior / posterior views",
    View.OVERHEAD_SQUAT: "Overhead squat",
    View.MEASUREMENTS: "Measurements",
}


def site_id(text: str) -> str:
    """An endangerment site's id from its name: "Femoral triangle" -> "femoral_triangle"."""
    return "_".join(text.strip().lower().split())


@frozen
class ChecklistItem:
    """One observable sign on the postural checklist."""

    id: str = field(metadata=NOT_WRITTEN)  # the entry's key
    view: Annotated[View, OneOf(ITEM_VIEWS)] = field(converter=View)
    label: str  # short name, e.g. "Forward head"
    prompt: str  # what the therapist looks for
    hint: str  # how to observe it
    sided: bool
    plane: Plane = field(default=Plane.SAGITTAL, converter=Plane)
    # pain/body regions it shows in
    regions: RegionIds = field(factory=tuple, converter=to_tuple)
    overactive: MuscleIds = field(factory=tuple, converter=to_tuple)
    underactive: MuscleIds = field(factory=tuple, converter=to_tuple)
    # muscles implicated on the side opposite the finding's (NASM asymmetric weight shift)
    opposite_overactive: MuscleIds = field(factory=tuple, converter=to_tuple)
    opposite_underactive: MuscleIds = field(factory=tuple, converter=to_tuple)


@frozen
class MeasurementDef:
    """A measurement field shown on the checklist's measurements view."""

    id: str = field(metadata=NOT_WRITTEN)
    label: str
    unit: Text = ""  # "deg", "cm" or "" for a choice
    hint: str = field(kw_only=True)
    kind: Annotated[str, OneOf(("number", "choice"))] = "number"
    choices: Ids = field(factory=tuple, converter=to_tuple)
    minimum: float | None = None
    maximum: float | None = None
    # A number: which way a change between visits is for the better ("higher" or "lower");
    # None: a change is only reported, never judged.
    better: Annotated[str | None, OneOf(("higher", "lower"))] = None
    # A choice: the one meaning nothing was found (it raises no finding), and how far from it
    # each choice is (a lower score is better; the same score on another choice is a change of
    # side). A choice named left, right or bilateral gives what it raises that side.
    normal: str | None = None
    scores: Annotated[tuple[tuple[str, Annotated[int, Range(0, 100)]], ...], AS_TABLE] = field(
        factory=tuple, converter=to_tuple
    )

    def score(self, choice: str) -> int | None:
        """How far a choice is from normal (None: not one of the choices)."""
        if choice not in self.choices:
            return None
        return dict(self.scores).get(choice, 0 if choice == self.normal else 1)

    def is_positive(self, value: object) -> bool:
        """Whether a taken value counts as found (a choice other than the normal one)."""
        return value is not None and (self.kind != "choice" or str(value) != self.normal)


@frozen
class MeasurementRule:
    """A measurement that raises or supports a finding (e.g. CVA under 50 deg -> forward_head)."""

    measurement: Annotated[str, Ref("measurement")]
    item: Annotated[str, Ref("item")]
    below: float | None = None
    at_least: float | None = None
    severity: Annotated[int, Range(1, MAX_SEVERITY)] = 1
    text: Text = ""


@frozen
class PatternRule:
    """When a pattern is raised.

    At least `min_core` of `core` items present (severity >= 1), every `required` item present,
    none of `excludes` present, every pattern in `requires_patterns` raised, and at least
    `min_sided` of `sided_pool` present on some side. `supporting` items and measurements only
    add evidence and strength.
    """

    core: ItemIds = field(factory=tuple, converter=to_tuple)
    min_core: Count = 0
    required: ItemIds = field(factory=tuple, converter=to_tuple)
    supporting: ItemIds = field(factory=tuple, converter=to_tuple)
    excludes: ItemIds = field(factory=tuple, converter=to_tuple)
    requires_patterns: Annotated[Ids, Ref("pattern")] = field(factory=tuple, converter=to_tuple)
    sided_pool: Annotated[Ids, Ref("sided_item")] = field(factory=tuple, converter=to_tuple)
    min_sided: Count = 0
    supporting_measurements: Annotated[Ids, Ref("measurement")] = field(
        factory=tuple, converter=to_tuple
    )


@frozen
class PatternMuscle:
    """A muscle a pattern implicates; its side comes from the first present `side_from` item.

    An entry in `side_from` may be prefixed with "opposite:" to take the other side. With no
    sided evidence the muscle is implicated bilaterally.
    """

    muscle: Annotated[str, Ref("muscle")]
    role: Role
    side_from: Ids = field(factory=tuple, converter=to_tuple)
    only_with_side: bool = False  # implicated only when a `side_from` finding gives a side


@frozen
class Pattern:
    """A named pattern of findings (CLINICAL.md section 3)."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    summary: str  # one plain-language sentence for the client handout
    source: str
    rule: PatternRule
    muscles: tuple[PatternMuscle, ...] = field(factory=tuple, converter=to_tuple)
    # integrate exercises (phase integrate)
    integrate: Annotated[Ids, Ref("integrate_exercise")] = field(factory=tuple, converter=to_tuple)


@frozen
class ExerciseDef:
    """A corrective exercise in the library."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    phase: Phase
    dose: Dose  # a file may name a preset of `[doses]` instead
    instruction: str
    # CLINICAL.md 5.5: the home program is filtered by these (exercise_safety.toml); an untagged
    # exercise (a clinic's older file) is left out under any exercise rule
    position: Annotated[str, OneOf(POSITIONS)] = ""
    loads: Annotated[Ids, OneOf(LOADS)] = field(factory=tuple, converter=to_tuple)
    pressure_regions: RegionIds = field(factory=tuple, converter=to_tuple)  # self-pressure
    regions: RegionIds = field(factory=tuple, converter=to_tuple)  # pain regions it loads
    # same-phase exercises to use instead when this one is left out, tried in order
    replacements: Annotated[Ids, Ref("exercise")] = field(factory=tuple, converter=to_tuple)


@frozen
class ExerciseRule:
    """A home exercise a condition rules out (CLINICAL.md 5.5); any one criterion is enough.

    The exercise is out when its position is in `positions`, one of its loads is in `loads`, it
    presses on one of `pressure_regions`, it presses on, moves or loads one of `load_regions`,
    it presses on (`pressure_in_region`) or loads
    (`loads_in_region`) the condition's recorded region, widened by `extent` ("region",
    "distal": and further down the limb, "limb": the region's whole arm or leg); with no region
    recorded that is everywhere. `min_weeks` limits the rule to pregnancy weeks from that week
    (weeks not recorded count as past week 20, so the rule applies).
    """

    condition: Annotated[str, Ref("condition")]
    reason: str  # plain words for the therapist
    positions: Annotated[Ids, OneOf(POSITIONS)] = field(factory=tuple, converter=to_tuple)
    loads: Annotated[Ids, OneOf(LOADS)] = field(factory=tuple, converter=to_tuple)
    pressure_regions: RegionIds = field(factory=tuple, converter=to_tuple)
    load_regions: RegionIds = field(factory=tuple, converter=to_tuple)
    pressure_in_region: bool = False
    loads_in_region: bool = False
    extent: Annotated[str, OneOf(EXTENTS)] = "region"
    min_weeks: Minutes = None


@frozen
class HandoutWarning:
    """Warning signs printed on the client handout when the client has `condition`."""

    condition: str = field(metadata=NOT_WRITTEN)  # the entry's key
    title: str
    signs: Ids = field(factory=tuple, converter=to_tuple)


@frozen
class Muscle:
    """A muscle: where it is, where its trigger points refer, and its home exercises."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    # pain region where the muscle lies (fascia work targets this region)
    region: Annotated[str, Ref("region")]
    lay_name: str = ""  # where it is in a client's words ("side of the neck"), for the handout
    referral_zones: RegionIds = field(factory=tuple, converter=to_tuple)
    # exercise ids of any phase but integrate
    exercises: Annotated[Ids, Ref("muscle_exercise")] = field(factory=tuple, converter=to_tuple)
    endangerment: Text = ""  # "Site: guidance" when pressure near it needs care
    # regions hands-on work passes through to reach it (the iliopsoas: the abdomen)
    reached_through: RegionIds = field(factory=tuple, converter=to_tuple)
    # beside a site that rules out NMT pressure on it (positional release or exercise instead)
    no_pressure: bool = False
    # the test that settles whether it is short or long when flags disagree (CLINICAL.md 3)
    length_test: Text = ""

    @property
    def site(self) -> str:
        """The endangerment site as an id ("Anterior neck: ..." -> "anterior_neck"), or ""."""
        return site_id(self.endangerment.split(":", 1)[0]) if self.endangerment else ""


@frozen
class TechniqueRule:
    """How a condition changes a technique (a cell of the CLINICAL.md 5.3 matrix; safety.toml).

    mode "exclude" removes the technique where the rule applies (the technique's
    `replaced_by` is tried instead, unless `instead` names another); "care" keeps it lighter,
    with the reason on the step. Where: `place` ("everywhere", "region", "limb",
    "region_and_distal"), fixed `regions` and body `parts`, and `on_side`. When: `cleared`,
    `severity`, `min_weeks`, and `if_regions` / `if_parts` (where the condition was recorded).
    """

    condition: Annotated[str, Ref("condition")]
    mode: RuleMode = field(converter=RuleMode)
    reason: str
    instead: Annotated[str | None, Ref("technique")] = None
    in_region: bool = False  # the older spelling of place = "region"
    place: Annotated[str, OneOf(WHERES)] = "everywhere"
    regions: RegionIds = field(factory=tuple, converter=to_tuple)
    parts: Parts = field(factory=tuple, converter=to_tuple)
    on_side: bool = False
    cleared: bool | None = None
    severity: Annotated[str | None, OneOf(SEVERITIES)] = None
    min_weeks: Annotated[int | None, Range(0)] = None
    if_regions: RegionIds = field(factory=tuple, converter=to_tuple)
    if_parts: Parts = field(factory=tuple, converter=to_tuple)

    @property
    def where(self) -> str:
        return "region" if self.in_region and self.place == "everywhere" else self.place


@frozen
class Technique:
    """A hands-on technique in one treatment layer."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    layer: Layer
    # typical minutes per target (per side, for a muscle)
    minutes: Annotated[int, Range(1, 120)]
    description: Text = ""
    rules: tuple[TechniqueRule, ...] = field(factory=tuple, converter=to_tuple)
    never_regions: RegionIds = field(factory=tuple, converter=to_tuple)  # e.g. cupping: hair
    # endangerment sites (Muscle.site) it is never used over, e.g. cupping: anterior_neck
    never_sites: SiteIds = field(factory=tuple, converter=to_tuple)
    min_minutes: Minutes = None  # shortest step worth doing (None: `minutes`)
    most_minutes: Minutes = None  # longest, when the session has time (None: `minutes`)
    first_visit_minutes: Minutes = None  # typical minutes at a first visit (cups: shorter)
    first_visit_most_minutes: Minutes = None  # longest at a first visit (None: the typical)
    # what an exclusion falls back to (itself checked)
    replaced_by: Annotated[str | None, Ref("technique")] = None
    respects_sites: bool = False  # tools, cups or deep pressure: endangerment sites apply
    # sustained hands-on pressure: never over a region that is itself a site
    avoids_site_regions: bool = False


@frozen
class Site:
    """An endangerment site (CLINICAL.md 5.4): no tools, cups or deep pressure over it."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    tools: str  # the note on a gua sha, cupping or deep tissue step beside it


@frozen
class PainRegion:
    """A pain region the intake records (CLINICAL.md section 4)."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    client_name: Text = ""  # plain words for the client handout
    # safety rules: "the legs", "that limb"
    part: Annotated[str, OneOf(PARTS)] = "trunk"
    distal: RegionIds = field(factory=tuple, converter=to_tuple)  # further down the limb
    site: Text = ""  # the endangerment site this region itself is, if any
    # the area a session works as one ("" : the region alone)
    body_region: Annotated[str, Ref("body_region")] = ""
    # endangerment sites beside the region: tools, cups and deep strokes over it name them
    beside_sites: SiteIds = field(factory=tuple, converter=to_tuple)


@frozen
class BodyRegion:
    """An area a session works as one, e.g. the neck and shoulders (CLINICAL.md 1b)."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str


@frozen
class Contraindication:
    """A condition or red flag screened at intake (CLINICAL.md section 5)."""

    id: str = field(metadata=NOT_WRITTEN)
    name: str
    has_region: bool = field(default=False, metadata=NOT_WRITTEN)  # "region" in its details
    description: Text = ""
    details: Annotated[Ids, OneOf(DETAILS, "a detail")] = field(factory=tuple, converter=to_tuple)
    red_flag: bool = False  # postpones hands-on work until overridden with a reason
    referral: Text = ""  # red flag: where to refer
    why: Text = ""  # red flag: why it stops the session
    # red flag: pain here is never explained as a trigger-point referral while it stands
    pain_regions: RegionIds = field(factory=tuple, converter=to_tuple)


@frozen
class DerivedRisk:
    """A condition that, with pain in the derived flag's regions, raises it."""

    condition: Annotated[str, Ref("condition")]
    regions: RegionIds = field(factory=tuple, converter=to_tuple)
    parts: Parts = field(factory=tuple, converter=to_tuple)


@frozen
class DerivedRedFlag:
    """A red flag the engine raises from pain and conditions (suspected DVT), to confirm."""

    id: str = field(metadata=NOT_WRITTEN)  # the red flag's id in contraindications
    pain_regions: RegionIds = field(factory=tuple, converter=to_tuple)
    risks: tuple[DerivedRisk, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class Compensation:
    """A finding that looks compensatory when another is present.

    relation: "same_side", "opposite_side" or "any" (sides not compared).
    """

    item: str  # a checklist item (sided unless the relation is "any")
    compensates_for: str
    relation: Annotated[str, OneOf(RELATIONS)]
    why: str


@frozen
class FindingConflict:
    """Two findings that cannot both be true (CLINICAL.md 3): shown to resolve, raising nothing.

    With `same_side` the pair clashes only where the sides overlap (bilateral overlaps either).
    """

    items: Ids  # a pair
    text: str  # how to resolve it, for the therapist
    same_side: bool = False


@frozen
class RegionCount:
    """How many focus regions a session up to `up_to_minutes` long works (and at most)."""

    up_to_minutes: Annotated[int, Range(5)]
    regions: Annotated[int, Range(1, 10)]
    most: Annotated[int, Range(1, 10)]


@frozen
class SessionSettings:
    """The shape of one session (CLINICAL.md 1b)."""

    overhead_minutes: Annotated[int, Range(0, 120)] = 15
    first_visit_overhead_minutes: Annotated[int, Range(0, 120)] = 25
    # a session shorter than its overhead still does this much
    min_hands_on_minutes: Annotated[int, Range(1, 120)] = 10
    regions: tuple[RegionCount, ...] = field(
        factory=lambda: (
            RegionCount(45, 1, 2),
            RegionCount(60, 2, 3),
            RegionCount(90, 3, 4),
            RegionCount(240, 4, 5),
        ),
        converter=to_tuple,
    )
    muscles_per_region: Annotated[int, Range(1, 12)] = 4
    first_visit_note: Text = ""

    def region_count(self, minutes: int) -> RegionCount:
        for band in sorted(self.regions, key=lambda band: band.up_to_minutes):
            if minutes <= band.up_to_minutes:
                return band
        return max(self.regions, key=lambda band: band.up_to_minutes)


@frozen
class CourseSettings:
    """A course of treatment: how often, and when to re-assess (CLINICAL.md 1b)."""

    frequency: str = "weekly"
    reassess_earliest: Annotated[int, Range(2, 52)] = 4
    reassess_latest: Annotated[int, Range(2, 52)] = 6
    chief_complaint_until_improved_by: Annotated[int, Range(1, 10)] = 2


@frozen
class HomeProgramSettings:
    """The program a client starts with (CLINICAL.md 1b and 6)."""

    slots: tuple[Phase, ...] = field(
        factory=lambda: (
            Phase.LENGTHEN,
            Phase.ACTIVATE,
            Phase.INTEGRATE,
            Phase.INHIBIT,
            Phase.ACTIVATE,
        ),
        converter=to_tuple,
    )
    fewest: Annotated[int, Range(1, 20)] = 3
    seconds_per_rep: Annotated[int, Range(1)] = 5
    seconds_to_set_up: Annotated[int, Range(0)] = 20


@frozen
class TechniqueChoice:
    """The neuromuscular technique a muscle gets (None: its layer's first technique)."""

    # its referral zone matches reported pain
    trigger_points: Annotated[str | None, Ref("technique")] = None
    tight_bands: Annotated[str | None, Ref("technique")] = None  # overactive, no referral match


@frozen
class PhotoSettings:
    """How photos are measured (`[settings.photos]`)."""

    # a landmark the model sees less surely than this is not measured from
    min_visibility: float = 0.5
    # the eyes stand this share of the client's height above the ankles (scales a photo by the
    # height entered: the top of the head is not a landmark)
    eye_to_ankle_share: float = 0.897
    # photo measure id -> the measurement it fills in (once the therapist confirms it)
    fills: Annotated[tuple[tuple[str, str], ...], AS_TABLE] = field(
        factory=tuple, converter=to_tuple
    )
    # photo measure id -> which way is better between visits: "zero" (nearer level, straight
    # or on the plumb line), "higher" or "lower"; a measure not named is compared without one
    better: Annotated[tuple[tuple[str, Annotated[str, OneOf(PHOTO_BETTER)]], ...], AS_TABLE] = (
        field(factory=tuple, converter=to_tuple)
    )


@frozen
class Settings:
    """The planner's numbers, all overridable by a clinic."""

    session: SessionSettings = field(factory=SessionSettings)
    course: CourseSettings = field(factory=CourseSettings)
    home_program: HomeProgramSettings = field(factory=HomeProgramSettings)
    techniques: TechniqueChoice = field(factory=TechniqueChoice)
    photos: PhotoSettings = field(factory=PhotoSettings)


@frozen
class Knowledge:
    """The whole knowledge base, indexed by id."""

    checklist: dict[str, ChecklistItem]
    measurements: dict[str, MeasurementDef]
    measurement_rules: tuple[MeasurementRule, ...]
    patterns: dict[str, Pattern]
    muscles: dict[str, Muscle]
    exercises: dict[str, ExerciseDef]
    techniques: dict[str, Technique]
    pain_regions: dict[str, PainRegion]
    contraindications: dict[str, Contraindication]
    compensations: tuple[Compensation, ...]
    # most exercises per phase in a home program; a phase not listed has no limit
    program_limits: dict[Phase, int] = field(factory=dict)
    sites: dict[str, Site] = field(factory=dict)
    derived_red_flags: dict[str, DerivedRedFlag] = field(factory=dict)
    settings: Settings = field(factory=Settings)
    body_regions: dict[str, BodyRegion] = field(factory=dict)
    # home exercises each condition rules out (exercise_safety.toml, CLINICAL.md 5.5)
    exercise_rules: tuple[ExerciseRule, ...] = field(factory=tuple, converter=to_tuple)
    # condition id -> warning signs for the client handout (e.g. ACOG signs in pregnancy)
    handout_warnings: dict[str, HandoutWarning] = field(factory=dict)
    # pairs of findings that cannot both be true (conflicts.toml)
    finding_conflicts: tuple[FindingConflict, ...] = field(factory=tuple, converter=to_tuple)
    # exercise id -> its picture: start and end pose or a clinic's image (figures.toml)
    figures: dict[str, ExerciseFigure] = field(factory=dict)

    def items_in_view(self, view: str) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.checklist.values() if item.view == view)

    def muscle_name(self, muscle_id: str) -> str:
        muscle = self.muscles.get(muscle_id)
        return muscle.name if muscle else muscle_id

    def technique_name(self, technique_id: str) -> str:
        technique = self.techniques.get(technique_id)
        return technique.name if technique else technique_id

    def body_region_of(self, region_id: str) -> str:
        """The area a pain region belongs to (the region itself when it names none)."""
        region = self.pain_regions.get(region_id)
        return region.body_region if region is not None and region.body_region else region_id

    def focus_name(self, focus_id: str) -> str:
        """A focus region's name: a body region's, else a pain region's."""
        body = self.body_regions.get(focus_id)
        return body.name if body is not None else self.region_name(focus_id)

    def region_name(self, region_id: str) -> str:
        region = self.pain_regions.get(region_id)
        return region.name if region else region_id
