"""Integrators against analytic solutions: the measured order of convergence of each method, and
exponential Euler's exactness on linear ODEs."""
import numpy as np
import pytest

import brainlet as bl
from brainlet._integrators import ORDER

T_END = 1.0


def solve(integrator, x0, steps):
    """Integrate from t = 0 to T_END in ``steps`` fixed steps (plain Python loop; float64)."""
    dt = T_END / steps
    xs = x0
    for k in range(steps):
        xs = integrator(*xs, k * dt, dt=dt) if isinstance(xs, tuple) else integrator(xs, k * dt, dt=dt)
    return xs


def nonautonomous(x, t):
    """x' = x cos t, x(0) = 1: x(t) = exp(sin t)."""
    return x * np.cos(t)


def oscillator(x, y, t):
    """x' = y, y' = -x, (x, y)(0) = (1, 0): x = cos t, y = -sin t."""
    return y, -x


def observed_order(method, problem):
    """log2(e(h) / e(h/2)) at the finest pair of step sizes, where the error is asymptotic but still well
    above float64 round-off."""
    import jax.numpy as jnp
    f, x0, exact = problem
    integrator = bl.odeint(f, method=method)
    steps = (512, 1024) if ORDER[method] == 1 else (64, 128)
    errors = []
    for n in steps:
        out = solve(integrator, tuple(jnp.asarray(x) for x in x0) if isinstance(x0, tuple) else jnp.asarray(x0), n)
        out = np.atleast_1d(np.array(out, dtype=float))
        errors.append(np.max(np.abs(out - np.atleast_1d(exact))))
    return np.log2(errors[0] / errors[1])


PROBLEMS = {
    'nonautonomous': (nonautonomous, 1.0, np.exp(np.sin(T_END))),
    'oscillator': (oscillator, (1.0, 0.0), (np.cos(T_END), -np.sin(T_END))),
}


@pytest.mark.parametrize('problem', sorted(PROBLEMS))
@pytest.mark.parametrize('method', sorted(ORDER))
def test_order_of_convergence(x64, method, problem):
    slope = observed_order(method, PROBLEMS[problem])
    assert abs(slope - ORDER[method]) < 0.25, f"{method} on {problem}: order {slope:.2f}, expected {ORDER[method]}"


def test_every_method_has_an_order():
    assert set(ORDER) == set(bl.METHODS)


def test_exp_euler_exact_on_linear_odes_of_several_variables(x64):
    """V' = (E - V)/tau and g' = -g/tau_g have closed forms; exp_euler hits them at any step size."""
    E, tau, tau_g = -65.0, 10.0, 3.0

    @bl.odeint(method='exp_euler')
    def f(V, g, t):
        return (E - V) / tau, -g / tau_g

    V, g = -40.0, 2.0
    for k in range(10):
        V, g = f(V, g, k * 2.5, dt=2.5)  # a step as large as the time constants
    t = 25.0
    np.testing.assert_allclose(float(V), E + (-40.0 - E) * np.exp(-t / tau), rtol=1e-12)
    np.testing.assert_allclose(float(g), 2.0 * np.exp(-t / tau_g), rtol=1e-12)


def test_exp_euler_exact_for_linear_vectors_with_different_rates(x64):
    """Each element has its own B; the diagonal Jacobian must be per element."""
    import jax.numpy as jnp
    rates = jnp.array([0.1, 1.0, 10.0])

    @bl.odeint(method='exp_euler')
    def f(x, t):
        return 1.0 - rates * x

    x = f(jnp.zeros(3), 0.0, dt=0.7)
    np.testing.assert_allclose(np.asarray(x), (1 - np.exp(-np.asarray(rates) * 0.7)) / np.asarray(rates), rtol=1e-12)


def test_tableaux_satisfy_the_butcher_order_conditions():
    """The rooted-tree conditions up to each method's order (Butcher 2016, Table 312(I)), to 1e-12."""
    from brainlet._integrators import TABLEAUX
    for name, (A, B, C) in TABLEAUX.items():
        s = len(B)
        a = np.zeros((s, s))
        for i, row in enumerate(A):
            a[i, :len(row)] = row
        b, c = np.array(B), np.array(C)
        np.testing.assert_allclose(a.sum(axis=1), c, atol=1e-12, err_msg=f'{name}: row sums != c')
        conditions = [(1, b.sum(), 1.0), (2, b @ c, 1 / 2), (3, b @ c ** 2, 1 / 3), (3, b @ a @ c, 1 / 6),
                      (4, b @ c ** 3, 1 / 4), (4, (b * c) @ a @ c, 1 / 8), (4, b @ a @ c ** 2, 1 / 12),
                      (4, b @ a @ a @ c, 1 / 24)]
        for order, value, expected in conditions:
            if order <= ORDER[name]:
                assert abs(value - expected) < 1e-12, f'{name}: an order-{order} condition gives {value}, not {expected}'
