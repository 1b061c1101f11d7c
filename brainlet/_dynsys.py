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
        """Every Variable reachable from this system, by dotted path, each listed once (first path wins)."""
        found, seen_vars, seen_nodes = {}, set(), set()

        def visit(node, prefix):
            if id(node) in seen_nodes:
                return
            seen_nodes.add(id(node))
            for name, value in vars(node).items():
                if isinstance(value, bm.Variable) and id(value) not in seen_vars:
                    seen_vars.add(id(value))
                    found[prefix + name] = value
            for name, child in node.children().items():
                visit(child, f'{prefix}{name}.')

        visit(self, '')
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

    def __repr__(self):
        return f'{type(self).__name__}(size={self.size if len(self.size) > 1 else self.num})'


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
