"""``load_nmodl``: a NEURON density mechanism (an NMODL ``.mod`` file) as a brainlet channel or ion class.

The mod file is parsed by the ``nmodl`` package, translated to a readable Python module (``Mech.source``)
and run with ``exec``; this module holds what the generated code imports: the bases
:class:`NmodlChannel`, :class:`NmodlPointProcess` and :class:`NmodlIon`, the solvers of NEURON's METHODs,
:func:`cnexp` and :func:`implicit_euler` (derivimplicit and sparse), and :func:`solve_linear` (LINEAR
blocks); and :class:`NetCon`, which carries spikes to a point process. See ``docs/nmodl.md``.
"""
import linecache
import os
import pathlib
import types

import brainpy.math as bm
import jax
import jax.numpy as jnp
import jax.scipy.special

from .._dynsys import Synapse
from .._numerics import exprel
from ._base import Channel
from ._ions import Ion, nernst
from ._nmodl_class import ClassWriter
from ._nmodl_parse import NmodlError, parse

erf, erfc = jax.scipy.special.erf, jax.scipy.special.erfc


def load_nmodl(path_or_text):
    """Translate an NMODL density mechanism or point process into a brainlet class.

    A mechanism that writes a current (``USEION na READ ena WRITE ina``, ``NONSPECIFIC_CURRENT i``) becomes
    a :class:`~brainlet.channels.Channel` subclass; one that writes an inner concentration (``USEION ca
    READ ica WRITE cai``, as CaDynamics) becomes an :class:`~brainlet.channels.Ion` subclass; a
    POINT_PROCESS (a synapse with NET_RECEIVE) becomes an :class:`NmodlPointProcess`, current in nA, placed
    with ``CableCell.place``. Every PARAMETER
    is a constructor keyword with the mod file's default, in the mod file's units (``gbar`` in S/cm²), and
    so is ``celsius`` (°C, NEURON's default 6.3); ``current_density`` returns µA/cm², 1000 × NEURON's mA/cm².
    ``print(Mech.source)`` shows the generated Python.

    Parameters
    ----------
    path_or_text : str or os.PathLike
        The path of a ``.mod`` file, or NMODL text (a string with a newline or a brace).

    Returns
    -------
    type
        The class, named after the SUFFIX.

    Raises
    ------
    NmodlError
        (a ``ValueError``) when the text does not parse or uses what brainlet does not translate
        (ARTIFICIAL_CELL, VERBATIM, NONLINEAR, ...); the message starts with ``file:line:column``.

    Example
    -------
    >>> Kd = load_nmodl('Kd.mod')
    >>> channel = Kd(gbar=1e-3, celsius=34.)  # S/cm², °C; needs ions={'k': ...}
    """
    if isinstance(path_or_text, os.PathLike) or not {'\n', '{'} & set(path_or_text):
        path = pathlib.Path(path_or_text)
        text, filename = path.read_text(), str(path)
    else:
        text, filename = str(path_or_text), '<string>'
    writer = ClassWriter(parse(text, os.path.basename(filename) if filename != '<string>' else filename))
    source = writer.source()
    name = f'<nmodl {writer.mech.suffix}>'
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)  # tracebacks show the code
    module = types.ModuleType(f'brainlet.channels.nmodl_{writer.mech.suffix}')
    exec(compile(source, name, 'exec'), module.__dict__)
    cls = getattr(module, writer.class_name)
    cls.source = source
    return cls


def cnexp(f, x, dt):
    r"""``x`` advanced by ``dt`` along :math:`x' = f(x)`, NEURON's ``cnexp``: with :math:`b = \partial f/\partial
    x` (by ``jax.jvp``), :math:`x + dt\, f(x)\, \mathrm{exprel}(b\, dt)`, exact when ``f`` is linear in ``x``
    (a gate :math:`(x_\infty - x)/\tau` gives :math:`x + (1 - e^{-dt/\tau})(x_\infty - x)`)."""
    slope, b = jax.jvp(f, (x,), (jnp.ones_like(x),))
    return x + dt * slope * exprel(b * dt)


