"""``zhifa build``: check, render the site and the downloads into a temporary folder, then swap it in.

A failed build leaves the last good ``site/`` as it was.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from .checks import check_project
from .loader import load_project
from .problems import Problem


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


def build_site(root: Path, out: Path | None = None, quiet: bool = True) -> Path:
    """Build the whole site into ``out`` (default ``root/site``) atomically; return ``out``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    project = load_project(root)
    problems = check_project(project)
    if problems:
        raise BuildFailed("数据有误，未生成网站", problems)
    out = (out or root / "site").resolve()
    work = out.parent / f".{out.name}.building"
    shutil.rmtree(work, ignore_errors=True)
    if quiet:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(work), strict=True)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed(f"网站生成失败：{exc}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _swap(work, out)
    return out


def _swap(new: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
