"""Time limits (issue 8): `zhifa deadline`, the functions behind it, the calendar export for the site, and the checks
of data/deadlines.yaml and data/procedures.yaml.

Expectations come from the issue (2025-03-03 -> 2025-03-18, 2025-09-16 -> 2025-10-09, the four major-case times),
from the State Council's published holiday arrangements (2025 Spring Festival 28 Jan-4 Feb with 26 Jan worked;
2026 New Year 1-3 Jan with Sunday 4 Jan worked; 2026 Spring Festival 15-23 Feb), or from the data files and
chinese-calendar read directly, never from zhifa's own output.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import chinese_calendar
import pytest
import yaml

from conftest import ROOT, run_zhifa

DATA = yaml.safe_load((ROOT / "data" / "deadlines.yaml").read_text(encoding="utf-8"))
LEVELS = {lv["id"]: lv for lv in DATA["major-case"]["levels"]}
REG_TITLES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (ROOT / "regulations").glob("*.yaml")}
FIRST_YEAR = min(chinese_calendar.holidays).year
LAST_YEAR = max(chinese_calendar.holidays).year


def deadline(*args: str):
    return run_zhifa("deadline", "--root", str(ROOT), *args)


def line_for(output: str, label: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.startswith(label)]
    assert len(lines) == 1, f"expected one line for {label} in:\n{output}"
    return lines[0]


def assert_one_chinese_line(result, code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert re.search(r"[\u4e00-\u9fff]", lines[0]), lines[0]
    return lines[0]


# ---------------------------------------------------------------------------------------------------------------
# The command


def test_major_case_prints_each_level_with_its_deadline_and_basis():
    result = deadline("major-case", "--occurred", "2025-03-05 14:30")
    assert result.returncode == 0, result.stderr
    expected = {"county": "2025-03-05 16:30", "city": "2025-03-05 20:30",
                "province": "2025-03-06 14:30", "national": "2025-03-07 14:30"}
    for level_id, due in expected.items():
        assert due in line_for(result.stdout, LEVELS[level_id]["label"])
    # The formal citation (full title + （二）) and the quoted words.
    assert f"《{REG_TITLES['major-case']}》（二）" in result.stdout
    for basis in DATA["major-case"]["basis"]:
        assert f"“{basis['quote']}”" in result.stdout


def test_reported_times_are_judged_late_or_on_time():
    result = deadline("major-case", "--occurred", "2025-03-05 14:30", "--reported", "county=2025-03-05 16:10",
                      "市=2025-03-05 21:10", "province=2025-03-06 14:30")
    assert result.returncode == 0, result.stderr
    assert "按时" in line_for(result.stdout, LEVELS["county"]["label"])
    assert "逾期40分钟" in line_for(result.stdout, LEVELS["city"]["label"])
    # Reported at the very minute of the deadline: still within "24小时内".
    province = line_for(result.stdout, LEVELS["province"]["label"])
    assert "按时" in province and "逾期" not in province
    assert "逾期" not in line_for(result.stdout, LEVELS["national"]["label"])
    assert "逾期上报 1 项" in result.stdout
    assert "有意瞒报案件或拖延不报" in result.stdout  # the consequence, 重大案件（六）


def test_late_by_days_hours_minutes_in_json():
    result = deadline("major-case", "--occurred", "2025-03-05 23:30", "--reported", "national=2025-03-09 01:35", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    national = next(lv for lv in data["levels"] if lv["id"] == "national")
    # due 2025-03-07 23:30 (48 h), reported 2025-03-09 01:35: 1 day 2 h 5 min late
    assert national["due"] == "2025-03-07 23:30"
    assert national["late"] is True and national["late_minutes"] == 24 * 60 + 2 * 60 + 5
    assert national["status"] == "逾期1天2小时5分钟"
    assert data["late"] == ["national"]


def test_a_report_before_the_incident_is_refused():
    result = deadline("major-case", "--occurred", "2025-03-05 14:30", "--reported", "county=2025-03-05 13:00")
    line = assert_one_chinese_line(result)
    assert "早于" in line and "2025-03-05 13:00" in line


@pytest.mark.parametrize("received, last_day, words", [
    ("2025-03-03", "2025-03-18", ["工作日"]),
    ("2025-09-16", "2025-10-09", ["2025-10-01", "国庆节", "顺延"]),
    ("2025-01-13", "2025-02-05", ["2025-01-28", "春节", "顺延"]),
    ("2025-12-20", "2026-01-04", ["调休上班日", "不顺延"]),
    ("2026-02-01", "2026-02-24", ["2026-02-16", "春节"]),
])
def test_appeal_last_day(received, last_day, words):
    result = deadline("appeal", "--received", received)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"最后一日：{last_day}", result.stdout), result.stdout
    for word in words:
        assert word in result.stdout
    # The counting rule is stated, with the calendar used.
    assert "不计入" in result.stdout and "法定节假日或休息日" in result.stdout and "chinese-calendar" in result.stdout
    assert f"《{REG_TITLES['fault-liability']}》（九）" in result.stdout


def test_appeal_json():
    result = deadline("appeal", "--received", "2025-09-16", "--json")
    data = json.loads(result.stdout)
    assert (data["last_day"], data["nominal_end"], data["moved"]) == ("2025-10-09", "2025-10-01", True)
    assert data["calendar"]["first_year"] == FIRST_YEAR and data["calendar"]["last_year"] == LAST_YEAR


def missing_message(have: str, year: int) -> str:
    """The wording issue 12 asks for, written out here."""
    return (f"{have}，无法计算：期限落在 {year} 年。请按国务院办公厅关于{year}年部分节假日安排的通知，"
            f"在 data/holidays.yaml 中添加 {year} 年（放假日与调休上班日），然后运行 zhifa validate")


@pytest.mark.parametrize("received, message", [
    # The issue: from 17 December of the calendar's last year the 15th day falls on 1 January of the next.
    (f"{LAST_YEAR}-12-17", missing_message(f"节假日数据只到 {LAST_YEAR} 年", LAST_YEAR + 1)),
    (f"{LAST_YEAR}-12-20", missing_message(f"节假日数据只到 {LAST_YEAR} 年", LAST_YEAR + 1)),
    (f"{LAST_YEAR + 1}-03-01", missing_message(f"节假日数据只到 {LAST_YEAR} 年", LAST_YEAR + 1)),
    (f"{FIRST_YEAR - 1}-06-01", missing_message(f"节假日数据只有 {FIRST_YEAR}—{LAST_YEAR} 年", FIRST_YEAR - 1)),
])
def test_outside_the_calendar_says_which_year_to_add(received, message):
    result = deadline("appeal", "--received", received)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stdout.splitlines(), result.stdout
    assert "最后一日：" not in result.stdout
    data = json.loads(deadline("appeal", "--received", received, "--json").stdout)
    assert data["error"] == message and data["last_day"] is None
    assert data["missing_years"] == [int(message.split("期限落在 ")[1][:4])]


def test_the_day_before_still_works():
    """2026-12-01 (the issue) and the last received day whose period stays inside the calendar."""
    for received in (dt.date(LAST_YEAR, 12, 1), dt.date(LAST_YEAR, 12, 16)):
        nominal = received + dt.timedelta(days=DATA["appeal"]["days"])
        result = deadline("appeal", "--received", received.isoformat())
        end = nominal
        while end.year == LAST_YEAR and not chinese_calendar.is_workday(end):
            end += dt.timedelta(days=1)
        if end.year > LAST_YEAR:  # the 31st is a rest day: moving it needs the next year
            assert result.returncode == 1 and missing_message(f"节假日数据只到 {LAST_YEAR} 年", LAST_YEAR + 1) in result.stdout
        else:
            assert result.returncode == 0, result.stdout
            assert f"期限最后一日：{end:%Y-%m-%d}" in result.stdout


@pytest.mark.parametrize("args, words", [
    (["major-case", "--occurred", "2025-13-05 14:30"], ["不是有效的日期时间"]),
    (["major-case", "--occurred", "2025-03-05"], ["不是有效的日期时间"]),
    (["major-case", "--occurred", "2025-03-05 14:30", "--reported", "town=2025-03-05 15:00"], ["town", "county"]),
    (["major-case", "--occurred", "2025-03-05 14:30", "--reported", "county"], ["对象=时间"]),
    (["major-case", "--occurred", "2025-03-05 14:30", "--reported", "县=2025-03-05 15:00", "county=2025-03-05 15:10"],
     ["两次"]),
    (["major-case"], ["--occurred"]),
    (["appeal", "--received", "2025-02-30"], ["不是有效的日期"]),
    (["appeal", "--occurred", "2025-03-05 14:30"], ["--received"]),
    (["apeal", "--received", "2025-03-03"], ["apeal", "appeal"]),
])
def test_bad_input_is_one_clear_line(args, words):
    line = assert_one_chinese_line(deadline(*args))
    for word in words:
        assert word in line


def test_list_and_rules_without_calculation():
    listing = deadline()
    assert listing.returncode == 0
    for key in DATA:
        assert f"{key}：{DATA[key]['title']}" in listing.stdout
    review = deadline("self-review")
    assert review.returncode == 0
    assert "每隔一至二年" in review.stdout and f"《{REG_TITLES['supervision']}》（五）" in review.stdout
    notice = deadline("supervision-notice")
    assert "被通知部门必须在规定期限内执行" in notice.stdout and "（八）第二款" in notice.stdout


# ---------------------------------------------------------------------------------------------------------------
# The functions


@pytest.mark.parametrize("occurred, expected", [
    (dt.datetime(2025, 3, 5, 23, 30), ["2025-03-06 01:30", "2025-03-06 05:30", "2025-03-06 23:30", "2025-03-07 23:30"]),
    (dt.datetime(2025, 12, 31, 22, 0), ["2026-01-01 00:00", "2026-01-01 04:00", "2026-01-01 22:00", "2026-01-02 22:00"]),
    (dt.datetime(2024, 2, 28, 23, 0), ["2024-02-29 01:00", "2024-02-29 05:00", "2024-02-29 23:00", "2024-03-01 23:00"]),
])
def test_reporting_chain_crosses_midnight_month_and_year(project, occurred, expected):
    from zhifa.procedures.deadlines import reporting_chain

    chain = reporting_chain(project.deadlines.get("major-case"), occurred)
    assert [f"{s.due:%Y-%m-%d %H:%M}" for s in chain] == expected


def test_report_at_the_deadline_is_on_time_a_minute_later_is_late(project):
    from zhifa.procedures.deadlines import reporting_chain

    occurred = dt.datetime(2025, 3, 5, 14, 30)
    on_time, late = (reporting_chain(project.deadlines.get("major-case"), occurred, {"county": when})[0]
                     for when in (dt.datetime(2025, 3, 5, 16, 30), dt.datetime(2025, 3, 5, 16, 31)))
    assert (on_time.late, on_time.status) == (False, "按时")
    assert (late.late, late.status) == (True, "逾期1分钟")


def test_day_period_over_two_years_against_the_calendar_package(project):
    """Every start day of 2025 and 2026: the last day is the first working day on or after start + 15 days."""
    from zhifa.procedures.deadlines import CalendarUnknown, day_period
    from zhifa.procedures.workdays import project_calendar

    appeal, calendar = project.deadlines.get("appeal"), project_calendar(project)
    day = dt.date(2025, 1, 1)
    while day.year <= 2026:
        nominal = day + dt.timedelta(days=15)
        if nominal.year > LAST_YEAR:
            with pytest.raises(CalendarUnknown) as caught:
                day_period(appeal, day, calendar)
            assert caught.value.years == [LAST_YEAR + 1]
        else:
            period = day_period(appeal, day, calendar)
            assert period.nominal_end == nominal and period.end >= nominal
            assert chinese_calendar.is_workday(period.end)
            between = [nominal + dt.timedelta(days=i) for i in range((period.end - nominal).days)]
            assert not any(chinese_calendar.is_workday(d) for d in between), day
        day += dt.timedelta(days=1)


def test_calendar_export_matches_the_package_day_by_day(project):
    from zhifa.procedures.workdays import project_calendar

    cal = project_calendar(project).export()  # the shipped data/holidays.yaml adds no year
    assert (cal["first"], cal["last"]) == (FIRST_YEAR, LAST_YEAR)
    assert sorted(cal["years"]) == [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    for year, days in cal["years"].items():
        start = dt.date(int(year), 1, 1)
        assert len(days) == (dt.date(int(year) + 1, 1, 1) - start).days
        for i, code in enumerate(days):
            day = start + dt.timedelta(days=i)
            workday = code in "12"
            assert workday == chinese_calendar.is_workday(day), day
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            if code not in "012":
                assert on_holiday and name is not None
                english = {h.chinese: h.value for h in chinese_calendar.Holiday}[cal["names"][ord(code) - ord("A")]]
                assert english == name, day
    # National Day 2025: 1-8 October off, Sunday 28 September and Saturday 11 October worked.
    days_2025 = cal["years"]["2025"]
    index = lambda d: (d - dt.date(2025, 1, 1)).days  # noqa: E731
    assert all(days_2025[index(dt.date(2025, 10, d))] not in "012" for d in range(1, 9))
    assert days_2025[index(dt.date(2025, 9, 28))] == "2" and days_2025[index(dt.date(2025, 10, 11))] == "2"


# ---------------------------------------------------------------------------------------------------------------
# Checks of the data


def _edit(copy: Path, rel: str, old: str, new: str) -> None:
    path = copy / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("rel, old, new, code, words", [
    ("data/procedures.yaml", "quote: 应充分听取当事人陈述和申辩", "quote: 应当充分听取当事人陈述和申辩", "C103", ["应当充分听取"]),
    ("data/procedures.yaml", "form: statement-record", "form: statement-records", "P003", ["statement-records"]),
    ("data/procedures.yaml", "checklist: case-file-review", "checklist: case-review", "P003", ["case-review"]),
    ("data/procedures.yaml", "      next: [feedback]", "      next: [feed-back]", "P005", ["feed-back"]),
    ("data/procedures.yaml", "deadline: supervision-notice", "deadline: notice-period", "P004", ["notice-period"]),
    ("data/procedures.yaml", "    - id: hearing\n", "    - id: statement\n", "P002", ["statement"]),
    ("data/procedures.yaml", "          unit: art_11__item_4", "          unit: art_11__item_9", "C102", ["art_11__item_9"]),
    ("data/procedures.yaml", "\nsupervision:\n", "\ndeadlines:\n", "P001", ["deadlines"]),
    ("data/deadlines.yaml", "一经查实", "一经核实", "C103", ["一经核实"]),
    ("data/deadlines.yaml", "set_in: supervision-notice", "set_in: supervision-notise", "D001", ["supervision-notise"]),
    ("data/deadlines.yaml", "  days: 15\n", "  days: 15\n  every_years: {min: 1, max: 2}\n", "S000", ["只写"]),
    ("data/deadlines.yaml", "      short: 市\n", "      short: 县\n", "D002", ["县"]),
])
def test_validate_reports_wrong_procedure_and_deadline_data(copy, rel, old, new, code, words):
    _edit(copy, rel, old, new)
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1
    mine = [ln for ln in result.stdout.splitlines() if ln.startswith(rel) and f" {code} " in ln]
    assert mine, result.stdout
    assert all(word in mine[0] for word in words), mine[0]


def test_the_data_as_committed_is_clean():
    result = run_zhifa("validate", "--root", str(ROOT))
    assert result.returncode == 0, result.stdout


def test_flow_pages_link_every_step_to_its_unit_and_form(project):
    """The Mermaid source and the list of steps name each step's unit anchor and form page."""
    from zhifa.render.site.pages import all_pages

    pages = all_pages(project, directory_urls=False)
    flows = yaml.safe_load((ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8"))
    assert {"general", "major-case", "fault-liability", "supervision"} <= set(flows)
    for proc_id, proc in flows.items():
        page = pages[f"procedures/{proc_id}.md"]
        chart = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', page, re.S).group(1)
        steps = page[page.index('<ol class="zf-steps">'):]
        for step in proc["steps"]:
            first = step["basis"][0]
            target = f"../regulations/{first['regulation']}.html#{first['unit']}"
            assert f"href &quot;{target}&quot;" in chart, (proc_id, step["id"])
            item = steps[steps.index(f'id="step-{step["id"]}"'):]
            item = item[: item.find('<li id="step-', 1) if '<li id="step-' in item else None]
            assert f'href="{target}"' in item
            if step.get("form"):
                assert f"href &quot;../forms/{step['form']}.html&quot;" in chart
                assert f'href="../forms/{step["form"]}.html"' in item
