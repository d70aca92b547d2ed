"""Low-level AcroForm work on a PDF that WeasyPrint wrote with ``pdf_forms=True`` (pypdf; fonts in :mod:`.fonts`).

WeasyPrint makes the widgets (rectangles, radio groups, check boxes) but writes ``/NeedAppearances`` and no
appearance streams for text fields, and it embeds the font of every form control whole. So:

* the HTML gives form controls a tiny placeholder font (:func:`placeholder_font_face`), cheap for WeasyPrint;
* :func:`fill_form` then gives every text field the reader's standard CJK font for typing (STSong-Light, not
  embedded), sets each value and writes its appearance stream in a subset of exactly the characters of the values
  (CJK line wrapping included), and nests dotted field names (``officers.0.name``) as a field hierarchy, since a
  partial field name may not contain a period.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from collections import deque
from collections.abc import Iterable
from typing import BinaryIO, Protocol, cast

from pypdf import PdfReader, PdfWriter, generic
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

from zhifa.render.pdf.fonts import (
    STANDARD_CMAP,
    STANDARD_FONT,
    STANDARD_RESOURCE,
    SUBSET_RESOURCE,
    CjkFont,
    FontChain,
    chain,
)

PLACEHOLDER_FAMILY = "ZhifaFieldPlaceholder"
MIN_SIZE = 6.0                         # appearance text is never shrunk below this (pt)
PAD = 2.0                              # inner padding of an appearance (pt)
LEADING = 1.3                          # line height of multi-line text, in font sizes

FF_MULTILINE = 1 << 12
FF_RADIO = 1 << 15
# Characters that must not begin a line (they go down together with the character before them).
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
_TOKEN = re.compile(r"[A-Za-z0-9@#%&+\-_.,:/]+|\s|.", re.S)


class Measure(Protocol):
    def width(self, text: str, size: float) -> float: ...


# ---------------------------------------------------------------- the placeholder font for WeasyPrint

@functools.lru_cache(maxsize=1)
def placeholder_font_face() -> str:
    """An @font-face rule for a two-glyph font, given to form controls so that WeasyPrint embeds almost nothing."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    names = [".notdef", "space"]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x20: "space"})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() for n in names})
    fb.setupHorizontalMetrics({n: (500, 0) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": PLACEHOLDER_FAMILY, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{PLACEHOLDER_FAMILY}"; src: url(data:font/ttf;base64,{data}); }}'


# ---------------------------------------------------------------- text layout for appearances (and for the HTML)

def wrap(text: str, width: float, size: float, font: Measure | None = None) -> list[str]:
    """Break text into lines no wider than ``width`` pt: anywhere between CJK characters, between Latin words,
    never before closing punctuation; explicit newlines kept. Widths are the field fonts' (:func:`.fonts.chain`)."""
    font = font or chain()
    lines: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n"):
        tokens = deque(_TOKEN.findall(para))
        line: list[str] = []
        used = 0.0
        while tokens:
            tok = tokens.popleft()
            w = font.width(tok, size)
            if len(tok) > 1 and w > width:             # a Latin run longer than a line: split it
                tokens.extendleft(reversed(tok))
                continue
            if line and used + w > width:
                if tok.isspace():
                    lines.append("".join(line))
                    line, used = [], 0.0
                    continue
                if tok in _NO_LINE_START and len(line) > 1:
                    carry = [line.pop()]              # closing punctuation already carried (说明”，) takes one more
                    while len(line) > 1 and carry[0] in _NO_LINE_START:
                        carry.insert(0, line.pop())
                    lines.append("".join(line))
                    line, used = carry, font.width("".join(carry), size)
                else:
                    lines.append("".join(line))
                    line, used = [], 0.0
            line.append(tok)
            used += w
        lines.append("".join(line).rstrip())
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def multiline_height(text: str, width: float, size: float, min_lines: int) -> float:
    """Height in pt of a multi-line field of ``width`` pt that shows ``text`` at ``size`` without shrinking."""
    n = max(min_lines, len(wrap(text, width - 2 * PAD, size)) if text else 0)
    return n * size * LEADING + 2 * PAD + size * 0.3


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def appearance(text: str, width: float, height: float, size: float, multiline: bool,
               font: CjkFont | None = None, right: bool = False) -> bytes:
    """Content stream of a text field appearance (form XObject of width × height), drawn in ``font``, a subset
    holding the characters of ``text`` (:meth:`.fonts.FontChain.subset`); one line may be set ``right``-aligned."""
    if font is None:
        font = chain().subset(text)
    ops = ["/Tx BMC"]
    text = text.rstrip("\n")
    if text:
        inner_w = max(width - 2 * PAD, 1)
        inner_h = max(height - 2 * PAD, 1)
        ascent, descent = font.ascent / 1000, -font.descent / 1000
        if multiline:
            while True:
                lines = wrap(text, inner_w, size, font)
                if len(lines) * size * LEADING <= inner_h + size * (LEADING - 1) or size <= MIN_SIZE:
                    break
                size = max(MIN_SIZE, size - 0.5)
            x, y = PAD, height - PAD - ascent * size
        else:
            one = text.replace("\n", " ")
            natural = font.width(one, 1)
            if natural * size > inner_w:
                size = max(MIN_SIZE, inner_w / natural)
            lines = [one]
            x = max(PAD, width - PAD - natural * size) if right else PAD
            y = (height - (ascent + descent) * size) / 2 + descent * size
        ops += ["q", f"1 1 {_fmt(width - 2)} {_fmt(height - 2)} re W n", "BT",
                f"/{SUBSET_RESOURCE} {_fmt(size)} Tf 0 g", f"{_fmt(size * LEADING)} TL", f"{_fmt(x)} {_fmt(y)} Td"]
        for i, line in enumerate(lines):
            ops.append(("T* " if i else "") + f"{font.hex(line)} Tj")
        ops += ["ET", "Q"]
    ops.append("EMC")
    return "\n".join(ops).encode("ascii")


