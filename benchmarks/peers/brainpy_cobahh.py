"""W2 peer: BrainPy 2.x COBAHH network (Brette et al. 2007 benchmark 3, as Brian2's examples/COBAHH.py).

One group of N = 4000·scale Hodgkin–Huxley neurons (a ``bp.dyn.NeuDyn`` written here, as in BrainPy's own
COBAHH benchmark: BrainPy has no built-in neuron with these Traub–Miles rates), the first 80 % excitatory;
units pF, nS, mV, ms: C = 200 pF, g_L = 10 nS, g_Na = 20 000 nS, g_Kd = 6 000 nS, E_L = −60, E_K = −90,
E_Na = 50 mV, V_T = −63 mV; rate functions with ``bm.exprel`` (as Brian2's example, safe at the removable
singularities). V, m, h, n advance together by exponential Euler (``bp.odeint(bp.JointEq(...),
method='exp_auto')``); the synaptic currents g·(E − V) are summed inside dV/dt with the V being integrated, so
their conductance enters the exponential-Euler linearisation, as in Brian2's ``exponential_euler``.
Synapses: two ``bp.dyn.HalfProjAlignPostMg`` (excitatory spikes N[:N_E], inhibitory N[N_E:]) with an
event-driven ``bp.dnn.EventCSRLinear`` over ``bp.conn.FixedProb(80 / N)``, ``bp.dyn.Expon`` (τ_e = 5 ms,
τ_i = 10 ms) and ``bp.dyn.COBA`` (E_e = 0, E_i = −80 mV), w_e = 6 nS, w_i = 67 nS, no delay.
Spike when V crosses −20 mV upward outside a 3 ms refractory period (V is not clamped). dt = 0.1 ms, spikes
monitored. Initial state: V = E_L + 5·randn − 5 mV, g_e = (1.5·randn + 4)·10 nS, g_i = (12·randn + 20)·10 nS,
m = h = n = 0. Float32 (BrainPy's default; ``--x64`` for float64).

Prints one JSON record (see brainpy_coba.py / _brainpy_common.py); rate_hz is the mean rate over all neurons
in the warm run, nan whether any V is NaN at the end.

Usage::

    .venv/bin/python benchmarks/peers/brainpy_cobahh.py --scale 1 [--runner jit|for_loop|dsrunner]
"""
import numpy as np

from _peer_common import emit, make_parser, quiet_stdout, sizes, timed
from _brainpy_common import add_brainpy_args, record_header, run_network, setup

C_M, G_L, G_NA, G_KD = 200., 10., 20000., 6000.    # pF, nS
E_L, E_K, E_NA, V_T = -60., -90., 50., -63.          # mV
V_SPIKE, T_REF = -20., 3.                            # mV, ms
TAU_E, TAU_I, E_E, E_I, W_E, W_I = 5., 10., 0., -80., 6., 67.


def main():
    args = add_brainpy_args(make_parser(__doc__)).parse_args()
    quiet_stdout()
    bp, bm = setup(args)
    from brainpy import share

    n, n_exc, _, prob = sizes(args.scale)
    rng = np.random.default_rng(args.seed)

    class TraubHH(bp.dyn.NeuDyn):
        def __init__(self, size, V0):
            super().__init__(size)
            self.V = bm.Variable(bm.asarray(V0, dtype=bm.float_))
            self.m = bm.Variable(bm.zeros(self.num))
            self.h = bm.Variable(bm.zeros(self.num))
            self.n = bm.Variable(bm.zeros(self.num))
            self.spike = bm.Variable(bm.zeros(self.num, dtype=bool))
            self.t_last_spike = bm.Variable(bm.full(self.num, -1e7))
            self.integral = bp.odeint(bp.JointEq(self.dV, self.dm, self.dh, self.dn), method='exp_auto')

        def dV(self, V, t, m, h, n):
            i_syn = self.sum_current_inputs(V)  # Σ g·(E − V) of the projections onto this group
            i_ion = G_NA * m * m * m * h * (V - E_NA) + G_KD * (n * n) * (n * n) * (V - E_K) + G_L * (V - E_L)
            return (i_syn - i_ion) / C_M

        def dm(self, m, t, V):
            alpha = 1.28 / bm.exprel((13. - V + V_T) / 4.)
            beta = 1.4 / bm.exprel((V - V_T - 40.) / 5.)
            return alpha * (1. - m) - beta * m

        def dh(self, h, t, V):
            alpha = 0.128 * bm.exp((17. - V + V_T) / 18.)
            beta = 4. / (1. + bm.exp((40. - V + V_T) / 5.))
            return alpha * (1. - h) - beta * h

        def dn(self, n, t, V):
            alpha = 0.16 / bm.exprel((15. - V + V_T) / 5.)
            beta = 0.5 * bm.exp((10. - V + V_T) / 40.)
            return alpha * (1. - n) - beta * n

        def update(self, x=None):
            t = share.load('t')
            V, m, h, n_ = self.integral(self.V.value, self.m.value, self.h.value, self.n.value, t,
                                        dt=share.load('dt'))
            ready = (t - self.t_last_spike.value) > T_REF
            spike = ready & (self.V.value < V_SPIKE) & (V >= V_SPIKE)
            self.t_last_spike.value = bm.where(spike, t, self.t_last_spike.value)
            self.V.value, self.m.value, self.h.value, self.n.value = V, m, h, n_
            self.spike.value = spike
            return spike

    def projection(n_pre, post, weight, tau, E, seed):
        conn = bp.conn.FixedProb(prob, pre=n_pre, post=post.num, seed=seed)
        return bp.dyn.HalfProjAlignPostMg(comm=bp.dnn.EventCSRLinear(conn, weight),
                                          syn=bp.dyn.Expon.desc(post.num, tau=tau), out=bp.dyn.COBA.desc(E=E),
                                          post=post)

    class COBAHH(bp.DynSysGroup):
        def __init__(self):
            super().__init__()
            self.N = TraubHH(n, E_L + rng.standard_normal(n) * 5. - 5.)
            base = 1000 * args.seed
            self.E = projection(n_exc, self.N, W_E, TAU_E, E_E, base + 1)
            self.I = projection(n - n_exc, self.N, W_I, TAU_I, E_I, base + 2)
            self.E.syn.g.value = bm.asarray((rng.standard_normal(n) * 1.5 + 4.) * 10., dtype=bm.float_)
            self.I.syn.g.value = bm.asarray((rng.standard_normal(n) * 12. + 20.) * 10., dtype=bm.float_)

        def update(self):
            # projections deliver the spikes of the previous step, then the neurons advance
            spike = self.N.spike.value
            self.E(spike[:n_exc])
            self.I(spike[n_exc:])
            self.N()
            return monitored()

    def monitored():
        spike = net.N.spike.value
        return (spike.sum(),) if args.monitor == 'count' else (spike,)

    build_s, net = timed(COBAHH)
    first_s, warm_s, n_spikes, nan = run_network(args, net, [net.N], monitored)

    record = record_header('cobahh', args, n, {'comm': 'csr', 'method': 'exp_auto'})
    record.update(build_s=build_s, first_run_s=first_s, warm_run_s=warm_s,
                  rate_hz=n_spikes / n / (args.duration * 1e-3), spikes=n_spikes, nan=nan)
    emit(record)


if __name__ == '__main__':
    main()
