"""The pyloric circuit (``bl.neurons.Prinz2004``) against the ``pyloric-network-simulator`` package
(``Prinz2004``), run side by side on the W4 configuration of its README: populations PD 2, AB 1, LP 1, PY 5
with the models AB/PD 3, AB/PD 3, LP 1, PY 5 and 3 in every off-diagonal entry of the synaptic matrix
except PD <- PD, AB, PY and AB <- PD, AB (``GS`` below, rows postsynaptic).

The package (0.1.3) departs from the papers in its synapses, as its code reads (facts checked below by
reproducing its output; docs/pyloric.md has the details):

1. ``s̄(V) = 1 / (1 + exp(V_th - V) / Δ)``: Δ divides the exponential instead of its argument, which is
   ``1 / (1 + exp((V_th - ln Δ - V) / 1 mV))``, a half-activation of −36.61 mV and a slope of 1 mV
   (papers: −35 mV, 5 mV);
2. its table of synapse constants has ``E_s`` = +70 and +80 mV (papers: −70 and −80), so every synapse
   excites;
3. ``gs`` (documented in nS) and ``ge`` enter ``dV/dt`` as current densities: they are mS/cm², i.e. µS
   over the 10⁻³ cm² for which the package's calcium entry is written, 1000 times the nS of the papers;
   the gap junctions have ``ge`` = 1, i.e. 1000 nS.

brainlet reproduces all three through parameters (``synapses``, ``gs`` × 1000, ``g_gap``, ``area`` = 10⁵ µm²
and the package's calcium, as in test_stg_pyloric.py). With them the README circuit goes into depolarization
block within 150 ms in both simulators. With the synapses inhibitory (the package's own equations, ``dX``,
given ``Es_tuple`` = (−80, −70, −70, −70) mV) and ``gs`` in nS (the package's matrix divided by 1000), both
give a triphasic rhythm, PD -> LP -> PY, compared over a settled window.

Both simulators start from the same state: every cell's state after 5 s in isolation (brainlet, the package's
equations), the synaptic activations at s̄ of that voltage. brainlet runs at dt = 0.025 ms in float64.
"""
import functools
import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import constants, integrate

import brainlet as bl

pytestmark = pytest.mark.validation
pytest.importorskip('pyloric_network_simulator')

DT = 0.025                                      # ms
POPS = {'PD': 2, 'AB': 1, 'LP': 1, 'PY': 5}
GS = np.array([[0, 0, 3, 0], [0, 0, 3, 3], [3, 3, 0, 3], [3, 3, 3, 0]], dtype=float)  # the README's, [post, pre]
MODELS = ['AB/PD 3', 'AB/PD 3', 'LP 1', 'PY 5']
CHANNELS = ('Na', 'CaT', 'CaS', 'A', 'KCa', 'Kd', 'H')  # the package's order; the first four have h
PACKAGE_AREA = 1e5                              # µm²: the package's equations are written for 10⁻³ cm²
PACKAGE_T = 12.2e-3 * 2 * constants.physical_constants['Faraday constant'][0] / constants.R - 273.15  # °C
PACKAGE_NS = PACKAGE_AREA * 1e-8 * 1e6          # nS per mS/cm² over 10⁻³ cm² (1e-8 cm²/µm², 1e6 nS/mS): 1000
PACKAGE_GE = 1.0                                # the package's gap conductance (mS/cm²): 1000 nS
PACKAGE_V_TH = -35.0 - np.log(5.0)              # its s̄: exp(V_th - V) / Δ = exp(V_th - ln Δ - V)
SETTLE, WINDOW, DURATION = 5000.0, 2000.0, 14000.0  # ms: isolated warm-up; the rhythm is compared after WINDOW


def spike_times(t, V, threshold=-20.0):
    k = np.flatnonzero((V[:-1] < threshold) & (V[1:] >= threshold))
    return t[k] + (threshold - V[k]) * (t[k + 1] - t[k]) / (V[k + 1] - V[k])


