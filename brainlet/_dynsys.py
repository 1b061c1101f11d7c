"""Base classes: a dynamical system holds ``brainpy.math.Variable`` state and advances it with ``update``."""
import math

import brainpy.math as bm


class DynamicalSystem:
    """Anything with state that advances in time.

    Subclasses hold their state in ``brainpy.math.Variable`` attributes and implement ``update(t, dt)``,
    which reads the Variables at time ``t`` (ms) and writes them at ``t + dt``. Time and step size are
    passed in; nothing is read from a global context. Attributes that are themselves dynamical systems are
    children: their Variables belong to this system too, named by the attribute path (``'E.V'``).

    Every Variable remembers the value it was first assigned, and :meth:`reset_state` restores those values
    in this system and its children; override it for state that should be drawn anew on each reset.
    """

    def __setattr__(self, name, value):
        if isinstance(value, bm.Variable):
            self.__dict__.setdefault('_initial_values', {})[name] = value.value
        super().__setattr__(name, value)

    def update(self, t, dt):
        """Advance the state from ``t`` to ``t + dt`` (both in ms)."""
        raise NotImplementedError(f"{type(self).__name__} must implement update(self, t, dt).")

    def prepare(self, dt):
        """Create the state that depends on the time step ``dt`` (ms), such as delay buffers, in this system
        and its children. :class:`~brainlet.DSRunner` calls it once, before it collects the state."""
        for child in self.children().values():
            child.prepare(dt)

    def reset_state(self):
        """Restore every Variable of this system and its children to its initial value."""
        for name, value in self.__dict__.get('_initial_values', {}).items():
            getattr(self, name).value = value
        for child in self.children().values():
            child.reset_state()

    def children(self):
        """The dynamical systems held as attributes (also inside lists, tuples and dicts), by name."""
        found = {}
        for name, value in vars(self).items():
            if isinstance(value, DynamicalSystem):
                found[name] = value
            elif isinstance(value, (list, tuple)):
                found.update((f'{name}.{i}', v) for i, v in enumerate(value) if isinstance(v, DynamicalSystem))
            elif isinstance(value, dict):
                found.update((f'{name}.{k}', v) for k, v in value.items() if isinstance(v, DynamicalSystem))
        return found

    def variables(self):
        """Every Variable reachable from this system, by dotted path, each listed once under its shortest
        path (so a group held by a network and by a synapse is ``'E.V'``, not ``'EE.pre.V'``)."""
        found, seen_vars, seen_nodes = {}, set(), {id(self)}
        level = [(self, '')]
        while level:  # breadth first: shallower paths are named first
            next_level = []
            for node, prefix in level:
                for name, value in vars(node).items():
                    if isinstance(value, bm.Variable) and id(value) not in seen_vars:
                        seen_vars.add(id(value))
                        found[prefix + name] = value
                for name, child in node.children().items():
                    if id(child) not in seen_nodes:
                        seen_nodes.add(id(child))
                        next_level.append((child, f'{prefix}{name}.'))
            level = next_level
        return found

    def __repr__(self):
        return f'{type(self).__name__}()'


class NeuGroup(DynamicalSystem):
    """A group of neurons whose state Variables have shape ``(num,)``.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons, or the shape of the group's grid (``num`` is its product).
    """

    def __init__(self, size):
        self.size = (size,) if isinstance(size, int) else tuple(size)
        if not self.size or any(not isinstance(s, int) or s <= 0 for s in self.size):
            raise ValueError(f"size must be a positive int or a tuple of positive ints, got {size!r}.")
        self.num = math.prod(self.size)

    def __getitem__(self, index):
        """A view of the neurons ``index`` (a contiguous slice, ``pop[:3200]``) that synapses can connect."""
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError(f"a group view takes a contiguous slice such as pop[:3200], got {index!r}.")
        start, stop, _ = index.indices(self.num)
        if stop <= start:
            raise ValueError(f"the slice {index!r} selects no neuron of a group of {self.num}.")
        return GroupView(self, start, stop)

    def __repr__(self):
        return f'{type(self).__name__}(size={self.size if len(self.size) > 1 else self.num})'


class _VariableView:
    """The elements ``[start:stop]`` of a Variable: reading ``value`` slices it, writing writes them back."""

    def __init__(self, variable, start, stop):
        self.variable, self.start, self.stop = variable, start, stop

    @property
    def value(self):
        return self.variable.value[self.start:self.stop]

    @value.setter
    def value(self, new):
        self.variable.value = self.variable.value.at[self.start:self.stop].set(new)

    @property
    def shape(self):
        return (self.stop - self.start,) + tuple(self.variable.shape[1:])

    @property
    def dtype(self):
        return self.variable.dtype


class GroupView(NeuGroup):
    """Neurons ``start:stop`` of a group: each Variable of the group whose first axis runs over its neurons
    (``V``, ``spike``, ``input``, ...) appears as an attribute of the same name viewing those neurons.

    A view owns no state and is not updated itself: the group it views must be in the network.
    """

    def __init__(self, group, start, stop):
        super().__init__(stop - start)
        self.group, self.start, self.stop = group, start, stop

    def update(self, t, dt):
        """The viewed group is updated, not its views."""

    def __getattr__(self, name):
        group = self.__dict__.get('group')
        variable = getattr(group, name, None) if group is not None else None
        if isinstance(variable, bm.Variable) and variable.ndim >= 1 and variable.shape[0] == group.num:
            return _VariableView(variable, self.start, self.stop)
        raise AttributeError(f"{type(group).__name__} view has no neuron Variable {name!r}.")

    def __repr__(self):
        return f'{self.group!r}[{self.start}:{self.stop}]'


class Synapse(DynamicalSystem):
    """Connections from a presynaptic group to a postsynaptic group.

    A synapse's ``update(t, dt)`` reads the presynaptic spikes of the previous step and delivers its effect
    to the postsynaptic group (typically by adding to ``post.input``). In a :class:`Network`, synapses are
    updated before neurons.
    """

    def __init__(self, pre, post):
        self.pre = pre
        self.post = post

    def __repr__(self):
        return f'{type(self).__name__}(pre={self.pre!r}, post={self.post!r})'
