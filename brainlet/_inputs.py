"""External inputs of a runner: a value written into a Variable at the start of every step."""
import numpy as np
import jax.numpy as jnp

_OPERATIONS = {
    '+': lambda old, x: old + x,
    '-': lambda old, x: old - x,
    '*': lambda old, x: old * x,
    '/': lambda old, x: old / x,
    '=': lambda old, x: jnp.broadcast_to(x, old.shape),
}
_KINDS = ('fix', 'iter', 'func')


class Input:
    """One input: ``(target, value[, kind[, operation]])``.

    ``kind`` is ``'fix'`` (a constant broadcastable to the target's shape), ``'iter'`` (an array whose first
    axis is the step: shape ``(steps, *target.shape)`` or anything broadcastable to it per step) or
    ``'func'`` (a JAX-traceable callable of ``t`` in ms returning a value broadcastable to the target's
    shape). When omitted it is inferred: callables are ``'func'``, values broadcastable to the target's
    shape are ``'fix'``, arrays with one more axis than the target (the step axis first) are ``'iter'``;
    anything else is an error. ``operation`` is one of ``+ - * / =`` (default ``+``).
    """

    def __init__(self, name, variable, value, kind=None, operation='+'):
        self.name, self.variable, self.operation = name, variable, operation
        if operation not in _OPERATIONS:
            raise ValueError(f"input operation for {name!r} must be one of {' '.join(_OPERATIONS)}, "
                             f"got {operation!r}.")
        if kind is None:
            shape = np.shape(value)
            kind = ('func' if callable(value) else 'fix' if self._broadcastable(shape) else
                    'iter' if len(shape) == len(variable.shape) + 1 else None)
            if kind is None:
                raise self._shape_error(shape)
        if kind not in _KINDS:
            raise ValueError(f"input kind for {name!r} must be one of {', '.join(_KINDS)}, got {kind!r}.")
        self.kind = kind
        if kind == 'func' and not callable(value):
            raise TypeError(f"input {name!r} of kind 'func' needs a callable of t, got {type(value).__name__}.")
        if kind != 'func':
            value = jnp.asarray(value)
            per_step_shape = value.shape if kind == 'fix' else value.shape[1:]
            if (kind == 'iter' and value.ndim == 0) or not self._broadcastable(per_step_shape):
                raise self._shape_error(value.shape)
        self.value = value

    def _shape_error(self, shape):
        return ValueError(f"input {self.name!r} has shape {tuple(shape)}, which fits neither the target's shape "
                          f"{tuple(self.variable.shape)} (a constant) nor (steps, *{tuple(self.variable.shape)}) "
                          f"(one value per step).")

    def _broadcastable(self, shape):
        try:
            return np.broadcast_shapes(shape, self.variable.shape) == self.variable.shape
        except ValueError:
            return False

    def check_steps(self, steps):
        """Per-step arrays must have one row per step of the run."""
        if self.kind == 'iter' and self.value.shape[0] != steps:
            raise ValueError(f"input {self.name!r} has {self.value.shape[0]} steps of values, but the run "
                             f"has {steps} steps; give an array of shape ({steps}, ...).")

    def apply(self, t, row=None):
        """Write the input into its Variable for the step starting at ``t``; ``row`` is this step's slice."""
        x = self.value(t) if self.kind == 'func' else row if self.kind == 'iter' else self.value
        old = self.variable.value
        self.variable.value = _OPERATIONS[self.operation](old, x).astype(old.dtype)
