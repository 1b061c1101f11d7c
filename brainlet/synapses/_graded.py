"""Graded transmitter release: synaptic activation follows the presynaptic voltage, without spikes."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from ._base import PreSynapse


class GradedRelease(PreSynapse):
    r"""Graded synapse of the stomatogastric models (Abbott & Marder 1998; Prinz, Bucher & Marder 2004):

    .. math::

        \frac{ds}{dt} = \frac{\bar s(V_{pre}) - s}{\tau_s}, \qquad
        \bar s(V) = \frac{1}{1 + e^{(V_{th} - V)/\delta}}, \qquad \tau_s = \frac{1 - \bar s(V_{pre})}{k_-},

    with the conductance of a synapse ``w s`` and output ``w s (E - V_post)``. ``s`` is advanced exactly for
    the presynaptic voltage held over the step, at the rate :math:`1/\tau_s = k_- (1 + e^{(V - V_{th})/\delta})`
    (the same expression, without the rounding of ``1 - s̄`` near 1). ``s`` starts at ``s̄`` of the initial
    presynaptic voltage.

    Parameters
    ----------
    V_th : float
        Half-activation voltage (mV); −35 in Prinz et al. (2004).
    delta : float
        Slope of the activation (mV), > 0; 5 in Prinz et al. (2004).
    k_minus : float
        Rate of unbinding (1/ms), > 0: 1/40 for the glutamatergic, 1/100 for the cholinergic synapses of
        Prinz et al. (2004).
    E : float
        Reversal potential (mV): −70 glutamatergic, −80 cholinergic (Prinz et al. 2004).

    The parameters of :class:`~brainlet.synapses.Projection` apply (``conn``, ``g_max``, ``output``,
    ``delay``). The presynaptic group needs a ``V`` Variable.

    References
    ----------
    Abbott, L. F. & Marder, E. (1998). Modeling small networks. In Koch & Segev (eds.), Methods in Neuronal
    Modeling, 2nd ed. Prinz, A. A., Bucher, D. & Marder, E. (2004). Similar network activity from disparate
    circuit parameters. Nat. Neurosci. 7, 1345-1352 (Methods).
    """

    def __init__(self, pre, post, conn, g_max=1.0, V_th=-35.0, delta=5.0, k_minus=1 / 40, E=-70.0, **parts):
        check_positive(delta=(delta, 'mV'), k_minus=(k_minus, '1/ms'))
        self.V_th, self.delta, self.k_minus = V_th, delta, k_minus
        super().__init__(pre, post, conn, g_max, E=E, **parts)

    uses_spikes = False

    def init_kinetics(self, num_pre):
        self.s = bm.Variable(self.activation(self.pre.V.value))

    def activation(self, V):
        """Steady-state activation ``s̄`` at presynaptic voltage ``V`` (mV)."""
        return 1.0 / (1.0 + jnp.exp((self.V_th - V) / self.delta))

    def rate(self, V):
        """``1/τ_s`` (1/ms) at presynaptic voltage ``V`` (mV): ``k_- / (1 - s̄(V))``."""
        return self.k_minus * (1.0 + jnp.exp((V - self.V_th) / self.delta))

    def advance(self, t, dt, spikes):
        V = self.pre.V.value
        s_inf = self.activation(V)
        self.s.value = s_inf + (self.s.value - s_inf) * jnp.exp(-dt * self.rate(V))
        return self.s.value
