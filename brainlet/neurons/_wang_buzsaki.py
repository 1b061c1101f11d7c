"""The Wang–Buzsáki (1996) fast-spiking hippocampal interneuron."""
import brainpy.math as bm
import jax
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative, check_positive
from .._dynsys import NeuGroup
from .._numerics import exprel, lowest_root
from .._odeint import odeint


class WangBuzsaki(NeuGroup):
    r"""Wang–Buzsáki fast-spiking interneurons: Hodgkin–Huxley-type sodium and potassium currents with
    instantaneous sodium activation.

    .. math::

        C \frac{dV}{dt} = -g_{Na} m_\infty^3(V)\, h\, (V - E_{Na}) - g_K n^4 (V - E_K) - g_L (V - E_L) + I

        \frac{dx}{dt} = \phi\,[\alpha_x(V)(1 - x) - \beta_x(V)\,x], \quad x \in \{h, n\}, \qquad
        m_\infty = \frac{\alpha_m}{\alpha_m + \beta_m}

    with (V in mV, rates in 1/ms) :math:`\alpha_m = 0.1 (V+35)/(1 - e^{-(V+35)/10})`,
    :math:`\beta_m = 4 e^{-(V+60)/18}`, :math:`\alpha_h = 0.07 e^{-(V+58)/20}`,
    :math:`\beta_h = 1/(1 + e^{-(V+28)/10})`, :math:`\alpha_n = 0.01 (V+34)/(1 - e^{-(V+34)/10})`,
    :math:`\beta_n = 0.125 e^{-(V+44)/80}`. :math:`\alpha_m` and :math:`\alpha_n` are evaluated through
    ``exprel``, finite in value and gradient at V = −35 and −34 mV.

    The onset of firing is a saddle-node on an invariant circle (class I): arbitrarily low rates just above
    a rheobase of about 0.16 µA/cm². Each step advances h and n by exponential Euler at the present voltage,
    then V with the new gates (NEURON's staggered scheme, as in :class:`HH`).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    gNa, gK, gL : float
        Maximal sodium, potassium and leak conductances (mS/cm²), >= 0; Wang & Buzsáki (1996): 35, 9, 0.1.
    ENa, EK, EL : float
        Reversal potentials (mV): 55, −90, −65.
    C : float
        Membrane capacitance (µF/cm²), > 0: 1.
    phi : float
        Temperature factor of the h and n kinetics (dimensionless), > 0: 5.
    V_th : float
        A spike is emitted when V crosses V_th (mV) upward.
    V_initial : float, optional
        Initial voltage (mV), by default the resting potential at zero input; h and n start at their
        steady state for it.

    Variables: ``V`` (mV), ``h``, ``n``, ``spike`` (bool), ``input`` (µA/cm², summed input of the current
    step, cleared after each update).

    References
    ----------
    Wang, X.-J. & Buzsáki, G. (1996). Gamma oscillation by synaptic inhibition in a hippocampal interneuronal
    network model. J. Neurosci. 16, 6402–6413.

    Example
    -------
    >>> wb = WangBuzsaki(1)
    >>> runner = bl.DSRunner(wb, monitors=['V', 'spike'], inputs=[('input', 1.)], dt=0.01)
    >>> runner.run(200.)
    """

    def __init__(self, size, gNa=35., gK=9., gL=0.1, ENa=55., EK=-90., EL=-65., C=1., phi=5., V_th=-20.,
                 V_initial=None):
        super().__init__(size)
        check_positive(C=(C, 'µF/cm²'), phi=(phi, 'dimensionless'))
        check_non_negative(gNa=(gNa, 'mS/cm²'), gK=(gK, 'mS/cm²'), gL=(gL, 'mS/cm²'))
        self.gNa, self.gK, self.gL, self.ENa, self.EK, self.EL = gNa, gK, gL, ENa, EK, EL
        self.C, self.phi, self.V_th = C, phi, V_th
        V0 = jnp.full(self.num, self.resting_potential(0.0) if V_initial is None else V_initial, dtype=float)
        self.V = bm.Variable(V0)
        self.h, self.n = (bm.Variable(x) for x in self.steady_gates(V0))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    @staticmethod
    def alpha_m(V):
        return 1.0 / exprel(-(V + 35.) / 10.)

    @staticmethod
    def beta_m(V):
        return 4.0 * jnp.exp(-(V + 60.) / 18.)

    @staticmethod
    def alpha_h(V):
        return 0.07 * jnp.exp(-(V + 58.) / 20.)

    @staticmethod
    def beta_h(V):
        return 1.0 / (1.0 + jnp.exp(-(V + 28.) / 10.))

    @staticmethod
    def alpha_n(V):
        return 0.1 / exprel(-(V + 34.) / 10.)

    @staticmethod
    def beta_n(V):
        return 0.125 * jnp.exp(-(V + 44.) / 80.)

    def m_inf(self, V):
        a = self.alpha_m(V)
        return a / (a + self.beta_m(V))

    def steady_gates(self, V):
        """Steady-state ``(h, n)`` at voltage ``V`` (mV)."""
        a_h, a_n = self.alpha_h(V), self.alpha_n(V)
        return a_h / (a_h + self.beta_h(V)), a_n / (a_n + self.beta_n(V))

    def steady_state_current(self, V):
        """Net ionic current (µA/cm²) with every gate at its steady state for voltage ``V`` (mV)."""
        h, n = self.steady_gates(V)
        return (self.gNa * self.m_inf(V) ** 3 * h * (V - self.ENa) + self.gK * n ** 4 * (V - self.EK)
                + self.gL * (V - self.EL))

    def resting_potential(self, I=0.0):
        """The lowest V (mV) in [-100, 0] where the steady-state current equals ``I`` (µA/cm²)."""
        current = jax.jit(self.steady_state_current)  # two compilations instead of hundreds of eager ops
        V = lowest_root(lambda V: np.asarray(current(jnp.asarray(V, dtype=float))) - I, -100.0, 0.0)
        if V is None:
            raise ValueError(f"no steady state in [-100, 0] mV at I={I}.")
        return V

    @odeint(method='exp_euler')
    def gates(self, h, n, t, V):
        return (self.phi * (self.alpha_h(V) * (1 - h) - self.beta_h(V) * h),
                self.phi * (self.alpha_n(V) * (1 - n) - self.beta_n(V) * n))

    @odeint(method='exp_euler')
    def membrane(self, V, t, h, n, I):
        I_Na = self.gNa * self.m_inf(V) ** 3 * h * (V - self.ENa)
        I_K = self.gK * n ** 4 * (V - self.EK)
        I_L = self.gL * (V - self.EL)
        return (I - I_Na - I_K - I_L) / self.C

    def update(self, t, dt):
        # staggered: gates at the present voltage, then the voltage with the new gates (see HH)
        h, n = self.gates(self.h, self.n, t, self.V, dt=dt)
        V = self.membrane(self.V, t, h, n, self.input, dt=dt)
        self.spike.value = (self.V.value < self.V_th) & (V >= self.V_th)
        self.V.value, self.h.value, self.n.value = V, h, n
        self.input.value = jnp.zeros_like(self.input.value)
