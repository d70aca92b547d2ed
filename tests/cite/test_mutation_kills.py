"""Tests written to kill the mutants that `make mutate` found surviving in the modules whose output is law on paper.

Each expected value comes from the regulations' YAML (read with plain PyYAML through ``tests/expected_support.py``,
which imports nothing from zhifa), the README's rules, or a computation done here independently of the code under
test. The mutants that are left alive are equivalent or unreachable; the README's "Mutation testing" section and
the report say which and why.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

import expected_support as expect
from zhifa.check.case_values import CaseChecker, check_case
from zhifa.check.checklist_answers import check_answers
from zhifa.cite.check import check_citations
from zhifa.cite.render import formal, grouped, short, unit_path
from zhifa.cite.scan import Catalog, Finder, check, check_typed_citations, parse_ref, resolve, typed_citations
from zhifa.load.loader import load_project
from zhifa.load.yamlio import parse_yaml
from zhifa.model.question import Question
from zhifa.model.regulation import Citation
from zhifa.training.exam import select_questions

# ---------------------------------------------------------------- cite/render.py


@pytest.fixture(scope="module")
def catalog(project) -> Catalog:
    return Catalog.from_project(project)



def test_every_unit_is_cited_as_the_readme_says(project):
    """Every unit of every regulation, preamble, signature and date included: its path, formal and short citation."""
    jur = project.jurisdiction
    for reg in project.regulations.values():
        short_title = expect.load(expect.ROOT / "regulations" / f"{reg.id}.yaml")["short_title"]
        title = expect.regulations()[reg.id].title
        assert formal(reg, None, jur) == f"《{title}》"
        assert short(reg, None) == f"《{short_title}》"
        for unit in reg.walk():
            path = expect.unit_path(reg.id, unit.id)
            assert unit_path(unit) == path, (reg.id, unit.id)
            assert formal(reg, unit, jur) == f"《{title}》{path}"
            assert short(reg, unit) == f"《{short_title}》{path}"


def test_grouped_names_each_regulation_once_and_each_unit_once(project):
    cites = [("code-of-conduct", "chp_2__art_9"), ("responsibility", "art_7"), ("code-of-conduct", "chp_2__art_14"),
             ("code-of-conduct", "chp_2__art_9"), ("responsibility", "art_7"), ("self-inspection", "preamble")]
    pairs = [(project.regulations[r], project.regulations[r].unit(u)) for r, u in cites]
    expected = expect.grouped([{"regulation": r, "unit": u} for r, u in cites])
    assert "；" in expected and "、" in expected                           # the case exercises both separators
    assert grouped(pairs, project.jurisdiction) == expected


# ---------------------------------------------------------------- cite/scan.py

CONDUCT = expect.regulations()["code-of-conduct"].title           # 人口和计划生育行政执法行为规范


def _label(reg_id: str, unit_id: str) -> str:
    return expect.regulations()[reg_id].units[unit_id].label


def _messages(catalog, text: str) -> list[tuple[str, str]]:
    return [m for f in catalog.finder.find(text) for m in check(resolve(f, catalog), catalog)]


def test_a_bare_title_with_a_jurisdiction_variable_is_found_however_spaced(catalog, project):
    raw = expect.load(expect.ROOT / "regulations" / "self-inspection.yaml")["title"]   # {{ township }}人口和…自查方案
    assert "{{ township }}" in raw
    for written in (raw, raw.replace("{{ township }}", "{{township}}")):
        found = catalog.finder.find(f"按照{written}第二部分执行")
        assert [(f.text, f.title) for f in found] == [(f"{written}第二部分", written)]
        assert resolve(found[0], catalog).regulation is project.regulations["self-inspection"]


def test_only_an_article_has_a_parenthesised_form():
    """Part.paren marks an article written （十一） instead of 第十一条; a 第（3）目 is not such an article."""
    ref, _ = parse_ref("第二部分第1项第（3）目")
    assert [(p.kind, p.number, p.paren) for p in ref] == [("section", 2, False), ("item", 1, False),
                                                          ("subitem", 3, False)]
    ref, _ = parse_ref("（十一）第4项")
    assert [(p.kind, p.paren) for p in ref] == [("article", True), ("item", False)]


def test_without_loose_a_bare_article_reference_is_not_a_citation(catalog):
    assert catalog.finder.find("依照第十四条办理") == []
    assert [f.text for f in catalog.finder.find("依照第十四条办理", loose=True)] == ["第十四条"]


def test_an_unreadable_numeral_after_a_bare_reference_is_skipped(catalog):
    assert catalog.finder.find("第十十条", loose=True) == []
    assert [f.text for f in catalog.finder.find("第十十条和第十四条", loose=True)] == ["第十四条"]


def test_a_name_without_a_unit_does_not_stop_the_scan(catalog):
    assert [f.text for f in catalog.finder.find(f"本规范规定，依照《{CONDUCT}》第十四条")] == [f"《{CONDUCT}》第十四条"]
    assert [f.text for f in catalog.finder.find("行为规范和执法责任制度第七条")] == ["执法责任制度第七条"]


def test_missing_top_level_unit_names_the_regulation_alone(catalog):
    (code, message), = _messages(catalog, f"《{CONDUCT}》第二十二条")
    assert code == "CT01"
    assert "：《行为规范》没有第二十二条（共 21 条，最后一条是第二十一条）" in message


def test_article_written_the_other_way_is_named_even_below_it(catalog):
    """《检查监督制度》第七条第二款: the regulation writes its articles （七）, and the hint says so (it said 第二款)."""
    assert _label("supervision", "art_7") == "（七）"
    (code, message), = _messages(catalog, "《检查监督制度》第七条第二款")
    assert code == "CT01" and message.endswith("该规章的条文写作“（七）”")
    (code, message), = _messages(catalog, f"《{CONDUCT}》（十四）第二款")
    assert code == "CT01" and message.endswith(f"该规章的条文写作“{_label('code-of-conduct', 'chp_2__art_14')}”")


def test_a_short_title_with_half_its_characters_changed_is_another_document(catalog):
    """One edit in a title under 14 characters is a misspelling; two are another document's name (no CT02)."""
    assert distance_here("行为规则", "行为规范") == 1 and distance_here("行政规则", "行为规范") == 2
    assert _messages(catalog, "《行为规则》第一条") == [("CT02", "未知或拼写有误的规章标题《行为规则》，是否指《行为规范》？")]
    assert _messages(catalog, "《行政规则》第一条") == []


