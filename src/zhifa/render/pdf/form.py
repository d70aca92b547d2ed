"""A form as a fillable PDF: HTML from the FormView → WeasyPrint (``pdf_forms=True``) → values and appearances.

Every text printed comes from the view and is HTML-escaped. Each control has a stable field name: the field id;
``<field>.<row>.<column>`` for the cells of a person list; ``<field>.<n>`` (n counted from 0 in the template's order
of options) for the boxes of a multiple choice; ``number``, ``signature`` and ``sign_date`` for the number line and
the signature block (as the Word form's controls: the number and date lines hold their printed text, to be typed
over). A choice is a radio group whose export values (/Opt) are the options' texts; a check box's on-state is
``/on``. Text fields get their values and appearance streams in :mod:`zhifa.render.pdf.fields`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from zhifa.files.atomic import write_atomically
from zhifa.render.layout import GBT9704_MARGINS_MM, GBT9704_TEXT_WIDTH_MM, PT_PER_MM, fit_columns
from zhifa.render.pdf import fields as pdf_fields
from zhifa.render.pdf.html import SERIF, esc
from zhifa.render.pdf.html import write_pdf as weasyprint_pdf
from zhifa.render.view.form import FieldView, FormView, SectionView, TableView

log = logging.getLogger(__name__)

FIELD_PT = 11.0                       # text in form fields
MM = PT_PER_MM                        # points per millimetre
MARGINS_MM = GBT9704_MARGINS_MM       # the GB/T 9704-2012 page
TEXT_WIDTH_MM = GBT9704_TEXT_WIDTH_MM
LABEL_MM = 38                          # the label column of a section table
CELL_PAD_MM = 1.2
# Room for text in a multi-line field (the cell minus its padding, less 1 mm for borders and rounding).
MULTILINE_WIDTH_PT = (TEXT_WIDTH_MM - LABEL_MM - 2 * CELL_PAD_MM - 1) * MM
MULTILINE_MAX_PT = 200 * MM           # a taller field would not fit a page; its text is then set smaller
BLANK_LINES, FILLED_MIN_LINES = 5, 2
DATA_PT, DATA_CELL_PAD_MM = 9.5, 0.8  # the computed tables (view.tables)
TEXT_TYPES = {"text", "date", "datetime", "amount", "idcard", "number"}
SEAL = "（印章）"
NUMBER, SIGNATURE, SIGN_DATE = "number", "signature", "sign_date"  # field names, as the Word form's control tags
RIGHT_ALIGNED = (NUMBER, SIGN_DATE)
DATE_LINE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"

CSS = f"""
@page {{
  size: A4;
  margin: {MARGINS_MM['top']}mm {MARGINS_MM['right']}mm {MARGINS_MM['bottom']}mm {MARGINS_MM['left']}mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {SERIF}; font-size: 14pt; }}
}}
html {{ font-family: {SERIF}; font-size: 12pt; line-height: 1.5; color: #000; }}
body, form {{ margin: 0; }}
h1 {{ font-size: 20pt; font-weight: bold; text-align: center; margin: 0 0 3mm; line-height: 1.3; }}
.number {{ text-align: right; margin: 0 0 1mm; }}
.basis-line {{ font-size: 9.5pt; margin: 0 0 3mm; line-height: 1.4; }}
h2 {{ font-size: 13pt; font-weight: bold; margin: 4mm 0 1.5mm; break-after: avoid; }}
.section-text {{ margin: 0 0 1.5mm; text-indent: 2em; }}
table {{ width: 100%; border-collapse: collapse; }}
table.fields, table.persons {{ table-layout: fixed; }}
tr {{ break-inside: avoid; }}
th, td {{ border: 0.75pt solid #000; padding: 1mm {CELL_PAD_MM}mm; vertical-align: top; text-align: left; }}
table.fields > tbody > tr > th {{ width: {LABEL_MM}mm; font-size: 11pt; font-weight: normal; }}
table.fields > tbody > tr > th, table.fields > tbody > tr > td {{ vertical-align: middle; }}
input, textarea {{
  font-family: "{pdf_fields.PLACEHOLDER_FAMILY}"; font-size: {FIELD_PT}pt;
  display: inline-block; border: none; padding: 0; margin: 0; background: transparent; box-sizing: border-box;
}}
input.text {{ width: 100%; height: 7mm; vertical-align: middle; }}
input.line {{ height: 6.5mm; vertical-align: middle; }}
textarea {{ width: 100%; }}
input[type=checkbox], input[type=radio] {{
  width: 3.6mm; height: 3.6mm; border: 0.75pt solid #000; vertical-align: -0.6mm; margin: 0 1mm 0 0;
}}
input[type=radio] {{ border-radius: 50%; }}
.opt {{ display: inline-block; white-space: nowrap; margin-right: 5mm; }}
.help {{ font-size: 9pt; color: #555; line-height: 1.35; margin-top: 0.5mm; }}
.cite {{ font-size: 9pt; line-height: 1.35; margin-top: 0.5mm; }}
p.cite {{ margin: 0 0 1.5mm; }}
table.persons th, table.persons td {{ border: 0.5pt solid #000; padding: 0.3mm 1mm; font-size: 10.5pt; }}
table.persons th {{ font-weight: normal; text-align: center; }}
table.persons .no {{ width: 9mm; text-align: center; vertical-align: middle; }}
h3 {{ font-size: 11pt; font-weight: bold; margin: 4mm 0 1.5mm; break-after: avoid; }}
table.data {{ table-layout: fixed; }}
table.data th, table.data td {{ font-size: {DATA_PT}pt; line-height: 1.35; padding: 0.8mm {DATA_CELL_PAD_MM}mm; }}
table.data th {{ font-weight: bold; text-align: center; }}
.notices {{ margin-top: 4mm; border: 0.75pt solid #000; padding: 1.5mm 3mm; font-size: 10.5pt; line-height: 1.45; }}
.notices p {{ margin: 0.5mm 0; text-indent: 2em; }}
.sign {{ margin-top: 10mm; text-align: right; break-inside: avoid; }}
.sign p {{ margin: 0 0 2mm; }}
"""


class _Html:
    """The HTML of one form, and the text fields' values by field name."""

    def __init__(self, view: FormView):
        self.view = view
        self.values: dict[str, str] = {}

    def page(self) -> str:
        v = self.view
        parts = [f"<h1>{esc(v.title)}</h1>"]
        if v.number:
            parts.append(f'<p class="number">{self.line_input(NUMBER, "文号", v.number)}</p>')
        parts.append(f'<p class="basis-line">{esc(v.basis_line)}</p>')
        parts += [self.section(s) for s in v.sections]
        parts += [self.table(t) for t in v.tables]
        if v.notices:
            parts.append('<div class="notices">' + "".join(f"<p>{esc(n)}</p>" for n in v.notices) + "</div>")
        parts.append(self.signature())
        return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{esc(v.title)}</title>'
                f'<meta name="description" content="{esc(v.summary)}">'
                f"<style>{pdf_fields.placeholder_font_face()}{CSS}</style></head>"
                f'<body><form>{"".join(parts)}</form></body></html>')

    def section(self, s: SectionView) -> str:
        out = [f"<section><h2>{esc(s.title)}</h2>"]
        if s.text:
            out.append(f'<p class="section-text">{esc(s.text)}</p>')
        if s.basis:
            out.append(f'<p class="cite">{esc(self.cites(s.basis))}</p>')
        out.append('<table class="fields"><tbody>')
        out += [self.row(f) for f in s.fields]
        out.append("</tbody></table></section>")
        return "".join(out)

    @staticmethod
    def cites(basis: list[str]) -> str:
        return "依据：" + "；".join(basis)

    def notes(self, f: FieldView) -> str:
        out = ""
        if f.help:
            out += f'<div class="help">{esc(f.help)}</div>'
        if f.basis:
            out += f'<div class="cite">{esc(self.cites(f.basis))}</div>'
        return out

    def row(self, f: FieldView) -> str:
        if f.type == "checkbox":
            box = self.box(f.id, f.label, f.value is True)
            return f'<tr><td colspan="2"><span class="opt">{box}{esc(f.label)}</span>{self.notes(f)}</td></tr>'
        return f"<tr><th>{esc(f.label)}</th><td>{self.control(f)}{self.notes(f)}</td></tr>"

    def control(self, f: FieldView) -> str:
        if f.type == "multiline":
            return self.textarea(f)
        if f.type == "choice":
            return "".join(
                f'<span class="opt"><input type="radio" name="{esc(f.id)}" value="{esc(o)}" title="{esc(f.label)}"'
                f'{" checked" if f.value == o else ""}>{esc(o)}</span>' for o in f.options)
        if f.type == "multichoice":
            chosen = set(f.value or [])
            return "".join(f'<span class="opt">{self.box(f"{f.id}.{i}", f"{f.label}：{o}", o in chosen)}{esc(o)}</span>'
                           for i, o in enumerate(f.options))
        if f.type == "persons":
            return self.persons(f)
        if f.type not in TEXT_TYPES:
            log.warning("field %s: unknown type %s printed as a text field", f.id, f.type)
        return self.text_input(f.id, f.label, f.display)

    def text_input(self, name: str, title: str, value: str) -> str:
        if value:
            self.values[name] = value
        return f'<input type="text" class="text" name="{esc(name)}" title="{esc(title)}">'

    def textarea(self, f: FieldView) -> str:
        if f.display:
            self.values[f.id] = f.display
            height = pdf_fields.multiline_height(f.display, MULTILINE_WIDTH_PT, FIELD_PT, FILLED_MIN_LINES)
        else:
            height = pdf_fields.multiline_height("", MULTILINE_WIDTH_PT, FIELD_PT, BLANK_LINES)
        height = min(height, MULTILINE_MAX_PT)
        return (f'<textarea name="{esc(f.id)}" title="{esc(f.label)}" style="height: {height:.1f}pt"></textarea>')

    @staticmethod
    def box(name: str, title: str, checked: bool) -> str:
        return f'<input type="checkbox" name="{esc(name)}" title="{esc(title)}"{" checked" if checked else ""}>'

    def persons(self, f: FieldView) -> str:
        rows = list(f.value or [])
        head = '<th class="no">序号</th>' + "".join(f"<th>{esc(label)}</th>" for _, label in f.columns)
        body = []
        for r in range(f.rows):
            person = rows[r] if r < len(rows) else {}
            cells = "".join(
                "<td>" + self.text_input(f"{f.id}.{r}.{cid}", f"{f.label}第{r + 1}行{label}", person.get(cid, "")) + "</td>"
                for cid, label in f.columns)
            body.append(f'<tr><td class="no">{r + 1}</td>{cells}</tr>')
        return f'<table class="persons"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'

    @staticmethod
    def table(t: TableView) -> str:
        cols = "".join(f'<col style="width: {w:.1f}%">' for w in _column_shares(t))
        head = "".join(f"<th>{esc(h)}</th>" for h in t.headers)
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in t.rows)
        return (f'<h3>{esc(t.title)}</h3><table class="data"><colgroup>{cols}</colgroup>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def line_input(self, name: str, title: str, value: str, ems: int = 0) -> str:
        """A one-line field as wide as ``value`` (or ``ems`` characters), holding it: the number line and the
        signature block, which a clerk completes by hand or in a viewer (named as the Word form's controls)."""
        self.values[name] = value
        width = max(pdf_fields.chain().width(value, FIELD_PT), ems * FIELD_PT) + 2 * pdf_fields.PAD + 2
        return (f'<input type="text" class="line" name="{esc(name)}" title="{esc(title)}" '
                f'style="width: {width:.1f}pt">')

    def signature(self) -> str:
        who = (f"{esc(self.view.issuer)}{SEAL}" if self.view.issuer
               else "签名：" + self.line_input(SIGNATURE, "签名", "", 8))
        return f'<div class="sign"><p>{who}</p><p>{self.line_input(SIGN_DATE, "日期", DATE_LINE)}</p></div>'


def _column_shares(t: TableView) -> list[float]:
    """Column widths in % of the table: each column as wide as its longest text; when that is too wide, the
    widest columns are capped at one level (never below their header). CJK text may break between any two
    characters, so the engine's own table sizing would squeeze short columns such as 状态 to one character."""
    font = pdf_fields.chain()
    pad = 2 * DATA_CELL_PAD_MM * MM + 2
    columns = list(zip(t.headers, *t.rows)) if t.rows else [(h,) for h in t.headers]
    need = [max(font.width(str(c), DATA_PT) for c in col) + pad for col in columns]
    least = [font.width(str(col[0]), DATA_PT) + pad for col in columns]
    need = fit_columns(need, least, TEXT_WIDTH_MM * MM)
    return [100 * n / sum(need) for n in need]


def form_html(view: FormView) -> tuple[str, dict[str, str]]:
    """The HTML for WeasyPrint and the text fields' values by field name (empty fields left out)."""
    builder = _Html(view)
    html = builder.page()
    return html, builder.values


def write_pdf(view: FormView, out: Path) -> Path:
    """Write the form as a fillable PDF to ``out`` (atomically: a temporary file beside it, then renamed)."""
    html, values = form_html(view)
    return write_fillable_pdf(html, values, out, FIELD_PT, RIGHT_ALIGNED)


def write_fillable_pdf(html: str, values: dict[str, str], out: Path, field_pt: float = FIELD_PT,
                       right: tuple[str, ...] = ()) -> Path:
    """HTML with form controls (its fonts as :func:`pdf_fields.placeholder_font_face` expects) → WeasyPrint →
    text field values and appearances (a subset of their characters) at ``field_pt`` → ``out``, atomically;
    the fields named in ``right`` right-aligned."""
    out = Path(out)
    pdf = weasyprint_pdf(html, forms=True)
    missing = write_atomically(out, lambda fh: pdf_fields.fill_form(pdf, values, fh, field_pt, right=right))
    if missing:
        log.warning("%s: no field font has a glyph for %s; the field values keep them, the print shows boxes",
                    out, "".join(sorted(missing)))
    return out


def missing_glyphs(view: FormView) -> set[str]:
    """Characters of the view's values that the form-field font cannot show."""
    _, values = form_html(view)
    return pdf_fields.chain().missing("".join(values.values()))
