"""Hostile input: every numeric option of every calculator command, and stores that are not what they seem.

Each probe must end in exit 0 or 2 with at most one line on stderr: never a traceback, never an
'unexpected' error, never a hang (each call runs under an alarm), never a changed byte in a file
boundcalc did not create.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boundcalc.study.store import Store

EDGES = [
    "0", "-1", "1", "2", "1e308", "1e309", "1e-308", "1e-400", "1e1000", "1e-1000", "1e100000",
    "inf", "-inf", "nan", "NaN", "1/0", "0/0", "1/3", "10/1e-300", "1e-300/3", "3/1e300",
    "99999999999999999999999999999999", "-0", "0.0", "٣", "１２", "Ⅻ", "1_0", "0x1f", "", " ", "1,2",
    "1e", "e5", "--1", "2**64", "exp(1)", "__import__('os')", "\u00a05", "5\u200b",
]  # fmt: skip
NUMBERS = st.one_of(
    st.sampled_from(EDGES),
    st.integers(-(10**40), 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.fractions(max_denominator=10**30).map(str),
    st.builds(lambda a, b: f"{a}e{b}", st.integers(-9, 9), st.integers(-2000, 2000)),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl", "Zs", "Po"]), max_size=6),
)
# (command, its fixed arguments, the numeric options it takes)
COMMANDS = [
    ("width", ["--L", "3"], ["--n", "--delta", "--d", "--m", "--digits", "--constant", "--log-power"]),
    ("step-size", ["--n", "10"], ["--L", "--delta", "--d", "--m", "--eta"]),
    ("iterations", ["--n", "10", "--L", "2"], ["--eps", "--delta", "--batch"]),
    ("bounds", ["--theorem", "du19-2layer"], ["--n", "--lambda0", "--fail-prob", "--eps"]),
    ("bounds", ["--theorem", "arora19", "--n", "50"], ["--lambda0", "--eps-res", "--fail-prob", "--kappa"]),
    ("bounds", ["--theorem", "li25"], ["--n", "--L", "--margin", "--fail-prob"]),
    ("compare", [], ["--n", "--L", "--delta", "--eps", "--lambda0", "--margin", "--d-in", "--eps-test"]),
    ("max-n", ["--L", "3"], ["--m", "--delta", "--d"]),
    ("solve", ["--for", "delta", "--n", "100"], ["--value", "--L", "--d"]),
    ("solve", ["--for", "eps", "--quantity", "iterations", "--n", "100", "--L", "10"], ["--value"]),
    ("table", ["--L", "2"], ["--n", "--delta", "--digits"]),
]


@contextmanager
def _deadline(seconds: int):
    """A hang fails the test instead of stopping the suite."""

    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _probe(cli, args):
    with _deadline(20):
        code, out, err = cli(*args)
    assert code in (0, 2), (args, code, err)
    assert "Traceback" not in out + err and "unexpected" not in err, (args, err)
    assert err.count("\n") <= 1, (args, err)
    if code == 2:
        assert err.startswith("boundcalc: error: "), (args, err)


@pytest.mark.parametrize("command, fixed, options", COMMANDS, ids=[f"{c[0]}-{i}" for i, c in enumerate(COMMANDS)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_numeric_options_answer_or_refuse_in_one_line(cli, command, fixed, options, data):
    chosen = data.draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True))
    args = [command, *fixed]
    for option in chosen:
        args += [option, data.draw(NUMBERS)]
    _probe(cli, args)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exponent=NUMBERS, name=st.sampled_from(["n", "L", "delta", "d", "nosuch", "width.n", "x.y.z"]))
def test_exponent_overrides_answer_or_refuse_in_one_line(cli, exponent, name):
    _probe(cli, ["width", "--n", "100", "--L", "3", "--exp", f"{name}={exponent}"])
    _probe(cli, ["compare", "--n", "100", "--L", "3", "--exp", f"zou19.width.{name}={exponent}"])


@pytest.mark.parametrize(
    "formula",
    ["exp(exp(exp(n)))", "n^(n^n)", "exp(n)^exp(n)", "log(log(log(1/n)))", "n^1e300", "(n-n)", "1/(n-n)"],
)
def test_towering_bound_file_formulas_are_answered_or_refused(cli, tmp_path, formula):
    path = tmp_path / "tower.toml"
    path.write_text(
        '[[theorem]]\nkey = "tower"\npaper = "Me"\nstatus = "recalled"\nsource = "x"\n'
        f'[theorem.quantities]\nwidth = "{formula}"\n'
    )
    for n in ("3", "1e6", "1e300"):
        _probe(cli, ["width", "--theorem", "tower", "--bound-file", str(path), "--n", n, "--L", "2"])


# ---- stores: refused untouched when foreign, corrupt or not a file; one writer at a time ----


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER, owner TEXT)")
        connection.execute("INSERT INTO accounts VALUES (1, 'someone')")
    connection.close()
    return path


def _store(path: Path) -> Path:
    store = Store(path)
    store.close()
    return path


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: _foreign(p), id="foreign-sqlite"),
        pytest.param(lambda p: (p.write_bytes(b"\x00garbage" * 200), p)[1], id="garbage"),
        pytest.param(lambda p: (p.write_bytes(_store(p.with_name("ok.sqlite")).read_bytes()[:60]), p)[1], id="truncated"),
        pytest.param(lambda p: (p.write_text("SQLite format 3\x00" + "x" * 200), p)[1], id="fake-header"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_store_is_refused_byte_for_byte(cli, tmp_path, make):
    path = make(tmp_path / "victim.sqlite")
    before, listing = _digest(path), sorted(os.listdir(tmp_path))
    code, _, err = cli("report", "--store", str(path), "--outdir", str(tmp_path / "out"))
    assert code == 1 and "left untouched" in err and err.count("\n") == 1, err
    with pytest.raises(Exception, match="untouched"):
        Store(path)  # the writer refuses it too
    assert _digest(path) == before and sorted(os.listdir(tmp_path)) == listing  # no -wal, -shm, lock, outdir


def test_report_on_a_path_that_is_not_a_store(cli, tmp_path):
    missing = tmp_path / "nothing.sqlite"
    code, _, err = cli("report", "--store", str(missing), "--outdir", str(tmp_path / "out"))
    assert code == 2 and "does not exist" in err and not missing.exists()
    for odd in (str(tmp_path), os.devnull):
        code, _, err = cli("report", "--store", odd, "--outdir", str(tmp_path / "out"))
        assert code == 2 and "not a regular file" in err, err
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    with _deadline(10):
        code, _, err = cli("report", "--store", str(fifo), "--outdir", str(tmp_path / "out"))
    assert code == 2 and "not a regular file" in err


def test_a_store_opens_for_one_writer_only(tmp_path):
    first = Store(tmp_path / "s.sqlite")
    try:
        with pytest.raises(Exception, match="in use by another sweep"):
            Store(tmp_path / "s.sqlite")
        reader = Store.reader(tmp_path / "s.sqlite")  # reading stays possible
        assert reader.cells() == []
        reader.close()
    finally:
        first.close()
    Store(tmp_path / "s.sqlite").close()  # released with the first writer


def test_a_store_is_marked_as_boundcalcs(tmp_path):
    path = _store(tmp_path / "s.sqlite")
    header = path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == 0x62634C43


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder_refuses_the_writer_in_one_line(cli, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(Exception, match="cannot be opened for writing"):
            Store(folder / "s.sqlite")
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_read_only_store_can_still_be_reported(cli, tmp_path):
    path = _store(tmp_path / "s.sqlite")
    path.chmod(stat.S_IRUSR)
    reader = Store.reader(path)
    assert reader.cells() == [] and reader.runs() == []
    reader.close()


@pytest.mark.parametrize("target", [os.devnull, "/dev/full", "/proc/version"])
def test_output_to_a_device_or_kernel_file_is_refused_before_any_work(cli, target):
    code, out, err = cli("table", "--n", "10", "--L", "2", "--output", target)
    assert code == 2 and out == "" and err.count("\n") == 1


def test_markdown_captions_are_inert(cli):
    code, out, _ = cli(
        "table", "--n", "10", "--L", "2", "--format", "markdown", "--caption", "<img src=x onerror=alert(1)> [a](javascript:x) **b**"
    )  # fmt: skip
    caption = out.splitlines()[0]
    assert code == 0 and "<img" not in caption and "&lt;img" in caption
    assert "\\[a\\](" in caption and "\\*\\*b" in caption  # a link and emphasis, escaped: plain text


def test_class_labels_beyond_the_cap_are_refused_before_allocating(cli, tmp_path):
    pytest.importorskip("torch")
    (tmp_path / "x.csv").write_text("1,2\n3,4\n5,6\n")
    (tmp_path / "y.csv").write_text("0\n99999999999\n1\n")
    code, _, err = cli(
        "check", "--data", str(tmp_path / "x.csv"), "--labels", str(tmp_path / "y.csv"), "--m", "4", "--steps", "1"
    )
    assert code == 2 and "class numbers must lie in" in err and err.count("\n") == 1


def test_a_hostile_caption_compiles_and_reads_no_file(cli, tmp_path):
    from test_tables import _need_pdflatex, _pdflatex

    _need_pdflatex()
    secret = tmp_path / "secret.tex"
    secret.write_text("SECRET-CONTENT\n")
    caption = f"x\n\\input{{{secret}}}\n\\immediate\\write18{{touch {tmp_path}/pwned}}\r\\catcode`\\@=11 %"
    for kind in ([], ["--compare"], ["--formulas"]):
        code, out, _ = cli(
            "table", *kind, "--n", "10", "--L", "2", "--format", "latex", "--standalone", "--caption", caption,
            "--label", "a}\\input{x",
        )  # fmt: skip
        body = "\n".join(line for line in out.splitlines() if not line.startswith("%"))  # comments are inert
        assert code == 0 and "\\input{" not in body and "\\immediate" not in body
        (tmp_path / "t.tex").write_text(out)
        done = _pdflatex(tmp_path, "t.tex")
        assert done.returncode == 0, done.stdout[-1500:]
        log = (tmp_path / "t.log").read_text(errors="replace")
        assert str(secret) not in log and "SECRET-CONTENT" not in log and not (tmp_path / "pwned").exists()


def test_compare_refuses_a_value_outside_its_domain_instead_of_n_a_everywhere(cli):
    code, out, err = cli("compare", "--n", "0")
    assert code == 2 and out == "" and "n must be a positive integer" in err


def test_an_input_beyond_the_float_range_is_refused_for_what_it_is_and_shown_short(cli):
    """2^L at L = 10^400: the log10 itself overflows. The line says so (not "logarithms need m > 1"),
    shows the input as 1 × 10^400 rather than 401 digits, and carries no RuntimeWarning."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, out, err = cli("width", "--theorem", "du19-deep", "--n", "100", "--L", "1e400", "--lambda-deep", "0.1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "L = 1 × 10^400" in err and "beyond the float range" in err and len(err) < 300
    code, _, err = cli("width", "--theorem", "du19-deep", "--n", "100", "--L", "1e300", "--lambda-deep", "0.1")
    assert code == 0, err
    code, _, err = cli("width", "--theorem", "li25", "--n", "1", "--L", "1", "--margin", "0.1", "--d-in", "3")
    assert code == 2 and "log(nL) is not positive here" in err and err.count("\n") == 1  # log(nL) = 0
