"""Connectivity rules: each builds the (pre, post) index pairs of the synapses between two groups."""
import numpy as np

#: Largest number of candidate pairs drawn at once, to bound memory while sampling.
_BLOCK_PAIRS = 2 ** 23


class FixedProb:
    """Each pair (pre i, post j) is connected independently with probability ``prob``.

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
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"prob must be in [0, 1], got prob={prob}.")
        self.prob, self.include_self, self.seed = prob, include_self, seed

    def build(self, num_pre, num_post):
        """Index arrays ``(pre_ids, post_ids)`` of the synapses, sorted by pre then post."""
        rng = np.random.default_rng(self.seed)
        rows_per_block = max(1, _BLOCK_PAIRS // max(num_post, 1))
        pre_ids, post_ids = [], []
        for first in range(0, num_pre, rows_per_block):
            rows = min(rows_per_block, num_pre - first)
            pre, post = np.nonzero(rng.random((rows, num_post)) < self.prob)
            pre += first
            if not self.include_self:
                keep = pre != post
                pre, post = pre[keep], post[keep]
            pre_ids.append(pre)
            post_ids.append(post)
        return (np.concatenate(pre_ids).astype(np.int32), np.concatenate(post_ids).astype(np.int32))

    def __repr__(self):
        return f'FixedProb(prob={self.prob}, include_self={self.include_self}, seed={self.seed})'
