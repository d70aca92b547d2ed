"""A form as a fillable Word document (.docx): python-docx for the document, :mod:`zhifa.render.docx.oxml` for the
content controls and everything else python-docx has no API for.

Layout, from the FormView only: title; the document number (a text control, so the serial number can be typed in
a protected document); the legal basis line exactly as the view gives it; per section a heading, its fixed text, its
basis and a two-column table (label | control); computed tables; notices; issuer with （印章） and a date control.

Controls and their tags (``w:tag``): the field id; ``<field>.<row>.<column>`` for the cells of a person list;
``<field>.<n>`` (n from 0 in the template's order of options) for the boxes of a multiple choice; ``number``,
``signature`` and ``sign_date`` for the number line and the signature block. Each control's title (``w:alias``) is
the field's label. The document is protected for filling in forms: only the controls can be edited.

Page: GB/T 9704-2012 geometry (A4; top 37 mm, bottom 35 mm, left/binding 28 mm, right 26 mm: a 156 × 225 mm text
block) with a line grid of 22 lines (28.95 pt). Type sizes: title 2号 (22 pt) 小标宋; section headings 3号 (16 pt)
黑体; the section texts, notices and signature block 3号 (16 pt) 仿宋 on the grid; the tables are dense and use
小四 (12 pt) 仿宋, help and citations 五号 (10.5 pt), off the grid. Fonts are named as Chinese offices expect
(方正小标宋简体, 仿宋_GB2312, 黑体); where they are missing Word substitutes by the font table's GB2312 charset and
family, and :func:`fontconfig_aliases` maps them to free fonts for LibreOffice and other fontconfig readers.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import logging
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from zhifa.files.atomic import write_atomically
from zhifa.render.docx import oxml as ctl
from zhifa.render.layout import (
    A4_MM,
    BODY_FONT,
    FREE_FALLBACKS,
    GBT9704_LINE_PITCH_PT,
    GBT9704_MARGINS_MM,
    GBT9704_TEXT_WIDTH_MM,
    HEADING_FONT,
    LATIN_FONT,
    SUPPLEMENTARY_FONT,
    TITLE_FONT,
    WIDE_FONT,
    fit_columns,
)
from zhifa.render.view.form import FieldView, FormView, SectionView, TableView

log = logging.getLogger(__name__)

# The GB/T 9704-2012 page and the fonts (TITLE_FONT, BODY_FONT, HEADING_FONT, LATIN_FONT): zhifa.render.layout
PAGE_MM = A4_MM
MARGINS_MM = GBT9704_MARGINS_MM
TEXT_WIDTH_MM = GBT9704_TEXT_WIDTH_MM                                       # 156 (the block is 225 mm high)
GRID_PITCH_PT = GBT9704_LINE_PITCH_PT                                       # 22 lines in 225 mm
FOOTER_MM = 22                                                              # page number about 7 mm below the block

TITLE_PT, BODY_PT, CELL_PT, SMALL_PT, PAGE_NO_PT = 22, 16, 12, 10.5, 14
CELL_LINE_PT, SMALL_LINE_PT = 18, 14
HELP_COLOR, PLACEHOLDER_COLOR = RGBColor(0x59, 0x59, 0x59), RGBColor(0x80, 0x80, 0x80)
LABEL_MM = 40
CONTENT_MM = TEXT_WIDTH_MM - LABEL_MM
CELL_MARGINS_MM = 2 * 1.9                 # Table Grid's left and right cell margins (108 twips each)
NO_MM = 14                                 # the 序号 column of a person list
BLANK_LINES, FILLED_MIN_LINES = 5, 2       # height of a multi-line field, in cell lines

SEAL = "（印章）"
# An empty control holds room to write in, not words: a blank form printed for handwriting prints blank (LibreOffice
# prints a control's placeholder even as hidden text). Word names the control by its title (the field's label) when it
# is selected; a choice shows its options, to circle on paper.
PLACEHOLDER = "\u3000" * 6
TEXT_TYPES = {"text", "datetime", "amount", "idcard", "number"}

# Paragraph styles: name → (font, size, line spacing in pt or None for single, on the grid, alignment)
_STYLES = {
    "Form Title": (TITLE_FONT, TITLE_PT, None, False, WD_ALIGN_PARAGRAPH.CENTER),
    "Form Number": (BODY_FONT, BODY_PT, GRID_PITCH_PT, True, WD_ALIGN_PARAGRAPH.RIGHT),
    "Form Basis": (BODY_FONT, CELL_PT, CELL_LINE_PT, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
    "Form Heading": (HEADING_FONT, BODY_PT, GRID_PITCH_PT, True, None),
    "Form Body": (BODY_FONT, BODY_PT, GRID_PITCH_PT, True, WD_ALIGN_PARAGRAPH.JUSTIFY),
    "Form Cell": (BODY_FONT, CELL_PT, CELL_LINE_PT, False, None),
    "Form Help": (BODY_FONT, SMALL_PT, SMALL_LINE_PT, False, None),
    "Form Citation": (BODY_FONT, SMALL_PT, SMALL_LINE_PT, False, None),
    "Form Table Title": (HEADING_FONT, CELL_PT, CELL_LINE_PT, False, None),
    "Form Data": (BODY_FONT, SMALL_PT, SMALL_LINE_PT, False, None),
    "Form Signature": (BODY_FONT, BODY_PT, GRID_PITCH_PT, True, WD_ALIGN_PARAGRAPH.RIGHT),
}


# --- the template: styles, page, settings (built once, then copied) ---------------------------------------------


def style_id(name: str) -> str:
    """The id python-docx gives a style it adds (and Word gives its built-in ones): the name without spaces."""
    return name.replace(" ", "")


def styled(paragraph: Paragraph, style: str, text: str = "") -> Paragraph:
    """``paragraph`` with ``style`` set by its id (python-docx's lookup by name scans every style, about 1 ms a
    paragraph) and ``text`` added as a run; used by every Word document built on these styles."""
    paragraph._p.style = style_id(style)
    if text:
        paragraph.add_run(text)
    return paragraph


def _paragraph_style(doc: DocxDocument, name: str, font: str, size: float, line: float | None, grid: bool,
                     align) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    ctl.set_fonts(style.element.get_or_add_rPr(), font, LATIN_FONT if font != HEADING_FONT else None)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    else:
        fmt.line_spacing = 1.0
    fmt.alignment = align
    ctl.set_snap_to_grid(style.element.get_or_add_pPr(), grid)


def base_document(size_pt: float) -> DocxDocument:
    """A new document whose defaults and Normal style are the body font (East Asian and Latin), zh-CN, ``size_pt``."""
    doc = Document()
    defaults = ctl.default_run_properties(doc.styles.element)
    ctl.set_fonts(defaults, BODY_FONT, LATIN_FONT)
    ctl.set_language(defaults)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size_pt)
    ctl.set_fonts(normal.element.get_or_add_rPr(), BODY_FONT, LATIN_FONT)
    normal.paragraph_format.space_after = Pt(0)
    return doc


def page_number_footer(doc: DocxDocument, size_pt: float) -> None:
    """— N — centred in the first section's footer, in the body font."""
    footer_style = doc.styles["Footer"]
    footer_style.font.size = Pt(size_pt)
    ctl.set_fonts(footer_style.element.get_or_add_rPr(), BODY_FONT, LATIN_FONT)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.style = footer_style
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    ctl.page_number_field(footer._p)
    footer.add_run(" —")


