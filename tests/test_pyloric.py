"""The pyloric circuit (Prinz, Bucher & Marder 2004): the graded synapses follow their closed forms, the
conductance matrix is read [post, pre] in nS, gap junctions are symmetric and conserve current, the circuit
without coupling is its neurons alone, splitting a population changes nothing, the rhythm is read off spike
trains correctly, and bad input is refused with a message that names the parameter."""
import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest

import brainlet as bl

POPS = {'PD': 2, 'AB': 1, 'LP': 1, 'PY': 2}
MODELS = ['AB/PD 3', 'AB/PD 3', 'LP 1', 'PY 5']
#: distinct entries, so that a transposed or shifted reading shows (nS, rows postsynaptic)
GS = np.array([[0., 1., 3., 5.], [7., 0., 11., 13.], [17., 19., 23., 29.], [31., 37., 41., 43.]])
#: the type of each cell of POPS, in order
TYPES = ['PD', 'PD', 'AB', 'LP', 'PY', 'PY']


def circuit(gs=GS, g_gap=0.0, pops=POPS, models=MODELS, **kw):
    return bl.neurons.Prinz2004(pops, gs, models, g_gap=g_gap, **kw)


@pytest.mark.parametrize('transmitter', ['glutamate', 'acetylcholine'])
def test_graded_synapse_follows_its_steady_state_and_time_constant(transmitter, x64):
    """s̄(V) = 1/(1 + e^{(V_th − V)/δ}) and, for V held, s(t) = s̄ + (s₀ − s̄) e^{−t/τ}, τ = (1 − s̄)/k₋
    (Prinz et al. 2004, Methods), with the papers' constants, from −80 to +40 mV."""
    p = bl.neurons.PRINZ2004_SYNAPSES[transmitter]
    assert (p['V_th'], p['delta'], p['E']) == (-35.0, 5.0, {'glutamate': -70.0, 'acetylcholine': -80.0}[transmitter])
    assert p['k_minus'] == {'glutamate': 1 / 40, 'acetylcholine': 1 / 100}[transmitter]
    V = np.linspace(-80.0, 40.0, 25)
    pre = bl.neurons.LIF(len(V), V_rest=0., V_reset=0., V_th=1e9, tau=1e9)
    pre.V.value = jnp.asarray(V)
    syn = bl.synapses.GradedRelease(pre, pre, bl.conn.OneToOne(), g_max=0.0, **p)
    mp.mp.dps = 40  # the reference in 40 digits: 1 - s̄ cancels where s̄ is near 1
    s_bar_mp = [1 / (1 + mp.exp((mp.mpf(p['V_th']) - mp.mpf(v)) / p['delta'])) for v in V]
    s_bar = np.array([float(x) for x in s_bar_mp])
    tau = np.array([float((1 - x) / mp.mpf(p['k_minus'])) for x in s_bar_mp])
    np.testing.assert_allclose(np.asarray(syn.s.value), s_bar, rtol=1e-14)
    syn.s.value = jnp.zeros(len(V))
    for step in range(40):  # 1 ms in steps of 0.025 ms
        syn.update(step * 0.025, 0.025)
    np.testing.assert_allclose(np.asarray(syn.s.value), s_bar * (1.0 - np.exp(-1.0 / tau)), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(syn.rate(jnp.asarray(V))), 1.0 / tau, rtol=1e-12)


def test_graded_synapse_is_finite_far_above_threshold(x64):
    """Where s̄ rounds to 1 (a steep activation, δ = 1 mV, at +40 mV), τ_s → 0 and s jumps to s̄ = 1."""
    pre = bl.neurons.LIF(1, V_rest=40., V_reset=40., V_th=1e9, tau=1e9)
    syn = bl.synapses.GradedRelease(pre, pre, bl.conn.OneToOne(), g_max=0.0, V_th=-36.6, delta=1.0)
    syn.s.value = jnp.zeros(1)
    syn.update(0.0, 0.025)
    assert float(syn.s.value[0]) == 1.0


def test_synaptic_current_follows_the_conductance_matrix(x64):
    """After the synapses act, each cell's input is Σ_j gs[post, pre] s_j (E_j − V_i) (nS × mV = pA, in nA),
    E_j that of the presynaptic type (−80 mV from PD, −70 mV from AB, LP, PY), and its input conductance
    Σ_j gs s_j (µS)."""
    net = circuit()
    V = np.array([-60., -55., -50., -45., -40., -65.])
    s = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    net.cells.V.value = jnp.asarray(V)
    for name, cells in net.pops.items():
        getattr(net, f'{name}_syn').s.value = jnp.asarray(s[cells])
    for syn in (m for m in net.members() if isinstance(m, bl.synapses.GradedRelease)):
        syn.update(0.0, 0.025)
    s = np.concatenate([np.asarray(getattr(net, f'{name}_syn').s.value) for name in net.pops])  # after the step
    pop_of = {'PD': 0, 'AB': 1, 'LP': 2, 'PY': 3}
    E = np.array([{'PD': -80., 'AB': -70., 'LP': -70., 'PY': -70.}[t] for t in TYPES])
    g = np.array([[GS[pop_of[post], pop_of[pre]] for pre in TYPES] for post in TYPES])  # nS, cell by cell
    np.testing.assert_allclose(np.asarray(net.cells.input.value), 1e-3 * (g * s * (E[None] - V[:, None])).sum(1),
                               rtol=1e-12)
    np.testing.assert_allclose(np.asarray(net.cells.input_conductance.value), 1e-3 * (g * s).sum(1), rtol=1e-12)


