"""Rare characters of people's names in every document `zhifa fill` writes: PDF, Word and Excel.

A set of name characters outside GB2312 — in GBK, in CJK Extension A and in Extension B (the categories are checked
below with Python's own codecs and the Unicode block ranges) — is typed into a form and a checklist, filled with the
real command, and read back:

* the text: pdftotext returns exactly the characters typed (no Kangxi radicals or compatibility look-alikes);
* the glyphs: each character's box (pdftotext -bbox) is cut from a pdftoppm rendering and compared with the same
  character drawn by Pillow (FreeType) from a font that has it; it must match that drawing far better than an empty
  box (.notdef) or a blank. For PDF the font is the first of Noto Serif CJK SC, HanaMinA, HanaMinB that has the
  character (the fonts fill uses, looked up here with fontTools); for Word and Excel LibreOffice renders with
  fontconfig's fallback, so the best of the installed CJK fonts is taken.

What Word and Excel show on Windows (宋体 / SimSun-ExtB set on the runs) cannot be rendered here; the files are
checked to name those fonts on the runs that need them.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont

from conftest import ROOT, run_zhifa
from zhifa.render.docx.form import fontconfig_aliases

GBK_ONLY = "堃喆玥昇珺赟燊琍犇镕祎暐媖頔琤瑄璟喬"
EXT_A = "䶮㛃㺭䒟㑇䲁㒰䘵㓥䎖"
EXT_B = "𠮷𡒄𨚕𤧛𠇔𡈼𥻗𧿹𩽾𠀾𪚥𣲗𦰡𠊎"
RARE = GBK_ONLY + EXT_A + EXT_B
PERSON = "张堃"
LOOKALIKES = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
NOTO_SERIF = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC")
NOTO_SANS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC")
HANA_A = ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", None)
HANA_B = ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", None)
AR_PL = ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", None)
PDF_FONTS = (NOTO_SERIF, HANA_A, HANA_B)
ANY_FONTS = (NOTO_SERIF, NOTO_SANS, HANA_A, HANA_B, AR_PL)
DPI = 300
SIDE = 32                      # glyphs are compared at SIDE × SIDE pixels


def _in_gbk_not_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return False
    except UnicodeEncodeError:
        pass
    ch.encode("gbk")
    return True


def test_the_character_set_spans_gbk_extension_a_and_b():
    assert len(set(RARE)) == len(RARE) >= 30
    assert all(_in_gbk_not_gb2312(ch) for ch in GBK_ONLY)
    assert all(0x3400 <= ord(ch) <= 0x4DBF for ch in EXT_A)
    assert all(0x20000 <= ord(ch) <= 0x2A6DF for ch in EXT_B)
    for ch in RARE:
        ch.encode("gb18030")    # every one is a GB18030 character
    # at least one character Noto Serif CJK SC lacks, so that the fallback font is exercised
    assert any(_font_file(ch, (NOTO_SERIF,)) is None for ch in RARE)


# ---------------------------------------------------------------- fonts and glyph images

@functools.cache
def _face(path: str, family: str | None) -> tuple[int, frozenset[int]]:
    """(index in the file, the code points it maps) of a font face."""
    if path.endswith(".ttc"):
        for i, face in enumerate(TTCollection(path, lazy=True).fonts):
            if face["name"].getDebugName(1) == family:
                return i, frozenset(face.getBestCmap())
        raise AssertionError(f"{path}: no face {family}")
    return 0, frozenset(TTFont(path, lazy=True).getBestCmap())


def _font_file(ch: str, fonts) -> tuple[str, int] | None:
    for path, family in fonts:
        if Path(path).is_file():
            index, cmap = _face(path, family)
            if ord(ch) in cmap:
                return path, index
    return None


def _normalized(image: Image.Image) -> Image.Image | None:
    """Ink (dark pixels) cropped to its bounding box and scaled to SIDE × SIDE, as a 1-bit image; None if blank."""
    ink = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    box = ink.getbbox()
    if box is None:
        return None
    return ink.crop(box).resize((SIDE, SIDE), Image.Resampling.BILINEAR).point(lambda v: 255 if v >= 100 else 0)


def _iou(a: Image.Image | None, b: Image.Image | None) -> float:
    if a is None or b is None:
        return 0.0
    both = ImageChops.logical_and(a.convert("1"), b.convert("1")).histogram()[-1]
    either = ImageChops.logical_or(a.convert("1"), b.convert("1")).histogram()[-1]
    return both / either if either else 0.0


@functools.cache
def _drawn(ch: str, path: str, index: int) -> Image.Image | None:
    font = ImageFont.truetype(path, 96, index=index)
    image = Image.new("L", (160, 160), 255)
    ImageDraw.Draw(image).text((20, 10), ch, font=font, fill=0)
    return _normalized(image)


@functools.lru_cache(maxsize=1)
def _empty_box() -> Image.Image | None:
    image = Image.new("L", (100, 120), 255)
    ImageDraw.Draw(image).rectangle((10, 10, 90, 110), outline=0, width=6)
    return _normalized(image)


def _words(pdf: Path, folder: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """(page, text, box in points) of every word pdftotext finds."""
    out = folder / (pdf.stem + "-bbox.html")
    subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), str(out)], check=True, capture_output=True)
    words, page = [], 0
    for line in out.read_text(encoding="utf-8").splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            words.append((page, html.unescape(m.group(5)), tuple(float(v) for v in m.groups()[:4])))
    return words


def _pages(pdf: Path, folder: Path) -> dict[int, Image.Image]:
    prefix = folder / (pdf.stem + "-page")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(prefix)], check=True, capture_output=True)
    return {int(p.stem.rsplit("-", 1)[1]): Image.open(p) for p in sorted(folder.glob(prefix.name + "-*.png"))}


def _without_rules(crop: Image.Image) -> Image.Image:
    """The crop with table rules removed: rows and columns inked across the whole crop, margins included."""
    gray = crop.convert("L")
    width, height = gray.size
    data = gray.tobytes()
    ink = [[v < 128 for v in data[y * width:(y + 1) * width]] for y in range(height)]
    draw = ImageDraw.Draw(gray)
    for y, row in enumerate(ink):
        if sum(row) >= 0.97 * width:
            draw.line((0, y, width, y), fill=255)
    for x in range(width):
        if sum(ink[y][x] for y in range(height)) >= 0.97 * height:
            draw.line((x, 0, x, height), fill=255)
    return gray


def _rendering_problems(pdf: Path, folder: Path, fonts) -> list[str]:
    """Characters of RARE whose rendering is not their glyph (one line each); every one must be found."""
    words = [w for w in _words(pdf, folder) if w[1] in RARE]
    found = {w[1] for w in words}
    problems = [f"{ch} U+{ord(ch):04X}: not found by pdftotext -bbox" for ch in RARE if ch not in found]
    pages = _pages(pdf, folder)
    scale = DPI / 72
    for page, ch, (x0, y0, x1, y1) in words:
        crop = pages[page].crop((int(x0 * scale) - 2, int(y0 * scale) - 2, int(x1 * scale) + 2, int(y1 * scale) + 2))
        got = _normalized(_without_rules(crop))
        candidates = [f for f in fonts if _font_file(ch, (f,))]
        if not candidates:
            problems.append(f"{ch} U+{ord(ch):04X}: no installed font has it")
            continue
        best = max(_iou(got, _drawn(ch, *_font_file(ch, (f,)))) for f in candidates)
        box = _iou(got, _empty_box())
        if best < 0.55 or best < box + 0.15:
            problems.append(f"{ch} U+{ord(ch):04X}: rendering matches its glyph {best:.2f}, an empty box {box:.2f}")
    return problems


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _assert_text_exact(pdf: Path) -> None:
    text = _text(pdf)
    flat = re.sub(r"\s+", "", text)
    assert RARE in flat, [ch for ch in RARE if ch not in flat]
    assert PERSON in flat
    assert not LOOKALIKES.findall(text)


# ---------------------------------------------------------------- the documents

@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> dict[str, Path]:
    """A form and a checklist filled by `zhifa fill` with the rare characters: .pdf, .docx and .xlsx."""
    work = tmp_path_factory.mktemp("rare")
    form = yaml.safe_load((ROOT / "data/examples/forms/case-approval.yaml").read_text(encoding="utf-8"))
    form["party_name"] = PERSON
    form["facts"] = " ".join(RARE)
    checklist = yaml.safe_load((ROOT / "data/examples/checklists/case-file-review.yaml").read_text(encoding="utf-8"))
    checklist["header"]["inspector"] = PERSON
    first = next(iter(checklist["answers"]))
    checklist["answers"][first] = {"answer": "否", "remark": " ".join(RARE)}
    out = {}
    for name, case, kinds in (("case-approval", form, ("pdf", "docx")),
                              ("case-file-review", checklist, ("pdf", "docx", "xlsx"))):
        path = work / f"{name}.yaml"
        path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
        for kind in kinds:
            target = work / f"{name}.{kind}"
            run = run_zhifa("fill", name, str(path), "-o", str(target))
            assert run.returncode == 0 and target.is_file(), run.stdout + run.stderr
            out[f"{name}.{kind}"] = target
    return out


@pytest.fixture(scope="module")
def converted(filled, tmp_path_factory) -> dict[str, Path]:
    """The Word and Excel files converted to PDF by LibreOffice (the documents' fonts mapped as the README says)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    work = tmp_path_factory.mktemp("rare-lo")
    (work / "fonts.conf").write_text(fontconfig_aliases(), encoding="utf-8")
    # one stem per source: case-file-review.docx and .xlsx would both become case-file-review.pdf
    sources = {}
    for name, p in filled.items():
        if not name.endswith(".pdf"):
            copy = work / f"{p.stem}-{p.suffix[1:]}{p.suffix}"
            shutil.copyfile(p, copy)
            sources[name] = copy
    env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf")}
    run = subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(work / "pdf"), *map(str, sources.values())],
                         capture_output=True, text=True, timeout=300, env=env)
    out = {}
    for name, copy in sources.items():
        pdf = work / "pdf" / f"{copy.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {name}: {run.stdout} {run.stderr}"
        out[name] = pdf
    return out


