"""Synapse kinetics against their analytic impulse responses; delays, outputs, STP, gap junctions, errors."""
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import brainlet as bl

DT = 0.1


def passive(num):
    """Neurons that integrate nothing over a test (no spikes), to receive synaptic input."""
    return bl.neurons.LIF(num, V_rest=-65., V_reset=-65., V_th=1e9, tau=1e9)


def run(synapse_of, pre_times, duration=40.0, num_post=1, monitors=('syn.g',), dt=DT):
    """Run one spike source -> synapse -> passive group; returns the monitors and the arrival time (ms)."""
    indices = np.zeros(len(pre_times), int)
    src = bl.neurons.SpikeTimes(1, indices, pre_times)
    post = passive(num_post)
    net = bl.Network(src=src, post=post, syn=synapse_of(src, post))
    runner = bl.DSRunner(net, monitors=list(monitors), dt=dt)
    return runner.run(duration)


def since_arrival(mon, spike_time, dt=DT, delay=0.0):
    """Times since the spike reached the synapse: emitted in the step ending at spike_time, it arrives one
    step later (plus the delay)."""
    return mon.ts - (spike_time + dt + delay)


def test_exponential_impulse_response():
    mon = run(lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), g_max=0.7, tau=4.0), [5.0])
    s = since_arrival(mon, 5.0)
    expected = np.where(s > -1e-9, 0.7 * np.exp(-np.maximum(s, 0) / 4.0), 0.0)
    np.testing.assert_allclose(mon['syn.g'][:, 0], expected, rtol=1e-5, atol=1e-7)


def test_dual_exponential_impulse_response_and_peak():
    tr, td = 1.0, 6.0
    mon = run(lambda s, p: bl.synapses.DualExponential(s, p, bl.conn.AllToAll(), g_max=2.0, tau_rise=tr,
                                                       tau_decay=td),
              [5.0], monitors=('syn.a', 'syn.b'), dt=0.01)
    s = np.maximum(since_arrival(mon, 5.0, dt=0.01), 0)
    g = mon['syn.a'][:, 0] - mon['syn.b'][:, 0]
    shape = np.exp(-s / td) - np.exp(-s / tr)
    t_peak = tr * td / (td - tr) * math.log(td / tr)
    np.testing.assert_allclose(g, 2.0 * shape / shape.max(), rtol=1e-4, atol=1e-5)
    assert abs(g.max() - 2.0) < 1e-3 and abs(s[np.argmax(g)] - t_peak) < 0.01


def test_alpha_impulse_response_peaks_at_tau():
    mon = run(lambda s, p: bl.synapses.Alpha(s, p, bl.conn.AllToAll(), g_max=1.5, tau=2.0), [5.0])
    s = np.maximum(since_arrival(mon, 5.0), 0)
    np.testing.assert_allclose(mon['syn.g'][:, 0], 1.5 * s / 2.0 * np.exp(1 - s / 2.0), rtol=1e-5, atol=1e-6)


def test_homogeneous_delay_shifts_the_response():
    mon = run(lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), g_max=1.0, tau=3.0, delay=2.5),
              [5.0])
    s = since_arrival(mon, 5.0, delay=2.5)
    np.testing.assert_allclose(mon['syn.g'][:, 0], np.where(s > -1e-9, np.exp(-np.maximum(s, 0) / 3.0), 0),
                               rtol=1e-5, atol=1e-7)


def test_per_synapse_delays():
    delays = np.array([0.0, 1.0, 3.3])
    mon = run(lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), g_max=1.0, tau=3.0, delay=delays),
              [5.0, 12.0], num_post=3)
    for k, d in enumerate(delays):
        expected = sum(np.where(s > -1e-9, np.exp(-np.maximum(s, 0) / 3.0), 0)
                       for s in (since_arrival(mon, t, delay=d) for t in (5.0, 12.0)))
        np.testing.assert_allclose(mon['syn.g'][:, k], expected, rtol=1e-5, atol=1e-6)