# ---------------------------------------------------------------- filling the PDF

def _add(writer: PdfWriter, obj) -> generic.IndirectObject:
    return writer._add_object(obj)  # pypdf has no public way to add an indirect object


def _raw_stream(data: bytes, extra: dict) -> generic.DecodedStreamObject:
    """A stream whose bytes are written exactly as given (already Flate-compressed, so /Filter is set here)."""
    stream = generic.DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(k): v for k, v in extra.items()})
    return stream


def _number(v) -> NumberObject | FloatObject:
    return NumberObject(v) if float(v).is_integer() else FloatObject(v)


def _standard_font_objects(writer: PdfWriter) -> generic.IndirectObject:
    """The reader's own STSong-Light (Adobe-GB1, UniGB-UCS2-H), not embedded; return the Type0 font's reference.
    Widths: Adobe-GB1 CIDs 1–95 and 814–939 are half-width Latin, the rest full width."""
    base = NameObject("/" + STANDARD_FONT)
    descriptor = _add(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): base,
        NameObject("/Flags"): NumberObject(4 + 2),  # symbolic, serif
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in (-25, -254, 1000, 880)),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(880),
        NameObject("/Descent"): NumberObject(-120),
        NameObject("/CapHeight"): NumberObject(880),
        NameObject("/StemV"): NumberObject(93),
    }))
    cid_font = _add(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType0"),
        NameObject("/BaseFont"): base,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("GB1"),
            NameObject("/Supplement"): NumberObject(2)}),
        NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): ArrayObject(NumberObject(v) for v in (1, 95, 500, 814, 939, 500)),
        NameObject("/FontDescriptor"): descriptor,
    }))
    return _add(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): base,
        NameObject("/Encoding"): NameObject("/" + STANDARD_CMAP),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
    }))


def _subset_font_objects(writer: PdfWriter, font: CjkFont) -> generic.IndirectObject:
    """Add the subset as a Type0 / CIDFontType2 font to the writer; return the Type0 font's reference."""
    file_ref = _add(writer, _raw_stream(font.font_file, {
        "/Filter": NameObject("/FlateDecode"), "/Length1": NumberObject(font.font_file_length)}))
    to_unicode_ref = _add(writer, _raw_stream(font.to_unicode, {"/Filter": NameObject("/FlateDecode")}))
    base = NameObject("/" + font.base_name)
    descriptor = _add(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): base,
        NameObject("/Flags"): NumberObject(4 + 2),  # symbolic, serif
        NameObject("/FontBBox"): ArrayObject(_number(v) for v in font.bbox),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): _number(font.ascent),
        NameObject("/Descent"): _number(font.descent),
        NameObject("/CapHeight"): _number(font.ascent),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): file_ref,
    }))
    cid_font = _add(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): base,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): ArrayObject(_number(v) for v in font.w_array),
        NameObject("/FontDescriptor"): descriptor,
    }))
    return _add(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): base,
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
        NameObject("/ToUnicode"): to_unicode_ref,
    }))


