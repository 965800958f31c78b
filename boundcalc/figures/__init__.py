"""Figures of the bounds: one quantity of several entries against one input, with a study's measured m*.

``boundcalc.figures.data`` computes what a figure shows (no matplotlib);
``boundcalc.figures.pgfplots`` writes it as a ``tikzpicture`` for a paper (no matplotlib);
``boundcalc.figures.draw`` draws it with matplotlib (the ``plot`` extra) and holds
``boundcalc.plot``; ``boundcalc.figures.measured`` reads a study store's m* (read-only, no torch).
"""
