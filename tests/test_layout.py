"""The layout docs/architecture.md describes holds: no import circles, no upward arrows."""

import ast
from pathlib import Path

SERVICE = Path(__file__).resolve().parent.parent / "service"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in SERVICE.rglob("*.py"):
        if "migrations" in path.relative_to(SERVICE).parts:
            continue
        parts = path.relative_to(SERVICE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _import_time_edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Return, per module, the Margin modules its top level imports (not lazy, not typing)."""
    edges = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base) \
                    if node.level else node.module or ""
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    targets.add(full if full in modules else source)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        edges[name] = {t for t in targets if t in modules and t != name}
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while not group or group[-1] != v:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return circles


def test_no_import_circles():
    assert _circles(_import_time_edges(_modules())) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_app_factory_imports_the_api():
    edges = _import_time_edges(_modules())
    upward = sorted(f"{name} -> {target}" for name, targets in edges.items()
                    for target in targets
                    if target.startswith("service.api") and not name.startswith("service.api")
                    and name != "service")
    assert upward == []


def test_no_module_over_the_size_of_two():
    sizes = {name: len(path.read_text().splitlines()) for name, path in _modules().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
