"""No module of boundcalc imports another's private name: what two modules share is public in one
of them. (Attribute access to a private member, ``report._seeds(...)``, is ruff's SLF001.)"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "boundcalc"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def private_imports(path: Path, name: str, modules: set[str]) -> list[str]:
    """``module: name`` for each private name the module ``name`` at ``path`` imports from a boundcalc module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        if base.split(".")[0] != "boundcalc":
            continue
        for alias in node.names:
            private = alias.name.startswith("_") and not alias.name.startswith("__")
            if private and f"{base}.{alias.name}" not in modules:  # a private module is the package's own
                found.append(f"{base}: {alias.name}")
    return found


def test_no_private_name_is_imported_across_modules():
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    found = {str(path.relative_to(PACKAGE)): private_imports(path, _module_name(path), modules) for path in paths}
    assert "numbers/evaluate.py" in found  # the walk sees the package
    assert {path: names for path, names in found.items() if names} == {}


def test_the_check_finds_a_private_import(tmp_path):
    module = tmp_path / "a.py"
    module.write_text(
        "from boundcalc.numbers.evaluate import evaluate, _hidden\n"
        "from boundcalc import _version\n"
        "from os import _exit\n"
        "def f():\n    from boundcalc.theory.bound import __doc__, _late\n"
    )
    found = private_imports(module, "boundcalc.cli.a", {"boundcalc._version"})
    assert found == ["boundcalc.numbers.evaluate: _hidden", "boundcalc.theory.bound: _late"]
