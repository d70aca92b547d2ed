"""Fillable Word forms, read back with real readers: python-docx (and the lxml tree it parses) for the document, its
content controls, settings and page; LibreOffice headless for the layout (one call converts every file to PDF);
pypdf and poppler's pdftotext for the PDFs.

Every form in templates/forms is rendered blank, and filled from data/examples/forms/<id>.yaml (every form has one).
What the documents must print is worked out from the YAML files alone (tests/expected_support.py: titles, labels,
help, every 依据 line rebuilt from the raw citations, the example's values as printed, amounts in words from a table
written by hand), never taken from the view the writer was given.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

import expected_support as es
from conftest import ROOT, run_zhifa
from docx_support import controls_by_tag, one_control
from zhifa.app.fill import fill
from zhifa.check.case_values import check_case
from zhifa.load.yamlio import read_yaml
from zhifa.model.form import FieldType
from zhifa.render.docx import oxml as ctl
from zhifa.render.docx.form import fontconfig_aliases, write_docx
from zhifa.render.view.form import FieldView, FormView, SectionView, TableView, form_view

FORM_IDS = es.form_ids()
EXAMPLES = ROOT / "data" / "examples" / "forms"
CASES = [(fid, kind) for fid in FORM_IDS for kind in ("blank", "filled")]
CASE_IDS = [f"{fid}-{kind}" for fid, kind in CASES]
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
TEXT_TYPES = {"text", "multiline", "datetime", "amount", "idcard", "number"}
MAX_PAGES = 4
YEAR = 2025          # the year the filled views are given for the document number
AMOUNT_FORM = "major-decision-filing"

# ECMA-376 Part 1, CT_SdtPr: this sequence, then one type element (Word puts w14:checkbox there).
SDTPR_ORDER = ["rPr", "alias", "tag", "id", "lock", "placeholder", "temporary", "showingPlcHdr", "dataBinding",
               "label", "tabIndex", "TYPE"]
SDT_TYPES = {"equation", "comboBox", "date", "docPartObj", "docPartList", "dropDownList", "picture", "richText",
             "text", "citation", "group", "bibliography", "checkbox"}
# CT_Settings: the elements that may come before w:documentProtection.
SETTINGS_BEFORE_PROTECTION = {
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries",
    "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
    "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
    "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting"}


@dataclass
class Rendered:
    view: FormView                  # what the writer was given (never used for expectations)
    docx: Path
    form: es.Form                   # what the document must say, from the YAML
    case: dict                      # the example's values as typed (empty for the blank form)


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _given(r: Rendered, f: es.Field):
    value = r.case.get(f.id)
    return None if value in (None, "", []) else value


def _body_text(doc) -> str:
    """All text of the body as Word shows it: w:t joined, w:br as a newline, paragraphs on their own lines."""
    out = []
    for node in doc.element.body.iter(qn("w:t"), qn("w:br"), qn("w:p")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        else:
            out.append("\n")
    return "".join(out)


def _type_element(sdt):
    pr = sdt.find(qn("w:sdtPr"))
    return next(c for c in pr if _local(c) in SDT_TYPES)


# --- rendering, once per module ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(project, tmp_path_factory) -> dict[tuple[str, str], Rendered]:
    out = tmp_path_factory.mktemp("docx-forms")
    assert FORM_IDS and set(FORM_IDS) <= set(project.forms), (FORM_IDS, sorted(project.forms))
    result = {}
    for fid in FORM_IDS:
        form = project.forms[fid]
        example = EXAMPLES / f"{fid}.yaml"
        assert example.exists(), f"every form has an example case: {example.relative_to(ROOT)} is missing"
        filled, problems = check_case(project, form, read_yaml(example))
        assert not problems, [p.message for p in problems]
        views = {"blank": (form_view(project, form), {}),
                 "filled": (form_view(project, form, filled, year=YEAR), es.example_case(fid))}
        for kind, (view, case) in views.items():
            path = write_docx(view, out / f"{fid}-{kind}.docx")
            result[fid, kind] = Rendered(view, path, es.expected_form(fid), case)
    return result


def _get(rendered, fid: str, kind: str) -> Rendered:
    return rendered[fid, kind]


@pytest.fixture(scope="module")
def docs(rendered) -> dict:
    return {key: Document(str(r.docx)) for key, r in rendered.items()}


@pytest.fixture(scope="module")
def pdfs(rendered, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every .docx converted by LibreOffice in one call (private profile; the document's fonts mapped to free ones)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    work = tmp_path_factory.mktemp("lo")
    (work / "fonts.conf").write_text(fontconfig_aliases(), encoding="utf-8")
    outdir = work / "pdf"
    files = [str(r.docx) for r in rendered.values()]
    env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf")}
    run = subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(outdir), *files],
                         capture_output=True, text=True, timeout=300, env=env)
    result = {key: outdir / (r.docx.stem + ".pdf") for key, r in rendered.items()}
    missing = [p.name for p in result.values() if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {run.stdout} {run.stderr}"
    return result


# --- the document -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_opens_with_title_number_and_basis(docs, rendered, fid, kind):
    """Title, the basis line rebuilt from the form's citations (依据《…》第十四条、第九条), the document number."""
    r = _get(rendered, fid, kind)
    doc = docs[fid, kind]
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == r.form.title
    assert doc.paragraphs[0].style.name == "Form Title"
    assert r.form.basis_line in paragraphs, (r.form.basis_line, paragraphs[:4])
    assert doc.core_properties.title == r.form.title
    number = r.form.number(YEAR if kind == "filled" else None)
    tags = controls_by_tag(doc)
    if number:
        assert ctl.control_text(one_control(tags, "number")) == number
    else:
        assert "number" not in tags


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_every_field_has_its_controls(docs, rendered, fid, kind):
    r = _get(rendered, fid, kind)
    doc = docs[fid, kind]
    fields = r.form.fields()
    sdts = ctl.controls(doc.element.body)
    assert len(sdts) >= len(fields)
    tags = controls_by_tag(doc)
    for f in fields:
        if f.type == "persons":
            rows = f.person_rows(_given(r, f))
            for row in range(rows):
                for cid, _ in f.columns:
                    assert ctl.control_kind(one_control(tags, f"{f.id}.{row}.{cid}")) == "text"
            assert f"{f.id}.{rows}.{f.columns[0][0]}" not in tags
        elif f.type == "multichoice":
            boxes = [one_control(tags, f"{f.id}.{i}") for i in range(len(f.options))]
            assert [ctl.control_kind(b) for b in boxes] == ["checkbox"] * len(f.options)
        else:
            control = one_control(tags, f.id)
            expected = {"checkbox": "checkbox", "date": "date", "choice": "dropDownList"}.get(f.type, "text")
            assert ctl.control_kind(control) == expected, f.id


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_control_kinds_exist_where_the_form_needs_them(docs, rendered, fid, kind):
    r = _get(rendered, fid, kind)
    body = docs[fid, kind].element.body
    types = {f.type for f in r.form.fields()}
    kinds = [ctl.control_kind(s) for s in ctl.controls(body)]
    checkboxes = body.findall(f".//{{{W14}}}checkbox")
    dates = body.findall(f".//{qn('w:sdtPr')}/{qn('w:date')}")
    drops = body.findall(f".//{qn('w:sdtPr')}/{qn('w:dropDownList')}")
    assert bool(checkboxes) == bool(types & {"checkbox", "multichoice"})
    date_fields = sum(f.type == "date" for f in r.form.fields())
    assert len(dates) == kinds.count("date") == date_fields + 1  # and the signature block's date
    assert bool(drops) == ("choice" in types)
    for sdt in ctl.controls(body):
        pr = sdt.find(qn("w:sdtPr"))
        box = pr.find(f"{{{W14}}}checkbox")
        if box is not None:
            states = {_local(c): c for c in box}
            assert states["checkedState"].get(f"{{{W14}}}val") == "2612"
            assert states["uncheckedState"].get(f"{{{W14}}}val") == "2610"
            glyph = ctl.control_text(sdt)
            assert glyph == ("\u2612" if ctl.control_checked(sdt) else "\u2610")
        date = pr.find(qn("w:date"))
        if date is not None:
            children = [(_local(c), c.get(qn("w:val"))) for c in date]
            assert children == [("dateFormat", "yyyy'年'M'月'd'日'"), ("lid", "zh-CN"),
                                ("storeMappedDataAs", "dateTime"), ("calendar", "gregorian")]
        drop = pr.find(qn("w:dropDownList"))
        if drop is not None:
            field = next(f for f in r.form.fields() if f.id == ctl.control_tag(sdt))
            items = [(i.get(qn("w:displayText")), i.get(qn("w:value"))) for i in drop]
            assert items == [(o, o) for o in field.options]
        text = pr.find(qn("w:text"))
        if text is not None and "\n" in ctl.control_text(sdt):
            assert text.get(qn("w:multiLine")) == "1"


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_sdt_properties_in_schema_order(docs, rendered, fid, kind):
    _get(rendered, fid, kind)
    for sdt in ctl.controls(docs[fid, kind].element.body):
        names = ["TYPE" if _local(c) in SDT_TYPES else _local(c) for c in sdt.find(qn("w:sdtPr"))]
        assert names.count("TYPE") == 1, names
        positions = [SDTPR_ORDER.index(n) for n in names]
        assert positions == sorted(positions) and len(set(positions)) == len(positions), names
        assert [_local(c) for c in sdt] == ["sdtPr", "sdtContent"]


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_w14_namespace_declared_and_ignorable(docs, rendered, fid, kind):
    _get(rendered, fid, kind)
    root = docs[fid, kind].element
    assert root.nsmap.get("w14") == W14
    assert "w14" in root.get(f"{{{MC}}}Ignorable", "").split()


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_protected_for_filling_in_forms(docs, rendered, fid, kind):
    _get(rendered, fid, kind)
    settings = list(docs[fid, kind].settings.element)
    names = [_local(c) for c in settings]
    assert names.count("documentProtection") == 1
    at = names.index("documentProtection")
    protection = settings[at]
    assert protection.get(qn("w:edit")) == "forms"
    assert protection.get(qn("w:enforcement")) == "1"
    assert set(names[:at]) <= SETTINGS_BEFORE_PROTECTION, names[:at]
    assert names[at + 1] == "defaultTabStop"


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_page_is_gbt_9704(docs, rendered, fid, kind):
    _get(rendered, fid, kind)
    doc = docs[fid, kind]
    assert len(doc.sections) == 1
    s = doc.sections[0]
    for got, mm in ((s.page_width, 210), (s.page_height, 297), (s.top_margin, 37), (s.bottom_margin, 35),
                    (s.left_margin, 28), (s.right_margin, 26)):
        assert abs(got.mm - mm) < 0.05, (got.mm, mm)
    assert abs(s.page_width.mm - s.left_margin.mm - s.right_margin.mm - 156) < 0.1
    assert abs(s.page_height.mm - s.top_margin.mm - s.bottom_margin.mm - 225) < 0.1
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"


