"""Citations typed by hand: find, resolve and check each tested on its own, then the texts scanned, then end to end."""


import pytest

from conftest import run_zhifa
from zhifa.cite.render import formal, short
from zhifa.cite.scan import Catalog, Part, check, check_typed_citations, distance, inherit, parse_ref, resolve
from zhifa.cite.texts import ScanText, Source, markdown_text, strings
from zhifa.load.yamlio import parse_yaml

CONDUCT = "人口和计划生育行政执法行为规范"


@pytest.fixture(scope="module")
def catalog(project):
    return Catalog.from_project(project)


def find(catalog, text, loose=False):
    return catalog.finder.find(text, loose)


def refs(catalog, text, loose=False):
    return [f.text for f in find(catalog, text, loose)]


def kinds(ref):
    return [(p.kind, p.number) for p in ref]


def resolved(catalog, project, text, here=None):
    ctx = project.regulations[here] if here else None
    return [resolve(f, catalog, ctx) for f in find(catalog, text, loose=ctx is not None)]


def unit_ids(catalog, project, text, here=None):
    return [r.unit.id if r.unit else None for r in resolved(catalog, project, text, here)]


def codes(catalog, project, text, here=None):
    return [c for r in resolved(catalog, project, text, here) for c, _ in check(r, catalog)]


def messages(catalog, project, text, here=None):
    return [m for r in resolved(catalog, project, text, here) for _, m in check(r, catalog)]


# find: unit references -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("第十四条", [("article", 14)]),
    ("第二十一条", [("article", 21)]),
    ("第14条", [("article", 14)]),
    ("第四条第二款", [("article", 4), ("paragraph", 2)]),
    ("第四条第二款第1项", [("article", 4), ("paragraph", 2), ("item", 1)]),
    ("（十一）第4项", [("article", 11), ("item", 4)]),
    ("(十一)第4项", [("article", 11), ("item", 4)]),
    ("（七）第二款", [("article", 7), ("paragraph", 2)]),
    ("第十一条第四项", [("article", 11), ("item", 4)]),
    ("第二部分第1项第（3）目", [("section", 2), ("item", 1), ("subitem", 3)]),
    ("第二部分第1项第3目", [("section", 2), ("item", 1), ("subitem", 3)]),
    ("第二章", [("chapter", 2)]),
    ("第二章第十四条", [("chapter", 2), ("article", 14)]),
    ("第四条第五条", [("article", 4)]),  # levels only go down
    ("第4项第四条", [("item", 4)]),
    ("第十十条", []),  # not a numeral
    ("第条", []),
    ("（甲）", []),
    ("第一百零一条", [("article", 101)]),
])
def test_parse_ref(text, expected):
    ref, end = parse_ref(text)
    assert kinds(ref) == expected
    assert end == sum(len(p.text) for p in ref)


def test_parse_ref_at_position_and_styles():
    ref, end = parse_ref("见（十一）第4项。", 1)
    assert ref[0].paren and not ref[1].paren and end == 8
    assert not parse_ref("第十一条")[0][0].paren
    assert Part("article", 11, False, "第十一条") == Part("article", 11, False, "第11条")  # the spelling does not count


def test_inherit():
    base = parse_ref("（十一）第1项")[0]
    assert kinds(inherit(base, parse_ref("第4项")[0])) == [("article", 11), ("item", 4)]
    assert kinds(inherit(base, parse_ref("（十二）")[0])) == [("article", 12)]
    para = parse_ref("第四条第一款")[0]
    assert kinds(inherit(para, parse_ref("第二款")[0])) == [("article", 4), ("paragraph", 2)]


# find: citations -------------------------------------------------------------------------------------------------

def test_find_full_title_with_article(catalog):
    [f] = find(catalog, f"依据《{CONDUCT}》第二十二条办理")
    assert (f.start, f.title, f.book, kinds(f.ref)) == (2, CONDUCT, True, [("article", 22)])
    assert f.text == f"《{CONDUCT}》第二十二条"


def test_find_title_alone(catalog):
    [f] = find(catalog, "《行为规范》规定")
    assert f.ref == () and f.title == "行为规范"


