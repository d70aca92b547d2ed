"""Fillable PDF forms, read back with real readers: pypdf for the AcroForm fields and their values, poppler's
pdftotext for the printed text, pdffonts for font embedding.

Which check reads what:
* field values: pypdf's /V of each field (the honest check: pdftotext does not extract widget appearances on
  every poppler version);
* what a viewer shows in the fields: the appearance streams, drawn into the page by ``_flatten`` below and then
  extracted with pdftotext, so glyph encoding and ToUnicode of the field font are read by poppler;
* static text (title, number, basis line, labels, tables, notices): pdftotext of the PDF as written.

Every form in templates/forms is rendered blank, and filled from data/examples/forms/<id>.yaml (every form has one).
What must be printed and what the fields must hold is worked out from the YAML files alone
(tests/expected_support.py: every 依据 line rebuilt from the raw citations, the example's values as printed, amounts in
words from a table written by hand), never taken from the view the writer was given.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

import expected_support as es
from conftest import ROOT, run_zhifa
from zhifa.app.fill import fill
from zhifa.check.case_values import check_case
from zhifa.load.yamlio import read_yaml
from zhifa.render.pdf.form import write_pdf
from zhifa.render.view.form import FieldView, FormView, SectionView, TableView, form_view

FORM_IDS = es.form_ids()
EXAMPLES = ROOT / "data" / "examples" / "forms"
KANGXI = re.compile("[\u2f00-\u2fd5]")
TEXT_LIKE = {"text", "multiline", "date", "datetime", "amount", "idcard", "number"}
YEAR = 2025          # the year the filled views are given for the document number
AMOUNT_FORM = "major-decision-filing"


@dataclass
class Rendered:
    view: FormView                  # what the writer was given (never used for expectations)
    pdf: Path
    form: es.Form                   # what the document must say, from the YAML
    case: dict                      # the example's values as typed (empty for the blank form)


def _flat(text: str) -> str:
    """Without whitespace: text may be broken across lines."""
    return re.sub(r"\s+", "", text)


def _has(text: str, phrase: str) -> bool:
    """``phrase`` is in the extracted text, whitespace aside; pieces between wide gaps (〔　　　　〕第　　号) may be
    extracted apart, so each piece is looked for on its own."""
    flat = _flat(text)
    return all(piece in flat for piece in re.split(r"\s+", phrase) if piece)


def _pdftotext(pdf: Path) -> str:
    """Text in content-stream order (-raw): the lines of a field appearance stay together, and a label broken
    over two lines is not interleaved with the field value drawn beside it."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _flatten(src: Path, dst: Path) -> Path:
    """Draw each widget's normal appearance into its page and drop the widgets and the AcroForm: any text
    extractor then reads exactly what the appearance streams show."""
    writer = PdfWriter(clone_from=PdfReader(src))
    for number, page in enumerate(writer.pages):
        resources = page["/Resources"].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        xobjects = resources["/XObject"].get_object()
        ops = []
        for i, ref in enumerate(page.get("/Annots", []) or []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget" or "/AP" not in widget:
                continue
            normal = widget["/AP"]["/N"].get_object()
            if not hasattr(normal, "get_data"):  # a button: one appearance per state
                normal = normal.get(widget.get("/AS"))
                if normal is None:
                    continue
                normal = normal.get_object()
            name = f"/Flat{number}x{i}"
            xobjects[NameObject(name)] = normal.indirect_reference
            x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
            ops.append(f"q 1 0 0 1 {min(x1, x2):.3f} {min(y1, y2):.3f} cm {name} Do Q")
        contents = page.get_contents()
        contents.set_data(contents.get_data() + ("\n" + "\n".join(ops) + "\n").encode("ascii"))
        page.replace_contents(contents)
        if "/Annots" in page:
            del page["/Annots"]
    del writer.root_object["/AcroForm"]
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


@pytest.fixture(scope="module")
def rendered(project, tmp_path_factory) -> dict[tuple[str, str], Rendered]:
    """Every form blank and filled from its example, rendered once; keys (form id, "blank" | "filled")."""
    out = tmp_path_factory.mktemp("pdf-forms")
    assert FORM_IDS and set(FORM_IDS) <= set(project.forms), (FORM_IDS, sorted(project.forms))
    result = {}
    for fid in FORM_IDS:
        form = project.forms[fid]
        expected = es.expected_form(fid)
        result[fid, "blank"] = Rendered(form_view(project, form), write_pdf(form_view(project, form),
                                                                            out / f"{fid}-blank.pdf"), expected, {})
        example = EXAMPLES / f"{fid}.yaml"
        assert example.exists(), f"every form has an example case: {example.relative_to(ROOT)} is missing"
        filled, problems = check_case(project, form, read_yaml(example))
        assert not problems, [p.message for p in problems]
        view = form_view(project, form, filled, year=YEAR)
        result[fid, "filled"] = Rendered(view, write_pdf(view, out / f"{fid}.pdf"), expected, es.example_case(fid))
    return result


def _get(rendered, fid: str, kind: str) -> Rendered:
    return rendered[fid, kind]


@pytest.fixture(scope="module")
def texts(rendered) -> dict[tuple[str, str], str]:
    return {key: _pdftotext(r.pdf) for key, r in rendered.items()}


@pytest.fixture(scope="module")
def shown(rendered, tmp_path_factory) -> dict[tuple[str, str], str]:
    """pdftotext of the flattened PDFs: static text plus what the field appearances show."""
    out = tmp_path_factory.mktemp("flat")
    return {key: _pdftotext(_flatten(r.pdf, out / r.pdf.name)) for key, r in rendered.items()}


def _fields(pdf: Path) -> dict:
    return PdfReader(pdf).get_fields() or {}


def _given(r: Rendered, f: es.Field):
    value = r.case.get(f.id)
    return None if value in (None, "", []) else value


def _expected_names(r: Rendered) -> list[str]:
    names = []
    for f in r.form.fields():
        if f.type == "persons":
            names += [f"{f.id}.{row}.{c}" for row in range(f.person_rows(_given(r, f))) for c, _ in f.columns]
        elif f.type == "multichoice":
            names += [f"{f.id}.{i}" for i in range(len(f.options))]
        else:
            names.append(f.id)
    return names


def _all_fields(view: FormView) -> list[FieldView]:
    return [f for s in view.sections for f in s.fields]


def _choice_value(field: dict) -> str | None:
    """A radio group's value as text: its state /k is the k-th export value in /Opt."""
    state = field.get("/V")
    if state in (None, "/Off"):
        return None
    return field["/Opt"][int(state[1:])]


def _check_values(view: FormView, fields: dict) -> list[str]:
    """Differences between a hand-built view's values and the PDF's field values (empty list: all equal); for the
    writer's own tests, whose view is the test's input."""
    wrong = []
    for f in _all_fields(view):
        if f.type in TEXT_LIKE:
            expected = f.value if f.type in ("text", "multiline") and f.value is not None else f.display
            got = fields[f.id].get("/V")
            if got != expected:
                wrong.append(f"{f.id}: {got!r} != {expected!r}")
        elif f.type == "choice":
            got = _choice_value(fields[f.id])
            if got != (f.display or None):
                wrong.append(f"{f.id}: {got!r} != {f.display!r}")
        elif f.type == "multichoice":
            got = [o for i, o in enumerate(f.options) if fields[f"{f.id}.{i}"].get("/V") == "/on"]
            if sorted(got) != sorted(f.value or []):  # boxes have no order; the display keeps the typed one
                wrong.append(f"{f.id}: {got!r} != {f.value!r}")
        elif f.type == "checkbox":
            got = fields[f.id].get("/V") == "/on"
            if got != (f.value is True):
                wrong.append(f"{f.id}: {got!r} != {f.value!r}")
        elif f.type == "persons":
            people = f.value or []
            for r in range(f.rows):
                for c, _ in f.columns:
                    expected = people[r][c] if r < len(people) else ""
                    got = fields[f"{f.id}.{r}.{c}"].get("/V")
                    if got != expected:
                        wrong.append(f"{f.id}.{r}.{c}: {got!r} != {expected!r}")
        else:
            wrong.append(f"{f.id}: type {f.type} not checked by this test")
    return wrong


def _check_case_values(r: Rendered, fields: dict) -> list[str]:
    """Differences between the example case (as typed, printed the way the form prints it) and the PDF's field
    values; a blank form's fields must all be empty."""
    wrong = []
    for f in r.form.fields():
        given = _given(r, f)
        if f.type in TEXT_LIKE:
            expected = es.shown_value(f, given)
            got = fields[f.id].get("/V") or ""
            if got != expected:
                wrong.append(f"{f.id}: {got!r} != {expected!r}")
        elif f.type == "choice":
            got = _choice_value(fields[f.id])
            if got != given:
                wrong.append(f"{f.id}: {got!r} != {given!r}")
        elif f.type == "multichoice":
            got = [o for i, o in enumerate(f.options) if fields[f"{f.id}.{i}"].get("/V") == "/on"]
            if sorted(got) != sorted(given or []):
                wrong.append(f"{f.id}: {got!r} != {given!r}")
        elif f.type == "checkbox":
            got = fields[f.id].get("/V") == "/on"
            if got != (given is True):
                wrong.append(f"{f.id}: {got!r} != {given!r}")
        elif f.type == "persons":
            people = given or []
            for row in range(f.person_rows(people)):
                for c, _ in f.columns:
                    expected = str(people[row][c]) if row < len(people) else ""
                    got = fields[f"{f.id}.{row}.{c}"].get("/V") or ""
                    if got != expected:
                        wrong.append(f"{f.id}.{row}.{c}: {got!r} != {expected!r}")
        else:
            wrong.append(f"{f.id}: type {f.type} not checked by this test")
    return wrong


def _typed_values(r: Rendered) -> list[str]:
    """What the example typed into text fields, as the form prints it."""
    out = []
    for f in r.form.fields():
        given = _given(r, f)
        if f.type in TEXT_LIKE and given is not None:
            out.append(es.shown_value(f, given))
        elif f.type == "persons":
            out += [str(v) for row in given or [] for v in row.values()]
    return out


# ---------------------------------------------------------------- files

def test_writes_only_finished_pdfs(rendered):
    folder = next(iter(rendered.values())).pdf.parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(r.pdf.name for r in rendered.values())  # no temp files
    for r in rendered.values():
        assert r.pdf.read_bytes()[:8] == b"%PDF-1.7"


def test_failed_write_leaves_no_partial_file(rendered, tmp_path):
    view = next(iter(rendered.values())).view
    target = tmp_path / "form.pdf"
    target.mkdir()  # renaming a file over a directory fails after the PDF has been written to the temp file
    with pytest.raises(OSError):
        write_pdf(view, target)
    assert [p.name for p in tmp_path.iterdir()] == ["form.pdf"] and target.is_dir()


# ---------------------------------------------------------------- fields

@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_every_field_is_an_acroform_field(rendered, fid, kind):
    r = _get(rendered, fid, kind)
    fields = _fields(r.pdf)
    terminal = [name for name, f in fields.items() if "/FT" in f]
    assert len(terminal) >= len(r.form.fields())
    assert {f.id for f in r.form.fields()} <= set(fields)
    assert set(_expected_names(r)) <= set(terminal), set(_expected_names(r)) - set(terminal)


@pytest.mark.parametrize("fid", FORM_IDS)
def test_field_names_are_a_proper_hierarchy(rendered, fid):
    """A partial field name never contains a period (PDF 32000 12.7.3.2): dotted names are nested fields."""
    reader = PdfReader(_get(rendered, fid, "filled").pdf)
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" not in acro or acro["/NeedAppearances"] is False
    stack = [ref.get_object() for ref in acro["/Fields"]]
    while stack:
        field = stack.pop()
        assert "." not in str(field.get("/T", "")), field.get("/T")
        stack += [k.get_object() for k in field.get("/Kids", [])]


@pytest.mark.parametrize("fid", FORM_IDS)
def test_filled_field_values_equal_the_example(rendered, fid):
    r = _get(rendered, fid, "filled")
    assert r.case and _check_case_values(r, _fields(r.pdf)) == []


@pytest.mark.parametrize("fid", FORM_IDS)
def test_blank_fields_are_empty(rendered, fid):
    r = _get(rendered, fid, "blank")
    assert not r.case and _check_case_values(r, _fields(r.pdf)) == []


def _subset_characters(font) -> set[str]:
    """The characters an embedded TrueType font program has glyphs for (its cmap, read by fontTools)."""
    from fontTools.ttLib import TTFont

    descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    tt = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    return {chr(cp) for cp in tt.getBestCmap()}


@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_typing_uses_the_readers_cjk_font_and_values_a_subset_of_their_characters(rendered, fid, kind):
    """Every text field's default appearance names the standard, not embedded STSong-Light (UniGB-UCS2-H) of the
    AcroForm's resources, so a viewer can show whatever is typed; the appearances written are drawn in one
    embedded font holding exactly the characters of the values (the example's, the number and date lines)."""
    r = _get(rendered, fid, kind)
    reader = PdfReader(r.pdf)
    dr_fonts = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    assert len(dr_fonts) == 1
    font_name, font = next(iter(dr_fonts.items()))
    font = font.get_object()
    assert (font["/BaseFont"], font["/Encoding"]) == ("/STSong-Light", "/UniGB-UCS2-H")
    descendant = font["/DescendantFonts"][0].get_object()
    assert descendant["/CIDSystemInfo"]["/Ordering"] == "GB1"
    assert not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descendant["/FontDescriptor"])
    drawn_fonts = {}
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/FT") == "/Tx":
                assert str(widget["/DA"]).startswith(font_name + " "), widget["/DA"]
                normal = widget["/AP"]["/N"].get_object()
                for f in normal.get("/Resources", {}).get("/Font", {}).values():
                    drawn_fonts[f.get_object()["/BaseFont"]] = f
    assert len(drawn_fonts) == 1, drawn_fonts
    (base, subset), = drawn_fonts.items()
    assert re.fullmatch(r"/[A-Z]{6}\+\S+", base), base          # named as a subset (PDF 32000 9.6.4)
    values = "".join(_typed_values(r)) + (r.form.number(YEAR if r.case else None) or "") + "年月日"
    assert _subset_characters(subset) - set(" \u3000") == set(values) - set(" \n\u3000")


