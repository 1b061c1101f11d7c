"""One-step integration rules for ``dx/dt = f(x, t)`` over a tuple of state arrays.

A rule is a function ``step(f, xs, t, dt) -> xs_new`` where ``xs`` is a tuple of arrays and ``f(xs, t)``
returns the tuple of their derivatives. Explicit Runge–Kutta rules are Butcher tableaux taken from brainpy;
exponential Euler is written here because it needs the diagonal Jacobian, which brainpy derives symbolically
from source code and brainlet derives with ``jax.jvp``.
"""
from fractions import Fraction
from functools import partial

import jax
import jax.numpy as jnp
from brainpy.integrators.ode import explicit_rk as _brainpy_rk

from ._numerics import exprel


def _as_float(coefficient):
    return float(Fraction(coefficient)) if isinstance(coefficient, str) else float(coefficient)


def _tableau(brainpy_class):
    """The Butcher tableau ``(A, B, C)`` of a brainpy explicit RK class, with fractions as floats."""
    return (tuple(tuple(_as_float(a) for a in row) for row in brainpy_class.A),
            tuple(_as_float(b) for b in brainpy_class.B),
            tuple(_as_float(c) for c in brainpy_class.C))


def _weighted_sum(x, dt, weights, slopes):
    terms = [w * k for w, k in zip(weights, slopes) if w != 0.0]
    return x if not terms else x + dt * sum(terms)


def runge_kutta_step(tableau, f, xs, t, dt):
    """One explicit Runge–Kutta step given a Butcher tableau ``(A, B, C)``."""
    A, B, C = tableau
    stages = []  # stages[s][i]: slope of variable i at stage s
    for a_row, c in zip(A, C):
        x_stage = tuple(_weighted_sum(x, dt, a_row, [k[i] for k in stages]) for i, x in enumerate(xs))
        stages.append(f(x_stage, t + c * dt))
    return tuple(_weighted_sum(x, dt, B, [k[i] for k in stages]) for i, x in enumerate(xs))


def exponential_euler_step(f, xs, t, dt):
    """One exponential Euler step for any number of variables.

    Each variable is written as ``x' = A + B x`` with ``B = ∂f_x/∂x`` evaluated at the current state of all
    variables and ``A = f_x - B x``; that linear ODE is advanced exactly over ``dt``::

        x(t + dt) = x + dt · f_x · exprel(B dt)

    ``B`` is the diagonal of the Jacobian, obtained with one forward-mode derivative per variable (a tangent
    of ones). This assumes each element's derivative depends on its own element only through ``B``, as in
    vectorized neuron and channel models; elements coupled to each other (a cable) need an implicit solver.
    The step is exact when ``A`` and ``B`` are constant and first-order accurate otherwise.
    """
    new = []
    for i, x in enumerate(xs):
        def f_i(x_i, i=i):
            return f(xs[:i] + (x_i,) + xs[i + 1:], t)[i]
        slope, B = jax.jvp(f_i, (x,), (jnp.ones_like(x),))  # the primal output is f_x itself
        new.append(x + dt * slope * exprel(B * dt))
    return tuple(new)


def _ralston4_tableau():
    """Ralston's minimum-error fourth-order tableau, in closed form.

    brainpy's ``Ralston4`` rounds these irrational coefficients to 8 digits, which breaks fourth-order
    convergence once the error falls below about 1e-8. Coefficients from Ralston, A. (1962), Runge–Kutta
    methods with minimum error bounds, Math. Comp. 16, 431–437.
    """
    r5 = 5 ** 0.5
    A = ((), (0.4,), ((-2889 + 1428 * r5) / 1024, (3785 - 1620 * r5) / 1024),
         ((-3365 + 2094 * r5) / 6040, (-975 - 3046 * r5) / 2552, (467040 + 203968 * r5) / 240845))
    B = ((263 + 24 * r5) / 1812, (125 - 1000 * r5) / 3828, (3426304 + 1661952 * r5) / 5924787, (30 - 4 * r5) / 123)
    C = (0.0, 0.4, (14 - 3 * r5) / 16, 1.0)
    return A, B, C


_RK_CLASSES = {
    'euler': _brainpy_rk.Euler,
    'midpoint': _brainpy_rk.MidPoint,
    'heun2': _brainpy_rk.Heun2,
    'ralston2': _brainpy_rk.Ralston2,
    'rk3': _brainpy_rk.RK3,
    'heun3': _brainpy_rk.Heun3,
    'ralston3': _brainpy_rk.Ralston3,
    'ssprk3': _brainpy_rk.SSPRK3,
    'rk4': _brainpy_rk.RK4,
    'rk4_38rule': _brainpy_rk.RK4Rule38,
}

TABLEAUX = {name: _tableau(cls) for name, cls in _RK_CLASSES.items()}
TABLEAUX['ralston4'] = _ralston4_tableau()
# brainpy's generic second-order RK has no class-level tableau; its default is Ralston's (beta = 2/3).
TABLEAUX['rk2'] = TABLEAUX['ralston2']

#: Every integration rule by name.
METHODS = {name: partial(runge_kutta_step, tableau) for name, tableau in TABLEAUX.items()}
METHODS['exp_euler'] = exponential_euler_step

#: The order of accuracy of every rule.
ORDER = {'euler': 1, 'exp_euler': 1, 'midpoint': 2, 'heun2': 2, 'ralston2': 2, 'rk2': 2,
         'rk3': 3, 'heun3': 3, 'ralston3': 3, 'ssprk3': 3, 'rk4': 4, 'ralston4': 4, 'rk4_38rule': 4}


def get_method(name):
    """The step rule called ``name``; an unknown name is an error that lists the known ones."""
    try:
        return METHODS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown integration method {name!r}; method must be one of: "
                         f"{', '.join(sorted(METHODS))}.") from None
