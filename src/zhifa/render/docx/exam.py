"""An exam paper and its answer key as Word documents (python-docx; raw XML only through :mod:`zhifa.render.docx.oxml`).

Paper: title; the regeneration line; 姓名/单位/日期/得分 with underlined room to write; a score table (one column per
group); the instructions; per group its heading with the points, then the questions: stem with （　　） or underlined
blanks, options lettered A. B. …, a scenario's case before its question and ruled lines for the reasons after it.
Key: title, the regeneration line, per group a table: number | answer, explanation and question id | the basis
(formal citation, then the quoted words).

Fonts are named as in :mod:`zhifa.render.docx.form` (仿宋_GB2312 body, 黑体 headings, 方正小标宋简体 title), set on
``w:eastAsia`` and listed in the font table with the GB2312 charset so Word substitutes sensibly where they are
missing. Output is byte-for-byte reproducible: fixed core-properties dates and fixed zip entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from zhifa.render.docx import oxml as ctl
from zhifa.render.docx.form import add_official_fonts, base_document, page_number_footer, shape_table, style_id, styled
from zhifa.render.layout import (
    A4_MM,
    BODY_FONT,
    EXAM_MARGINS_MM,
    EXAM_TEXT_WIDTH_MM,
    HEADING_FONT,
    LATIN_FONT,
    TITLE_FONT,
)
from zhifa.training.exam import HEADER_FIELDS, QUOTE_LABEL, REASON_LABEL, ExamPaper, Group, Item

PAGE_MM = A4_MM
MARGINS_MM = EXAM_MARGINS_MM
TEXT_WIDTH_MM = EXAM_TEXT_WIDTH_MM   # 165
BODY_PT, LINE_PT = 12, 20                    # 小四, exact leading
FIXED_TIME = dt.datetime(2020, 1, 1)        # core properties: the same bytes on every run
ZIP_TIME = (1980, 1, 1, 0, 0, 0)             # the earliest time a zip entry can carry
GREY = RGBColor(0x59, 0x59, 0x59)
RULE_CHARS = int(TEXT_WIDTH_MM / (BODY_PT * 25.4 / 72))        # ideographic spaces in a full-width ruled line
# A blank to fill in: underlined no-break spaces (about six characters wide), which are drawn even at the end of
# a line, where ordinary and ideographic spaces vanish.
BLANK_TEXT = "\u00a0" * 24
FILL_STOPS_MM = (40, 98, 136, TEXT_WIDTH_MM)  # where the writing lines of 姓名, 单位, 日期, 得分 end
KEY_COLUMNS_MM = (14, 72, TEXT_WIDTH_MM - 14 - 72)

# name → (font, size pt, alignment, first-line/left indent in characters)
_STYLES = {
    "Exam Title": (TITLE_FONT, 18, WD_ALIGN_PARAGRAPH.CENTER),
    "Exam Summary": (BODY_FONT, 9, WD_ALIGN_PARAGRAPH.CENTER),
    "Exam Fill": (BODY_FONT, BODY_PT, None),
    "Exam Note": (BODY_FONT, 10.5, WD_ALIGN_PARAGRAPH.JUSTIFY),
    "Exam Group": (HEADING_FONT, 14, None),
    "Exam Question": (BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY),
    "Exam Case": (BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY),
    "Exam Option": (BODY_FONT, BODY_PT, None),
    "Exam Line": (BODY_FONT, BODY_PT, None),
    "Exam Cell": (BODY_FONT, 10.5, None),
    "Exam Cite": (BODY_FONT, 9, None),
}


# ---------------------------------------------------------------- the template


def _new_document() -> DocxDocument:
    doc = base_document(BODY_PT)
    styles = doc.styles
    normal = styles["Normal"]
    for name, (font, size, align) in _STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        ctl.set_fonts(style.element.get_or_add_rPr(), font, LATIN_FONT if font != HEADING_FONT else None)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(max(LINE_PT, size * 1.45)) if size >= BODY_PT else Pt(size * 1.4)
        fmt.alignment = align
        assert style.style_id == style_id(name)
    styles["Exam Title"].paragraph_format.space_after = Pt(4)
    styles["Exam Summary"].font.color.rgb = GREY
    styles["Exam Summary"].paragraph_format.space_after = Pt(10)
    styles["Exam Fill"].paragraph_format.space_after = Pt(8)
    styles["Exam Note"].paragraph_format.space_before = Pt(8)
    styles["Exam Note"].paragraph_format.first_line_indent = Pt(2 * 10.5)
    group = styles["Exam Group"]
    group.paragraph_format.space_before = Pt(12)
    group.paragraph_format.space_after = Pt(4)
    group.paragraph_format.keep_with_next = True
    ctl.set_outline_level(group.element.get_or_add_pPr(), 0)
    question = styles["Exam Question"]
    question.paragraph_format.space_before = Pt(6)
    question.paragraph_format.keep_with_next = True
    styles["Exam Case"].paragraph_format.keep_with_next = True
    styles["Exam Case"].paragraph_format.space_before = Pt(6)
    option = styles["Exam Option"]
    option.paragraph_format.left_indent = Pt(2 * BODY_PT)
    option.paragraph_format.keep_with_next = True
    line = styles["Exam Line"]
    line.paragraph_format.line_spacing = Pt(28)
    fill = styles["Exam Fill"]
    for stop in FILL_STOPS_MM:
        fill.paragraph_format.tab_stops.add_tab_stop(Mm(stop))
    styles["Exam Cite"].font.color.rgb = GREY

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(10)
    page_number_footer(doc, 10.5)

    ctl.east_asian_settings(doc.settings.element)
    add_official_fonts(doc)
    # python-docx's template carries a preview picture of another document, an empty bibliography store and a
    # stale copy of the styles for Word 2007: none belongs in an exam paper.
    unused = (RT.THUMBNAIL, RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")
    for rels in (doc.part.package.rels, doc.part.rels):
        for rel_id in [k for k, rel in rels.items() if rel.reltype in unused]:
            del rels[rel_id]
    return doc


# ---------------------------------------------------------------- the documents


class _Writer:
    def __init__(self, paper: ExamPaper, title: str):
        self.paper = paper
        self.doc = _new_document()
        props = self.doc.core_properties
        props.title = title
        props.subject = paper.summary
        props.keywords = f"seed={paper.seed} count={paper.count}"
        props.author = props.last_modified_by = "zhifa"
        props.language = ctl.LANG
        props.comments = ""
        props.revision = 1
        props.created = props.modified = props.last_printed = FIXED_TIME

    def para(self, text: str = "", style: str = "Exam Question") -> Paragraph:
        return styled(self.doc.add_paragraph(), style, text)

    def heading(self) -> None:
        self.para(self.doc.core_properties.title, "Exam Title")
        self.para(self.paper.summary, "Exam Summary")

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return fixed_zip(buffer.getvalue())


def paper_docx(paper: ExamPaper) -> bytes:
    w = _Writer(paper, paper.title)
    w.heading()
    fill = w.para(style="Exam Fill")
    for i, name in enumerate(HEADER_FIELDS):
        fill.add_run(("\u3000" if i else "") + f"{name}：")
        fill.add_run("\t").underline = True
    _score_table(w, paper)
    w.para(paper.instructions, "Exam Note")
    for group in paper.groups:
        w.para(group.heading, "Exam Group")
        for item in group.items:
            _question(w, item)
    return w.save()


def _score_table(w: _Writer, paper: ExamPaper) -> None:
    heads = ["题号", *[g.numeral for g in paper.groups], "总分"]
    table = w.doc.add_table(rows=2, cols=len(heads))
    first = 18.0
    shape_table(table, [first] + [(TEXT_WIDTH_MM - first) / (len(heads) - 1)] * (len(heads) - 1))
    for row, texts in zip(table.rows, (heads, ["得分"])):
        row.height, row.height_rule = Mm(9), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, text in zip(row.cells, texts):
            _cell_text(cell, text, center=True)
        for cell in row.cells[len(texts):]:
            _cell_text(cell, "", center=True)


def _cell_text(cell: _Cell, text: str, center: bool = False, style: str = "Exam Cell") -> Paragraph:
    paragraph = styled(cell.paragraphs[0], style)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if text:
        paragraph.add_run(text)
    return paragraph


def _question(w: _Writer, item: Item) -> None:
    number = f"{item.number}. "
    if item.case:
        case = w.para(style="Exam Case")
        case.add_run(number)
        case.add_run("案情：").bold = True
        case.add_run(item.case)
        stem = w.para(style="Exam Question")
        stem.paragraph_format.space_before = Pt(0)
    else:
        stem = w.para(number, "Exam Question")
    for segment in item.stem:
        run = stem.add_run(BLANK_TEXT if segment.blank else segment.text)
        run.underline = segment.blank
    options = ["\u3000\u3000".join(item.options)] if item.inline_options else item.options
    for n, text in enumerate(options):
        option = w.para(text, "Exam Option")
        if n == len(options) - 1 and not item.reason_lines:
            option.paragraph_format.keep_with_next = False
    if item.reason_lines:
        label = w.para(REASON_LABEL, "Exam Option")
        label.paragraph_format.left_indent = Pt(0)
        for n in range(item.reason_lines):
            line = w.para(style="Exam Line")
            line.add_run("\u3000" * RULE_CHARS).underline = True
            line.paragraph_format.keep_with_next = n < item.reason_lines - 1


def key_docx(paper: ExamPaper) -> bytes:
    w = _Writer(paper, paper.key_title)
    w.heading()
    for group in paper.groups:
        w.para(group.heading, "Exam Group")
        _key_table(w, group)
    return w.save()


def _key_table(w: _Writer, group: Group) -> None:
    table = w.doc.add_table(rows=len(group.items) + 1, cols=3)
    shape_table(table, list(KEY_COLUMNS_MM))
    header = table.rows[0]
    ctl.row_flags(header._tr.get_or_add_trPr(), cant_split=True, header=True)
    for cell, text in zip(header.cells, ("题号", "答案与解析", "依据（条文及原文）")):
        _cell_text(cell, text, center=True).runs[0].bold = True
    for row, item in zip(table.rows[1:], group.items):
        number, answer, basis = row.cells
        _cell_text(number, str(item.number), center=True)
        first = _cell_text(answer, "")
        first.add_run("答案：").bold = True
        first.add_run(item.answer)
        explain = styled(answer.add_paragraph(), "Exam Cell")
        explain.add_run("解析：").bold = True
        explain.add_run(item.explanation)
        styled(answer.add_paragraph(), "Exam Cite", f"题目 ID：{item.question.id}")
        for n, (citation, quote) in enumerate(item.citations):
            styled(basis.paragraphs[0] if n == 0 else basis.add_paragraph(), "Exam Cell", citation)
            styled(basis.add_paragraph(), "Exam Cite", f"{QUOTE_LABEL}{quote}")


def render_docx(paper: ExamPaper, key: bool) -> bytes:
    """The paper (``key`` false) or its answer key as the bytes of a .docx file."""
    return key_docx(paper) if key else paper_docx(paper)


# ---------------------------------------------------------------- reproducible bytes


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time and permissions fixed (python-docx stamps the current time), so the
    same document always has the same bytes. Entry order and contents are kept."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