def test_styles_name_chinese_fonts_and_sizes(docs, rendered):
    doc = docs[FORM_IDS[0], "blank"]

    def east_asia(style) -> str:
        return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert east_asia(doc.styles["Form Title"]) == "方正小标宋简体"
    assert doc.styles["Form Title"].font.size.pt == 22
    for name, size in (("Form Body", 16), ("Form Signature", 16), ("Form Cell", 12), ("Form Help", 10.5)):
        assert east_asia(doc.styles[name]) == "仿宋_GB2312" and doc.styles[name].font.size.pt == size, name
    assert east_asia(doc.styles["Form Heading"]) == "黑体"
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_all_printed_text_is_there(docs, rendered, fid, kind):
    """Section titles and texts, labels, help, the 依据 lines of sections and fields (rebuilt from their citations),
    the reporting table (last moments computed here from the example's incident time), the notices' basis and the
    signature block."""
    r = _get(rendered, fid, kind)
    doc = docs[fid, kind]
    paragraphs = {p.text for p in doc.paragraphs}
    text = _flat(_body_text(doc))
    for s in r.form.sections:
        assert s.title in paragraphs
        if s.text:
            assert s.text in paragraphs
        if s.basis:
            assert s.basis in paragraphs, (s.title, s.basis)
        for f in s.fields:
            for piece in [f.label, f.help, f.basis or ""]:
                assert _flat(piece) in text, (f.id, piece)
    for basis in r.form.rule_basis:
        assert _flat(basis) in text, basis
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    for title, headers, rows in es.report_tables(fid, r.case or None):
        assert title in paragraphs
        assert [headers, *rows] in tables, (title, rows)
    signature = f"{r.form.issuer}（印章）" if r.form.issuer else "签名："
    assert signature in paragraphs
    assert ctl.control_kind(one_control(controls_by_tag(doc), "sign_date")) == "date"


