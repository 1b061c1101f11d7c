"""The two-compartment CA3 pyramidal neuron of Pinsky & Rinzel (1994), a reduction of Traub et al. (1991)."""
import copy
from functools import partial

import brainpy.math as bm
import jax
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative, check_positive
from .._dynsys import NeuGroup
from .._numerics import exprel, lowest_root
from .._odeint import odeint

_STATE = ('Vs', 'Vd', 'h', 'n', 's', 'c', 'q', 'Ca')
_PARAMETERS = ('gNa', 'gKDR', 'gCa', 'gKAHP', 'gKC', 'gL', 'ENa', 'ECa', 'EK', 'EL', 'C', 'gc', 'p')


@partial(jax.jit, static_argnums=0)  # compiled once per model class and shape of V, not per parameter set
def _balances(cls, params, V, I, I_d):
    """Residuals of the current balance with every gate and Ca at steady state (µA/cm² of the whole cell; zero at
    a steady state) for dendritic voltage ``V``: of the coupled cell (V_s from the dendritic balance), of the
    soma alone at ``V``, of the dendrite alone at ``V``; and that V_s (mV)."""
    model = object.__new__(cls)  # the equations of cls with these parameters, traced
    model.__dict__.update(zip(_PARAMETERS, params))
    p, gc = model.p, model.gc
    dendrite = model.dendrite_current(V, *model.steady_dendrite_state(V))
    Vs = V + ((1 - p) * dendrite - I_d) / jnp.where(gc > 0, gc, 1.0)
    cell = -p * model.soma_current(Vs, *model.steady_soma_gates(Vs)) + gc * (V - Vs) + I
    return cell, -p * model.soma_current(V, *model.steady_soma_gates(V)) + I, -(1 - p) * dendrite + I_d, Vs


