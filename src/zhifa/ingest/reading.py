"""A source file as plain text lines: UTF-8 (with or without BOM), GB18030/GBK (named by charset-normalizer),
Markdown (markup removed) or Word .docx (automatic numbering written out, see ``docx``).

The text returned is what the project keeps under data/sources/: the regulation's words exactly, one line per
paragraph of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from zhifa.files.text import BOM, CONTROL, UTF8_BOM, binary_format, describe_control
from zhifa.ingest.docx import DocxError, docx_text

CHINESE = ("gb18030", "gbk", "gb2312", "hz")
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt", ".text", "", *MARKDOWN_SUFFIXES)


class SourceError(Exception):
    """The file cannot be read as a regulation's text; the message names the file and what to do."""


@dataclass
class Source:
    path: Path
    text: str  # UTF-8 text, one line per paragraph
    read_as: str  # how it was read, for the maintainer: "UTF-8", "GB18030（charset-normalizer 检测）", "Word …"

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def read_source(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: 无法读取文件：{exc.strerror}") from None
    if not raw.strip():
        raise SourceError(f"{path}: 文件是空的：请放入规章全文")
    if path.suffix.lower() == ".docx" or raw.startswith(b"PK\x03\x04"):
        try:
            return Source(path, docx_text(path, raw), "Word 文件（.docx，自动编号已写出）")
        except DocxError as exc:
            raise SourceError(str(exc)) from None
    kind = binary_format(raw)
    if kind is not None:
        raise SourceError(f"{path}: 这是{kind.strip()}，无法导入：请在原软件中“另存为”纯文本（.txt）或 Word（.docx）后再导入")
    text, read_as = decode(path, raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceError(f"{path}:{line}: 含有不可见的控制字符 {describe_control(bad.group(0))}：请删除它再导入")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        text, read_as = markdown_text(text), read_as + "，Markdown（标记已去除）"
    return Source(path, text, read_as)


def decode(path: Path, raw: bytes) -> tuple[str, str]:
    if raw.startswith(UTF8_BOM):
        return raw[len(UTF8_BOM):].decode("utf-8", errors="strict"), "UTF-8（带 BOM）"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(raw))
    chinese = next((m for m in matches if m.encoding in CHINESE), None)
    if chinese is None and matches and matches[0].encoding.startswith("utf_16"):
        return str(matches[0]).lstrip(BOM), "UTF-16（charset-normalizer 检测）"
    if chinese is None:
        names = "、".join(m.encoding for m in matches[:3]) or "无法识别"
        raise SourceError(f"{path}: 不是 UTF-8，也不像 GBK/GB18030 中文文本（检测结果：{names}）：请用记事本打开，"
                          "“另存为”时编码选 UTF-8，再导入")
    try:
        return raw.decode("gb18030"), f"GB18030/GBK（charset-normalizer 检测为 {chinese.encoding}，已按 GB18030 读取）"
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: 按 GB18030 读取失败（第 {exc.start} 字节）：请另存为 UTF-8 再导入") from None


MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def markdown_text(text: str) -> str:
    """The words of a Markdown text, one line per paragraph: headings, emphasis, quotes, links and hard breaks go."""
    out = []
    for line in text.split("\n"):
        if MD_RULE.match(line):
            out.append("")
            continue
        line = MD_QUOTE.sub("", MD_HEADING.sub("", line))
        line = MD_BULLET.sub("", line)
        line = MD_LINK.sub(r"\1", line)
        line = MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)
        line = MD_ESCAPE.sub(r"\1", line).replace("<br>", "").replace("<br/>", "")
        out.append(line.rstrip())
    return "\n".join(out)