def test_a_full_title_cut_to_eight_characters_is_suggested(catalog, project):
    """A written title of 8 characters or more inside one of our full titles (10 or more) is that title cut short."""
    full = project.jurisdiction.render(expect.load(expect.ROOT / "regulations" / "responsibility.yaml")["title"])
    cut = "行政执法责任"                                                      # 6 characters: too short to say
    written = "计划生育行政执法责任"                                           # 10 characters, in the full title
    assert written in full and len(written) >= 8 and written not in catalog.by_name
    assert distance_here(written, full) > 2
    assert catalog.suggest(written) == full
    assert catalog.suggest(cut) is None
    eight = "生育行政执法责任"                                                 # 8 characters, in the full title
    assert eight in full and len(eight) == 8 and eight not in catalog.by_name
    assert catalog.suggest(eight) == full


def distance_here(a: str, b: str) -> int:
    """Levenshtein distance, computed here (a second implementation, not zhifa's)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_an_external_title_close_to_ours_is_left_alone(copy):
    """A title quoted in a regulation's own text is a known external name, even if it looks like ours (README)."""
    external = f"{CONDUCT}实施细则"
    path = copy / "regulations" / "major-case.yaml"
    text = path.read_text(encoding="utf-8")
    first_text = re.search(r"^(\s+text: )(.+)$", text, re.M)
    path.write_text(text[:first_text.start(2)] + f"依照《{external}》，" + text[first_text.start(2):], encoding="utf-8")
    project = load_project(copy)
    assert Catalog(project.ordered_regulations(), project.jurisdiction.render).suggest(external) == CONDUCT
    assert Catalog.from_project(project).suggest(external) is None


def test_a_name_with_a_space_is_found_as_written():
    reg = SimpleNamespace(id="x", title="甲乙 丙丁规范", short_title="甲乙规范", aliases=[], walk=lambda: [])
    catalog = Catalog([reg], lambda t: t)
    assert catalog.regulation("甲乙 丙丁规范") is reg
    assert catalog.regulation("甲乙丙丁规范") is None


def test_bare_references_in_a_regulation_name_that_regulation(project):
    """第二十一条 typed in the 行为规范's own text (no title before it) is the 行为规范's 第二十一条."""
    hits = [(text, r) for text, r, _ in typed_citations(project)
            if text.regulation == "code-of-conduct" and r.found.text == "第二十一条" and r.found.title is None]
    assert hits, "the 行为规范 cites its own 第二十一条 in its text"
    unit_id = next(u.id for u in expect.regulations()["code-of-conduct"].units.values() if u.label == "第二十一条")
    for _, r in hits:
        assert r.regulation is project.regulations["code-of-conduct"] and r.unit.id == unit_id


def test_typed_citation_problem_stands_where_the_title_is_written_in_a_folded_value(copy):
    form = copy / "templates" / "forms" / "onsite-inspection.yaml"
    text = form.read_text(encoding="utf-8")
    old = "        help: 写明取得的证据及取证方式。"
    assert text.count(old) == 1
    wrong = "《人口和计划生育行政执法行为规犯》第九条"
    text = text.replace(old, f"        help: 写明证据。见{wrong}。\n          写明取得的证据及取证方式。")
    form.write_text(text, encoding="utf-8")
    line = next(i for i, written in enumerate(text.split("\n"), 1) if wrong in written)
    col = text.split("\n")[line - 1].index(wrong) + 1
    problems = [p for p in check_typed_citations(load_project(copy)) if p.path.endswith("onsite-inspection.yaml")]
    assert [(p.line, p.col, p.code) for p in problems] == [(line, col, "CT02")]


# ---------------------------------------------------------------- cite/texts.py