def circuit(gs_nS, excitatory, g_gap=PACKAGE_NS * PACKAGE_GE):
    """brainlet's circuit with the package's conventions: its activation, its area and calcium, and the
    synaptic reversal potentials with the package's sign (``excitatory``) or the papers'; in float64."""
    sign = -1.0 if excitatory else 1.0
    synapses = {name: {'V_th': PACKAGE_V_TH, 'delta': 1.0, 'k_minus': p['k_minus'], 'E': sign * p['E']}
                for name, p in bl.neurons.PRINZ2004_SYNAPSES.items()}
    with jax.enable_x64(True):
        return bl.neurons.Prinz2004(POPS, gs_nS, MODELS, g_gap=g_gap, synapses=synapses, area=PACKAGE_AREA,
                                    calcium=bl.channels.CalciumPool_Liu1998(area=PACKAGE_AREA, T=PACKAGE_T))


@pytest.fixture(scope='module')
def isolated():
    """Every cell after SETTLE ms without synapses: V (mV), [Ca] (µM), m (7, cells), h (4, cells)."""
    net = circuit(np.zeros_like(GS), excitatory=False, g_gap=0.0)
    with jax.enable_x64(True):
        bl.DSRunner(net, dt=DT, progress_bar=False).run(SETTLE)
        cells = net.cells
        return (np.asarray(cells.V.value), 1e3 * np.asarray(cells.ions['ca'].ci.value),
                np.array([np.asarray(cells.channels[k].m.value) for k in CHANNELS]),
                np.array([np.asarray(cells.channels[k].h.value) for k in CHANNELS[:4]]))


def brainlet_run(net, state, duration, dt=DT):
    V, ca, m, h = state
    with jax.enable_x64(True):
        cells = net.cells
        cells.V.value, cells.ions['ca'].ci.value = jnp.asarray(V), jnp.asarray(1e-3 * ca)
        for j, k in enumerate(CHANNELS):
            cells.channels[k].m.value = jnp.asarray(m[j])
            if j < 4:
                cells.channels[k].h.value = jnp.asarray(h[j])
        for name, cells_of in net.pops.items():
            syn = getattr(net, f'{name}_syn')
            syn.s.value = syn.activation(jnp.asarray(V[cells_of]))
        mon = bl.DSRunner(net, monitors=['cells.V'], dt=dt, progress_bar=False).run(duration)
    return np.concatenate([[0.], np.asarray(mon.ts) + dt]), np.concatenate([V[None], np.asarray(mon['cells.V'])])


def package_run(prinz2004, state, t_eval, gs, Es):
    """The package's voltages (cells, times) from ``state``: its equations (``dX``, as ``Prinz2004.integrate``
    solves them) with the synaptic reversal potentials ``Es`` of its populations PD, AB, LP, PY (mV), by the
    same RK45 at rtol 1e-6, atol 1e-9 (its default rtol 1e-3 moves spikes by up to 1 ms here)."""
    g_ion = np.array([[bl.neurons.PRINZ2004_MODELS[m][k] for k in (*CHANNELS, 'leak')] for m in MODELS])
    V, ca, m, h = state
    s = 1.0 / (1.0 + np.exp(PACKAGE_V_TH - V))
    with jax.enable_x64(True), warnings.catch_warnings():
        warnings.simplefilter('ignore')  # RK45's rejected trial steps overflow
        model = prinz2004.Prinz2004(pop_sizes=POPS, gs=gs, g_ion=g_ion, ge=PACKAGE_GE)
        X0 = prinz2004.State.from_array(np.concatenate([V[None], np.log(ca)[None], np.log(s / (1 - s))[None],
                                                        np.log(m / (1 - m)), np.log(h / (1 - h))]))
        slices = (tuple(s.__reduce__() for s in model.pop_slices.values()),
                  (model.syn_slices['chol'].__reduce__(), model.syn_slices['glut'].__reduce__()),
                  model.elec_slice.__reduce__())
        args = (model.g, model.gleak, model.gs, model.ge, *slices, model.E(X0.Ca), model.tot_cells, None)
        y = integrate.solve_ivp(functools.partial(prinz2004.dX, Es_tuple=tuple(Es)), (t_eval[0], t_eval[-1]),
                                X0.to_vector(), t_eval=t_eval, rtol=1e-6, atol=1e-9, first_step=0.005, args=args).y
    return y.reshape(-1, sum(POPS.values()), len(t_eval))[0]


