"""GIF (Mihalaş & Niebur 2009) against closed forms computed here, not with brainlet: the LIF period when the
spike-induced currents and the threshold adaptation are off, the exact solution of the linear system between
spikes (matrix exponential), the crossing times of hyperpolarisation-induced spiking (brentq), the fixed point
of phasic spiking, the update rules at a spike, and firing patterns of the paper's Table 2."""
import numpy as np
import pytest
from scipy.linalg import expm
from scipy.optimize import brentq

import brainlet as bl

GIF = bl.neurons.GIF
# Mihalaş & Niebur (2009), Table 1, in ms and mV: E_L = V_r = -70 mV, Theta_inf = -50 mV, Theta_r = -60 mV,
# G/C = 0.05 1/ms (tau = 20 ms), b = 0.01 1/ms, k1 = 0.2 1/ms, k2 = 0.02 1/ms, R1 = 0, R2 = 1
TABLE_1 = dict(V_rest=-70., V_reset=-70., V_th_inf=-50., V_th_reset=-60., tau=20., b=0.01, k1=0.2, k2=0.02,
               R1=0., R2=1.)


def run(model, I, duration, dt=0.1, monitors=('V', 'V_th', 'I1', 'I2', 'spike')):
    runner = bl.DSRunner(model, monitors=list(monitors), inputs=[('input', I)], dt=dt)
    return runner.run(duration), runner.mon.ts


def test_defaults_are_table_1_of_the_paper():
    gif = GIF(1)
    assert {k: getattr(gif, k) for k in TABLE_1} == TABLE_1
    assert gif.R / gif.tau == 1.0  # C = tau/R = 1: input and currents are the paper's I/C, in mV/ms (V/s)
    assert float(gif.V_th.value[0]) == -50.0 and float(gif.V.value[0]) == -70.0  # at rest


def test_without_currents_and_adaptation_the_period_is_that_of_lif(x64):
    # a = A1 = A2 = 0: I_j stay 0 and V_th stays at V_th_inf (the reset max(-60, -50) keeps it), so between
    # spikes tau V' = V_rest - V + R I and the period is tau ln((V_inf - V_reset)/(V_inf - V_th_inf)).
    # I = 1.5 is "tonic spiking" and 1 + 1e-6 "class 1 excitability" of the paper's Table 2: V_inf exceeds the
    # threshold by 2e-5 mV and the period is 20 ln(1e6) = 276.3 ms, arbitrarily long near the rheobase.
    currents = np.array([1.5, 2.0, 1.0 + 1e-6])
    dt = 0.1
    mon, ts = run(GIF(3), currents, 1000.0, dt, ('V_th', 'spike'))
    V_inf = -70.0 + 20.0 * currents
    period = 20.0 * np.log((V_inf + 70.0) / (V_inf + 50.0))
    np.testing.assert_allclose(period, [21.972, 13.863, 276.310], atol=1e-3)
    assert np.all(mon['V_th'] == -50.0)
    for i in range(3):
        spikes = ts[mon['spike'][:, i]]
        intervals = np.diff(np.concatenate([[0.0], spikes]))  # the first from rest at V_reset = V_rest
        # detected at the end of the step of the crossing, then V restarts from V_reset on the grid: every
        # interval is the period rounded up to a step, 0 <= error < dt (RK4's own error is ~1e-12 ms here)
        assert len(intervals) >= 3
        assert np.all(intervals - period[i] > -1e-6) and np.all(intervals - period[i] < dt), (i, intervals)