def _add(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _where(path: Path, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the ``nth`` occurrence of ``needle`` in the file as an editor shows it (after a BOM)."""
    text = path.read_text(encoding="utf-8-sig")
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_typed_citations_are_found_in_every_kind_of_text_and_located(copy):
    """Wrong citations put into each kind of text validate scans (README: docs/, every string in templates/ and
    data/, the regulations' metadata, notes and errata reasons) are each reported once, where they are written."""
    cite = {n: f"《{CONDUCT}》第{n}条" for n in ("二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九")}
    expected = set()
    index = copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").rstrip("\n") + f"\n\n执法时须依据{cite['二十二']}办理。\n",
                     encoding="utf-8")
    expected.add(("docs/index.md", *_where(index, cite["二十二"])))
    deep = copy / "docs" / "guide" / "deep.md"                            # in a sub-folder, saved with a BOM
    deep.parent.mkdir()
    deep.write_text(f"\ufeff见{cite['二十三']}。\n", encoding="utf-8")
    assert _where(deep, cite["二十三"]) == (1, 2)
    expected.add(("docs/guide/deep.md", 1, 2))
    examples = copy / "data" / "examples" / "forms"
    (examples / "0-broken.yaml").write_text("a: [\n", encoding="utf-8")    # unreadable files are skipped, not the rest
    (examples / "0-gbk.yaml").write_bytes("说明: 见《行为规范》第三十条\n".encode("gbk"))
    cites = examples / "zz-cites.yaml"
    filler = "文" * 300
    cites.write_text(
        "items:\n  - 无关\n"
        f"  - 见{cite['二十四']}。\n"                                        # a string in a list
        f"long: {'字' * 180}见{cite['二十五']}。\n"                          # far into a long value
        f'escaped: "见\\u300a{CONDUCT}》第二十六条。"\n'                      # written with an escape: not findable
        f"filler: {filler}\n"
        f"later: 又见{cite['二十六']}。\n", encoding="utf-8")
    expected |= {("data/examples/forms/zz-cites.yaml", *_where(cites, cite[n])) for n in ("二十四", "二十五")}
    expected.add(("data/examples/forms/zz-cites.yaml", 5, 10))             # the escaped value's own position
    expected.add(("data/examples/forms/zz-cites.yaml", *_where(cites, cite["二十六"])))
    reg = copy / "regulations" / "self-inspection.yaml"
    _add(reg, "order: 3\n", f"order: 3\n# 摘要引用{cite['二十七']}。\n")        # a comment is not text
    _add(reg, "summary: 乡（镇）", f"summary: 见{cite['二十七']}。乡（镇）")
    _add(reg, "    reason: 错别字：“元来”应为“原来”", f"    reason: 错别字：“元来”应为“原来”，见{cite['二十八']}")
    _add(reg, "  - text: 本方案原文题目", f"  - text: 见{cite['二十九']}。本方案原文题目")
    expected |= {("regulations/self-inspection.yaml", *_where(reg, cite["二十七"], nth=1))}
    expected |= {("regulations/self-inspection.yaml", *_where(reg, cite[n])) for n in ("二十八", "二十九")}
    problems = check_typed_citations(load_project(copy))
    assert {p.code for p in problems} == {"CT01"}, [p.format() for p in problems]
    assert all("引用的条文不存在" in p.message and "没有第" in p.message for p in problems)
    assert sorted((p.path, p.line, p.col) for p in problems) == sorted(expected)


# ---------------------------------------------------------------- cite/check.py


def test_structured_citations_checked_unit_by_unit_and_located(copy):
    """Each wrong structured citation gets its code at the value that is wrong; the quote must stand in the unit (its
    descendants included, spaces and line breaks ignored, a jurisdiction variable raw or rendered); a repealed unit
    cannot be cited; a regulation whose file is broken is reported once, by its file, not by each citation."""
    township = expect.jurisdiction()["township"]
    conduct = copy / "regulations" / "code-of-conduct.yaml"
    _add(conduct, "        label: 第十三条\n", "        label: 第十三条\n        status: 已废止\n")
    (copy / "regulations" / "fault-liability.yaml").write_text("title: [\n", encoding="utf-8")
    form = copy / "templates" / "forms" / "onsite-inspection.yaml"
    cases = f"""basis:
  - regulation: code-of-conduct
    unit: chp_2__art_9
    quote: "执法人员对违法事实 调查取证时\\n必须合法"
  - regulation: no-such-regulation
    unit: art_1
    quote: 无此规章的引文
  - regulation: code-of-conduct
    unit: chp_2__art_99
    quote: 无此条文的引文
  - regulation: code-of-conduct
    unit: chp_2__art_9
    quote: 执法人员对违法事实调查取证时必须合理
  - regulation: code-of-conduct
    unit: chp_2__art_10
    quote: 必须使用由江苏省人口和计划生育委员会统一规定的人口和计划生育行政执法文书
  - regulation: self-inspection
    unit: signature
    quote: "{township}人口和计划生育领导小组"
  - regulation: self-inspection
    unit: signature
    quote: "{{{{ township }}}}人口和计划生育领导小组"
  - regulation: code-of-conduct
    unit: chp_2__art_13
    quote: 不得在依法征收社会抚养费或行政处罚时搭车收取其他费用
  - regulation: fault-liability
    unit: art_1
    quote: 文件已损坏的引文
sections:
"""
    text = form.read_text(encoding="utf-8")
    form.write_text(re.sub(r"^basis:\n(?:  .*\n)+sections:\n", lambda m: cases, text, count=1, flags=re.M),
                    encoding="utf-8")
    project = load_project(copy)
    assert "fault-liability" in project.broken
    assert "onsite-inspection" in project.forms, [p.format() for p in project.problems]
    problems = check_citations(project, project.forms["onsite-inspection"].basis)
    assert {p.path for p in problems} == {"templates/forms/onsite-inspection.yaml"}
    known = "、".join(sorted(p.stem for p in (copy / "regulations").glob("*.yaml") if p.stem != "fault-liability"))
    assert sorted((p.line, p.col, p.code, p.message) for p in problems) == sorted([
        (*_where(form, "no-such-regulation"), "C101", f"没有规章“no-such-regulation”（现有：{known}）"),
        (*_where(form, "chp_2__art_99"), "C102", "《行为规范》中没有条文单元“chp_2__art_99”"),
        (*_where(form, "执法人员对违法事实调查取证时必须合理"), "C103",
         "引文“执法人员对违法事实调查取证时必须合理”不在《行为规范》“chp_2__art_9”的原文中：引文须与条文一字不差"),
        (*_where(form, "chp_2__art_13"), "C104", "《行为规范》“chp_2__art_13”已废止，不能作为依据"),
    ])


# ---------------------------------------------------------------- check/checklist_answers.py
# self-inspection (templates/checklists/self-inspection.yaml): header unit, inspector (text, required), date (date,
# required); g1_1 is a rate, g1_2 yes/no, g1_3 a count. Answers files are read as `zhifa fill` reads them.

GOOD_HEADER = "header:\n  unit: 某村\n  inspector: 张某\n  date: 2025-03-20\n"


def _at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _val(text: str, key: str) -> tuple[int, int]:
    """Where the scalar value of ``key`` starts (a missing value: just after the colon). A mapping or a list is
    located at its key instead (``_at``)."""
    line, col = _at(text, key + ":")
    after = text.index(key + ":") + len(key) + 1
    return line, col + len(key) + (2 if text[after] == " " else 1)


def _answers(project, text: str):
    return check_answers(project.checklists["self-inspection"], parse_yaml(text, "a.yaml"))


def _located(problems) -> list[tuple]:
    return sorted((p.line, p.col, p.code) for p in problems)


def test_checklist_header_and_answers_are_typed(project):
    text = (GOOD_HEADER.replace("某村", "'某村  '") + "answers:\n  g1_1: 90%\n  g1_2: true\n  g1_3: 0\n  g1_4: 100\n"
            "  g1_5: false\n  g1_6:\n    answer: 不适用\n    remark: \"第一行\\n第二行  \\n\\n\"\n  g2_1: 0\n"
            "  g2_2:\n    answer: 否\n    remark: \"\\n编号X\\n\"\n")
    answers, problems = _answers(project, text)
    assert problems == []
    assert answers.header == {"unit": "某村  ", "inspector": "张某", "date": dt.date(2025, 3, 20)}
    got = {k: (a.value, a.remark) for k, a in answers.items.items()}
    assert got == {"g1_1": (90.0, None), "g1_2": ("是", None), "g1_3": (0, None), "g1_4": (100.0, None),
                   "g1_5": ("否", None), "g1_6": ("不适用", "第一行\n第二行  "), "g2_1": (0.0, None),
                   "g2_2": ("否", "\n编号X")}


def test_checklist_answers_that_are_not_mappings(project):
    answers, problems = _answers(project, "- 是\n")
    assert answers is None and [(p.line, p.col, p.code) for p in problems] == [(1, 1, "C000")]
    assert "header" in problems[0].message and "answers" in problems[0].message
    text = "answers: [是]\nheader: [某村]\n"              # a section is located at its key, not the file's start
    answers, problems = _answers(project, text)
    assert _located(problems) == sorted([(*_at(text, "header"), "C001"), (*_at(text, "answers"), "C001")]
                                        + [(*_at(text, "header"), "C003")] * 3)
    assert all(p.message and "None" not in p.message for p in problems)
    text = "answers:\n  g1_2: 是\nextra: 1\n"
    _, problems = _answers(project, text)
    assert [(p.line, p.col, p.code) for p in problems if p.code == "C002"] == [(*_val(text, "extra"), "C002")]
    assert "extra" in problems[0].message


def test_checklist_header_problems_are_each_located(project):
    text = ("answers:\n  g1_2: 是\nheader:\n  unit: ''\n  inspector: \"张\\n某\"\n  date: '2025-02-30'\n"
            "  extra: 1\n")
    answers, problems = _answers(project, text)
    assert answers is None
    assert _located(problems) == sorted([
        (*_at(text, "header"), "C003"),                                    # unit: '' is missing
        (*_val(text, "inspector"), "C001"),                                # a line break in a header field
        (*_val(text, "date"), "C001"),                                     # no 30 February
        (*_val(text, "extra"), "C002"),                                    # no header field "extra"
    ]), [p.format() for p in problems]
    messages = {p.code: p.message for p in problems}
    assert "unit" in messages["C003"] and "被检查单位（村）" in messages["C003"]
    assert "extra" in messages["C002"] and "unit、inspector、date" in messages["C002"]
    _, problems = _answers(project, "answers:\n  g1_2: 是\n")              # no header at all: the file's start
    assert _located(problems) == [(1, 1, "C003")] * 3
    text = "answers: {}\nheader:\n  unit: \"某\\u200d村\"\n  inspector: 张某\n  date: 2025-03-20\n"
    _, problems = _answers(project, text)                                  # a control character, no line break
    assert _located(problems) == [(*_val(text, "unit"), "C001")]


def test_checklist_answer_problems_are_each_located(project):
    text = GOOD_HEADER + (
        "answers:\n  g1_1x: 90\n  g1_2:\n    answer: 是\n    note: 多余\n  g1_3: -1\n  g1_4: true\n  g1_5:\n"
        "  g1_6:\n    answer: 是\n    remark: \"有\\u0007控制字符\"\n  g2_1: 100.5\n  g2_2: 可能\n  g2_3: 九十\n"
        "  g2_4: -0.5\n  g3_1: 九十\n")
    answers, problems = _answers(project, text)
    assert answers is None
    assert _located(problems) == sorted([
        (*_val(text, "g1_1x"), "C002"),                                    # no item g1_1x (is it g1_1?)
        (*_at(text, "g1_2"), "C002"),                                      # g1_2 has a key besides answer/remark
        (*_val(text, "g1_3"), "C001"),                                     # a count below 0
        (*_val(text, "g1_4"), "C001"),                                     # a rate is not yes/no
        (*_val(text, "g1_5"), "C001"),                                     # g1_5 has no answer
        (*_val(text, "remark"), "C001"),                                   # a control character in a remark
        (*_val(text, "g2_1"), "C001"),                                     # a rate above 100
        (*_val(text, "g2_2"), "C001"),                                     # not 是/否/不适用
        (*_val(text, "g2_3"), "C001"),                                     # 九十 is no yes/no answer
        (*_val(text, "g2_4"), "C001"),                                     # a rate below 0
        (*_val(text, "g3_1"), "C001"),                                     # a rate in words
    ]), [p.format() for p in problems]
    by_line = {p.line: p.message for p in problems}
    assert "g1_1x" in by_line[_at(text, "g1_1x")[0]] and "“g1_1”" in by_line[_at(text, "g1_1x")[0]]
    assert "note" in by_line[_at(text, "g1_2")[0]]
    assert "g1_6" in by_line[_at(text, "remark")[0]]
    for key, words in (("g1_3", "检查项“g1_3”：数量"), ("g1_4", "检查项“g1_4”：完成率"), ("g1_5", "检查项“g1_5”：缺少"),
                       ("g2_1", "检查项“g2_1”：完成率"), ("g2_2", "检查项“g2_2”：答案应为 是、否、不适用"),
                       ("g2_3", "检查项“g2_3”：答案应为"), ("g2_4", "检查项“g2_4”：完成率"),
                       ("g3_1", "检查项“g3_1”：完成率")):
        assert by_line[_at(text, key)[0]].startswith(words), (key, by_line[_at(text, key)[0]])


def test_note_items_keep_their_text_and_refuse_control_characters():
    """No checklist has a note item yet (answer: note); the rule for them, as the module docstring states it."""
    from zhifa.check.checklist_answers import _answer
    note = SimpleNamespace(answer="note")
    assert _answer(note, "第一行\n第二行  \n\n") == "第一行\n第二行  "
    assert _answer(note, "\n编号X\n") == "\n编号X"
    assert _answer(note, 12) == "12"
    assert _answer(note, "有\u0007控制字符").startswith("!")
    assert _answer(note, None).startswith("!")


# ---------------------------------------------------------------- check/case_values.py
# Case files as `zhifa fill` reads them. Field types, labels, options and rules from templates/forms/*.yaml; the
# rules of the README's Forms section. Every problem says 字段“<id>”：… and stands at the value that is wrong.

FORM_EXAMPLES = expect.FORM_EXAMPLES


def _case(project, form_id: str, text: str):
    return check_case(project, project.forms[form_id], parse_yaml(text, "case.yaml"))


def _example(form_id: str, **changes: str) -> str:
    """The example case with some lines replaced (key: new YAML value) or, with None, removed."""
    text = (FORM_EXAMPLES / f"{form_id}.yaml").read_text(encoding="utf-8")
    for key, value in changes.items():
        pattern = re.compile(rf"^{key}:.*(?:\n(?:  |- ).*)*\n", re.M)
        assert len(pattern.findall(text)) == 1, key
        found = pattern.search(text)
        text = text[: found.start()] + ("" if value is None else f"{key}: {value}\n") + text[found.end() :]
    return text


def _field_problems(problems) -> dict[str, list]:
    out: dict[str, list] = {}
    for p in problems:
        fid = re.match(r"字段“([^”]+)”：", p.message)
        assert fid, p.format()                                             # every message names its field
        out.setdefault(fid.group(1), []).append(p)
    return out


def _field_label(form_id: str, fid: str) -> str:
    return next(f.label for f in expect.expected_form(form_id).fields() if f.id == fid)


def test_form_values_are_typed_and_kept(project):
    text = _example("onsite-inspection", place="'某镇某村五组  '", party_id="'11010519491231002x'",
                    inspected_at="2025年4月10日 9时30分", record_date="2025年4月10日",
                    party_opinion='"无异议。\\n\\n"', evidence='"照片3张\\u200b。"')
    filled, problems = _case(project, "onsite-inspection", text)
    assert problems == []
    v = filled.values
    assert v["place"] == "某镇某村五组  " and v["party_id"] == "11010519491231002X"
    assert v["inspected_at"] == dt.datetime(2025, 4, 10, 9, 30) and v["record_date"] == dt.date(2025, 4, 10)
    assert v["party_opinion"] == "无异议。" and v["evidence"] == "照片3张\u200b。"   # a zero-width space is allowed
    assert v["officers"] == [{"name": "张某", "certificate": "苏执 320000123"},
                             {"name": "刘某", "certificate": "苏执 320000456"}]


def test_form_values_refused_field_by_field(project):
    officers = ("\n  - 张某\n  - name: 刘某\n    certificate: \"苏执 1\"\n    phone: \"1\"\n  - name: 王某\n"
                "    certificate: ''\n  - name: \"李\\n某\"\n    certificate: \"苏执 2\"")
    text = _example("onsite-inspection", place="[某镇]", party_id="'110105194912310021'", officers=officers,
                    certificate_shown="是", inspected_at="'2025-13-01 09:30'", record_date="'2025-02-30'",
                    findings="''", evidence='"照片\\u202e3张"', party_opinion='"无\\u0007异议\\n"') + "plcae: 某镇\n"
    filled, problems = _case(project, "onsite-inspection", text)
    assert filled is None
    by_field = _field_problems(problems)
    assert sorted(by_field) == sorted(["place", "party_id", "officers", "certificate_shown", "inspected_at",
                                       "record_date", "findings", "evidence", "party_opinion", "plcae"])
    expect_at = {"place": _at(text, "place"), "party_id": _val(text, "party_id"),
                 "certificate_shown": _val(text, "certificate_shown"), "inspected_at": _val(text, "inspected_at"),
                 "record_date": _val(text, "record_date"), "findings": _val(text, "findings"),
                 "evidence": _val(text, "evidence"), "party_opinion": _val(text, "party_opinion"),
                 "plcae": _val(text, "plcae")}
    for fid, at in expect_at.items():
        assert {(p.line, p.col) for p in by_field[fid]} == {at}, (fid, [p.format() for p in by_field[fid]])
    words = {"place": "文本", "party_id": "校验位", "certificate_shown": "true", "inspected_at": "日期时间",
             "record_date": "日期", "findings": _field_label("onsite-inspection", "findings"), "evidence": "U+202E",
             "party_opinion": "U+0007", "plcae": "“place”"}
    for fid, word in words.items():
        assert word in by_field[fid][0].message, by_field[fid][0].format()
    codes = {fid: [p.code for p in ps] for fid, ps in by_field.items()}
    assert codes["findings"] == ["C003"] and codes["plcae"] == ["C002"] and codes["place"] == ["C001"]
    assert codes["certificate_shown"] == ["C001", "R101"]                 # not a yes/no, so not shown either
    people = sorted((p.line, p.col, p.code, p.message) for p in by_field["officers"])
    lines = text.split("\n")
    row = [i + 1 for i, ln in enumerate(lines) if ln.startswith("  - ")]    # the officers' rows, 1-based lines
    assert [(line, col, code) for line, col, code, _ in people] == [
        (row[0], 5, "C001"), (row[1], 5, "C002"), (row[2], 5, "C003"), (row[3] + 0, 11, "C001")]
    assert ["第 1 人" in m for *_, m in people] == [True, False, False, False]
    assert "第 2 人" in people[1][3] and "phone" in people[1][3]
    assert "第 3 人" in people[2][3] and "行政执法证件号" in people[2][3]          # the column's label
    assert "第 4 人" in people[3][3] and "姓名" in people[3][3]


def test_a_required_field_left_out_is_reported_at_the_start_given_empty_at_its_value(project):
    text = "# 案件数据\n" + _example("onsite-inspection", findings=None, evidence="''")
    filled, problems = _case(project, "onsite-inspection", text)
    by_field = _field_problems(problems)
    assert filled is None and sorted(by_field) == ["findings"]
    assert [(p.line, p.col, p.code) for p in by_field["findings"]] == [(2, 1, "C003")]   # the document's start
    text = _example("onsite-inspection", place="''")
    _, problems = _case(project, "onsite-inspection", text)
    assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "place"), "C003")]
    filled, problems = _case(project, "onsite-inspection", "- 不是映射\n")
    assert filled is None and [(p.line, p.col, p.code) for p in problems] == [(1, 1, "C000")]
    assert "映射" in problems[0].message


