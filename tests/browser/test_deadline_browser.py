"""The time-limit calculators and the flowcharts of 程序与时限 in Chromium, offline (issue 8).

The site is built once per session (tests/browser_support.py) and served on 127.0.0.1. The calculators are
filled like a user would, for a table of cases, and each answer is compared with what the Python side (zhifa.model.deadline and the
`zhifa deadline` command) computes for the same input, plus the issue's own examples written out literally.
The browser runs in New York time on purpose: the answers must not depend on the user's time zone or its DST.

Material draws each Mermaid chart into a closed shadow root; an init script opens them so the test can see the SVG.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # a test dependency: missing means failing

from browser_support import RecordedPage, SiteServer
from conftest import FIXTURES, ROOT, run_zhifa

CALCULATOR = "procedures/deadlines.html"
MERMAID = "assets/vendor/mermaid/mermaid.min.js"
FLOWS = yaml.safe_load((ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8"))
RENDERED = "() => [...document.querySelectorAll('div.mermaid')].some(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))"
OPEN_SHADOW_ROOTS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, {mode: "open"})); };
})();"""


@pytest.fixture(scope="module")
def context(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN", timezone_id="America/New_York")
    ctx.set_default_timeout(15_000)
    ctx.add_init_script(OPEN_SHADOW_ROOTS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    recorded = RecordedPage(context.new_page())
    yield recorded
    recorded.page.close()


def zhifa_deadline(*args: str, root: Path = ROOT) -> tuple[int, str]:
    """`zhifa deadline …` run in this process: (exit code, stdout)."""
    from zhifa.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["deadline", "--root", str(root), *args])
    return code, out.getvalue()


def local(value: str) -> str:
    """2025-03-05 14:30 -> 2025-03-05T14:30, the value of a datetime-local input."""
    return value.replace(" ", "T")


# ---------------------------------------------------------------------------------------------------------------
# Major-case reporting chain

CHAIN_CASES = [
    ("2025-03-05 14:30", {}),
    ("2025-03-05 14:30", {"county": "2025-03-05 16:10", "city": "2025-03-05 21:10", "province": "2025-03-06 14:30"}),
    ("2025-03-05 23:30", {"county": "2025-03-06 01:31", "national": "2025-03-09 01:35"}),  # over midnight
    ("2025-12-31 22:00", {"city": "2026-01-01 03:59", "province": "2026-01-02 08:00"}),  # over the year end
    ("2024-02-28 23:00", {"province": "2024-02-29 23:00"}),  # leap day
    ("2025-03-08 23:30", {"city": "2025-03-09 05:31"}),  # the night New York moves its clocks
]


def test_major_case_calculator_agrees_with_python(page, site_url, project):
    from zhifa.procedures.deadlines import reporting_chain

    p = page.page
    p.goto(site_url + CALCULATOR)
    calc = p.locator('.zf-calc[data-deadline="major-case"]')
    deadline = project.deadlines.get("major-case")
    for occurred, reported in CHAIN_CASES:
        for level in deadline.levels:
            calc.locator(f'tr[data-level="{level.id}"] [data-role=reported]').fill(local(reported.get(level.id, "")))
        calc.locator("[data-role=start]").fill(local(occurred))
        when = {k: dt.datetime.fromisoformat(v) for k, v in reported.items()}
        chain = reporting_chain(deadline, dt.datetime.fromisoformat(occurred), when)
        code, cli = zhifa_deadline("major-case", "--occurred", occurred, "--reported",
                                   *[f"{k}={v}" for k, v in reported.items()]) if reported else (0, "")
        assert code == 0
        for step in chain:
            row = calc.locator(f'tr[data-level="{step.level.id}"]')
            shown = (row.locator(".zf-calc-due").inner_text(), row.locator(".zf-calc-status").inner_text())
            expected = (f"{step.due:%Y-%m-%d %H:%M}", "" if step.missing else step.status)
            assert shown == expected, (occurred, reported, step.level.id)
        message = calc.locator(".zf-calc-message").inner_text()
        if reported:
            # The summary line is word for word the command's.
            assert message and message in cli.splitlines(), (message, cli)
        else:
            assert message == ""
    assert not page.problems(), page.problems()


def test_major_case_issue_example_and_a_report_before_the_incident(page, site_url):
    p = page.page
    p.goto(site_url + CALCULATOR)
    calc = p.locator('.zf-calc[data-deadline="major-case"]')
    calc.locator("[data-role=start]").fill("2025-03-05T14:30")
    dues = [calc.locator(f'tr[data-level="{lv}"] .zf-calc-due').inner_text() for lv in ("county", "city", "province", "national")]
    assert dues == ["2025-03-05 16:30", "2025-03-05 20:30", "2025-03-06 14:30", "2025-03-07 14:30"]
    calc.locator('tr[data-level="county"] [data-role=reported]').fill("2025-03-05T13:00")
    assert calc.locator('tr[data-level="county"] .zf-calc-status').inner_text() == "早于案件发生时间"
    assert "早于案件发生时间" in calc.locator(".zf-calc-message").inner_text()
    code, _ = zhifa_deadline("major-case", "--occurred", "2025-03-05 14:30", "--reported", "county=2025-03-05 13:00")
    assert code == 2  # the command refuses the same input


# ---------------------------------------------------------------------------------------------------------------
# Appeal period

PERIOD_CASES = [
    ("2025-03-03", "2025-03-18"),  # the issue
    ("2025-09-16", "2025-10-09"),  # the issue: 1-8 October 2025 National Day
    ("2025-01-13", "2025-02-05"),  # into Spring Festival 2025 (28 January - 4 February)
    ("2026-02-01", "2026-02-24"),  # into Spring Festival 2026 (15-23 February)
    ("2025-12-20", "2026-01-04"),  # over the year end onto a make-up working Sunday
    ("2025-09-13", "2025-09-28"),  # a make-up working Sunday: not moved
    ("2025-03-01", "2025-03-17"),  # a plain Sunday: moved to Monday
    ("2026-12-01", "2026-12-16"),  # issue 12: still inside the calendar
    ("2026-12-17", None),  # issue 12: the 15th day is 1 January 2027, a year the calendar does not know
    ("2026-12-20", None),  # the last day would fall in a year the calendar does not know
    ("2003-06-01", None),  # before the calendar's first year
]


def test_appeal_calculator_agrees_with_python(page, site_url, project):
    from zhifa.procedures.deadlines import CalendarUnknown, day_period, period_explanation
    from zhifa.procedures.workdays import date_cn, project_calendar

    p = page.page
    p.goto(site_url + CALCULATOR)
    calc = p.locator('.zf-calc[data-deadline="appeal"]')
    deadline = project.deadlines.get("appeal")
    for received, last_day in PERIOD_CASES:
        calc.locator("[data-role=start]").fill(received)
        result = calc.locator(".zf-calc-result").inner_text()
        explain = calc.locator(".zf-calc-explain").inner_text()
        try:
            period = day_period(deadline, dt.date.fromisoformat(received), project_calendar(project))
        except CalendarUnknown as exc:
            assert last_day is None, received
            assert result == str(exc) and "data/holidays.yaml" in result
            assert explain == ""
            code, cli = zhifa_deadline("appeal", "--received", received)
            assert code == 1 and result in cli.splitlines()  # word for word the command's line
            continue
        assert period.end.isoformat() == last_day, received
        assert result == f"期限最后一日：{date_cn(period.end)}" and last_day in result
        assert explain == f"计算：{period_explanation(deadline, period)}"
        code, cli = zhifa_deadline("appeal", "--received", received)
        assert code == 0 and result.replace("期限最后一日：", "") in cli
    assert not page.problems(), page.problems()


def test_calculator_page_names_the_calendar_years(page, site_url):
    import chinese_calendar

    p = page.page
    p.goto(site_url + CALCULATOR)
    first, last = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year
    assert f"{first}—{last} 年" in p.locator("article").inner_text()
    data = json.loads(p.locator("#zf-deadline-data").text_content())
    assert sorted(data["calendar"]["years"]) == [str(y) for y in range(first, last + 1)]
    assert not page.problems(), page.problems()


def test_issue_12_missing_year_message_on_the_page(page, site_url):
    """The exact wording, written out here: the year needed is the one the 15th day falls in."""
    import chinese_calendar

    last = max(chinese_calendar.holidays).year
    p = page.page
    p.goto(site_url + CALCULATOR)
    calc = p.locator('.zf-calc[data-deadline="appeal"]')
    calc.locator("[data-role=start]").fill(f"{last}-12-17")
    assert calc.locator(".zf-calc-result").inner_text() == (
        f"节假日数据只到 {last} 年，无法计算：期限落在 {last + 1} 年。请按国务院办公厅关于{last + 1}年部分节假日安排的通知，"
        f"在 data/holidays.yaml 中添加 {last + 1} 年（放假日与调休上班日），然后运行 zhifa validate")
    assert not page.problems(), page.problems()


# A copy of the project whose data/holidays.yaml holds the MADE-UP 2027/2028 arrangement of tests/fixtures (a test of
# the mechanism, not the official arrangement), built and served on its own.
MADE_UP = FIXTURES / "holidays-made-up-2027.yaml"
MADE_UP_CASES = ["2026-12-01", "2026-12-17", "2026-12-20", "2027-01-16", "2027-01-27", "2027-01-29", "2027-04-18",
                 "2027-04-20", "2027-05-24", "2027-08-31", "2027-09-11", "2027-09-22", "2027-12-17", "2027-12-31",
                 "2028-12-20"]


@pytest.fixture(scope="module")
def made_up_root(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("made-up") / "proj"
    for name in ("regulations", "data", "templates", "docs", "site_overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copy(MADE_UP, dest / "data" / "holidays.yaml")
    return dest


@pytest.fixture(scope="module")
def made_up_url(made_up_root):
    site = made_up_root / "built"
    built = run_zhifa("build", "--root", str(made_up_root), "--no-downloads", "--out", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    with SiteServer(site) as server:
        yield server.base_url


def test_calculator_with_an_added_year_agrees_with_the_command(page, made_up_root, made_up_url):
    p = page.page
    p.goto(made_up_url + CALCULATOR)
    calc = p.locator('.zf-calc[data-deadline="appeal"]')
    data = json.loads(p.locator("#zf-deadline-data").text_content())
    assert {"2027", "2028"} <= set(data["calendar"]["years"])
    assert "2027 年按 国务院办公厅关于2027年部分节假日安排的通知（测试用虚构安排）" in p.locator("article").inner_text()
    computed = 0
    for received in MADE_UP_CASES:
        calc.locator("[data-role=start]").fill(received)
        result = calc.locator(".zf-calc-result").inner_text()
        explain = calc.locator(".zf-calc-explain").inner_text()
        code, cli = zhifa_deadline("appeal", "--received", received, root=made_up_root)
        _, as_json = zhifa_deadline("appeal", "--received", received, "--json", root=made_up_root)
        answer = json.loads(as_json)
        if code == 1:
            assert result == answer["error"] and result in cli.splitlines() and explain == "", received
            continue
        assert code == 0, cli
        computed += 1
        assert result in cli.splitlines() and answer["last_day"] in result, (received, result)
        assert explain == f"计算：{answer['explanation']}", received
    assert computed == len(MADE_UP_CASES) - 1  # only 2028-12-20 is refused: its 15th day falls in 2029
    assert not page.problems(), page.problems()


# ---------------------------------------------------------------------------------------------------------------
# Flowcharts


def svg_links(p) -> list[list[str]]:
    """For each rendered chart, the targets of its links (empty list when a chart has no <svg>)."""
    return p.evaluate("""() => [...document.querySelectorAll('div.mermaid')].map(div => {
        const svg = div.shadowRoot && div.shadowRoot.querySelector('svg');
        if (!svg) return null;
        return [...svg.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href'));
    })""")


@pytest.mark.parametrize("proc_id", sorted(FLOWS))
def test_flowchart_renders_offline_with_links(page, site_url, proc_id):
    p = page.page
    p.goto(site_url + f"procedures/{proc_id}.html")
    try:
        p.wait_for_function(RENDERED)
    except PlaywrightTimeoutError:
        pytest.fail(f"no chart drawn; external requests: {page.external_requests()}; problems: {page.problems()}")
    charts = svg_links(p)
    assert len(charts) == 1 and charts[0] is not None, charts
    links = set(charts[0])
    for step in FLOWS[proc_id]["steps"]:
        first = step["basis"][0]
        assert f"../regulations/{first['regulation']}.html#{first['unit']}" in links, step["id"]
        if step.get("form"):
            assert f"../forms/{step['form']}.html" in links, step["id"]
        if step.get("checklist"):
            assert f"../checklists/{step['checklist']}.html" in links, step["id"]
    assert any(url.endswith(MERMAID) for url in page.requests), "Mermaid did not come from the site"
    assert not page.external_requests(), page.external_requests()
    assert not page.problems(), page.problems()


def test_clicking_a_step_opens_its_unit(page, site_url):
    p = page.page
    p.goto(site_url + "procedures/major-case.html")
    p.wait_for_function(RENDERED)
    box = p.evaluate("""() => {
        const svg = document.querySelector('div.mermaid').shadowRoot.querySelector('svg');
        const a = [...svg.querySelectorAll('a')].find(a => (a.getAttribute('href') || a.getAttribute('xlink:href')).endsWith('#art_2'));
        a.scrollIntoView();
        const r = a.getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2};
    }""")
    with p.expect_navigation():
        p.mouse.click(box["x"], box["y"])
    assert p.url.endswith("regulations/major-case.html#art_2")
    assert not page.external_requests()


def test_every_page_with_a_chart_serves_mermaid_itself(built_site):
    """Material fetches Mermaid from unpkg when a page has a chart but no global `mermaid`: never let that happen."""
    charted = []
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if re.search(r'class="[^"]*\bmermaid\b', text):
            charted.append(path.relative_to(built_site).as_posix())
            scripts = re.findall(r'<script src="([^"]+)"', text)
            assert any(s.endswith(MERMAID) for s in scripts), f"{path}: a chart without {MERMAID}"
            assert (path.parent / next(s for s in scripts if s.endswith(MERMAID))).resolve().is_file()
    assert sorted(charted) == sorted(f"procedures/{pid}.html" for pid in FLOWS)
