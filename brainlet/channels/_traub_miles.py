"""The sodium and potassium channels of Traub & Miles (1991), with the threshold shift ``V_T`` of the HH
neurons of benchmark 3 (COBAHH) of Brette et al. (2007).

Rates in 1/ms, V and V_T in mV; ``g_max`` in mS/cm². The rates depend on V − V_T only, so ``V_T`` moves the
whole voltage dependence: it is ``vtraub`` of Destexhe's NEURON mechanism ``hh2`` and ``VT`` of Brian2's
``examples/COBAHH.py``, −63 mV in both. No temperature scaling: ``hh2`` scales its rates by Q10 = 3 from 36 °C,
its default temperature, and Brian2's version has none.

References
----------
Traub, R. D. & Miles, R. (1991). Neuronal Networks of the Hippocampus. Cambridge University Press.
Brette, R. et al. (2007). Simulation of networks of spiking neurons: a review of tools and strategies.
J. Comput. Neurosci. 23, 349–398 (benchmark 3).
"""
import jax.numpy as jnp

from .._numerics import exprel
from ._base import GatedChannel


class INa_TraubMiles1991(GatedChannel):
    r"""Traub–Miles fast sodium current, :math:`I = \bar g m^3 h (V - E_{Na})`.

    With :math:`u = V - V_T` (mV):

    .. math::

        \alpha_m = \frac{0.32 (13 - u)}{e^{(13-u)/4} - 1}, \quad
        \beta_m = \frac{0.28 (u - 40)}{e^{(u-40)/5} - 1}, \quad
        \alpha_h = 0.128 e^{(17-u)/18}, \quad
        \beta_h = \frac{4}{1 + e^{(40-u)/5}}

    (1/ms), the removable singularities at :math:`u = 13` and :math:`u = 40` mV written through ``exprel``.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance density (mS/cm²), ≥ 0; 100 in benchmark 3 (20 µS on 20 000 µm²).
    V_T : float
        Threshold shift (mV); −63 in benchmark 3.

    References
    ----------
    Traub, R. D. & Miles, R. (1991). Neuronal Networks of the Hippocampus. Cambridge University Press;
    Brette, R. et al. (2007). J. Comput. Neurosci. 23, 349–398.

    Example
    -------
    >>> cell = bl.neurons.CondNeuGroup(
    ...     10, channels={'na': INa_TraubMiles1991(), 'k': IK_TraubMiles1991(), 'leak': Leak(0.05, -60.)},
    ...     ions={'na': FixedIon(50.), 'k': FixedIon(-90.)}, C=1.0, area=20000., V_initial=-60.)
    """

    ion = 'na'
    gates = {'m': 3, 'h': 1}

    def __init__(self, g_max=100., V_T=-63.):
        super().__init__(g_max)
        self.V_T = V_T

    def rates(self, V):
        u = V - self.V_T
        return {'m': (0.32 * 4. / exprel((13. - u) / 4.), 0.28 * 5. / exprel((u - 40.) / 5.)),
                'h': (0.128 * jnp.exp((17. - u) / 18.), 4. / (1. + jnp.exp((40. - u) / 5.)))}


class IK_TraubMiles1991(GatedChannel):
    r"""Traub–Miles delayed-rectifier potassium current, :math:`I = \bar g n^4 (V - E_K)`.

    With :math:`u = V - V_T` (mV):

    .. math::

        \alpha_n = \frac{0.032 (15 - u)}{e^{(15-u)/5} - 1}, \quad \beta_n = 0.5 e^{(10-u)/40}

    (1/ms), the removable singularity at :math:`u = 15` mV written through ``exprel``.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance density (mS/cm²), ≥ 0; 30 in benchmark 3 (6 µS on 20 000 µm²).
    V_T : float
        Threshold shift (mV); −63 in benchmark 3.

    References
    ----------
    Traub, R. D. & Miles, R. (1991). Neuronal Networks of the Hippocampus. Cambridge University Press;
    Brette, R. et al. (2007). J. Comput. Neurosci. 23, 349–398.
    """

    ion = 'k'
    gates = {'n': 4}

    def __init__(self, g_max=30., V_T=-63.):
        super().__init__(g_max)
        self.V_T = V_T

    def rates(self, V):
        u = V - self.V_T
        return {'n': (0.032 * 5. / exprel((15. - u) / 5.), 0.5 * jnp.exp((10. - u) / 40.))}
