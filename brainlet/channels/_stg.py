r"""Channels and intracellular calcium of the stomatogastric (STG) model neuron of Liu et al. (1998), in the
form of Prinz, Billimoria & Marder (2003) used by the pyloric-circuit model of Prinz, Bucher & Marder (2004).

Every gate relaxes to its steady state, :math:`\tau_x\, dx/dt = x_\infty(V) - x`, and every current is
:math:`I = \bar g\, m^p h\, (V - E)` (h only for Na, CaT, CaS and A). Steady states are Boltzmann functions
:math:`x_\infty = 1/(1 + e^{(V - V_{1/2})/k})`; the KCa activation is also scaled by
:math:`[Ca]_i/([Ca]_i + 3\,µM)`. Voltages in mV, time constants in ms, ``g_max`` in mS/cm², [Ca] in mM
(the papers give µM). Reversal potentials: E_Na = 50, E_K = −80, E_H = −20, E_leak = −50 mV; E_Ca follows
[Ca]_i by Nernst (:class:`CalciumPool_Liu1998`).

References
----------
Liu, Z., Golowasch, J., Marder, E. & Abbott, L. F. (1998). A model neuron with activity-dependent
conductances regulated by multiple calcium sensors. J. Neurosci. 18, 2309–2320.
Prinz, A. A., Billimoria, C. P. & Marder, E. (2003). Alternative to hand-tuning conductance-based models:
construction and analysis of databases of model neurons. J. Neurophysiol. 90, 3998–4015 (Table 1).
"""
import jax.numpy as jnp

from .._checks import check_positive
from .._numerics import boltzmann
from ._base import GatedChannel
from ._ions import FARADAY, CalciumPool

#: Half-activation of the KCa gate by intracellular calcium (mM): 3 µM.
KCA_CALCIUM_HALF = 3e-3


def _sigmoid_tau(V, base, amplitude, V_half, k):
    """``base − amplitude / (1 + e^{(V − V_half)/k})`` (ms): the time-constant form of the STG channels."""
    return base - amplitude * boltzmann(V, V_half, k)


def _bell_tau(V, base, amplitude, V1, k1, V2, k2):
    """``base + amplitude / (e^{(V − V1)/k1} + e^{(V − V2)/k2})`` (ms): a bell-shaped time constant."""
    return base + amplitude / (jnp.exp((V - V1) / k1) + jnp.exp((V - V2) / k2))


class INa_Prinz2003(GatedChannel):
    r"""Fast sodium current of the STG model neuron, :math:`I = \bar g m^3 h (V - E_{Na})`.

    .. math::

        m_\infty = \frac{1}{1 + e^{-(V + 25.5)/5.29}}, \quad
        h_\infty = \frac{1}{1 + e^{(V + 48.9)/5.18}}, \quad
        \tau_m = 2.64 - \frac{2.52}{1 + e^{-(V + 120)/25}}, \\
        \tau_h = \frac{1.34}{1 + e^{-(V + 62.9)/10}} \left(1.5 + \frac{1}{1 + e^{(V + 34.9)/3.6}}\right).

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–500 in the database of Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    ion = 'na'
    gates = {'m': 3, 'h': 1}

    def kinetics(self, V, ions):
        tau_h = 1.34 / (1. + jnp.exp(-(V + 62.9) / 10.)) * (1.5 + boltzmann(V, -34.9, 3.6))
        return {'m': (boltzmann(V, -25.5, -5.29), _sigmoid_tau(V, 2.64, 2.52, -120., -25.)),
                'h': (boltzmann(V, -48.9, 5.18), tau_h)}


class ICaT_Prinz2003(GatedChannel):
    r"""Transient (T-type) calcium current of the STG model neuron, :math:`I = \bar g m^3 h (V - E_{Ca})`.

    .. math::

        m_\infty = \frac{1}{1 + e^{-(V + 27.1)/7.2}}, \quad
        h_\infty = \frac{1}{1 + e^{(V + 32.1)/5.5}}, \\
        \tau_m = 43.4 - \frac{42.6}{1 + e^{-(V + 68.1)/20.5}}, \quad
        \tau_h = 210 - \frac{179.6}{1 + e^{-(V + 55)/16.9}}.

    Needs the ion ``'ca'``; its current feeds :class:`CalciumPool_Liu1998`.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–12.5 in Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    ion = 'ca'
    gates = {'m': 3, 'h': 1}

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, -27.1, -7.2), _sigmoid_tau(V, 43.4, 42.6, -68.1, -20.5)),
                'h': (boltzmann(V, -32.1, 5.5), _sigmoid_tau(V, 210., 179.6, -55., -16.9))}


