"""Procedures as data (data/procedures.yaml): each a flow of steps, each step citing its units and naming the form
or checklist it uses. ``procedure_pages`` draws them; ``procedure_checks`` verifies citations and references.
"""

from __future__ import annotations

from pydantic import Field, RootModel

from zhifa.model.regulation import Citation, StrictModel

PROCEDURES_FILE = "data/procedures.yaml"
SLUG = r"^[a-z][a-z0-9-]*$"
RESERVED = {"index", "deadlines"}  # procedures/index.md and procedures/deadlines.md are other pages


class Next(StrictModel):
    step: str = Field(pattern=SLUG)
    when: str | None = Field(default=None, min_length=1, description="the condition, written on the arrow")


class ProcedureStep(StrictModel):
    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=2)
    basis: list[Citation] = Field(min_length=1)
    form: str | None = Field(default=None, description="id of the form used at this step")
    checklist: str | None = Field(default=None, description="id of the checklist used at this step")
    deadline: str | None = Field(default=None, description="id in data/deadlines.yaml: links to its calculator")
    next: list[str | Next] | None = Field(
        default=None, description="following steps; default: the next step in the list; [] ends the flow")


class Procedure(StrictModel):
    title: str = Field(min_length=2)
    summary: str = Field(min_length=2)
    steps: list[ProcedureStep] = Field(min_length=1)

    def step(self, step_id: str) -> ProcedureStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def edges(self) -> list[tuple[ProcedureStep, str, str | None]]:
        """(step, id of the following step, condition) for every arrow of the flow."""
        out: list[tuple[ProcedureStep, str, str | None]] = []
        for i, step in enumerate(self.steps):
            if step.next is None:
                if i + 1 < len(self.steps):
                    out.append((step, self.steps[i + 1].id, None))
                continue
            for item in step.next:
                out.append((step, item, None) if isinstance(item, str) else (step, item.step, item.when))
        return out


class Procedures(RootModel[dict[str, Procedure]]):
    def get(self, key: str) -> Procedure | None:
        return self.root.get(key)
