"""Small shared vocabulary: sides, roles, layers, severity words and record states."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A stored assessment's state: a draft may change, a signed one only by amendment."""

    DRAFT = "draft"
    SIGNED = "signed"


DRAFT = Status.DRAFT
SIGNED = Status.SIGNED


class View(StrEnum):
    """The checklist's views, in the order the therapist walks them."""

    LATERAL = "lateral"
    ANTERIOR_POSTERIOR = "anterior_posterior"
    OVERHEAD_SQUAT = "overhead_squat"
    MEASUREMENTS = "measurements"


class Plane(StrEnum):
    """The plane (or movement screen) a checklist item is seen in."""

    SAGITTAL = "sagittal"
    FRONTAL = "frontal"
    TRANSVERSE = "transverse"
    MOVEMENT = "movement"


class RuleMode(StrEnum):
    """What a contraindication rule does to a technique or exercise where it applies."""

    EXCLUDE = "exclude"
    CARE = "care"


class Side(StrEnum):
    """Where a sign shows or a step applies; midline items carry no side (None)."""

    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"

    def opposite(self) -> Side:
        if self is Side.LEFT:
            return Side.RIGHT
        if self is Side.RIGHT:
            return Side.LEFT
        return Side.BILATERAL


class Role(StrEnum):
    """How a pattern implicates a muscle."""

    OVERACTIVE = "overactive"
    UNDERACTIVE = "underactive"


class Layer(StrEnum):
    """Treatment layers in the clinic's outside-in order (definition order is treatment order)."""

    FASCIA = "fascia"
    NEUROMUSCULAR = "neuromuscular"
    CUPPING = "cupping"
    DEEP_TISSUE = "deep_tissue"
    STRETCHING = "stretching"


LAYER_ORDER: tuple[Layer, ...] = tuple(Layer)


class Phase(StrEnum):
    """Corrective exercise continuum phases, in order."""

    INHIBIT = "inhibit"
    LENGTHEN = "lengthen"
    ACTIVATE = "activate"
    INTEGRATE = "integrate"


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


SEVERITY_WORDS: dict[int, str] = {0: "none", 1: "mild", 2: "moderate", 3: "severe"}
MAX_SEVERITY = 3
MAX_PAIN = 10


def severity_word(severity: int) -> str:
    """The word shown beside a severity digit, so nothing is told by colour alone (a value
    outside 0-3, which no check lets into a record, reads "out of range", never a crash)."""
    return SEVERITY_WORDS.get(severity, "out of range")
