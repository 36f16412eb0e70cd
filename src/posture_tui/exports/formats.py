"""Names the exports offer (cheap to import: the command line builds its parser from them)."""

from __future__ import annotations

from typing import NamedTuple


class ExportFormat(NamedTuple):
    """One format an export is drawn in: a module whose `render` function takes the Document
    (and `paper=`, if `paged`) and returns its text or bytes. Imported only when used."""

    id: str  # also the file name's extension
    name: str  # as the export dialog lists it
    module: str
    render: str
    text: bool = False  # printed to stdout by default on the command line
    paged: bool = False  # takes a paper size


# A new format is a module with a render function and one line here.
REGISTRY: tuple[ExportFormat, ...] = (
    ExportFormat("md", "Markdown", "posture_tui.exports.markdown", "render_markdown", text=True),
    ExportFormat("txt", "Plain text", "posture_tui.exports.text", "render_text", text=True),
    ExportFormat("html", "HTML (printable)", "posture_tui.exports.html", "render_html"),
    ExportFormat("pdf", "PDF", "posture_tui.exports.pdf", "render_pdf", paged=True),
)
BY_ID: dict[str, ExportFormat] = {spec.id: spec for spec in REGISTRY}
WHATS: tuple[str, ...] = ("handout", "note")
FORMATS: tuple[str, ...] = tuple(BY_ID)
TEXT_FORMATS: tuple[str, ...] = tuple(spec.id for spec in REGISTRY if spec.text)
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
FORMAT_NAMES: dict[str, str] = {spec.id: spec.name for spec in REGISTRY}
WHAT_NAMES: dict[str, str] = {"handout": "Client handout", "note": "Clinical note (SOAP)"}
DEFAULT_REVIEW_WEEKS = 4  # the handout's next review, this many weeks after the visit
