"""The catalogue: entries, compare (on inputs and on data), bound files, the safe parser, inverse questions."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boundcalc import REGISTRY, InputError, ParseError, evaluate, width
from boundcalc.data.stats import measure
from boundcalc.numbers.inverse import max_n, solve
from boundcalc.parsing.expression import parse_expression
from boundcalc.theory.boundfile import load_bound_file
from boundcalc.theory.symbolic import SYMBOLS

POINT = [
    "--n",
    "1000",
    "--L",
    "10",
    "--delta",
    "0.1",
    "--lambda0",
    "0.01",
    "--margin",
    "0.1",
    "--fail-prob",
    "0.05",
    "--d-in",
    "20",
]


def test_list_shows_at_least_ten_entries_with_status(cli):
    code, out, _ = cli("list", "--format", "json")
    entries = json.loads(out)
    assert code == 0 and len(entries) >= 10
    assert all(e["status"] in ("stated", "restated", "derived", "recalled") for e in entries)
    assert {"floor", "existence", "guarantee"} <= {e["kind"] for e in entries}


def test_explain_shows_kernel_and_symbols(cli):
    code, out, _ = cli("explain", "du19-2layer")
    assert code == 0 and "H∞" in out and "p^-3" in out
    code, out, _ = cli("explain", "arora19", "--format", "json")
    data = json.loads(out)
    assert data["kernel"].startswith("H∞") and data["derived"] == {"kappa": "arora19 init_scale"}


def test_compare_evaluates_most_entries_at_the_same_inputs(cli):
    code, out, _ = cli("compare", *POINT, "--format", "json")
    records = json.loads(out)["results"]
    # every row whose exponents are all known and whose inputs are given or defaulted has a number
    sized = [r for r in records if any(r[q] and "log10" in r[q] for q in ("width", "parameters"))]
    assert code == 0 and len(sized) >= 12
    by_key = {r["theorem"]: r for r in records}
    assert by_key["als19-gd"]["width"]["log10"] == pytest.approx(width(n=1000, L=10, delta=0.1).log10)
    assert by_key["du19-2layer"]["width"]["log10"] == pytest.approx(math.log10(1000**6 / (0.01**4 * 0.05**3)))
    code, out, _ = cli("compare", "--n", "1000", "--L", "10")
    assert code == 0 and "needs λ0" in out and "needs d_in" in out and "order only" not in out


def _reference_lambda0(points: np.ndarray) -> float:
    """H∞ entry by entry with math.acos, then numpy's general eigensolver: independent of the code under test."""
    unit = [[v / math.sqrt(sum(w * w for w in row)) for v in row] for row in points.tolist()]
    n = len(unit)
    gram = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            inner = 1.0 if i == j else max(-1.0, min(1.0, sum(a * b for a, b in zip(unit[i], unit[j]))))
            gram[i, j] = inner * (math.pi - math.acos(inner)) / (2 * math.pi)
    return float(min(np.linalg.eigvals(gram).real))


def test_lambda0_from_data_matches_an_independent_reference(tmp_path):
    points = np.random.default_rng(3).standard_normal((25, 4))
    np.savetxt(tmp_path / "x.csv", points, delimiter=",")
    summary = measure(tmp_path / "x.csv")
    assert summary.n == 25 and summary.d_in == 4
    assert summary.lambda0 == pytest.approx(_reference_lambda0(points), rel=1e-9)
    # the separation on the paper's sphere, by brute force
    lifted = np.hstack(
        [points / np.linalg.norm(points, axis=1, keepdims=True) / math.sqrt(2), np.full((25, 1), 1 / math.sqrt(2))]
    )
    brute = min(np.linalg.norm(lifted[i] - lifted[j]) for i in range(25) for j in range(i))
    assert summary.delta == pytest.approx(brute, rel=1e-9)


def test_compare_on_data(cli, tmp_path):
    np.save(tmp_path / "x.npy", np.random.default_rng(0).standard_normal((30, 5)))
    code, out, _ = cli("compare", "--data", str(tmp_path / "x.npy"), "--L", "3", "--margin", "0.2", "--format", "json")
    payload = json.loads(out)
    evaluated = [r for r in payload["results"] if r["width"] and "log10" in r["width"]]
    assert code == 0 and len(evaluated) >= 8 and payload["data"]["n"] == 30
    du = next(r for r in payload["results"] if r["theorem"] == "du19-2layer")
    expected = 6 * math.log10(30) - 4 * math.log10(payload["data"]["lambda0"]) - 3 * math.log10(0.1)
    assert du["width"]["log10"] == pytest.approx(math.log10(math.ceil(10**expected)), abs=1e-9)


def test_duplicate_and_parallel_points_are_reported(cli, tmp_path):
    points = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [2.0, 0.0, 0.0]])  # rows 0 and 2 are parallel
    np.save(tmp_path / "p.npy", points)
    code, out, _ = cli("compare", "--data", str(tmp_path / "p.npy"), "--L", "2")
    assert code == 0 and "δ = 0" in out and "λ0 ≤ 0" in out and "∞" in out


