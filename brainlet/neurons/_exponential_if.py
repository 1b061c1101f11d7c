"""Exponential integrate-and-fire neurons: ExpIF (Fourcaud-Trocmé et al. 2003) and its adaptive form AdEx
(Brette & Gerstner 2005)."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from .._odeint import odeint
from ._integrate_and_fire import IntegrateAndFire, initial_values


class ExpIF(IntegrateAndFire):
    r"""Exponential integrate-and-fire neurons.

    .. math::

        \tau \frac{dV}{dt} = -(V - V_{rest}) + \Delta_T \exp\left(\frac{V - V_T}{\Delta_T}\right) + R I,
        \qquad V \ge V_{th} \Rightarrow \text{spike}, V \leftarrow V_{reset}

    The exponential term is the spike upswing; ``V_th`` is only the numerical cut-off where the upswing is
    ended (well above :math:`V_T + \Delta_T`, the spike time hardly depends on it). The minimum of the
    right-hand side is at :math:`V = V_T`, so for :math:`R I < V_T - V_{rest} - \Delta_T` (the rheobase) the
    neuron has a stable rest state below :math:`V_T` and an unstable one above it, and stays silent; above it
    fires tonically. After a spike, ``V`` is held at ``V_reset`` for ``tau_ref``. Integrated with the classical
    fourth-order Runge–Kutta method: on the way to threshold (I = 5 mV, dt = 0.1 ms) its voltage error is
    about 1e-8 mV against 1e-3 mV for exponential Euler (second order here), and an upswing that overflows
    within the spike step is caught as a spike by the base class.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_rest, V_reset : float
        Resting and reset potentials (mV).
    V_th : float
        Numerical spike cut-off (mV).
    V_T : float
        Threshold of the exponential upswing, where the net membrane current is minimal (mV);
        Fourcaud-Trocmé et al. (2003), the fit to the Wang–Buzsáki model: -59.9.
    delta_T : float
        Spike slope factor (mV), > 0; Fourcaud-Trocmé et al. (2003): 3.48.
    tau : float
        Membrane time constant (ms), > 0.
    tau_ref : float
        Absolute refractory period (ms), >= 0; Fourcaud-Trocmé et al. (2003): 1.7.
    R : float
        Membrane resistance; with the default 1 the input ``I`` is in mV, as in BrainPy.
    V_initializer : float or array or callable, optional
        Initial voltage (mV): a constant, an array of shape ``(num,)``, or ``f(num) -> array``. Defaults to
        ``V_rest``.

    Variables: ``V`` (mV), ``spike``, ``t_last_spike`` (ms), ``input`` (cleared after each update).

    References
    ----------
    Fourcaud-Trocmé, N., Hansel, D., van Vreeswijk, C. & Brunel, N. (2003). How spike generation mechanisms
    determine the neuronal response to fluctuating inputs. J. Neurosci. 23, 11628–11640.

    Example
    -------
    >>> neu = ExpIF(3)
    >>> runner = bl.DSRunner(neu, monitors=['V', 'spike'], inputs=[('input', jnp.array([1., 2., 5.]))], dt=0.01)
    >>> runner.run(200.)
    """

    def __init__(self, size, V_rest=-65., V_reset=-68., V_th=-30., V_T=-59.9, delta_T=3.48, tau=10., tau_ref=1.7,
                 R=1., V_initializer=None):
        check_positive(tau=(tau, 'ms'), delta_T=(delta_T, 'mV'))
        super().__init__(size, V_th=V_th, V_reset=V_reset, tau_ref=tau_ref,
                         V_initializer=V_rest if V_initializer is None else V_initializer)
        self.V_rest, self.V_T, self.delta_T, self.tau, self.R = V_rest, V_T, delta_T, tau, R

    @odeint(method='rk4')
    def integral(self, V, t, I):
        spike_current = self.delta_T * jnp.exp((V - self.V_T) / self.delta_T)
        return (self.V_rest - V + spike_current + self.R * I) / self.tau


class AdEx(IntegrateAndFire):
    r"""Adaptive exponential integrate-and-fire neurons.

    .. math::

        \tau \frac{dV}{dt} &= -(V - V_{rest}) + \Delta_T \exp\left(\frac{V - V_T}{\Delta_T}\right) - R w + R I \\
        \tau_w \frac{dw}{dt} &= a (V - V_{rest}) - w \\
        V \ge V_{th} &\Rightarrow \text{spike}, \quad V \leftarrow V_{reset}, \quad w \leftarrow w + b

    This is Brette & Gerstner's :math:`C\,dV/dt = -g_L(V - E_L) + g_L\Delta_T e^{(V - V_T)/\Delta_T} - w + I`
    divided by :math:`g_L`, with :math:`\tau = C/g_L`, :math:`R = 1/g_L`, :math:`V_{rest} = E_L`. Two unit
    conventions follow:

    - BrainPy's, the default: ``R = 1`` and ``I``, ``w``, ``b`` in mV (current times resistance), ``a``
      dimensionless;
    - the paper's: ``R = 1/g_L`` in GΩ (= mV/pA) and ``I``, ``w``, ``b`` in pA, ``a`` in nS. Brette & Gerstner
      (2005): ``tau = 281/30`` ms, ``R = 1/30`` GΩ, ``V_rest = -70.6``, ``V_T = -50.4``, ``delta_T = 2``,
      ``tau_w = 144``, ``a = 4``, ``b = 80.5``, ``V_reset = -70.6``, ``V_th = 20``.

    The sub-threshold adaptation ``a`` makes the rest state :math:`w = a(V - V_{rest})`; with ``b`` the model
    reproduces tonic, adapting, bursting and irregular firing (Naud et al. 2008). After a spike ``V`` is held
    at ``V_reset`` for ``tau_ref`` while ``w`` keeps evolving. Integrated with exponential Euler: ``w`` is
    advanced from the voltage at the start of the step, so the spike step's upswing does not leak into it.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_rest, V_reset : float
        Resting (leak reversal) and reset potentials (mV); BrainPy: -65, -68.
    V_th : float
        Numerical spike cut-off (mV); BrainPy: -30.
    V_T, delta_T : float
        Threshold and slope factor (> 0) of the exponential upswing (mV); BrainPy: -59.9, 3.48 (the ExpIF fit
        of Fourcaud-Trocmé et al. 2003).
    a : float
        Sub-threshold adaptation (dimensionless with ``R = 1``; nS with ``R`` in GΩ); BrainPy: 1.
    b : float
        Spike-triggered adaptation increment (mV with ``R = 1``; pA with ``R`` in GΩ); BrainPy: 1.
    tau : float
        Membrane time constant (ms), > 0; BrainPy: 10.
    tau_w : float
        Adaptation time constant (ms), > 0; BrainPy: 30.
    tau_ref : float
        Absolute refractory period (ms), >= 0; BrainPy: 0.
    R : float
        Membrane resistance: 1 (``I`` and ``w`` in mV), or ``1/g_L`` in GΩ (``I`` and ``w`` in pA).
    V_initializer, w_initializer : float or array or callable, optional
        Initial state: a constant, an array of shape ``(num,)``, or ``f(num) -> array``. ``V`` defaults to
        ``V_rest`` and ``w`` to its steady state there, :math:`a(V - V_{rest})`.

    Variables: ``V`` (mV), ``w``, ``spike``, ``t_last_spike`` (ms), ``input`` (cleared after each update).

    References
    ----------
    Brette, R. & Gerstner, W. (2005). Adaptive exponential integrate-and-fire model as an effective
    description of neuronal activity. J. Neurophysiol. 94, 3637–3642. Naud, R., Marcille, N., Clopath, C. &
    Gerstner, W. (2008). Firing patterns in the adaptive exponential integrate-and-fire model. Biol. Cybern.
    99, 335–347.

    Example
    -------
    >>> adapting = AdEx(1, V_rest=-70., V_reset=-58., V_th=0., V_T=-50., delta_T=2., tau=200. / 12.,
    ...                 R=1. / 12., a=2., b=60., tau_w=300.)        # Naud et al. (2008), paper units
    >>> runner = bl.DSRunner(adapting, monitors=['V', 'w'], inputs=[('input', 500.)], dt=0.01)  # pA
    >>> runner.run(500.)
    """

    state = ('V', 'w')

    def __init__(self, size, V_rest=-65., V_reset=-68., V_th=-30., V_T=-59.9, delta_T=3.48, a=1., b=1., tau=10.,
                 tau_w=30., tau_ref=0., R=1., V_initializer=None, w_initializer=None):
        check_positive(tau=(tau, 'ms'), tau_w=(tau_w, 'ms'), delta_T=(delta_T, 'mV'))
        super().__init__(size, V_th=V_th, V_reset=V_reset, tau_ref=tau_ref,
                         V_initializer=V_rest if V_initializer is None else V_initializer)
        self.V_rest, self.V_T, self.delta_T, self.a, self.b = V_rest, V_T, delta_T, a, b
        self.tau, self.tau_w, self.R = tau, tau_w, R
        w0 = a * (self.V.value - V_rest) if w_initializer is None else initial_values(w_initializer, self.num,
                                                                                        'w_initializer')
        self.w = bm.Variable(jnp.asarray(w0, dtype=float))

    @odeint(method='exp_euler')
    def integral(self, V, w, t, I):
        spike_current = self.delta_T * jnp.exp((V - self.V_T) / self.delta_T)
        dV = (self.V_rest - V + spike_current - self.R * w + self.R * I) / self.tau
        dw = (self.a * (V - self.V_rest) - w) / self.tau_w
        return dV, dw

    def after_spike(self, spike, w):
        return (jnp.where(spike, w + self.b, w),)
