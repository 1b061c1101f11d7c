"""Firing-rate models: the Wilson–Cowan (1972) excitatory–inhibitory pair and a single rate unit."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from .._dynsys import NeuGroup
from .._odeint import odeint


def logistic(x, a, theta):
    """Wilson & Cowan's sigmoid shifted to pass through 0: :math:`1/(1 + e^{-a(x - θ)}) - 1/(1 + e^{aθ})`."""
    return 1.0 / (1.0 + jnp.exp(-a * (x - theta))) - 1.0 / (1.0 + jnp.exp(a * theta))


class WilsonCowan(NeuGroup):
    r"""Wilson–Cowan excitatory–inhibitory population pairs.

    .. math::

        \tau_e \frac{dE}{dt} = -E + (k_e - r_e E)\, S_e(c_1 E - c_2 I + P)

        \tau_i \frac{dI}{dt} = -I + (k_i - r_i I)\, S_i(c_3 E - c_4 I + Q)

        S_j(x) = \frac{1}{1 + e^{-a_j (x - \theta_j)}} - \frac{1}{1 + e^{a_j \theta_j}}

    E and I are the fractions of excitatory and inhibitory cells firing per unit time; P and Q are the
    external inputs. The defaults are the parameters of the paper's limit-cycle example (Wilson & Cowan 1972,
    Fig. 9 and §3.3: c1 = 16, c2 = 12, c3 = 15, c4 = 3, a_e = 1.3, θ_e = 4, a_i = 2, θ_i = 3.7, r = 1),
    which oscillates for P = 1.25, Q = 0. :math:`k_j` defaults to the maximum of :math:`S_j`,
    :math:`1 - 1/(1 + e^{a_j θ_j})`, as in the paper. Integrated with the classical fourth-order Runge–Kutta
    method.

    Parameters
    ----------
    size : int or tuple of int
        Number of E–I pairs.
    c1, c2, c3, c4 : float
        Couplings E→E, I→E, E→I, I→I (dimensionless), >= 0.
    a_e, theta_e, a_i, theta_i : float
        Slopes and thresholds of the two sigmoids (dimensionless); slopes > 0.
    r_e, r_i : float
        Refractory factors (dimensionless).
    k_e, k_i : float, optional
        Saturation levels; by default the maxima of the sigmoids.
    tau_e, tau_i : float
        Time constants (ms), > 0; the paper measures time in units of τ, hence 1.
    E_initial, I_initial : float
        Initial activities.

    Variables: ``E``, ``I`` (activities), ``input`` (P, to the excitatory population) and ``input_I``
    (Q, to the inhibitory one), both summed inputs of the current step, cleared after each update. Rate
    models emit no spikes.

    References
    ----------
    Wilson, H. R. & Cowan, J. D. (1972). Excitatory and inhibitory interactions in localized populations of
    model neurons. Biophys. J. 12, 1–24.

    Example
    -------
    >>> wc = WilsonCowan(1)
    >>> runner = bl.DSRunner(wc, monitors=['E', 'I'], inputs=[('input', 1.25)], dt=0.01)
    >>> runner.run(100.)
    """

    def __init__(self, size, c1=16., c2=12., c3=15., c4=3., a_e=1.3, theta_e=4., a_i=2., theta_i=3.7, r_e=1.,
                 r_i=1., k_e=None, k_i=None, tau_e=1., tau_i=1., E_initial=0., I_initial=0.):
        super().__init__(size)
        check_positive(tau_e=(tau_e, 'ms'), tau_i=(tau_i, 'ms'), a_e=(a_e, 'dimensionless'),
                        a_i=(a_i, 'dimensionless'))
        for name, c in (('c1', c1), ('c2', c2), ('c3', c3), ('c4', c4)):
            if not c >= 0:
                raise ValueError(f"{name} must be >= 0 (dimensionless; the sign of each coupling is in the "
                                 f"equations), got {name}={c}.")
        self.c1, self.c2, self.c3, self.c4 = c1, c2, c3, c4
        self.a_e, self.theta_e, self.a_i, self.theta_i, self.r_e, self.r_i = a_e, theta_e, a_i, theta_i, r_e, r_i
        self.k_e = float(1.0 - 1.0 / (1.0 + jnp.exp(a_e * theta_e))) if k_e is None else k_e
        self.k_i = float(1.0 - 1.0 / (1.0 + jnp.exp(a_i * theta_i))) if k_i is None else k_i
        self.tau_e, self.tau_i = tau_e, tau_i
        self.E = bm.Variable(jnp.full(self.num, E_initial, dtype=float))
        self.I = bm.Variable(jnp.full(self.num, I_initial, dtype=float))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))
        self.input_I = bm.Variable(jnp.zeros(self.num, dtype=float))

    @odeint(method='rk4')
    def integral(self, E, I, t, P, Q):
        dE = (-E + (self.k_e - self.r_e * E) * logistic(self.c1 * E - self.c2 * I + P, self.a_e, self.theta_e))
        dI = (-I + (self.k_i - self.r_i * I) * logistic(self.c3 * E - self.c4 * I + Q, self.a_i, self.theta_i))
        return dE / self.tau_e, dI / self.tau_i

    def update(self, t, dt):
        self.E.value, self.I.value = self.integral(self.E, self.I, t, self.input, self.input_I, dt=dt)
        self.input.value = jnp.zeros_like(self.input.value)
        self.input_I.value = jnp.zeros_like(self.input_I.value)


class RateUnit(NeuGroup):
    r"""Firing-rate units relaxing to a sigmoid of their input.

    .. math::

        \tau \frac{dr}{dt} = -r + f(I), \qquad f(I) = \frac{r_{max}}{1 + e^{-a (I - \theta)}}

    Integrated by exponential Euler, which is exact for input constant over a step:
    :math:`r(t) = f(I) + (r_0 - f(I))\, e^{-t/\tau}`.

    Parameters
    ----------
    size : int or tuple of int
        Number of units.
    tau : float
        Time constant (ms), > 0.
    r_max : float
        Maximal rate (Hz), > 0.
    a : float
        Gain of the sigmoid (1 per input unit), > 0.
    theta : float
        Input at half-maximal rate (input units).
    r_initial : float
        Initial rate (Hz).

    Variables: ``r`` (Hz), ``input`` (summed input of the current step, cleared after each update).

    References
    ----------
    Dayan, P. & Abbott, L. F. (2001). Theoretical Neuroscience, MIT Press, §7.2 (firing-rate models).

    Example
    -------
    >>> unit = RateUnit(1, tau=10.)
    >>> runner = bl.DSRunner(unit, monitors=['r'], inputs=[('input', 2.)], dt=0.1)
    >>> runner.run(50.)
    """

    def __init__(self, size, tau=10., r_max=1., a=1., theta=0., r_initial=0.):
        super().__init__(size)
        check_positive(tau=(tau, 'ms'), r_max=(r_max, 'Hz'), a=(a, '1 per input unit'))
        self.tau, self.r_max, self.a, self.theta = tau, r_max, a, theta
        self.r = bm.Variable(jnp.full(self.num, r_initial, dtype=float))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    def f(self, I):
        """The steady-state rate (Hz) for input ``I``."""
        return self.r_max / (1.0 + jnp.exp(-self.a * (I - self.theta)))

    @odeint(method='exp_euler')
    def integral(self, r, t, I):
        return (self.f(I) - r) / self.tau

    def update(self, t, dt):
        self.r.value = self.integral(self.r, t, self.input, dt=dt)
        self.input.value = jnp.zeros_like(self.input.value)
