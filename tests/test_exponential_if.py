"""ExpIF and AdEx against references computed here with scipy, not with brainlet: the rheobase and fixed
points of the exponential membrane (brentq), the period for constant input (quad of dt = tau dV / f(V)), the
trajectory (solve_ivp at rtol 1e-12); AdEx's rest state w = a(V - E_L) and the firing patterns of Naud et al.
(2008), Table 1, in the paper's units."""
import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp
from scipy.optimize import brentq

import brainlet as bl

# Fourcaud-Trocmé et al. (2003) / BrainPy defaults
V_REST, V_RESET, V_TH, V_T, DELTA_T, TAU = -65.0, -68.0, -30.0, -59.9, 3.48, 10.0
RHEOBASE = V_T - V_REST - DELTA_T  # min over V of -(V - V_rest) + dT exp((V - V_T)/dT) is at V = V_T


def f_expif(V, I):
    return (-(V - V_REST) + DELTA_T * np.exp((V - V_T) / DELTA_T) + I) / TAU


def run(model, I, duration, dt, monitors=('V', 'spike')):
    runner = bl.DSRunner(model, monitors=list(monitors), inputs=[('input', I)], dt=dt)
    return runner.run(duration), runner.mon.ts


def test_expif_rheobase_is_the_minimum_of_the_net_current():
    # independent check of the closed form: numerically minimise the net current
    grid = np.linspace(-80.0, -40.0, 400001)
    assert -np.min(f_expif(grid, 0.0) * TAU) == pytest.approx(RHEOBASE, abs=1e-6)


def test_expif_is_silent_just_below_the_rheobase_and_fires_just_above(x64):
    currents = np.array([0.98, 1.02]) * RHEOBASE
    # just above, the passage near V_T lasts about pi tau sqrt(2 dT / kappa) ~ 480 ms: 3000 ms gives several spikes
    mon, _ = run(bl.neurons.ExpIF(2, tau_ref=0.0), currents, 3000.0, 0.05)
    spikes = mon['spike'].sum(axis=0)
    assert spikes[0] == 0 and spikes[1] >= 3
    # below the rheobase the neuron settles on the stable root of f (brentq on [V_rest - 5, V_T])
    V_stable = brentq(f_expif, V_REST - 5.0, V_T, args=(currents[0],), xtol=1e-12)
    # the slowest eigenvalue at 0.98 rheobase is ~ -0.01/ms: after 3000 ms the distance is < 1e-6 mV
    assert mon['V'][-1, 0] == pytest.approx(V_stable, abs=1e-5)


@pytest.mark.parametrize('side, spikes', [(-1, 0), (+1, 1)])
def test_expif_unstable_fixed_point_is_the_separatrix(x64, side, spikes):
    V_unstable = brentq(f_expif, V_T, V_TH, args=(0.0,), xtol=1e-12)  # the root above V_T at I = 0
    neu = bl.neurons.ExpIF(1, V_initializer=V_unstable + side * 0.01, tau_ref=0.0)
    mon, _ = run(neu, 0.0, 200.0, 0.01)
    # 0.01 mV off the fixed point grows by exp(lambda t), lambda ~ 0.1/ms: it leaves within ~ 100 ms;
    # RK4 preserves the sign of the departure at dt = 0.01 (its error there is ~1e-12 mV per step)
    assert mon['spike'].sum() == spikes


@pytest.mark.parametrize('I', [5.0, 10.0, 40.0])
def test_expif_period_matches_quadrature(x64, I):
    dt, tau_ref = 0.01, 1.7
    period = tau_ref + quad(lambda V: 1.0 / f_expif(V, I), V_RESET, V_TH, limit=200)[0]
    mon, ts = run(bl.neurons.ExpIF(1, tau_ref=tau_ref, V_initializer=V_RESET), I, 400.0, dt, ('spike',))
    isi = np.diff(ts[mon['spike'][:, 0]])
    # the crossing is detected at the end of the step it falls in, and V restarts from V_reset on the grid:
    # every period is the true one rounded up to a whole step, so 0 <= error < dt (RK4's own error ~1e-8 ms)
    assert len(isi) > 3 and np.all(isi - period > -1e-6) and np.all(isi - period < dt)


def test_expif_trajectory_converges_at_fourth_order(x64):
    t_end, I = 28.0, 5.0
    ref = solve_ivp(lambda t, V: f_expif(V, I), (0.0, t_end), [V_RESET], method='DOP853', rtol=1e-12,
                    atol=1e-12).y[0, -1]
    errors = []
    for dt in (0.2, 0.1, 0.05):
        mon, _ = run(bl.neurons.ExpIF(1, V_initializer=V_RESET), I, t_end, dt, ('V',))
        errors.append(abs(mon['V'][-1, 0] - ref))
    orders = np.log2(np.array(errors[:-1]) / errors[1:])
    # RK4: nominal order 4; measured 3.9 and 4.0 (the errors 1.6e-7, 1.1e-8, 6.6e-10 mV stay above rounding)
    assert np.all(np.abs(orders - 4.0) < 0.3), (errors, orders)


# -- AdEx -------------------------------------------------------------------------------------------------
# Naud et al. (2008), Table 1: C (pF), g_L (nS), E_L, V_T (mV), a (nS), tau_w (ms), b (pA), V_r (mV), I (pA)
NAUD = {
    'tonic': (200, 10, -70, -50, 2, 30, 0, -58, 500),
    'adapting': (200, 12, -70, -50, 2, 300, 60, -58, 500),
    'initial_burst': (130, 18, -58, -50, 4, 150, 120, -50, 400),
    'regular_burst': (200, 10, -58, -50, 2, 120, 100, -46, 210),
}


