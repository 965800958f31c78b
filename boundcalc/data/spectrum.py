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
factor is built by blocks, [[A, B], [Bᵀ, C]] = [[U₁ᵀ, 0], [U₁₂ᵀ, U₂ᵀ]]·[[U₁, U₁₂], [0, U₂]] with
U₁ = chol(A), U₁₂ = U₁⁻ᵀB and U₂ = chol(C − U₁₂ᵀU₁₂), each factorisation at most THREADED_ROWS
rows and every step threaded; the blocks' temporaries are at most a quarter of K each.
"""

from __future__ import annotations

import numpy as np

DENSE_ROWS = 2000
THREADED_ROWS = 12_000
TOLERANCE = 1e-6
# Lanczos vectors kept for λ_min (ARPACK's default is 20): the top of K⁻¹ is crowded, and fewer
# restarts took 341 solves instead of 431 at n = 20,000 (53 s against 69 s), the same λ_min to 1e-11
INVERSE_VECTORS = 40


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
    from scipy.linalg import LinAlgError, solve_triangular
    from scipy.sparse.linalg import LinearOperator, eigsh

    n = len(kernel)
    factor = kernel.T  # a Fortran-ordered view of the same symmetric array: the factor is written into it
    try:
        _cholesky_in_place(factor)
    except LinAlgError:
        return 0.0

    def inverse(v: np.ndarray) -> np.ndarray:  # K⁻¹v = U⁻¹ U⁻ᵀ v
        inner = solve_triangular(factor, v, trans="T", check_finite=False)
        solved: np.ndarray = solve_triangular(factor, inner, check_finite=False)
        return solved

    operator = LinearOperator((n, n), matvec=inverse, dtype=np.float64)
    (inverse_largest,) = eigsh(
        operator, k=1, which="LA", tol=TOLERANCE, v0=_start(n), ncv=min(n, INVERSE_VECTORS), return_eigenvectors=False
    )
    return float(1.0 / inverse_largest)


def _cholesky_in_place(block: np.ndarray) -> None:
    """Overwrite the upper triangle of a Fortran-ordered symmetric block with U, UᵀU = block."""
    from scipy.linalg import cholesky, solve_triangular

    n = len(block)
    if n <= THREADED_ROWS:
        contiguous = block.flags.f_contiguous
        factor = cholesky(block, lower=False, overwrite_a=contiguous, check_finite=False)
        if not contiguous:
            block[:] = factor
        return
    k = n // 2
    _cholesky_in_place(block[:k, :k])
    block[:k, k:] = solve_triangular(block[:k, :k], block[:k, k:], trans="T", check_finite=False)
    block[k:, k:] -= block[:k, k:].T @ block[:k, k:]
    _cholesky_in_place(block[k:, k:])


def extreme_eigenvalues(kernel: np.ndarray, dense_rows: int = DENSE_ROWS) -> tuple[float, float]:
    """(λ_min, λ_max); the matrix is overwritten above dense_rows rows (see smallest_eigenvalue)."""
    if len(kernel) <= dense_rows:
        values = np.linalg.eigvalsh(kernel)
        return float(values[0]), float(values[-1])
    largest = largest_eigenvalue(kernel, dense_rows)
    return smallest_eigenvalue(kernel, dense_rows), largest
