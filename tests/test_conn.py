"""FixedProb: in-degree statistics against the binomial distribution, seeds, self-connections, errors."""
import numpy as np
import pytest

import brainlet as bl


def test_in_degree_mean_and_variance_are_binomial():
    n_pre, n_post, p = 2000, 500, 0.05
    pre, post = bl.conn.FixedProb(p, seed=3).build(n_pre, n_post)
    degree = np.bincount(post, minlength=n_post)
    mean, var = n_pre * p, n_pre * p * (1 - p)
    assert abs(degree.mean() - mean) < 4 * np.sqrt(var / n_post)
    assert abs(degree.var() / var - 1) < 4 * np.sqrt(2 / (n_post - 1))  # sampling error of a variance
    assert pre.dtype == np.int32 and np.all(np.diff(pre) >= 0)


def test_same_seed_same_connections_other_seed_different():
    a = bl.conn.FixedProb(0.1, seed=7).build(300, 300)
    b = bl.conn.FixedProb(0.1, seed=7).build(300, 300)
    c = bl.conn.FixedProb(0.1, seed=8).build(300, 300)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[1], c[1])


def test_self_connections_can_be_excluded():
    pre, post = bl.conn.FixedProb(1.0, include_self=False).build(50, 50)
    assert len(pre) == 50 * 49 and not np.any(pre == post)


@pytest.mark.parametrize('prob', [-0.1, 1.5])
def test_probability_outside_unit_interval(prob):
    with pytest.raises(ValueError, match=r'prob must be in \[0, 1\]'):
        bl.conn.FixedProb(prob)


def test_fixed_prob_count_matches_binomial_at_scale():
    n, p = 20_000, 80 / 20_000  # W1 at scale 5: sampled without an n x n draw
    pre, post = bl.conn.FixedProb(p, seed=1).build(n, n)
    mean, sd = n * n * p, np.sqrt(n * n * p * (1 - p))
    assert abs(len(pre) - mean) < 5 * sd


@pytest.mark.parametrize('include_self', [True, False])
def test_fixed_pre_num_gives_exact_distinct_in_degrees(include_self):
    pre, post = bl.conn.FixedPreNum(30, include_self=include_self, seed=2).build(200, 150)
    assert np.all(np.bincount(post, minlength=150) == 30)
    assert len(np.unique(pre.astype(np.int64) * 150 + post)) == len(pre)
    assert include_self or not np.any(pre == post)
    # each presynaptic neuron is chosen with probability 30/200 by each post: out-degree ~ Binomial(150, 0.15)
    out = np.bincount(pre, minlength=200)
    assert abs(out.mean() - 150 * 0.15) < 1e-9 and abs(out.var() / (150 * 0.15 * 0.85) - 1) < 0.35


def test_fixed_post_num_gives_exact_out_degrees():
    pre, post = bl.conn.FixedPostNum(12, seed=3).build(100, 40)
    assert np.all(np.bincount(pre, minlength=100) == 12)
    assert len(np.unique(pre.astype(np.int64) * 40 + post)) == len(pre)


def test_all_to_all_and_one_to_one():
    pre, post = bl.conn.AllToAll(include_self=False).build(4, 4)
    assert len(pre) == 12 and not np.any(pre == post)
    pre, post = bl.conn.OneToOne().build(5, 5)
    assert np.array_equal(pre, post)


def test_gaussian_probability_count_matches_its_expectation():
    positions = np.random.default_rng(0).random((400, 2)) * 100
    rule = bl.conn.GaussianProb(10.0, positions, p_max=0.8, seed=4)
    pre, post = rule.build(400, 400)
    d2 = ((positions[:, None] - positions[None]) ** 2).sum(-1)
    p = 0.8 * np.exp(-d2 / 200.0)
    assert abs(len(pre) - p.sum()) < 5 * np.sqrt((p * (1 - p)).sum())
    near = d2[pre, post]
    assert np.mean(near < 400) > np.mean(d2 < 400)  # connections favour short distances


def test_csr_dense_and_index_arrays_give_the_same_synapses():
    dense = np.random.default_rng(5).random((30, 20)) < 0.2
    pre, post = np.nonzero(dense)
    indptr = np.concatenate([[0], np.cumsum(dense.sum(1))])
    for rule in (bl.conn.FromDense(dense), bl.conn.FromCSR(indptr, post), bl.conn.FromIndices(pre[::-1], post[::-1])):
        got = rule.build(30, 20)
        assert np.array_equal(got[0], pre) and np.array_equal(got[1], post)


@pytest.mark.parametrize('make, message', [
    (lambda: bl.conn.FromDense(np.ones((3, 3))).build(3, 4), r'matrix has shape \(3, 3\)'),
    (lambda: bl.conn.FromIndices([0, 5], [0, 1]).build(3, 3), r'pre_ids must lie in \[0, 3\)'),
    (lambda: bl.conn.FromIndices([0, 1], [0]), r'same length'),
    (lambda: bl.conn.FixedPreNum(-1), r'num must be an int >= 0'),
    (lambda: bl.conn.FixedPreNum(10).build(5, 5), r'cannot choose 10 distinct partners out of 5'),
    (lambda: bl.conn.GaussianProb(0.0, np.zeros(3)), r'sigma must be > 0'),
])
def test_bad_connectivity_is_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()
