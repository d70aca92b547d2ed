"""Messages for people (issue 12, findings 5 and 7): each names the file, the line where the defect was put, what is
wrong and how to fix it — never a traceback, never libyaml's English alone, never a wrong suggestion."""

import re
import typing

import cn2an
import docx
import openpyxl
import pytest
import yaml

from conftest import ROOT, run_zhifa

SOURCE = "data/sources/regulations-source.txt"
REG = "regulations/major-case.yaml"


def validate(root):
    result = run_zhifa("validate", "--root", str(root))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def problems_in(root):
    from zhifa.check.validate import validate_root

    return validate_root(root)


def found(out, path, code):
    """(line, col, message) of every ``path:line:col: CODE message`` line of ``out``."""
    return [(int(a), int(b), m) for a, b, m in re.findall(rf"^{re.escape(path)}:(\d+):(\d+): {code} (.*)$", out, re.M)]


def first_non_ascii(text):
    """1-based line and column of the first character a GBK file writes differently from UTF-8."""
    i = next(i for i, c in enumerate(text) if ord(c) > 127)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


def line_of(text, needle):
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def edit(path, old, new):
    """Replace ``old`` (once in the file) and return the line where it starts."""
    text = path.read_text(encoding="utf-8")
    line = line_of(text, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


# --- source files under data/sources/ ---------------------------------------------------------------------------


def test_gbk_source_is_named_with_its_fix(copy):
    text = (copy / SOURCE).read_text(encoding="utf-8")
    (copy / SOURCE).write_bytes(text.encode("gbk"))  # Notepad's "ANSI" on a Chinese Windows
    result = validate(copy)
    assert result.returncode == 1
    hits = found(result.stdout, SOURCE, "R006")
    assert len(hits) == 1, result.stdout  # six regulations share the file: one problem, not six
    line, col, message = hits[0]
    assert (line, col) == first_non_ascii(text)
    assert "GBK" in message and "UTF-8" in message and "另存为" in message


def test_build_with_gbk_source_fails_with_the_same_message(site_copy, tmp_path):
    text = (site_copy / SOURCE).read_text(encoding="utf-8")
    (site_copy / SOURCE).write_bytes(text.encode("gbk"))
    out = tmp_path / "out"
    result = run_zhifa("build", "--root", str(site_copy), "--out", str(out))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1
    hits = found(result.stdout, SOURCE, "R006")
    assert [(line, col) for line, col, _ in hits] == [first_non_ascii(text)], result.stdout
    assert "GBK" in hits[0][2]
    assert not (out / "index.html").exists()


def test_word_file_as_source_is_named(copy):
    lines = (copy / SOURCE).read_text(encoding="utf-8").split("\n")
    document = docx.Document()
    for text in lines:
        document.add_paragraph(text)
    document.save(copy / "data/sources/regulations.docx")
    edit(copy / REG, f"file: {SOURCE}", "file: data/sources/regulations.docx")
    result = validate(copy)
    assert result.returncode == 1
    hits = found(result.stdout, "data/sources/regulations.docx", "R007")
    assert len(hits) == 1 and hits[0][:2] == (1, 1), result.stdout
    assert "Word" in hits[0][2] and "UTF-8" in hits[0][2] and "纯文本" in hits[0][2]


def _docx(path):
    document = docx.Document()
    document.add_paragraph("第一条 为规范执法行为，制定本规范。")
    document.save(path)


def _xlsx(path):
    book = openpyxl.Workbook()
    book.active["A1"] = "第一条"
    book.save(path)


@pytest.mark.parametrize("name, write, code, words", [
    ("原件.docx", _docx, "R007", ["Word"]),
    ("附表.xlsx", _xlsx, "R007", ["Excel"]),
    ("junk.bin", lambda p: p.write_bytes(bytes(range(256)) * 8), "R007", ["不是文本文件"]),
    ("unicode.txt", lambda p: p.write_text("第一条 为规范执法行为，制定本规范。\n", encoding="utf-16"), "R006", ["UTF-16"]),
])
def test_other_files_in_sources_are_reported(copy, name, write, code, words):
    write(copy / "data/sources" / name)
    hits = [p for p in problems_in(copy) if p.path == f"data/sources/{name}"]
    assert [p.code for p in hits] == [code], hits
    assert all(w in hits[0].message for w in words), hits[0].message


def test_control_character_in_source_is_at_its_line(copy):
    text = (copy / SOURCE).read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(i for i, ln in enumerate(lines, start=1) if "必须有两人以上执法人员" in ln)
    col = lines[number - 1].index("两人") + 1
    lines[number - 1] = lines[number - 1].replace("两人", "\x1b两人", 1)
    (copy / SOURCE).write_text("\n".join(lines), encoding="utf-8")
    hits = [p for p in problems_in(copy) if p.path == SOURCE]
    assert [(p.code, p.line, p.col) for p in hits] == [("R008", number, col)], hits
    assert "U+001B" in hits[0].message


# --- the YAML files themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "regulations/major-case.yaml", "data/jurisdiction.yaml", "data/glossary.yaml", "data/questions/major-case.yaml",
    "templates/forms/fault-appeal.yaml", "templates/checklists/self-inspection.yaml",
    "data/examples/forms/fault-appeal.yaml",  # read by nothing in validate until now: passed silently
])
def test_gbk_yaml_is_named(copy, path):
    text = (copy / path).read_text(encoding="utf-8")
    (copy / path).write_bytes(text.encode("gbk"))
    hits = [p for p in problems_in(copy) if p.path == path]
    assert [(p.code, p.line, p.col) for p in hits] == [("Y001", *first_non_ascii(text))], hits
    assert "GBK" in hits[0].message and "UTF-8" in hits[0].message


