"""The ``zhifa`` command. Exit codes: 0 all well, 1 problems found, 2 usage error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from zhifa import __version__
from zhifa.cli.common import UsageError, checked_project, project_root, warn_holidays
from zhifa.model.problems import format_json, format_text


def cmd_validate(args: argparse.Namespace) -> int:
    from zhifa.check.placeholders import placeholder_warnings
    from zhifa.check.validate import summary, validate_project

    root = project_root(args)
    problems, project = validate_project(root)
    warnings = placeholder_warnings(project)  # W001: never a failure
    warn_holidays(root, project)
    if args.format == "json":
        print(format_json(problems, warnings))
    else:
        print(format_text(problems) if problems else summary(project))
        if warnings:
            print(format_text(warnings))
        if problems:
            print(f"共 {len(problems)} 个问题", file=sys.stderr)
        if warnings:
            print(f"另有 {len(warnings)} 处待填写（警告，不影响检查结果）", file=sys.stderr)
    return 1 if problems else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from zhifa.app.stats import project_stats

    stats = project_stats(project_root(args))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from zhifa.app.build import BuildFailed, build_site
    from zhifa.app.progress import Progress

    root = project_root(args)
    warn_holidays(root)
    try:
        out = build_site(root, Path(args.out).resolve() if args.out else None, downloads=not args.no_downloads,
                         progress=Progress(), cache=not args.no_cache)
    except BuildFailed as exc:
        if exc.problems:
            print(format_text(exc.problems))
        print(f"zhifa build: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the work folder is gone, the lock released, the last good site kept
        print("zhifa build: 已中断，原有网站保持不变，临时文件已清理", file=sys.stderr)
        return 130
    print(f"网站已生成：{out}")
    return 0


def cmd_forms(args: argparse.Namespace) -> int:
    from zhifa.load.loader import load_project

    project = load_project(project_root(args))
    for form in sorted(project.forms.values(), key=lambda f: f.id):
        print(f"{form.id:<26} {project.jurisdiction.render(form.title)}")
    print()
    for checklist in sorted(project.checklists.values(), key=lambda c: c.id):
        print(f"{checklist.id:<26} {project.jurisdiction.render(checklist.title)}（检查表）")
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    from zhifa.app.fill import FillUsageError, fill
    from zhifa.files.atomic import WriteError

    case = Path(args.case)
    if not case.is_file():
        raise UsageError(f"找不到案件数据文件：{case}")
    try:
        result = fill(project_root(args), args.form, case, Path(args.out))
    except FillUsageError as exc:
        raise UsageError(str(exc)) from None
    except WriteError as exc:
        print(f"zhifa: {exc}", file=sys.stderr)
        return 1
    if result.problems:
        print(format_text(result.problems))
        print(f"共 {len(result.problems)} 个问题，未生成文件", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"注意：{warning}")
    if result.summary:
        print(result.summary)
    print(f"已生成：{result.written}")
    if result.replaced:
        print(f"已替换原有文件：{result.written}")
    return 0


def cmd_exam(args: argparse.Namespace) -> int:
    from zhifa.app.exam import check_output, key_path, write_exam
    from zhifa.files.atomic import WriteError
    from zhifa.training.exam import ExamError, random_seed

    if args.count < 1:
        raise UsageError(f"--count 须至少为 1（现为 {args.count}）")
    out = Path(args.out)
    try:
        check_output(out)
    except ExamError as exc:
        raise UsageError(str(exc)) from None
    project = checked_project(args, "未生成试卷")
    if project is None:
        return 1
    seed = random_seed() if args.seed is None else args.seed
    existing = [p for p in (out, key_path(out)) if p.is_file()]
    try:
        paper, key = write_exam(project, out, args.count, seed)
    except ExamError as exc:
        raise UsageError(str(exc)) from None
    except WriteError as exc:
        print(f"zhifa: {exc}", file=sys.stderr)
        return 1
    print(f"试卷：{paper}")
    print(f"答案：{key}")
    for path in existing:
        print(f"已替换原有文件：{path}")
    print(f"种子：{seed}（用 --count {args.count} --seed {seed} 可重新生成同一试卷）")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from zhifa.app.export import ExportFailed, write_export
    from zhifa.files.atomic import WriteError

    project = checked_project(args, "未导出")
    if project is None:
        return 1
    out = Path(args.out).resolve()
    try:
        written = write_export(project, out, tuple(args.format or ("akn", "json")))
    except (ExportFailed, WriteError) as exc:
        print(f"zhifa export: {exc}，未写入任何文件", file=sys.stderr)
        return 1
    print(f"已导出 {len(written)} 个文件到 {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", help="项目根目录（默认：当前目录或其上级中含 regulations/ 的目录）")
    parser = argparse.ArgumentParser(prog="zhifa", description="人口和计划生育行政执法手册：数据校验与生成")
    parser.add_argument("--version", action="version", version=f"zhifa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    sub.required = True

    p = sub.add_parser("validate", parents=[common], help="校验全部数据，列出所有问题")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", parents=[common], help="统计数量")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("forms", parents=[common], help="列出全部执法文书和检查表")
    p.set_defaults(func=cmd_forms)

    p = sub.add_parser("fill", parents=[common],
                       help="填写文书或检查表：zhifa fill ID 数据.yaml -o 输出.docx|.pdf（检查表还可 .xlsx）")
    p.add_argument("form", help="文书或检查表 ID（zhifa forms 列出）")
    p.add_argument("case", help="案件数据或检查表答案 YAML 文件")
    p.add_argument("-o", "--out", required=True, help="输出文件：.docx、.pdf；检查表还可 .xlsx")
    p.set_defaults(func=cmd_fill)

    p = sub.add_parser("deadline", parents=[common],
                       help='计算时限：zhifa deadline major-case --occurred "2025-03-05 14:30"；不带参数列出全部时限')
    from zhifa.cli.deadline_options import configure as configure_deadline
    configure_deadline(p)

    p = sub.add_parser("build", parents=[common], help="校验并生成网站和下载文件（site/）")
    p.add_argument("-o", "--out", help="输出目录（默认 site/）")
    p.add_argument("--no-downloads", action="store_true", help="只生成网站，不生成打印版和空白文书（预览用，较快）")
    p.add_argument("--no-cache", action="store_true",
                   help="不用 build/cache/ 中上次生成的文件，全部重新生成（结果与用缓存时相同，只是更慢）")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("import", parents=[common],
                       help="导入规章：zhifa import 原文.txt|.md|.docx [--id ID] [--dry-run]，写出 regulations/ID.yaml")
    from zhifa.cli.imports import configure as configure_import
    configure_import(p)

    from zhifa.cli import versions

    p = sub.add_parser("diff", parents=[common],
                       help="比较规章的两个版本：zhifa diff ID [--from 日期] [--to 日期] [--json]")
    versions.configure_diff(p)
    p = sub.add_parser("repeal", parents=[common],
                       help="记录废止：zhifa repeal ID[/条文单元] --on 日期 --by \"《……的决定》\"")
    versions.configure_repeal(p)

    p = sub.add_parser("export", parents=[common],
                       help="导出开放数据：zhifa export [--format akn|json] [-o 目录]（Akoma Ntoso 3.0 和 JSON）")
    p.add_argument("--format", action="append", choices=["akn", "json"], help="格式（可重复；默认两种都导出）")
    p.add_argument("-o", "--out", default="export", help="输出目录（默认 export/）")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("exam", parents=[common],
                       help="从题库组卷：zhifa exam --count 30 --seed 7 -o 试卷.docx|.pdf（答案另存为 试卷-key.*）")
    p.add_argument("--count", type=int, default=30, help="题数（默认 30）")
    p.add_argument("--seed", type=int, help="随机种子：同一种子、题数和题库得出同一试卷（默认随机，并打印出来）")
    p.add_argument("-o", "--out", required=True, help="输出文件：.docx 或 .pdf")
    p.set_defaults(func=cmd_exam)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except UsageError as exc:
        print(f"zhifa: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
