"""The question bank and the learning path (issue 7): size, coverage, and that validate rejects unsupported answers.

Broken questions are written into a throw-away copy of the project and validated; each must be reported with its
code at the line of the offending field, computed here from the text written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_zhifa
from zhifa.check.project import check_project
from zhifa.load.loader import load_project
from zhifa.model.question import TYPE_NAMES

TYPES = set(TYPE_NAMES)


def raw_questions() -> list[dict]:
    """The bank read with plain PyYAML, independently of the project's loader."""
    out = []
    for path in sorted((ROOT / "data" / "questions").glob("*.yaml")):
        out += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return out


def top_level_units() -> list[tuple[str, str]]:
    """Articles, sections and preambles at the top of each regulation or directly inside a chapter, read raw."""
    out = []
    for path in sorted((ROOT / "regulations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for unit in data["units"]:
            inner = unit.get("children", []) if unit["kind"] == "chapter" else [unit]
            out += [(path.stem, u["id"]) for u in inner if u["kind"] in ("article", "section", "preamble")]
    return out


def test_bank_has_at_least_100_questions_of_every_type():
    questions = raw_questions()
    assert len(questions) >= 100
    assert {q["type"] for q in questions} == TYPES
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))


def test_every_regulation_is_asked_in_several_types():
    by_reg: dict[str, set[str]] = {}
    for q in raw_questions():
        by_reg.setdefault(q["basis"][0]["regulation"], set()).add(q["type"])
    regs = {p.stem for p in (ROOT / "regulations").glob("*.yaml")}
    assert set(by_reg) == regs
    thin = {r: sorted(t) for r, t in by_reg.items() if len(t) < 4}
    assert not thin, f"regulations asked in fewer than four question types: {thin}"


def test_every_top_level_unit_has_a_question():
    asked = [(c["regulation"], c["unit"]) for q in raw_questions() for c in q["basis"]]
    missing = [(reg, uid) for reg, uid in top_level_units()
               if not any(r == reg and (u == uid or u.startswith(uid + "__")) for r, u in asked)]
    assert not missing, f"top-level units without a question: {missing}"


def test_stats_reports_questions_and_uncovered_units():
    result = run_zhifa("stats", "--json", "--root", str(ROOT))
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["questions"] == len(raw_questions())
    assert stats["units_without_question"] == 0


def test_stats_counts_an_uncovered_unit(copy: Path):
    """Drop every question about one unit: stats must count exactly that unit as uncovered."""
    path = copy / "data" / "questions" / "major-case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if all(c["unit"] != "art_1" for c in q["basis"])]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_zhifa("stats", "--json", "--root", str(copy))
    assert json.loads(result.stdout)["units_without_question"] == 1


# A question file written into the copy: each entry is (question YAML, expected code, field whose line is reported).
GOOD_BASIS = """    basis:
      - regulation: code-of-conduct
        unit: chp_2__art_14
        quote: 必须有两人以上执法人员，应当向当事人主动出示行政执法证件
"""
CASES = {
    "correct-not-quoted": ("""  - id: t-correct-not-quoted
    type: single
    stem: 执法时至少应有几名执法人员？
    options: [一人, 三人以上, 两名执法人员即可]
    answer: C
    explanation: 两人以上。
""" + GOOD_BASIS, "Q005", "answer"),
    "wrong-option-quoted": ("""  - id: t-wrong-option-quoted
    type: single
    stem: 执法人员应当向当事人（　　）。
    options: [主动出示行政执法证件, 出示工作证, 两人以上执法人员]
    answer: A
    explanation: 主动出示证件。
""" + GOOD_BASIS, "Q006", "options"),
    "bad-letter": ("""  - id: t-bad-letter
    type: single
    stem: 执法人员应当向当事人（　　）。
    options: [主动出示行政执法证件, 出示工作证, 口头说明身份]
    answer: E
    explanation: 主动出示证件。
""" + GOOD_BASIS, "Q004", "answer"),
    "single-with-two": ("""  - id: t-single-with-two
    type: single
    stem: 执法人员应当（　　）。
    options: [主动出示行政执法证件, 两人以上执法人员, 口头说明身份]
    answer: AB
    explanation: 两项都对。
""" + GOOD_BASIS, "Q004", "answer"),
    "true-keeps-key-but-false": ("""  - id: t-tf-false-keeps-key
    type: true_false
    stem: 具体执法过程中必须有两人以上执法人员。
    answer: false
    key: 必须有两人以上执法人员
    explanation: 说法与原文一致，答案却标为错误。
""" + GOOD_BASIS, "Q008", "key"),
    "true-without-key-words": ("""  - id: t-tf-true-distorted
    type: true_false
    stem: 具体执法过程中有一名执法人员即可。
    answer: true
    key: 必须有两人以上执法人员
    explanation: 说法改动了原文，答案却标为正确。
""" + GOOD_BASIS, "Q008", "key"),
    "tf-without-key": ("""  - id: t-tf-no-key
    type: true_false
    stem: 具体执法过程中必须有两人以上执法人员。
    answer: true
    explanation: 缺少 key。
""" + GOOD_BASIS, "Q007", "type"),
    "blank-count": ("""  - id: t-blank-count
    type: fill_blank
    stem: 执法过程中必须有____以上执法人员。
    answer: [两人, 主动]
    explanation: 两人以上。
""" + GOOD_BASIS, "Q009", "stem"),
    "blank-answer-not-quoted": ("""  - id: t-blank-not-quoted
    type: fill_blank
    stem: 执法过程中必须有____以上执法人员。
    answer: [三人]
    explanation: 两人以上。
""" + GOOD_BASIS, "Q005", "answer"),
    "scenario-without-case": ("""  - id: t-scenario-no-case
    type: scenario
    stem: 执法人员应当怎么做？
    options: [主动出示行政执法证件, 出示工作证, 口头说明身份]
    answer: A
    explanation: 主动出示证件。
""" + GOOD_BASIS, "Q002", "type"),
    "quote-not-in-unit": ("""  - id: t-quote-not-in-unit
    type: single
    stem: 执法人员应当向当事人（　　）。
    options: [主动出示行政执法证件, 出示工作证, 口头说明身份]
    answer: A
    explanation: 主动出示证件。
    basis:
      - regulation: code-of-conduct
        unit: chp_2__art_15
        quote: 应当向当事人主动出示行政执法证件
""", "C103", "quote"),
}


