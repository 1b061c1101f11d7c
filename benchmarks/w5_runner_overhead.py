"""W5 — runner overhead.

Workload (W5): one Hodgkin–Huxley neuron, 10 000 steps (100 ms at dt = 0.01 ms), constant input 10 µA/cm²,
V monitored at every step. Parameters: gNa = 120, gK = 36, gL = 0.3 mS/cm², ENa = 50, EK = −77,
EL = −54.387 mV, C = 1 µF/cm², T = 6.3 °C, V(0) = −65 mV, gates at their steady state for V(0); exponential
Euler.

Three runners of that workload, side by side in one process:

* **brainlet** — ``bl.DSRunner(bl.neurons.HH(1), monitors=['V'], inputs=[('input', 10.)], dt=0.01)``;
  the first ``run(100.)`` compiles, later calls with the same shapes are *warm*.
* **scan** — a hand-written, jitted ``jax.lax.scan`` of the same equations with the same exponential-Euler
  update (``x + dt·f·exprel(B·dt)``, ``B = ∂f_x/∂x``, here derived analytically), V stacked as the scan
  output and copied to a numpy array, so the device→host transfer is included as in brainlet. Two
  variants: returning the V trace only (the floor a runner can approach; the target is brainlet warm
  ≤ 1.5× this), and also returning the final state (V, m, h, n, spike), as a run that is continued later
  must and as brainlet's runner does.
* **BrainPy** — BrainPy's ``DSRunner`` on ``bp.neurons.HH`` with the same parameters, ``method='exp_auto'``
  (exponential Euler with autodiff-derived ``B``), ``inputs=('input', 10.)``. BrainPy traces its loop
  again on every ``run``, so its second run is not warm in the JAX sense; its first and later runs are
  reported separately.

Every warm figure is the median of ``--repeat`` calls; the three runners are timed in interleaved rounds so
that drift on a shared machine affects them alike. Compile figures are the first call (trace + compile +
run). The accuracy figures (spike counts and max |ΔV| over the first run of each, all from the same
initial state) show that the runs did the same work.

Usage::

    python benchmarks/w5_runner_overhead.py [--repeat N] [--brainpy-repeat M] [--no-brainpy]
"""
import argparse
import datetime
import statistics

import numpy as np

from _common import machine_info, timed

DT = 0.01            # ms
DURATION = 100.0     # ms -> 10 000 steps
STEPS = int(round(DURATION / DT))
I_EXT = 10.0         # µA/cm²
PARAMS = dict(gNa=120., gK=36., gL=0.3, ENa=50., EK=-77., EL=-54.387, C=1.)
T_CELSIUS = 6.3
V0 = -65.0
V_TH = 20.0
TARGET_RATIO = 1.5   # brainlet warm / hand-written scan


# --------------------------------------------------------------------------------------------------------
# machine
# --------------------------------------------------------------------------------------------------------
def spike_count(v):
    """Upward crossings of V_TH in a trace of shape (steps, 1), counting from V0 (below threshold)."""
    v = np.concatenate([[V0], np.asarray(v).ravel()])
    return int(np.sum((v[:-1] < V_TH) & (v[1:] >= V_TH)))


