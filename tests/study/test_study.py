"""Sweeps: specs checked first, the store survives SIGKILL, Dask gives the same results, reports."""

import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("torch")

from boundcalc import InputError  # noqa: E402
from boundcalc.cli import main  # noqa: E402
from boundcalc.study.report import write_report  # noqa: E402
from boundcalc.study.store import Store  # noqa: E402
from boundcalc.study.sweep import WidthSearch, run_sweep  # noqa: E402
from boundcalc.study.sweep_spec import parse_spec  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TINY = """
[study]
name = "tiny"
seeds = 2
steps = 150
min_width = 4
max_width = 64
resolution = 0.25
d_in = 5
[grid]
n = [5, 7, 9]
L = [1]
"""


def _rows(path) -> dict:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT cell, m, seed, record, created FROM runs").fetchall()
    result = {}
    for cell, m, seed, record, created in rows:
        record = json.loads(record)
        record.pop("seconds")
        result[(cell, m, seed)] = (record, created)
    return result


@pytest.mark.parametrize(
    "text, field",
    [
        ("[study]\ncolour = 1\n[grid]\nn = [5]", "study.colour"),
        ("[grid]\nn = [5]\nwidth = [3]", "grid.width"),
        ("[grid]\nn = [0]", "n"),
        ("[study]\neps = -1\n[grid]\nn = [5]", "eps"),
        ("[study]\nsuccess_fraction = 2\n[grid]\nn = [5]", "success_fraction"),
        ("[study]\nmin_width = 64\nmax_width = 8\n[grid]\nn = [5]", "min_width"),
        ("[study]\nlr = 'fast'\n[grid]\nn = [5]", "lr"),
        ("[grid]\nn = []", "grid.n"),
        ("[study]\nseeds = 2", "grid.n"),
        ("[extra]\nx = 1", "extra"),
        ("not toml [", "TOML"),
    ],
)
def test_invalid_specs_are_refused_naming_the_field(text, field):
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        parse_spec(text)