def implicit_euler(f, xs, dt, iterations=6, conserve=()):
    r"""Backward Euler, NEURON's ``derivimplicit`` and ``sparse``: the ``x1`` with :math:`x_1 = x_0 + dt\,
    f(x_1)`, by ``iterations`` steps of Newton's method from :math:`x_0` with ``f``'s exact Jacobian (one step
    is exact for linear ``f``, a kinetic scheme with rates independent of the states). ``f(*xs)`` returns
    ``(derivatives, aux)``, tuples; returns ``(x1, aux)`` with ``aux`` of the final evaluation. Each of the
    ``num`` patches solves its own ``len(xs)``-square system.

    ``conserve``: ``(row, coefficients, total)`` triples of a KINETIC block's CONSERVE statements; as in
    NEURON, equation ``row`` becomes :math:`\sum_j c_j x_j = \mathrm{total}`."""
    x0 = tuple(jnp.asarray(v) for v in xs)

    def residual(*x):
        r = [xi - x0i - dt * di for xi, x0i, di in zip(x, x0, f(*x)[0])]
        for row, coefficients, total in conserve:
            r[row] = sum(c * xi for c, xi in zip(coefficients, x) if c) - total
        return tuple(r)

    x = newton(residual, x0, iterations)
    return x, f(*x)[1]


def solve_linear(residual, xs):
    """The ``x`` with ``residual(*x) = 0`` for a ``residual`` linear in ``x`` (a LINEAR block's equations,
    ``lhs - rhs``): one Newton step from ``xs``, exact. Returns a tuple like ``xs``."""
    return newton(residual, tuple(jnp.asarray(v) for v in xs), 1)


def newton(residual, x, iterations):
    """``iterations`` steps of Newton's method on ``residual(*x) = 0`` (tuples of arrays over patches), with
    the exact Jacobian by ``jax.jvp``, one dense ``jnp.linalg.solve`` per patch."""
    for _ in range(iterations):
        r = residual(*x)
        columns = [jax.jvp(residual, x, tuple(jnp.full_like(xi, float(i == j)) for i, xi in enumerate(x)))[1]
                   for j in range(len(x))]
        jacobian = jnp.stack([jnp.stack(c, axis=-1) for c in columns], axis=-1)  # (..., row, column)
        step = jnp.linalg.solve(jacobian, jnp.stack(r, axis=-1)[..., None])[..., 0]
        x = tuple(xi - step[..., i] for i, xi in enumerate(x))
    return x


def exprelr(x):
    """NEURON's ``exprelr(x) = x / (exp(x) - 1)``, finite at 0."""
    return 1.0 / exprel(x)


def broadcast(x, num):
    """``x`` as a float array of shape ``(num,)``."""
    return jnp.broadcast_to(jnp.asarray(x, dtype=float), (num,))


class NmodlChannel(Channel):
    """Base of the channel classes :func:`load_nmodl` writes; they add the mechanism's parameters, its
    ``init_state`` (INITIAL), ``update`` (the SOLVE) and ``current_density`` (BREAKPOINT).

    Class attributes: ``suffix`` (the SUFFIX), ``source`` (the generated Python), ``parameters`` (constructor
    keyword -> the mod file's default), ``state_names`` (the STATEs), ``uses_ions`` (every USEION),
    ``reads_outside`` (ions whose ``xo`` it reads), with :class:`Channel`'s ``ion`` and ``reads_concentration``.
    """

    suffix, source, uses_ions, reads_outside = None, None, (), ()
    parameters, state_names = {}, ()
    #: Newton steps of METHOD derivimplicit (quadratic convergence: 1e-3 -> 1e-6 -> 1e-12)
    newton_iterations = 6

    def __init__(self, celsius=6.3):
        super().__init__()
        self.celsius = celsius

    def bind(self, num, V, ions=None):
        ions = ions or {}
        for ion in self.uses_ions:
            if ion not in ions:
                raise ValueError(f"{type(self).__name__} uses ion {ion!r} (USEION {ion}), which the host lacks; "
                                 f"ions given: {', '.join(ions) or 'none'}. Add it to ions=.")
        for ion in self.reads_outside:
            if not hasattr(ions[ion], 'co'):
                raise ValueError(f"{type(self).__name__} reads {ion}o; give ion {ion!r} an outer concentration "
                                 f"co, e.g. CalciumPool().")
        return super().bind(num, V, ions)

    def __repr__(self):
        return f'{type(self).__name__}({_keywords(self)}celsius={self.celsius})'


