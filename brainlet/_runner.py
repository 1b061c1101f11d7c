"""``DSRunner``: compile a system's step once and run it over many steps, recording monitors."""
import math

import jax
import jax.numpy as jnp
import numpy as np
from tqdm.auto import tqdm

import brainpy.math as bm

from ._inputs import Input

#: Upper bound on the bytes of monitored values one chunk keeps on the device.
MONITOR_BYTES_PER_CHUNK = 64 * 2 ** 20
#: With a progress bar, a run is split into about this many chunks.
PROGRESS_CHUNKS = 20
#: (step, Variable, element) of the first NaN; step -1 means none yet.
_NO_NAN = np.array([-1, 0, 0], dtype=np.int32)


class Monitors:
    """Recorded values of the last run: ``mon.ts`` (ms, shape ``(steps,)``) and ``mon[name]``
    (shape ``(steps, *variable.shape)``), as numpy arrays. Row ``i`` holds the state at time ``ts[i]``,
    after step ``i``."""

    def __init__(self, ts, values):
        self.ts = ts
        self._values = values

    def __getitem__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"{name!r} was not monitored; monitored: {', '.join(self._values) or 'nothing'}.") \
                from None

    def __contains__(self, name):
        return name in self._values

    def keys(self):
        return self._values.keys()

    def __repr__(self):
        return f"Monitors(steps={len(self.ts)}, {', '.join(self._values)})"


def _resolve(target, name):
    """The Variable at dotted path ``name`` below ``target``, or a KeyError listing the known names."""
    node = target
    for part in name.split('.'):
        if isinstance(node, (list, tuple)) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        elif hasattr(node, part) and not isinstance(node, (list, tuple, dict)):
            node = getattr(node, part)
        else:
            node = None
            break
    if not isinstance(node, bm.Variable):
        raise KeyError(f"{name!r} is not a Variable of {type(target).__name__}; known Variables: "
                       f"{', '.join(target.variables())}.")
    return node


