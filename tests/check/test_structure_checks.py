"""Checks on a law with 编 and 节: ids and numbering, nesting, fidelity with head lines and several source ranges,
and the 【待填写】 placeholders that validate lists as warnings."""

import json
import re

import pytest

from conftest import copy_project, run_zhifa
from structure_support import HISTORY, LAW_ID, SOURCE, SOURCE_LINES, add_law, edit_law, law_project, line_of

REG = f"regulations/{LAW_ID}.yaml"
WARNING = "仍是待填写的占位内容：请按原文填写（删去“【待填写】”）"


@pytest.fixture
def law(tmp_path):
    return law_project(tmp_path / "law")


def problems(root):
    from zhifa.check.validate import validate_root

    return validate_root(root)


def codes(root):
    return [(p.code, p.line) for p in problems(root)]


def test_the_law_is_clean(law):
    assert problems(law) == []


# ids and numbering ----------------------------------------------------------------------------------------------

def test_chapters_restart_under_each_part(law):
    """第二编's first chapter is 第一章 (part_2__chp_1); writing it 第三章, as if chapters ran on, is a wrong label."""
    line = edit_law(law, "        label: 第一章\n        heading: 施　　行", "        label: 第三章\n        heading: 施　　行")
    found = {p.code: p for p in problems(law)}
    assert sorted((p.code, p.line) for p in found.values()) == [("I002", line), ("N002", line)]
    assert "应为第 1 个，此处 label“第三章”表示第 3 个" in found["N002"].message
    assert "请把 label 改为“第一章”" in found["I002"].message


def test_articles_run_through_parts_chapters_and_subchapters(law):
    """The article of 第二编 is the law's fifth: 第一条 there (numbering restarted) is wrong."""
    line = edit_law(law, "label: 第五条", "label: 第一条")
    found = {p.code: p for p in problems(law)}
    assert sorted((p.code, p.line) for p in found.values()) == [("I002", line), ("N002", line)]
    assert "第 4 个条之后应为第 5 个" in found["N002"].message
    assert "请把 label 改为“第五条”" in found["I002"].message


def test_a_gap_in_the_subchapters_of_a_chapter(law):
    line = line_of(law, "label: 第二节")
    text = (law / REG).read_text(encoding="utf-8").replace("subchp_2", "subchp_3").replace("第二节", "第三节")
    (law / REG).write_text(text, encoding="utf-8")
    found = problems(law)
    # id and label agree, so the gap is no numbering error (W002 if the source had it); the source says 第二节,
    # and fidelity holds every label to the source
    assert [(p.code, p.line) for p in found] == [("F001", line)]
    assert "第三节" in found[0].message and "第二节" in found[0].message


def test_subchapters_restart_in_each_chapter(tmp_path):
    """A second chapter with subchapters numbers them from 第一节 again (id …__chp_1__subchp_1)."""
    from structure_support import LAW_YAML

    old = """          - id: part_2__chp_1__art_5
            kind: article"""
    new = """          - id: part_2__chp_1__subchp_1
            kind: subchapter
            label: 第一节
            children:
              - id: part_2__chp_1__subchp_1__art_5
                kind: article"""
    text = LAW_YAML.replace(old, new).replace("lines: 1-3, 12-33", "lines: 1-3, 12-34")
    text = text.replace("            label: 第五条\n            text: 本法自",
                        "                label: 第五条\n                text: 本法自")
    root = law_project(tmp_path / "law")
    add_law(root, text, [*SOURCE_LINES[:32], "第一节", SOURCE_LINES[32]])
    assert problems(root) == []


def test_a_wrong_id_names_the_right_one(law):
    line = edit_law(law, "id: part_1__chp_2__subchp_1__art_3__item_1\n", "id: part_1__chp_2__subchp_1__art_3__item_9\n")
    found = problems(law)
    assert [(p.code, p.line) for p in found] == [("I002", line)]
    assert "请把 id 改为“part_1__chp_2__subchp_1__art_3__item_1”" in found[0].message


def test_a_subchapter_id_needs_its_own_prefix(law):
    line = edit_law(law, "id: part_1__chp_2__subchp_2\n", "id: part_1__chp_2__sec_2\n")
    found = [p for p in problems(law) if p.line == line]
    assert [p.code for p in found] == ["I002"]
    assert "请把 id 改为“part_1__chp_2__subchp_2”" in found[0].message


