"""A checklist as a fillable PDF: HTML from the ChecklistView → WeasyPrint (``pdf_forms=True``) → text field values
and appearances in a subset of the values' characters (:func:`zhifa.render.pdf.form.write_fillable_pdf`, :mod:`zhifa.render.pdf.fields`).

The layout is the Word checklist's (:mod:`zhifa.render.docx.checklist`): A4 landscape; title; basis line; header fields;
notes with their basis; per group a table 序号 | 检查内容 | 核实方法 | 依据 | 结果 | 备注 whose heading row repeats on
each page; for a filled view the summary line at the end.

Fields are named as in :mod:`zhifa.render.view.checklist_fields`: text fields ``header.<id>``, ``<item>.value`` (rate, count,
note) and ``<item>.remark``; check boxes ``<item>.yes``, ``<item>.no``, ``<item>.na``, whose on-state is ``/on``.
Dotted names become a field hierarchy (``g1_2`` with kids ``yes`` … ``remark``). Every printed text comes from the
view and is HTML-escaped.
"""

from __future__ import annotations

from pathlib import Path

from zhifa.render.pdf import fields as pdf_fields
from zhifa.render.pdf.form import MM, write_fillable_pdf
from zhifa.render.pdf.html import SERIF, esc
from zhifa.render.view.checklist import ChecklistView, GroupView, HeaderFieldView, ItemView
from zhifa.render.view.checklist_fields import (
    COLUMN_WIDTHS_MM,
    COLUMNS,
    MARGIN_MM,
    RESULT_HINTS,
    header_name,
    option_label,
    option_name,
    remark_name,
    result_line,
    value_name,
)

FIELD_PT = 10.0                     # text in form fields
TABLE_PT, BASIS_PT = 10.0, 8.5
CELL_PAD_MM = 1.0
HEADER_LABEL_MM = 42
# Room for text in a remark or note field: the column less its padding and 1 mm for borders and rounding.
REMARK_WIDTH_PT = (COLUMN_WIDTHS_MM[5] - 2 * CELL_PAD_MM - 1) * MM
NOTE_WIDTH_PT = (COLUMN_WIDTHS_MM[4] - 2 * CELL_PAD_MM - 1) * MM
MULTILINE_MAX_PT = 120 * MM         # a taller field would not fit a landscape page; its text is then set smaller
REMARK_LINES = 2

CSS = f"""
@page {{
  size: A4 landscape;
  margin: {MARGIN_MM}mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {SERIF}; font-size: 12pt; }}
}}
html {{ font-family: {SERIF}; font-size: 11pt; line-height: 1.45; color: #000; }}
body, form {{ margin: 0; }}
h1 {{ font-size: 20pt; font-weight: bold; text-align: center; margin: 0 0 2mm; line-height: 1.3; }}
.basis-line {{ font-size: 10.5pt; margin: 0 0 2.5mm; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
tr {{ break-inside: avoid; }}
th, td {{ border: 0.75pt solid #000; padding: 0.8mm {CELL_PAD_MM}mm; vertical-align: top; text-align: left; }}
table.head th {{ width: {HEADER_LABEL_MM}mm; font-weight: normal; }}
table.head th, table.head td {{ vertical-align: middle; }}
.notes {{ margin: 2mm 0 0; }}
.note {{ margin: 1.5mm 0 0; text-align: justify; }}
.note b {{ font-weight: bold; }}
.cite {{ font-size: 9pt; line-height: 1.35; margin: 0.3mm 0 0; }}
h3 {{ font-size: 12pt; font-weight: bold; margin: 4mm 0 1.5mm; break-after: avoid; }}
table.items th, table.items td {{ font-size: {TABLE_PT}pt; line-height: 1.35; }}
table.items thead th {{ font-weight: bold; text-align: center; vertical-align: middle; background: #e7e6e6; }}
table.items td.no {{ text-align: center; vertical-align: middle; }}
table.items td.result {{ vertical-align: middle; }}
table.items td.basis {{ font-size: {BASIS_PT}pt; line-height: 1.3; }}
input, textarea {{
  font-family: "{pdf_fields.PLACEHOLDER_FAMILY}"; font-size: {FIELD_PT}pt;
  display: inline-block; border: none; padding: 0; margin: 0; background: transparent; box-sizing: border-box;
}}
input.text {{ width: 100%; height: 6.5mm; vertical-align: middle; }}
textarea {{ width: 100%; }}
input[type=checkbox] {{
  width: 3.4mm; height: 3.4mm; border: 0.75pt solid #000; vertical-align: -0.5mm; margin: 0 0.8mm 0 0;
}}
.opt {{ display: inline-block; white-space: nowrap; margin-right: 2mm; }}
.opt:last-child {{ margin-right: 0; }}
.result-line {{ margin: 4mm 0 0; font-weight: bold; break-before: avoid; }}
"""


