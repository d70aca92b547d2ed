"""The Excel checklists: read back with openpyxl, and recalculated by LibreOffice (one headless call for all files).

Expected totals are counted here from the example answers files and the checklist templates as plain YAML, not
from the view's summary, so that a wrong formula and a wrong summary cannot agree by accident. Likewise the printed
texts (title, basis line, notes, item texts and citations) come from the YAML through tests/expected_support.py, whose
own formatter rebuilds every citation; the view is only what the writer is given.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

import expected_support as es
from conftest import ROOT
from zhifa.check.checklist_answers import check_answers
from zhifa.load.yamlio import read_yaml
from zhifa.render.view.checklist import ChecklistView, checklist_view
from zhifa.render.xlsx.checklist import DATE_FORMAT, sheet_title, write_checklist_xlsx

EXAMPLES = ROOT / "data" / "examples" / "checklists"
TEMPLATES = ROOT / "templates" / "checklists"
CHECKLIST_IDS = ["case-file-review", "conduct-self-check", "non-action-review", "self-inspection"]
KINDS = ["blank", "filled"]
CASES = [(cid, kind) for cid in CHECKLIST_IDS for kind in KINDS]
CASE_IDS = [f"{cid}-{kind}" for cid, kind in CASES]
HEADINGS = ["序号", "检查内容", "核实方法", "依据", "结果", "备注"]
TOTALS = ["total_items", "total_answered", "total_rate", "total_no", "total_attention"]
# Checklists with items whose problem answer is 是 ("是否存在：…"), where 需关注 must differ from the 否 count.
YES_FLAGGED = ["case-file-review", "non-action-review"]


@dataclass
class Written:
    view: ChecklistView             # what the writer was given (never used for expectations)
    path: Path
    expected: es.Checklist          # what the workbook must say, from the YAML


# --- independent expectations from the YAML files ---------------------------------------------------------------


def _template_items(cid: str) -> list[dict]:
    data = yaml.safe_load((TEMPLATES / f"{cid}.yaml").read_text(encoding="utf-8"))
    return [item for group in data["groups"] for item in group["items"]]


def _example_answers(cid: str) -> dict[str, object]:
    data = yaml.safe_load((EXAMPLES / f"{cid}.yaml").read_text(encoding="utf-8"))
    return {k: (v["answer"] if isinstance(v, dict) else v) for k, v in (data.get("answers") or {}).items()}


def expected_totals(cid: str) -> dict[str, float]:
    items = _template_items(cid)
    answers = _example_answers(cid)

    def attention(item: dict) -> str:
        return item.get("attention", "否")

    answered = sum(1 for i in items if i["id"] in answers)
    return {
        "total_items": len(items),
        "total_answered": answered,
        "total_rate": answered / len(items),
        "total_no": sum(1 for v in answers.values() if v == "否"),
        "total_attention": sum(1 for i in items if i["answer"] == "yes_no" and answers.get(i["id"]) == attention(i)),
    }


# --- writing, once per module -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(project, tmp_path_factory) -> dict[tuple[str, str], Written]:
    out = tmp_path_factory.mktemp("xlsx")
    assert set(CHECKLIST_IDS) == set(project.checklists), sorted(project.checklists)
    result = {}
    for cid in CHECKLIST_IDS:
        cl = project.checklists[cid]
        answers, problems = check_answers(cl, read_yaml(EXAMPLES / f"{cid}.yaml"))
        assert not problems, [p.message for p in problems]
        views = {"blank": checklist_view(project, cl), "filled": checklist_view(project, cl, answers)}
        for kind, view in views.items():
            path = write_checklist_xlsx(view, out / kind / f"{cid}.xlsx")
            result[cid, kind] = Written(view, path, es.expected_checklist(cid))
    return result


@pytest.fixture(scope="module")
def books(written) -> dict:
    return {key: load_workbook(w.path) for key, w in written.items()}


@pytest.fixture(scope="module")
def recalculated(written, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every workbook opened, recalculated and saved again as .xlsx by LibreOffice in ONE headless call (private
    profile); the blank and filled files share names, so they are copied under distinct names first."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    work = tmp_path_factory.mktemp("lo-xlsx")
    src, outdir = work / "in", work / "out"
    src.mkdir()
    names = {}
    for (cid, kind), w in written.items():
        target = src / f"{cid}--{kind}.xlsx"
        shutil.copyfile(w.path, target)
        names[cid, kind] = target
    run = subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                          "--convert-to", 'xlsx:Calc MS Excel 2007 XML', "--outdir", str(outdir),
                          *map(str, names.values())], capture_output=True, text=True, timeout=300)
    result = {key: outdir / path.name for key, path in names.items()}
    missing = [p.name for p in result.values() if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {run.stdout} {run.stderr}"
    return result


# --- locating things in a sheet ---------------------------------------------------------------------------------


def _names(wb) -> dict[str, str]:
    """Defined name → coordinate without sheet and dollars."""
    return {name: d.attr_text.split("!")[1].replace("$", "") for name, d in wb.defined_names.items()}


def _heading_row(ws) -> int:
    for row in ws.iter_rows(min_col=1, max_col=6):
        if [c.value for c in row] == HEADINGS:
            return row[0].row
    raise AssertionError("no item table heading row 序号 | 检查内容 | 核实方法 | 依据 | 结果 | 备注")


def _item_rows(ws) -> list[int]:
    start = _heading_row(ws)
    return [r for r in range(start + 1, ws.max_row + 1)
            if isinstance(ws.cell(r, 1).value, str) and re.fullmatch(r"\d+\.\d+", ws.cell(r, 1).value)]


def _covering(ws, ref: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]


def _case(written, books, cid, kind):
    return written[cid, kind], books[cid, kind], books[cid, kind].worksheets


# --- the workbook as written ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_one_sheet_named_after_the_checklist_with_title_basis_and_notes(written, books, cid, kind):
    """Title, the basis line rebuilt from the checklist's citations, each note with its basis line."""
    w, wb, sheets = _case(written, books, cid, kind)
    assert len(sheets) == 1
    ws = sheets[0]
    e = w.expected
    assert ws.title == e.title[:31] and len(ws.title) <= 31
    assert ws["A1"].value == e.title
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert e.basis_line in values, (e.basis_line, values[:3])
    for note in e.notes:
        assert note.title in values
        assert f"{note.text}\n{note.basis}" in values, note.title


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_header_fields_are_labelled_unlocked_inputs(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    names = _names(wb)
    given = yaml.safe_load((EXAMPLES / f"{cid}.yaml").read_text(encoding="utf-8"))["header"] if kind == "filled" else {}
    for f in w.expected.header:
        ref = names[f"header_{f['id']}"]
        cell = ws[ref]
        assert cell.protection.locked is False, ref
        label = ws.cell(cell.row, 1).value
        assert label == f"{f['label']}：", (ref, label)
        if f["type"] == "date":
            assert cell.number_format == DATE_FORMAT == 'yyyy"年"m"月"d"日"'
            assert any(dv.type == "date" for dv in _covering(ws, ref))
        value = given.get(f["id"])
        if value is None:
            assert cell.value is None
        elif f["type"] == "date":
            assert isinstance(cell.value, dt.datetime) and cell.value.date() == value
        else:
            assert cell.value == value


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_one_row_per_item_with_group_titles_between(written, books, cid, kind):
    """Number, text, method and the item's citation (rebuilt from its YAML) in each row; group titles between."""
    w, wb, (ws,) = _case(written, books, cid, kind)
    rows = _item_rows(ws)
    items = w.expected.items()
    assert len(rows) == len(items) == len(_template_items(cid))
    if cid == "self-inspection":
        assert len(rows) == 21
    for r, item in zip(rows, items):
        assert [ws.cell(r, c).value for c in range(1, 5)] == [item.number, item.text, ws.cell(r, 3).value, item.basis]
        assert ws.cell(r, 3).value.startswith(item.method)
    merged = {(m.min_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    group_rows = [r for r in range(_heading_row(ws) + 1, rows[-1]) if r not in rows]
    assert [ws.cell(r, 1).value for r in group_rows] == [g.title for g in w.expected.groups]
    for r in group_rows:
        assert (r, 1, 6) in merged, f"group title row {r} merged across the table"
    first = rows[0]
    for g in w.expected.groups:   # each group's items follow its title row
        assert ws.cell(first - 1, 1).value == g.title
        first += len(g.items) + 1


@pytest.mark.parametrize("cid", CHECKLIST_IDS)
def test_filled_results_are_typed_values_and_remarks(written, books, cid):
    w, wb, (ws,) = _case(written, books, cid, "filled")
    blank = books[cid, "blank"].worksheets[0]
    answers = _example_answers(cid)
    raw = yaml.safe_load((EXAMPLES / f"{cid}.yaml").read_text(encoding="utf-8"))["answers"]
    for r, item in zip(_item_rows(ws), w.expected.items()):
        result, remark = ws.cell(r, 5).value, ws.cell(r, 6).value
        assert blank.cell(r, 5).value is None and blank.cell(r, 6).value is None
        if item.id not in answers:
            assert result is None
            continue
        expected = answers[item.id]
        if item.answer in ("rate", "count"):
            assert isinstance(result, (int, float)) and not isinstance(result, bool), (item.id, result)
            assert result == pytest.approx(float(expected))
        else:
            assert result == expected
        given = raw[item.id].get("remark") if isinstance(raw[item.id], dict) else None
        assert remark == (given.rstrip("\n") if given else None)


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_data_validation_on_each_result_cell(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    for r, item in zip(_item_rows(ws), w.expected.items()):
        found = _covering(ws, f"E{r}")
        assert len(found) == 1, (item.id, found)
        dv = found[0]
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert re.search(r"[\u4e00-\u9fff]", dv.error or ""), "a Chinese error message"
        if item.answer == "yes_no":
            assert dv.type == "list" and dv.formula1 == '"是,否,不适用"'
        elif item.answer == "rate":
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "100")
        elif item.answer == "count":
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
        else:
            assert (dv.type, dv.operator, dv.formula1) == ("textLength", "lessThanOrEqual", "500")
        for col in "ABCDF":   # nothing else in the row is validated
            assert not _covering(ws, f"{col}{r}")
    kinds = {i.answer for i in w.expected.items()}
    assert {dv.type for dv in ws.data_validations.dataValidation} == (
        {{"yes_no": "list", "rate": "decimal", "count": "whole", "note": "textLength"}[k] for k in kinds} | {"date"})


def test_self_inspection_validations_cover_exactly_its_rate_and_count_rows(written, books):
    w, wb, (ws,) = _case(written, books, "self-inspection", "blank")
    rows = dict(zip((i.id for i in w.expected.items()), _item_rows(ws)))
    by_type = {dv.type: {f"{get_column_letter(col)}{row}" for rng in dv.sqref.ranges for row, col in rng.cells}
               for dv in ws.data_validations.dataValidation}
    assert by_type["decimal"] == {f"E{rows[i]}" for i in ("g1_1", "g1_4", "g2_1", "g2_4", "g3_1", "g6_4")}
    assert by_type["whole"] == {f"E{rows[i]}" for i in ("g1_3", "g3_2")}
    assert len(by_type["list"]) == 21 - 8


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_totals_are_formulas_over_the_item_rows(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    names = _names(wb)
    rows = _item_rows(ws)
    first, last = _heading_row(ws) + 1, rows[-1]   # the table body, group title rows included (their B, E are empty)
    formulas = {n: ws[names[n]].value for n in TOTALS}
    assert all(isinstance(f, str) and f.startswith("=") for f in formulas.values()), formulas
    assert formulas["total_items"] == f"=COUNTA(B{first}:B{last})"
    assert formulas["total_answered"] == f"=COUNTA(E{first}:E{last})"
    assert names["total_items"] in formulas["total_rate"] and names["total_answered"] in formulas["total_rate"]
    assert formulas["total_no"] == f'=COUNTIF(E{first}:E{last},"否")'
    assert formulas["total_attention"].startswith("=SUMPRODUCT(") and f"G{first}:G{last}" in formulas["total_attention"]
    assert ws[names["total_rate"]].number_format == "0.0%"
    labels = {n: ws.cell(ws[names[n]].row, 1).value for n in TOTALS}
    assert labels == {"total_items": "检查项数", "total_answered": "已答项数", "total_rate": "完成率",
                      "total_no": "答“否”项数", "total_attention": "需关注（否或存在问题）"}
    # the hidden helper column: each yes/no row's attention answer, nothing on the others
    assert ws.column_dimensions["G"].hidden
    for r, item in zip(rows, w.expected.items()):
        assert ws.cell(r, 7).value == (item.attention if item.answer == "yes_no" else None)


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_conditional_formatting_marks_the_attention_answer(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    first, last = _heading_row(ws) + 1, _item_rows(ws)[-1]
    found = [(rng, rule) for rng in ws.conditional_formatting for rule in rng.rules]
    assert len(found) == 1
    rng, rule = found[0]
    assert str(rng.sqref) == f"E{first}:E{last}"
    assert rule.type == "expression"
    assert rule.formula == [f'AND($G{first}<>"",$E{first}=$G{first})']
    fill = rule.dxf.fill
    assert {fill.fgColor.rgb, fill.bgColor.rgb} & {"00FFC7CE", "FFFFC7CE"}, "light red"


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_print_setup(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    names = _names(wb)
    head = _heading_row(ws)
    assert ws.print_area == f"'{ws.title}'!$A$1:$F${ws.max_row}"
    assert ws[names["total_attention"]].row < ws.max_row, "the totals are inside the print area"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4) == "9"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == f"${head}:${head}"


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_protected_without_password_only_inputs_unlocked(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    assert ws.protection.sheet is True
    assert not ws.protection.password, "documented choice: protection without a password"
    names = _names(wb)
    rows = _item_rows(ws)
    inputs = {names[f"header_{f['id']}"] for f in w.expected.header} | {f"{c}{r}" for r in rows for c in "EF"}
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row
                if not isinstance(c, MergedCell) and c.protection.locked is False}
    assert unlocked == inputs
    for n in TOTALS:
        assert ws[names[n]].protection.locked is not False


@pytest.mark.parametrize("cid", CHECKLIST_IDS)
def test_wrapped_text_and_widths_for_chinese(written, books, cid):
    w, wb, (ws,) = _case(written, books, cid, "blank")
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["B"] >= 30 and widths["D"] >= 20 and widths["F"] >= 20, widths
    for r in _item_rows(ws):
        for c in "BCD":
            assert ws[f"{c}{r}"].alignment.wrap_text, f"{c}{r}"
        assert ws.row_dimensions[r].height and ws.row_dimensions[r].height >= 15


def test_write_is_atomic_and_replaces(written, tmp_path):
    w = written["self-inspection", "filled"]
    out = tmp_path / "new" / "自查表.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert write_checklist_xlsx(w.view, out) == out
    assert [p.name for p in out.parent.iterdir()] == ["自查表.xlsx"], "no temporary file left beside it"
    assert load_workbook(out).worksheets[0]["A1"].value == w.expected.title


def test_sheet_title_follows_excel_rules():
    assert sheet_title("乡（镇）人口和计划生育行政执法自查表") == "乡（镇）人口和计划生育行政执法自查表"
    name = sheet_title("'甲/乙:丙*丁?[戊]\\己" + "长" * 40 + "'")
    assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.startswith("'")
    assert sheet_title("History") == "检查表" and sheet_title("''") == "检查表"


# --- recalculated by LibreOffice --------------------------------------------------------------------------------


def _recalculated_totals(written, recalculated, key) -> dict:
    wb = load_workbook(written[key].path)
    names = _names(wb)
    ws = load_workbook(recalculated[key], data_only=True).worksheets[0]
    return {n: ws[names[n]].value for n in TOTALS}


@pytest.mark.parametrize("cid", CHECKLIST_IDS)
def test_libreoffice_totals_match_the_example_answers(written, recalculated, cid):
    got = _recalculated_totals(written, recalculated, (cid, "filled"))
    want = expected_totals(cid)
    assert got == {k: pytest.approx(v) for k, v in want.items()}, (got, want)
    s = written[cid, "filled"].view.result   # and the Python summary agrees
    assert (s.items, s.answered, s.attention) == (want["total_items"], want["total_answered"], want["total_attention"])
    if cid == "self-inspection":
        assert (got["total_items"], got["total_answered"]) == (21, 20)


@pytest.mark.parametrize("cid", CHECKLIST_IDS)
def test_libreoffice_totals_of_a_blank_checklist_are_zero(written, recalculated, cid):
    got = _recalculated_totals(written, recalculated, (cid, "blank"))
    assert got == {"total_items": len(_template_items(cid)), "total_answered": 0, "total_rate": 0,
                   "total_no": 0, "total_attention": 0}


@pytest.mark.parametrize("cid", YES_FLAGGED)
def test_libreoffice_counts_attention_per_row_when_yes_marks_the_problem(written, recalculated, cid):
    assert any(i.get("attention") == "是" for i in _template_items(cid))
    got = _recalculated_totals(written, recalculated, (cid, "filled"))
    want = expected_totals(cid)
    assert want["total_attention"] != want["total_no"], "items flagging 是 make 需关注 differ from the 否 count"
    assert (got["total_attention"], got["total_no"]) == (want["total_attention"], want["total_no"])
    ws = load_workbook(written[cid, "filled"].path).worksheets[0]
    helper = {ws.cell(r, 7).value for r in _item_rows(ws)}
    assert "是" in helper


def test_libreoffice_keeps_values_types_and_date_format(written, recalculated):
    key = ("self-inspection", "filled")
    names = _names(load_workbook(written[key].path))
    wb = load_workbook(recalculated[key], data_only=True)
    ws = wb.worksheets[0]
    date = ws[names["header_date"]]
    assert date.value == dt.datetime(2025, 3, 20) and "年" in date.number_format
    values = [ws.cell(r, 5).value for r in _item_rows(ws)]
    assert values[:4] == [90, "是", 2, 93]


# --- text that looks like a formula stays text (formula injection) ----------------------------------------------

HYPERLINK = '=HYPERLINK("http://example.invalid","x")'
# Where each hostile text goes: header fields and remarks of self-inspection, and the answer of a note item added to
# a copy of its template (no real checklist has a note item). Tab and CR are refused by `zhifa fill` (control
# characters), so they are put into the checked answers afterwards: the writer must be safe on its own.
HOSTILE_HEADER = {"unit": "=1+1", "inspector": HYPERLINK}
HOSTILE_REMARKS = {"g1_2": "=1+1", "g1_5": "+1", "g1_6": "-1", "g2_2": "@SUM(A1)", "g2_3": HYPERLINK}
CONTROL_REMARKS = {"g4_2": "\t=1", "g4_3": "\r=1"}
NOTE_ITEM = {"id": "g6_9", "text": "其他需要说明的情况", "method": "写明情况", "answer": "note",
             "basis": {"regulation": "self-inspection", "unit": "sec_2__item_6__subitem_4",
                       "quote": "流出已婚育龄妇女长效节育措施落实情况"}}
NOTE_ANSWER = HYPERLINK
HOSTILE_ANSWERS = {"g1_1": 80, "g1_2": "是", "g1_5": "否", "g1_6": "是", "g2_2": "否", "g2_3": "是", "g4_2": "是",
                   "g4_3": "否", "g6_9": NOTE_ANSWER}


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """self-inspection filled with formula-like texts, written as .xlsx and recalculated by LibreOffice."""
    from zhifa.load.loader import load_project

    base = tmp_path_factory.mktemp("inject")
    proj_dir = base / "proj"
    for name in ("regulations", "data", "templates", "docs"):
        shutil.copytree(ROOT / name, proj_dir / name)
    template = proj_dir / "templates" / "checklists" / "self-inspection.yaml"
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    data["groups"][-1]["items"].append(NOTE_ITEM)
    template.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proj = load_project(proj_dir)
    assert not proj.problems, proj.problems
    answers_file = base / "answers.yaml"
    doc = {"header": {**HOSTILE_HEADER, "date": dt.date(2025, 3, 20)},
           "answers": {k: ({"answer": v, "remark": HOSTILE_REMARKS[k]} if k in HOSTILE_REMARKS else v)
                       for k, v in HOSTILE_ANSWERS.items()}}
    answers_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    checklist = proj.checklists["self-inspection"]
    answers, problems = check_answers(checklist, read_yaml(answers_file))
    assert not problems, [p.message for p in problems]
    for key, remark in CONTROL_REMARKS.items():
        with_control = {**doc, "answers": {key: {"answer": "是", "remark": remark}}}
        answers_file.write_text(yaml.safe_dump(with_control, allow_unicode=True), encoding="utf-8")
        assert check_answers(checklist, read_yaml(answers_file))[1], f"fill refuses {remark!r}"
        answers.items[key].remark = remark
    view = checklist_view(proj, checklist, answers)
    path = write_checklist_xlsx(view, base / "injected.xlsx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    run = subprocess.run([soffice, f"-env:UserInstallation={(base / 'profile').as_uri()}", "--headless",
                          "--convert-to", 'xlsx:Calc MS Excel 2007 XML', "--outdir", str(base / "lo"), str(path)],
                         capture_output=True, text=True, timeout=300)
    again = base / "lo" / path.name
    assert again.exists(), f"LibreOffice did not convert: {run.stdout} {run.stderr}"
    return SimpleNamespace(path=path, again=again, view=view, items=len(_template_items("self-inspection")) + 1)


def _hostile_cells(wb) -> dict[str, str]:
    """coordinate → the text typed there, from the case data above."""
    ws = wb.worksheets[0]
    names = _names(wb)
    cells = {names[f"header_{fid}"]: text for fid, text in HOSTILE_HEADER.items()}
    rows = {ws.cell(r, 2).value: r for r in _item_rows(ws)}
    texts = {i["id"]: i["text"] for i in _template_items("self-inspection")} | {NOTE_ITEM["id"]: NOTE_ITEM["text"]}
    for key, text in {**HOSTILE_REMARKS, **CONTROL_REMARKS}.items():
        cells[f"F{rows[texts[key]]}"] = text
    cells[f"E{rows[NOTE_ITEM['text']]}"] = NOTE_ANSWER
    assert set(cells.values()) == {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", HYPERLINK}
    return cells


def _formula_parts(path: Path) -> list[str]:
    """Every <f> element's text and every hyperlink element or relationship in the file's XML."""
    import zipfile

    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                xml = z.read(name).decode("utf-8")
                found += re.findall(r"<(?:\w+:)?f[ >][^<]*", xml)
                found += re.findall(r"<(?:\w+:)?hyperlink\b[^>]*>|Type=\"[^\"]*hyperlink\"", xml)
    return found


def test_formula_like_texts_are_string_cells_kept_verbatim(injected):
    wb = load_workbook(injected.path)
    ws = wb.worksheets[0]
    for ref, text in _hostile_cells(wb).items():
        cell = ws[ref]
        assert (cell.data_type, cell.value) == ("s", text), (ref, cell.data_type, cell.value)
        assert cell.quotePrefix, f"{ref}: shown and kept as text on editing (quotePrefix)"
    assert not ws._hyperlinks
    formulas = _formula_parts(injected.path)
    assert len(formulas) == len(TOTALS) and not any("HYPERLINK" in f or "SUM(A1)" in f for f in formulas), formulas


def test_libreoffice_shows_the_texts_and_makes_no_link(injected):
    wb = load_workbook(injected.again, data_only=True)
    ws = wb.worksheets[0]
    for ref, text in _hostile_cells(load_workbook(injected.path)).items():
        assert (ws[ref].data_type, ws[ref].value) == ("s", text), (ref, ws[ref].value)
    assert not ws._hyperlinks
    assert not [f for f in _formula_parts(injected.again) if "HYPERLINK" in f or "1+1" in f or "SUM(A1)" in f]
    # the code's own formulas still compute: counted from the case data above
    names = _names(load_workbook(injected.path))
    got = {n: ws[names[n]].value for n in TOTALS}
    attention = {i["id"]: i.get("attention", "否") for i in _template_items("self-inspection")}
    assert got == {"total_items": injected.items, "total_answered": len(HOSTILE_ANSWERS),
                   "total_rate": pytest.approx(len(HOSTILE_ANSWERS) / injected.items),
                   "total_no": sum(1 for v in HOSTILE_ANSWERS.values() if v == "否"),
                   "total_attention": sum(1 for k, v in HOSTILE_ANSWERS.items() if attention.get(k) == v)}


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_formulas_only_in_the_totals_and_every_text_a_string_cell(written, books, cid, kind):
    w, wb, (ws,) = _case(written, books, cid, kind)
    names = _names(wb)
    formulas = {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formulas == {names[n] for n in TOTALS}
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.coordinate not in formulas)