def embed_font(writer: PdfWriter, chars: str) -> tuple[generic.IndirectObject, CjkFont]:
    """A subset of the field font with ``chars`` embedded in ``writer``: its Type0 font and what measures and encodes
    text in it (the print edition's page numbers)."""
    font = chain().subset("".join(dict.fromkeys(chars)))
    return _subset_font_objects(writer, font), font


def _drop_form_only_fonts(reader: PdfReader) -> None:
    """Remove from the page resources, before cloning (so that they are not written at all), the fonts that only
    form controls used: the placeholder, and the unembedded ZapfDingbats of WeasyPrint < 70's check marks."""
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        fonts = fonts.get_object()
        for key in list(fonts.keys()):
            base = str(fonts[key].get_object().get("/BaseFont", ""))
            if PLACEHOLDER_FAMILY in base or base == "/ZapfDingbats":
                del fonts[key]


def _widgets(writer: PdfWriter) -> Iterable[DictionaryObject]:
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Widget":
                yield annot


def fill_form(pdf: bytes, values: dict[str, str], out: BinaryIO, size: float = 11.0,
              fonts: FontChain | None = None, right: Iterable[str] = ()) -> set[str]:
    """Give every text field of a WeasyPrint PDF the reader's CJK font for typing, its value (``values`` by field
    name; missing names are empty) and an appearance stream in a subset of the values' characters; the fields
    named in ``right`` are right-aligned (/Q 2); nest dotted names; write to ``out``.

    Returns the characters no font of the chain has (they print as empty boxes; the field values keep them).
    """
    fonts = fonts or chain()
    reader = PdfReader(io.BytesIO(pdf))
    _drop_form_only_fonts(reader)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # WeasyPrint's 1.7 (radio /Opt needs 1.5); pypdf would write 1.3
    # pypdf types every value it reads as a PdfObject; casts below name what the PDF structure makes it
    acro = cast(DictionaryObject, writer.root_object["/AcroForm"].get_object())
    typing = DictionaryObject({NameObject("/" + STANDARD_RESOURCE): _standard_font_objects(writer)})
    acro[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): typing})
    default = TextStringObject(f"/{STANDARD_RESOURCE} {_fmt(size)} Tf 0 g")
    acro[NameObject("/DA")] = default
    all_text = "".join(values.values())
    subset = fonts.subset(all_text) if all_text.strip() else None
    drawn = DictionaryObject()
    if subset is not None:
        drawn[NameObject("/Font")] = DictionaryObject(
            {NameObject("/" + SUBSET_RESOURCE): _subset_font_objects(writer, subset)})

    seen: set[str] = set()
    right_aligned = set(right)
    for widget in _widgets(writer):
        if widget.get("/FT") != "/Tx":
            continue
        name = str(widget.get("/T", ""))
        seen.add(name)
        text = values.get(name, "")
        multiline = bool(int(widget.get("/Ff", 0)) & FF_MULTILINE)
        x1, y1, x2, y2 = (float(v) for v in cast(ArrayObject, widget["/Rect"]))
        width, height = abs(x2 - x1), abs(y2 - y1)
        aligned = name in right_aligned and not multiline
        if aligned:
            widget[NameObject("/Q")] = NumberObject(2)
        stream = generic.DecodedStreamObject()
        stream.set_data(appearance(text, width, height, size, multiline, subset, aligned) if subset
                        else b"/Tx BMC\nEMC")
        stream.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
            NameObject("/Resources"): drawn,
        })
        widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): _add(writer, stream)})
        widget[NameObject("/DA")] = default
        widget[NameObject("/V")] = TextStringObject(text)
    unknown = set(values) - seen
    if unknown:
        raise KeyError(f"no text field named {', '.join(sorted(unknown))} in the PDF")
    _button_appearances(writer)
    _radio_kids_are_widgets_only(writer)
    _nest_dotted_names(writer, acro)
    if "/NeedAppearances" in acro:
        del acro["/NeedAppearances"]  # every text field has its appearance now; buttons came with theirs
    writer.write(out)
    return fonts.missing(all_text)


def _tick(width: float, height: float) -> bytes:
    side = min(width, height)
    points = [(0.2, 0.52), (0.42, 0.24), (0.82, 0.82)]
    path = " ".join(f"{_fmt(width / 2 + (px - 0.5) * side)} {_fmt(height / 2 + (py - 0.5) * side)} {op}"
                    for (px, py), op in zip(points, ("m", "l", "l")))
    return f"q 0 G {_fmt(side * 0.14)} w 1 J 1 j {path} S Q".encode("ascii")


