"""The handbook's own search in Chromium: the officers' query set, citations, numerals, keys, highlighting.

Expected results come from the regulation text (regulations/*.yaml, read here directly), from the query set written
from the text (tests/fixtures/search/), and for numerals from cn2an, never from what the search returns.
"""

from __future__ import annotations

import re

import cn2an
import pytest
import yaml

from browser_support import RecordedPage, run_search, visible_results
from conftest import ROOT
from search_eval import evaluate, figures, load_queries, misses

REGULATIONS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "regulations").glob("*.yaml"))}
RECALL_AT_5 = 0.98
RECALL_AT_1 = 0.85


def walk(units):
    for unit in units or ():
        yield unit
        yield from walk(unit.get("children"))


@pytest.fixture(scope="module")
def home(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    recorded = RecordedPage(context.new_page())
    recorded.page.goto(site_url + "index.html", wait_until="load")
    yield recorded
    context.close()


def engine_search(page, queries: list[str]) -> list[list[str]]:
    """The engine itself (the box's code, without typing): each query's first ten result URLs."""
    return page.evaluate(
        """queries => window.zhifaSearch.engine().then(e =>
            queries.map(q => e.search(q).slice(0, 10).map(r => r.doc.url)))""",
        queries,
    )


# ---------------------------------------------------------------------------------------------------------------
# The officers' query set


def test_officer_queries_find_their_units(home, built_site, site_url):
    queries = load_queries()
    assert len(queries) >= 120
    home.reset()
    outcomes = evaluate(home.page, built_site, site_url, queries)
    assert not home.page_errors and not home.console_errors, home.problems()
    got = figures(outcomes)
    report = (f"recall@1 {got['recall_at_1']:.1%}, recall@5 {got['recall_at_5']:.1%}, MRR {got['mrr']:.3f} "
              f"over {got['queries']} queries; not in the first five:\n" + "\n".join(misses(outcomes, 5))
              + "\nnot first:\n" + "\n".join(misses(outcomes, 1)))
    assert got["recall_at_5"] >= RECALL_AT_5 and got["recall_at_1"] >= RECALL_AT_1, report


# ---------------------------------------------------------------------------------------------------------------
# Citations: every article by its regulation's short title and its label as written, and bare labels


def _article_citations():
    cases = []
    for reg_id, reg in REGULATIONS.items():
        for unit in walk(reg["units"]):
            if unit["kind"] == "article" and unit.get("label"):
                label = unit["label"].rstrip("、")
                cases.append((reg["short_title"] + label, f"regulations/{reg_id}.html#{unit['id']}"))
                cases.append((f"《{reg['short_title']}》{label}", f"regulations/{reg_id}.html#{unit['id']}"))
    return cases


def test_every_article_is_first_for_its_citation(home):
    cases = _article_citations()
    assert len(cases) > 100
    urls = engine_search(home.page, [q for q, _ in cases])
    wrong = [(q, want, got[:2]) for (q, want), got in zip(cases, urls) if not got or got[0] != want]
    assert not wrong, f"{len(wrong)} of {len(cases)} citations not first:\n" + "\n".join(map(str, wrong[:20]))


def test_a_bare_label_lists_that_article_of_every_regulation(home):
    """第三条 / 三条 / 第3条: the article numbered 3 of each regulation that has one (第三条 or （三）), first."""
    want = set()
    for reg_id, reg in REGULATIONS.items():
        for unit in walk(reg["units"]):
            if unit["kind"] == "article" and re.fullmatch(r"第三条|[（(]三[）)]、?", unit.get("label") or ""):
                want.add(f"regulations/{reg_id}.html#{unit['id']}")
    assert len(want) >= 3
    for query in ("第三条", "三条", "第3条", "3条"):
        got = engine_search(home.page, [query])[0]
        assert set(got[: len(want)]) == want, (query, got)


def test_a_citation_with_paragraph_and_item(home):
    """行为规范第四条第二款 and 责任制度（十一）第4项 name those units; a unit that does not exist is no citation."""
    coc = REGULATIONS["code-of-conduct"]
    para = next(u for u in walk(coc["units"]) if u["id"].endswith("art_4__para_2"))
    resp = REGULATIONS["responsibility"]
    item = next(u for u in walk(resp["units"]) if u["id"] == "art_11__item_4")
    queries = [f"{coc['short_title']}第四条第二款", f"{resp['short_title']}（十一）第4项",
               f"{resp['short_title']}(十一)第四项", f"{coc['short_title']}第999条"]
    got = engine_search(home.page, queries)
    assert got[0][0] == f"regulations/code-of-conduct.html#{para['id']}"
    assert got[1][0] == got[2][0] == f"regulations/responsibility.html#{item['id']}"
    assert not [u for u in got[3] if u.endswith("art_999")]


# ---------------------------------------------------------------------------------------------------------------
# Folding: numerals both ways (checked against cn2an), full width, compatibility forms


NUMBERS = list(range(0, 120)) + [200, 305, 1000, 1005, 1010, 2019, 10000, 10086, 35000, 123456]


def test_chinese_numerals_fold_to_the_same_digits(home):
    cases = [(cn2an.an2cn(n, "low"), str(n)) for n in NUMBERS]
    cases += [("二〇一九", "2019"), ("两", "2")]
    got = home.page.evaluate("cases => cases.map(c => window.zhifaSearch.normalize(c[0]).s)", cases)
    wrong = [(c, g) for c, g in zip(cases, got) if g != c[1]]
    assert not wrong, wrong


@pytest.mark.parametrize("a, b", [
    ("第十四条", "第14条"), ("十五日内", "15日内"), ("（七）", "(七)"), ("２４小时", "24小时"),
    ("四十八小时", "48小时"), ("⽇", "日"), ("ＡＢＣ", "abc"),
])
def test_variants_fold_to_one_text(home, a, b):
    got = home.page.evaluate("p => p.map(x => window.zhifaSearch.normalize(x).s)", [a, b])
    assert got[0] == got[1], (a, b, got)
    # the fast folding (index, queries) and the mapped one (highlighting) agree
    fast = home.page.evaluate("p => p.map(x => window.zhifaSearch.fold(x))", [a, b])
    assert fast == got, (a, b, fast, got)


def test_rare_characters_are_indexed_as_themselves(home):
    """Characters outside the BMP (𠮷) and in Extension A (䶮) are single characters of their own."""
    got = home.page.evaluate("() => window.zhifaSearch.tokens('王𠮷䶮，𠮷')")
    assert {"王𠮷", "𠮷䶮", "𠮷"} <= set(got), got


def test_a_single_character_finds_the_units_that_hold_it(home):
    """One character is answered by scanning the texts: every unit listed holds it, the shortest such units first."""
    holding = {f"regulations/{reg_id}.html#{u['id']}" for reg_id, reg in REGULATIONS.items()
               for u in walk(reg["units"]) if "赔" in (u.get("text") or "")}
    assert holding
    got = [u for u in engine_search(home.page, ["赔"])[0] if u.startswith("regulations/") and "#" in u]
    assert got and set(got) <= holding, (got, holding)


def test_glossary_spellings_and_search_words_expand_the_query(home):
    """An engine over two invented units: the glossary group (行政执法证 / 执法证件 / 工作证) makes a query in one
    spelling find the unit written in another; a word in no group finds only its own unit."""
    data = {
        "regs": [["r", "《测试规定》", "测试规定", "r.html"]],
        "units": [[0, "art_1", "第一条", "", "执法人员应当出示行政执法证。", "第一条", "article:1", ""],
                  [0, "art_2", "第二条", "", "当事人可以申请复核。", "第二条", "article:2", ""]],
        "pages": [], "names": [["测试规定", 0]], "synonyms": [["行政执法证", "执法证件", "工作证"]],
        "grammar": {"part": "(?!)", "words": {}, "level": {"article": 3}},
    }
    got = home.page.evaluate(
        """data => window.zhifaSearch.engine().then(() => {
            const e = new window.zhifaSearch.Engine(data);
            return e.build().then(() => ['工作证', '复核'].map(q => e.search(q).map(r => r.doc.url)));
        })""", data)
    assert got[0][0] == "r.html#art_1", got
    assert got[1] == ["r.html#art_2"], got


# ---------------------------------------------------------------------------------------------------------------
# The box: Material's markup and keys, an empty result, the highlight on arrival


def test_keys_open_move_and_follow_a_result(home, built_site, site_url):
    pg = home.page
    pg.goto(site_url + "index.html", wait_until="load")
    pg.locator("body").click(position={"x": 5, "y": 300})
    pg.keyboard.press("/")
    assert pg.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    assert pg.evaluate("() => document.getElementById('__search').checked")
    pg.keyboard.type("表明执法者身份")
    pg.wait_for_selector(".md-search-result__item")
    pg.keyboard.press("ArrowDown")
    first = pg.evaluate("() => document.activeElement.getAttribute('href')")
    assert first and "code-of-conduct.html" in first and first.endswith("#chp_2__art_14"), first
    pg.keyboard.press("ArrowUp")
    assert pg.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    pg.keyboard.press("Enter")
    pg.wait_for_url(re.compile(r".*code-of-conduct\.html\?h=.*#chp_2__art_14$"))
    # the article is a heading (h3 with the id); its text is the block after it
    pg.wait_for_selector("#chp_2__art_14 + .zf-unit mark.zf-hit")
    marked = pg.evaluate("() => [...document.querySelectorAll('mark.zf-hit')].map(m => m.textContent)")
    assert "表明执法者身份" in "".join(marked), marked
    pg.keyboard.press("s")
    assert pg.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    pg.keyboard.press("Escape")
    assert not pg.evaluate("() => document.getElementById('__search').checked")
    assert not home.page_errors, home.page_errors


def test_result_rows_name_the_unit_and_mark_the_words(home, site_url):
    pg = home.page
    pg.goto(site_url + "index.html", wait_until="load")
    results = visible_results(run_search(pg, "坐收坐支"))
    assert results and results[0]["fragment"] == "chp_2__art_11"
    reg = REGULATIONS["code-of-conduct"]
    assert results[0]["title"].startswith(reg["short_title"] + " 第十一条")
    marks = pg.evaluate("() => [...document.querySelector('.md-search-result__item').querySelectorAll('p mark')]"
                        ".map(m => m.textContent)")
    assert "坐收坐支" in marks
    meta = pg.locator(".md-search-result__meta").text_content().strip()
    assert re.fullmatch(r"(找到 1 个|\d+ 个)符合条件的结果", meta), meta


def test_nothing_found_says_so_and_suggests(home, site_url):
    pg = home.page
    pg.goto(site_url + "index.html", wait_until="load")
    assert run_search(pg, "qqzzxx") == []
    assert pg.locator(".md-search-result__meta").text_content().strip() == "没有找到符合条件的结果"
    assert pg.locator(".zf-search-suggest").is_visible()
    assert "第十四条" in pg.locator(".zf-search-suggest").text_content()