@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_buttons_show_their_state_without_fonts(rendered, fid, kind):
    reader = PdfReader(_get(rendered, fid, kind).pdf)
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            field = widget["/Parent"].get_object() if "/T" not in widget else widget
            if field.get("/FT") != "/Btn":
                continue
            state = widget["/AS"]
            assert state in ("/Off", field["/V"]), (field.get("/T"), state, field["/V"])
            for name, stream in widget["/AP"]["/N"].items():
                stream = stream.get_object()
                assert "/Font" not in stream.get("/Resources", {}) and (name == "/Off" or stream.get_data().strip())


# ---------------------------------------------------------------- text as printed and as shown

def _static_texts(r: Rendered) -> list[str]:
    """What the page itself prints (not the fields), from the YAML: title, the 依据 lines of the form, its sections
    and fields (rebuilt from their citations), labels, help, options, column labels, the reporting table (computed
    here from the example), the notices' basis, the signature block and the number."""
    form = r.form
    out = [form.title, form.basis_line] + [s.title for s in form.sections]
    out += [s.text for s in form.sections if s.text] + [s.basis for s in form.sections if s.basis]
    out += [f.label for f in form.fields()] + [f.help for f in form.fields() if f.help]
    out += [f.basis for f in form.fields() if f.basis]
    out += [o for f in form.fields() if f.type in ("choice", "multichoice") for o in f.options]
    out += [label for f in form.fields() for _, label in f.columns]
    out += form.rule_basis
    for title, headers, rows in es.report_tables(form.id, r.case or None):
        out += [title, *headers, *(c for row in rows for c in row if c)]
    out.append(f"{form.issuer}（印章）" if form.issuer else "签名：")
    return out


