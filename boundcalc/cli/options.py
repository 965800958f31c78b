"""Options several commands share, and the text → value helpers the command line uses."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click
import numpy  # noqa: F401 - see below

from boundcalc.errors import InputError
from boundcalc.parsing.number import parse_number
from boundcalc.theory.symbols import OPTION_INPUTS

# numpy is imported here, before the inputs table that needs it: imported first from inside
# boundcalc.theory.symbols, under `python -m boundcalc` only, numpy's typing modules took about 20 ms
# longer (benchmarks/bench_core.py, python -m boundcalc width: 1.52 against 1.36 for the script)

FORMATS = ("text", "json", "latex")
# (option, input, help) of every input, in --help's order, from the table of inputs
INPUT_OPTIONS = tuple((spec.flag, spec.name, spec.help_text) for spec in OPTION_INPUTS)


def hyphenated(command: click.Command, args: list[str]) -> list[str]:
    """The arguments with each old spelling of an option (``--eps_test``) replaced by its hyphenated form.

    The old spellings stay accepted, hidden from ``--help``; each use prints a deprecation note on
    stderr. Only an option the command has is rewritten, and nothing after ``--``.

    Args:
        command: The command the arguments are for.
        args: Its arguments, as typed.

    Returns:
        The arguments, old spellings replaced.

    Examples:
        >>> import click
        >>> @click.command()
        ... @click.option("--eps-test")
        ... def demo(eps_test): ...
        >>> hyphenated(demo, ["--eps_test=0.1", "--", "--eps_test"])
        ['--eps-test=0.1', '--', '--eps_test']
    """
    known = {flag for parameter in command.params for flag in getattr(parameter, "opts", ())}
    rewritten: list[str] = []
    for position, argument in enumerate(args):
        if argument == "--":
            return rewritten + args[position:]
        flag, equals, value = argument.partition("=")
        if flag.startswith("--") and "_" in flag and flag not in known and flag.replace("_", "-") in known:
            new = flag.replace("_", "-")
            click.echo(f"boundcalc: note: {flag} is deprecated; use {new}", err=True)
            argument = new + equals + value
        rewritten.append(argument)
    return rewritten


bound_file_option = click.option(
    "--bound-file", "bound_files", multiple=True, metavar="FILE", help="TOML file of user-defined theorems (repeatable)"
)


def override_options(command: Callable) -> Callable:
    """--exp, --constant and --log-power."""
    options = [
        click.option(
            "--exp",
            "exps",
            multiple=True,
            metavar="NAME=VALUE",
            help="override an exponent, e.g. n=20, delta=-6, L=3/2; QUANTITY.NAME=VALUE names another quantity",
        ),
        click.option("--constant", default=None, metavar="C", help="hidden constant (or QUANTITY=C)  [default: 1]"),
        click.option(
            "--log-power",
            "log_power",
            default=None,
            metavar="K",
            help="power of log m (or QUANTITY=K)  [default: as encoded]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def keyed_override_options(command: Callable) -> Callable:
    """--exp KEY.QUANTITY.NAME=V, --log-power KEY.QUANTITY=K and --orders, for commands showing several theorems."""
    options = [
        click.option(
            "--exp",
            "exps",
            multiple=True,
            metavar="KEY.QUANTITY.NAME=VALUE",
            help="supply or override an exponent of one theorem, e.g. zou19.width.delta=-2",
        ),
        click.option("--log-power", "log_powers", multiple=True, metavar="KEY.QUANTITY=K", help="e.g. ji20.width=2"),
        click.option(
            "--orders",
            is_flag=True,
            hidden=True,
            help="no longer needed: every result whose exponents are known is evaluated (kept so old scripts run)",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def common_options(command: Callable) -> Callable:
    """Every input, the theorem, bound files, overrides, the format and the digits."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option(flag, name, default=None, metavar="X", help=text) for flag, name, text in INPUT_OPTIONS
    ] + [
        click.option("--theorem", "theorem", default="als19-gd", show_default=True, help="theorem key (see `list`)"),
        bound_file_option,
        override_options,
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--digits", type=click.IntRange(1, 15), default=4, show_default=True, help="significant digits"),
        click.option(
            "--orders",
            is_flag=True,
            hidden=True,
            help="no longer needed: every result whose exponents are known is evaluated (kept so old scripts run)",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def pop_inputs(kwargs: dict) -> dict[str, str]:
    """The inputs a user gave (by name), removed from the command's keyword arguments."""
    return {name: kwargs.pop(name) for _, name, _ in INPUT_OPTIONS if kwargs.get(name) is not None}


def integer(text: str, what: str, minimum: int = 1) -> int:
    value = parse_number(text, what)
    if value.denominator != 1 or value < minimum:
        raise InputError(f"{what} must be an integer ≥ {minimum}, got {text}")
    return int(value)


def number(text: str, what: str) -> float:
    value = parse_number(text, what)
    try:
        return float(value)
    except OverflowError:
        raise InputError(f"{what} is too large for a floating-point number: {text}") from None


def progress_bar(total: int, description: str = ""):
    """A progress bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=description or None, file=sys.stderr, leave=False)
