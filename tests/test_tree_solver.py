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
    child = np.flatnonzero(parent >= 0)
    d = rng.uniform(0.1, 1.0, n)
    d[child] += -a[child]
    np.add.at(d, parent[child], -b[child])  # diagonally dominant, as a cable matrix
    r = rng.normal(size=n)
    rows = np.concatenate([np.arange(n), child, parent[child]])
    cols = np.concatenate([np.arange(n), parent[child], child])
    A = scipy.sparse.csr_matrix((np.concatenate([d, a[child], b[child]]), (rows, cols)), shape=(n, n))
    return A, d, a, b, r


@pytest.mark.usefixtures('x64')
@pytest.mark.parametrize('n, seed, bias', [(1, 0, 0.5), (2, 0, 0.5), (50, 1, 0.5), (400, 2, 0.9), (400, 3, 0.2),
                                           (1000, 4, 1.0)])
def test_equals_sparse_direct_solve(n, seed, bias):
    parent = random_tree(n, seed, bias)
    A, d, a, b, r = system(parent, seed)
    x = jax.jit(TreeSolver(parent).solve)(d, a, b, r)
    np.testing.assert_allclose(np.asarray(x), scipy.sparse.linalg.spsolve(A.tocsc(), r), rtol=1e-10, atol=1e-12)


@pytest.mark.usefixtures('x64')
def test_a_forest_is_solved_as_its_trees():
    trees = [random_tree(n, seed, 0.7) for n, seed in ((30, 6), (1, 7), (80, 8))]
    offsets = np.cumsum([0] + [len(t) for t in trees[:-1]])
    forest = np.concatenate([np.where(t >= 0, t + o, -1) for t, o in zip(trees, offsets)])
    A, d, a, b, r = system(forest, 9)
    x = TreeSolver(forest).solve(d, a, b, r)
    np.testing.assert_allclose(np.asarray(x), scipy.sparse.linalg.spsolve(A.tocsc(), r), rtol=1e-10, atol=1e-12)


def test_branches_cover_the_tree_once():
    parent = random_tree(300, 5, 0.7)
    branches, hang = branches_of(parent)
    assert np.array_equal(np.sort(np.concatenate(branches)), np.arange(300))
    for comps, p in zip(branches, hang):
        assert parent[comps[0]] == p and np.all(parent[comps[1:]] == comps[:-1])


@pytest.mark.parametrize('parent', [[0, 0], [-1, 2, 0], [-1, -2]])
def test_parent_must_come_first(parent):
    with pytest.raises(ValueError, match='a parent before each child'):
        TreeSolver(np.array(parent))
