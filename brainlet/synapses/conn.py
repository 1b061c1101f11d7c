"""Connectivity rules: each builds the (pre, post) index pairs of the synapses between two groups.

A rule is made from its parameters; ``build(num_pre, num_post)`` returns two int32 arrays ``(pre_ids,
post_ids)``, one entry per synapse, sorted by presynaptic then postsynaptic index. Memory is proportional to
the number of synapses (plus a bounded block while sampling), and a rule with a ``seed`` gives the same
synapses every time it is built.
"""
import numpy as np

#: Largest number of random numbers drawn at once while sampling.
_BLOCK = 2 ** 22


def _check_probability(prob, name='prob'):
    if not 0.0 <= prob <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {name}={prob}.")


def _check_count(num, name='num'):
    if not isinstance(num, (int, np.integer)) or num < 0:
        raise ValueError(f"{name} must be an int >= 0, got {name}={num!r}.")


def _sorted_pairs(pre, post, num_post):
    """int32 ``(pre, post)`` sorted by pre, then post."""
    order = np.argsort(np.asarray(pre, np.int64) * num_post + post, kind='stable')
    return np.asarray(pre)[order].astype(np.int32), np.asarray(post)[order].astype(np.int32)


def _distinct_choices(rng, rows, count, population, exclude=None):
    """``(rows, count)`` ints in ``[0, population)``, distinct within each row and different from
    ``exclude[row]`` when given (-1: nothing excluded); a uniformly random subset per row."""
    available = population - (exclude is not None)
    if count > available:
        raise ValueError(f"cannot choose {count} distinct partners out of {available}.")
    if count == 0:
        return np.zeros((rows, 0), np.int64)
    if 2 * count > available:  # dense: rank random keys
        keys = rng.random((rows, population))
        if exclude is not None:
            has = exclude >= 0
            keys[np.nonzero(has)[0], exclude[has]] = np.inf
        return np.argsort(keys, axis=1)[:, :count]
    choices = rng.integers(0, population, size=(rows, count))
    while True:  # redraw repeated or excluded entries until every row is a set
        ordered = np.sort(choices, axis=1)
        repeated = np.zeros_like(choices, dtype=bool)
        repeated[:, 1:] = ordered[:, 1:] == ordered[:, :-1]
        if exclude is not None:
            repeated |= ordered == np.asarray(exclude)[:, None]
        if not repeated.any():
            return ordered
        ordered[repeated] = rng.integers(0, population, size=int(repeated.sum()))
        choices = ordered


class Connector:
    """A connectivity rule: subclasses implement :meth:`pairs` returning unsorted ``(pre, post)`` arrays."""

    def build(self, num_pre, num_post):
        """Index arrays ``(pre_ids, post_ids)`` of the synapses, int32, sorted by pre then post."""
        pre, post = self.pairs(int(num_pre), int(num_post))
        return _sorted_pairs(pre, post, num_post)

    def pairs(self, num_pre, num_post):
        raise NotImplementedError(f"{type(self).__name__} must implement pairs(self, num_pre, num_post).")

    def __repr__(self):
        inner = ', '.join(f'{k}={v!r}' for k, v in vars(self).items() if not isinstance(v, np.ndarray))
        return f'{type(self).__name__}({inner})'


class FixedProb(Connector):
    """Each pair (pre i, post j) is connected independently with probability ``prob``.

    Sampled by geometric skipping over the pairs, so time and memory grow with the number of synapses,
    not with ``num_pre * num_post``.

    Parameters
    ----------
    prob : float
        Connection probability, in [0, 1].
    include_self : bool
        Whether pairs with i == j are allowed (only meaningful between a group and itself).
    seed : int, optional
        Seed of the random generator; the same seed gives the same connections.
    """

    def __init__(self, prob, include_self=True, seed=None):
        _check_probability(prob)
        self.prob, self.include_self, self.seed = prob, include_self, seed

    def pairs(self, num_pre, num_post):
        total = num_pre * num_post
        if self.prob == 0 or total == 0:
            flat = np.zeros(0, np.int64)
        elif self.prob == 1:
            flat = np.arange(total, dtype=np.int64)
        else:
            rng, found, last = np.random.default_rng(self.seed), [], -1
            while last < total:
                gaps = rng.geometric(self.prob, size=_BLOCK)
                positions = last + np.cumsum(gaps)
                last = positions[-1]
                found.append(positions[positions < total])
            flat = np.concatenate(found)
        pre, post = np.divmod(flat, num_post)
        if not self.include_self:
            keep = pre != post
            pre, post = pre[keep], post[keep]
        return pre, post