@pytest.mark.parametrize("text, expected", [
    ("行为规范第七条", ["行为规范第七条"]),
    ("按执法行为规范第七条", ["执法行为规范第七条"]),  # the longest name wins
    ("检查监督制度（六）1–6", ["检查监督制度（六）"]),
    ("过错责任追究制度（三）", ["过错责任追究制度（三）"]),
    (f"{CONDUCT}第四条", [f"{CONDUCT}第四条"]),
    ("行为规范", []),  # a bare name cites nothing by itself
    ("基本行为规范（第四条至第十八条）", []),
    ("本规范第十四条", ["本规范第十四条"]),
    ("本制度（三）", ["本制度（三）"]),
    ("本方案第二部分", ["本方案第二部分"]),
    ("本规范自发布之日起施行", []),
    ("基本制度（一）", []),
    ("第二条", []),  # bare: only inside a regulation
    ("《行政执法证》", ["《行政执法证》"]),
    ("《行为\n规范》第四条", []),
])
def test_find_heads(catalog, text, expected):
    assert refs(catalog, text) == expected


def test_find_range(catalog):
    [f] = find(catalog, "行为规范第四条至第十八条的义务")
    assert f.text == "行为规范第四条至第十八条"
    assert kinds(f.ref) == [("article", 4)] and kinds(f.until) == [("article", 18)]


@pytest.mark.parametrize("text, until", [
    ("《责任制度》（一）至（三）", [("article", 3)]),
    ("《责任制度》（十一）第1项至第4项", [("article", 11), ("item", 4)]),
    ("《行为规范》第四条到第六条", [("article", 6)]),
    ("《行为规范》第四条—第六条", [("article", 6)]),
    ("《行为规范》第四条至今", []),
])
def test_find_range_shapes(catalog, text, until):
    [f] = find(catalog, text)
    assert kinds(f.until) == until


def test_find_list(catalog):
    found = find(catalog, "行为规范第九条、第十四条")
    assert [f.text for f in found] == ["行为规范第九条", "第十四条"]
    assert [f.start for f in found] == [0, 8]
    assert all(f.title == "行为规范" for f in found)


@pytest.mark.parametrize("text, expected", [
    ("《责任制度》（七）、（九）", ["《责任制度》（七）", "（九）"]),
    ("《行为规范》第九条和第十四条", ["《行为规范》第九条", "第十四条"]),
    ("《行为规范》第九条以及第十四条", ["《行为规范》第九条", "第十四条"]),
    ("《行为规范》第四条至第六条、第九条", ["《行为规范》第四条至第六条", "第九条"]),
    ("《行为规范》第四条、《责任制度》（四）", ["《行为规范》第四条", "《责任制度》（四）"]),
    ("《行为规范》第四条、其他", ["《行为规范》第四条"]),
])
def test_find_list_shapes(catalog, text, expected):
    assert refs(catalog, text) == expected


def test_list_inherits_levels(catalog):
    found = find(catalog, "《行为规范》第四条第一款、第二款")
    assert kinds(found[1].ref) == [("article", 4), ("paragraph", 2)]


@pytest.mark.parametrize("text, expected", [
    ("据第二条推定", ["第二条"]),
    ("原文本条与（五）第6项排在同一行", ["（五）第6项"]),
    ("据（一）推定", []),  # a bare （X） only right after a title
    ("依照行政处罚法第三十三条", []),  # another law's article
    ("《国家赔偿法》第二条", ["《国家赔偿法》第二条"]),  # consumed by the external title
])
def test_find_loose(catalog, text, expected):
    assert refs(catalog, text, loose=True) == expected


def test_find_jurisdiction_variable_in_title(catalog):
    assert refs(catalog, "见{{ township }}人口和计划生育行政执法自查方案第二部分") == [
        "{{ township }}人口和计划生育行政执法自查方案第二部分"]
    assert refs(catalog, "见{{township}}人口和计划生育行政执法自查方案第二部分")[0].startswith("{{township}}")


# resolve ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, here, expected", [
    (f"《{CONDUCT}》第十四条", None, ["chp_2__art_14"]),
    ("本规范第十四条", "code-of-conduct", ["chp_2__art_14"]),
    ("《责任制度》（十一）第4项", None, ["art_11__item_4"]),
    ("《朱顶镇人口和计划生育行政执法责任制度》（十一）第4项", None, ["art_11__item_4"]),
    ("《行为规范》第四条第二款", None, ["chp_2__art_4__para_2"]),
    ("《行为规范》第二章", None, ["chp_2"]),
    ("《行为规范》第二章第十四条", None, ["chp_2__art_14"]),
    ("《行为规范》第一章第十四条", None, [None]),  # 第十四条 is in 第二章
    ("《自查方案》第二部分第1项第（3）目", None, ["sec_2__item_1__subitem_3"]),
    ("《检查监督制度》（七）第二款", None, ["art_7__para_2"]),
    ("《行为规范》第14条", None, ["chp_2__art_14"]),
    ("《 行为规范 》第九条", None, ["chp_2__art_9"]),
    ("行为规范第九条、第十四条", None, ["chp_2__art_9", "chp_2__art_14"]),
    ("据第二条推定", "code-of-conduct", ["chp_1__art_2"]),
    ("本制度（三）", "major-case", ["art_3"]),
    ("本规范第十四条", None, [None]),  # no regulation to be relative to
])
def test_resolve_unit(catalog, project, text, here, expected):
    assert unit_ids(catalog, project, text, here) == expected


