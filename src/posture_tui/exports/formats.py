"""Names the exports offer (cheap to import: the command line builds its parser from them)."""

from __future__ import annotations

WHATS: tuple[str, ...] = ("handout", "note")
FORMATS: tuple[str, ...] = ("md", "txt", "html", "pdf")
TEXT_FORMATS: tuple[str, ...] = ("md", "txt")  # go to stdout by default on the command line
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
FORMAT_NAMES: dict[str, str] = {
    "md": "Markdown",
    "txt": "Plain text",
    "html": "HTML (printable)",
    "pdf": "PDF",
}
WHAT_NAMES: dict[str, str] = {"handout": "Client handout", "note": "Clinical note (SOAP)"}
DEFAULT_REVIEW_WEEKS = 4  # the handout's next review, this many weeks after the visit
