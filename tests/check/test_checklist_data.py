"""Checklists as data: the items the issue names, each citing its unit; answers files checked and summarised."""

import re

import pytest
import yaml

from conftest import ROOT, run_zhifa

EXAMPLES = ROOT / "data/examples/checklists"


def check(project, cl_id, text, tmp_path):
    from zhifa.check.checklist_answers import check_answers
    from zhifa.load.yamlio import read_yaml

    f = tmp_path / "answers.yaml"
    f.write_text(text, encoding="utf-8")
    return check_answers(project.checklists[cl_id], read_yaml(f, "answers.yaml"))


def example(cl_id):
    return (EXAMPLES / f"{cl_id}.yaml").read_text(encoding="utf-8")


def cited(project, cl_id):
    return [(i.basis.regulation, i.basis.unit) for i in project.checklists[cl_id].items()]


def test_self_inspection_has_all_21_items_of_section_two(project):
    reg = project.regulations["self-inspection"]
    subitems = [(reg.id, u.id) for u in reg.unit("sec_2").walk() if u.kind == "subitem"]
    assert len(subitems) == 21
    assert cited(project, "self-inspection") == subitems
    titles = {n.title for n in project.checklists["self-inspection"].notes}
    assert {"自查方法", "人员安排", "自查时间", "自查要求"} <= titles


def test_conduct_checklist_covers_articles_4_to_18_once_each(project):
    reg = project.regulations["code-of-conduct"]
    articles = []
    for _, u in cited(project, "conduct-self-check"):
        unit = reg.unit(u)
        article = unit if unit.kind == "article" else unit.parent
        articles.append(article.label)
    from zhifa.cite.numerals import to_chinese

    assert articles == [f"第{to_chinese(n)}条" for n in range(4, 19)]


def test_case_file_review_covers_supervision_six_and_seven(project):
    units = set(cited(project, "case-file-review"))
    assert {("supervision", f"art_6__item_{n}") for n in range(1, 7)} <= units
    assert {("supervision", f"art_7__para_1__item_{n}") for n in range(1, 5)} <= units
    assert ("code-of-conduct", "chp_2__art_7") in units
    assert {u for r, u in units if u.startswith("chp_2__art_10")}


def test_non_action_review_covers_the_six_items(project):
    assert cited(project, "non-action-review") == [("responsibility", f"art_11__item_{n}") for n in range(1, 7)]
    assert all(i.attention == "是" for i in project.checklists["non-action-review"].items())


def test_examples_pass_and_summary_counts_match_the_answers_file(project, tmp_path):
    from zhifa.check.checklist_answers import summarise

    for cl_id, cl in project.checklists.items():
        answers, problems = check(project, cl_id, example(cl_id), tmp_path)
        assert not problems, [p.format() for p in problems]
        raw = yaml.safe_load(example(cl_id))["answers"]
        plain = {k: (v["answer"] if isinstance(v, dict) else v) for k, v in raw.items()}
        attention = {i.id: i.attention for i in cl.items() if i.answer == "yes_no"}
        expected_attention = sum(1 for k, v in plain.items() if k in attention and v == attention[k])
        s = summarise(cl, answers)
        assert (s.items, s.answered, s.attention) == (len(cl.items()), len(raw), expected_attention)


@pytest.mark.parametrize("old, new, code, needle", [
    ("g1_2: 是", "g1_2: 也许", "C001", "g1_2"),
    ("g1_1: 90", "g1_1: 120", "C001", "g1_1"),
    ("g1_3: 2", "g1_3: -2", "C001", "g1_3"),
    ("g1_2: 是", "g1_22: 是", "C002", "g1_22"),
    ('  inspector: "张某、刘某"\n', "", "C003", "inspector"),
    ("  date: 2025-03-20", '  date: "2025-13-40"', "C001", "date"),
])
def test_bad_answers_are_refused(project, tmp_path, old, new, code, needle):
    text = example("self-inspection")
    assert old in text, old
    answers, problems = check(project, "self-inspection", text.replace(old, new), tmp_path)
    assert answers is None
    assert any(p.code == code and needle in p.message for p in problems), [p.format() for p in problems]


def test_item_quote_changed_fails_validate(copy):
    f = copy / "templates/checklists/non-action-review.yaml"
    text = f.read_text(encoding="utf-8")
    old = "quote: 应移交司法机关查处而未移交"
    line = text[: text.index(old)].count("\n") + 1
    f.write_text(text.replace(old, "quote: 应移交公安机关查处而未移交"), encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert re.search(rf"templates/checklists/non-action-review.yaml:{line}:\d+: C103 ", result.stdout), result.stdout


def test_fill_cli_writes_each_format_and_prints_the_summary(root, tmp_path, project):
    raw = yaml.safe_load(example("self-inspection"))["answers"]
    for suffix in (".xlsx", ".docx", ".pdf"):
        out = tmp_path / f"self{suffix}"
        result = run_zhifa("fill", "self-inspection", str(EXAMPLES / "self-inspection.yaml"), "-o", str(out),
                           "--root", str(root))
        assert result.returncode == 0, result.stdout + result.stderr
        assert out.is_file() and out.stat().st_size > 0
        assert f"已答 {len(raw)} 项，共 21 项" in result.stdout


def test_fill_cli_refuses_bad_answers_and_writes_nothing(root, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(example("self-inspection").replace("g1_2: 是", "g1_2: 也许"), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = run_zhifa("fill", "self-inspection", str(bad), "-o", str(out), "--root", str(root))
    assert result.returncode == 1 and "g1_2" in result.stdout and not out.exists()
