"""W1 peer: Brian2 COBA network (Vogels & Abbott 2005, as in the Brian2 and BrainPy benchmarks).

One NeuronGroup of N = 4000·scale LIF neurons, the first 80 % excitatory:
    dv/dt = (ge (E_e − v) + gi (E_i − v) − (v − V_rest) + I) / τ   (v clamped while refractory)
    dge/dt = −ge / τ_e,  dgi/dt = −gi / τ_i   (conductances in units of the leak conductance)
τ = 20 ms, V_rest = V_reset = −60 mV, V_th = −50 mV (spike when v > V_th), refractory 5 ms, I = 20 mV,
τ_e = 5 ms, τ_i = 10 ms, E_e = 0, E_i = −80 mV; on a spike ge += 0.6 (excitatory) / gi += 6.7 (inhibitory) in
every target, synapses drawn independently with p = 80 / N, no delay; V(0) ~ N(−55, 2) mV; dt = 0.1 ms;
all spikes recorded (SpikeMonitor). Float64.

Integration: ``--method exponential_euler`` (default; the same scheme as BrainPy's ``exp_auto`` and
brainlet's exponential Euler: v exact for conductances frozen over the step, ge/gi exact), or ``euler``
(what Brian2 picks by itself for these equations, and what the BrainPy paper's Brian2 script used).

Prints one JSON record: peer, workload, target, scale, n, build_s, first_run_s, warm_run_s, rate_hz (mean rate
over all neurons during the warm run), nan, and for cpp_standalone binary_wall_s / cpp_compile_s. See
``_brian2_common.py`` for what each time covers on each target.

Usage::

    benchmarks/.venv-brian2/bin/python benchmarks/peers/brian2_coba.py --scale 1 [--target cpp_standalone]
"""
import numpy as np

from _peer_common import emit, make_parser, quiet_stdout, sizes, timed
from _brian2_common import Brian2Session, add_brian2_args, record_header


def main():
    parser = add_brian2_args(make_parser(__doc__))
    parser.add_argument('--method', choices=['exponential_euler', 'euler'], default='exponential_euler')
    args = parser.parse_args()
    quiet_stdout()

    session = Brian2Session(args)
    b2 = session.b2
    from brian2 import mV, ms

    n, n_exc, _, prob = sizes(args.scale)
    namespace = dict(tau=20 * ms, tau_e=5 * ms, tau_i=10 * ms, V_rest=-60 * mV, V_reset=-60 * mV,
                     V_th=-50 * mV, E_e=0 * mV, E_i=-80 * mV, I_ext=20 * mV, w_e=0.6, w_i=6.7)
    eqs = '''
    dv/dt = (ge * (E_e - v) + gi * (E_i - v) - (v - V_rest) + I_ext) / tau : volt (unless refractory)
    dge/dt = -ge / tau_e : 1
    dgi/dt = -gi / tau_i : 1
    '''

    def build():
        rng = np.random.default_rng(args.seed)
        group = b2.NeuronGroup(n, eqs, threshold='v > V_th', reset='v = V_reset', refractory=5 * ms,
                               method=args.method, namespace=namespace, name='coba')
        group.v = rng.normal(-55.0, 2.0, n) * mV
        exc = b2.Synapses(group[:n_exc], group, on_pre='ge += w_e', namespace=namespace, name='exc')
        inh = b2.Synapses(group[n_exc:], group, on_pre='gi += w_i', namespace=namespace, name='inh')
        exc.connect(p=prob)
        inh.connect(p=prob)
        spikes = b2.SpikeMonitor(group, name='spikes')
        return b2.Network(group, exc, inh, spikes), group, spikes

    build_s, (net, group, spikemon) = timed(build)
    times, n_spikes, nan = session.run(net, spikemon, group, args.duration)
    session.close()

    record = record_header('coba', args.target, args.scale, n, {'method': args.method})
    record.update(build_s=build_s, **times)
    record.update(rate_hz=n_spikes / n / (args.duration * 1e-3), spikes=n_spikes, nan=nan)
    emit(record)


if __name__ == '__main__':
    main()