def test_gap_junctions_couple_every_ab_pd_pair_symmetrically(x64):
    """One junction per pair of AB/PD cells: I_i = g Σ_j (V_j − V_i) (nS × mV), the currents sum to zero,
    LP and PY get none, and each kernel cell's input conductance is g times its number of partners."""
    net = circuit(gs=np.zeros((4, 4)), g_gap=250.0)
    V = np.array([-60., -52., -47., -45., -40., -65.])
    net.cells.V.value = jnp.asarray(V)
    net.gap.update(0.0, 0.025)
    I = np.asarray(net.cells.input.value)
    kernel = V[:3]
    np.testing.assert_allclose(I[:3], 0.25 * (kernel.sum() - 3 * kernel), rtol=1e-12)
    assert np.all(I[3:] == 0.0) and abs(I.sum()) < 1e-12
    np.testing.assert_allclose(np.asarray(net.cells.input_conductance.value), [0.5, 0.5, 0.5, 0, 0, 0])
    assert len(net.gap.i) == 3 and not hasattr(circuit(gs=np.zeros((4, 4)), g_gap=0.0), 'gap')


def test_uncoupled_circuit_is_its_neurons_alone(x64):
    """With gs = 0 and g_gap = 0 the circuit is the STG neurons of its models, run alone (1e-9 mV, 300 ms)."""
    net = circuit(gs=np.zeros((4, 4)))
    alone = bl.neurons.STGNeuron(6, g=['AB/PD 3', 'AB/PD 3', 'AB/PD 3', 'LP 1', 'PY 5', 'PY 5'])
    ours = bl.DSRunner(net, monitors=['cells.V'], dt=0.025).run(300.)['cells.V']
    theirs = bl.DSRunner(alone, monitors=['V'], dt=0.025).run(300.)['V']
    assert np.ptp(theirs) > 50.0  # they spike
    np.testing.assert_allclose(ours, theirs, atol=1e-9)


def test_splitting_a_population_changes_nothing(x64):
    """PY 2 as one population, or as two of one cell each with the matrix's PY row and column repeated: the
    same circuit (1e-9 mV over 300 ms)."""
    one = circuit(g_gap=628.0)
    rows = np.insert(GS, 4, GS[3], axis=0)
    split = np.insert(rows, 4, rows[:, 3], axis=1)
    two = circuit(gs=split, g_gap=628.0, pops={'PD': 2, 'AB': 1, 'LP': 1, 'PY': 1, 'PY_b': 1},
                  models=MODELS + ['PY 5'])
    a = bl.DSRunner(one, monitors=['cells.V'], dt=0.025).run(300.)['cells.V']
    b = bl.DSRunner(two, monitors=['cells.V'], dt=0.025).run(300.)['cells.V']
    np.testing.assert_allclose(a, b, atol=1e-9)


def test_a_vmapped_sweep_is_the_runs_one_by_one(x64):
    """``jax.vmap`` of ``bl.simulate`` over the LP synapses' k₋ and the gap conductance (µS) of a circuit
    gives the runs made one at a time (1e-9 mV over 300 ms), and different values give different runs."""
    net = circuit(g_gap=628.0)
    assert {'LP_syn.k_minus', 'gap.g', 'cells.channels.CaS.g_max'} <= set(bl.parameters(net))

    def run(k_minus, g):
        return bl.simulate(net, 300., 0.025, monitors=['cells.V'],
                           params={'LP_syn.k_minus': k_minus, 'gap.g': g})['cells.V']
    k_minus, g = jnp.array([1 / 40, 1 / 10]), jnp.array([0.628, 0.1])
    swept = jax.vmap(run)(k_minus, g)
    for i in range(2):
        np.testing.assert_allclose(swept[i], run(k_minus[i], g[i]), atol=1e-9)
    assert np.abs(np.asarray(swept[0] - swept[1])).max() > 1.0


def test_conductances_by_name_mapping_or_row_are_the_same_circuit():
    by_name = circuit()
    by_row = circuit(models={'PD': 'AB/PD 3', 'AB': dict(bl.neurons.PRINZ2004_MODELS['AB/PD 3']),
                             'LP': list(bl.neurons.PRINZ2004_MODELS['LP 1'].values()), 'PY': 'PY 5'})
    for k, g in by_name.cells.g.items():
        np.testing.assert_array_equal(g, by_row.cells.g[k])
    assert by_name.pops == {'PD': slice(0, 2), 'AB': slice(2, 3), 'LP': slice(3, 4), 'PY': slice(4, 6)}


