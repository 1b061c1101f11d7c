"""Singularity-safe elementary functions shared by every model.

Rate functions of the form ``x / (1 - exp(-x))`` have removable singularities at ``x = 0``; writing them
through :func:`exprel` keeps both the value and its gradient finite there.
"""
import jax.numpy as jnp

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