# --------------------------------------------------------------------------------------------------------
# (a) hand-written jax.lax.scan
# --------------------------------------------------------------------------------------------------------
def make_scans():
    """Two hand-written scans of the same step: one returns only the V trace (the floor), the other also
    returns the final state (V, m, h, n, spike), as a run that is continued later must; brainlet's runner
    returns its final state too."""
    import jax
    import jax.numpy as jnp

    gNa, gK, gL, ENa, EK, EL, C = (PARAMS[k] for k in ('gNa', 'gK', 'gL', 'ENa', 'EK', 'EL', 'C'))
    phi = 3.0 ** ((T_CELSIUS - 6.3) / 10.0)

    def exprel(x):  # same as brainlet._numerics.exprel
        small = jnp.abs(x) < 1e-4
        x_safe = jnp.where(small, 1.0, x)
        return jnp.where(small, 1.0 + x / 2.0 + x * x / 6.0, jnp.expm1(x_safe) / x_safe)

    def rates(V):
        am = 1.0 / exprel(-(V + 40.) / 10.)
        bm = 4.0 * jnp.exp(-(V + 65.) / 18.)
        ah = 0.07 * jnp.exp(-(V + 65.) / 20.)
        bh = 1.0 / (1.0 + jnp.exp(-(V + 35.) / 10.))
        an = 0.1 / exprel(-(V + 55.) / 10.)
        bn = 0.125 * jnp.exp(-(V + 65.) / 80.)
        return am, bm, ah, bh, an, bn

    def initial_state():
        V = jnp.full((1,), V0, dtype=float)
        am, bm, ah, bh, an, bn = rates(V)
        return V, am / (am + bm), ah / (ah + bh), an / (an + bn), jnp.zeros(V.shape, bool)

    def step(state, _):
        """NEURON's staggered exponential Euler, as brainlet's HH: the gates advance at the present V, then V
        with the new gates; x + dt·f·exprel(B·dt), with B = ∂f_x/∂x written out."""
        V, m, h, n, spike = state
        am, bm, ah, bh, an, bn = rates(V)
        new_gates = []
        for x, a, b in ((m, am, bm), (h, ah, bh), (n, an, bn)):
            dx = phi * (a * (1 - x) - b * x)
            new_gates.append(x + DT * dx * exprel(-phi * (a + b) * DT))
        m, h, n = new_gates
        g = gNa * m ** 3 * h + gK * n ** 4 + gL                      # ∂(C dV/dt)/∂V = -g
        dV = (I_EXT - gNa * m ** 3 * h * (V - ENa) - gK * n ** 4 * (V - EK) - gL * (V - EL)) / C
        V_new = V + DT * dV * exprel(-g / C * DT)
        spike = (V < V_TH) & (V_new >= V_TH)
        return (V_new, m, h, n, spike), V_new

    @jax.jit
    def trace_only(state):
        return jax.lax.scan(step, state, None, length=STEPS)[1]

    @jax.jit
    def with_state(state):
        return jax.lax.scan(step, state, None, length=STEPS)

    s0 = initial_state()

    def run_trace_only():
        return np.asarray(trace_only(s0))

    def run_with_state():
        final, vs = with_state(s0)
        jax.block_until_ready(final)
        return np.asarray(vs)
    return run_trace_only, run_with_state


# --------------------------------------------------------------------------------------------------------
# brainlet
# --------------------------------------------------------------------------------------------------------
def make_brainlet():
    import brainlet as bl
    hh = bl.neurons.HH(1, T=T_CELSIUS, V_initial=V0, **PARAMS)
    runner = bl.DSRunner(hh, monitors=['V'], inputs=[('input', I_EXT)], dt=DT)

    def run():
        runner.run(DURATION)
        return runner.mon['V']
    return run


# --------------------------------------------------------------------------------------------------------
# (b) BrainPy's DSRunner
# --------------------------------------------------------------------------------------------------------
def make_brainpy():
    import brainpy as bp
    import brainpy.math as bm
    bm.set_dt(DT)
    hh = bp.neurons.HH(1, method='exp_auto', V_initializer=bp.init.Constant(V0), **PARAMS)
    runner = bp.DSRunner(hh, monitors=['V'], inputs=('input', I_EXT), dt=DT, progress_bar=False)

    def run():
        runner.run(DURATION)
        return np.asarray(runner.mon['V'])
    return run


# --------------------------------------------------------------------------------------------------------
def fmt_ms(seconds):
    return f'{seconds * 1e3:.2f}'


def warm_up_jax():
    """Start the backend and compile one small scan, so that the first timed compile does not also pay
    JAX's one-time set-up cost."""
    import jax
    import jax.numpy as jnp
    jax.jit(lambda x: jax.lax.scan(lambda c, _: (c * 0.5 + 1.0, c), x, None, length=3)[1])(
        jnp.zeros(1)).block_until_ready()