def _dot(width: float, height: float) -> bytes:
    r, cx, cy = min(width, height) * 0.27, width / 2, height / 2
    k = r * 0.5523  # Bézier circle
    return (f"q 0 g {_fmt(cx + r)} {_fmt(cy)} m "
            f"{_fmt(cx + r)} {_fmt(cy + k)} {_fmt(cx + k)} {_fmt(cy + r)} {_fmt(cx)} {_fmt(cy + r)} c "
            f"{_fmt(cx - k)} {_fmt(cy + r)} {_fmt(cx - r)} {_fmt(cy + k)} {_fmt(cx - r)} {_fmt(cy)} c "
            f"{_fmt(cx - r)} {_fmt(cy - k)} {_fmt(cx - k)} {_fmt(cy - r)} {_fmt(cx)} {_fmt(cy - r)} c "
            f"{_fmt(cx + k)} {_fmt(cy - r)} {_fmt(cx + r)} {_fmt(cy - k)} {_fmt(cx + r)} {_fmt(cy)} c f Q").encode("ascii")


def _button_appearances(writer: PdfWriter) -> None:
    """Draw the on-state of check boxes (a tick) and radio buttons (a dot) with paths, whatever WeasyPrint drew:
    66–69 used the unembedded ZapfDingbats font. The box or circle itself is printed in the page by CSS."""
    for widget in _widgets(writer):
        parent = widget.get("/Parent")
        group = parent.get_object() if parent is not None else {}
        if (widget.get("/FT") or group.get("/FT")) != "/Btn" or "/AP" not in widget:
            continue
        x1, y1, x2, y2 = (float(v) for v in cast(ArrayObject, widget["/Rect"]))
        width, height = abs(x2 - x1), abs(y2 - y1)
        drawing = _dot(width, height) if int(group.get("/Ff", 0)) & FF_RADIO else _tick(width, height)
        normal = cast(DictionaryObject, cast(DictionaryObject, widget["/AP"])["/N"].get_object())
        for state in list(normal.keys()):
            if state == "/Off":
                continue
            stream = cast(generic.StreamObject, normal[state].get_object())
            stream.set_data(drawing)
            stream[NameObject("/Resources")] = DictionaryObject()
            stream[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width),
                                                      FloatObject(height)])
        if "/DA" in widget:
            del widget["/DA"]
        if "/MK" in widget and "/CA" in cast(DictionaryObject, widget["/MK"]):
            del cast(DictionaryObject, widget["/MK"])["/CA"]


def _radio_kids_are_widgets_only(writer: PdfWriter) -> None:
    """WeasyPrint gives each radio button widget its group's /T and /FT, which makes it a field of its own
    (``harm.harm``); a radio group's kids are only its widgets."""
    for widget in _widgets(writer):
        parent = widget.get("/Parent")
        if parent is not None and int(parent.get_object().get("/Ff", 0)) & FF_RADIO:
            for key in ("/T", "/TU", "/FT", "/Ff"):
                if key in widget:
                    del widget[key]


def _nest_dotted_names(writer: PdfWriter, acro: DictionaryObject) -> None:
    """``officers.0.name`` → field ``officers`` with kid ``0`` with kid ``name``: same fully qualified name."""
    roots = ArrayObject()
    nodes: dict[str, tuple[DictionaryObject, generic.IndirectObject]] = {}
    for ref in cast(ArrayObject, acro["/Fields"]):
        field = ref.get_object()
        parts = str(field.get("/T", "")).split(".")
        if len(parts) == 1 or "/Parent" in field:
            roots.append(ref)
            continue
        parent: tuple[DictionaryObject, generic.IndirectObject] | None = None
        for depth in range(1, len(parts)):
            prefix = ".".join(parts[:depth])
            if prefix not in nodes:
                node = DictionaryObject({NameObject("/T"): TextStringObject(parts[depth - 1]),
                                         NameObject("/Kids"): ArrayObject()})
                node_ref = _add(writer, node)
                if parent is None:
                    roots.append(node_ref)
                else:
                    node[NameObject("/Parent")] = parent[1]
                    cast(ArrayObject, parent[0]["/Kids"]).append(node_ref)
                nodes[prefix] = (node, node_ref)
            parent = nodes[prefix]
        assert parent is not None
        field[NameObject("/T")] = TextStringObject(parts[-1])
        field[NameObject("/Parent")] = parent[1]
        cast(ArrayObject, parent[0]["/Kids"]).append(ref)
    acro[NameObject("/Fields")] = roots
