"""regulations/<id>.yaml in the project's style: one key per line, lists indented under their key, Chinese as
written (not escaped), labels that YAML would read as numbers (1.) quoted; errata proposals as comments at the end.
"""

from __future__ import annotations

from typing import Any

import yaml

from zhifa.ingest.assemble import Imported

HEADER = ("# 由 zhifa import 从 {source} 导入（{read_as}）。\n"
          "# 标有“【待填写】”的字段请按原文填写（zhifa validate 会列出）；条文照录原文，更正只能登记在 errata 中。\n")


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def clean(value: Any) -> Any:
    """The data without the importer's own bookkeeping (keys starting with _)."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def to_yaml(imported: Imported, source: str, read_as: str) -> str:
    body = yaml.dump(clean(imported.data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100000, indent=2)
    text = HEADER.format(source=source, read_as=read_as) + body
    if imported.proposals:
        lines = ["", "# 以下为疑似原文缺陷的勘误建议（未生效）：核实后去掉行首的 # 即登记为勘误"]
        if "errata" not in imported.data:
            lines.append("# errata:")
        for p in imported.proposals:
            lines += [f"#   - unit: {p.unit}", f"#     original: {p.original}", f"#     corrected: {p.corrected}",
                      f"#     reason: {p.reason}（原文第 {p.line} 行）"]
        text += "\n".join(lines) + "\n"
    return text
