"""Standard enforcement forms as data (templates/forms/<form-id>.yaml): fields, legal basis, rules."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from zhifa.model.regulation import Citation, StrictModel

FieldType = Literal["text", "multiline", "date", "datetime", "choice", "multichoice", "checkbox", "persons",
                    "amount", "idcard", "number"]
FIELD_ID = r"^[a-z][a-z0-9_]*$"


class Column(StrictModel):
    id: str = Field(pattern=FIELD_ID)
    label: str


class FormField(StrictModel):
    id: str = Field(pattern=FIELD_ID)
    label: str = Field(min_length=1)
    type: FieldType
    required: bool = False
    help: str | None = None
    options: list[str] = Field(default_factory=list, description="choices for choice / multichoice")
    columns: list[Column] = Field(default_factory=list, description="what each person in a person list has")
    min_items: int = Field(default=0, ge=0, description="persons: at least this many rows")
    rows: int = Field(default=0, ge=0, description="persons: blank rows printed on the empty form")
    basis: list[Citation] = Field(default_factory=list)


class Section(StrictModel):
    title: str
    fields: list[FormField] = Field(default_factory=list)
    text: str | None = Field(default=None, description="fixed wording printed in the section")
    basis: list[Citation] = Field(default_factory=list)


class OfficersRule(StrictModel):
    """行为规范第十四条: at least two officers, each with a certificate number; certificates shown."""

    kind: Literal["officers"]
    field: str
    min: int = Field(ge=1)
    certificate_column: str
    shown_field: str | None = None
    basis: list[Citation] = Field(min_length=1)


class DistinctPeopleRule(StrictModel):
    """责任制度（七）: 办案、审案、决定 by different people."""

    kind: Literal["distinct_people"]
    fields: list[str] = Field(min_length=2)
    basis: list[Citation] = Field(min_length=1)


class ReportDeadlinesRule(StrictModel):
    """重大案件（二）: deadlines from the incident time; late reports flagged."""

    kind: Literal["report_deadlines"]
    deadline: str = Field(description="id in data/deadlines.yaml")
    occurred_field: str
    reported_fields: dict[str, str] = Field(description="level id → field holding the time that level was reported")
    basis: list[Citation] = Field(min_length=1)


class AppealPeriodRule(StrictModel):
    """过错（九）: the appeal notice with its last day."""

    kind: Literal["appeal_period"]
    deadline: str
    from_field: str
    filed_field: str | None = Field(default=None, description="date the appeal was filed, flagged if late")
    basis: list[Citation] = Field(min_length=1)


class RequiredTogetherRule(StrictModel):
    """责任制度（六）: facts, evidence, reasons and rights told before a decision."""

    kind: Literal["required_together"]
    fields: list[str] = Field(min_length=1)
    before: list[str] | None = Field(default=None, min_length=2, max_length=2, description="[earlier date field, later date field]")
    message: str
    basis: list[Citation] = Field(min_length=1)


Rule = Annotated[OfficersRule | DistinctPeopleRule | ReportDeadlinesRule | AppealPeriodRule | RequiredTogetherRule,
                 Field(discriminator="kind")]


class Form(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    summary: str = Field(min_length=4, description="what the form is for, one line")
    number_pattern: str | None = Field(default=None, description="e.g. {{ county_short }}计生监通〔{{ year }}〕第 号")
    basis: list[Citation] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    issuer: str | None = Field(default=None, description="printed above the seal, e.g. {{ county }}人口和计划生育局")

    def fields(self) -> list[FormField]:
        return [f for s in self.sections for f in s.fields]

    def field(self, field_id: str) -> FormField | None:
        return next((f for f in self.fields() if f.id == field_id), None)

    def citations(self) -> list[tuple[str, Citation]]:
        """Every citation with where it sits (form, section title or field id)."""
        out = [("form", c) for c in self.basis]
        for s in self.sections:
            out += [(f"section:{s.title}", c) for c in s.basis]
            for f in s.fields:
                out += [(f"field:{f.id}", c) for c in f.basis]
        for r in self.rules:
            out += [(f"rule:{r.kind}", c) for c in r.basis]
        return out
