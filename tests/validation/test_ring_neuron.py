"""A network of cable cells against NEURON: a ring of ball-and-stick cells in the manner of NEURON's ring test
(W8 of ../shared/BENCHMARKS.md, one ring).

Eight cells, soma 20 × 20 µm and a 200 × 2 µm dendrite of 11 compartments, Ra 100 Ω·cm, cm 1 µF/cm²; ``hh``
everywhere (``usetable_hh = 0``, 6.3 °C) and ``pas`` (1e-3 S/cm², −65 mV) on the dendrite. Cell k's somatic
spikes (upward crossings of 10 mV, NetCon's default threshold) drive cell k + 1 through an exponential
synapse (τ 2 ms, E 0 mV, 0.01 µS) at the dendrite's middle, 1 ms later; a 2 ms current pulse starts cell 0.
brainlet builds the eight cells as one population (a forest) and the ring as one projection with a delay;
both simulators take the same steps (dt 0.025 ms), so in float64 every spike time must agree to round-off.
"""
import numpy as np
import pytest

import brainlet as bl

pytestmark = pytest.mark.validation
neuron = pytest.importorskip('neuron')

CELLS, DT, DURATION, DEND_NSEG = 8, 0.025, 100.0, 11
SYN = dict(tau=2.0, E=0.0, weight=0.01, delay=1.0)      # ms, mV, µS, ms
PULSE = (1.0, 2.0, 0.5)                                  # delay ms, duration ms, nA


@pytest.fixture(scope='module')
def neuron_spikes():
    h = neuron.h
    h.load_file('stdrun.hoc')
    h.celsius, h.usetable_hh = 6.3, 0
    cells, keep = [], []
    for k in range(CELLS):
        soma, dend = h.Section(name=f'ring_soma{k}'), h.Section(name=f'ring_dend{k}')
        soma.L = soma.diam = 20
        dend.L, dend.diam, dend.nseg = 200, 2, DEND_NSEG
        dend.connect(soma(1))
        for sec in (soma, dend):
            sec.Ra, sec.cm = 100, 1
            sec.insert('hh')
        dend.insert('pas')
        for seg in dend:
            seg.pas.g, seg.pas.e = 1e-3, -65
        cells.append((soma, dend))
    times, ids = h.Vector(), h.Vector()
    for k, (soma, dend) in enumerate(cells):
        syn = h.ExpSyn(cells[(k + 1) % CELLS][1](0.5))
        syn.tau, syn.e = SYN['tau'], SYN['E']
        nc = h.NetCon(soma(0.5)._ref_v, syn, sec=soma)
        nc.threshold, nc.delay, nc.weight[0] = 10, SYN['delay'], SYN['weight']
        nc.record(times, ids, k)
        keep += [syn, nc]
    stim = h.IClamp(cells[0][0](0.5))
    stim.delay, stim.dur, stim.amp = PULSE
    h.dt, h.steps_per_ms = DT, 1 / DT
    h.finitialize(-65)
    h.continuerun(DURATION)
    return np.array(ids, dtype=int), np.array(times)


@pytest.mark.usefixtures('x64')
def test_ring_of_cable_cells_fires_as_neuron(neuron_spikes):
    ch = bl.channels
    morph = bl.neurons.Morphology.ball_and_stick(soma_diam=20., dend_length=200., dend_diam=2.)
    comps = morph.discretize(Ra=100., nseg=[1, DEND_NSEG], cm=1., junctions=True)  # NEURON's tree
    cells = bl.neurons.CableCell(comps, num=CELLS, V_initial=-65., V_th=10., spike_at=comps.index(0, 0.5),
                                 ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})
    cells.paint('all', ch.INa_HH1952(g_max=120.))
    cells.paint('all', ch.IK_HH1952(g_max=36.))
    cells.paint('all', ch.Leak(g_max=0.3, E=-54.3), name='hh_leak')
    cells.paint('dend', ch.Leak(g_max=1.0, E=-65.), name='pas')
    cells.place(comps.index(0, 0.5), bl.neurons.IClamp(*PULSE[:2], amp=np.eye(CELLS)[0] * PULSE[2]))
    ring = bl.synapses.Exponential(cells, cells.site(comps.index(1, 0.5)),
                                   bl.conn.FromIndices(np.arange(CELLS), (np.arange(CELLS) + 1) % CELLS),
                                   g_max=SYN['weight'], tau=SYN['tau'], E=SYN['E'], delay=SYN['delay'])
    mon = bl.DSRunner(bl.Network(cells=cells, ring=ring), monitors=['cells.spike'], dt=DT).run(DURATION)
    step, cell = np.nonzero(mon['cells.spike'])
    ours = sorted(zip(cell, mon.ts[step]), key=lambda s: (s[1], s[0]))
    ids, times = neuron_spikes
    theirs = sorted(zip(ids, times), key=lambda s: (s[1], s[0]))
    assert len(theirs) >= 2 * CELLS  # the activity goes round the ring at least twice
    assert [c for c, _ in ours] == [c for c, _ in theirs]
    np.testing.assert_allclose([t for _, t in ours], [t for _, t in theirs], atol=1e-6)
