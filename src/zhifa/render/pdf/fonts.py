"""The fonts of PDF form fields: a standard CJK font the reader supplies, and per-document subsets (fontTools).

* Typing in a viewer uses the fields' default appearance font: **STSong-Light** with the **UniGB-UCS2-H** CMap,
  one of the standard Adobe CJK fonts a PDF names without embedding it (Acrobat/Reader, Foxit, WPS, pdf.js, PDFium
  and poppler supply or substitute it). A blank form therefore embeds no field font at all.
* What ``zhifa fill`` writes is drawn in appearance streams with a font made for that document: exactly the
  characters of its values, each glyph taken from the first font of a chain that has it — Noto Serif CJK SC
  (GB18030's BMP part: GBK and CJK Extension A whole, some of Extension B), then HanaMinA / HanaMinB (Extension B
  and beyond) — converted to TrueType outlines (cubic → quadratic) and written as one small TrueType font
  (CIDFontType2, Identity-H: codes are glyph ids).

The ToUnicode map never maps a glyph to a Kangxi radical or CJK compatibility code point when a unified ideograph
uses the same glyph, so 生 extracts as 生, not ⽣.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONTS_ENV = "ZHIFA_FORM_FONTS"   # os.pathsep-separated font files (file.ttc#index for a collection face), first wins
CHAIN = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", None),
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", None),
)
PACKAGES = "fonts-noto-cjk and fonts-hanazono"
STANDARD_FONT = "STSong-Light"          # the reader's own font for typing (not embedded)
STANDARD_CMAP = "UniGB-UCS2-H"
STANDARD_RESOURCE = "STSong"            # its name in the AcroForm's /DR and in every field's /DA
SUBSET_RESOURCE = "ZhifaSong"           # the document's subset, used by the appearance streams
UPEM = 1000

# Code points that share glyphs with unified ideographs: never the ToUnicode choice when another one exists.
_SECONDARY = ((0x2E80, 0x2FDF), (0x3190, 0x319F), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


class FontMissing(RuntimeError):
    pass


# ---------------------------------------------------------------- the source fonts

@dataclass
class _Source:
    """One face of the chain, opened lazily by fontTools (outlines are read only for the glyphs drawn)."""
    path: str
    tt: Any               # a fontTools TTFont
    cmap: dict[int, str]
    scale: float
    cff: bool

    def advance(self, cp: int) -> float:
        return self.tt["hmtx"][self.cmap[cp]][0] * self.scale


def _face(path: str, family: str | None, index: int | None):
    from fontTools.ttLib import TTCollection, TTFont

    with open(path, "rb") as fh:
        collection = fh.read(4) == b"ttcf"
    if not collection:
        return TTFont(path, lazy=True)
    faces = TTCollection(path, lazy=True).fonts
    if index is not None:
        return faces[index]
    for face in faces:
        if face["name"].getDebugName(1) == family:
            return face
    raise FontMissing(f"{path}: no face named {family}")


def _configured() -> list[tuple[str, str | None, int | None]]:
    env = os.environ.get(FONTS_ENV)
    if not env:
        return [(path, family, None) for path, family in CHAIN]
    out: list[tuple[str, str | None, int | None]] = []
    for item in env.split(os.pathsep):
        path, _, index = item.partition("#")
        if not Path(path).is_file():
            raise FontMissing(f"{FONTS_ENV}: {path}: no such file")
        out.append((path, None, int(index) if index else 0 if path.endswith((".ttc", ".otc")) else None))
    return out


@functools.lru_cache(maxsize=4)
def _sources(config: tuple[tuple[str, str | None, int | None], ...]) -> tuple[_Source, ...]:
    found = []
    for path, family, index in config:
        if not Path(path).is_file():
            continue
        tt = _face(path, family, index)
        found.append(_Source(path, tt, tt.getBestCmap(), UPEM / tt["head"].unitsPerEm, "CFF " in tt))
    if not found:
        raise FontMissing(f"no CJK font for PDF form fields: install {PACKAGES} or set {FONTS_ENV}")
    return tuple(found)


class FontChain:
    """The fonts values are drawn in, first that has a character wins: widths for layout, subsets for PDFs."""

    def __init__(self) -> None:
        self.sources = _sources(tuple(_configured()))
        os2 = self.sources[0].tt["OS/2"]
        scale = self.sources[0].scale
        self.ascent = round(os2.sTypoAscender * scale)
        self.descent = round(os2.sTypoDescender * scale)
        self._advances: dict[str, float] = {}

    def source(self, ch: str) -> _Source | None:
        cp = ord(ch)
        return next((s for s in self.sources if cp in s.cmap), None)

    def missing(self, text: str) -> set[str]:
        return {ch for ch in text if not ch.isspace() and self.source(ch) is None}

    def advance(self, ch: str) -> float:
        known = self._advances.get(ch)
        if known is None:
            src = self.source(ch)
            known = self._advances[ch] = src.advance(ord(ch)) if src else UPEM
        return known

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` in points at ``size``."""
        return sum(self.advance(ch) for ch in text) * size / UPEM

    def subset(self, text: str) -> CjkFont:
        """A TrueType font with a glyph for each character of ``text`` any font of the chain has."""
        return _subset(self, "".join(sorted(set(text) | {" "})))


@functools.lru_cache(maxsize=1)
def chain() -> FontChain:
    return FontChain()