class ICaS_Prinz2003(GatedChannel):
    r"""Slow calcium current of the STG model neuron, :math:`I = \bar g m^3 h (V - E_{Ca})`.

    .. math::

        m_\infty = \frac{1}{1 + e^{-(V + 33)/8.1}}, \quad
        h_\infty = \frac{1}{1 + e^{(V + 60)/6.2}}, \\
        \tau_m = 2.8 + \frac{14}{e^{(V + 27)/10} + e^{-(V + 70)/13}}, \quad
        \tau_h = 120 + \frac{300}{e^{(V + 55)/9} + e^{-(V + 65)/16}}.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–10 in Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    ion = 'ca'
    gates = {'m': 3, 'h': 1}

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, -33., -8.1), _bell_tau(V, 2.8, 14., -27., 10., -70., -13.)),
                'h': (boltzmann(V, -60., 6.2), _bell_tau(V, 120., 300., -55., 9., -65., -16.))}


class IA_Prinz2003(GatedChannel):
    r"""Transient (A-type) potassium current of the STG model neuron, :math:`I = \bar g m^3 h (V - E_K)`.

    .. math::

        m_\infty = \frac{1}{1 + e^{-(V + 27.2)/8.7}}, \quad
        h_\infty = \frac{1}{1 + e^{(V + 56.9)/4.9}}, \\
        \tau_m = 23.2 - \frac{20.8}{1 + e^{-(V + 32.9)/15.2}}, \quad
        \tau_h = 77.2 - \frac{58.4}{1 + e^{-(V + 38.9)/26.5}}.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–50 in Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    ion = 'k'
    gates = {'m': 3, 'h': 1}

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, -27.2, -8.7), _sigmoid_tau(V, 23.2, 20.8, -32.9, -15.2)),
                'h': (boltzmann(V, -56.9, 4.9), _sigmoid_tau(V, 77.2, 58.4, -38.9, -26.5))}


class IKCa_Prinz2003(GatedChannel):
    r"""Calcium-dependent potassium current of the STG model neuron, :math:`I = \bar g m^4 (V - E_K)`.

    .. math::

        m_\infty = \frac{[Ca]_i}{[Ca]_i + 3\,µM} \cdot \frac{1}{1 + e^{-(V + 28.3)/12.6}}, \quad
        \tau_m = 180.6 - \frac{150.2}{1 + e^{-(V + 46)/22.7}}.

    Reads the intracellular calcium ``ci`` (mM) of the ion ``'ca'`` (:class:`CalciumPool_Liu1998`).

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–25 in Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    ion = 'k'
    reads_concentration = ('ca',)
    gates = {'m': 4}

    def kinetics(self, V, ions):
        ca = ions['ca'].ci.value
        m_inf = ca / (ca + KCA_CALCIUM_HALF) * boltzmann(V, -28.3, -12.6)
        return {'m': (m_inf, _sigmoid_tau(V, 180.6, 150.2, -46., -22.7))}


class IKd_Prinz2003(GatedChannel):
    r"""Delayed-rectifier potassium current of the STG model neuron, :math:`I = \bar g m^4 (V - E_K)`.

    .. math::

        m_\infty = \frac{1}{1 + e^{-(V + 12.3)/11.8}}, \quad
        \tau_m = 14.4 - \frac{12.8}{1 + e^{-(V + 28.3)/19.2}}.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–125 in Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    ion = 'k'
    gates = {'m': 4}

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, -12.3, -11.8), _sigmoid_tau(V, 14.4, 12.8, -28.3, -19.2))}


