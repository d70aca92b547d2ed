"""Time limits from data/deadlines.yaml: the major-case reporting chain and day-counted periods.

A time limit is one of four kinds: ``levels`` (hours from an event, level by level), ``days`` (a period of days
whose last day moves past holidays), ``every_years`` (a recurring duty) or ``set_in`` (the period a document sets).
Holidays and make-up working days come from the merged calendar of ``workdays`` (chinese-calendar plus
data/holidays.yaml); outside its years we say which years are missing and how to add them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from pydantic import Field, RootModel, model_validator
from pydantic_core import PydanticCustomError

from zhifa.model.regulation import Citation, _Strict
from zhifa.procedures.workdays import Calendar, CalendarUnknown, date_cn  # noqa: F401 - CalendarUnknown re-exported

DEADLINES_FILE = "data/deadlines.yaml"
KINDS = {"levels": "按小时逐级上报", "days": "按日计算的期限", "every_years": "每隔几年一次", "set_in": "由文书规定期限"}


class Level(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    short: Optional[str] = Field(default=None, min_length=1, description="short name accepted on the command line: 县")
    label: str
    hours: int = Field(gt=0)


class YearRange(_Strict):
    min: int = Field(gt=0)
    max: int = Field(gt=0)


class Deadline(_Strict):
    title: str
    start: str = Field(description="what the period is counted from")
    basis: list[Citation] = Field(min_length=1)
    levels: list[Level] = Field(default_factory=list, description="hour-counted steps, in order")
    days: Optional[int] = Field(default=None, gt=0, description="day-counted period")
    every_years: Optional[YearRange] = Field(default=None, description="a duty repeated every min to max years")
    set_in: Optional[str] = Field(default=None, description="id of the form that sets the period")
    counting: Optional[str] = Field(default=None, description="how the period is counted, in words")
    consequence: list[Citation] = Field(default_factory=list, description="what follows from missing it")

    @model_validator(mode="after")
    def _one_kind(self) -> "Deadline":
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

    def level(self, name: str) -> Optional[Level]:
        """A level by its id, short name or label."""
        return next((lv for lv in self.levels if name in (lv.id, lv.short, lv.label)), None)


class Deadlines(RootModel[dict[str, Deadline]]):
    def get(self, key: str) -> Optional[Deadline]:
        return self.root.get(key)


# ---------------------------------------------------------------------------------------------------------------
# Hours: the reporting chain


@dataclass(frozen=True)
class Step:
    level: Level
    due: dt.datetime
    reported: Optional[dt.datetime] = None

    @property
    def late(self) -> bool:
        return self.reported is not None and self.reported > self.due

    @property
    def missing(self) -> bool:
        return self.reported is None

    @property
    def late_by(self) -> dt.timedelta:
        return self.reported - self.due if self.late else dt.timedelta(0)

    @property
    def status(self) -> str:
        """按时, 逾期1小时40分钟, or 未填报 (no time given)."""
        if self.missing:
            return "未填报"
        return f"逾期{duration_text(self.late_by)}" if self.late else "按时"


def reporting_chain(deadline: Deadline, occurred: dt.datetime,
                    reported: Optional[dict[str, dt.datetime]] = None) -> list[Step]:
    reported = reported or {}
    return [Step(lv, occurred + dt.timedelta(hours=lv.hours), reported.get(lv.id)) for lv in deadline.levels]


def duration_text(span: dt.timedelta) -> str:
    """2天3小时5分钟; parts that are zero are left out; under a minute is 0分钟."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "", f"{minutes}分钟" if minutes else ""]
    return "".join(parts) or "0分钟"


# ---------------------------------------------------------------------------------------------------------------
# Days: a period whose last day moves to the next working day


@dataclass(frozen=True)
class DayPeriod:
    start: dt.date
    nominal_end: dt.date
    end: dt.date
    nominal_kind: str  # 工作日, 调休上班日, 休息日 or 法定节假日（…）: what the nominal last day is

    @property
    def moved(self) -> bool:
        return self.end != self.nominal_end


def day_period(deadline: Deadline, start: dt.date, calendar: Calendar) -> DayPeriod:
    """The last day of a period of ``deadline.days`` days counted from the day after ``start``.

    Raises CalendarUnknown naming every year the counting touches that the calendar lacks: the years from the day
    after ``start`` to the nominal last day, or the year the moving of the last day runs into."""
    assert deadline.days is not None
    nominal = start + dt.timedelta(days=deadline.days)
    missing = calendar.missing_years(start + dt.timedelta(days=1), nominal)
    if missing:
        raise calendar.unknown(missing)
    end = nominal
    while not calendar.is_workday(end):
        end += dt.timedelta(days=1)
    return DayPeriod(start, nominal, end, calendar.day_kind(nominal))


def period_explanation(deadline: Deadline, period: DayPeriod) -> str:
    """How the last day was found, in one sentence (the site's calculator says the same)."""
    text = f"{deadline.start}不计入，自次日起算第{deadline.days}日为{date_cn(period.nominal_end)}，是{period.nominal_kind}"
    if period.moved:
        return text + f"，顺延至其后的第一个工作日{date_cn(period.end)}。"
    if period.nominal_kind == "调休上班日":
        return text + "，不顺延。"
    return text + "。"