class _Html:
    """The HTML of one checklist, and the text fields' values by field name."""

    def __init__(self, view: ChecklistView):
        self.view = view
        self.values: dict[str, str] = {}

    def page(self) -> str:
        v = self.view
        parts = [f"<h1>{esc(v.title)}</h1>", f'<p class="basis-line">{esc(v.basis_line)}</p>', self.header()]
        if v.notes:
            parts.append('<div class="notes">' + "".join(
                f'<p class="note"><b>{esc(n.title)}：</b>{esc(n.text)}</p><p class="cite">{esc("依据" + n.basis)}</p>'
                for n in v.notes) + "</div>")
        parts += [self.group(g) for g in v.groups]
        line = result_line(v)
        if line:
            parts.append(f'<p class="result-line">{esc(line)}</p>')
        return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{esc(v.title)}</title>'
                f'<meta name="description" content="{esc(v.summary)}">'
                f"<style>{pdf_fields.placeholder_font_face()}{CSS}</style></head>"
                f'<body><form>{"".join(parts)}</form></body></html>')

    def text_input(self, name: str, title: str, value: str) -> str:
        if value:
            self.values[name] = value
        return f'<input type="text" class="text" name="{esc(name)}" title="{esc(title)}">'

    def textarea(self, name: str, title: str, value: str, width_pt: float, min_lines: int) -> str:
        if value:
            self.values[name] = value
        height = min(pdf_fields.multiline_height(value, width_pt, FIELD_PT, min_lines), MULTILINE_MAX_PT)
        return f'<textarea name="{esc(name)}" title="{esc(title)}" style="height: {height:.1f}pt"></textarea>'

    def header(self) -> str:
        cells: list[str] = []
        fields = self.view.header
        for i, f in enumerate(fields):
            colspan = ' colspan="3"' if i % 2 == 0 and i == len(fields) - 1 else ""
            cells.append(f"<th>{esc(f.label)}</th><td{colspan}>{self.header_field(f)}</td>")
        rows = ["".join(cells[i:i + 2]) for i in range(0, len(cells), 2)]
        cols = f'<col style="width: {HEADER_LABEL_MM}mm"><col><col style="width: {HEADER_LABEL_MM}mm"><col>'
        return (f'<table class="head"><colgroup>{cols}</colgroup><tbody>'
                + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>")

    def header_field(self, f: HeaderFieldView) -> str:
        return self.text_input(header_name(f.id), f.label, f.display)

    def group(self, g: GroupView) -> str:
        cols = "".join(f'<col style="width: {w}mm">' for w in COLUMN_WIDTHS_MM)
        head = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
        rows = "".join(self.row(i) for i in g.items)
        return (f'<section><h3>{esc(g.title)}</h3><table class="items"><colgroup>{cols}</colgroup>'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>")

    def row(self, item: ItemView) -> str:
        remark = self.textarea(remark_name(item), f"{item.number} 备注", item.remark, REMARK_WIDTH_PT, REMARK_LINES)
        return (f'<tr><td class="no">{esc(item.number)}</td><td>{esc(item.text)}</td><td>{esc(item.method)}</td>'
                f'<td class="basis">{esc(item.basis)}</td><td class="result">{self.result(item)}</td>'
                f"<td>{remark}</td></tr>")

    def result(self, item: ItemView) -> str:
        if item.answer == "yes_no":
            return "".join(
                f'<span class="opt"><input type="checkbox" name="{esc(option_name(item, o))}" '
                f'title="{esc(option_label(item, o))}"{" checked" if item.value == o else ""}>{esc(o)}</span>'
                for o in item.options)
        title = f"{item.number} 结果（{RESULT_HINTS.get(item.answer, '填写')}）"
        if item.answer == "note":
            return self.textarea(value_name(item), title, item.display, NOTE_WIDTH_PT, REMARK_LINES)
        return self.text_input(value_name(item), title, item.display)


def checklist_html(view: ChecklistView) -> tuple[str, dict[str, str]]:
    """The HTML for WeasyPrint and the text fields' values by field name (empty fields left out)."""
    builder = _Html(view)
    html = builder.page()
    return html, builder.values


def write_checklist_pdf(view: ChecklistView, out: Path) -> Path:
    """Write the checklist as a fillable PDF to ``out`` (atomically: a temporary file beside it, then renamed)."""
    html, values = checklist_html(view)
    return write_fillable_pdf(html, values, out, FIELD_PT)
