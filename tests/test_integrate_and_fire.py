"""The integrate-and-fire base: a model written on it in a few lines equals the hand-written one; the
refractory period lasts round(tau_ref/dt) steps in every subclass; spike-triggered jumps; errors."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl
from brainlet.neurons import IntegrateAndFire


class PlainLIF(IntegrateAndFire):
    """LIF written by a user on the base: the derivative only."""

    def __init__(self, size, tau_ref):
        super().__init__(size, V_th=-50.0, V_reset=-70.0, tau_ref=tau_ref, V_initializer=-65.0)

    @bl.odeint(method='exp_euler')
    def integral(self, V, t, I):
        return (-65.0 - V + I) / 10.0


class AdaptiveLIF(IntegrateAndFire):
    """LIF with a spike-triggered current w: tau_w w' = -w, w += b at a spike."""
    state = ('V', 'w')

    def __init__(self, size, b):
        super().__init__(size, V_th=-50.0, V_reset=-65.0, tau_ref=0.0, V_initializer=-65.0)
        self.b = b
        self.w = bm.Variable(jnp.zeros(self.num))

    @bl.odeint(method='exp_euler')
    def integral(self, V, w, t, I):
        return (-65.0 - V - w + I) / 10.0, -w / 100.0

    def after_spike(self, spike, w):
        return (jnp.where(spike, w + self.b, w),)


def run(model, I, duration, dt, monitors):
    runner = bl.DSRunner(model, monitors=list(monitors), inputs=[('input', I)], dt=dt)
    return runner.run(duration), runner.mon.ts


def test_a_subclass_supplying_only_its_derivative_equals_lif(x64):
    # metamorphic: same equations, same integrator, so the same floating-point operations
    kw = dict(V_rest=-65.0, V_reset=-70.0, V_th=-50.0, tau=10.0, tau_ref=2.0)
    lif, _ = run(bl.neurons.LIF(2, **kw), jnp.array([20.0, 40.0]), 100.0, 0.1, ('V', 'spike'))
    mine, _ = run(PlainLIF(2, tau_ref=2.0), jnp.array([20.0, 40.0]), 100.0, 0.1, ('V', 'spike'))
    np.testing.assert_array_equal(lif['V'], mine['V'])
    assert lif['spike'].sum() > 10


@pytest.mark.parametrize('model', [
    lambda tau_ref: bl.neurons.ExpIF(1, tau_ref=tau_ref),
    lambda tau_ref: bl.neurons.QuaIF(1, tau_ref=tau_ref),
    lambda tau_ref: bl.neurons.AdEx(1, tau_ref=tau_ref),
    lambda tau_ref: bl.neurons.Izhikevich(1, tau_ref=tau_ref),
])
@pytest.mark.parametrize('dt, tau_ref', [(0.1, 2.0), (0.1, 1.0), (0.05, 1.7)])
def test_refractory_period_holds_v_at_reset_for_round_tau_ref_over_dt_steps(model, dt, tau_ref):
    neu = model(tau_ref)
    mon, _ = run(neu, 40.0, 50.0, dt, ('V', 'spike'))
    first = int(np.argmax(mon['spike'][:, 0]))
    steps = round(tau_ref / dt)
    np.testing.assert_array_equal(mon['V'][first:first + steps + 1, 0], np.float32(neu.V_reset))
    assert mon['V'][first + steps + 1, 0] != np.float32(neu.V_reset)


def test_spike_triggered_jump_and_spike_bookkeeping(x64):
    neu = AdaptiveLIF(1, b=2.0)
    dt = 0.1
    mon, ts = run(neu, 30.0, 200.0, dt, ('w', 'spike', 't_last_spike'))
    idx = np.flatnonzero(mon['spike'][:, 0])
    assert len(idx) > 3
    # the row of a spike holds w integrated over the step plus b: w_prev exp(-dt/tau_w) + b (exact decay)
    for i in idx[1:]:
        assert mon['w'][i, 0] == pytest.approx(mon['w'][i - 1, 0] * np.exp(-dt / 100.0) + 2.0, rel=1e-12)
        assert mon['t_last_spike'][i, 0] == pytest.approx(ts[i], abs=1e-9)
    # intervals lengthen as w accumulates (the adaptation the jump is for)
    assert np.all(np.diff(np.diff(ts[idx])) >= 0)
    assert float(neu.input.value[0]) == 0.0  # cleared after the last update


def test_v_initializer_forms():
    assert np.all(bl.neurons.ExpIF(3, V_initializer=-60.0).V.value == -60.0)
    np.testing.assert_array_equal(bl.neurons.QuaIF(3, V_initializer=np.array([-70., -60., -50.])).V.value,
                                  [-70., -60., -50.])
    np.testing.assert_array_equal(bl.neurons.AdEx(4, V_initializer=lambda n: np.linspace(-70., -60., n)).V.value,
                                  np.linspace(-70., -60., 4).astype(np.float32))


@pytest.mark.parametrize('kw, error, message', [
    (dict(size=0), ValueError, r'size must be a positive int or a tuple of positive ints, got 0'),
    (dict(size=(2, -1)), ValueError, r'size must be a positive int or a tuple of positive ints'),
    (dict(size=3, tau_ref=-1.0), ValueError, r'tau_ref must be >= 0 \(ms\), got tau_ref=-1.0'),
    (dict(size=3, V_initializer=np.zeros(5)), ValueError,
     r'V_initializer must be a scalar, an array of shape \(3,\) or a callable'),
])
def test_invalid_construction(kw, error, message):
    with pytest.raises(error, match=message):
        bl.neurons.ExpIF(**kw)


def test_a_subclass_without_integral_says_what_to_define():
    class Empty(IntegrateAndFire):
        pass
    with pytest.raises(NotImplementedError, match=r'Empty must define integral'):
        Empty(1, V_th=0.0, V_reset=0.0, tau_ref=0.0, V_initializer=0.0).update(0.0, 0.1)
