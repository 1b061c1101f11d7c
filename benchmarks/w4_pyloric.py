"""W4 — the pyloric circuit of Prinz, Bucher & Marder (2004), brainlet against the pyloric-network-simulator
package.

Workload: the circuit of the package's README — populations PD 2, AB 1, LP 1, PY 5 (models AB/PD 3, AB/PD 3,
LP 1, PY 5), synaptic matrix with 3 in every entry but PD <- PD, AB, PY and AB <- PD, AB (rows postsynaptic),
AB/PD cells coupled by gap junctions — for 2000 and 10 000 ms, from a common state (each cell after 5 s in
isolation, brainlet).

Two configurations, both with the package's equations (its calcium entry over 10⁻³ cm², its synaptic
activation 1/(1 + e^{V_th − V}/Δ) and its gap conductance 1 mS/cm²; docs/pyloric.md):

- ``released``: the synapses as the package has them (E_s = +70/+80 mV, ``gs`` read as mS/cm², i.e.
  3 µS): the circuit goes into depolarization block within 150 ms.
- ``inhibitory``: E_s = −70/−80 mV (the papers'; the package's ``dX`` takes ``Es_tuple``) and ``gs`` = 3 nS:
  a triphasic PD -> LP -> PY rhythm.

- brainlet: ``bl.neurons.Prinz2004`` with those parameters, ``DSRunner`` at dt = 0.025 ms monitoring every
  cell's V each step, float32 (``--x64``: float64); first run (compilation included) and a warm run (the same
  run again from the same state).
- package: scipy's RK45 on its ``dX`` as ``Prinz2004.integrate`` calls it (rtol 1e-3, atol 1e-6, first step
  0.005 ms; ``integrate`` itself for ``released``), V sampled every 0.1 ms; ``dX`` compiled by a 100 ms call
  first, so its figure is warm.

Accuracy, over t >= 2000 ms of the 10 000 ms run (``Prinz2004.rhythm``: cycles of the first PD cell): the
burst period and, per population, spikes per burst, for brainlet, the package, and the package's equations
at rtol 1e-6 (the reference); for ``released``, the final voltages. For ``inhibitory`` the reference's time
is reported too: the package's cost at an accuracy comparable to brainlet's (its default tolerance loses
spikes in LP and PY bursts).

Usage::

    python benchmarks/w4_pyloric.py [--durations 2000 10000] [--configs released inhibitory] [--x64]
"""
import argparse
import functools
import importlib
import warnings

import numpy as np

from _common import markdown_table, print_machine, timed

DT = 0.025           # ms
SETTLE = 5000.0      # ms of isolated warm-up
WINDOW = 2000.0      # ms: the rhythm is measured after this
POPS = {'PD': 2, 'AB': 1, 'LP': 1, 'PY': 5}
GS = np.array([[0, 0, 3, 0], [0, 0, 3, 3], [3, 3, 0, 3], [3, 3, 3, 0]], dtype=float)
MODELS = ['AB/PD 3', 'AB/PD 3', 'LP 1', 'PY 5']
CHANNELS = ('Na', 'CaT', 'CaS', 'A', 'KCa', 'Kd', 'H')
AREA = 1e5           # µm²: the package's equations are written for 10⁻³ cm²
NS = AREA * 1e-8 * 1e6  # nS per mS/cm² over AREA: 1000


def package_module():
    import jax
    x64 = jax.config.jax_enable_x64
    try:
        return importlib.import_module('pyloric_network_simulator.prinz2004')
    finally:
        jax.config.update('jax_enable_x64', x64)  # its import turns float64 on