def line_of(text: str, question_id: str, field: str) -> int:
    """1-based line of ``field:`` inside the question with ``question_id``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f"id: {question_id}" in line)
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{field}:")) + 1


@pytest.fixture(scope="module")
def broken_problems(tmp_path_factory) -> tuple[str, list]:
    """All the broken questions in one file of one copy, validated once."""
    import shutil

    dest = tmp_path_factory.mktemp("qbank") / "proj"
    for name in ("regulations", "data", "templates", "docs"):
        shutil.copytree(ROOT / name, dest / name)
    text = "questions:\n" + "".join(case for case, _, _ in CASES.values())
    (dest / "data" / "questions" / "zz-broken.yaml").write_text(text, encoding="utf-8")
    problems = [p for p in check_project(load_project(dest)) if p.path == "data/questions/zz-broken.yaml"]
    return text, problems


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_question_is_reported_at_its_line(broken_problems, name):
    text, problems = broken_problems
    case, code, field = CASES[name]
    qid = case.split("id: ", 1)[1].split("\n", 1)[0]
    line = line_of(text, qid, field)
    found = [(p.code, p.line) for p in problems]
    assert (code, line) in found, f"{name}: expected {code} at line {line}, got {found}"


def test_good_questions_in_the_same_file_pass(copy: Path):
    text = "questions:\n" + """  - id: t-good-single
    type: single
    stem: 执法人员应当向当事人（　　）。
    options: [主动出示行政执法证件, 出示工作证, 口头说明身份]
    answer: A
    explanation: 主动出示证件。
""" + GOOD_BASIS + """  - id: t-good-tf
    type: true_false
    stem: 执法过程中有一名执法人员即可。
    answer: false
    key: 必须有两人以上执法人员
    explanation: 必须两人以上。
""" + GOOD_BASIS
    (copy / "data" / "questions" / "zz-good.yaml").write_text(text, encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr


def test_duplicate_question_id_is_reported(copy: Path):
    first = raw_questions()[0]["id"]
    text = "questions:\n" + f"""  - id: {first}
    type: single
    stem: 执法人员应当向当事人（　　）。
    options: [主动出示行政执法证件, 出示工作证, 口头说明身份]
    answer: A
    explanation: 主动出示证件。
""" + GOOD_BASIS
    (copy / "data" / "questions" / "zz-dup.yaml").write_text(text, encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1
    assert "data/questions/zz-dup.yaml:2:" in result.stdout and "Q001" in result.stdout


def test_learning_path_missing_regulation_and_foreign_point(copy: Path):
    path = copy / "data" / "training.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dropped = data["path"].pop()["regulation"]
    data["path"][0]["points"][0]["basis"]["regulation"] = "responsibility"
    data["path"][0]["points"][0]["basis"]["unit"] = "art_7"
    data["path"][0]["points"][0]["basis"]["quote"] = "应实行办案、审案、决定三分离"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1
    codes = [line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines() if ": Q" in line]
    assert codes == ["Q011"], result.stdout  # leaving a regulation out of the path is allowed
    assert dropped not in result.stdout


def test_learning_path_covers_every_regulation_with_cited_points(project):
    assert project.training is not None
    assert {s.regulation for s in project.training.path} == set(project.regulations)
    for step in project.training.path:
        kinds = {p.kind for p in step.points}
        assert "duty" in kinds, step.regulation