def add_official_fonts(doc: DocxDocument) -> None:
    """The font table entries (alternative names, panose) that let Word substitute the official fonts."""
    ctl.add_fonts(doc, [
        ctl.font_table_entry(TITLE_FONT, "FZXiaoBiaoSong-B05S"),
        ctl.font_table_entry(BODY_FONT, "FangSong_GB2312", family="modern", pitch="fixed",
                             panose="02010609030101010101"),
        ctl.font_table_entry(HEADING_FONT, "SimHei", family="modern", pitch="fixed", panose="02010609060101010101"),
        ctl.font_table_entry(WIDE_FONT, "SimSun", family="auto", panose="02010600030101010101"),
        ctl.font_table_entry(SUPPLEMENTARY_FONT, None, family="modern", pitch="fixed",
                             panose="02010609060101010101"),
    ])


def _template() -> DocxDocument:
    doc = base_document(CELL_PT)
    styles = doc.styles
    normal = styles["Normal"]
    normal.paragraph_format.line_spacing = 1.0
    ctl.set_snap_to_grid(normal.element.get_or_add_pPr(), False)
    for name, spec in _STYLES.items():
        _paragraph_style(doc, name, *spec)
        assert styles[name].style_id == style_id(name)
    assert styles["Table Grid"].style_id == style_id("Table Grid")
    styles["Form Title"].paragraph_format.space_after = Pt(6)
    styles["Form Basis"].paragraph_format.space_after = Pt(6)
    styles["Form Basis"].paragraph_format.space_before = Pt(3)
    heading = styles["Form Heading"]
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(4)
    ctl.set_outline_level(heading.element.get_or_add_pPr(), 0)
    styles["Form Table Title"].paragraph_format.keep_with_next = True
    styles["Form Table Title"].paragraph_format.space_before = Pt(8)
    styles["Form Table Title"].paragraph_format.space_after = Pt(3)
    styles["Form Help"].font.color.rgb = HELP_COLOR
    for name in ("Form Help", "Form Citation"):
        styles[name].paragraph_format.space_before = Pt(1)
    styles["Form Body"].paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    styles["Form Signature"].paragraph_format.keep_with_next = True
    placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.color.rgb = PLACEHOLDER_COLOR
    assert placeholder.style_id == ctl.PLACEHOLDER_STYLE_ID

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.gutter = Mm(0)
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    ctl.set_doc_grid(section._sectPr, round(GRID_PITCH_PT * 20))
    page_number_footer(doc, PAGE_NO_PT)

    settings = doc.settings.element
    ctl.east_asian_settings(settings)
    ctl.protect_for_forms(settings)
    add_official_fonts(doc)
    # Parts of python-docx's template a form has no use for: its preview picture (not of this form), a stale copy
    # of the styles for Word 2007, an empty bibliography store.
    # Lists are not used, so the list styles and their numbering go too: styles.xml shrinks from 350 kB to 20 kB.
    unused = (RT.THUMBNAIL, RT.CUSTOM_XML, RT.NUMBERING,
              "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")
    keep = {style_id(name) for name in _STYLES} | {
        "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "PlaceholderText", "Header",
        "HeaderChar", "Footer", "FooterChar"}
    for style in list(styles):
        if style.style_id not in keep:
            style.delete()
    for rels in (doc.part.package.rels, doc.part.rels):
        for rel_id in [k for k, rel in rels.items() if rel.reltype in unused]:
            del rels[rel_id]
    props = doc.core_properties
    props.author = props.last_modified_by = "zhifa"
    props.language = ctl.LANG
    props.comments = ""
    return doc