def brainlet_circuit(config):
    import brainlet as bl
    from scipy import constants
    T = 12.2e-3 * 2 * constants.physical_constants['Faraday constant'][0] / constants.R - 273.15
    sign = -1.0 if config == 'released' else 1.0
    synapses = {name: {'V_th': -35.0 - np.log(5.0), 'delta': 1.0, 'k_minus': p['k_minus'], 'E': sign * p['E']}
                for name, p in bl.neurons.PRINZ2004_SYNAPSES.items()}
    gs = {'released': NS * GS, 'inhibitory': GS, 'isolated': 0 * GS}[config]
    return bl.neurons.Prinz2004(POPS, gs, MODELS, g_gap=0.0 if config == 'isolated' else NS, synapses=synapses,
                                area=AREA, calcium=bl.channels.CalciumPool_Liu1998(area=AREA, T=T))


def isolated_state():
    import brainlet as bl
    net = brainlet_circuit('isolated')
    bl.DSRunner(net, dt=DT, progress_bar=False).run(SETTLE)
    c = net.cells
    return (np.asarray(c.V.value, dtype=float), 1e3 * np.asarray(c.ions['ca'].ci.value, dtype=float),
            np.array([np.asarray(c.channels[k].m.value) for k in CHANNELS], dtype=float),
            np.array([np.asarray(c.channels[k].h.value) for k in CHANNELS[:4]], dtype=float))


def brainlet_run(config, state, duration):
    import jax.numpy as jnp
    import brainlet as bl
    t_build, net = timed(lambda: brainlet_circuit(config))
    runner = bl.DSRunner(net, monitors=['cells.V'], dt=DT, progress_bar=False)

    def reset():
        V, ca, m, h = state
        c = net.cells
        c.V.value, c.ions['ca'].ci.value = jnp.asarray(V, c.V.value.dtype), jnp.asarray(1e-3 * ca, c.V.value.dtype)
        for j, k in enumerate(CHANNELS):
            c.channels[k].m.value = jnp.asarray(m[j], c.V.value.dtype)
            if j < 4:
                c.channels[k].h.value = jnp.asarray(h[j], c.V.value.dtype)
        for name, cells in net.pops.items():
            syn = getattr(net, f'{name}_syn')
            syn.s.value = syn.activation(jnp.asarray(V[cells], c.V.value.dtype))

    reset()
    t_first, mon = timed(lambda: runner.run(duration))
    reset()  # the same run again (the circuit is autonomous: the runner's clock does not matter)
    t_warm, mon = timed(lambda: runner.run(duration))
    return {'build_s': t_build, 'first_s': t_first, 'warm_s': t_warm, 'net': net,
            't': np.asarray(mon.ts, dtype=float) - float(mon.ts[0]) + DT, 'V': np.asarray(mon['cells.V'], dtype=float)}


def package_run(P, config, state, duration, rtol=1e-3, atol=1e-6):
    import jax
    from scipy import integrate
    import brainlet as bl
    g_ion = np.array([[bl.neurons.PRINZ2004_MODELS[m][k] for k in (*CHANNELS, 'leak')] for m in MODELS])
    V, ca, m, h = state
    s = 1.0 / (1.0 + np.exp(-35.0 - np.log(5.0) - V))
    t_eval = np.arange(0.0, duration + 0.05, 0.1)
    with jax.enable_x64(True), warnings.catch_warnings():
        warnings.simplefilter('ignore')  # RK45's rejected trial steps overflow
        model = P.Prinz2004(pop_sizes=POPS, gs=GS if config == 'released' else GS / NS, g_ion=g_ion, ge=1.0)
        X0 = P.State.from_array(np.concatenate([V[None], np.log(ca)[None], np.log(s / (1 - s))[None],
                                                np.log(m / (1 - m)), np.log(h / (1 - h))]))
        if config == 'released' and rtol == 1e-3:
            def solve(t):
                return model.integrate(0.0, X0, t).y
        else:
            Es = P.syn_constants.loc[['chol', 'glut', 'glut', 'glut'], 'Es'].to_numpy()
            Es = tuple(Es if config == 'released' else -Es)  # PD, AB, LP, PY
            slices = (tuple(sl.__reduce__() for sl in model.pop_slices.values()),
                      (model.syn_slices['chol'].__reduce__(), model.syn_slices['glut'].__reduce__()),
                      model.elec_slice.__reduce__())
            args = (model.g, model.gleak, model.gs, model.ge, *slices, model.E(X0.Ca), model.tot_cells, None)

            def solve(t):
                return integrate.solve_ivp(functools.partial(P.dX, Es_tuple=Es), (t[0], t[-1]), X0.to_vector(),
                                           t_eval=t, rtol=rtol, atol=atol, first_step=0.005, args=args).y
        solve(t_eval[t_eval <= 100.0])  # compiles dX
        t_run, y = timed(lambda: solve(t_eval))
    return {'warm_s': t_run, 't': t_eval, 'V': y.reshape(-1, sum(POPS.values()), len(t_eval))[0].T}


