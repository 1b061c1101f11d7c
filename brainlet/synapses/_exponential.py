"""Single-exponential synaptic conductance or current."""
import brainpy.math as bm
import jax
import jax.numpy as jnp

from .._dynsys import Synapse


class Exponential(Synapse):
    r"""Synapses whose conductance jumps by ``g_max`` at each presynaptic spike and decays with ``tau``.

    .. math::

        \frac{dg}{dt} = -\frac{g}{\tau} + g_{max} \sum_k \delta(t - t_k), \qquad
        I_{post} = g\,(E - V_{post}) \text{ (conductance-based) or } I_{post} = g \text{ (current-based)}

    Linear synapses onto the same neuron sum, so ``g`` is kept per postsynaptic neuron and decays exactly
    (``g ← g e^{-dt/τ}``) each step. A spike emitted in one step arrives in the next (no further delay); the
    output is added to ``post.input``.

    Parameters
    ----------
    pre, post : NeuGroup
        Presynaptic group (with a ``spike`` Variable) and postsynaptic group (with ``input`` and, for a
        conductance-based output, ``V``).
    conn : connectivity rule
        Anything with ``build(num_pre, num_post) -> (pre_ids, post_ids)``, e.g. :class:`brainlet.conn.FixedProb`.
    g_max : float
        Jump of ``g`` per spike, in the units of ``post.input`` per mV (conductance-based) or of ``post.input``.
    tau : float
        Decay time constant (ms), > 0.
    E : float, optional
        Reversal potential (mV) for a conductance-based output; ``None`` gives a current-based output.
    """

    def __init__(self, pre, post, conn, g_max=1., tau=5., E=None):
        super().__init__(pre, post)
        if tau <= 0:
            raise ValueError(f"tau must be > 0 (ms), got tau={tau}.")
        self.g_max, self.tau, self.E = g_max, tau, E
        self.pre_ids, self.post_ids = (jnp.asarray(ids) for ids in conn.build(pre.num, post.num))
        self.g = bm.Variable(jnp.zeros(post.num, dtype=float))

    def update(self, t, dt):
        spikes = self.pre.spike.value[self.pre_ids].astype(self.g.dtype)
        arriving = jax.ops.segment_sum(spikes, self.post_ids, num_segments=self.post.num)
        self.g.value = self.g.value * jnp.exp(-dt / self.tau) + self.g_max * arriving
        current = self.g.value if self.E is None else self.g.value * (self.E - self.post.V.value)
        self.post.input.value = self.post.input.value + current
