"""`python -m posture_tui`: the same entry point as the `posture-tui` command."""

from posture_tui.cli.main import main

if __name__ == "__main__":
    main()