def released_Es(prinz2004):
    """The package's synaptic reversal potentials (mV) of PD, AB, LP, PY, from its table of constants."""
    return np.asarray(prinz2004.syn_constants.loc[['chol', 'glut', 'glut', 'glut'], 'Es'], dtype=float)


def papers_Es():
    return np.array([bl.neurons.PRINZ2004_SYNAPSES[t]['E'] for t in ('acetylcholine', 'glutamate', 'glutamate',
                                                                     'glutamate')])


def test_package_synapse_constants(prinz2004):
    """The package's k₋, V_th and Δ are the papers'; its E_s have the opposite sign."""
    table = prinz2004.syn_constants
    for ours, theirs in (('acetylcholine', 'chol'), ('glutamate', 'glut')):
        p = bl.neurons.PRINZ2004_SYNAPSES[ours]
        assert (table.loc[theirs, 'km'], table.loc[theirs, 'Vth'], table.loc[theirs, 'Δ']) == (
            p['k_minus'], p['V_th'], p['delta'])
    np.testing.assert_array_equal(released_Es(prinz2004), -papers_Es())


def test_package_model_table_is_accepted_as_g_ion(prinz2004):
    """``g_ion`` as in the package's README, rows of its ``neuron_models`` table: the same cells as by name."""
    ours = bl.neurons.Prinz2004(POPS, GS, prinz2004.neuron_models.loc[MODELS])
    by_name = bl.neurons.Prinz2004(POPS, GS, MODELS)
    for k, g in by_name.cells.g.items():
        np.testing.assert_array_equal(ours.cells.g[k], g)


def test_package_synaptic_kinetics_are_graded_release_with_its_parameters(prinz2004):
    """The package's ds/dt (its ``dX`` integrates logit s: d logit s / dt = (s̄ − s) / (τ_s s (1 − s) + 1e-8))
    at 61 voltages from −80 to +40 mV, every cell a PD (acetylcholine) or every cell an LP (glutamate), is
    brainlet's GradedRelease with V_th = −35 − ln 5 mV and δ = 1 mV: fact 1 above. To 1e-9 where
    1 − s̄ > 1e-6; above, the package's τ_s = (1 − s̄)/k₋ rounds 1 − s̄ (to 1e-16 / (1 − s̄), relative), and the
    agreement is 1e-6."""
    V = np.linspace(-80.0, 40.0, 61)
    s = np.full(len(V), 0.3)
    g_ion = np.zeros((1, 8))
    for pop, transmitter in (('PD', 'acetylcholine'), ('LP', 'glutamate')):
        with jax.enable_x64(True):
            model = prinz2004.Prinz2004(pop_sizes={pop: len(V)}, gs=np.zeros((1, 1)), g_ion=g_ion, ge=0.0)
            X = np.concatenate([V[None], np.log(np.full((1, len(V)), 0.05)), np.log(s / (1 - s))[None],
                                np.zeros((11, len(V)))])
            dlogit = np.asarray(model.derivative(0.0, prinz2004.State.from_array(X))).reshape(-1, len(V))[2]
            pre = bl.neurons.LIF(len(V), V_rest=0., V_reset=0., V_th=1e9, tau=1e9)
            pre.V.value = jnp.asarray(V)
            p = bl.neurons.PRINZ2004_SYNAPSES[transmitter]
            syn = bl.synapses.GradedRelease(pre, pre, bl.conn.OneToOne(), g_max=0.0, V_th=PACKAGE_V_TH, delta=1.0,
                                            k_minus=p['k_minus'])
            s_bar, tau = np.asarray(syn.activation(jnp.asarray(V))), 1.0 / np.asarray(syn.rate(jnp.asarray(V)))
        ours = (s_bar - s) / (tau * s * (1 - s) + 1e-8)
        exact = 1 - s_bar > 1e-6
        assert exact.sum() == 29  # -80 to -24 mV
        np.testing.assert_allclose(dlogit[exact], ours[exact], rtol=1e-9)
        np.testing.assert_allclose(dlogit, ours, rtol=1e-6)


