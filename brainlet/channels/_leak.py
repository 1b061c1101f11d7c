"""Passive leak."""
from .._checks import check_non_negative
from ._base import Channel


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
        check_non_negative(g_max=(g_max, 'mS/cm²'))
        self.g_max, self.E = g_max, E

    def current_density(self, V, ions):
        return self.g_max * (V - self.E)
