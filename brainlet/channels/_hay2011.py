"""Channels of the layer-5 pyramidal cell model of Hay et al. (2011), as used by the Allen Cell-Types
perisomatic models (the ``Ca_HVA``, ``Ca_LVA``, ``SK``, ``Ih``, ``Im`` and ``Nap`` mechanisms).

Rates are in 1/ms and voltages in mV; ``g_max`` is in mS/cm² (1000 × the mechanisms' ``gbar`` in S/cm²).
Channels whose mechanisms scale with temperature take ``T`` (°C) and use Q10 = 2.3 from 21 °C.

References
----------
Hay, E., Hill, S., Schürmann, F., Markram, H. & Segev, I. (2011). Models of neocortical layer 5b pyramidal
cells capturing a wide range of dendritic and perisomatic active properties. PLoS Comput. Biol. 7, e1002107.
"""
import jax.numpy as jnp

from .._numerics import boltzmann, exprel
from ._base import GatedChannel, q10_factor




class ICa_HVA_Reuveni1993(GatedChannel):
    r"""High-voltage-activated (L-type) calcium current, :math:`I = \bar g m^2 h (V - E_{Ca})`.

    :math:`\alpha_m = 0.055 (-27 - V)/(e^{(-27-V)/3.8} - 1)`, :math:`\beta_m = 0.94 e^{(-75-V)/17}`,
    :math:`\alpha_h = 0.000457 e^{(-13-V)/50}`, :math:`\beta_h = 0.0065/(e^{(-V-15)/28} + 1)`.

    References
    ----------
    Reuveni, I., Friedman, A., Amitai, Y. & Gutnick, M. J. (1993). J. Neurosci. 13, 4609–4621; as in Hay et
    al. (2011).
    """

    ion = 'ca'
    gates = {'m': 2, 'h': 1}

    def __init__(self, g_max=0.01):
        super().__init__(g_max)

    def rates(self, V):
        return {'m': (0.055 * 3.8 / exprel((-27. - V) / 3.8), 0.94 * jnp.exp((-75. - V) / 17.)),
                'h': (0.000457 * jnp.exp((-13. - V) / 50.), 0.0065 / (jnp.exp((-V - 15.) / 28.) + 1.))}


class ICa_LVA_Avery1996(GatedChannel):
    r"""Low-voltage-activated (T-type) calcium current, :math:`I = \bar g m^2 h (V - E_{Ca})`.

    With :math:`u = V + 10`: :math:`m_\infty = 1/(1 + e^{-(u+30)/6})`,
    :math:`\tau_m = 5 + 20/(1 + e^{(u+25)/5})`, :math:`h_\infty = 1/(1 + e^{(u+80)/6.4})`,
    :math:`\tau_h = 20 + 50/(1 + e^{(u+40)/7})` (ms at 21 °C).

    References
    ----------
    Avery, R. B. & Johnston, D. (1996). J. Neurosci. 16, 5567–5582; Randall, A. D. & Tsien, R. W. (1997).
    Neuropharmacology 36, 879–893; as in Hay et al. (2011).
    """

    ion = 'ca'
    gates = {'m': 2, 'h': 1}

    def __init__(self, g_max=0.01, T=34.):
        super().__init__(g_max, phi=q10_factor(T, 2.3, 21.))

    def kinetics(self, V, ions):
        u = V + 10.
        return {'m': (boltzmann(u, -30., -6.), 5. + 20. / (1. + jnp.exp((u + 25.) / 5.))),
                'h': (boltzmann(u, -80., 6.4), 20. + 50. / (1. + jnp.exp((u + 40.) / 7.)))}


