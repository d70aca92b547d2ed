"""A checklist as an Excel workbook (openpyxl): one sheet, header inputs, one row per item, totals by formula.

Layout, top to bottom: title, basis line, the header fields (label | input), the notes (title | text and basis), the
item table (序号 | 检查内容 | 核实方法 | 依据 | 结果 | 备注, with the group titles as merged rows between groups), then
the totals. Column G is hidden: it holds, on each yes/no row, the answer that marks a problem (``item.attention``,
usually 否), so that 需关注 and the red highlight work per row: ``SUMPRODUCT((结果=G)*(G<>""))``.

The totals are formulas only (no cached values): Excel recalculates them on opening (``fullCalcOnLoad``), and so does
LibreOffice. Workbook-level defined names point at the cells a program may want (``header_<id>``, ``items_result``,
``total_items``, ``total_answered``, ``total_rate``, ``total_no``, ``total_attention``).

Text is data, never a formula: every value from the templates, the answers or the header goes through
:func:`put_literal`, which stores text as a string cell verbatim (openpyxl would otherwise make ``=…`` a live
formula), and marks text that a spreadsheet would take for a formula when typed (``= + - @``, tab, CR first) with the
``quotePrefix`` style, so that Excel and LibreOffice show it, and keep it on editing, as text (OWASP's advice on
formula injection, without altering the value). Formulas are only the totals below, written with ``formula=True``.

Protection: the sheet is protected WITHOUT a password, leaving only the header inputs, 结果 and 备注 unlocked. It
keeps people from typing over the item texts or the formulas by accident; it is no security (审阅 → 撤销工作表保护
lifts it), which the sheet says in its last line. Rows and columns may still be resized.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import absolute_coordinate, column_index_from_string, get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.files.atomic import write_atomically
from zhifa.model.checklist import YES_NO
from zhifa.render.layout import fallback_font, font_runs
from zhifa.render.view.checklist import ChecklistView, ItemView

# Columns of the item table; HELPER (hidden) holds each yes/no row's attention answer.
COLUMNS = (  # (heading, width in character units)
    ("序号", 6.5),
    ("检查内容", 40),
    ("核实方法", 22),
    ("依据", 30),
    ("结果", 11),
    ("备注", 30),
)
NUMBER, TEXT, METHOD, BASIS, RESULT, REMARK = (get_column_letter(i) for i in range(1, 7))
HELPER = get_column_letter(len(COLUMNS) + 1)
LAST = REMARK
PORTRAIT_WIDTH = 100   # wider than this (in character units) prints landscape

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
RATE_FORMAT = 'General"%"'
NOTE_MAX = 500
SHEET_NAME_MAX = 31

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_PT = 11
TITLE_PT = 16
LINE_PT = 14.25         # height of one wrapped line at BODY_PT (Excel's row height for 宋体 11 pt)
ROW_PAD_PT = 3.0

_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEAD_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
GROUP_FILL = PatternFill("solid", start_color="EDEDED", end_color="EDEDED")
INPUT_FILL = PatternFill("solid", start_color="FFFDE7", end_color="FFFDE7")
ALERT_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
ALERT_FONT = Font(color="9C0006")

WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_LABEL = Alignment(wrap_text=True, vertical="center", horizontal="right")
UNLOCKED = Protection(locked=False)

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")   # what Excel, LibreOffice or a CSV import read as a formula


def put_literal(cell, value: Any) -> None:
    """Store ``value`` in ``cell`` as data, never as a formula: text as a string cell, exactly as given."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def fallback_text(value: str, font: Font) -> CellRichText:
    """``value`` as rich text whose characters outside GB2312 are set in the fonts Windows has for them (宋体,
    SimSun-ExtB: :func:`layout.font_runs`); the cell's own font for the rest. Rich text is a string, never a formula."""
    return CellRichText([TextBlock(InlineFont(rFont=other or font.name, sz=font.sz, b=font.b), piece)
                         for piece, other in font_runs(value)])


def sheet_title(title: str) -> str:
    """The title as an Excel sheet name: no []:*?/\\, no apostrophe at either end, at most 31 UTF-16 units."""
    name = _SHEET_FORBIDDEN.sub("_", title).strip().strip("'").strip()
    out = ""
    for ch in name:
        if len((out + ch).encode("utf-16-le")) // 2 > SHEET_NAME_MAX:
            break
        out += ch
    out = out.rstrip("'").strip()
    if not out or out.lower() == "history":   # History is reserved by Excel
        out = "检查表"
    return out


