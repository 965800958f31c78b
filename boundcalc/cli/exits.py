"""Exit codes, the one-line error, and which module holds each command: shared by the entry point
(``boundcalc.cli``) and the command group (``boundcalc.cli.app``), importing nothing heavy."""

from __future__ import annotations

import sys

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


def fail(message: str, code: int) -> int:
    """Print one line on stderr and return ``code``."""
    if sys.stderr is not None:
        sys.stderr.write(f"boundcalc: error: {' '.join(str(message).split())}\n")
        sys.stderr.flush()
    return code