class ISK_Kohler1996(GatedChannel):
    r"""Small-conductance calcium-activated potassium current, :math:`I = \bar g z (V - E_K)`.

    :math:`z_\infty = 1/(1 + (0.00043/[Ca]_i)^{4.8})` with :math:`[Ca]_i` in mM (floored at 1e-7 mM),
    :math:`\tau_z = 1` ms. Needs an ion ``'ca'`` with a concentration ``ci`` (a
    :class:`~brainlet.channels.CalciumPool`).

    References
    ----------
    Köhler, M. et al. (1996). Science 273, 1709–1714; as in Hay et al. (2011).
    """

    ion = 'k'
    reads_concentration = ('ca',)
    gates = {'z': 1}

    def __init__(self, g_max=0.1):
        super().__init__(g_max)

    def kinetics(self, V, ions):
        ca = ions['ca'].ci.value
        ca = jnp.where(ca < 1e-7, ca + 1e-7, ca)
        return {'z': (1. / (1. + (0.00043 / ca) ** 4.8), jnp.ones_like(V))}


class Ih_Kole2006(GatedChannel):
    r"""Hyperpolarization-activated cation (HCN) current, :math:`I = \bar g m (V - E_h)`, E_h = −45 mV.

    :math:`\alpha_m = 0.00643 (V + 154.9)/(e^{(V+154.9)/11.9} - 1)`, :math:`\beta_m = 0.193 e^{V/33.1}`.

    References
    ----------
    Kole, M. H. P., Hallermann, S. & Stuart, G. J. (2006). J. Neurosci. 26, 1677–1687; as in Hay et al.
    (2011).
    """

    gates = {'m': 1}

    def __init__(self, g_max=0.01, E=-45.):
        super().__init__(g_max, E=E)

    def rates(self, V):
        return {'m': (0.00643 * 11.9 / exprel((V + 154.9) / 11.9), 0.193 * jnp.exp(V / 33.1))}


class IM_Adams1982(GatedChannel):
    r"""Muscarinic (M-type) potassium current, :math:`I = \bar g m (V - E_K)`.

    :math:`\alpha_m = 0.0033 e^{0.1 (V+35)}`, :math:`\beta_m = 0.0033 e^{-0.1 (V+35)}` (1/ms at 21 °C).

    References
    ----------
    Adams, P. R., Brown, D. A. & Constanti, A. (1982). J. Physiol. 330, 537–572; as in Hay et al. (2011).
    """

    ion = 'k'
    gates = {'m': 1}

    def __init__(self, g_max=0.01, T=34.):
        super().__init__(g_max, phi=q10_factor(T, 2.3, 21.))

    def rates(self, V):
        return {'m': (3.3e-3 * jnp.exp(0.1 * (V + 35.)), 3.3e-3 * jnp.exp(-0.1 * (V + 35.)))}


class INaP_Magistretti1999(GatedChannel):
    r"""Persistent sodium current with instantaneous activation, :math:`I = \bar g m_\infty(V) h (V - E_{Na})`.

    :math:`m_\infty = 1/(1 + e^{-(V+52.6)/4.6})`, :math:`h_\infty = 1/(1 + e^{(V+48.8)/10})`,
    :math:`\tau_h = 1/(\alpha_h + \beta_h)` with :math:`\alpha_h = 2.88\cdot10^{-6} (V+17)/(e^{(V+17)/4.63} - 1)`,
    :math:`\beta_h = 6.94\cdot10^{-6} (V+64.4)/(1 - e^{-(V+64.4)/2.63})` (ms at 21 °C).

    References
    ----------
    Magistretti, J. & Alonso, A. (1999). J. Gen. Physiol. 114, 491–509; as in Hay et al. (2011).
    """

    ion = 'na'
    gates = {'h': 1}

    def __init__(self, g_max=0.01, T=34.):
        super().__init__(g_max, phi=q10_factor(T, 2.3, 21.))

    def kinetics(self, V, ions):
        alpha = 2.88e-6 * 4.63 / exprel((V + 17.) / 4.63)
        beta = 6.94e-6 * 2.63 / exprel(-(V + 64.4) / 2.63)
        return {'h': (boltzmann(V, -48.8, 10.), 1. / (alpha + beta))}

    def open_probability(self, V, ions):
        return boltzmann(V, -52.6, -4.6) * self.h.value
