"""The assessment document (analyze and import format): strict parsing into domain objects."""

from posture_tui.incoming.parse import (
    ClientDocument,
    ParsedDocument,
    load_json_text,
    parse_document,
)
from posture_tui.incoming.values import DocumentError

__all__ = ["ClientDocument", "DocumentError", "ParsedDocument", "load_json_text", "parse_document"]
