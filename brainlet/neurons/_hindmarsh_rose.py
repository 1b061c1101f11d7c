"""The Hindmarsh–Rose (1984) bursting neuron."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np

from .._dynsys import NeuGroup
from .._odeint import odeint


class HindmarshRose(NeuGroup):
    r"""Hindmarsh–Rose neurons: a spiking subsystem (x, y) modulated by a slow adaptation current z.

    .. math::

        \frac{dx}{dt} = y - a x^3 + b x^2 - z + I, \qquad
        \frac{dy}{dt} = c - d x^2 - y, \qquad
        \frac{dz}{dt} = r\,[s (x - x_r) - z]

    The fixed points solve the cubic :math:`-a x^3 + (b - d) x^2 - s x + c + s x_r + I = 0` (with the
    defaults it has one real root), with :math:`y = c - d x^2`, :math:`z = s (x - x_r)`. With the defaults
    the neuron bursts for I ≈ 1.5–3 (several spikes per burst, separated by quiescence while z recovers) and
    fires tonically for larger I.

    The model is dimensionless; brainlet reads its time as ms. Integrated with the classical fourth-order
    Runge–Kutta method.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    a, b, c, d : float
        Coefficients of the fast subsystem (dimensionless); Hindmarsh & Rose (1984): 1, 3, 1, 5.
    r : float
        Rate of the slow adaptation variable z (1/ms), > 0; 0.01 (as in BrainPy's ``HindmarshRose``; smaller
        values give longer bursts).
    s : float
        Coupling of z to x (dimensionless); 4.
    x_r : float
        Resting x of the adaptation (dimensionless); −1.6.
    V_th : float
        A spike is emitted when x crosses V_th (dimensionless) upward.
    x_initial : float, optional
        Initial x; by default the fixed point at zero input. y and z start at the values that make it a fixed
        point, :math:`y = c - d x^2`, :math:`z = s (x - x_r)`.

    Variables: ``x`` (the membrane potential), ``y``, ``z``, ``spike`` (bool), ``input`` (dimensionless
    current, summed input of the current step, cleared after each update).

    References
    ----------
    Hindmarsh, J. L. & Rose, R. M. (1984). A model of neuronal bursting using three coupled first order
    differential equations. Proc. R. Soc. Lond. B 221, 87–102.

    Example
    -------
    >>> hr = HindmarshRose(1)
    >>> runner = bl.DSRunner(hr, monitors=['x'], inputs=[('input', 2.5)], dt=0.05)
    >>> runner.run(2000.)
    """

    def __init__(self, size, a=1., b=3., c=1., d=5., r=0.01, s=4., x_r=-1.6, V_th=1.0, x_initial=None):
        super().__init__(size)
        if not r > 0:
            raise ValueError(f"r must be > 0 (1/ms): it is the rate of the slow variable z, got r={r}.")
        if a == 0:
            raise ValueError("a must be != 0 (dimensionless): the cubic term bounds x, got a=0.")
        self.a, self.b, self.c, self.d, self.r, self.s, self.x_r, self.V_th = a, b, c, d, r, s, x_r, V_th
        x0 = self.fixed_point(0.0)[0] if x_initial is None else x_initial
        self.x = bm.Variable(jnp.full(self.num, x0, dtype=float))
        self.y = bm.Variable(jnp.full(self.num, c - d * x0 ** 2, dtype=float))
        self.z = bm.Variable(jnp.full(self.num, s * (x0 - x_r), dtype=float))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    def fixed_point(self, I=0.0):
        """``(x, y, z)`` of the fixed point at constant input ``I`` (the lowest x if there are several)."""
        roots = np.roots([-self.a, self.b - self.d, -self.s, self.c + self.s * self.x_r + I])
        x = float(np.min(roots[np.abs(roots.imag) < 1e-9].real))
        return x, self.c - self.d * x ** 2, self.s * (x - self.x_r)

    @odeint(method='rk4')
    def integral(self, x, y, z, t, I):
        dx = y - self.a * x ** 3 + self.b * x ** 2 - z + I
        dy = self.c - self.d * x ** 2 - y
        dz = self.r * (self.s * (x - self.x_r) - z)
        return dx, dy, dz

    def update(self, t, dt):
        x, y, z = self.integral(self.x, self.y, self.z, t, self.input, dt=dt)
        self.spike.value = (self.x.value < self.V_th) & (x >= self.V_th)
        self.x.value, self.y.value, self.z.value = x, y, z
        self.input.value = jnp.zeros_like(self.input.value)
