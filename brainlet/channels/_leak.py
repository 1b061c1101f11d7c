"""Passive leak."""
import jax.numpy as jnp

from ._base import Channel, _check_non_negative


class Leak(Channel):
    r"""A voltage-independent leak, :math:`I = g (V - E)`.

    Parameters
    ----------
    g_max : float or array
        Conductance density (mS/cm²), ≥ 0; 0.3 in Hodgkin & Huxley (1952).
    E : float
        Reversal potential (mV); −54.387 in Hodgkin & Huxley (1952) for a rest at −65 mV (NEURON's ``hh``:
        −54.3).
    """

    def __init__(self, g_max=0.3, E=-54.387):
        super().__init__()
        _check_non_negative(g_max=g_max)
        self.g_max, self.E = g_max, E

    def current(self, V, ions):
        g = jnp.broadcast_to(jnp.asarray(self.g_max, dtype=V.dtype), V.shape)
        return g * (V - self.E), g