class FixedPreNum(Connector):
    """Every postsynaptic neuron receives synapses from exactly ``num`` distinct presynaptic neurons
    (a fixed in-degree), chosen uniformly.

    Parameters
    ----------
    num : int
        In-degree, ``0 <= num <= num_pre`` (one less without self-connections).
    include_self : bool
        Whether neuron i may connect to itself (only meaningful between a group and itself).
    seed : int, optional
        Seed of the random generator.
    """

    def __init__(self, num, include_self=True, seed=None):
        _check_count(num)
        self.num, self.include_self, self.seed = num, include_self, seed

    def pairs(self, num_pre, num_post):
        own = np.arange(num_post)
        exclude = None if self.include_self else np.where(own < num_pre, own, -1)
        pre = _distinct_choices(np.random.default_rng(self.seed), num_post, self.num, num_pre, exclude)
        post = np.repeat(np.arange(num_post), self.num)
        return pre.ravel(), post


class FixedPostNum(Connector):
    """Every presynaptic neuron makes synapses onto exactly ``num`` distinct postsynaptic neurons
    (a fixed out-degree), chosen uniformly.

    Parameters
    ----------
    num : int
        Out-degree, ``0 <= num <= num_post`` (one less without self-connections).
    include_self : bool
        Whether neuron i may connect to itself.
    seed : int, optional
        Seed of the random generator.
    """

    def __init__(self, num, include_self=True, seed=None):
        _check_count(num)
        self.num, self.include_self, self.seed = num, include_self, seed

    def pairs(self, num_pre, num_post):
        post, pre = FixedPreNum(self.num, self.include_self, self.seed).pairs(num_post, num_pre)
        return pre, post


class AllToAll(Connector):
    """Every presynaptic neuron connects to every postsynaptic neuron.

    Parameters
    ----------
    include_self : bool
        Whether pairs with i == j are included.
    """

    def __init__(self, include_self=True):
        self.include_self = include_self

    def pairs(self, num_pre, num_post):
        pre, post = np.divmod(np.arange(num_pre * num_post, dtype=np.int64), num_post)
        if not self.include_self:
            keep = pre != post
            pre, post = pre[keep], post[keep]
        return pre, post


class OneToOne(Connector):
    """Neuron i connects to neuron i; both groups must have the same size."""

    def pairs(self, num_pre, num_post):
        if num_pre != num_post:
            raise ValueError(f"OneToOne needs groups of the same size, got num_pre={num_pre}, num_post={num_post}.")
        return np.arange(num_pre), np.arange(num_post)


