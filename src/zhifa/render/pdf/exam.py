"""An exam paper and its answer key as PDF: HTML built from the ExamPaper, printed by WeasyPrint.

Same contents and order as the Word version (:mod:`zhifa.render.docx.exam`); fonts, escaping and the WeasyPrint call are
every PDF's (:mod:`zhifa.render.pdf.html`): CSS font families of free CJK fonts, embedded as subsets by WeasyPrint.
Every text is HTML-escaped. No creation date is written, so the same paper gives the same bytes.
"""

from __future__ import annotations

from zhifa.render.layout import EXAM_MARGINS_MM
from zhifa.render.pdf.html import MONO, SANS, SERIF, esc, write_pdf
from zhifa.training.exam import HEADER_FIELDS, QUOTE_LABEL, REASON_LABEL, ExamPaper, Group, Item

MARGINS_MM = EXAM_MARGINS_MM
# The writing lines after 姓名, 单位, 日期, 得分: with labels and gaps, within the 165 mm text width.
FILL_WIDTHS_MM = {"姓名": 25, "单位": 40, "日期": 24, "得分": 14}
KEY_COLUMNS_MM = (14, 72)   # the key's number and answer columns; the basis column takes the rest
BLANK_FILL = "\u3000" * 6      # inside a blank: keeps its baseline and width (ideographic spaces do not collapse)

CSS = f"""
@page {{ size: A4;
  margin: {MARGINS_MM['top']}mm {MARGINS_MM['right']}mm {MARGINS_MM['bottom']}mm {MARGINS_MM['left']}mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {SERIF}; font-size: 10.5pt; }} }}
html {{ font-family: {SERIF}; font-size: 12pt; line-height: 1.65; color: #000; }}
body {{ margin: 0; }}
h1 {{ font-family: {SANS}; font-size: 18pt; text-align: center; margin: 0 0 1mm; line-height: 1.35; }}
h2 {{ font-family: {SANS}; font-size: 14pt; font-weight: bold; margin: 5mm 0 1.5mm; break-after: avoid; }}
p {{ margin: 0; }}
.summary {{ font-size: 9pt; color: #555; text-align: center; margin-bottom: 4mm; line-height: 1.4; }}
.fill {{ margin-bottom: 3mm; white-space: nowrap; }}
.fill .field + .field {{ margin-left: 3mm; }}
code {{ font-family: {MONO}; font-size: 8.5pt; }}
.fill .line {{ display: inline-block; border-bottom: 0.75pt solid #000; height: 1em; vertical-align: -0.15em; }}
table {{ width: 100%; border-collapse: collapse; }}
td, th {{ border: 0.75pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }}
table.score td {{ height: 8mm; text-align: center; vertical-align: middle; font-size: 10.5pt; }}
table.score td:first-child {{ width: 18mm; }}
.note {{ font-size: 10.5pt; line-height: 1.5; text-indent: 2em; margin-top: 3mm; }}
.q {{ margin-top: 2mm; break-inside: avoid; }}
.stem, .case {{ text-align: left; }}
.blank {{ display: inline-block; min-width: 6em; border-bottom: 0.75pt solid #000; }}
.options p {{ padding-left: 2em; }}
.options.inline p {{ display: inline-block; padding-left: 0; margin-right: 2em; }}
.options.inline {{ padding-left: 2em; }}
.reason {{ margin-top: 1mm; }}
.rule {{ height: 8mm; border-bottom: 0.5pt solid #000; }}
table.key {{ table-layout: fixed; font-size: 10.5pt; line-height: 1.45; }}
table.key th {{ font-family: {SANS}; text-align: center; font-weight: bold; }}
table.key tr {{ break-inside: avoid; }}
table.key col.no {{ width: {KEY_COLUMNS_MM[0]}mm; }}
table.key col.answer {{ width: {KEY_COLUMNS_MM[1]}mm; }}
table.key td.no {{ text-align: center; }}
table.key p + p {{ margin-top: 1mm; }}
.cite {{ font-size: 9pt; color: #444; }}
b {{ font-family: {SANS}; }}
"""


def _document(title: str, paper: ExamPaper, body: list[str]) -> str:
    return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="description" content="{esc(paper.summary)}">'
            f'<meta name="keywords" content="seed={paper.seed} count={paper.count}">'
            f"<style>{CSS}</style></head><body>"
            f'<h1>{esc(title)}</h1><p class="summary">{_summary(paper)}</p>{"".join(body)}</body></html>')


def _summary(paper: ExamPaper) -> str:
    before, _, after = paper.summary.partition(paper.command)
    return f"{esc(before)}<code>{esc(paper.command)}</code>{esc(after)}"


def paper_html(paper: ExamPaper) -> str:
    fields = "".join(f'<span class="field">{esc(name)}：<span class="line" '
                     f'style="width: {FILL_WIDTHS_MM.get(name, 25)}mm"></span></span>' for name in HEADER_FIELDS)
    heads = ["题号", *[g.numeral for g in paper.groups], "总分"]
    score = ('<table class="score"><tbody><tr>' + "".join(f"<td>{esc(h)}</td>" for h in heads)
             + "</tr><tr><td>得分</td>" + "<td></td>" * (len(heads) - 1) + "</tr></tbody></table>")
    body = [f'<p class="fill">{fields}</p>', score, f'<p class="note">{esc(paper.instructions)}</p>']
    for group in paper.groups:
        body.append(f"<section><h2>{esc(group.heading)}</h2>")
        body += [_question(item) for item in group.items]
        body.append("</section>")
    return _document(paper.title, paper, body)


def _question(item: Item) -> str:
    number = f"{item.number}. "
    stem = "".join(f'<span class="blank">{BLANK_FILL}</span>' if s.blank else esc(s.text) for s in item.stem)
    out = ['<div class="q">']
    if item.case:
        out.append(f'<p class="case">{esc(number)}<b>案情：</b>{esc(item.case)}</p><p class="stem">{stem}</p>')
    else:
        out.append(f'<p class="stem">{esc(number)}{stem}</p>')
    if item.options:
        cls = "options inline" if item.inline_options else "options"
        out.append(f'<div class="{cls}">' + "".join(f"<p>{esc(o)}</p>" for o in item.options) + "</div>")
    if item.reason_lines:
        out.append(f'<p class="reason">{esc(REASON_LABEL)}</p>' + '<div class="rule"></div>' * item.reason_lines)
    out.append("</div>")
    return "".join(out)


def key_html(paper: ExamPaper) -> str:
    body = []
    for group in paper.groups:
        body.append(f"<section><h2>{esc(group.heading)}</h2>{_key_table(group)}</section>")
    return _document(paper.key_title, paper, body)


def _key_table(group: Group) -> str:
    rows = []
    for item in group.items:
        basis = "".join(f'<p>{esc(citation)}</p><p class="cite">{esc(QUOTE_LABEL + quote)}</p>'
                        for citation, quote in item.citations)
        rows.append(f'<tr><td class="no">{item.number}</td>'
                    f"<td><p><b>答案：</b>{esc(item.answer)}</p><p><b>解析：</b>{esc(item.explanation)}</p>"
                    f'<p class="cite">题目 ID：{esc(item.question.id)}</p></td><td>{basis}</td></tr>')
    return ('<table class="key"><colgroup><col class="no"><col class="answer"><col></colgroup>'
            "<thead><tr><th>题号</th><th>答案与解析</th><th>依据（条文及原文）</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def render_pdf(paper: ExamPaper, key: bool) -> bytes:
    """The paper (``key`` false) or its answer key as the bytes of a PDF file."""
    return write_pdf(key_html(paper) if key else paper_html(paper))
