"""A checklist as a fillable Word document (.docx), built on the form template of :mod:`zhifa.render.docx.form` (styles,
fonts, font table, footer with page number, protection for filling in forms) with the content controls of
:mod:`zhifa.render.docx.oxml`.

Layout, from the ChecklistView only: title; the basis line exactly as the view gives it; the header fields in a
table (label | control, two pairs a row; a date picker for dates); the notes (自查方法, 人员安排 …), each with its
basis; per group its title and a table 序号 | 检查内容 | 核实方法 | 依据 | 结果 | 备注 whose heading row repeats on
every page. 结果 holds one check box per answer (是, 否, 不适用) for a yes/no item, a plain-text control for a rate,
count or note item; 备注 a plain-text control (multi-line). A filled view pre-fills them all and ends with the
summary line (已答 N 项，共 M 项，完成率 x%，需关注 k 项).

Control tags are the names of :mod:`zhifa.render.view.checklist_fields` (``header.<id>``, ``<item>.yes|no|na``,
``<item>.value``, ``<item>.remark``), the same as the PDF's field names.

Page: A4 landscape (the table has six columns), 20 mm margins; the table text is 五号 (10.5 pt) 仿宋, the item's
basis 9 pt.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import math
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from zhifa.render.docx import form as docx_form
from zhifa.render.docx import oxml as ctl
from zhifa.render.view.checklist import ChecklistView, GroupView, ItemView
from zhifa.render.view.checklist_fields import (
    COLUMN_WIDTHS_MM,
    COLUMNS,
    MARGIN_MM,
    PAGE_MM,
    TEXT_WIDTH_MM,
    header_name,
    option_label,
    option_name,
    remark_name,
    result_line,
    value_name,
)

HEADER_WIDTHS_MM = (42, 86.5, 42, 86.5)     # label | control | label | control
HEADING_FILL = "E7E6E6"
REMARK_PLACEHOLDER = "\u3000" * 4           # prints as nothing; Word still shows the control to click
# An empty result prints as room to write in (a rate with its %), never as words (the PDF's field titles say 填写…).
PRINTED_HINTS = {"rate": "\u3000" * 4 + "%", "count": "\u3000" * 4}
BASIS_PT, BASIS_LINE_PT = 9, 12

assert sum(HEADER_WIDTHS_MM) == TEXT_WIDTH_MM


# --- the template: the form template, landscape, with three more styles (built once, then copied) ----------------


def _template() -> DocxDocument:
    doc = docx_form.new_document()
    styles = doc.styles
    basis = styles.add_style("Checklist Basis", WD_STYLE_TYPE.PARAGRAPH)
    basis.base_style = styles["Form Citation"]
    basis.font.size = Pt(BASIS_PT)
    basis.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    basis.paragraph_format.line_spacing = Pt(BASIS_LINE_PT)
    basis.paragraph_format.space_before = Pt(0)
    note = styles.add_style("Checklist Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Form Cell"]
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    note.paragraph_format.space_before = Pt(4)
    summary = styles.add_style("Checklist Summary", WD_STYLE_TYPE.PARAGRAPH)
    summary.base_style = styles["Form Cell"]
    summary.font.bold = True
    summary.paragraph_format.space_before = Pt(8)
    for style in (basis, note, summary):
        style.quick_style = True

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    return doc


@functools.lru_cache(maxsize=1)
def _template_bytes() -> bytes:
    buffer = io.BytesIO()
    _template().save(buffer)
    return buffer.getvalue()


# --- the checklist ----------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, view: ChecklistView):
        self.view = view
        self.doc = Document(io.BytesIO(_template_bytes()))
        self.ids: Iterator[int] = itertools.count(1001)

    def para(self, text: str = "", style: str = "Form Cell") -> Paragraph:
        return docx_form.styled(self.doc.add_paragraph(), style, text)

    @staticmethod
    def cell_para(cell: _Cell, text: str = "", style: str = "Form Data", first: bool = True) -> Paragraph:
        return docx_form.styled(cell.paragraphs[0] if first else cell.add_paragraph(), style, text)

    def build(self) -> DocxDocument:
        v = self.view
        props = self.doc.core_properties
        props.title, props.subject, props.keywords = v.title, v.summary, v.id
        props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        self.para(v.title, "Form Title")
        self.para(v.basis_line, "Form Basis")
        self.header()
        for note in v.notes:
            paragraph = self.para(style="Checklist Note")
            paragraph.add_run(f"{note.title}：").bold = True
            paragraph.add_run(note.text)
            self.para("依据" + note.basis, "Form Citation")
        for group in v.groups:
            self.group(group)
        line = result_line(v)
        if line:
            self.para(line, "Checklist Summary")
        return self.doc

    def header(self) -> None:
        fields = self.view.header
        table = self.doc.add_table(rows=math.ceil(len(fields) / 2), cols=4)
        docx_form.shape_table(table, list(HEADER_WIDTHS_MM))
        for i, f in enumerate(fields):
            row = table.rows[i // 2]
            ctl.row_flags(row._tr.get_or_add_trPr(), cant_split=True)
            cells = row.cells
            label, content = cells[2 * (i % 2)], cells[2 * (i % 2) + 1]
            if i % 2 == 0 and i == len(fields) - 1:
                content = content.merge(cells[3])       # an odd last field takes the rest of the row
            for cell in (label, content):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self.cell_para(label, f.label, "Form Cell")
            tag = header_name(f.id)
            if f.type == "date":
                control = ctl.date_control(next(self.ids), tag, f.label, f.value, f.display)
            else:
                control = ctl.text_control(next(self.ids), tag, f.label, f.display, docx_form.PLACEHOLDER)
            self.cell_para(content, style="Form Cell")._p.append(control)

    def group(self, group: GroupView) -> None:
        self.para(group.title, "Form Table Title")
        table = self.doc.add_table(rows=len(group.items) + 1, cols=len(COLUMNS))
        docx_form.shape_table(table, list(COLUMN_WIDTHS_MM))
        heading = table.rows[0]
        ctl.row_flags(heading._tr.get_or_add_trPr(), cant_split=True, header=True)
        for cell, text in zip(heading.cells, COLUMNS):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            ctl.cell_shading(cell._tc.get_or_add_tcPr(), HEADING_FILL)
            paragraph = self.cell_para(cell)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = True
        for row, item in zip(table.rows[1:], group.items):
            ctl.row_flags(row._tr.get_or_add_trPr(), cant_split=True)
            number, text, method, basis, result, remark = row.cells
            self.cell_para(number, item.number).alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.cell_para(text, item.text)
            self.cell_para(method, item.method)
            self.cell_para(basis, item.basis, "Checklist Basis")
            for cell in (number, result):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self.result(self.cell_para(result), item)
            self.cell_para(remark)._p.append(ctl.text_control(
                next(self.ids), remark_name(item), f"{item.number} 备注", item.remark, REMARK_PLACEHOLDER,
                multiline=True))

    def result(self, paragraph: Paragraph, item: ItemView) -> None:
        if item.answer == "yes_no":
            for i, option in enumerate(item.options):
                if i:
                    paragraph.add_run(" ")
                paragraph._p.append(ctl.checkbox_control(next(self.ids), option_name(item, option),
                                                         option_label(item, option), item.value == option))
                paragraph.add_run(option)
            return
        paragraph._p.append(ctl.text_control(
            next(self.ids), value_name(item), f"{item.number} 结果", item.display,
            PRINTED_HINTS.get(item.answer, docx_form.PLACEHOLDER), multiline=item.answer == "note"))


def build_checklist_document(view: ChecklistView) -> DocxDocument:
    """The python-docx Document of a checklist (not saved)."""
    return _Builder(view).build()


def write_checklist_docx(view: ChecklistView, out: Path) -> Path:
    """Write the checklist as a fillable .docx to ``out`` (atomically: a temporary file beside it, then renamed)."""
    return docx_form.save_docx(build_checklist_document(view), out)
