"""Fillable checklists as Word and PDF, read back with real readers: python-docx and lxml (the .docx and its
settings.xml), LibreOffice headless (one call converts every .docx to PDF), pypdf (AcroForm fields), poppler's
pdftotext, pdffonts and pdfinfo-like page boxes.

Every checklist in templates/checklists is rendered blank, and filled from data/examples/checklists/<id>.yaml.
What a document must hold is taken from the YAML files themselves (tests/expected_support.py: titles, item texts and
methods, every 依据 line and item citation rebuilt from the raw citations by the tests' own formatter, the example's
answers and remarks), never from the view the renderers were given.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

import expected_support as es
from conftest import ROOT
from docx_support import controls_by_tag, one_control
from zhifa.check.checklist_answers import check_answers
from zhifa.load.yamlio import read_yaml
from zhifa.render.docx import oxml as ctl
from zhifa.render.docx.checklist import write_checklist_docx
from zhifa.render.docx.form import fontconfig_aliases
from zhifa.render.pdf.checklist import write_checklist_pdf
from zhifa.render.view.checklist import ChecklistView, checklist_view

TEMPLATES = ROOT / "templates" / "checklists"
EXAMPLES = ROOT / "data" / "examples" / "checklists"
IDS = sorted(p.stem for p in TEMPLATES.glob("*.yaml"))
KINDS = ("blank", "filled")
CASES = [(cid, kind) for cid in IDS for kind in KINDS]
CASE_IDS = [f"{cid}-{kind}" for cid, kind in CASES]
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OPTION_SUFFIX = {"是": "yes", "否": "no", "不适用": "na"}
COLUMNS = ["序号", "检查内容", "核实方法", "依据", "结果", "备注"]
EXAMPLE_REMARK = "<示例> & “说明”"
A4_LANDSCAPE_PT = (841.9, 595.3)


@dataclass
class Item:
    """An item as the template YAML states it, with the example's answer (None when the example leaves it out)."""
    id: str
    answer_type: str
    answer: Any = None
    remark: str = ""


@dataclass
class Case:
    view: ChecklistView             # what the writers were given (never used for expectations)
    items: list[Item]
    docx: Path
    pdf: Path
    expected: es.Checklist          # what the documents must say, from the YAML


def _shown(item: Item) -> str:
    """A rate, count or note answer as printed: 90 → 90%, 93.5 → 93.5%, 2 → 2."""
    if item.answer is None:
        return ""
    if item.answer_type == "rate":
        return f"{float(item.answer):g}%"
    return str(item.answer)


def _header_shown(value) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日" if hasattr(value, "year") else str(value)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _yaml_items(cid: str, filled: bool) -> list[Item]:
    template = read_yaml(TEMPLATES / f"{cid}.yaml").data
    answers = read_yaml(EXAMPLES / f"{cid}.yaml").data["answers"] if filled else {}
    out = []
    for group in template["groups"]:
        for raw in group["items"]:
            item = Item(raw["id"], raw["answer"])
            given = answers.get(raw["id"])
            if isinstance(given, dict):
                item.answer, item.remark = given["answer"], given.get("remark") or ""
            else:
                item.answer = given
            out.append(item)
    return out


def _yes_no(items: list[Item]) -> list[Item]:
    return [i for i in items if i.answer_type == "yes_no"]


# --- rendering, once per module ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cases(project, tmp_path_factory) -> dict[tuple[str, str], Case]:
    out = tmp_path_factory.mktemp("checklist-docs")
    assert IDS and set(IDS) == set(project.checklists), (IDS, sorted(project.checklists))
    result = {}
    for cid in IDS:
        checklist = project.checklists[cid]
        answers, problems = check_answers(checklist, read_yaml(EXAMPLES / f"{cid}.yaml"))
        assert not problems, [p.message for p in problems]
        for kind in KINDS:
            view = checklist_view(project, checklist, answers if kind == "filled" else None)
            docx = write_checklist_docx(view, out / f"{cid}-{kind}.docx")
            pdf = write_checklist_pdf(view, out / f"{cid}-{kind}.pdf")
            result[cid, kind] = Case(view, _yaml_items(cid, kind == "filled"), docx, pdf, es.expected_checklist(cid))
    return result


