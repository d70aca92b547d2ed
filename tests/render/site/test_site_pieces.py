"""The site's building blocks on their own: citations, links, annotation, the search index, macros."""

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


def test_search_index_keys_units_by_the_citation_grammar(project):
    """Each unit's key is its parsed citation path: kind, number as the label says, p for an article written （X）."""
    from zhifa.render.site.search_index import unit_key

    regs = project.regulations
    assert unit_key(regs["code-of-conduct"].unit("chp_2__art_14")) == "article:14"  # 第十四条
    assert unit_key(regs["code-of-conduct"].unit("chp_2__art_4__para_2")) == "article:4/paragraph:2"
    assert unit_key(regs["responsibility"].unit("art_11__item_4")) == "article:11p/item:4"  # （十一） 4、
    assert unit_key(regs["self-inspection"].unit("sec_2__item_1__subitem_3")) == "section:2/item:1/subitem:3"


def test_search_words_are_the_longer_jieba_words_once():
    from zhifa.render.site.search_index import words

    text = "执法人员应主动申请回避，不得聘用临时人员单独执法；执法人员应当表明执法者身份"
    found = words(text).split(" ")
    assert found and len(found) == len(set(found))
    assert all(len(w) >= 3 and w in text for w in found), found


def test_page_sections_split_at_headings_and_leave_out_excluded_parts():
    from zhifa.render.site.page_sections import sections

    html = ('<p>导语</p><h2 id="basis">法律依据<a class="headerlink" href="#basis">¶</a></h2><p>依据'
            '<span data-search-exclude>不索引</span>条文</p><script>var x = "脚本";</script>'
            '<h3 id="rules">规则</h3><p>两名<b>执法</b>人员</p><br><p>第二段</p>')
    got = [(s.anchor, s.title, s.text) for s in sections(html)]
    assert got == [("", "", "导语"), ("basis", "法律依据", "依据 条文"), ("rules", "规则", "两名 执法 人员 第二段")]


def test_search_index_is_a_script_of_the_units_and_pages(pages_build, project):
    import gzip

    from browser_support import search_index

    out = pages_build.site  # `zhifa build --no-downloads` of the project, shared by the session (read only)
    raw = (out / "search" / "zhifa-index.js").read_bytes()
    assert not re.search(rb"(?<!\\)\\u[0-9a-fA-F]{4}", raw), "index written with \\u escapes"
    assert b"</script" not in raw.lower()
    index = search_index(out)
    jur = project.jurisdiction
    want = {(reg.id, u.id, jur.render(u.text or "")) for reg in project.regulations.values() for u in reg.walk()
            if u.in_force}
    regs = [r[0] for r in index["regs"]]
    assert {(regs[u[0]], u[1], u[4]) for u in index["units"]} == want
    assert not [p for p in index["pages"] if p[0].startswith("training/quiz-")]
    assert {p[0].split("#")[0] for p in index["pages"]} >= {"forms/hearing-notice.html", "glossary.html"}
    text = sum(len((u[2] + u[3] + u[4]).encode()) for u in index["units"])
    text += sum(len((p[1] + p[2] + p[3]).encode()) for p in index["pages"])
    assert len(gzip.compress(raw)) < text, "the index, gzipped, is larger than the text it indexes"


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
    # The macros are expanded by MkDocs, in the pages; the downloads (print edition, forms) never read docs/.
    result = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(tmp_path / "site"))
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