def _text_width(text: str) -> float:
    """Width of a line in column units: CJK and full-width characters count two, the rest about one (Excel with
    宋体; LibreOffice's stand-in fonts are narrower, so there the rows come out a little roomy rather than clipped)."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 2.0)   # cell padding
    return sum(max(1, math.ceil(_text_width(line) / usable)) for line in str(text).split("\n"))


class _Sheet:
    """Writes one checklist onto one worksheet, row by row, remembering where things went."""

    def __init__(self, ws: Worksheet, view: ChecklistView):
        self.ws = ws
        self.view = view
        self.row = 0
        self.widths = {get_column_letter(i): w for i, (_, w) in enumerate(COLUMNS, 1)}
        self.names: dict[str, str] = {}

    # helpers

    def width(self, first: str, last: str) -> float:
        cols = [get_column_letter(i) for i in range(column_index_from_string(first), column_index_from_string(last) + 1)]
        return sum(self.widths[c] for c in cols)

    def fit(self, row: int, cells: list[tuple[str, str, str]], pt: float = BODY_PT, minimum: float = 0.0) -> None:
        """Set the row height for wrapped text: cells as (first column, last column, text). Excel never grows merged
        rows by itself, so the height is estimated here."""
        lines = max((_lines(text, self.width(a, b)) for a, b, text in cells if text), default=1)
        self.ws.row_dimensions[row].height = max(minimum, lines * LINE_PT * pt / BODY_PT + ROW_PAD_PT)

    def put(self, ref: str, value: Any, *, font: Font | None = None, align: Alignment = WRAP,
            fill: PatternFill | None = None, border: bool = False, fmt: str | None = None, unlocked: bool = False,
            formula: bool = False):
        """Write ``value`` to ``ref``: as data (:func:`put_literal`), or as one of our own formulas if ``formula``."""
        cell = self.ws[ref]
        if formula:
            if not (isinstance(value, str) and value.startswith("=")):
                raise ValueError(f"not a formula: {value!r}")
            cell.value = value
        else:
            put_literal(cell, value)
        cell.font = font or Font(name=BODY_FONT, size=BODY_PT)
        if not formula and isinstance(value, str) and any(fallback_font(ch) for ch in value):
            cell.value = fallback_text(value, cell.font)
        cell.alignment = align
        if fill:
            cell.fill = fill
        if border:
            cell.border = BORDER
        if fmt:
            cell.number_format = fmt
        if unlocked:
            cell.protection = UNLOCKED
        return cell

    def merge(self, first: str, last: str, row: int, border: bool = False) -> None:
        self.ws.merge_cells(f"{first}{row}:{last}{row}")
        if border:   # a merged range shows the borders of every cell it covers
            for col in range(column_index_from_string(first), column_index_from_string(last) + 1):
                self.ws.cell(row=row, column=col).border = BORDER

    def name(self, name: str, ref: str) -> None:
        self.names[name] = ref

    def next_row(self) -> int:
        self.row += 1
        return self.row

    # parts

    def top(self) -> None:
        v = self.view
        r = self.next_row()
        self.put(f"A{r}", v.title, font=Font(name=HEADING_FONT, size=TITLE_PT, bold=True), align=WRAP_CENTER)
        self.merge(NUMBER, LAST, r)
        self.fit(r, [(NUMBER, LAST, v.title)], pt=TITLE_PT, minimum=30)
        r = self.next_row()
        self.put(f"A{r}", v.basis_line, align=Alignment(wrap_text=True, vertical="center", horizontal="center"))
        self.merge(NUMBER, LAST, r)
        self.fit(r, [(NUMBER, LAST, v.basis_line)])
        self.next_row()   # spacer

    def header(self) -> None:
        for f in self.view.header:
            r = self.next_row()
            self.put(f"{NUMBER}{r}", f.label + "：", font=Font(name=BODY_FONT, size=BODY_PT, bold=True),
                     align=WRAP_LABEL, border=True)
            self.merge(NUMBER, TEXT, r, border=True)
            ref = f"{METHOD}{r}"
            value = f.value
            if f.type == "date":
                self.put(ref, value, align=Alignment(vertical="center", horizontal="left"), fill=INPUT_FILL,
                         border=True, fmt=DATE_FORMAT, unlocked=True)
                self.date_rule.add(ref)
            else:
                self.put(ref, value, align=Alignment(wrap_text=True, vertical="center"), fill=INPUT_FILL,
                         border=True, fmt="@", unlocked=True)
            self.merge(METHOD, LAST, r, border=True)
            self.fit(r, [(NUMBER, TEXT, f.label + "："), (METHOD, LAST, f.display)], minimum=22)
            self.name(f"header_{f.id}", ref)
        self.next_row()

    def notes(self) -> None:
        for n in self.view.notes:
            r = self.next_row()
            self.put(f"{NUMBER}{r}", n.title, font=Font(name=BODY_FONT, size=BODY_PT, bold=True), align=WRAP)
            self.merge(NUMBER, TEXT, r)
            body = f"{n.text}\n依据{n.basis}"
            self.put(f"{METHOD}{r}", body, align=WRAP)
            self.merge(METHOD, LAST, r)
            self.fit(r, [(NUMBER, TEXT, n.title), (METHOD, LAST, body)])
        if self.view.notes:
            self.next_row()

    def table(self) -> tuple[int, int]:
        ws = self.ws
        head = self.next_row()
        for i, (heading, _) in enumerate(COLUMNS, 1):
            self.put(f"{get_column_letter(i)}{head}", heading, font=Font(name=HEADING_FONT, size=BODY_PT, bold=True),
                     align=WRAP_CENTER, fill=HEAD_FILL, border=True)
        self.put(f"{HELPER}{head}", "关注答案")
        ws.row_dimensions[head].height = 22
        self.head_row = head
        first = head + 1
        for group in self.view.groups:
            r = self.next_row()
            self.put(f"{NUMBER}{r}", group.title, font=Font(name=BODY_FONT, size=BODY_PT, bold=True),
                     align=Alignment(wrap_text=True, vertical="center"), fill=GROUP_FILL, border=True)
            self.merge(NUMBER, LAST, r, border=True)
            self.fit(r, [(NUMBER, LAST, group.title)])
            for item in group.items:
                self.item(self.next_row(), item)
        last = self.row
        return first, last

    def item(self, r: int, item: ItemView) -> None:
        method = item.method
        if item.answer != "yes_no":
            method += f"\n（结果填：{self.view.answer_names[item.answer]}）"
        self.put(f"{NUMBER}{r}", item.number, align=Alignment(vertical="top", horizontal="center"), border=True)
        self.put(f"{TEXT}{r}", item.text, border=True)
        self.put(f"{METHOD}{r}", method, border=True)
        self.put(f"{BASIS}{r}", item.basis, border=True)
        ref = f"{RESULT}{r}"
        value = _cell_value(item)
        if item.answer == "yes_no":
            self.put(ref, value, align=Alignment(vertical="top", horizontal="center"), fill=INPUT_FILL, border=True,
                     unlocked=True)
            self.put(f"{HELPER}{r}", item.attention)
        elif item.answer == "rate":
            self.put(ref, value, align=Alignment(vertical="top", horizontal="center"), fill=INPUT_FILL, border=True,
                     fmt=RATE_FORMAT, unlocked=True)
        elif item.answer == "count":
            self.put(ref, value, align=Alignment(vertical="top", horizontal="center"), fill=INPUT_FILL, border=True,
                     fmt="0", unlocked=True)
        else:
            self.put(ref, value, fill=INPUT_FILL, border=True, fmt="@", unlocked=True)
        self.rules[item.answer].add(ref)
        self.put(f"{REMARK}{r}", item.remark or None, fill=INPUT_FILL, border=True, fmt="@", unlocked=True)
        self.fit(r, [(NUMBER, NUMBER, item.number), (TEXT, TEXT, item.text), (METHOD, METHOD, method),
                     (BASIS, BASIS, item.basis), (RESULT, RESULT, item.display), (REMARK, REMARK, item.remark)])

    def totals(self, first: int, last: int) -> None:
        results = f"{RESULT}{first}:{RESULT}{last}"
        texts = f"{TEXT}{first}:{TEXT}{last}"
        helper = f"{HELPER}{first}:{HELPER}{last}"
        self.next_row()
        rows: dict[str, int] = {}
        specs = [
            ("total_items", "检查项数", lambda: f"=COUNTA({texts})", "0"),
            ("total_answered", "已答项数", lambda: f"=COUNTA({results})", "0"),
            ("total_rate", "完成率", lambda: f"=IF({RESULT}{rows['total_items']}=0,0,"
                                             f"{RESULT}{rows['total_answered']}/{RESULT}{rows['total_items']})", "0.0%"),
            ("total_no", "答“否”项数", lambda: f'=COUNTIF({results},"否")', "0"),
            ("total_attention", "需关注（否或存在问题）", lambda: f'=SUMPRODUCT(({results}={helper})*({helper}<>""))', "0"),
        ]
        for name, label, formula, fmt in specs:
            r = self.next_row()
            rows[name] = r
            self.put(f"{NUMBER}{r}", label, font=Font(name=BODY_FONT, size=BODY_PT, bold=True), align=WRAP_LABEL,
                     fill=GROUP_FILL, border=True)
            self.merge(NUMBER, BASIS, r, border=True)
            self.put(f"{RESULT}{r}", formula(), font=Font(name=BODY_FONT, size=BODY_PT, bold=True),
                     align=Alignment(vertical="center", horizontal="center"), border=True, fmt=fmt, formula=True)
            self.ws.row_dimensions[r].height = 20
            self.name(name, f"{RESULT}{r}")
        self.name("items_result", results)
        r = self.next_row()
        self.put(f"{NUMBER}{r}", "说明：黄色单元格可填写；“结果”与该项需关注的答案相同时标红。"
                                 "工作表已保护（无密码），如需修改，点“审阅—撤销工作表保护”。",
                 font=Font(name=BODY_FONT, size=9, color="606060"), align=WRAP)
        self.merge(NUMBER, LAST, r)
        self.ws.row_dimensions[r].height = 18

    # validations

    def make_rules(self) -> None:
        def rule(kind: Literal["list", "decimal", "whole", "textLength", "date"], title: str, error: str, prompt: str,
                 **kw) -> DataValidation:
            dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, showInputMessage=True,
                                errorStyle="stop", errorTitle=title, error=error, promptTitle=title, prompt=prompt, **kw)
            self.ws.add_data_validation(dv)
            return dv

        options = ",".join(YES_NO)
        self.rules = {
            "yes_no": rule("list", "是/否/不适用", f"请从下拉列表选择：{'、'.join(YES_NO)}。",
                           f"从下拉列表选择{'、'.join(YES_NO)}", formula1=f'"{options}"'),
            "rate": rule("decimal", "完成率（%）", "完成率应为 0 到 100 之间的数（百分比，如 95 表示 95%）。",
                         "填写 0 到 100 之间的数，如 95 表示 95%", operator="between", formula1="0", formula2="100"),
            "count": rule("whole", "数量", "数量应为不小于 0 的整数。", "填写不小于 0 的整数",
                          operator="greaterThanOrEqual", formula1="0"),
            "note": rule("textLength", "情况说明", f"情况说明不超过 {NOTE_MAX} 字。", f"填写情况说明，不超过 {NOTE_MAX} 字",
                         operator="lessThanOrEqual", formula1=str(NOTE_MAX)),
        }
        self.date_rule = rule("date", "日期", "请填写有效日期，如 2025-03-20。", "填写日期，如 2025-03-20",
                              operator="greaterThan", formula1="1")

    # the whole sheet

    def build(self) -> None:
        ws = self.ws
        for col, w in self.widths.items():
            ws.column_dimensions[col].width = w
        ws.column_dimensions[HELPER].width = 8
        ws.column_dimensions[HELPER].hidden = True
        self.make_rules()
        self.top()
        self.header()
        self.notes()
        first, last = self.table()
        ws.conditional_formatting.add(
            f"{RESULT}{first}:{RESULT}{last}",
            FormulaRule(formula=[f'AND(${HELPER}{first}<>"",${RESULT}{first}=${HELPER}{first})'],
                        fill=ALERT_FILL, font=ALERT_FONT, stopIfTrue=False))
        self.totals(first, last)
        for dv in [*self.rules.values(), self.date_rule]:
            if not dv.sqref.ranges:
                ws.data_validations.dataValidation.remove(dv)
        self.page_setup()
        ws.protection.sheet = True
        ws.protection.formatRows = False      # False = allowed: rows and columns may be resized
        ws.protection.formatColumns = False

    def page_setup(self) -> None:
        ws = self.ws
        ws.print_area = f"A1:{LAST}{self.row}"
        ws.print_title_rows = f"{self.head_row}:{self.head_row}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        wide = sum(self.widths.values()) > PORTRAIT_WIDTH
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        setup = ws.sheet_properties.pageSetUpPr
        assert setup is not None  # openpyxl gives every new sheet its page setup properties
        setup.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.8   # room below for the page-number footer
        ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
        odd = ws.oddFooter
        assert odd is not None and odd.center is not None  # and its footer parts
        footer = odd.center
        footer.text = "第 &P 页，共 &N 页"
        footer.size = 9
        ws.sheet_view.zoomScale = 100


def _cell_value(item: ItemView) -> Any:
    value = item.value
    if value is None:
        return None
    if item.answer == "rate":
        number = float(value)
        return int(number) if number.is_integer() else number
    if item.answer == "count":
        return int(value)
    return str(value)


def build_workbook(view: ChecklistView) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = sheet_title(view.title)
    sheet = _Sheet(ws, view)
    sheet.build()
    quoted = "'" + ws.title.replace("'", "''") + "'"
    for name, ref in sheet.names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=f"{quoted}!{absolute_coordinate(ref)}")
    wb.calculation.fullCalcOnLoad = True
    props = wb.properties
    props.title, props.subject, props.keywords, props.creator = view.title, view.summary, view.id, "zhifa"
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    return wb


def write_checklist_xlsx(view: ChecklistView, out: Path) -> Path:
    """Write the checklist (blank or filled) as an .xlsx to ``out``, atomically: a temporary file beside it, renamed."""
    wb = build_workbook(view)
    write_atomically(out, wb.save)
    return Path(out)
