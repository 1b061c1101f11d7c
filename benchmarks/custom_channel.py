"""A user-written channel runs as fast as a built-in one.

Two CondNeuGroups of HH neurons (Na, K, leak), identical except for the potassium channel: brainlet's
built-in ``IK_HH1952``, or the same channel written by a user as a ``GatedChannel`` subclass (as in
examples/custom_channel.py). Both compile into one step; the script reports warm run times (median of
interleaved repeats), their ratio, and the largest voltage difference as the accuracy figure.

    python benchmarks/custom_channel.py [--neurons 1000] [--steps 10000] [--repeat 20]
"""
import argparse
import platform
import time

import jax
import jax.numpy as jnp
import numpy as np

import brainlet as bl

ch = bl.channels


class UserKdr(ch.GatedChannel):
    """The HH delayed rectifier as a user writes it."""
    ion, gates = 'k', {'n': 4}

    def rates(self, V):
        return {'n': (0.1 / bl.exprel(-(V + 55.) / 10.), 0.125 * jnp.exp(-(V + 65.) / 80.))}


def make_runner(potassium, neurons, dt):
    cell = bl.neurons.CondNeuGroup(neurons, channels={'Na': ch.INa_HH1952(), 'K': potassium, 'L': ch.Leak()},
                                   ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})
    currents = np.linspace(0.0, 20.0, neurons)
    return bl.DSRunner(cell, monitors=['V'], inputs=[('input', currents)], dt=dt)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--neurons', type=int, default=1000)
    parser.add_argument('--steps', type=int, default=10000)
    parser.add_argument('--repeat', type=int, default=20)
    args = parser.parse_args()
    dt = 0.025
    duration = args.steps * dt
    runners = {'built-in IK_HH1952': make_runner(ch.IK_HH1952(), args.neurons, dt),
               'user-written UserKdr': make_runner(UserKdr(g_max=36.), args.neurons, dt)}
    first, traces = {}, {}
    for name, runner in runners.items():
        t0 = time.perf_counter()
        traces[name] = runner.run(duration)['V']
        first[name] = time.perf_counter() - t0
    warm = {name: [] for name in runners}
    for _ in range(args.repeat):
        for name, runner in runners.items():
            t0 = time.perf_counter()
            runner.run(duration)
            warm[name].append(time.perf_counter() - t0)
    builtin, user = (np.median(warm[name]) for name in runners)
    print(f'# user-written vs built-in channel: {args.neurons} HH neurons, {args.steps} steps of {dt} ms\n')
    print(f'{platform.processor() or platform.machine()}, jax {jax.__version__}, {jax.default_backend()}\n')
    print('| channel | first call (s) | warm, median (s) |')
    print('|---|---:|---:|')
    for name in runners:
        print(f'| {name} | {first[name]:.3f} | {np.median(warm[name]):.4f} |')
    delta = np.max(np.abs(np.subtract(*traces.values())))
    print(f'\nuser / built-in warm: {user / builtin:.3f}×; max |ΔV| over the first run: {delta:.2g} mV')


if __name__ == '__main__':
    main()
