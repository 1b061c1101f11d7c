"""Receptor kinetics driven by a pulse of transmitter (Destexhe, Mainen & Sejnowski 1994, 1998).

Each presynaptic spike releases transmitter at concentration ``T_max`` for ``T_dur`` ms; the bound fraction
of receptors follows first-order kinetics, the same at every synapse of a presynaptic neuron, and so is
kept once per presynaptic neuron. With the transmitter concentration held over a step, the kinetics are
linear in their state and are advanced exactly.
"""
import math

import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_non_negative, check_positive
from ._base import PreSynapse
from ._outputs import MgBlock


class TransmitterSynapse(PreSynapse):
    r"""Receptors bound by a square pulse of transmitter:

    .. math::

        \frac{dr}{dt} = \alpha [T] (1 - r) - \beta r, \qquad
        [T] = T_{max} \text{ for } T_{dur} \text{ ms after each presynaptic spike, else } 0,

    and the conductance of a synapse is ``w r``. The parameters of
    :class:`~brainlet.synapses.Projection` apply (``conn``, ``g_max``, ``E`` or ``output``, ``delay``,
    ``plasticity``).

    Parameters
    ----------
    alpha : float
        Binding rate (1/(mM ms)), >= 0.
    beta : float
        Unbinding rate (1/ms), > 0.
    T_max : float
        Transmitter concentration during a release (mM), >= 0.
    T_dur : float
        Duration of a release (ms), > 0.
    """

    #: Default reversal potential (mV) of the receptor's conductance-based output.
    E_default = 0.0

    def __init__(self, pre, post, conn, g_max=1.0, alpha=1.1, beta=0.19, T_max=1.0, T_dur=1.0, E=None,
                 output=None, **parts):
        check_non_negative(alpha=(alpha, '1/(mM ms)'), T_max=(T_max, 'mM'))
        check_positive(beta=(beta, '1/ms'), T_dur=(T_dur, 'ms'))
        self.alpha, self.beta, self.T_max, self.T_dur = alpha, beta, T_max, T_dur
        if E is None and output is None:
            E = self.E_default
        super().__init__(pre, post, conn, g_max, E=E, output=output, **parts)

    def init_kinetics(self, num_pre):
        self.r = bm.Variable(jnp.zeros(num_pre, dtype=float))
        self.release_left = bm.Variable(jnp.zeros(num_pre, dtype=float))  # ms of release still to come

    def transmitter(self, dt, spikes):
        """Transmitter concentration (mM) over this step, per presynaptic neuron; an arriving spike starts a
        release."""
        left = jnp.where(spikes, self.T_dur, self.release_left.value)
        self.release_left.value = jnp.maximum(left - dt, 0.0)
        return jnp.where(left > 1e-9, self.T_max, 0.0)

    def advance(self, t, dt, spikes):
        rate_on = self.alpha * self.transmitter(dt, spikes)
        total = rate_on + self.beta
        r_inf = rate_on / total
        self.r.value = r_inf + (self.r.value - r_inf) * jnp.exp(-dt * total)
        return self.r.value


class AMPA(TransmitterSynapse):
    """AMPA receptor: α = 1.1 /(mM ms), β = 0.19 /ms, E = 0 mV, 1 mM for 1 ms (Destexhe et al. 1998)."""


class GABAa(TransmitterSynapse):
    """GABA_A receptor: α = 5 /(mM ms), β = 0.18 /ms, E = -80 mV, 1 mM for 1 ms (Destexhe et al. 1998)."""

    E_default = -80.0

    def __init__(self, pre, post, conn, g_max=1.0, alpha=5.0, beta=0.18, **parts):
        super().__init__(pre, post, conn, g_max, alpha=alpha, beta=beta, **parts)


class NMDA(TransmitterSynapse):
    """NMDA receptor: α = 0.072 /(mM ms), β = 0.0066 /ms, 1 mM for 1 ms (Destexhe et al. 1998), with the
    magnesium block of Jahr & Stevens (1990) as its output (:class:`~brainlet.synapses.MgBlock`, E = 0 mV,
    1 mM Mg²⁺) unless another ``output`` is given."""

    def __init__(self, pre, post, conn, g_max=1.0, alpha=0.072, beta=0.0066, E=None, output=None, **parts):
        if output is None:
            output = MgBlock(E=0.0 if E is None else E)
        elif E is not None:
            raise ValueError("give either E or output=..., not both.")
        super().__init__(pre, post, conn, g_max, alpha=alpha, beta=beta, output=output, **parts)


class GABAb(TransmitterSynapse):
    r"""GABA_B receptor with G-protein activation (Destexhe et al. 1998):

    .. math::

        \frac{dR}{dt} = K_1 [T] (1 - R) - K_2 R, \qquad \frac{dG}{dt} = K_3 R - K_4 G, \qquad
        g = w \frac{G^n}{G^n + K_d},

    with K1 = 0.09 /(mM ms), K2 = 0.0012 /ms, K3 = 0.18 /ms, K4 = 0.034 /ms, K_d = 100 µM⁴, n = 4,
    E = -95 mV, and 0.5 mM transmitter for 0.3 ms. G is advanced by exponential Euler with R at the start
    of the step.

    References
    ----------
    Destexhe, A., Mainen, Z. F. & Sejnowski, T. J. (1998). Kinetic models of synaptic transmission. In
    Koch & Segev (eds.), Methods in Neuronal Modeling, 2nd ed., MIT Press, 1-25.
    """

    E_default = -95.0

    def __init__(self, pre, post, conn, g_max=1.0, K1=0.09, K2=0.0012, K3=0.18, K4=0.034, K_d=100.0, n=4,
                 T_max=0.5, T_dur=0.3, **parts):
        check_positive(K3=(K3, '1/ms'), K4=(K4, '1/ms'), K_d=(K_d, 'µM^n'))
        self.K3, self.K4, self.K_d, self.n = K3, K4, K_d, n
        super().__init__(pre, post, conn, g_max, alpha=K1, beta=K2, T_max=T_max, T_dur=T_dur, **parts)

    def init_kinetics(self, num_pre):
        super().init_kinetics(num_pre)
        self.G = bm.Variable(jnp.zeros(num_pre, dtype=float))

    def advance(self, t, dt, spikes):
        R = self.r.value
        decay = math.exp(-self.K4 * dt)
        self.G.value = self.G.value * decay + self.K3 / self.K4 * R * (1.0 - decay)
        super().advance(t, dt, spikes)
        G_n = self.G.value ** self.n
        return G_n / (G_n + self.K_d)