def test_amounts_choices_and_lists(project):
    ok = _example("major-decision-filing", amount="'36,000.5'")
    filled, problems = _case(project, "major-decision-filing", ok)
    assert problems == [] and filled.values["amount"] == Decimal("36000.50")
    filled, problems = _case(project, "major-decision-filing", _example("major-decision-filing", amount="0"))
    assert problems == [] and filled.values["amount"] == Decimal("0.00")     # amounts ≥ 0 (README)
    for raw, word in (("-1", "负数"), ("-0.01", "负数"), ("12.345", "两位小数"), ("abc", "金额"), ("true", "金额"),
                      ("'1,2a'", "金额")):
        text = _example("major-decision-filing", amount=raw)
        _, problems = _case(project, "major-decision-filing", text)
        refused = [p for p in problems if p.code == "C001"]                # (and so 金额 is not given: R104)
        assert [(p.line, p.col) for p in refused] == [_val(text, "amount")], raw
        assert refused[0].message.startswith("字段“amount”：") and word in refused[0].message, raw
    options = next(f.options for f in expect.expected_form("major-decision-filing").fields() if f.id == "decision_type")
    text = _example("major-decision-filing", decision_type="其他决定")
    _, problems = _case(project, "major-decision-filing", text)
    assert [(p.line, p.col) for p in problems] == [_val(text, "decision_type")]
    assert "“其他决定”" in problems[0].message and "、".join(options) in problems[0].message
    rights = next(f.options for f in expect.expected_form("enforcement-notice").fields() if f.id == "rights")
    filled, problems = _case(project, "enforcement-notice", _example("enforcement-notice", rights=rights[0]))
    assert problems == [] and filled.values["rights"] == [rights[0]]        # one choice may be written alone
    text = _example("enforcement-notice", rights=f"[{rights[0]}, 游泳权, 飞行权]")
    _, problems = _case(project, "enforcement-notice", text)
    problems = [p for p in problems if p.code == "C001"]                  # (and so the rights are not given: R104)
    assert [(p.line, p.col) for p in problems] == [_at(text, "rights")]
    assert "“游泳权、飞行权”" in problems[0].message and "、".join(rights) in problems[0].message


