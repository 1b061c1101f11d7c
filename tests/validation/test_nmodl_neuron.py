"""Mechanisms translated by ``load_nmodl`` against NEURON running the same ``.mod`` files.

Every ``.mod`` file of the ``bmtk`` wheel is read from the installed package at test time (never copied
here); NEURON runs them compiled with ``nrnivmodl`` (the session fixture ``h`` of ``conftest.py``, which also
compiles the two small mechanisms of ``EXTRA_MECHANISMS`` for derivimplicit, TABLE and a SOLVE'd
PROCEDURE). At 34 °C and dt = 0.025 ms, in float64:

- voltage clamp: NEURON clamps five compartments (SEClamp, 1 kΩ series resistance) from −70 mV to −100,
  −60, −30, 0 and 20 mV and back; brainlet's mechanism follows NEURON's recorded voltage, and every STATE and
  the mechanism's current are compared at every step. NEURON computes the current of step n with the
  voltage and states of step n − 1 and then advances the states with the new voltage; the test does the same.
- current clamp: one compartment per stimulus with a leak and the mechanism (and CaDynamics, itself
  translated, for calcium) under current steps below any regenerative event; the membrane potential is
  compared over 100 ms.
- synapses (POINT_PROCESS with NET_RECEIVE, written in ``conftest.py``): a soma with a leak receives events
  (NEURON: ``NetCon.event``); its voltage and the synapse's STATEs are compared over 60 ms.
"""
import importlib.util
import math
import pathlib

import brainpy.math as bm
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl
from brainlet.channels._nmodl import NmodlError

pytestmark = pytest.mark.validation
neuron = pytest.importorskip('neuron')
if importlib.util.find_spec('bmtk') is None:
    pytest.skip('bmtk (which ships the mod files) is not installed', allow_module_level=True)
MOD_DIR = pathlib.Path(importlib.util.find_spec('bmtk').origin).parent / 'utils/scripts/bionet/mechanisms/modfiles'

ch = bl.channels
DT, CELSIUS, AREA = 0.025, 34.0, 100.0  # ms, °C, µm²
# bmtk files load_nmodl refuses, with the construct it names
NOT_TRANSLATED = {'vecevent.mod': 'ARTIFICIAL_CELL'}  # VecStim: an event source with NET_RECEIVE and VERBATIM
MECHANISMS = sorted(p.stem for p in MOD_DIR.glob('*.mod') if p.name not in NOT_TRANSLATED) + ['bl_adapt', 'bl_kimp']
CHANNELS = [m for m in MECHANISMS if m != 'CaDynamics']
GBAR = {'Ca_HVA': 1e-4, 'Ca_LVA': 1e-3, 'Ih': 1e-4, 'Nap': 1e-4}  # S/cm²; 1e-3 for the others
CALCIUM = {'Ca_HVA': ('Ca_HVA',), 'Ca_LVA': ('Ca_LVA',), 'SK': ('Ca_HVA', 'SK')}  # what a compartment holds
_classes = {}


@pytest.fixture(scope='module', autouse=True)
def translated(extra_mechanisms):
    """Every mechanism of the comparison, translated once."""
    for name in MECHANISMS:
        path = MOD_DIR / f'{name}.mod'
        _classes[name] = ch.load_nmodl(path if path.exists() else extra_mechanisms[name])


def gbar_name(name):
    return 'g' if name == 'bl_adapt' else 'gbar'


def make_channel(name):
    return _classes[name](celsius=CELSIUS, **{gbar_name(name): GBAR.get(name, 1e-3)})


def test_every_bmtk_file_loads_or_names_what_it_lacks():
    for path in sorted(MOD_DIR.glob('*.mod')):
        if path.name in NOT_TRANSLATED:
            with pytest.raises(NmodlError, match=rf'{path.name}:\d+:\d+: .*{NOT_TRANSLATED[path.name]}'):
                ch.load_nmodl(path)
        else:
            mech = ch.load_nmodl(path)
            assert issubclass(mech, ch.Channel if path.stem != 'CaDynamics' else ch.Ion) and mech.suffix == path.stem
    assert len(MECHANISMS) == 16 + 2


def compartments(h, count, mechanisms):
    sections = []
    for _ in range(count):
        sec = h.Section(name='compartment')
        sec.L = sec.diam = math.sqrt(AREA / math.pi)  # lateral area AREA; NEURON ignores the end caps
        sec.nseg, sec.cm = 1, 1.0
        for mechanism in mechanisms:
            sec.insert(mechanism)
            if mechanism not in ('CaDynamics', 'pas'):
                setattr(sec, f'{gbar_name(mechanism)}_{mechanism}', GBAR.get(mechanism, 1e-3))
        for ion, E in (('ena', 50.0), ('ek', -85.0)):
            if hasattr(sec(0.5), ion):
                setattr(sec, ion, E)
        sections.append(sec)
    return sections


