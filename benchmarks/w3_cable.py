"""W3 — HH cable, brainlet against NEURON and Jaxley.

Workload: one unbranched cable, L = 1000 µm, diam = 1 µm, Ra = 100 Ω·cm, cm = 1 µF/cm², HH (NEURON's ``hh``:
gNa 0.12, gK 0.036, gL 0.0003 S/cm², E_L −54.3 mV) in every compartment, IClamp 0.1 nA at x = 0 from t = 0,
V(0) = −65 mV, dt = 0.025 ms, 1000 ms; 100, 1000 and 10 000 compartments.

- brainlet: ``CableCell`` on ``Morphology.cable(1000, 1).discretize(Ra=100, nseg=n)``, float32 (and float64
  with ``--x64``); first run (compilation included) and a warm second run.
- NEURON (``benchmarks/peers/neuron_cable.py``): ``h.continuerun`` at fixed step, with its default 1 mV rate
  tables (its usual speed) and with ``usetable_hh = 0`` (exact rates: the spike-time reference).
- Jaxley (``benchmarks/peers/jaxley_cable.py``, its own venv from ``install_peers.sh jaxley``): ``jx.integrate``,
  first and second call.

Accuracy: spike count at x = 0.5 and the largest spike-time difference from NEURON without tables.

Usage::

    python benchmarks/w3_cable.py [--ncomp 100 1000 10000] [--duration 1000] [--x64]
"""
import argparse
import json

from _common import markdown_table, max_gap, print_machine, run_peer, timed

DT = 0.025


def brainlet_cable(ncomp, duration):
    import jax
    import brainlet as bl
    ch = bl.channels

    def build():
        compartments = bl.neurons.Morphology.cable(1000., 1.).discretize(Ra=100., nseg=ncomp)
        cell = bl.neurons.CableCell(compartments, cm=1.0, ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)},
                                    V_initial=-65., V_th=0., spike_at=compartments.index(0, 0.5))
        cell.paint('all', ch.INa_HH1952(g_max=120.))
        cell.paint('all', ch.IK_HH1952(g_max=36.))
        cell.paint('all', ch.Leak(g_max=0.3, E=-54.3))
        cell.place(0, bl.neurons.IClamp(0., 1e9, 0.1))
        return bl.DSRunner(cell, monitors=['spike'], dt=DT)

    def run(runner):
        runner.target.reset_state()
        runner.t = 0.0
        mon = runner.run(duration)
        jax.block_until_ready(runner.target.V.value)
        return mon.ts[mon['spike'][:, 0]]

    build_s, runner = timed(build)
    first_s, _ = timed(lambda: run(runner))
    warm_s, times = timed(lambda: run(runner))
    return {'peer': 'brainlet', 'ncomp': ncomp, 'build_s': build_s, 'first_run_s': first_s, 'warm_run_s': warm_s,
            'spikes': len(times), 'spike_times': times.tolist()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--ncomp', type=int, nargs='+', default=[100, 1000, 10000])
    parser.add_argument('--duration', type=float, default=1000.0)
    parser.add_argument('--x64', action='store_true')
    parser.add_argument('--peers', nargs='*', default=['neuron', 'jaxley'])
    args = parser.parse_args()
    if args.x64:
        import jax
        import brainpy.math  # noqa: F401  (its first import resets jax_enable_x64: import it before setting it)
        jax.config.update('jax_enable_x64', True)

    print_machine()
    rows = []
    for ncomp in args.ncomp:
        common = ('--ncomp', ncomp, '--duration', args.duration, '--dt', DT)
        exact = run_peer('neuron', 'neuron_cable.py', *common)
        records = [brainlet_cable(ncomp, args.duration)]
        if 'neuron' in args.peers:
            records += [run_peer('neuron', 'neuron_cable.py', *common, '--tables'), exact]
        if 'jaxley' in args.peers:
            records.append(run_peer('jaxley', 'jaxley_cable.py', *common, *(['--x64'] if args.x64 else [])))
        ours = records[0]
        for record in records:
            print(json.dumps({k: v for k, v in record.items() if k != 'spike_times'}), flush=True)
            if 'error' in record:
                rows.append([record.get('peer', '?'), ncomp, '', '', f"error: {record['error']}", '', '', ''])
                continue
            name = record['peer'] + (' (tables)' if record.get('tables') else
                                     ' (exact rates)' if record['peer'] == 'neuron' else '') + (
                ' float64' if args.x64 and record['peer'] in ('brainlet', 'jaxley') else '')
            ratio = '' if record is ours else f"{ours['warm_run_s'] / record['warm_run_s']:.2f}"
            rows.append([name, ncomp, f"{record['first_run_s']:.2f}", f"{record['warm_run_s']:.2f}", ratio,
                         record['spikes'], f"{max_gap(record['spike_times'], exact.get('spike_times', [])):.3g}"])
    print()
    print(markdown_table(['simulator', 'compartments', 'first run (s)', 'warm run (s)', 'brainlet/peer warm',
                          'spikes at x = 0.5', 'max |Δt| vs NEURON exact (ms)'], rows))


if __name__ == '__main__':
    main()
