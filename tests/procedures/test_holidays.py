"""The holiday calendar the maintainer extends (issue 12, finding 6): data/holidays.yaml, its checks, the merged
calendar behind `zhifa deadline`, and the warning of `zhifa validate` / `zhifa build` when the calendar runs out.

Expectations come from the test's own reading of its fixtures with PyYAML and its own counting (15 calendar days,
then past rest days), from chinese-calendar read directly, and from the wording the issue asks for; never from
zhifa's output. tests/fixtures/holidays-made-up-2027.yaml is a MADE-UP arrangement (not the official one) that
exercises the mechanism; tests/fixtures/holidays-2026-notice.yaml is the official 2026 notice transcribed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import chinese_calendar
import pytest
import yaml

from conftest import FIXTURES, ROOT, run_zhifa

MADE_UP = FIXTURES / "holidays-made-up-2027.yaml"
NOTICE_2026 = FIXTURES / "holidays-2026-notice.yaml"
HOLIDAYS = "data/holidays.yaml"
LAST_YEAR = max(chinese_calendar.holidays).year
APPEAL_DAYS = yaml.safe_load((ROOT / "data" / "deadlines.yaml").read_text(encoding="utf-8"))["appeal"]["days"]


def missing_message(have: str, years: list[int]) -> str:
    """The message the issue asks for, written out here."""
    listed = "、".join(map(str, years))
    notices = "、".join(f"{y}年" for y in years)
    return (f"{have}，无法计算：期限落在 {listed} 年。请按国务院办公厅关于{notices}部分节假日安排的通知，"
            f"在 data/holidays.yaml 中添加 {listed} 年（放假日与调休上班日），然后运行 zhifa validate")


def use_holidays(copy: Path, text: str) -> Path:
    (copy / HOLIDAYS).write_text(text, encoding="utf-8")
    return copy


def zhifa(*args: str) -> tuple[int, str, str]:
    """`zhifa …` run in this process (the same main() as the console command): (exit code, stdout, stderr)."""
    from zhifa.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def run_with_today(today: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZHIFA_TODAY": today}
    return subprocess.run([sys.executable, "-m", "zhifa", *args], capture_output=True, text=True, timeout=300, env=env)


# ---------------------------------------------------------------------------------------------------------------
# The test's own calendar: the fixture read with PyYAML, weekends, and chinese-calendar for its years


class OwnTable:
    def __init__(self, fixture: Path):
        data = yaml.safe_load(fixture.read_text(encoding="utf-8"))["years"]
        self.years = {int(y) for y in data}
        self.off: dict[dt.date, str] = {}
        self.worked: set[dt.date] = set()
        for entry in data.values():
            for period in entry["holidays"]:
                day, last = period["start"], period.get("end", period["start"])
                while day <= last:
                    self.off[day] = period["name"]
                    day += dt.timedelta(days=1)
                self.worked |= set(period.get("workdays", []))

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.years:
            return day not in self.off and (day in self.worked or day.weekday() < 5)
        return chinese_calendar.is_workday(day)

    def last_day(self, received: dt.date) -> tuple[dt.date, dt.date]:
        nominal = received + dt.timedelta(days=APPEAL_DAYS)
        end = nominal
        while not self.is_workday(end):
            end += dt.timedelta(days=1)
        return nominal, end


@pytest.fixture
def made_up(copy: Path) -> Path:
    """A copy whose data/holidays.yaml holds the made-up 2027 and 2028 (New Year only) arrangement."""
    return use_holidays(copy, MADE_UP.read_text(encoding="utf-8"))


def test_the_shipped_file_is_documented_and_has_no_year_entries(project):
    text = (ROOT / HOLIDAYS).read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"years": None}  # the mechanism only: no invented arrangement
    for word in ("国务院办公厅关于", "workdays", "override", "zhifa validate", "start", "end", "notice"):
        assert word in text
    assert not project.holidays.entries


def test_made_up_years_validate_clean(made_up):
    result = run_zhifa("validate", "--root", str(made_up))
    assert result.returncode == 0, result.stdout


def test_every_day_of_2027_against_an_independent_count(made_up):
    from zhifa.load.loader import load_project
    from zhifa.procedures.deadlines import day_period
    from zhifa.procedures.workdays import project_calendar

    project = load_project(made_up)
    assert not project.problems
    appeal, calendar = project.deadlines.get("appeal"), project_calendar(project)
    own = OwnTable(MADE_UP)
    day, moved, holidays_hit = dt.date(2027, 1, 1), 0, 0
    while day.year == 2027:
        nominal, end = own.last_day(day)
        period = day_period(appeal, day, calendar)
        assert (period.nominal_end, period.end) == (nominal, end), day
        if nominal in own.off:
            holidays_hit += 1
            assert period.nominal_kind.startswith("法定节假日（"), day
            assert own.off[nominal].rstrip("节") in period.nominal_kind, day
        elif nominal in own.worked:
            assert period.nominal_kind == "调休上班日", day
        moved += end != nominal
        day += dt.timedelta(days=1)
    assert moved > 100 and holidays_hit > 20  # the loop went through holidays, weekends and make-up days


@pytest.mark.parametrize("received", ["2026-12-17", "2027-01-16", "2027-01-27", "2027-09-24", "2027-12-17", "2027-12-31"])
def test_the_command_on_2027_days(made_up, received):
    result = run_zhifa("deadline", "appeal", "--root", str(made_up), "--received", received, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    nominal, end = OwnTable(MADE_UP).last_day(dt.date.fromisoformat(received))
    assert (data["nominal_end"], data["last_day"]) == (nominal.isoformat(), end.isoformat())
    text = run_zhifa("deadline", "appeal", "--root", str(made_up), "--received", received).stdout
    assert f"期限最后一日：{end:%Y-%m-%d}" in text
    # The years used are cited with their notice (title as in the fixture) and the data file.
    assert "国务院办公厅关于2027年部分节假日安排的通知（测试用虚构安排）" in text and HOLIDAYS in text


def test_after_the_added_year_the_next_one_is_asked_for(copy):
    text = MADE_UP.read_text(encoding="utf-8")
    use_holidays(copy, text[: text.index("  2028:")])
    result = run_zhifa("deadline", "appeal", "--root", str(copy), "--received", "2027-12-17")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert missing_message("节假日数据只到 2027 年", [2028]) in result.stdout.splitlines()
    ok = run_zhifa("deadline", "appeal", "--root", str(copy), "--received", "2027-12-16")
    assert ok.returncode == 0 and "期限最后一日：2027-12-31" in ok.stdout


def test_a_gap_before_a_known_year_names_it(made_up):
    from zhifa.load.loader import load_project
    from zhifa.procedures.deadlines import CalendarUnknown, day_period
    from zhifa.procedures.workdays import project_calendar

    project = load_project(made_up)
    with pytest.raises(CalendarUnknown) as caught:
        day_period(project.deadlines.get("appeal"), dt.date(2003, 6, 1), project_calendar(project))
    first = min(chinese_calendar.holidays).year
    assert str(caught.value) == missing_message(f"节假日数据只有 {first}—2028 年", [2003])
    assert caught.value.years == [2003]


def test_make_up_day_in_the_december_before(made_up):
    """2012-style: a Saturday of the previous December worked for New Year; it lands in that year's calendar."""
    from zhifa.load.loader import load_project
    from zhifa.procedures.workdays import project_calendar

    text = (made_up / HOLIDAYS).read_text(encoding="utf-8")
    marker = "        start: 2028-01-01\n        end: 2028-01-03\n"
    use_holidays(made_up, text.replace(marker, marker + "        workdays: [2027-12-25]\n"))
    assert dt.date(2027, 12, 25).weekday() == 5
    project = load_project(made_up)
    result = run_zhifa("validate", "--root", str(made_up))
    assert result.returncode == 0, result.stdout
    assert project_calendar(project).day_kind(dt.date(2027, 12, 25)) == "调休上班日"
    assert project_calendar(project).day_kind(dt.date(2027, 12, 26)) == "休息日"


