"""The YAML says what the source says, except for recorded errata."""

import re
from pathlib import Path

import pytest
import yaml

from conftest import run_zhifa


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _walk(units):
    for unit in units or []:
        yield unit
        yield from _walk(unit.get("children"))


def test_regulations_read_back_to_the_projects_copy_of_the_source(root):
    """Independently of zhifa.check.fidelity (plain PyYAML): each regulation's title, labels, headings and texts, with the
    errata undone and the county's names put back to the source's redacted spelling, are exactly its line range of
    the project's own copy of the source (data/sources/…), whitespace aside."""
    spelling = {name: var.get("source_text") for name, var in
                yaml.safe_load((root / "data" / "jurisdiction.yaml").read_text(encoding="utf-8")).items()}

    def as_source(text: str) -> str:
        return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: spelling[m[1]], text or "")

    paths = sorted((root / "regulations").glob("*.yaml"))
    assert paths
    for path in paths:
        reg = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = root / reg["source"]["file"]
        assert source.is_file() and source.parent == root / "data" / "sources", reg["source"]
        first, last = (int(n) for n in str(reg["source"]["lines"]).split("-"))
        wanted = _squeeze("".join(source.read_text(encoding="utf-8").split("\n")[first - 1:last]))
        errata = {}
        for e in reg.get("errata") or []:
            errata.setdefault(e["unit"], []).append(e)
        stream = [reg["title"]]
        for unit in _walk(reg["units"]):
            text = unit.get("text") or ""
            for e in errata.pop(unit["id"], []):
                assert e["corrected"] in text, (path.name, unit["id"], e["corrected"])
                text = text.replace(e["corrected"], e["original"], 1)
            stream += [unit.get("label") or "", unit.get("heading") or "", text]
        assert not errata, f"{path.name}: errata for units that do not exist: {sorted(errata)}"
        got = _squeeze(as_source("".join(stream)))
        at = next((i for i, (a, b) in enumerate(zip(got, wanted)) if a != b), min(len(got), len(wanted)))
        assert got == wanted, f"{path.name}: differs from {source.name} lines {first}-{last} at …{got[at - 10:at + 10]}…"


def test_project_copy_of_source_matches_shared(root):
    """The shared original, where this checkout has one beside it, is the project's copy byte for byte (the check
    above never depends on it)."""
    ours = root / "data" / "sources" / "regulations-source.txt"
    assert ours.is_file() and ours.stat().st_size > 0
    shared = root.parent / "shared" / "source" / "regulations-source.txt"
    if shared.is_file():
        assert ours.read_bytes() == shared.read_bytes()


def test_every_regulation_is_faithful(project, root):
    from zhifa.check.fidelity import check_fidelity

    for reg in project.regulations.values():
        assert check_fidelity(root, reg, project.jurisdiction) == [], reg.id


def test_errata_have_reasons_and_stand_in_the_source(project, root):
    source = (root / "data/sources/regulations-source.txt").read_text(encoding="utf-8")
    errata = [(reg, e) for reg in project.regulations.values() for e in reg.errata]
    assert len(errata) >= 8
    for reg, e in errata:
        assert e.reason.strip()
        assert e.original in source, e.original
        assert e.corrected in reg.unit(e.unit).text
        assert e.original not in reg.unit(e.unit).text
    originals = {e.original for _, e in errata}
    for defect in ["履行法 1 定职责", "罚款（征收）2 决定", "接待 3 管理相对人", "元来没查出", "凝问较大", "适应一般程序",
                   "个省（区、市）", "取消当评先资格"]:
        assert any(defect in o for o in originals), defect


def test_doubtful_dates_have_notes_not_guesses(project):
    reg = project.regulations["self-inspection"]
    assert "2025年10月1日至2025年3月底" in reg.unit("sec_1").text
    assert reg.notes_for("sec_1")


