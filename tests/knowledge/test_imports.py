"""Loading the shipped knowledge base needs neither Textual nor TinyDB."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import sys
    from posture_tui.knowledge.loader import load_knowledge
    kb = load_knowledge()
    assert kb.patterns, "nothing loaded"
    leaked = sorted(name for name in ("textual", "tinydb") if name in sys.modules)
    print(",".join(leaked) or "clean")
    """
)


def test_loading_imports_neither_textual_nor_tinydb() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "clean"
