"""Long-term plasticity as plug-in rules (DESIGN decision 7).

A rule is attached to a synapse (``plasticity=STDP(...)``); the synapse then keeps one weight per
synapse in its Variable ``w`` and, every step, asks the rule for the weight change given the activities
of the presynaptic and postsynaptic neurons, then applies bounds and optional normalization. A rule
implements :meth:`PlasticityRule.init_state` (its traces) and :meth:`PlasticityRule.weight_change`.
"""
import brainpy.math as bm
import jax
import jax.numpy as jnp

from .._checks import check_non_negative, check_positive
from .._dynsys import DynamicalSystem


class PlasticityRule(DynamicalSystem):
    """Base of the plasticity rules.

    Activities are the arriving presynaptic spikes and the postsynaptic ``spike`` Variable (as floats), or
    the Variables named by ``pre_variable`` / ``post_variable`` (a rate ``'r'``, for instance).

    Parameters
    ----------
    w_min, w_max : float
        Bounds the weights are clipped to after each change.
    normalize : float, optional
        If given, after each change the weights onto every postsynaptic neuron are scaled to sum to this
        value (multiplicative normalization).
    """

    pre_variable = 'spike'
    post_variable = 'spike'

    def __init__(self, w_min=0.0, w_max=float('inf'), normalize=None):
        if w_min > w_max:
            raise ValueError(f"w_min must be <= w_max, got w_min={w_min}, w_max={w_max}.")
        if normalize is not None:
            check_positive(normalize=(normalize, 'weight units'))
        self.w_min, self.w_max, self.normalize = w_min, w_max, normalize

    def bind(self, synapse):
        """Attach to a synapse: keeps its synapse indices and creates the rule's state."""
        conn = synapse.conn
        self.pre_ids, self.post_ids, self.num_post = conn.pre_ids, conn.post_ids, conn.num_post
        self.init_state(conn.num_pre, conn.num_post)

    def init_state(self, num_pre, num_post):
        """Create the rule's Variables (traces), per presynaptic and postsynaptic neuron."""

    def weight_change(self, t, dt, w, pre, post):
        """The change of every weight ``w`` (per synapse) over the step from ``t`` (ms) by ``dt`` (ms), given
        the activities ``pre`` (per presynaptic neuron) and ``post`` (per postsynaptic neuron)."""
        raise NotImplementedError(f"{type(self).__name__} must implement weight_change(self, t, dt, w, pre, post).")

    def apply(self, t, dt, w, pre, post):
        """New weights: ``w`` plus the change, clipped to the bounds, then normalized if asked."""
        w = jnp.clip(w + self.weight_change(t, dt, w, pre.astype(w.dtype), post.astype(w.dtype)),
                     self.w_min, self.w_max)
        if self.normalize is not None:
            total = jax.ops.segment_sum(w, self.post_ids, num_segments=self.num_post)
            w = w * (self.normalize / jnp.where(total > 0, total, 1.0))[self.post_ids]
        return w

    def on_pre(self, values):
        """Per-synapse values of a per-presynaptic-neuron quantity."""
        return values[self.pre_ids]

    def on_post(self, values):
        """Per-synapse values of a per-postsynaptic-neuron quantity."""
        return values[self.post_ids]


def _decayed(trace, dt, tau):
    return trace.value * jnp.exp(-dt / tau)