def test_resolve_range(catalog, project):
    [r] = resolved(catalog, project, "行为规范第四条至第十八条")
    assert (r.regulation.id, r.unit.id, r.until.id) == ("code-of-conduct", "chp_2__art_4", "chp_2__art_18")


def test_resolve_rendered_and_raw_township_title(catalog, project):
    township = project.jurisdiction.render("{{ township }}")
    for title in (f"{township}人口和计划生育行政执法自查方案", "{{ township }}人口和计划生育行政执法自查方案"):
        [r] = resolved(catalog, project, f"《{title}》第二部分")
        assert (r.regulation.id, r.unit.id) == ("self-inspection", "sec_2")


@pytest.mark.parametrize("title, suggestion", [
    ("人口和计划生育行政执法行为规犯", CONDUCT),
    ("人口与计划生育行政执法行为规范", CONDUCT),
    ("行为规则", "行为规范"),
    ("计划生育行政执法检查监督制度", "人口和计划生育行政执法检查监督制度"),  # cut short
    ("人口和计划生育行政执法重大案件报告制度", "人口和计划生育行政执法重大案件处置和报告制度"),
    ("中华人民共和国行政处罚法", None),
    ("国家赔偿法", None),
    ("行政执法证", None),
    ("计划生育行政执法检查监督处理通知书", None),  # named in 检查监督制度 itself
    ("计划生育行政执法检查监督建议书", None),
    ("行政处罚决定书", None),
    ("江苏省人口与计划生育条例", None),
])
def test_resolve_unknown_title(catalog, project, title, suggestion):
    [r] = resolved(catalog, project, f"《{title}》")
    assert r.regulation is None and r.suggestion == suggestion


def test_externals_come_from_regulation_text(catalog):
    assert {"国家赔偿法", "行政执法证", "计划生育行政执法检查监督处理通知书"} <= catalog.externals
    assert CONDUCT not in catalog.externals


@pytest.mark.parametrize("a, b, d", [
    ("", "", 0), ("规范", "规犯", 1), ("行为规范", "行为规", 1), ("abc", "", 3), ("责任制", "责任制度", 1)])
def test_distance(a, b, d):
    assert distance(a, b) == d == distance(b, a)


def test_every_rendered_citation_resolves_to_its_unit(catalog, project):
    """The written grammar and cite/render.py agree: each unit's formal and short citation finds that unit again."""
    count = 0
    for reg in project.ordered_regulations():
        for unit in reg.walk():
            if unit.kind in ("preamble", "signature", "date"):
                continue
            for text in (formal(reg, unit, project.jurisdiction), short(reg, unit)):
                [r] = resolved(catalog, project, text)
                assert (r.regulation.id, r.unit.id) == (reg.id, unit.id), text
                count += 1
    assert count > 300


# check -----------------------------------------------------------------------------------------------------------

def test_article_out_of_range(catalog, project):
    [msg] = messages(catalog, project, f"《{CONDUCT}》第二十二条")
    assert codes(catalog, project, f"《{CONDUCT}》第二十二条") == ["CT01"]
    assert "没有第二十二条" in msg and "共 21 条" in msg and "最后一条是第二十一条" in msg


@pytest.mark.parametrize("text, here, words", [
    ("《责任制度》（十一）第9项", None, ["（十一）没有第9项", "共 6 项", "第6项"]),
    ("《责任制度》（十二）", None, ["没有（十二）", "共 11 条", "最后一条是（十一）"]),
    ("《责任制度》第七条", None, ["没有第七条", "写作“（七）”"]),
    ("《行为规范》（四）", None, ["没有（四）", "写作“第四条”"]),
    ("《行为规范》第四条第三款", None, ["第四条没有第三款", "共 2 款"]),
    ("《行为规范》第一章第十四条", None, ["第一章没有第十四条", "共 3 条"]),
    ("《自查方案》第六部分", None, ["没有第六部分", "共 5 部分"]),
    ("本规范第三十条", "code-of-conduct", ["没有第三十条"]),
    ("行为规范第九条、第二十四条", None, ["没有第二十四条"]),
])
def test_unknown_unit(catalog, project, text, here, words):
    assert codes(catalog, project, text, here) == ["CT01"]
    [msg] = messages(catalog, project, text, here)
    for word in words:
        assert word in msg, msg


