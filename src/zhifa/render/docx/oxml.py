"""Raw WordprocessingML for what python-docx has no API for; the only module of zhifa that writes Word XML by hand.

* content controls (``w:sdt``, run level): plain text, date picker, check box (``w14:checkbox``), drop-down list;
* protection for filling in forms (``w:documentProtection`` in settings.xml);
* the document grid, East Asian fonts and language, the font table, snap-to-grid, table row flags, cell shading,
  the page field;
* for the print edition's reference.docx (:mod:`zhifa.render.docx.print_edition`): the East Asian font of a
  pandoc style, table style borders, the — PAGE — footer.

Values only ever become element text or attribute values set through lxml, which escapes them: no markup is built
from a value. Children are inserted in the order the schema (ECMA-376 Part 1) prescribes; each sequence used is
written out below next to the code that depends on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.text.font import CT_RPr
from lxml import etree

from zhifa.render.layout import font_runs

W_NS = nsmap["w"]
W14_NS = nsmap["w14"]

CHECKED, UNCHECKED = "\u2612", "\u2610"          # ☒ ☐
BOX_FONT = "Segoe UI Symbol"                      # present on every Windows since 7; has both glyphs
DATE_FORMAT = "yyyy'年'M'月'd'日'"
LANG = "zh-CN"
PLACEHOLDER_STYLE_ID = "PlaceholderText"          # Word's built-in character style for placeholder text

# CT_SdtPr: rPr, alias, tag, id, lock, placeholder, temporary, showingPlcHdr, dataBinding, label, tabIndex, then
# one of (equation comboBox date docPartObj docPartList dropDownList picture richText text citation group
# bibliography). Word writes the w14:checkbox extension where that choice stands, i.e. last.
# CT_Placeholder needs a w:docPart in a glossary part, which this module does not write: an empty control shows
# its placeholder text as its content, flagged by w:showingPlcHdr, which Word then replaces on the first keystroke.

# CT_Settings, the elements that come before w:documentProtection (everything else comes after it).
_SETTINGS_BEFORE_PROTECTION = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts",
    "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod",
    "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
)

# CT_SectPr, the elements after w:docGrid.
_SECTPR_AFTER_GRID = ("printerSettings", "sectPrChange")

# Successors in CT_RPr and CT_PPr of the elements set below.
_RPR_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath")
_PPR_AFTER_SNAP = ("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                   "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_PPR_AFTER_OUTLINE = ("divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_TCPR_AFTER_SHD = ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns",
                   "cellDel", "cellMerge", "tcPrChange")


def _w(tag: str) -> str:
    return qn(f"w:{tag}")


def _el(tag: str, **attrs: str) -> etree._Element:
    """A new element ``prefix:tag`` with attributes given as ``w_val="x"`` → ``w:val="x"``."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        prefix, _, name = key.partition("_")
        element.set(qn(f"{prefix}:{name}"), value)
    return element


def _insert_before(parent: etree._Element, child: etree._Element, successors: Iterable[str], prefix: str = "w") -> None:
    """Insert ``child`` before the first existing element named in ``successors`` (else append)."""
    names = {qn(f"{prefix}:{s}") for s in successors}
    for i, existing in enumerate(parent):
        if existing.tag in names:
            parent.insert(i, child)
            return
    parent.append(child)


def _replace_child(parent: etree._Element, tag: str, child: etree._Element, successors: Iterable[str]) -> None:
    for old in parent.findall(_w(tag)):
        parent.remove(old)
    _insert_before(parent, child, successors)


# --- runs ------------------------------------------------------------------------------------------------------


def _run_properties(font: str | None = None, style_id: str | None = None) -> etree._Element | None:
    if not font and not style_id:
        return None
    rpr = _el("w:rPr")
    if style_id:   # CT_RPr: rStyle first, then rFonts
        rpr.append(_el("w:rStyle", w_val=style_id))
    if font:
        rpr.append(_el("w:rFonts", w_ascii=font, w_hAnsi=font, w_eastAsia=font, w_cs=font, w_hint="eastAsia"))
    return rpr


