"""`make mutate`: mutation testing of the modules whose output is law on paper, then a summary.

mutmut (configured in pyproject.toml, [tool.mutmut]) copies src/ and the data into mutants/, makes every mutant of
the files listed there and runs the fast in-process tests that cover each one. This script chooses which mutants run
(all of the citation and value modules; of exam.py and question_model.py only the selection and shuffle functions),
keeps mutmut's long output in mutants/mutmut-run.log, and prints killed / survived / score and each survivor as
path:line and the changed line.

    .venv/bin/python scripts/mutate.py [--jobs N] [GLOB ...]     # GLOB: mutmut names, e.g. 'zhifa.cite.render.*'
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import functools
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
LOG = MUTANTS / "mutmut-run.log"
SURVIVORS = MUTANTS / "survivors.txt"

SCOPE = [
    "zhifa.cite.render.*",
    "zhifa.cite.scan.*",
    "zhifa.cite.check.*",
    "zhifa.cite.texts.*",
    "zhifa.check.case_values.*",
    "zhifa.check.checklist_answers.*",
    "zhifa.training.exam.x_shares__mutmut_*",
    "zhifa.training.exam.x_select_questions__mutmut_*",
    "zhifa.model.question.xǁQuestionǁshuffled_options__mutmut_*",
    "zhifa.model.question.xǁQuestionǁletters__mutmut_*",
]
PROGRESS = re.compile(r"\d+/\d+\s+🎉.*")


def run_mutmut(globs: list[str], jobs: int) -> int:
    """mutmut run, its output to the log; a progress line every 30 s so a long run is not silent."""
    MUTANTS.mkdir(exist_ok=True)
    command = [str(Path(sys.executable).with_name("mutmut")), "run", "--max-children", str(jobs), *globs]
    print(f"mutmut run: {len(globs)} name patterns, {jobs} mutant(s) at a time; log: {LOG.relative_to(ROOT)}", flush=True)
    last_print, progress = 0.0, ""
    with open(LOG, "wb") as log, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                                   stderr=subprocess.STDOUT) as proc:
        assert proc.stdout is not None
        for chunk in iter(lambda: proc.stdout.read1(4096), b""):
            log.write(chunk)
            found = PROGRESS.findall(chunk.decode("utf-8", "replace").replace("\r", "\n"))
            progress = found[-1].strip() if found else progress
            if progress and time.monotonic() - last_print > 30:
                print(f"  {progress}", flush=True)
                last_print = time.monotonic()
    return proc.returncode


def results(globs: list[str]) -> dict[str, tuple[Path, str]]:
    """mutant name → (source file, status), for the mutants matching ``globs``."""
    from mutmut.stats import status_by_exit_code

    out = {}
    for meta in sorted(MUTANTS.glob("src/**/*.py.meta")):
        source = meta.relative_to(MUTANTS).with_suffix("")
        for name, code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].items():
            if any(fnmatch.fnmatchcase(name, g) for g in globs):
                out[name] = (source, status_by_exit_code[code])
    return out


@functools.cache
def function_lines(source: Path) -> dict[str, int]:
    """Mangled function name as mutmut writes it (x_name, xǁClassǁname) → its first line in the source."""
    lines: dict[str, int] = {}
    tree = ast.parse((ROOT / source).read_text("utf-8"))
    for node in tree.body:
        items = [(None, node)] if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
        if isinstance(node, ast.ClassDef):
            items = [(node.name, n) for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for cls, fn in items:
            first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
            lines[f"xǁ{cls}ǁ{fn.name}" if cls else f"x_{fn.name}"] = first
    return lines


def describe(name: str, source: Path) -> tuple[int, str]:
    """(line in the source file, the changed line before → after) of one mutant."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(name, path=source).splitlines()
    function = name.rpartition(".")[2].rsplit("__mutmut_", 1)[0]
    start = function_lines(source).get(function, 1)
    line, old, new = start, [], []
    for text in diff[2:]:
        if text.startswith("@@"):
            line = start + int(re.match(r"@@ -(\d+)", text).group(1)) - 1
            continue
        if text.startswith("-"):
            old.append(text[1:].strip())
        elif text.startswith("+"):
            new.append(text[1:].strip())
        elif not old:
            line += 1
    return line, f"{' '.join(old)}  →  {' '.join(new)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("globs", nargs="*", help="mutant names to run (default: the whole scope)")
    args = parser.parse_args(argv)
    globs = args.globs or SCOPE
    started = time.monotonic()
    rc = run_mutmut(globs, args.jobs)
    if rc != 0:
        print(f"mutmut failed (exit {rc}); see {LOG.relative_to(ROOT)}", file=sys.stderr)
        return 1
    found = results(globs)
    counts = Counter(status for _, status in found.values())
    tested = sum(counts.values()) - counts["skipped"] - counts["not checked"]
    score = (counts["killed"] + counts["timeout"]) / tested if tested else 0.0
    survivors = []
    for name, (source, status) in sorted(found.items()):
        if status in ("survived", "no tests", "suspicious"):
            line, change = describe(name, source)
            survivors.append(f"{source}:{line}: {status}: {name}: {change}")
    SURVIVORS.write_text("".join(s + "\n" for s in survivors), "utf-8")
    for s in survivors:
        print(s)
    print(f"\nmutation testing: {len(found)} mutants in {time.monotonic() - started:.0f} s — "
          f"killed {counts['killed']}, timeout {counts['timeout']}, survived {counts['survived']}, "
          f"no tests {counts['no tests']}, suspicious {counts['suspicious']}, not checked {counts['not checked']}; "
          f"score {score:.1%}")
    print(f"survivors listed in {SURVIVORS.relative_to(ROOT)}; `.venv/bin/mutmut show NAME` shows one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