def test_control_characters_by_field_kind(project):
    """Format characters (Cf) are refused like control characters; in a multi-line field only the line break is let
    through, wherever the other character stands."""
    for field, raw in (("place", '"某\\u202e镇"'), ("party_opinion", '"无异议\\n\\u0007"'),
                       ("party_opinion", '"\\u0007\\n无异议"'), ("party_opinion", '"无\\u200d异议"')):
        text = _example("onsite-inspection", **{field: raw})
        filled, problems = _case(project, "onsite-inspection", text)
        assert filled is None and [(p.line, p.col, p.code) for p in problems] == [(*_val(text, field), "C001")], raw


def test_number_fields_and_an_unknown_type(project):
    """No form has a number field yet; the rule (a whole number ≥ 0) checked on one made here."""
    doc = parse_yaml("n: 1\n", "case.yaml")
    checker = CaseChecker(project, project.forms["onsite-inspection"], doc)
    number = SimpleNamespace(id="n", type="number")
    assert [checker.convert(number, raw) for raw in (0, 7)] == [0, 7] and checker.problems == []
    for raw in (-1, True, 1.5, "3"):
        checker.problems.clear()
        assert checker.convert(number, raw) is None
        assert [(p.line, p.col, p.code) for p in checker.problems] == [(1, 4, "C001")], raw
        assert checker.problems[0].message.startswith("字段“n”：") and "整数" in checker.problems[0].message
    checker.problems.clear()
    assert checker.convert(SimpleNamespace(id="n", type="colour"), "红") is None
    assert [(p.line, p.col) for p in checker.problems] == [(1, 4)] and "colour" in checker.problems[0].message


