"""The activity classifier (Prinz et al. 2003) on spike trains of known period, duty cycle and spikes per
burst, on voltages with analytic crossing times, and on the published STG model neurons."""
import numpy as np
import pytest

import brainlet as bl
from brainlet.analysis import classify, spike_times


def burster(period, spikes, isi, offset, duration):
    """Bursts of ``spikes`` spikes ``isi`` ms apart every ``period`` ms, the first burst at ``offset``."""
    starts = np.arange(offset, duration, period)
    return (starts[:, None] + isi * np.arange(spikes)).ravel()


def test_known_trains_are_classified_with_their_period_duty_cycle_and_spikes_per_burst():
    rng = np.random.default_rng(0)
    trains = [
        burster(1000., 5, 20., -30., 10000.)[2:],  # window starts inside a burst: that partial burst is skipped
        burster(650., 12, 8.5, 100., 6000.),
        np.arange(3.0, 5000., 47.),                 # tonic
        np.array([]),                               # silent
        np.cumsum(rng.exponential(40., 300)),       # Poisson: intervals vary, no regular cycle
        np.array([100., 400.]),                     # one interval: no complete cycle
    ]
    act = classify(trains)
    assert list(act.kind) == ['bursting', 'bursting', 'tonic', 'silent', 'irregular', 'irregular']
    np.testing.assert_allclose(act.period[:3], [1000., 650., 47.], rtol=1e-12)
    np.testing.assert_allclose(act.spikes_per_burst[:3], [5, 12, 1])
    np.testing.assert_allclose(act.duty_cycle[:2], [4 * 20. / 1000., 11 * 8.5 / 650.], rtol=1e-12)
    assert np.isnan(act.duty_cycle[2:]).all() and np.isnan(act.period[3])
    assert list(act.n_spikes) == [len(t) for t in trains]
    assert act.counts() == {'silent': 1, 'tonic': 1, 'bursting': 2, 'irregular': 2}


def test_period_jitter_within_the_tolerance_is_periodic_and_beyond_it_irregular():
    rng = np.random.default_rng(1)
    starts = np.cumsum(500. + rng.uniform(-1, 1, 20) * 500. * np.array([[0.05], [0.3]]), axis=1)
    trains = [(s[:, None] + 10. * np.arange(4)).ravel() for s in starts]
    act = classify(trains)
    assert list(act.kind) == ['bursting', 'irregular']
    # complete cycles run from the second burst on: the first burst follows no gap in the window
    np.testing.assert_allclose(act.period, [np.diff(s)[1:].mean() for s in starts], rtol=1e-12)


def test_spike_times_from_voltage_are_the_analytic_crossings():
    """V = −50 + 40 sin(2πt/T) crosses −20 mV upward at t = T·asin(3/4)/(2π) + kT; linear interpolation
    between samples 0.01 ms apart is within 1e-4 ms of it."""
    ts = np.arange(0., 200., 0.01)
    periods = np.array([10., 12.5, 40.])
    V = -50. + 40. * np.sin(2 * np.pi * ts[:, None] / periods)
    spikes = spike_times(ts, V=V)
    for i, T in enumerate(periods):
        exact = T * np.arcsin(0.75) / (2 * np.pi) + T * np.arange(200. // T + 1)
        exact = exact[exact < ts[-1]]
        np.testing.assert_allclose(spikes[i], exact, atol=1e-4)
    act = classify(spikes)
    assert list(act.kind) == ['tonic'] * 3
    np.testing.assert_allclose(act.period, periods, rtol=1e-6)


def test_spike_times_from_a_raster_and_a_list_agree():
    ts = np.arange(1, 1001) * 0.5
    raster = np.zeros((1000, 2), dtype=bool)
    raster[[9, 99, 199], 0] = True
    raster[[5], 1] = True
    spikes = spike_times(ts, spike=raster)
    np.testing.assert_array_equal(spikes[0], [5., 50., 100.])
    np.testing.assert_array_equal(spikes[1], [3.])
    assert spikes.num == 2


def test_published_stg_models_after_settling(tmp_path):
    """The isolated models of Prinz, Bucher & Marder (2004) with the papers' calcium, settled 30 s, over
    the next 5 s: AB/PD 1 and 3 burst, LP 1 and PY 3 fire tonically, PY 1 is silent (docs/pyloric.md;
    periods there: 1503, 1566, 176 and 16.9 ms; 17 and 19 spikes per burst)."""
    names = ['AB/PD 1', 'AB/PD 3', 'LP 1', 'PY 1', 'PY 3']
    cell = bl.settle(bl.neurons.STGNeuron(len(names), g=names), 30000., dt=0.025, cache_dir=tmp_path)
    mon = bl.DSRunner(cell, monitors=['V'], dt=0.025).run(5000.)
    act = classify(spike_times(mon.ts, V=mon['V']))
    assert list(act.kind) == ['bursting', 'bursting', 'tonic', 'silent', 'tonic']
    np.testing.assert_allclose(act.period[[0, 1, 2, 4]], [1503., 1566., 176., 16.9], rtol=0.01)
    np.testing.assert_array_equal(act.spikes_per_burst[:2], [17, 19])
    assert 0 < act.duty_cycle[0] < 1 and 0 < act.duty_cycle[1] < 1


@pytest.mark.parametrize('kwargs, message', [
    ({'burst_gap': 1.5}, 'burst_gap must be in'),
    ({'tolerance': 0.}, 'tolerance must be > 0'),
])
def test_bad_parameters_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        classify([np.arange(10.)], **kwargs)


def test_bad_spike_inputs_are_named():
    with pytest.raises(TypeError, match='exactly one of V='):
        spike_times(np.arange(3.))
    with pytest.raises(ValueError, match=r'steps = len\(ts\) = 3'):
        spike_times(np.arange(3.), V=np.zeros((4, 2)))
    with pytest.raises(TypeError, match='spikes must be SpikeTimes'):
        classify(np.zeros((3, 3)))
