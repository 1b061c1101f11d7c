"""Large-conductance calcium- and voltage-activated potassium (BK) channel of Moczydlowski & Latorre (1983),
as in NEURON's example mechanism ``cagk`` (``share/examples/nrniv/nmodl/cagk.mod``). The small-conductance
SK channel, calcium-activated only, is :class:`~brainlet.channels.ISK_Kohler1996`."""
import jax.numpy as jnp

from .._checks import check_positive
from ._base import GatedChannel
from ._ions import FARADAY, GAS_CONSTANT


class IBK_Moczydlowski1983(GatedChannel):
    r"""BK (maxi-K) potassium current, opened by intracellular calcium and depolarization,
    :math:`I = \bar g\, o\, (V - E_K)`.

    Scheme R1 of Moczydlowski & Latorre (1983): :math:`C + Ca \rightleftharpoons C{\cdot}Ca` (dissociation
    constant :math:`K_1(V)`), :math:`C{\cdot}Ca \rightleftharpoons O{\cdot}Ca` (opening rate :math:`\bar a`,
    closing rate :math:`\bar b`), :math:`O{\cdot}Ca + Ca \rightleftharpoons O{\cdot}Ca_2` (:math:`K_2(V)`),
    with both bindings in equilibrium and :math:`K_j(V) = k_j\, e^{-2 \delta_j F V / RT}`.

    The open fraction :math:`o` follows :math:`do/dt = a (1 - o) - b\, o` with the opening and closing rates

    .. math::

        a = \frac{\bar a\, [Ca]_i}{[Ca]_i + K_1(V)}, \qquad b = \frac{\bar b\, K_2(V)}{K_2(V) + [Ca]_i},

    so that the open probability at steady state is

    .. math::

        o_\infty = \left(1 + \frac{\bar b}{\bar a}\,\frac{1 + K_1(V)/[Ca]_i}{1 + [Ca]_i/K_2(V)}\right)^{-1}.

    :math:`[Ca]_i` in mM, rates in 1/ms, no temperature scaling of the rates (``T`` enters only the
    Boltzmann factor of the binding constants). Needs an ion ``'ca'`` with a concentration ``ci`` (a
    :class:`~brainlet.channels.CalciumPool`).

    Parameters
    ----------
    g_max : float or array
        Maximal conductance density (mS/cm²), ≥ 0; 10 in ``cagk`` (``gkbar`` = 0.01 S/cm²).
    T : float
        Temperature (°C) of the binding constants' voltage dependence; ``cagk`` reads NEURON's
        ``celsius`` and notes 20.
    k1, k2 : float
        Dissociation constants at 0 mV (mM), > 0: 0.18 and 0.011 (the paper's :math:`K_1(0)`, :math:`K_4(0)`).
    d1, d2 : float
        Fractions of the membrane field the bindings sense: 0.84 and 1.0 (the paper's :math:`\delta_1`,
        :math:`\delta_4`).
    abar, bbar : float
        Opening and closing rates of the calcium-bound channel (1/ms), > 0: 0.48 and 0.28 (the paper's
        :math:`\beta` and :math:`\alpha` as ``cagk.mod`` maps them).

    References
    ----------
    Moczydlowski, E. & Latorre, R. (1983). Gating kinetics of Ca²⁺-activated K⁺ channels from rat muscle
    incorporated into planar lipid bilayers. Evidence for two voltage-dependent Ca²⁺ binding reactions.
    J. Gen. Physiol. 82, 511–542; parameters as in NEURON's ``cagk.mod``.

    Example
    -------
    >>> cell = bl.neurons.CondNeuGroup(1, channels={..., 'BK': IBK_Moczydlowski1983(g_max=1.)},
    ...                                ions={'k': FixedIon(-90.), 'ca': CalciumPool(), ...})
    """

    ion = 'k'
    reads_concentration = ('ca',)
    gates = {'o': 1}

    def __init__(self, g_max=10., T=20., k1=0.18, k2=0.011, d1=0.84, d2=1.0, abar=0.48, bbar=0.28):
        super().__init__(g_max)
        check_positive(k1=(k1, 'mM'), k2=(k2, 'mM'), abar=(abar, '1/ms'), bbar=(bbar, '1/ms'))
        self.T, self.k1, self.k2, self.d1, self.d2, self.abar, self.bbar = T, k1, k2, d1, d2, abar, bbar

    def binding_constants(self, V):
        """:math:`K_1(V)`, :math:`K_2(V)` (mM) at voltage ``V`` (mV)."""
        per_mV = 2e-3 * FARADAY / (GAS_CONSTANT * (self.T + 273.15))  # 2F/RT, 1/mV
        return self.k1 * jnp.exp(-self.d1 * per_mV * V), self.k2 * jnp.exp(-self.d2 * per_mV * V)

    def kinetics(self, V, ions):
        ca = ions['ca'].ci.value
        K1, K2 = self.binding_constants(V)
        opening = self.abar * ca / (ca + K1)
        closing = self.bbar * K2 / (K2 + ca)
        return {'o': (opening / (opening + closing), 1. / (opening + closing))}