@pytest.fixture(scope="module")
def docs(cases) -> dict:
    return {key: Document(str(c.docx)) for key, c in cases.items()}


@pytest.fixture(scope="module")
def lo_pdfs(cases, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every .docx converted to PDF by LibreOffice in ONE call, with a private profile and the document's font
    names mapped to free fonts."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    work = tmp_path_factory.mktemp("lo-checklists")
    (work / "fonts.conf").write_text(fontconfig_aliases(), encoding="utf-8")
    outdir = work / "pdf"
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *(str(c.docx) for c in cases.values())],
        capture_output=True, text=True, timeout=300, env={**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf")})
    assert run.returncode == 0, run.stderr
    result = {key: outdir / (c.docx.stem + ".pdf") for key, c in cases.items()}
    missing = [p.name for p in result.values() if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {run.stdout} {run.stderr}"
    return result


@pytest.fixture(scope="module")
def fields(cases) -> dict[tuple[str, str], dict]:
    return {key: PdfReader(c.pdf).get_fields() or {} for key, c in cases.items()}


def _pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _item_rows(doc) -> list[list[str]]:
    """The rows under a 序号 | 检查内容 | … heading, in every table that has one, as cell texts."""
    rows = []
    for table in doc.tables:
        texts = [[c.text for c in row.cells] for row in table.rows]
        if texts and texts[0] == COLUMNS:
            rows += texts[1:]
    return rows


def _expected_summary(items: list[Item]) -> str:
    answered = sum(i.answer is not None for i in items)
    return f"已答 {answered} 项，共 {len(items)} 项，完成率 "


# --- the Word document ------------------------------------------------------------------------------------------


def test_self_inspection_has_its_21_items(cases, docs):
    """The self-inspection scheme lists 21 checks: all of them are rows of the table, each with its controls."""
    for kind in KINDS:
        case = cases["self-inspection", kind]
        assert len(case.items) == 21
        rows = _item_rows(docs["self-inspection", kind])
        assert len(rows) == 21
        assert [r[0] for r in rows] == [e.number for e in case.expected.items()]
        tags = controls_by_tag(docs["self-inspection", kind])
        assert sum(f"{i.id}.remark" in tags for i in case.items) == 21


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_docx_opens_with_title_basis_line_and_landscape_a4(cases, docs, cid, kind):
    """Title and the basis line rebuilt from the checklist's citations (依据《…》（六）、（七）第一款)."""
    case, doc = cases[cid, kind], docs[cid, kind]
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == case.expected.title
    assert case.expected.basis_line in paragraphs, (case.expected.basis_line, paragraphs[:3])
    assert doc.core_properties.title == case.expected.title
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_docx_has_one_row_and_its_controls_per_item(cases, docs, cid, kind):
    case, doc = cases[cid, kind], docs[cid, kind]
    rows = _item_rows(doc)
    assert len(rows) == len(case.items)
    for row, expected in zip(rows, case.expected.items()):
        assert row[:4] == [expected.number, expected.text, expected.method, expected.basis]
    tags = controls_by_tag(doc)
    for item in case.items:
        assert ctl.control_kind(one_control(tags, f"{item.id}.remark")) == "text"
        if item.answer_type == "yes_no":
            boxes = [one_control(tags, f"{item.id}.{s}") for s in OPTION_SUFFIX.values()]
            assert [ctl.control_kind(b) for b in boxes] == ["checkbox"] * 3
            assert f"{item.id}.value" not in tags
        else:
            assert ctl.control_kind(one_control(tags, f"{item.id}.value")) == "text"


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_docx_checkbox_count_is_three_per_yes_no_item(cases, cid, kind):
    case = cases[cid, kind]
    body = etree.fromstring(zipfile.ZipFile(case.docx).read("word/document.xml"))
    boxes = body.findall(f".//{{{W14}}}checkbox")
    assert len(_yes_no(case.items)) > 0
    assert len(boxes) == 3 * len(_yes_no(case.items))


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_docx_protected_for_filling_in_forms(cases, cid, kind):
    settings = etree.fromstring(zipfile.ZipFile(cases[cid, kind].docx).read("word/settings.xml"))
    protection = settings.findall(f"{{{W}}}documentProtection")
    assert len(protection) == 1
    assert protection[0].get(f"{{{W}}}edit") == "forms" and protection[0].get(f"{{{W}}}enforcement") == "1"
    following = protection[0].getnext()
    assert following is not None and etree.QName(following).localname == "defaultTabStop"


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_docx_header_fields_are_controls(docs, cid, kind):
    template = read_yaml(TEMPLATES / f"{cid}.yaml").data["header"]
    given = read_yaml(EXAMPLES / f"{cid}.yaml").data["header"] if kind == "filled" else {}
    tags = controls_by_tag(docs[cid, kind])
    assert any(f["type"] == "date" for f in template)
    for f in template:
        sdt = one_control(tags, f"header.{f['id']}")
        assert ctl.control_kind(sdt) == ("date" if f["type"] == "date" else "text")
        value = given.get(f["id"])
        if value is None:
            assert ctl.showing_placeholder(sdt)
        elif f["type"] == "date":
            date = sdt.find(f"{qn('w:sdtPr')}/{qn('w:date')}")
            assert date.get(qn("w:fullDate")) == f"{value.isoformat()}T00:00:00Z"
            assert ctl.control_text(sdt) == f"{value.year}年{value.month}月{value.day}日"
        else:
            assert ctl.control_text(sdt) == str(value)


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_docx_notes_with_their_basis(cases, docs, cid, kind):
    """Each note, then its basis line rebuilt from the note's citations (units of one regulation joined by 、)."""
    case = cases[cid, kind]
    paragraphs = [p.text for p in docs[cid, kind].paragraphs]
    for note in case.expected.notes:
        at = paragraphs.index(f"{note.title}：{note.text}")
        assert paragraphs[at + 1] == note.basis


@pytest.mark.parametrize("cid", IDS)
def test_docx_filled_controls_hold_the_example(cases, docs, cid):
    case, doc = cases[cid, "filled"], docs[cid, "filled"]
    tags = controls_by_tag(doc)
    remarks = []
    for item in case.items:
        if item.answer_type == "yes_no":
            for option, suffix in OPTION_SUFFIX.items():
                sdt = one_control(tags, f"{item.id}.{suffix}")
                checked = item.answer == option
                assert ctl.control_checked(sdt) is checked, (item.id, option)
                assert ctl.control_text(sdt) == ("\u2612" if checked else "\u2610")
        else:
            sdt = one_control(tags, f"{item.id}.value")
            if item.answer is None:
                assert ctl.showing_placeholder(sdt)
            else:
                assert ctl.control_text(sdt) == _shown(item), item.id
        remark = one_control(tags, f"{item.id}.remark")
        if item.remark:
            assert ctl.control_text(remark) == item.remark and not ctl.showing_placeholder(remark)
            remarks.append(item.remark)
        else:
            assert ctl.showing_placeholder(remark)
    assert any(EXAMPLE_REMARK in r for r in remarks), "the example should keep its markup-like remark"
    assert sum(ctl.control_checked(s) is True for s in ctl.controls(doc.element.body)) == sum(
        i.answer is not None for i in _yes_no(case.items))
    xml = zipfile.ZipFile(case.docx).read("word/document.xml").decode("utf-8")
    assert "&lt;示例&gt; &amp; “说明”" in xml and "&amp;lt;" not in xml


@pytest.mark.parametrize("cid", IDS)
def test_docx_blank_controls_are_empty(docs, cid):
    sdts = ctl.controls(docs[cid, "blank"].element.body)
    for sdt in sdts:
        if ctl.control_kind(sdt) == "checkbox":
            assert ctl.control_checked(sdt) is False and ctl.control_text(sdt) == "\u2610"
        else:
            assert ctl.showing_placeholder(sdt), ctl.control_tag(sdt)
    assert not any(p.text.startswith("已答") for p in docs[cid, "blank"].paragraphs)


@pytest.mark.parametrize("cid", IDS)
def test_docx_filled_ends_with_the_summary_line(cases, docs, cid):
    case = cases[cid, "filled"]
    last = [p.text for p in docs[cid, "filled"].paragraphs if p.text][-1]
    assert last.startswith(_expected_summary(case.items)), last
    assert re.fullmatch(r"已答 \d+ 项，共 \d+ 项，完成率 [\d.]+%，需关注 \d+ 项(（[\d.、]+）)?", last), last


def test_summary_line_of_the_self_inspection_example(docs):
    """20 of 21 answered (g6_4 left out); 否 on three items that ask whether something was done."""
    last = [p.text for p in docs["self-inspection", "filled"].paragraphs if p.text][-1]
    assert last == "已答 20 项，共 21 项，完成率 95.2%，需关注 3 项（2.2、4.1、6.1）"


def test_write_is_atomic_and_leaves_no_temporary_file(cases, tmp_path):
    view = cases["non-action-review", "filled"].view
    out = tmp_path / "sub" / "清单.docx"
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert write_checklist_docx(view, out) == out and out.read_bytes()[:2] == b"PK"
    assert write_checklist_pdf(view, out.with_suffix(".pdf")).read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in out.parent.iterdir()) == ["清单.docx", "清单.pdf"]
    for target in (tmp_path / "dir.docx", tmp_path / "dir.pdf"):
        target.mkdir()          # renaming the finished temporary file over a directory fails
        with pytest.raises(OSError):
            (write_checklist_docx if target.suffix == ".docx" else write_checklist_pdf)(view, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.docx", "dir.pdf", "sub"]


# --- LibreOffice ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_libreoffice_converts_the_docx(cases, lo_pdfs, cid, kind):
    case, pdf = cases[cid, kind], lo_pdfs[cid, kind]
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 6, len(reader.pages)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4_LANDSCAPE_PT[0]) < 1 and abs(float(box.height) - A4_LANDSCAPE_PT[1]) < 1
    text = _flat(_pdftotext(pdf))
    assert _flat(case.expected.title) in text
    assert _flat(case.expected.basis_line) in text
    assert _flat(case.expected.items()[-1].text) in text, "the last item is printed"
    if kind == "blank":  # printed for handwriting: room to write in, no placeholder words
        assert not [w for w in ("点击填写", "请选择", "填写百分比", "填写数量", "填写情况") if w in text], text[:300]
    if kind == "filled":
        assert text.count("\u2612") == sum(i.answer is not None for i in _yes_no(case.items))
        assert _flat(EXAMPLE_REMARK) in text
        assert _flat(_expected_summary(case.items)) in text


# --- the PDF ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_pdf_lists_every_field(cases, fields, cid, kind):
    case, found = cases[cid, kind], fields[cid, kind]
    terminal = {name: f for name, f in found.items() if f.get("/FT")}
    yes_no = _yes_no(case.items)
    assert len(terminal) >= 3 * len(yes_no) + len(case.items)
    assert sum(f.get("/FT") == "/Btn" for f in terminal.values()) == 3 * len(yes_no)
    for item in case.items:
        assert terminal[f"{item.id}.remark"]["/FT"] == "/Tx"
        if item.answer_type == "yes_no":
            for suffix in OPTION_SUFFIX.values():
                assert terminal[f"{item.id}.{suffix}"]["/FT"] == "/Btn"
        else:
            assert terminal[f"{item.id}.value"]["/FT"] == "/Tx"
    for f in read_yaml(TEMPLATES / f"{cid}.yaml").data["header"]:
        assert terminal[f"header.{f['id']}"]["/FT"] == "/Tx"


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_pdf_field_values_follow_the_example(cases, fields, cid, kind):
    case, found = cases[cid, kind], fields[cid, kind]
    for item in case.items:
        if item.answer_type == "yes_no":
            for option, suffix in OPTION_SUFFIX.items():
                state = found[f"{item.id}.{suffix}"].get("/V")
                assert (state == "/on") == (item.answer == option), (item.id, option, state)
        else:
            value = found[f"{item.id}.value"].get("/V") or ""
            assert value == _shown(item), item.id
        assert (found[f"{item.id}.remark"].get("/V") or "") == item.remark
    header = read_yaml(EXAMPLES / f"{cid}.yaml").data["header"] if kind == "filled" else {}
    for f in read_yaml(TEMPLATES / f"{cid}.yaml").data["header"]:
        value = found[f"header.{f['id']}"].get("/V") or ""
        assert value == _header_shown(header.get(f["id"])), f["id"]
    if kind == "filled":
        assert any(EXAMPLE_REMARK in (found[f"{i.id}.remark"].get("/V") or "") for i in case.items)


def _flatten(src: Path, dst: Path) -> Path:
    """The PDF with each text field's appearance painted into its page and the widgets removed, so that pdftotext
    reads exactly what a viewer shows in the fields."""
    writer = PdfWriter(clone_from=PdfReader(src))
    for page_no, page in enumerate(writer.pages):
        resources = page["/Resources"].get_object()
        xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
        painting = []
        for n, ref in enumerate(page.get("/Annots", []) or []):
            widget = ref.get_object()
            if "/AP" not in widget:
                continue
            appearance = widget["/AP"]["/N"]
            if not hasattr(appearance, "get_data"):
                continue                      # buttons keep one appearance per state; they hold no text
            key = f"/TxAp{page_no}_{n}"
            xobjects[NameObject(key)] = appearance.indirect_reference
            left, bottom = (min(float(widget["/Rect"][i]), float(widget["/Rect"][i + 2])) for i in (0, 1))
            painting.append(f"q 1 0 0 1 {left:.2f} {bottom:.2f} cm {key} Do Q")
        content = page.get_contents()
        content.set_data(content.get_data() + ("\n" + "\n".join(painting) + "\n").encode("ascii"))
        page.replace_contents(content)
        page.pop("/Annots", None)
    del writer.root_object["/AcroForm"]
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


@pytest.mark.parametrize("cid", IDS)
def test_pdf_text_and_field_appearances(cases, cid, tmp_path):
    blank, filled = cases[cid, "blank"], cases[cid, "filled"]
    for case in (blank, filled):
        text = _flat(_pdftotext(case.pdf, "-raw"))
        e = case.expected
        for expected in [e.title, e.basis_line, *(g.title for g in e.groups), *COLUMNS,
                         *(n.text for n in e.notes), *(n.basis for n in e.notes),
                         *(i.text for i in e.items()), *(i.basis for i in e.items())]:
            assert _flat(expected) in text, expected
    shown = _flat(_pdftotext(_flatten(filled.pdf, tmp_path / "flat.pdf"), "-raw"))
    printed = _flat(_pdftotext(filled.pdf, "-raw"))
    assert _flat(_expected_summary(filled.items)) in printed
    assert _flat(EXAMPLE_REMARK) in shown
    for item in filled.items:
        for value in (item.remark, _shown(item) if item.answer_type != "yes_no" else ""):
            assert _flat(value) in shown, (item.id, value)
    for value in read_yaml(EXAMPLES / f"{cid}.yaml").data["header"].values():
        assert _flat(_header_shown(value)) in shown
    assert "已答" not in _flat(_pdftotext(blank.pdf))


@pytest.mark.parametrize("cid,kind", CASES, ids=CASE_IDS)
def test_pdf_is_landscape_a4_with_every_font_embedded(cases, cid, kind):
    pdf = cases[cid, kind].pdf
    box = PdfReader(pdf).pages[0].mediabox
    assert abs(float(box.width) - A4_LANDSCAPE_PT[0]) < 1 and abs(float(box.height) - A4_LANDSCAPE_PT[1]) < 1
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    assert [r for r in rows if r.split()[-5] != "yes"] == []


def test_remark_wraps_without_closing_quote_at_line_start():
    """说明”，: two closing marks in a row at the end of a line go down together with the character before."""
    from zhifa.render.pdf.fields import wrap
    from zhifa.render.pdf.fonts import chain

    text = "发现问题 <示例> & “说明”，已要求整改。"
    for width in range(90, 200, 5):
        lines = wrap(text, width, 10, chain())
        assert "".join(lines) == text
        assert not any(line[:1] in "”，。" for line in lines), (width, lines)
