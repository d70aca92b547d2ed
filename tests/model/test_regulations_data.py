"""The regulations as data: structure as the issue describes the source, ids, positions, stats."""

import json
import re

from conftest import run_zhifa


def units_of(project, reg_id, kind):
    return [u for u in project.regulations[reg_id].walk() if u.kind == kind]


def test_six_regulations_in_order(project):
    titles = [r.title for r in project.ordered_regulations()]
    assert len(titles) == 6
    assert titles[0] == "人口和计划生育行政执法重大案件处置和报告制度"
    assert titles[5] == "人口和计划生育行政执法检查监督制度"


def test_code_of_conduct_shape(project):
    articles = units_of(project, "code-of-conduct", "article")
    assert [a.label for a in articles][:2] == ["第一条", "第二条"]
    assert len(articles) == 21 and articles[-1].label == "第二十一条"
    assert len(units_of(project, "code-of-conduct", "chapter")) == 3
    two_paras = {a.label for a in articles if len(a.children) == 2}
    assert two_paras == {"第四条", "第十条"}
    art14 = project.regulations["code-of-conduct"].unit("chp_2__art_14")
    assert "两人以上执法人员" in art14.text


def test_self_inspection_shape(project):
    reg = project.regulations["self-inspection"]
    assert [u.label for u in reg.units if u.kind == "section"] == ["一、", "二、", "三、", "四、", "五、"]
    groups = reg.unit("sec_2").children
    assert [g.label for g in groups] == ["1、", "2、", "3、", "4、", "5、", "6、"]
    assert sum(len(g.children) for g in groups) == 21
    assert reg.unit("preamble") is not None
    assert reg.unit("signature").text.endswith("人口和计划生育领导小组")
    assert reg.unit("date").text == "2025年3月5日"


def test_other_regulations_shape(project):
    assert [u.label for u in units_of(project, "major-case", "article")] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    resp = project.regulations["responsibility"]
    assert len(units_of(project, "responsibility", "article")) == 11
    assert [i.label for i in resp.unit("art_11").children] == [f"{n}、" for n in range(1, 7)]
    assert len(units_of(project, "fault-liability", "article")) == 9
    assert len(project.regulations["fault-liability"].unit("art_3").children) == 12
    sup = units_of(project, "supervision", "article")
    assert len(sup) == 15 and sup[-1].label == "（十五）"


def test_ids_are_unique_and_in_eid_style(project):
    for reg in project.regulations.values():
        ids = [u.id for u in reg.walk()]
        assert len(ids) == len(set(ids))
        for uid in ids:
            assert re.fullmatch(r"[a-z]+(_\d+)?(__[a-z]+_\d+)*", uid), uid


def test_positions_point_at_the_unit_in_its_file(project, root):
    reg = project.regulations["code-of-conduct"]
    unit = reg.unit("chp_2__art_14")
    lines = (root / "regulations/code-of-conduct.yaml").read_text(encoding="utf-8").split("\n")
    expected = next(i for i, ln in enumerate(lines, 1) if ln.strip() == "- id: chp_2__art_14")
    assert unit.pos.path == "regulations/code-of-conduct.yaml"
    assert unit.pos.line == expected
    text_line = next(i for i, ln in enumerate(lines, 1) if i > expected and ln.strip().startswith("text:"))
    assert unit.where("text").line == text_line


def test_jurisdiction_placeholders_are_variables(project, root):
    raw = "".join(p.read_text(encoding="utf-8") for p in (root / "regulations").glob("*.yaml"))
    assert "****县" not in raw and "**乡" not in raw
    assert "{{ county }}" in raw and "{{ township }}" in raw
    assert "江苏省" in raw and "安徽省" in raw and "朱顶镇" in raw


def test_validate_exits_0_with_one_summary_line(root):
    result = run_zhifa("validate", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("检查通过：")  # counts: tests/test_messages.py


def test_stats_json(root):
    result = run_zhifa("stats", "--json", "--root", str(root))
    assert result.returncode == 0
    stats = json.loads(result.stdout)
    assert stats["regulations"] == 6
    assert stats["units"] > 150


def test_usage_errors_exit_2(tmp_path):
    assert run_zhifa("validate", "--root", str(tmp_path)).returncode == 2
    assert run_zhifa("no-such-command").returncode == 2


def test_stats_counts_forms_checklists_terms_and_citations(root):
    stats = json.loads(run_zhifa("stats", "--json", "--root", str(root)).stdout)
    assert stats["forms"] == len(list((root / "templates/forms").glob("*.yaml")))
    assert stats["checklists"] == len(list((root / "templates/checklists").glob("*.yaml")))
    assert stats["glossary_terms"] >= 25
    quotes = sum(p.read_text(encoding="utf-8").count("quote:")
                 for p in [*(root / "templates").rglob("*.yaml"), *(root / "data").rglob("*.yaml")])
    assert stats["citations"] > quotes  # structured citations plus the typed ones
    assert 0 <= stats["units_cited_by_nothing"] < stats["units"]


def test_a_new_citation_reduces_units_cited_by_nothing(copy):
    import yaml

    # Take out the questions about 检查监督（十二）, its only citers, so that it is cited by nothing.
    bank = copy / "data" / "questions" / "supervision.yaml"
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if all(c["unit"] != "art_12" for c in q["basis"])]
    bank.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = json.loads(run_zhifa("stats", "--json", "--root", str(copy)).stdout)
    assert before["units_cited_by_nothing"] >= 1
    page = copy / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n另见《人口和计划生育行政执法检查监督制度》（十二）。\n", encoding="utf-8")
    after = json.loads(run_zhifa("stats", "--json", "--root", str(copy)).stdout)
    assert after["citations"] == before["citations"] + 1
    assert after["units_cited_by_nothing"] == before["units_cited_by_nothing"] - 1
