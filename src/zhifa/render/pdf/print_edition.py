"""The print edition's PDF, ``handbook.pdf``: the shared HTML body (:mod:`zhifa.render.view.print_edition`) with a
cover, a contents list with page numbers and bookmarks.

WeasyPrint lays out each regulation on its own (:func:`part_pdf`: memory bounded by the largest regulation, parts
laid out in parallel and cached by the build, an edit lays out one part again); :func:`assemble` then lays out the
cover and contents with the page numbers the parts give, and :mod:`zhifa.render.pdf.merge` puts them together,
stamps the page numbers and points the contents' links at their pages."""

from __future__ import annotations

from html import escape
from pathlib import Path

from zhifa.cite.numerals import to_chinese
from zhifa.model.project import Project
from zhifa.render.pdf import merge
from zhifa.render.pdf.html import SANS, SERIF, write_pdf
from zhifa.render.view.print_edition import HANDBOOK_TITLE, TOC_TITLE, PrintBody

PDF_CSS = f"""
@page {{ size: A4; margin: 25mm 22mm 22mm 22mm;
  @top-center {{ content: string(regtitle); font-size: 9pt; color: #555; }}
}}
@page cover {{ @top-center {{ content: none; }} }}
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
nav.toc a::after {{ content: leader(".") attr(data-page); }}
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


NUMBER_PT = 10.5          # the page numbers, stamped after the merge
NUMBER_BASELINE_PT = 28   # above the bottom edge: the middle of the 22 mm bottom margin
LINK_PREFIX = "zhifa-part:"  # the contents' links, until the merge makes them links to pages


def _document(body_html: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{HANDBOOK_TITLE}</title>'
            f"<style>{PDF_CSS}</style></head><body>{body_html}</body></html>")


PART_BLOCKS = 2000  # regulations are laid out together until a part holds this many HTML blocks (about units)


def parts(body: PrintBody) -> list[list[int]]:
    """The regulations (indexes into ``body.parts``) laid out together, in order: consecutive regulations until a
    part is big enough. Every part embeds its own font subsets, so small regulations share one; a big one is a part
    of its own, which bounds the memory of a layout and lets an edit lay out only its part again."""
    out: list[list[int]] = []
    size = PART_BLOCKS
    for i, (start, end) in enumerate(body.parts):
        if size >= PART_BLOCKS:
            out.append([])
            size = 0
        out[-1].append(i)
        size += end - start
    return out


def part_html(body: PrintBody, part: list[int]) -> str:
    return _document("".join(body.part_html(i) for i in part))


def part_pdf(body: PrintBody, part: list[int]) -> bytes:
    """Some regulations laid out on their own, without page numbers."""
    return write_pdf(part_html(body, part))


def _front_html(project: Project, body: PrintBody, numbers: list[str]) -> str:
    items = "".join(f'<li class="l{lvl}"><a href="{LINK_PREFIX}{a}" data-page="{n}">{escape(t, quote=False)}</a></li>'
                    for (lvl, a, t), n in zip(body.toc, numbers) if lvl <= 2)
    county = project.jurisdiction.values().get("county", "")
    count = len(project.ordered_regulations())
    return _document(f'<section class="cover"><p class="cover-title">{HANDBOOK_TITLE}</p>'
                     f"<p>{escape(county)}</p><p>收录规章制度{to_chinese(count)}部</p></section>"
                     f'<nav class="toc"><h1 class="toc-title">{TOC_TITLE}</h1><ul>{items}</ul></nav>')


def assemble(project: Project, body: PrintBody, laid_out: list[bytes], target: Path) -> None:
    """The cover and contents, then the :func:`part_pdf` of each of :func:`parts`, in order, as one PDF."""
    part_of = {reg: n for n, part in enumerate(parts(body)) for reg in part}
    counts = [merge.page_count(pdf) for pdf in laid_out]
    anchors = [merge.anchor_pages(pdf) for pdf in laid_out]
    missing = [a for (_lvl, a, _t), reg in zip(body.toc, body.toc_part) if a not in anchors[part_of[reg]]]
    if missing:
        raise RuntimeError(f"print edition: headings without a place in their part: {', '.join(missing[:5])}")
    front = write_pdf(_front_html(project, body, ["000"] * len(body.toc)))
    for _ in range(4):  # the contents' length hardly depends on its numbers: this settles at once
        first = merge.page_count(front)
        starts = [first + sum(counts[:i]) for i in range(len(laid_out))]
        pages = {anchor: starts[part_of[reg]] + anchors[part_of[reg]][anchor]
                 for (_lvl, anchor, _t), reg in zip(body.toc, body.toc_part)}
        front = write_pdf(_front_html(project, body, [str(pages[a] + 1) for _lvl, a, _t in body.toc]))
        if merge.page_count(front) == first:
            break
    else:
        raise RuntimeError("print edition: the contents' page count does not settle")
    with open(target, "wb") as out:
        merge.merge([front, *laid_out], out, LINK_PREFIX, pages, numbered_from=1, size=NUMBER_PT,
                    baseline=NUMBER_BASELINE_PT)


def write_print_pdf(project: Project, body: PrintBody, target: Path) -> None:
    """Write the PDF edition of ``body`` to ``target`` (the parts laid out here, one after another)."""
    assemble(project, body, [part_pdf(body, part) for part in parts(body)], target)
