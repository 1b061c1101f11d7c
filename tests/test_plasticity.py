"""Plasticity rules: the STDP window, triplet STDP against an event-based reference, Oja's principal
component, the BCM threshold, bounds and normalization."""
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl
from brainlet.synapses._events import Connection

DT = 0.1


def run_pairs(rule, pre_times, post_times, duration, w0=0.5):
    """One synapse per (pre i -> post i) pair, each neuron spiking at the given times; final weights."""
    n = len(pre_times)
    pre = bl.neurons.SpikeTimes(n, np.arange(n), pre_times)
    post = bl.neurons.SpikeTimes(n, np.arange(n), post_times)
    syn = bl.synapses.Exponential(pre, post, bl.conn.OneToOne(), g_max=w0, tau=5.0, plasticity=rule)
    runner = bl.DSRunner(bl.Network(pre=pre, post=post, syn=syn), monitors=['syn.w'], dt=DT)
    return runner.run(duration)['syn.w'][-1]


@pytest.mark.usefixtures('x64')
def test_stdp_window_matches_the_exponentials():
    lags = np.array([-40.0, -15.0, -5.0, -0.5, 0.5, 5.0, 15.0, 40.0])  # t_post - t_pre
    rule = bl.synapses.STDP(A_plus=0.01, A_minus=0.012, tau_plus=16.8, tau_minus=33.7, w_min=-1., w_max=2.)
    w = run_pairs(rule, np.full(len(lags), 50.0), 50.0 + lags, 150.0)
    expected = np.where(lags > 0, 0.01 * np.exp(-lags / 16.8), -0.012 * np.exp(lags / 33.7))
    np.testing.assert_allclose(w - 0.5, expected, rtol=1e-9, atol=1e-12)


def triplet_reference(pre_times, post_times, p):
    """Pfister & Gerstner's all-to-all triplet rule evaluated at the spike times (traces read before their own
    increment; simultaneous spikes: depression first, as the pre and post updates of one step)."""
    events = sorted([(t, 'pre') for t in pre_times] + [(t, 'post') for t in post_times],
                    key=lambda e: (e[0], e[1] == 'post'))
    r1 = r2 = o1 = o2 = 0.0
    w, last = 0.0, 0.0
    for t, kind in events:
        gap = t - last
        r1 *= math.exp(-gap / p['tau_plus']); r2 *= math.exp(-gap / p['tau_x'])
        o1 *= math.exp(-gap / p['tau_minus']); o2 *= math.exp(-gap / p['tau_y'])
        if kind == 'pre':
            w -= o1 * (p['A2_minus'] + p['A3_minus'] * r2)
            r1 += 1; r2 += 1
        else:
            w += r1 * (p['A2_plus'] + p['A3_plus'] * o2)
            o1 += 1; o2 += 1
        last = t
    return w


@pytest.mark.usefixtures('x64')
def test_triplet_stdp_one_synapse_against_reference():
    rng = np.random.default_rng(1)
    params = dict(A2_plus=5e-3, A3_plus=6.2e-3, A2_minus=7e-3, A3_minus=2.3e-4, tau_plus=16.8, tau_minus=33.7,
                  tau_x=101.0, tau_y=125.0)
    pre_times = np.unique(np.round(rng.uniform(1, 500, 30), 1))
    post_times = np.unique(np.round(rng.uniform(1, 500, 30), 1))
    pre = bl.neurons.SpikeTimes(1, np.zeros(len(pre_times), int), pre_times)
    post = bl.neurons.SpikeTimes(1, np.zeros(len(post_times), int), post_times)
    syn = bl.synapses.Exponential(pre, post, bl.conn.AllToAll(), g_max=0.0, tau=5.0,
                                  plasticity=bl.synapses.TripletSTDP(**params, w_min=-10, w_max=10))
    runner = bl.DSRunner(bl.Network(pre=pre, post=post, syn=syn), monitors=['syn.w'], dt=DT)
    w = runner.run(520.0)['syn.w'][-1, 0]
    assert w == pytest.approx(triplet_reference(pre_times, post_times, params), rel=1e-8, abs=1e-12)


def bound(rule, n_pre, n_post):
    pre, post = bl.conn.AllToAll().build(n_pre, n_post)
    synapse = type('Bound', (), {'conn': Connection(pre, post, n_pre, n_post)})()
    rule.bind(synapse)
    return rule


@pytest.mark.usefixtures('x64')
def test_oja_converges_to_the_unit_principal_eigenvector():
    rng = np.random.default_rng(2)
    cov = np.array([[3.0, 1.0, 0.2], [1.0, 2.0, 0.0], [0.2, 0.0, 0.5]])
    xs = rng.multivariate_normal(np.zeros(3), cov, size=20_000)
    rule = bound(bl.synapses.Oja(eta=0.01), 3, 1)

    def step(w, x):
        return rule.apply(0.0, 0.1, w, x, (x @ w)[None]), None

    w, _ = jax.lax.scan(step, jnp.asarray(rng.normal(size=3) * 0.1), jnp.asarray(xs))
    principal = np.linalg.eigh(cov)[1][:, -1]
    assert abs(np.linalg.norm(w) - 1) < 0.02
    assert abs(abs(np.asarray(w) @ principal) - 1) < 1e-3


@pytest.mark.usefixtures('x64')
def test_bcm_threshold_relaxes_to_y_squared_and_sets_the_sign():
    rule = bound(bl.synapses.BCM(eta=0.1, tau_theta=50.0, y0=2.0, theta_initial=0.0, w_min=-np.inf), 1, 2)
    w = jnp.asarray([0.5, 0.5])
    post = jnp.asarray([1.0, 3.0])
    dw = rule.apply(0.0, 1.0, w, jnp.asarray([1.0]), post) - w  # theta = 0: both potentiate
    assert np.all(np.asarray(dw) > 0)
    for _ in range(499):
        w = rule.apply(0.0, 1.0, w, jnp.asarray([1.0]), post)
    target = np.asarray(post) ** 2 / 2.0
    np.testing.assert_allclose(np.asarray(rule.theta.value), target * (1 - np.exp(-500 / 50.0)), rtol=1e-9)
    dw = rule.apply(0.0, 1.0, w, jnp.asarray([1.0]), post) - w  # y < theta = y^2/y0 when y > y0
    assert np.asarray(dw)[1] < 0 < np.asarray(dw)[0]


def test_bounds_and_normalization():
    rule = bound(bl.synapses.STDP(A_plus=1.0, w_max=0.8, normalize=1.5), 3, 2)
    rule.x_pre.value = jnp.ones(3)
    w = rule.apply(0.0, DT, jnp.full(6, 0.5), jnp.zeros(3), jnp.ones(2))  # potentiation past w_max, then scaled
    totals = np.bincount(np.asarray(rule.post_ids), np.asarray(w), minlength=2)
    np.testing.assert_allclose(totals, [1.5, 1.5], rtol=1e-6)


@pytest.mark.parametrize('make, message', [
    (lambda: bl.synapses.STDP(tau_plus=0.0), r'tau_plus must be > 0'),
    (lambda: bl.synapses.STDP(A_plus=-1.0), r'A_plus must be >= 0'),
    (lambda: bl.synapses.STDP(w_min=1.0, w_max=0.0), r'w_min must be <= w_max'),
    (lambda: bl.synapses.BCM(y0=0.0), r'y0 must be > 0'),
])
def test_bad_rule_parameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()
