"""The layers of docs/code.md hold: every import of every module is one its package may make,
no package imports one above it, no two modules import each other (directly or round a cycle), and
an import inside a function is one of the few kinds docs/code.md names."""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "cli" / "audit"
LIBRARIES = {"yaml", "ruamel", "typer", "rich", "click", "jinja2", "markupsafe", "markdown_it", "docx", "openpyxl",
             "lxml", "pydantic", "hypothesis", "pytest"}


def table() -> dict[str, tuple[set[str], set[str]]]:
    """package -> (packages it may import, libraries it may import), read from docs/code.md."""
    rows = {}
    for line in (ROOT / "docs" / "code.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`audit(?:/(\w+))?`[^|]*\|([^|]*)\|([^|]*)\|", line)
        if m:
            words = lambda cell: {w for w in re.findall(r"[\w.]+", cell) if w != "—"}  # noqa: E731
            rows[m[1] or ""] = (words(m[2]), words(m[3]))
    return rows


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in a module, those inside functions included."""
    return [found for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) for found in names(node, path)]


def names(node: ast.AST, path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of what an import statement imports; [] for any other node."""
    if isinstance(node, ast.Import):
        return [(node.lineno, a.name) for a in node.names]
    if isinstance(node, ast.ImportFrom):
        assert node.level == 0, f"{path}:{node.lineno}: relative import; write audit.<package>.<module>"
        base = node.module or ""
        return [(node.lineno, f"{base}.{a.name}" if base.startswith("audit") else base) for a in node.names]
    return []


def package_of(path: Path) -> str:
    rel = path.relative_to(PKG).parts
    return rel[0] if len(rel) > 1 else ""


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def test_the_table_names_every_package():
    rows = table()
    packages = {p.name for p in PKG.iterdir() if (p / "__init__.py").is_file()}
    assert packages | {""} == set(rows), "docs/code.md's table and the packages under cli/audit differ"


def test_every_import_is_one_its_layer_may_make():
    rows = table()
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        pkg = package_of(path)
        allowed, libraries = rows[pkg]
        for line, name in imports(path):
            parts = name.split(".")
            if parts[0] == "audit":
                target = parts[1] if len(parts) > 1 and (PKG / parts[1] / "__init__.py").is_file() else ""
                if target not in allowed | {pkg} and name not in ("audit", "audit.__version__"):
                    bad.append(f"{path.relative_to(ROOT)}:{line}: {name}")
            elif parts[0] in LIBRARIES and parts[0] not in libraries:
                bad.append(f"{path.relative_to(ROOT)}:{line}: {name}")
            elif parts[0] not in LIBRARIES and parts[0] not in sys.stdlib_module_names and parts[0] != "audit":
                bad.append(f"{path.relative_to(ROOT)}:{line}: {name} (a library docs/code.md does not list)")
    assert bad == []


def test_no_module_imports_round_a_cycle():
    graph: dict[str, set[str]] = {}
    names = {module_name(p): p for p in PKG.rglob("*.py")}
    for mod, path in names.items():
        deps = set()
        for _, name in imports(path):
            while name and name not in names:
                name = name.rpartition(".")[0]
            if name and name != mod and not mod.startswith(name + "."):
                deps.add(name)
        graph[mod] = deps
    seen, stack, cycles = set(), [], []

    def visit(m: str) -> None:
        if m in stack:
            cycles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            visit(d)
        stack.pop()

    for m in sorted(graph):
        visit(m)
    assert cycles == []


# The imports docs/code.md lets a function make: libraries slow to import that most runs never use,
# a platform's own modules, and the two places that choose a command's module.
LATE_LIBRARIES = {"docx", "openpyxl", "lxml", "jinja2", "markdown_it", "markupsafe", "ruamel", "yaml", "multiprocessing",
                  "rich.progress", "fcntl", "msvcrt", "ctypes"}
CHOSEN_BY_COMMAND = {
    "audit/entry.py": {"audit.cli.app.main", "audit.cli.commands.report", "audit.cli.commands.show", "audit.cli.commands.check"},
    "audit/cli/commands/report.py": {"audit.report.pipeline"},
}


def function_imports(path: Path) -> set[tuple[int, str]]:
    """(line, dotted name) of the imports made inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {found for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
            for node in ast.walk(f) for found in names(node, path)}


def test_imports_inside_functions_are_only_those_docs_code_md_names():
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).as_posix()
        for line, name in sorted(function_imports(path)):
            late = any(name == lib or name.startswith(lib + ".") for lib in LATE_LIBRARIES)
            if not late and name not in CHOSEN_BY_COMMAND.get(rel, ()):
                bad.append(f"{rel}:{line}: {name}")
    assert bad == [], "import these at the top of the module (docs/code.md, Conventions)"
