"""Allen Cell-Types perisomatic models against NEURON built by BMTK's own recipe.

Each model of the ``bmtk`` wheel (morphology, ``*_fit.json`` and mod files, read in place) is built twice:
by ``bl.neurons.load_allen``, and in NEURON by BMTK's own functions — the ``Biophys1`` template (Import3d),
``aibs_perisomatic`` (``fix_axon_peri``: the 2 × 30 µm stub axon; ``set_params_peri``: passive properties,
genome, erev) and its segment rule (``Morphology.set_segment_dl(20)``: ``nseg = 1 + 2 int(L/40)``), with the
mechanisms compiled by ``nrnivmodl`` (the session fixture ``h``). ``celsius`` and ``v_init`` come from the
fit's conditions, as BMTK's run sets them. dt = 0.025 ms, float64; soma(0.5) is compared.

- spiking: a 1 s step of 0.2 nA from 100 ms (42, 29 and 19 spikes): the same number of spikes, each within
  0.5 ms (the issue's bar; measured 8e-4 ms for Scnn1a, 1.5e-3 ms for Rorb, 3.9e-3 ms for Nr5a1);
- subthreshold: a −0.1 nA step of 300 ms from 50 ms (the soma hyperpolarizes by several mV and Ih sags):
  the whole trace within 1e-3 mV (measured 8e-6 mV for Scnn1a, 4e-6 mV for Rorb);
- the spike gaps above come from NEURON keeping 3-D points in float32, which moves areas and resistances
  by ~2e-6 relative and spikes by ~1e-3 ms after 1 s of firing: with the morphology rounded to float32 as
  NEURON stores it, Scnn1a's spike times agree within 1e-4 ms (measured 1.6e-5 ms).

The models whose genome names ``NaV`` (a KINETIC scheme) run when ``load_nmodl`` translates it, and are
skipped until then.
"""
import importlib.util
import json
import pathlib

import numpy as np
import pytest

import brainlet as bl
from brainlet.channels._nmodl import NmodlError

pytestmark = pytest.mark.validation
neuron = pytest.importorskip('neuron')
if importlib.util.find_spec('bmtk') is None:
    pytest.skip('bmtk (which ships the Allen models) is not installed', allow_module_level=True)

DT = 0.025  # ms
SPIKING = dict(delay=100.0, dur=1000.0, amp=0.2, tstop=1100.0)      # ms, ms, nA, ms
SUBTHRESHOLD = dict(delay=50.0, dur=300.0, amp=-0.1, tstop=400.0)
V_TH = -15.0  # mV, BMTK's spike threshold (Pvalb spikes peak near -3 mV); crossings interpolated in the step


def neuron_soma_voltage(h, swc, fit_json, delay, dur, amp, tstop):
    """Soma(0.5) voltage of the model built by BMTK's functions on NEURON, one value per step after t = 0."""
    import bmtk
    from bmtk.simulator.bionet.default_setters.cell_models import aibs_perisomatic
    from bmtk.simulator.bionet.morphology import Morphology as BmtkMorphology

    h.load_file('import3d.hoc')
    h.load_file(str(pathlib.Path(bmtk.__file__).parent / 'simulator/bionet/default_templates/Biophys1.hoc'))
    params = json.loads(pathlib.Path(fit_json).read_text())
    cell = h.Biophys1(str(swc))
    aibs_perisomatic(cell, None, params)
    BmtkMorphology.load(hobj=cell).set_segment_dl(20.0)  # BMTK's default dL: nseg = 1 + 2 int(L / 40)
    soma = cell.soma[0]
    clamp = h.IClamp(soma(0.5))
    clamp.delay, clamp.dur, clamp.amp = delay, dur, amp
    v = h.Vector().record(soma(0.5)._ref_v)
    h.celsius = params['conditions'][0]['celsius']
    h.dt, h.steps_per_ms = DT, 1 / DT
    h.finitialize(params['conditions'][0]['v_init'])
    h.continuerun(tstop)
    return np.array(v)[1:]


