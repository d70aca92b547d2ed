"""Safe reading of the project's YAML: plain data plus the position of every value.

Everything that can go wrong with a hand-edited file is turned into a Problem with file and line:
bytes that are not UTF-8 (the encoding named: GBK …) or no text at all (a Word file), control characters,
an empty file, syntax errors (in Chinese, see ``yaml_messages``), duplicate keys, aliases (no alias bombs),
nesting too deep, files too large. Raw PyYAML nodes never leave this module.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from zhifa.files.text import Codes, TextFileError, check_controls, decode
from zhifa.load.yaml_messages import explain
from zhifa.model.problems import Position, Problem

try:  # libyaml's C parser: the same results, many times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """YAML 1.2 core scalars: only true/false are booleans; no octal 0123, no sexagesimal 14:30."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$", list("-+.0123456789")),
    ("tag:yaml.org,2002:timestamp", r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                                    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$", list("0123456789")),
]:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_CONSTRUCTOR = SafeConstructor()

YAML_CODES = Codes(encoding="Y001", format="Y010", control="Y009",
                   fix="用记事本等文本编辑器打开，“另存为”时编码选 UTF-8",
                   binary_fix="YAML 数据文件只能是纯文本，请从备份或版本库恢复此文件，并用记事本等文本编辑器编辑（不要用 Word 保存）")
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
        text = decode(raw, shown, YAML_CODES)
    except TextFileError as exc:
        raise YamlError(exc.problem) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError(Problem(shown, 1, 1, "Y002", "文件为空：请填写内容或删除此文件"))
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str) -> Document:
    try:
        check_controls(text, shown, YAML_CODES)
    except TextFileError as exc:
        raise YamlError(exc.problem) from None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    assert m is not None  # the parser marks every event it emits
                    raise YamlError(Problem(shown, m.line + 1, m.column + 1, "Y006", f"嵌套层次超过 {MAX_DEPTH} 层，无法读取"))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, AliasEvent):
                m = event.start_mark
                assert m is not None
                raise YamlError(Problem(
                    shown, m.line + 1, m.column + 1, "Y005",
                    f"不允许使用 YAML 别名（*{event.anchor}）：请把内容直接写出；若 * 是正文的一部分，请给整个值加上引号"))
        node = yaml.compose(text, Loader=_Loader)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        line, col, message = explain(exc, text)
        raise YamlError(Problem(shown, line, col, "Y003", message)) from None
    except yaml.YAMLError as exc:  # a reader error the control-character scan did not foresee
        index = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise YamlError(Problem(shown, line, col, "Y003", f"YAML 错误：无法读取此处（解析器原文：{exc}）")) from None
    if node is None:
        raise YamlError(Problem(shown, 1, 1, "Y002", "文件为空：请填写内容或删除此文件"))
    positions: dict[DocPath, Position] = {(): Position(shown, node.start_mark.line + 1, node.start_mark.column + 1)}
    plain = _plain(node, (), positions, shown)
    return Document(shown, plain, positions)


def _pos(shown: str, node) -> Position:
    return Position(shown, node.start_mark.line + 1, node.start_mark.column + 1)


def _plain(node: Any, here: DocPath, positions: dict[DocPath, Position], shown: str) -> Any:
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        first: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(_pos(shown, key_node).problem("Y005", "不允许使用合并键（<<）：请把内容直接写出"))
            if not isinstance(key_node, ScalarNode):
                raise YamlError(_pos(shown, key_node).problem("Y003", "键必须是简单的文本"))
            key = str(key_node.value)
            if key in first:
                raise YamlError(_pos(shown, key_node).problem(
                    "Y004", f"重复的键“{key}”（第 {first[key].line} 行已出现）：删除或改名其中一个"))
            first[key] = _pos(shown, key_node)
            shown_at = key_node if isinstance(value_node, (MappingNode, SequenceNode)) else value_node
            positions[here + (key,)] = _pos(shown, shown_at)
            out[key] = _plain(value_node, here + (key,), positions, shown)
        return out
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            positions[here + (i,)] = _pos(shown, item)
            items.append(_plain(item, here + (i,), positions, shown))
        return items
    return _scalar(node, shown)


def _scalar(node: ScalarNode, shown: str) -> Any:
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)
    if tag == "tag:yaml.org,2002:float":
        return float(value)
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise YamlError(_pos(shown, node).problem("Y008", f"无效的日期“{value}”（{exc}）：请核对年月日")) from None
    return str(value)
