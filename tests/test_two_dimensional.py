"""FitzHugh–Nagumo and Morris–Lecar: fixed points from independent root finding, the Hopf bifurcation from
linear stability computed here (not with brainlet), and parameter errors."""
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.optimize import brentq, minimize_scalar

import brainlet as bl

FHN = bl.neurons.FitzHughNagumo
ML = bl.neurons.MorrisLecar


def run(model, I, duration, dt, monitors=('V',)):
    runner = bl.DSRunner(model, monitors=list(monitors), inputs=[('input', I)], dt=dt)
    return runner.run(duration)


# -- FitzHugh–Nagumo ----------------------------------------------------------------------------------------
A, B, TAU = 0.7, 0.8, 12.5  # FitzHugh (1961)


def fhn_fixed_point(I):
    # V - V^3/3 - w + I = 0 with w = (V + a)/b: -V^3/3 + (1 - 1/b) V + I - a/b = 0; b < 1 makes it monotonic
    roots = np.roots([-1 / 3, 0.0, 1 - 1 / B, I - A / B])
    real = roots[np.abs(roots.imag) < 1e-12].real
    assert real.size == 1
    return real[0], (real[0] + A) / B


def fhn_hopf_current():
    # Jacobian [[1 - V^2, -1], [1/tau, -b/tau]]: trace = 0 at V^2 = 1 - b/tau; the lower branch is the one
    # reached from rest as I grows. det = (1 - b(1 - V^2))/tau > 0 there, so the eigenvalues cross the
    # imaginary axis as a complex pair (a Hopf point, not a saddle-node).
    V = -np.sqrt(1 - B / TAU)
    assert (1 - B * (1 - V ** 2)) / TAU > 0
    return V ** 3 / 3 - V + (V + A) / B


@pytest.mark.parametrize('I', [0.0, 0.2, 0.5])
def test_fhn_fixed_point_is_the_root_of_the_cubic_and_does_not_drift(x64, I):
    V0, w0 = fhn_fixed_point(I)
    fhn = FHN(1, a=A, b=B, tau=TAU, V_initial=V0, w_initial=w0)
    mon = run(fhn, I, 10.0, 0.01, ('V', 'w'))
    # at an exact fixed point every RK4 stage slope is a rounding error (~1e-16); 1000 steps stay far below 1e-12
    assert np.max(np.abs(mon['V'] - V0)) < 1e-12 and np.max(np.abs(mon['w'] - w0)) < 1e-12
    if I == 0.0:  # the default initial state is the rest state at zero input
        assert float(FHN(1).V.value[0]) == pytest.approx(V0, abs=1e-6)


def test_fhn_hopf_onset_at_the_analytic_current(x64):
    I_H = fhn_hopf_current()
    # 0.01 = 3 % of I_H: Re(lambda) = -+0.008/ms on either side, fast enough to settle within 4000 ms, and far
    # beyond the shift of the bifurcation by RK4 at dt = 0.05 (O(dt^4))
    amplitudes = {}
    for I in (I_H - 0.01, I_H + 0.01):
        V0, w0 = fhn_fixed_point(I)
        fhn = FHN(1, V_initial=V0 + 1e-3, w_initial=w0)  # a small kick off the fixed point
        V = run(fhn, I, 4000.0, 0.05)['V'][:, 0]
        amplitudes[I] = np.ptp(V[-20000:])  # the last 1000 ms
    below, above = amplitudes[I_H - 0.01], amplitudes[I_H + 0.01]
    assert below < 1e-4   # the kick of 1e-3 decays: stable focus
    assert above > 3.0    # a relaxation oscillation spans the outer branches of the cubic, |V| ~ 2


def test_fhn_spikes_on_upward_crossings_only(x64):
    fhn = FHN(1)
    mon = run(fhn, 0.5, 1000.0, 0.05, ('V', 'spike'))
    V, spike = mon['V'][:, 0], mon['spike'][:, 0]
    crossings = np.flatnonzero((V[:-1] < fhn.V_th) & (V[1:] >= fhn.V_th)) + 1
    assert crossings.size > 5 and np.array_equal(np.flatnonzero(spike), crossings)


# -- Morris–Lecar, Rinzel & Ermentrout (1989) Hopf set --------------------------------------------------------
RE = dict(C=20., gCa=4.4, gK=8., gL=2., ECa=120., EK=-84., EL=-60., V1=-1.2, V2=18., V3=2., V4=30., phi=0.04)


def ml_rhs(x, I, p=RE):
    V, w = x
    m_inf = 0.5 * (1 + np.tanh((V - p['V1']) / p['V2']))
    w_inf = 0.5 * (1 + np.tanh((V - p['V3']) / p['V4']))
    tau_w = 1 / np.cosh((V - p['V3']) / (2 * p['V4']))
    dV = (I - p['gCa'] * m_inf * (V - p['ECa']) - p['gK'] * w * (V - p['EK']) - p['gL'] * (V - p['EL'])) / p['C']
    return np.array([dV, p['phi'] * (w_inf - w) / tau_w])


