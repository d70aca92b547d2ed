"""The site's building blocks on their own: citations, links, annotation, sub-word indexing, macros."""

import json
import re

import pytest

from conftest import run_zhifa


def test_formal_citations(project):
    from zhifa.cite.render import formal

    jur = project.jurisdiction
    coc = project.regulations["code-of-conduct"]
    assert formal(coc, coc.unit("chp_2__art_14"), jur) == "《人口和计划生育行政执法行为规范》第十四条"
    assert formal(coc, coc.unit("chp_2__art_4__para_2"), jur) == "《人口和计划生育行政执法行为规范》第四条第二款"
    resp = project.regulations["responsibility"]
    assert formal(resp, resp.unit("art_11__item_4"), jur) == "《朱顶镇人口和计划生育行政执法责任制度》（十一）第4项"
    fault = project.regulations["fault-liability"]
    assert formal(fault, fault.unit("art_9"), jur).endswith("》（九）")
    plan = project.regulations["self-inspection"]
    assert formal(plan, plan.unit("sec_2__item_1__subitem_3"), jur).endswith("》第二部分第1项第（3）目")


@pytest.mark.parametrize("directory_urls, target, source, anchor, expected", [
    (False, "glossary.md", "regulations/code-of-conduct.md", "x", "../glossary.html#x"),
    (False, "regulations/major-case.md", "regulations/code-of-conduct.md", "art_5", "major-case.html#art_5"),
    (False, "regulations/major-case.md", "glossary.md", None, "regulations/major-case.html"),
    (True, "glossary.md", "regulations/code-of-conduct.md", None, "../../glossary/"),
    (True, "index.md", "glossary.md", None, "../"),
    (True, "regulations/major-case.md", "regulations/major-case.md", "art_1", "./#art_1"),
])
def test_relative_urls(directory_urls, target, source, anchor, expected):
    from zhifa.render.site.urls import Urls

    assert Urls(directory_urls).rel(target, source, anchor) == expected


@pytest.fixture(scope="module")
def annotate(project):
    from zhifa.render.site.regulations import annotator
    from zhifa.render.site.urls import Urls

    return annotator(project, Urls(False))


def test_glossary_term_gets_tooltip(annotate, project):
    coc = project.regulations["code-of-conduct"]
    html = annotate(coc, coc.unit("chp_2__art_18"), "应主动申请回避。")
    assert re.search(r'<abbr title="[^"]*利害关系[^"]*">回避</abbr>', html)
    assert html.startswith("应主动申请<a") and html.endswith("</a>。")


def test_cross_reference_to_another_regulation_unit(annotate, project):
    fault = project.regulations["fault-liability"]
    html = annotate(fault, None, "参照《人口和计划生育行政执法重大案件处置和报告制度》（五）“取消”")
    assert 'href="major-case.html#art_5"' in html


def test_cross_reference_by_short_title_and_article(annotate, project):
    resp = project.regulations["responsibility"]
    html = annotate(resp, None, "见《行为规范》第十四条。")
    assert 'href="code-of-conduct.html#chp_2__art_14"' in html


def test_reference_to_missing_unit_stays_text(annotate, project):
    resp = project.regulations["responsibility"]
    text = "见《行为规范》第二十二条。"
    assert annotate(resp, None, text) == text


def test_text_without_terms_is_unchanged(annotate, project):
    coc = project.regulations["code-of-conduct"]
    assert annotate(coc, None, "本规范自发布之日起施行。") == "本规范自发布之日起施行。"


# The annotator takes its citations from cite/scan's finder: ranges, lists and chapters link as the checker reads them.
def test_cross_reference_range_links_whole_to_its_start(annotate, project):
    resp = project.regulations["responsibility"]
    assert annotate(resp, None, "见《行为规范》第十四条至第十六条。") == (
        '见<a class="zf-xref" href="code-of-conduct.html#chp_2__art_14">《行为规范》第十四条至第十六条</a>。')


def test_cross_reference_list_links_each_unit(annotate, project):
    resp = project.regulations["responsibility"]
    assert annotate(resp, None, "见《行为规范》第十四条、第十五条。") == (
        '见<a class="zf-xref" href="code-of-conduct.html#chp_2__art_14">《行为规范》第十四条</a>、'
        '<a class="zf-xref" href="code-of-conduct.html#chp_2__art_15">第十五条</a>。')


def test_cross_reference_to_a_chapter(annotate, project):
    resp = project.regulations["responsibility"]
    assert annotate(resp, None, "见《行为规范》第二章。") == (
        '见<a class="zf-xref" href="code-of-conduct.html#chp_2">《行为规范》第二章</a>。')