@pytest.mark.parametrize("fid", FORM_IDS)
def test_blank_controls_are_empty(docs, rendered, fid):
    r = _get(rendered, fid, "blank")
    for sdt in ctl.controls(docs[fid, "blank"].element.body):
        tag = ctl.control_tag(sdt)
        if tag == "number":
            assert not ctl.showing_placeholder(sdt)
        elif ctl.control_kind(sdt) == "checkbox":
            assert ctl.control_checked(sdt) is False and ctl.control_text(sdt) == "\u2610"
        else:
            assert ctl.showing_placeholder(sdt), tag
            assert _type_element(sdt).get(qn("w:fullDate")) is None
            assert _type_element(sdt).get(qn("w:lastValue")) is None
    assert not r.case


@pytest.mark.parametrize("fid", FORM_IDS)
def test_filled_controls_hold_the_values(docs, rendered, fid):
    """Each control holds the example's value as the form prints it (dates 2025年3月5日, amounts with 大写 from the
    hand-written table, people cell by cell, boxes ticked for what the example chose)."""
    r = _get(rendered, fid, "filled")
    doc = docs[fid, "filled"]
    tags = controls_by_tag(doc)
    text = _flat(_body_text(doc))
    assert any(_given(r, f) is not None for f in r.form.fields())
    for f in r.form.fields():
        given = _given(r, f)
        if f.type == "persons":
            people = given or []
            for row in range(f.person_rows(people)):
                for cid, _ in f.columns:
                    sdt = one_control(tags, f"{f.id}.{row}.{cid}")
                    expected = str(people[row][cid]) if row < len(people) else ""
                    assert (ctl.control_text(sdt) if expected else "") == expected
                    assert ctl.showing_placeholder(sdt) == (not expected)
                    assert _flat(expected) in text
        elif f.type == "multichoice":
            chosen = set(given or [])
            assert chosen <= set(f.options)
            for i, option in enumerate(f.options):
                assert ctl.control_checked(one_control(tags, f"{f.id}.{i}")) == (option in chosen), (f.id, option)
        elif f.type == "checkbox":
            assert ctl.control_checked(one_control(tags, f.id)) == (given is True)
        else:
            sdt = one_control(tags, f.id)
            if given is None:
                assert ctl.showing_placeholder(sdt)
                continue
            shown = es.shown_value(f, given)
            assert ctl.control_text(sdt) == shown, f.id
            assert not ctl.showing_placeholder(sdt)
            assert _flat(shown) in text
            kind = _type_element(sdt)
            if f.type == "date":
                assert kind.get(qn("w:fullDate")) == f"{es.as_date(given).isoformat()}T00:00:00Z"
            if f.type == "choice":
                assert kind.get(qn("w:lastValue")) == given


