"""Channels and ions: steady states are fixed points, conductance is dI/dV, rates are finite at their
removable singularities, Nernst potentials match the physical constants, and bad input is refused."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.constants

import brainlet as bl

ch = bl.channels
GATED = [ch.INa_HH1952, ch.IK_HH1952, ch.ICa_HVA_Reuveni1993, ch.ICa_LVA_Avery1996, ch.ISK_Kohler1996,
         ch.Ih_Kole2006, ch.IM_Adams1982, ch.INaP_Magistretti1999, ch.IKA_Korngreen2000, ch.IKP_Korngreen2000,
         ch.IKv3_1_Rettig1992, ch.IKd_Foust2011, ch.INaT_Colbert2002]


def ions_on(num):
    pool = ch.CalciumPool().bind('ca', num)
    pool.ci.value = jnp.full(num, 5e-4)  # SK half-activated: its steady state depends on [Ca]i
    return {'na': ch.FixedIon(50.).bind('na', num), 'k': ch.FixedIon(-77.).bind('k', num), 'ca': pool}


def bound(cls, V):
    return cls().bind(len(V), V, ions_on(len(V)))


@pytest.mark.parametrize('cls', GATED)
def test_steady_state_is_a_fixed_point_of_the_gates(cls, x64):
    V = jnp.linspace(-100.0, 50.0, 31)
    channel, ions = bound(cls, V), ions_on(len(V))
    start = {x: getattr(channel, x).value for x in cls.gates}
    for step in range(400):  # 10 ms at dt = 0.025
        channel.update(V, ions, step * 0.025, 0.025)
    for x in cls.gates:
        np.testing.assert_allclose(getattr(channel, x).value, start[x], atol=1e-12)


@pytest.mark.parametrize('cls', [c for c in GATED if c is not ch.INaP_Magistretti1999] + [ch.Leak])
def test_conductance_of_an_ohmic_channel_is_its_chord_conductance(cls, x64):
    """For I = g_max Π x^p (V - E) with the gates held, dI/dV = g_max Π x^p at every voltage."""
    V = jnp.linspace(-90.0, 30.0, 7)
    channel = bound(cls, jnp.full(7, -60.0))  # gates held at their values for -60 mV
    ions = ions_on(7)
    I, g = channel.current(V, ions)
    gates = getattr(cls, 'gates', {})
    chord = channel.g_max * np.prod([np.asarray(getattr(channel, x).value) ** p for x, p in gates.items()], axis=0)
    np.testing.assert_allclose(g, chord, rtol=1e-12)
    np.testing.assert_allclose(I, chord * (V - channel.reversal(ions)), rtol=1e-12)


def test_instantaneous_activation_enters_the_conductance(x64):
    """I = g m_inf(V) h (V - E): dI/dV = g h [m_inf + m_inf'(V) (V - E)], with m_inf' of the Boltzmann."""
    V = jnp.linspace(-80.0, 0.0, 5)
    channel = bound(ch.INaP_Magistretti1999, jnp.full(5, -60.0))
    _, g = channel.current(V, ions_on(5))
    m_inf = 1 / (1 + np.exp(-(np.asarray(V) + 52.6) / 4.6))
    expected = channel.g_max * np.asarray(channel.h.value) * (m_inf + m_inf * (1 - m_inf) / 4.6 * (np.asarray(V) - 50.0))
    np.testing.assert_allclose(g, expected, rtol=1e-10)


SINGULAR = [(ch.INa_HH1952, 'm', 0, -40.0), (ch.IK_HH1952, 'n', 0, -55.0), (ch.ICa_HVA_Reuveni1993, 'm', 0, -27.0),
            (ch.Ih_Kole2006, 'm', 0, -154.9), (ch.INaT_Colbert2002, 'm', 0, -40.0), (ch.INaT_Colbert2002, 'h', 1, -66.0)]


@pytest.mark.parametrize('cls, gate, which, V', SINGULAR)
def test_rates_finite_with_gradient_at_singular_voltage(cls, gate, which, V):
    channel = cls()
    rate = lambda v: channel.rates(v)[gate][which]
    near = (float(rate(V + 1e-2)) + float(rate(V - 1e-2))) / 2
    assert float(rate(V)) == pytest.approx(near, rel=1e-4)
    assert np.isfinite(float(jax.grad(rate)(V)))


@pytest.mark.parametrize('V', [-17.0, -64.4])
def test_persistent_sodium_inactivation_finite_at_its_singular_voltages(V):
    tau = lambda v: ch.INaP_Magistretti1999().kinetics(v, {})['h'][1]
    near = (float(tau(V + 1e-2)) + float(tau(V - 1e-2))) / 2
    assert float(tau(V)) == pytest.approx(near, rel=1e-4)
    assert np.isfinite(float(jax.grad(tau)(V)))


def test_nernst_potential_matches_physical_constants(x64):
    # K+ at 37 °C, 140 mM inside, 5 mM outside: E = RT/F ln(5/140), about -89 mV (Hille 2001)
    ion = ch.NernstIon(ci=140.0, co=5.0, T=37.0).bind('k', 2)
    expected = 1e3 * scipy.constants.R * 310.15 / scipy.constants.physical_constants['Faraday constant'][0] \
        * np.log(5 / 140)
    np.testing.assert_allclose(ion.E.value, expected, rtol=1e-6)
    ca = ch.NernstIon(ci=1e-4, co=2.0, T=37.0).bind('ca', 1)  # divalent: half the slope
    np.testing.assert_allclose(float(ca.E.value[0]), expected / np.log(5 / 140) * np.log(2 / 1e-4) / 2, rtol=1e-6)


def test_calcium_pool_steady_state_under_constant_influx(x64):
    """d[Ca]/dt = -1e4 γ i/(2 F d) - ([Ca] - min)/τ has the fixed point min - 1e4 γ i τ/(2 F d)."""
    pool = ch.CalciumPool(gamma=0.05, decay=80.0, depth=0.1, ci_min=1e-4).bind('ca', 1)
    I = -2.0  # µA/cm², inward
    for step in range(4000):  # 100 ms at 0.025 ms
        pool.update(jnp.array([I]), step * 0.025, 0.025)
    faraday = scipy.constants.physical_constants['Faraday constant'][0]
    fixed = 1e-4 - 1e4 * 0.05 * (I * 1e-3) * 80.0 / (2 * faraday * 0.1)
    approach = 1 - np.exp(-100.0 / 80.0)
    np.testing.assert_allclose(float(pool.ci.value[0]), 1e-4 + (fixed - 1e-4) * approach, rtol=1e-10)
    E = 1e3 * scipy.constants.R * 307.15 / (2 * faraday) * np.log(2.0 / float(pool.ci.value[0]))
    np.testing.assert_allclose(float(pool.E.value[0]), E, rtol=1e-6)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"channel 'SK' \(ISK_Kohler1996\) reads the concentration of ion 'ca'; "
                                         r"give it an ion that tracks one"):
        bl.neurons.CondNeuGroup(1, channels={'SK': ch.ISK_Kohler1996()},
                                ions={'k': ch.FixedIon(-85.), 'ca': ch.FixedIon(120.)})
    with pytest.raises(ValueError, match=r'gamma must be in \(0, 1\]'):
        ch.CalciumPool(gamma=0.0)
    with pytest.raises(ValueError, match='decay must be > 0'):
        ch.CalciumPool(decay=-1.0)
    with pytest.raises(ValueError, match=r"unknown ion 'mg': give its valence, or use one of na, k, ca, cl"):
        ch.NernstIon(1.0, 2.0).bind('mg', 1)
    with pytest.raises(ValueError, match=r'concentrations must be > 0 \(mM\)'):
        ch.NernstIon(0.0, 2.0)
    with pytest.raises(ValueError, match='g_max must be >= 0'):
        ch.INa_HH1952(g_max=-1.0)
    with pytest.raises(ValueError, match='g_max must be >= 0'):
        ch.Leak(g_max=-0.1)

    class NoIon(ch.GatedChannel):
        gates = {'x': 1}

    with pytest.raises(ValueError, match=r'NoIon carries no ion, so it needs its reversal potential E \(mV\)'):
        NoIon(1.0)
    with pytest.raises(NotImplementedError, match=r'NoIon must implement rates'):
        NoIon(1.0, E=0.0).bind(1, -65.0)