class IH_Prinz2003(GatedChannel):
    r"""Hyperpolarization-activated inward current of the STG model neuron, :math:`I = \bar g m (V - E_H)`.

    .. math::

        m_\infty = \frac{1}{1 + e^{(V + 75)/5.5}}, \quad
        \tau_m = \frac{2}{e^{-(V + 169.7)/11.6} + e^{(V - 26.7)/14.3}}.

    Parameters
    ----------
    g_max : float or array
        Maximal conductance (mS/cm²), ≥ 0; 0–0.05 in Prinz et al. (2003).
    E : float
        Reversal potential (mV); −20 in Prinz et al. (2003).

    References
    ----------
    Liu et al. (1998); Prinz, Billimoria & Marder (2003), Table 1.
    """

    gates = {'m': 1}

    def __init__(self, g_max, E=-20.):
        super().__init__(g_max, E=E)

    def kinetics(self, V, ions):
        return {'m': (boltzmann(V, -75., 5.5), _bell_tau(V, 0., 2., -169.7, -11.6, 26.7, 14.3))}


class CalciumPool_Liu1998(CalciumPool):
    r"""Intracellular calcium of the STG model neuron (Liu et al. 1998; Prinz et al. 2003):

    .. math::

        \tau_{Ca} \frac{d[Ca]_i}{dt} = -f\, I_{Ca} - [Ca]_i + [Ca]_0, \qquad
        E_{Ca} = \frac{RT}{2F} \ln \frac{[Ca]_o}{[Ca]_i},

    with :math:`I_{Ca} = A\, i_{Ca}` the calcium current (nA) of the CaT and CaS channels through the whole
    membrane of area ``A``. This is :class:`CalciumPool` with no buffering (γ = 1), decay ``tau`` and a shell
    of depth :math:`d = \tau_{Ca}/(2 F f A)` (1.10 µm with the published values: ``f`` is
    :math:`\tau_{Ca}/(2F\,\mathrm{volume})`), advanced by the same exact step for the current of the step.
    Starts at :math:`[Ca]_0`. At T = 10 °C, RT/2F = 12.20 mV, the Nernst factor of the published code.

    Parameters
    ----------
    f : float
        Calcium per charge entering (µM/nA), > 0; 14.96 in Liu et al. (1998).
    tau : float
        Time constant of removal (ms), > 0; 200.
    ci_rest : float
        Resting concentration [Ca]_0 (mM), > 0; 5e-5 (0.05 µM).
    co : float
        Extracellular concentration (mM), > 0; 3.
    area : float
        Membrane area A (µm²), > 0; 62 800 µm² = 0.628·10⁻³ cm² (Prinz et al. 2003).
    T : float
        Temperature (°C) of the Nernst potential; 10.

    References
    ----------
    Liu, Z., Golowasch, J., Marder, E. & Abbott, L. F. (1998). J. Neurosci. 18, 2309–2320. Prinz, A. A.,
    Billimoria, C. P. & Marder, E. (2003). J. Neurophysiol. 90, 3998–4015.

    Example
    -------
    >>> ions = {'ca': CalciumPool_Liu1998(), 'na': FixedIon(50.), 'k': FixedIon(-80.)}
    """

    def __init__(self, f=14.96, tau=200., ci_rest=5e-5, co=3.0, area=62800., T=10.):
        check_positive(f=(f, 'µM/nA'), tau=(tau, 'ms'), ci_rest=(ci_rest, 'mM'), co=(co, 'mM'), area=(area, 'µm²'))
        # f (µM/nA) = tau / (2 F volume): volume = tau / (2 F f); depth = volume / area, in µm
        depth = 1e9 * tau / (2. * FARADAY * f * area)
        super().__init__(gamma=1.0, decay=tau, depth=depth, ci_min=ci_rest, co=co, T=T)
        self.f, self.area = f, area

    def __repr__(self):
        return f'CalciumPool_Liu1998(f={self.f}, tau={self.decay}, area={self.area})'
