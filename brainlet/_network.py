"""``Network``: named dynamical systems advanced together in a fixed, documented order."""
from ._dynsys import DynamicalSystem, Synapse


class Network(DynamicalSystem):
    """A collection of neuron groups, synapses and sub-networks, updated as one system.

    Members are given by keyword (``Network(E=..., I=..., EE=...)``) or set as attributes in a subclass's
    ``__init__``; they are reachable as ``net.E`` and their Variables as ``'E.V'``.

    Update order in each step from ``t`` to ``t + dt``: first every synapse (in the order the members were
    given, sub-networks flattened), acting on the spikes the neurons emitted in the previous step; then
    every other member, in order.
    """

    def __init__(self, **members):
        for name, member in members.items():
            if not isinstance(member, DynamicalSystem):
                raise TypeError(f"Network member {name!r} must be a DynamicalSystem, got {type(member).__name__}.")
            setattr(self, name, member)

    def members(self):
        """The members to update, sub-networks replaced by their own members."""
        flat = []
        for child in self.children().values():
            flat.extend(child.members() if isinstance(child, Network) else [child])
        return flat

    def update(self, t, dt):
        members = self.members()
        for synapse in (m for m in members if isinstance(m, Synapse)):
            synapse.update(t, dt)
        for other in (m for m in members if not isinstance(m, Synapse)):
            other.update(t, dt)

    def __repr__(self):
        inner = ', '.join(f'{k}={v!r}' for k, v in self.children().items())
        return f'Network({inner})'