def _break(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_silent_text_change_is_caught_at_its_line(copy):
    f = copy / "regulations/code-of-conduct.yaml"
    line = _break(f, "必须有两人以上执法人员", "必须有三人以上执法人员")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1
    assert re.search(rf"regulations/code-of-conduct.yaml:{line}:\d+: F001 ", result.stdout), result.stdout


def test_removing_an_erratum_is_caught(copy):
    f = copy / "regulations/responsibility.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("errata:")
    end = text.index("notes:", start) if "notes:" in text[start:] else len(text)
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1
    assert "F001" in result.stdout and "适用一般程序" in result.stdout


def test_erratum_whose_correction_is_not_in_the_text_is_caught(copy):
    f = copy / "regulations/supervision.yaml"
    line = _break(f, "corrected: 由各省（区、市）", "corrected: 由每个省（区、市）")
    result = run_zhifa("validate", "--root", str(copy))
    assert f"regulations/supervision.yaml:{line}:" in result.stdout and "E002" in result.stdout


def _source_position(root: Path, phrase: str, offset: int) -> tuple[int, int]:
    """Line and column in the source of the character ``offset`` characters into ``phrase`` (found once)."""
    lines = (root / "data/sources/regulations-source.txt").read_text(encoding="utf-8").split("\n")
    hits = [(n, ln.index(phrase)) for n, ln in enumerate(lines, start=1) if phrase in ln]
    assert len(hits) == 1, phrase
    number, start = hits[0]
    return number, start + offset + 1


def _f001(copy: Path, path: str) -> str:
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = re.findall(rf"^{re.escape(path)}:\d+:\d+: F001 .*$", result.stdout, re.M)
    assert len(lines) == 1, result.stdout
    return lines[0]


def test_f001_points_at_the_differing_line_and_column_of_the_source(copy):
    phrase = "必须有两人以上执法人员"
    line, col = _source_position(copy, phrase, phrase.index("两"))
    yaml_line = _break(copy / "regulations/code-of-conduct.yaml", phrase, phrase.replace("两", "三"))
    message = _f001(copy, "regulations/code-of-conduct.yaml")
    assert message.startswith(f"regulations/code-of-conduct.yaml:{yaml_line}:")
    assert f"第 {line} 行第 {col} 列" in message, message
    assert "原文的“两”在此处写成了“三”" in message, message
    assert "必须有两人以上" in message and "必须有三人以上" in message  # both texts around the difference


@pytest.mark.parametrize("char, code", [("\u200b", "U+200B"), ("\ufeff", "U+FEFF"), ("\u2060", "U+2060")])
def test_invisible_difference_is_named(copy, char, code):
    phrase = "必须有两人以上执法人员"
    line, col = _source_position(copy, phrase, phrase.index("以"))
    _break(copy / "regulations/code-of-conduct.yaml", phrase, phrase.replace("以", char + "以"))
    message = _f001(copy, "regulations/code-of-conduct.yaml")
    assert f"第 {line} 行第 {col} 列" in message and f"此处多了不可见字符 {code}" in message, message


def test_half_width_comma_is_named(copy):
    phrase = "必须有两人以上执法人员，应当"
    line, col = _source_position(copy, phrase, phrase.index("，"))
    _break(copy / "regulations/code-of-conduct.yaml", phrase, phrase.replace("，", ","))
    message = _f001(copy, "regulations/code-of-conduct.yaml")
    assert f"第 {line} 行第 {col} 列" in message and "U+FF0C" in message and "U+002C" in message, message


def test_source_with_byte_order_mark_is_compared_without_it(copy):
    """A source saved by Notepad as "UTF-8 with BOM": its first regulation starts with U+FEFF, which is not text."""
    reg_file = copy / "regulations/major-case.yaml"
    first, last = map(int, yaml.safe_load(reg_file.read_text(encoding="utf-8"))["source"]["lines"].split("-"))
    lines = (copy / "data/sources/regulations-source.txt").read_text(encoding="utf-8").split("\n")
    own = "\n".join(lines[first - 1 : last]) + "\n"
    (copy / "data/sources/major-case.txt").write_bytes(b"\xef\xbb\xbf" + own.encode("utf-8"))
    _break(reg_file, f"file: data/sources/regulations-source.txt\n  lines: {first}-{last}",
           f"file: data/sources/major-case.txt\n  lines: 1-{last - first + 1}")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 0, result.stdout
    assert "检查通过" in result.stdout