class GaussianProb(Connector):
    r"""Distance-dependent connection probability :math:`p(d) = p_{max} e^{-d^2 / (2\sigma^2)}`, each pair drawn
    independently.

    Parameters
    ----------
    sigma : float
        Width of the Gaussian, in the units of the positions (µm, or grid cells), > 0.
    pre_positions : array of shape (num_pre, dim) or (num_pre,)
        Positions of the presynaptic neurons.
    post_positions : array, optional
        Positions of the postsynaptic neurons; by default the presynaptic ones (a group onto itself).
    p_max : float
        Probability at distance 0, in [0, 1].
    include_self : bool
        Whether pairs with i == j are allowed.
    seed : int, optional
        Seed of the random generator.
    """

    def __init__(self, sigma, pre_positions, post_positions=None, p_max=1.0, include_self=True, seed=None):
        if not sigma > 0:
            raise ValueError(f"sigma must be > 0, got sigma={sigma}.")
        _check_probability(p_max, 'p_max')
        self.pre_positions = self._positions(pre_positions)
        self.post_positions = self.pre_positions if post_positions is None else self._positions(post_positions)
        if self.pre_positions.shape[1] != self.post_positions.shape[1]:
            raise ValueError("pre_positions and post_positions must have the same number of coordinates.")
        self.sigma, self.p_max, self.include_self, self.seed = sigma, p_max, include_self, seed

    @staticmethod
    def _positions(positions):
        positions = np.asarray(positions, dtype=float)
        return positions[:, None] if positions.ndim == 1 else positions

    def pairs(self, num_pre, num_post):
        if (len(self.pre_positions), len(self.post_positions)) != (num_pre, num_post):
            raise ValueError(f"GaussianProb has positions for {len(self.pre_positions)} -> "
                             f"{len(self.post_positions)} neurons, but the groups have {num_pre} -> {num_post}.")
        rng, pre, post = np.random.default_rng(self.seed), [], []
        rows = max(1, _BLOCK // max(num_post, 1))
        for first in range(0, num_pre, rows):
            block = self.pre_positions[first:first + rows]
            d2 = ((block[:, None, :] - self.post_positions[None, :, :]) ** 2).sum(-1)
            i, j = np.nonzero(rng.random(d2.shape) < self.p_max * np.exp(-d2 / (2 * self.sigma ** 2)))
            pre.append(i + first)
            post.append(j)
        pre, post = np.concatenate(pre), np.concatenate(post)
        if not self.include_self:
            keep = pre != post
            pre, post = pre[keep], post[keep]
        return pre, post


class FromIndices(Connector):
    """Synapses given as two index arrays of equal length (pre i[k] -> post j[k]).

    Parameters
    ----------
    pre_ids, post_ids : array of int
        Presynaptic and postsynaptic index of every synapse.
    """

    def __init__(self, pre_ids, post_ids):
        self.pre_ids, self.post_ids = np.asarray(pre_ids).ravel(), np.asarray(post_ids).ravel()
        if self.pre_ids.shape != self.post_ids.shape:
            raise ValueError(f"pre_ids and post_ids must have the same length, got {len(self.pre_ids)} and "
                             f"{len(self.post_ids)}.")

    def pairs(self, num_pre, num_post):
        for name, ids, num in (('pre_ids', self.pre_ids, num_pre), ('post_ids', self.post_ids, num_post)):
            if ids.size and (ids.min() < 0 or ids.max() >= num):
                raise ValueError(f"{name} must lie in [0, {num}), got values in [{ids.min()}, {ids.max()}].")
        return self.pre_ids, self.post_ids


class FromCSR(FromIndices):
    """Synapses in compressed sparse row form: the posts of pre ``i`` are ``indices[indptr[i]:indptr[i+1]]``.

    Parameters
    ----------
    indptr : array of int, length num_pre + 1
    indices : array of int
    """

    def __init__(self, indptr, indices):
        indptr = np.asarray(indptr)
        if indptr.ndim != 1 or indptr[0] != 0 or np.any(np.diff(indptr) < 0) or indptr[-1] != len(indices):
            raise ValueError("indptr must start at 0, never decrease, and end at len(indices).")
        self.num_rows = len(indptr) - 1
        super().__init__(np.repeat(np.arange(self.num_rows), np.diff(indptr)), indices)

    def pairs(self, num_pre, num_post):
        if self.num_rows != num_pre:
            raise ValueError(f"indptr describes {self.num_rows} presynaptic neurons, the group has {num_pre}.")
        return super().pairs(num_pre, num_post)


class FromDense(FromIndices):
    """Synapses where a dense ``(num_pre, num_post)`` matrix is nonzero (or True).

    Parameters
    ----------
    matrix : array of shape (num_pre, num_post)
    """

    def __init__(self, matrix):
        matrix = np.asarray(matrix)
        if matrix.ndim != 2:
            raise ValueError(f"matrix must be 2-D (num_pre, num_post), got shape {matrix.shape}.")
        self.shape = matrix.shape
        super().__init__(*np.nonzero(matrix))

    def pairs(self, num_pre, num_post):
        if self.shape != (num_pre, num_post):
            raise ValueError(f"matrix has shape {self.shape}, the groups need ({num_pre}, {num_post}).")
        return super().pairs(num_pre, num_post)
