"""Page geometry, font names and column fitting, defined once for the Word and the PDF renderers.

* The GB/T 9704-2012 page of official documents (the forms): A4, margins 37 / 35 / 28 / 26 mm, a text block of
  156 × 225 mm holding 22 lines; and the exam paper's page.
* The fonts a Chinese office expects in a Word document, and the free fonts that stand in for them.
* :func:`fit_columns`: the widths of a table's columns, each as wide as its longest text, the widest capped at one
  level when the table would not fit (used by the Word and the PDF forms' computed tables).

Knows nothing of python-docx or WeasyPrint: both renderers read these numbers in their own units.
"""

from __future__ import annotations

from collections.abc import Sequence

PT_PER_MM = 72 / 25.4
A4_MM = (210, 297)

# GB/T 9704-2012 page: A4, text block 156 × 225 mm
GBT9704_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
GBT9704_TEXT_WIDTH_MM = A4_MM[0] - GBT9704_MARGINS_MM["left"] - GBT9704_MARGINS_MM["right"]   # 156
GBT9704_LINE_PITCH_PT = 28.95                                                                  # 22 lines in 225 mm

# The exam paper (Word and PDF alike)
EXAM_MARGINS_MM = {"top": 25, "bottom": 22, "left": 25, "right": 20}
EXAM_TEXT_WIDTH_MM = A4_MM[0] - EXAM_MARGINS_MM["left"] - EXAM_MARGINS_MM["right"]             # 165

# Fonts as named in Word documents, and free fonts that stand in for them when rendering with fontconfig.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"  # what Chinese offices expect; Word substitutes if it is missing
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# Characters the GB2312 fonts above lack (names: 堃 喆 in GBK, 䶮 in CJK Extension A, 𠮷 in Extension B) are set
# in Windows' own fallbacks: 宋体 (SimSun, GB18030's BMP part) and SimSun-ExtB (the supplementary planes).
WIDE_FONT = "宋体"
SUPPLEMENTARY_FONT = "SimSun-ExtB"
FREE_FALLBACKS = {
    TITLE_FONT: ["Noto Serif CJK SC", "AR PL SungtiL GB"],
    BODY_FONT: ["AR PL SungtiL GB", "Noto Serif CJK SC"],
    HEADING_FONT: ["Noto Sans CJK SC", "WenQuanYi Micro Hei"],
    WIDE_FONT: ["Noto Serif CJK SC", "HanaMinA"],
    SUPPLEMENTARY_FONT: ["Noto Serif CJK SC", "HanaMinB", "HanaMinA"],
}


def fallback_font(ch: str) -> str | None:
    """The font a character outside GB2312 is set in (:data:`WIDE_FONT`, :data:`SUPPLEMENTARY_FONT`), or None
    for one the document's own fonts have (GB2312, ASCII, and everything that is not a CJK ideograph)."""
    cp = ord(ch)
    if cp > 0xFFFF:
        return SUPPLEMENTARY_FONT
    if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            return WIDE_FONT
    return None


def font_runs(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut where :func:`fallback_font` changes: (piece, font or None)."""
    runs: list[tuple[str, str | None]] = []
    for ch in text:
        font = fallback_font(ch)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


def fit_columns(need: Sequence[float], least: Sequence[float], total: float, steps: int = 40) -> list[float]:
    """Column widths for a table ``total`` wide (any unit, the same for all): ``need`` (each column's longest
    text) as it is when it fits; otherwise the widest columns capped at one level, found by bisection, never
    below ``least`` (the header), so that short texts such as 状态 stay whole. Callers scale the result to their
    table (millimetres in Word, percentages in HTML)."""
    if sum(need) <= total:
        return list(need)
    low, high = 0.0, max(need)
    for _ in range(steps):
        level = (low + high) / 2
        if sum(min(n, max(level, m)) for n, m in zip(need, least)) > total:
            high = level
        else:
            low = level
    return [min(n, max(low, m)) for n, m in zip(need, least)]
