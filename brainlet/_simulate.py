"""A system's parameters by name, and ``simulate``: a run as a pure function of them (for ``jax.grad`` and
``jax.vmap``)."""
import inspect
from collections.abc import Mapping

import brainpy.math as bm
import jax
import numpy as np

from ._runner import _NO_NAN, DSRunner, Monitors

#: Attributes the walk over a system skips: the Variables' initial values, which are state, not parameters.
_SKIPPED = ('_initial_values',)


def _is_number(value):
    return isinstance(value, (bool, int, float, complex, np.number, np.bool_, np.ndarray, jax.Array))


def attributes(system):
    """Every attribute reachable from ``system`` that is not a Variable, as ``(dotted path, value)``: numbers
    and arrays, strings, ``None``, classes and functions are leaves; dynamical systems, other objects with
    attributes, lists, tuples and dicts are walked into (each object once, under the first path that reaches it),
    and the class of each object walked into is listed as ``'path.__class__'``."""
    seen = set()

    def walk(value, path):
        if isinstance(value, bm.Variable):
            return
        if _is_number(value) or value is None or isinstance(value, (str, bytes, type)) or inspect.isroutine(value):
            yield path, value
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                yield from walk(item, f'{path}.{i}')
        elif isinstance(value, Mapping):
            for key, item in value.items():
                yield from walk(item, f'{path}.{key}')
        elif hasattr(value, '__dict__') and id(value) not in seen:
            seen.add(id(value))
            yield f'{path}.__class__' if path else '__class__', type(value)
            for name, item in vars(value).items():
                if name not in _SKIPPED:
                    yield from walk(item, f'{path}.{name}' if path else name)
        else:
            yield path, value

    return list(walk(system, ''))


def parameters(system):
    """The numeric parameters of ``system`` and of everything it holds, ``{dotted name: value}``: every
    public attribute that is a number or an array and not a Variable (``'gNa'``, ``'channels.Na.g_max'``,
    ``'ions.ca.tau'``, ...). These are the names :func:`simulate` accepts in ``params``.

    Example
    -------
    >>> bl.parameters(bl.neurons.HH(1))['gNa']
    120.0
    """
    return {path: value for path, value in attributes(system)
            if _is_number(value) and not any(part.startswith('_') for part in path.split('.'))}


def _owner(system, path, known):
    """The object holding the parameter ``path`` of ``system`` (an object, dict or list), and its key there."""
    if path not in known:
        raise KeyError(f"{path!r} is not a numeric parameter of {type(system).__name__}; its parameters are "
                       f"{', '.join(known)}.")
    node = system
    for part in path.split('.'):
        owner, key = node, (int(part) if isinstance(node, (list, tuple)) else part)
        node = node[key] if isinstance(node, (Mapping, list, tuple)) else getattr(node, key)
    if isinstance(owner, tuple):
        raise TypeError(f"{path!r} is held in a tuple, which cannot be changed; hold it in a list or attribute.")
    return owner, key


def _get(owner, key):
    return owner[key] if isinstance(owner, (Mapping, list)) else getattr(owner, key)


def _set(owner, key, value):
    if isinstance(owner, (Mapping, list)):
        owner[key] = value
    else:
        setattr(owner, key, value)


def simulate(system, duration, dt, monitors=('V',), params=None, inputs=()):
    """Run ``system`` for ``duration`` ms from its present state and return the monitors, as a pure function
    of ``params``: the system's parameters and Variables are left as they were.

    The run is the scan of :class:`~brainlet.DSRunner`'s step, traced under whatever transformation the
    caller applies: ``jax.grad`` of a loss of the monitored arrays, ``jax.vmap`` over parameter values,
    ``jax.jit``. All steps are one scan, so the monitors of the whole run are held in memory at once.
    Parameters are read when the step is traced, so only attributes that the system's
    ``update`` reads are differentiable this way (a channel's ``g_max``, a neuron's ``gNa``); quantities a
    constructor derives from its arguments are fixed.

    Parameters
    ----------
    system : DynamicalSystem
        The model; its present Variable values are the initial state (settle it first with
        :func:`brainlet.settle` for a settled start).
    duration : float
        Simulated time (ms), rounded to whole steps.
    dt : float
        Time step (ms), > 0.
    monitors : list or dict
        What to record after every step, as for :class:`~brainlet.DSRunner`.
    params : dict, optional
        ``{dotted name: value}`` replacing parameters of the system for this run (names as listed by
        :func:`parameters`): scalars, arrays, or traced values.
    inputs : list of tuple
        ``(target, value[, kind[, operation]])`` as for :class:`~brainlet.DSRunner`; values may be traced.

    Returns
    -------
    Monitors
        ``mon.ts`` (ms, numpy) and ``mon[name]``: JAX arrays of shape ``(steps, *shape)``.

    Example
    -------
    >>> cell = bl.neurons.HH(1)
    >>> def loss(log_g):
    ...     mon = bl.simulate(cell, 20., 0.025, params={'gNa': jnp.exp(log_g)}, inputs=[('input', 10.)])
    ...     return jnp.mean((mon['V'] - target) ** 2)
    >>> jax.grad(loss)(jnp.log(120.))
    """
    params = dict(params or {})
    known = parameters(system) if params else {}
    owners = {path: _owner(system, path, known) for path in params}
    saved = {path: _get(*owner) for path, owner in owners.items()}
    runner = DSRunner(system, monitors=monitors, inputs=inputs, dt=dt)
    steps = runner._steps(duration)
    initial = [v.value for v in runner._state_vars]
    try:
        for path, owner in owners.items():
            _set(*owner, params[path])
        rows = [inp.value for inp in runner._inputs if inp.kind == 'iter']
        _, recorded = runner._run_chunk(initial, _NO_NAN, 0.0, np.arange(steps, dtype=np.int32), rows)
    finally:
        for path, owner in owners.items():
            _set(*owner, saved[path])
        for variable, value in zip(runner._state_vars, initial):
            variable.value = value
    return Monitors(runner.dt * np.arange(1, steps + 1), dict(zip(runner._monitors, recorded)))
