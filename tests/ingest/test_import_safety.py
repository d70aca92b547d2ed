"""What `zhifa import` must never do: write during --dry-run, overwrite a regulation that exists, or leave anything
behind (or a traceback) when the input is not a regulation. Each case compares every file of the project copy (size,
modification time, checksum) before and after."""

from __future__ import annotations

import pytest
from import_cases import CJK, EXPECTED, output, read_regulation, run_import, snapshot, squeeze, write_input
from pypdf import PdfWriter

from conftest import copy_project, run_zhifa

LAW = "national-law"
LAW_ID = EXPECTED[LAW]["ids"][0]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "proj")


def _source(tmp_path):
    return write_input(LAW, tmp_path / "input")


def test_dry_run_prints_the_outline_and_writes_nothing(project, tmp_path):
    before = snapshot(project)
    result = run_import(LAW, _source(tmp_path), project, "--dry-run")
    assert result.returncode == 0, output(result)
    assert snapshot(project) == before
    printed = squeeze(output(result))
    law = EXPECTED[LAW]["regulations"][0]
    outline = [u for u in law["units"] if u["kind"] in ("chapter", "subchapter")]
    for unit in outline:
        assert squeeze(unit["label"] + unit["heading"]) in printed, unit["id"]
    assert law["title"] in printed


def test_a_second_import_of_the_same_text_is_refused(project, tmp_path):
    source = _source(tmp_path)
    first = run_import(LAW, source, project)
    assert first.returncode == 0, output(first)
    before = snapshot(project)
    second = run_import(LAW, source, project)
    assert second.returncode == 1, output(second)
    message = output(second)
    assert LAW_ID in message and CJK.search(message) and "Traceback" not in message, message
    assert snapshot(project) == before
    assert read_regulation(project, LAW_ID)["title"] == EXPECTED[LAW]["regulations"][0]["title"]


def test_an_id_of_a_shipped_regulation_is_never_overwritten(project, tmp_path):
    before = snapshot(project)
    result = run_zhifa("import", str(_source(tmp_path)), "--root", str(project), "--id", "code-of-conduct")
    assert result.returncode == 1, output(result)
    message = output(result)
    assert "code-of-conduct" in message and CJK.search(message) and "Traceback" not in message, message
    assert snapshot(project) == before


def _empty(path):
    path.write_bytes(b"")


def _pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as f:
        writer.write(f)


def _report(path):
    # A work report: a title and plain paragraphs, no article, section or item label anywhere.
    path.write_text("青溪县人口和计划生育局2025年行政执法工作总结\n"
                    "2025年，我局认真落实行政执法责任制，全年开展执法检查12次，办理案件5件。\n"
                    "明年，我局将继续加强执法人员培训，规范执法程序。\n", encoding="utf-8")


@pytest.mark.parametrize("name, make", [("empty.txt", _empty), ("blank.pdf", _pdf), ("report.txt", _report),
                                        ("missing.txt", None)])
def test_bad_input_is_refused_in_chinese_and_writes_nothing(project, tmp_path, name, make):
    source = tmp_path / "input" / name
    source.parent.mkdir()
    if make is not None:
        make(source)
    before = snapshot(project)
    result = run_zhifa("import", str(source), "--root", str(project), "--id", "bad-input")
    message = output(result)
    assert result.returncode in (1, 2), message
    assert "Traceback" not in message, message
    named = [line for line in message.splitlines() if name in line]
    assert named and any(CJK.search(line) for line in named), f"no Chinese message naming {name}:\n{message}"
    assert snapshot(project) == before
