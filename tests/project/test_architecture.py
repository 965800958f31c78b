"""The house's rules, checked: the import contract holds and breaks on a violation; public names exist."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
needs_linter = pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is not installed")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"}
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "boundcalc", tmp_path / "boundcalc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


@needs_linter
def test_the_import_contract_holds():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "BROKEN" not in done.stdout and done.stdout.count("KEPT") == 7


@needs_linter
@pytest.mark.parametrize(
    "module, violation, contract",
    [
        ("theory/symbols.py", "import boundcalc.cli", "Nothing imports the command line"),
        ("theory/bound.py", "import boundcalc.numbers.magnitude", "Layers"),
        ("render/table.py", "import torch", "torch only under check/"),
        ("numbers/compare.py", "import matplotlib", "matplotlib and Dask only under study/"),
        ("data/sphere.py", "import boundcalc.theory.registry", "Layers"),
        ("data/stats.py", "import sympy", "data/ is NumPy and SciPy only"),
    ],
)
def test_the_import_contract_breaks_on_a_violation(tmp_path, module, violation, contract):
    copy = _copy(tmp_path)
    path = copy / "boundcalc" / module
    path.write_text(
        path.read_text().replace(
            "from __future__ import annotations\n", f"from __future__ import annotations\n\n{violation}\n", 1
        )
    )
    done = _lint(copy)
    assert done.returncode != 0
    assert f"{contract}" in done.stdout and "BROKEN" in done.stdout.split("Broken contracts")[0]
    assert violation.split()[-1].split(".")[0] in done.stdout


def _public(module_name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(module_name)
    return [(name, getattr(module, name)) for name in module.__all__]


@pytest.mark.parametrize("module_name", ["boundcalc", "boundcalc.tables", "boundcalc.errors"])
def test_every_exported_name_exists_and_is_documented(module_name):
    for name, value in _public(module_name) if module_name != "boundcalc.errors" else _errors():
        if callable(value) and not name.startswith("__"):
            assert (value.__doc__ or "").strip(), f"{module_name}.{name} has no docstring"


def _errors() -> list[tuple[str, object]]:
    import boundcalc.errors as errors

    return [(name, value) for name, value in vars(errors).items() if isinstance(value, type)]


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="the checker needs torch")
def test_every_name_of_the_checker_facade_resolves():
    for name, value in _public("boundcalc.check"):
        assert value is not None and (value.__doc__ or "").strip() or not callable(value), name


def test_the_calculator_imports_no_torch_matplotlib_or_dask():
    code = (
        "import sys, boundcalc, boundcalc.tables, boundcalc.cli, boundcalc.check.config, boundcalc.study.sweep_spec; "
        "print(sorted(m for m in ('torch', 'matplotlib', 'dask', 'distributed') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_one_version_source():
    import boundcalc
    from boundcalc._version import __version__

    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'version = {attr = "boundcalc._version.__version__"}' in pyproject
    assert "\nversion = " not in pyproject.split("[project]")[1].split("[")[0]
    assert boundcalc.__version__ == __version__
    assert (ROOT / "boundcalc" / "py.typed").is_file() and (ROOT / "LICENSE").is_file()
    assert (
        f"[{__version__}]" in (ROOT / "CHANGELOG.md").read_text()
        or "[Unreleased]" in (ROOT / "CHANGELOG.md").read_text()
    )


def test_every_command_is_listed_in_its_family_and_loaded_alone():
    from boundcalc.cli import FAMILIES

    listed = {}
    for family in set(FAMILIES.values()):
        for command in importlib.import_module(f"boundcalc.cli.{family}").COMMANDS:
            listed[command.name] = family
    assert listed == FAMILIES
    # the calculator's commands load neither the checker's nor the study's modules
    code = (
        "import sys; from boundcalc.cli import main; main(['width', '--n', '10', '--L', '2']); "
        "print(sorted(m for m in sys.modules if m.startswith(('boundcalc.cli.', 'boundcalc.check', 'boundcalc.study'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip().splitlines()[-1]
        == "['boundcalc.cli.app', 'boundcalc.cli.bounds', 'boundcalc.cli.exits', 'boundcalc.cli.options']"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["width", "--n", "1000", "--L", "10"],
        ["bounds", "--n", "1000", "--L", "10", "--delta", "0.1", "--format", "json"],
        ["step-size", "--n", "100", "--L", "3", "--theorem", "als19-gd"],
    ],
)
def test_numbers_need_no_sympy(argv):
    """SymPy is most of a command's start-up: a value is computed in log space without it."""
    code = f"import sys; from boundcalc.cli import main; main({argv!r}); print('sympy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_no_facade_name_is_shadowed_by_a_module_of_the_same_name():
    """``from boundcalc.check import train`` must give the function even once the module holding it is
    loaded (a submodule named like a facade name replaces it on the package when imported)."""
    for package in ("boundcalc", "boundcalc.check"):
        module = importlib.import_module(package)
        homes = module._EXPORTS
        assert not [name for name in homes if importlib.util.find_spec(f"{package}.{name}") is not None]
    if importlib.util.find_spec("torch") is None:
        return  # the checker's modules need torch: the names are checked above without them
    code = (
        "import boundcalc.check.model, boundcalc.check.data; "
        "from boundcalc.check import init_network, synthetic, train, run_check; "
        "print(all(callable(f) and not hasattr(f, '__path__') and type(f).__name__ != 'module' "
        "for f in (init_network, synthetic, train, run_check)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
