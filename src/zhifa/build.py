"""``zhifa build``: check, render the site and the downloads into a temporary folder, then swap it in.

A failed build leaves the last good ``site/`` as it was.
"""

from __future__ import annotations

import logging
import shutil
import zipfile
from pathlib import Path

from .checks import check_project
from .downloads import write_downloads
from .outputcheck import check_outputs
from .loader import cached_project
from .problems import Problem


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


def build_site(root: Path, out: Path | None = None, quiet: bool = True, downloads: bool = True) -> Path:
    """Build the whole site into ``out`` (default ``root/site``) atomically; return ``out``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    project = cached_project(root)
    problems = check_project(project)
    if problems:
        raise BuildFailed("数据有误，未生成网站", problems)
    out = (out or root / "site").resolve()
    work = out.parent / f".{out.name}.building"
    shutil.rmtree(work, ignore_errors=True)
    _show_mkdocs_messages(logging.WARNING if quiet else logging.INFO)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(work), strict=True)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(work, ignore_errors=True)
        reason = "插件报错，详见上方信息" if isinstance(exc, SystemExit) else str(exc)
        raise BuildFailed(f"网站生成失败：{reason}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    try:
        if downloads:
            write_downloads(project, work / "downloads")
        wrong = check_outputs(project, work, shown_prefix=f"{out.name}/")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if wrong:
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed("生成的文件中有错误的引用，未更新网站", wrong)
    write_offline_zip(work)
    _swap(work, out)
    return out


OFFLINE_ZIP = "downloads/handbook-offline.zip"


def write_offline_zip(site: Path) -> Path:
    """A copy of the whole site that works opened from disk (file://), search included."""
    target = site / OFFLINE_ZIP
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for path in sorted(site.rglob("*")):
            rel = path.relative_to(site).as_posix()
            if path.is_file() and rel != OFFLINE_ZIP and not rel.endswith(".part") and not rel.endswith(".gz"):
                archive.write(path, f"handbook/{rel}")
        archive.writestr("handbook/使用说明.txt", "解压后用浏览器打开 handbook/index.html 即可使用，无需联网，搜索可用。\n")
    partial.replace(target)
    return target


def _show_mkdocs_messages(level: int) -> None:
    """MkDocs and its plugins report problems through logging; show them on stderr."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(level)
    if not any(getattr(h, "_zhifa", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        handler._zhifa = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def _swap(new: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
