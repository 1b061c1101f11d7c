"""Resonate-and-fire (Izhikevich 2001) against the exact solution of its linear ODE, computed here with numpy:
the decay rate b and frequency omega of subthreshold oscillations, the approach to the fixed point -I/(b + i omega),
the firing threshold for a current step, and resonance (a doublet of pulses fires at the eigenperiod, not at half
of it); reset and parameter errors."""
import numpy as np
import pytest

import brainlet as bl

RF = bl.neurons.ResonateAndFire
B, OMEGA = -1.0, 10.0  # defaults: damping 1/ms, eigenperiod 2 pi / 10 = 0.628 ms
LAM = B + 1j * OMEGA


def run(model, I, duration, dt, monitors=('x', 'y', 'spike')):
    runner = bl.DSRunner(model, monitors=list(monitors), inputs=[('input', I)], dt=dt)
    return runner.run(duration), runner.mon.ts


def exact(z0, I_steps, dt):
    """z after each step of the exact solution for input constant over each step (numpy, complex)."""
    step, gain = np.exp(LAM * dt), np.expm1(LAM * dt) / LAM
    z, out = z0, []
    for I in I_steps:
        z = z * step + I * gain
        out.append(z)
    return np.array(out)


def test_subthreshold_oscillation_has_frequency_omega_and_decay_rate_b(x64):
    dt = 0.01
    mon, ts = run(RF(1, x_initial=0.5), 0.0, 5.0, dt)
    z = mon['x'][:, 0] + 1j * mon['y'][:, 0]
    np.testing.assert_allclose(z, 0.5 * np.exp(LAM * ts), atol=2e-6)  # measured 1.6e-6 (RK4, |lam dt| = 0.1)
    # the growth factor of one step, log(z_{k+1}/z_k)/dt, is b + i omega up to RK4's error |lam dt|^5/(120 dt)
    rate = np.log(z[1:] / z[:-1]) / dt
    assert np.max(np.abs(rate.real - B)) < 1e-5 and np.max(np.abs(rate.imag - OMEGA)) < 1e-5
    # period from the upward zero crossings of y (linear interpolation): 2 pi / omega
    y = mon['y'][:, 0]
    k = np.flatnonzero((y[:-1] < 0) & (y[1:] >= 0))
    crossings = ts[k] - y[k] / (y[k + 1] - y[k]) * dt
    assert len(crossings) >= 6
    np.testing.assert_allclose(np.diff(crossings), 2 * np.pi / OMEGA, atol=1e-4)  # measured 1.4e-5
    # the amplitude |z| decays as 0.5 e^{b t}: a straight line in log scale
    slope, intercept = np.polyfit(ts, np.log(np.abs(z)), 1)
    assert slope == pytest.approx(B, abs=1e-5) and intercept == pytest.approx(np.log(0.5), abs=1e-5)
    assert not mon['spike'].any()


def test_constant_input_spirals_into_the_fixed_point(x64):
    # below threshold: z(t) = z* (1 - e^{lam t}), z* = -I/lam; y* = I omega / (b^2 + omega^2) = 0.40 for I = 4
    dt, I = 0.01, 4.0
    mon, ts = run(RF(1), I, 10.0, dt)
    z = mon['x'][:, 0] + 1j * mon['y'][:, 0]
    z_star = -I / LAM
    np.testing.assert_allclose(z, z_star * (1 - np.exp(LAM * ts)), atol=1e-5)
    assert abs(z[-1] - z_star) < 1e-4 and not mon['spike'].any()  # e^{-10} of |z*| = 0.4 is 1.8e-5


def test_a_current_step_fires_exactly_when_the_overshoot_reaches_threshold(x64):
    # from rest y(t) = I g(t), g = Im(-(1 - e^{lam t})/lam); g' = e^{bt} sin(omega t), so y peaks at half the
    # eigenperiod, t = pi/omega, at I omega (1 + e^{b pi/omega})/(b^2 + omega^2). A spike needs that >= V_th = 1:
    # I_c = 5.84, although the fixed point y* = I omega/(b^2 + omega^2) stays below 1 up to I = 10.1
    I_c = (B ** 2 + OMEGA ** 2) / (OMEGA * (1 + np.exp(B * np.pi / OMEGA)))
    t = np.linspace(0.0, 5.0, 500001)
    assert I_c == pytest.approx(1.0 / np.max((-(1 - np.exp(LAM * t)) / LAM).imag), rel=1e-9)
    assert I_c == pytest.approx(5.8368, abs=1e-4)
    dt = 0.01  # the grid misses the peak by at most 0.005 ms, which lowers it by < 1e-3 (y'' = 43/ms^2 there)
    mon, _ = run(RF(2), np.array([0.99 * I_c, 1.01 * I_c]), 5.0, dt, ('spike',))
    assert mon['spike'][:, 0].sum() == 0 and mon['spike'][:, 1].sum() >= 1


def test_resonance_a_doublet_fires_at_the_eigenperiod_not_at_half_of_it(x64):
    # two one-step pulses: the second adds to the oscillation left by the first when it comes one eigenperiod
    # later and cancels it half a period later. Predict from the exact solution whether y reaches V_th = 1.
    dt, A = 0.01, 100.0  # each pulse moves z by A dt (e^{lam dt} - 1)/(lam dt) ~ 1: one alone peaks at y = 0.86
    period_steps = int(round(2 * np.pi / OMEGA / dt))  # 63 steps: 0.63 ms
    intervals = np.array([period_steps // 2, period_steps, 2 * period_steps, 3 * period_steps // 2])
    steps = 400
    I = np.zeros((steps, len(intervals)))
    I[10, :] = A
    I[10 + intervals, np.arange(len(intervals))] = A
    predicted = np.array([np.max(exact(0.0, I[:, j], dt).imag) for j in range(len(intervals))])
    # resonant doublets: peaks 1.32 (one period later) and 1.10 (two); half a period or one and a half later the
    # second pulse damps the oscillation and the peak is the first pulse's own, 0.86
    np.testing.assert_allclose(predicted, [0.858, 1.316, 1.103, 0.858], atol=1e-3)
    mon, _ = run(RF(len(intervals)), I, steps * dt, dt, ('spike',))
    fired = mon['spike'].any(axis=0)
    np.testing.assert_array_equal(fired, predicted >= 1.0)
    np.testing.assert_array_equal(fired, [False, True, True, False])


def test_reset_after_a_spike(x64):
    mon, _ = run(RF(1, x_reset=0.2, y_reset=0.5), 12.0, 20.0, 0.01)
    rows = np.flatnonzero(mon['spike'][:, 0])
    assert len(rows) >= 3  # y* = 12 * 10/101 = 1.19 > 1: repetitive firing
    np.testing.assert_array_equal(mon['x'][rows, 0], 0.2)
    np.testing.assert_array_equal(mon['y'][rows, 0], 0.5)
    assert np.all(mon['y'][rows - 1, 0] < 1.0)


@pytest.mark.parametrize('kw, message', [
    (dict(omega=0.0), r'omega must be > 0 \(rad/ms\), got omega=0.0'),
    (dict(b=0.0), r'b must be < 0 \(1/ms\)'),
    (dict(b=0.5), r'got b=0.5'),
])
def test_invalid_parameters(kw, message):
    with pytest.raises(ValueError, match=message):
        RF(1, **kw)
