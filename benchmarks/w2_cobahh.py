"""W2 — COBAHH (Brette et al. 2007, benchmark 3; Brian2's examples/COBAHH.py), brainlet against Brian2 and
BrainPy.

Workload: N = 4000·s Hodgkin–Huxley neurons with Traub–Miles Na and K (80 % excitatory), area 20 000 µm²,
C = 200 pF (1 µF/cm²), g_L = 10 nS, g_Na = 20 µS, g_Kd = 6 µS, E_L = −60, E_K = −90, E_Na = 50 mV,
V_T = −63 mV; exponential conductances τ_e = 5 ms, τ_i = 10 ms, E_e = 0, E_i = −80 mV, w_e = 6 nS,
w_i = 67 nS, connection probability 80/N; a spike when V crosses −20 mV upward; exponential Euler,
dt = 0.1 ms, 1000 ms, float32. V(0) = E_L + 5·randn − 5 mV, g_e(0) = (1.5·randn + 4)·10 nS,
g_i(0) = (12·randn + 20)·10 nS.

brainlet: ``CondNeuGroup`` with ``INa_TraubMiles1991``, ``IK_TraubMiles1991`` and ``Leak`` (input in nA, so
conductances in µS), two ``Exponential`` projections from views of the population. Reported as W1, plus
whether the run stayed free of NaN. brainlet runs twice: with its default step (NEURON's staggered order,
second order) and with ``staggered=False``, the peers' exponential Euler (every variable from the state at
the start of the step, first order), whose firing rate is the one to compare with theirs at this dt.

Usage::

    python benchmarks/w2_cobahh.py [--scales 1 5 25] [--duration 1000] [--peers brian2 brainpy]
"""
import numpy as np

from _common import compare_with_peers, timed

DT = 0.1
AREA = 20000.0  # µm²


def brainlet_cobahh(scale, duration, seed=0, staggered=True):
    import jax
    import jax.numpy as jnp
    import brainlet as bl
    ch = bl.channels

    num = int(4000 * scale)
    num_exc = int(0.8 * num)
    prob = 80.0 / num
    per_area = 1e5 / AREA  # mS/cm² per µS on this area

    def build():
        rng = np.random.default_rng(seed)
        pop = bl.neurons.CondNeuGroup(
            num, channels={'na': ch.INa_TraubMiles1991(g_max=20. * per_area, V_T=-63.),
                           'k': ch.IK_TraubMiles1991(g_max=6. * per_area, V_T=-63.),
                           'leak': ch.Leak(0.01 * per_area, -60.)},
            ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-90.)}, C=1.0, area=AREA,
            V_initial=-60. + 5. * rng.standard_normal(num) - 5., V_th=-20., staggered=staggered)
        exc = bl.synapses.Exponential(pop[:num_exc], pop, bl.conn.FixedProb(prob, seed=seed + 1), g_max=0.006,
                                      tau=5., E=0.)
        inh = bl.synapses.Exponential(pop[num_exc:], pop, bl.conn.FixedProb(prob, seed=seed + 2), g_max=0.067,
                                      tau=10., E=-80.)
        exc.g.value = jnp.asarray((1.5 * rng.standard_normal(num) + 4.) * 0.01)   # µS
        inh.g.value = jnp.asarray((12. * rng.standard_normal(num) + 20.) * 0.01)
        net = bl.Network(pop=pop, exc=exc, inh=inh)
        return bl.DSRunner(net, monitors={'spikes': lambda: pop.spike.value.sum(),
                                          'nan': lambda: jnp.isnan(pop.V.value).any()}, dt=DT)

    def run(runner):
        mon = runner.run(duration)
        jax.block_until_ready(runner.target.pop.V.value)
        return mon['spikes'].sum() / num / (duration * 1e-3), bool(mon['nan'].any())

    build_s, runner = timed(build)
    first_s, _ = timed(lambda: run(runner))
    warm_s, (rate, nan) = timed(lambda: run(runner))
    return {'label': 'brainlet' if staggered else "brainlet (peers' scheme)", 'scale': scale, 'n': num, 'build_s': build_s, 'first_run_s': first_s,
            'warm_run_s': warm_s, 'rate_hz': float(rate), 'nan': nan}


def both_schemes(scale, duration):
    return [brainlet_cobahh(scale, duration), brainlet_cobahh(scale, duration, staggered=False)]


def main():
    compare_with_peers(__doc__, both_schemes, 'cobahh')


if __name__ == '__main__':
    main()
