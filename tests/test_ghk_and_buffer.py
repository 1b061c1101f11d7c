"""GHK current: against the textbook formula, its V → 0 limit (value and gradient), zero at the Nernst
potential, a gated channel with the GHK law, and NEURON's ``cachan`` demo mechanism. Buffered calcium pool:
calcium conservation, the linear-buffer closed form, a stiff ODE solver, and B_tot = 0 is CalciumPool."""
import importlib.util
import pathlib
import shutil
import subprocess

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.constants
from scipy.integrate import solve_ivp

import brainlet as bl

ch = bl.channels
FARADAY, R = scipy.constants.physical_constants['Faraday constant'][0], scipy.constants.R


def ghk_textbook(P, V, ci, co, z, T):
    """I = P z² F² V/(RT) (ci − co e^{−zFV/RT})/(1 − e^{−zFV/RT}) in SI (V in volts, c in mol/m³ = mM, P in
    m/s), converted from A/m² to µA/cm²."""
    V, P = V * 1e-3, P * 1e-2
    u = z * FARADAY * V / (R * (T + 273.15))
    return 1e2 * P * z ** 2 * FARADAY ** 2 * V / (R * (T + 273.15)) * (ci - co * np.exp(-u)) / (1 - np.exp(-u))


@pytest.mark.parametrize('z, ci, co', [(2, 1e-4, 2.0), (1, 140.0, 5.0), (1, 10.0, 145.0), (-1, 10.0, 110.0)])
def test_ghk_current_is_the_textbook_formula(z, ci, co, x64):
    V = np.concatenate([np.linspace(-100.0, -0.5, 40), np.linspace(0.5, 80.0, 40)])
    expected = ghk_textbook(1e-5, V, ci, co, z, 34.0)
    # atol: brainlet's F and R are CODATA 2018 to 10 digits, which moves the zero crossing by ~1e-9 mV
    np.testing.assert_allclose(ch.ghk_current(1e-5, jnp.asarray(V), ci, co, z, 34.0), expected, rtol=1e-9,
                               atol=1e-9 * np.abs(expected).max())


def test_ghk_current_at_zero_voltage_value_and_gradient(x64):
    """At V = 0: I = P z F (ci − co); dI/dV = P z F (ci + co)/2 · zF/RT (the series of u/(1 − e^{−u}))."""
    P, ci, co, z, T = 2e-5, 1e-3, 2.0, 2, 20.0
    current = lambda V: ch.ghk_current(P, V, ci, co, z, T)
    np.testing.assert_allclose(float(current(0.0)), P * z * FARADAY * (ci - co), rtol=1e-9)
    slope = P * z * FARADAY * (ci + co) / 2 * z * FARADAY * 1e-3 / (R * (T + 273.15))
    np.testing.assert_allclose(float(jax.grad(current)(0.0)), slope, rtol=1e-8)
    h = 1e-3  # the textbook formula on either side agrees with both
    np.testing.assert_allclose((ghk_textbook(P, h, ci, co, z, T) - ghk_textbook(P, -h, ci, co, z, T)) / (2 * h),
                               slope, rtol=1e-6)
    np.testing.assert_allclose(float(current(1e-7)), ghk_textbook(P, 1e-7, ci, co, z, T), rtol=1e-8)


def test_ghk_current_finite_at_zero_in_float32():
    current = lambda V: ch.ghk_current(jnp.float32(2e-5), V, jnp.float32(1e-3), jnp.float32(2.0), 2, 20.0)
    assert np.isfinite(float(current(jnp.float32(0.0)))) and np.isfinite(float(jax.grad(current)(jnp.float32(0.0))))


@pytest.mark.parametrize('z, ci, co', [(2, 1e-4, 2.0), (1, 140.0, 5.0), (-1, 10.0, 110.0)])
def test_ghk_current_reverses_at_the_nernst_potential(z, ci, co, x64):
    E = 1e3 * R * 307.15 / (z * FARADAY) * np.log(co / ci)
    scale = abs(float(ch.ghk_current(1e-5, 0.0, ci, co, z, 34.0)))
    assert abs(float(ch.ghk_current(1e-5, E, ci, co, z, 34.0))) < 1e-9 * scale
    above, below = (float(ch.ghk_current(1e-5, E + dV, ci, co, z, 34.0)) for dV in (5.0, -5.0))
    assert above > 0 > below  # outward above the reversal, inward below


