"""Axonal delays as ring buffers sized from the time step when the runner prepares the system."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np

from .._dynsys import DynamicalSystem


def delay_steps(delay, dt):
    """Whole steps of ``delay`` (ms; a scalar or an array) at step ``dt`` (ms), rounded to the nearest."""
    steps = np.rint(np.asarray(delay, dtype=float) / dt).astype(np.int32)
    return steps


def check_delay(delay):
    """``delay`` as a float or a float array; a negative value is an error naming it."""
    values = np.asarray(delay, dtype=float)
    if np.any(values < 0) or not np.all(np.isfinite(values)):
        raise ValueError(f"delay must be >= 0 (ms), got min delay={values.min()}.")
    return float(values) if values.ndim == 0 else values


class SpikeDelay(DynamicalSystem):
    """The spikes of ``num`` neurons, delayed by ``delay`` ms: ``push(spikes)`` stores this step's spikes and
    returns those emitted ``round(delay / dt)`` steps earlier.

    Parameters
    ----------
    num : int
        Number of neurons.
    delay : float
        Delay (ms), >= 0. Zero returns the spikes unchanged.
    """

    def __init__(self, num, delay):
        self.num, self.delay, self.dt = num, check_delay(delay), None

    def prepare(self, dt):
        if self.dt != dt:
            self.dt = dt
            self.steps = int(delay_steps(self.delay, dt))
            self.buffer = bm.Variable(jnp.zeros((max(self.steps, 1), self.num), dtype=bool))
            self.cursor = bm.Variable(jnp.zeros((), dtype=jnp.int32))

    def push(self, spikes):
        if self.dt is None:
            raise RuntimeError("a delayed synapse needs the time step: run it with DSRunner, or call "
                               "prepare(dt) on the network before updating it by hand.")
        if self.steps == 0:
            return spikes
        cursor = self.cursor.value
        delayed = self.buffer.value[cursor]
        self.buffer.value = self.buffer.value.at[cursor].set(spikes)
        self.cursor.value = (cursor + 1) % self.steps
        return delayed

    def __repr__(self):
        return f'SpikeDelay(num={self.num}, delay={self.delay})'
