"""Text folded for comparison, so that formatting is not taken for amendment: full-width and half-width forms (NFKC),
quotation marks and dashes of every style, and all whitespace (ideographic spaces included) count as the same.

``fold`` keeps, for every character of the folded text, the index of the character of the original it came from, so
that a difference found on folded text is shown in the words as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# After NFKC: the quotation marks and dashes that differ only by typeface or input method.
_SAME = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                       "‘": "'", "’": "'", "‚": "'", "‛": "'",
                       "—": "-", "–": "-", "‑": "-", "‒": "-", "―": "-", "－": "-", "─": "-",
                       "〔": "[", "〕": "]", "【": "[", "】": "]", "．": "."})


_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Folded:
    text: str
    origin: tuple[int, ...]  # origin[i]: index in the original of folded character i
    original: str

    def span(self, start: int, end: int) -> str:
        """The original words behind folded characters start..end (spaces between them included)."""
        if start >= end:
            return ""
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        return self.original[first:last]


def fold(text: str) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_SAME):
            if c.isspace():
                continue
            out.append(c)
            origin.append(i)
    return Folded("".join(out), tuple(origin), text)


def squeeze(text: str) -> str:
    """``text`` without whitespace: how a quote is found in its unit (a line break or space carries no meaning)."""
    return _WS.sub("", text)


def same(a: str | None, b: str | None) -> bool:
    """Equal once folded (None and "" are the same: no text)."""
    return fold(a or "").text == fold(b or "").text
