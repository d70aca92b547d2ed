"""The shapes of the JSON files (pydantic models): their JSON Schemas are generated from these and published
beside the files (downloads/data/schema/), so what a reader validates against is what the writer wrote to."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cite(Shape):
    regulation: str = Field(description="regulation id")
    unit: str = Field(description="unit id (an Akoma Ntoso eId)")
    quote: str = Field(description="the words quoted, verbatim")
    version: dt.date | None = Field(default=None, description="the version cited, when pinned")


class CitedBy(Shape):
    type: str = Field(description="form, checklist or question")
    id: str
    title: str


class Repeal(Shape):
    date: dt.date = Field(description="first day no longer in force")
    by: str = Field(description="the repealing act, as written")


class Unit(Shape):
    id: str = Field(description="stable id within the version; the eId of the Akoma Ntoso file")
    kind: str = Field(description="part, chapter, subchapter, section, article, paragraph, item, subitem, "
                                  "preamble, signature or date")
    label: str | None = Field(default=None, description="the number as written: 第十四条, （一）, 1、")
    heading: str | None = None
    text: str | None = Field(default=None, description="the unit's own text, jurisdiction variables rendered")
    status: str = Field(description="现行有效 or 已废止")
    repealed: Repeal | None = None
    cited_by: list[CitedBy] = Field(default_factory=list, description="forms, checklists and questions citing it")
    children: list[Unit] = Field(default_factory=list)


class Version(Shape):
    date: dt.date | None = Field(description="the day this version took effect (null: one undated version)")
    act: str | None = Field(default=None, description="the amending act, as written")
    akn: str = Field(description="its Akoma Ntoso file, relative to this file")
    current: bool


class Regulation(Shape):
    id: str
    title: str
    short_title: str
    type: str
    issuer: str
    status: str
    effective: str
    repealed: Repeal | None = None
    versions: list[Version] = Field(min_length=1, description="every version, oldest first; the last is current")
    units: list[Unit] = Field(description="the current version's units")


class IndexRegulation(Shape):
    id: str
    title: str
    json_file: str = Field(alias="json")
    akn: list[str] = Field(description="the Akoma Ntoso file of every version, oldest first")


class IndexItem(Shape):
    id: str
    title: str
    type: str | None = Field(default=None, description="a question's type")
    cites: list[Cite] = Field(description="every unit it cites")


class Index(Shape):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    regulations: list[IndexRegulation]
    forms: list[IndexItem]
    checklists: list[IndexItem]
    questions: list[IndexItem]


class FormBasis(Shape):
    where: str = Field(description="form, section:<title>, field:<id> or rule:<kind> (a rule of the form)")
    cite: Cite


class Form(Shape):
    id: str
    title: str
    basis: list[FormBasis]


class Forms(Shape):
    forms: list[Form]


class Question(Shape):
    id: str
    type: str
    stem: str
    case: str | None = None
    options: list[str] = Field(default_factory=list)
    answer: bool | str | list[str]
    explanation: str
    basis: list[Cite]


class Questions(Shape):
    questions: list[Question]


# file name in schema/ → the model its files follow
SCHEMAS: dict[str, type[Shape]] = {"regulation.schema.json": Regulation, "index.schema.json": Index,
                                   "forms.schema.json": Forms, "questions.schema.json": Questions}
