"""Short-term plasticity of synaptic efficacy (Tsodyks & Markram)."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from .._dynsys import DynamicalSystem


class STP(DynamicalSystem):
    r"""Short-term depression and facilitation, per presynaptic neuron (Tsodyks, Pawelzik & Markram 1998).

    Between spikes the utilization ``u`` relaxes to ``U`` and the available resources ``x`` to 1:

    .. math::

        \frac{du}{dt} = \frac{U - u}{\tau_f}, \qquad \frac{dx}{dt} = \frac{1 - x}{\tau_d}.

    At a spike, ``u ← u + U (1 - u)`` (facilitation), the spike's efficacy is ``u x``, then
    ``x ← x - u x`` (depression). Relaxation is integrated exactly, so the efficacies of a spike train
    follow the model's recursion for any inter-spike intervals.

    Parameters
    ----------
    U : float
        Baseline utilization, in (0, 1].
    tau_f : float
        Facilitation time constant (ms), > 0.
    tau_d : float
        Recovery (depression) time constant (ms), > 0.

    References
    ----------
    Tsodyks, M., Pawelzik, K. & Markram, H. (1998). Neural networks with dynamic synapses. Neural Comput.
    10, 821-835. Markram, H., Wang, Y. & Tsodyks, M. (1998). Differential signaling via the same axon of
    neocortical pyramidal neurons. PNAS 95, 5323-5328.
    """

    def __init__(self, U=0.15, tau_f=1500.0, tau_d=200.0):
        if not 0 < U <= 1:
            raise ValueError(f"U must be in (0, 1], got U={U}.")
        check_positive(tau_f=(tau_f, 'ms'), tau_d=(tau_d, 'ms'))
        self.U, self.tau_f, self.tau_d = U, tau_f, tau_d

    def bind(self, num):
        """Create the state of ``num`` presynaptic neurons, at rest (``u = U``, ``x = 1``)."""
        self.u = bm.Variable(jnp.full(num, self.U, dtype=float))
        self.x = bm.Variable(jnp.ones(num, dtype=float))
        return self

    def efficacy(self, spikes, dt):
        """Advance ``u``, ``x`` by ``dt`` (ms) with ``spikes`` at its end; returns each spike's ``u x``."""
        u = self.U + (self.u.value - self.U) * jnp.exp(-dt / self.tau_f)
        x = 1.0 + (self.x.value - 1.0) * jnp.exp(-dt / self.tau_d)
        u = jnp.where(spikes, u + self.U * (1.0 - u), u)
        released = jnp.where(spikes, u * x, 0.0)
        self.u.value, self.x.value = u, x - released
        return released

    def __repr__(self):
        return f'STP(U={self.U}, tau_f={self.tau_f}, tau_d={self.tau_d})'