def test_special_characters_survive(docs, rendered):
    """The onsite-inspection example's findings hold < & " and a line break; they come out as typed."""
    r = _get(rendered, "onsite-inspection", "filled")
    typed = r.case["findings"].rstrip("\n")
    assert all(ch in typed for ch in '<&"\n'), "the example must keep its < & \" value"
    sdt = one_control(controls_by_tag(docs["onsite-inspection", "filled"]), "findings")
    assert ctl.control_text(sdt) == typed
    assert sdt.find(f"{qn('w:sdtPr')}/{qn('w:text')}").get(qn("w:multiLine")) == "1"
    runs = sdt.findall(f"{qn('w:sdtContent')}/{qn('w:r')}")
    assert len(runs) == 1 and runs[0].findall(qn("w:br")), "a multi-line value is one run with line breaks"
    xml = zipfile.ZipFile(r.docx).read("word/document.xml").decode("utf-8")
    assert "&lt;说明&gt; &amp; “材料”" in xml and "&amp;lt;" not in xml


# --- amounts in words -------------------------------------------------------------------------------------------


def _amount_case(folder: Path, typed: str) -> Path:
    """The amount form's example case with ``amount`` set to ``typed`` (as a YAML number)."""
    text = (EXAMPLES / f"{AMOUNT_FORM}.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^amount: .*$", f"amount: {typed}", text)
    assert changed.count(f"amount: {typed}") == 1
    path = folder / f"amount-{typed}.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


