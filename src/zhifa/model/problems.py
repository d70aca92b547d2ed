"""Problems found in the project's data, reported as ``path:line:col: CODE message``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located for a person to fix."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


@dataclass(frozen=True)
class Position:
    """Where a value stands in its source file (1-based line and column)."""

    path: str
    line: int
    col: int

    def problem(self, code: str, message: str) -> Problem:
        return Problem(self.path, self.line, self.col, code, message)


def format_text(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in sorted(problems))


def format_json(problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> str:
    """The problems, then the warnings, each warning marked ``"severity": "warning"`` (problems carry no severity)."""
    entries = [asdict(p) for p in sorted(problems)] + [{**asdict(w), "severity": "warning"} for w in sorted(warnings)]
    return json.dumps(entries, ensure_ascii=False, indent=2)
