"""``zhifa import SOURCE``: what was read, where it went, what the maintainer still has to do."""

from __future__ import annotations

import argparse
from pathlib import Path

from zhifa.cli.common import UsageError, project_root, recorded

LEVEL_ORDER = ["编", "章", "节", "部分", "条", "款", "项", "目"]
OUTLINE_TEXT = 24


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="规章原文：.txt（UTF-8 或 GBK）、.md、Word .docx，或 zhifa export 的 Akoma Ntoso .akn.xml")
    p.add_argument("--id", action="append", default=[], metavar="ID",
                   help="规章 id（文件名，如 code-of-conduct）；一个文件含多部规章时按顺序每部一个；默认由标题拼音生成")
    p.add_argument("--title", help="原文中的标题（程序认错标题行时指出，须与原文一致）")
    p.add_argument("--type", help="类型，如 制度、规范、方案、条例、办法（默认由标题判断）")
    p.add_argument("--as-version", nargs="?", const="auto", metavar="DATE",
                   help="作为 --id 所指规章的新版本导入（DATE：施行日期，如 2025-03-01；不写则从原文开头的修正、修订行读出）；"
                        "原版本另存为 regulations/ID/原施行日期.yaml")
    p.add_argument("--dry-run", action="store_true", help="只显示读出的结构，不写任何文件")
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from zhifa.app.importing import import_source

    source = Path(args.source)
    if not source.is_file():
        raise UsageError(f"找不到原文文件：{source}")
    if args.as_version is not None:
        from zhifa.cli.versions import cmd_import_version

        return cmd_import_version(args)
    root = project_root(args)
    if source.name.lower().endswith(".xml"):
        return cmd_import_akn(args, root, source)
    result = recorded("import", lambda: import_source(root, source, args.id, args.title, args.type,
                                                      dry_run=args.dry_run))
    if result is None:
        return 1
    print(f"读取：{source}（{result.source.read_as}），共 {len(result.regulations)} 部规章")
    for imported in result.regulations:
        data = imported.data
        if args.dry_run:
            print_outline(data["units"])
        counts = "，".join(f"{n} {name}" for name in LEVEL_ORDER if (n := imported.counts.get(name, 0)))
        target = f"regulations/{imported.id}.yaml"
        print(f"《{data['title']}》 → {target}（id：{imported.id}，类型：{data['type']}）")
        print(f"  结构：{counts}")
        print(f"  原文：{result.source_file} 第 {data['source']['lines']} 行")
        if data.get("history"):
            print(f"  制定和修改：{'；'.join(data['history'])}")
        print(f"  施行：{data['effective']}；效力状态：{data['status']}（请核对）")
        for warning in imported.warnings:
            print(f"  注意：{source.name} 第 {warning.line} 行：{warning.message}")
        todo = [key for key, value in data.items() if isinstance(value, str) and value.startswith("【待填写】")]
        if todo:
            print(f"  待填写：{'、'.join(todo)}（在 {target} 中填写；zhifa validate 会列出）")
    if args.dry_run:
        print("（--dry-run：未写入任何文件）")
        return 0
    print("已写入：" + "、".join(str(p.relative_to(root)) for p in result.written))
    if result.reused_source:
        print(f"原文与已有的 {result.source_file} 相同，未重复复制")
    print("下一步：填写待填写的字段，运行 zhifa validate，再运行 zhifa build")
    return 0


def print_outline(units: list[dict], depth: int = 0) -> None:
    for unit in units:
        if unit["kind"] != "paragraph" or len(units) > 1:
            words = unit.get("heading") or unit.get("text") or ""
            words = words if len(words) <= OUTLINE_TEXT else words[:OUTLINE_TEXT] + "…"
            label = unit.get("label") or {"paragraph": "款", "preamble": "序言", "signature": "落款", "date": "日期"}.get(
                unit["kind"], unit["kind"])
            print(f"{'  ' * depth}{label} {words}".rstrip())
        print_outline(unit.get("children", []), depth + 1)


def cmd_import_akn(args: argparse.Namespace, root: Path, source: Path) -> int:
    """An Akoma Ntoso act back into regulations/<id>.yaml."""
    from zhifa.app.importing import import_akn

    if len(args.id) > 1:
        raise UsageError("一个 Akoma Ntoso 文件只含一部规章：--id 只能给一个")
    found = recorded("import", lambda: import_akn(root, source, args.id[0] if args.id else None, args.dry_run))
    if found is None:
        return 1
    reg_id, data, written = found
    print(f"读取：{source}（Akoma Ntoso 3.0）")
    print(f"《{data.get('title', reg_id)}》 → regulations/{reg_id}.yaml（id：{reg_id}）")
    if args.dry_run:
        print_outline(data["units"])
        print("（--dry-run：未写入任何文件）")
    else:
        print("已写入：" + "、".join(str(p.relative_to(root)) for p in written))
    return 0
