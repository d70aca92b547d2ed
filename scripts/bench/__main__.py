"""``python scripts/bench`` (what ``make bench`` runs), or ``python -m bench`` from scripts/."""

import sys
from pathlib import Path

if not __package__:
    # Run as a folder: Python put scripts/bench/ first on the path; put scripts/ there instead, so that the modules
    # import each other as the package ``bench`` (and none of them shadows a module of the same name elsewhere).
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.cli import main  # noqa: E402 - after the path is set

if __name__ == "__main__":
    sys.exit(main())
