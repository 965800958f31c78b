"""Collection rules for the whole repository: the calculator alone is tested where torch is absent."""

import importlib.util

collect_ignore_glob = ["site/*", "build/*"]
if importlib.util.find_spec("torch") is None:
    # the torch wing and the study that drives it; their tests skip themselves with importorskip
    collect_ignore_glob += [
        "boundcalc/check/[!c]*.py",  # every module but config.py (no torch)
        "boundcalc/check/__init__.py",
        "boundcalc/study/sweep.py",
        "boundcalc/study/report.py",
        "boundcalc/study/fits.py",
    ]
