"""The original texts under data/sources/: read once per file version, as lines, with problems named for people."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhifa.files.text import Codes, read_text

SOURCE_CODES = Codes(encoding="R006", format="R007", control="R008",
                     fix="用记事本等文本编辑器打开，“另存为”时编码选 UTF-8，再换掉此文件")
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
