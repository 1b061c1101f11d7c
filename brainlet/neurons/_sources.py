"""Spike sources: neurons whose spikes are given (at set times) or drawn (Poisson), not integrated."""
import brainpy.math as bm
import jax
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative
from .._dynsys import NeuGroup


class SpikeTimes(NeuGroup):
    """Neurons that spike at given times.

    Neuron ``indices[k]`` spikes at ``times[k]`` (ms): its ``spike`` is True after the step that ends
    nearest to that time, as a model neuron that crossed threshold in that step.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    indices : array of int
        Neuron of each spike, in ``[0, num)``.
    times : array of float
        Time of each spike (ms), >= 0; same length as ``indices``.

    Variables: ``spike`` (bool) and ``input`` (accepted and ignored, so that synapses may target the group).
    """

    def __init__(self, size, indices, times):
        super().__init__(size)
        indices, times = np.asarray(indices, dtype=np.int32).ravel(), np.asarray(times, dtype=float).ravel()
        if indices.shape != times.shape:
            raise ValueError(f"indices and times must have the same length, got {len(indices)} and {len(times)}.")
        if indices.size and (indices.min() < 0 or indices.max() >= self.num):
            raise ValueError(f"indices must lie in [0, {self.num}), got values in [{indices.min()}, {indices.max()}].")
        check_non_negative(times=(times, 'ms'))
        self.indices, self.times = jnp.asarray(indices), jnp.asarray(times)
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))

    def update(self, t, dt):
        now = jnp.abs(self.times - (t + dt)) < dt / 2
        self.spike.value = jnp.zeros(self.num, dtype=bool).at[self.indices].max(now)
        self.input.value = jnp.zeros_like(self.input.value)


class PoissonGroup(NeuGroup):
    """Neurons that spike as independent Poisson processes: in each step of ``dt`` ms a neuron spikes with
    probability ``rate * dt / 1000``.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    rates : float or array
        Firing rate of each neuron (Hz), >= 0.
    seed : int
        Seed of the random key (a Variable ``key``, advanced every step, restored by ``reset_state``).
    """

    def __init__(self, size, rates, seed=0):
        super().__init__(size)
        check_non_negative(rates=(rates, 'Hz'))
        self.rates = jnp.broadcast_to(jnp.asarray(rates, dtype=float), (self.num,))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))
        self.key = bm.Variable(jax.random.PRNGKey(seed))

    def update(self, t, dt):
        key, draw = jax.random.split(self.key.value)
        self.key.value = key
        self.spike.value = jax.random.uniform(draw, (self.num,)) < self.rates * (dt * 1e-3)
        self.input.value = jnp.zeros_like(self.input.value)