def test_between_spikes_the_state_follows_the_exact_solution_of_the_linear_system(x64):
    # x = (V, I1, I2, V_th) obeys x' = M x + c: the paper's point is that it is solvable in closed form.
    # A high threshold (V_th_inf = 0 mV) keeps it below threshold; a != 0 couples V_th to V.
    p = dict(TABLE_1, V_th_inf=0.0, a=0.005)
    tau, k1, k2, a, b = p['tau'], p['k1'], p['k2'], p['a'], p['b']
    I = 1.2
    M = np.array([[-1 / tau, 20 / tau, 20 / tau, 0.0], [0.0, -k1, 0.0, 0.0], [0.0, 0.0, -k2, 0.0],
                  [a, 0.0, 0.0, -b]])
    c = np.array([(-70.0 + 20 * I) / tau, 0.0, 0.0, a * 70.0 + b * p["V_th_inf"]])
    x0 = np.array([-70.0, 10.0, -0.6, -10.0])
    aug = np.zeros((5, 5))
    aug[:4, :4], aug[:4, 4] = M, c  # exp of the augmented matrix propagates the affine system exactly

    errors = {}
    for dt in (0.4, 0.2, 0.1):
        gif = GIF(1, **p)
        gif.V.value, gif.I1.value, gif.I2.value, gif.V_th.value = (np.full(1, v) for v in x0)
        mon, ts = run(gif, I, 200.0, dt)
        assert not mon['spike'].any()
        exact = np.array([(expm(aug * t) @ np.append(x0, 1.0))[:4] for t in ts[::int(round(2 / dt))]])
        model = np.stack([mon[k][::int(round(2 / dt)), 0] for k in ('V', 'I1', 'I2', 'V_th')], axis=1)
        errors[dt] = np.max(np.abs(model - exact))
    orders = np.log2([errors[0.4] / errors[0.2], errors[0.2] / errors[0.1]])
    # RK4: order 4 (measured 4.06 and 4.03); at dt = 0.1 ms the largest error over 200 ms is 3.3e-8 (mV,
    # in V after the fast decay of I1 = 10 mV/ms)
    assert np.all(np.abs(orders - 4.0) < 0.2), (errors, orders)
    assert errors[0.1] < 1e-7, errors


def test_hyperpolarisation_induced_spiking_at_the_analytic_crossing_times(x64):
    # Table 2, "hyperpolarization-induced spiking": Theta_inf = -120 mV below the hyperpolarised V (I = -1).
    # With a = 0 and no currents, V(t) = -90 + 20 e^{-t/20} and V_th(t) = -120 + (Theta_0 + 120) e^{-0.01 t};
    # a spike when they meet; then V <- -70, V_th <- max(-60, V_th) = -60 and the same race starts again.
    def crossing(theta0):
        return brentq(lambda t: (-90 + 20 * np.exp(-t / 20)) - (-120 + (theta0 + 120) * np.exp(-0.01 * t)),
                      1.0, 400.0, xtol=1e-12)
    first, period = crossing(-50.0), crossing(-60.0)
    assert -120 + 70 * np.exp(-0.01 * first) < -60  # so the reset is to Theta_r = -60
    dt = 0.1
    mon, ts = run(GIF(1, V_th_inf=-120.0, V_th_initial=-50.0), -1.0, 400.0, dt, ('V_th', 'spike'))
    spikes = ts[mon['spike'][:, 0]]
    intervals = np.diff(np.concatenate([[0.0], spikes]))
    assert len(spikes) >= 4
    assert 0 <= intervals[0] - first < dt
    assert np.all(intervals[1:] - period > -1e-6) and np.all(intervals[1:] - period < dt), (period, intervals)
    np.testing.assert_array_equal(mon['V_th'][mon['spike'][:, 0], 0], -60.0)


def test_phasic_spiking_stops_at_the_analytic_fixed_point(x64):
    # Table 2, "phasic spiking": a = 0.005, I = 1.5. Without spikes the linear system settles at V = V_rest + RI
    # = -40 mV and V_th = Theta_inf + (a/b)(V - V_rest) = -35 mV, above V: the neuron fires only at the onset
    mon, ts = run(GIF(1, a=0.005), 1.5, 1500.0, 0.1)
    spikes = ts[mon['spike'][:, 0]]
    assert 1 <= len(spikes) and spikes[-1] < 300.0
    # the slowest eigenvalue is -b = -0.01/ms: after >= 1200 ms the distance has shrunk by e^-12
    assert mon['V'][-1, 0] == pytest.approx(-40.0, abs=1e-3)
    assert mon['V_th'][-1, 0] == pytest.approx(-35.0, abs=1e-3)


