"""Wang–Buzsáki interneuron: rates at their singularities, the resting state, the rheobase from the
steady-state I–V curve and firing rates against scipy's stiff solver on an independent numpy transcription
of the paper's equations, parameter errors."""
import jax
import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, minimize_scalar

import brainlet as bl

WB = bl.neurons.WangBuzsaki
P = dict(gNa=35., gK=9., gL=0.1, ENa=55., EK=-90., EL=-65., C=1., phi=5.)  # Wang & Buzsáki (1996)


# the paper's rate functions, transcribed independently (numpy; no singular voltage is evaluated below)
def a_m(V): return 0.1 * (V + 35) / (1 - np.exp(-(V + 35) / 10))
def b_m(V): return 4 * np.exp(-(V + 60) / 18)
def a_h(V): return 0.07 * np.exp(-(V + 58) / 20)
def b_h(V): return 1 / (np.exp(-0.1 * (V + 28)) + 1)
def a_n(V): return 0.01 * (V + 34) / (1 - np.exp(-0.1 * (V + 34)))
def b_n(V): return 0.125 * np.exp(-(V + 44) / 80)


def ionic(V, h, n):
    m = a_m(V) / (a_m(V) + b_m(V))
    return P['gNa'] * m ** 3 * h * (V - P['ENa']) + P['gK'] * n ** 4 * (V - P['EK']) + P['gL'] * (V - P['EL'])


def steady_current(V):
    return ionic(V, a_h(V) / (a_h(V) + b_h(V)), a_n(V) / (a_n(V) + b_n(V)))


def rhs(t, x, I):
    V, h, n = x
    return [(I - ionic(V, h, n)) / P['C'], P['phi'] * (a_h(V) * (1 - h) - b_h(V) * h),
            P['phi'] * (a_n(V) * (1 - n) - b_n(V) * n)]


def upward_crossings(ts, V, level=-20.0):
    i = np.flatnonzero((V[:-1] < level) & (V[1:] >= level))
    return ts[i] + (level - V[i]) / (V[i + 1] - V[i]) * (ts[i + 1] - ts[i])  # linear interpolation


def reference_rate(I, t_end=600.0):
    """Firing rate (Hz) after 200 ms of transient, LSODA at rtol 1e-10."""
    V0 = brentq(steady_current, -80, -60)
    x0 = [V0, a_h(V0) / (a_h(V0) + b_h(V0)), a_n(V0) / (a_n(V0) + b_n(V0))]
    ts = np.arange(0.0, t_end, 0.001)
    sol = solve_ivp(rhs, (0, t_end), x0, args=(I,), method='LSODA', t_eval=ts, rtol=1e-10, atol=1e-12)
    spikes = upward_crossings(ts, sol.y[0])
    return 1000.0 / np.mean(np.diff(spikes[spikes > 200.0]))


def model_rate(I, dt=0.01, t_end=600.0):
    runner = bl.DSRunner(WB(1), monitors=['V'], inputs=[('input', I)], dt=dt)
    mon = runner.run(t_end)
    spikes = upward_crossings(mon.ts, mon['V'][:, 0])
    return 1000.0 / np.mean(np.diff(spikes[spikes > 200.0]))


@pytest.mark.parametrize('rate, V, limit', [(WB.alpha_m, -35.0, 1.0), (WB.alpha_n, -34.0, 0.1)])
def test_rates_are_finite_at_their_removable_singularities(rate, V, limit):
    # 0.1 (V+35)/(1 - exp(-(V+35)/10)) -> 0.1 * 10 at V = -35; 0.01 (V+34)/(...) -> 0.01 * 10 at -34
    assert float(rate(V)) == pytest.approx(limit, rel=1e-6)
    slope = float(jax.grad(rate)(V))
    near = (float(rate(V + 1e-2)) - float(rate(V - 1e-2))) / 2e-2
    assert np.isfinite(slope) and slope == pytest.approx(near, rel=1e-3)
    # away from the singularity the exprel form equals the paper's expression
    assert float(rate(V + 7.3)) == pytest.approx((a_m if limit == 1.0 else a_n)(V + 7.3), rel=1e-6)


def test_resting_potential_is_the_root_of_the_steady_state_current_and_does_not_drift(x64):
    V_rest = brentq(steady_current, -80.0, -60.0, xtol=1e-13)
    wb = WB(1)
    assert float(wb.V.value[0]) == pytest.approx(V_rest, abs=1e-9)  # both roots to ~1e-13 mV
    runner = bl.DSRunner(wb, monitors=['V', 'h', 'n'], dt=0.01)
    mon = runner.run(10.0)
    # at the fixed point every derivative is a rounding error: nothing moves beyond ~1e-12 in 1000 steps
    assert np.max(np.abs(mon['V'] - V_rest)) < 1e-9
    assert np.max(np.abs(mon['h'] - a_h(V_rest) / (a_h(V_rest) + b_h(V_rest)))) < 1e-12
    assert np.max(np.abs(mon['n'] - a_n(V_rest) / (a_n(V_rest) + b_n(V_rest)))) < 1e-12


def test_rheobase_is_the_knee_of_the_steady_state_current(x64):
    # class I: rest disappears in a saddle-node where the steady-state current has its local maximum
    knee = minimize_scalar(lambda V: -steady_current(V), bounds=(-64.0, -50.0), method='bounded',
                           options={'xatol': 1e-10})
    I_c = -knee.fun
    # Wang & Buzsáki's interneuron has a rheobase of about 0.16 uA/cm² (Börgers, An Introduction to Modeling
    # Neuronal Dynamics, 2017, ch. 5: I_c ~ 0.16); two digits, so 0.005
    assert I_c == pytest.approx(0.16, abs=0.005)
    spikes = {}
    for I in (I_c - 0.005, I_c + 0.01):
        wb = WB(1, V_initial=brentq(lambda V: steady_current(V) - min(I, I_c - 0.005), -80.0, knee.x))
        runner = bl.DSRunner(wb, monitors=['spike'], inputs=[('input', I)], dt=0.02)
        spikes[I] = int(runner.run(2000.0)['spike'].sum())
    # 3 % below the knee: a stable rest state; just above: slow firing, the period ~ 1/sqrt(I - I_c) long
    assert spikes[I_c - 0.005] == 0 and spikes[I_c + 0.01] >= 2


def test_firing_rate_and_fi_slope_at_1_uA_against_scipy(x64):
    ref1, ref2 = reference_rate(1.0), reference_rate(2.0)
    got1, got2 = model_rate(1.0), model_rate(2.0)
    # staggered exponential Euler is second order: at dt = 0.01 ms the period error is ~(dt/tau_spike)^2, far
    # below 0.2 %; LSODA at rtol 1e-10 and spike times interpolated on a 1 us grid are ~1e-5 accurate
    assert got1 == pytest.approx(ref1, rel=2e-3)
    assert got2 == pytest.approx(ref2, rel=2e-3)
    assert (got2 - got1) == pytest.approx(ref2 - ref1, rel=1e-2)  # the f-I slope between 1 and 2 uA/cm²


@pytest.mark.parametrize('kw, message', [({'C': 0.0}, r'C must be > 0 \(µF/cm²\)'),
                                         ({'phi': -5.0}, r'phi must be > 0 \(dimensionless\), got phi=-5'),
                                         ({'gNa': -1.0}, r'gNa must be >= 0 \(mS/cm²\)')])
def test_invalid_parameters(kw, message):
    with pytest.raises(ValueError, match=message):
        WB(1, **kw)
