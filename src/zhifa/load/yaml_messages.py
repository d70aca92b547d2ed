"""libyaml's syntax errors in Chinese, with what to do about them.

Each rule matches the parser's English problem (and, where needed, its context) as libyaml's C parser or
PyYAML's pure-Python one writes it, and says in plain words what is wrong and how to fix it. A message no rule
knows is still shown, with the parser's English appended.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Facts:
    """What a rule may use: where the problem is, where its context started, and the character there."""

    line: int
    col: int
    context_line: int
    context_col: int
    char: str
    before: str  # the problem's line up to the problem


@dataclass(frozen=True)
class Rule:
    problem: re.Pattern
    message: Callable[[Facts], str]
    context: re.Pattern | None = None
    at_context: bool = False  # report at the context's start (an unclosed quote: where it opened)
    char: str | None = None  # only when the character at the problem is one of these
    when: Callable[[Facts], bool] | None = None  # only when this holds


def _r(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


QUOTE_IT = "若它是正文的一部分，请给整个值加上引号"
RULES = [
    Rule(_r(r"tab character|found character '\\t'"), lambda f: "此处有制表符（Tab）：YAML 的缩进只能用空格，请把制表符换成空格"),
    Rule(_r(r"cannot start any token"), lambda f: "此处有制表符（Tab）：YAML 的缩进只能用空格，请把制表符换成空格", char="\t"),
    Rule(_r(r"cannot start any token"), lambda f: f"值不能以“{f.char}”开头：{QUOTE_IT}，如 \"{f.char}……\"", char="@`%"),
    Rule(_r(r"cannot start any token"),
         lambda f: f"字符“{f.char}”（U+{ord(f.char[:1] or ' '):04X}）不能出现在这里：{QUOTE_IT}"),
    Rule(_r(r"did not find expected '-' indicator|expected <block end>, but found '(\?|<block mapping start>)'"),
         lambda f: f"列表的缩进不一致：第 {f.context_line} 行开始的列表，每一项都应以“- ”开头并与第一项左对齐；"
                   "此行既不像列表项，也没有退回到上一层字段的缩进",
         context=_r(r"block collection")),
    Rule(_r(r"mapping values are not allowed"),
         lambda f: f"此处不能出现“: ”（英文冒号加空格）：{QUOTE_IT}，或改用中文冒号“：”；"
                   "若这是一个新的字段，请检查它与上一行的缩进是否对齐"),
    Rule(_r(r"found unexpected ':'"),
         lambda f: f"此处不能出现“: ”（英文冒号加空格）：{QUOTE_IT}，或改用中文冒号“：”"),
    Rule(_r(r"could not find expected ':'"),
         lambda f: f"第 {f.context_line} 行缺少冒号：字段应写成“名称: 值”（英文冒号后加空格）；若它是列表中的一项，"
                   "请在前面加“- ”；若它是上一行正文的续行，请把正文写在一行内，或给整个值加上引号", at_context=True),
    Rule(_r(r"found undefined alias"), lambda f: f"以 * 开头的值会被当作 YAML 别名，而这个别名没有定义：{QUOTE_IT}"),
    Rule(_r(r"found unexpected end of stream"),
         lambda f: f"引号没有闭合：第 {f.context_line} 行第 {f.context_col} 列开始的引号直到文件末尾都没有对应的结束引号，请补上",
         context=_r(r"quoted scalar"), at_context=True),
    Rule(_r(r"found unexpected end of stream"),
         lambda f: f"文件意外结束：第 {f.context_line} 行开始的内容没有写完整（引号或括号未闭合？）"),
    Rule(_r(r"expected <block end>, but found|did not find expected key"),
         lambda f: "结束引号后面不能再有文字：请把整个值都写在引号之内，或去掉引号",
         when=lambda f: f.before.rstrip().endswith(("\"", "'")) and bool(f.before.strip(" -\"'"))),
    Rule(_r(r"expected <block end>, but found|did not find expected key"),
         lambda f: f"此处多了“{f.char}”：前面没有与它配对的开括号；{QUOTE_IT}", char="]}"),
    Rule(_r(r"expected <block end>, but found|did not find expected key"),
         lambda f: f"缩进不一致：此行与第 {f.context_line} 行开始的那一层字段没有对齐（同一层的字段须缩进相同，"
                   "下一层比上一层多缩进）；也可能是上一个值的结束引号后面还有文字"),
    Rule(_r(r"expected ',' or '\]'|did not find expected ',' or '\]'"),
         lambda f: f"方括号没有闭合：第 {f.context_line} 行第 {f.context_col} 列开始的“[”缺少对应的“]”，"
                   "或各项之间缺少英文逗号“,”", at_context=True),
    Rule(_r(r"expected ',' or '\}'|did not find expected ',' or '\}'"),
         lambda f: f"花括号没有闭合：第 {f.context_line} 行第 {f.context_col} 列开始的“{{”缺少对应的“}}”，"
                   "或各项之间缺少英文逗号“,”", at_context=True),
    Rule(_r(r"alphabetic or numeric character"),
         lambda f: f"以 * 或 & 开头的值会被当作 YAML 别名或锚点：{QUOTE_IT}（如 \"*注*……\"）",
         context=_r(r"alias|anchor")),
    Rule(_r(r"unknown escape character"),
         lambda f: "双引号内的反斜杠“\\”后面是无效的转义：请改用单引号，或把 \\ 写成 \\\\"),
    Rule(_r(r"but found another document"),
         lambda f: f"一个文件只能有一个 YAML 文档：第 {f.line} 行的“---”开始了第二个文档，请删除这一行"),
    Rule(_r(r"directive"), lambda f: f"以 % 开头的行会被当作 YAML 指令：{QUOTE_IT}，并缩进到所属字段之下"),
    Rule(_r(r"sequence entries are not allowed"),
         lambda f: "“- ”列表项不能写在“字段:”的同一行：请把列表项换到下一行，并比字段多缩进两个空格"),
    Rule(_r(r"expected node content|expected the node content"),
         lambda f: "此处缺少值：冒号或“- ”之后应是一个值；若值以 ] } , 等符号开头，请给它加上引号"),
    Rule(_r(r"URI|whitespace or line break"), lambda f: f"以 ! 开头的值会被当作 YAML 标签：{QUOTE_IT}",
         context=_r(r"tag")),
    Rule(_r(r"comment or line break|chomping or indentation"),
         lambda f: "“|”或“>”之后只能换行：多行正文请从下一行开始写，并比字段多缩进",
         context=_r(r"block scalar")),
]


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and Chinese message for a syntax error of ``text``."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    ctx = exc.context_mark or mark
    c_line, c_col = (ctx.line + 1, ctx.column + 1) if ctx else (line, col)
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    facts = Facts(line, col, c_line, c_col, here[col - 1 : col] if col <= len(here) else "", here[: col - 1])
    for rule in RULES:
        if not rule.problem.search(problem) or (rule.context is not None and not rule.context.search(context)):
            continue
        if rule.char is not None and (not facts.char or facts.char not in rule.char):
            continue
        if rule.when is not None and not rule.when(facts):
            continue
        if rule.at_context:
            line, col = c_line, c_col
        return line, col, f"YAML 语法错误：{rule.message(facts)}"
    english = "；".join(x for x in (context, problem) if x)
    return line, col, f"YAML 语法错误：请检查此处及上一行的缩进、冒号和引号（解析器原文：{english}）"