def naud_isis(pattern, duration=500.0, dt=0.01):
    C, gL, EL, VT, a, tau_w, b, Vr, I = NAUD[pattern]
    neu = bl.neurons.AdEx(1, V_rest=EL, V_reset=Vr, V_th=0.0, V_T=VT, delta_T=2.0, a=a, b=b, tau=C / gL,
                          tau_w=tau_w, R=1.0 / gL)  # R = 1/g_L in GOhm: I, w, b in pA, a in nS
    mon, ts = run(neu, float(I), duration, dt, ('spike',))
    return np.diff(ts[mon['spike'][:, 0]])


def test_adex_tonic_spiking_settles_to_a_constant_interval(x64):
    isi = naud_isis('tonic')
    # b = 0: adaptation only through a(V - E_L), small and fast; ISIs settle within 10% of the first one
    assert len(isi) > 20 and isi[-1] / isi[0] < 1.1
    assert np.ptp(isi[-10:]) <= 0.011  # steady state: constant up to the grid (dt = 0.01 ms)


def test_adex_adapting_intervals_increase(x64):
    isi = naud_isis('adapting')
    # spike-triggered adaptation (b = 60 pA, tau_w = 300 ms): intervals grow monotonically, several-fold
    assert np.all(np.diff(isi) > -0.011) and isi[-1] / isi[0] > 3


def test_adex_initial_burst_then_tonic(x64):
    isi = naud_isis('initial_burst')
    # a burst of short intervals, then regular spiking at a much longer interval
    short = isi < 0.25 * isi[-1]
    assert short[0] and short[:2].all() and not short[3:].any()
    assert np.ptp(isi[-4:]) <= 0.011


def test_adex_regular_bursting_alternates_short_and_long_intervals(x64):
    isi = naud_isis('regular_burst', duration=800.0)
    long = isi > 10 * isi.min()
    # after the first burst, long inter-burst intervals recur: at least three of them, never two in a row
    assert long.sum() >= 3 and not np.any(long[1:] & long[:-1]) and (~long).sum() >= long.sum()


def test_adex_rest_state_is_w_equals_a_v_minus_e_l_and_does_not_drift(x64):
    a, EL = 4.0, -70.6  # Brette & Gerstner (2005) in paper units; I = 0
    neu = bl.neurons.AdEx(1, V_rest=EL, V_reset=EL, V_th=20.0, V_T=-50.4, delta_T=2.0, a=a, b=80.5,
                          tau=281.0 / 30.0, tau_w=144.0, R=1.0 / 30.0)
    assert float(neu.w.value[0]) == 0.0
    mon, _ = run(neu, 0.0, 10.0, 0.01, ('V', 'w'))
    # V = E_L, w = 0 is the exact fixed point: the exponential term there is dT exp(-10.1) ~ 8e-5 mV, so the
    # true rest is slightly depolarised; over 10 ms the state moves by < 1e-3 mV / pA
    assert np.max(np.abs(mon['V'] - EL)) < 1e-3
    # at a subthreshold depolarised rest (I = 100 pA), w relaxes to a(V - E_L), the root of the nullclines
    I = 100.0
    V_star = brentq(lambda V: -30.0 * (V - EL) + 60.0 * np.exp((V + 50.4) / 2.0) - a * (V - EL) + I,
                    EL, -50.4, xtol=1e-12)
    mon, _ = run(neu, I, 3000.0, 0.05, ('V', 'w'))  # 3000 ms = 20 tau_w: relaxed to < 1e-6 of the step
    assert mon['V'][-1, 0] == pytest.approx(V_star, abs=1e-4)
    assert mon['w'][-1, 0] == pytest.approx(a * (V_star - EL), abs=1e-3)


def test_adex_without_adaptation_fires_like_expif(x64):
    # metamorphic: a = b = 0, w = 0 is ExpIF (integrated by exponential Euler here, RK4 there)
    dt = 0.01
    adex, _ = run(bl.neurons.AdEx(1, a=0.0, b=0.0, tau_ref=1.7), 10.0, 200.0, dt, ('spike',))
    expif, ts = run(bl.neurons.ExpIF(1), 10.0, 200.0, dt, ('spike',))
    t_adex, t_expif = ts[adex['spike'][:, 0]], ts[expif['spike'][:, 0]]
    # each interval of either is the true one rounded up to the grid, exponential Euler's error is 1e-3 ms
    assert len(t_adex) == len(t_expif) > 5 and np.max(np.abs(t_adex - t_expif)) <= len(t_adex) * dt


@pytest.mark.parametrize('cls, kw, message', [
    (bl.neurons.ExpIF, {'tau': -1.0}, r'tau must be > 0 \(ms\), got tau=-1.0'),
    (bl.neurons.ExpIF, {'delta_T': 0.0}, r'delta_T must be > 0 \(mV\), got delta_T=0.0'),
    (bl.neurons.ExpIF, {'tau_ref': -0.5}, r'tau_ref must be >= 0 \(ms\), got tau_ref=-0.5'),
    (bl.neurons.AdEx, {'tau_w': 0.0}, r'tau_w must be > 0 \(ms\), got tau_w=0.0'),
    (bl.neurons.AdEx, {'tau_ref': -1.0}, r'tau_ref must be >= 0 \(ms\)'),
    (bl.neurons.AdEx, {'w_initializer': np.zeros(4)}, r'w_initializer must be a scalar, an array of shape \(3,\)'),
])
def test_invalid_parameters(cls, kw, message):
    with pytest.raises(ValueError, match=message):
        cls(3, **kw)