# ---------------------------------------------------------------------------------------------------------------
# chinese-calendar against the 2026 notice, and overriding a library year


def test_chinese_calendar_2026_matches_the_notice(copy):
    from zhifa.check.holidays import check_holidays
    from zhifa.load.loader import load_project
    from zhifa.procedures.workdays import library_calendar, project_calendar

    use_holidays(copy, NOTICE_2026.read_text(encoding="utf-8"))
    project = load_project(copy)
    assert not project.problems and not check_holidays(project)
    mine, lib = project_calendar(project), library_calendar()
    own = OwnTable(NOTICE_2026)
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        assert own.is_workday(day) == chinese_calendar.is_workday(day), day
        assert mine.day_kind(day) == lib.day_kind(day), day
        day += dt.timedelta(days=1)
    assert [s.text for s in mine.sources_for([2026])] == ["国务院办公厅关于2026年部分节假日安排的通知"]


def test_an_override_replaces_the_library_year(copy):
    text = NOTICE_2026.read_text(encoding="utf-8").replace("        end: 2026-10-07\n", "        end: 2026-10-08\n")
    use_holidays(copy, text)
    assert chinese_calendar.is_workday(dt.date(2026, 10, 8))  # the library: Thursday 8 October is worked
    result = run_zhifa("deadline", "appeal", "--root", str(copy), "--received", "2026-09-23", "--json")
    data = json.loads(result.stdout)
    # 23 Sep + 15 = 8 Oct, now a holiday; Friday 9 October is a working day in the overriding arrangement.
    assert (data["nominal_end"], data["last_day"], data["moved"]) == ("2026-10-08", "2026-10-09", True)
    without = use_holidays(copy, text.replace("    override: true\n", ""))
    result = run_zhifa("validate", "--root", str(without))
    line = next(ln for ln in result.stdout.splitlines() if " H008 " in ln)
    assert "2026-10-08" in line and "override: true" in line