def test_word_file_saved_as_yaml_is_named(copy):
    path = "templates/forms/fault-appeal.yaml"
    _docx(copy / path)
    hits = [p for p in problems_in(copy) if p.path == path]
    assert [(p.code, p.line) for p in hits] == [("Y010", 1)] and "Word" in hits[0].message, hits


# --- YAML syntax errors in Chinese --------------------------------------------------------------------------------

SYNTAX = [
    # name, old, new, line of the defect relative to ``old``, code, key words of the message
    ("list item without dash", "  - 重大案件报告制度\n", "  - 重大案件报告制度\n  报告制度\n", 1, "Y003", ["缺少冒号", "- "]),
    ("colon in text", "    label: （三）", "    label: （三） 注: 见下", 0, "Y003", ["冒号", "引号"]),
    ("line without colon", "type: 制度\n", "type: 制度\n备注\n", 1, "Y003", ["缺少冒号"]),
    ("tab", "  - id: art_2\n", "\t- id: art_2\n", 0, "Y003", ["制表符", "空格"]),
    ("star text", "    text: 查明原因后", "    text: *注*查明原因后", 0, "Y003", ["别名", "引号"]),
    ("alias", "issuer: 原文未载明", "issuer: *issuer", 0, "Y005", ["别名", "引号"]),
    ("text after quote", "title: 人口和计划生育行政执法重大案件处置和报告制度",
     'title: "人口和计划生育行政执法重大案件处置和报告制度" 多余', 0, "Y003", ["引号后面"]),
    ("unclosed double quote", "short_title: 重大案件处置和报告制度", 'short_title: "重大案件处置和报告制度', 0, "Y003",
     ["引号没有闭合"]),
    ("unclosed single quote", "short_title: 重大案件处置和报告制度", "short_title: '重大案件处置和报告制度", 0, "Y003",
     ["引号没有闭合"]),
    ("unclosed bracket", "aliases:\n  - 重大案件报告制度\n", "aliases: [重大案件报告制度\n", 0, "Y003", ["方括号没有闭合"]),
    ("stray bracket", "type: 制度\n", "type: 制度\n]\n", 1, "Y003", ["多了“]”"]),
    ("indentation", "  - id: art_2\n    kind: article\n", "  - id: art_2\n   kind: article\n", 1, "Y003", ["缩进"]),
    ("dash on key line", "aliases:\n  - 重大案件报告制度\n", "aliases: - 重大案件报告制度\n", 0, "Y003", ["同一行"]),
    ("second document", "status: 现行有效\n", "status: 现行有效\n---\n", 1, "Y003", ["---", "删除"]),
    ("at sign", "issuer: 原文未载明", "issuer: @原文未载明", 0, "Y003", ["@", "引号"]),
    ("block scalar", "scope: 因", "scope: |x 因", 0, "Y003", ["|", "换行"]),
    ("duplicate key", "short_title:", "title: 重复\nshort_title:", 0, "Y004", ["重复", "title"]),
    ("NUL", "issuer: 原文未载明", "issuer: 原文\x00未载明", 0, "Y009", ["U+0000", "NUL"]),
]