def test_conductance_and_current_outputs():
    src = bl.neurons.SpikeTimes(1, [0], [1.0])
    post = passive(2)
    post.V.value = post.V.value.at[1].set(-40.0)
    coba = bl.synapses.Exponential(src, post, bl.conn.AllToAll(), g_max=1.0, tau=5.0, E=0.0)
    cuba = bl.synapses.Exponential(src, post, bl.conn.AllToAll(), g_max=1.0, tau=5.0)
    coba.g.value = coba.g.value + 2.0
    cuba.g.value = cuba.g.value + 2.0
    for syn in (coba, cuba):
        syn.update(0.0, DT)
    g = 2.0 * math.exp(-DT / 5.0)
    np.testing.assert_allclose(np.asarray(post.input.value), [g * 65.0 + g, g * 40.0 + g], rtol=1e-5)


def test_mg_block_equals_brainpy():
    bp = pytest.importorskip('brainpy')
    V = np.linspace(-100, 40, 15)
    ours = bl.synapses.MgBlock(E=0.0, mg=1.2).current(1.0, V)
    theirs = bp.dyn.MgBlock(E=0.0, cc_Mg=1.2, alpha=0.062, beta=3.57).update(np.ones_like(V), V)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5)


def test_ampa_pulse_response_is_analytic():
    alpha, beta, T_max, T_dur = 1.1, 0.19, 1.0, 1.0
    mon = run(lambda s, p: bl.synapses.AMPA(s, p, bl.conn.AllToAll(), g_max=1.0), [5.0], monitors=('syn.r',))
    s = since_arrival(mon, 5.0) + DT  # release covers the step in which the spike arrives
    rate = alpha * T_max + beta
    r_end = alpha * T_max / rate * (1 - math.exp(-rate * T_dur))
    expected = np.where(s <= T_dur + 1e-9, alpha * T_max / rate * (1 - np.exp(-rate * np.clip(s, 0, None))),
                        r_end * np.exp(-beta * (s - T_dur)))
    np.testing.assert_allclose(mon['syn.r'][:, 0], np.where(s > 0, expected, 0), rtol=1e-4, atol=1e-6)


def gabab_reference(t_end, K1=0.09, K2=0.0012, K3=0.18, K4=0.034, T_max=0.5, T_dur=0.3):
    def f(t, y):
        T = T_max if t < T_dur else 0.0
        R, G = y
        return [K1 * T * (1 - R) - K2 * R, K3 * R - K4 * G]
    sol = solve_ivp(f, (0, T_dur), [0, 0], rtol=1e-11, atol=1e-13)
    rest = solve_ivp(f, (T_dur, t_end), sol.y[:, -1], rtol=1e-11, atol=1e-13, dense_output=True)
    return rest.sol


@pytest.mark.usefixtures('x64')
def test_gabab_converges_to_its_odes():
    ref = gabab_reference(300.0)
    errors = []
    for dt in (0.1, 0.05):
        mon = run(lambda s, p: bl.synapses.GABAb(s, p, bl.conn.AllToAll(), g_max=1.0), [3.0], duration=200.0,
                  monitors=('syn.G',), dt=dt)
        s = since_arrival(mon, 3.0, dt=dt) + dt
        keep = s > 1.0
        errors.append(np.abs(mon['syn.G'][keep, 0] - ref(s[keep])[1]).max())
    assert errors[0] / errors[1] > 1.8  # first order in the R -> G coupling
    assert errors[1] < 0.01 * ref(np.linspace(1, 200, 400))[1].max()


def test_graded_release_settles_to_its_activation():
    pre = passive(2)
    pre.V.value = pre.V.value.at[1].set(-30.0)
    post = passive(1)
    syn = bl.synapses.GradedRelease(pre, post, bl.conn.AllToAll(), g_max=1.0)
    s_inf = 1 / (1 + np.exp((-35.0 - np.array([-65.0, -30.0])) / 5.0))
    np.testing.assert_allclose(np.asarray(syn.s.value), s_inf, rtol=1e-6)
    syn.s.value = syn.s.value * 0
    syn.update(0.0, 10.0)  # exact relaxation with tau = (1 - s_inf) / k_minus
    np.testing.assert_allclose(np.asarray(syn.s.value), s_inf * (1 - np.exp(-10.0 / 40.0 / (1 - s_inf))), rtol=1e-5)


def test_gap_junction_currents_are_symmetric():
    group = passive(3)
    group.V.value = group.V.value.at[:].set(np.array([-60.0, -50.0, -70.0]))
    gap = bl.synapses.GapJunction(group, bl.conn.FromIndices([0, 1], [1, 2]), g=0.5)
    gap.update(0.0, DT)
    current = np.asarray(group.input.value)
    np.testing.assert_allclose(current, [0.5 * 10, 0.5 * (-10) + 0.5 * (-20), 0.5 * 20])
    assert abs(current.sum()) < 1e-6


