"""The Hodgkin–Huxley (1952) squid giant axon neuron."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_non_negative, check_positive
from .._dynsys import NeuGroup
from .._odeint import odeint
from ..channels import _hh1952 as hh1952
from ..channels._base import q10_factor


class HH(NeuGroup):
    r"""Hodgkin–Huxley neurons, one isopotential compartment each.

    .. math::

        C \frac{dV}{dt} = -\bar g_{Na} m^3 h (V - E_{Na}) - \bar g_K n^4 (V - E_K) - g_L (V - E_L) + I

        \frac{dx}{dt} = \phi\,[\alpha_x(V)(1 - x) - \beta_x(V)\,x], \quad x \in \{m, h, n\},
        \quad \phi = 3^{(T - 6.3)/10}

    with the rate functions of the 1952 paper in the modern convention (rest near −65 mV), as in NEURON's
    ``hh`` mechanism: :math:`\alpha_m = 0.1 (V+40)/(1 - e^{-(V+40)/10})`, :math:`\beta_m = 4 e^{-(V+65)/18}`,
    :math:`\alpha_h = 0.07 e^{-(V+65)/20}`, :math:`\beta_h = 1/(1 + e^{-(V+35)/10})`,
    :math:`\alpha_n = 0.01 (V+55)/(1 - e^{-(V+55)/10})`, :math:`\beta_n = 0.125 e^{-(V+65)/80}` (1/ms).
    :math:`\alpha_m` and :math:`\alpha_n` are evaluated through ``exprel``, so they stay finite, in value and
    gradient, at their removable singularities V = −40 and −55 mV.

    Each step advances the gates by exponential Euler at the present voltage, then the voltage by exponential
    Euler with the new gates: NEURON's staggered scheme, second order in dt for spike times (updating all four
    variables from the same state is first order: at dt = 0.01 ms spike times drift by about 1 ms over 200 ms
    of tonic firing, against 0.02 ms staggered).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    gNa, gK, gL : float
        Maximal sodium, potassium and leak conductances (mS/cm²).
    ENa, EK, EL : float
        Reversal potentials (mV). NEURON's ``hh`` uses EL = −54.3 mV.
    C : float
        Membrane capacitance (µF/cm²), > 0.
    T : float
        Temperature (°C); rates scale with Q10 = 3 from 6.3 °C.
    V_th : float
        A spike is emitted when V crosses V_th (mV) upward.
    V_initial : float
        Initial voltage (mV); the gates start at their steady state for it.

    Variables: ``V`` (mV), ``m``, ``h``, ``n``, ``spike`` (bool), ``input`` (µA/cm², summed input of the
    current step, cleared after each update).

    References
    ----------
    Hodgkin, A. L. & Huxley, A. F. (1952). A quantitative description of membrane current and its
    application to conduction and excitation in nerve. J. Physiol. 117, 500–544.
    """

    def __init__(self, size, gNa=120., gK=36., gL=0.3, ENa=50., EK=-77., EL=-54.387, C=1., T=6.3, V_th=20.,
                 V_initial=-65.):
        super().__init__(size)
        check_positive(C=(C, 'µF/cm²'))
        check_non_negative(gNa=(gNa, 'mS/cm²'), gK=(gK, 'mS/cm²'), gL=(gL, 'mS/cm²'))
        self.gNa, self.gK, self.gL, self.ENa, self.EK, self.EL, self.C = gNa, gK, gL, ENa, EK, EL, C
        self.phi, self.V_th = q10_factor(T, 3.0, 6.3), V_th
        V0 = jnp.full(self.num, V_initial, dtype=float)
        self.V = bm.Variable(V0)
        self.m, self.h, self.n = (bm.Variable(x) for x in self.steady_gates(V0))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    alpha_m, beta_m = staticmethod(hh1952.alpha_m), staticmethod(hh1952.beta_m)
    alpha_h, beta_h = staticmethod(hh1952.alpha_h), staticmethod(hh1952.beta_h)
    alpha_n, beta_n = staticmethod(hh1952.alpha_n), staticmethod(hh1952.beta_n)

    def rates(self, V):
        """``((α_m, β_m), (α_h, β_h), (α_n, β_n))`` at voltage ``V`` (mV), in 1/ms at 6.3 °C."""
        return ((self.alpha_m(V), self.beta_m(V)), (self.alpha_h(V), self.beta_h(V)),
                (self.alpha_n(V), self.beta_n(V)))

    def steady_gates(self, V):
        """Steady-state ``(m, h, n)`` at voltage ``V`` (mV)."""
        return tuple(a / (a + b) for a, b in self.rates(V))

    @odeint(method='exp_euler')
    def gates(self, m, h, n, t, V):
        return tuple(self.phi * (a * (1 - x) - b * x) for x, (a, b) in zip((m, h, n), self.rates(V)))

    @odeint(method='exp_euler')
    def membrane(self, V, t, m, h, n, I):
        I_Na = self.gNa * m ** 3 * h * (V - self.ENa)
        I_K = self.gK * n ** 4 * (V - self.EK)
        I_L = self.gL * (V - self.EL)
        return (I - I_Na - I_K - I_L) / self.C

    def update(self, t, dt):
        # NEURON's staggered scheme: the gates advance with the present voltage, then the voltage with the
        # new gates. Read as gates living half a step ahead of V, this is second-order accurate in dt.
        m, h, n = self.gates(self.m, self.h, self.n, t, self.V, dt=dt)
        V = self.membrane(self.V, t, m, h, n, self.input, dt=dt)
        self.spike.value = (self.V.value < self.V_th) & (V >= self.V_th)
        self.V.value, self.m.value, self.h.value, self.n.value = V, m, h, n
        self.input.value = jnp.zeros_like(self.input.value)