def test_misspelt_title(catalog, project):
    assert codes(catalog, project, "《人口和计划生育行政执法行为规犯》第十四条") == ["CT02"]
    [msg] = messages(catalog, project, "《人口和计划生育行政执法行为规犯》第十四条")
    assert "《人口和计划生育行政执法行为规犯》" in msg and f"是否指《{CONDUCT}》" in msg


@pytest.mark.parametrize("text", [
    "《中华人民共和国行政处罚法》第三十三条",
    "《国家赔偿法》",
    "《行政执法证》",
    "《计划生育行政执法检查监督处理通知书》",
    "《中华人民共和国行政复议法》第九条",
    f"《{CONDUCT}》第十四条",
    "《责任制度》（十一）第4项",
    "行为规范第四条至第十八条",
    "《责任制度》（一）至（三）",
    "本规范第十四条",
])
def test_nothing_to_report(catalog, project, text):
    assert codes(catalog, project, text) == []


@pytest.mark.parametrize("text, words", [
    ("行为规范第十八条至第四条", ["终点第四条不在起点第十八条之后"]),
    ("行为规范第四条至第四条", ["不在起点"]),
    ("《责任制度》（五）至（三）", ["不在起点"]),
    ("行为规范第四条至第二十二条", ["终点超出范围", "没有第二十二条", "共 21 条"]),
])
def test_bad_range(catalog, project, text, words):
    assert codes(catalog, project, text) == ["CT04"]
    [msg] = messages(catalog, project, text)
    for word in words:
        assert word in msg, msg


def test_range_start_missing_is_unknown_unit(catalog, project):
    assert codes(catalog, project, "行为规范第二十二条至第二十三条") == ["CT01"]


def _repealed(project, reg_id, unit_id=None):
    reg = project.regulations[reg_id].model_copy(deep=True)
    reg.link()
    if unit_id:
        reg.unit(unit_id).status = "已废止"
    else:
        reg.status = "已废止"
    return Catalog([reg], project.jurisdiction.render)


def test_repealed_unit(project):
    cat = _repealed(project, "code-of-conduct", "chp_2__art_14")
    for text in ("《行为规范》第十四条", "行为规范第十四条"):
        [r] = [resolve(f, cat) for f in cat.finder.find(text)]
        assert [c for c, _ in check(r, cat)] == ["CT03"]
        assert "第十四条已废止" in check(r, cat)[0][1]
    [r] = [resolve(f, cat) for f in cat.finder.find("《行为规范》第十三条")]
    assert check(r, cat) == []


def test_repealed_parent_repeals_child(project):
    cat = _repealed(project, "responsibility", "art_11")
    [r] = [resolve(f, cat) for f in cat.finder.find("《责任制度》（十一）第4项")]
    assert [c for c, _ in check(r, cat)] == ["CT03"]


def test_repealed_regulation(project):
    cat = _repealed(project, "major-case")
    [r] = [resolve(f, cat) for f in cat.finder.find("《重大案件处置和报告制度》（二）")]
    assert [c for c, m in check(r, cat)] == ["CT03"]


# texts -----------------------------------------------------------------------------------------------------------

def test_markdown_blanks_code_and_jinja_keeping_offsets():
    md = ("a 《行为规范》第一条\n```\n《行为规范》第九十条\n```\n"
          "`《行为规范》第九十条` {{ unit_link('x', 'y') }} {% if x %}《行为规范》第九十条{% endif %} {{ township }}")
    out = markdown_text(md, {"township"})
    assert len(out) == len(md) and out.count("\n") == md.count("\n")
    assert "第一条" in out and "unit_link" not in out and "if x" not in out and "{{ township }}" in out
    assert out.count("第九十条") == 1  # only the one between {% if %} and {% endif %}: that text is rendered


def test_markdown_fence_kinds():
    md = "~~~~\n第九十条\n```\n第九十条\n~~~~\n本规范第一条"
    out = markdown_text(md, set())
    assert out.split("\n")[-1] == "本规范第一条" and "第九十条" not in out


