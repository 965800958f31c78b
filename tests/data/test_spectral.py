"""The checker's spectral norms (Lanczos, no SVD of the weights) against the exact SVD."""

import math

import pytest

torch = pytest.importorskip("torch")

from boundcalc.check.training import SPECTRAL_RTOL, spectral_norms  # noqa: E402


def _clustered(size: int, top: list[float]) -> torch.Tensor:
    """A symmetric matrix whose largest singular values are ``top``, the rest 1e-3."""
    generator = torch.Generator().manual_seed(3)
    q = torch.linalg.qr(torch.randn(size, size, generator=generator, dtype=torch.float64)).Q
    values = torch.full((size,), 1e-3, dtype=torch.float64)
    values[: len(top)] = torch.tensor(top, dtype=torch.float64)
    return (q * values) @ q.T


@pytest.mark.parametrize("shape", [(3, 2, 120, 120), (2, 400, 400), (1, 300, 50), (2, 50, 300), (1, 1, 1)])
def test_random_matrices_match_the_svd_to_the_stated_tolerance(shape):
    generator = torch.Generator().manual_seed(sum(shape))
    matrices = torch.randn(*shape, generator=generator, dtype=torch.float64)
    exact = torch.linalg.matrix_norm(matrices, ord=2)
    assert torch.allclose(spectral_norms(matrices), exact, rtol=SPECTRAL_RTOL, atol=0)


@pytest.mark.parametrize("top", [[1.0, 0.999999, 0.99], [5.0, 1.0], [1.0, 1.0, 1.0], [2.0]])
def test_crowded_or_isolated_tops_match_the_svd(top):
    matrix = _clustered(300, top)[None]
    assert spectral_norms(matrix).item() == pytest.approx(max(top), rel=SPECTRAL_RTOL)


def test_low_rank_moves_and_diverged_seeds():
    generator = torch.Generator().manual_seed(5)
    u, v = torch.randn(2, 256, 3, generator=generator, dtype=torch.float64)
    moved = torch.stack([u @ v.T, torch.zeros(256, 256, dtype=torch.float64), u @ v.T])
    moved[2, 0, 0] = math.inf
    norms = spectral_norms(moved)
    assert norms[0].item() == pytest.approx(torch.linalg.matrix_norm(u @ v.T, ord=2).item(), rel=SPECTRAL_RTOL)
    assert norms[1].item() == 0.0 and math.isnan(norms[2].item())


def test_float32_weights_are_within_their_own_precision():
    generator = torch.Generator().manual_seed(7)
    matrices = torch.randn(2, 300, 300, generator=generator)
    exact = torch.linalg.matrix_norm(matrices.double(), ord=2)
    assert torch.allclose(spectral_norms(matrices), exact, rtol=1e-5, atol=0)