def text_runs(text: str, font: str | None = None, style_id: str | None = None) -> list[etree._Element]:
    """One run holding ``text``; each newline becomes a ``w:br`` and each tab a ``w:tab`` inside the run, so a
    multi-line value stays one run of one control. Spaces are kept (``xml:space="preserve"``). Characters XML
    cannot hold (NUL and other C0 controls) make lxml raise ValueError: values are checked before they get here."""
    run = _el("w:r")
    rpr = _run_properties(font, style_id)
    if rpr is not None:
        run.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(_el("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                run.append(_el("w:tab"))
            if piece:
                t = _el("w:t")
                t.text = piece
                t.set(qn("xml:space"), "preserve")
                run.append(t)
    return [run]


# --- content controls -------------------------------------------------------------------------------------------


def _sdt(sdt_id: int, tag: str, alias: str, kind: etree._Element, content: list[etree._Element],
         showing_placeholder: bool, rpr: etree._Element | None = None) -> etree._Element:
    sdt = _el("w:sdt")
    pr = etree.SubElement(sdt, _w("sdtPr"))
    if rpr is not None:
        pr.append(rpr)
    pr.append(_el("w:alias", w_val=alias))
    pr.append(_el("w:tag", w_val=tag))
    pr.append(_el("w:id", w_val=str(sdt_id)))
    pr.append(_el("w:lock", w_val="sdtLocked"))           # the control cannot be deleted; its content can be edited
    if showing_placeholder:
        pr.append(_el("w:showingPlcHdr"))
    pr.append(kind)
    body = etree.SubElement(sdt, _w("sdtContent"))
    body.extend(content)
    return sdt


def value_runs(text: str) -> list[etree._Element]:
    """Runs holding ``text``: characters the documents' GB2312 fonts lack get East Asian fonts Windows has for
    them (宋体 for the rest of the BMP, SimSun-ExtB for Extension B and beyond: :func:`layout.font_runs`)."""
    return [run for piece, font in font_runs(text) for run in text_runs(piece, font=font)]


def _content(value: str, placeholder: str) -> tuple[list[etree._Element], bool]:
    if value:
        return value_runs(value), False
    return text_runs(placeholder, style_id=PLACEHOLDER_STYLE_ID), True


def text_control(sdt_id: int, tag: str, alias: str, value: str = "", placeholder: str = "\u3000" * 6,
                 multiline: bool = False) -> etree._Element:
    """Plain-text control (``w:text``); ``multiline`` allows line breaks (``w:multiLine``), and is implied by a value
    that has some."""
    multiline = multiline or "\n" in value
    kind = _el("w:text", w_multiLine="1") if multiline else _el("w:text")
    content, empty = _content(value, placeholder)
    return _sdt(sdt_id, tag, alias, kind, content, empty)


def date_control(sdt_id: int, tag: str, alias: str, value: dt.date | None = None, shown: str = "",
                 placeholder: str = "\u3000\u3000年\u3000\u3000月\u3000\u3000日") -> etree._Element:
    """Date picker: ``w:date`` (CT_SdtDate: dateFormat, lid, storeMappedDataAs, calendar; attribute fullDate).
    ``shown`` is the value as printed (年月日); ``w:fullDate`` carries the date itself."""
    kind = _el("w:date")
    if value is not None:
        kind.set(_w("fullDate"), f"{value:%Y-%m-%d}T00:00:00Z")
    kind.append(_el("w:dateFormat", w_val=DATE_FORMAT))
    kind.append(_el("w:lid", w_val=LANG))
    kind.append(_el("w:storeMappedDataAs", w_val="dateTime"))
    kind.append(_el("w:calendar", w_val="gregorian"))
    if value is not None and not shown:
        shown = f"{value.year}年{value.month}月{value.day}日"
    content, empty = _content(shown if value is not None else "", placeholder)
    return _sdt(sdt_id, tag, alias, kind, content, empty)


def checkbox_control(sdt_id: int, tag: str, alias: str, checked: bool) -> etree._Element:
    """Check box (``w14:checkbox``, Word 2010+): ☒ when checked, ☐ when not, in a font that has both."""
    kind = _el("w14:checkbox")
    kind.append(_el("w14:checked", w14_val="1" if checked else "0"))
    kind.append(_el("w14:checkedState", w14_val=f"{ord(CHECKED):04X}", w14_font=BOX_FONT))
    kind.append(_el("w14:uncheckedState", w14_val=f"{ord(UNCHECKED):04X}", w14_font=BOX_FONT))
    content = text_runs(CHECKED if checked else UNCHECKED, font=BOX_FONT)
    return _sdt(sdt_id, tag, alias, kind, content, False, rpr=_run_properties(BOX_FONT))


def dropdown_control(sdt_id: int, tag: str, alias: str, options: Sequence[str], value: str = "",
                     placeholder: str = "\u3000" * 6) -> etree._Element:
    """Drop-down list (``w:dropDownList``), one ``w:listItem`` per option, its text as both display text and value."""
    kind = _el("w:dropDownList")
    if value:
        kind.set(_w("lastValue"), value)
    for option in options:
        kind.append(_el("w:listItem", w_displayText=option, w_value=option))
    content, empty = _content(value, placeholder)
    return _sdt(sdt_id, tag, alias, kind, content, empty)


# --- document settings ------------------------------------------------------------------------------------------


def protect_for_forms(settings: etree._Element) -> etree._Element:
    """Allow only filling in the controls: ``<w:documentProtection w:edit="forms" w:enforcement="1"/>``, placed by
    the CT_Settings sequence (after proofState … doNotTrackFormatting, before defaultTabStop and the rest).
    No password: the point is to guide filling in, not to lock anyone out."""
    for old in settings.findall(_w("documentProtection")):
        settings.remove(old)
    protection = _el("w:documentProtection", w_edit="forms", w_enforcement="1")
    before = {_w(name) for name in _SETTINGS_BEFORE_PROTECTION}
    last = max((i for i, child in enumerate(settings) if child.tag in before), default=-1)
    settings.insert(last + 1, protection)
    return protection


def east_asian_settings(settings: etree._Element) -> None:
    """Theme fonts resolve for Simplified Chinese (python-docx's template says ja-JP)."""
    lang = settings.find(_w("themeFontLang"))
    if lang is not None:
        lang.set(_w("eastAsia"), LANG)


def set_doc_grid(sect_pr: etree._Element, line_pitch_twips: int, grid_type: str = "lines") -> None:
    """``w:docGrid`` of a section: ``lines`` snaps lines of grid-aligned paragraphs to ``line_pitch``."""
    grid = sect_pr.find(_w("docGrid"))
    if grid is None:
        grid = _el("w:docGrid")
        _insert_before(sect_pr, grid, _SECTPR_AFTER_GRID)
    grid.attrib.clear()
    grid.set(_w("type"), grid_type)
    grid.set(_w("linePitch"), str(line_pitch_twips))


def default_run_properties(styles: etree._Element) -> etree._Element:
    """``w:docDefaults/w:rPrDefault/w:rPr`` of styles.xml (python-docx's template has it)."""
    rpr = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    if rpr is None:
        raise ValueError("styles.xml without w:docDefaults/w:rPrDefault/w:rPr")
    return rpr


def set_fonts(rpr: etree._Element, east_asia: str, latin: str | None = None) -> None:
    """``w:rFonts`` with an explicit East Asian font (theme attributes dropped, they would win) and optionally a
    Latin one; the ``eastAsia`` hint makes shared punctuation use the East Asian font."""
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        style = rpr.find(_w("rStyle"))
        rpr.insert(0 if style is None else 1, fonts)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(_w(theme), None)
    fonts.set(_w("eastAsia"), east_asia)
    fonts.set(_w("hint"), "eastAsia")
    if latin:
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(_w(attr), latin)


def set_language(rpr: etree._Element) -> None:
    """``w:lang`` with zh-CN for East Asian text."""
    lang = rpr.find(_w("lang"))
    if lang is None:
        lang = _el("w:lang")
        _insert_before(rpr, lang, _RPR_AFTER_LANG)
    lang.set(_w("val"), "en-US")
    lang.set(_w("eastAsia"), LANG)


def set_snap_to_grid(ppr: etree._Element, snap: bool) -> None:
    """Paragraph ``w:snapToGrid``: off for dense table text, which must not take a whole grid line per line."""
    _replace_child(ppr, "snapToGrid", _el("w:snapToGrid", w_val="1" if snap else "0"), _PPR_AFTER_SNAP)


def set_outline_level(ppr: etree._Element, level: int) -> None:
    _replace_child(ppr, "outlineLvl", _el("w:outlineLvl", w_val=str(level)), _PPR_AFTER_OUTLINE)


def row_flags(tr_pr: etree._Element, cant_split: bool = False, header: bool = False) -> None:
    """``w:cantSplit`` (keep a row on one page) and ``w:tblHeader`` (repeat the row on each page); CT_TrPr is a
    choice, any order."""
    if cant_split and tr_pr.find(_w("cantSplit")) is None:
        tr_pr.append(_el("w:cantSplit"))
    if header and tr_pr.find(_w("tblHeader")) is None:
        tr_pr.append(_el("w:tblHeader"))


def cell_shading(tc_pr: etree._Element, fill: str) -> None:
    """Background of a table cell: ``<w:shd w:val="clear" w:color="auto" w:fill="RRGGBB"/>``, placed by the CT_TcPr
    sequence (… tcBorders, shd, noWrap, tcMar, textDirection, tcFitText, vAlign, hideMark …)."""
    _replace_child(tc_pr, "shd", _el("w:shd", w_val="clear", w_color="auto", w_fill=fill), _TCPR_AFTER_SHD)


def page_number_field(paragraph: etree._Element) -> None:
    """A ``PAGE`` field (``w:fldSimple``) appended to a paragraph, showing 1 until the reader updates it."""
    field = _el("w:fldSimple", w_instr=" PAGE ")
    field.extend(text_runs("1"))
    paragraph.append(field)


def dashed_page_number(paragraph: etree._Element) -> None:
    """Append — PAGE — to a footer paragraph; the number is a ``w:fldSimple`` field that Word updates."""
    w = nsdecls("w")
    for xml in (f'<w:r {w}><w:t xml:space="preserve">— </w:t></w:r>',
                f'<w:fldSimple {w} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
                f'<w:r {w}><w:t xml:space="preserve"> —</w:t></w:r>'):
        paragraph.append(parse_xml(xml))


def set_east_asian_font(rpr: etree._Element, name: str) -> None:
    """Only ``w:rFonts/@w:eastAsia`` (``@w:eastAsiaTheme``, which would win over it, dropped); unlike
    :func:`set_fonts` the Latin fonts and their theme attributes are left as pandoc's reference.docx has them."""
    assert isinstance(rpr, CT_RPr)  # python-docx parses every w:rPr into its CT_RPr
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.pop(_w("eastAsiaTheme"), None)
    fonts.set(_w("eastAsia"), name)


def table_style_borders(table_style: etree._Element) -> None:
    """Thin grey borders (½ pt) on every cell of a table style (``w:style/w:tblPr/w:tblBorders``), placed by the
    CT_TblPr sequence (… tblBorders, shd, tblLayout, tblCellMar, tblLook …)."""
    edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>')
    tbl_pr = table_style.find(_w("tblPr"))
    assert tbl_pr is not None  # the table styles of the reference documents have their w:tblPr
    later = [c for c in tbl_pr if c.tag in {_w("shd"), _w("tblLayout"), _w("tblCellMar"), _w("tblLook")}]
    if later:  # keep the schema's element order
        later[0].addprevious(borders)
    else:
        tbl_pr.append(borders)


# --- font table -------------------------------------------------------------------------------------------------


def font_table_entry(name: str, alt_name: str | None, charset: str = "86", family: str = "roman",
                     pitch: str = "variable", panose: str | None = None) -> etree._Element:
    """A ``w:font`` of fontTable.xml (CT_Font: altName, panose1, charset, family, notTrueType, pitch, sig …).
    charset 86 is GB2312: Word substitutes a Simplified Chinese font of the same family when ``name`` is missing."""
    font = _el("w:font", w_name=name)
    if alt_name:
        font.append(_el("w:altName", w_val=alt_name))
    if panose:
        font.append(_el("w:panose1", w_val=panose))
    font.append(_el("w:charset", w_val=charset))
    font.append(_el("w:family", w_val=family))
    font.append(_el("w:pitch", w_val=pitch))
    return font


def add_fonts(document, entries: list[etree._Element]) -> None:
    """Add ``entries`` to the font table of a python-docx Document (an entry of the same name is replaced).
    python-docx keeps fontTable.xml as an opaque part, so its bytes are rewritten."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for entry in entries:
        name = entry.get(_w("name"))
        for old in root.findall(_w("font")):
            if old.get(_w("name")) == name:
                root.remove(old)
        root.append(entry)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- reading back (tests and tools) -----------------------------------------------------------------------------


def controls(root: etree._Element) -> list[etree._Element]:
    """Every ``w:sdt`` under ``root``."""
    return root.findall(f".//{_w('sdt')}")


def control_kind(sdt: etree._Element) -> str:
    """text, date, checkbox, dropDownList, … (the type element of sdtPr), or richText when there is none."""
    pr = sdt.find(_w("sdtPr"))
    for child in pr if pr is not None else ():
        if child.tag == f"{{{W14_NS}}}checkbox":
            return "checkbox"
        local = etree.QName(child).localname
        if str(child.tag).startswith(f"{{{W_NS}}}") and local in (
                "text", "date", "dropDownList", "comboBox", "picture", "richText", "equation", "docPartObj",
                "docPartList", "citation", "group", "bibliography"):
            return local
    return "richText"


def control_tag(sdt: etree._Element) -> str | None:
    """The control's ``w:tag/@w:val``: "" without a ``w:tag``, None for a ``w:tag`` without a value."""
    tag = sdt.find(f"{_w('sdtPr')}/{_w('tag')}")
    return tag.get(_w("val")) if tag is not None else ""


def control_text(sdt: etree._Element) -> str:
    """The text the control shows: ``w:t`` joined, ``w:br`` as newline, ``w:tab`` as tab."""
    out = []
    content = sdt.find(_w("sdtContent"))
    breaks = {_w("br"): "\n", _w("tab"): "\t"}
    for node in content.iter(_w("t"), _w("br"), _w("tab")) if content is not None else ():
        out.append(breaks.get(str(node.tag)) or node.text or "")
    return "".join(out)


def control_checked(sdt: etree._Element) -> bool | None:
    checked = sdt.find(f"{_w('sdtPr')}/{{{W14_NS}}}checkbox/{{{W14_NS}}}checked")
    return None if checked is None else checked.get(f"{{{W14_NS}}}val") in ("1", "true")


def showing_placeholder(sdt: etree._Element) -> bool:
    return sdt.find(f"{_w('sdtPr')}/{_w('showingPlcHdr')}") is not None
