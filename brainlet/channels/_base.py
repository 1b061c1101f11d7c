"""Channels: the interface every ion channel speaks (DESIGN decision 3), and gated channels built on it."""
import math

import brainpy.math as bm
import jax
import jax.numpy as jnp

from .._checks import check_non_negative
from .._dynsys import DynamicalSystem


class Channel(DynamicalSystem):
    """An ion channel on the membrane patches of a host (a neuron group, or cable compartments).

    A channel is made from its parameters alone; the host then calls :meth:`bind` with the number of
    patches, the initial voltage and its ions, which creates the channel's Variables (each of shape
    ``(num,)``). Subclasses implement:

    - ``current_density(V, ions)``: the outward current density (µA/cm²) at voltage ``V`` (mV);
    - ``init_state(V, ions)`` and ``update(V, ions, t, dt)`` if the channel has state: create it (usually at
      steady state) and advance it from ``t`` to ``t + dt`` (ms) at voltage ``V``.

    :meth:`current` returns ``(I, g)``, the current density and its conductance ``dI/dV`` (mS/cm²), derived
    with ``jax.jvp``: point neurons and cable cells use ``g`` for a stable voltage update.

    ``ions`` maps an ion's name (``'na'``, ``'k'``, ``'ca'``, ...) to its :class:`~brainlet.channels.Ion`:
    reversal potential ``E`` and, where tracked, concentrations ``ci``, ``co``. A channel that carries an ion
    names it in the class attribute ``ion``; the host adds the channel's current to that ion's.
    """

    #: The ion this channel's current is carried by and whose reversal potential it uses; None for a
    #: channel with a reversal potential of its own (a leak, a non-specific current).
    ion = None
    #: Ions whose concentrations (``ci``) the channel reads, as NEURON's ``USEION ca READ cai``.
    reads_concentration = ()

    def __init__(self):
        self.num = None

    def bind(self, num, V, ions=None):
        """Place the channel on ``num`` patches at initial voltage ``V`` (mV): creates its Variables."""
        if not isinstance(num, int) or num <= 0:
            raise ValueError(f"num must be a positive int, got {num!r}.")
        self.num = num
        self.init_state(jnp.broadcast_to(jnp.asarray(V, dtype=float), (num,)), ions or {})
        return self

    def init_state(self, V, ions):
        """Create the state Variables at initial voltage ``V``; a channel without state has nothing to do."""

    def update(self, V, ions, t, dt):
        """Advance the channel's state; a channel without state has nothing to do."""

    def current_density(self, V, ions):
        raise NotImplementedError(f"{type(self).__name__} must implement current_density(self, V, ions).")

    def current(self, V, ions):
        """``(I, dI/dV)``: outward current density (µA/cm²) and conductance (mS/cm²) at voltage ``V``."""
        return jax.jvp(lambda v: self.current_density(v, ions), (V,), (jnp.ones_like(V),))

    def reversal(self, ions):
        """The reversal potential (mV): that of the channel's ion, or its own ``E``."""
        return self.E if self.ion is None else ions[self.ion].E.value

    def __repr__(self):
        return f'{type(self).__name__}(num={self.num})'


def q10_factor(T, q10, T_ref):
    """Rate factor ``q10^((T - T_ref)/10)`` at temperature ``T`` (°C)."""
    return q10 ** ((T - T_ref) / 10.0)


class GatedChannel(Channel):
    r"""An ohmic channel with independent gates: :math:`I = \bar g \prod_x x^{p_x} (V - E)`.

    A subclass gives the gates and their powers in ``gates`` (``{'m': 3, 'h': 1}``) and their kinetics,
    either as rates :math:`\alpha_x, \beta_x` in :meth:`rates` or as steady state and time constant in
    :meth:`kinetics` (which may read ion concentrations); the base class derives the steady state, the gate
    update and the current. Each gate follows :math:`dx/dt = \phi (x_\infty - x)/\tau_x`, advanced exactly
    for the voltage held over the step (exponential Euler). A channel with an instantaneous gate overrides
    :meth:`open_probability`.

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
        check_non_negative(g_max=(g_max, 'mS/cm²'), phi=(phi, 'dimensionless'))
        if self.ion is None and E is None:
            raise ValueError(f"{type(self).__name__} carries no ion, so it needs its reversal potential E (mV).")
        self.g_max, self.E, self.phi = g_max, E, phi

    def rates(self, V):
        """``{gate: (alpha, beta)}`` at voltage ``V`` (mV), in 1/ms before the factor ``phi``."""
        raise NotImplementedError(f"{type(self).__name__} must implement rates(self, V) or kinetics(self, V, ions).")

    def kinetics(self, V, ions):
        """``{gate: (x_inf, tau)}`` at voltage ``V`` (mV), tau in ms before the factor ``phi``."""
        return {x: (a / (a + b), 1.0 / (a + b)) for x, (a, b) in self.rates(V).items()}

    def init_state(self, V, ions):
        for x, (x_inf, _) in self.kinetics(V, ions).items():
            setattr(self, x, bm.Variable(x_inf))

    def update(self, V, ions, t, dt):
        for x, (x_inf, tau) in self.kinetics(V, ions).items():
            gate = getattr(self, x)
            gate.value = x_inf + (gate.value - x_inf) * jnp.exp(-self.phi * dt / tau)

    def open_probability(self, V, ions):
        return math.prod(getattr(self, x).value ** p for x, p in self.gates.items())

    def current_density(self, V, ions):
        return self.g_max * self.open_probability(V, ions) * (V - self.reversal(ions))
