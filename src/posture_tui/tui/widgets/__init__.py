"""Widgets the visit screen is built from: intake, checklist, results and plan panes."""
