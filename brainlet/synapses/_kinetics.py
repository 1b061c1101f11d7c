"""Linear synaptic kinetics driven by spikes: exponential, dual exponential and alpha conductances.

Each is integrated exactly between steps (the step's arrivals enter at its end), so a single spike's
response is the analytic impulse response sampled at the steps.
"""
import math

import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from ._base import EventSynapse


class Exponential(EventSynapse):
    r"""Conductance that jumps by the weight at each spike and decays exponentially.

    .. math::

        \frac{dg}{dt} = -\frac{g}{\tau} + \sum_{syn,k} w_{syn}\, \delta(t - t_k - d_{syn})

    A spike emitted in one step arrives in the next (plus ``delay``). The parameters of
    :class:`~brainlet.synapses.EventSynapse` apply (connectivity, weights ``g_max``, ``E`` or ``output``,
    ``delay``, ``stp``, ``plasticity``).

    Parameters
    ----------
    tau : float
        Decay time constant (ms), > 0.

    Example
    -------
    >>> EE = bl.synapses.Exponential(E, E, bl.conn.FixedProb(0.02), g_max=0.6, tau=5., E=0.)
    """

    def __init__(self, pre, post, conn, g_max=1.0, tau=5.0, **parts):
        check_positive(tau=(tau, 'ms'))
        self.tau = tau
        super().__init__(pre, post, conn, g_max, **parts)

    def init_kinetics(self, num_post):
        self.g = bm.Variable(jnp.zeros(num_post, dtype=float))

    def advance(self, arriving, dt):
        self.g.value = self.g.value * math.exp(-dt / self.tau) + arriving
        return self.g.value


class DualExponential(EventSynapse):
    r"""Conductance with separate rise and decay, normalized so one spike of weight ``w`` peaks at ``w``
    (as NEURON's ``Exp2Syn``):

    .. math::

        g(t) = w\,f\,\big(e^{-t/\tau_d} - e^{-t/\tau_r}\big), \qquad
        f = 1 / \big(e^{-t_p/\tau_d} - e^{-t_p/\tau_r}\big), \quad
        t_p = \frac{\tau_r \tau_d}{\tau_d - \tau_r} \ln\frac{\tau_d}{\tau_r}.

    Kept as the two exponentials ``a`` (decay) and ``b`` (rise), each advanced exactly.

    Parameters
    ----------
    tau_rise, tau_decay : float
        Rise and decay time constants (ms), ``0 < tau_rise < tau_decay``.
    """

    def __init__(self, pre, post, conn, g_max=1.0, tau_rise=1.0, tau_decay=10.0, **parts):
        check_positive(tau_rise=(tau_rise, 'ms'), tau_decay=(tau_decay, 'ms'))
        if not tau_rise < tau_decay:
            raise ValueError(f"tau_rise must be < tau_decay, got tau_rise={tau_rise}, tau_decay={tau_decay}.")
        self.tau_rise, self.tau_decay = tau_rise, tau_decay
        t_peak = tau_rise * tau_decay / (tau_decay - tau_rise) * math.log(tau_decay / tau_rise)
        self.factor = 1.0 / (math.exp(-t_peak / tau_decay) - math.exp(-t_peak / tau_rise))
        super().__init__(pre, post, conn, g_max, **parts)

    def init_kinetics(self, num_post):
        self.a = bm.Variable(jnp.zeros(num_post, dtype=float))
        self.b = bm.Variable(jnp.zeros(num_post, dtype=float))

    def advance(self, arriving, dt):
        self.a.value = self.a.value * math.exp(-dt / self.tau_decay) + self.factor * arriving
        self.b.value = self.b.value * math.exp(-dt / self.tau_rise) + self.factor * arriving
        return self.a.value - self.b.value


class Alpha(EventSynapse):
    r"""Alpha-function conductance, peaking at the weight ``w`` a time ``tau`` after the spike (Rall 1967):

    .. math::

        g(t) = w \frac{t}{\tau} e^{1 - t/\tau}.

    Kept as ``h`` (dh/dt = -h/τ, jumps by the weight) and ``g`` (dg/dt = -g/τ + e h/τ), advanced exactly.

    Parameters
    ----------
    tau : float
        Time to peak (ms), > 0.
    """

    def __init__(self, pre, post, conn, g_max=1.0, tau=2.0, **parts):
        check_positive(tau=(tau, 'ms'))
        self.tau = tau
        super().__init__(pre, post, conn, g_max, **parts)

    def init_kinetics(self, num_post):
        self.g = bm.Variable(jnp.zeros(num_post, dtype=float))
        self.h = bm.Variable(jnp.zeros(num_post, dtype=float))

    def advance(self, arriving, dt):
        decay = math.exp(-dt / self.tau)
        self.g.value = decay * (self.g.value + math.e * dt / self.tau * self.h.value)
        self.h.value = self.h.value * decay + arriving
        return self.g.value