def _line_fields(r: Rendered) -> dict[str, str]:
    """The number line and the signature block's date, fields holding their printed text (as in the Word form),
    and the signature field of a form with no issuer."""
    lines = {"sign_date": "\u3000" * 4 + "年" + "\u3000" * 2 + "月" + "\u3000" * 2 + "日"}
    number = r.form.number(YEAR if r.case else None)
    if number:
        lines["number"] = number
    if not r.form.issuer:
        lines["signature"] = ""
    return lines


@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_the_number_line_and_signature_block_are_fields(rendered, shown, fid, kind):
    r = _get(rendered, fid, kind)
    fields = _fields(r.pdf)
    lines = _line_fields(r)
    assert {name: fields[name].get("/V") for name in lines} == lines
    for value in lines.values():
        assert _has(shown[fid, kind], value)


@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_static_text_extracts(rendered, texts, fid, kind):
    r = _get(rendered, fid, kind)
    assert [e for e in _static_texts(r) if not _has(texts[fid, kind], e)] == []


@pytest.mark.parametrize("fid", FORM_IDS)
def test_field_appearances_show_the_typed_values(rendered, shown, fid):
    r = _get(rendered, fid, "filled")
    text = _flat(shown[fid, "filled"])
    values = _typed_values(r)
    assert any(re.search("[\u4e00-\u9fff]", v) for v in values), "the example should type some Chinese"
    assert [v for v in values if _flat(v) not in text] == []