def test_officer_rules(project):
    one = "\n  - name: 张某\n    certificate: \"苏执 1\""
    same_cert = one + "\n  - name: 刘某\n    certificate: \"苏执 1\""
    same_name = one + "\n  - name: 张某\n    certificate: \"苏执 2\""
    for officers, word in ((one, "2人以上"), (same_cert, "证件号重复"), (same_name, "同一人")):
        text = _example("onsite-inspection", officers=officers)
        _, problems = _case(project, "onsite-inspection", text)
        assert [(p.line, p.col, p.code) for p in problems] == [(*_at(text, "officers"), "R101")], word
        assert problems[0].message.startswith("字段“officers”：") and word in problems[0].message
    text = _example("onsite-inspection", certificate_shown="false")
    _, problems = _case(project, "onsite-inspection", text)
    assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "certificate_shown"), "R101")]
    assert "出示" in problems[0].message and "《人口和计划生育行政执法行为规范》第十四条" in problems[0].message


def test_three_different_people_even_when_one_is_left_out(project):
    text = _example("case-approval", reviewer="''", decider="张某")
    _, problems = _case(project, "case-approval", text)
    by_field = _field_problems(problems)
    assert [p.code for p in by_field["decider"]] == ["R102"]              # 承办人 and 决定人 are the same person
    assert [(p.line, p.col) for p in by_field["decider"]] == [_val(text, "decider")]


def test_reporting_and_appeal_dates(project):
    case = (FORM_EXAMPLES / "major-case-report.yaml").read_text(encoding="utf-8")
    occurred = re.search(r"^occurred_at: \"?([^\"\n]+)\"?$", case, re.M)
    assert occurred, "the example states when the case occurred"
    rule = next(r for r in expect.expected_form("major-case-report").rules if r["kind"] == "report_deadlines")
    level, field = next(iter(rule["reported_fields"].items()))
    text = _example("major-case-report", **{field: f'"{occurred.group(1)}"'})
    filled, problems = _case(project, "major-case-report", text)
    assert problems == [], "reported at the very moment it occurred is not before it"
    text = _example("major-case-report", **{rule["occurred_field"]: None})
    filled, problems = _case(project, "major-case-report", text)            # no incident time: no deadlines, no crash
    assert filled is None and [p.code for p in problems] == ["C003"]
    # 过错（九）: 15 days from receipt; received 2025-09-16, the last day is 2025-10-09 (README, National Day)
    base = _example("fault-appeal", decision_received="2025-09-16")
    for filed, late in (("2025-10-09", False), ("2025-10-10", True)):
        filled, problems = _case(project, "fault-appeal", base.replace("appeal_date: 2025-03-10", f"appeal_date: {filed}"))
        assert problems == [] and any("已超过申诉期限" in w for w in filled.warnings) == late, filed
    text = base.replace("appeal_date: 2025-03-10", "appeal_date: 2025-09-15")
    _, problems = _case(project, "fault-appeal", text)
    assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "appeal_date"), "R105")]
    assert problems[0].message.startswith("字段“appeal_date”：")


