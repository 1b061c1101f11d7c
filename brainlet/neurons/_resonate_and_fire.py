"""Resonate-and-fire neuron of Izhikevich (2001): a damped linear oscillator with a threshold on its voltage."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from .._dynsys import NeuGroup
from .._odeint import odeint


class ResonateAndFire(NeuGroup):
    r"""Resonate-and-fire neurons: the linearisation of a neuron near a Hopf bifurcation, with a threshold.

    .. math::

        \frac{dz}{dt} = (b + i\omega)\,z + I, \qquad z = x + iy \in \mathbb{C}

    that is :math:`dx/dt = b x - \omega y + I`, :math:`dy/dt = \omega x + b y`. The real part :math:`x` is
    current-like, the imaginary part :math:`y` voltage-like. When :math:`y \ge` ``V_th`` (the paper's
    :math:`a_{thresh}`) at the end of a step the neuron spikes and :math:`z` is reset to
    :math:`z_0 = x_{reset} + i\,y_{reset}` (:math:`i` by default).

    Below threshold the solution is :math:`z(t) = z^* + (z(0) - z^*)\,e^{(b + i\omega)t}` with the fixed
    point :math:`z^* = -I/(b + i\omega)`: an oscillation of frequency :math:`\omega / 2\pi` whose amplitude
    decays at rate :math:`|b|`. Brief input pulses therefore add up when they are separated by the eigenperiod
    :math:`2\pi/\omega` and cancel when separated by half of it: the neuron fires to a doublet of the resonant
    interval and not to a faster or slower one (Izhikevich 2001).

    The model is dimensionless; brainlet reads its time as ms. Integrated with the classical fourth-order
    Runge–Kutta method (at dt = 0.01 ms with the defaults, |ω dt| = 0.1 and the relative error per step is
    about 1e-7).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    b : float
        Damping rate (1/ms), < 0 (the rest state is a stable focus): −1.
    omega : float
        Angular frequency of the subthreshold oscillation (rad/ms), > 0: 10 (eigenperiod 0.628 ms).
    V_th : float
        Threshold on the voltage-like variable y (dimensionless): 1.
    x_reset, y_reset : float
        The state after a spike (dimensionless): 0, 1 (:math:`z_0 = i`).
    x_initial, y_initial : float
        Initial state (dimensionless): the rest state 0, 0.

    Variables: ``x``, ``y``, ``spike`` (bool), ``input`` (summed input of the current step, added to dx/dt,
    cleared after each update).

    References
    ----------
    Izhikevich, E. M. (2001). Resonate-and-fire neurons. Neural Netw. 14, 883–894. Default parameters as in
    BrainPy's ``ResonateandFire`` (brainmodels).

    Example
    -------
    >>> rf = ResonateAndFire(1)
    >>> runner = bl.DSRunner(rf, monitors=['x', 'y', 'spike'], inputs=[('input', 12.)], dt=0.01)
    >>> runner.run(20.)
    """

    def __init__(self, size, b=-1., omega=10., V_th=1., x_reset=0., y_reset=1., x_initial=0., y_initial=0.):
        super().__init__(size)
        check_positive(omega=(omega, 'rad/ms'))
        if not b < 0:
            raise ValueError(f"b must be < 0 (1/ms): with b >= 0 the rest state is not a stable focus and "
                             f"subthreshold oscillations grow without bound, got b={b}.")
        self.b, self.omega, self.V_th, self.x_reset, self.y_reset = b, omega, V_th, x_reset, y_reset
        self.x = bm.Variable(jnp.full(self.num, x_initial, dtype=float))
        self.y = bm.Variable(jnp.full(self.num, y_initial, dtype=float))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    @odeint(method='rk4')
    def integral(self, x, y, t, I):
        return self.b * x - self.omega * y + I, self.omega * x + self.b * y

    def update(self, t, dt):
        x, y = self.integral(self.x, self.y, t, self.input, dt=dt)
        spike = y >= self.V_th
        self.spike.value = spike
        self.x.value = jnp.where(spike, self.x_reset, x)
        self.y.value = jnp.where(spike, self.y_reset, y)
        self.input.value = jnp.zeros_like(self.input.value)
