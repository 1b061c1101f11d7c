"""Voltage-gated potassium channels of neocortical pyramidal cells, as in the Hay et al. (2011) model and the
Allen Cell-Types perisomatic models (the ``K_T``, ``K_P``, ``Kv3_1`` and ``Kd`` mechanisms).

Time constants in ms, voltages in mV, ``g_max`` in mS/cm² (1000 × the mechanisms' ``gbar`` in S/cm²).
Channels whose mechanisms scale with temperature take ``T`` (°C), with Q10 = 2.3.
"""
import jax.numpy as jnp

from .._numerics import boltzmann
from ._base import GatedChannel, q10_factor


class IKA_Korngreen2000(GatedChannel):
    r"""Fast-inactivating (A-type, transient) potassium current, :math:`I = \bar g m^4 h (V - E_K)`.

    :math:`m_\infty = 1/(1 + e^{-(V+47)/29})`, :math:`\tau_m = 0.34 + 0.92 e^{-((V+71)/59)^2}`,
    :math:`h_\infty = 1/(1 + e^{(V+66)/10})`, :math:`\tau_h = 8 + 49 e^{-((V+73)/23)^2}` (ms at 21 °C).

    References
    ----------
    Korngreen, A. & Sakmann, B. (2000). J. Physiol. 525, 621–639; as ``K_T`` in Hay et al. (2011).
    """

    ion = 'k'
    gates = {'m': 4, 'h': 1}

    def __init__(self, g_max=0.1, T=34.):
        super().__init__(g_max, phi=q10_factor(T, 2.3, 21.))

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, -47., -29.), 0.34 + 0.92 * jnp.exp(-((V + 71.) / 59.) ** 2)),
                'h': (boltzmann(V, -66., 10.), 8. + 49. * jnp.exp(-((V + 73.) / 23.) ** 2))}


class IKP_Korngreen2000(GatedChannel):
    r"""Slowly inactivating (persistent) potassium current, :math:`I = \bar g m^2 h (V - E_K)`.

    :math:`m_\infty = 1/(1 + e^{-(V+14.3)/14.6})`; :math:`\tau_m = 1.25 + 175.03 e^{0.026 V}` below −50 mV,
    :math:`1.25 + 13 e^{-0.026 V}` above; :math:`h_\infty = 1/(1 + e^{(V+54)/11})`,
    :math:`\tau_h = 360 + (1010 + 24 (V+55)) e^{-((V+75)/48)^2}` (ms at 21 °C).

    References
    ----------
    Korngreen, A. & Sakmann, B. (2000). J. Physiol. 525, 621–639; as ``K_P`` in Hay et al. (2011).
    """

    ion = 'k'
    gates = {'m': 2, 'h': 1}

    def __init__(self, g_max=0.1, T=34.):
        super().__init__(g_max, phi=q10_factor(T, 2.3, 21.))

    def kinetics(self, V, ions):
        tau_m = 1.25 + jnp.where(V < -50., 175.03 * jnp.exp(0.026 * V), 13. * jnp.exp(-0.026 * V))
        tau_h = 360. + (1010. + 24. * (V + 55.)) * jnp.exp(-((V + 75.) / 48.) ** 2)
        return {'m': (boltzmann(V, -14.3, -14.6), tau_m), 'h': (boltzmann(V, -54., 11.), tau_h)}


class IKv3_1_Rettig1992(GatedChannel):
    r"""Fast, high-threshold Kv3-like delayed rectifier, :math:`I = \bar g m (V - E_K)`.

    :math:`m_\infty = 1/(1 + e^{-(V-18.7)/9.7})`, :math:`\tau_m = 4/(1 + e^{-(V+46.56)/44.14})` (ms; no
    temperature scaling).

    References
    ----------
    Rettig, J. et al. (1992). EMBO J. 11, 2473–2486; as ``Kv3_1`` in Hay et al. (2011).
    """

    ion = 'k'
    gates = {'m': 1}

    def __init__(self, g_max=0.1):
        super().__init__(g_max)

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, 18.7, -9.7), 4. / (1. + jnp.exp(-(V + 46.56) / 44.14)))}


class IKd_Foust2011(GatedChannel):
    r"""Slowly inactivating delayed rectifier (D-type), :math:`I = \bar g m h (V - E_K)`.

    :math:`m_\infty = 1 - 1/(1 + e^{(V+43)/8})`, :math:`\tau_m = 1`, :math:`h_\infty = 1/(1 + e^{(V+67)/7.3})`,
    :math:`\tau_h = 1500` ms, at any temperature (the mechanism computes a Q10 factor but does not apply it).

    References
    ----------
    Foust, A. J., Yu, Y., Popovic, M., Zecevic, D. & McCormick, D. A. (2011). J. Neurosci. 31, 15490–15498;
    as ``Kd`` in the Allen Cell-Types perisomatic models.
    """

    ion = 'k'
    gates = {'m': 1, 'h': 1}

    def __init__(self, g_max=0.1):
        super().__init__(g_max)

    def kinetics(self, V, ions):
        return {'m': (1. - boltzmann(V, -43., 8.), jnp.ones_like(V)),
                'h': (boltzmann(V, -67., 7.3), jnp.full_like(V, 1500.))}