LABELS = {
    'scan': 'hand-written `lax.scan`, V trace only',
    'scan+state': 'hand-written `lax.scan`, V trace + final state',
    'brainlet': 'brainlet `DSRunner.run`',
    'brainpy': 'BrainPy 2.8 `DSRunner.run`',
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--repeat', type=int, default=50,
                        help='warm calls timed per runner (median reported); default 50')
    parser.add_argument('--brainpy-repeat', type=int, default=None,
                        help='runs of BrainPy after its first (default: min(repeat, 10); each re-traces)')
    parser.add_argument('--no-brainpy', action='store_true', help='skip the BrainPy peer')
    args = parser.parse_args()
    bp_repeat = min(args.repeat, 10) if args.brainpy_repeat is None else args.brainpy_repeat

    warm_up_jax()
    info = machine_info()
    print(f'# W5 — runner overhead: 1 HH neuron, {STEPS} steps (dt = {DT} ms), monitor V\n')
    print(f'date: {datetime.datetime.now().astimezone().isoformat(timespec="seconds")}')
    for k, v in info.items():
        print(f'{k}: {v}')
    print()

    scan, scan_state = make_scans()
    runners = {'scan': scan, 'scan+state': scan_state, 'brainlet': make_brainlet()}
    if not args.no_brainpy:
        runners['brainpy'] = make_brainpy()
    repeats = {name: (bp_repeat if name == 'brainpy' else args.repeat) for name in runners}

    # first call of each: trace + compile + run
    first, traces = {}, {}
    for name, run in runners.items():
        first[name], traces[name] = timed(run)
        assert traces[name].shape == (STEPS, 1), (name, traces[name].shape)

    # warm calls, interleaved
    warm = {name: [] for name in runners}
    for r in range(max(repeats.values())):
        for name, run in runners.items():
            if r < repeats[name]:
                warm[name].append(timed(run)[0])
    med = {name: statistics.median(ts) for name, ts in warm.items()}

    spikes = {name: spike_count(v) for name, v in traces.items()}
    dv = {name: float(np.max(np.abs(traces[name] - traces['scan']))) for name in traces}

    print('| runner | first call (ms) | warm, median (ms) | warm, min–max (ms) | warm / scan | spikes | '
          'max abs ΔV vs scan (mV) |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    for name in runners:
        ts = warm[name]
        print(f'| {LABELS[name]} | {fmt_ms(first[name])} | {fmt_ms(med[name])} | '
              f'{fmt_ms(min(ts))}–{fmt_ms(max(ts))} | {med[name] / med["scan"]:.2f}× | {spikes[name]} | '
              f'{"—" if name == "scan" else f"{dv[name]:.2g}"} |')
    print()
    print(f'Warm: median of {args.repeat} calls for the scans and brainlet'
          + ('' if args.no_brainpy else f', of BrainPy runs 2–{bp_repeat + 1} (each re-traces)')
          + ', interleaved. First call: trace + compile + run. Spikes: upward crossings of '
          f'{V_TH:g} mV in 100 ms; ΔV over the first run of each, from the same initial state.')
    print()
    ratio = med['brainlet'] / med['scan']
    lines = [
        ('brainlet warm / scan warm', f'{ratio:.2f}× (target ≤ {TARGET_RATIO}×: '
                                      f'{"met" if ratio <= TARGET_RATIO else "NOT met"})'),
        ('brainlet warm / scan+state warm', f'{med["brainlet"] / med["scan+state"]:.2f}×'),
        ('brainlet first / scan first', f'{first["brainlet"] / first["scan"]:.2f}×'),
    ]
    if 'brainpy' in runners:
        second = warm['brainpy'][0]
        lines += [
            ('BrainPy 2nd run / scan warm', f'{second / med["scan"]:.0f}× (2nd run {fmt_ms(second)} ms)'),
            ('BrainPy warm median / scan warm', f'{med["brainpy"] / med["scan"]:.0f}×'),
            ('brainlet warm / BrainPy 2nd run', f'{med["brainlet"] / second:.4f}× '
                                                f'(BrainPy {second / med["brainlet"]:.0f}× slower)'),
            ('brainlet first / BrainPy first', f'{first["brainlet"] / first["brainpy"]:.2f}×'),
        ]
    print('| ratio | value |')
    print('|---|---|')
    for k, v in lines:
        print(f'| {k} | {v} |')


if __name__ == '__main__':
    main()
