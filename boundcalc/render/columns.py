"""Text tables through tabulate, the same bytes on every machine."""

from __future__ import annotations

from typing import Any

import tabulate as _tabulate


def tabulate(rows: Any, headers: Any = (), **options: Any) -> str:
    """``tabulate.tabulate`` with column widths that never depend on whether wcwidth is installed
    (IPython brings it), set for this call only: importing boundcalc changes no other package."""
    saved = _tabulate.WIDE_CHARS_MODE
    _tabulate.WIDE_CHARS_MODE = False
    try:
        return _tabulate.tabulate(rows, headers, **options)
    finally:
        _tabulate.WIDE_CHARS_MODE = saved
