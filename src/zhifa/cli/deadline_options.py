"""The options of ``zhifa deadline``, apart from the command: building the parser of every command must not load
the deadline calculator (dates, citations, the holiday calendar), which ``zhifa build`` does not need."""

from __future__ import annotations

import argparse

from zhifa.cli.common import TIME_EXAMPLE


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("deadline", nargs="?", help="时限 ID（如 major-case、appeal）；省略则列出全部时限")
    parser.add_argument("--occurred", metavar="时间", help=f"案件发生时间，如 {TIME_EXAMPLE}（按小时计算的时限）")
    parser.add_argument("--reported", metavar="对象=时间", nargs="+", action="extend", default=[],
                        help=f"实际上报时间，可写多个，如 county={TIME_EXAMPLE} 或 县={TIME_EXAMPLE}")
    parser.add_argument("--received", metavar="日期", help="起算日期，如 2025-03-03（按日计算的时限，如接到处理决定之日）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(func=_run)



def _run(args: argparse.Namespace) -> int:
    from zhifa.cli.deadline import run

    return run(args)
