"""Checks of data/holidays.yaml (H001–H014), each problem at the line of the entry, in Chinese.

A year added from the State Council's notice must be a four-digit year after the years already known, cite its
notice, give valid dates inside that year (make-up working days may also fall in the December before it), never a
day both off and worked, make-up working days on Saturdays or Sundays, holidays that include a weekday, every
holiday of the latest year chinese-calendar knows (元旦 … 国庆节: a year is taken as complete); and it must not
repeat or contradict a year chinese-calendar has unless it says ``override: true``.

``holiday_warning`` is the build's and validate's warning that the calendar is about to end.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhifa.load.yamlio import Document
from zhifa.model.holiday import HOLIDAYS_FILE, HolidayData, HolidayYear, as_date, year_of
from zhifa.model.problems import Position, Problem
from zhifa.model.project import Project
from zhifa.procedures.workdays import (
    HOLIDAY_BASE,
    MAKEUP_WORKDAY,
    NAME_ALIASES,
    REST_DAY,
    WEEKDAYS,
    WORKDAY,
    Calendar,
    calendar_warning,
    library_calendar,
    library_source,
    library_years,
    merged_calendar,
    project_calendar,
    today,
)

SHOWN_DIFFERENCES = 3


def regular_holidays() -> list[str]:
    """The holidays of the latest year chinese-calendar knows (元旦, 春节, 清明 …), in the order of the year."""
    cal = library_calendar()
    codes = cal.years[cal.last]
    seen = dict.fromkeys(c for c in codes if c not in (WORKDAY, MAKEUP_WORKDAY, REST_DAY))
    return [cal.names[ord(c) - HOLIDAY_BASE] for c in seen]


def holiday_warning(project: Project) -> str | None:
    """注意：节假日数据只到 … when the merged calendar ends within WARN_DAYS days of today (ValueError: bad ZHIFA_TODAY)."""
    return calendar_warning(project_calendar(project), today())


def check_holidays(project: Project) -> list[Problem]:
    doc = project.documents.get(HOLIDAYS_FILE)
    if doc is None or not project.holidays.entries:
        return []
    known_here = {y for y in map(year_of, project.holidays.entries) if y is not None}
    problems: list[Problem] = []
    for key, entry in project.holidays.entries.items():
        problems += _YearCheck(doc, project.holidays, key, entry, known_here).run()
    return problems


class _YearCheck:
    def __init__(self, doc: Document, data: HolidayData, key: str, entry: HolidayYear, known_here: set[int]):
        self.doc, self.data, self.key, self.entry, self.known_here = doc, data, key, entry, known_here
        self.year = year_of(key)
        self.problems: list[Problem] = []

    def where(self, *path: Any) -> Position:
        return self.doc.where(("years", self.key, *path))

    def add(self, pos: Position, code: str, message: str) -> None:
        self.problems.append(pos.problem(code, message))

    def date(self, value: Any, *path: Any) -> dt.date | None:
        day = as_date(value)
        if day is None:
            self.add(self.where(*path), "H002", f"“{value}”不是有效的日期，请写成 2027-01-01（年-月-日）")
        return day

    def run(self) -> list[Problem]:
        if self.year is None:
            self.add(self.where(), "H001", f"年份“{self.key}”不是四位数的年份：请写成 2027: 这样的年份")
            return self.problems
        self.check_notice(self.year)
        self.check_library()
        off: dict[dt.date, Position] = {}
        worked: dict[dt.date, Position] = {}
        for i in range(len(self.entry.holidays)):
            self.check_period(i, off, worked)
        self.check_complete()
        for day, pos in worked.items():
            if day in off:
                self.add(pos, "H004", f"{day} 同时是放假日（第 {off[day].line} 行）和调休上班日：请对照通知核对")
        return self.problems

    def check_notice(self, year: int) -> None:
        notice = self.entry.notice
        if f"{year}年" not in notice.title:
            self.add(self.where("notice", "title"), "H011",
                     f"通知标题“{notice.title}”中没有“{year}年”：请核对年份，标题照通知原文写"
                     f"（如 国务院办公厅关于{year}年部分节假日安排的通知）")
        day = self.date(notice.date, "notice", "date")
        if day is not None and day.year > year:
            self.add(self.where("notice", "date"), "H012", f"通知日期 {day} 晚于 {year} 年：请核对通知的发布日期")

    def check_complete(self) -> None:
        """Every holiday the library's latest year has must be written: a year of the file is taken as complete."""
        written = {NAME_ALIASES.get(p.name.strip(), p.name.strip()) for p in self.entry.holidays}
        notice_names = {short: full for full, short in NAME_ALIASES.items()}
        missing = [notice_names.get(name, name) for name in regular_holidays() if name not in written]
        if missing:
            self.add(self.where("holidays"), "H014",
                     f"{self.year} 年缺少{'、'.join(missing)}的放假安排：这一年全按这里计算，通知中的每个节日都要写"
                     "（节日名称照通知写）")

    def check_library(self) -> None:
        first, last = library_years()
        year = self.year
        assert year is not None
        if first <= year <= last and not self.entry.override:
            self.add(self.where(), "H008", f"{library_source()} 已包含 {year} 年，{self.compare()}")
        elif self.entry.override and not first <= year <= last:
            self.add(self.where("override"), "H009",
                     f"override: true 只用于 {library_source()} 已包含的年份（{first}—{last}）；"
                     f"{year} 年是新添加的年份，请删除 override")
        if year > last + 1 and year - 1 not in self.known_here:
            self.add(self.where(), "H010", f"{year} 年之前缺 {year - 1} 年的数据：请先按国务院办公厅关于{year - 1}年"
                                           f"部分节假日安排的通知添加 {year - 1} 年，或核对年份是否写错")

    def compare(self) -> str:
        """How this entry compares with the library's year: the same, or the first differing days."""
        assert self.year is not None
        mine = merged_calendar(HolidayData.model_construct(years={self.key: self.entry}))
        lib = library_calendar()
        first = dt.date(self.year, 1, 1)
        days = [first + dt.timedelta(days=i) for i in range((dt.date(self.year + 1, 1, 1) - first).days)]
        diffs = [f"{d}：库中为{lib.day_kind(d)}，此处为{mine.day_kind(d)}" for d in days if lib.day_kind(d) != mine.day_kind(d)]
        if not diffs:
            return "与这里写的安排一致：请删除这一年"
        more = f"等 {len(diffs)} 天" if len(diffs) > SHOWN_DIFFERENCES else ""
        return (f"与这里写的不一致（{'；'.join(diffs[:SHOWN_DIFFERENCES])}{more}）：若国务院办公厅发文更正了安排，"
                "写 override: true 并在 notice 中引用更正的通知；否则删除这一年")

    def check_period(self, i: int, off: dict[dt.date, Position], worked: dict[dt.date, Position]) -> None:
        period, year = self.entry.holidays[i], self.year
        assert year is not None
        start = self.date(period.start, "holidays", i, "start")
        end = self.date(period.end, "holidays", i, "end") if period.end is not None else start
        given = [(start, "start")] + ([(end, "end")] if period.end is not None else [])
        for day, field in given:
            if day is not None and day.year != year:
                self.add(self.where("holidays", i, field), "H003", f"放假日 {day} 不在 {year} 年内：请核对年份")
        days: list[dt.date] = []
        if start is not None and end is not None:
            if end < start:
                self.add(self.where("holidays", i, "end"), "H005", f"放假的最后一天 {end} 早于第一天 {start}：请核对")
            days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
            if days and all(d.weekday() >= 5 for d in days) and not period.all_weekend:
                shown = (f"{start} 是星期{WEEKDAYS[start.weekday()]}" if start == end
                         else f"{start} 至 {end} 全是周六、周日")
                self.add(self.where("holidays", i), "H007",
                         f"{period.name}的放假日 {shown}：放假安排通常包含工作日，请核对月日；"
                         "若通知原文确实如此，加一行 all_weekend: true")
        for day in days:
            if day in off:
                self.add(self.where("holidays", i), "H004", f"放假日 {day} 已在第 {off[day].line} 行写过：每天只能写一次")
            else:
                off[day] = self.where("holidays", i)
        for j, value in enumerate(period.workdays):
            self.check_workday(value, ("holidays", i, "workdays", j), worked)

    def check_workday(self, value: Any, path: tuple, worked: dict[dt.date, Position]) -> None:
        year = self.year
        assert year is not None
        day = self.date(value, *path)
        if day is None:
            return
        pos = self.where(*path)
        if day in worked:
            self.add(pos, "H004", f"调休上班日 {day} 已在第 {worked[day].line} 行写过：每天只能写一次")
            return
        worked[day] = pos
        if day.weekday() < 5:
            self.add(pos, "H006", f"调休上班日 {day} 是星期{WEEKDAYS[day.weekday()]}：通知里写“上班”的调休日应是周六或周日，"
                                  "请核对")
        if day.year == year:
            return
        if not (day.year == year - 1 and day.month == 12):
            self.add(pos, "H003", f"调休上班日 {day} 不在 {year} 年内（只有上一年 12 月的调休上班日可写在这一年的通知下）："
                                  "请核对年份")
            return
        before = self.without_this_year()
        if before.knows(day.year) and before.day_kind(day).startswith("法定节假日"):
            self.add(pos, "H013", f"调休上班日 {day} 在 {day.year} 年的数据中是{before.day_kind(day)}：两者矛盾，请核对")

    def without_this_year(self) -> Calendar:
        """The merged calendar without this entry: what the December before it was."""
        others = {k: e for k, e in self.data.entries.items() if k != self.key}
        return merged_calendar(HolidayData.model_construct(years=others))
