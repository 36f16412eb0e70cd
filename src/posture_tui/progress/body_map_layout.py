"""Where each pain region sits on the front and back text figures (pure data)."""

from __future__ import annotations

from attrs import frozen

NAME_WIDTH = 10
CELL_WIDTH = 5  # "[ 6*]"
ART_WIDTH = 7
FIGURE_WIDTH = NAME_WIDTH + 1 + CELL_WIDTH + ART_WIDTH + CELL_WIDTH + 1 + NAME_WIDTH  # 39
GUTTER = 0  # 39 + 39 = 78 columns: fits 80 with a scroll bar (names are padded apart)

FRONT = "front"
BACK = "back"

FRONT_TITLE = "FRONT (client facing you: their right is on your left)"
BACK_TITLE = "BACK (their right is on your right)"
# The titles as drawn above each figure (FIGURE_WIDTH wide), broken where they read best.
TITLE_LINES: dict[str, tuple[str, str]] = {
    FRONT: ("FRONT (client facing you:", "their right is on your left)"),
    BACK: (BACK_TITLE, ""),
}

# Regions with no side: one cell on the midline (drawn inside the figure).
MIDLINE_REGIONS: frozenset[str] = frozenset({"sacrum"})

# Plain names short enough for the figure (NAME_WIDTH); the details list uses the knowledge names.
SHORT_NAMES: dict[str, str] = {
    "head_temple": "temple",
    "head_back": "head",
    "face_jaw": "face/jaw",
    "neck": "neck",
    "shoulder_top": "shoulder",
    "shoulder_front": "shoulder",
    "upper_back": "upper back",
    "chest": "chest",
    "arm": "arm",
    "hand": "hand",
    "low_back": "low back",
    "sacrum": "sacrum",
    "buttock": "buttock",
    "hip_lateral": "hip",
    "groin": "groin",
    "thigh_front": "thigh",
    "thigh_lateral": "side thigh",
    "thigh_back": "thigh",
    "knee": "knee",
    "calf": "calf",
    "foot": "foot",
}


@frozen
class Row:
    """One level of a figure: the region shown there and the body drawn between its cells."""

    region: str
    art: str  # ART_WIDTH characters; ignored for a midline region (its cell is drawn instead)


FRONT_ROWS: tuple[Row, ...] = (
    Row("head_temple", "( o o )"),
    Row("face_jaw", " \\ = / "),
    Row("neck", "  | |  "),
    Row("shoulder_front", ".-' '-."),
    Row("chest", "|  :  |"),
    Row("arm", "|  :  |"),
    Row("hand", "|  :  |"),
    Row("hip_lateral", "|--+--|"),
    Row("groin", " \\ | / "),
    Row("thigh_front", " | | | "),
    Row("thigh_lateral", " | | | "),
    Row("knee", " o | o "),
    Row("foot", "_/   \\_"),
)

BACK_ROWS: tuple[Row, ...] = (
    Row("head_back", "(     )"),
    Row("neck", "  | |  "),
    Row("shoulder_top", ".-' '-."),
    Row("upper_back", "| |:| |"),
    Row("arm", "|  :  |"),
    Row("low_back", "|  :  |"),
    Row("hand", "|  :  |"),
    Row("sacrum", "|     |"),
    Row("hip_lateral", "|--+--|"),
    Row("buttock", " ( | ) "),
    Row("thigh_back", " | | | "),
    Row("calf", " ) | ( "),
    Row("foot", " _| |_ "),
)

ROWS: dict[str, tuple[Row, ...]] = {FRONT: FRONT_ROWS, BACK: BACK_ROWS}

# Severity symbols: nothing is told by colour alone.
SEVERITY_SYMBOLS: dict[int, str] = {0: " ", 1: "+", 2: "*", 3: "#"}
SEVERITY_NAMES: dict[int, str] = {1: "mild", 2: "moderate", 3: "severe"}

LEGEND: tuple[str, ...] = (
    "Legend: [ 6*] = pain 6/10 (NPRS) in that region and side, then a symbol",
    "for the worst finding or flagged muscle there: + mild  * moderate  # severe.",
    "Pain 1-5 mild, 6-7 moderate, 8-10 severe. Empty [   ]: nothing recorded.",
)
