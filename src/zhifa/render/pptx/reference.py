"""The PowerPoint reference deck pandoc styles the training slides with: the only module that writes pptx XML.

It is pandoc's own default ``reference.pptx`` (printed by the pandoc that pypandoc bundles), with the theme's
East-Asian fonts set to a Chinese font. It is made at build time into a work folder; nothing binary is committed.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pypandoc
from lxml import etree

# 微软雅黑 (Microsoft YaHei): the officers open these decks with PowerPoint on Chinese Windows PCs, where YaHei ships
# with the system (since Vista) and is the usual font for Chinese slides: a sans face drawn for screens that stays
# legible when projected, unlike the thin 宋体 pandoc's theme names for Simplified Chinese. On the build machine,
# which has no YaHei, LibreOffice substitutes an installed CJK font (Noto Sans CJK SC), so previews still show Chinese.
CHINESE_FONT = "微软雅黑"

THEME = "ppt/theme/theme1.xml"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times, so the same pandoc gives the same reference deck


class ReferenceDeckError(RuntimeError):
    """The reference deck could not be made (pandoc missing or its default deck not as expected)."""


def default_reference() -> bytes:
    """pandoc's default reference.pptx, from the pandoc pypandoc uses."""
    try:
        pandoc = pypandoc.get_pandoc_path()
        done = subprocess.run([pandoc, "--print-default-data-file", "reference.pptx"], capture_output=True,
                              check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReferenceDeckError(f"无法从 pandoc 取得默认的 PowerPoint 参考文件：{exc}") from exc
    return done.stdout


def set_east_asian_font(theme_xml: bytes, font: str) -> bytes:
    """The theme with ``font`` as the East-Asian face of its heading (major) and body (minor) fonts.

    Both ``a:ea`` (what PowerPoint uses for CJK text) and the ``Hans`` script entry (its pick for Simplified
    Chinese when ``a:ea`` is empty) are set, so no path leads back to the theme's 宋体.
    """
    root = etree.fromstring(theme_xml)
    scheme = root.find(f".//{{{_A}}}fontScheme")
    if scheme is None:
        raise ReferenceDeckError("参考文件的主题中没有字体方案（a:fontScheme）")
    for group in ("majorFont", "minorFont"):
        fonts = scheme.find(f"{{{_A}}}{group}")
        if fonts is None:
            raise ReferenceDeckError(f"参考文件的主题中没有 a:{group}")
        ea = fonts.find(f"{{{_A}}}ea")
        if ea is None:  # schema order: latin, ea, cs, font*
            ea = etree.Element(f"{{{_A}}}ea")
            latin = fonts.find(f"{{{_A}}}latin")
            fonts.insert(0 if latin is None else fonts.index(latin) + 1, ea)
        ea.set("typeface", font)
        for script in fonts.findall(f"{{{_A}}}font"):
            if script.get("script") == "Hans":
                script.set("typeface", font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_reference(default: bytes, font: str = CHINESE_FONT) -> bytes:
    """A copy of the ``default`` deck with the theme's East-Asian fonts set to ``font``; entries keep their order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(default)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        if THEME not in names:
            raise ReferenceDeckError(f"参考文件中没有 {THEME}")
        for name in names:
            data = src.read(name)
            if name == THEME:
                data = set_east_asian_font(data, font)
            dst.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def reference_pptx(folder: Path) -> Path:
    """The reference deck in ``folder`` (a build or temporary folder), made once and reused while it exists."""
    path = Path(folder) / "reference.pptx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(build_reference(default_reference()))
        tmp.replace(path)
    return path

