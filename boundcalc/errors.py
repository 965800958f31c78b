"""Exceptions raised by boundcalc.

    BoundcalcError            every error the package raises on purpose
    ├── InputError            a value, name or option a user gave is not acceptable
    │   └── ParseError        user text that is not a number or assignment we accept
    └── UnknownTheoremError   a theorem key that is not in the registry (also an InputError)

The command line turns each into one line on stderr and exit code 2.
"""

from __future__ import annotations


class BoundcalcError(Exception):
    """Base class of the errors boundcalc raises on purpose."""


class InputError(BoundcalcError, ValueError):
    """A value, name or option supplied by the user is not acceptable."""


class ParseError(InputError):
    """User text that our own parser does not accept."""


class UnknownTheoremError(InputError, KeyError):
    """A theorem key that the registry does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
