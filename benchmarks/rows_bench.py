"""The hand-drawn row widgets against Textual's OptionList: the CPU a key costs.

Issue 18 item 4 asks to keep a hand-written widget only where the built-in misses its goal.
Each pair is the same screen, once with our widget and once with `OptionList` showing the same
rows, and the same keys; the figure is the mean CPU from the key to the settled screen
(benchmarks/_keys.py), OptionList as the baseline. Ours is kept only while it costs less
(ratio <= 1):

- `ChecklistRows` (two-line rows; tui/widgets/checklist_rows.py): the anterior view's items,
  the cursor moved and the row under it answered, as a therapist goes down the checklist;
- `LineRows` (one-line rows: the pain and condition lists, the drafts): 30 rows, moved;
- `ClientTable` (tui/widgets/client_table.py): a search keystroke replaces the 200 rows shown
  (OptionList gets the same columns as padded text under a header line).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static

from benchmarks._keys import versus

SIZE = (80, 24)
ANSWER = "1"


def checklist_texts() -> list[Text]:
    """The anterior view's rows as the checklist draws them (tui/widgets/checklist.py)."""
    from posture_tui.knowledge.loader import load_knowledge

    texts = []
    for item in load_knowledge().items_in_view("anterior_posterior"):
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{'unanswered':<13}{'mid':<5}")
        text.append(f" {item.label}", style="bold")
        text.append(f" — {item.prompt.rstrip('.')}\n")
        text.append(f"{'':21}{item.hint}", style="dim")
        texts.append(text)
    return texts


class RowsApp(App[None]):
    """One list of rows, ours or OptionList; `1` rewrites the highlighted row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(ANSWER, "answer", "Answer", id="bench.answer"),
        Binding("s", "search", "Search", id="bench.search"),
    ]

    def __init__(
        self, widget: str, rows: Sequence[Text], pages: Sequence[Sequence[Any]] = ()
    ) -> None:
        super().__init__()
        self.widget = widget
        self.rows = list(rows)
        self.pages = list(pages)
        self.typed = 0

    def compose(self) -> ComposeResult:
        yield Static("rows")
        if self.widget == "option_list":
            yield OptionList(*self.rows, id="rows")
        elif self.widget == "checklist_rows":
            from posture_tui.tui.widgets.checklist_rows import ChecklistRows

            yield ChecklistRows(id="rows")
        elif self.widget == "line_rows":
            from posture_tui.tui.widgets.line_rows import LineRows

            yield LineRows(id="rows")
        else:
            from posture_tui.tui.widgets.client_table import ClientTable

            yield ClientTable(id="rows")

    def on_mount(self) -> None:
        target = self.query_one("#rows")
        if self.widget in ("checklist_rows", "line_rows"):
            target.set_rows(self.rows)  # type: ignore[attr-defined]
        elif self.widget == "client_table":
            target.set_rows(self.pages[0])  # type: ignore[attr-defined]
        target.focus()

    def action_answer(self) -> None:
        target = self.query_one("#rows")
        if isinstance(target, OptionList):
            index = target.highlighted or 0
            target.replace_option_prompt_at_index(index, self._answered(index))
        else:
            index = target.index or 0  # type: ignore[attr-defined]
            target.set_row(index, self._answered(index))  # type: ignore[attr-defined]

    def _answered(self, index: int) -> Text:
        text = self.rows[index].copy()
        text.append("  answered")
        return text

    def action_search(self) -> None:
        self.typed += 1
        page = self.pages[self.typed % len(self.pages)]
        target = self.query_one("#rows")
        if isinstance(target, OptionList):
            target.clear_options()
            target.add_options(page)
        else:
            target.set_rows(page)  # type: ignore[attr-defined]


def _client_pages(pages: int = 6, rows: int = 200) -> tuple[list[list[Any]], list[list[str]]]:
    """The same pages as ClientTable rows and as OptionList prompts (header line first)."""
    from posture_tui.tui.widgets.client_table import ClientRow

    ours, theirs = [], []
    for page in range(pages):
        table, prompts = [], [f"{'Name':<40}{'Born':<12}{'Visits':>7}  {'Last visit':<12}"]
        for number in range(rows):
            name = f"Client {page:02d}-{number:03d} Lindqvist-Øberg"
            cells = (name, "1982-10-08", str(number % 9 + 1), "2026-06-09")
            table.append(ClientRow(f"c-{page}-{number}", cells))
            prompts.append(f"{name:<40}{cells[1]:<12}{cells[2]:>7}  {cells[3]:<12}")
        ours.append(table)
        theirs.append(prompts)
    return ours, theirs


def run() -> list[dict[str, object]]:
    results = []
    checklist = checklist_texts()
    moves = (["down"] * 12 + ["up"] * 12) * 2
    answers = ["down", ANSWER] * 20
    one_line = [Text(f"Row {n}: neck 6/10 right") for n in range(30)]
    for name, widget, rows, keys in (
        ("checklist move and answer, ChecklistRows", "checklist_rows", checklist, answers),
        ("checklist move, ChecklistRows", "checklist_rows", checklist, moves),
        ("list move, LineRows", "line_rows", one_line, moves),
    ):
        results.append(
            versus(
                f"{name} (vs OptionList)",
                lambda widget=widget, rows=rows: RowsApp(widget, rows),  # type: ignore[misc]
                lambda rows=rows: RowsApp("option_list", rows),  # type: ignore[misc]
                keys,
                SIZE,
            )
        )
    table_pages, prompt_pages = _client_pages()
    keys = ["s"] * 30
    first = [Text(prompt) for prompt in prompt_pages[0]]
    results.append(
        versus(
            "search keystroke, ClientTable 200 rows (vs OptionList)",
            lambda: RowsApp("client_table", [], table_pages),
            lambda: RowsApp("option_list", first, prompt_pages),
            keys,
            SIZE,
        )
    )
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
