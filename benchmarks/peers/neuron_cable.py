"""W3 peer: NEURON's HH cable (one section of ``--ncomp`` segments), fixed step, ``h.continuerun``.

Prints one JSON record: build, run time, spike count and times at x = 0.5 (NetCon threshold 0 mV), with
``h.usetable_hh = 0`` (exact rates; the reference for spike times) or, with ``--tables``, NEURON's default
1 mV rate tables.
"""
import argparse
import json
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ncomp', type=int, default=1000)
    parser.add_argument('--duration', type=float, default=1000.0)
    parser.add_argument('--dt', type=float, default=0.025)
    parser.add_argument('--tables', action='store_true')
    args = parser.parse_args()

    from neuron import h
    h.load_file('stdrun.hoc')
    t0 = time.perf_counter()
    cable = h.Section(name='cable')
    cable.L, cable.diam, cable.nseg, cable.Ra, cable.cm = 1000, 1, args.ncomp, 100, 1
    cable.insert('hh')
    h.usetable_hh = 1 if args.tables else 0
    stim = h.IClamp(cable(0))
    stim.delay, stim.dur, stim.amp = 0, 1e9, 0.1
    detector = h.NetCon(cable(0.5)._ref_v, None, sec=cable)
    detector.threshold = 0
    times = h.Vector()
    detector.record(times)
    h.dt, h.steps_per_ms = args.dt, 1 / args.dt
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    h.finitialize(-65)
    h.continuerun(args.duration)
    run_s = time.perf_counter() - t0
    print(json.dumps({'peer': 'neuron', 'version': h.nrnversion(), 'ncomp': args.ncomp, 'tables': args.tables,
                      'build_s': build_s, 'first_run_s': run_s, 'warm_run_s': run_s, 'spikes': len(times),
                      'spike_times': list(times)}))


if __name__ == '__main__':
    main()
