"""``zhifa diff``, ``zhifa repeal`` and ``zhifa import --as-version``: a regulation's life, for the maintainer."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from zhifa.cli.common import UsageError, project_root, recorded
from zhifa.model.problems import format_text

CHANGE_NAMES = {"changed": "修改", "added": "新增", "removed": "删除", "renumbered": "重新编号"}


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期：请写成 2025-03-01 的形式") from None


def configure_diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("regulation", help="规章 id（如 code-of-conduct）")
    p.add_argument("--from", dest="since", type=iso_date, help="比较自这一天施行的版本（默认：现行版本的上一版）")
    p.add_argument("--to", dest="until", type=iso_date, help="比较到这一天施行的版本（默认：现行版本）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出：{\"changes\": [...]}")
    p.set_defaults(func=cmd_diff)


def configure_repeal(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", help="规章 id，或 规章id/条文单元id（如 code-of-conduct/chp_2__art_7）")
    p.add_argument("--on", required=True, type=iso_date, help="废止之日（不再施行的第一天），如 2025-03-01")
    p.add_argument("--by", required=True, help="废止的依据，照原文写，如 《关于废止……的决定》")
    p.add_argument("--dry-run", action="store_true", help="只显示将要记录的内容，不写任何文件")
    p.set_defaults(func=cmd_repeal)


def cmd_diff(args: argparse.Namespace) -> int:
    from zhifa.load.loader import load_project
    from zhifa.versions.diff import diff

    project = load_project(project_root(args))
    reg = project.regulations.get(args.regulation)
    if reg is None:
        raise UsageError(f"没有 id 为“{args.regulation}”的规章（现有：{'、'.join(project.regulations)}）")
    versions = reg.all_versions()
    dated = [v.version.date.isoformat() for v in versions if v.version]
    listed = f"（现有版本：{'、'.join(dated)}）" if dated else "（这部规章只有一个版本）"
    new = reg.at(args.until) if args.until else versions[-1]
    old = reg.at(args.since) if args.since else (versions[-2] if len(versions) > 1 else None)
    if old is None or new is None:
        raise UsageError(f"{'--from' if old is None else '--to'} 那天《{reg.short_title}》还没有施行的版本{listed}")
    changes = diff(old, new)
    if args.json:
        print(json.dumps({"regulation": reg.id, "from": _day(old), "to": _day(new),
                          "changes": [c.to_json() for c in changes]}, ensure_ascii=False, indent=2))
        return 0
    print(f"《{project.jurisdiction.render(reg.title)}》{_shown(old)} → {_shown(new)}：{_counts(changes)}")
    for change in changes:
        print_change(change)
    return 0


def _day(reg) -> str | None:
    return reg.version.date.isoformat() if reg.version else None


def _shown(reg) -> str:
    return f"{reg.version.shown}施行的版本" if reg.version else "唯一的版本"


def _counts(changes) -> str:
    if not changes:
        return "没有变化（格式差异不计）"
    counts = {name: sum(1 for c in changes if c.change == key) for key, name in CHANGE_NAMES.items()}
    return "，".join(f"{name} {n} 处" for name, n in counts.items() if n)


def print_change(change, depth: int = 0) -> None:
    from zhifa.cite.render import unit_path

    pad = "  " * depth
    unit = change.unit
    moved = ""
    if change.old is not None and change.new is not None and change.old.id != change.new.id and change.top:
        moved = f"，原{unit_path(change.old)}（{change.old.id}）"
    shown = ("原" if change.change == "removed" else "") + unit_path(unit)
    print(f"{pad}{CHANGE_NAMES[change.change]} {shown}（{unit.id}）{moved}")
    if change.diff:
        words = "".join(p.text if p.op == "equal" else f"[-{p.text}-]" if p.op == "delete" else f"{{+{p.text}+}}"
                        for p in change.diff)
        print(f"{pad}  {words}")
    for part in change.parts:
        print_change(part, depth + 1)


def cmd_repeal(args: argparse.Namespace) -> int:
    from zhifa.app.versioning import repeal

    reg_id, _, unit_id = args.target.partition("/")
    root = project_root(args)
    result = recorded("repeal", lambda: repeal(root, reg_id, unit_id or None, args.on, args.by, dry_run=args.dry_run))
    if result is None:
        return 1
    what = f"“{result.unit}”" if result.unit else "全文"
    print(f"记录废止：{reg_id} {what}，自 {result.on.isoformat()} 起废止，依据 {result.by}")
    if result.follow:
        print(f"以下 {len(result.follow)} 处引用了废止的内容，须随之修改（zhifa validate 会一直列出，直到改完）：")
        print(format_text(result.follow))
    else:
        print("项目中没有其他地方引用废止的内容")
    if args.dry_run:
        print("（--dry-run：未写入任何文件）")
    else:
        print("已写入：" + "、".join(str(p.relative_to(root)) for p in result.written))
    return 0


def cmd_import_version(args: argparse.Namespace) -> int:
    from pathlib import Path

    from zhifa.app.versioning import import_version

    if len(args.id) != 1:
        raise UsageError("--as-version 须用 --id 指明是哪部规章的新版本（一次一部）")
    root = project_root(args)
    day = None if args.as_version == "auto" else iso_date_or_usage(args.as_version)
    result = recorded("import", lambda: import_version(root, Path(args.source), args.id[0], day, args.title,
                                                       dry_run=args.dry_run))
    if result is None:
        return 1
    print(f"新版本：{result.reg_id}，{result.date.isoformat()} 起施行"
          f"{'（' + result.act + '）' if result.act else ''}；原版本（{result.previous.isoformat()} 起施行）另存")
    print(f"与原版本相比：{_counts(result.changes)}")
    for change in result.changes:
        print_change(change, 1)
    if result.follow:
        print(f"以下 {len(result.follow)} 处引用了修改、删除或重新编号的条文，须随之核对：")
        for follow in result.follow:
            print("  " + follow.line())
    if result.dropped:
        print("原版本的" + "、".join(result.dropped) + "未带入新版本：如仍适用，请在新版本中重新登记")
    if args.dry_run:
        print("（--dry-run：未写入任何文件）")
        return 0
    print("已写入：" + "、".join(str(p.relative_to(root)) for p in result.written))
    print("下一步：运行 zhifa validate，改正上面列出的引用，再运行 zhifa build")
    return 0


def iso_date_or_usage(text: str) -> dt.date:
    try:
        return iso_date(text)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"--as-version：{exc}") from None
