"""The layout rules a new area must follow, checked on the source (no app needed): no import cycle
between listening's modules, no import of listening hidden inside a function, services grouped
into area packages that other areas reach only through the package, and small modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "listening"
SERVICES = APP / "services"
MAX_LINES = 400


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(package: Path) -> dict[str, Path]:
    root = package.parent
    return {module_name(p, root): p for p in sorted(package.rglob("*.py"))}


def _module_level_imports(tree: ast.Module):
    """Imports that run when the module is imported: at module level, including inside a
    module-level if/try, but not under `if TYPE_CHECKING:` and not inside functions."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                stack += node.body + node.orelse
        elif isinstance(node, ast.Try):
            stack += node.body + node.orelse + node.finalbody + [n for h in node.handlers for n in h.body]


def _targets(node, importer: str, is_package: bool, modules: dict) -> set[str]:
    """The modules of ours an import statement loads (a parent package a module lives in is not
    counted: Python imports it first anyway, and it is not a dependency of the statement)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = importer.split(".")[: None if is_package else -1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in modules else prefix for a in node.names]
    found = set()
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != importer:
            found.add(name)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = modules_of(package)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set()
        for node in _module_level_imports(tree):
            graph[name] |= _targets(node, name, path.name == "__init__.py", modules)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), and modules importing themselves."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_check_finds_a_cycle(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("from pkg.c import thing\n")
    (package / "c.py").write_text("import pkg.a\n\ndef later():\n    from pkg import d\n")
    (package / "d.py").write_text("from . import c\n")
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_no_import_cycle_between_listening_modules():
    assert cycles(import_graph(APP)) == []


def _imports_listening(node) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").startswith("listening")
    return isinstance(node, ast.Import) and any(a.name.startswith("listening") for a in node.names)


def test_no_import_of_listening_inside_a_function():
    """An import inside a function hides a cycle from the check above. The app factory is the one
    place that imports inside a function: create_app wires the blueprints when it runs."""
    hidden = []
    for name, path in modules_of(APP).items():
        if name == "listening":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                hidden += [f"{name}:{inner.lineno}" for inner in ast.walk(node) if _imports_listening(inner)]
    assert hidden == []


def test_services_holds_only_area_packages():
    loose = sorted(p.name for p in SERVICES.iterdir() if p.suffix == ".py" and p.name != "__init__.py")
    assert loose == []
    areas = [p for p in SERVICES.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert areas and all((p / "__init__.py").exists() for p in areas)


def public_names(package_init: Path) -> set[str]:
    for node in ast.parse(package_init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def test_other_code_reaches_a_service_area_only_through_its_package():
    """Outside an area, `from listening.services import capture` or names from
    `listening.services.capture`; never `listening.services.capture.sessions`. The worker entry
    point imports each area's tasks module, which is what it is for."""
    modules = modules_of(APP)
    reaching_in = []
    for name, path in modules.items():
        own_area = name.split(".")[2] if name.startswith("listening.services.") else None
        for node in _module_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue
            if isinstance(node, ast.ImportFrom):
                # a submodule named in the import counts, unless the package offers it in __all__
                targets = [node.module or ""] + [
                    f"{node.module}.{a.name}" for a in node.names
                    if f"{node.module}.{a.name}" in modules and a.name not in public_names(modules[node.module])
                ]
            else:
                targets = [a.name for a in node.names]
            for target in targets:
                parts = target.split(".")
                if parts[:2] != ["listening", "services"] or len(parts) < 4 or parts[2] == own_area:
                    continue
                if name == "listening.worker" and parts[3] == "tasks":
                    continue
                reaching_in.append(f"{name} -> {target}")
    assert reaching_in == []


def test_no_module_in_listening_over_400_lines():
    long = {name: n for name, path in modules_of(APP).items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
