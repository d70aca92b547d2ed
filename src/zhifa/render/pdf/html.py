"""What every PDF made from HTML shares: the one call into WeasyPrint, the escaper and the CJK font stacks.

The forms, the checklists, the exam papers and the print edition each build their HTML and CSS and hand it to
:func:`write_pdf`; none imports WeasyPrint itself. Every text printed goes through :func:`esc`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import overload

# CSS font families of free CJK fonts, embedded as subsets by WeasyPrint.
SERIF = '"AR PL SungtiL GB", "Noto Serif CJK SC", serif'
SANS = '"Noto Sans CJK SC", "AR PL SungtiL GB", sans-serif'
MONO = '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace'  # the command line: -- stays two hyphens


def esc(text: object) -> str:
    """``text`` as HTML text or attribute value: &, <, > and both quotes escaped."""
    return escape(str(text), quote=True)


_font_config = None


@overload
def write_pdf(html: str, target: None = None, forms: bool = False) -> bytes: ...
@overload
def write_pdf(html: str, target: Path, forms: bool = False) -> None: ...


def write_pdf(html: str, target: Path | None = None, forms: bool = False) -> bytes | None:
    """Lay out ``html`` with WeasyPrint; write the PDF to ``target``, or return its bytes when there is none.
    ``forms`` turns the HTML form controls into PDF form fields. One font configuration serves the process."""
    global _font_config
    from weasyprint import HTML  # imported here: it takes a moment and only this step needs it
    from weasyprint.text.fonts import FontConfiguration

    if _font_config is None:
        _font_config = FontConfiguration()
    options = {"pdf_forms": True} if forms else {}
    return HTML(string=html).write_pdf(target, font_config=_font_config, **options)
