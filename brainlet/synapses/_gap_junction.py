"""Electrical synapses: ohmic gap junctions between pairs of neurons."""
import jax
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative
from .._dynsys import Synapse


class GapJunction(Synapse):
    r"""Gap junctions between the neurons of a group: each connected pair (i, j) passes
    :math:`I_i = g (V_j - V_i)` into i and the opposite current into j, so charge is conserved (the
    electrical synapse of Abbott & Marder 1998, Eq. 13).

    Each junction is listed once: a rule that yields both (i, j) and (j, i) makes two junctions between
    the pair (and ``g`` applies twice); pairs with i == j are ignored. A group with ``input_conductance``
    (conductance-based neurons) also receives each junction's ``g`` there, so that it integrates the
    dependence of the current on its own voltage implicitly, as it does its channels; the partner's voltage
    is that of the start of the step.

    Parameters
    ----------
    group : NeuGroup
        The coupled neurons, with ``V`` and ``input`` Variables (or a view ``pop[a:b]``).
    conn : connectivity rule
        Builds the junctions, ``conn.build(num, num)``.
    g : float or array
        Junction conductance, in the units of ``group.input`` per mV (µS for an input in nA), >= 0; a
        scalar or one per junction.

    References
    ----------
    Abbott, L. F. & Marder, E. (1998). Modeling small networks. In Koch & Segev (eds.), Methods in Neuronal
    Modeling, 2nd ed., MIT Press.
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

    def _per_neuron(self, into_i, into_j):
        return jax.ops.segment_sum(jnp.concatenate([into_i, into_j]), jnp.concatenate([self.i, self.j]),
                                   num_segments=self.post.num)

    def update(self, t, dt):
        V = self.post.V.value
        flow = self.g * (V[self.j] - V[self.i])  # into i, out of j
        self.post.input.value = self.post.input.value + self._per_neuron(flow, -flow)
        if hasattr(self.post, 'input_conductance'):
            g = jnp.broadcast_to(self.g, flow.shape)
            self.post.input_conductance.value = self.post.input_conductance.value + self._per_neuron(g, g)
