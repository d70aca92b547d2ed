"""The MkDocs build call: run MkDocs on the project's mkdocs.yml into a folder, its messages shown on stderr."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class MkDocsFailed(Exception):
    """MkDocs or a plugin stopped the build; the text says why, in Chinese."""


def run_mkdocs(config_file: Path, work: Path, quiet: bool) -> list[str]:
    """Run MkDocs into ``work``; return the site paths of the files it set out to write. MkDocsFailed says why not."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.plugins import BasePlugin, event_priority

    planned: list[str] = []

    class _PlannedFiles(BasePlugin):
        @event_priority(-100)  # after every other plugin has added its files
        def on_env(self, env, *, config, files):
            planned[:] = [f.dest_path.replace(os.sep, "/") for f in files if f.inclusion.is_included()]
            return env

    _show_mkdocs_messages(logging.WARNING if quiet else logging.INFO)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(work), strict=True)
        config.plugins["zhifa-planned-files"] = _PlannedFiles()
        build(config)
    except (MkDocsException, SystemExit) as exc:
        reason = "插件报错，详见上方信息" if isinstance(exc, SystemExit) else str(exc)
        raise MkDocsFailed(reason) from None
    return planned


def _show_mkdocs_messages(level: int) -> None:
    """MkDocs and its plugins report problems through logging; show them on stderr."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(level)
    if not any(getattr(h, "_zhifa", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        # MkDocs logs a failed write ("Error building page …: [Errno 28] …") before raising it; we report it once.
        handler.addFilter(lambda record: "[Errno " not in record.getMessage())
        handler._zhifa = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
