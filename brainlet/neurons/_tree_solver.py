"""Exact solve of the linear system of a cable tree (or a forest of them: a population of cells), one
tridiagonal solve per level of branches.

The implicit voltage update of a cable cell (NEURON's backward Euler) solves ``A x = r`` where ``A`` has the
sparsity of the tree: row ``i`` holds ``d[i]`` on the diagonal, ``a[i]`` in the column of ``parent[i]``, and
row ``parent[i]`` holds ``b[i]`` in column ``i``. Compartments are numbered parent before child.

The tree is cut into *branches*, chains of compartments without a branch point inside. A branch whose first
compartment hangs from a compartment ``P`` of another branch has the solution ``x = u - x_P w`` with
``T u = r`` and ``T w = a_first e_first``, ``T`` its own tridiagonal matrix; eliminating it adds
``-b_first w_first`` to ``d[P]`` and ``-b_first u_first`` to ``r[P]`` (Hines 1984, by branches). Branches are
grouped in levels by their depth in the tree of branches; all branches of a level are one block-diagonal
tridiagonal system, solved with two right-hand sides by ``jax.lax.linalg.tridiagonal_solve`` (LAPACK
``gtsv`` on CPU), deepest level first; back-substitution then runs from the root level down. Work is
proportional to the number of compartments, with one solve call per level and no Python loop per
compartment or step; the result is exact up to round-off, and differentiable.
"""
import jax
import jax.numpy as jnp
import numpy as np


def branches_of(parent):
    """Split a forest (``parent[i] < i``, -1 for a root) into branches: lists of consecutive compartments
    where each one is the only child of the previous. Returns ``(branches, branch_parent)``, the compartment
    each branch hangs from (-1 for a root branch)."""
    parent = np.asarray(parent)
    n = len(parent)
    if n == 0 or parent[0] != -1 or np.any(parent < -1) or np.any(parent >= np.arange(n)):
        raise ValueError("parent must start with a root (-1) and list a parent before each child.")
    num_children = np.bincount(parent[parent >= 0], minlength=n)
    starts_branch = np.ones(n, dtype=bool)
    # i continues its parent's branch when it is the parent's only child and directly follows it
    starts_branch[1:] = ~((parent[1:] == np.arange(n - 1)) & (num_children[np.maximum(parent[1:], 0)] == 1))
    first = np.flatnonzero(starts_branch)
    branches = np.split(np.arange(n), first[1:])
    return branches, np.array([parent[b[0]] for b in branches])


class TreeSolver:
    """A precomputed plan for solving tree systems with a fixed ``parent`` array (see the module docstring).

    Parameters
    ----------
    parent : array of int
        Parent of every compartment (-1 for a root; compartment 0 is one), each parent numbered before its
        children. Several roots make a forest, solved at once.
    """

    def __init__(self, parent):
        branches, hang = branches_of(parent)
        self.num = len(parent)
        branch_of = np.empty(self.num, dtype=int)
        for k, comps in enumerate(branches):
            branch_of[comps] = k
        depth = np.zeros(len(branches), dtype=int)
        for k in range(len(branches)):  # parents' branches come first
            depth[k] = 0 if hang[k] < 0 else depth[branch_of[hang[k]]] + 1
        self.levels = []
        for level in range(depth.max() + 1):
            members = np.flatnonzero(depth == level)
            comps = np.concatenate([branches[k] for k in members])
            firsts = np.array([branches[k][0] for k in members])
            is_first = np.isin(comps, firsts)
            self.levels.append({
                'root': level == 0,
                'comps': comps,
                'is_first': is_first,
                'first_pos': np.flatnonzero(is_first),
                'branch': np.cumsum(is_first) - 1,  # position -> branch within the level
                'hang': hang[members],
            })

    def solve(self, d, a, b, r):
        """``x`` with ``A x = r``: ``d`` diagonal, ``a[i]`` coefficient of ``x[parent[i]]`` in row ``i``,
        ``b[i]`` coefficient of ``x[i]`` in row ``parent[i]`` (entries of the root are ignored)."""
        d, r = jnp.asarray(d), jnp.asarray(r)
        parts = []
        for level in reversed(self.levels):
            comps, is_first = level['comps'], level['is_first']
            # within-branch couplings: row k to k-1 is a[comp k]; row k to k+1 is b[comp k+1]; none across branches
            lower = jnp.where(is_first, 0.0, a[comps])
            upper = jnp.append(jnp.where(is_first[1:], 0.0, b[comps[1:]]), 0.0)
            rhs = jnp.stack([r[comps], jnp.where(is_first, a[comps], 0.0)], axis=-1)
            uw = jax.lax.linalg.tridiagonal_solve(lower, d[comps], upper, rhs)
            parts.append((level, uw))
            if not level['root']:  # fold the branches into their parents
                firsts = comps[level['first_pos']]
                u0, w0 = uw[level['first_pos'], 0], uw[level['first_pos'], 1]
                d = d.at[level['hang']].add(-b[firsts] * w0)
                r = r.at[level['hang']].add(-b[firsts] * u0)
        x = jnp.zeros_like(r)
        for level, uw in reversed(parts):  # root level first
            comps = level['comps']
            if level['root']:
                x = x.at[comps].set(uw[:, 0])
            else:
                x_parent = x[level['hang']][level['branch']]
                x = x.at[comps].set(uw[:, 0] - x_parent * uw[:, 1])
        return x
