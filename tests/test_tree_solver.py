"""The branch-level tree solver against a sparse direct solve, on random trees and a single cable."""
import jax
import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

from brainlet.neurons._tree_solver import TreeSolver, branches_of


def random_tree(n, seed, chain_bias=0.8):
    """A tree numbered parent before child, mostly chains with occasional branch points."""
    rng = np.random.default_rng(seed)
    parent = np.full(n, -1)
    for i in range(1, n):
        parent[i] = i - 1 if rng.random() < chain_bias else rng.integers(0, i)
    return parent


def system(parent, seed):
    rng = np.random.default_rng(seed)
    n = len(parent)
    a, b = -rng.uniform(0.5, 2.0, n), -rng.uniform(0.5, 2.0, n)
    d = rng.uniform(0.1, 1.0, n)
    d[1:] += -a[1:]
    np.add.at(d, parent[1:], -b[1:])  # diagonally dominant, as a cable matrix
    r = rng.normal(size=n)
    rows = np.concatenate([np.arange(n), np.arange(1, n), parent[1:]])
    cols = np.concatenate([np.arange(n), parent[1:], np.arange(1, n)])
    A = scipy.sparse.csr_matrix((np.concatenate([d, a[1:], b[1:]]), (rows, cols)), shape=(n, n))
    return A, d, a, b, r


@pytest.mark.usefixtures('x64')
@pytest.mark.parametrize('n, seed, bias', [(1, 0, 0.5), (2, 0, 0.5), (50, 1, 0.5), (400, 2, 0.9), (400, 3, 0.2),
                                           (1000, 4, 1.0)])
def test_equals_sparse_direct_solve(n, seed, bias):
    parent = random_tree(n, seed, bias)
    A, d, a, b, r = system(parent, seed)
    x = jax.jit(TreeSolver(parent).solve)(d, a, b, r)
    np.testing.assert_allclose(np.asarray(x), scipy.sparse.linalg.spsolve(A.tocsc(), r), rtol=1e-10, atol=1e-12)


def test_branches_cover_the_tree_once():
    parent = random_tree(300, 5, 0.7)
    branches, hang = branches_of(parent)
    assert np.array_equal(np.sort(np.concatenate(branches)), np.arange(300))
    for comps, p in zip(branches, hang):
        assert parent[comps[0]] == p and np.all(parent[comps[1:]] == comps[:-1])


@pytest.mark.parametrize('parent', [[0, 0], [-1, 2, 0], [-1, -1]])
def test_parent_must_come_first(parent):
    with pytest.raises(ValueError, match='parent before each child'):
        TreeSolver(np.array(parent))
