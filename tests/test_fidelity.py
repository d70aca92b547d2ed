"""The YAML says what the source says, except for recorded errata."""

import re
from pathlib import Path

from conftest import run_zhifa


def test_project_copy_of_source_matches_shared(root):
    shared = root.parent / "shared" / "source" / "regulations-source.txt"
    ours = root / "data" / "sources" / "regulations-source.txt"
    assert ours.is_file()
    if shared.is_file():
        assert ours.read_bytes() == shared.read_bytes()


def test_every_regulation_is_faithful(project, root):
    from zhifa.fidelity import check_fidelity

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
    for defect in ["履行法 1 定职责", "罚款（征收）2 决定", "接待 3 管理相对人", "元来没查出", "凝问较大", "适应一般程序", "个省（区、市）", "取消当评先资格"]:
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