@pytest.mark.parametrize("old, new, message", [
    ("label: 第一节", "label: 第一章", "label“第一章”不是节的编号格式（应为 第X节）"),
    ("label: 第二编", "label: 第二部分", "label“第二部分”不是编的编号格式（应为 第X编）"),
    ("label: (一)", "label: 一、", "label“一、”不是项的编号格式"),
    ('label: "1."', 'label: "1。"', "label“1。”不是目的编号格式"),
])
def test_labels_of_the_wrong_shape(law, old, new, message):
    line = edit_law(law, old, new)
    found = [p for p in problems(law) if p.code == "N001"]
    assert [p.line for p in found] == [line]  # (the next sibling is then out of step: N002, as for any kind)
    assert message in found[0].message


def test_a_subchapter_at_the_top_level_is_misplaced(law):
    line = edit_law(law, "  - id: part_2\n    kind: part\n    label: 第二编",
                    "  - id: subchp_1\n    kind: subchapter\n    label: 第一节") + 1
    found = [p for p in problems(law) if p.code == "K001"]
    assert found[0].line == line
    assert found[0].message.startswith("顶层不能放“节”（subchapter）；可放：") and "编" in found[0].message
    # and what was under it is now a chapter under a subchapter
    assert [p.message for p in found[1:]] == ["“节”之下不能放“章”（chapter）；可放：条"]


def test_an_article_directly_under_a_part_is_misplaced(law):
    old = "      - id: part_2__chp_1\n        kind: chapter\n        label: 第一章\n        heading: 施　　行\n"
    line = edit_law(law, old, "      - id: part_2__art_5\n        kind: article\n        label: 第五条\n"
                              "        text: 本法自2024年1月1日起施行。\n        children: []\n      - id: part_2__chp_1\n"
                              "        kind: chapter\n        label: 第一章\n        heading: 施　　行\n") + 1
    found = [p for p in problems(law) if p.code == "K001"]
    assert [p.line for p in found] == [line]
    assert found[0].message == "“编”之下不能放“条”（article）；可放：章"


# fidelity with head lines and ranges --------------------------------------------------------------------------

def test_one_character_changed_in_a_head_line(law):
    line = edit_law(law, "第十四届全国人民代表大会", "第十五届全国人民代表大会")
    found = problems(law)
    assert [(p.code, p.line) for p in found] == [("F001", line)]
    column = SOURCE_LINES[2].index("第十四届") + 3  # 1-based column of 四 in source line 3
    assert f"{SOURCE} 第 3 行第 {column} 列" in found[0].message


def test_a_head_line_left_out(law):
    line = line_of(law, "history:")
    edit_law(law, f"  - {HISTORY[1]}\n", "")
    found = problems(law)
    assert [p.code for p in found] == ["F001"] and found[0].line > line  # at the unit that now meets line 3
    assert f"{SOURCE} 第 3 行第 1 列" in found[0].message


def test_one_character_changed_in_a_unit_after_the_table_of_contents(law):
    line = edit_law(law, "text: 书面投诉；", "text: 书画投诉；")
    found = problems(law)
    assert [(p.code, p.line) for p in found] == [("F001", line)]
    assert f"{SOURCE} 第 27 行第 4 列" in found[0].message  # 1.书面投诉；: 面 is the fourth character


def test_a_range_that_keeps_the_table_of_contents_is_a_difference(law):
    edit_law(law, "lines: 1-3, 12-33", "lines: 1-33")
    found = problems(law)
    assert [p.code for p in found] == ["F001"]
    assert f"{SOURCE} 第 4 行第 1 列" in found[0].message and "目" in found[0].message


def test_a_range_that_stops_short(law):
    edit_law(law, "lines: 1-3, 12-33", "lines: 1-3, 12-32")
    found = problems(law)
    assert [p.code for p in found] == ["F001"]
    assert "此处多了" in found[0].message and "（原文到此为止）" in found[0].message


