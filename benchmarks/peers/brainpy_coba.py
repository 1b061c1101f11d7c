"""W1 peer: BrainPy 2.x COBA network (Vogels & Abbott 2005), with BrainPy's fast projection API.

Two ``bp.dyn.LifRef`` groups, E (80 % of N = 4000·scale) and I (20 %): τ = 20 ms, V_rest = V_reset = −60 mV,
V_th = −50 mV, refractory 5 ms, constant input 20 mV, V(0) ~ N(−55, 2) mV, exponential Euler (``exp_auto``).
Four projections E→E, E→I, I→E, I→I, each ``bp.dyn.ProjAlignPostMg2`` with an event-driven sparse
``bp.dnn.EventCSRLinear`` over ``bp.conn.FixedProb(80 / N)`` (``--comm jitconn``:
``bp.dnn.EventJitFPHomoLinear``, connectivity regenerated on the fly), ``bp.dyn.Expon`` (τ_e = 5 ms,
τ_i = 10 ms) and ``bp.dyn.COBA`` (E_e = 0, E_i = −80 mV), weights 0.6 / 6.7 in units of the leak
conductance, no delay. dt = 0.1 ms, spikes monitored. Float32 (BrainPy's default).

Prints one JSON record: peer, workload, scale, n, build_s (construction incl. drawing the connectivity),
first_run_s (trace + compile + run), warm_run_s (second run of the same duration, continuing), rate_hz (mean
rate over all neurons in the warm run), nan. See ``_brainpy_common.py`` for the runners and monitors.

Usage::

    .venv/bin/python benchmarks/peers/brainpy_coba.py --scale 1 [--runner jit|for_loop|dsrunner]
"""
from _peer_common import emit, make_parser, quiet_stdout, sizes, timed
from _brainpy_common import add_brainpy_args, record_header, run_network, setup


def main():
    parser = add_brainpy_args(make_parser(__doc__))
    parser.add_argument('--comm', choices=['csr', 'jitconn'], default='csr',
                        help='EventCSRLinear over FixedProb (default) or EventJitFPHomoLinear')
    args = parser.parse_args()
    quiet_stdout()
    bp, bm = setup(args)

    n, n_exc, n_inh, prob = sizes(args.scale)
    neuron = dict(V_rest=-60., V_reset=-60., V_th=-50., tau=20., tau_ref=5.,
                  V_initializer=bp.init.Normal(-55., 2.))

    def projection(pre, post, weight, tau, E, seed):
        if args.comm == 'csr':
            comm = bp.dnn.EventCSRLinear(bp.conn.FixedProb(prob, pre=pre.num, post=post.num, seed=seed), weight)
        else:
            comm = bp.dnn.EventJitFPHomoLinear(pre.num, post.num, prob=prob, weight=weight, seed=seed)
        return bp.dyn.ProjAlignPostMg2(pre=pre, delay=None, comm=comm, syn=bp.dyn.Expon.desc(post.num, tau=tau),
                                       out=bp.dyn.COBA.desc(E=E), post=post)

    class COBA(bp.DynSysGroup):
        def __init__(self):
            super().__init__()
            self.E = bp.dyn.LifRef(n_exc, **neuron)
            self.I = bp.dyn.LifRef(n_inh, **neuron)
            base = 1000 * args.seed
            self.E2E = projection(self.E, self.E, 0.6, 5., 0., base + 1)
            self.E2I = projection(self.E, self.I, 0.6, 5., 0., base + 2)
            self.I2E = projection(self.I, self.E, 6.7, 10., -80., base + 3)
            self.I2I = projection(self.I, self.I, 6.7, 10., -80., base + 4)

        def update(self):
            # projections read the spikes of the previous step, then the neurons advance
            self.E2E()
            self.E2I()
            self.I2E()
            self.I2I()
            self.E(20.)
            self.I(20.)
            return monitored()

    def monitored():
        spikes = (net.E.spike.value, net.I.spike.value)
        if args.monitor == 'count':
            return tuple(s.sum() for s in spikes)
        return spikes

    build_s, net = timed(COBA)
    first_s, warm_s, n_spikes, nan = run_network(args, net, [net.E, net.I], monitored)

    record = record_header('coba', args, n, {'comm': args.comm})
    record.update(build_s=build_s, first_run_s=first_s, warm_run_s=warm_s,
                  rate_hz=n_spikes / n / (args.duration * 1e-3), spikes=n_spikes, nan=nan)
    emit(record)


if __name__ == '__main__':
    main()
