"""Working days in China: one merged calendar of statutory holidays, rest days and make-up working days.

The years come from the maintained package chinese-calendar and, for a year it does not know yet (or one whose
arrangement the State Council corrected), from the maintainer's data/holidays.yaml, written from the notice
国务院办公厅关于20XX年部分节假日安排的通知. Outside the merged years we raise ``CalendarUnknown``, naming the missing
years and how to add them, rather than guess.

``Calendar.export`` writes the same calendar as a compact table for the site's offline calculators; the wording of
the missing-year message travels with it, so the page and ``zhifa deadline`` say the same.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

import chinese_calendar
from chinese_calendar import Holiday

from zhifa.model.holiday import HOLIDAYS_FILE, HolidayData, HolidayYear, as_date, year_of

if TYPE_CHECKING:  # pragma: no cover
    from zhifa.model.project import Project

WEEKDAYS = "一二三四五六日"
HOLIDAY_NAMES = {h.value: h.chinese for h in Holiday}
LIBRARY_NAMES = [h.chinese for h in Holiday]
# The notices' names for the library's short ones: a year from the data file shows the same names as the others.
NAME_ALIASES = {"清明节": "清明", "端午节": "端午", "中秋节": "中秋"}

# One character per day of a year in the exported table.
WORKDAY, MAKEUP_WORKDAY, REST_DAY = "1", "2", "0"
HOLIDAY_BASE = ord("A")  # statutory holiday number i is chr(HOLIDAY_BASE + i), its name calendar["names"][i]

# The build and validate warn when the calendar ends this close to today (ZHIFA_TODAY overrides today for tests).
WARN_DAYS = 60
TODAY_ENV = "ZHIFA_TODAY"

# The missing-year message, filled in here and by site_overrides/assets/zhifa-deadline.js.
HAVE_UNTIL = "节假日数据只到 {last} 年"
HAVE_ONLY = "节假日数据只有 {ranges} 年"
MISSING = ("{have}，无法计算：期限落在 {years} 年。请按国务院办公厅关于{notices}部分节假日安排的通知，"
           "在 {file} 中添加 {years} 年（放假日与调休上班日），然后运行 zhifa validate")


class CalendarUnknown(Exception):
    """The holiday calendar does not cover years the computation needs (``years``)."""

    def __init__(self, years: list[int], message: str):
        super().__init__(message)
        self.years = years


@dataclass(frozen=True)
class YearSource:
    """Where the holidays of some years come from."""

    years: tuple[int, ...]
    text: str  # chinese-calendar 1.11.0, or the notice's title
    details: tuple[str, ...] = ()  # the notice's 文号 and date
    url: str | None = None  # the notice's source when it is a web address or other reference
    from_file: bool = False

    def cited(self) -> str:
        """国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号，2026-11-04）"""
        return f"{self.text}（{'，'.join(self.details)}）" if self.details else self.text


def library_source() -> str:
    try:
        return f"chinese-calendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        return "chinese-calendar"


def library_years() -> tuple[int, int]:
    """First and last year chinese-calendar has official holidays for."""
    days = chinese_calendar.holidays
    return min(days).year, max(days).year


def year_ranges(years: Iterable[int]) -> list[tuple[int, int]]:
    """Runs of consecutive years: [(2004, 2026), (2028, 2028)]."""
    runs: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if runs and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def ranges_text(years: Iterable[int]) -> str:
    """2004—2026、2028"""
    return "、".join(str(a) if a == b else f"{a}—{b}" for a, b in year_ranges(years))


def date_cn(day: dt.date) -> str:
    """2025-10-09（星期四）"""
    return f"{day:%Y-%m-%d}（星期{WEEKDAYS[day.weekday()]}）"


def _days_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]


def plain_code(day: dt.date) -> str:
    """A day with no arrangement: Saturdays and Sundays are rest days."""
    return REST_DAY if day.weekday() >= 5 else WORKDAY


class Calendar:
    """Every day of the known years as one character (see WORKDAY …), with the holiday names and sources."""

    def __init__(self, years: dict[int, str], names: list[str], sources: list[YearSource]):
        self.years, self.names, self.sources = years, names, sources

    @property
    def first(self) -> int:
        return min(self.years)

    @property
    def last(self) -> int:
        return max(self.years)

    def knows(self, year: int) -> bool:
        return year in self.years

    def code(self, day: dt.date) -> str:
        days = self.years.get(day.year)
        if days is None:
            raise self.unknown([day.year])
        return days[day.timetuple().tm_yday - 1]

    def is_workday(self, day: dt.date) -> bool:
        return self.code(day) in (WORKDAY, MAKEUP_WORKDAY)

    def day_kind(self, day: dt.date) -> str:
        """工作日, 调休上班日, 休息日 or 法定节假日（国庆节）."""
        code = self.code(day)
        if code == WORKDAY:
            return "工作日"
        if code == MAKEUP_WORKDAY:
            return "调休上班日"
        if code == REST_DAY:
            return "休息日"
        return f"法定节假日（{self.names[ord(code) - HOLIDAY_BASE]}）"

    def missing_years(self, first: dt.date, last: dt.date) -> list[int]:
        """The years from ``first`` to ``last`` (inclusive) the calendar does not know."""
        return [y for y in range(first.year, last.year + 1) if y not in self.years]

    def missing_message(self, years: list[int]) -> str:
        have = (HAVE_UNTIL.format(last=self.last) if min(years) > self.last
                else HAVE_ONLY.format(ranges=ranges_text(self.years)))
        return MISSING.format(have=have, years="、".join(map(str, years)),
                              notices="、".join(f"{y}年" for y in years), file=HOLIDAYS_FILE)

    def unknown(self, years: list[int]) -> CalendarUnknown:
        return CalendarUnknown(years, self.missing_message(years))

    def sources_for(self, years: Iterable[int]) -> list[YearSource]:
        wanted = set(years)
        return [s for s in self.sources if wanted & set(s.years)]

    def describe(self, years: Iterable[int] | None = None) -> str:
        """chinese-calendar 1.11.0（2004—2026 年）；国务院办公厅关于2027年…的通知（文号，2026-11-04，2027 年，data/holidays.yaml）"""
        chosen = self.sources if years is None else self.sources_for(years)
        out = []
        for s in chosen:
            parts = [*s.details, f"{ranges_text(s.years)} 年"] + ([HOLIDAYS_FILE] if s.from_file else [])
            out.append(f"{s.text}（{'，'.join(parts)}）")
        return "；".join(out)

    def ends_on(self, today: dt.date) -> dt.date | None:
        """The last day of the run of known years that today lies in (or last ran before today)."""
        before = [y for y in self.years if y <= today.year]
        if not before:
            return None
        year = max(before)
        while year + 1 in self.years:
            year += 1
        return dt.date(year, 12, 31)

    def export(self) -> dict:
        """For the offline calculators: the table, the names, the sources and the missing-year wording."""
        return {"first": self.first, "last": self.last, "source": self.describe(), "names": self.names,
                "years": {str(y): self.years[y] for y in sorted(self.years)},
                "sources": [{"years": ranges_text(s.years), "text": s.cited(), "url": s.url} for s in self.sources],
                "file": HOLIDAYS_FILE, "messages": {"until": HAVE_UNTIL, "only": HAVE_ONLY, "missing": MISSING}}


# ---------------------------------------------------------------------------------------------------------------
# Building the calendar


def _library_code(day: dt.date) -> str:
    # chinese_calendar.get_holiday_detail's answer, read from its two tables: that function checks the year range
    # over the whole table at every call (a quarter of a second for the library's years).
    if day in chinese_calendar.workdays:
        off, name = False, chinese_calendar.workdays[day]
    elif day in chinese_calendar.holidays:
        off, name = True, chinese_calendar.holidays[day]
    else:
        off, name = day.weekday() > 4, None
    if name and not off:
        return MAKEUP_WORKDAY
    if name:
        return chr(HOLIDAY_BASE + LIBRARY_NAMES.index(HOLIDAY_NAMES.get(name, name)))
    return REST_DAY if off else WORKDAY


@lru_cache(maxsize=1)
def _library_table() -> dict[int, str]:
    first, last = library_years()
    return {year: "".join(_library_code(d) for d in _days_of(year)) for year in range(first, last + 1)}


def library_calendar() -> Calendar:
    """chinese-calendar's years alone."""
    first, last = library_years()
    return Calendar(dict(_library_table()), list(LIBRARY_NAMES),
                    [YearSource(tuple(range(first, last + 1)), library_source())])


