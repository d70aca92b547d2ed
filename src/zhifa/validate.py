"""``zhifa validate``: load everything, run every check, return every problem."""

from __future__ import annotations

from pathlib import Path

from .checks import check_project
from .loader import load_project
from .problems import Problem


def validate_root(root: Path) -> list[Problem]:
    return sorted(set(check_project(load_project(root))))
