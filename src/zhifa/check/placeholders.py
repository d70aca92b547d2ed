"""Values still to be filled in: what ``zhifa import`` could not read from a text, written as 【待填写】….

They are warnings (W001; W002 for a numbering gap the source itself has), not problems: ``validate`` lists them
after its summary and still exits 0, and no command
(validate, build, fill, exam) fails because of them. The maintainer replaces each with the value the text states.
"""

from __future__ import annotations

from zhifa.check.project import check_numbering
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import PLACEHOLDER

# The metadata an importer may not find in a text (the title and the units are the text itself).
FIELDS = ("short_title", "summary", "issuer", "scope", "effective")


def placeholder_warnings(project: Project) -> list[Problem]:
    """One W001 per field (and per editorial note) of a regulation that still holds the placeholder."""
    warnings = []
    for reg in project.ordered_regulations():
        for name in FIELDS:
            if PLACEHOLDER in getattr(reg, name):
                warnings.append(reg.where(name).problem("W001", _message(name)))
        for i, note in enumerate(reg.notes, start=1):
            if PLACEHOLDER in note.text:
                warnings.append(note.where("text").problem("W001", _message(f"notes 第 {i} 条")))
        check_numbering(reg, warnings)  # W002: a numbering gap the source itself has
    return sorted(warnings)


def _message(name: str) -> str:
    return f"{name} 仍是待填写的占位内容：请按原文填写（删去“{PLACEHOLDER}”）"
