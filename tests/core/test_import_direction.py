"""Dependencies run one way (STYLE.md): a package of app/ imports only from the layers below it.

Layers, lowest first. A package may import its own modules and anything in a lower layer;
packages side by side in one layer may not import each other.

  base           app/db.py, then app/extensions.py
  core           knows no domain: domains register their permission rules with it, and answer
                 the hooks (app/core/hooks.py) that lower layers declare
  accounts
  events
  admin          site administration: accounts' site roles, approval of events, the instance's log
  agenda         below registration, not above it as STYLE.md first drew it: a place in a
                 limited session is registration's row about an agenda session, so registration
                 needs the agenda's models; the agenda asks registration what it must know
                 (may this session be deleted or its limit lowered, how many people are expected,
                 the places box of the session page) through app/agenda/hooks.py
  registration
  materials, trainings
  notes, messages  (the consolidated report lists the public materials; messages choose their
                 recipients with registration's, trainings' and materials' services)
  reminders      automatic messages: the messages' headers and opt-outs (who unsubscribed) apply to them
  api, transfer, demo
  the app        app/models.py and app/cli.py, then app/__init__.py (create_app wires the layers,
                 lowest first)

Every import statement counts, at module level or inside a function: an import inside a
function that dodges a cycle is a sign the arrow points the wrong way. A second test keeps
app code imported at module level, except where a command imports what only it needs.

Checked with `ast` over the source rather than with import-linter: no extra dependency, and a
few dozen lines that read imports inside functions too and run in a fraction of a second.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

APP = Path(__file__).resolve().parents[2] / "app"

LAYERS: list[set[str]] = [
    {"db"},
    {"extensions"},
    {"core"},
    {"accounts"},
    {"events"},
    {"admin"},
    {"agenda"},
    {"registration"},
    {"materials", "trainings"},
    {"notes", "messages"},
    {"reminders"},
    {"api", "transfer", "demo"},
    {"models", "cli"},
    {"__init__"},
]
LEVEL = {unit: level for level, layer in enumerate(LAYERS) for unit in layer}

# Imports of app code inside functions that are there for a reason: {file: (module prefixes, why)}.
IMPORTED_WHEN_USED = {
    "cli.py": (("app.demo", "app.transfer"), "commands import what only they need; the web app never loads it"),
}


class Import(NamedTuple):
    path: str          # relative to app/
    line: int
    module: str        # absolute: app.core.permissions.can for `from app.core.permissions import can`
    in_function: bool


def unit_of(path: Path, root: Path) -> str:
    """The package of app/ a file belongs to ("core", "events"...), or the module's name at the top."""
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else path.stem


def unit_of_module(module: str) -> str | None:
    """The unit an absolute module name (or a name imported from it) lives in; None outside app."""
    parts = module.split(".")
    if parts[0] != "app":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path, root: Path) -> Iterator[Import]:
    relative = path.relative_to(root)
    package = ["app", *relative.parts[:-1]]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))

    def visit(node: ast.AST, in_function: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(str(relative), child.lineno, alias.name, in_function)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package[:len(package) - child.level + 1] + ([child.module] if child.module else []))
                for alias in child.names:
                    yield Import(str(relative), child.lineno, f"{base}.{alias.name}", in_function)
            yield from visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    yield from visit(tree, False)


def all_imports(root: Path) -> Iterator[tuple[str, Import]]:
    for path in sorted(root.rglob("*.py")):
        unit = unit_of(path, root)
        for found in imports_of(path, root):
            yield unit, found


def wrong_way_imports(root: Path = APP) -> list[str]:
    problems = []
    for unit, found in all_imports(root):
        target = unit_of_module(found.module)
        if target is None or target == unit:
            continue
        where = f"app/{found.path}:{found.line}{' (inside a function)' if found.in_function else ''}"
        if unit not in LEVEL or target not in LEVEL:
            problems.append(f"{where}: place {(unit if unit not in LEVEL else target)!r} in LAYERS")
        elif LEVEL[target] >= LEVEL[unit]:
            relation = "a higher layer" if LEVEL[target] > LEVEL[unit] else "a package beside it"
            problems.append(f"{where}: {unit} imports {found.module} of {relation} ({target})")
    return problems


def imports_inside_functions(root: Path = APP) -> list[str]:
    problems = []
    for _unit, found in all_imports(root):
        if not found.in_function or unit_of_module(found.module) is None:
            continue
        prefixes, _why = IMPORTED_WHEN_USED.get(found.path, ((), ""))
        if not any(found.module == prefix or found.module.startswith(prefix + ".") for prefix in prefixes):
            problems.append(f"app/{found.path}:{found.line}: {found.module} imported inside a function")
    return problems


def test_every_package_imports_only_from_the_layers_below_it():
    problems = wrong_way_imports()
    assert not problems, (
        "Dependencies run one way (see this module's docstring). When a lower layer needs something "
        "from a higher one, declare a hook or a permission action below and let the higher domain register "
        "it from its wiring.py:\n  " + "\n  ".join(problems))


def test_app_code_is_imported_at_module_level():
    problems = imports_inside_functions()
    assert not problems, (
        "Import app code at the top of the module; an import inside a function to dodge a cycle means the "
        "arrow points the wrong way. A real reason (a command's heavy import) goes in IMPORTED_WHEN_USED:\n  "
        + "\n  ".join(problems))


def test_every_package_of_app_has_a_layer():
    units = {unit_of(path, APP) for path in APP.rglob("*.py")}
    assert units <= set(LEVEL), f"place {sorted(units - set(LEVEL))} in LAYERS"


def test_the_check_sees_wrong_way_imports_at_any_depth(tmp_path):
    root = tmp_path / "app"
    (root / "core").mkdir(parents=True)
    (root / "events").mkdir()
    (root / "materials").mkdir()
    (root / "core" / "rules.py").write_text(
        "def rule(user, event):\n    from app.events.models import Event\n    return True\n")
    (root / "events" / "views.py").write_text("from app.registration import services\n")
    (root / "materials" / "speakers.py").write_text(
        "from app.trainings.models import Certificate\nfrom . import models\nfrom app.events import services\n")

    problems = wrong_way_imports(root)

    assert problems == [
        "app/core/rules.py:2 (inside a function): core imports app.events.models.Event of a higher layer (events)",
        "app/events/views.py:1: events imports app.registration.services of a higher layer (registration)",
        "app/materials/speakers.py:1: materials imports app.trainings.models.Certificate of a package beside it "
        "(trainings)",
    ]
    assert imports_inside_functions(root) == ["app/core/rules.py:2: app.events.models.Event imported inside a function"]
