"""Checklists as data (templates/checklists/<id>.yaml): items citing their unit, how each is verified, what answer it takes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from zhifa.model.form import FormField
from zhifa.model.regulation import Citation, StrictModel

AnswerType = Literal["yes_no", "rate", "count", "note"]
YES_NO = ("是", "否", "不适用")


class ChecklistItem(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=2, description="the check, as the inspector reads it")
    method: str = Field(min_length=2, description="how it is verified: 入户调查, 查阅台帐, 走访3-5人核实 …")
    answer: AnswerType
    attention: Literal["是", "否"] = Field(default="否", description="the yes/no answer that marks a problem")
    basis: Citation


class ChecklistGroup(StrictModel):
    title: str
    items: list[ChecklistItem] = Field(min_length=1)


class HeaderNote(StrictModel):
    title: str
    text: str
    basis: list[Citation] = Field(min_length=1)


class Checklist(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    summary: str = Field(min_length=4)
    basis: list[Citation] = Field(min_length=1)
    header: list[FormField] = Field(min_length=1)
    notes: list[HeaderNote] = Field(default_factory=list)
    groups: list[ChecklistGroup] = Field(min_length=1)

    def items(self) -> list[ChecklistItem]:
        return [i for g in self.groups for i in g.items]

    def citations(self) -> list[Citation]:
        return [*self.basis, *(c for n in self.notes for c in n.basis), *(i.basis for i in self.items())]
