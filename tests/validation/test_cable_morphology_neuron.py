"""A real morphology against NEURON: an Allen Institute cell from the bmtk wheel (read in place), passive
everywhere (g = 1/20 000 S/cm², E = −65 mV) with NEURON's ``hh`` in the soma (``usetable_hh = 0``), Ra = 100
Ω·cm, cm = 1 µF/cm², NEURON's d_lambda rule, eight 2 ms pulses of 0.5 nA into the soma, every 50 ms from 50 ms
(each evokes a spike; a sustained step drives this small cell into depolarization block after one spike),
dt = 0.025 ms, 500 ms. The same file goes through NEURON's Import3d and brainlet's Morphology; the somatic voltage traces must
agree within 0.5 mV RMS (the issue's bar).
"""
import numpy as np
import pytest

import brainlet as bl

from test_morphology import bmtk_morphologies  # tests/ is on sys.path (its conftest)
from test_morphology_neuron import load_both

pytestmark = pytest.mark.validation
neuron = pytest.importorskip('neuron')

DT, DURATION = 0.025, 500.0  # ms
PULSES = [(50.0 + 50.0 * k, 2.0, 0.5) for k in range(8)]  # (delay ms, duration ms, nA)
G_PAS, E_PAS = 1 / 20_000.0, -65.0


@pytest.fixture(scope='module')
def neuron_trace():
    h = neuron.h
    h.load_file('stdrun.hoc')
    h.load_file('import3d.hoc')
    morph, sections, ids, cell = load_both(h, bmtk_morphologies()[0])
    for sec in sections:
        sec.nseg = int((sec.L / (0.1 * h.lambda_f(100, sec=sec)) + 0.9) / 2) * 2 + 1
        sec.insert('pas')
        for seg in sec:
            seg.pas.g, seg.pas.e = G_PAS, E_PAS
    soma = sections[list(ids).index(0)]
    soma.insert('hh')
    h.usetable_hh = 0
    h.celsius = 6.3  # hh's reference temperature; other tests in this process may have changed it
    stims = []
    for delay, duration, amp in PULSES:
        stims.append(h.IClamp(soma(0.5)))
        stims[-1].delay, stims[-1].dur, stims[-1].amp = delay, duration, amp
    v = h.Vector().record(soma(0.5)._ref_v)
    h.dt, h.steps_per_ms = DT, 1 / DT
    h.finitialize(-65)
    h.continuerun(DURATION)
    return morph, np.array(v)[1:]


@pytest.mark.usefixtures('x64')
def test_soma_voltage_of_a_real_cell_matches_neuron(neuron_trace):
    morph, reference = neuron_trace
    ch = bl.channels
    cell = bl.neurons.CableCell(morph, Ra=100.0, cm=1.0, nseg='d_lambda', V_initial=-65.,
                                ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})
    soma = cell.compartments.index(0, 0.5)
    cell.paint('all', ch.Leak(g_max=1e3 * G_PAS, E=E_PAS), name='pas')
    cell.paint('soma', ch.INa_HH1952(g_max=120.))
    cell.paint('soma', ch.IK_HH1952(g_max=36.))
    cell.paint('soma', ch.Leak(g_max=0.3, E=-54.3), name='hh_leak')
    for pulse in PULSES:
        cell.place(soma, bl.neurons.IClamp(*pulse))
    mon = bl.DSRunner(cell, monitors={'soma': lambda: cell.V.value[soma]}, dt=DT).run(DURATION)
    rms = np.sqrt(np.mean((mon['soma'] - reference) ** 2))
    spikes = np.sum((reference[:-1] < 0) & (reference[1:] >= 0))
    assert spikes == len(PULSES), spikes  # the soma fires: the comparison covers spikes, not only the passive response
    assert rms < 0.5, rms  # measured 5e-6 mV: the same tree (NEURON's nodes kept) and the same steps
