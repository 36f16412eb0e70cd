"""The private parts of Textual this app overrides or reads, one test each, so that a Textual
upgrade that renames or reshapes one fails here, by name, instead of the app going quietly
wrong (a traceback with locals, a lost exit line, a crash on a page key, an unreadable mark).
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.widgets import Checkbox, OptionList, RadioButton
from textual.widgets._toggle_button import ToggleButton


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_app_handle_exception_takes_the_error() -> None:
    """app.py overrides it so a crash prints one line, never a traceback with locals."""
    assert _parameters(App._handle_exception) == ["self", "error"]


def test_app_print_error_renderables_and_close_messages_no_wait_exist() -> None:
    assert _parameters(App._print_error_renderables) == ["self"]
    assert _parameters(App._close_messages_no_wait) == ["self"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("_return_code", (int, type(None))),
        ("_exit_renderables", list),
        ("_exception", (BaseException, type(None))),
        ("_filters", list),
    ],
)
def test_app_instance_state_the_app_reads_and_writes(name: str, kind: Any) -> None:
    """The exit status, the exit lines, the exception Pilot re-raises, the colour filters."""
    app = App[None]()
    assert isinstance(getattr(app, name), kind)
    assert hasattr(app, "_exception_event") and hasattr(app._exception_event, "set")


def test_command_palette_routes_list_keys_through_action_command_list() -> None:
    """textual_compat/palette.py guards PageUp/PageDown there; OptionList keeps its map."""
    assert _parameters(CommandPalette._action_command_list) == ["self", "action"]
    assert "_index_to_line" in inspect.getsource(OptionList)


def test_toggle_button_draws_its_mark_from_the_button_property() -> None:
    """textual_compat/radio_button.py draws an empty box for an unchosen one via `_button`."""
    assert isinstance(inspect.getattr_static(ToggleButton, "_button"), property)
    assert issubclass(RadioButton, ToggleButton) and issubclass(Checkbox, ToggleButton)
    for name in ("BUTTON_LEFT", "BUTTON_INNER", "BUTTON_RIGHT"):
        assert isinstance(getattr(RadioButton, name), str)
        assert isinstance(getattr(Checkbox, name), str)


def test_linux_driver_input_thread_and_app_reference() -> None:
    """textual_compat/input_thread.py restarts the input thread around `run_input_thread`, from
    `_run_input_thread`, and reaches the app through `_app`."""
    assert _parameters(LinuxDriver._run_input_thread) == ["self"]
    assert _parameters(LinuxDriver.run_input_thread) == ["self"]
    assert "self._app = app" in inspect.getsource(Driver.__init__)
    assert issubclass(LinuxDriver, Driver)


def test_message_pump_state_typeahead_reads() -> None:
    """typeahead.py tells whether a pump has settled from its queue, the message it peeked at,
    whether it runs, and whether its loop is parked waiting for the next message."""
    from textual.message_pump import MessagePump

    pump = MessagePump()
    queue = pump._message_queue
    assert queue.qsize() == 0 and hasattr(queue.ready_event, "_waiters")
    assert pump._pending_message is None
    assert pump._running is False and pump._closed is False


def test_no_class_outside_textual_compat_overrides_a_private_name_of_textual() -> None:
    """Every class of the app built on a Textual class defines no name Textual's own classes
    keep private, except in textual_compat/: an override there is pinned above, anywhere else
    it would be a silent one."""
    import importlib
    import pkgutil

    import posture_tui.tui as tui

    for info in pkgutil.walk_packages(tui.__path__, "posture_tui.tui."):
        importlib.import_module(info.name)
    found = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("posture_tui.tui") or "textual_compat" in module_name:
            continue
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module_name:
                continue
            textual = [base for base in cls.__mro__ if base.__module__.startswith("textual")]
            if not textual:
                continue
            private = {n for base in textual for n in vars(base) if n.startswith("_")}
            # what Textual's machinery writes into every subclass (bindings, CSS, handlers)
            probe = type("Probe", (textual[0],), {"__module__": "probe"})
            ours = {n for n in vars(cls) if n.startswith("_") and not n.startswith("__")}
            ours -= set(vars(probe))
            found += [f"{module_name}.{cls.__name__}.{name}" for name in ours & private]
    assert found == []
