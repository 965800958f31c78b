"""The command line: a thin shell over the library, one module per command family.

Exit codes (docs/cli.md): 0 success; 2 bad input or usage (one line on stderr); 1 an environment
failure (disk, permission, a store in use, a closed or broken standard output) or an unexpected
error; 130 interrupted (Ctrl-C or SIGTERM, after reporting what was done). A traceback is shown only
with ``BOUNDCALC_DEBUG=1``.

This module imports nothing heavy: the entry point installs the signal handling and guards the
standard output first, and only then imports click and the commands (``boundcalc.cli.app``), so
an interrupt at any moment of start-up is one line and exit 130, never a traceback.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Sequence

from boundcalc.cli.exits import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, FAMILIES, fail
from boundcalc.errors import OutputClosed

__all__ = ["EXIT_ENVIRONMENT", "EXIT_INPUT", "EXIT_INTERRUPTED", "EXIT_OK", "FAMILIES", "entry_point", "fail", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising (see the module for the codes)."""
    try:
        from boundcalc.cli.app import run

        return run(argv)
    except KeyboardInterrupt:  # during the imports, or while an error was being reported
        return fail("interrupted", EXIT_INTERRUPTED)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: what was measured is reported, then exit 130."""

    def __str__(self) -> str:
        return "interrupted by SIGTERM"


def _install_signal_handlers() -> None:
    owner = os.getpid()

    def terminate(signum, frame) -> None:
        if os.getpid() != owner:  # a forked worker: die as SIGTERM asks (a pool stops its workers so)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, terminate)


class _Closed(io.RawIOBase):
    """Standard output when the process started with it closed: any write fails as OutputClosed."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OutputClosed("it was closed when boundcalc started")


def _silence_stdout() -> None:
    """After a failed write, point standard output at /dev/null: the exit's own flush must not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until the process exits


def entry_point() -> None:
    """The ``boundcalc`` console script."""
    code = EXIT_INTERRUPTED
    try:
        _install_signal_handlers()
        if sys.stdout is None:
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
        code = main()
        if code == EXIT_OK:
            sys.stdout.flush()  # a buffered write to a closed or broken output fails here
    except KeyboardInterrupt:
        code = fail("interrupted", EXIT_INTERRUPTED)
    except OutputClosed as error:
        code = fail(str(error), EXIT_ENVIRONMENT)
    except BrokenPipeError:
        code = fail(str(OutputClosed("its reader closed it (broken pipe)")), EXIT_ENVIRONMENT)
    if code != EXIT_OK:  # whatever ended the run, the exit's own flush must not print a second error
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001 - whatever the stream raises, it must not raise at exit
            _silence_stdout()
    sys.exit(code)