# ---------------------------------------------------------------------------------------------------------------
# validate: each broken entry at its line


def _line_of(text: str, anchor: str) -> int:
    assert text.count(anchor) == 1, anchor
    return text[: text.index(anchor)].count("\n") + 1


NEW_2026 = """  2026:
    notice:
      title: 国务院办公厅关于2026年部分节假日安排的通知
      date: 2025-11-04
      source: https://www.gov.cn/
    holidays:
      - name: 元旦
        start: 2026-01-01
        end: 2026-01-03
"""


@pytest.mark.parametrize("edits, anchor, code, words", [
    ([("  2027:\n", "  27:\n")], "  27:", "H001", ["27"]),
    ([("start: 2027-04-03", "start: 2027-04-3x")], "start: 2027-04-3x", "H002", ["2027-04-3x"]),
    ([("date: 2026-11-04", "date: 2026/11/04")], "date: 2026/11/04", "H002", ["2026/11/04"]),
    ([("start: 2027-06-09", "start: 2026-06-09")], "start: 2026-06-09", "H003", ["2026-06-09", "2027"]),
    ([("[2027-09-26, 2027-10-09]", "[2027-09-26, 2028-10-07]")], "[2027-09-26, 2028-10-07]", "H003", ["2028-10-07"]),
    ([("workdays: [2027-05-08]", "workdays: [2027-05-08, 2027-05-01]")], "workdays: [2027-05-08, 2027-05-01]", "H004",
     ["2027-05-01", "同时"]),
    ([("      - name: 中秋节\n        start: 2027-09-15\n",
       "      - name: 中秋节\n        start: 2027-09-15\n      - name: 中秋\n        start: 2027-09-15\n")],
     "- name: 中秋\n", "H004", ["2027-09-15", "已在"]),
    ([("end: 2027-04-05", "end: 2027-04-02")], "end: 2027-04-02", "H005", ["2027-04-02", "2027-04-03"]),
    ([("2027-09-26, 2027-10-09]", "2027-09-26, 2027-10-08]")], "[2027-09-26, 2027-10-08]", "H006", ["2027-10-08", "星期五"]),
    ([("start: 2027-09-15", "start: 2027-09-18\n        end: 2027-09-19")], "name: 中秋节\n        start: 2027-09-18", "H007",
     ["all_weekend"]),
    ([("years:\n", "years:\n" + NEW_2026)], "  2026:\n", "H008", ["chinese-calendar", "2026", "override"]),
    ([("    holidays:\n      - name: 元旦\n        start: 2027-01-01",
       "    override: true\n    holidays:\n      - name: 元旦\n        start: 2027-01-01")], "override: true", "H009",
     ["2027", "override"]),
    ([("  2028:\n", "  2029:\n")], "  2029:", "H010", ["2028"]),
    ([("关于2027年部分节假日安排的通知（测试用虚构安排）", "关于2026年部分节假日安排的通知（测试用虚构安排）")],
     "title: 国务院办公厅关于2026年", "H011", ["2027年"]),
    ([("date: 2026-11-04", "date: 2028-01-05")], "date: 2028-01-05", "H012", ["2028-01-05"]),
    ([("      - name: 端午节\n        start: 2027-06-09\n", "")], "    holidays:\n      - name: 元旦\n        start: 2027-01-01",
     "H014", ["端午"]),
    ([("      source: 虚构，仅供测试（tests/fixtures/holidays-made-up-2027.yaml）\n    holidays:\n      - name: 元旦\n"
       "        start: 2027-01-01", "    holidays:\n      - name: 元旦\n        start: 2027-01-01")],
     "    notice:\n      title: 国务院办公厅关于2027年", "S001", ["source"]),
])
def test_validate_reports_each_broken_entry_at_its_line(made_up, edits, anchor, code, words):
    text = MADE_UP.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    use_holidays(made_up, text)
    code_, out, _ = zhifa("validate", "--root", str(made_up))
    assert code_ == 1, out
    line = _line_of(text, anchor)
    mine = [ln for ln in out.splitlines() if re.match(rf"{HOLIDAYS}:{line}:\d+: {code} ", ln)]
    assert mine, (line, out)
    assert all(word in mine[0] for word in words), mine[0]
    assert re.search(r"[\u4e00-\u9fff]", mine[0].split(f" {code} ", 1)[1])
    # The command that computes refuses the same broken data rather than computing with it.
    refused, out, _ = zhifa("deadline", "appeal", "--root", str(made_up), "--received", "2027-03-01")
    assert refused == 1 and "期限最后一日" not in out


