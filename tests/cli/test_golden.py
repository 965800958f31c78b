"""Golden outputs: the command lines of tests/cli/golden/commands.toml print byte for byte what
tests/cli/golden/NAME.txt holds (exit code first), so that a change meant to keep behaviour (issue 25's
design pass) is seen to keep it. ``python tests/cli/test_golden.py --update`` rewrites the files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from boundcalc.parsing.toml import parse_toml

GOLDEN = Path(__file__).resolve().parent / "golden"
COMMANDS = parse_toml((GOLDEN / "commands.toml").read_text(encoding="utf-8"), "commands.toml")["command"]
NEEDS = {"kernel": "scipy"}  # commands whose output needs an optional package


def _expected(code: int, out: str, err: str) -> str:
    """What a golden file holds: the exit code, standard output, and the first line of any error."""
    first = err.splitlines()[0] if err else ""
    return f"exit {code}\n{out}" + (f"--- stderr\n{first}\n" if first else "")


def test_the_golden_commands_are_distinct_and_named():
    names = [command["name"] for command in COMMANDS]
    assert len(names) == len(set(names)) and all(name.replace("-", "").isalnum() for name in names)
    assert {path.stem for path in GOLDEN.glob("*.txt")} == set(names), "run python tests/cli/test_golden.py --update"


@pytest.mark.parametrize("command", COMMANDS, ids=[c["name"] for c in COMMANDS])
def test_output_is_unchanged(cli, command):
    if command["name"] in NEEDS:
        pytest.importorskip(NEEDS[command["name"]])
    golden = GOLDEN / f"{command['name']}.txt"
    assert _expected(*cli(*command["args"])) == golden.read_text(encoding="utf-8"), (
        f"boundcalc {' '.join(command['args'])} prints something else than {golden.name}"
    )


def _update() -> None:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from boundcalc.cli import main

    for command in COMMANDS:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(command["args"]))
        (GOLDEN / f"{command['name']}.txt").write_text(
            _expected(code, out.getvalue(), err.getvalue()), encoding="utf-8"
        )


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    _update()