@pytest.mark.parametrize("lines, message", [
    ("1-3, 12-35", "行号范围 1-3, 12-35 超出原文（共 34 行）"),  # 33 lines and a newline: an empty 34th
    ("12-33, 1-3", "须按顺序排列且互不重叠"),
    ("1-12, 12-33", "须按顺序排列且互不重叠"),
])
def test_ranges_outside_the_source_or_out_of_order(law, lines, message):
    line = edit_law(law, "lines: 1-3, 12-33", f"lines: {lines}")
    found = problems(law)
    assert [(p.code, p.line) for p in found] == [("R005", line)]
    assert message in found[0].message


def test_a_variable_in_a_head_line_is_checked(law):
    line = edit_law(law, "  - （2020年6月1日", "  - （{{ nowhere }}2020年6月1日")
    assert ("V001", line) in codes(law)


# placeholders ---------------------------------------------------------------------------------------------------

def _placeholders(root):
    summary = edit_law(root, "summary: 为测试编造的法律", "summary: 【待填写】为测试编造的法律")
    issuer = edit_law(root, "issuer: 全国人民代表大会常务委员会", "issuer: 【待填写】")
    effective = edit_law(root, "effective: 2024年1月1日", "effective: 【待填写】施行日期")
    return summary, issuer, effective


def test_placeholders_are_warnings_after_the_summary(law):
    summary, issuer, effective = _placeholders(law)
    result = run_zhifa("validate", "--root", str(law))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("检查通过：1 部规章制度")
    assert out[1:] == [f"{REG}:{summary}:10: W001 summary {WARNING}",
                       f"{REG}:{issuer}:9: W001 issuer {WARNING}",
                       f"{REG}:{effective}:12: W001 effective {WARNING}"]


def test_placeholders_in_json_are_marked_as_warnings(law):
    summary, _, _ = _placeholders(law)
    result = run_zhifa("validate", "--root", str(law), "--format", "json")
    assert result.returncode == 0
    entries = json.loads(result.stdout)
    assert [(e["code"], e["severity"]) for e in entries] == [("W001", "warning")] * 3
    assert entries[0]["line"] == summary and entries[0]["path"] == REG


def test_placeholders_beside_real_problems(law):
    _placeholders(law)
    bad = edit_law(law, "label: 第五条", "label: 第六条")
    result = run_zhifa("validate", "--root", str(law))
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(REG)}:{bad}:\d+: N002 ", result.stdout, re.M)
    assert result.stdout.count(" W001 ") == 3 and "检查通过" not in result.stdout
    entries = json.loads(run_zhifa("validate", "--root", str(law), "--format", "json").stdout)
    assert {e.get("severity") for e in entries if e["code"] != "W001"} == {None}  # problems carry no severity
    assert [e["severity"] for e in entries if e["code"] == "W001"] == ["warning"] * 3


def test_a_placeholder_in_a_note_and_in_each_field(law):
    from zhifa.check.placeholders import placeholder_warnings
    from zhifa.load.loader import load_project

    edit_law(law, "short_title: 示范执法监督法", "short_title: 【待填写】")
    edit_law(law, "scope: 各级人民政府", "scope: 【待填写】各级人民政府")
    (law / REG).write_text((law / REG).read_text(encoding="utf-8") + "notes:\n  - text: 【待填写】原文未载明\n",
                           encoding="utf-8")
    found = placeholder_warnings(load_project(law))
    assert [p.message.split(" 仍是")[0] for p in found] == ["short_title", "scope", "notes 第 1 条"]
    assert {p.code for p in found} == {"W001"}


def test_the_shipped_project_has_no_placeholders(project):
    from zhifa.check.placeholders import placeholder_warnings

    assert placeholder_warnings(project) == []


def test_an_exam_is_made_with_a_placeholder_left(tmp_path):
    root = copy_project(tmp_path / "proj")
    add_law(root)
    _placeholders(root)
    out = tmp_path / "exam.docx"
    result = run_zhifa("exam", "--count", "5", "--seed", "1", "-o", str(out), "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file()


# stats ----------------------------------------------------------------------------------------------------------

def test_articles_inside_subchapters_are_top_level_units(law):
    from zhifa.app.stats import top_level_units
    from zhifa.load.loader import load_project

    ids = [u.id for _, u in top_level_units(load_project(law))]
    assert ids == ["part_1__chp_1__art_1", "part_1__chp_1__art_2", "part_1__chp_2__subchp_1__art_3",
                   "part_1__chp_2__subchp_2__art_4", "part_2__chp_1__art_5"]
