"""Extreme eigenvalues of the n × n kernels (H∞, the limit NTK) without a full eigendecomposition.

Up to DENSE_ROWS rows a full eigvalsh is fast and exact to rounding. Above it:
- λ_max by Lanczos (ARPACK through scipy's eigsh) on K itself: the top eigenvalue of a kernel Gram
  stands well apart from the rest, so few products with K are needed.
- λ_min by Lanczos on K⁻¹ (shift-invert at 0): K = UᵀU is factored once, in place, and each step
  solves with Uᵀ and U. λ_min is then accurate to the relative tolerance TOLERANCE of the Lanczos
  iteration (1e-6: the bottom of a kernel's spectrum is a dense bulk, and each further digit costs
  more steps) plus the factorisation's rounding, a few n·ε·λ_max absolute. A K that is not positive
  definite to working precision has no Cholesky factor: its λ_min is reported as 0 (it lies within
  that rounding of 0), which is what every bound that reads it must be told.
The memory is one n × n float64 array (the factor overwrites K) plus O(n) vectors.

OpenBLAS's threaded Cholesky (0.3.30, as bundled with SciPy 1.17) wrote out of bounds and crashed the
process at n = 20,000 on this project's machine, and was sound at 12,000: above THREADED_ROWS the
factorisation runs on one thread.
"""

from __future__ import annotations

import numpy as np

DENSE_ROWS = 2000
THREADED_ROWS = 12_000
TOLERANCE = 1e-6


def _start(n: int) -> np.ndarray:
    return np.full(n, 1.0 / np.sqrt(n))  # fixed: the result must not depend on a random start


def largest_eigenvalue(kernel: np.ndarray, dense_rows: int = DENSE_ROWS) -> float:
    """λ_max of a symmetric positive semi-definite float64 matrix (left unchanged)."""
    if len(kernel) <= dense_rows:
        return float(np.linalg.eigvalsh(kernel)[-1])
    from scipy.sparse.linalg import eigsh

    (value,) = eigsh(kernel, k=1, which="LA", tol=TOLERANCE, v0=_start(len(kernel)), return_eigenvectors=False)
    return float(value)


def smallest_eigenvalue(kernel: np.ndarray, dense_rows: int = DENSE_ROWS) -> float:
    """λ_min of a symmetric positive semi-definite float64 matrix, which is overwritten (by its Cholesky
    factor) when it has more than dense_rows rows."""
    if len(kernel) <= dense_rows:
        return float(np.linalg.eigvalsh(kernel)[0])
    from scipy.linalg import LinAlgError, cholesky, solve_triangular
    from scipy.sparse.linalg import LinearOperator, eigsh
    from threadpoolctl import threadpool_limits

    n = len(kernel)
    try:  # kernel.T is a Fortran-ordered view of the same symmetric array: LAPACK factors it in place
        with threadpool_limits(1 if n > THREADED_ROWS else None, user_api="blas"):
            factor = cholesky(kernel.T, lower=False, overwrite_a=True, check_finite=False)
    except LinAlgError:
        return 0.0

    def inverse(v: np.ndarray) -> np.ndarray:  # K⁻¹v = U⁻¹ U⁻ᵀ v
        inner = solve_triangular(factor, v, trans="T", check_finite=False)
        solved: np.ndarray = solve_triangular(factor, inner, check_finite=False)
        return solved

    operator = LinearOperator((n, n), matvec=inverse, dtype=np.float64)
    (inverse_largest,) = eigsh(operator, k=1, which="LA", tol=TOLERANCE, v0=_start(n), return_eigenvectors=False)
    return float(1.0 / inverse_largest)


def extreme_eigenvalues(kernel: np.ndarray, dense_rows: int = DENSE_ROWS) -> tuple[float, float]:
    """(λ_min, λ_max); the matrix is overwritten above dense_rows rows (see smallest_eigenvalue)."""
    if len(kernel) <= dense_rows:
        values = np.linalg.eigvalsh(kernel)
        return float(values[0]), float(values[-1])
    largest = largest_eigenvalue(kernel, dense_rows)
    return smallest_eigenvalue(kernel, dense_rows), largest