def test_informing_before_deciding(project):
    text = _example("enforcement-notice", evidence="''", notice_date="2025-04-21")
    _, problems = _case(project, "enforcement-notice", text)
    by_field = _field_problems(problems)
    assert [(p.line, p.col, p.code) for p in by_field["evidence"]] == [(*_val(text, "evidence"), "C003"),
                                                                        (*_val(text, "evidence"), "R104")]
    assert _field_label("enforcement-notice", "evidence") in by_field["evidence"][0].message
    assert [(p.line, p.col, p.code) for p in by_field["notice_date"]] == [(*_val(text, "notice_date"), "R104")]
    message = by_field["notice_date"][0].message
    assert message.index(_field_label("enforcement-notice", "notice_date")) < message.index(
        _field_label("enforcement-notice", "planned_decision_date"))


# ------------------------------------------------------- training/exam.py (selection), model/question.py (shuffle)
# The rules in training/exam.py's docstring: within a regulation each pick takes a type it has been asked least in,
# then the type the paper has least of, then a type order drawn from the seed; on the paper, by type, within a type
# by regulation (handbook order).


def _bank(sizes: dict[str, dict[str, int]]) -> list[Question]:
    out = []
    for reg, per_type in sizes.items():
        for kind, n in per_type.items():
            for i in range(n):
                cite = Citation.model_construct(regulation=reg, unit="art_1", quote="引文")
                out.append(Question.model_construct(id=f"{reg}-{kind}-{i}", type=kind, basis=[cite]))
    return out


def test_a_pick_takes_the_type_the_paper_has_least_of():
    """r1 puts two single-choice questions on the paper and r2 one true/false; r3 may give either type, and being
    asked neither yet, must give the type the paper has less of: true/false, whatever the seed."""
    bank = _bank({"r1": {"single": 2}, "r2": {"true_false": 1}, "r3": {"single": 5, "true_false": 5}})
    for seed in range(40):
        chosen = select_questions(bank, ["r1", "r2", "r3"], 4, seed)
        assert [q.regulation for q in chosen if q.regulation == "r3"] == ["r3"]
        assert next(q.type for q in chosen if q.regulation == "r3") == "true_false", seed


def test_within_a_type_the_paper_follows_the_handbook_order():
    """r1's two single-choice questions come before r2's, though r2's was its first pick and r1's second its second."""
    bank = _bank({"r1": {"single": 2}, "r2": {"single": 1}})
    for seed in range(10):
        chosen = select_questions(bank, ["r1", "r2"], 3, seed)
        assert [q.regulation for q in chosen] == ["r1", "r1", "r2"]


def test_shuffled_options_keep_the_correct_answers_and_are_reproducible(project):
    raw = {q["id"]: q for path in sorted((expect.ROOT / "data" / "questions").glob("*.yaml"))
           for q in expect.load(path)["questions"]}
    letters = "ABCDEFG"
    for q in project.questions:
        if q.type not in ("single", "multiple", "scenario"):
            continue
        data = raw[q.id]
        correct = {data["options"][letters.index(x)] for x in data["answer"]}
        for salt in ("7", "1"):
            options, answer = q.shuffled_options(salt)
            assert sorted(options) == sorted(data["options"]), q.id
            assert {options[letters.index(x)] for x in answer} == correct, (q.id, salt)
            assert answer == "".join(sorted(answer))                          # letters in paper order
            assert q.shuffled_options(salt) == (options, answer)            # drawn from the salt, not the clock


# ---------------------------------------------------------------- second round (the survivors of the second run)


@pytest.mark.parametrize("char, refused", [
    ("\ufdcf", False), ("\ufdd0", True), ("\ufdef", True), ("\ufdf0", False), ("\ufffd", False), ("\ufffe", True),
    ("\uffff", True), ("\U0001fffe", True), ("\U0001ffff", True), ("\U0010ffff", True), ("\U0010fffd", False)])
def test_noncharacters_are_refused_and_their_neighbours_kept(project, char, refused):
    """Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) are refused like
    control characters; U+FFFE made the Word writer raise. The code points next to them are ordinary text."""
    text = _example("onsite-inspection", place=f'"某{char}镇"'.encode("unicode_escape").decode("ascii")
                    .replace("\\\\", "\\"))
    filled, problems = _case(project, "onsite-inspection", text)
    assert (filled is None) == refused
    if refused:
        assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "place"), "C001")]
        assert f"U+{ord(char):04X}" in problems[0].message


def test_single_and_multi_line_text_edges(project):
    text = _example("onsite-inspection", place='"某镇\\n"')                 # a single-line value's final newline
    filled, problems = _case(project, "onsite-inspection", text)
    assert filled is None and [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "place"), "C001")]
    filled, problems = _case(project, "onsite-inspection", _example("onsite-inspection", party_opinion='"编号X  \\n"'))
    assert problems == [] and filled.values["party_opinion"] == "编号X  "    # only the final line breaks go
    for length, ok in ((5000, True), (5001, False)):                      # MAX_TEXT: 5000 characters
        text = _example("onsite-inspection", party_opinion="字" * length)
        filled, problems = _case(project, "onsite-inspection", text)
        assert (filled is not None) == ok, length
        if not ok:
            assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "party_opinion"), "C001")]
            assert problems[0].message.startswith("字段“party_opinion”：") and "5001" in problems[0].message
    text = _example("onsite-inspection", party_id="'1101051949'")
    _, problems = _case(project, "onsite-inspection", text)
    assert [(p.line, p.col) for p in problems] == [_val(text, "party_id")]
    assert problems[0].message.startswith("字段“party_id”：") and "18位" in problems[0].message


