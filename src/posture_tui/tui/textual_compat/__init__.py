"""Every use of Textual's private API, in one package; each is pinned by a test.

A Textual upgrade that renames or reshapes one of these fails in
`tests/tui/test_textual_private_api.py`, by name, instead of the app going quietly wrong:

- `exit_lines.py`: the crash handler and the exit lines (`_handle_exception`, `panic`,
  `_print_error_renderables`, `_return_code`, `_exit_renderables`, `_exception`,
  `_close_messages_no_wait`, `_filters`);
- `pumps.py`: whether a message pump has settled (`_message_queue`, `_pending_message`,
  `_running`, `_closed`), for keys typed ahead;
- `palette.py`: the command palette's list keys (`_action_command_list`, `_index_to_line`);
- `radio_button.py`: the radio button's and the checkbox's mark (`_button`);
- `input_thread.py`: the Linux driver's input thread (`_run_input_thread`, `_app`).

Nothing outside this package reads or overrides a private name of Textual.
"""