class NmodlPointProcess(NmodlChannel):
    """Base of the classes :func:`load_nmodl` writes for a POINT_PROCESS: a channel at one compartment per
    cell, placed with ``CableCell.place(k, pp)``, whose ``current_density`` is in nA (NEURON's unit for a
    point process) and conductance in µS. Events: :meth:`deliver` (or writing the Variables ``event``, bool,
    and ``event_weight``) before the cell's step runs the NET_RECEIVE block there at the start of that step,
    before the current is computed, as NEURON delivers an event due at ``t + dt/2``."""

    def bind(self, num, V, ions=None):
        super().bind(num, V, ions)
        self.event = bm.Variable(jnp.zeros(num, dtype=bool))
        self.event_weight = bm.Variable(jnp.zeros(num))
        return self

    def deliver(self, weight, where=True):
        """Queue an event of ``weight`` (the NET_RECEIVE argument, e.g. µS) for instances ``where``; weights
        of events in one step add up (exact for a NET_RECEIVE linear in its weight, as ExpSyn's)."""
        where = jnp.broadcast_to(jnp.asarray(where, dtype=bool), self.event.value.shape)
        self.event_weight.value = jnp.where(where, self.event_weight.value + weight, self.event_weight.value)
        self.event.value = self.event.value | where

    def net_receive(self, V, ions, t, dt, arrived, weight):
        """The NET_RECEIVE block where ``arrived``; a point process without one ignores events."""

    def receive(self, V, ions, t, dt):
        """Run NET_RECEIVE where an event is queued, then clear the queue (the cell calls it each step)."""
        self.net_receive(V, ions, t, dt, self.event.value, self.event_weight.value)
        self.event.value = jnp.zeros_like(self.event.value)
        self.event_weight.value = jnp.zeros_like(self.event_weight.value)


class NetCon(Synapse):
    """Events from spiking neurons to a placed point process, as NEURON's ``NetCon`` with delay 0: a spike of
    neuron ``i`` of ``pre`` in one step runs NET_RECEIVE of instance ``i`` (cell ``i``) with ``weight`` at
    the start of the next, the step that begins at the spike time.

    Parameters
    ----------
    pre : NeuGroup
        Spiking neurons (a ``spike`` Variable), as many as the point process has instances (cells).
    point_process : NmodlPointProcess
        A translated POINT_PROCESS placed with ``CableCell.place``.
    weight : float or array
        The NET_RECEIVE argument (µS for a conductance synapse), one per instance with an array.
    """

    def __init__(self, pre, point_process, weight):
        super().__init__(pre, point_process)
        if pre.num != point_process.num:
            raise ValueError(f'NetCon connects neuron i of pre to instance i of the point process: pre has '
                             f'{pre.num} neurons, the point process {point_process.num} instances.')
        self.weight = weight

    def update(self, t, dt):
        self.post.deliver(self.weight, where=self.pre.spike.value)


class NmodlIon(Ion):
    """Base of the ion classes :func:`load_nmodl` writes for mechanisms that WRITE an inner concentration:
    ``ci`` is that STATE, ``E`` its Nernst potential at ``celsius`` with outer concentration ``co``, updated
    after every step as NEURON does for an ion whose concentration a mechanism writes."""

    suffix, source, ion, valence = None, None, None, None
    parameters, state_names = {}, ()
    newton_iterations = 6

    def __init__(self, celsius=6.3, co=2.0):
        super().__init__()
        self.celsius, self.co = celsius, co

    @property
    def T(self):
        """Temperature (°C), as other ions name it."""
        return self.celsius

    def bind(self, name, num):
        if name != self.ion:
            raise ValueError(f"{type(self).__name__} is the ion {self.ion!r} (it writes {self.ion}i), not {name!r}.")
        return super().bind(name, num)

    def nernst(self):
        return nernst(self.ci.value, self.co, self.celsius, self.valence)

    def __repr__(self):
        return f'{type(self).__name__}({_keywords(self)}celsius={self.celsius}, co={self.co})'


def _keywords(mechanism):
    """``'gbar=0.001, '``: the parameters of a translated mechanism as keywords."""
    return ''.join(f'{n}={getattr(mechanism, n)!r}, ' for n in mechanism.parameters)


__all__ = ['load_nmodl', 'NmodlError', 'NmodlChannel', 'NmodlPointProcess', 'NetCon', 'NmodlIon', 'cnexp',
           'implicit_euler', 'solve_linear']