def notice_source(year: int, entry: HolidayYear) -> YearSource:
    """The notice a year of the data file cites: title, then 文号 (if any) and date."""
    notice = entry.notice
    day = as_date(notice.date)
    details = tuple(x for x in (notice.number, day.isoformat() if day else str(notice.date)) if x)
    return YearSource((year,), notice.title, details, notice.source, from_file=True)


def _name_code(names: list[str], name: str) -> str:
    name = NAME_ALIASES.get(name.strip(), name.strip())
    if name not in names:
        names.append(name)
    return chr(HOLIDAY_BASE + names.index(name))


def merged_calendar(data: HolidayData) -> Calendar:
    """chinese-calendar's years, then each year of the data file (ascending) added or, with override, replacing.

    A year's make-up working days may lie in the December before it (2012: Saturday 2011-12-31 worked): they are
    marked in that year when it is known. Wrong entries are reported by holiday_checks; here they are applied as
    far as they can be, never raising."""
    cal = library_calendar()
    years = {y: list(codes) for y, codes in cal.years.items()}
    names = cal.names
    lib_years = set(years)
    from_file: list[tuple[int, HolidayYear]] = []
    for key in sorted(data.entries, key=lambda k: (year_of(k) is None, k)):
        year, entry = year_of(key), data.entries[key]
        if year is None:
            continue
        from_file.append((year, entry))
        codes = [plain_code(d) for d in _days_of(year)]
        later: list[dt.date] = []
        for period in entry.holidays:
            start, end = as_date(period.start), as_date(period.end) if period.end is not None else None
            end = end or start
            if start is None or end is None:
                continue
            code = _name_code(names, period.name)
            day = start
            while day <= end:
                if day.year == year:
                    codes[day.timetuple().tm_yday - 1] = code
                day += dt.timedelta(days=1)
            later += [d for d in map(as_date, period.workdays) if d is not None]
        for day in later:
            if day.year == year:
                codes[day.timetuple().tm_yday - 1] = MAKEUP_WORKDAY
            elif day.year == year - 1 and day.year in years:
                years[day.year][day.timetuple().tm_yday - 1] = MAKEUP_WORKDAY
        years[year] = codes
    kept = tuple(y for y in sorted(lib_years) if y not in {y for y, e in from_file})
    sources = [YearSource(kept, library_source())] if kept else []
    sources += [notice_source(year, entry) for year, entry in from_file]
    return Calendar({y: "".join(c) for y, c in years.items()}, names, sources)