def test_strings_skip_structured_citation_fields():
    data = {"help": "见第四条", "basis": [{"regulation": "r", "unit": "u", "quote": "第二十二条"}],
            "other": {"unit": "元", "text": "x"}}
    assert list(strings(data)) == [(("help",), "见第四条"), (("other", "unit"), "元"), (("other", "text"), "x")]


def test_source_position():
    src = Source.of("f.md", "ab\n中文《x》\n")
    assert (src.position(0).line, src.position(5).line, src.position(5).col) == (1, 2, 3)


@pytest.mark.parametrize("yaml_text, line, col", [
    ("help: 见《行为规范》第二十二条\n", 1, 8),
    ("help: '见《行为规范》第二十二条'\n", 1, 9),
    ('help: "见《行为规范》第二十二条"\n', 1, 9),
    ("a:\n  help: |\n    第一行\n    见《行为规范》第二十二条\n", 4, 6),
    ("a:\n  help: >\n    第一行\n    见《行为规范》第二十二条\n", 4, 6),
    ("help: 第一行\n  见《行为规范》第二十二条\n", 2, 4),
    ("x: 《行为规范》第二十二条\nhelp: 《行为规范》第一条，《行为规范》第二十二条\n", 2, 17),
])
def test_yaml_value_positions(catalog, yaml_text, line, col):
    doc = parse_yaml(yaml_text, "t.yaml")
    src = Source.of("t.yaml", yaml_text)
    hits = []
    for path, value in strings(doc.data):
        text = ScanText(src, value, src.offset(doc.where(path)))
        for f in find(catalog, value):
            if "二十二" in f.text and path[-1] == "help":
                hits.append(text.position(f.start, f.end))
    assert [(p.line, p.col) for p in hits] == [(line, col)]


def test_second_occurrence_in_one_value(catalog):
    value = "《行为规范》第二十二条；又《行为规范》第二十二条"
    src = Source.of("t.yaml", f"help: {value}\n")
    text = ScanText(src, value, 6)
    assert [text.position(f.start, f.end).col for f in find(catalog, value)] == [7, 20]


# the project and end to end --------------------------------------------------------------------------------------

def test_project_is_clean(project):
    # How long the scan takes is the benchmark's business (scripts/bench/), not a test's.
    assert check_typed_citations(project) == []


def test_project_citations_are_found(catalog, project):
    from zhifa.cite.texts import all_texts
    found = {(t.source.path, f.text) for t in all_texts(project)
             for f in find(catalog, t.text, loose=t.regulation is not None)}
    assert ("templates/checklists/conduct-self-check.yaml", "行为规范第四条至第十八条") in found
    assert ("regulations/responsibility.yaml", f"《{CONDUCT}》第四条") in found
    assert ("regulations/fault-liability.yaml", "（五）第6项") in found


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def test_validate_reports_typed_citations(copy):
    index = copy / "docs" / "index.md"
    text = index.read_text(encoding="utf-8").rstrip("\n")
    index.write_text(text + f"\n\n执法时须依据《{CONDUCT}》第二十二条办理。\n\n```\n《{CONDUCT}》第九十条\n```\n",
                     encoding="utf-8")
    doc_line = text.count("\n") + 3
    form = copy / "templates" / "forms" / "onsite-inspection.yaml"
    _edit(form, "help: 写明取得的证据及取证方式。", "help: 见《人口和计划生育行政执法行为规犯》第九条。写明取得的证据及取证方式。")
    form_line = _line_of(form, "行为规犯")
    reg = copy / "regulations" / "responsibility.yaml"
    _edit(reg, f"《{CONDUCT}》第四条称", f"《{CONDUCT}》第二十四条称")
    reg_line = _line_of(reg, "第二十四条称")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 3, result.stdout
    assert lines[0].startswith(f"docs/index.md:{doc_line}:7: CT01 ")
    assert "没有第二十二条（共 21 条，最后一条是第二十一条）" in lines[0]
    assert lines[1].startswith(f"regulations/responsibility.yaml:{reg_line}:38: CT01 ")
    assert lines[2].startswith(f"templates/forms/onsite-inspection.yaml:{form_line}:16: CT02 ")
    assert f"是否指《{CONDUCT}》" in lines[2]


def test_validate_json_has_typed_citations(copy):
    _edit(copy / "templates" / "checklists" / "conduct-self-check.yaml",
          "summary: 执法人员对照行为规范第四条至第十八条", "summary: 执法人员对照行为规范第十八条至第四条")
    result = run_zhifa("validate", "--root", str(copy), "--format", "json")
    assert result.returncode == 1
    assert '"code": "CT04"' in result.stdout and '"line": 3' in result.stdout