class STDP(PlasticityRule):
    r"""Pair-based spike-timing-dependent plasticity with all-to-all traces (Song, Miller & Abbott 2000).

    Traces :math:`x_{pre}`, :math:`x_{post}` decay with :math:`\tau_+`, :math:`\tau_-` and jump by 1 at
    each spike. A presynaptic spike depresses by :math:`A_- x_{post}`, a postsynaptic spike potentiates by
    :math:`A_+ x_{pre}`, each read before the spike's own increment, so a pair with
    :math:`\Delta t = t_{post} - t_{pre}` changes the weight by :math:`A_+ e^{-\Delta t/\tau_+}` if
    :math:`\Delta t > 0` and :math:`-A_- e^{\Delta t/\tau_-}` if :math:`\Delta t < 0`.

    Parameters
    ----------
    A_plus, A_minus : float
        Amplitudes of potentiation and depression (weight units), >= 0.
    tau_plus, tau_minus : float
        Time constants of the window (ms), > 0.

    Other parameters as :class:`PlasticityRule` (bounds, normalization).

    References
    ----------
    Song, S., Miller, K. D. & Abbott, L. F. (2000). Competitive Hebbian learning through spike-timing-
    dependent synaptic plasticity. Nat. Neurosci. 3, 919-926.
    """

    def __init__(self, A_plus=0.01, A_minus=0.0105, tau_plus=20.0, tau_minus=20.0, **bounds):
        check_non_negative(A_plus=(A_plus, 'weight units'), A_minus=(A_minus, 'weight units'))
        check_positive(tau_plus=(tau_plus, 'ms'), tau_minus=(tau_minus, 'ms'))
        super().__init__(**bounds)
        self.A_plus, self.A_minus, self.tau_plus, self.tau_minus = A_plus, A_minus, tau_plus, tau_minus

    def init_state(self, num_pre, num_post):
        self.x_pre = bm.Variable(jnp.zeros(num_pre, dtype=float))
        self.x_post = bm.Variable(jnp.zeros(num_post, dtype=float))

    def weight_change(self, t, dt, w, pre, post):
        x_pre, x_post = _decayed(self.x_pre, dt, self.tau_plus), _decayed(self.x_post, dt, self.tau_minus)
        dw = (self.A_plus * self.on_pre(x_pre) * self.on_post(post)
              - self.A_minus * self.on_post(x_post) * self.on_pre(pre))
        self.x_pre.value, self.x_post.value = x_pre + pre, x_post + post
        return dw


class TripletSTDP(PlasticityRule):
    r"""Triplet spike-timing-dependent plasticity, all-to-all (Pfister & Gerstner 2006).

    Presynaptic traces :math:`r_1, r_2` (τ_+, τ_x) and postsynaptic traces :math:`o_1, o_2` (τ_-, τ_y),
    each jumping by 1 at its neuron's spikes. At a presynaptic spike,
    :math:`\Delta w = -o_1 (A_2^- + A_3^- r_2)`; at a postsynaptic spike,
    :math:`\Delta w = r_1 (A_2^+ + A_3^+ o_2)`; the traces of the spiking neuron are read before its own
    increment.

    Parameters
    ----------
    A2_plus, A3_plus, A2_minus, A3_minus : float
        Pair and triplet amplitudes, >= 0. Defaults: the visual cortex all-to-all fit of Pfister & Gerstner
        (2006, Table 4): A2+ = 5e-10, A3+ = 6.2e-3, A2- = 7e-3, A3- = 2.3e-4.
    tau_plus, tau_minus, tau_x, tau_y : float
        Trace time constants (ms): 16.8, 33.7, 101, 125.

    References
    ----------
    Pfister, J.-P. & Gerstner, W. (2006). Triplets of spikes in a model of spike timing-dependent
    plasticity. J. Neurosci. 26, 9673-9682.
    """

    def __init__(self, A2_plus=5e-10, A3_plus=6.2e-3, A2_minus=7e-3, A3_minus=2.3e-4, tau_plus=16.8,
                 tau_minus=33.7, tau_x=101.0, tau_y=125.0, **bounds):
        check_non_negative(A2_plus=(A2_plus, 'weight units'), A3_plus=(A3_plus, 'weight units'),
                           A2_minus=(A2_minus, 'weight units'), A3_minus=(A3_minus, 'weight units'))
        check_positive(tau_plus=(tau_plus, 'ms'), tau_minus=(tau_minus, 'ms'), tau_x=(tau_x, 'ms'),
                       tau_y=(tau_y, 'ms'))
        super().__init__(**bounds)
        self.A2_plus, self.A3_plus, self.A2_minus, self.A3_minus = A2_plus, A3_plus, A2_minus, A3_minus
        self.tau_plus, self.tau_minus, self.tau_x, self.tau_y = tau_plus, tau_minus, tau_x, tau_y

    def init_state(self, num_pre, num_post):
        self.r1, self.r2 = (bm.Variable(jnp.zeros(num_pre, dtype=float)) for _ in range(2))
        self.o1, self.o2 = (bm.Variable(jnp.zeros(num_post, dtype=float)) for _ in range(2))

    def weight_change(self, t, dt, w, pre, post):
        r1, r2 = _decayed(self.r1, dt, self.tau_plus), _decayed(self.r2, dt, self.tau_x)
        o1, o2 = _decayed(self.o1, dt, self.tau_minus), _decayed(self.o2, dt, self.tau_y)
        dw = (self.on_post(post) * self.on_pre(r1) * (self.A2_plus + self.A3_plus * self.on_post(o2))
              - self.on_pre(pre) * self.on_post(o1) * (self.A2_minus + self.A3_minus * self.on_pre(r2)))
        self.r1.value, self.r2.value = r1 + pre, r2 + pre
        self.o1.value, self.o2.value = o1 + post, o2 + post
        return dw


