"""W1 — COBA E/I network (Vogels & Abbott 2005), brainlet against Brian2 and BrainPy.

Workload: N = 4000·s LIF neurons (80 % excitatory), τ = 20 ms, V_rest = V_reset = −60 mV, V_th = −50 mV,
5 ms refractory, constant input 20 mV, V(0) ~ N(−55, 2) mV; exponential conductances τ_e = 5 ms,
τ_i = 10 ms, E_e = 0, E_i = −80 mV, weights 0.6 and 6.7 leak conductances, connection probability 80/N
(mean in-degree 80); dt = 0.1 ms, 1000 ms, spikes recorded (brainlet: the spike count of every step).

brainlet builds one population and two views of it (``pop[:n_exc]`` excitatory, ``pop[n_exc:]``
inhibitory), each projecting onto the whole population. Peers run ``benchmarks/peers/*_coba.py`` in their
own environments (``bash benchmarks/install_peers.sh``), each printing one JSON record.

Reported per scale: construction, first run (compilation included), warm run (a second run of the same
length), the ratios brainlet / peer of the warm and first runs, and the mean firing rate (the accuracy
figure: the runs did the same work if the rates agree).

Usage::

    python benchmarks/w1_coba.py [--scales 1 5 25] [--duration 1000] [--peers brian2 brainpy]
"""
import numpy as np

from _common import compare_with_peers, timed

DT = 0.1


def brainlet_coba(scale, duration, seed=0):
    import jax
    import brainlet as bl

    num = int(4000 * scale)
    num_exc = int(0.8 * num)
    prob = 80.0 / num

    def build():
        rng = np.random.default_rng(seed)
        pop = bl.neurons.LIF(num, V_rest=-60., V_reset=-60., V_th=-50., tau=20., tau_ref=5.,
                             V_initializer=rng.normal(-55., 2., num))
        net = bl.Network(
            pop=pop,
            exc=bl.synapses.Exponential(pop[:num_exc], pop, bl.conn.FixedProb(prob, seed=seed + 1), g_max=0.6,
                                        tau=5., E=0.),
            inh=bl.synapses.Exponential(pop[num_exc:], pop, bl.conn.FixedProb(prob, seed=seed + 2), g_max=6.7,
                                        tau=10., E=-80.))
        return bl.DSRunner(net, monitors={'spikes': lambda: pop.spike.value.sum()}, inputs=[('pop.input', 20.)],
                           dt=DT)

    def run(runner):
        mon = runner.run(duration)
        jax.block_until_ready(runner.target.pop.V.value)
        return mon['spikes'].sum() / num / (duration * 1e-3)

    build_s, runner = timed(build)
    first_s, _ = timed(lambda: run(runner))
    warm_s, rate = timed(lambda: run(runner))
    return {'peer': 'brainlet', 'scale': scale, 'n': num, 'build_s': build_s, 'first_run_s': first_s,
            'warm_run_s': warm_s, 'rate_hz': float(rate)}


def main():
    compare_with_peers(__doc__, brainlet_coba, 'coba')


if __name__ == '__main__':
    main()
