"""Two-dimensional neuron models: FitzHugh–Nagumo (1961) and Morris–Lecar (1981)."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative, check_positive
from .._dynsys import NeuGroup
from .._numerics import lowest_root
from .._odeint import odeint


class FitzHughNagumo(NeuGroup):
    r"""FitzHugh–Nagumo neurons: a cubic fast variable and a linear recovery variable.

    .. math::

        \frac{dV}{dt} = V - \frac{V^3}{3} - w + I, \qquad \tau \frac{dw}{dt} = V + a - b\,w

    The fixed point solves :math:`V - V^3/3 - (V + a)/b + I = 0`; with :math:`b < 1` it is unique. It loses
    stability where the trace of the Jacobian :math:`\begin{pmatrix} 1 - V^2 & -1 \\ 1/\tau & -b/\tau
    \end{pmatrix}` vanishes, :math:`V^2 = 1 - b/\tau` (Hopf bifurcation; with the default parameters at
    :math:`I \approx 0.331`).

    The model is dimensionless; brainlet reads its time as ms. Integrated with the classical fourth-order
    Runge–Kutta method (the equations are smooth and not stiff).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    a, b : float
        Recovery parameters (dimensionless); FitzHugh (1961): a = 0.7, b = 0.8.
    tau : float
        Time constant of the recovery variable (ms, the model's time unit), > 0; FitzHugh (1961): 12.5
        (:math:`1/\tau = 0.08`).
    V_th : float
        A spike is emitted when V crosses V_th (dimensionless) upward.
    V_initial, w_initial : float, optional
        Initial state (dimensionless); by default the fixed point at zero input. Given ``V_initial`` alone, w
        starts on its nullcline, :math:`w = (V + a)/b`.

    Variables: ``V``, ``w``, ``spike`` (bool), ``input`` (dimensionless current, summed input of the current
    step, cleared after each update).

    References
    ----------
    FitzHugh, R. (1961). Impulses and physiological states in theoretical models of nerve membrane.
    Biophys. J. 1, 445–466. Nagumo, J., Arimoto, S. & Yoshizawa, S. (1962). An active pulse transmission
    line simulating nerve axon. Proc. IRE 50, 2061–2070.

    Example
    -------
    >>> fhn = FitzHughNagumo(1)
    >>> runner = bl.DSRunner(fhn, monitors=['V', 'w'], inputs=[('input', 0.5)], dt=0.05)
    >>> runner.run(500.)
    """

    def __init__(self, size, a=0.7, b=0.8, tau=12.5, V_th=1.0, V_initial=None, w_initial=None):
        super().__init__(size)
        check_positive(tau=(tau, 'ms'))
        if b == 0:
            raise ValueError("b must be != 0 (dimensionless): the recovery variable needs a decay term, got b=0.")
        self.a, self.b, self.tau, self.V_th = a, b, tau, V_th
        V0, w0 = self.fixed_point(0.0)
        if V_initial is not None:  # w defaults to its nullcline at the given V
            V0, w0 = V_initial, (V_initial + a) / b
        w0 = w0 if w_initial is None else w_initial
        self.V = bm.Variable(jnp.full(self.num, V0, dtype=float))
        self.w = bm.Variable(jnp.full(self.num, w0, dtype=float))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    def fixed_point(self, I=0.0):
        """``(V, w)`` of the fixed point at constant input ``I`` (the real root of the cubic with the lowest
        V when there are several)."""
        roots = np.roots([-1.0 / 3.0, 0.0, 1.0 - 1.0 / self.b, I - self.a / self.b])
        V = float(np.min(roots[np.abs(roots.imag) < 1e-9].real))
        return V, (V + self.a) / self.b

    @odeint(method='rk4')
    def integral(self, V, w, t, I):
        return V - V ** 3 / 3.0 - w + I, (V + self.a - self.b * w) / self.tau

    def update(self, t, dt):
        V, w = self.integral(self.V, self.w, t, self.input, dt=dt)
        self.spike.value = (self.V.value < self.V_th) & (V >= self.V_th)
        self.V.value, self.w.value = V, w
        self.input.value = jnp.zeros_like(self.input.value)


class MorrisLecar(NeuGroup):
    r"""Morris–Lecar neurons: a non-inactivating calcium current, instantaneous, and a delayed-rectifier
    potassium current.

    .. math::

        C \frac{dV}{dt} = I - g_{Ca} m_\infty(V) (V - E_{Ca}) - g_K w (V - E_K) - g_L (V - E_L)

        \frac{dw}{dt} = \phi\,\frac{w_\infty(V) - w}{\tau_w(V)}

        m_\infty = \tfrac12\left[1 + \tanh\frac{V - V_1}{V_2}\right], \quad
        w_\infty = \tfrac12\left[1 + \tanh\frac{V - V_3}{V_4}\right], \quad
        \tau_w = 1 / \cosh\frac{V - V_3}{2 V_4}

    The defaults are the Hopf ("class II") set of Rinzel & Ermentrout (1989): rest loses stability through a
    subcritical Hopf bifurcation at I ≈ 93.86 µA/cm² (where the eigenvalues of the Jacobian at the fixed point
    cross the imaginary axis). ``MorrisLecar.SNLC`` holds their saddle-node on invariant circle ("class I")
    set, which starts firing at the knee of the steady-state I–V curve, I ≈ 39.96 µA/cm²:
    ``MorrisLecar(n, **MorrisLecar.SNLC)``.

    Each step advances w by exponential Euler at the present voltage, then V with the new w (the staggered
    scheme of :class:`HH`).

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    C : float
        Membrane capacitance (µF/cm²), > 0.
    gCa, gK, gL : float
        Maximal calcium, potassium and leak conductances (mS/cm²), >= 0.
    ECa, EK, EL : float
        Reversal potentials (mV).
    V1, V2 : float
        Half-activation voltage and slope of :math:`m_\infty` (mV); V2 != 0.
    V3, V4 : float
        Half-activation voltage and slope of :math:`w_\infty` (mV); V4 != 0.
    phi : float
        Rate scale of w (1/ms), > 0.
    V_th : float
        A spike is emitted when V crosses V_th (mV) upward.
    V_initial : float, optional
        Initial voltage (mV), by default the resting potential at zero input; w starts at
        :math:`w_\infty(V)`.

    Variables: ``V`` (mV), ``w``, ``spike`` (bool), ``input`` (µA/cm², summed input of the current step,
    cleared after each update).

    References
    ----------
    Morris, C. & Lecar, H. (1981). Voltage oscillations in the barnacle giant muscle fiber. Biophys. J. 35,
    193–213. Rinzel, J. & Ermentrout, G. B. (1989). Analysis of neural excitability and oscillations. In
    Koch & Segev (eds.), Methods in Neuronal Modeling, MIT Press, pp. 135–169 (parameters in their Table 1).

    Example
    -------
    >>> ml = MorrisLecar(1)
    >>> runner = bl.DSRunner(ml, monitors=['V', 'w'], inputs=[('input', 100.)], dt=0.05)
    >>> runner.run(500.)
    """

    #: Rinzel & Ermentrout (1989), Hopf (class II) parameters: the defaults.
    HOPF = dict(C=20., gCa=4.4, gK=8., gL=2., ECa=120., EK=-84., EL=-60., V1=-1.2, V2=18., V3=2., V4=30.,
                phi=0.04)
    #: Rinzel & Ermentrout (1989), saddle-node on invariant circle (class I) parameters.
    SNLC = dict(HOPF, gCa=4.0, V3=12., V4=17.4, phi=1. / 15.)

    def __init__(self, size, C=20., gCa=4.4, gK=8., gL=2., ECa=120., EK=-84., EL=-60., V1=-1.2, V2=18.,
                 V3=2., V4=30., phi=0.04, V_th=10., V_initial=None):
        super().__init__(size)
        check_positive(C=(C, 'µF/cm²'), phi=(phi, '1/ms'))
        check_non_negative(gCa=(gCa, 'mS/cm²'), gK=(gK, 'mS/cm²'), gL=(gL, 'mS/cm²'))
        for name, value in (('V2', V2), ('V4', V4)):
            if value == 0:
                raise ValueError(f"{name} must be != 0 (mV): it is the slope of a tanh, got {name}={value}.")
        self.C, self.gCa, self.gK, self.gL, self.ECa, self.EK, self.EL = C, gCa, gK, gL, ECa, EK, EL
        self.V1, self.V2, self.V3, self.V4, self.phi, self.V_th = V1, V2, V3, V4, phi, V_th
        V0 = self.resting_potential(0.0) if V_initial is None else V_initial
        V0 = jnp.full(self.num, V0, dtype=float)
        self.V = bm.Variable(V0)
        self.w = bm.Variable(self.w_inf(V0))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    def m_inf(self, V):
        return 0.5 * (1.0 + jnp.tanh((V - self.V1) / self.V2))

    def w_inf(self, V):
        return 0.5 * (1.0 + jnp.tanh((V - self.V3) / self.V4))

    def tau_w(self, V):
        """Time constant of w before the rate scale phi (dimensionless; divided by phi it is in ms)."""
        return 1.0 / jnp.cosh((V - self.V3) / (2.0 * self.V4))

    def resting_potential(self, I=0.0):
        """The lowest V (mV) in [-100, 100] where the steady-state current equals ``I`` (µA/cm²)."""
        m = lambda V: 0.5 * (1.0 + np.tanh((V - self.V1) / self.V2))
        w = lambda V: 0.5 * (1.0 + np.tanh((V - self.V3) / self.V4))
        I_ss = lambda V: (self.gCa * m(V) * (V - self.ECa) + self.gK * w(V) * (V - self.EK)
                          + self.gL * (V - self.EL) - I)
        V = lowest_root(I_ss, -100.0, 100.0)
        if V is None:
            raise ValueError(f"no steady state in [-100, 100] mV at I={I}.")
        return V

    @odeint(method='exp_euler')
    def gate(self, w, t, V):
        return self.phi * (self.w_inf(V) - w) / self.tau_w(V)

    @odeint(method='exp_euler')
    def membrane(self, V, t, w, I):
        I_Ca = self.gCa * self.m_inf(V) * (V - self.ECa)
        I_K = self.gK * w * (V - self.EK)
        I_L = self.gL * (V - self.EL)
        return (I - I_Ca - I_K - I_L) / self.C

    def update(self, t, dt):
        w = self.gate(self.w, t, self.V, dt=dt)
        V = self.membrane(self.V, t, w, self.input, dt=dt)
        self.spike.value = (self.V.value < self.V_th) & (V >= self.V_th)
        self.V.value, self.w.value = V, w
        self.input.value = jnp.zeros_like(self.input.value)
