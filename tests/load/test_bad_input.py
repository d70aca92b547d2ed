"""Every kind of bad input is reported with file and line, exit 1, and never a traceback."""

import re

from conftest import run_zhifa

REG = "regulations/major-case.yaml"


def validate(copy):
    result = run_zhifa("validate", "--root", str(copy))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def expect(copy, code, path=REG, line=None):
    result = validate(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    line_pattern = str(line) if line else r"\d+"
    pattern = rf"^{re.escape(path)}:{line_pattern}:\d+: {code} "
    assert re.search(pattern, result.stdout, re.M), result.stdout
    return result.stdout


def edit(copy, old, new, path=REG):
    f = copy / path
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_malformed_yaml(copy):
    edit(copy, "units:\n", "units: [\n")
    expect(copy, "Y003")


def test_tab_indentation(copy):
    line = edit(copy, "  - id: art_2\n", "\t- id: art_2\n")
    out = expect(copy, "Y003", line=line)
    assert "制表符" in out


def test_duplicate_key(copy):
    line = edit(copy, "short_title:", "title: 重复\nshort_title:")
    expect(copy, "Y004", line=line)


def test_wrong_type(copy):
    line = edit(copy, "order: 1", "order: 第一")
    expect(copy, "S003", line=line)


def test_wrong_type_list_for_text(copy):
    line = edit(copy, "    label: （三）", "    label: [三]")
    expect(copy, "S003", line=line)


def test_unknown_key(copy):
    line = edit(copy, "    label: （三）", "    label: （三）\n    lable: x")
    out = expect(copy, "S002", line=line + 1)
    assert "lable" in out


def test_missing_field(copy):
    edit(copy, "issuer: 原文未载明\n", "")
    out = expect(copy, "S001")
    assert "issuer" in out


def test_invalid_enum(copy):
    line = edit(copy, "type: 制度", "type: 章程")
    expect(copy, "S004", line=line)


def test_duplicate_id(copy):
    line = edit(copy, "  - id: art_3\n", "  - id: art_2\n")
    out = expect(copy, "I001", line=line)
    assert "art_2" in out


def test_id_not_matching_label(copy):
    line = edit(copy, "  - id: art_3\n", "  - id: art_33\n")
    expect(copy, "I002", line=line)


def test_numbering_gap(copy):
    line = edit(copy, "    label: （三）", "    label: （七）")
    expect(copy, "N002", line=line)


def test_unparseable_label(copy):
    line = edit(copy, "    label: （三）", "    label: 三条")
    expect(copy, "N001", line=line)


def test_unknown_variable(copy):
    line = edit(copy, "结合{{ county }}实际", "结合{{ conty }}实际", path="regulations/code-of-conduct.yaml")
    expect(copy, "V001", path="regulations/code-of-conduct.yaml", line=line)


def test_not_utf8(copy):
    f = copy / REG
    f.write_bytes(f.read_text(encoding="utf-8").encode("gb18030"))
    out = expect(copy, "Y001")
    assert "UTF-8" in out


def test_empty_file(copy):
    (copy / REG).write_text("", encoding="utf-8")
    expect(copy, "Y002", line=1)


def test_comment_only_file_is_empty(copy):
    (copy / REG).write_text("# nothing here\n", encoding="utf-8")
    expect(copy, "Y002", line=1)


def test_top_level_list(copy):
    (copy / REG).write_text("- a\n- b\n", encoding="utf-8")
    expect(copy, "S003", line=1)


def test_alias_bomb(copy):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    (copy / REG).write_text("\n".join(bomb) + "\n", encoding="utf-8")
    expect(copy, "Y005", line=2)


def test_deep_nesting(copy):
    (copy / REG).write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    expect(copy, "Y00[36]")


def test_bad_jurisdiction_is_reported(copy):
    line = edit(copy, "  value: \"****县\"", "  valu: \"****县\"", path="data/jurisdiction.yaml")
    expect(copy, "S00[12]", path="data/jurisdiction.yaml", line=line)


def test_all_problems_at_once(copy):
    edit(copy, "type: 制度", "type: 章程")
    edit(copy, "  - id: art_3\n", "  - id: art_2\n", path="regulations/fault-liability.yaml")
    (copy / "regulations/supervision.yaml").write_text("", encoding="utf-8")
    out = validate(copy).stdout
    assert "S004" in out and "I001" in out and "Y002" in out


def test_json_format(copy):
    import json

    edit(copy, "type: 制度", "type: 章程")
    result = run_zhifa("validate", "--format", "json", "--root", str(copy))
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert problems[0]["path"] == REG and problems[0]["code"] == "S004" and problems[0]["line"] > 1


def test_nul_byte_at_its_line_and_column(copy):
    f = copy / REG
    text = f.read_text(encoding="utf-8")
    line = edit(copy, "issuer: 原文未载明", "issuer: 原文\x00未载明")
    out = expect(copy, "Y009", line=line)
    assert re.search(rf"^{re.escape(REG)}:{line}:{len('issuer: 原文') + 1}: Y009 .*U\+0000", out, re.M), out
    assert text.count("\n") + 1 > line > 1  # not at 1:1 any more


def test_escape_character_at_its_line(copy):
    line = edit(copy, "scope: 因", "scope: \x1b因")
    out = expect(copy, "Y009", line=line)
    assert "U+001B" in out


def test_gbk_source_file(copy):
    f = copy / "data/sources/regulations-source.txt"
    f.write_bytes(f.read_text(encoding="utf-8").encode("gbk"))
    out = expect(copy, "R006", path="data/sources/regulations-source.txt", line=1)
    assert "GBK" in out and "UTF-8" in out


def test_not_utf8_names_the_encoding(copy):
    f = copy / REG
    f.write_bytes(f.read_text(encoding="utf-8").encode("gbk"))
    out = expect(copy, "Y001")
    assert "GBK" in out and "另存为" in out
