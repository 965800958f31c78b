"""The example notebooks of docs/notebooks run clean, offline, in a kernel of this Python.

Each notebook names what it needs in its metadata (``"boundcalc": {"needs": [...]}``); one whose
needs are missing here (torch or matplotlib in the torch-free run) is skipped, and so is every one
where nbclient, nbformat or ipykernel is absent. The kernel is this interpreter, declared in a
kernelspec of its own (docs/hooks/notebooks.py, which executes them for the site as well), so no
other Python on the machine is picked up. The notebooks use only public names.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))
KERNEL = "boundcalc-tests"
CELL_TIMEOUT = 300


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


RUNNER = ("nbclient", "nbformat", "ipykernel")
needs_runner = pytest.mark.skipif(not all(_has(m) for m in RUNNER), reason="nbclient, nbformat or ipykernel is absent")


def _load_hook():
    spec = importlib.util.spec_from_file_location("notebooks_hook", ROOT / "docs" / "hooks" / "notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOK = _load_hook()  # the docs build executes the notebooks the same way


@functools.cache
def _executed(name: str):
    """The notebook run once per test session, in its own folder, by a kernel of this interpreter."""
    path = ROOT / "docs" / "notebooks" / name
    missing = HOOK.missing_needs(path)
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)}")
    return HOOK.execute(path)


def test_there_are_example_notebooks():
    names = {path.stem for path in NOTEBOOKS}
    assert {"reading-a-bound", "wide-enough", "crossovers", "study"} <= names


def test_the_committed_notebooks_carry_no_outputs():
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert all(not cell.get("outputs") for cell in cells if cell["cell_type"] == "code"), path.name


@needs_runner
@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_the_notebook_runs_clean(name):
    notebook = _executed(name)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)  # every cell ran
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", f"{name}: {output.get('ename')}: {output.get('evalue')}"
            assert output.get("name") != "stderr" or "Warning" not in output.get("text", ""), output.get("text")


@needs_runner
def test_an_evaluation_renders_as_latex_in_a_notebook():
    from boundcalc import width

    notebook = _executed("reading-a-bound.ipynb")
    [cell] = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source == "width(n=1000, L=10)"]
    [result] = [output for output in cell.outputs if output.output_type == "execute_result"]
    assert result.data["text/latex"] == width(n=1000, L=10)._repr_latex_()
    assert result.data["text/plain"] == repr(width(n=1000, L=10))


@needs_runner
def test_a_table_renders_as_html_in_a_notebook():
    notebook = _executed("reading-a-bound.ipynb")
    shown = [
        output.data
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "execute_result" and "text/html" in output.data
    ]
    assert any(data["text/plain"].startswith("<Table ") and "<sup>" in data["text/html"] for data in shown)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_the_notebooks_use_only_public_names(path):
    import ast

    import boundcalc

    public_modules = {"boundcalc", "boundcalc.tables", "boundcalc.check", "boundcalc.study", "boundcalc.errors"}
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("boundcalc"):
                assert node.module in public_modules, f"{path.name}: from {node.module} import …"
                if node.module == "boundcalc":
                    for alias in node.names:
                        assert alias.name in boundcalc.__all__, f"{path.name}: {alias.name} is not public"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("boundcalc"):
                        assert alias.name in public_modules, f"{path.name}: import {alias.name}"
