"""``load_nmodl``: a NEURON density mechanism (an NMODL ``.mod`` file) as a brainlet channel or ion class.

The mod file is parsed by the ``nmodl`` package, translated to a readable Python module (``Mech.source``)
and run with ``exec``; this module holds what the generated code imports: the bases
:class:`NmodlChannel` and :class:`NmodlIon` and the solvers of NEURON's METHODs, :func:`cnexp` and
:func:`implicit_euler`. See ``docs/nmodl.md``.
"""
import linecache
import os
import pathlib
import types

import jax
import jax.numpy as jnp
import jax.scipy.special

from .._numerics import exprel
from ._base import Channel
from ._ions import Ion, nernst
from ._nmodl_class import ClassWriter
from ._nmodl_parse import NmodlError, parse

erf, erfc = jax.scipy.special.erf, jax.scipy.special.erfc


def load_nmodl(path_or_text):
    """Translate an NMODL density mechanism into a brainlet class.

    A mechanism that writes a current (``USEION na READ ena WRITE ina``, ``NONSPECIFIC_CURRENT i``) becomes
    a :class:`~brainlet.channels.Channel` subclass; one that writes an inner concentration (``USEION ca
    READ ica WRITE cai``, as CaDynamics) becomes an :class:`~brainlet.channels.Ion` subclass. Every PARAMETER
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
        (a ``ValueError``) when the text does not parse or uses what brainlet does not translate (KINETIC,
        NET_RECEIVE, POINT_PROCESS, ...); the message starts with ``file:line:column``.

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


def implicit_euler(f, xs, dt, iterations=6):
    r"""Backward Euler, NEURON's ``derivimplicit``: the ``x1`` with :math:`x_1 = x_0 + dt\, f(x_1)`, by
    ``iterations`` steps of Newton's method from :math:`x_0` with ``f``'s exact Jacobian (one step is exact
    for linear ``f``). ``f(*xs)`` returns ``(derivatives, aux)``, tuples; returns ``(x1, aux)`` with ``aux``
    of the final evaluation. Each of the ``num`` patches solves its own ``len(xs)``-square system."""
    x0 = x = tuple(jnp.asarray(v) for v in xs)

    def residual(*x):
        return tuple(xi - x0i - dt * di for xi, x0i, di in zip(x, x0, f(*x)[0]))

    for _ in range(iterations):
        r = residual(*x)
        columns = [jax.jvp(residual, x, tuple(jnp.full_like(xi, float(i == j)) for i, xi in enumerate(x)))[1]
                   for j in range(len(x))]
        jacobian = jnp.stack([jnp.stack(c, axis=-1) for c in columns], axis=-1)  # (..., row, column)
        step = jnp.linalg.solve(jacobian, jnp.stack(r, axis=-1)[..., None])[..., 0]
        x = tuple(xi - step[..., i] for i, xi in enumerate(x))
    return x, f(*x)[1]


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


__all__ = ['load_nmodl', 'NmodlError', 'NmodlChannel', 'NmodlIon', 'cnexp', 'implicit_euler']
