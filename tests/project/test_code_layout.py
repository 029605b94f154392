"""The layout the code keeps: modules small enough to read whole, and no import circle between
the product's modules (a circle makes the order of imports matter and hides which module a
capability belongs to)."""

import ast
from pathlib import Path

from ..paths import ROOT

PACKAGES = ("enrollment", "portal", "legal")
MOST_LINES = 520  # "about 500": a module grows past it only with a reason to split it


def product_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imported_by(name: str, path: Path, modules) -> set[str]:
    """The product's modules a module imports at its top level (not inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def test_no_module_is_longer_than_about_500_lines():
    long = {
        name: count
        for name, path in product_modules().items()
        if (count := len(path.read_text().splitlines())) > MOST_LINES
    }
    assert long == {}


def test_no_two_modules_import_each_other_in_a_circle():
    modules = product_modules()
    graph = {name: imported_by(name, path, modules) for name, path in modules.items()}
    # A package's __init__ that gathers its own modules is not a circle with them.
    for name in graph:
        graph[name] = {other for other in graph[name] if not other.startswith(name + ".")}
    circles = []
    state = {}

    def visit(name, trail):
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                circles.append(trail[trail.index(other) :] + [other])
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []
