"""The click group and the one boundary that turns every failure into a line and an exit code.

Imported by ``boundcalc.cli.main`` only once the interrupt handling is in place.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Sequence

import click

from boundcalc.cli.exits import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, FAMILIES, fail
from boundcalc.errors import BoundcalcError, OutputClosed


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
        if command is not None:  # the old underscore spellings, with a deprecation note
            from boundcalc.cli.options import hyphenated

            rest = hyphenated(command, rest)
        return name, command, rest


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="boundcalc", prog_name="boundcalc")
def cli() -> None:
    """Width, step size and iteration bounds of over-parameterized network theory, made concrete.

    Example: boundcalc width --n 1000 --L 10
    """


_fail = fail


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        # not cli.main: it prints a blank line on Ctrl-C and turns a broken pipe into a silent exit 1
        with cli.make_context("boundcalc", args) as context:
            cli.invoke(context)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except click.ClickException as error:
        return _fail(error.format_message(), EXIT_INPUT)
    except BoundcalcError as error:
        return _fail(str(error), error.exit_code)
    except KeyboardInterrupt as interrupt:
        return _fail(str(interrupt) or "interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:  # the reader of standard output went away
        return _fail(str(OutputClosed("its reader closed it (broken pipe)")), EXIT_ENVIRONMENT)
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
