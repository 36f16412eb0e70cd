"""The note's A section: safety first, then the patterns, the muscles they flag, each once."""

from __future__ import annotations

from posture_tui.domain.analysis import Flag
from posture_tui.domain.common import Side
from posture_tui.domain.intake import Override
from posture_tui.domain.records import Assessment
from posture_tui.exports.document import Block, Bullets, Fields, Paragraph, Subheading, Table
from posture_tui.exports.words import item_label, named, stamp
from posture_tui.knowledge.model import Knowledge

DISCLAIMER = (
    "Patterns are groups of findings that support clinical reasoning; they are not diagnoses "
    "and not established causes of pain."
)


def assessment_blocks(assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    """Red flags, conflicts and screening, then one table of patterns with the findings behind
    each, the flagged muscles merged across patterns, and the findings' roles and referrals."""
    blocks = _safety_blocks(assessment, knowledge)
    flags = assessment.analysis.flags
    if not flags:
        return [*blocks, Paragraph("No pattern was raised by the findings."), Paragraph(DISCLAIMER)]
    rows = [
        (
            flag.name,
            f"{flag.strength_label} ({flag.strength:.2f})",
            ", ".join(item_label(item, knowledge) for item in flag.evidence) or "-",
        )
        for flag in flags
    ]
    blocks += [
        Paragraph(DISCLAIMER, emphasis=True),
        Subheading("Patterns"),
        Table(("Pattern", "Strength", "Findings behind it"), rows),
        *_muscle_blocks(flags, knowledge),
    ]
    return blocks + _flag_details(flags, knowledge)


def side_note(side: Side | None) -> str:
    """A muscle's side in a list of muscles: both sides is the usual case and goes unsaid."""
    return f" ({side.value})" if side is not None and side is not Side.BILATERAL else ""


def _muscle_blocks(flags: tuple[Flag, ...], knowledge: Knowledge) -> list[Block]:
    """Every flagged muscle once, under the role the patterns give it. The patterns share most
    muscles, and a list per pattern repeated them; a muscle the patterns disagree on is named
    with the conflict that decides it."""
    roles: dict[str, set[str]] = {}
    sides: dict[str, set[Side | None]] = {}
    for flag in flags:
        for m in flag.muscles:
            roles.setdefault(m.muscle, set()).add(m.role.value)
            sides.setdefault(m.muscle, set()).add(m.side)
    lists: dict[str, list[str]] = {"overactive": [], "underactive": [], "both": []}
    for muscle, found in roles.items():
        # One pattern's right side and another's both sides read as both sides.
        one = sides[muscle] if len(sides[muscle]) == 1 else {None}
        name = f"{knowledge.muscle_name(muscle)}{side_note(next(iter(one)))}"
        lists["both" if len(found) > 1 else next(iter(found))].append(name)
    fields = [
        (label, ", ".join(lists[key]))
        for label, key in (
            ("Overactive", "overactive"),
            ("Underactive", "underactive"),
            ("Conflicting roles (see above)", "both"),
        )
        if lists[key]
    ]
    if not fields:
        return []
    return [
        Subheading("Muscles the patterns flag"),
        Paragraph("On both sides unless a side is given; the plan below says which pattern."),
        Fields(fields),
    ]


def _safety_blocks(assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    """Red flags, conflicts to resolve and trigger-point screening: first, before patterns."""
    analysis = assessment.analysis
    blocks: list[Block] = []
    for flag in analysis.red_flags:
        fields = [("Why", flag.why)]
        if flag.detail:
            fields.append(("Found", named(flag.detail, knowledge)))
        if flag.override is not None:
            fields.append(("Overridden", override_text(flag.override)))
        else:
            fields.append(("Refer", flag.referral))
        kind = "derived warning" if flag.derived else "red flag"
        blocks += [Subheading(f"Red flag: {flag.name} ({kind})"), Fields(fields)]
    if analysis.conflicts:
        blocks += [
            Subheading("Conflicts to resolve"),
            Bullets(
                [
                    f"{named(c.text, knowledge)}{f' Test: {c.test}.' if c.test else ''}"
                    for c in analysis.conflicts
                ]
            ),
        ]
    if analysis.screen_candidates:
        blocks += [
            Subheading("Screen for trigger points"),
            Bullets([named(candidate.text, knowledge) for candidate in analysis.screen_candidates]),
        ]
    if assessment.trigger_points:
        blocks += [
            Subheading("Trigger points confirmed by palpation"),
            Bullets(
                [
                    f"{knowledge.muscle_name(p.muscle)}{f' ({p.side.value})' if p.side else ''}"
                    for p in assessment.trigger_points
                ]
            ),
        ]
    return blocks


def override_text(override: Override) -> str:
    by = f" by {override.by}" if override.by else ""
    at = f" at {stamp(override.at)}" if override.at else ""
    return f"{override.reason}{by}{at}"


def _flag_details(flags: tuple[Flag, ...], knowledge: Knowledge) -> list[Block]:
    """The findings' roles, referral matches and set-aside readings of every pattern, each once.
    A primary finding's own reason only restates the compensations listed beside it, so the
    primary findings are one line and each compensation keeps its reason."""
    primary: list[str] = []
    compensatory: dict[str, list[str]] = {}
    for flag in flags:
        for r in flag.roles:
            side = f" ({r.side.value})" if r.side in (Side.LEFT, Side.RIGHT) else ""
            label = f"{item_label(r.item, knowledge)}{side}"
            if r.role != "compensatory":
                if label not in primary:
                    primary.append(label)
                continue
            why = named(r.why, knowledge)
            if why not in compensatory.setdefault(label, []):
                compensatory[label].append(why)
    primary = [label for label in primary if label not in compensatory]
    blocks: list[Block] = []
    if primary or compensatory:
        lines = [f"{label}: {' '.join(whys)}" for label, whys in compensatory.items()]
        blocks.append(Subheading("Findings and their roles"))
        if primary:
            blocks.append(Fields([("Primary", ", ".join(primary))]))
        if lines:
            blocks.append(Bullets([f"Compensatory: {line}" for line in lines]))
    blocks += _referrals(flags, knowledge)
    aside = list(dict.fromkeys(named(a.text, knowledge) for f in flags for a in f.set_aside))
    if aside:
        blocks += [Subheading("Set aside"), Bullets(aside)]
    return blocks


def _referrals(flags: tuple[Flag, ...], knowledge: Knowledge) -> list[Block]:
    """Referral matches grouped by the pain they may explain: one line per painful region."""
    groups: dict[tuple[str, Side | None, int], list[str]] = {}
    for flag in flags:
        for match in flag.referrals:
            names = groups.setdefault((match.region, match.pain_side, match.score), [])
            name = f"{knowledge.muscle_name(match.muscle)}{side_note(match.muscle_side)}"
            if name not in names:
                names.append(name)
    if not groups:
        return []
    lines = []
    for (region, side, score), names in sorted(groups.items(), key=lambda g: -g[0][2]):
        where = knowledge.region_name(region)
        if side in (Side.LEFT, Side.RIGHT):
            where = f"{where}, {side.value}"
        elif side is Side.BILATERAL:
            where = f"{where}, both sides"
        lines.append(f"{where} (pain {score}/10): {', '.join(names)}")
    return [
        Subheading("Referral matches"),
        Paragraph("Muscles whose trigger points may refer to the pain reported there:"),
        Bullets(lines),
    ]
