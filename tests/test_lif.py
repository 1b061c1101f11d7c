"""LIF against its closed-form firing period for constant input."""
import numpy as np
import pytest

import brainlet as bl

V_REST, V_TH, TAU, TAU_REF = -65.0, -50.0, 10.0, 2.0


def analytic_period(I):
    """tau_ref + tau ln((V_inf - V_reset) / (V_inf - V_th)), V_inf = V_rest + I, V_reset = V_rest."""
    return TAU_REF + TAU * np.log(I / (I - (V_TH - V_REST)))


def test_firing_period_for_constant_input_matches_the_closed_form():
    dt = 0.01
    currents = np.array([14.0, 16.0, 20.0, 30.0, 60.0])  # mV; rheobase is V_th - V_rest = 15
    lif = bl.neurons.LIF(len(currents), V_rest=V_REST, V_reset=V_REST, V_th=V_TH, tau=TAU, tau_ref=TAU_REF)
    runner = bl.DSRunner(lif, monitors=['spike'], inputs=[('input', currents)], dt=dt)
    runner.run(1000.0)
    spikes = runner.mon['spike']
    assert spikes[:, 0].sum() == 0, 'below rheobase the neuron must stay silent'
    for i, I in enumerate(currents[1:], start=1):
        times = runner.mon.ts[spikes[:, i]]
        assert len(times) > 10
        # threshold crossings are detected at the end of the step they fall in: each period is off by < dt
        np.testing.assert_allclose(np.diff(times).mean(), analytic_period(I), atol=dt)
        np.testing.assert_allclose(times[0], analytic_period(I) - TAU_REF, atol=dt)


def test_voltage_is_clamped_at_reset_during_the_refractory_period():
    lif = bl.neurons.LIF(1, V_rest=V_REST, V_reset=-70.0, V_th=V_TH, tau=TAU, tau_ref=TAU_REF)
    runner = bl.DSRunner(lif, monitors=['V', 'spike'], inputs=[('input', 40.0)], dt=0.1)
    runner.run(50.0)
    first = np.argmax(runner.mon['spike'][:, 0])
    held = runner.mon['V'][first:first + 21, 0]  # the spike step, then 2 ms = 20 steps of refractoriness
    np.testing.assert_array_equal(held, -70.0)
    assert runner.mon['V'][first + 21, 0] > -70.0


@pytest.mark.parametrize('kw, message', [({'tau': 0.0}, 'tau must be > 0'), ({'tau_ref': -1.0}, 'tau_ref must be >= 0')])
def test_invalid_parameters(kw, message):
    with pytest.raises(ValueError, match=message):
        bl.neurons.LIF(3, **kw)
