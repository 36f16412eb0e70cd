"""Small modal dialogs: confirm, choose one of a few options, and ask for one line of text."""

from __future__ import annotations

from typing import ClassVar

from attrs import frozen
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no; escape and n answer no, so a bare escape never confirms anything."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"y {self.yes}", id="yes", variant="warning")
                yield Button(f"n {self.no}", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


@frozen
class Choice:
    """One option of a ChoiceScreen: the key that picks it, its label and the value returned."""

    key: str
    label: str
    value: str


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few options by its key or a button; escape cancels (returns None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel")
    ]

    def __init__(self, question: str, choices: list[Choice]) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-text")
            with Vertical(classes="dialog-choices"):
                for choice in self.choices:
                    yield Button(
                        f"{choice.key}  {choice.label}", id=f"choice-{choice.value}", compact=True
                    )
            yield Label("escape  cancel", classes="dialog-hint")

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.key == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        self.dismiss(button_id.removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; enter accepts, escape cancels without changing anything.

    `max_length` (0: none) is the record check's limit for the field the text goes into
    (domain/limits.py), so nothing typed here saves as a record that reads back damaged."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]

    def __init__(
        self, question: str, value: str = "", *, placeholder: str = "", max_length: int = 0
    ) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-text")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                id="prompt-input",
                max_length=self.max_length,
            )
            yield Label("enter  accept    escape  cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
