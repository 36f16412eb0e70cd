"""Command line: one parser, one subcommand module per job."""