def test_an_impossible_date_is_reported_at_its_line(made_up):
    text = MADE_UP.read_text(encoding="utf-8").replace("end: 2027-02-14", "end: 2027-02-30")
    use_holidays(made_up, text)
    result = run_zhifa("validate", "--root", str(made_up))
    assert result.returncode == 1
    assert re.search(rf"^{HOLIDAYS}:{_line_of(text, 'end: 2027-02-30')}:\d+: Y008 .*2027-02-30", result.stdout, re.M)


def test_make_up_day_in_december_contradicting_a_holiday(made_up):
    text = MADE_UP.read_text(encoding="utf-8")
    text = text.replace("        start: 2027-09-15\n", "        start: 2027-09-15\n      - name: 测试日\n"
                        "        start: 2027-12-24\n        end: 2027-12-27\n")
    marker = "        start: 2028-01-01\n        end: 2028-01-03\n"
    text = text.replace(marker, marker + "        workdays: [2027-12-25]\n")
    use_holidays(made_up, text)
    result = run_zhifa("validate", "--root", str(made_up))
    line = _line_of(text, "workdays: [2027-12-25]")
    assert re.search(rf"^{HOLIDAYS}:{line}:\d+: H013 .*2027-12-25", result.stdout, re.M), result.stdout


# ---------------------------------------------------------------------------------------------------------------
# The warning


def expected_warning(today: dt.date, end: dt.date) -> str:
    return f"注意：节假日数据只到 {end:%Y-%m-%d}，还有 {(end - today).days} 天"


def test_validate_warns_when_the_calendar_is_about_to_end():
    end = dt.date(LAST_YEAR, 12, 31)
    soon = run_with_today("2026-12-02", "validate", "--root", str(ROOT))
    assert soon.returncode == 0, soon.stdout
    warning = [ln for ln in soon.stderr.splitlines() if ln.startswith("注意：")]
    assert len(warning) == 1 and warning[0].startswith(expected_warning(dt.date(2026, 12, 2), end)), soon.stderr
    assert f"添加 {LAST_YEAR + 1} 年" in warning[0] and HOLIDAYS in warning[0]
    later = run_with_today("2026-06-01", "validate", "--root", str(ROOT))
    assert later.returncode == 0 and "节假日数据" not in later.stderr + later.stdout
    json_out = run_with_today("2026-12-02", "validate", "--root", str(ROOT), "--format", "json")
    assert json.loads(json_out.stdout) == []  # the warning stays out of the JSON


def test_no_warning_once_the_next_year_is_added(made_up):
    result = run_with_today("2026-12-02", "validate", "--root", str(made_up))
    assert result.returncode == 0 and "节假日数据" not in result.stderr


def test_a_wrong_today_is_one_line():
    result = run_with_today("2026-13-02", "validate", "--root", str(ROOT))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "ZHIFA_TODAY" in result.stderr


def test_build_warns_and_still_builds(site_copy, tmp_path):
    end = dt.date(LAST_YEAR, 12, 31)
    soon = run_with_today("2026-12-02", "build", "--root", str(site_copy), "--no-downloads", "--out", str(tmp_path / "a"))
    assert soon.returncode == 0, soon.stderr
    assert expected_warning(dt.date(2026, 12, 2), end) in soon.stderr
    assert (tmp_path / "a" / "procedures" / "deadlines.html").is_file()
    later = run_with_today("2026-06-01", "build", "--root", str(site_copy), "--no-downloads", "--out", str(tmp_path / "b"))
    assert later.returncode == 0, later.stderr
    assert "节假日数据" not in later.stderr + later.stdout
