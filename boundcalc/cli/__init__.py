"""The command line: a thin shell over the library, one module per command family.

Exit codes: 0 success; 2 bad input or usage (one line on stderr); 1 an environment failure (disk,
permission, a store in use) or an unexpected error; 130 interrupted (Ctrl-C). A traceback is shown
only with ``BOUNDCALC_DEBUG=1``.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Sequence

import click

from boundcalc.errors import BoundcalcError

EXIT_OK, EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

# command → the module of its family; a command imports only its own module (the calculator's
# commands never load the table, checker or study code)
FAMILIES = {
    **dict.fromkeys(
        ("width", "step-size", "iterations", "bounds", "explain", "list", "catalogue", "coverage"), "bounds"
    ),
    **dict.fromkeys(("table", "compare", "make-tables"), "tables"),
    **dict.fromkeys(("max-n", "solve"), "inverse"),
    "crossover": "crossover",
    "plot": "plot",
    "kernel": "kernel",
    "cite": "cite",
    "check": "check",
    **dict.fromkeys(("sweep", "report"), "study"),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(FAMILIES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in FAMILIES:
            return None
        family = importlib.import_module(f"boundcalc.cli.{FAMILIES[name]}")
        return next(command for command in family.COMMANDS if command.name == name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            from boundcalc.cli.options import hyphenated

            rest = hyphenated(command, rest)
        return name, command, rest


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="boundcalc", prog_name="boundcalc")
def cli() -> None:
    """Width, step size and iteration bounds of over-parameterized network theory, made concrete.

    Example: boundcalc width --n 1000 --L 10
    """


def _fail(message: str, code: int) -> int:
    click.echo(f"boundcalc: error: {' '.join(str(message).split())}", err=True)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="boundcalc", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except click.ClickException as error:
        return _fail(error.format_message(), EXIT_INPUT)
    except BoundcalcError as error:
        return _fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except OSError as error:
        where = f": {error.filename!r}" if error.filename else ""
        return _fail(f"{error.strerror or error}{where}", EXIT_ENVIRONMENT)
    except (MemoryError, RecursionError) as error:
        return _fail(f"out of memory or too deep ({type(error).__name__}); give smaller inputs", EXIT_INPUT)
    except Exception as error:  # noqa: BLE001 - the one boundary: a line, not a traceback
        if os.environ.get("BOUNDCALC_DEBUG"):
            traceback.print_exc()
        return _fail(
            f"unexpected {type(error).__name__}: {error} (a bug: rerun with BOUNDCALC_DEBUG=1 for the trace)",
            EXIT_ENVIRONMENT,
        )
    return EXIT_OK


def entry_point() -> None:
    sys.exit(main())
