"""The original texts under data/sources/: read once per file version, as lines, with problems named for people."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhifa.files.text import Codes, read_text

SOURCE_CODES = Codes(encoding="R006", format="R007", control="R008",
                     fix="用 zhifa import 导入此文件（它识别 GBK 并存为 UTF-8），或用记事本打开，“另存为”时编码选 UTF-8，"
                         "再换掉此文件",
                     binary_fix="原文须是纯文本：Word 文件（.docx）请用 zhifa import 导入（它写出 UTF-8 的原文副本），"
                                "其他格式请“另存为”UTF-8 纯文本（.txt）再放入")
SOURCE_CONTROLS = "\x0b\x0c"  # a PDF export's page breaks: whitespace, like line breaks


def source_lines(path: Path, shown: str | None = None) -> list[str]:
    """The source file's lines (UTF-8, a byte-order mark dropped), read once per file version.

    TextFileError names the file, what is wrong with it (GBK, Word, binary, control characters) and the fix.
    """
    stat = path.stat()
    return _read_lines(path, shown or str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_lines(path: Path, shown: str, mtime_ns: int, size: int) -> list[str]:
    return read_text(path, shown, SOURCE_CODES, allowed=SOURCE_CONTROLS).split("\n")
