"""W2 peer: Brian2 COBAHH network (Brette et al. 2007 benchmark 3, Brian2's examples/COBAHH.py), scaled.

One NeuronGroup of N = 4000·scale Hodgkin–Huxley neurons (Traub–Miles rate functions), the first 80 %
excitatory: area 20 000 µm², C = 200 pF, g_L = 10 nS, g_Na = 20 µS, g_Kd = 6 µS, E_L = −60, E_K = −90,
E_Na = 50 mV, V_T = −63 mV; exponential conductances τ_e = 5 ms, τ_i = 10 ms, E_e = 0, E_i = −80 mV,
w_e = 6 nS, w_i = 67 nS, synapses drawn with p = 80 / N, no delay. Spike when v > −20 mV outside the 3 ms
refractory period (Brian2's example; the refractory period only gates spike detection, v is not clamped, so
this is the upward crossing of −20 mV). Exponential Euler, dt = 0.1 ms, all spikes recorded. Float64.
Initial state as the example: v = E_L + (5·randn − 5) mV, ge = (1.5·randn + 4)·10 nS,
gi = (12·randn + 20)·10 nS, m = h = n = 0.

Prints one JSON record (see brian2_coba.py / _brian2_common.py for the fields and what each time covers);
rate_hz is the mean rate over all neurons during the warm run, nan whether any v is NaN at the end.

Usage::

    benchmarks/.venv-brian2/bin/python benchmarks/peers/brian2_cobahh.py --scale 1 [--target cpp_standalone]
"""
import numpy as np

from _peer_common import emit, make_parser, quiet_stdout, sizes, timed
from _brian2_common import Brian2Session, add_brian2_args, record_header


def main():
    args = add_brian2_args(make_parser(__doc__)).parse_args()
    quiet_stdout()

    session = Brian2Session(args)
    b2 = session.b2
    from brian2 import cm, ms, msiemens, mV, nS, siemens, ufarad, umetre

    n, n_exc, _, prob = sizes(args.scale)
    area = 20000 * umetre ** 2
    namespace = dict(
        Cm=(1 * ufarad * cm ** -2) * area, gl=(5e-5 * siemens * cm ** -2) * area,
        g_na=(100 * msiemens * cm ** -2) * area, g_kd=(30 * msiemens * cm ** -2) * area,
        El=-60 * mV, EK=-90 * mV, ENa=50 * mV, VT=-63 * mV, taue=5 * ms, taui=10 * ms, Ee=0 * mV, Ei=-80 * mV,
        we=6 * nS, wi=67 * nS)
    eqs = '''
    dv/dt = (gl * (El - v) + ge * (Ee - v) + gi * (Ei - v)
             - g_na * (m * m * m) * h * (v - ENa) - g_kd * (n * n * n * n) * (v - EK)) / Cm : volt
    dm/dt = alpha_m * (1 - m) - beta_m * m : 1
    dn/dt = alpha_n * (1 - n) - beta_n * n : 1
    dh/dt = alpha_h * (1 - h) - beta_h * h : 1
    dge/dt = -ge / taue : siemens
    dgi/dt = -gi / taui : siemens
    alpha_m = 0.32 * (mV ** -1) * 4 * mV / exprel((13 * mV - v + VT) / (4 * mV)) / ms : Hz
    beta_m = 0.28 * (mV ** -1) * 5 * mV / exprel((v - VT - 40 * mV) / (5 * mV)) / ms : Hz
    alpha_h = 0.128 * exp((17 * mV - v + VT) / (18 * mV)) / ms : Hz
    beta_h = 4. / (1 + exp((40 * mV - v + VT) / (5 * mV))) / ms : Hz
    alpha_n = 0.032 * (mV ** -1) * 5 * mV / exprel((15 * mV - v + VT) / (5 * mV)) / ms : Hz
    beta_n = .5 * exp((10 * mV - v + VT) / (40 * mV)) / ms : Hz
    '''

    def build():
        rng = np.random.default_rng(args.seed)
        group = b2.NeuronGroup(n, eqs, threshold='v > -20 * mV', refractory=3 * ms, method='exponential_euler',
                               namespace=namespace, name='cobahh')
        group.v = (-60.0 + rng.standard_normal(n) * 5.0 - 5.0) * mV
        group.ge = (rng.standard_normal(n) * 1.5 + 4.0) * 10.0 * nS
        group.gi = (rng.standard_normal(n) * 12.0 + 20.0) * 10.0 * nS
        exc = b2.Synapses(group[:n_exc], group, on_pre='ge += we', namespace=namespace, name='exc')
        inh = b2.Synapses(group[n_exc:], group, on_pre='gi += wi', namespace=namespace, name='inh')
        exc.connect(p=prob)
        inh.connect(p=prob)
        spikes = b2.SpikeMonitor(group, name='spikes')
        return b2.Network(group, exc, inh, spikes), group, spikes

    build_s, (net, group, spikemon) = timed(build)
    times, n_spikes, nan = session.run(net, spikemon, group, args.duration)
    session.close()

    record = record_header('cobahh', args.target, args.scale, n, {'method': 'exponential_euler'})
    record.update(build_s=build_s, **times)
    record.update(rate_hz=n_spikes / n / (args.duration * 1e-3), spikes=n_spikes, nan=nan)
    emit(record)


if __name__ == '__main__':
    main()