def run(h, tstop, v_init):
    h.celsius, h.dt, h.steps_per_ms = CELSIUS, DT, 1.0 / DT
    if hasattr(h, 'usetable_bl_kimp'):
        h.usetable_bl_kimp = 0  # brainlet evaluates TABLE'd procedures directly
    h.finitialize(v_init)
    h.continuerun(tstop)


def brainlet_ions(mechanisms):
    ions = {'na': ch.FixedIon(50.0), 'k': ch.FixedIon(-85.0)}
    if any(m in CALCIUM for m in mechanisms):
        ions['ca'] = _classes['CaDynamics'](celsius=CELSIUS)
    return ions


class Clamped(bl.NeuGroup):
    """Patches whose voltage the runner writes each step, with channels and ions stepped as NEURON does."""

    def __init__(self, channels, ions, V0):
        super().__init__(len(V0))
        self.V, self.V_previous = bm.Variable(jnp.asarray(V0)), bm.Variable(jnp.asarray(V0))
        self.ions = {name: ion.bind(name, self.num) for name, ion in ions.items()}
        self.channels = {name: c.bind(self.num, self.V.value, self.ions) for name, c in channels.items()}
        self.I = bm.Variable(jnp.zeros(self.num))

    def update(self, t, dt):
        V_previous, V = self.V_previous.value, self.V.value
        currents = {name: c.current(V_previous, self.ions)[0] for name, c in self.channels.items()}
        for name, ion in self.ions.items():
            carried = [currents[n] for n, c in self.channels.items() if c.ion == name]
            ion.update(sum(carried, jnp.zeros(self.num)), t, dt)
        for c in self.channels.values():
            c.update(V, self.ions, t, dt)
        self.I.value = list(currents.values())[-1]
        self.V_previous.value = V


TARGETS = (-100.0, -60.0, -30.0, 0.0, 20.0)


@pytest.mark.parametrize('name', CHANNELS)
def test_states_and_current_under_voltage_clamp(h, x64, name):
    mechanisms = CALCIUM.get(name, (name,)) + (('CaDynamics',) if name in CALCIUM else ())
    sections = compartments(h, len(TARGETS), mechanisms)
    channel = make_channel(name)
    compared = channel.state_names or ('a',)  # bl_adapt has no STATE: its ASSIGNED a, carried between steps
    records = {'v': [], 'i': [], 'cai': [], **{x: [] for x in compared}}
    current = {None: f'i_{name}', 'k': 'ik', 'na': 'ina', 'ca': 'ica'}[channel.ion]
    current = {'Ih': 'ihcn_Ih'}.get(name, current)
    clamps = []
    for sec, target in zip(sections, TARGETS):
        clamp = h.SEClamp(sec(0.5))
        clamp.rs = 1e-3
        for i, (duration, voltage) in enumerate([(20.0, -70.0), (100.0, target), (30.0, -70.0)], start=1):
            setattr(clamp, f'dur{i}', duration)
            setattr(clamp, f'amp{i}', voltage)
        clamps.append(clamp)
        records['v'].append(h.Vector().record(sec(0.5)._ref_v))
        records['i'].append(h.Vector().record(getattr(sec(0.5), f'_ref_{current}')))
        for x in compared:
            records[x].append(h.Vector().record(getattr(sec(0.5), f'_ref_{x}_{name}')))
        if name in CALCIUM:
            records['cai'].append(h.Vector().record(sec(0.5)._ref_cai))
    run(h, 150.0, -70.0)
    ref = {k: np.array([np.array(r) for r in rs]).T for k, rs in records.items() if rs}  # (time, compartment)
    channels = {m: make_channel(m) for m in CALCIUM.get(name, (name,))}
    clamped = Clamped(channels, brainlet_ions(mechanisms), ref['v'][0])
    monitors = {'I': 'I', **{x: f'channels.{name}.{x}' for x in compared}}
    if name in CALCIUM:
        monitors['cai'] = 'ions.ca.ci'
    mon = bl.DSRunner(clamped, monitors=list(monitors.values()), inputs=[('V', ref['v'][1:], 'iter', '=')],
                      dt=DT).run(DT * (len(ref['v']) - 1))
    for key, path in monitors.items():
        ours, theirs = mon[path], ref['i' if key == 'I' else key][1:]
        # NEURON's mA/cm² are brainlet's µA/cm² / 1000
        ours = ours * 1e-3 if key == 'I' else ours
        scale = np.max(np.abs(theirs), axis=0)
        np.testing.assert_allclose(ours / scale, theirs / scale, atol=1e-9, rtol=0, err_msg=f'{name}.{key}')
    assert max(np.ptp(ref[x]) for x in compared) > 1e-3  # the steps moved the gates


