"""Screens of the workstation: client list, client history, visit, dialogs."""
