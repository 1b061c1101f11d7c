"""odeint as a decorator and a function, on functions and methods; its errors."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl


def test_function_and_decorator_forms_agree():
    def f(x, t, tau):
        return -x / tau

    as_call = bl.odeint(f, method='rk4')
    as_decorator = bl.odeint(method='rk4')(f)
    a = as_call(1.0, 0.0, 5.0, dt=0.1)
    b = as_decorator(1.0, 0.0, 5.0, dt=0.1)
    assert float(a) == float(b)
    np.testing.assert_allclose(float(a), np.exp(-0.1 / 5.0), rtol=1e-6)


def test_method_binds_self_and_accepts_variables():
    class Decay:
        tau = 2.0

        def __init__(self):
            self.x = bm.Variable(jnp.ones(3))

        @bl.odeint(method='exp_euler')
        def integral(self, x, t):
            return -x / self.tau

    d = Decay()
    out = d.integral(d.x, 0.0, dt=0.5)
    assert isinstance(out, jnp.ndarray)
    np.testing.assert_allclose(np.asarray(out), np.exp(-0.25), rtol=1e-6)
    assert d.integral.variables == ('x',)


def test_parameters_by_keyword_and_multiple_variables():
    @bl.odeint(method='euler')
    def f(x, y, t, a, b=1.0):
        return a * y, -b * x

    x, y = f(1.0, 2.0, 0.0, 3.0, b=4.0, dt=0.1)
    assert (float(x), float(y)) == pytest.approx((1.0 + 0.1 * 6.0, 2.0 - 0.1 * 4.0))


def test_unknown_method_lists_known_ones():
    with pytest.raises(ValueError, match=r"Unknown integration method 'rk45'.*euler.*exp_euler.*rk4"):
        bl.odeint(lambda x, t: -x, method='rk45')


def test_time_argument_is_required():
    with pytest.raises(TypeError, match="named 't'"):
        bl.odeint(lambda x, time: -x)


def test_non_positive_dt_is_an_error():
    f = bl.odeint(lambda x, t: -x)
    for dt in (0.0, -0.1):
        with pytest.raises(ValueError, match=r"dt must be > 0"):
            f(1.0, 0.0, dt=dt)