@pytest.mark.parametrize("name, old, new, offset, code, words", SYNTAX, ids=[c[0] for c in SYNTAX])
def test_yaml_syntax_error_in_chinese_at_its_line(copy, name, old, new, offset, code, words):
    line = edit(copy / REG, old, new) + offset
    hits = [p for p in problems_in(copy) if p.path == REG]
    assert [(p.code, p.line) for p in hits] == [(code, line)], hits
    message = hits[0].message
    assert all(w in message for w in words), message
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", message), message  # no English sentence left


def test_nul_is_reported_at_its_column(copy):
    text = (copy / REG).read_text(encoding="utf-8")
    line = line_of(text, "issuer: 原文未载明")
    (copy / REG).write_text(text.replace("issuer: 原文未载明", "issuer: 原文\x00未载明"), encoding="utf-8")
    hits = [p for p in problems_in(copy) if p.path == REG]
    assert [(p.line, p.col) for p in hits] == [(line, len("issuer: 原文") + 1)], hits


def test_unknown_parser_message_is_shown_with_its_english():
    from yaml.error import Mark, MarkedYAMLError

    from zhifa.load.yaml_messages import explain

    text = "a: 1\nb: 2\n"
    exc = MarkedYAMLError("while doing something new", Mark("t", 0, 0, 0, text, 0),
                          "found a brand-new problem", Mark("t", 6, 1, 1, text, 6))
    line, col, message = explain(exc, text)
    assert (line, col) == (2, 2)
    assert message.startswith("YAML 语法错误") and "found a brand-new problem" in message


# --- I002: label or id, whichever does not fit its place ---------------------------------------------------------


def walk(units):
    for unit in units:
        yield unit
        yield from walk(unit.get("children") or [])


def test_mistyped_label_suggests_the_label(copy):
    path = "regulations/code-of-conduct.yaml"
    text = (copy / path).read_text(encoding="utf-8")
    articles = [u for u in walk(yaml.safe_load(text)["units"]) if u["kind"] == "article"]
    k = 5  # the fifth article, typed with the sixth one's label
    right, wrong = articles[k - 1]["label"], articles[k]["label"]
    assert right == f"第{cn2an.an2cn(k)}条"  # the data agrees with the article's place
    next_line = line_of(text, f"label: {wrong}\n")
    line = edit(copy / path, f"label: {right}\n", f"label: {wrong}\n")
    problems = [p for p in problems_in(copy) if p.path == path]
    i002 = [p for p in problems if p.code == "I002"]
    assert [p.line for p in i002] == [line], problems
    assert f"label 改为“{right}”" in i002[0].message, i002[0].message
    assert "id 改为" not in i002[0].message
    assert not [p for p in problems if p.line == next_line], problems  # the real 第六条 after it is fine


def test_mistyped_item_label_suggests_the_label(copy):
    path = "regulations/supervision.yaml"
    text = (copy / path).read_text(encoding="utf-8")
    art = next(u for u in yaml.safe_load(text)["units"] if u["id"] == "art_3")
    k = 3
    item = art["children"][k - 1]
    assert item["label"] == f"{k}、"
    block = f"id: {item['id']}\n        kind: item\n        label: {k}、\n"
    line = edit(copy / path, block, block.replace(f"label: {k}、", f"label: {k + 1}、")) + 2
    i002 = [p for p in problems_in(copy) if p.path == path and p.code == "I002"]
    assert [p.line for p in i002] == [line] and f"label 改为“{k}、”" in i002[0].message, i002


def test_mistyped_id_suggests_the_id(copy):
    text = (copy / REG).read_text(encoding="utf-8")
    articles = [u for u in walk(yaml.safe_load(text)["units"]) if u["kind"] == "article"]
    k = 3
    assert articles[k - 1]["id"] == f"art_{k}"
    line = edit(copy / REG, f"  - id: art_{k}\n", f"  - id: art_{k}{k}\n")
    i002 = [p for p in problems_in(copy) if p.path == REG and p.code == "I002"]
    assert [p.line for p in i002] == [line], i002
    assert f"id 改为“art_{k}”" in i002[0].message and "label 改为" not in i002[0].message


# --- S001/S004: the allowed values ----------------------------------------------------------------------------------