def test_cli_refuses_a_bad_spec_before_any_work(tmp_path, capsys):
    spec = tmp_path / "bad.toml"
    spec.write_text("[grid]\nn = [5]\nL = [0]")
    store = tmp_path / "bad.sqlite"
    code = main(["sweep", str(spec), "--store", str(store)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "L" in err and not store.exists()


def test_width_search_finds_the_threshold_within_the_resolution():
    for threshold in (3, 4, 37, 500, 1000):
        search = WidthSearch(4, 1024, 0.1)
        tried = []
        while (m := search.next_width()) is not None:
            tried.append(m)
            search.record(m, m >= threshold)
        found, status = search.result()
        assert found >= threshold and found <= max(4, threshold * 1.1 + 1), (threshold, tried)
        assert len(tried) == len(set(tried))
    search = WidthSearch(4, 64, 0.1)
    while (m := search.next_width()) is not None:
        search.record(m, False)
    assert search.result()[0] is None


def test_sigkill_loses_nothing_finished_and_the_rerun_completes(tmp_path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY)
    store = tmp_path / "killed.sqlite"
    command = [sys.executable, "-m", "boundcalc", "sweep", str(spec), "--store", str(store)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if store.exists():
            try:
                if len(_rows(store)) >= 4:
                    break
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    assert process.poll() is None, "the sweep finished before it could be killed: make the spec bigger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = _rows(store)
    assert before
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    after = _rows(store)
    assert all(after[key] == value for key, value in before.items()), "a finished row was lost or changed"
    with sqlite3.connect(store) as connection:
        (total,) = connection.execute("SELECT COUNT(*) FROM runs").fetchone()
        (distinct,) = connection.execute("SELECT COUNT(DISTINCT cell || m || '/' || seed) FROM runs").fetchone()
        statuses = [s for (s,) in connection.execute("SELECT status FROM cells")]
    assert total == distinct == len(after)
    assert statuses and "searching" not in statuses
    clean = tmp_path / "clean.sqlite"
    assert subprocess.run([*command[:-1], str(clean)], capture_output=True, timeout=300).returncode == 0
    assert {k: v[0] for k, v in _rows(clean).items()} == {k: v[0] for k, v in after.items()}


def test_dask_local_cluster_gives_the_same_results(tmp_path):
    distributed = pytest.importorskip("distributed")
    spec = parse_spec(TINY.replace("n = [5, 7, 9]", "n = [5, 7]"))
    local, remote = Store(tmp_path / "local.sqlite"), Store(tmp_path / "dask.sqlite")
    try:
        run_sweep(spec, local, workers=1)
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            counts = run_sweep(spec, remote, dask=cluster.scheduler_address)
        assert counts["runs_trained"] > 0
        strip = lambda runs: [{k: v for k, v in r.items() if k != "seconds"} for r in runs]  # noqa: E731
        assert strip(local.runs()) == strip(remote.runs())
        assert [c["m_star"] for c in local.cells()] == [c["m_star"] for c in remote.cells()]
    finally:
        local.close()
        remote.close()


def test_report_writes_tables_and_figures_deterministically(tmp_path):
    spec = parse_spec(TINY)
    store = Store(tmp_path / "s.sqlite")
    run_sweep(spec, store, workers=1)
    store.close()
    first = write_report(tmp_path / "s.sqlite", tmp_path / "a")
    write_report(tmp_path / "s.sqlite", tmp_path / "b")
    names = {p.name for p in first}
    assert {"width.png", "width.pdf", "gradients.png", "movement.pdf", "looseness.tex", "exponents.md"} <= names
    for path in first:
        if path.suffix in (".md", ".tex"):
            assert path.read_text() == (tmp_path / "b" / path.name).read_text()
    assert r"log10(m/m\*)" in (tmp_path / "a" / "looseness.md").read_text()  # Markdown escapes the *


@pytest.mark.parametrize("name", ["study"])
def test_committed_study_report_is_current(tmp_path, name):
    store = ROOT / "checks" / f"{name}.sqlite"
    committed = ROOT / "tables" / name
    if not store.exists():
        pytest.skip("no committed study store")
    write_report(store, tmp_path)
    for name in ("looseness.md", "looseness.tex", "exponents.md", "exponents.tex"):
        assert (tmp_path / name).read_text() == (committed / name).read_text(), name


def _start_sweep(spec: Path, store: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "boundcalc", "sweep", str(spec), "--store", str(store), *extra]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_rows(process: subprocess.Popen, store: Path, rows: int) -> None:
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        try:
            if store.exists() and len(_rows(store)) >= rows:
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    assert process.poll() is None, "the sweep finished before the test could act: make the spec bigger"


def test_a_second_sweep_on_a_store_in_use_is_refused_and_the_first_is_unharmed(tmp_path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY)
    store = tmp_path / "shared.sqlite"
    first = _start_sweep(spec, store)
    _wait_for_rows(first, store, 1)
    second = subprocess.run(
        [sys.executable, "-m", "boundcalc", "sweep", str(spec), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 1 and "in use by another sweep" in second.stderr
    assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
    assert first.wait(timeout=300) == 0, first.stderr
    lone = tmp_path / "lone.sqlite"
    assert _start_sweep(spec, lone).wait(timeout=300) == 0
    assert {k: v[0] for k, v in _rows(store).items()} == {k: v[0] for k, v in _rows(lone).items()}


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_workers_die_with_a_killed_sweep(tmp_path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY)
    store = tmp_path / "s.sqlite"
    parent = _start_sweep(spec, store, "--workers", "2")
    _wait_for_rows(parent, store, 1)
    workers = _children(parent.pid)
    assert workers, "no worker processes found"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 30
    while time.time() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"workers outlived the sweep: {alive}"


def test_ctrl_c_stops_a_sweep_with_130_and_cells_say_so(tmp_path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY)
    store = tmp_path / "s.sqlite"
    process = _start_sweep(spec, store)
    _wait_for_rows(process, store, 1)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip().endswith("interrupted") and "Traceback" not in err
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as connection:
        statuses = {s for (s,) in connection.execute("SELECT status FROM cells")}
    assert "searching" not in statuses and any(s.startswith("interrupted") for s in statuses), statuses


def test_ctrl_c_does_not_wait_for_the_workers_queued_tasks(tmp_path):
    # each task would train for hours: a sweep that waited for its workers' queued tasks would hang
    spec = tmp_path / "long.toml"
    spec.write_text(
        TINY.replace("steps = 150", "steps = 10000000\neps = 1e-30").replace("n = [5, 7, 9]", "n = [5, 7, 9, 11]")
    )
    store = tmp_path / "s.sqlite"
    command = [sys.executable, "-m", "boundcalc", "sweep", str(spec), "--store", str(store), "--workers", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    workers: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(process.pid)
    time.sleep(2)  # the workers are training
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    try:
        _, err = process.communicate(timeout=60)
    finally:
        for pid in [process.pid, *workers]:
            if Path(f"/proc/{pid}").exists():
                os.kill(pid, signal.SIGKILL)
    assert process.returncode == 130 and "Traceback" not in err


@pytest.mark.parametrize("address", ["tcp://[::1", "nonsense://x:y:z"])
def test_a_malformed_dask_address_is_one_line(tmp_path, capsys, address):
    pytest.importorskip("distributed")
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY)
    code = main(["sweep", str(spec), "--store", str(tmp_path / "s.sqlite"), "--dask", address])
    err = capsys.readouterr().err
    assert code == 2 and "scheduler" in err and err.count("\n") == 1, err
    # no half-built client is left for a later collection to close inside another client's start
    from distributed import Client

    assert not [thing for thing in gc.get_objects() if type(thing) is Client]


def test_a_store_of_two_specs_reports_each_cells_own_settings(tmp_path):
    one = TINY.replace("n = [5, 7, 9]", "n = [5]")
    two = one.replace("steps = 150", "steps = 150\neps = 0.01")
    store = Store(tmp_path / "mixed.sqlite")
    try:
        run_sweep(parse_spec(one), store, workers=1)
        run_sweep(parse_spec(two), store, workers=1)
        assert len(store.cells()) == 2
    finally:
        store.close()
    write_report(tmp_path / "mixed.sqlite", tmp_path / "out")
    table = (tmp_path / "out" / "looseness.md").read_text()
    assert "the cells differ in eps" in table
    header = next(line for line in table.splitlines() if line.startswith("|"))
    assert header.rstrip(" |").endswith("eps")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert sorted(row.rstrip(" |").rsplit("|", 1)[1].strip() for row in rows) == ["0.001", "0.01"]


def test_width_search_reports_a_non_monotone_cell_and_finds_the_stable_threshold():
    # an isolated success at 16 among failures: the scan goes on until two successes in a row
    search = WidthSearch(4, 1024, 0.1)
    tried = []
    while (m := search.next_width()) is not None:
        tried.append(m)
        search.record(m, m == 16 or m >= 100)
    found, status = search.result()
    assert 100 <= found <= 111 and search.non_monotone and "non-monotone" in status
    assert 16 in tried and 32 in tried and 64 in tried and 128 in tried and 256 in tried


def test_every_step_budget_is_judged_from_the_runs_at_the_largest(tmp_path):
    spec = parse_spec(TINY.replace("steps = 150", "steps = 4000\nsteps_per_kernel = [2, 8]"))
    from boundcalc.study.sweep import step_budgets

    for cell in spec.cells:
        budgets = step_budgets(cell)
        predicted = cell.plan["iterations_kernel"]
        assert budgets == [min(4000, -(-2 * predicted // 1)), min(4000, -(-8 * predicted // 1))]
        assert cell.settings["steps"] == budgets[-1]
