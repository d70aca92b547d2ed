"""`zhifa import` on each text of tests/fixtures/import, run as the maintainer runs it, into a copy of the project:
what it writes (regulations/<id>.yaml read back with plain PyYAML, the source copied as UTF-8), what it prints (the
counts, the warnings naming the planted defects), and that `zhifa validate` then accepts the project. Every expected
value is in expected.yaml, written by hand from the texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from import_cases import (
    COUNTED,
    EXPECTED,
    PLACEHOLDER,
    TEXTS,
    errors,
    kind_counts,
    line_reference,
    names_a_line,
    output,
    problems,
    read_regulation,
    regulation_ids,
    run_import,
    squeeze,
    units_by_id,
    write_input,
)
from pypinyin import lazy_pinyin

from conftest import copy_project, run_zhifa

PLAIN_TEXT = {"txt"}  # inputs whose copy in data/sources/ keeps their lines (md and docx are converted)

# Words a warning about each kind of defect uses (the importer's wording is its own; one of these must be there).
WARNING_WORDS = {
    "page_number": ("页码",),
    "broken_line": ("断行", "折行", "换行", "接排", "未完", "不完整", "截断"),
    "label_inside": ("同一行", "行内", "行中", "分开", "拆分", "拆开", "另起", "分行"),
    "numbering_gap": ("不连续", "跳过", "跳号", "缺号", "缺少第", "空缺", "中断", "遗漏"),
    "out_of_order": ("顺序", "次序", "颠倒", "倒置", "不连续"),
}
# The narrower words that only a defect warning would use: a clean line must not be warned about with them.
DEFECT_WORDS = ("页码", "断行", "折行", "接排", "编号不连续", "编号跳过", "跳号", "缺号", "顺序不对", "顺序颠倒", "次序")


@dataclass
class Imported:
    name: str
    root: Path
    source: Path
    result: object
    new_ids: list[str]
    validate: object

    @property
    def case(self) -> dict:
        return EXPECTED[self.name]

    @property
    def printed(self) -> str:
        return output(self.result)

    def pairs(self) -> list[tuple[dict, dict]]:
        """(expected, written) for each regulation of the text, matched by id, or by title when ids are derived."""
        written = {rid: read_regulation(self.root, rid) for rid in self.new_ids}
        if self.case["ids"]:
            return [(exp, written[exp["id"]]) for exp in self.case["regulations"]]
        by_title = {reg["title"]: reg for reg in written.values()}
        return [(exp, by_title[exp["title"]]) for exp in self.case["regulations"]]


@pytest.fixture(scope="module", params=list(EXPECTED))
def imported(request, tmp_path_factory) -> Imported:
    """One import of the text into its own copy of the project, then `zhifa validate` of that copy."""
    name = request.param
    base = tmp_path_factory.mktemp(f"import-{name}")
    root = copy_project(base / "proj")
    source = write_input(name, base / "input")
    before = regulation_ids(root)
    result = run_import(name, source, root)
    assert result.returncode == 0, f"zhifa import {source.name}: exit {result.returncode}\n{output(result)}"
    new_ids = sorted(regulation_ids(root) - before)
    validate = run_zhifa("validate", "--root", str(root))
    return Imported(name, root, source, result, new_ids, validate)


def test_one_file_per_regulation(imported):
    case = imported.case
    assert len(imported.new_ids) == len(case["regulations"]), imported.new_ids
    if case["ids"]:
        assert set(imported.new_ids) == set(case["ids"])
    assert {reg["title"] for _, reg in imported.pairs()} == {exp["title"] for exp in case["regulations"]}


@pytest.mark.parametrize("imported", [name for name, case in EXPECTED.items() if not case["ids"]], indirect=True)
def test_ids_without_id_option_are_the_pinyin_of_the_title(imported):
    assert imported.new_ids
    for rid in imported.new_ids:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", rid), rid
        # The id's letters, in order, are taken from the title's pinyin (whole syllables or their initials).
        pinyin = "".join(lazy_pinyin(read_regulation(imported.root, rid)["title"]))
        remaining = iter(pinyin)  # `in` consumes the iterator: a subsequence test
        assert all(ch in remaining for ch in rid.replace("-", "")), f"{rid} is not made from {pinyin}"


def test_title_type_and_head_lines(imported):
    for exp, reg in imported.pairs():
        assert reg["title"] == exp["title"]
        assert reg["type"] == exp["type"]
        assert (reg.get("history") or []) == exp.get("history", [])


def test_effective_read_from_the_commencement_article(imported):
    for exp, reg in imported.pairs():
        if "effective" in exp:
            assert exp["effective"] in reg["effective"] and PLACEHOLDER not in reg["effective"], reg["effective"]


def test_unit_counts(imported):
    for exp, reg in imported.pairs():
        assert kind_counts(reg) == exp["counts"], exp["title"]


def test_top_level_units(imported):
    for exp, reg in imported.pairs():
        assert [unit["id"] for unit in reg["units"]] == exp["top"], exp["title"]


def test_sampled_units_verbatim(imported):
    for exp, reg in imported.pairs():
        units = units_by_id(reg)
        for want in exp["units"]:
            got = units.get(want["id"])
            assert got is not None, f"{exp['title']}: no unit {want['id']}"
            for key in ("kind", "label", "heading", "text"):
                assert got.get(key) == want.get(key), f"{want['id']} {key}: {got.get(key)!r} != {want.get(key)!r}"
            if "children" in want:
                assert [c["id"] for c in got.get("children") or []] == want["children"], want["id"]


def test_source_copied_as_utf8_text(imported):
    stem = imported.source.stem
    copy = imported.root / "data" / "sources" / f"{stem}.txt"
    assert copy.is_file(), f"no data/sources/{stem}.txt"
    copied = copy.read_bytes().decode("utf-8")  # fails on anything but UTF-8
    if imported.source.suffix.lstrip(".") in PLAIN_TEXT:  # the same text, line for line
        original = (TEXTS / imported.case["file"]).read_text(encoding="utf-8")
        assert copied.lstrip("\ufeff").splitlines() == original.splitlines()
    else:  # converted to plain text: labels as the reader shows them, no markup
        squeezed = squeeze(copied)
        for exp, _ in imported.pairs():
            assert squeeze(exp["title"]) in squeezed
            for unit in exp["units"]:
                written = squeeze("".join(unit.get(key) or "" for key in ("label", "heading", "text")))
                assert written in squeezed, unit["id"]
        assert "**" not in copied and "#" not in copied


def test_source_reference(imported):
    stem = imported.source.stem
    for exp, reg in imported.pairs():
        assert reg["source"]["file"] == f"data/sources/{stem}.txt"
        if imported.source.suffix.lstrip(".") in PLAIN_TEXT:
            assert re.sub(r"\s", "", reg["source"]["lines"]) == exp["source_lines"].replace(" ", "")


def test_summary_prints_the_counts(imported):
    printed = imported.printed
    for exp, _ in imported.pairs():
        for kind, name in COUNTED.items():
            n = exp["counts"].get(kind)
            if n:
                shown = rf"(?<!\d){n}\s*(个|部)?\s*{name}|{name}\s*[：:]?\s*{n}(?!\d)"
                assert re.search(shown, printed), f"{exp['title']}: {n} {name} not printed\n{printed}"


def test_planted_defects_are_warned_about_at_their_lines(imported):
    lines = imported.printed.splitlines()
    for warning in imported.case["warnings"]:
        words = WARNING_WORDS[warning["kind"]]
        refs = [line_reference(n) for n in warning["lines"]]
        hits = [line for line in lines if any(w in line for w in words) and any(r.search(line) for r in refs)]
        assert hits, f"no {warning['kind']} warning naming line {warning['lines']}:\n{imported.printed}"


def test_no_defect_warning_for_a_clean_line(imported):
    """A defect warning names a planted line, or a title or head line (a title on two lines may be reported)."""
    planted = {n for warning in imported.case["warnings"] for n in warning["lines"]}
    planted |= set(imported.case.get("tolerated", []))
    heads = set()
    if imported.source.suffix.lstrip(".") in PLAIN_TEXT:
        source = (TEXTS / imported.case["file"]).read_text(encoding="utf-8").splitlines()
        for exp in imported.case["regulations"]:
            head = [exp["title"], *exp.get("history", [])]
            heads |= {n for n, line in enumerate(source, 1) if line.strip() and any(line.strip() in h for h in head)}
    for line in imported.printed.splitlines():
        if any(word in line for word in DEFECT_WORDS):
            assert names_a_line(line), f"a defect warning that names no line: {line}"
            named = {int(a or b) for a, b in re.findall(r"[:：](\d+)|第\s*(\d+)\s*行", line)}
            assert named & (planted | heads), f"warning about a line without a planted defect: {line}"


def test_validate_accepts_the_imported_project(imported):
    printed = output(imported.validate)
    assert imported.validate.returncode == 0, printed
    assert not errors(printed), printed
    expected = imported.case.get("validate")
    if expected is not None:  # numbering defects kept as the source has them: validate names each as a warning
        at_file = [m for m in problems(printed) if m["path"].endswith(f"regulations/{expected['regulation']}.yaml")]
        for label in expected["labels"]:
            assert any(m["code"] in expected["codes"] and f"“{label}”" in m["message"] for m in at_file), \
                f"{label} not named:\n{printed}"


def test_joined_or_split_lines_carry_a_note(imported):
    for exp, reg in imported.pairs():
        noted = {note.get("unit") for note in reg.get("notes") or []}
        for want in exp.get("notes", []):
            choices = want if isinstance(want, list) else [want]
            assert noted & set(choices), f"{exp['title']}: no note on {' or '.join(choices)}: {reg.get('notes')}"