def ml_fixed_point(I, p=RE):
    w_inf = lambda V: 0.5 * (1 + np.tanh((V - p['V3']) / p['V4']))
    V = brentq(lambda V: ml_rhs((V, w_inf(V)), I, p)[0], -100.0, 100.0, xtol=1e-13)
    return np.array([V, w_inf(V)])


def ml_leading_eigenvalue(I):
    x, h = ml_fixed_point(I), 1e-6  # central differences: O(h^2) ~ 1e-12 relative error
    J = np.column_stack([(ml_rhs(x + h * e, I) - ml_rhs(x - h * e, I)) / (2 * h) for e in np.eye(2)])
    eig = np.linalg.eigvals(J)
    return eig[np.argmax(eig.real)]


def test_ml_defaults_are_the_rinzel_ermentrout_hopf_set():
    ml = ML(1)
    assert {k: getattr(ml, k) for k in RE} == RE


def test_ml_resting_potential_is_the_root_of_the_steady_state_current_and_does_not_drift(x64):
    V_rest = ml_fixed_point(0.0)[0]
    ml = ML(1)  # starts at its own resting potential, w at w_inf
    assert float(ml.V.value[0]) == pytest.approx(V_rest, abs=1e-9)  # bisection and brentq, both to ~1e-13
    mon = run(ml, 0.0, 10.0, 0.01, ('V', 'w'))
    assert np.max(np.abs(mon['V'] - V_rest)) < 1e-9
    assert np.max(np.abs(mon['w'] - ml_fixed_point(0.0)[1])) < 1e-12


def test_ml_hopf_current_from_the_jacobian_and_onset_of_oscillation(x64):
    I_H = brentq(lambda I: ml_leading_eigenvalue(I).real, 80.0, 110.0, xtol=1e-8)
    assert abs(ml_leading_eigenvalue(I_H).imag) > 0.05  # a complex pair crosses: Hopf, period ~ 2pi/0.08 ms
    # 1.5 uA/cm² (1.6 % of I_H): |Re lambda| ~ 0.004/ms, so a 0.01 mV kick grows to a spike or decays tenfold
    # well within 4000 ms. The bifurcation is subcritical, so below I_H the kick must stay small to stay in
    # the basin of the rest state.
    spikes = {}
    for I in (I_H - 1.5, I_H + 1.5):
        V0, _ = ml_fixed_point(I)
        ml = ML(1, V_initial=V0 + 0.01)
        mon = run(ml, I, 4000.0, 0.05, ('V', 'spike'))
        spikes[I] = int(mon['spike'].sum())
        if I < I_H:
            assert np.max(np.abs(mon['V'][-4000:, 0] - V0)) < 1e-3   # the kick has decayed
    assert spikes[I_H - 1.5] == 0 and spikes[I_H + 1.5] >= 5


def test_ml_snlc_set_starts_firing_at_the_knee_of_the_steady_state_current(x64):
    # Rinzel & Ermentrout's class I set: the steady-state I-V curve is N-shaped; rest and saddle merge at its
    # local maximum (a saddle-node on the invariant circle), the onset of repetitive firing near 40 uA/cm²
    p = dict(RE, **{k: ML.SNLC[k] for k in ('gCa', 'V3', 'V4', 'phi')})
    w_inf = lambda V: 0.5 * (1 + np.tanh((V - p['V3']) / p['V4']))
    knee = minimize_scalar(lambda V: ml_rhs((V, w_inf(V)), 0.0, p)[0] * p['C'], bounds=(-50.0, -10.0),
                           method='bounded', options={'xatol': 1e-10})
    I_SN = -knee.fun  # C dV/dt at I = 0 is minus the steady-state current; its minimum is the knee
    assert I_SN == pytest.approx(40.0, abs=0.1)  # "about 40": the class I threshold of Rinzel & Ermentrout
    rates = {}
    for I in (I_SN - 0.5, I_SN + 0.5, I_SN + 5.0):
        ml = ML(1, **ML.SNLC)
        ml.V.value, ml.w.value = (jnp.full(1, x) for x in ml_fixed_point(min(I, I_SN - 0.5), p))
        rates[I] = int(run(ml, I, 3000.0, 0.05, ('spike',))['spike'].sum())
    # below the knee the rest state is stable; just above it fires slowly; class I: the rate grows from zero
    assert rates[I_SN - 0.5] == 0 and 0 < rates[I_SN + 0.5] < rates[I_SN + 5.0]


@pytest.mark.parametrize('cls, kw, message', [
    (FHN, {'tau': 0.0}, r'tau must be > 0 \(ms\)'), (FHN, {'tau': -1.0}, r'tau must be > 0 \(ms\), got tau=-1'),
    (FHN, {'b': 0.0}, r'b must be != 0'),
    (ML, {'C': 0.0}, r'C must be > 0 \(µF/cm²\)'), (ML, {'phi': -0.04}, r'phi must be > 0 \(1/ms\)'),
    (ML, {'gK': -1.0}, r'gK must be >= 0 \(mS/cm²\)'), (ML, {'V4': 0.0}, r'V4 must be != 0 \(mV\)'),
])
def test_invalid_parameters(cls, kw, message):
    with pytest.raises(ValueError, match=message):
        cls(1, **kw)