class Oja(PlasticityRule):
    r"""Oja's rule (Oja 1982): :math:`\dot w = \eta\, y\, (x - y\, w)`, Hebbian growth with a decay that
    keeps the weight vector of a linear neuron at unit norm; it converges to the principal eigenvector of
    the input correlation.

    Parameters
    ----------
    eta : float
        Learning rate (1/ms), >= 0.
    pre_variable, post_variable : str
        The activities x and y: Variables of the groups (default the rate ``'r'``).

    References
    ----------
    Oja, E. (1982). A simplified neuron model as a principal component analyzer. J. Math. Biol. 15, 267-273.
    """

    def __init__(self, eta=1e-3, pre_variable='r', post_variable='r', **bounds):
        check_non_negative(eta=(eta, '1/ms'))
        bounds.setdefault('w_min', -float('inf'))
        super().__init__(**bounds)
        self.eta, self.pre_variable, self.post_variable = eta, pre_variable, post_variable

    def weight_change(self, t, dt, w, pre, post):
        y = self.on_post(post)
        return dt * self.eta * y * (self.on_pre(pre) - y * w)


class BCM(PlasticityRule):
    r"""Bienenstock–Cooper–Munro rule with a sliding threshold (Bienenstock, Cooper & Munro 1982):

    .. math::

        \dot w = \eta\, x\, y\, (y - \theta), \qquad \tau_\theta \dot\theta = \frac{y^2}{y_0} - \theta,

    with one threshold per postsynaptic neuron, advanced exactly for the activity held over the step.

    Parameters
    ----------
    eta : float
        Learning rate, >= 0.
    tau_theta : float
        Time constant of the threshold (ms), > 0.
    y0 : float
        Target activity scale, > 0 (the threshold settles at ``<y²>/y0``).
    theta_initial : float
        Initial threshold.
    pre_variable, post_variable : str
        The activities x and y (default the rate ``'r'``).

    References
    ----------
    Bienenstock, E. L., Cooper, L. N. & Munro, P. W. (1982). Theory for the development of neuron
    selectivity. J. Neurosci. 2, 32-48.
    """

    def __init__(self, eta=1e-3, tau_theta=1000.0, y0=1.0, theta_initial=0.0, pre_variable='r',
                 post_variable='r', **bounds):
        check_non_negative(eta=(eta, '1/ms'))
        check_positive(tau_theta=(tau_theta, 'ms'), y0=(y0, 'activity units'))
        super().__init__(**bounds)
        self.eta, self.tau_theta, self.y0, self.theta_initial = eta, tau_theta, y0, theta_initial
        self.pre_variable, self.post_variable = pre_variable, post_variable

    def init_state(self, num_pre, num_post):
        self.theta = bm.Variable(jnp.full(num_post, self.theta_initial, dtype=float))

    def weight_change(self, t, dt, w, pre, post):
        y = self.on_post(post)
        dw = dt * self.eta * self.on_pre(pre) * y * (y - self.on_post(self.theta.value))
        target = post ** 2 / self.y0
        self.theta.value = target + (self.theta.value - target) * jnp.exp(-dt / self.tau_theta)
        return dw
