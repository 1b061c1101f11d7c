"""What every synapse class shares: connectivity, weights, delay, short-term and long-term plasticity, output.

A synapse (a projection from ``pre`` to ``post``) is assembled from parts, each a small object:

    pre spikes -> delay -> short-term plasticity -> weights (event-driven) -> kinetics -> output -> post.input

Subclasses give the kinetics. :class:`EventSynapse` keeps linear kinetics per postsynaptic neuron (all the
synapses onto one neuron sum, so their state sums too), fed by event-driven delivery of the spikes;
:class:`PreSynapse` keeps nonlinear kinetics per presynaptic neuron (transmitter release is the same at
all of a neuron's synapses) and sums its weighted conductances over the synapses every step.
"""
import brainpy.math as bm
import jax
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative
from .._dynsys import Synapse
from ._delay import SpikeDelay, check_delay, delay_steps
from ._events import Connection
from ._outputs import CUBA, output_from


class Projection(Synapse):
    """Base of the synapse classes: builds the connectivity and holds the parts every synapse has.

    Parameters
    ----------
    pre, post : NeuGroup
        Presynaptic group (with a ``spike`` Variable, or ``V`` for graded synapses) and postsynaptic group
        (with ``input``, and ``V`` for conductance-based outputs). Views such as ``pop[:3200]`` work.
    conn : connectivity rule
        Anything with ``build(num_pre, num_post) -> (pre_ids, post_ids)``, see :mod:`brainlet.conn`.
    g_max : float or array
        Weight of each synapse: the jump of the synaptic variable per spike, in the units of
        ``post.input`` per mV (conductance-based output) or of ``post.input`` (current-based); a scalar or
        one value per synapse (in the order of ``conn.build``), >= 0.
    E : float, optional
        Reversal potential (mV): a conductance-based output :class:`COBA`. Without ``E`` or ``output`` the
        output is current-based (:class:`CUBA`).
    output : CUBA, COBA or MgBlock, optional
        The output, instead of ``E``.
    delay : float
        Homogeneous axonal delay (ms), >= 0, added to the one step every spike takes to arrive.
    plasticity : PlasticityRule, optional
        A long-term plasticity rule; the weights become the Variable ``w`` (one per synapse).
    """

    def __init__(self, pre, post, conn, g_max=1.0, E=None, output=None, delay=0.0, plasticity=None):
        super().__init__(pre, post)
        if not hasattr(conn, 'build'):
            raise TypeError(f"conn must be a connectivity rule with build(num_pre, num_post), such as "
                            f"bl.conn.FixedProb(0.02); got {type(conn).__name__}.")
        self.connector = conn
        self.conn = Connection(*conn.build(pre.num, post.num), pre.num, post.num)
        self.output = output_from(output, E)
        g_max = np.asarray(g_max, dtype=float)
        if g_max.ndim and g_max.shape != (self.conn.num_syn,):
            raise ValueError(f"g_max must be a scalar or have one value per synapse ({self.conn.num_syn}), "
                             f"got shape {g_max.shape}.")
        check_non_negative(g_max=(g_max, 'weight units'))
        self.delay = check_delay(delay)
        self.delay_line = None if np.ndim(self.delay) or self.delay == 0 else SpikeDelay(pre.num, self.delay)
        self.plasticity = plasticity
        if plasticity is None:
            self._weight = jnp.asarray(g_max)
        else:
            self.w = bm.Variable(jnp.broadcast_to(jnp.asarray(g_max, dtype=float), (self.conn.num_syn,)))
            plasticity.bind(self)

    @property
    def weight(self):
        """The synaptic weights: a scalar or one per synapse (the Variable ``w`` with plasticity)."""
        return self._weight if self.plasticity is None else self.w.value

    @property
    def num_syn(self):
        return self.conn.num_syn

    def arriving_spikes(self):
        """The presynaptic spikes that reach the synapses this step (after the homogeneous delay)."""
        spikes = self.pre.spike.value
        return spikes if self.delay_line is None else self.delay_line.push(spikes)

    def deliver_output(self, g):
        """Add the output current of conductance ``g`` (per postsynaptic neuron) to ``post.input``; a target
        that also takes ``input_conductance`` (conductance-based neurons, cable sites) gets the current's
        slope ``-dI/dV`` there too, so that it integrates the synaptic current implicitly, as its channels."""
        if isinstance(self.output, CUBA):
            self.post.input.value = self.post.input.value + g
            return
        V = self.post.V.value
        if hasattr(self.post, 'input_conductance'):
            current, slope = jax.jvp(lambda v: self.output.current(g, v), (V,), (jnp.ones_like(V),))
            self.post.input_conductance.value = self.post.input_conductance.value - slope
        else:
            current = self.output.current(g, V)
        self.post.input.value = self.post.input.value + current

    def learn(self, t, dt, pre_spikes):
        """Apply the plasticity rule, if any: the activities are this step's arriving spikes and the
        postsynaptic spikes of the last step, or the Variables the rule names."""
        rule = self.plasticity
        if rule is None:
            return
        if rule.pre_variable == 'spike':
            pre = self.arriving_spikes() if pre_spikes is None else pre_spikes
        else:
            pre = getattr(self.pre, rule.pre_variable).value
        post = getattr(self.post, rule.post_variable).value
        self.w.value = rule.apply(t, dt, self.w.value, pre, post)


