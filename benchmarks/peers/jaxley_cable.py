"""W3 peer: Jaxley's HH cable (one branch of ``--ncomp`` compartments), ``jx.integrate`` called twice.

Prints one JSON record: build, first call (compilation included), second call (warm), spike count and
times at x = 0.5 (upward crossings of 0 mV at the recorded steps).
"""
import argparse
import json
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ncomp', type=int, default=1000)
    parser.add_argument('--duration', type=float, default=1000.0)
    parser.add_argument('--dt', type=float, default=0.025)
    parser.add_argument('--x64', action='store_true', help='float64 (Jaxley runs float32 by default)')
    args = parser.parse_args()

    import jax
    jax.config.update('jax_enable_x64', args.x64)
    import jaxley as jx
    from jaxley.channels import HH

    t0 = time.perf_counter()
    branch = jx.Branch(jx.Compartment(), ncomp=args.ncomp)
    cell = jx.Cell(branch, parents=[-1])
    cell.set('length', 1000.0 / args.ncomp)   # µm per compartment
    cell.set('radius', 0.5)                    # µm
    cell.set('axial_resistivity', 100.0)       # Ω·cm
    cell.set('capacitance', 1.0)               # µF/cm²
    cell.insert(HH())
    cell.set('HH_gNa', 0.12)
    cell.set('HH_gK', 0.036)
    cell.set('HH_gLeak', 0.0003)
    cell.set('HH_eNa', 50.0)
    cell.set('HH_eK', -77.0)
    cell.set('HH_eLeak', -54.3)
    cell.set('v', -65.0)
    cell.init_states()
    current = jx.step_current(0.0, 1e9, 0.1, args.dt, args.duration)
    cell.branch(0).loc(0.0).stimulate(current)
    cell.branch(0).loc(0.5).record('v')
    build_s = time.perf_counter() - t0

    def run():
        v = jx.integrate(cell, delta_t=args.dt, t_max=args.duration)
        return np.asarray(jax.block_until_ready(v))[0]

    t0 = time.perf_counter()
    run()
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    v = run()
    warm_s = time.perf_counter() - t0
    up = np.flatnonzero((v[:-1] < 0) & (v[1:] >= 0)) + 1
    times = up * args.dt
    print(json.dumps({'peer': 'jaxley', 'version': jx.__version__, 'x64': args.x64, 'ncomp': args.ncomp, 'build_s': build_s,
                      'first_run_s': first_s, 'warm_run_s': warm_s, 'spikes': len(times),
                      'spike_times': times.tolist()}))


if __name__ == '__main__':
    main()
