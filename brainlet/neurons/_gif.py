"""Generalized integrate-and-fire neuron of Mihalaş & Niebur (2009): linear dynamics, rich update rules."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_non_negative, check_positive
from .._odeint import odeint
from ._integrate_and_fire import IntegrateAndFire, initial_values


class GIF(IntegrateAndFire):
    r"""Generalized integrate-and-fire neurons (Mihalaş & Niebur 2009): a leaky membrane, two spike-induced
    currents and an adaptive threshold, all linear between spikes.

    .. math::

        \frac{dI_j}{dt} = -k_j I_j, \quad j = 1, 2

        \tau \frac{dV}{dt} = -(V - V_{rest}) + R (I_1 + I_2) + R I

        \frac{dV_{th}}{dt} = a (V - V_{rest}) - b (V_{th} - V_{th,\infty})

    and when :math:`V \ge V_{th}`:

    .. math::

        I_j \leftarrow R_j I_j + A_j, \qquad V \leftarrow V_{reset}, \qquad
        V_{th} \leftarrow \max(V_{th,reset}, V_{th})

    :math:`V_{th}` is the paper's :math:`\Theta`. The paper writes the membrane as
    :math:`C\,dV/dt = -G(V - E_L) + I_e + \sum_j I_j`; this is the same equation with :math:`\tau = C/G` and
    :math:`R = 1/G`. With the defaults (:math:`R = \tau = 20`, so :math:`C = \tau/R = 1`) the input ``I``, the
    currents :math:`I_j` and the jumps :math:`A_j` are in mV/ms, i.e. they are the paper's :math:`I/C` in V/s.

    With :math:`a = A_1 = A_2 = 0`, :math:`I_j(0) = 0` and :math:`V_{th}(0) = V_{th,\infty} \ge V_{th,reset}`
    the model is a LIF neuron: for constant input with :math:`V_\infty = V_{rest} + RI > V_{th,\infty}` the
    period is :math:`\tau \ln\frac{V_\infty - V_{reset}}{V_\infty - V_{th,\infty}}`.

    The threshold is a state variable, so the spike test compares ``V`` and ``V_th`` both at the end of the
    step (the base class compares with a constant); refractoriness, ``t_last_spike`` and the reset of ``V``
    are those of :class:`IntegrateAndFire`. Integrated with the classical fourth-order Runge–Kutta method: the
    equations are linear, and at dt = 0.1 ms the trajectory between spikes stays within 1e-7 mV of the exact
    solution (matrix exponential) even after a jump of I1 by 10 mV/ms.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_rest, V_reset : float
        Resting (the paper's :math:`E_L`) and reset potentials (mV): −70, −70.
    V_th_inf : float
        Target of the threshold, :math:`\Theta_\infty` (mV): −50.
    V_th_reset : float
        Lower bound of the threshold after a spike, :math:`\Theta_r` (mV): −60.
    R : float
        Membrane resistance :math:`1/G`, > 0: 20 (mV per unit of input).
    tau : float
        Membrane time constant :math:`C/G` (ms), > 0: 20 (the paper's :math:`G/C` = 50 1/s).
    a : float
        Dependence of the threshold on the membrane potential (1/ms): 0. The firing patterns of the paper
        use 0.005 (e.g. spike-frequency adaptation) or −0.08 (spike latency).
    b : float
        Rate at which the threshold relaxes to ``V_th_inf`` (1/ms), >= 0: 0.01.
    k1, k2 : float
        Decay rates of the spike-induced currents (1/ms), >= 0: 0.2, 0.02.
    R1, R2 : float
        Fraction of each current kept at a spike (dimensionless): 0, 1.
    A1, A2 : float
        Increment of each current at a spike (mV/ms with the default R and tau): 0, 0.
    tau_ref : float
        Absolute refractory period (ms), >= 0: 0 (the paper has none).
    V_initializer : float or array or callable, optional
        Initial voltage (mV); defaults to ``V_rest``.
    V_th_initial : float or array or callable, optional
        Initial threshold (mV); defaults to ``V_th_inf``.

    Variables: ``V`` (mV), ``I1``, ``I2`` (mV/ms with the defaults), ``V_th`` (mV), ``spike`` (bool),
    ``t_last_spike`` (ms), ``input`` (summed input of the current step, cleared after each update).

    References
    ----------
    Mihalaş, Ş. & Niebur, E. (2009). A generalized linear integrate-and-fire neural model produces diverse
    spiking behaviors. Neural Comput. 21, 704–718 (parameters in its Tables 1 and 2).

    Example
    -------
    >>> gif = GIF(1, a=0.005)   # spike-frequency adaptation (Table 2 of the paper)
    >>> runner = bl.DSRunner(gif, monitors=['V', 'V_th', 'spike'], inputs=[('input', 2.)], dt=0.1)
    >>> runner.run(200.)
    """

    state = ('V', 'I1', 'I2', 'V_th')

    def __init__(self, size, V_rest=-70., V_reset=-70., V_th_inf=-50., V_th_reset=-60., R=20., tau=20., a=0.,
                 b=0.01, k1=0.2, k2=0.02, R1=0., R2=1., A1=0., A2=0., tau_ref=0., V_initializer=None,
                 V_th_initial=None):
        check_positive(tau=(tau, 'ms'), R=(R, 'mV per unit of input'))
        check_non_negative(b=(b, '1/ms'), k1=(k1, '1/ms'), k2=(k2, '1/ms'))
        V_th_initial = V_th_inf if V_th_initial is None else V_th_initial
        super().__init__(size, V_th=V_th_initial, V_reset=V_reset, tau_ref=tau_ref,
                         V_initializer=V_rest if V_initializer is None else V_initializer)
        self.V_rest, self.V_th_inf, self.V_th_reset, self.R, self.tau = V_rest, V_th_inf, V_th_reset, R, tau
        self.a, self.b, self.k1, self.k2, self.R1, self.R2, self.A1, self.A2 = a, b, k1, k2, R1, R2, A1, A2
        self.I1 = bm.Variable(jnp.zeros(self.num))
        self.I2 = bm.Variable(jnp.zeros(self.num))
        self.V_th = bm.Variable(initial_values(V_th_initial, self.num, 'V_th_initial'))

    @odeint(method='rk4')
    def integral(self, V, I1, I2, V_th, t, I):
        dV = (-(V - self.V_rest) + self.R * (I1 + I2 + I)) / self.tau
        dV_th = self.a * (V - self.V_rest) - self.b * (V_th - self.V_th_inf)
        return dV, -self.k1 * I1, -self.k2 * I2, dV_th

    def after_spike(self, spike, I1, I2, V_th):
        return (jnp.where(spike, self.R1 * I1 + self.A1, I1), jnp.where(spike, self.R2 * I2 + self.A2, I2),
                jnp.where(spike, jnp.maximum(self.V_th_reset, V_th), V_th))

    def update(self, t, dt):
        V, I1, I2, V_th = self.integral(self.V, self.I1, self.I2, self.V_th, t, self.input, dt=dt)
        refractory = (t - self.t_last_spike.value) < self.tau_ref - dt / 2  # as in IntegrateAndFire
        V = jnp.where(refractory, self.V.value, V)
        spike = ~(V < V_th)  # against the threshold at the end of the step; catches a non-finite V too
        self.spike.value = spike
        self.t_last_spike.value = jnp.where(spike, t + dt, self.t_last_spike.value)
        self.V.value = jnp.where(spike, self.V_reset, V)
        self.I1.value, self.I2.value, self.V_th.value = self.after_spike(spike, I1, I2, V_th)
        self.input.value = jnp.zeros_like(self.input.value)