class ICa_HVA_GHK(ch.GHKCurrent, ch.ICa_HVA_Reuveni1993):
    """The high-voltage-activated calcium channel with GHK permeation instead of an ohmic driving force."""


def test_a_gated_channel_with_the_ghk_law(x64):
    V = jnp.array([-80.0, -60.0, -40.0, -20.0, -5.0, 20.0, 40.0])  # the textbook form loses digits near 0
    pool = ch.CalciumPool(ci_min=5e-5, co=2.0, T=34.0).bind('ca', 7)
    channel = ICa_HVA_GHK(P_max=5e-5).bind(7, jnp.full(7, -20.0), {'ca': pool})
    assert channel.reads_concentration == ('ca',) and channel.g_max == 0.0
    open_fraction = np.asarray(channel.m.value) ** 2 * np.asarray(channel.h.value)
    I, g = channel.current(V, {'ca': pool})
    np.testing.assert_allclose(I, open_fraction * ghk_textbook(5e-5, np.asarray(V), 5e-5, 2.0, 2, 34.0), rtol=1e-9)
    h = 1e-4
    numeric = (ghk_textbook(5e-5, np.asarray(V) + h, 5e-5, 2.0, 2, 34.0)
               - ghk_textbook(5e-5, np.asarray(V) - h, 5e-5, 2.0, 2, 34.0)) / (2 * h)
    np.testing.assert_allclose(g, open_fraction * numeric, rtol=1e-6)  # dI/dV of the GHK law, gates held
    I_at_E, _ = channel.current(pool.E.value, {'ca': pool})
    np.testing.assert_allclose(I_at_E, 0.0, atol=1e-12)


def test_ghk_channel_in_a_neuron_fills_the_pool(x64):
    cell = bl.neurons.CondNeuGroup(
        1, channels={'Na': ch.INa_HH1952(), 'K': ch.IK_HH1952(), 'L': ch.Leak(), 'Ca': ICa_HVA_GHK(P_max=1e-4)},
        ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.), 'ca': ch.CalciumPool()})
    mon = bl.DSRunner(cell, monitors=['spike', 'ions.ca.ci'], inputs=[('input', 10.0)], dt=0.025).run(30.0)
    assert mon['spike'].sum() >= 2 and mon['ions.ca.ci'].max() > 2e-4


def test_ghk_channel_errors_name_the_problem():
    with pytest.raises(ValueError, match=r'P_max must be >= 0 \(cm/s\)'):
        ICa_HVA_GHK(P_max=-1e-5)
    with pytest.raises(ValueError, match=r"channel 'Ca' \(ICa_HVA_GHK\) reads the concentration of ion 'ca'"):
        bl.neurons.CondNeuGroup(1, channels={'Ca': ICa_HVA_GHK(P_max=1e-5)}, ions={'ca': ch.FixedIon(120.)})


# ---- NEURON's cachan demo mechanism (shipped in the neuron wheel): the same GHK function and channel

class CaChanDemo(ch.GHKCurrent, ch.GatedChannel):
    """``cachan`` of NEURON's release demo: an HH m-like gate (rates at 6.3 °C, 2x slower), squared."""
    ion, gates = 'ca', {'oca': 2}

    def __init__(self, P_max):
        super().__init__(P_max, phi=0.5)

    def rates(self, V):
        v = V + 65.0
        return {'oca': (1.0 / bl.exprel(0.1 * (25.0 - v)), 4.0 * jnp.exp(-v / 18.0))}


