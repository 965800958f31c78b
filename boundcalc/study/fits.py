"""Least-squares fits for the study report: pure numerics, no plotting and no store."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def identified(design: np.ndarray) -> np.ndarray:
    """Per exponent column (all but the first, the intercept), whether these rows fix it: leaving it out
    lowers the rank of the design.

    >>> identified(np.array([[1.0, 0.0, 2.0], [1.0, 1.0, 2.0], [1.0, 2.0, 2.0]])).tolist()
    [True, False]
    """
    rank = np.linalg.matrix_rank(design)
    return np.array([np.linalg.matrix_rank(np.delete(design, k, axis=1)) < rank for k in range(1, design.shape[1])])


def fit_linear(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares coefficients of y on the columns of x, intercept first, and their 95% half-widths.

    x is one column (1-D) or several (2-D, one row per observation). The half-widths come from
    Student's t with len(y) − (columns + 1) degrees of freedom; they are NaN when none are left. A
    slope the rows cannot fix (its column constant, or a combination of the others) is NaN, never the
    arbitrary value of a minimum-norm solution.

    Fitting y = 2 + 3x exactly gives the intercept 2, the slope 3 and zero half-widths:

    >>> coefficients, half = fit_linear(np.array([0.0, 1.0, 2.0, 3.0]), np.array([2.0, 5.0, 8.0, 11.0]))
    >>> np.round(coefficients, 9).tolist(), np.round(half, 9).tolist()
    ([2.0, 3.0], [0.0, 0.0])
    """
    from scipy import stats

    design = np.column_stack([np.ones(len(y)), x])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    unfixed = np.concatenate([[False], ~identified(design)])
    dof = len(y) - design.shape[1]
    if dof <= 0:
        half = np.full(len(coefficients), np.nan)
    else:
        residual = y - design @ coefficients
        variance = residual @ residual / dof
        covariance = variance * np.linalg.pinv(design.T @ design)
        half = stats.t.ppf(0.975, dof) * np.sqrt(np.diag(covariance))
    coefficients[unfixed] = half[unfixed] = np.nan
    return coefficients, half


def fit_power_law(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fit y = e^c · x_1^a_1 · x_2^a_2 ⋯ by least squares on logs: fit_linear(log x, log y).

    Returns [c, a_1, a_2, …] and their 95% half-widths; x and y must be positive.

    y = 3x² at x = 1, 2, 4 is y = 3, 12, 48, so the exponent is 2 and e^c is 3:

    >>> coefficients, _ = fit_power_law(np.array([1.0, 2.0, 4.0]), np.array([3.0, 12.0, 48.0]))
    >>> round(float(np.exp(coefficients[0])), 9), round(float(coefficients[1]), 9)
    (3.0, 2.0)
    """
    return fit_linear(np.log(x), np.log(y))


def bootstrap_power_law(
    replicate: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray] | None],
    replicates: int = 1000,
    seed: int = 0,
) -> tuple[np.ndarray, int]:
    """2.5% and 97.5% percentiles of fit_power_law's coefficients over bootstrap replicates.

    ``replicate(rng)`` returns one resampled (x, y), or None when that resample leaves too little to
    fit; such replicates are skipped and counted. Returns a (2, coefficients) array (NaN where no
    replicate could be fitted) and the number fitted. The seed makes the intervals reproducible.

    Replicates that all return the same exact points give a zero-width interval at the exact slope:

    >>> x, y = np.array([1.0, 2.0, 4.0]), np.array([3.0, 12.0, 48.0])
    >>> bounds, fitted = bootstrap_power_law(lambda rng: (x, y), replicates=20)
    >>> np.round(bounds[:, 1], 9).tolist(), fitted
    ([2.0, 2.0], 20)
    """
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(replicates):
        sample = replicate(rng)
        if sample is not None:
            draws.append(fit_power_law(*sample)[0])
    if not draws:
        return np.full((2, 1), np.nan), 0
    return nan_percentiles(np.array(draws)), len(draws)


def nan_percentiles(draws: np.ndarray) -> np.ndarray:
    """2.5% and 97.5% percentiles per column over the replicates that fix it (NaN where none does)."""
    usable = np.isfinite(draws).any(axis=0)
    bounds = np.full((2, draws.shape[1]), np.nan)
    bounds[:, usable] = np.nanpercentile(draws[:, usable], [2.5, 97.5], axis=0)
    return bounds


SIGMA_FLOOR = 1e-4  # the log scatter below which a Tobit fit stops looking


def fit_censored_power_law(x: np.ndarray, y: np.ndarray, censored: np.ndarray) -> tuple[np.ndarray, float]:
    """y = e^c · x_1^a_1 ⋯ with log-normal scatter, some y known only as bounds: a Tobit fit on logs.

    ``censored[k]`` is 0 where y[k] was measured, +1 where the truth is above y[k] (no m* up to the
    widest width tried: y[k] is that width) and −1 where it is at most y[k] (the smallest width tried
    already sufficed). Maximum likelihood over the coefficients and the scatter σ: measured points
    contribute the normal density of their log residual, bounds the normal tail beyond them.
    Returns [c, a_1, …] and σ; an a_k is NaN where the measured points all share one value of x_k
    (the bounds alone leave it a range, not a number).

    Points on y = 3x² plus two bounds that agree with it leave the exponent at 2:

    >>> x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    >>> y = np.array([3.0, 12.0, 48.0, 100.0, 1000.0])  # 3·8² = 192 > 100, 3·16² = 768 < 1000
    >>> coefficients, sigma = fit_censored_power_law(x, y, np.array([0, 0, 0, 1, -1]))
    >>> round(float(coefficients[1]), 3), sigma < 1e-3
    (2.0, True)
    """
    from scipy import optimize, special

    logs = np.log(y)
    design = np.column_stack([np.ones(len(y)), np.log(x)])
    measured = censored == 0
    start, *_ = np.linalg.lstsq(design[measured], logs[measured], rcond=None)
    residual = logs[measured] - design[measured] @ start
    spread = float(np.sqrt(np.mean(residual**2))) if measured.sum() else 0.5
    unfixed = np.concatenate([[False], ~identified(design[measured])])
    if measured.all():  # nothing censored: the likelihood's maximum is least squares itself
        start[unfixed] = np.nan
        return start, spread
    above, below = censored > 0, censored < 0

    def negative_log_likelihood(parameters: np.ndarray) -> float:
        beta, log_sigma = parameters[:-1], float(parameters[-1])
        z = (logs - design @ beta) / np.exp(log_sigma)
        total = -0.5 * float(np.sum(z[measured] ** 2)) - measured.sum() * log_sigma
        total += float(special.log_ndtr(-z[above]).sum() + special.log_ndtr(z[below]).sum())
        return -total

    # σ kept above a floor: exact data drive it to 0, where the likelihood has no maximum to find
    floor = np.log(SIGMA_FLOOR)
    initial = np.append(start, max(np.log(max(spread, SIGMA_FLOOR)), np.log(1e-2)))
    bounds = [(None, None)] * design.shape[1] + [(floor, np.log(10.0))]
    best = optimize.minimize(negative_log_likelihood, initial, method="L-BFGS-B", bounds=bounds)
    coefficients = best.x[:-1].copy()
    # an exponent along which the measured points do not vary is bounded by the censored ones, not fixed:
    # the likelihood is flat along it, so any optimum found there is an accident of the optimiser
    coefficients[unfixed] = np.nan
    return coefficients, float(np.exp(best.x[-1]))