def neuron_current_clamp(h, mechanisms, stimuli, tstop):
    sections = compartments(h, len(stimuli), mechanisms + ('pas',))
    traces, clamps = [], []
    for sec, stimulus in zip(sections, stimuli):
        sec.g_pas, sec.e_pas = 3e-5, -70.0
        clamp = h.IClamp(sec(0.5))
        clamp.delay, clamp.dur, clamp.amp = 0.0, 1e9, stimulus * AREA * 1e-5  # µA/cm² → nA
        clamps.append(clamp)
        traces.append(h.Vector().record(sec(0.5)._ref_v))
    run(h, tstop, -70.0)
    return np.array([np.array(t) for t in traces]).T[1:]


# µA/cm², below any regenerative event for 100 ms (Nap alone is bistable: 0.1 starts its sodium plateau)
STIMULI = {'Nap': (-1.0, -0.5)}


@pytest.mark.parametrize('name', CHANNELS)
def test_membrane_potential_under_current_clamp(h, x64, name):
    mechanisms = CALCIUM.get(name, (name,)) + (('CaDynamics',) if name in CALCIUM else ())
    stimuli = STIMULI.get(name, (-1.0, 0.1, 0.25))
    v = neuron_current_clamp(h, mechanisms, stimuli, 100.0)
    channels = {'pas': ch.Leak(0.03, -70.0), **{m: make_channel(m) for m in CALCIUM.get(name, (name,))}}
    cell = bl.neurons.CondNeuGroup(len(stimuli), channels=channels, ions=brainlet_ions(mechanisms), V_initial=-70.0)
    V = bl.DSRunner(cell, monitors=['V'], inputs=[('input', jnp.asarray(stimuli))], dt=DT).run(100.0)['V']
    np.testing.assert_allclose(V, v, atol=0.1)
    assert np.ptp(v) > 0.5  # the stimulus moved the membrane by 5× the tolerance at least


SYNAPSES = {'bl_expsyn': ('g',), 'bl_exp2syn': ('A', 'B')}  # POINT_PROCESS with NET_RECEIVE, and its STATEs
EVENTS, WEIGHT = (5.0, 12.0, 13.0, 40.0), 0.002  # ms, µS


@pytest.mark.parametrize('name', SYNAPSES)
def test_a_point_process_receives_events_as_in_neuron(h, x64, extra_mechanisms, name):
    """A soma (20 µm, leak) with the synapse, events at EVENTS: NEURON's NetCon.event ↔ brainlet's
    ``event`` and ``event_weight`` written at the step that starts at the event time."""
    sec = h.Section(name='soma')
    sec.L = sec.diam = 20.0
    sec.nseg, sec.cm, sec.Ra = 1, 1.0, 100.0
    sec.insert('pas')
    sec.g_pas, sec.e_pas = 1e-4, -65.0
    syn = getattr(h, name)(sec(0.5))
    netcon = h.NetCon(None, syn)
    netcon.weight[0], netcon.delay = WEIGHT, 0.0
    records = {'V': h.Vector().record(sec(0.5)._ref_v),
               **{x: h.Vector().record(getattr(syn, f'_ref_{x}')) for x in SYNAPSES[name]}}
    h.celsius, h.dt, h.steps_per_ms = CELSIUS, DT, 1.0 / DT
    h.finitialize(-65.0)
    for t in EVENTS:
        netcon.event(t)
    h.continuerun(60.0)
    ref = {k: np.array(r)[1:] for k, r in records.items()}

    cell = bl.neurons.CableCell(bl.neurons.Morphology.cable(20.0, 20.0), nseg=1, Ra=100.0, cm=1.0, V_initial=-65.0)
    cell.paint('all', ch.Leak(0.1, -65.0))  # mS/cm²
    soma = int(np.argmax(cell.compartments.area))
    synapse = cell.place(soma, ch.load_nmodl(extra_mechanisms[name])(celsius=CELSIUS))
    steps = len(ref['V'])
    arrived = np.zeros((steps, 1), dtype=bool)
    arrived[np.round(np.asarray(EVENTS) / DT).astype(int)] = True
    mon = bl.DSRunner(cell, monitors=['V', *(f'point_processes.0.{x}' for x in SYNAPSES[name])],
                      inputs=[('point_processes.0.event', arrived, 'iter', '='),
                              ('point_processes.0.event_weight', WEIGHT * arrived, 'iter', '=')],
                      dt=DT).run(DT * steps)
    V = mon['V'][:, soma]
    np.testing.assert_allclose(V, ref['V'], atol=0.1)
    for x in SYNAPSES[name]:
        # the cell advances its point processes' states at the start of a step (as its channels), NEURON at
        # the end: brainlet's value after step k + 1 is NEURON's after step k, except at an event's step,
        # where brainlet's holds the event and NEURON recorded the state before it
        later = ~arrived[1:, 0]
        ours, theirs = mon[f'point_processes.0.{x}'][1:, 0][later], ref[x][:-1][later]
        np.testing.assert_allclose(ours / theirs.max(), theirs / theirs.max(), atol=1e-9, rtol=0, err_msg=x)
    assert np.ptp(ref['V']) > 1.0 and synapse.suffix == name