class EventSynapse(Projection):
    """A synapse with linear kinetics, its state kept per postsynaptic neuron and fed by event-driven
    delivery of the spikes. Subclasses create their state in :meth:`init_kinetics` and implement
    :meth:`advance`.

    Adds to :class:`Projection`:

    delay : float or array
        A scalar (homogeneous delay, ms) or one delay per synapse (ms, each >= 0), kept in a ring buffer of
        arrivals per postsynaptic neuron.
    stp : STP, optional
        Short-term plasticity: each spike's weight is scaled by its efficacy ``u x``.
    """

    def __init__(self, pre, post, conn, g_max=1.0, E=None, output=None, delay=0.0, stp=None, plasticity=None):
        super().__init__(pre, post, conn, g_max, E, output, delay, plasticity)
        if np.ndim(self.delay) and self.delay.shape != (self.num_syn,):
            raise ValueError(f"delay must be a scalar or have one value per synapse ({self.num_syn}), got shape "
                             f"{self.delay.shape}.")
        self.stp = None if stp is None else stp.bind(pre.num)
        self._delay_dt = None
        self.init_kinetics(post.num)

    def prepare(self, dt):
        super().prepare(dt)
        if np.ndim(self.delay) and self._delay_dt != dt:
            self._delay_dt = dt
            self._synapse_delays = delay_steps(self.delay, dt)
            depth = int(self._synapse_delays.max()) + 1
            self.arrivals = bm.Variable(jnp.zeros((depth, self.post.num), dtype=float))
            self.cursor = bm.Variable(jnp.zeros((), dtype=jnp.int32))

    def init_kinetics(self, num_post):
        """Create the kinetic state Variables, one value per postsynaptic neuron."""
        raise NotImplementedError(f"{type(self).__name__} must implement init_kinetics(self, num_post).")

    def advance(self, arriving, dt):
        """Advance the kinetics by ``dt`` (ms) given the summed weights ``arriving`` per postsynaptic neuron;
        return the conductance (or current) per postsynaptic neuron."""
        raise NotImplementedError(f"{type(self).__name__} must implement advance(self, arriving, dt).")

    def _arriving(self, spikes, efficacy):
        if not np.ndim(self.delay):
            return self.conn.deliver(spikes, self.weight, efficacy)
        if self._delay_dt is None:
            raise RuntimeError("a synapse with per-synapse delays needs the time step: run it with DSRunner, or "
                               "call prepare(dt) on the network before updating it by hand.")
        depth, cursor = self.arrivals.shape[0], self.cursor.value
        ring = self.arrivals.value + self.conn.deliver(spikes, self.weight, efficacy, self._synapse_delays,
                                                       cursor, depth)
        self.arrivals.value = ring.at[cursor].set(0.0)
        self.cursor.value = (cursor + 1) % depth
        return ring[cursor]

    def update(self, t, dt):
        spikes = self.arriving_spikes()
        efficacy = None if self.stp is None else self.stp.efficacy(spikes, dt)
        self.deliver_output(self.advance(self._arriving(spikes, efficacy), dt))
        self.learn(t, dt, spikes)


class PreSynapse(Projection):
    """A synapse whose kinetics depend only on the presynaptic neuron (transmitter release, graded
    release), kept once per presynaptic neuron; each step the postsynaptic conductance is the weighted sum
    over the synapses. Subclasses create their state in :meth:`init_kinetics` and implement :meth:`advance`.
    """

    def __init__(self, pre, post, conn, g_max=1.0, E=None, output=None, delay=0.0, plasticity=None):
        if np.ndim(check_delay(delay)):
            raise ValueError(f"{type(self).__name__} takes one homogeneous delay (ms), not one per synapse.")
        super().__init__(pre, post, conn, g_max, E, output, delay, plasticity)
        self.init_kinetics(pre.num)

    def init_kinetics(self, num_pre):
        """Create the kinetic state Variables, one value per presynaptic neuron."""
        raise NotImplementedError(f"{type(self).__name__} must implement init_kinetics(self, num_pre).")

    #: Whether the kinetics are driven by presynaptic spikes (else by another presynaptic Variable).
    uses_spikes = True

    def advance(self, t, dt, spikes):
        """Advance the kinetics from ``t`` by ``dt`` (ms), given the arriving presynaptic ``spikes`` (None
        for kinetics not driven by spikes); return the activation per presynaptic neuron."""
        raise NotImplementedError(f"{type(self).__name__} must implement advance(self, t, dt, spikes).")

    def update(self, t, dt):
        spikes = self.arriving_spikes() if self.uses_spikes else None
        self.deliver_output(self.conn.gather_sum(self.advance(t, dt, spikes), self.weight))
        self.learn(t, dt, spikes)