class PinskyRinzel(NeuGroup):
    r"""Pinsky–Rinzel neurons: a soma with sodium and delayed-rectifier currents, coupled to a dendrite with
    calcium, calcium- and voltage-dependent potassium, afterhyperpolarisation currents and a calcium pool.

    .. math::

        C \frac{dV_s}{dt} = -g_L (V_s - E_L) - g_{Na} m_\infty^2(V_s)\, h\, (V_s - E_{Na})
            - g_{K\text{-}DR}\, n\, (V_s - E_K) + \frac{g_c}{p}(V_d - V_s) + \frac{I_s}{p}

        C \frac{dV_d}{dt} = -g_L (V_d - E_L) - g_{Ca} s^2 (V_d - E_{Ca})
            - g_{K\text{-}AHP}\, q\, (V_d - E_K) - g_{K\text{-}C}\, c\, \chi(Ca)\, (V_d - E_K)
            + \frac{g_c}{1 - p}(V_s - V_d) + \frac{I_d}{1 - p}

        \frac{dCa}{dt} = -0.13\, I_{Ca} - 0.075\, Ca, \qquad \chi(Ca) = \min(Ca/250, 1)

        \frac{dx}{dt} = \alpha_x (1 - x) - \beta_x x, \quad x \in \{h, n, s, c, q\},
        \qquad m_\infty = \frac{\alpha_m}{\alpha_m + \beta_m}

    with :math:`I_{Ca} = g_{Ca} s^2 (V_d - E_{Ca})` (µA/cm²) and the rates (1/ms; V in mV; h, n and m of
    :math:`V_s`, s and c of :math:`V_d`, q of Ca):

    .. math::

        \alpha_m = \frac{0.32(-46.9 - V)}{e^{(-46.9 - V)/4} - 1}, \quad
        \beta_m = \frac{0.28(V + 19.9)}{e^{(V + 19.9)/5} - 1}, \quad
        \alpha_h = 0.128\, e^{(-43 - V)/18}, \quad \beta_h = \frac{4}{1 + e^{(-20 - V)/5}}

        \alpha_n = \frac{0.016(-24.9 - V)}{e^{(-24.9 - V)/5} - 1}, \quad \beta_n = 0.25\, e^{-1 - 0.025 V},
        \quad \alpha_s = \frac{1.6}{1 + e^{-0.072 (V - 5)}}, \quad
        \beta_s = \frac{0.02 (V + 8.9)}{e^{(V + 8.9)/5} - 1}

        \alpha_c = \begin{cases} e^{(V + 50)/11 - (V + 53.5)/27} / 18.975 & V \le -10 \\
            2 e^{(-53.5 - V)/27} & V > -10 \end{cases}, \quad
        \beta_c = \begin{cases} 2 e^{(-53.5 - V)/27} - \alpha_c & V \le -10 \\ 0 & V > -10 \end{cases}

        \alpha_q = \min(0.00002\, Ca, 0.01), \quad \beta_q = 0.001

    The paper measures voltages from rest (−60 mV): its :math:`E_{Na}, E_{Ca}, E_K, E_L` = 120, 140, −15,
    0 mV and its rate functions of :math:`V + 60` are those above, written in absolute potentials (α_c with
    the correction of the erratum, J. Comput. Neurosci. 2:275, 1995). :math:`\alpha_m, \beta_m, \alpha_n,
    \beta_s` go through ``exprel``, finite with their gradients at their removable singularities (V = −46.9,
    −19.9, −24.9, −8.9 mV). :math:`I_s` and :math:`I_d` are currents per unit area of the whole cell; the soma
    has the fraction ``p`` of the area. Ca is in the paper's arbitrary units.

    All eight variables are advanced together by the classical fourth-order Runge–Kutta method, stable at
    dt = 0.05 ms for ``gc`` up to at least 30 mS/cm². Against LSODA at rtol 1e-10, somatic spike times over
    400 ms of bursting differ by less than 0.5 ms at dt = 0.05 ms (less than 0.07 ms over the first three
    bursts) and by less than 0.06 ms at dt = 0.025 ms. Exponential Euler (staggered or joint) is first order
    here and at dt = 0.05 ms shifts them by 0.5–23 ms, because it treats the strong soma–dendrite coupling
    (``gc/(p C)`` = 1.4/ms at ``gc`` = 2.1, 7/ms at 10.5) explicitly.

    With the standard ``gc`` = 2.1 mS/cm² and ``p`` = 0.5, a steady somatic current evokes bursts: a full
    somatic spike, a dendritic calcium spike, and on its plateau further somatic spikes of reduced amplitude
    3–7 ms apart, then a long afterhyperpolarisation (at I_s = 1.5 µA/cm², 3–5 spikes per burst every
    80–160 ms; doublets below 1 µA/cm²). With strong coupling (``gc`` = 10.5 mS/cm²) the cell behaves like
    one compartment and fires single spikes; so does a nearly uncoupled soma (``gc`` = 1).

    With the published parameters the cell has no stable rest at zero input: its only steady state
    (V_s ≈ −30.5 mV) is unstable and the cell fires spontaneously (at ``gc`` = 2.1 a doublet every 1.3 s,
    at 10.5 a single spike every 1.05 s). By default it therefore starts in the stable steady state for a
    somatic holding current ``I_initial`` = −0.5 µA/cm² (V_s = −64.39 mV, V_d = −64.26 mV at ``gc`` = 2.1;
    the holding current is not applied during a run).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    gNa, gKDR : float
        Somatic sodium and delayed-rectifier conductances (mS/cm²), >= 0: 30, 15.
    gCa, gKAHP, gKC : float
        Dendritic calcium, afterhyperpolarisation and calcium-activated potassium conductances (mS/cm²), >= 0:
        10, 0.8, 15.
    gL : float
        Leak conductance of both compartments (mS/cm²), >= 0: 0.1.
    ENa, ECa, EK, EL : float
        Reversal potentials (mV): 60, 80, −75, −60.
    C : float
        Membrane capacitance (µF/cm²), > 0: 3.
    gc : float
        Soma–dendrite coupling conductance (mS/cm²), >= 0: 2.1.
    p : float
        Fraction of the membrane area in the soma, 0 < p < 1: 0.5.
    V_th : float
        A spike is emitted when the somatic voltage crosses V_th (mV) upward: −20.
    V_initial : float, optional
        Initial voltage of both compartments (mV), the gates and Ca at their steady state for it.
    I_initial : float
        Without ``V_initial``, the cell starts in the steady state (:meth:`resting_state`) for this constant
        somatic input (µA/cm²): −0.5.

    Variables: ``Vs``, ``Vd`` (mV), ``h``, ``n``, ``s``, ``c``, ``q``, ``Ca`` (arbitrary units), ``spike`` (bool),
    ``input`` (:math:`I_s`, µA/cm², summed input of the current step, cleared after each update), ``input_d``
    (:math:`I_d`, µA/cm², likewise). ``V`` is ``Vs``: synapses and gap junctions read the somatic voltage
    and add to ``input``.

    References
    ----------
    Pinsky, P. F. & Rinzel, J. (1994). Intrinsic and network rhythmogenesis in a reduced Traub model for CA3
    neurons. J. Comput. Neurosci. 1, 39–60; erratum (1995) J. Comput. Neurosci. 2, 275. Traub, R. D.,
    Wong, R. K. S., Miles, R. & Michelson, H. (1991). J. Neurophysiol. 66, 635–650. The equations agree with the
    transcription in Gabbiani, F. & Cox, S. J. (2010). Mathematics for Neuroscientists, Academic Press
    (``prsolve.m``).

    Example
    -------
    >>> pr = PinskyRinzel(2, gc=np.array([2.1, 10.5]))
    >>> runner = bl.DSRunner(pr, monitors=['Vs', 'Vd', 'spike'], inputs=[('input', 1.5)], dt=0.05)
    >>> runner.run(1000.)   # the first neuron bursts, the second fires single spikes
    """

    def __init__(self, size, gNa=30., gKDR=15., gCa=10., gKAHP=0.8, gKC=15., gL=0.1, ENa=60., ECa=80., EK=-75.,
                 EL=-60., C=3., gc=2.1, p=0.5, V_th=-20., V_initial=None, I_initial=-0.5):
        super().__init__(size)
        check_positive(C=(C, 'µF/cm²'))
        check_non_negative(gNa=(gNa, 'mS/cm²'), gKDR=(gKDR, 'mS/cm²'), gCa=(gCa, 'mS/cm²'),
                           gKAHP=(gKAHP, 'mS/cm²'), gKC=(gKC, 'mS/cm²'), gL=(gL, 'mS/cm²'), gc=(gc, 'mS/cm²'))
        if not np.all((np.asarray(p) > 0) & (np.asarray(p) < 1)):
            raise ValueError(f"p must be in (0, 1) (dimensionless): it is the fraction of the membrane area in "
                             f"the soma, got p={p}.")
        self.gNa, self.gKDR, self.gCa, self.gKAHP, self.gKC, self.gL = gNa, gKDR, gCa, gKAHP, gKC, gL
        self.ENa, self.ECa, self.EK, self.EL, self.C, self.gc, self.p, self.V_th = ENa, ECa, EK, EL, C, gc, p, V_th
        if V_initial is None:
            rest = self.resting_state(I_initial)
        else:
            rest = dict(zip(('h', 'n'), self.steady_soma_gates(V_initial)),
                        **dict(zip(('s', 'c', 'q', 'Ca'), self.steady_dendrite_state(V_initial))),
                        Vs=V_initial, Vd=V_initial)
        for name in _STATE:
            setattr(self, name, bm.Variable(jnp.broadcast_to(jnp.asarray(rest[name], dtype=float), (self.num,))))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))
        self.input_d = bm.Variable(jnp.zeros(self.num, dtype=float))

    @property
    def V(self):
        """The somatic voltage ``Vs`` (mV), the voltage synapses read."""
        return self.Vs

    # -- rate functions (1/ms, V in mV) ------------------------------------------------------------------------
    @staticmethod
    def alpha_m(V):
        return 1.28 / exprel((-46.9 - V) / 4.)

    @staticmethod
    def beta_m(V):
        return 1.4 / exprel((V + 19.9) / 5.)

    @staticmethod
    def alpha_h(V):
        return 0.128 * jnp.exp((-43. - V) / 18.)

    @staticmethod
    def beta_h(V):
        return 4. / (1. + jnp.exp((-20. - V) / 5.))

    @staticmethod
    def alpha_n(V):
        return 0.08 / exprel((-24.9 - V) / 5.)

    @staticmethod
    def beta_n(V):
        return 0.25 * jnp.exp(-1. - 0.025 * V)

    @staticmethod
    def alpha_s(V):
        return 1.6 / (1. + jnp.exp(-0.072 * (V - 5.)))

    @staticmethod
    def beta_s(V):
        return 0.1 / exprel((V + 8.9) / 5.)

    @staticmethod
    def alpha_c(V):
        return jnp.where(V <= -10., jnp.exp((V + 50.) / 11. - (V + 53.5) / 27.) / 18.975,
                         2. * jnp.exp((-53.5 - V) / 27.))

    @staticmethod
    def beta_c(V):
        return jnp.where(V <= -10., 2. * jnp.exp((-53.5 - V) / 27.) - PinskyRinzel.alpha_c(V), 0.)

    @staticmethod
    def alpha_q(Ca):
        return jnp.minimum(0.00002 * Ca, 0.01)

    @staticmethod
    def beta_q(Ca):
        return 0.001 * jnp.ones_like(Ca)

    @staticmethod
    def chi(Ca):
        return jnp.minimum(Ca / 250., 1.)

    def m_inf(self, V):
        a = self.alpha_m(V)
        return a / (a + self.beta_m(V))

    # -- steady state ---------------------------------------------------------------------------------------
    def steady_soma_gates(self, Vs):
        """Steady-state ``(h, n)`` at somatic voltage ``Vs`` (mV)."""
        a_h, a_n = self.alpha_h(Vs), self.alpha_n(Vs)
        return a_h / (a_h + self.beta_h(Vs)), a_n / (a_n + self.beta_n(Vs))

    def steady_dendrite_state(self, Vd):
        """Steady-state ``(s, c, q, Ca)`` at dendritic voltage ``Vd`` (mV); Ca balances influx and decay."""
        a_s, a_c = self.alpha_s(Vd), self.alpha_c(Vd)
        s = a_s / (a_s + self.beta_s(Vd))
        Ca = -0.13 * self.gCa * s ** 2 * (Vd - self.ECa) / 0.075
        a_q = self.alpha_q(Ca)
        return s, a_c / (a_c + self.beta_c(Vd)), a_q / (a_q + self.beta_q(Ca)), Ca

    def soma_current(self, Vs, h, n):
        """Ionic current density of the soma (µA/cm²)."""
        return (self.gL * (Vs - self.EL) + self.gNa * self.m_inf(Vs) ** 2 * h * (Vs - self.ENa)
                + self.gKDR * n * (Vs - self.EK))

    def dendrite_current(self, Vd, s, c, q, Ca):
        """Ionic current density of the dendrite (µA/cm²)."""
        return (self.gL * (Vd - self.EL) + self.gCa * s ** 2 * (Vd - self.ECa) + self.gKAHP * q * (Vd - self.EK)
                + self.gKC * c * self.chi(Ca) * (Vd - self.EK))

    def resting_state(self, I=0.0, I_d=0.0):
        """The steady state at constant somatic and dendritic input ``I``, ``I_d`` (µA/cm²), as a dict of every
        state variable (scalars, or arrays of shape ``(num,)`` when a parameter is an array); the one with the
        lowest dendritic voltage in [-100, 0] mV when there are several.

        Dendritic current balance gives :math:`V_s = V_d + ((1-p) I_{ion,d}(V_d) - I_d)/g_c`; the somatic
        balance is then a function of :math:`V_d` alone, solved by bisection (each compartment separately
        when ``gc`` = 0), once for each distinct combination of parameters.
        """
        columns = np.broadcast_arrays(*(np.asarray(getattr(self, k), dtype=float) for k in _PARAMETERS))
        if columns[0].ndim == 0:
            return self._resting_state_of(tuple(float(c) for c in columns), I, I_d)
        rows = list(map(tuple, np.stack([np.broadcast_to(c, (self.num,)) for c in columns], axis=1)))
        found = {row: self._resting_state_of(row, I, I_d) for row in set(rows)}
        return {name: np.array([float(found[row][name]) for row in rows]) for name in _STATE}

    def _resting_state_of(self, params, I, I_d):
        """:meth:`resting_state` for one set of scalar parameters, in the order of ``_PARAMETERS``."""
        model = copy.copy(self)  # the same model with these parameters
        model.__dict__.update(zip(_PARAMETERS, params))

        def root(which, what):
            V = lowest_root(lambda V: np.asarray(_balances(type(self), params, jnp.asarray(V, dtype=float), I,
                                                           I_d)[which]), -100.0, 0.0)
            if V is None:
                raise ValueError(f"no steady state of the {what} in [-100, 0] mV at I={I}, I_d={I_d}.")
            return V

        if model.gc > 0:
            Vd = root(0, 'cell')
            Vs = float(_balances(type(self), params, jnp.asarray(Vd, dtype=float), I, I_d)[3])
        else:
            Vd, Vs = root(2, 'dendrite'), root(1, 'soma')
        h, n = model.steady_soma_gates(jnp.asarray(Vs))
        s, c, q, Ca = model.steady_dendrite_state(jnp.asarray(Vd))
        return dict(Vs=Vs, Vd=Vd, h=h, n=n, s=s, c=c, q=q, Ca=Ca)

    # -- dynamics -------------------------------------------------------------------------------------------
    @odeint(method='rk4')
    def integral(self, Vs, Vd, h, n, s, c, q, Ca, t, I, I_d):
        def kinetics(x, alpha, beta):
            return alpha * (1 - x) - beta * x
        dVs = (-self.soma_current(Vs, h, n) + self.gc / self.p * (Vd - Vs) + I / self.p) / self.C
        dVd = (-self.dendrite_current(Vd, s, c, q, Ca) + self.gc / (1 - self.p) * (Vs - Vd)
               + I_d / (1 - self.p)) / self.C
        I_Ca = self.gCa * s ** 2 * (Vd - self.ECa)
        return (dVs, dVd,
                kinetics(h, self.alpha_h(Vs), self.beta_h(Vs)), kinetics(n, self.alpha_n(Vs), self.beta_n(Vs)),
                kinetics(s, self.alpha_s(Vd), self.beta_s(Vd)), kinetics(c, self.alpha_c(Vd), self.beta_c(Vd)),
                kinetics(q, self.alpha_q(Ca), self.beta_q(Ca)), -0.13 * I_Ca - 0.075 * Ca)

    def update(self, t, dt):
        new = self.integral(*(getattr(self, name) for name in _STATE), t, self.input, self.input_d, dt=dt)
        self.spike.value = (self.Vs.value < self.V_th) & (new[0] >= self.V_th)
        for name, value in zip(_STATE, new):
            getattr(self, name).value = value
        self.input.value = jnp.zeros_like(self.input.value)
        self.input_d.value = jnp.zeros_like(self.input_d.value)
