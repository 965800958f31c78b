"""How much memory this machine can still give: every size check reads it before allocating."""

from __future__ import annotations

import os


def available_memory() -> int | None:
    """Bytes of memory free now: MemAvailable on Linux, free pages elsewhere, None where neither is known."""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None