class DSRunner:
    """Runs a dynamical system with a fixed step, compiled once, recording monitors.

    Parameters
    ----------
    target : DynamicalSystem
        The system (a neuron group, a Network, ...) whose ``update(t, dt)`` is advanced.
    monitors : list or dict, optional
        Variables to record after every step: dotted names (``'E.V'``), Variables of the target, or a dict
        ``{label: name, Variable or function}``; a function of no arguments computes what to record from
        the state (``{'spike_count': lambda: pop.spike.value.sum()}``).
    inputs : list of tuple, optional
        ``(target, value[, kind[, operation]])`` applied at the start of every step; ``target`` is a dotted
        name or a Variable. See :class:`brainlet._inputs.Input` for kinds (constant, per-step array,
        callable of ``t``) and operations (``+`` by default, ``- * / =``).
    dt : float
        Time step in ms, > 0.
    progress_bar : bool
        Show a tqdm bar, advanced between chunks (it costs nothing per step).
    jit : bool
        Compile the step (default). ``False`` runs each step eagerly in Python, for debugging.
    check_nan : bool
        Track the first NaN in any state Variable and raise ``FloatingPointError`` naming the variable, the
        element index and the time where it appeared.
    chunk_size : int, optional
        Steps per compiled chunk; by default as many as keep monitored values under
        ``MONITOR_BYTES_PER_CHUNK`` (and about ``PROGRESS_CHUNKS`` chunks with a progress bar).

    The step is traced once: ``run`` calls with the same number of steps per chunk reuse the compiled code.
    Time continues from one ``run`` to the next (``runner.t``); ``runner.mon`` holds the last run's records.
    """

    def __init__(self, target, monitors=(), inputs=(), dt=0.1, progress_bar=False, jit=True, check_nan=False,
                 chunk_size=None):
        if not isinstance(dt, (int, float)) or not dt > 0:
            raise ValueError(f"dt must be a number > 0 (ms), got dt={dt!r}.")
        if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size <= 0):
            raise ValueError(f"chunk_size must be a positive int or None, got {chunk_size!r}.")
        self.target, self.dt = target, float(dt)
        self.progress_bar, self.jit, self.check_nan, self.chunk_size = progress_bar, jit, check_nan, chunk_size
        target.prepare(self.dt)
        self._state = target.variables()
        self._state_names = list(self._state)
        self._state_vars = list(self._state.values())
        self._monitors = self._parse_monitors(monitors)
        self._inputs = [self._parse_input(spec) for spec in inputs]
        self.t = 0.0
        self.mon = Monitors(np.zeros(0), {})
        self._compiled_chunk = jax.jit(self._run_chunk)

    # -- construction ------------------------------------------------------------------------------------
    def _name_of(self, variable):
        for name, v in self._state.items():
            if v is variable:
                return name
        raise KeyError(f"the Variable {variable!r} is not part of {type(self.target).__name__}'s state: hold it "
                       f"in a DynamicalSystem attribute (or a list or dict of them) of the target.")

    def _lookup(self, ref):
        if isinstance(ref, bm.Variable):
            return self._name_of(ref), ref
        if isinstance(ref, str):
            variable = _resolve(self.target, ref)
            self._name_of(variable)  # reachable by attribute, but it must also be state the runner carries
            return ref, variable
        raise TypeError(f"a monitor or input target must be a dotted name or a Variable, got {type(ref).__name__}.")

    def _parse_monitors(self, monitors):
        """``{label: read}``, where ``read()`` returns the value to record after a step."""
        items = monitors.items() if isinstance(monitors, dict) else ((None, m) for m in monitors)
        parsed = {}
        for label, ref in items:
            if callable(ref) and not isinstance(ref, bm.Variable):
                if label is None:
                    raise TypeError("a monitor computed by a function needs a label: monitors={'label': f}.")
                parsed[label] = ref
            else:
                name, variable = self._lookup(ref)
                parsed[label or name] = lambda variable=variable: variable.value
        self._monitor_shapes = {label: jax.eval_shape(read) for label, read in parsed.items()}
        return parsed

    def _parse_input(self, spec):
        if not isinstance(spec, (tuple, list)) or not 2 <= len(spec) <= 4:
            raise TypeError(f"an input is (target, value[, kind[, operation]]), got {spec!r}.")
        name, variable = self._lookup(spec[0])
        return Input(name, variable, *spec[1:])

    # -- the pure step -----------------------------------------------------------------------------------
    def _step(self, values, t0, step_index, rows):
        """Advance from step ``step_index`` of a run that started at ``t0`` with the Variables holding
        ``values``; ``rows`` are this step's values of the per-step inputs. Pure in its arguments."""
        for variable, value in zip(self._state_vars, values):
            variable.value = value
        t = t0 + step_index * self.dt
        rows = iter(rows)
        for inp in self._inputs:
            inp.apply(t, next(rows) if inp.kind == 'iter' else None)
        self.target.update(t, self.dt)
        return [v.value for v in self._state_vars], [read() for read in self._monitors.values()]

    def _first_nan(self, values):
        """(any NaN, index of the first Variable with a NaN, flat index of its first NaN element)."""
        floats = [(i, jnp.isnan(v).ravel()) for i, v in enumerate(values) if jnp.issubdtype(v.dtype, jnp.floating)]
        if not floats:
            return jnp.array(False), jnp.array(0), jnp.array(0)
        has = jnp.stack([m.any() for _, m in floats])
        which = jnp.argmax(has)
        var_index = jnp.array([i for i, _ in floats])[which]
        element = jnp.stack([jnp.argmax(m) for _, m in floats])[which]
        return has.any(), var_index, element

    def _run_chunk(self, values, nan_record, t0, step_indices, input_rows):
        def body(carry, xs):
            values, nan_record = carry
            step_index, rows = xs
            values, recorded = self._step(values, t0, step_index, rows)
            if self.check_nan:
                found, var_index, element = self._first_nan(values)
                first = found & (nan_record[0] < 0)
                nan_record = jnp.where(first, jnp.stack([step_index, var_index, element]), nan_record)
            return (values, nan_record), recorded

        return jax.lax.scan(body, (values, nan_record), (step_indices, input_rows))

    def _run_chunk_eagerly(self, values, nan_record, t0, step_indices, input_rows):
        records = []
        for k, step_index in enumerate(step_indices):
            values, recorded = self._step(values, t0, step_index, [row[k] for row in input_rows])
            records.append(recorded)
            if self.check_nan and nan_record[0] < 0:
                found, var_index, element = self._first_nan(values)
                if found:
                    nan_record = jnp.stack([step_index, var_index, element])
        stacked = [jnp.stack([r[m] for r in records]) for m in range(len(self._monitors))]
        return (values, nan_record), stacked

    # -- running -----------------------------------------------------------------------------------------
    def _chunk_length(self, steps):
        if self.chunk_size is not None:
            return min(self.chunk_size, steps)
        bytes_per_step = sum(v.size * v.dtype.itemsize for v in self._monitor_shapes.values())
        length = steps if bytes_per_step == 0 else max(1, MONITOR_BYTES_PER_CHUNK // bytes_per_step)
        if self.progress_bar:
            length = min(length, math.ceil(steps / PROGRESS_CHUNKS))
        return min(length, steps)

    def _steps(self, duration):
        """The number of steps of a run of ``duration`` ms (rounded; at least one), checked against the
        per-step inputs."""
        steps = int(round(duration / self.dt))
        if steps <= 0:
            raise ValueError(f"duration must be at least one step (dt={self.dt} ms), got {duration!r}.")
        for inp in self._inputs:
            inp.check_steps(steps)
        return steps

    def run(self, duration):
        """Advance the target by ``duration`` ms (rounded to whole steps) and record the monitors.

        Returns the :class:`Monitors` of this run (also ``self.mon``).
        """
        steps = self._steps(duration)
        self._t0 = self.t
        records = {name: np.empty((steps,) + tuple(v.shape), dtype=v.dtype) for name, v in self._monitor_shapes.items()}
        values = [v.value for v in self._state_vars]
        nan_record = _NO_NAN
        if self.check_nan:
            found, var_index, element = self._first_nan(values)
            if found:
                raise self._nan_error(None, var_index, element)
        run_chunk = self._compiled_chunk if self.jit else self._run_chunk_eagerly
        length = self._chunk_length(steps)
        bar = tqdm(total=steps, unit='step') if self.progress_bar else None
        done = 0
        try:
            for start in range(0, steps, length):
                stop = min(start + length, steps)
                step_indices = np.arange(start, stop, dtype=np.int32)  # numpy: no device round trip per chunk
                rows = [inp.value[start:stop] for inp in self._inputs if inp.kind == 'iter']
                (values, nan_record), recorded = run_chunk(values, nan_record, self._t0, step_indices, rows)
                for (name, _), chunk in zip(self._monitors.items(), recorded):
                    records[name][start:stop] = np.asarray(chunk)
                if bar is not None:
                    bar.update(stop - start)
                done = stop
                if self.check_nan and int(nan_record[0]) >= 0:
                    break
        finally:
            if bar is not None:
                bar.close()
            for variable, value in zip(self._state_vars, values):
                variable.value = value
        self.mon = Monitors(self._t0 + self.dt * np.arange(1, done + 1),
                            {name: r[:done] for name, r in records.items()})
        self.t = self._t0 + done * self.dt
        if self.check_nan and int(nan_record[0]) >= 0:
            raise self._nan_error(*nan_record)
        return self.mon

    def _nan_error(self, step, var_index, element):
        """The error naming where a NaN first appeared; ``step`` None means in the initial state."""
        var_index, element = int(var_index), int(element)
        name = self._state_names[var_index]
        shape = tuple(self._state_vars[var_index].shape)
        index = np.unravel_index(element, shape) if shape else ()
        index = index[0] if len(index) == 1 else tuple(int(i) for i in index)
        if step is None:
            when = f"in the initial state, t = {self._t0:g} ms"
        else:
            step = int(step)
            when = f"first at t = {self._t0 + (step + 1) * self.dt:g} ms (the step from {self._t0 + step * self.dt:g} ms)"
        return FloatingPointError(f"NaN in {name!r} at index {index}, {when}.")
