import json
import subprocess
import sys

import pytest


def test_issue_example_reports_log10_92(cli):
    code, out, err = cli(
        "width",
        "--n",
        "1000",
        "--L",
        "10",
        "--delta",
        "0.1",
        "--d",
        "1",
        "--log-power",
        "0",
        "--format",
        "json",
    )
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["log10"] == pytest.approx(92.0, abs=1e-12)
    for key in (
        "theorem",
        "quantity",
        "inputs",
        "exponents",
        "constant",
        "log_power",
        "log10",
        "value",
        "formula_latex",
        "source",
        "status",
    ):
        assert key in data
    assert data["inputs"] == {"n": 1000, "L": 10, "d": 1, "delta": 0.1}
    assert data["exponents"] == {"n": 24, "L": 12, "d": 1, "delta": -8}
    assert data["value"] == "1.000e+92" and data["status"] == "restated"


def test_text_shows_every_input_default_formula_source_and_status(cli):
    code, out, _ = cli("width", "--n", "1000", "--L", "10")
    assert code == 0
    for needle in (
        "7.835 × 10^103",
        "default: 1/L",
        "default: 1",
        "n^24 · L^12",
        "arXiv:1811.03962",
        "restated",
        "C = 1",
        "log power   5",
        "without the log factor",
    ):
        assert needle in out, needle


def test_overrides_from_the_command_line(cli):
    args = ["width", "--n", "1000", "--L", "10", "--delta", "0.1", "--log-power", "0", "--format", "json"]
    _, out, _ = cli(*args, "--exp", "n=20", "--exp", "L=3/2", "--constant", "10")
    data = json.loads(out)
    assert data["log10"] == pytest.approx(60 + 1.5 + 8 + 1, abs=1e-12)
    assert data["exponents"]["L"] == 1.5 and data["constant"] == 10


def test_bounds_lists_every_quantity_and_qualified_overrides(cli):
    code, out, _ = cli(
        "bounds", "--n", "100", "--L", "3", "--format", "json", "--exp", "width.n=2", "--log-power", "width=0"
    )
    assert code == 0
    data = json.loads(out)
    assert [d["quantity"] for d in data] == ["width", "step_size", "iterations", "rate", "distance"]
    assert data[0]["log10"] == pytest.approx(4 + 12 * 0.47712125471966244 + 8 * 0.47712125471966244, abs=1e-9)


@pytest.mark.parametrize("command", ["step-size", "iterations"])
@pytest.mark.parametrize("fmt", ["text", "json", "latex"])
def test_other_commands_and_formats(cli, command, fmt):
    code, out, err = cli(
        command, "--n", "50", "--L", "3", "--theorem", "als19-sgd", "--batch", "5", "--m", "1e40", "--format", fmt
    )
    assert code == 0 and err == "" and out.strip()
    if fmt == "json":
        assert json.loads(out)["theorem"] == "als19-sgd"
    if fmt == "latex":
        assert r"\[" in out and r"\]" in out


def test_list_and_explain(cli):
    code, out, _ = cli("list")
    assert code == 0 and all(key in out for key in ("als19-gd", "als19-sgd", "als19-grad", "als19-smooth"))
    code, out, _ = cli("explain", "als19-grad")
    assert code == 0 and "Theorem 3" in out and r"\frac" in out and "caveats" in out
    code, out, _ = cli("explain", "als19-gd", "--format", "json")
    assert json.loads(out)["status"] == "restated"


@pytest.mark.parametrize(
    "args",
    [
        ["width", "--n", "0", "--L", "10"],
        ["width", "--n", "2.5", "--L", "10"],
        ["width", "--n", "abc", "--L", "10"],
        ["width", "--n", "1e5000", "--L", "10"],
        ["width", "--n", "100", "--L", "-1"],
        ["width", "--n", "100", "--L", "10", "--delta", "0"],
        ["width", "--n", "100", "--L", "10", "--delta", "2.5"],
        ["width", "--n", "100", "--L", "10", "--d", "1.5"],
        ["iterations", "--n", "100", "--L", "10", "--eps", "0"],
        ["iterations", "--n", "100", "--L", "10", "--eps", "-1"],
        ["iterations", "--n", "100", "--L", "10", "--eps", "2"],
        ["width", "--theorem", "sgd", "--n", "100", "--L", "10", "--batch", "0"],
        ["width", "--theorem", "als19-sgd", "--n", "10", "--L", "10", "--batch", "20"],
        ["width", "--theorem", "nope", "--n", "100", "--L", "10"],
        ["width", "--theorem", "als19-grad", "--n", "100", "--L", "10"],
        ["width", "--n", "100", "--L", "10", "--exp", "q=3"],
        ["width", "--n", "100", "--L", "10", "--exp", "n"],
        ["width", "--n", "100", "--L", "10", "--exp", "n=abc"],
        ["width", "--n", "100", "--L", "10", "--exp", "=3"],
        ["width", "--n", "100", "--L", "10", "--exp", "__import__('os').system('true')=1"],
        ["width", "--n", "100", "--L", "10", "--exp", "nope.n=3"],
        ["width", "--n", "100", "--L", "10", "--constant", "0"],
        ["width", "--n", "100", "--L", "10", "--constant", "abc"],
        ["width", "--n", "100", "--L", "10", "--log-power", "-1"],
        ["width", "--n", "100", "--L", "10", "--format", "yaml"],
        ["width", "--L", "10"],
        ["width", "--n", "100", "--L", "10", "--bogus"],
        ["bounds", "--n", "100", "--L", "10", "--exp", "n=3"],
        ["bounds", "--n", "100", "--L", "10", "--constant", "3"],
        ["explain", "als19"],
        ["frobnicate"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args):
    code, out, err = cli(*args)
    assert code == 2, (args, out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("boundcalc: error: ") and "Traceback" not in err


def test_entry_points_and_no_heavy_imports(tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("1,0,2\n0,1,1\n1,1,0\n")
    calculator = [  # every command but check, sweep and report: none may import torch or matplotlib
        ["bounds", "--n", "100", "--L", "5"],
        ["list"],
        ["explain", "du19-2layer"],
        ["max-n", "--m", "1e60", "--L", "3"],
        ["compare", "--data", str(points), "--L", "2"],
        ["table", "--n", "10,100", "--L", "2,3", "--format", "latex"],
    ]
    probe = (
        "import sys; from boundcalc.cli import main; "
        f"codes = [main(args) for args in {calculator!r}]; "
        "assert codes == [0] * len(codes), codes; "
        "assert 'torch' not in sys.modules and 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-m", "boundcalc", "width", "--n", "1000", "--L", "10", "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["log10"] > 100
    bad = subprocess.run([sys.executable, "-m", "boundcalc", "width", "--n", "x"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
