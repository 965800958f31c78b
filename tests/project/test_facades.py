"""A facade's three lists of its public names agree: ``_EXPORTS`` (each lazy name and its module),
the ``if TYPE_CHECKING`` imports (for type checkers) and the literal ``__all__`` (griffe, which draws
the API reference, and ruff read only a literal): a name added to one and not the others fails."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "boundcalc"
# names a facade imports at once (not lazily), besides those of _EXPORTS
EAGER = {
    "boundcalc": ["__version__", "BoundcalcError", "InputError", "ParseError", "UnknownTheoremError", "Quantity"],
    "boundcalc.check": [],
}
FACADES = {"boundcalc": PACKAGE / "__init__.py", "boundcalc.check": PACKAGE / "check" / "__init__.py"}


def type_checking_imports(path: Path) -> dict[str, str]:
    """Each name the module imports under ``if TYPE_CHECKING:``, with the module it comes from."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.body:
                if isinstance(child, ast.ImportFrom):
                    found.update({alias.asname or alias.name: child.module or "" for alias in child.names})
    return found


@pytest.mark.parametrize("facade", sorted(FACADES))
def test_type_checking_imports_match_the_exports(facade):
    module = importlib.import_module(facade)
    assert type_checking_imports(FACADES[facade]) == module._EXPORTS


@pytest.mark.parametrize("facade", sorted(FACADES))
def test_every_export_is_public_and_names_a_real_attribute_of_its_module(facade):
    module = importlib.import_module(facade)
    eager = {name for name in module.__all__ if name not in module._EXPORTS}
    assert eager <= set(EAGER[facade]), f"{facade}.__all__ names what _EXPORTS does not: {eager - set(EAGER[facade])}"
    assert set(module._EXPORTS) <= set(module.__all__) and len(module.__all__) == len(set(module.__all__))
    for name, home in module._EXPORTS.items():
        if home.startswith("boundcalc.check.") and importlib.util.find_spec("torch") is None:
            continue  # the checker's modules need torch
        assert hasattr(importlib.import_module(home), name), f"{home} has no {name}"


def test_the_check_sees_a_mismatch(tmp_path):
    path = tmp_path / "facade.py"
    path.write_text("if TYPE_CHECKING:\n    from a.b import c, d as e\nimport x\n")
    assert type_checking_imports(path) == {"c": "a.b", "e": "a.b"}
