"""W6 — parameter sweep.

Workload (W6): 10 000 single-compartment STG model neurons (Liu et al. 1998; Prinz, Billimoria & Marder
2003; ``bl.neurons.STGNeuron``, the papers' calcium), each with its own eight maximal conductances, drawn at
random from the grid of the Prinz et al. (2003) database: six equally spaced values from 0 to Na 500,
CaT 12.5, CaS 10, A 50, KCa 25, Kd 125, H 0.05, leak 0.05 mS/cm² (the published pyloric models lie on
it). 1000 ms from rest (−50 mV, gates at steady state), dt = 0.025 ms (40 000 steps), no input, float32,
in one call. Reported: neuron-seconds simulated per wall-second of the warm run.

Two ways of running the sweep:

* **group** — one ``STGNeuron(10_000, g={current: array of 10 000 values})`` under ``DSRunner``; monitors:
  the spike raster of every neuron and the voltage of a sample;
* **vmap** — ``jax.vmap`` over the conductances of ``bl.simulate`` on a one-neuron ``STGNeuron``
  (``params={'channels.Na.g_max': ..., ...}``), jitted, returning every neuron's spike raster.

Accuracy figures: (1) the spike counts of the two ways, neuron by neuron; (2) the sample (``--sample``
neurons, every 10 000/sample-th) run again in float64: identical spike counts, largest first-spike-time
difference, and the activity class (``bl.analysis.classify``) of the 1000 ms window in both precisions.

Usage::

    python benchmarks/w6_sweep.py [--n 10000] [--duration 1000] [--sample 100] [--no-vmap]
"""
import argparse

import jax
import jax.numpy as jnp
import numpy as np

import brainlet as bl
from _common import markdown_table, print_machine, timed

DT = 0.025
#: Largest value of each conductance on the Prinz et al. (2003) grid (mS/cm²); six values from 0 to it.
GRID_MAX = {'Na': 500., 'CaT': 12.5, 'CaS': 10., 'A': 50., 'KCa': 25., 'Kd': 125., 'H': 0.05, 'leak': 0.05}


def conductances(n, seed):
    rng = np.random.default_rng(seed)
    return {k: rng.integers(0, 6, n) * top / 5 for k, top in GRID_MAX.items()}


def first_spikes(spikes):
    return np.array([spikes[i][0] if len(spikes[i]) else np.nan for i in range(spikes.num)])


def run_group(g, duration, sample):
    cell = bl.neurons.STGNeuron(len(g['Na']), g=g)
    runner = bl.DSRunner(cell, monitors={'spike': 'spike', 'V': lambda: cell.V.value[sample]}, dt=DT)
    first, _ = timed(lambda: runner.run(duration))
    cell.reset_state()
    runner.t = 0.0
    warm, mon = timed(lambda: runner.run(duration))
    return first, warm, mon


def run_vmap(g, duration):
    one = bl.neurons.STGNeuron(1, g={k: float(v[0]) for k, v in g.items()})

    def raster(values):
        params = {f'channels.{k}.g_max': v for k, v in zip(GRID_MAX, values)}
        return bl.simulate(one, duration, DT, monitors=['spike'], params=params)['spike'][:, 0]

    sweep = jax.jit(jax.vmap(raster))
    values = jnp.stack([jnp.asarray(g[k], dtype=jnp.float32) for k in GRID_MAX], axis=1)
    first, _ = timed(lambda: np.asarray(sweep(values)))
    warm, spikes = timed(lambda: np.asarray(sweep(values)))
    return first, warm, spikes.T  # (steps, n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--n', type=int, default=10_000)
    parser.add_argument('--duration', type=float, default=1000.0)
    parser.add_argument('--sample', type=int, default=100)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--no-vmap', action='store_true')
    args = parser.parse_args()
    print_machine()

    g = conductances(args.n, args.seed)
    sample = np.arange(0, args.n, max(1, args.n // args.sample))[:args.sample]
    rows = []
    first, warm, mon = run_group(g, args.duration, sample)
    counts = mon['spike'].sum(axis=0)
    def row(way, first, warm):  # neuron-seconds simulated per wall-second of the warm call
        return [way, args.n, f'{first:.1f}', f'{warm:.1f}', f'{args.n * args.duration / 1e3 / warm:.0f}']

    rows.append(row('group (DSRunner)', first, warm))
    print(f'group: first {first:.2f} s, warm {warm:.2f} s, {counts.sum()} spikes', flush=True)
    if not args.no_vmap:
        v_first, v_warm, v_raster = run_vmap(g, args.duration)
        rows.append(row('vmap(simulate)', v_first, v_warm))
        same = np.mean(v_raster.sum(axis=0) == counts)
        print(f'vmap: first {v_first:.2f} s, warm {v_warm:.2f} s; spike counts equal to the group\'s for '
              f'{100 * same:.2f} % of neurons', flush=True)

    ours = bl.analysis.spike_times(mon.ts, V=mon['V'])
    with jax.enable_x64(True):
        reference = bl.neurons.STGNeuron(len(sample), g={k: v[sample] for k, v in g.items()})
        ref = bl.DSRunner(reference, monitors=['V'], dt=DT).run(args.duration)
        theirs = bl.analysis.spike_times(ref.ts, V=np.asarray(ref['V']))
    n32, n64 = np.bincount(ours.neuron, minlength=ours.num), np.bincount(theirs.neuron, minlength=theirs.num)
    gap = np.nanmax(np.abs(first_spikes(ours) - first_spikes(theirs)))
    k32, k64 = bl.analysis.classify(ours).kind, bl.analysis.classify(theirs).kind
    print(f'sample of {len(sample)}: spike counts float32 = float64 for {np.sum(n32 == n64)}, '
          f'max |first-spike time difference| {gap:.3f} ms, same class for {np.sum(k32 == k64)}; '
          f'classes (float64) {bl.analysis.classify(theirs).counts()}')
    print()
    print(markdown_table(['way', 'neurons', 'first call (s)', 'warm (s)', 'neuron-s per s'], rows))


if __name__ == '__main__':
    main()
