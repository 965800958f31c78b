"""Exceptions raised by boundcalc; each carries the fields code needs, so nothing parses a message.

    BoundcalcError              every error the package raises on purpose
    ├── InputError              a value, name or option a user gave is not acceptable   (exit 2)
    │   ├── ParseError          user text that is not a number or assignment we accept
    │   ├── MissingInputError   a formula needs an input that was not given  (.theorem, .name)
    │   ├── IncompleteError     a source leaves an exponent unknown          (.theorem, .quantity, .missing)
    │   ├── DomainError         an input outside its domain                  (.name, .value)
    │   └── UnknownTheoremError a theorem key the registry does not hold     (.key)
    └── EnvironmentFailure      the machine, not the input: disk, permission, a store (exit 1)
        └── OutputClosed        standard output closed or broken: nothing can be printed

The command line turns each into one line on stderr and the exit code shown.

>>> from boundcalc import width
>>> try:
...     width(theorem="du19-2layer", n=100)
... except MissingInputError as error:
...     print(error.name)
lambda0
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = [
    "BoundcalcError",
    "DomainError",
    "EnvironmentFailure",
    "IncompleteError",
    "InputError",
    "MissingInputError",
    "ParseError",
    "UnknownTheoremError",
]


class BoundcalcError(Exception):
    """Base class of the errors boundcalc raises on purpose."""

    exit_code = 2


class InputError(BoundcalcError, ValueError):
    """A value, name or option supplied by the user is not acceptable."""


class ParseError(InputError):
    """User text that our own parser does not accept."""


class MissingInputError(InputError):
    """A formula reads an input that was neither given nor has a default.

    Args:
        theorem: The key of the theorem evaluated.
        name: The input it needs (``lambda0``).
        meaning: What the input is, in words, for the message.
    """

    def __init__(self, theorem: str, name: str, meaning: str = "") -> None:
        self.theorem = theorem
        self.name = name
        self.meaning = meaning
        super().__init__(f"{theorem} needs {name}" + (f" ({meaning})" if meaning else ""))


class IncompleteError(InputError):
    """A formula whose source leaves an exponent or log power unknown: no value until a user gives it.

    Args:
        theorem: The key of the theorem.
        quantity: The quantity (``width``).
        missing: ``(what, option, assignment)`` for each unknown, e.g.
            ``("the δ exponent", "--exp", "width.delta=…")``.
    """

    def __init__(self, theorem: str, quantity: str, missing: tuple[tuple[str, str, str], ...]) -> None:
        self.theorem = theorem
        self.quantity = quantity
        self.missing = missing  # (what, option, assignment): ("the δ exponent", "--exp", "width.delta=…")
        super().__init__(f"{theorem} {quantity} needs {self.needs()}: no source read here gives it")

    def needs(self, keyed: bool = False) -> str:
        """What to supply and how.

        Args:
            keyed: Name the theorem first (``KEY.QUANTITY.NAME=…``), as a command showing several
                theorems needs.

        Returns:
            One phrase per unknown, joined by "and".
        """
        prefix = f"{self.theorem}." if keyed else ""
        return " and ".join(f"{what} ({option} {prefix}{assignment})" for what, option, assignment in self.missing)


class DomainError(InputError):
    """An input outside the domain of its symbol (a width below 1, a probability above 1, …).

    Args:
        name: The input.
        value: The value given.
        domain: The domain, in words (``must be in (0, 1)``).
    """

    def __init__(self, name: str, value: object, domain: str) -> None:
        self.name = name
        self.value = value
        self.domain = domain
        super().__init__(f"{name} {domain}, got {shown(value)}")


class UnknownTheoremError(InputError, KeyError):
    """A theorem key that the registry does not hold.

    Args:
        key: The key asked for.
        message: The message, with the keys it most likely meant.
    """

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class EnvironmentFailure(BoundcalcError):
    """The environment failed, not the input: a full disk, a missing permission, a store in use."""

    exit_code = 1


class OutputClosed(EnvironmentFailure):
    """Standard output is closed or its reader went away: the output would be lost (exit 1)."""

    def __init__(self, why: str) -> None:
        super().__init__(f"standard output is unusable: {why}; nothing more was printed")


def shown(value: object, limit: int = 60) -> str:
    """A value as an error message shows it: a huge integer or fraction by its size (Python refuses
    to print one of over 4,300 digits), anything else by its text, clipped to ``limit`` characters.

    >>> shown(10**5000), shown(0.5), shown("x" * 100, 8)
    ('an integer of 5001 digits', '0.5', 'xxxxxxx…')
    """
    if isinstance(value, Fraction) and max(abs(value.numerator), value.denominator).bit_length() > 600:
        return "a fraction of more than 180 digits"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 600:
        return f"an integer of {math.floor(math.log10(abs(value))) + 1} digits"
    try:
        text = str(value)
    except ValueError:  # an object whose text is refused (a SymPy number of huge digits)
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
