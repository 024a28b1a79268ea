"""The code's shape (README "Layout"): dependencies point one way between the apps, no two
modules import each other (directly or round a loop), and moderation/ is sliced by concern.

Read from the source with `ast`, so an import inside a function counts as much as one at the
top of a module: a loop hidden in a function is still a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The README's layout: `audit`, `outbox` <- `accounts` <- `moderation` <- `records`. An app
# may import only apps of a lower rank, and the shared bases in stanton/ (forms, celery, errors,
# the holiday calendar, capped counts).
RANK = {"audit": 0, "outbox": 0, "accounts": 1, "moderation": 2, "records": 3}
SHARED = {
    "stanton.forms",
    "stanton.celery",
    "stanton.errors",
    "stanton.strictjson",
    "stanton.calendar",
    "stanton.counts",
}


def _modules() -> dict[str, Path]:
    found = {}
    for app in [*RANK, "stanton"]:
        for path in (ROOT / app).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The project module an imported name lives in (`a.b.func` -> `a.b`), or None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    owners = {_owner(name) for name in names}
    # A package importing its own submodules is not a dependency on itself.
    return {o for o in owners if o and o != module and not module.startswith(o + ".")}


GRAPH = {module: _imports(module) for module in MODULES}


def test_the_module_graph_is_read():
    # Guards the tests below against passing on an empty graph.
    assert "moderation.queue.services" in MODULES
    assert "moderation.models" in GRAPH["moderation.queue.services"]


def _against_direction(module: str, target: str) -> bool:
    app, other = module.split(".")[0], target.split(".")[0]
    if app not in RANK or other == app:
        return False
    if other == "stanton":
        return target not in SHARED
    return other in RANK and RANK[other] >= RANK[app]


def test_apps_depend_one_way():
    wrong = [
        f"{module} -> {target}"
        for module, imported in GRAPH.items()
        for target in imported
        if _against_direction(module, target)
    ]
    assert not wrong, "Imports against the dependency direction:\n" + "\n".join(sorted(wrong))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checks_can_fail():
    assert _against_direction("moderation.queue.views", "records.models")
    assert _against_direction("accounts.views", "stanton.urls")
    assert not _against_direction("records.forms", "moderation.models")
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_moderation_is_sliced_by_concern():
    """No `views_<concern>.py`/`forms_<concern>.py` beside the concern subpackages, and no
    app-wide services/ or selectors/ packages."""
    top = ROOT / "moderation"
    strays = sorted(
        p.name
        for p in top.iterdir()
        if p.name.startswith(("views", "forms", "filters", "selectors", "services"))
    )
    assert strays == []


def _literal_verbs() -> list[str]:
    """`audit_record(verb="...")` or `verb=f"..."` anywhere in the apps: a name spelled out
    instead of taken from the registry (audit/events.py)."""
    found = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "verb" and isinstance(
                        keyword.value, ast.Constant | ast.JoinedStr
                    ):
                        found.append(f"{module}:{node.lineno}")
    return found


def test_services_name_audit_events_from_the_registry():
    assert _literal_verbs() == []
