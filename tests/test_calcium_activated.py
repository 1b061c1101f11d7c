"""BK channel (Moczydlowski & Latorre 1983): open probability against the closed form of the paper's scheme
R1, relaxation with its time constant, that it reads [Ca]i, and that a host without calcium refuses it."""
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.constants

import brainlet as bl

ch = bl.channels
FARADAY = scipy.constants.physical_constants['Faraday constant'][0]


def scheme_r1(V, ca, T=20.0):
    """Open probability of C ⇌ CCa ⇌ OCa ⇌ OCa2 with the Ca bindings in equilibrium: the open states hold
    OCa (1 + ca/K4), the closed ones CCa (1 + K1/ca), and OCa/CCa = β/α (paper's opening β = 0.48/ms,
    closing α = 0.28/ms); K_j(V) = K_j(0) exp(−2 δ_j F V/RT), K1(0) = 0.18 mM, δ1 = 0.84, K4(0) = 0.011 mM,
    δ4 = 1."""
    x = 2 * FARADAY * V * 1e-3 / (scipy.constants.R * (T + 273.15))
    K1, K4 = 0.18 * np.exp(-0.84 * x), 0.011 * np.exp(-1.0 * x)
    return 1 / (1 + (0.28 / 0.48) * (1 + K1 / ca) / (1 + ca / K4))


def host_ions(ci):
    pool = ch.CalciumPool().bind('ca', len(ci))
    pool.ci.value = jnp.asarray(ci, dtype=float)
    return {'k': ch.FixedIon(-90.).bind('k', len(ci)), 'ca': pool}


def test_open_probability_is_the_closed_form_of_scheme_r1(x64):
    V, ca = np.meshgrid([-80.0, -40.0, 0.0, 20.0, 60.0], [1e-4, 1e-3, 1e-2, 0.1, 1.0])
    V, ca = V.ravel(), ca.ravel()
    channel = ch.IBK_Moczydlowski1983().bind(len(V), V, host_ions(ca))  # starts at steady state
    expected = scheme_r1(V, ca)
    np.testing.assert_allclose(channel.o.value, expected, rtol=1e-9)  # F, R: brainlet rounds CODATA to 10 digits
    assert expected.min() < 1e-3 and expected.max() > 0.6  # the grid spans closed to mostly open


def test_temperature_enters_the_voltage_dependence(x64):
    V, ca = np.array([-30.0, 30.0]), np.array([1e-3, 1e-3])
    channel = ch.IBK_Moczydlowski1983(T=34.0).bind(2, V, host_ions(ca))
    np.testing.assert_allclose(channel.o.value, scheme_r1(V, ca, T=34.0), rtol=1e-9)


def test_gate_relaxes_with_the_scheme_time_constant(x64):
    """Gate at steady state for −60 mV, then held at +20 mV: o(t) = o∞ + (o0 − o∞) e^{−t(a+b)} with
    a = 0.48 ca/(ca + K1), b = 0.28 K4/(K4 + ca)."""
    ca = np.array([1e-3, 1e-2])
    ions = host_ions(ca)
    channel = ch.IBK_Moczydlowski1983().bind(2, jnp.full(2, -60.0), ions)
    o0 = np.asarray(channel.o.value)
    V = jnp.full(2, 20.0)
    for step in range(200):  # 5 ms at 0.025 ms
        channel.update(V, ions, step * 0.025, 0.025)
    x = 2 * FARADAY * 20.0 * 1e-3 / (scipy.constants.R * 293.15)
    a, b = 0.48 * ca / (ca + 0.18 * np.exp(-0.84 * x)), 0.28 * 0.011 * np.exp(-x) / (0.011 * np.exp(-x) + ca)
    o_inf = a / (a + b)
    np.testing.assert_allclose(channel.o.value, o_inf + (o0 - o_inf) * np.exp(-5.0 * (a + b)), rtol=1e-9)


def test_reads_calcium_and_carries_potassium(x64):
    V = jnp.zeros(3)
    channel = ch.IBK_Moczydlowski1983(g_max=2.0).bind(3, V, host_ions([1e-4, 1e-3, 1e-2]))
    assert np.all(np.diff(channel.o.value) > 0)  # more calcium, more open
    I, g = channel.current(V, host_ions([1e-4, 1e-3, 1e-2]))
    np.testing.assert_allclose(g, 2.0 * np.asarray(channel.o.value), rtol=1e-12)
    np.testing.assert_allclose(I, g * 90.0, rtol=1e-12)
    assert channel.ion == 'k' and channel.reads_concentration == ('ca',)


def test_in_a_neuron_calcium_entry_opens_it(x64):
    """HH spikes with a calcium channel and a pool: [Ca]i rises with the spikes and the BK gate with it."""
    cell = bl.neurons.CondNeuGroup(
        1, channels={'Na': ch.INa_HH1952(), 'K': ch.IK_HH1952(), 'L': ch.Leak(), 'CaHVA': ch.ICa_HVA_Reuveni1993(1.0),
                     'BK': ch.IBK_Moczydlowski1983(g_max=1.0)},
        ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.), 'ca': ch.CalciumPool()})
    mon = bl.DSRunner(cell, monitors=['spike', 'ions.ca.ci', 'channels.BK.o'], inputs=[('input', 10.0)],
                      dt=0.025).run(50.0)
    assert mon['spike'].sum() >= 3
    assert mon['ions.ca.ci'][-1, 0] > 3 * 1e-4 and mon['channels.BK.o'][-1, 0] > 3 * mon['channels.BK.o'][0, 0]


def test_a_host_without_calcium_concentration_refuses_it():
    message = r"channel 'BK' \(IBK_Moczydlowski1983\) reads the concentration of ion 'ca'; give it an ion that tracks"
    with pytest.raises(ValueError, match=message):
        bl.neurons.CondNeuGroup(1, channels={'BK': ch.IBK_Moczydlowski1983()}, ions={'k': ch.FixedIon(-90.)})
    with pytest.raises(ValueError, match=message):
        bl.neurons.CondNeuGroup(1, channels={'BK': ch.IBK_Moczydlowski1983()},
                                ions={'k': ch.FixedIon(-90.), 'ca': ch.FixedIon(120.)})


def test_bad_parameters_name_the_problem():
    with pytest.raises(ValueError, match=r'g_max must be >= 0 \(mS/cm²\)'):
        ch.IBK_Moczydlowski1983(g_max=-1.0)
    with pytest.raises(ValueError, match=r'k1 must be > 0 \(mM\)'):
        ch.IBK_Moczydlowski1983(k1=0.0)
    with pytest.raises(ValueError, match=r'bbar must be > 0 \(1/ms\)'):
        ch.IBK_Moczydlowski1983(bbar=-0.28)


def test_steady_state_is_a_fixed_point(x64):
    V = jnp.linspace(-100.0, 50.0, 31)
    ions = host_ions(np.full(31, 5e-3))
    channel = ch.IBK_Moczydlowski1983().bind(31, V, ions)
    start = channel.o.value
    for step in range(400):
        channel.update(V, ions, step * 0.025, 0.025)
    np.testing.assert_allclose(channel.o.value, start, atol=1e-12)
