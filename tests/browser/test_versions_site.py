"""A regulation with three versions and a repealed article, on the site, in Chromium from file:// (as the offline copy
opens): the 历史沿革 timeline, a past version's page with its banner and its own unit anchors, each amendment's changes
with <del>/<ins>, the per-unit 沿革 note linking to them, the repealed article struck with its date; every link of every
page lands on a file and an id that exist. The texts and what they change: tests/versions/test_versions.py."""

from __future__ import annotations

import pytest

from browser_support import check_links, search_index
from conftest import copy_project, run_zhifa
from versions_support import REG, V2023, V2025, import_first, import_version

REPEALED = "chp_3__art_8"  # 第八条 (遗失报告), in force in every version, then repealed
BY = "《关于废止第八条的决定》"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("versions-site")
    root = copy_project(base / "proj", site=True)
    import_first(root)
    import_version(root, V2023)
    import_version(root, V2025)
    repealed = run_zhifa("repeal", f"{REG}/{REPEALED}", "--on", "2026-06-01", "--by", BY, "--root", str(root))
    assert repealed.returncode == 0, repealed.stdout + repealed.stderr
    out = base / "site"
    built = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(out))
    assert built.returncode == 0, built.stdout + built.stderr
    return out


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, errors
    context.close()


def url(site, rel: str) -> str:
    return (site / rel).as_uri()


def test_every_link_lands_on_a_unit_of_its_version(site):
    assert (site / "regulations" / REG / "2020-07-01.html").is_file()
    problems = check_links(site)
    assert [p for p in problems if "no file downloads/" not in p] == []  # built without the downloads


def test_timeline_leads_to_a_past_version_with_its_banner(site, tab):
    page, errors = tab
    page.goto(url(site, f"regulations/{REG}.html"))
    timeline = page.locator("details.zf-timeline")
    timeline.locator("summary").click()
    items = timeline.locator("li")
    assert items.count() == 3
    assert items.nth(0).inner_text().startswith("2020年7月1日起施行")
    assert "第二次修正" in items.nth(2).inner_text() and "现行" in items.nth(2).inner_text()
    items.nth(0).get_by_text("查看该版本").click()
    page.wait_for_url("**/2020-07-01.html")
    banner = page.locator(".zf-past-banner")
    assert "本页为2020年7月1日施行的版本" in banner.inner_text()
    assert "不能作为现行依据" in banner.inner_text()
    # the permalink of a unit in that version: 第七条 as it was, gone from the current text
    page.goto(url(site, f"regulations/{REG}/2020-07-01.html") + "#chp_3__art_7")
    assert "不得转借、涂改" in page.locator("[id='chp_3__art_7'] ~ div.zf-unit").first.inner_text()
    assert not errors


def test_a_units_history_links_to_its_changes_with_del_and_ins(site, tab):
    page, errors = tab
    page.goto(url(site, f"regulations/{REG}.html"))
    note = page.locator("[id='chp_2__art_6'] ~ div.zf-unit .zf-history").first
    words = note.inner_text()
    assert "2023年1月1日修改" in words and "2025年3月1日重新编号，原第五条" in words, words
    note.get_by_text("对照").first.click()
    page.wait_for_url("**/2023-01-01-changes.html#chg-*")
    target = page.locator(":target")
    assert target.count() == 1
    deleted = [t.strip() for t in target.locator("del").all_inner_texts()]
    inserted = [t.strip() for t in target.locator("ins").all_inner_texts()]
    assert "人民政府法制机构" in deleted and "司法行政部门" in inserted, (deleted, inserted)
    assert "三" in deleted and "五" in inserted
    style = page.evaluate("() => getComputedStyle(document.querySelector('.zf-diff del')).textDecorationLine")
    assert "line-through" in style
    assert not errors


def test_the_2025_changes_show_the_inserted_and_the_dropped_article(site, tab):
    page, _ = tab
    page.goto(url(site, f"regulations/{REG}/2025-03-01-changes.html"))
    added = page.locator("#chg-chp_1__art_4")
    assert "增加" in added.inner_text() and "建立行政执法证件信息系统" in added.locator("ins").inner_text()
    removed = page.locator("#chg-removed-chp_3__art_7")
    assert "不得转借、涂改" in removed.locator("del").inner_text()


def test_the_repealed_article_is_struck_with_its_date(site, tab):
    page, _ = tab
    page.goto(url(site, f"regulations/{REG}.html") + f"#{REPEALED}")
    block = page.locator(f"[id='{REPEALED}'] ~ div.zf-unit").first
    assert f"本条已于2026年6月1日废止（依据{BY}）" in block.inner_text()
    assert "遗失" in block.locator("del").inner_text()
    assert page.locator(f"[id='{REPEALED}']").inner_text().startswith("第八条（已废止）")


def test_search_marks_text_from_a_past_version(site):
    pages = search_index(site)["pages"]
    past = [p for p in pages if p[0].startswith(f"regulations/{REG}/2020-07-01")]
    assert past, [p[0] for p in pages][:20]
    assert all("2020年7月1日施行的版本" in p[1] for p in past)
    assert any("法制机构" in p[2] + p[3] for p in past)  # the old wording is found, and marked as past
    assert not [p for p in pages if "-changes" in p[0]]  # the comparisons are not search results
    units = "".join(u[2] + u[3] + u[4] for u in search_index(site)["units"])
    assert "县司法行政部门负责" in units and "县人民政府法制机构负责" not in units


def test_any_two_versions_compare(site, tab):
    page, errors = tab
    page.goto(url(site, f"regulations/{REG}.html"))
    page.locator("details.zf-timeline summary").click()
    page.get_by_text("比较任意两个版本").click()
    page.wait_for_url("**/compare.html")
    links = page.locator("table.zf-compare td a")
    assert links.count() == 3  # 2020→2023, 2020→2025, 2023→2025
    page.locator("table.zf-compare tr", has_text="从 2020年7月1日").locator("td a").nth(1).click()
    page.wait_for_url("**/2020-07-01-to-2025-03-01.html")
    # 2020 → 2025 at once: 第五条 (then 第六条) 三年 → 五年 and 第三条 reworded, 第四条 inserted
    assert "五" in page.locator("#chg-chp_2__art_6 ins").all_inner_texts()
    assert page.locator("#chg-chp_1__art_3").count() == 1 and page.locator("#chg-chp_1__art_4").count() == 1
    assert not errors
