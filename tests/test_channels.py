"""Channels and ions: steady states are fixed points, conductance is dI/dV, rates are finite at their
removable singularities, Nernst potentials match the physical constants, and bad input is refused."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.constants

import brainlet as bl

ch = bl.channels
IONS = {'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)}
GATED = [ch.INa_HH1952, ch.IK_HH1952]


def bound(cls, V):
    return cls().bind(len(V), V)


@pytest.mark.parametrize('cls', GATED)
def test_steady_state_is_a_fixed_point_of_the_gates(cls, x64):
    V = jnp.linspace(-100.0, 50.0, 31)
    channel = bound(cls, V)
    start = {x: getattr(channel, x).value for x in cls.gates}
    for step in range(400):  # 10 ms at dt = 0.025
        channel.update(V, IONS, step * 0.025, 0.025)
    for x in cls.gates:
        np.testing.assert_allclose(getattr(channel, x).value, start[x], atol=1e-12)


@pytest.mark.parametrize('cls', GATED + [ch.Leak])
def test_conductance_is_the_derivative_of_the_current(cls, x64):
    V = jnp.linspace(-90.0, 30.0, 7)
    channel = bound(cls, jnp.full(7, -60.0))  # gates held at their values for -60 mV
    ions = {name: ion.bind(name, 7) for name, ion in IONS.items()}
    I, g = channel.current(V, ions)
    dI_dV = jax.vmap(jax.grad(lambda v: channel.current(v[None], ions)[0][0]))(V)
    np.testing.assert_allclose(g, dI_dV, rtol=1e-10)


@pytest.mark.parametrize('cls, gate, V', [(ch.INa_HH1952, 'm', -40.0), (ch.IK_HH1952, 'n', -55.0)])
def test_rates_finite_with_gradient_at_singular_voltage(cls, gate, V):
    channel = cls()
    alpha = lambda v: channel.rates(v)[gate][0]
    near = (float(alpha(V + 1e-2)) + float(alpha(V - 1e-2))) / 2
    assert float(alpha(V)) == pytest.approx(near, rel=1e-4)
    assert np.isfinite(float(jax.grad(alpha)(V)))


def test_nernst_potential_matches_physical_constants(x64):
    # K+ at 37 °C, 140 mM inside, 5 mM outside: E = RT/F ln(5/140), about -89 mV (Hille 2001)
    ion = ch.NernstIon(ci=140.0, co=5.0, T=37.0).bind('k', 2)
    expected = 1e3 * scipy.constants.R * 310.15 / scipy.constants.physical_constants['Faraday constant'][0] \
        * np.log(5 / 140)
    np.testing.assert_allclose(ion.E.value, expected, rtol=1e-6)
    ca = ch.NernstIon(ci=1e-4, co=2.0, T=37.0).bind('ca', 1)  # divalent: half the slope
    np.testing.assert_allclose(float(ca.E.value[0]), expected / np.log(5 / 140) * np.log(2 / 1e-4) / 2, rtol=1e-6)


def test_errors_name_the_problem():
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
