"""W7 — Allen Cell-Types perisomatic cells, brainlet against NEURON with the same mod files.

Workload: the Allen perisomatic models of the ``bmtk`` wheel (Scnn1a 472363762, Rorb 473863510, Nr5a1
473863035, and the fast-spiking PV1 472912177 with the Markov sodium channel NaV; read in place), a 1 s step
of 0.2 nA into soma(0.5) from 100 ms, 1100 ms, dt = 0.025 ms.

- brainlet: ``bl.neurons.load_allen(swc, fit_json, mod_dir)`` (mechanisms translated by ``load_nmodl``),
  ``DSRunner``, float32 and float64; build, first run (compilation included) and a warm second run.
- NEURON: the mod files compiled with ``nrnivmodl`` into a temporary directory; the cell built by BMTK's own
  recipe (``Biophys1`` template, ``aibs_perisomatic``, ``nseg = 1 + 2 int(L/40)``); ``h.continuerun`` at
  fixed step (the mod files have no TABLE: NEURON's rates are exact).

Accuracy: spike count at the soma (upward crossings of −15 mV, BMTK's threshold) and the largest spike-time
difference from NEURON.

Usage::

    python benchmarks/w7_allen.py [--models Scnn1a Rorb Nr5a1 PV1] [--amp 0.2] [--repeat 3]
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import tempfile

import numpy as np

from _common import markdown_table, max_gap, print_machine, timed

DT, DELAY, DUR, TSTOP = 0.025, 100.0, 1000.0, 1100.0  # ms


def spike_times(v, threshold=-15.0):
    """Upward crossings of ``threshold`` (ms), interpolated within the step (``v[k]`` at t = (k + 1) dt)."""
    v = np.asarray(v)
    k = np.flatnonzero((v[:-1] < threshold) & (v[1:] >= threshold))
    return DT * (k + 1 + (threshold - v[k]) / (v[k + 1] - v[k]))


def neuron_mechanisms(mod_dir, build_dir):
    """``h`` with the mod files of ``mod_dir`` (but vecevent) compiled by nrnivmodl in ``build_dir`` and loaded."""
    from neuron import h
    for mod in pathlib.Path(mod_dir).glob('*.mod'):
        if mod.name != 'vecevent.mod':
            shutil.copy(mod, build_dir)
    subprocess.run(['nrnivmodl', '.'], cwd=build_dir, check=True, capture_output=True)
    h.nrn_load_dll(str(next(pathlib.Path(build_dir).glob('*/libnrnmech.so'))))
    h.load_file('stdrun.hoc')
    h.load_file('import3d.hoc')
    return h


def neuron_run(h, swc, fit_json, amp, repeat):
    import bmtk
    from bmtk.simulator.bionet.default_setters.cell_models import aibs_perisomatic
    from bmtk.simulator.bionet.morphology import Morphology as BmtkMorphology

    h.load_file(str(pathlib.Path(bmtk.__file__).parent / 'simulator/bionet/default_templates/Biophys1.hoc'))
    params = json.loads(pathlib.Path(fit_json).read_text())

    def build():
        cell = h.Biophys1(str(swc))
        aibs_perisomatic(cell, None, params)
        BmtkMorphology.load(hobj=cell).set_segment_dl(20.0)
        return cell

    build_s, cell = timed(build)
    soma = cell.soma[0]
    clamp = h.IClamp(soma(0.5))
    clamp.delay, clamp.dur, clamp.amp = DELAY, DUR, amp
    v = h.Vector().record(soma(0.5)._ref_v)
    h.celsius = params['conditions'][0]['celsius']
    h.dt, h.steps_per_ms = DT, 1 / DT

    def run():
        h.finitialize(params['conditions'][0]['v_init'])
        h.continuerun(TSTOP)
        return spike_times(np.array(v)[1:])

    runs = [timed(run) for _ in range(repeat)]
    return {'peer': 'neuron', 'segments': int(sum(sec.nseg for sec in cell.all)), 'build_s': build_s,
            'first_run_s': runs[0][0], 'warm_run_s': min(s for s, _ in runs), 'spike_times': runs[0][1].tolist()}


def brainlet_run(swc, fit_json, mod_dir, amp, repeat, x64):
    import jax
    import brainlet as bl

    with jax.enable_x64(x64):
        def build():
            cell = bl.neurons.load_allen(swc, fit_json, mod_dir)
            soma = cell.compartments.index(0, 0.5)
            cell.place(soma, bl.neurons.IClamp(DELAY, DUR, amp))
            return bl.DSRunner(cell, monitors={'soma': lambda: cell.V.value[soma]}, dt=DT)

        def run(runner):
            runner.target.reset_state()
            runner.t = 0.0
            mon = runner.run(TSTOP)
            return spike_times(mon['soma'])

        build_s, runner = timed(build)
        first_s, times = timed(lambda: run(runner))
        warm_s = min(timed(lambda: run(runner))[0] for _ in range(max(repeat - 1, 1)))
    return {'peer': 'brainlet', 'dtype': 'float64' if x64 else 'float32', 'compartments': runner.target.per_cell,
            'build_s': build_s, 'first_run_s': first_s, 'warm_run_s': warm_s, 'spike_times': times.tolist()}


def main():
    import brainlet as bl
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--models', nargs='+', default=['Scnn1a', 'Rorb', 'Nr5a1', 'PV1'],
                        choices=list(bl.neurons._allen.BMTK_MODELS))
    parser.add_argument('--amp', type=float, default=0.2, help='step amplitude (nA)')
    parser.add_argument('--repeat', type=int, default=3, help='runs of each simulator; the fastest warm run counts')
    args = parser.parse_args()

    print_machine()
    rows = []
    with tempfile.TemporaryDirectory() as build_dir:
        h = neuron_mechanisms(bl.neurons.bmtk_model(args.models[0])[2], build_dir)
        for name in args.models:
            swc, fit_json, mod_dir = bl.neurons.bmtk_model(name)
            reference = neuron_run(h, swc, fit_json, args.amp, args.repeat)
            records = [reference] + [brainlet_run(swc, fit_json, mod_dir, args.amp, args.repeat, x64)
                                     for x64 in (False, True)]
            for record in records:
                summary = {k: v for k, v in record.items() if k != 'spike_times'}
                print(json.dumps({'model': name, **summary}), flush=True)
                size = record.get('compartments', record.get('segments'))
                label = record['peer'] + (f" {record['dtype']}" if 'dtype' in record else '')
                ratio = f"{record['warm_run_s'] / reference['warm_run_s']:.2f}"
                rows.append([name, label, size, f"{record['build_s']:.2f}", f"{record['first_run_s']:.2f}",
                             f"{record['warm_run_s']:.2f}", ratio, len(record['spike_times']),
                             f"{max_gap(record['spike_times'], reference['spike_times']):.2g}"])
    print()
    print(markdown_table(['model', 'simulator', 'compartments (NEURON: segments)', 'build (s)', 'first run (s)',
                          'warm run (s)', 'warm / NEURON', 'spikes', 'max |Δt| vs NEURON (ms)'], rows))


if __name__ == '__main__':
    main()
