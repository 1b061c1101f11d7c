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