def rhythm(net, run):
    keep = run['t'] >= WINDOW
    r = net.rhythm(run['t'][keep], run['V'][keep])
    out = {'period': float(np.mean(r['period'])) if len(r['period']) else float('nan'), 'cycles': len(r['period'])}
    out.update({pop: float(np.mean(r[pop]['spikes'])) if len(r['period']) else float('nan') for pop in POPS})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--durations', type=float, nargs='+', default=[2000.0, 10000.0])
    parser.add_argument('--x64', action='store_true', help='brainlet in float64')
    parser.add_argument('--configs', nargs='+', default=['released', 'inhibitory'], choices=['released', 'inhibitory'])
    args = parser.parse_args()
    import jax
    jax.config.update('jax_enable_x64', args.x64)
    print_machine()
    P = package_module()
    state = isolated_state()
    timing, accuracy, matched = [], [], []
    for config in args.configs:
        for duration in args.durations:
            ours = brainlet_run(config, state, duration)
            theirs = package_run(P, config, state, duration)
            timing.append([config, f'{duration:g}', f"{ours['build_s']:.2f}", f"{ours['first_s']:.2f}",
                           f"{ours['warm_s']:.3f}", f"{theirs['warm_s']:.2f}",
                           f"{theirs['warm_s'] / ours['warm_s']:.1f}", f"{theirs['warm_s'] / ours['first_s']:.1f}"])
            print(timing[-1], flush=True)
            if duration != max(args.durations):
                continue
            if config == 'released':
                ref = package_run(P, config, state, duration, rtol=1e-6, atol=1e-9)
                for name, run in (('brainlet', ours), ('package', theirs), ('package rtol 1e-6', ref)):
                    accuracy.append([config, name, 'depolarization block: final V (mV) ' +
                                     ', '.join(f'{v:.2f}' for v in run['V'][-1, [0, 2, 3, 4]])])
                continue
            ref = package_run(P, config, state, duration, rtol=1e-6, atol=1e-9)
            matched.append([config, f'{duration:g}', f"{ours['warm_s']:.3f}", f"{ref['warm_s']:.2f}",
                            f"{ref['warm_s'] / ours['warm_s']:.1f}"])
            for name, run in (('brainlet', ours), ('package', theirs), ('package rtol 1e-6', ref)):
                r = rhythm(ours['net'], run)
                accuracy.append([config, name, f"period {r['period']:.1f} ms ({r['cycles']} cycles); spikes per "
                                 f"burst " + ', '.join(f'{pop} {r[pop]:.1f}' for pop in POPS)])
                print(accuracy[-1], flush=True)
    print()
    print(markdown_table(['configuration', 'duration (ms)', 'brainlet build (s)', 'brainlet first run (s)',
                          'brainlet warm run (s)', 'package (s)', 'package / brainlet warm',
                          'package / brainlet first'], timing))
    print()
    print(markdown_table(['configuration', 'duration (ms)', 'brainlet warm run (s)', 'package at rtol 1e-6 (s)',
                          'package / brainlet warm'], matched))
    print()
    print(markdown_table(['configuration', 'simulator', f'settled (t >= {WINDOW:g} ms of the longest run)'],
                         accuracy))


if __name__ == '__main__':
    main()
