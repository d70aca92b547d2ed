"""The print edition's Word file, ``handbook.docx``: the handbook's HTML body converted by pandoc.

Word gets its fonts, page size and footer from a reference.docx generated here on every build from pandoc's own
(nothing binary is committed); the XML that python-docx has no API for is written by :mod:`zhifa.render.docx.oxml`.
The HTML body, shared with the PDF, is built by :mod:`zhifa.render.view.print_edition`.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from zhifa.model.project import Project
from zhifa.render.docx import oxml
from zhifa.render.layout import A4_MM, BODY_FONT, HEADING_FONT
from zhifa.render.view.print_edition import HANDBOOK_TITLE, NOTE_STYLE, TOC_TITLE, PrintBody


def write_print_docx(project: Project, body: PrintBody, target: Path) -> None:
    """Write the Word edition of ``body`` to ``target`` (its reference.docx made in a temporary folder)."""
    county = project.jurisdiction.values().get("county", "")
    with tempfile.TemporaryDirectory(prefix="zhifa-reference-") as work:
        write_docx("".join(body.html), target, Path(work), HANDBOOK_TITLE, TOC_TITLE, county)


def write_docx(body_html: str, target: Path, work: Path, title: str, toc_title: str, subtitle: str = "") -> None:
    """Convert the HTML body to ``target`` with a table of contents; ``work`` holds the reference.docx."""
    reference = work / "reference.docx"
    _reference_docx(pypandoc.get_pandoc_path(), reference)
    args = ["--toc", "--toc-depth=2", f"--reference-doc={reference}", "-M", f"title={title}",
            "-M", f"toc-title={toc_title}", "-M", "lang=zh-Hans"]
    if subtitle:
        args += ["-M", f"subtitle={subtitle}"]
    pypandoc.convert_text(body_html, "docx", format="html", outputfile=str(target), extra_args=args)


def _reference_docx(pandoc: str, path: Path) -> None:
    """pandoc's default reference.docx with Chinese fonts, A4, a page-number footer and the unit styles."""
    path.write_bytes(subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                                    capture_output=True, check=True).stdout)
    doc = Document(str(path))
    styles = doc.styles
    # Document defaults; pandoc sets their East Asian language from `lang` (zh-Hans).
    oxml.set_east_asian_font(oxml.default_run_properties(styles.element), BODY_FONT)
    sizes = {"Normal": 14, "Title": 26, "Subtitle": 16, "Heading 1": 18, "Heading 2": 16, "Heading 3": 14,
             "TOC Heading": 18}
    for name, size in sizes.items():
        style = styles[name]
        oxml.set_east_asian_font(style.element.get_or_add_rPr(), BODY_FONT if name == "Normal" else HEADING_FONT)
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    for name in ("Heading 1", "TOC Heading"):
        styles[name].paragraph_format.page_break_before = True
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Title"].paragraph_format.space_before = Pt(180)
    for name, indent, align, size in (("Provision", 0, None, 14), ("Subprovision", 2, None, 14),
                                      ("Closing", 0, WD_ALIGN_PARAGRAPH.RIGHT, 14), (NOTE_STYLE, 2, None, 11)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Body Text"]
        fmt = style.paragraph_format
        fmt.first_line_indent = None if align else Pt(28)
        fmt.left_indent, fmt.alignment = Pt(14 * indent), align
        fmt.space_before, fmt.space_after = Pt(3), Pt(3)
        style.font.size = Pt(size)
    oxml.table_style_borders(styles["Table"].element)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    section.left_margin, section.right_margin = Mm(25), Mm(25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.dashed_page_number(footer._p)
    doc.save(str(path))
