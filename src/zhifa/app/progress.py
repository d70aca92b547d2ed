"""What a long build is doing, for the person waiting: one line per stage when it ends (what it made, how long it
took), and on a terminal a live bar while a stage with many items runs (rich). In CI (``CI`` set) or when the output
is not a terminal only the stage lines are printed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


def wants_live(stream: TextIO) -> bool:
    return stream.isatty() and os.environ.get("CI", "").lower() in ("", "0", "false")


class Stage:
    def __init__(self, title: str, bar=None, task=None):
        self.title, self.summary = title, ""
        self._bar, self._task = bar, task

    def total(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, total=count)

    def advance(self, detail: str = "") -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=f"{self.title} {detail}".strip())


class Progress:
    def __init__(self, out: TextIO | None = None, live: bool | None = None, prefix: str = "zhifa build",
                 enabled: bool = True):
        self.out = out or sys.stdout
        self.enabled = enabled
        self.live = enabled and (wants_live(sys.stderr) if live is None else live)
        self.prefix = prefix

    def line(self, text: str) -> None:
        if self.enabled:
            print(f"{self.prefix}｜{text}", file=self.out, flush=True)

    @contextmanager
    def stage(self, title: str) -> Iterator[Stage]:
        """A stage; its line (``title：summary（N 秒）``) is printed when it ends without an error."""
        started = time.perf_counter()
        if not self.live:
            stage = Stage(title)
            yield stage
        else:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     console=Console(stderr=True), transient=True) as bar:
                stage = Stage(title, bar, bar.add_task(title, total=None))
                yield stage
        seconds = time.perf_counter() - started
        summary = f"：{stage.summary}" if stage.summary else ""
        self.line(f"{title}{summary}（{seconds:.1f} 秒）")