@functools.lru_cache(maxsize=1)
def _template_bytes() -> bytes:
    buffer = io.BytesIO()
    _template().save(buffer)
    return buffer.getvalue()


def new_document() -> DocxDocument:
    """A fresh copy of the form template: styles, fonts, font table, GB/T 9704 page, footer with page number,
    protection for filling in forms. Other documents (zhifa.render.docx.checklist) start from it."""
    return Document(io.BytesIO(_template_bytes()))


def shape_table(table: Table, widths_mm: list[float]) -> None:
    """Table Grid style, centred, fixed column widths (mm) set on the columns and on every cell."""
    table._tbl.tblPr.style = style_id("Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


# --- the form ---------------------------------------------------------------------------------------------------


def _char_width(text: str) -> float:
    """Width in em: CJK and full-width characters 1, others about half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


class _Builder:
    def __init__(self, view: FormView):
        self.view = view
        self.doc = new_document()
        self.ids: Iterator[int] = itertools.count(1001)

    def para(self, text: str = "", style: str = "Form Body") -> Paragraph:
        return styled(self.doc.add_paragraph(), style, text)

    def cell_para(self, cell: _Cell, style: str = "Form Cell", first: bool = False) -> Paragraph:
        """The cell's own empty paragraph when ``first``, else a new one."""
        return styled(cell.paragraphs[0] if first else cell.add_paragraph(), style)

    def add(self, paragraph: Paragraph, element) -> None:
        paragraph._p.append(element)

    # the document

    def build(self) -> DocxDocument:
        v = self.view
        props = self.doc.core_properties
        props.title, props.subject, props.keywords = v.title, v.summary, v.id
        props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        self.para(v.title, "Form Title")
        if v.number:
            number = self.para(style="Form Number")
            self.add(number, ctl.text_control(next(self.ids), "number", "文号", v.number))
        self.para(v.basis_line, "Form Basis")
        for section in v.sections:
            self.section(section)
        for table in v.tables:
            self.data_table(table)
        for notice in v.notices:
            self.para(notice, "Form Body")
        self.signature()
        return self.doc

    def section(self, s: SectionView) -> None:
        self.para(s.title, "Form Heading")
        if s.text:
            self.para(s.text, "Form Body")
        if s.basis:
            self.para(self.cites(s.basis), "Form Citation")
        if not s.fields:
            return
        table = self.doc.add_table(rows=len(s.fields), cols=2)
        self.shape_table(table, [LABEL_MM, CONTENT_MM])
        for row, f in zip(table.rows, s.fields):
            label, content = row.cells
            if f.type == "checkbox":
                self.checkbox_row(label.merge(content), f)
            else:
                label.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                self.cell_para(label, first=True).add_run(f.label)
                self.control(content, f)
            if f.type == "multiline":
                lines = FILLED_MIN_LINES if f.display else BLANK_LINES
                row.height, row.height_rule = Pt(lines * CELL_LINE_PT + 4), WD_ROW_HEIGHT_RULE.AT_LEAST
            else:
                ctl.row_flags(row._tr.get_or_add_trPr(), cant_split=True)

    def shape_table(self, table: Table, widths_mm: list[float]) -> None:
        shape_table(table, widths_mm)

    @staticmethod
    def cites(basis: list[str]) -> str:
        return "依据：" + "；".join(basis)

    def notes(self, cell: _Cell, f: FieldView, reuse: Paragraph | None = None) -> None:
        """Help (small, grey) and citations (small) under the control; ``reuse``: an empty paragraph to fill first."""
        for style, text in (("Form Help", f.help), ("Form Citation", self.cites(f.basis) if f.basis else None)):
            if not text:
                continue
            if reuse is not None:
                paragraph, reuse = styled(reuse, style), None
            else:
                paragraph = self.cell_para(cell, style)
            paragraph.add_run(text)

    def checkbox_row(self, cell: _Cell, f: FieldView) -> None:
        paragraph = self.cell_para(cell, first=True)
        self.add(paragraph, ctl.checkbox_control(next(self.ids), f.id, f.label, f.value is True))
        paragraph.add_run(" " + f.label)
        self.notes(cell, f)

    def control(self, cell: _Cell, f: FieldView) -> None:
        if f.type == "persons":
            self.notes(cell, f, reuse=self.persons(cell, f))
            return
        paragraph = self.cell_para(cell, first=True)
        if f.type == "multiline":
            element = ctl.text_control(next(self.ids), f.id, f.label, f.display, PLACEHOLDER, multiline=True)
        elif f.type == "date":
            element = ctl.date_control(next(self.ids), f.id, f.label, f.value, f.display)
        elif f.type == "choice":
            element = ctl.dropdown_control(next(self.ids), f.id, f.label, f.options, f.display, "／".join(f.options))
        elif f.type == "multichoice":
            self.multichoice(paragraph, f)
            self.notes(cell, f)
            return
        else:
            if f.type not in TEXT_TYPES:
                log.warning("field %s: unknown type %s written as a text control", f.id, f.type)
            element = ctl.text_control(next(self.ids), f.id, f.label, f.display, PLACEHOLDER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if f.type != "multiline" else None
        self.add(paragraph, element)
        self.notes(cell, f)

    def multichoice(self, paragraph: Paragraph, f: FieldView) -> None:
        chosen = set(f.value or [])
        for i, option in enumerate(f.options):
            if i:
                paragraph.add_run("\u3000")
            self.add(paragraph, ctl.checkbox_control(next(self.ids), f"{f.id}.{i}", f"{f.label}：{option}",
                                                     option in chosen))
            paragraph.add_run(" " + option)

    def persons(self, cell: _Cell, f: FieldView) -> Paragraph:
        """A nested table, one row per person, one text control per cell; returns the empty paragraph Word needs
        after a table at the end of a cell."""
        rows = list(f.value or [])
        count = max(f.rows, len(rows), 1)
        first = cell.paragraphs[0]._p
        first.getparent().remove(first)            # the nested table starts the cell
        inner = cell.add_table(rows=count + 1, cols=len(f.columns) + 1)
        inner_width = CONTENT_MM - CELL_MARGINS_MM
        each = (inner_width - NO_MM) / max(len(f.columns), 1)
        self.shape_table(inner, [NO_MM] + [each] * len(f.columns))
        header = inner.rows[0]
        ctl.row_flags(header._tr.get_or_add_trPr(), cant_split=True, header=True)
        for c, text in zip(header.cells, ["序号"] + [label for _, label in f.columns]):
            p = self.cell_para(c, first=True)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text)
        for r, row in enumerate(inner.rows[1:]):
            ctl.row_flags(row._tr.get_or_add_trPr(), cant_split=True)
            person = rows[r] if r < len(rows) else {}
            no = self.cell_para(row.cells[0], first=True)
            no.alignment = WD_ALIGN_PARAGRAPH.CENTER
            no.add_run(str(r + 1))
            for c, (cid, label) in zip(row.cells[1:], f.columns):
                self.add(self.cell_para(c, first=True),
                         ctl.text_control(next(self.ids), f"{f.id}.{r}.{cid}", f"{f.label}第{r + 1}行{label}",
                                          person.get(cid, ""), PLACEHOLDER))
        return styled(cell.paragraphs[-1], "Form Help")  # python-docx adds a paragraph after a nested table

    def data_table(self, t: TableView) -> None:
        self.para(t.title, "Form Table Title")
        table = self.doc.add_table(rows=len(t.rows) + 1, cols=len(t.headers))
        self.shape_table(table, _column_widths(t))
        ctl.row_flags(table.rows[0]._tr.get_or_add_trPr(), cant_split=True, header=True)
        for r, row in enumerate(table.rows):
            if r:
                ctl.row_flags(row._tr.get_or_add_trPr(), cant_split=True)
            texts = t.headers if r == 0 else t.rows[r - 1]
            for cell, text in zip(row.cells, texts):
                p = self.cell_para(cell, "Form Data", first=True)
                run = p.add_run(str(text))
                if r == 0:
                    run.bold = True
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def signature(self) -> None:
        v = self.view
        self.para("", "Form Body")          # room above the signature block
        who = self.para(style="Form Signature")
        if v.issuer:
            who.add_run(v.issuer + SEAL)
        else:
            who.add_run("签名：")
            self.add(who, ctl.text_control(next(self.ids), "signature", "签名", "", "\u3000" * 6))
        when = self.para(style="Form Signature")
        when.paragraph_format.keep_with_next = False
        self.add(when, ctl.date_control(next(self.ids), "sign_date", "日期"))


def _column_widths(t: TableView) -> list[float]:
    """Column widths (mm) of a computed table: each column as wide as its longest text; when the total is too wide,
    the widest columns are capped at one level (found by bisection), never below their header."""
    em_mm = SMALL_PT * 25.4 / 72
    pad = CELL_MARGINS_MM + 1
    columns = list(zip(t.headers, *t.rows)) if t.rows else [(h,) for h in t.headers]
    need = [max(_char_width(str(c)) for c in col) * em_mm + pad for col in columns]
    least = [_char_width(str(col[0])) * em_mm + pad for col in columns]
    need = fit_columns(need, least, TEXT_WIDTH_MM)
    scale = TEXT_WIDTH_MM / sum(need)
    return [n * scale for n in need]


def build_document(view: FormView) -> DocxDocument:
    """The python-docx Document of a form (not saved)."""
    return _Builder(view).build()


def write_docx(view: FormView, out: Path) -> Path:
    """Write the form as a fillable .docx to ``out`` (atomically: a temporary file beside it, then renamed)."""
    return save_docx(build_document(view), out)


def save_docx(doc: DocxDocument, out: Path) -> Path:
    """Save a python-docx Document to ``out`` atomically: a temporary file beside it, then renamed."""
    write_atomically(out, doc.save)
    return Path(out)


def fontconfig_aliases() -> str:
    """A fontconfig file that includes the system configuration and maps the document's font names to free fonts
    (for LibreOffice or any fontconfig reader; point ``FONTCONFIG_FILE`` at it)."""
    from xml.sax.saxutils import escape

    aliases = "".join(
        f"<alias binding=\"same\"><family>{escape(name)}</family><prefer>"
        + "".join(f"<family>{escape(f)}</family>" for f in free) + "</prefer></alias>"
        for name, free in FREE_FALLBACKS.items())
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>\n")