@pytest.mark.parametrize(
    "content, name",
    [("", "e.csv"), ("1,2\n3\n", "r.csv"), ("a,b\n", "t.csv"), ("1,2\n", "x.txt"), (None, "missing.npy")],
)
def test_bad_data_files(cli, tmp_path, content, name):
    if content is not None:
        (tmp_path / name).write_text(content)
    code, out, err = cli("compare", "--data", str(tmp_path / name))
    assert code == 2 and out == "" and err.count("\n") == 1


GOOD_FILE = """
[[theorem]]
key = "my-bound"
paper = "Me, You"
year = 2026
status = "recalled"
source = "arXiv:2601.00000"
[theorem.quantities]
width = "n^4 * L^2 / delta^2"
step_size = "delta / (n^2 * m)"
iterations = {formula = "n^2 * log(1/eps)", order = "O"}
"""


def test_a_bound_file_declares_a_theorem(cli, tmp_path):
    path = tmp_path / "b.toml"
    path.write_text(GOOD_FILE)
    code, out, _ = cli(
        "width",
        "--bound-file",
        str(path),
        "--theorem",
        "my-bound",
        "--n",
        "100",
        "--L",
        "3",
        "--delta",
        "0.5",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["value"] == str(100**4 * 9 * 4)
    code, out, _ = cli(
        "step-size",
        "--bound-file",
        str(path),
        "--theorem",
        "my-bound",
        "--n",
        "100",
        "--L",
        "3",
        "--delta",
        "0.5",
        "--format",
        "json",
    )
    assert json.loads(out)["log10"] == pytest.approx(math.log10(0.5 / (100**2 * 100**4 * 9 * 4)))
    code, out, _ = cli("compare", "--bound-file", str(path), "--n", "100", "--L", "3")
    assert code == 0 and "my-bound" in out
    assert "my-bound" not in REGISTRY  # the default registry is untouched


HOSTILE = [
    "__import__('os').system('touch {marker}')",
    "().__class__.__bases__[0].__subclasses__()",
    "n.__class__",
    "(lambda: 1)()",
    "[n for n in (1, 2)]",
    "9**9**9**9",
    "open('{marker}', 'w')",
    "exec('1')",
    "n if L else d",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_bound_files_and_exponents_are_refused(tmp_path, payload):
    marker = tmp_path / "pwned"
    formula = payload.format(marker=marker)
    path = tmp_path / "evil.toml"
    path.write_text(
        '[[theorem]]\nkey = "evil"\npaper = "x"\nstatus = "recalled"\nsource = "x"\n'
        f"[theorem.quantities]\nwidth = {json.dumps(formula)}\n"
    )
    for args in (
        ["width", "--bound-file", str(path), "--n", "10", "--L", "2"],
        ["width", "--n", "10", "--L", "2", "--exp", f"n={formula}"],
    ):
        done = subprocess.run([sys.executable, "-m", "boundcalc", *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stdout == "" and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not marker.exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[theorem]]\nkey = "Bad Key"\npaper = "x"\nstatus = "recalled"\nsource = "x"', "key"),
        ('[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "sure"\nsource = "x"', "status"),
        ('[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\ncolour = 1', "unknown field"),
        ('[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"', "quantities"),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities]\nwidth = "m*n"',
            "may not contain m",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities]\nwidth = "q"',
            "unknown name",
        ),
        ("[[theorem]\n", "TOML"),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nformula = "n"\nlog_power = nan',
            "finite",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities]\nwidth = "n"\n'
            * 2,
            "names two theorems",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = 2}\nsymbol = "x"',
            "set by boundcalc",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {nope = 2}',
            "unknown factor",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = 2}\nformula = "n"',
            "either a formula",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = 2}\nunknown = ["L"]',
            "not one of its factors",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = "1/0"}',
            "exponent of n",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = 2}\norder = "ω"',
            "order must be",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = 2}\nmaximum = [{n = 1}]',
            "at least two",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[theorem.quantities.width]\nfactors = {n = 2}\nevidence = {status = "stated"}',
            "text",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\n[[theorem.assumptions]]\ntext = "t"\ncheck = {product = {n = 1}}\n'
            '[theorem.quantities]\nwidth = "n"',
            "at_most or below",
        ),
        (
            '[[theorem]]\nkey = "a"\npaper = "x"\nstatus = "stated"\nsource = "x"\nderived = {m = "a.b.c"}\n[theorem.quantities]\nwidth = "n"',
            "derived",
        ),
    ],
)
def test_bad_bound_files_name_the_field(tmp_path, text, message):
    path = tmp_path / "b.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_bound_file(path)


@given(st.text(max_size=200))
def test_the_parser_parses_or_raises_its_own_error(text):
    try:
        result = parse_expression(text, SYMBOLS)
    except ParseError:
        return
    assert result.is_finite is not False


