"""The maintainer's holiday data (data/holidays.yaml): years chinese-calendar does not know yet, or corrects,
written from the State Council's notice (国务院办公厅关于20XX年部分节假日安排的通知).

Only the shape is checked here; ``holiday_checks`` checks the dates (in their year, weekends, overlaps, the
library's years) and ``workdays`` merges the years into one calendar. Dates may be written plain (2027-01-01) or
quoted: they are read as text or date here and parsed, with located messages, by the checks.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from zhifa.model.regulation import StrictModel

HOLIDAYS_FILE = "data/holidays.yaml"

DateValue = dt.date | str


class Notice(StrictModel):
    title: str = Field(min_length=1, description="the notice's title as published")
    number: str | None = Field(default=None, min_length=1, description="文号, where the notice has one")
    date: DateValue = Field(description="date of the notice")
    source: str = Field(min_length=1, description="where the text was read: its URL, or the gazette issue")


class HolidayPeriod(StrictModel):
    name: str = Field(min_length=1, description="元旦, 春节, 清明节 …, as in the notice")
    start: DateValue = Field(description="first day off")
    end: DateValue | None = Field(default=None, description="last day off (omitted: one day)")
    workdays: list[DateValue] = Field(default_factory=list, description="the weekend days worked (调休上班)")
    all_weekend: bool = Field(default=False, description="the notice really gives only Saturdays/Sundays off")


class HolidayYear(StrictModel):
    notice: Notice
    override: bool = Field(default=False, description="replace a year chinese-calendar already has")
    holidays: list[HolidayPeriod] = Field(min_length=1)


class HolidayData(StrictModel):
    years: dict[str, HolidayYear] | None = Field(default=None, description="year -> its arrangement")

    @property
    def entries(self) -> dict[str, HolidayYear]:
        return self.years or {}


def as_date(value: object) -> dt.date | None:
    """A date written in the file, or None when it is not one (a datetime, a bad text)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def year_of(key: str) -> int | None:
    """The year a key of ``years`` names (2027), or None when it is not a four-digit year."""
    return int(key) if len(key) == 4 and key.isdigit() and key[0] != "0" else None
