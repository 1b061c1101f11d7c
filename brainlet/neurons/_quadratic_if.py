"""Quadratic integrate-and-fire neurons: QuaIF (Latham et al. 2000) and Izhikevich's (2003) two-variable
form with a recovery variable."""
import math

import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from .._odeint import odeint
from ._integrate_and_fire import IntegrateAndFire, initial_values


class QuaIF(IntegrateAndFire):
    r"""Quadratic integrate-and-fire neurons.

    .. math::

        \tau \frac{dV}{dt} = a (V - V_{rest})(V - V_c) + R I, \qquad V \ge V_{th} \Rightarrow \text{spike},
        V \leftarrow V_{reset}

    The normal form of a saddle-node on an invariant circle (type-I excitability). The right-hand side is
    smallest at :math:`(V_{rest} + V_c)/2`, so the rheobase is :math:`R I = a (V_c - V_{rest})^2 / 4`; with
    :math:`\kappa = R I - a (V_c - V_{rest})^2/4 > 0` and :math:`x = V - (V_{rest} + V_c)/2` the firing period
    is

    .. math::

        T = \tau_{ref} + \frac{\tau}{\sqrt{a\kappa}} \left[\arctan\left(x_{th}\sqrt{a/\kappa}\right) -
        \arctan\left(x_{reset}\sqrt{a/\kappa}\right)\right].

    Integrated with the classical fourth-order Runge–Kutta method: exponential Euler linearises the quadratic
    at the start of the step and is first order (with dt = 0.1 ms its period error is about ten times RK4's;
    see ``tests/test_quadratic_if.py``).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_rest, V_reset : float
        Resting and reset potentials (mV); BrainPy: -65, -68.
    V_th : float
        Spike cut-off (mV); BrainPy: -30.
    V_c : float
        Critical voltage, the unstable fixed point at zero input (mV), > ``V_rest``; BrainPy: -50.
    a : float
        Curvature (1/mV), > 0; BrainPy: 0.07.
    tau : float
        Membrane time constant (ms), > 0; BrainPy: 10.
    tau_ref : float
        Absolute refractory period (ms), >= 0; BrainPy: 0.
    R : float
        Membrane resistance; with the default 1 the input ``I`` is in mV, as in BrainPy.
    V_initializer : float or array or callable, optional
        Initial voltage (mV): a constant, an array of shape ``(num,)``, or ``f(num) -> array``. Defaults to
        ``V_rest``.

    Variables: ``V`` (mV), ``spike``, ``t_last_spike`` (ms), ``input`` (cleared after each update).

    References
    ----------
    Latham, P. E., Richmond, B. J., Nelson, P. G. & Nirenberg, S. (2000). Intrinsic dynamics in neuronal
    networks. I. Theory. J. Neurophysiol. 83, 808–827.

    Example
    -------
    >>> neu = QuaIF(2)
    >>> runner = bl.DSRunner(neu, monitors=['V'], inputs=[('input', jnp.array([3., 10.]))], dt=0.05)
    >>> runner.run(200.)
    """

    def __init__(self, size, V_rest=-65., V_reset=-68., V_th=-30., V_c=-50., a=0.07, tau=10., tau_ref=0., R=1.,
                 V_initializer=None):
        check_positive(tau=(tau, 'ms'), a=(a, '1/mV'))
        if not V_c > V_rest:
            raise ValueError(f"V_c must be > V_rest (mV): the critical voltage lies above rest, got V_c={V_c}, "
                             f"V_rest={V_rest}.")
        super().__init__(size, V_th=V_th, V_reset=V_reset, tau_ref=tau_ref,
                         V_initializer=V_rest if V_initializer is None else V_initializer)
        self.V_rest, self.V_c, self.a, self.tau, self.R = V_rest, V_c, a, tau, R

    @odeint(method='rk4')
    def integral(self, V, t, I):
        return (self.a * (V - self.V_rest) * (V - self.V_c) + self.R * I) / self.tau


class Izhikevich(IntegrateAndFire):
    r"""Izhikevich's simple model: a quadratic membrane with a linear recovery variable.

    .. math::

        \frac{dV}{dt} &= 0.04 V^2 + 5 V + 140 - u + I \\
        \frac{du}{dt} &= a (b V - u) \\
        V \ge V_{th} &\Rightarrow \text{spike}, \quad V \leftarrow c, \quad u \leftarrow u + d

    The defaults are the regular-spiking cortical cell; other published sets are chattering (c = -50,
    d = 2), fast spiking (a = 0.1, d = 2), intrinsically bursting (c = -55, d = 4), low-threshold spiking
    (b = 0.25, d = 2). At constant input ``I`` the fixed points solve :math:`0.04V^2 + (5 - b)V + 140 + I =
    0`, :math:`u = bV`; the neuron starts at the lower one for ``I = 0`` (-70 mV for b = 0.2). Integrated with
    the classical fourth-order Runge–Kutta method.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    a : float
        Rate of the recovery variable (1/ms), > 0; Izhikevich (2003): 0.02.
    b : float
        Sensitivity of the recovery variable to V (dimensionless); 0.2.
    c : float
        Reset potential (mV); -65.
    d : float
        Spike-triggered jump of the recovery variable (mV/ms); 8.
    V_th : float
        Spike cut-off, the spike peak (mV); 30.
    tau_ref : float
        Absolute refractory period (ms), >= 0; 0.
    V_initializer, u_initializer : float or array or callable, optional
        Initial state: a constant, an array of shape ``(num,)``, or ``f(num) -> array``. ``V`` defaults to the
        resting fixed point at zero input (or ``c`` when there is none), ``u`` to ``b V``.

    Variables: ``V`` (mV), ``u`` (mV/ms), ``spike``, ``t_last_spike`` (ms), ``input`` (``I``, mV/ms, cleared
    after each update).

    References
    ----------
    Izhikevich, E. M. (2003). Simple model of spiking neurons. IEEE Trans. Neural Netw. 14, 1569–1572.

    Example
    -------
    >>> neu = Izhikevich(1)                                     # regular spiking
    >>> runner = bl.DSRunner(neu, monitors=['V', 'u'], inputs=[('input', 10.)], dt=0.05)
    >>> runner.run(300.)
    """

    state = ('V', 'u')

    def __init__(self, size, a=0.02, b=0.2, c=-65., d=8., V_th=30., tau_ref=0., V_initializer=None,
                 u_initializer=None):
        check_positive(a=(a, '1/ms'))
        super().__init__(size, V_th=V_th, V_reset=c, tau_ref=tau_ref,
                         V_initializer=self.rest_potential(b, c) if V_initializer is None else V_initializer)
        self.a, self.b, self.c, self.d = a, b, c, d
        u0 = b * self.V.value if u_initializer is None else initial_values(u_initializer, self.num, 'u_initializer')
        self.u = bm.Variable(jnp.asarray(u0, dtype=float))

    @staticmethod
    def rest_potential(b, c=-65., I=0.):
        """The lower root of :math:`0.04V^2 + (5 - b)V + 140 + I = 0` (mV), or ``c`` when there is none."""
        disc = (5. - b) ** 2 - 4. * 0.04 * (140. + I)
        return c if disc < 0 else (-(5. - b) - math.sqrt(disc)) / (2. * 0.04)

    @odeint(method='rk4')
    def integral(self, V, u, t, I):
        return 0.04 * V * V + 5. * V + 140. - u + I, self.a * (self.b * V - u)

    def after_spike(self, spike, u):
        return (jnp.where(spike, u + self.d, u),)