def brainlet_soma_voltage(morphology, fit_json, mod_dir, delay, dur, amp, tstop):
    cell = bl.neurons.load_allen(morphology, fit_json, mod_dir)
    soma = cell.compartments.index(0, 0.5)
    cell.place(soma, bl.neurons.IClamp(delay, dur, amp))
    return bl.DSRunner(cell, monitors={'soma': lambda: cell.V.value[soma]}, dt=DT).run(tstop)['soma']


def spike_times(v):
    """Upward crossings of V_TH (ms), linearly interpolated between steps (v[k] is at t = (k + 1) dt)."""
    k = np.flatnonzero((v[:-1] < V_TH) & (v[1:] >= V_TH))
    return DT * (k + 1 + (V_TH - v[k]) / (v[k + 1] - v[k]))


def model_or_skip(name):
    swc, fit_json, mod_dir = bl.neurons.bmtk_model(name)
    try:
        bl.neurons.load_allen(swc, fit_json, mod_dir)
    except NmodlError as error:
        pytest.skip(f'a mechanism of {name} is not translated yet: {error}')
    return swc, fit_json, mod_dir


@pytest.mark.parametrize('name', ['Scnn1a', 'Rorb', 'Nr5a1', 'PV1', 'PV2'])
def test_spike_times_match_neuron(h, x64, name):
    swc, fit_json, mod_dir = model_or_skip(name)
    reference = spike_times(neuron_soma_voltage(h, swc, fit_json, **SPIKING))
    ours = spike_times(brainlet_soma_voltage(swc, fit_json, mod_dir, **SPIKING))
    assert len(reference) >= 5, reference  # several spikes: the comparison covers firing and adaptation
    assert len(ours) == len(reference), (ours, reference)
    gap = np.max(np.abs(ours - reference))
    print(f'{name}: {len(ours)} spikes, largest spike-time difference {gap:.2e} ms')
    assert gap < 0.5, gap


def as_float32(morphology):
    """``morphology`` with its points and diameters rounded to float32, as NEURON's ``pt3dadd`` stores them."""
    rounded = lambda x: x.astype(np.float32).astype(float)  # noqa: E731
    return bl.neurons.Morphology.from_sections([rounded(s.points) for s in morphology.sections],
                                               [rounded(s.diameters) for s in morphology.sections],
                                               morphology.parent, morphology.type, parent_x=morphology.parent_x)


def test_with_neurons_float32_points_spike_times_agree_closely(h, x64):
    swc, fit_json, mod_dir = bl.neurons.bmtk_model('Scnn1a')
    reference = spike_times(neuron_soma_voltage(h, swc, fit_json, **SPIKING))
    morphology = as_float32(bl.neurons.Morphology.from_file(swc))
    ours = spike_times(brainlet_soma_voltage(morphology, fit_json, mod_dir, **SPIKING))
    assert len(ours) == len(reference) >= 5
    gap = np.max(np.abs(ours - reference))
    print(f'Scnn1a with float32 points: largest spike-time difference {gap:.2e} ms')
    assert gap < 1e-4, gap


@pytest.mark.parametrize('name', ['Scnn1a', 'Rorb'])
def test_subthreshold_voltage_matches_neuron(h, x64, name):
    swc, fit_json, mod_dir = model_or_skip(name)
    reference = neuron_soma_voltage(h, swc, fit_json, **SUBTHRESHOLD)
    ours = brainlet_soma_voltage(swc, fit_json, mod_dir, **SUBTHRESHOLD)
    assert reference[0] - reference.min() > 3.0  # the step moved the soma by 3000× the tolerance at least
    gap = np.max(np.abs(ours - reference))
    print(f'{name}: subthreshold, largest |ΔV| {gap:.2e} mV')
    assert gap < 1e-3, gap