def test_external_title_is_no_link_but_its_terms_are_marked(annotate, project):
    resp = project.regulations["responsibility"]
    html = annotate(resp, None, "依照《中华人民共和国行政复议法》")
    assert "zf-xref" not in html
    assert re.search(r"《中华人民共和国<a class=\"zf-term\" [^>]*><abbr [^>]*>行政复议</abbr></a>法》", html)


@pytest.mark.parametrize("words, piece", [
    (["申请回避"], "回避"),
    (["行政处罚"], "处罚"),
    (["第十四条"], "十四条"),
    (["整改要求"], "要求"),
])
def test_subwords_cover_words_inside_words(words, piece):
    from zhifa.render.site.search_index import subwords

    assert piece in subwords(words)


def test_subwords_skip_what_is_already_indexed():
    from zhifa.render.site.search_index import subwords

    assert subwords(["回避", "申请回避"]) == [w for w in subwords(["申请回避"]) if w != "回避"]
    assert subwords(["abc", "条"]) == []


def test_enriched_entry_keeps_visible_text_and_hides_subwords():
    from zhifa.render.site.search_index import enrich_entry

    entry = {"location": "x.html#a", "title": "第十八条", "text": "<p>应\u200b主动\u200b申请回避\u200b。</p>"}
    enrich_entry(entry)
    visible, hidden = entry["text"].split("<span hidden>")
    assert visible == "<p>应\u200b主动\u200b申请回避\u200b。</p>"
    assert "回避" in hidden.split("\u200b") or "回避" in hidden
    assert "十八条" in entry["title"]


def test_undefined_variable_in_a_page_fails_the_build(site_copy, tmp_path):
    copy = site_copy
    page = copy / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n本县：{{ no_such_county }}\n", encoding="utf-8")
    result = run_zhifa("build", "--root", str(copy), "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "no_such_county" in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


def test_macros_link_and_quote_units(site_copy, tmp_path):
    copy = site_copy
    page = copy / "docs" / "guide.md"
    page.write_text('# 指南\n\n{{ unit_link("code-of-conduct", "chp_2__art_14") }}\n\n'
                    '{{ quote("major-case", "art_2") }}\n\n县：{{ county }}\n', encoding="utf-8")
    result = run_zhifa("build", "--root", str(copy), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "guide.html").read_text(encoding="utf-8")
    assert 'href="regulations/code-of-conduct.html#chp_2__art_14"' in html
    assert "《人口和计划生育行政执法行为规范》第十四条" in html
    assert "2、6、24小时内上报" in html
    jur = (copy / "data/jurisdiction.yaml").read_text(encoding="utf-8")
    county = re.search(r'county:\n  value: "([^"]+)"', jur).group(1)
    assert f"县：{county}" in html


def test_unknown_unit_in_a_macro_fails_the_build(site_copy, tmp_path):
    copy = site_copy
    (copy / "docs" / "guide.md").write_text('{{ unit_link("code-of-conduct", "chp_2__art_99") }}\n', encoding="utf-8")
    result = run_zhifa("build", "--root", str(copy), "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "chp_2__art_99" in result.stdout + result.stderr


def test_search_index_is_unescaped_and_within_size(root, tmp_path):
    out = tmp_path / "site"
    assert run_zhifa("build", "--root", str(root), "--out", str(out)).returncode == 0
    raw = (out / "search" / "search_index.json").read_bytes()
    assert not re.search(rb"(?<!\\)\\u[0-9a-fA-F]{4}", raw), "index written with \\u escapes"
    assert "申请回避".encode() in raw
    index = json.loads(raw)
    from zhifa.render.site.search_index import plain_text

    visible = sum(len((plain_text(d["text"].split("<span hidden>")[0]) + d["title"].split("<span")[0])
                      .replace("\u200b", "").encode()) for d in index["docs"])
    assert len(raw) < 2.5 * visible
    assert (out / "downloads" / "handbook-offline.zip").is_file()


def test_units_list_the_pages_forms_and_checklists_citing_them(site_copy, tmp_path):
    page = site_copy / "docs" / "guide.md"
    page.write_text("# 指南\n\n出示证件见《人口和计划生育行政执法行为规范》第十四条。\n", encoding="utf-8")
    result = run_zhifa("build", "--no-downloads", "--root", str(site_copy), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "regulations" / "code-of-conduct.html").read_text(encoding="utf-8")
    block = html[html.index('id="chp_2__art_14"'):]
    block = block[: block.index('id="chp_2__art_15"')]
    cited_by = re.search(r'<p class="zf-citedby"[^>]*>(.*?)</p>', block).group(1)
    assert 'href="../guide.html"' in cited_by
    assert 'href="../forms/onsite-inspection.html"' in cited_by
    assert 'href="../checklists/conduct-self-check.html"' in cited_by
