"""The visit's tab line against Textual's TabbedContent: the CPU a pane switch and a label cost.

Issue 18 item 4 asks for one convention for tabs. The visit draws its tabs as one line of text
over a ContentSwitcher (tui/widgets/pane_tabs.py); the progress screen used TabbedContent. Both
apps here are the same four panes of text; the keys switch panes in turn (F2-F5, as the visit)
or change a tab's label (as every checklist answer changes "Results (N)"). The figure is the
mean CPU from the key to the settled screen (benchmarks/_keys.py), TabbedContent as the
baseline; the tab line is kept only while it costs less (ratio <= 1).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import ContentSwitcher, Static, TabbedContent, TabPane

from benchmarks._keys import versus

SIZE = (80, 24)
PANES = (("intake", "F2", "Intake"), ("checklist", "F3", "Checklist"),
         ("results", "F4", "Results"), ("plan", "F5", "Plan"))  # fmt: skip
TEXT = "\n".join(f"line {n}: a pane's text, as long as a checklist row or two" for n in range(30))


class TabsApp(App[None]):
    """Four panes; f2-f5 show one, `n` changes the results tab's label."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key.lower(), f"show('{pane}')", label, id=f"bench.{pane}")
            for pane, key, label in PANES
        ),
        Binding("n", "count", "Count", id="bench.count"),
    ]

    def __init__(self, built_in: bool) -> None:
        super().__init__()
        self.built_in = built_in
        self.count = 0

    def compose(self) -> ComposeResult:
        if self.built_in:
            with TabbedContent(initial="intake"):
                for pane, key, label in PANES:
                    with TabPane(f"{key} {label}", id=pane):
                        yield Static(TEXT)
        else:
            from posture_tui.tui.widgets.pane_tabs import PaneTabs

            yield PaneTabs([(pane, f"{key} {label}") for pane, key, label in PANES], "intake")
            with ContentSwitcher(initial="intake"):
                for pane, _, _ in PANES:
                    yield Static(TEXT, id=pane)

    def action_show(self, pane: str) -> None:
        if self.built_in:
            self.query_one(TabbedContent).active = pane
        else:
            from posture_tui.tui.widgets.pane_tabs import PaneTabs

            self.query_one(ContentSwitcher).current = pane
            self.query_one(PaneTabs).active = pane

    def action_count(self) -> None:
        self.count += 1
        label = f"F4 Results ({self.count % 4})"
        if self.built_in:
            self.query_one(TabbedContent).get_tab("results").label = label
        else:
            from posture_tui.tui.widgets.pane_tabs import PaneTabs

            self.query_one(PaneTabs).set_label("results", label)


def run() -> list[dict[str, object]]:
    switches = ["f2", "f3", "f4", "f5"] * 10
    labels = ["n"] * 40
    return [
        versus(
            f"{name}, tab line (vs TabbedContent)",
            lambda: TabsApp(built_in=False),
            lambda: TabsApp(built_in=True),
            keys,
            SIZE,
        )
        for name, keys in (("pane switch", switches), ("tab label change", labels))
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
