"""Loading the shipped knowledge base needs neither Textual nor TinyDB, and stays fast."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from posture_tui.knowledge import loader, shipped

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


def test_a_cold_load_from_the_parse_cache_takes_milliseconds() -> None:
    shipped.read_shipped()  # fills the (private, per-test) cache
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        loader._build(shipped.read_shipped(), copy_raw=False)
        best = min(best, time.perf_counter() - start)
    # about 4 ms on a laptop; the bound only catches a return to parsing TOML on every start
    assert best < 0.05
