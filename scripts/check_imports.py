"""The import rules of src/zhifa that import-linter's contracts ([tool.importlinter] in pyproject.toml) cannot state.

* no import circle between modules (imports inside functions and under TYPE_CHECKING count too);
* no module over 500 lines;
* no private name (``_name``) taken from another module of zhifa, by ``from … import _name`` or ``module._name``;
* the third-party and standard-library submodules that only one place may import (import-linter sees an external
  package only whole: it can say who imports ``docx``, not who imports ``docx.oxml``), and packages no module
  imports yet (import-linter refuses a contract on a package that is not in the graph).

`make test` runs it after `lint-imports`. Prints one line per finding (``path:line: message``) and exits 1 if any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp

import zhifa

PACKAGE = "zhifa"
# The copy of zhifa that Python imports (the one grimp reads): src/zhifa of this checkout in the project's venv.
SOURCE = Path(zhifa.__file__).resolve().parent.parent
ROOT = SOURCE.parent
MAX_LINES = 500

# Imported module (or any submodule of it) → the modules (or packages) of zhifa that alone may import it, and why.
ONLY_IMPORTED_BY: dict[str, tuple[tuple[str, ...], str]] = {
    "docx.oxml": (("zhifa.render.docx.oxml", "zhifa.ingest.docx"),
                  "raw Word XML is built only in render/docx/oxml.py and read only in ingest/docx.py"),
    "xml.etree": (("zhifa.check.outputs",), "the standard XML parser only reads built Word and PowerPoint files"),
    "xml.dom": (("zhifa.check.outputs",), "the standard XML parser only reads built Word and PowerPoint files"),
    "material": (("zhifa.mkdocs",), "only zhifa.mkdocs imports MkDocs, its theme and its plugins"),
    "mkdocs_macros": (("zhifa.mkdocs",), "only zhifa.mkdocs imports MkDocs, its theme and its plugins"),
}


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_files() -> dict[str, Path]:
    files = {}
    for path in sorted((SOURCE / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself), Tarjan's way."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in graph.find_modules_directly_imported_by(module):
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph.modules)))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def module_names_bound(tree: ast.Module, modules: set[str]) -> dict[str, str]:
    """Local names that stand for a module of zhifa: ``import zhifa.x as y``, ``from zhifa.x import y`` (y a module)."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in modules:
                    bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in modules:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def check_file(module: str, path: Path, modules: set[str]) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT)
    problems = []
    lines = len(text.splitlines())
    if lines > MAX_LINES:
        problems.append(f"{where}:1: {lines} lines, more than {MAX_LINES}: split the module")
    tree = ast.parse(text, filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        imported: list[str] = []
        if isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            if within(node.module, PACKAGE) and node.module != module:
                for alias in node.names:
                    if private(alias.name):
                        problems.append(f"{where}:{node.lineno}: imports the private name {alias.name} from "
                                        f"{node.module}: make it public or move the code that needs it")
        refused = [(name, why) for name in imported for prefix, (allowed, why) in ONLY_IMPORTED_BY.items()
                   if within(name, prefix) and not any(within(module, a) for a in allowed)]
        if refused:
            problems.append(f"{where}:{node.lineno}: imports {refused[0][0]}, but {refused[0][1]}")
    bound = module_names_bound(tree, modules)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                and private(node.attr) and bound[node.value.id] != module):
            problems.append(f"{where}:{node.lineno}: uses the private name {node.attr} of {bound[node.value.id]}: "
                            f"make it public or move the code that needs it")
    return sorted(set(problems), key=lambda line: (line.split(":")[0], int(line.split(":")[1]), line))


def main() -> int:
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    files = module_files()
    problems = []
    for component in circles(graph):
        problems.append(f"src/{PACKAGE}: import circle: {' → '.join(component)} (each imports another of them)")
    for module, path in files.items():
        problems += check_file(module, path, set(files))
    for line in problems:
        print(line)
    if problems:
        print(f"check_imports: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_imports: {len(files)} modules, no import circle, none over {MAX_LINES} lines, "
          f"no private name imported, external submodules where they belong")
    return 0


if __name__ == "__main__":
    sys.exit(main())
