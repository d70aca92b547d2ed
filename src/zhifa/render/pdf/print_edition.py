"""The print edition's PDF, ``handbook.pdf``: the shared HTML body (:mod:`zhifa.render.view.print_edition`) with a
cover, a contents list with page numbers and bookmarks, laid out by WeasyPrint."""

from __future__ import annotations

from html import escape
from pathlib import Path

from zhifa.cite.numerals import to_chinese
from zhifa.model.project import Project
from zhifa.render.pdf.html import SANS, SERIF, write_pdf
from zhifa.render.view.print_edition import HANDBOOK_TITLE, TOC_TITLE, PrintBody

PDF_CSS = f"""
@page {{ size: A4; margin: 25mm 22mm 22mm 22mm;
  @top-center {{ content: string(regtitle); font-size: 9pt; color: #555; }}
  @bottom-center {{ content: "— " counter(page) " —"; font-size: 10.5pt; }} }}
@page cover {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
@page front {{ @top-center {{ content: none; }} }}
html {{ font-family: {SERIF}; font-size: 12pt; line-height: 1.75; }}
h1, h2, h3, .cover-title, strong {{ font-family: {SANS}; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 12pt; }}
h2 {{ font-size: 14pt; margin: 14pt 0 6pt; }}
h3 {{ font-size: 12pt; margin: 10pt 0 4pt; }}
h2, h3 {{ break-after: avoid; }}
h1.reg-title {{ string-set: regtitle content(); }}
.cover {{ page: cover; text-align: center; padding-top: 70mm; }}
.cover-title {{ font-size: 26pt; font-weight: bold; margin-bottom: 24pt; }}
.cover p {{ font-size: 15pt; margin: 6pt 0; }}
nav.toc {{ page: front; break-before: page; }}
nav.toc ul {{ list-style: none; padding: 0; margin: 0; }}
nav.toc li.l2 {{ padding-left: 2em; font-size: 11pt; }}
nav.toc a {{ color: inherit; text-decoration: none; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
section.reg {{ break-before: page; }}
table.meta {{ width: 100%; border-collapse: collapse; font-size: 10.5pt; margin-bottom: 12pt; }}
table.meta td {{ border: 0.5pt solid #999; padding: 2pt 6pt; vertical-align: top; }}
table.meta td:first-child {{ width: 5em; background: #f0f0f0; }}
p.u {{ text-indent: 2em; margin: 0 0 4pt; text-align: justify; }}
p.u-subitem {{ padding-left: 2em; }}
p.u-article[data-bookmark] {{ bookmark-level: 3; bookmark-label: attr(data-bookmark); }}
p.u-signature, p.u-date {{ text-align: right; text-indent: 0; }}
p.note {{ font-size: 10pt; line-height: 1.5; color: #333; margin: 2pt 0 6pt 2em;
  padding: 2pt 6pt; border-left: 2pt solid #999; background: #f6f6f6; }}
"""


def _pdf_html(project: Project, body: PrintBody) -> str:
    items = "".join(f'<li class="l{lvl}"><a href="#{a}">{escape(t, quote=False)}</a></li>'
                    for lvl, a, t in body.toc if lvl <= 2)
    county = project.jurisdiction.values().get("county", "")
    count = len(project.ordered_regulations())
    return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{HANDBOOK_TITLE}</title>'
            f"<style>{PDF_CSS}</style></head><body>"
            f'<section class="cover"><p class="cover-title">{HANDBOOK_TITLE}</p>'
            f"<p>{escape(county)}</p><p>收录规章制度{to_chinese(count)}部</p></section>"
            f'<nav class="toc"><h1 class="toc-title">{TOC_TITLE}</h1><ul>{items}</ul></nav>'
            f"{''.join(body.html)}</body></html>")


def write_print_pdf(project: Project, body: PrintBody, target: Path) -> None:
    """Write the PDF edition of ``body`` to ``target``."""
    write_pdf(_pdf_html(project, body), target)
