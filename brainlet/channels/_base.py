"""Channels: the interface every ion channel speaks (DESIGN decision 3), and gated channels built on it."""
import math

import brainpy.math as bm
import jax.numpy as jnp

from .._dynsys import DynamicalSystem


class Channel(DynamicalSystem):
    """An ion channel on the membrane patches of a host (a neuron group, or cable compartments).

    A channel is made from its parameters alone; the host then calls :meth:`bind` with the number of
    patches and the initial voltage, which creates the channel's Variables (each of shape ``(num,)``).
    Subclasses implement:

    - ``init_state(V)``: create the state Variables for initial voltage ``V`` (mV), usually at steady state;
    - ``update(V, ions, t, dt)``: advance the state from ``t`` to ``t + dt`` (ms) at voltage ``V``;
    - ``current(V, ions)``: return ``(I, g)``, the outward current density (µA/cm²) and its conductance
      ``dI/dV`` (mS/cm²). Point neurons use ``I``; cable cells use both for an implicit voltage solve.

    ``ions`` maps an ion's name to its :class:`~brainlet.channels.Ion` (reversal potential ``E``,
    concentrations). A channel that carries an ion names it in the class attribute ``ion`` (``'na'``,
    ``'k'``, ``'ca'``, ...); the host adds the channel's current to that ion's.
    """

    #: The ion this channel's current is carried by and whose reversal potential it uses; None for a
    #: channel with a reversal potential of its own (a leak, a non-specific current).
    ion = None

    def __init__(self):
        self.num = None

    def bind(self, num, V):
        """Place the channel on ``num`` patches at initial voltage ``V`` (mV): creates its Variables."""
        if not isinstance(num, int) or num <= 0:
            raise ValueError(f"num must be a positive int, got {num!r}.")
        self.num = num
        self.init_state(jnp.broadcast_to(jnp.asarray(V, dtype=float), (num,)))
        return self

    def init_state(self, V):
        """Create the state Variables for initial voltage ``V``; a channel without state has nothing to do."""

    def update(self, V, ions, t, dt):
        """Advance the channel's state; a channel without state has nothing to do."""

    def current(self, V, ions):
        raise NotImplementedError(f"{type(self).__name__} must implement current(self, V, ions) -> (I, g).")

    def reversal(self, ions):
        """The reversal potential (mV): that of the channel's ion, or its own ``E``."""
        return self.E if self.ion is None else ions[self.ion].E.value

    def __repr__(self):
        return f'{type(self).__name__}(num={self.num})'


def _check_non_negative(**values):
    for name, value in values.items():
        if jnp.any(jnp.asarray(value) < 0):
            raise ValueError(f"{name} must be >= 0, got {name}={value}.")


class GatedChannel(Channel):
    r"""An ohmic channel with independent gates: :math:`I = \bar g \prod_x x^{p_x} (V - E)`.

    A subclass gives the gates and their powers in ``gates`` (``{'m': 3, 'h': 1}``) and, for each gate,
    its rates in :meth:`rates`; the base class derives the steady state, the gate update and the current.
    Each gate follows :math:`dx/dt = \phi [\alpha_x(V)(1 - x) - \beta_x(V) x]`, advanced exactly for the
    voltage held over the step (exponential Euler).

    Parameters
    ----------
    g_max : float or array
        Maximal conductance density (mS/cm²), ≥ 0; an array gives one value per patch.
    E : float, optional
        Reversal potential (mV) of a channel with ``ion = None``.
    phi : float
        Temperature factor multiplying every rate.
    """

    #: Gate name -> power in the open probability.
    gates = {}

    def __init__(self, g_max, E=None, phi=1.0):
        super().__init__()
        _check_non_negative(g_max=g_max, phi=phi)
        if self.ion is None and E is None:
            raise ValueError(f"{type(self).__name__} carries no ion, so it needs its reversal potential E (mV).")
        self.g_max, self.E, self.phi = g_max, E, phi

    def rates(self, V):
        """``{gate: (alpha, beta)}`` at voltage ``V`` (mV), in 1/ms before the factor ``phi``."""
        raise NotImplementedError(f"{type(self).__name__} must implement rates(self, V).")

    def steady_state(self, V):
        """``{gate: x_inf}`` at voltage ``V``."""
        return {x: a / (a + b) for x, (a, b) in self.rates(V).items()}

    def init_state(self, V):
        for x, value in self.steady_state(V).items():
            setattr(self, x, bm.Variable(value))

    def update(self, V, ions, t, dt):
        for x, (a, b) in self.rates(V).items():
            x_inf, rate = a / (a + b), self.phi * (a + b)
            gate = getattr(self, x)
            gate.value = x_inf + (gate.value - x_inf) * jnp.exp(-rate * dt)

    def open_probability(self):
        return math.prod(getattr(self, x).value ** p for x, p in self.gates.items())

    def current(self, V, ions):
        g = self.g_max * self.open_probability()
        return g * (V - self.reversal(ions)), g