def test_package_as_released_goes_into_depolarization_block(prinz2004, isolated):
    """The README circuit with the package's synapses as they are: excitatory, 1000 times the papers'
    conductance. Both simulators fire the same few spikes, none after 150 ms, and settle at the same
    depolarized voltages (within 0.1 mV) by 300 ms, far from any rhythm. The spike times agree within 1 ms
    at dt = 0.025 ms (measured 0.93 ms) and converge to the package's at first order in dt: the first spike
    is off by 0.73, 0.38 and 0.20 ms at dt = 0.025, 0.0125 and 0.00625 ms."""
    t, ours = brainlet_run(circuit(PACKAGE_NS * GS, excitatory=True), isolated, 300.)
    t_eval = t[::4]
    theirs = package_run(prinz2004, isolated, t_eval, GS, released_Es(prinz2004))
    first = []
    for i in range(ours.shape[1]):
        a, b = spike_times(t, ours[:, i]), spike_times(t_eval, theirs[i])
        print(f'cell {i}: {len(a)} spikes, the last at {a.max():.1f} ms, max |Δt| {np.max(np.abs(a - b)):.3f} ms')
        assert len(a) == len(b) >= 1 and a.max() < 150.
        assert np.max(np.abs(a - b)) < 1.0
        first.append(b[0])
    print('final V (mV): brainlet', ours[-1].round(2), 'package', theirs[:, -1].round(2))
    np.testing.assert_allclose(ours[-1], theirs[:, -1], atol=0.1)
    assert np.all(ours[-1] > -15.0)
    errors = []
    for dt in (DT, DT / 2, DT / 4):
        t, V = brainlet_run(circuit(PACKAGE_NS * GS, excitatory=True), isolated, 100., dt=dt)
        errors.append(np.max(np.abs([spike_times(t, V[:, i])[0] - first[i] for i in range(V.shape[1])])))
    print('first-spike error (ms) at dt = 0.025, 0.0125, 0.00625:', np.round(errors, 3))
    assert errors[0] / errors[1] > 1.8 and errors[1] / errors[2] > 1.8 and errors[2] < 0.25


@pytest.fixture(scope='module')
def inhibitory(prinz2004, isolated):
    """The rhythm of both simulators with the papers' reversal potentials and conductances in nS."""
    net = circuit(GS, excitatory=False)
    t, ours = brainlet_run(net, isolated, DURATION)
    t_eval = np.arange(0., DURATION + DT / 2, 4 * DT)
    theirs = package_run(prinz2004, isolated, t_eval, GS / PACKAGE_NS, papers_Es())
    keep, keep_eval = t >= WINDOW, t_eval >= WINDOW
    return net.rhythm(t[keep], ours[keep]), net.rhythm(t_eval[keep_eval], theirs[:, keep_eval].T)


def median(rhythm, pop, key):
    return float(np.nanmedian(rhythm[pop][key]))


def test_triphasic_rhythm_matches_the_package(inhibitory):
    """In both, PD bursts, then LP, then PY (median phases over the cycles: a cycle where LP's burst runs
    into the next is not the rule); the mean period within 10 %, PD's mean spikes per burst within 10 % and
    the median onset phases of LP and PY within 0.1 of a cycle."""
    for rhythm in inhibitory:
        assert len(rhythm['period']) >= 4
        assert np.all(rhythm['PD']['onset'] == 0.0)
        assert median(rhythm, 'PD', 'end') < median(rhythm, 'LP', 'onset') < median(rhythm, 'PY', 'onset')
    ours, theirs = inhibitory
    for name, r in (('brainlet', ours), ('package', theirs)):
        print(f"{name}: periods {np.round(r['period'], 1)} ms; " + '; '.join(
            f"{p} onset {median(r, p, 'onset'):.3f} end {median(r, p, 'end'):.3f} spikes {np.mean(r[p]['spikes']):.1f}"
            for p in POPS))
    assert np.mean(ours['period']) == pytest.approx(np.mean(theirs['period']), rel=0.1)
    assert np.mean(ours['PD']['spikes']) == pytest.approx(np.mean(theirs['PD']['spikes']), rel=0.1)
    for pop in ('LP', 'PY'):
        assert abs(median(ours, pop, 'onset') - median(theirs, pop, 'onset')) < 0.1
