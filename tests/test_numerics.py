"""exprel against numpy, and its finiteness in value and gradient at the removable singularity."""
import jax
import numpy as np

from brainlet import exprel


def test_exprel_matches_definition(x64):
    x = np.array([-30.0, -1.0, -1e-3, -1e-5, 1e-5, 1e-3, 0.5, 20.0])
    np.testing.assert_allclose(np.asarray(exprel(x)), np.expm1(x) / x, rtol=1e-12)


def test_exprel_at_zero_value_and_gradients():
    assert float(exprel(0.0)) == 1.0
    # d/dx (e^x - 1)/x = 1/2 and d²/dx² = 1/3 at 0 (Taylor series 1 + x/2 + x²/6)
    assert float(jax.grad(exprel)(0.0)) == 0.5
    np.testing.assert_allclose(float(jax.grad(jax.grad(exprel))(0.0)), 1 / 3, rtol=1e-6)
