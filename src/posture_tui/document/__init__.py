"""The assessment document (analyze and import format): strict parsing into domain objects."""

from posture_tui.document.parse import (
    ClientDocument,
    ParsedDocument,
    load_json_text,
    parse_document,
)
from posture_tui.document.values import DocumentError

__all__ = ["ClientDocument", "DocumentError", "ParsedDocument", "load_json_text", "parse_document"]
