"""Working days in China from the maintained package chinese-calendar: statutory holidays, rest days and make-up
working days. Outside the years the package knows we raise ``CalendarUnknown`` rather than guess.

``calendar_export`` writes the same answers as a compact table for the site's offline calculators.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import PackageNotFoundError, version

import chinese_calendar
from chinese_calendar import Holiday

WEEKDAYS = "一二三四五六日"
HOLIDAY_NAMES = {h.value: h.chinese for h in Holiday}

# One character per day of a year in the exported table.
WORKDAY, MAKEUP_WORKDAY, REST_DAY = "1", "2", "0"
HOLIDAY_BASE = ord("A")  # statutory holiday number i is chr(HOLIDAY_BASE + i), its name calendar["names"][i]


class CalendarUnknown(Exception):
    """The holiday calendar does not cover the year asked about."""


def known_years() -> tuple[int, int]:
    """First and last year chinese-calendar has official holidays for."""
    days = chinese_calendar.holidays
    return min(days).year, max(days).year


def calendar_source() -> str:
    try:
        return f"chinese-calendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        return "chinese-calendar"


def unknown_message(day: dt.date) -> str:
    first, last = known_years()
    return (f"节假日日历（{calendar_source()}）只包含 {first}—{last} 年的法定节假日和调休上班日，"
            f"无法判断 {day:%Y-%m-%d} 是否为工作日；请对照国务院办公厅公布的放假安排人工计算")


def _detail(day: dt.date) -> tuple[bool, str | None]:
    try:
        return chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        raise CalendarUnknown(unknown_message(day)) from None


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarUnknown(unknown_message(day)) from None


def day_kind(day: dt.date) -> str:
    """工作日, 调休上班日, 休息日 or 法定节假日（国庆节）."""
    off, name = _detail(day)
    if name and not off:
        return "调休上班日"
    if name:
        return f"法定节假日（{HOLIDAY_NAMES.get(name, name)}）"
    return "休息日" if off else "工作日"


def date_cn(day: dt.date) -> str:
    """2025-10-09（星期四）"""
    return f"{day:%Y-%m-%d}（星期{WEEKDAYS[day.weekday()]}）"


def calendar_export() -> dict:
    """Every day of every known year as one character (see WORKDAY …), for the offline calculators."""
    first, last = known_years()
    names = [h.chinese for h in Holiday]
    years = {}
    for year in range(first, last + 1):
        day, chars = dt.date(year, 1, 1), []
        while day.year == year:
            off, name = chinese_calendar.get_holiday_detail(day)
            if name and not off:
                chars.append(MAKEUP_WORKDAY)
            elif name:
                chars.append(chr(HOLIDAY_BASE + names.index(HOLIDAY_NAMES.get(name, name))))
            else:
                chars.append(REST_DAY if off else WORKDAY)
            day += dt.timedelta(days=1)
        years[str(year)] = "".join(chars)
    return {"first": first, "last": last, "source": calendar_source(), "names": names, "years": years}
