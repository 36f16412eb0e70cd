"""Child process for start-up and memory: open an app headless, report when it is interactive.

`python -m benchmarks._apps real STORE` opens the workstation on STORE the way `posture-tui
start` does; `python -m benchmarks._apps bare` opens a bare Textual app (header, one label,
footer). Both print one JSON line, their peak resident memory so far (KiB) and CPU time, as soon
as the first screen is up and can take keys; the parent times the launch up to that line.
`python -m benchmarks._apps run-bare` runs that bare app in the real terminal instead (the
scale benchmark launches it in tmux).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (80, 24)


def peak_rss_kib() -> int:
    """Peak resident memory of this program in KiB.

    Linux keeps ru_maxrss across fork and exec, so a child of the (large) benchmark process
    would report the parent's peak; VmHWM belongs to this program image alone.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label

    class Bare(App[None]):
        BINDINGS = [("ctrl+q", "quit", "Quit")]  # noqa: RUF012 - Textual's own idiom

        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("posture-tui", id="label")
            yield Footer()

    return Bare()


def real_app(store: Path) -> Any:
    from argparse import Namespace

    from posture_tui.cli.common import knowledge_source
    from posture_tui.store.repository import open_store
    from posture_tui.tui.app import build_app

    # As `posture-tui start` opens it: the shipped knowledge base is loaded by the app once
    # its first screen is drawn.
    return build_app(open_store(store), knowledge_source(Namespace()), therapist="bench")


def interactive(app: Any, kind: str) -> bool:
    """The first screen is composed and shows its content."""
    if kind == "bare":
        return bool(app.screen.query("#label"))
    from posture_tui.tui.screens.client_list import ClientListScreen
    from posture_tui.tui.widgets.client_table import ClientTable

    screen = app.screen
    return isinstance(screen, ClientListScreen) and screen.query_one(ClientTable).row_count > 0


async def measure(kind: str, store: Path | None) -> None:
    app = bare_app() if kind == "bare" else real_app(store or Path())
    async with app.run_test(size=SIZE) as pilot:
        while not interactive(app, kind):
            await asyncio.sleep(0.001)
        # The parent stops its clock when this line arrives.
        print(json.dumps({"maxrss_kib": peak_rss_kib(), "cpu_s": time.process_time()}), flush=True)
        await pilot.press("ctrl+q")


def main() -> None:
    kind = sys.argv[1]
    if kind == "run-bare":  # the bare app in a real terminal (the scale benchmark's tmux side)
        bare_app().run()
        return
    store = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    asyncio.run(measure(kind, store))


if __name__ == "__main__":
    main()