def test_update_rules_at_a_spike(x64):
    # I_j <- R_j I_j + A_j, V <- V_reset, V_th <- max(V_th_reset, V_th); check on the rows of spikes, where the
    # value before the jump is the previous row advanced by RK4 over one step: for x' = -k x that is
    # x (1 - h + h^2/2 - h^3/6 + h^4/24), h = k dt (the stability polynomial of RK4)
    dt, k1, k2 = 0.1, 0.2, 0.02
    rk4 = lambda h: 1 - h + h ** 2 / 2 - h ** 3 / 6 + h ** 4 / 24
    gif = GIF(1, R1=0.5, R2=0.8, A1=1.0, A2=-0.2, V_th_reset=-45.0, V_reset=-65.0)
    mon, _ = run(gif, 2.5, 300.0, dt)
    rows = np.flatnonzero(mon['spike'][:, 0])
    assert len(rows) > 5
    for i in rows[1:]:
        assert mon['I1'][i, 0] == pytest.approx(0.5 * mon['I1'][i - 1, 0] * rk4(k1 * dt) + 1.0, rel=1e-12)
        assert mon['I2'][i, 0] == pytest.approx(0.8 * mon['I2'][i - 1, 0] * rk4(k2 * dt) - 0.2, rel=1e-12)
        assert mon['V'][i, 0] == -65.0 and mon['V_th'][i, 0] >= -45.0
    # a = 0 and V_th starts at V_th_inf = -50: the first reset lifts it to V_th_reset = -45
    assert mon['V_th'][rows[0], 0] == -45.0


def test_spike_frequency_adaptation_and_tonic_bursting_of_table_2(x64):
    # Table 2: "spike frequency adaptation" a = 0.005, I = 2; "tonic bursting" a = 0.005, A1 = 10, A2 = -0.6,
    # I = 2 (parameters of the paper as reproduced in BrainPy's examples, Niebur_2009_GIF)
    gif = GIF(2, a=0.005, A1=np.array([0.0, 10.0]), A2=np.array([0.0, -0.6]))
    mon, ts = run(gif, 2.0, 500.0, 0.1, ('spike',))
    adapting = np.diff(ts[mon['spike'][:, 0]])
    # intervals lengthen monotonically as the threshold climbs (measured 15.6 ms to 25.0 ms)
    assert len(adapting) > 10 and np.all(np.diff(adapting) > 0) and adapting[-1] > 1.5 * adapting[0]
    bursting = np.diff(ts[mon['spike'][:, 1]])
    short, long = bursting[bursting < 10.0], bursting[bursting >= 10.0]
    # bursts of several spikes 2-7 ms apart (I1 depolarises), ended by the slow I2, about 105 ms apart
    assert len(short) >= 3 * len(long) and len(long) >= 3 and np.all(long > 90.0), bursting


@pytest.mark.parametrize('kw, message', [
    (dict(tau=0.0), r'tau must be > 0 \(ms\), got tau=0.0'),
    (dict(R=-1.0), r'R must be > 0'),
    (dict(b=-0.01), r'b must be >= 0 \(1/ms\)'),
    (dict(k2=-0.02), r'k2 must be >= 0 \(1/ms\)'),
    (dict(tau_ref=-1.0), r'tau_ref must be >= 0 \(ms\)'),
    (dict(V_th_initial=np.zeros(5)), r'V_th_initial must be a scalar, an array of shape \(3,\)'),
])
def test_invalid_parameters(kw, message):
    with pytest.raises(ValueError, match=message):
        GIF(3, **kw)