def test_missing_kind_lists_the_allowed_kinds(copy):
    from zhifa.model.regulation import UnitKind

    text = (copy / REG).read_text(encoding="utf-8")
    unit_line = line_of(text, "  - id: art_1\n")
    edit(copy / REG, "  - id: art_1\n    kind: article\n", "  - id: art_1\n")
    hits = [p for p in problems_in(copy) if p.path == REG]
    assert [(p.code, p.line) for p in hits] == [("S001", unit_line)], hits
    assert "kind" in hits[0].message and all(k in hits[0].message for k in typing.get_args(UnitKind)), hits[0].message


def test_missing_type_lists_the_allowed_types(copy):
    from zhifa.model.regulation import RegulationType

    edit(copy / REG, "type: 制度\n", "")
    hits = [p for p in problems_in(copy) if p.path == REG]
    assert [p.code for p in hits] == ["S001"] and "“type”" in hits[0].message, hits
    assert all(t in hits[0].message for t in typing.get_args(RegulationType)), hits[0].message


def test_missing_rule_kind_lists_the_rule_kinds(copy):
    path = "templates/forms/fault-appeal.yaml"
    used = {rule["kind"] for f in (ROOT / "templates/forms").glob("*.yaml")
            for rule in yaml.safe_load(f.read_text(encoding="utf-8")).get("rules") or []}
    text = (copy / path).read_text(encoding="utf-8")
    old = re.search(r"rules:\n  - kind: \w+\n    (\w+)", text)
    line = edit(copy / path, old.group(0), f"rules:\n  - {old.group(1)}") + 1
    hits = [p for p in problems_in(copy) if p.path == path]
    assert [(p.code, p.line) for p in hits] == [("S001", line)], hits
    assert "kind" in hits[0].message and all(k in hits[0].message for k in used), hits[0].message


# --- a clean validate says what it checked ---------------------------------------------------------------------------


def expected_counts(root):
    """What the summary must say, counted from the files with plain PyYAML."""
    def load(path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    def citations(data):
        if isinstance(data, dict):
            return ({"regulation", "unit"} <= data.keys()) + sum(citations(v) for v in data.values())
        if isinstance(data, list):
            return sum(citations(v) for v in data)
        return 0

    regs = [load(f) for f in sorted((root / "regulations").glob("*.yaml"))]
    data_files = [f for d in ("data", "templates") for f in (root / d).rglob("*.yaml") if "examples" not in f.parts]
    return {
        "部规章制度": len(regs),
        "个条文单元": sum(1 for reg in regs for _ in walk(reg["units"])),
        "种执法文书": len(list((root / "templates/forms").glob("*.yaml"))),
        "张检查表": len(list((root / "templates/checklists").glob("*.yaml"))),
        "道试题": sum(len(load(f)["questions"]) for f in (root / "data/questions").glob("*.yaml")),
        "个术语": len(load(root / "data/glossary.yaml")),
        "项时限": len(load(root / "data/deadlines.yaml")),
        "个流程": len(load(root / "data/procedures.yaml")),
        "条引用": sum(citations(load(f)) for f in data_files),
    }


def summary_counts(out):
    lines = [ln for ln in out.splitlines() if ln.startswith("检查通过：")]
    assert len(lines) == 1, out
    return {word: int(n) for n, word in re.findall(r"(\d+) ([^\d，（）]+?)(?=[，（）]|$)", lines[0])}


def test_clean_validate_prints_what_it_checked(root):
    result = validate(root)
    assert result.returncode == 0, result.stdout
    assert summary_counts(result.stdout) == expected_counts(root)


def test_summary_counts_follow_the_data(copy):
    path = copy / "data/questions/major-case.yaml"
    text = path.read_text(encoding="utf-8")
    first = text[text.index("  - id: mc-definition\n") : text.index("  - id: ", text.index("  - id: mc-definition\n") + 1)]
    path.write_text(text + first.replace("id: mc-definition", "id: mc-definition-again"), encoding="utf-8")
    result = validate(copy)
    assert result.returncode == 0, result.stdout
    counts = summary_counts(result.stdout)
    assert counts == expected_counts(copy)
    assert counts["道试题"] == expected_counts(ROOT)["道试题"] + 1


def test_validate_with_problems_prints_no_summary(copy):
    edit(copy / REG, "type: 制度", "type: 章程")
    result = validate(copy)
    assert result.returncode == 1 and "检查通过" not in result.stdout + result.stderr
    assert found(result.stdout, REG, "S004")
