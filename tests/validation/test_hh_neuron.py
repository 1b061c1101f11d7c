"""brainlet's HH neuron against NEURON's built-in ``hh`` mechanism (Hodgkin & Huxley 1952).

One isopotential compartment at 6.3 °C with NEURON's hh parameters (gnabar 0.12, gkbar 0.036, gl 0.0003
S/cm², el −54.3, ena 50, ek −77 mV, cm 1 µF/cm²) and a 10 µA/cm² step from t = 0 for 200 ms (14 spikes).
``h.usetable_hh = 0`` makes NEURON evaluate the rates exactly rather than interpolate a 1 mV table. Spike
times are upward crossings of 0 mV, linearly interpolated, found the same way in both voltage traces.

NEURON's fixed-step scheme is first order, so its own spike times at dt = 0.001 ms are off by a few
hundredths of a ms; Richardson extrapolation of its runs at dt = 0.001 and 0.0005 ms removes that error and
gives the reference for the convergence-order test.
"""
import math

import numpy as np
import pytest

import brainlet as bl

pytestmark = pytest.mark.validation
neuron = pytest.importorskip('neuron')

STEP = 10.0       # µA/cm²
DURATION = 200.0  # ms
V0 = -65.0        # mV


def crossings(t, V, threshold=0.0):
    """Times of upward threshold crossings, linearly interpolated between samples."""
    k = np.flatnonzero((V[:-1] < threshold) & (V[1:] >= threshold))
    return t[k] + (threshold - V[k]) * (t[k + 1] - t[k]) / (V[k + 1] - V[k])


@pytest.fixture(scope='module')
def neuron_spikes():
    """Spike times of NEURON's hh at dt = 0.001 and 0.0005 ms."""
    h = neuron.h
    h.load_file('stdrun.hoc')
    soma = h.Section(name='hh_soma')
    soma.L = soma.diam = math.sqrt(100.0 / math.pi)  # 100 µm² lateral area; NEURON ignores the end caps
    soma.nseg, soma.cm = 1, 1.0
    soma.insert('hh')
    soma(0.5).hh.el = -54.3
    h.celsius, h.usetable_hh = 6.3, 0
    clamp = h.IClamp(soma(0.5))
    clamp.delay, clamp.dur = 0.0, 1e9
    clamp.amp = STEP * soma(0.5).area() * 1e-5  # µA/cm² × µm² → nA
    v, t = h.Vector().record(soma(0.5)._ref_v), h.Vector().record(h._ref_t)
    spikes = {}
    for dt in (0.001, 0.0005):
        h.dt, h.steps_per_ms = dt, 1.0 / dt
        h.finitialize(V0)
        h.continuerun(DURATION)
        spikes[dt] = crossings(np.array(t), np.array(v))
    return spikes


def brainlet_spikes(dt):
    hh = bl.neurons.HH(1, EL=-54.3, V_initial=V0)
    runner = bl.DSRunner(hh, monitors=['V'], inputs=[('input', STEP)], dt=dt)
    runner.run(DURATION)
    t = np.concatenate([[0.0], runner.mon.ts])
    V = np.concatenate([[V0], runner.mon['V'][:, 0].astype(float)])
    return crossings(t, V)


@pytest.mark.parametrize('dt', [0.01, 0.025])
def test_spike_times_match_neuron(neuron_spikes, dt):
    reference = neuron_spikes[0.001]
    ours = brainlet_spikes(dt)  # float32, the default
    assert len(reference) == 14 and len(ours) == len(reference)
    assert np.max(np.abs(ours - reference)) < 0.05


def test_spike_times_converge_at_second_order(neuron_spikes, x64):
    exact = 2 * neuron_spikes[0.0005] - neuron_spikes[0.001]  # NEURON, first order, extrapolated to dt → 0
    errors = [np.max(np.abs(brainlet_spikes(dt) - exact)) for dt in (0.02, 0.01)]
    order = np.log2(errors[0] / errors[1])
    assert abs(order - 2.0) < 0.3, f'errors {errors} give order {order:.2f}'
