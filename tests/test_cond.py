"""CondNeuGroup: with the HH channels it is the foundation's HH neuron; with a leak alone, the analytic
passive membrane; input in nA through the area; errors."""
import numpy as np
import pytest

import brainlet as bl

ch = bl.channels


def hh_channels():
    return dict(channels={'Na': ch.INa_HH1952(), 'K': ch.IK_HH1952(), 'L': ch.Leak()},
                ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})


def test_hh_channels_reproduce_the_hh_neuron(x64):
    currents = np.array([2.0, 6.5, 10.0, 40.0])
    cond = bl.neurons.CondNeuGroup(4, V_th=20., **hh_channels())
    hh = bl.neurons.HH(4)
    ours = bl.DSRunner(cond, monitors=['V', 'spike'], inputs=[('input', currents)], dt=0.01).run(100.0)
    ref = bl.DSRunner(hh, monitors=['V', 'spike'], inputs=[('input', currents)], dt=0.01).run(100.0)
    np.testing.assert_allclose(ours['V'], ref['V'], atol=1e-8)  # the same arithmetic up to round-off
    np.testing.assert_array_equal(ours['spike'], ref['spike'])
    assert ref['spike'].sum() > 10


def test_leak_alone_gives_the_analytic_passive_decay(x64):
    cell = bl.neurons.CondNeuGroup(1, channels={'L': ch.Leak(g_max=0.1, E=-70.0)}, C=2.0, V_initial=-50.0)
    mon = bl.DSRunner(cell, monitors=['V'], dt=0.5).run(50.0)
    np.testing.assert_allclose(mon['V'][:, 0], -70.0 + 20.0 * np.exp(-0.1 * mon.ts / 2.0), rtol=1e-12)


def test_input_in_nanoampere_through_the_area():
    area = 250.0  # µm²; 10 µA/cm² is 10 * area * 1e-5 nA
    by_density = bl.neurons.CondNeuGroup(1, **hh_channels())
    by_current = bl.neurons.CondNeuGroup(1, area=area, **hh_channels())
    a = bl.DSRunner(by_density, monitors=['V'], inputs=[('input', 10.0)], dt=0.025).run(50.0)['V']
    b = bl.DSRunner(by_current, monitors=['V'], inputs=[('input', 10.0 * area * 1e-5)], dt=0.025).run(50.0)['V']
    np.testing.assert_allclose(a, b, atol=1e-3)


def test_variables_are_named_by_channel_and_ion():
    cell = bl.neurons.CondNeuGroup(2, **hh_channels())
    assert {'V', 'channels.Na.m', 'channels.Na.h', 'channels.K.n', 'ions.na.E'} <= set(cell.variables())
    mon = bl.DSRunner(cell, monitors=['channels.Na.m'], inputs=[('input', 10.0)], dt=0.025).run(5.0)
    assert mon['channels.Na.m'].max() > 0.5  # the sodium gate opens during the first spike


def test_missing_ion_and_bad_parameters():
    with pytest.raises(ValueError, match=r"channel 'Na' \(INa_HH1952\) carries ion 'na', which this neuron lacks; "
                                         r"ions given: k\. Add it to ions="):
        bl.neurons.CondNeuGroup(1, channels={'Na': ch.INa_HH1952()}, ions={'k': ch.FixedIon(-77.)})
    with pytest.raises(ValueError, match=r'C must be > 0 \(µF/cm²\)'):
        bl.neurons.CondNeuGroup(1, channels={'L': ch.Leak()}, C=-1.0)
    with pytest.raises(ValueError, match=r'area must be > 0 \(µm²\)'):
        bl.neurons.CondNeuGroup(1, channels={'L': ch.Leak()}, area=0.0)


def run_brainpy_hh(currents, duration, dt):
    """BrainPy's ``bp.dyn.HH`` (``exp_auto``: V, m, h, n all from the state at the start of the step)."""
    import brainpy as bp
    import brainpy.math as bm
    with bm.environment(dt=dt):          # float64 from the caller's jax.enable_x64 (x64=True here would leak)
        model = bp.dyn.HH(len(currents), ENa=50., gNa=120., EK=-77., gK=36., EL=-54.387, gL=0.3,  # BrainPy's gL
                          V_initializer=bp.init.Constant(-65.), method='exp_auto')                # default is 0.03
        runner = bp.DSRunner(model, monitors=['V'], progress_bar=False)
        runner.run(inputs=np.tile(currents, (int(round(duration / dt)), 1)))  # x of update(x), per step
        return np.asarray(runner.mon['V'])


@pytest.mark.parametrize('staggered', [False, True])
def test_unstaggered_step_is_brainpy_exponential_euler(x64, staggered):
    currents, dt = np.array([2.0, 6.5, 10.0, 40.0]), 0.05
    cond = bl.neurons.CondNeuGroup(4, V_th=20., staggered=staggered, **hh_channels())
    ours = bl.DSRunner(cond, monitors=['V'], inputs=[('input', currents)], dt=dt).run(50.0)['V']
    difference = np.abs(ours - run_brainpy_hh(currents, 50.0, dt)).max()
    if staggered:
        assert difference > 1.0       # a different (second-order) scheme: spikes move by a step or more
    else:
        assert difference < 1e-9      # the same arithmetic up to round-off
