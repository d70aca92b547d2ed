"""Reading the project's text files (YAML data, original sources): UTF-8 text, or one clear reason why not.

A file saved by Notepad as "ANSI" (GBK), a Word document or a PDF put where text is expected, a UTF-16 file,
stray control characters: each becomes one Problem naming the file, what it is and how to fix it. The encoding of
a file that is not UTF-8 is named by charset-normalizer. A UTF-8 byte-order mark is accepted and dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from zhifa.model.problems import Problem

BOM = "\ufeff"
UTF8_BOM = BOM.encode("utf-8")


@dataclass(frozen=True)
class Codes:
    """The problem codes one kind of file reports its reading problems under."""

    encoding: str  # text, but not UTF-8
    format: str  # not a text file at all (Word, PDF, binary)
    control: str  # control characters inside the text
    fix: str  # how to save the file correctly, after "请"
    binary_fix: str = ""  # what to do when it is no text file at all, if not the source-specific advice below


class TextFileError(Exception):
    """The file cannot be used as text; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


# Families of encodings charset-normalizer may report, and how a Chinese user knows them.
ENCODING_NAMES = [
    (("gb18030", "gbk", "gb2312", "hz"), "GBK 编码（记事本中叫“ANSI”）"),
    (("big5", "big5hkscs", "cp950"), "Big5 编码（繁体中文）"),
    (("utf_16", "utf_16_le", "utf_16_be"), "UTF-16 编码（记事本中叫“Unicode”）"),
    (("utf_32", "utf_32_le", "utf_32_be"), "UTF-32 编码"),
]
# Control characters no text file of the project should hold (tab, line feed and carriage return are fine).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
CONTROL_NAMES = {"\x00": "NUL 空字符", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x1a": "文件结束符（SUB）",
                 "\x1b": "ESC 转义符", "\x7f": "DEL 删除符"}


def read_text(path: Path, shown: str, codes: Codes, allowed: str = "") -> str:
    """The file's text (UTF-8, a byte-order mark dropped); TextFileError if it is not usable text.

    ``allowed`` lists control characters this kind of file may hold (a PDF export's form feeds, say).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TextFileError(Problem(shown, 1, 1, "Y000", f"无法读取文件：{exc.strerror}")) from None
    return check_controls(decode(raw, shown, codes), shown, codes, allowed)


def decode(raw: bytes, shown: str, codes: Codes) -> str:
    """``raw`` as UTF-8 text without its byte-order mark; TextFileError naming what the bytes are otherwise."""
    kind = binary_format(raw)
    if kind is not None:
        raise TextFileError(Problem(shown, 1, 1, codes.format, f"这是{kind}，不是纯文本文件：{_format_fix(kind, codes)}"))
    body = raw[len(UTF8_BOM):] if raw.startswith(UTF8_BOM) else raw
    mostly_nul = body.count(0) * 10 > len(body)  # UTF-16 text of plain ASCII is valid UTF-8, full of NULs
    try:
        if mostly_nul:
            raise UnicodeDecodeError("utf-8", body, body.index(0), body.index(0) + 1, "NUL")
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(body, exc.start)
        encoding = detect_encoding(raw)
        if encoding is None:
            raise TextFileError(Problem(shown, 1, 1, codes.format,
                                        "不是文本文件（含有无法识别的二进制内容）：请删除此文件，或换成 UTF-8 纯文本")) from None
        raise TextFileError(Problem(
            shown, line, col, codes.encoding,
            f"文件是 {encoding}，不是 UTF-8（从此处起无法按 UTF-8 读取）：请{codes.fix}")) from None


def check_controls(text: str, shown: str, codes: Codes, allowed: str = "") -> str:
    """``text`` itself, or TextFileError at the first control character it should not hold."""
    found = [m for m in CONTROL.finditer(text) if m.group(0) not in allowed]
    if not found:
        return text
    first = found[0].start()
    line = text.count("\n", 0, first) + 1
    col = first - (text.rfind("\n", 0, first) + 1) + 1
    more = f"（共 {len(found)} 处，这是第一处）" if len(found) > 1 else ""
    raise TextFileError(Problem(shown, line, col, codes.control,
                                f"含有不可见的控制字符 {describe_control(text[first])}{more}：请删除它"
                                "（多半是从别的软件复制时带入的）"))


def describe_control(char: str) -> str:
    return f"U+{ord(char):04X}（{CONTROL_NAMES.get(char, '控制字符')}）"


def detect_encoding(raw: bytes) -> str | None:
    """A person's name for the encoding of ``raw`` (GBK, Big5, UTF-16 …), or None if it is not text at all.

    charset-normalizer ranks the candidates; a Chinese encoding among them is preferred, since a short GBK file
    also decodes as Korean or Japanese and this project's files are Chinese.
    """
    matches = list(from_bytes(raw))
    if not matches:
        return None
    for families, name in ENCODING_NAMES:
        if any(m.encoding in families for m in matches):
            return name
    return matches[0].encoding.upper().replace("_", "-") + " 编码"


def binary_format(raw: bytes) -> str | None:
    """What kind of non-text file ``raw`` is (Word, PDF …), or None if it may be text."""
    if raw.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
        except zipfile.BadZipFile:
            return "损坏的压缩文件"
        if "word/document.xml" in names:
            return " Word 文件（.docx）"
        if any(n.startswith("xl/") for n in names):
            return " Excel 文件（.xlsx）"
        if any(n.startswith("ppt/") for n in names):
            return " PowerPoint 文件（.pptx）"
        if "content.xml" in names:
            return " OpenDocument 文件（WPS/LibreOffice 的 .odt 等）"
        return " ZIP 压缩文件"
    for magic, kind in MAGIC:
        if raw.startswith(magic):
            return kind
    return None


MAGIC = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（Word 97–2003 的 .doc、.xls 等）"),
    (b"%PDF-", " PDF 文件"),
    (b"{\\rtf", " RTF 文件（写字板或 Word 的 RTF 格式）"),
    (b"\x89PNG", "图片（PNG）"),
    (b"\xff\xd8\xff", "图片（JPEG）"),
    (b"GIF8", "图片（GIF）"),
]


def _format_fix(kind: str, codes: Codes) -> str:
    if codes.binary_fix:
        return codes.binary_fix
    if "Word" in kind or "RTF" in kind or "OpenDocument" in kind:
        return "请在 Word 或 WPS 中打开，“另存为”纯文本（.txt），编码选 UTF-8，再换掉此文件"
    if "PDF" in kind:
        return "请在 PDF 阅读器中复制全部文字，粘贴到文本编辑器，另存为 UTF-8 纯文本，再换掉此文件"
    return f"请删除此文件，或{codes.fix}"


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``index``, everything before it being valid UTF-8."""
    start = raw.rfind(b"\n", 0, index) + 1
    return raw.count(b"\n", 0, index) + 1, len(raw[start:index].decode("utf-8", errors="replace")) + 1
