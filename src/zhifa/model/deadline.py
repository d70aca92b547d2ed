"""Time limits as data (data/deadlines.yaml); what they compute lives in ``zhifa.procedures.deadlines``.

A time limit is one of four kinds: ``levels`` (hours from an event, level by level), ``days`` (a period of days
whose last day moves past holidays), ``every_years`` (a recurring duty) or ``set_in`` (the period a document sets).
Holidays and make-up working days come from the merged calendar of ``workdays`` (chinese-calendar plus
data/holidays.yaml); outside its years we say which years are missing and how to add them.
"""

from __future__ import annotations

from pydantic import Field, RootModel, model_validator
from pydantic_core import PydanticCustomError

from zhifa.model.regulation import Citation, StrictModel

DEADLINES_FILE = "data/deadlines.yaml"
KINDS = {"levels": "按小时逐级上报", "days": "按日计算的期限", "every_years": "每隔几年一次", "set_in": "由文书规定期限"}


class Level(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    short: str | None = Field(default=None, min_length=1, description="short name accepted on the command line: 县")
    label: str
    hours: int = Field(gt=0)


class YearRange(StrictModel):
    min: int = Field(gt=0)
    max: int = Field(gt=0)


class Deadline(StrictModel):
    title: str
    start: str = Field(description="what the period is counted from")
    basis: list[Citation] = Field(min_length=1)
    levels: list[Level] = Field(default_factory=list, description="hour-counted steps, in order")
    days: int | None = Field(default=None, gt=0, description="day-counted period")
    every_years: YearRange | None = Field(default=None, description="a duty repeated every min to max years")
    set_in: str | None = Field(default=None, description="id of the form that sets the period")
    counting: str | None = Field(default=None, description="how the period is counted, in words")
    consequence: list[Citation] = Field(default_factory=list, description="what follows from missing it")

    @model_validator(mode="after")
    def _one_kind(self) -> Deadline:
        given = [name for name in KINDS if getattr(self, name)]
        if len(given) != 1:
            kinds = "、".join(f"{name}（{text}）" for name, text in KINDS.items())
            found = "、".join(given) or "都没有"
            raise PydanticCustomError("deadline_kind", f"时限须写且只写 {kinds} 其中之一，现有：{found}")
        if self.every_years and self.every_years.min > self.every_years.max:
            raise PydanticCustomError("deadline_years", "every_years 的 min 不能大于 max")
        return self

    @property
    def kind(self) -> str:
        return next(name for name in KINDS if getattr(self, name))

    def citations(self) -> list[Citation]:
        """Every citation of the time limit: its basis and the consequence of missing it."""
        return [*self.basis, *self.consequence]

    def level(self, name: str) -> Level | None:
        """A level by its id, short name or label."""
        return next((lv for lv in self.levels if name in (lv.id, lv.short, lv.label)), None)


class Deadlines(RootModel[dict[str, Deadline]]):
    def get(self, key: str) -> Deadline | None:
        return self.root.get(key)
