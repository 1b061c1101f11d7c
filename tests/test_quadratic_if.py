"""QuaIF and Izhikevich against closed forms and scipy: the QIF rheobase a(V_c - V_rest)^2/4 and its period
(arctan formula), the QIF trajectory (tan formula) and RK4's order on it; Izhikevich's rest state (root of
0.04V^2 + (5 - b)V + 140 = 0), its spike times against solve_ivp with event-driven resets, and the adaptation
of the regular-spiking cell."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp

import brainlet as bl

# BrainPy's defaults
A, V_REST, V_C, TAU, V_TH, V_RESET = 0.07, -65.0, -50.0, 10.0, -30.0, -68.0
RHEOBASE = A * (V_C - V_REST) ** 2 / 4  # 3.9375 mV


def run(model, I, duration, dt, monitors=('V', 'spike')):
    runner = bl.DSRunner(model, monitors=list(monitors), inputs=[('input', I)], dt=dt)
    return runner.run(duration), runner.mon.ts


def qif_time(V0, V1, I):
    """Time (ms) from V0 to V1 at constant suprathreshold input: tau dx/dt = a x^2 + kappa, x = V - V_mid."""
    kappa, mid = I - RHEOBASE, (V_REST + V_C) / 2
    s = np.sqrt(A / kappa)
    return TAU / np.sqrt(A * kappa) * (np.arctan((V1 - mid) * s) - np.arctan((V0 - mid) * s))


def test_quaif_is_silent_below_the_rheobase_and_fires_above(x64):
    currents = np.array([0.99, 1.01]) * RHEOBASE
    mon, _ = run(bl.neurons.QuaIF(2), currents, 2000.0, 0.05)
    spikes = mon['spike'].sum(axis=0)
    # at 1.01 rheobase: first spike from V_rest at 349 ms, then every 582 ms (arctan formula), i.e. 3 spikes;
    # the grid adds < 0.05 ms per spike, far from moving a spike across the end of the run
    first, period = qif_time(V_REST, V_TH, currents[1]), qif_time(V_RESET, V_TH, currents[1])
    assert spikes[0] == 0 and spikes[1] == 1 + np.floor((2000.0 - first) / period)
    # below it, V settles at the stable root of a(V - V_rest)(V - V_c) + I = 0
    V_stable = min(np.roots([A, -A * (V_REST + V_C), A * V_REST * V_C + currents[0]]).real)
    assert mon['V'][-1, 0] == pytest.approx(V_stable, abs=1e-5)  # eigenvalue ~ -0.02/ms, 2000 ms: e^-40


@pytest.mark.parametrize('I, tau_ref', [(5.0, 0.0), (10.0, 2.0), (40.0, 0.5)])
def test_quaif_period_matches_the_arctan_formula(x64, I, tau_ref):
    dt = 0.01
    period = tau_ref + qif_time(V_RESET, V_TH, I)
    mon, ts = run(bl.neurons.QuaIF(1, tau_ref=tau_ref, V_initializer=V_RESET), I, 500.0, dt, ('spike',))
    isi = np.diff(ts[mon['spike'][:, 0]])
    # detection at the end of the crossing step and restart from V_reset on the grid: each period is the true
    # one rounded up to a whole step, 0 <= error < dt (RK4's own error at dt = 0.01 is ~1e-12 ms)
    assert len(isi) > 3 and np.all(isi - period > -1e-6) and np.all(isi - period < dt)


def test_quaif_trajectory_matches_the_tan_formula_at_fourth_order(x64):
    I, t_end = 10.0, 30.0  # V(30 ms) ~ -38.8 mV, before the first spike (at 32.1 ms)
    kappa, mid = I - RHEOBASE, (V_REST + V_C) / 2
    exact = mid + np.sqrt(kappa / A) * np.tan(np.sqrt(A * kappa) * t_end / TAU +
                                              np.arctan((V_RESET - mid) * np.sqrt(A / kappa)))
    errors = []
    for dt in (0.4, 0.2, 0.1):
        mon, _ = run(bl.neurons.QuaIF(1, V_initializer=V_RESET), I, t_end, dt, ('V',))
        errors.append(abs(mon['V'][-1, 0] - exact))
    orders = np.log2(np.array(errors[:-1]) / errors[1:])
    # RK4, nominal order 4: measured 4.73 and 4.67 (errors 1.4e-7, 5.5e-9, 2.1e-10 mV), above 4 in the
    # pre-asymptotic range of a solution that blows up 2 ms later; exponential Euler would give order 2
    assert np.all((orders > 3.7) & (orders < 5.0)), (errors, orders)


# -- Izhikevich --------------------------------------------------------------------------------------------
a, b, c, d = 0.02, 0.2, -65.0, 8.0  # regular spiking, Izhikevich (2003)


def izhikevich_reference(I, duration, dt):
    """Spike times by solve_ivp (rtol 1e-11) with the reset applied at the end of the step of the crossing,
    as a discrete-time simulation must: the crossing time is rounded up to the grid of ``dt``."""
    def rhs(t, y):
        return [0.04 * y[0] ** 2 + 5 * y[0] + 140 - y[1] + I, a * (b * y[0] - y[1])]

    def crossing(t, y):
        return y[0] - 30.0
    crossing.terminal, crossing.direction = True, 1
    V0 = (-(5 - b) - np.sqrt((5 - b) ** 2 - 4 * 0.04 * 140)) / (2 * 0.04)
    t, y, spikes = 0.0, [V0, b * V0], []
    while t < duration:
        sol = solve_ivp(rhs, (t, duration), y, method='DOP853', rtol=1e-11, atol=1e-11, events=crossing,
                        dense_output=True)
        if not sol.t_events[0].size:
            break
        t_grid = np.ceil(sol.t_events[0][0] / dt - 1e-9) * dt
        # continue the solution past the crossing to the grid point (V is huge there; u barely moves)
        u_end = solve_ivp(rhs, (sol.t_events[0][0], t_grid), sol.y_events[0][0], method='DOP853', rtol=1e-11,
                          atol=1e-11).y[1, -1] if t_grid > sol.t_events[0][0] else sol.y_events[0][0][1]
        spikes.append(t_grid)
        t, y = t_grid, [c, u_end + d]
    return np.array(spikes)


def test_izhikevich_rest_is_the_root_of_the_quadratic_and_does_not_drift(x64):
    V_rest = min(np.roots([0.04, 5 - b, 140]).real)  # -70 mV for b = 0.2
    neu = bl.neurons.Izhikevich(1)
    assert float(neu.V.value[0]) == pytest.approx(V_rest, abs=1e-12)
    assert float(neu.u.value[0]) == pytest.approx(b * V_rest, abs=1e-12)
    mon, _ = run(neu, 0.0, 10.0, 0.01, ('V', 'u'))
    # an exact fixed point: every RK4 stage slope is a rounding error, 1000 steps stay below 1e-10
    assert np.max(np.abs(mon['V'] - V_rest)) < 1e-10 and np.max(np.abs(mon['u'] - b * V_rest)) < 1e-10


def test_izhikevich_first_spike_converges_to_solve_ivp(x64):
    first = izhikevich_reference(10.0, 10.0, 1e-9)[0]  # the exact crossing (3.4516 ms)
    for dt in (0.1, 0.05, 0.01):
        mon, ts = run(bl.neurons.Izhikevich(1), 10.0, 10.0, dt, ('spike',))
        # detected at the end of the step of the crossing: 0 <= delay < dt (+ RK4's error, < 1e-4 ms)
        delay = ts[mon['spike'][:, 0]][0] - first
        assert -1e-4 < delay < dt + 1e-4, (dt, delay)


def test_izhikevich_spike_train_matches_solve_ivp_with_grid_resets(x64):
    dt = 0.01
    ref = izhikevich_reference(10.0, 300.0, dt)
    mon, ts = run(bl.neurons.Izhikevich(1), 10.0, 300.0, dt, ('spike',))
    spikes = ts[mon['spike'][:, 0]]
    assert len(spikes) == len(ref)
    # the reference integrates u through the spike step exactly, RK4 sees V blow up within it; the resulting
    # difference in u (< 0.1 mV/ms of d = 8) shifts later spikes by at most a few steps
    assert np.max(np.abs(spikes - ref)) <= 5 * dt


def test_izhikevich_regular_spiking_adapts(x64):
    mon, ts = run(bl.neurons.Izhikevich(1), 10.0, 500.0, 0.01, ('spike',))
    isi = np.diff(ts[mon['spike'][:, 0]])
    # RS cell (Izhikevich 2003, Fig. 2): a short first interval, then longer ones as u accumulates d per spike
    assert len(isi) > 5 and isi[0] < 0.5 * isi[-1] and np.all(isi[1:] >= isi[0])


@pytest.mark.parametrize('cls, kw, message', [
    (bl.neurons.QuaIF, {'tau': 0.0}, r'tau must be > 0 \(ms\), got tau=0.0'),
    (bl.neurons.QuaIF, {'a': -0.07}, r'a must be > 0 \(1/mV\), got a=-0.07'),
    (bl.neurons.QuaIF, {'V_c': -70.0}, r'V_c must be > V_rest \(mV\)'),
    (bl.neurons.QuaIF, {'tau_ref': -2.0}, r'tau_ref must be >= 0 \(ms\), got tau_ref=-2.0'),
    (bl.neurons.Izhikevich, {'a': 0.0}, r'a must be > 0 \(1/ms\), got a=0.0'),
    (bl.neurons.Izhikevich, {'tau_ref': -1.0}, r'tau_ref must be >= 0 \(ms\)'),
    (bl.neurons.Izhikevich, {'V_initializer': np.zeros((2, 3))}, r'V_initializer must be a scalar'),
])
def test_invalid_parameters(cls, kw, message):
    with pytest.raises(ValueError, match=message):
        cls(3, **kw)