_PIECES = st.sampled_from(
    [
        "n",
        "L",
        "delta",
        "m",
        "1",
        "2",
        "0",
        "1e3",
        "3/2",
        "+",
        "-",
        "*",
        "/",
        "^",
        "**",
        "(",
        ")",
        "log(",
        "sqrt(",
        "exp(",
        ",",
        ".",
        "x",
        "__",
        "[",
        "]",
        " ",
        "9",
        "e",
        "pi",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_parser_on_formula_like_text(text):
    try:
        parse_expression(text, SYMBOLS)
    except ParseError:
        pass


@settings(max_examples=40, deadline=None)
@given(st.floats(20, 300), st.integers(1, 50))
def test_max_n_round_trips_with_width(log10_m, depth):
    m = 10.0**log10_m
    result = max_n("als19-gd", m=m, L=depth)
    if result.value is None:
        assert width(n=1, L=depth).log10 > log10_m
        return
    n = result.value
    assert width(n=n, L=depth).log10 <= log10_m < width(n=n + 1, L=depth).log10


def test_solve_for_a_real_input_and_for_other_theorems():
    result = solve("als19-gd", "width", 1e80, "delta", {"n": 100, "L": 10})
    assert result.within == "above"
    assert width(n=100, L=10, delta=result.value).log10 == pytest.approx(80, abs=1e-6)
    result = solve("du19-2layer", "width", 1e20, "lambda0", {"n": 100})
    assert evaluate("du19-2layer", "width", n=100, lambda0=result.value).log10 == pytest.approx(20, abs=1e-6)
    assert max_n("bubeck20", m=12344, d_in=4).value == 12344  # 4n/d_in ≤ m
    # known only as an order: evaluated like any other (its hidden factors set to 1), orders= changes nothing
    assert max_n("nguyen21", m=12345).value == max_n("nguyen21", m=12345, orders=True).value == 12345


def test_max_n_cli(cli):
    code, out, _ = cli("max-n", "--m", "1e100", "--L", "10")
    assert code == 0 and "n ≤ 693" in out
    code, out, _ = cli("max-n", "--m", "1e9", "--L", "10", "--format", "json")
    assert code == 0 and json.loads(out)["value"] is None
    code, _, err = cli("max-n", "--L", "10")
    assert code == 2 and "needs --m" in err


def test_the_catalogue_is_data_in_the_bound_file_format():
    """Every built-in entry comes from a catalogue file, read by the loader users' bound files go through."""
    from importlib.resources import files

    from boundcalc.theory.boundfile import CATALOGUE_FILES, builtin_theorems, parse_bound_text

    folder = files("boundcalc.theory").joinpath("catalogue")
    shipped = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
    assert shipped == sorted(f"{name}.toml" for name in CATALOGUE_FILES)
    assert [t.key for t in builtin_theorems()] == list(REGISTRY)
    # a user's file may use every field a built-in one does, but never set LaTeX symbols
    text = folder.joinpath("deep.toml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="set by boundcalc"):
        parse_bound_text(text, "copy")
    trusted = {t.key: t for t in parse_bound_text(text, "copy", trusted=True)}
    assert trusted["du19-deep"].quantity("width").maximum == REGISTRY["du19-deep"].quantity("width").maximum


def test_a_user_file_can_write_factors_evidence_and_checks(cli, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[theorem]]\nkey = "mine"\npaper = "Me"\nsource = "arXiv:2601.00000"\n'
        'evidence = { status = "stated", text = "Me, arXiv:2601.00000 v2", where = "Theorem 1", quote = "m ≥ n^3/δ" }\n'
        '[[theorem.assumptions]]\ntext = "δ L ≤ 1"\ncheck = { product = { delta = 1, L = 1 }, at_most = 1 }\n'
        '[theorem.quantities.width]\nfactors = { n = 3, delta = -1, d = 0 }\nunknown = ["d"]\n'
    )
    code, out, err = cli("width", "--bound-file", str(path), "--theorem", "mine", "--n", "10", "--L", "2")
    assert code == 2 and "--exp width.d=" in err  # an exponent no source gives is asked for, not assumed
    code, out, err = cli(
        "width", "--bound-file", str(path), "--theorem", "mine", "--n", "10", "--L", "2", "--delta", "0.5",
        "--exp", "d=0", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["log10"] == pytest.approx(math.log10(10**3 / 0.5))
    code, out, _ = cli("explain", "mine", "--bound-file", str(path), "--format", "json")
    assert json.loads(out)["evidence"]["quote"] == "m ≥ n^3/δ"


def test_two_bound_files_declaring_one_key_are_refused(cli, tmp_path):
    body = '[[theorem]]\nkey = "twice"\npaper = "x"\nstatus = "recalled"\nsource = "x"\n[theorem.quantities]\nwidth = "n"\n'
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(body)
    second.write_text(body)
    code, out, err = cli(
        "width", "--theorem", "twice", "--n", "3", "--bound-file", str(first), "--bound-file", str(second)
    )
    assert code == 2 and "both declare 'twice'" in err and err.count("\n") == 1
