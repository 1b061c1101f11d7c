"""Leaky integrate-and-fire neuron with an absolute refractory period (Lapicque 1907)."""
import brainpy.math as bm
import jax.numpy as jnp

from .._dynsys import NeuGroup
from .._odeint import odeint


class LIF(NeuGroup):
    r"""Leaky integrate-and-fire neurons with an absolute refractory period.

    .. math::

        \tau \frac{dV}{dt} = V_{rest} - V + R I, \qquad V \ge V_{th} \Rightarrow \text{spike}, V \leftarrow V_{reset}

    After a spike, ``V`` is held at ``V_reset`` for ``tau_ref``. The voltage is advanced by exponential Euler,
    exact for input that is constant over a step. For constant input with :math:`V_\infty = V_{rest} + RI >
    V_{th}` the firing period is :math:`\tau_{ref} + \tau \ln\frac{V_\infty - V_{reset}}{V_\infty - V_{th}}`.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_rest, V_reset, V_th : float
        Resting, reset and threshold potentials (mV).
    tau : float
        Membrane time constant (ms).
    tau_ref : float
        Absolute refractory period (ms).
    R : float
        Membrane resistance; with the default 1, the input ``I`` is in mV, as in BrainPy's LIF.
    V_initializer : float or array or callable, optional
        Initial voltage (mV): a constant, an array of shape ``(num,)``, or ``f(shape) -> array``.
        Defaults to ``V_rest``.

    Variables: ``V`` (mV), ``spike`` (bool, emitted in the last step), ``t_last_spike`` (ms), ``input``
    (summed input of the current step, cleared after each update).

    References
    ----------
    Lapicque, L. (1907). J. Physiol. Pathol. Gen. 9, 620–635. Burkitt, A. N. (2006). A review of the
    integrate-and-fire neuron model. Biol. Cybern. 95, 1–19.
    """

    def __init__(self, size, V_rest=-65., V_reset=-65., V_th=-50., tau=10., tau_ref=0., R=1., V_initializer=None):
        super().__init__(size)
        if tau <= 0:
            raise ValueError(f"tau must be > 0 (ms), got tau={tau}.")
        if tau_ref < 0:
            raise ValueError(f"tau_ref must be >= 0 (ms), got tau_ref={tau_ref}.")
        self.V_rest, self.V_reset, self.V_th, self.tau, self.tau_ref, self.R = V_rest, V_reset, V_th, tau, tau_ref, R
        init = V_rest if V_initializer is None else V_initializer
        V0 = init(self.num) if callable(init) else jnp.broadcast_to(jnp.asarray(init, dtype=float), (self.num,))
        self.V = bm.Variable(jnp.asarray(V0, dtype=float))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.t_last_spike = bm.Variable(jnp.full(self.num, -1e7, dtype=float))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    @odeint(method='exp_euler')
    def integral(self, V, t, I):
        return (self.V_rest - V + self.R * I) / self.tau

    def update(self, t, dt):
        # refractory for round(tau_ref / dt) steps; the half step absorbs rounding of t
        refractory = (t - self.t_last_spike.value) < self.tau_ref - dt / 2
        V = self.integral(self.V, t, self.input, dt=dt)
        V = jnp.where(refractory, self.V.value, V)
        spike = V >= self.V_th
        self.spike.value = spike
        self.t_last_spike.value = jnp.where(spike, t + dt, self.t_last_spike.value)
        self.V.value = jnp.where(spike, self.V_reset, V)
        self.input.value = jnp.zeros_like(self.input.value)