@pytest.mark.parametrize("typed,shown", es.AMOUNTS, ids=[typed for typed, _ in es.AMOUNTS])
def test_filled_amount_is_printed_in_words(project, tmp_path, typed, shown):
    """fill (what ``zhifa fill`` runs) writes the amount with its 大写 exactly as worked out by hand."""
    result = fill(ROOT, AMOUNT_FORM, _amount_case(tmp_path, typed), tmp_path / "out.docx", project=project)
    assert not result.problems, [p.format() for p in result.problems]
    doc = Document(str(result.written))
    assert ctl.control_text(one_control(controls_by_tag(doc), "amount")) == shown
    assert _flat(shown) in _flat(_body_text(doc))


def test_zhifa_fill_prints_amounts_in_words(tmp_path):
    """The command itself, in another process, for a few amounts: the Word file it writes holds the 大写."""
    for typed, shown in es.AMOUNTS[5::6]:
        out = tmp_path / f"{typed}.docx"
        result = run_zhifa("fill", AMOUNT_FORM, str(_amount_case(tmp_path, typed)), "-o", str(out), "--root", str(ROOT))
        assert result.returncode == 0, result.stdout + result.stderr
        doc = Document(str(out))
        assert ctl.control_text(one_control(controls_by_tag(doc), "amount")) == shown, typed


def test_hostile_values_round_trip(tmp_path):
    """Markup-like text, quotes, several line breaks, leading spaces: every control returns exactly what it got."""
    values = {"a": '<w:t>&amp; "引号" \'单\' </w:p>', "b": "第一行\n\n  第三行\t<b>&\n", "c": "]]> & <!-- -->",
              "d": "单行字段\n却有换行"}
    fields = [FieldView(id=k, label=f"字段{k}", type="multiline" if k == "b" else "text", required=False,
                        help="帮助 <i>&</i>", options=[], columns=[], rows=0, value=v, display=v, basis=[])
              for k, v in values.items()]
    fields.append(FieldView(id="who", label="人员", type="persons", required=False, help=None, options=[],
                            columns=[("name", "姓名<>")], rows=1, value=[{"name": "A&B <C>"}],
                            display="A&B <C>", basis=[]))
    view = FormView(id="test", title="测试<表>&", summary="s", number="第<1>号", basis_line="依据：《甲&乙》",
                    sections=[SectionView("一、<节>", "说明 & <文字>", fields, [])],
                    tables=[TableView("表<1>", ["甲&", "<乙>"], [["1 & 2", "<3>"]])], notices=["注意 <&>"],
                    issuer="某局<&>", filled=True)
    doc = Document(str(write_docx(view, tmp_path / "x.docx")))
    tags = controls_by_tag(doc)
    for k, v in values.items():
        assert ctl.control_text(one_control(tags, k)) == v, k
        multiline = _type_element(one_control(tags, k)).get(qn("w:multiLine"))
        assert multiline == ("1" if "\n" in v else None), k
    assert ctl.control_text(one_control(tags, "who.0.name")) == "A&B <C>"
    assert ctl.control_text(one_control(tags, "number")) == "第<1>号"
    paragraphs = [p.text for p in doc.paragraphs]
    for expected in ("测试<表>&", "依据：《甲&乙》", "一、<节>", "说明 & <文字>", "表<1>", "注意 <&>", "某局<&>（印章）"):
        assert expected in paragraphs
    assert [[c.text for c in row.cells] for row in doc.tables[-1].rows] == [["甲&", "<乙>"], ["1 & 2", "<3>"]]


