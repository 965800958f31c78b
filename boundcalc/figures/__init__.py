"""Figures of the bounds: one quantity of several entries against one input, with a study's measured m*.

:mod:`~boundcalc.figures.data` computes what a figure shows (no matplotlib);
:mod:`~boundcalc.figures.pgfplots` writes it as a ``tikzpicture`` for a paper (no matplotlib);
:mod:`~boundcalc.figures.draw` draws it with matplotlib (the ``plot`` extra) and holds
``boundcalc.plot``; :mod:`~boundcalc.figures.measured` reads a study store's m* (read-only, no torch).
"""
