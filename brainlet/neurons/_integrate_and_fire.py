"""The integrate-and-fire base: threshold, reset and refractoriness written once for every IF model."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_non_negative
from .._dynsys import NeuGroup


def initial_values(init, num, name):
    """An array of shape ``(num,)`` from a constant, an array of that shape, or ``f(num) -> array``."""
    value = jnp.asarray(init(num) if callable(init) else init, dtype=float)
    if value.ndim > 1 or (value.ndim == 1 and value.shape[0] not in (1, num)):
        raise ValueError(f"{name} must be a scalar, an array of shape ({num},) or a callable f(num) returning "
                         f"one; got shape {value.shape}.")
    return jnp.broadcast_to(value, (num,))


class IntegrateAndFire(NeuGroup):
    r"""Base of the integrate-and-fire family: a membrane potential that spikes at a threshold and is reset.

    A subclass supplies its physics only:

    - ``integral``, an ``@odeint`` integrator over the variables named in ``state`` (``V`` first), with the
      signature ``integral(self, V, *others, t, I)``, returning their derivatives;
    - optionally, extra state Variables (created in its ``__init__``, named in the class attribute ``state``)
      and :meth:`after_spike`, the jump of those variables at a spike (for example ``w ← w + b``).

    The base does the rest, identically for every model. In each step ``update(t, dt)``:

    1. all variables in ``state`` are advanced by ``integral`` with the summed ``input``;
    2. a neuron still refractory — less than ``tau_ref`` after its last spike, i.e. for ``round(tau_ref/dt)``
       steps — keeps ``V`` (held at the reset value); its other variables evolve freely;
    3. ``V >= V_th`` (or a non-finite ``V``, from an integrator that overflowed in the upswing) is a spike:
       ``spike`` is set, ``t_last_spike = t + dt``, ``V ← V_reset`` and :meth:`after_spike` is applied;
    4. ``input`` is cleared.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_th, V_reset : float
        Spike threshold (numerical cut-off, for the models with a spike upswing) and reset potential (mV).
    tau_ref : float
        Absolute refractory period (ms), >= 0.
    V_initializer : float or array or callable
        Initial voltage (mV): a constant, an array of shape ``(num,)``, or ``f(num) -> array``.

    Variables: ``V`` (mV), ``spike`` (bool, emitted in the last step), ``t_last_spike`` (ms, -1e7 before the
    first spike), ``input`` (summed input of the current step, cleared after each update).
    """

    state = ('V',)

    def __init__(self, size, V_th, V_reset, tau_ref, V_initializer):
        super().__init__(size)
        check_non_negative(tau_ref=(tau_ref, 'ms'))
        self.V_th, self.V_reset, self.tau_ref = V_th, V_reset, tau_ref
        self.V = bm.Variable(initial_values(V_initializer, self.num, 'V_initializer'))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.t_last_spike = bm.Variable(jnp.full(self.num, -1e7, dtype=float))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    def integral(self, V, t, I, dt):
        """The model's ``@odeint`` integrator over ``state``; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} must define integral(self, V, ..., t, I) with @odeint.")

    def after_spike(self, spike, *others):
        """The variables of ``state`` after ``V``, updated where ``spike``; by default unchanged."""
        return others

    def update(self, t, dt):
        new = self.integral(*(getattr(self, name) for name in self.state), t, self.input, dt=dt)
        V, *others = new if len(self.state) > 1 else (new,)
        # refractory for round(tau_ref / dt) steps; the half step absorbs rounding of t
        refractory = (t - self.t_last_spike.value) < self.tau_ref - dt / 2
        V = jnp.where(refractory, self.V.value, V)
        spike = ~(V < self.V_th)  # also catches a V that overflowed to inf or nan in the upswing
        self.spike.value = spike
        self.t_last_spike.value = jnp.where(spike, t + dt, self.t_last_spike.value)
        self.V.value = jnp.where(spike, self.V_reset, V)
        for name, value in zip(self.state[1:], self.after_spike(spike, *others)):
            getattr(self, name).value = value
        self.input.value = jnp.zeros_like(self.input.value)
