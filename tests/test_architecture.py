"""Dependencies point one way: models/errors/config <- each stage <- pipeline <- cli, serve.

Read with ``ast`` from the source tree, so a new module or stage package is checked
as soon as it exists.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import sourcetrace

PACKAGE = Path(sourcetrace.__file__).parent
# Foundations: import nothing from sourcetrace.
FOUNDATIONS = ("models", "errors", "config")
# Outer layers, which may chain or combine stages.
OUTER = frozenset({"pipeline", "cli", "serve", "__init__", "__main__"})
# Every package under sourcetrace/ is a stage, except the outer layers.
STAGES = sorted(
    child.name
    for child in PACKAGE.iterdir()
    if child.is_dir() and any(child.glob("*.py")) and child.name not in OUTER
)


def _modules() -> Iterator[tuple[str, Path]]:
    """Yield every module as (dotted name below ``sourcetrace``, path).

    A package is named by its folder (``extract``); the top package is ``__init__``.
    """
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(name: str, path: Path) -> set[str]:
    """Return the sourcetrace modules ``path`` imports, as dotted names below ``sourcetrace``.

    ``from sourcetrace import x`` counts as importing ``x`` when ``x`` is a module or
    package, and as importing the top package (``__init__``) otherwise.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = [] if name == "__init__" else name.split(".")
    package = parts if path.name == "__init__.py" else parts[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target == "sourcetrace" or target.startswith("sourcetrace."):
                found.add(_resolve(target.removeprefix("sourcetrace").lstrip(".")))
    return found


def _absolute(node: ast.ImportFrom, package: list[str]) -> str:
    if node.level == 0:
        return node.module or ""
    anchor = package[: len(package) - (node.level - 1)]
    return ".".join(["sourcetrace", *anchor, *([node.module] if node.module else [])])


def _resolve(dotted: str) -> str:
    """Map ``extract.html.extract_html`` to the longest existing module, ``extract.html``."""
    parts = dotted.split(".") if dotted else []
    while parts:
        candidate = PACKAGE.joinpath(*parts)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return "__init__"


def _top(module: str) -> str:
    return module.split(".")[0]


MODULES = dict(_modules())
IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_import_scanner_sees_real_dependencies():
    # Guards the checks below against passing because the scanner finds nothing.
    assert {"extract", "ingest"} <= set(STAGES)
    assert {"extract", "ingest", "models", "config", "errors"} <= {
        _top(m) for m in IMPORTS["pipeline"]
    }
    assert "extract.decode" in IMPORTS["extract"]
    assert "ingest.files" in IMPORTS["ingest"]
    assert "models" in IMPORTS["extract.html"]


@pytest.mark.parametrize("foundation", FOUNDATIONS)
def test_foundations_import_nothing_from_sourcetrace(foundation):
    assert IMPORTS[foundation] == set()


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_itself_and_the_foundations(stage):
    allowed = {stage, *FOUNDATIONS}
    offenders = {
        f"{name} imports {target}"
        for name, targets in IMPORTS.items()
        if _top(name) == stage
        for target in targets
        if _top(target) not in allowed
    }
    assert offenders == set()


def test_only_outer_layers_import_more_than_one_stage():
    offenders = {}
    for name, targets in IMPORTS.items():
        if _top(name) in OUTER:
            continue
        stages = {_top(t) for t in targets if _top(t) in STAGES} - {_top(name)}
        if len(stages) > 1:
            offenders[name] = stages
    assert offenders == {}


def test_the_library_never_prints_outside_the_cli():
    offenders = []
    for name, path in MODULES.items():
        if name == "cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"print", "pprint"}
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