@pytest.mark.parametrize("fid", FORM_IDS)
def test_blank_appearances_show_nothing(rendered, fid):
    """Only the number and date lines draw text in a blank form's fields."""
    r = _get(rendered, fid, "blank")
    drawing = {}
    for page in PdfReader(r.pdf).pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/FT") == "/Tx":
                drawing[widget["/T"]] = b"Tj" in widget["/AP"]["/N"].get_object().get_data()
    assert drawing and {name for name, draws in drawing.items() if draws} == set(_line_fields(r)) - {"signature"}


@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_no_kangxi_radicals(rendered, texts, shown, fid, kind):
    r = _get(rendered, fid, kind)
    printed = "".join(_static_texts(r) + _typed_values(r) + list(_line_fields(r).values()))
    for text in (texts[fid, kind], shown[fid, kind]):
        assert not KANGXI.findall(text), sorted(set(KANGXI.findall(text)))
        for ch in "生自日月":  # these extract as ⽣ ⾃ ⽇ ⽉ when the ToUnicode map prefers radicals
            assert (ch in text) == (ch in printed), ch


@pytest.mark.parametrize("kind", ["blank", "filled"])
@pytest.mark.parametrize("fid", FORM_IDS)
def test_every_font_is_embedded(rendered, fid, kind):
    out = subprocess.run(["pdffonts", str(_get(rendered, fid, kind).pdf)],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    rows = out[2:]
    assert rows, out
    assert [row for row in rows if row.split()[-5] != "yes"] == []
    assert [row for row in rows if row.split()[-4] != "yes"] == []  # subsets only: typing uses the reader's font


# ---------------------------------------------------------------- amounts in words


def _amount_case(folder: Path, typed: str) -> Path:
    """The amount form's example case with ``amount`` set to ``typed`` (as a YAML number)."""
    text = (EXAMPLES / f"{AMOUNT_FORM}.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^amount: .*$", f"amount: {typed}", text)
    assert changed.count(f"amount: {typed}") == 1
    path = folder / f"amount-{typed}.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


def _amount_shown(pdf: Path, folder: Path) -> tuple[str | None, str]:
    """The amount field's value and what its appearance shows (the PDF flattened, then read by poppler)."""
    return _fields(pdf)["amount"].get("/V"), _flat(_pdftotext(_flatten(pdf, folder / f"flat-{pdf.name}")))


@pytest.mark.parametrize("typed,shown", es.AMOUNTS, ids=[typed for typed, _ in es.AMOUNTS])
def test_filled_amount_is_printed_in_words(project, tmp_path, typed, shown):
    """fill (what ``zhifa fill`` runs) puts the amount with its 大写, exactly as worked out by hand, in the field
    and in what the field shows."""
    result = fill(ROOT, AMOUNT_FORM, _amount_case(tmp_path, typed), tmp_path / "out.pdf", project=project)
    assert not result.problems, [p.format() for p in result.problems]
    value, text = _amount_shown(result.written, tmp_path)
    assert value == shown
    assert _flat(shown) in text


def test_zhifa_fill_prints_amounts_in_words(tmp_path):
    """The command itself, in another process, for a few amounts: the PDF it writes holds the 大写."""
    for typed, shown in es.AMOUNTS[5::6]:
        out = tmp_path / f"{typed}.pdf"
        result = run_zhifa("fill", AMOUNT_FORM, str(_amount_case(tmp_path, typed)), "-o", str(out), "--root", str(ROOT))
        assert result.returncode == 0, result.stdout + result.stderr
        value, text = _amount_shown(out, tmp_path)
        assert value == shown and _flat(shown) in text, typed


# ---------------------------------------------------------------- markup characters and 生 自 日 月

TRICKY = '生自日月 <说明> & "引号" \'单\' </textarea>'


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    def field(fid, type_, value=None, display="", **kw):
        base = dict(id=fid, label=f"{fid}<标签>&\"", type=type_, required=False, help=None, options=[], columns=[],
                    rows=0, value=value, display=display, basis=[])
        base.update(kw)
        return FieldView(**base)

    people = [{"name": TRICKY, "cert": "证<1>&"}]
    view = FormView(
        id="tricky", title='测试<表> & "引号"', summary="标记字符", number="〔2025〕第<1>号",
        basis_line="依据：《A&B》第一条", issuer="某<局>&",
        sections=[SectionView(title="一<节>", text="说明 & <b>不是粗体</b>", basis=[], fields=[
            field("line", "text", TRICKY, TRICKY, help="提示 <i>&amp;</i>"),
            field("lines", "multiline", TRICKY + "\n第二行 日月", TRICKY + "\n第二行 日月"),
            field("pick", "choice", 'B"<&>', 'B"<&>', options=["A", 'B"<&>']),
            field("many", "multichoice", ["日<", "月&"], "日<、月&", options=["日<", "生\"", "月&"]),
            field("yes", "checkbox", True, "是"),
            field("who", "persons", people, "", columns=[("name", "姓名"), ("cert", "证号")], rows=2),
        ])],
        tables=[TableView("表<1>", ["甲&", "乙"], [["<x>", '"y"']])],
        notices=["告知 <注意> & \"引号\""], filled=True,
    )
    out = tmp_path_factory.mktemp("tricky")
    pdf = write_pdf(view, out / "tricky.pdf")
    return view, pdf, _pdftotext(pdf), _pdftotext(_flatten(pdf, out / "flat.pdf"))


def test_markup_characters_survive_in_field_values(tricky):
    view, pdf, _, _ = tricky
    fields = _fields(pdf)
    assert _check_values(view, fields) == []
    assert fields["line"]["/V"] == TRICKY
    assert fields["pick"]["/Opt"] == ["A", 'B"<&>']


def test_markup_characters_survive_in_printed_text(tricky):
    view, _, text, shown = tricky
    for expected in ('测试<表> & "引号"', "〔2025〕第<1>号", "依据：《A&B》第一条", "说明 & <b>不是粗体</b>",
                     "提示 <i>&amp;</i>", 'line<标签>&"', "<x>", '"y"', '告知 <注意> & "引号"', "某<局>&（印章）",
                     'B"<&>'):
        assert _has(text, expected), expected
    assert _flat(TRICKY) in _flat(shown)
    assert shown.count("生自日月") >= 3 and not KANGXI.search(shown)


# ---------------------------------------------------------------- the field font's pieces

def test_to_unicode_prefers_the_ideograph_over_a_radical_sharing_its_glyph():
    from zhifa.render.pdf.fonts import to_unicode_cmap

    cmap = to_unicode_cmap({0x2F63: 7, 0x751F: 7, 0x2F47: 8, 0x65E5: 8, 0xF900: 9, 0x8C48: 9, 0x41: 3}).decode()
    assert "<0007> <751F>" in cmap and "<0008> <65E5>" in cmap and "<0009> <8C48>" in cmap and "<0003> <0041>" in cmap
    assert "2F63" not in cmap and "2F47" not in cmap and "F900" not in cmap


def test_wrap_keeps_every_character_and_never_starts_a_line_with_closing_punctuation():
    from zhifa.render.pdf.fields import wrap
    from zhifa.render.pdf.fonts import chain

    text = "当事人于2024年违反规定生育第三个子女，有出生医学证明和询问笔录为证。ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    font = chain()
    for width in (60, 95, 100, 131, 200):
        lines = wrap(text + "\n第二段", width, 11, font)
        assert "".join(lines) == text + "第二段"
        assert all(font.width(line, 11) <= width + 11 for line in lines)  # one carried character at most
        assert not any(line[:1] in "，。、；：）》”" for line in lines), lines
    assert wrap("甲\n\n乙", 100, 11, font) == ["甲", "", "乙"]