def project_calendar(project: Project) -> Calendar:
    """The project's merged calendar, built once per loaded project."""
    if project.calendar is None:
        project.calendar = merged_calendar(project.holidays)
    return project.calendar


# ---------------------------------------------------------------------------------------------------------------
# Today and the warning


def today() -> dt.date:
    """datetime.date.today(), or the date in $ZHIFA_TODAY (for tests: ZHIFA_TODAY=2026-12-02)."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return dt.date.today()
    day = as_date(value)
    if day is None:
        raise ValueError(f"环境变量 {TODAY_ENV}“{value}”不是有效的日期，请写成 2026-12-02（年-月-日），或删除此变量")
    return day


def calendar_warning(cal: Calendar, on: dt.date) -> str | None:
    """A warning when the calendar ends within WARN_DAYS days of ``on`` (or already has), else None."""
    end = cal.ends_on(on)
    if end is None:
        return None
    left = (end - on).days
    if left > WARN_DAYS:
        return None
    when = f"还有 {left} 天" if left > 0 else ("今天是最后一天" if left == 0 else f"已过去 {-left} 天")
    year = end.year + 1
    return (f"注意：节假日数据只到 {end:%Y-%m-%d}，{when}，期限落在 {year} 年的时限将无法计算。"
            f"请按国务院办公厅关于{year}年部分节假日安排的通知，在 {HOLIDAYS_FILE} 中添加 {year} 年"
            "（放假日与调休上班日），然后运行 zhifa validate")