def test_rhythm_reads_periods_and_phases_off_spike_trains():
    """Square spikes at known times: PD bursts of 3 spikes every 1000 ms, LP from 400 ms, PY from 700 ms."""
    net = circuit()
    ts = np.arange(0.0, 4000.0, 0.5)
    V = np.full((len(ts), 6), -60.0)

    def spike(cell, times):
        for t in times:
            V[(ts >= t) & (ts < t + 2.0), cell] = 10.0
    for c in range(3):
        spike(c, [k * 1000.0 + d for k in range(4) for d in (0.0, 20.0, 40.0)])
    spike(3, [k * 1000.0 + 400.0 + d for k in range(4) for d in (0.0, 50.0)])
    spike(4, [k * 1000.0 + 700.0 + d for k in range(4) for d in (0.0, 30.0, 60.0, 90.0)])
    r = net.rhythm(ts, V)
    np.testing.assert_allclose(r['period'], [1000.0, 1000.0])
    np.testing.assert_allclose(r['PD']['onset'], 0.0)
    np.testing.assert_allclose(r['PD']['end'], 0.040)
    np.testing.assert_allclose(r['LP']['onset'], 0.4)
    np.testing.assert_allclose(r['PY']['end'], 0.79)
    np.testing.assert_array_equal(r['PY']['spikes'], [4, 4])
    silent = net.rhythm(ts, np.full((len(ts), 6), -60.0))
    assert len(silent['period']) == 0 and len(silent['LP']['onset']) == 0


@pytest.mark.parametrize('kwargs, message', [
    (dict(gs=np.zeros((3, 4))), r"gs must be a square matrix .* shape \(4, 4\); got shape \(3, 4\)"),
    (dict(gs=np.zeros(4)), r"gs must be a square matrix"),
    (dict(gs=-GS), r"gs must be >= 0 \(nS\)"),
    (dict(gs=np.full((4, 4), np.nan)), r"gs must be finite"),
    (dict(models=['AB/PD 3', 'AB/PD 9', 'LP 1', 'PY 5']), r"unknown STG model 'AB/PD 9'.*AB/PD 1, AB/PD 2"),
    (dict(models=['AB/PD 3', 'LP 1', 'PY 5']), r"g_ion must give one model per population \(4: PD, AB, LP, PY\)"),
    (dict(models={'PD': 'AB/PD 3', 'LP': 'LP 1', 'PY': 'PY 5', 'XX': 'PY 1'}),
     r"missing \['AB'\], unknown \['XX'\]"),
    (dict(models=['AB/PD 3', 'AB/PD 3', [1.0, 2.0], 'PY 5']), r"g_ion for population 'LP' .* got shape \(2,\)"),
    (dict(pops={'PD': 2, 'AB': 1, 'IC': 1, 'PY': 2}), r"population name 'IC' must be a cell type AB, PD, LP or PY"),
    (dict(pops={'PD': 2, 'AB': 0, 'LP': 1, 'PY': 2}), r"pop_sizes\['AB'\] must be a positive integer"),
    (dict(pops={'PD': 2, 'AB': 1.5, 'LP': 1, 'PY': 2}), r"pop_sizes\['AB'\] must be a positive integer"),
    (dict(g_gap=-1.0), r"g_gap must be >= 0 \(nS\)"),
    (dict(area=0.0), r"area must be > 0 \(µm²\)"),
    (dict(synapses={'glutamate': {}}), r"synapses must give .* acetylcholine, glutamate; missing acetylcholine"),
    (dict(synapses={'glutamate': {}, 'acetylcholine': {'delta': 0.0}}), r"delta must be > 0 \(mV\)"),
])
def test_bad_input_is_refused_with_a_message(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        circuit(**kwargs)


def test_bad_rhythm_input_is_refused():
    net = circuit()
    with pytest.raises(ValueError, match=r"V must have shape \(len\(ts\), cells\) = \(10, 6\)"):
        net.rhythm(np.arange(10.), np.zeros((10, 5)))
    with pytest.raises(ValueError, match=r"reference must be one of the populations PD, AB, LP, PY"):
        net.rhythm(np.arange(10.), np.zeros((10, 6)), reference='IC')
    with pytest.raises(ValueError, match=r"burst_gap must be in \(0, 1\)"):
        net.rhythm(np.arange(10.), np.zeros((10, 6)), burst_gap=1.0)
    with pytest.raises(TypeError, match=r"pop_sizes must be a non-empty mapping"):
        bl.neurons.Prinz2004([2, 1], np.zeros((2, 2)), ['AB/PD 3', 'LP 1'])