def test_every_field_type_renders(tmp_path):
    """Each type the schema allows, blank, in a form without number or issuer: one control (or the expected set)
    per field, also for types no form uses yet and a person list with no rows asked for."""
    types = get_args(FieldType)
    fields = [FieldView(id=f"f_{t}", label=f"标签{t}", type=t, required=False, help=None,
                        options=["甲", "乙"] if t in ("choice", "multichoice") else [],
                        columns=[("name", "姓名")] if t == "persons" else [], rows=0, value=None, display="",
                        basis=[]) for t in types]
    view = FormView(id="all-types", title="全部类型", summary="测试", number=None, basis_line="依据：无",
                    sections=[SectionView("空节", None, [], []), SectionView("字段", None, fields, [])])
    doc = Document(str(write_docx(view, tmp_path / "all.docx")))
    tags = controls_by_tag(doc)
    assert "number" not in tags and ctl.control_kind(one_control(tags, "signature")) == "text"
    kinds = {t: ctl.control_kind(tags[f"f_{t}"][0]) for t in types if t not in ("persons", "multichoice")}
    assert kinds == {t: {"checkbox": "checkbox", "date": "date", "choice": "dropDownList"}.get(t, "text")
                     for t in kinds}
    assert ctl.control_kind(one_control(tags, "f_persons.0.name")) == "text"
    assert [ctl.control_kind(one_control(tags, f"f_multichoice.{i}")) for i in range(2)] == ["checkbox"] * 2


def test_write_is_atomic_and_replaces(rendered, tmp_path):
    view = next(iter(rendered.values())).view
    out = tmp_path / "sub" / "form.docx"
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert write_docx(view, out) == out
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in out.parent.iterdir()) == ["form.docx"], "no temporary file left behind"
    assert Document(str(out)).paragraphs[0].text == view.title


# --- LibreOffice ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fid,kind", CASES, ids=CASE_IDS)
def test_libreoffice_converts_within_four_pages(pdfs, rendered, fid, kind):
    r = _get(rendered, fid, kind)
    reader = PdfReader(pdfs[fid, kind])
    assert 1 <= len(reader.pages) <= MAX_PAGES, len(reader.pages)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1, "A4"
    text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdfs[fid, kind]), "-"],
                                capture_output=True, text=True, check=True).stdout)
    assert _flat(r.form.title) in text
    assert _flat(r.form.basis_line) in text
    for f in r.form.fields():
        shown = es.shown_value(f, _given(r, f))
        if f.type in TEXT_TYPES and shown and "\n" not in shown:
            assert _flat(shown) in text, (f.id, shown)


# The words empty controls showed as their placeholder (the issue: printed blank forms carried them).
HINT_WORDS = ("点击填写", "请选择")


@pytest.mark.parametrize("fid", FORM_IDS)
def test_a_blank_form_prints_no_hint_words(pdfs, rendered, fid):
    text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdfs[fid, "blank"]), "-"],
                                capture_output=True, text=True, check=True).stdout)
    assert not [w for w in HINT_WORDS if w in text], text[:300]
    assert "年月日" in text or not any(f.type == "date" for f in rendered[fid, "blank"].form.fields())  # the template
    # Word still names each empty control: its title (w:alias) is the field's label
    doc = Document(str(rendered[fid, "blank"].docx))
    for sdt in doc.element.body.iter(qn("w:sdt")):
        alias = sdt.find(f"{qn('w:sdtPr')}/{qn('w:alias')}")
        assert alias is not None and alias.get(qn("w:val")), "a control without a title"


def test_libreoffice_prints_special_characters(pdfs, rendered):
    _get(rendered, "onsite-inspection", "filled")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdfs["onsite-inspection", "filled"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "<说明>&“材料”" in _flat(text)
    assert '<&"' in _flat(text)
