"""Electrical synapses: ohmic gap junctions between pairs of neurons."""
import jax
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative
from .._dynsys import Synapse


class GapJunction(Synapse):
    r"""Gap junctions between the neurons of a group: each connected pair (i, j) passes
    :math:`I_i = g (V_j - V_i)` into i and the opposite current into j, so charge is conserved.

    Each junction is listed once: a rule that yields both (i, j) and (j, i) makes two junctions between
    the pair (and ``g`` applies twice); pairs with i == j are ignored.

    Parameters
    ----------
    group : NeuGroup
        The coupled neurons, with ``V`` and ``input`` Variables (or a view ``pop[a:b]``).
    conn : connectivity rule
        Builds the junctions, ``conn.build(num, num)``.
    g : float or array
        Junction conductance, in the units of ``group.input`` per mV, >= 0; a scalar or one per junction.
    """

    def __init__(self, group, conn, g=1.0):
        super().__init__(group, group)
        i, j = conn.build(group.num, group.num)
        keep = i != j
        g = np.asarray(g, dtype=float)
        if g.ndim and g.shape != (len(i),):
            raise ValueError(f"g must be a scalar or one value per junction ({len(i)}), got shape {g.shape}.")
        check_non_negative(g=(g, 'input units per mV'))
        self.i, self.j = jnp.asarray(i[keep]), jnp.asarray(j[keep])
        self.g = jnp.asarray(g[keep] if g.ndim else g)

    def update(self, t, dt):
        V = self.post.V.value
        flow = self.g * (V[self.j] - V[self.i])  # into i, out of j
        current = jax.ops.segment_sum(jnp.concatenate([flow, -flow]), jnp.concatenate([self.i, self.j]),
                                      num_segments=self.post.num)
        self.post.input.value = self.post.input.value + current