# ---------------------------------------------------------------- a document's subset

@dataclass(frozen=True)
class CjkFont:
    base_name: str
    cmap: dict[int, int]          # code point → glyph id
    widths: tuple[float, ...]     # per glyph id, in 1/1000 em
    ascent: float                 # 1/1000 em
    descent: float                # 1/1000 em, negative
    bbox: tuple[float, float, float, float]
    w_array: tuple                # the CIDFont /W array, as Python values
    font_file: bytes              # the TrueType file, Flate-compressed
    font_file_length: int
    to_unicode: bytes             # the ToUnicode CMap, Flate-compressed

    def glyph_ids(self, text: str) -> list[int]:
        return [self.cmap.get(ord(ch), 0) for ch in text]

    def missing(self, text: str) -> set[str]:
        return {ch for ch in text if ord(ch) not in self.cmap and not ch.isspace()}

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` in points at ``size``."""
        w = self.widths
        return sum(w[g] if g < len(w) else UPEM for g in self.glyph_ids(text)) * size / UPEM

    def hex(self, text: str) -> str:
        return "<" + "".join(f"{g:04X}" for g in self.glyph_ids(text)) + ">"


def _drawn(src: _Source, ch: str):
    """The glyph of ``ch`` from ``src`` as a TrueType glyph at 1000 units per em, and its advance."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyphs = src.tt.getGlyphSet()
    name = src.cmap[ord(ch)]
    recorded = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(recorded)
    pen = TTGlyphPen(None)
    target = Cu2QuPen(pen, max_err=1.0, reverse_direction=True) if src.cff else pen
    recorded.replay(TransformPen(target, (src.scale, 0, 0, src.scale, 0, 0)))
    return pen.glyph(), round(src.advance(ord(ch)))


def _notdef():
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    for x0, y0, x1, y1, outer in ((100, -80, 900, 800, True), (160, -20, 840, 740, False)):
        pen.moveTo((x0, y0))
        corners = [(x0, y1), (x1, y1), (x1, y0)] if outer else [(x1, y0), (x1, y1), (x0, y1)]
        for point in corners:
            pen.lineTo(point)
        pen.closePath()
    return pen.glyph()


@functools.lru_cache(maxsize=64)
def _subset(fonts: FontChain, chars: str) -> CjkFont:
    from fontTools.fontBuilder import FontBuilder

    order, glyphs, advances, cmap = [".notdef"], {".notdef": _notdef()}, {".notdef": UPEM}, {}
    for ch in chars:
        src = fonts.source(ch)
        if src is None:
            continue
        name = f"u{ord(ch):04X}"
        glyphs[name], advances[name] = _drawn(src, ch)
        order.append(name)
        cmap[ord(ch)] = name
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha1(chars.encode("utf-8", "surrogatepass")).digest()[:6])
    ps_name = f"{tag}+ZhifaFieldSong"
    fb = FontBuilder(UPEM, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    fb.setupGlyf(glyphs)
    table = fb.font["glyf"]
    fb.setupHorizontalMetrics({n: (advances[n], getattr(table[n], "xMin", 0)) for n in order})
    fb.setupHorizontalHeader(ascent=fonts.ascent, descent=fonts.descent)
    fb.setupNameTable({"familyName": "ZhifaFieldSong", "styleName": "Regular", "psName": ps_name})
    fb.setupOS2(sTypoAscender=fonts.ascent, sTypoDescender=fonts.descent,
                usWinAscent=fonts.ascent, usWinDescent=-fonts.descent)
    fb.setupPost()
    # No clock in the font: the same characters give the same bytes (reproducible downloads, a cache that holds).
    fb.font["head"].created = fb.font["head"].modified = 0
    fb.font.recalcTimestamp = False
    buf = io.BytesIO()
    fb.save(buf)
    data = buf.getvalue()
    gid = {name: i for i, name in enumerate(order)}
    widths = tuple(float(advances[n]) for n in order)
    head = fb.font["head"]
    codes = {cp: gid[name] for cp, name in cmap.items()}
    return CjkFont(
        base_name=ps_name, cmap=codes, widths=widths, ascent=fonts.ascent, descent=fonts.descent,
        bbox=(head.xMin, head.yMin, head.xMax, head.yMax), w_array=_w_array(widths),
        font_file=zlib.compress(data, 9), font_file_length=len(data), to_unicode=zlib.compress(to_unicode_cmap(codes), 9))


def _w_array(widths: tuple[float, ...]) -> tuple:
    """/W as runs of equal widths: first last width first last width …"""
    out: list = []
    start = 0
    for i in range(1, len(widths) + 1):
        if i == len(widths) or widths[i] != widths[start]:
            out += [start, i - 1, widths[start]]
            start = i
    return tuple(out)


def _secondary(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _SECONDARY)


def to_unicode_cmap(cmap: dict[int, int]) -> bytes:
    """The ToUnicode CMap of glyph ids → code points, ideographs preferred over radicals sharing their glyph."""
    best: dict[int, int] = {}
    for cp, g in sorted(cmap.items()):
        if g == 0:
            continue
        if g not in best or (_secondary(best[g]) and not _secondary(cp)):
            best[g] = cp
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(best.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{g:04X}> <{chr(cp).encode('utf-16-be', 'surrogatepass').hex().upper()}>" for g, cp in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