@pytest.mark.usefixtures('x64')  # 3000 steps of float32 decay drift by 4e-5
def test_short_term_plasticity_follows_the_tsodyks_markram_recursion():
    U, tau_f, tau_d = 0.2, 300.0, 150.0
    times = np.array([10.0, 30.0, 50.0, 70.0, 90.0, 300.0])
    src = bl.neurons.SpikeTimes(1, np.zeros(len(times), int), times)
    post = passive(1)
    syn = bl.synapses.Exponential(src, post, bl.conn.AllToAll(), g_max=1.0, tau=1e-3,
                                  stp=bl.synapses.STP(U=U, tau_f=tau_f, tau_d=tau_d))
    runner = bl.DSRunner(bl.Network(src=src, post=post, syn=syn), monitors=['syn.g'], dt=DT)
    g = runner.run(320.0)['syn.g'][:, 0]
    got = g[g > 1e-6]  # tau = 1 µs: g is the spike's efficacy in the step it arrives, then 0
    u, x, expected, last = U, 1.0, [], None
    for t in times:
        if last is not None:
            u = U + (u - U) * math.exp(-(t - last) / tau_f)
            x = 1 + (x - 1) * math.exp(-(t - last) / tau_d)
        u = u + U * (1 - u)
        expected.append(u * x)
        x -= u * x
        last = t
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_group_views_connect_parts_of_a_population():
    pop = bl.neurons.LIF(5, V_rest=-65., V_th=0., tau=10.)
    src = bl.neurons.SpikeTimes(2, [1], [1.0])
    syn = bl.synapses.Exponential(src, pop[3:], bl.conn.OneToOne(), g_max=1.0, tau=5.0)
    net = bl.Network(src=src, pop=pop, syn=syn)
    assert 'pop.V' in net.variables() and pop[3:].num == 2
    runner = bl.DSRunner(net, monitors=['pop.V'], dt=DT)
    V = runner.run(5.0)['pop.V']
    assert np.all(V[:, :4] == -65.0) and V[-1, 4] > -65.0 + 1e-3


@pytest.mark.parametrize('make, message', [
    (lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), tau=-1.0), r'tau must be > 0'),
    (lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), delay=-0.5), r'delay must be >= 0'),
    (lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), g_max=[1.0, 2.0, 3.0]),
     r'g_max must be a scalar or have one value per synapse \(2\)'),
    (lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), g_max=-1.0), r'g_max must be >= 0'),
    (lambda s, p: bl.synapses.Exponential(s, p, bl.conn.OneToOne()), r'OneToOne needs groups of the same size'),
    (lambda s, p: bl.synapses.Exponential(s, p, 0.1), r'conn must be a connectivity rule'),
    (lambda s, p: bl.synapses.DualExponential(s, p, bl.conn.AllToAll(), tau_rise=5., tau_decay=2.),
     r'tau_rise must be < tau_decay'),
    (lambda s, p: bl.synapses.Exponential(s, p, bl.conn.AllToAll(), E=0., output=bl.synapses.CUBA()),
     r'either E .* or output'),
])
def test_bad_parameters_are_named(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make(bl.neurons.SpikeTimes(1, [0], [1.0]), passive(2))


def test_conductance_inputs_are_implicit_in_conductance_based_neurons():
    # a synaptic conductance 100 times the leak, dt 10 times the combined time constant: an explicit current
    # would overshoot and oscillate; taken into the exponential-Euler slope the voltage relaxes monotonically
    cell = bl.neurons.CondNeuGroup(1, channels={'leak': bl.channels.Leak(0.1, -70.)}, C=1.0, V_initial=-70.)
    src = bl.neurons.SpikeTimes(1, [0], [1.0])
    syn = bl.synapses.Exponential(src, cell, bl.conn.AllToAll(), g_max=10.0, tau=1e9, E=0.)  # mS/cm², no decay
    V = bl.DSRunner(bl.Network(src=src, cell=cell, syn=syn), monitors=['cell.V'], dt=1.0).run(20.)['cell.V'][:, 0]
    V_inf = (0.1 * -70. + 10.0 * 0.) / 10.1
    assert np.all(np.diff(V) >= -1e-4) and abs(V[-1] - V_inf) < 1e-3