def test_person_lists(project):
    text = _example("onsite-inspection", officers="张某")
    _, problems = _case(project, "onsite-inspection", text)
    assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, "officers"), "C001")]
    assert problems[0].message.startswith("字段“officers”：") and "人员列表" in problems[0].message
    # one bad row: the list is refused as a whole, so no officer rule looks at the rows that are left
    officers = "\n  - name: 张某\n    certificate: \"苏执 1\"\n  - name: \"李\\n某\"\n    certificate: \"苏执 1\""
    _, problems = _case(project, "onsite-inspection", _example("onsite-inspection", officers=officers))
    assert [p.code for p in problems] == ["C001"] and "第 2 人" in problems[0].message
    officers = "\n  - name: 张某\n    certificate: \"苏执 1\"\n  - name: 刘某\n    certificate: \"苏执\\u202e2\""
    _, problems = _case(project, "onsite-inspection", _example("onsite-inspection", officers=officers))
    assert [p.code for p in problems] == ["C001"] and "第 2 人" in problems[0].message   # a format character
    officers = "\n  - name: 张某\n    certificate: \"苏执 1\"\n  - certificate: \"苏执\\n2\""
    _, problems = _case(project, "onsite-inspection", _example("onsite-inspection", officers=officers))
    assert sorted(p.code for p in problems) == ["C001", "C003"]            # both faults of the second row


def test_rule_messages_name_their_fields(project):
    rule = next(r for r in expect.expected_form("major-case-report").rules if r["kind"] == "report_deadlines")
    field = next(iter(rule["reported_fields"].values()))
    text = _example("major-case-report", **{field: '"2000-01-01 00:00"'})
    _, problems = _case(project, "major-case-report", text)
    assert [(p.line, p.col, p.code) for p in problems] == [(*_val(text, field), "R103")]
    assert problems[0].message.startswith(f"字段“{field}”：") and "早于" in problems[0].message
    base = _example("fault-appeal", decision_received="2025-09-16")
    text = base.replace("appeal_date: 2025-03-10", "appeal_date: 2025-09-15")
    _, problems = _case(project, "fault-appeal", text)
    assert "早于" in problems[0].message
    filled, problems = _case(project, "fault-appeal", _example("fault-appeal", decision_received=None))
    assert filled is None and [p.code for p in problems] == ["C003"]      # no receipt date: no period, no crash
    filled, problems = _case(project, "fault-appeal", _example("fault-appeal", decision_received="2099-03-03",
                                                               appeal_date="2099-03-10"))
    assert problems == [] and any("2099" in w for w in filled.warnings)    # a year no calendar knows: said so
    text = _example("enforcement-notice", evidence="''")
    _, problems = _case(project, "enforcement-notice", text)
    r104 = [p for p in problems if p.code == "R104"]
    assert len(r104) == 1 and r104[0].message.startswith("字段“evidence”：")
    assert _field_label("enforcement-notice", "evidence") in r104[0].message
    text = _example("onsite-inspection") + "zzzz: 1\n"                    # nothing close: the fields are listed
    _, problems = _case(project, "onsite-inspection", text)
    assert "；本表的字段有：" in problems[0].message and "place" in problems[0].message
    rights = next(f.options for f in expect.expected_form("enforcement-notice").fields() if f.id == "rights")
    assert "游泳权" not in rights                                          # the value below is not an option
    _, problems = _case(project, "enforcement-notice", _example("enforcement-notice", rights="[游泳权]"))
    assert any(p.message.startswith("字段“rights”：“游泳权”") for p in problems)
    checker = CaseChecker(project, project.forms["onsite-inspection"], parse_yaml("n: 1\n", "case.yaml"))
    checker.convert(SimpleNamespace(id="n", type="colour"), "红")
    assert checker.problems[0].message.startswith("字段“n”：")


def test_checklist_edges(project):
    text = GOOD_HEADER + "answers:\n  g1_2: ' 是 '\n  g1_5: 1\n  g1_1: 90X\n"
    _, problems = _answers(project, text)
    assert _located(problems) == sorted([(*_val(text, "g1_5"), "C001"), (*_val(text, "g1_1"), "C001")])
    answers, problems = _answers(project, GOOD_HEADER + "answers:\n  g1_2: ' 是 '\n")
    assert problems == [] and answers.items["g1_2"].value == "是"
    text = "header: [某村]\nanswers: [是]\n"                                 # answers not first: at its own key
    _, problems = _answers(project, text)
    assert (*_at(text, "answers"), "C001") in _located(problems)
    text = GOOD_HEADER.replace("张某", '"张\\n某"') + "answers: {}\n"
    _, problems = _answers(project, text)
    assert [p.code for p in problems] == ["C001"] and "inspector" in problems[0].message
    _, problems = _answers(project, GOOD_HEADER + "answers:\n  zzzz: 是\n")
    assert [p.message for p in problems] == ["没有检查项“zzzz”"]            # nothing close to suggest


def test_a_refused_person_list_is_not_checked_by_the_officer_rules(project):
    """A list with a bad row is refused as a whole: the rules never see the rows that are left (which here would
    also be one officer too few, or two with the same name or certificate)."""
    good = "\n  - name: 张某\n    certificate: \"苏执 1\""
    for bad, code in (("\n  - 张某", "C001"),                                      # not name: …, certificate: …
                      ("\n  - name: 刘某\n    certificate: \"苏执 1\"\n    phone: \"1\"", "C002"),  # an extra item
                      ("\n  - name: 张某", "C003")):                              # no certificate
        _, problems = _case(project, "onsite-inspection", _example("onsite-inspection", officers=good + bad))
        assert [p.code for p in problems] == [code], [p.format() for p in problems]
    _, problems = _case(project, "onsite-inspection",
                        _example("onsite-inspection", officers=good + "\n  - name: \"李\\n某\""))
    assert sorted(p.code for p in problems) == ["C001", "C003"]            # the name's line break, no certificate


def test_more_text_edges(project):
    filled, problems = _case(project, "onsite-inspection", _example("onsite-inspection", party_opinion='"编号X\\n"'))
    assert problems == [] and filled.values["party_opinion"] == "编号X"
    _, problems = _case(project, "enforcement-notice", _example("enforcement-notice", legal_basis=None))
    r104 = [p for p in problems if p.code == "R104"]
    label = _field_label("enforcement-notice", "legal_basis")
    assert label not in project.forms["enforcement-notice"].rules[0].message
    assert len(r104) == 1 and f"“{label}”未填写" in r104[0].message
    assert [f.text for f in Finder([]).find("依照第十四条")] == []
