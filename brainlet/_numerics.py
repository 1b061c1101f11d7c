"""Singularity-safe elementary functions shared by every model.

Rate functions of the form ``x / (1 - exp(-x))`` have removable singularities at ``x = 0``; writing them
through :func:`exprel` keeps both the value and its gradient finite there.
"""
import jax.numpy as jnp
import numpy as np
from scipy.optimize import brentq

_SERIES_BELOW = 1e-4


def exprel(x):
    """Relative error exponential, ``(exp(x) - 1) / x``, equal to 1 at ``x = 0``.

    Finite in value and derivative at the removable singularity: near zero the second-order Taylor series
    ``1 + x/2 + x²/6`` is used, and the division is never evaluated with a zero denominator (so ``jax.grad``
    does not produce NaN through the unused branch).
    """
    x = jnp.asarray(x)
    small = jnp.abs(x) < _SERIES_BELOW
    x_safe = jnp.where(small, 1.0, x)
    return jnp.where(small, 1.0 + x / 2.0 + x * x / 6.0, jnp.expm1(x_safe) / x_safe)


def boltzmann(V, V_half, k):
    """The Boltzmann function ``1 / (1 + exp((V - V_half) / k))``: k < 0 rises with V, k > 0 falls (mV)."""
    return 1.0 / (1.0 + jnp.exp((V - V_half) / k))


def lowest_root(f, lo, hi, points=20001):
    """The lowest zero of ``f`` (a numpy-vectorized scalar function) on ``[lo, hi]``: the first sign change
    on a grid of ``points``, refined with ``scipy.optimize.brentq``; ``None`` when ``f`` keeps its sign."""
    grid = np.linspace(lo, hi, points)
    values = np.asarray(f(grid))
    change = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)[0]
    if change.size == 0:
        return None
    return float(brentq(lambda x: float(f(np.array(x))), grid[change[0]], grid[change[0] + 1], xtol=1e-14))