@pytest.fixture(scope='module')
def cachan(tmp_path_factory):
    neuron = pytest.importorskip('neuron')
    demo = pathlib.Path(importlib.util.find_spec('neuron').origin).parent / '.data/share/nrn/demo/release'
    if not (demo / 'camchan.mod').exists():
        pytest.skip("the neuron wheel ships no demo/release/camchan.mod")
    build = tmp_path_factory.mktemp('cachan')
    shutil.copy(demo / 'camchan.mod', build)
    result = subprocess.run(['nrnivmodl', '.'], cwd=build, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    neuron.h.nrn_load_dll(str(next(build.glob('*/libnrnmech.so'), None) or next(build.glob('*/.libs/libnrnmech.so'))))
    return neuron.h


@pytest.mark.validation
def test_ghk_against_neuron_cachan(cachan, x64):
    """NEURON's ghk() of cachan (mC/cm³, so ica = pcabar·ghk in mA/cm²) is 10⁻³ × ghk_current with P = 1 cm/s;
    the steady-state ica after finitialize equals CaChanDemo's current (NEURON's tables off)."""
    h = cachan
    h.celsius, h.usetable_cachan = 22.0, 0
    V = np.array([-90.0, -40.0, -1e-6, 0.0, 1e-3, 25.0, 60.0])
    for ci, co in [(5e-5, 2.0), (1e-3, 1.5)]:
        theirs = [h.ghk_cachan(v, ci, co) for v in V]
        np.testing.assert_allclose(1e-3 * ch.ghk_current(1.0, jnp.asarray(V), ci, co, 2, 22.0), theirs, rtol=1e-8)
    sec = h.Section(name='cachan_test')
    sec.insert('cachan')
    sec(0.5).pcabar_cachan = 2e-5
    h.cai0_ca_ion, h.cao0_ca_ion = 5e-5, 2.0
    pool = ch.CalciumPool(ci_min=5e-5, co=2.0, T=22.0).bind('ca', 1)
    for v in V:
        h.finitialize(v)
        channel = CaChanDemo(P_max=2e-5).bind(1, v, {'ca': pool})
        ours = 1e-3 * float(channel.current_density(jnp.array([v]), {'ca': pool})[0])
        assert ours == pytest.approx(sec(0.5).ica, rel=1e-8, abs=1e-18)


# ---- the buffered calcium pool

def run_pool(pool, I, steps, dt):
    """[Ca]i after each of ``steps`` steps of a constant (or per-step) current density I (µA/cm²)."""
    out = []
    for k in range(steps):
        pool.update(jnp.array([I[k] if np.ndim(I) else I]), k * dt, dt)
        out.append(float(pool.ci.value[0]))
    return np.array(out)


def influx_of(I, gamma=1.0, depth=0.1):
    """mM/ms into a shell of ``depth`` µm for a calcium current density I (µA/cm², inward negative)."""
    return -1e4 * gamma * I * 1e-3 / (2 * FARADAY * depth)


def test_without_removal_total_calcium_rises_by_the_entry(x64):
    """With decay = ∞ and constant inward current, free + bound calcium rises linearly at the influx, and
    free calcium is the positive root of c + B c/(K + c) = total; the scheme is exact here (to round-off; the
    tolerance is for F, which brainlet rounds to 10 digits)."""
    B, K, I, dt = 0.05, 1e-3, -10.0, 0.1
    pool = ch.BufferedCalciumPool(B_tot=B, K_d=K, decay=np.inf, ci_min=1e-4).bind('ca', 1)
    free = run_pool(pool, I, 100, dt)
    t = dt * np.arange(1, 101)
    total = 1e-4 + B * 1e-4 / (K + 1e-4) + influx_of(I) * t
    np.testing.assert_allclose(free + B * free / (K + free), total, rtol=1e-10)
    b = K + B - total
    np.testing.assert_allclose(free, (-b + np.sqrt(b * b + 4 * K * total)) / 2, rtol=1e-9)
    np.testing.assert_allclose(float(pool.bound()[0]), total[-1] - free[-1], rtol=1e-10)
    assert free[-1] > 1e-3  # the run crosses K_d: the buffer saturates, not a linear regime


def test_linear_buffer_slows_the_pool_by_one_plus_kappa(x64):
    """Far below K_d the buffer is linear, bound = κ [Ca] with κ = B/K: d[Ca]/dt = (influx − ([Ca] −
    min)/τ)/(1 + κ), an exponential approach to min + influx τ with time constant τ (1 + κ), which the step
    follows exactly at any dt. κ = 19 with K_d = 10⁵ mM: the deviation from linearity, 2 [Ca]/K_d, is below
    1e-6."""
    kappa, tau, I, dt = 19.0, 80.0, -2.0, 1.0
    pool = ch.BufferedCalciumPool(B_tot=kappa * 1e5, K_d=1e5, decay=tau, ci_min=1e-4).bind('ca', 1)
    free = run_pool(pool, I, 400, dt)
    t = dt * np.arange(1, 401)
    fixed = 1e-4 + influx_of(I) * tau
    np.testing.assert_allclose(free, fixed + (1e-4 - fixed) * np.exp(-t / (tau * (1 + kappa))), rtol=1e-6)


def test_saturable_buffer_against_radau(x64):
    """The rapid-buffer ODE d[Ca]/dt = β([Ca]) (influx − ([Ca] − min)/τ) under a 20 ms pulse, solved by
    Radau at rtol 1e-11. Written for the total calcium T, the step is exponential Euler with the exact
    slope dṪ/dT = −β/τ (exponential Rosenbrock–Euler), second order: the gap quarters when dt halves
    (measured 4.0), 5e-6 relative at dt = 0.1 ms."""
    B, K, tau, on, end = 0.003, 0.001, 20.0, 20.0, 60.0

    def rhs(t, y, I):
        beta = 1 / (1 + B * K / (K + y[0]) ** 2)
        return [beta * (influx_of(I) - (y[0] - 1e-4) / tau)]

    pulse = solve_ivp(rhs, (0, on), [1e-4], method='Radau', rtol=1e-11, atol=1e-15, dense_output=True, args=(-4.0,))
    decay = solve_ivp(rhs, (on, end), pulse.y[:, -1], method='Radau', rtol=1e-11, atol=1e-15, dense_output=True,
                      args=(0.0,))
    ts = np.array([10.0, 20.0, 30.0, 60.0])
    ref = np.where(ts <= on, pulse.sol(np.minimum(ts, on))[0], decay.sol(np.maximum(ts, on))[0])
    gaps = []
    for dt in (0.2, 0.1):
        steps = int(round(end / dt))
        I = np.where(np.arange(steps) * dt < on, -4.0, 0.0)
        free = run_pool(ch.BufferedCalciumPool(B_tot=B, K_d=K, decay=tau).bind('ca', 1), I, steps, dt)
        gaps.append(np.max(np.abs(free[np.round(ts / dt).astype(int) - 1] - ref) / ref))
    assert gaps[1] < 1e-5
    assert 3.5 < gaps[0] / gaps[1] < 4.5, gaps


def test_without_buffer_it_is_the_calcium_pool(x64):
    """B_tot = 0: the same [Ca]i and E as CalciumPool with the same parameters, to round-off, under a varying
    current."""
    I = -3.0 * np.sin(np.linspace(0, 6 * np.pi, 400)) ** 2
    plain = ch.CalciumPool(gamma=0.05, decay=80.0, depth=0.1).bind('ca', 1)
    buffered = ch.BufferedCalciumPool(B_tot=0.0, gamma=0.05, decay=80.0, depth=0.1).bind('ca', 1)
    np.testing.assert_allclose(run_pool(buffered, I, 400, 0.25), run_pool(plain, I, 400, 0.25), rtol=1e-12)
    np.testing.assert_allclose(buffered.E.value, plain.E.value, rtol=1e-12)


def test_buffered_pool_in_a_neuron_with_calcium_activated_channels(x64):
    """The buffer slows the calcium rise during spiking: [Ca]i stays below the unbuffered pool's."""
    def run(pool):
        cell = bl.neurons.CondNeuGroup(
            1, channels={'Na': ch.INa_HH1952(), 'K': ch.IK_HH1952(), 'L': ch.Leak(),
                         'Ca': ch.ICa_HVA_Reuveni1993(1.0), 'SK': ch.ISK_Kohler1996(0.1)},
            ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.), 'ca': pool})
        return bl.DSRunner(cell, monitors=['ions.ca.ci'], inputs=[('input', 10.0)], dt=0.025).run(30.0)['ions.ca.ci']

    buffered, plain = run(ch.BufferedCalciumPool(gamma=0.05)), run(ch.CalciumPool(gamma=0.05))
    assert plain.max() > 2e-4 and buffered.max() < plain.max()


def test_buffered_pool_errors_name_the_problem():
    with pytest.raises(ValueError, match=r'B_tot must be >= 0 \(mM\)'):
        ch.BufferedCalciumPool(B_tot=-0.1)
    with pytest.raises(ValueError, match=r'K_d must be > 0 \(mM\)'):
        ch.BufferedCalciumPool(K_d=0.0)
    with pytest.raises(ValueError, match='decay must be > 0'):
        ch.BufferedCalciumPool(decay=0.0)
    with pytest.raises(ValueError, match=r"a CalciumPool is the ion 'ca', not 'k'"):
        ch.BufferedCalciumPool().bind('k', 1)
