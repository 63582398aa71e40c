"""The layers point one way (ARCHITECTURE.md, "The target"): a package imports only from
the layers below it, the packages of one layer that are marked independent never import
each other, and no package imports another inside a function to dodge an import cycle.

A short AST scan instead of import-linter: it sees every import, also the deferred ones
inside functions, and it needs nothing installed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpdesk.config import PROJECT_ROOT

# Lowest first. A package may import its own modules and anything in a lower layer.
LAYERS: list[tuple[str, ...]] = [
    ("helpdesk.config", "helpdesk.wording", "helpdesk.text", "helpdesk.privacy",
     "helpdesk.security"),
    ("helpdesk.store",),
    ("helpdesk.conversation", "helpdesk.crm", "helpdesk.faq", "helpdesk.accounts",
     "helpdesk.leads", "helpdesk.audit"),
    ("helpdesk.handoffs", "helpdesk.analytics", "helpdesk.campaigns"),
    ("helpdesk.rasa_plugins", "helpdesk.web", "actions", "voice_gateway"),
    ("helpdesk.ops",),
]
# Packages of one layer that must not import each other (the others may, downward only
# through their own lower layer, and never in a cycle: see test_no_cycles).
INDEPENDENT = {"helpdesk.rasa_plugins", "helpdesk.web", "actions", "voice_gateway"}
# The voice gateway talks to Rasa over HTTP: of the core it needs only the first layer and
# the typed contracts of what it sends and receives.
VOICE_ALLOWED = {*LAYERS[0], "helpdesk.conversation.contracts", "voice_gateway"}
# Deferred imports that stay inside functions, with the reason (slow libraries only).
DEFERRED_OK = {"rasa", "tensorflow", "faster_whisper", "piper", "spacy", "onnxruntime",
               "playwright", "sklearn", "scipy", "numpy", "ctranslate2"}
ROOTS = ("helpdesk", "actions", "voice_gateway")


def _unit(module: str) -> str | None:
    """The package of the layer table a module belongs to (None for helpdesk/__init__)."""
    for layer in LAYERS:
        for unit in layer:
            if module == unit or module.startswith(unit + "."):
                return unit
    return None


def _layer(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def _modules() -> dict[str, Path]:
    found = {}
    for root in ROOTS:
        for path in sorted((PROJECT_ROOT / root).rglob("*.py")):
            parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for each import of our packages."""
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    result = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                result.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    result.append((f"{base}.{alias.name}", child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return result


def _our_edges() -> list[tuple[str, str, str, int, bool]]:
    """(importer module, importer unit, imported unit, line, deferred)."""
    modules = _modules()
    edges = []
    for module, path in modules.items():
        source = _unit(module)
        if source is None:
            continue
        for target, line, deferred in _imports(module, path):
            if target.split(".")[0] not in ROOTS:
                continue
            unit = _unit(target)
            if unit is None:
                unit = _unit(target.rpartition(".")[0])  # `from helpdesk import x`
            if unit is not None and unit != source:
                edges.append((module, source, unit if unit else target, line, deferred))
    return edges


def test_every_module_has_a_layer() -> None:
    loose = [m for m in _modules() if _unit(m) is None and m != "helpdesk"]
    assert not loose, f"modules outside the layer table (ARCHITECTURE.md): {loose}"


def test_imports_point_down() -> None:
    upward = [f"{m}:{line} imports {unit}" for m, source, unit, line, _ in _our_edges()
              if _layer(unit) > _layer(source)]
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_independent_packages_do_not_import_each_other() -> None:
    crossing = [f"{m}:{line} imports {unit}" for m, source, unit, line, _ in _our_edges()
                if source in INDEPENDENT and unit in INDEPENDENT]
    assert not crossing, "\n".join(crossing)


def test_the_voice_gateway_needs_only_the_first_layer_and_the_contracts() -> None:
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        if _unit(module) != "voice_gateway":
            continue
        for target, line, _ in _imports(module, path):
            if target.split(".")[0] in ROOTS and not any(
                    target == allowed or target.startswith(allowed + ".")
                    for allowed in VOICE_ALLOWED):
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_deferred_imports_of_our_packages() -> None:
    deferred = [f"{m}:{line} imports {unit} inside a function"
                for m, _, unit, line, inside in _our_edges() if inside]
    assert not deferred, "\n".join(deferred)


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of GRAPH (a path that ends where it began), or [] when there is none."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target):], node, target] if target in path else [
                    node, target]
            if target not in state and (found := visit(target, [*path, node])):
                return found
        state[node] = "done"
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [])):
            return found
    return []


def test_no_cycles_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for _, source, unit, _, _ in _our_edges():
        graph.setdefault(source, set()).add(unit)
    cycle = _cycle(graph)
    assert not cycle, " -> ".join(cycle)


def test_the_cycle_finder_sees_long_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


@pytest.mark.parametrize("module", ["helpdesk.config", "helpdesk.privacy.log_masking"])
def test_the_scan_sees_imports(module: str) -> None:
    """The scanner is not blind: a known first-layer module imports something."""
    path = _modules()[module]
    assert _imports(module, path)
