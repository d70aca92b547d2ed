"""pydantic's schema errors as located problems in Chinese, naming the allowed values where the schema fixes them.

The allowed values come from the model itself (a ``Literal`` or an ``Enum`` field, or the tags of a discriminated
union), found by walking the error's location through the model's field annotations.
"""

from __future__ import annotations

import enum
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, RootModel
from pydantic_core import ErrorDetails

from zhifa.load.yamlio import DocPath, Document
from zhifa.model.problems import Problem

# A union written Union[X, Y] or X | Y (the model uses X | Y; get_origin tells them apart)
_UNIONS = (Union, types.UnionType)
KIND_NAMES = {str: "文本", int: "整数", list: "列表", dict: "映射（字段: 值）", bool: "是/否", float: "数字"}
EXPECTED = {"string_type": "文本", "int_type": "整数", "list_type": "列表", "dict_type": "映射（字段: 值）",
            "model_type": "映射（字段: 值）", "model_attributes_type": "映射（字段: 值）", "bool_type": "是/否",
            "float_type": "数字"}


def schema_problem(model: type[BaseModel], err: ErrorDetails, loc: DocPath, doc: Document) -> Problem:
    """One pydantic error of validating ``doc`` into ``model``, at its line, in Chinese."""
    kind = err["type"]
    loc, annotation = locate(model, loc)
    name = next((str(x) for x in reversed(loc) if isinstance(x, str)), "")
    shown_loc = ".".join(str(x) for x in loc) or "(顶层)"
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return doc.where(loc[:-1]).problem("S001", f"缺少必填字段“{name}”（位置：{shown_loc}）{_choices(annotation)}")
    if kind == "union_tag_not_found":  # a rule (or the like) without its ``kind``
        tag = str(ctx.get("discriminator", "kind")).strip("'")
        return doc.where(loc).problem("S001", f"缺少必填字段“{tag}”（位置：{shown_loc}）{_choices(annotation)}")
    if kind == "union_tag_invalid":
        tag = str(ctx.get("discriminator", "kind")).strip("'")
        return doc.where(loc + (tag,)).problem(
            "S004", f"“{shown_loc}.{tag}”取值“{ctx.get('tag', '')}”无效{_choices(annotation) or '。'}")
    pos = doc.where(loc)
    if kind == "extra_forbidden":
        return pos.problem("S002", f"未知字段“{name}”：可能拼写错误，请对照其他文件或 README 的数据说明")
    if kind.endswith("_type"):
        expected = EXPECTED.get(kind, kind)
        hint = "（数字、日期等请加引号写成文本）" if expected == "文本" else ""
        return pos.problem("S003", f"“{shown_loc}”类型错误：应为{expected}，实为{_type_name(value)}{hint}")
    if kind in ("literal_error", "enum"):
        return pos.problem("S004", f"“{shown_loc}”取值“{value}”无效{_choices(annotation) or '：可选 ' + str(ctx.get('expected', ''))}")
    if kind == "string_pattern_mismatch":
        return pos.problem("S005", f"“{shown_loc}”格式不符：“{value}”不匹配 {ctx.get('pattern', '')}")
    if kind in ("string_too_short", "too_short"):
        return pos.problem("S006", f"“{shown_loc}”不能为空")
    return pos.problem("S000", f"“{shown_loc}”：{err.get('msg', kind)}")


def _type_name(value: Any) -> str:
    for typ, name in KIND_NAMES.items():
        if type(value) is typ:
            return name
    return "空值" if value is None else type(value).__name__


def _choices(annotation: Any) -> str:
    values = allowed_values(annotation)
    return f"，可选：{'、'.join(values)}" if values else ""


def allowed_values(annotation: Any) -> list[str]:
    """The fixed set of values ``annotation`` allows (Literal, Enum, a discriminated union's tags), else []."""
    annotation = _unwrap(annotation)
    if get_origin(annotation) is Literal:
        return [str(v) for v in get_args(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(m.value) for m in annotation]
    if get_origin(annotation) in _UNIONS:
        return [t for member in get_args(annotation) for t in _tags(member)]
    return []


def locate(model: type[BaseModel], loc: DocPath) -> tuple[DocPath, Any]:
    """``loc`` without the tags pydantic inserts for discriminated unions, and the annotation found there."""
    annotation: Any = model
    clean: list[Any] = []
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, RootModel):
            annotation = _unwrap(annotation.model_fields["root"].annotation)
        origin = get_origin(annotation)
        if origin in _UNIONS and isinstance(part, str):
            member = next((m for m in get_args(annotation) if part in _tags(m)), None)
            if member is not None:  # the tag pydantic put into the location: not a key of the YAML
                annotation = member
                continue
        clean.append(part)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part) if isinstance(part, str) else None
            annotation = field.annotation if field is not None else None
        elif origin in (list, tuple, set, frozenset):
            args = get_args(annotation)
            annotation = args[0] if args else None
        elif origin is dict:
            args = get_args(annotation)
            annotation = args[1] if len(args) == 2 else None
        else:
            annotation = None
    return tuple(clean), annotation


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, …] → X; Optional[X] → X."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if get_origin(annotation) in _UNIONS:
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _tags(member: Any) -> list[str]:
    """The ``kind`` values a member of a discriminated union stands for (the project's unions all use ``kind``)."""
    member = _unwrap(member)
    if not (isinstance(member, type) and issubclass(member, BaseModel)):
        return []
    field = member.model_fields.get("kind")
    return allowed_values(field.annotation) if field is not None else []

