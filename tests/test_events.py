"""Event-driven delivery against a dense matrix product; the prefix count against numpy."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from brainlet.synapses._events import EVENT_CHUNK, Connection, prefix_count
import brainlet as bl


@pytest.mark.parametrize('n', [1, 31, 32, 33, 3200, 70_000])
def test_prefix_count_equals_cumsum(n):
    flags = np.random.default_rng(n).random(n) < 0.3
    np.testing.assert_array_equal(np.asarray(prefix_count(jnp.asarray(flags))), np.cumsum(flags))


@pytest.mark.parametrize('spike_prob', [0.0, 0.002, 0.05, 1.0])  # none, a few, several chunks, every neuron
def test_deliver_equals_dense_product(spike_prob):
    n_pre, n_post = 300, 200
    pre, post = bl.conn.FixedProb(0.1, seed=1).build(n_pre, n_post)
    conn = Connection(pre, post, n_pre, n_post)
    rng = np.random.default_rng(2)
    weight = rng.random(conn.num_syn)
    values = rng.random(n_pre)
    spikes = rng.random(n_pre) < spike_prob
    dense = np.zeros((n_pre, n_post))
    dense[pre, post] = weight
    got = jax.jit(conn.deliver)(jnp.asarray(spikes), jnp.asarray(weight), jnp.asarray(values))
    np.testing.assert_allclose(np.asarray(got), (spikes * values) @ dense, rtol=1e-5, atol=1e-5)
    scalar = conn.deliver(jnp.asarray(spikes), 0.5)
    np.testing.assert_allclose(np.asarray(scalar), 0.5 * spikes @ (dense > 0), rtol=1e-6)
    assert spikes.sum() <= EVENT_CHUNK or spike_prob >= 0.05  # the larger cases need several passes


def test_delayed_delivery_lands_in_its_ring_row():
    pre, post = np.array([0, 0, 1]), np.array([0, 1, 1])
    conn = Connection(pre, post, 2, 2)
    delays = np.array([0, 2, 1])
    ring = conn.deliver(jnp.array([True, True]), jnp.array([1.0, 2.0, 3.0]), delays=delays, cursor=1, depth=3)
    expected = np.zeros((3, 2))
    expected[1, 0] += 1.0   # synapse 0: row (1 + 0) % 3
    expected[0, 1] += 2.0   # synapse 1: row (1 + 2) % 3
    expected[2, 1] += 3.0   # synapse 2: row (1 + 1) % 3
    np.testing.assert_allclose(np.asarray(ring), expected)
