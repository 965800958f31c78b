"""The edges of the process (issue 26, item 9): an interrupt during start-up, SIGTERM, a closed or
broken standard output. Each runs the real console entry point in a subprocess."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _entry(argv: list[str], prelude: str = "", **kwargs) -> subprocess.CompletedProcess:
    """``boundcalc ARGV`` through :func:`boundcalc.cli.entry_point`, after ``prelude`` has run."""
    program = (
        prelude
        + f"\nimport sys\nsys.argv = ['boundcalc', *{argv!r}]\nfrom boundcalc.cli import entry_point\nentry_point()\n"
    )
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-c", program], env=ENV, stderr=subprocess.PIPE, text=True, timeout=120, **kwargs
    )


# Sends SIGINT to the process at the moment a module is first imported: a Ctrl-C during start-up,
# made deterministic.
INTERRUPT_AT_IMPORT = textwrap.dedent(
    """
    import os, signal, sys
    class Interrupt:
        def find_spec(self, name, path=None, target=None):
            if name == {module!r}:
                sys.meta_path.remove(self)
                os.kill(os.getpid(), signal.SIGINT)
            return None
    sys.meta_path.insert(0, Interrupt())
    """
)


@pytest.mark.parametrize("module", ["click", "boundcalc.cli.app", "boundcalc.cli.bounds", "boundcalc.numbers.evaluate"])
def test_ctrl_c_during_start_up_is_one_line_and_exit_130(module):
    done = _entry(["list"], INTERRUPT_AT_IMPORT.format(module=module))
    assert done.returncode == 130, done.stderr
    assert done.stderr == "boundcalc: error: interrupted\n" and done.stdout == ""


def test_a_closed_standard_output_is_exit_1_with_one_line():
    done = _entry(["width", "--n", "10", "--L", "2"], "import os\nos.close(1)\nimport sys\nsys.stdout = None")
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "standard output is unusable" in done.stderr


def test_a_command_that_prints_nothing_runs_with_standard_output_closed(tmp_path):
    target = tmp_path / "t.txt"
    done = _entry(["table", "--n", "10", "--L", "2", "--output", str(target)], "import sys\nsys.stdout = None")
    assert done.returncode == 0 and done.stderr == "" and "als19-gd" in target.read_text()


def test_a_broken_pipe_is_exit_1_with_one_line():
    read, write = os.pipe()
    os.close(read)  # the reader went away before boundcalc wrote
    try:
        done = _entry(["catalogue"], stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "broken pipe" in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="needs torch")
def test_sigterm_during_check_reports_what_was_done_and_exits_130(tmp_path):
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-c", "from boundcalc.cli import entry_point; entry_point()"]
            + ["check", "--n", "8", "--m", "4,8", "--steps", "100000000", "--seeds", "1", "--record-every", "1000"],
            env={**ENV, "PYTHONUNBUFFERED": "1"},
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
        )
        # sys.argv[0] is "-c": click takes the rest as the command line
        time.sleep(8)  # torch imported and training under way (the run would take hours)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "boundcalc: error: interrupted" and "Traceback" not in err
    assert "interrupted: the numbers above cover what ran" in out.read_text()
