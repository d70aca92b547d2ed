"""The Project: everything loaded from one project folder, in one object every layer above receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhifa.model.checklist import Checklist
from zhifa.model.deadline import Deadlines
from zhifa.model.form import Form
from zhifa.model.glossary import Glossary
from zhifa.model.holiday import HolidayData
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.problems import Problem
from zhifa.model.procedure import Procedures
from zhifa.model.question import Question, QuestionFile, Training
from zhifa.model.regulation import Regulation


@dataclass
class Project:
    root: Path
    regulations: dict[str, Regulation] = field(default_factory=dict)
    jurisdiction: Jurisdiction = field(default_factory=lambda: Jurisdiction({}))
    glossary: Glossary = field(default_factory=lambda: Glossary([]))
    deadlines: Deadlines = field(default_factory=lambda: Deadlines({}))
    procedures: Procedures = field(default_factory=lambda: Procedures({}))
    holidays: HolidayData = field(default_factory=HolidayData)  # data/holidays.yaml: years added to chinese-calendar
    forms: dict[str, Form] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    question_files: dict[str, QuestionFile] = field(default_factory=dict)
    training: Training | None = None
    broken: set[str] = field(default_factory=set)  # ids of regulation files that exist but failed to load
    checked: list[Problem] | None = None  # the result of checks.check_project, once run
    typed_citations: list | None = None  # citescan.typed_citations, once run
    calendar: Any | None = None  # workdays.project_calendar: the merged holiday calendar, once built
    documents: dict[str, Any] = field(default_factory=dict)  # load.yamlio.Document per file read, for positions
    problems: list[Problem] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        """Every question of the bank, file by file in file-name order."""
        return [q for f in sorted(self.question_files.values(), key=lambda f: f.id) for q in f.questions]

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def ordered_regulations(self) -> list[Regulation]:
        return sorted(self.regulations.values(), key=lambda r: (r.order, r.id))

    def regulation_by_title(self, title: str) -> Regulation | None:
        """Find a regulation by its rendered full title, short title or an alias."""
        for reg in self.regulations.values():
            names = {self.jurisdiction.render(reg.title), reg.short_title, *reg.aliases}
            if title in names:
                return reg
        return None
