"""Time limits from data/deadlines.yaml: the major-case reporting chain and day-counted periods.

Holidays and make-up working days come from chinese-calendar; outside the years it knows we say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

import chinese_calendar
from pydantic import Field, RootModel

from .model import Citation, _Strict

DEADLINES_FILE = "data/deadlines.yaml"


class Level(_Strict):
    id: str
    label: str
    hours: int = Field(gt=0)


class Deadline(_Strict):
    title: str
    start: str
    basis: list[Citation] = Field(min_length=1)
    levels: list[Level] = Field(default_factory=list, description="hour-counted steps, in order")
    days: Optional[int] = Field(default=None, gt=0, description="day-counted period")
    counting: Optional[str] = None


class Deadlines(RootModel[dict[str, Deadline]]):
    def get(self, key: str) -> Optional[Deadline]:
        return self.root.get(key)


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


def reporting_chain(deadline: Deadline, occurred: dt.datetime,
                    reported: Optional[dict[str, dt.datetime]] = None) -> list[Step]:
    reported = reported or {}
    return [Step(lv, occurred + dt.timedelta(hours=lv.hours), reported.get(lv.id)) for lv in deadline.levels]


class CalendarUnknown(Exception):
    """The holiday calendar does not cover the year asked about."""


@dataclass(frozen=True)
class DayPeriod:
    start: dt.date
    nominal_end: dt.date
    end: dt.date

    @property
    def moved(self) -> bool:
        return self.end != self.nominal_end


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarUnknown(f"节假日日历不包含 {day.year} 年，无法判断 {day:%Y-%m-%d} 是否为工作日，请人工核对") from None


def day_period(deadline: Deadline, start: dt.date) -> DayPeriod:
    """The last day of a period of ``deadline.days`` days counted from the day after ``start``."""
    assert deadline.days is not None
    nominal = start + dt.timedelta(days=deadline.days)
    end = nominal
    while not is_workday(end):
        end += dt.timedelta(days=1)
    return DayPeriod(start, nominal, end)
