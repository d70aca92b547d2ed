"""Time limits computed: the major-case reporting chain (hours, level by level) and day-counted periods.

Holidays and make-up working days come from the merged calendar of ``workdays`` (chinese-calendar plus
data/holidays.yaml); outside its years we say which years are missing and how to add them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhifa.model.deadline import Deadline, Level
from zhifa.procedures.workdays import Calendar, CalendarUnknown, date_cn  # noqa: F401 - CalendarUnknown re-exported

# ---------------------------------------------------------------------------------------------------------------
# Hours: the reporting chain


@dataclass(frozen=True)
class Step:
    level: Level
    due: dt.datetime
    reported: dt.datetime | None = None

    @property
    def late(self) -> bool:
        return self.reported is not None and self.reported > self.due

    @property
    def missing(self) -> bool:
        return self.reported is None

    @property
    def late_by(self) -> dt.timedelta:
        return self.reported - self.due if self.reported is not None and self.reported > self.due else dt.timedelta(0)

    @property
    def status(self) -> str:
        """按时, 逾期1小时40分钟, or 未填报 (no time given)."""
        if self.missing:
            return "未填报"
        return f"逾期{duration_text(self.late_by)}" if self.late else "按时"


def reporting_chain(deadline: Deadline, occurred: dt.datetime,
                    reported: dict[str, dt.datetime] | None = None) -> list[Step]:
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
