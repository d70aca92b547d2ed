"""Safe reading of the project's YAML: plain data plus the position of every value.

Everything that can go wrong with a hand-edited file is turned into a Problem with file and line:
bytes that are not UTF-8, an empty file, syntax errors, duplicate keys, aliases (no alias bombs),
nesting too deep, files too large. Raw ruamel.yaml objects never leave this module.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

from .problems import Position, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 60

# A path inside a document: keys and list indexes from the top, e.g. ("units", 3, "children", 0, "text").
DocPath = tuple[Any, ...]


class YamlError(Exception):
    """The file could not be read as data; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


class Document:
    """Plain data read from one YAML file, with the position of each value."""

    def __init__(self, path: str, data: Any, positions: dict[DocPath, Position]):
        self.path = path
        self.data = data
        self.positions = positions

    def where(self, doc_path: DocPath) -> Position:
        """Position of the value at ``doc_path``, or of its nearest located ancestor."""
        doc_path = tuple(doc_path)
        while doc_path not in self.positions and doc_path:
            doc_path = doc_path[:-1]
        return self.positions.get(doc_path, Position(self.path, 1, 1))


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def read_yaml(file: Path, display: str | None = None) -> Document:
    """Read ``file``; raise YamlError with a located, human message if it cannot be used."""
    shown = display or str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(shown, 1, 1, "Y000", f"无法读取文件：{exc.strerror}")) from None
    if len(raw) > MAX_BYTES:
        raise YamlError(Problem(shown, 1, 1, "Y007", f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            Problem(shown, line, col, "Y001", f"文件不是 UTF-8 编码（第 {exc.start} 字节起无法解码）：请用 UTF-8 另存此文件")
        ) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError(Problem(shown, 1, 1, "Y002", "文件为空：请填写内容或删除此文件"))
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str) -> Document:
    y = _yaml()
    try:
        depth = 0
        for event in y.parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    raise YamlError(Problem(shown, m.line + 1, m.column + 1, "Y006", f"嵌套层次超过 {MAX_DEPTH} 层，无法读取"))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, AliasEvent):
                m = event.start_mark
                raise YamlError(
                    Problem(shown, m.line + 1, m.column + 1, "Y005", f"不允许使用 YAML 别名（*{event.anchor}）：请把内容直接写出")
                )
        data = y.load(text)
    except YamlError:
        raise
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        first = exc.context_mark.line + 1 if exc.context_mark else "?"
        key = _dup_key(exc.problem or "")
        raise YamlError(
            Problem(shown, mark.line + 1, mark.column + 1, "Y004", f"重复的键“{key}”（所在映射始于第 {first} 行）：删除或改名其中一个")
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = "（制表符不能用于缩进，请改用空格）" if "\\t" in str(exc.problem) else ""
        raise YamlError(Problem(shown, line, col, "Y003", f"YAML 语法错误：{exc.problem}{hint}")) from None
    except RecursionError:
        raise YamlError(Problem(shown, 1, 1, "Y006", "嵌套层次过深，无法读取")) from None
    except ValueError as exc:
        line, col, value = _bad_date(text)
        raise YamlError(Problem(shown, line, col, "Y008", f"无效的日期“{value}”（{exc}）：请核对年月日")) from None
    except YAMLError as exc:
        raise YamlError(Problem(shown, 1, 1, "Y003", f"YAML 错误：{exc}")) from None
    positions: dict[DocPath, Position] = {}
    try:
        plain = _plain(data, (), positions, shown, 0)
    except RecursionError:
        raise YamlError(Problem(shown, 1, 1, "Y006", "嵌套层次过深，无法读取")) from None
    positions.setdefault((), Position(shown, 1, 1))
    return Document(shown, plain, positions)


def _bad_date(text: str) -> tuple[int, int, str]:
    """Locate the first date-looking value that is not a real date (ruamel gives no position for it)."""
    for number, line in enumerate(text.split("\n"), 1):
        for m in re.finditer(r"(?<![\d\"'])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\"'])", line):
            try:
                _dt.date(*map(int, m.groups()))
            except ValueError:
                return number, m.start() + 1, m.group(0)
    return 1, 1, "?"


def _dup_key(problem: str) -> str:
    start = problem.find('"')
    end = problem.find('"', start + 1)
    return problem[start + 1 : end] if 0 <= start < end else "?"


def _plain(node: Any, here: DocPath, positions: dict[DocPath, Position], shown: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        pos = positions.get(here, Position(shown, 1, 1))
        raise YamlError(pos.problem("Y006", f"嵌套层次超过 {MAX_DEPTH} 层"))
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            if isinstance(value, (CommentedMap, CommentedSeq)):
                line, col = node.lc.key(key)
            else:
                line, col = node.lc.value(key)
            positions[here + (str(key),)] = Position(shown, line + 1, col + 1)
            out[str(key)] = _plain(value, here + (str(key),), positions, shown, depth + 1)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            line, col = node.lc.item(i)
            positions[here + (i,)] = Position(shown, line + 1, col + 1)
            out_list.append(_plain(value, here + (i,), positions, shown, depth + 1))
        return out_list
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, (_dt.date, _dt.datetime)):
        return node
    return str(node)
