"""What every command shares: the usage error (exit 2), finding the project root, the holiday-calendar warning."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


class UsageError(Exception):
    pass


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
