"""What every command shares: the usage error (exit 2), finding the project root, the holiday-calendar warning."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


TIME_EXAMPLE = '"2025-03-05 14:30"'  # how zhifa deadline's messages and options spell a time


class UsageError(Exception):
    pass


def recorded(command: str, work: Callable[[], T]) -> T | None:
    """Run a command that writes the project's files (import, repeal): its result, or None after saying why nothing
    was written (the problems found, then one line on stderr); a usage mistake becomes a UsageError (exit 2)."""
    from zhifa.app.importing import ImportFailed
    from zhifa.files.atomic import WriteError
    from zhifa.model.problems import format_text

    try:
        return work()
    except ImportFailed as exc:
        if exc.problems:
            print(format_text(exc.problems))
        if exc.usage:
            raise UsageError(str(exc)) from None
        print(f"zhifa {command}: {exc}", file=sys.stderr)
    except WriteError as exc:
        print(f"zhifa {command}: {exc}，未写入任何文件", file=sys.stderr)
    return None


def project_root(args: argparse.Namespace) -> Path:
    from zhifa.load.loader import find_root

    if args.root:
        root = Path(args.root).resolve()
        if not (root / "regulations").is_dir():
            raise UsageError(f"{root} 不是项目根目录（其中没有 regulations/ 文件夹）")
        return root
    found = find_root(Path.cwd().resolve())
    if found is None:
        raise UsageError("找不到项目根目录：请在项目文件夹内运行，或用 --root 指定")
    return found


def warn_holidays(root: Path, project=None) -> None:
    """注意：节假日数据只到 … on stderr when the holiday calendar ends within 60 days (a warning, not a failure)."""
    from zhifa.check.holidays import holiday_warning
    from zhifa.load.loader import cached_project

    try:
        warning = holiday_warning(project or cached_project(root))
    except ValueError as exc:  # a wrong ZHIFA_TODAY
        raise UsageError(str(exc)) from None
    if warning:
        print(warning, file=sys.stderr)


def checked_project(args: argparse.Namespace, refused: str):
    """The loaded project when it has no problem; else None after listing them and saying ``refused`` (未生成试卷, 未导出)
    — a command that writes from the data does not write from data with problems."""
    from zhifa.check.project import check_project
    from zhifa.load.loader import load_project
    from zhifa.model.problems import format_text

    project = load_project(project_root(args))
    problems = check_project(project)
    if problems:
        print(format_text(problems))
        print(f"项目数据有 {len(problems)} 个问题，{refused}：请先改正（zhifa validate 列出全部问题）", file=sys.stderr)
        return None
    return project
