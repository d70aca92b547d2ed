"""Several PDFs made one (pypdf): the print edition is laid out a regulation at a time and put together here.

What a single layout gave for free is made after the merge: the page numbers (stamped on each page in a subset of the
serif CJK font, embedded once), and the contents' links, which the front part writes as
``<prefix><anchor>`` URIs (its anchors are in other parts) and which become links to the pages the anchors are on.
Each part's bookmarks are kept, in order.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import BinaryIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject, NullObject

from zhifa.render.pdf.fields import embed_font
from zhifa.render.pdf.fonts import CjkFont

NUMBER_CHARS = "— 0123456789"
_FONT = NameObject("/ZhifaPageNumber")


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """{anchor: page index} of a PDF's named destinations (WeasyPrint writes one per element id)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {str(name): reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    return {name: page for name, page in pages.items() if page is not None}


def merge(parts: Sequence[bytes], out: BinaryIO, link_prefix: str, targets: dict[str, int],
          numbered_from: int, size: float, baseline: float) -> None:
    """Write ``parts`` one after the other to ``out``; every page from index ``numbered_from`` gets “— n —” (n from
    1 for the first page), centred ``baseline`` points above the bottom edge; each link to ``<link_prefix>anchor``
    goes to page ``targets[anchor]`` (an index in the merged file)."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)), import_outline=True)
    pages = writer.pages
    for page in pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(link_prefix) and uri[len(link_prefix):] in targets:
                target = pages[targets[uri[len(link_prefix):]]].indirect_reference
                annot[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([target, NameObject("/XYZ"), NullObject(), NullObject(),
                                                   NullObject()])})
    font_ref, font = embed_font(writer, NUMBER_CHARS)
    for index in range(numbered_from, len(pages)):
        pages[index].merge_page(_number_page(pages[index], f"— {index + 1} —", font_ref, font, size, baseline))
    for page in pages:
        page.compress_content_streams()  # merge_page leaves them uncompressed
    writer.compress_identical_objects()  # duplicates and orphans removed (its defaults)
    writer.write(out)


def _number_page(page: PageObject, text: str, font_ref, font: CjkFont, size: float, baseline: float) -> PageObject:
    """A blank page of ``page``'s size with ``text`` centred near its bottom, to be merged over it."""
    box = page.mediabox
    x = float(box.left) + (float(box.width) - font.width(text, size)) / 2
    stamp = PageObject.create_blank_page(width=float(box.width), height=float(box.height))
    stamp[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({_FONT: font_ref})})
    stream = ContentStream(None, None)
    stream.set_data(f"BT {_FONT} {size:.2f} Tf {x:.2f} {float(box.bottom) + baseline:.2f} Td {font.hex(text)} Tj ET"
                    .encode("ascii"))
    stamp.replace_contents(stream)
    return stamp