@pytest.mark.parametrize("name", ["case-approval.pdf", "case-file-review.pdf"])
def test_filled_pdf_shows_every_rare_character(filled, name, tmp_path):
    pdf = filled[name]
    _assert_text_exact(pdf)
    assert _rendering_problems(pdf, tmp_path, PDF_FONTS) == []


@pytest.mark.parametrize("name", ["case-approval.docx", "case-file-review.docx", "case-file-review.xlsx"])
def test_word_and_excel_show_every_rare_character_in_libreoffice(converted, name, tmp_path):
    pdf = converted[name]
    _assert_text_exact(pdf)
    assert _rendering_problems(pdf, tmp_path, ANY_FONTS) == []


def _part(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


@pytest.mark.parametrize("name", ["case-approval.docx", "case-file-review.docx"])
def test_word_runs_name_windows_fonts_for_characters_outside_gb2312(filled, name):
    """Extension B in SimSun-ExtB, the rest outside GB2312 in 宋体, on the runs themselves (w:rFonts)."""
    body = _part(filled[name], "word/document.xml")
    runs = re.findall(r"<w:r>(.*?)</w:r>", body, re.S)
    fonts_of = {}
    for run in runs:
        text = "".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", run, re.S))
        font = re.search(r'<w:rFonts [^>]*w:eastAsia="([^"]+)"', run)
        for ch in text:
            fonts_of.setdefault(ch, set()).add(font.group(1) if font else None)
    assert all(fonts_of.get(ch) == {"SimSun-ExtB"} for ch in EXT_B), {ch: fonts_of.get(ch) for ch in EXT_B}
    assert all(fonts_of.get(ch) == {"宋体"} for ch in GBK_ONLY + EXT_A)
    table = _part(filled[name], "word/fontTable.xml")
    assert 'w:name="SimSun-ExtB"' in table and 'w:name="宋体"' in table


def test_excel_rich_text_names_simsun_extb_for_extension_b(filled):
    """Every rich-text run holding an Extension B character names SimSun-ExtB (shared or inline strings)."""
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(filled["case-file-review.xlsx"]) as z:
        parts = [ElementTree.fromstring(z.read(n)) for n in z.namelist()
                 if n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/")]
    runs = [(r.findtext("x:t", "", ns), r.find("x:rPr/x:rFont", ns)) for part in parts for r in part.iterfind(".//x:r", ns)]
    ext_b = [(text, font.get("val") if font is not None else None) for text, font in runs if set(text) & set(EXT_B)]
    assert ext_b and all(font == "SimSun-ExtB" for _, font in ext_b), ext_b[:3]
    assert "".join(text for text, _ in ext_b).count(EXT_B[0]) >= 1
