"""The Python API matches the command line: every command has a public function that gives what it prints.

Also the option spellings (hyphens; old underscore spellings accepted with a note), the registry's
"did you mean", the commands without repository defaults, and the revision stored results record.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from pathlib import Path

import click
import numpy as np
import pytest

import boundcalc
from boundcalc._version import __version__, revision
from boundcalc.cli import FAMILIES
from boundcalc.cli.app import cli

ROOT = Path(__file__).resolve().parents[2]

# every command → the public name that does its work from Python (a facade's name, or for the study,
# whose facade is being rewritten, the module function the command calls)
PUBLIC = {
    "width": "boundcalc.width",
    "step-size": "boundcalc.step_size",
    "iterations": "boundcalc.iterations",
    "bounds": "boundcalc.bounds",
    "explain": "boundcalc.REGISTRY",  # REGISTRY[key]: the Theorem, its formulas, assumptions, source, status
    "list": "boundcalc.REGISTRY",
    "catalogue": "boundcalc.tables.catalogue_markdown",
    "table": "boundcalc.tables.grid_table",
    "compare": "boundcalc.compare",
    "make-tables": "boundcalc.tables.generate_tables",
    "max-n": "boundcalc.max_n",
    "solve": "boundcalc.solve",
    "crossover": "boundcalc.crossover",
    "kernel": "boundcalc.limit_kernel",
    "cite": "boundcalc.cite",
    "check": "boundcalc.check.run_check",
    "sweep": "boundcalc.study.sweep.run_sweep",
    "report": "boundcalc.study.report.write_report",
    "plot": "boundcalc.plot",
    "coverage": "boundcalc.theory.coverage.coverage",  # not yet in a facade: the catalogue's owner exports it
}


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_every_command_has_a_public_function():
    missing = sorted(set(FAMILIES) - set(PUBLIC))
    assert not missing, f"commands without a public function in PUBLIC: {missing}"
    for command in FAMILIES:
        module, _, name = PUBLIC[command].rpartition(".")
        if module.startswith("boundcalc.check") or module.startswith("boundcalc.study"):
            pytest.importorskip("torch")
        if module.startswith("boundcalc.study") or name == "plot":
            pytest.importorskip("matplotlib")
        facade = importlib.import_module(module)
        if hasattr(facade, "__all__") and module.count(".") <= 1:
            assert name in facade.__all__, f"{command}: {PUBLIC[command]} is not in {module}.__all__"
        target = _resolve(PUBLIC[command])
        assert (target.__doc__ or "").strip(), f"{command}: {PUBLIC[command]} has no docstring"


def test_the_python_names_the_docs_promise_are_public():
    for name in ("compare", "measure", "limit_kernel", "cite"):
        assert name in boundcalc.__all__ and callable(getattr(boundcalc, name))


def test_compare_gives_what_the_command_prints(cli):
    code, out, _ = cli("compare", "--n", "1000", "--L", "10", "--format", "json")
    assert code == 0
    printed = json.loads(out)
    result = boundcalc.compare(n=1000, L=10).to_dict()
    assert json.loads(json.dumps(result, default=str)) == printed
    by_key = {record["theorem"]: record for record in result["results"]}
    # als19-gd at n = 1000, L = 10, δ = 1/L: m ≥ n^24 L^12 δ^-8 log^5 m, solved for m (docs/python.md)
    assert by_key["als19-gd"]["width"]["value"] == "7.835e+103"
    assert by_key["du19-2layer"]["width"] == {"needs": "lambda0", "meaning": by_key["du19-2layer"]["width"]["meaning"]}


def test_compare_takes_keys_overrides_and_a_data_file(cli):
    data = ROOT / "docs" / "examples" / "points.csv"
    code, out, _ = cli("compare", "--theorem", "als19-gd,zou19", "--data", str(data), "--format", "json")
    assert code == 0
    assert boundcalc.compare("als19-gd,zou19", data=data).to_dict() == json.loads(out)
    with_delta = boundcalc.compare(["zou19"], exponents=["zou19.width.delta=-2"], n=100, L=2, delta=0.5)
    assert "log10" in with_delta.records[0]["width"]
    with pytest.raises(boundcalc.UnknownTheoremError):
        boundcalc.compare(["nope"], n=10)


def test_measure_gives_delta_and_lambda0_by_hand():
    # rows e_i become (e_i/√2, 1/√2): any two are 1 apart; the unit rows are orthogonal, so
    # H∞ = I · 1·(π − arccos 1)/(2π) = I/2 and λ0 = 1/2
    summary = boundcalc.measure(np.eye(3))
    assert (summary.n, summary.d_in) == (3, 3)
    assert summary.delta == pytest.approx(1.0)
    assert summary.lambda0 == pytest.approx(0.5)
    from_file = boundcalc.measure(ROOT / "docs" / "examples" / "points.csv")
    assert from_file.n == 5 and from_file.delta == pytest.approx(0.1166, abs=1e-4)


@pytest.mark.parametrize("bad", [np.zeros((0, 2)), np.array([1.0, 2.0]), np.array([[1.0, np.nan]]), [["a", "b"]]])
def test_measure_refuses_bad_arrays(bad):
    with pytest.raises(boundcalc.InputError):
        boundcalc.measure(np.asarray(bad))


def test_limit_kernel_matches_the_kernel_command(cli, tmp_path):
    data = tmp_path / "two.csv"
    data.write_text("1,0,0\n0,1,0\n")
    code, out, _ = cli("kernel", "--data", str(data), "--L", "2", "--format", "json")
    assert code == 0
    printed = json.loads(out)
    summary = boundcalc.limit_kernel(data, L=2)
    assert summary.lambda_min == pytest.approx(printed["ntk_limit_lambda_min"], rel=1e-12)
    assert summary.lambda_max == pytest.approx(printed["ntk_limit_lambda_max"], rel=1e-12)
    for bad in (0, 10_001, 2.5, True):
        with pytest.raises(boundcalc.InputError):
            boundcalc.limit_kernel(data, L=bad)


def test_cite_gives_what_the_command_prints(cli):
    code, out, _ = cli("cite", "als19-gd", "als19-sgd", "du19-2layer")
    assert code == 0
    text = boundcalc.cite("als19-gd", "als19-sgd", "du19-2layer")
    assert out == text
    assert text.count("@") == 2  # the two als19 entries share one paper
    with pytest.raises(boundcalc.InputError):
        boundcalc.cite()


def _options(command: click.Command) -> list[str]:
    return [flag for parameter in command.params for flag in getattr(parameter, "opts", ()) if flag.startswith("--")]


def test_options_are_spelled_with_hyphens():
    context = click.Context(cli)
    for name in FAMILIES:
        command = cli.get_command(context, name)
        assert command is not None
        underscored = [flag for flag in _options(command) if "_" in flag]
        assert not underscored, f"{name}: {underscored}"


@pytest.mark.parametrize("command", ["table", "width", "compare"])
def test_old_underscore_spellings_still_work_with_a_note(cli, command):
    args = [command, "--n", "100", "--L", "2", "--fail_prob", "0.2"]
    code, out, err = cli(*args)
    new_code, new_out, new_err = cli(*[a.replace("_", "-") for a in args])
    assert code == new_code == 0
    assert out == new_out
    assert "--fail_prob is deprecated; use --fail-prob" in err and "deprecated" not in new_err
    code, _, err = cli("table", "--n", "100", "--L", "2", "--eps_test=0.1")
    assert code == 0 and "use --eps-test" in err


def test_help_hides_the_old_spellings(cli):
    code, out, _ = cli("table", "--help")
    assert code == 0
    assert "--lambda-deep" in out and "--lambda_deep" not in out


def test_an_unknown_option_is_still_refused(cli):
    code, _, err = cli("width", "--n", "10", "--no_such", "1")
    assert code == 2 and "--no_such" in err


@pytest.mark.parametrize(
    ("typed", "suggested", "not_suggested"),
    [
        ("du19", ["'du19-2layer'", "'du19-deep'"], "zou19"),
        ("als19-sg", ["'als19-sgd'"], "zou19"),
        ("zuo19", ["'zou19'"], "du19"),
    ],
)
def test_did_you_mean_prefers_prefixes_and_families(cli, typed, suggested, not_suggested):
    code, _, err = cli("width", "--theorem", typed, "--n", "10")
    assert code == 2
    hint = err.split("did you mean", 1)[1]
    for key in suggested:
        assert key in hint
    assert not_suggested not in hint


def test_commands_without_repository_defaults(cli):
    code, _, err = cli("make-tables")
    assert code == 2 and "name the spec file" in err
    code, _, err = cli("report", "--store", "x.sqlite")
    assert code == 2 and "--outdir" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_revision_is_boundcalc_own_or_its_version(tmp_path):
    def git(where: Path, *args: str) -> None:
        subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True)

    def commit(where: Path) -> None:
        git(where, "init", "-q")
        git(where, "add", ".")
        git(where, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")

    # boundcalc installed in a virtual environment inside another project's repository
    other = tmp_path / "project"
    installed = other / ".venv" / "lib" / "site-packages" / "boundcalc"
    installed.mkdir(parents=True)
    (installed / "__init__.py").write_text("")
    (other / "pyproject.toml").write_text("[project]\nname = 'other'\n")
    commit(other)
    assert revision.__wrapped__(installed) == __version__
    # boundcalc's own checkout: the top of the work tree holds the package and pyproject.toml
    checkout = tmp_path / "boundcalc-checkout"
    (checkout / "boundcalc").mkdir(parents=True)
    (checkout / "boundcalc" / "__init__.py").write_text("")
    (checkout / "pyproject.toml").write_text("[project]\nname = 'boundcalc'\n")
    commit(checkout)
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert revision.__wrapped__(checkout / "boundcalc") == head.strip()
    (checkout / "boundcalc" / "__init__.py").write_text("changed = 1\n")
    assert revision.__wrapped__(checkout / "boundcalc") == head.strip() + "+changes"
    # no repository at all
    plain = tmp_path / "plain" / "boundcalc"
    plain.mkdir(parents=True)
    assert revision.__wrapped__(plain) == __version__
