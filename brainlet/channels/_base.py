"""The ``Channel`` base class: the interface every ion channel speaks (DESIGN decision 3)."""
from .._dynsys import DynamicalSystem


class Channel(DynamicalSystem):
    """An ion channel on ``num`` membrane patches (a neuron group, or the compartments it is painted on).

    A channel owns its gating Variables, each of shape ``(num,)``. Subclasses implement:

    - ``update(V, t, dt)``: advance the gates from ``t`` to ``t + dt`` (ms) at membrane potential ``V`` (mV);
    - ``current(V)``: return ``(I, g)``, the outward current density (µA/cm²) and its conductance
      ``dI/dV`` (mS/cm²). Point neurons use ``I``; cable cells use both for an implicit voltage solve.

    Unlike neurons, a channel's ``update`` takes the voltage of its host, which owns it and calls it.

    Parameters
    ----------
    num : int
        Number of membrane patches the channel is on.
    """

    def __init__(self, num):
        if not isinstance(num, int) or num <= 0:
            raise ValueError(f"num must be a positive int, got {num!r}.")
        self.num = num

    def update(self, V, t, dt):
        raise NotImplementedError(f"{type(self).__name__} must implement update(self, V, t, dt).")

    def current(self, V):
        raise NotImplementedError(f"{type(self).__name__} must implement current(self, V) -> (I, g).")
