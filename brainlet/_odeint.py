"""``odeint``: turn a derivative function into a one-step integrator, as a decorator or a call."""
import inspect
import types

import brainpy.math as bm

from ._integrators import get_method


def _unwrap(x):
    """The JAX array behind a brainpy Variable or Array; anything else unchanged."""
    return x.value if isinstance(x, bm.Array) else x


class ODEIntegrator:
    """A one-step integrator of ``dx/dt = f(x, ..., t, *params)``.

    The arguments of ``f`` before the one named ``t`` are the state variables; the arguments after it are
    parameters. ``f`` returns one derivative per variable (a tuple, or a single array for one variable).
    Calling the integrator with the current state, ``t``, the parameters and the keyword ``dt`` returns the
    state after one step, in the same form. Variables may be passed as ``brainpy.math.Variable``; the result
    is plain arrays, to be written back by the caller.

    Used on a method, the integrator binds to the instance like a method does, so ``self.integral(...)``
    works without passing ``self``.
    """

    def __init__(self, f, method='exp_euler'):
        self.f = f
        self.method = method
        self._step = get_method(method)
        names = list(inspect.signature(f).parameters)
        if 't' not in names:
            raise TypeError(f"odeint needs the time argument to be named 't' in the signature of "
                            f"{getattr(f, '__qualname__', f)}{inspect.signature(f)}: the arguments before "
                            f"'t' are the state variables, those after it are parameters.")
        self.variables = tuple(names[:names.index('t')])
        if not self.variables:
            raise TypeError(f"{getattr(f, '__qualname__', f)} has no state variable before 't'.")

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return ODEIntegrator(types.MethodType(self.f, instance), self.method)

    def __call__(self, *args, dt, **params):
        n = len(self.variables)
        if len(args) < n + 1:
            raise TypeError(f"expected the {n} state variable(s) {', '.join(self.variables)} and t, "
                            f"got {len(args)} positional argument(s).")
        if isinstance(dt, (int, float)) and dt <= 0:
            raise ValueError(f"dt must be > 0 (ms), got dt={dt}.")
        xs = tuple(_unwrap(x) for x in args[:n])
        t = _unwrap(args[n])
        extra = tuple(_unwrap(p) for p in args[n + 1:])
        kw = {k: _unwrap(v) for k, v in params.items()}

        def derivatives(state, time):
            out = self.f(*state, time, *extra, **kw)
            return tuple(out) if n > 1 else (out,)

        new = self._step(derivatives, xs, t, dt)
        return new if n > 1 else new[0]

    def __repr__(self):
        return f"ODEIntegrator({getattr(self.f, '__qualname__', self.f)}, method={self.method!r})"


def odeint(f=None, *, method='exp_euler'):
    """Make a one-step integrator from a derivative function; usable as ``@odeint`` or ``odeint(f, ...)``.

    Parameters
    ----------
    f : callable, optional
        ``f(x1, ..., xk, t, *params)`` returning ``(dx1/dt, ..., dxk/dt)`` (or one array when k = 1). The
        arguments before ``t`` are the state variables.
    method : str
        ``'exp_euler'`` (default): exponential Euler, exact for every variable whose derivative is linear in
        itself with constant coefficients, first order otherwise. ``'euler'``; second order ``'rk2'``,
        ``'midpoint'``, ``'heun2'``, ``'ralston2'``; third order ``'rk3'``, ``'heun3'``, ``'ralston3'``,
        ``'ssprk3'``; fourth order ``'rk4'``, ``'ralston4'``, ``'rk4_38rule'`` (Butcher tableaux from brainpy).

    Returns
    -------
    ODEIntegrator, or a decorator producing one when ``f`` is omitted. Call it as
    ``integrator(x1, ..., xk, t, *params, dt=dt)``.

    Example
    -------
    >>> @odeint(method='rk4')
    ... def decay(x, t, tau):
    ...     return -x / tau
    >>> x1 = decay(1.0, 0.0, 10.0, dt=0.1)
    """
    get_method(method)  # fail at decoration time for an unknown method
    if f is None:
        return lambda fun: ODEIntegrator(fun, method)
    return ODEIntegrator(f, method)
