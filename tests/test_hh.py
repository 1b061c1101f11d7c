"""HH: the rate functions at their removable singularities, the resting state, and parameter errors.
Spike times against NEURON are in validation/test_hh_against_neuron.py."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.optimize import brentq

import brainlet as bl

HH = bl.neurons.HH


@pytest.mark.parametrize('rate, V, limit', [(HH.alpha_m, -40.0, 1.0), (HH.alpha_n, -55.0, 0.1)])
def test_rates_are_finite_at_their_removable_singularities(rate, V, limit):
    # alpha_m = 0.1 (V+40)/(1 - exp(-(V+40)/10)) -> 0.1 * 10 at V = -40; alpha_n likewise -> 0.01 * 10 at -55
    assert float(rate(V)) == pytest.approx(limit, rel=1e-6)
    slope = float(jax.grad(rate)(V))
    near = (float(rate(V + 1e-2)) - float(rate(V - 1e-2))) / 2e-2
    assert np.isfinite(slope) and slope == pytest.approx(near, rel=1e-3)


def steady_state_current(hh, V):
    m, h, n = (float(x) for x in hh.steady_gates(jnp.asarray(V)))
    return (hh.gNa * m ** 3 * h * (V - hh.ENa) + hh.gK * n ** 4 * (V - hh.EK) + hh.gL * (V - hh.EL))


def test_resting_potential_is_where_the_steady_state_current_vanishes_and_nothing_drifts(x64):
    probe = HH(1)
    V_rest = brentq(lambda V: steady_state_current(probe, V), -80.0, -60.0, xtol=1e-12)
    assert V_rest == pytest.approx(-65.0, abs=0.01)  # E_L = -54.387 was chosen for a rest at -65 mV
    hh = HH(1, V_initial=V_rest)
    runner = bl.DSRunner(hh, monitors=['V', 'm', 'h', 'n'], dt=0.025)
    runner.run(10.0)
    assert np.max(np.abs(runner.mon['V'] - V_rest)) < 1e-9
    for gate, x0 in zip('mhn', hh.steady_gates(jnp.asarray(V_rest))):
        assert np.max(np.abs(runner.mon[gate] - float(x0))) < 1e-12


def test_no_nan_when_the_voltage_sits_on_a_singularity():
    for V0 in (-40.0, -55.0):
        hh = HH(1, V_initial=V0)
        runner = bl.DSRunner(hh, monitors=['V'], dt=0.01, check_nan=True)
        assert np.isfinite(runner.run(5.0)['V']).all()


@pytest.mark.parametrize('kw, message', [({'C': 0.0}, r'C must be > 0 \(µF/cm²\)'), ({'C': -1.0}, 'C must be > 0'),
                                         ({'gNa': -1.0}, r'gNa must be >= 0 \(mS/cm²\)'),
                                         ({'gL': -0.1}, 'gL must be >= 0')])
def test_invalid_parameters(kw, message):
    with pytest.raises(ValueError, match=message):
        HH(1, **kw)
