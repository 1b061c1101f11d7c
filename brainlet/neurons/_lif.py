"""Leaky integrate-and-fire neuron with an absolute refractory period (Lapicque 1907)."""
from .._checks import check_positive
from .._odeint import odeint
from ._integrate_and_fire import IntegrateAndFire


class LIF(IntegrateAndFire):
    r"""Leaky integrate-and-fire neurons with an absolute refractory period.

    .. math::

        \tau \frac{dV}{dt} = V_{rest} - V + R I, \qquad V \ge V_{th} \Rightarrow \text{spike}, V \leftarrow V_{reset}

    After a spike, ``V`` is held at ``V_reset`` for ``tau_ref``. The voltage is advanced by exponential Euler,
    exact for input that is constant over a step. For constant input with :math:`V_\infty = V_{rest} + RI >
    V_{th}` the firing period is :math:`\tau_{ref} + \tau \ln\frac{V_\infty - V_{reset}}{V_\infty - V_{th}}`.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    V_rest, V_reset, V_th : float
        Resting, reset and threshold potentials (mV).
    tau : float
        Membrane time constant (ms).
    tau_ref : float
        Absolute refractory period (ms).
    R : float
        Membrane resistance; with the default 1, the input ``I`` is in mV, as in BrainPy's LIF.
    V_initializer : float or array or callable, optional
        Initial voltage (mV): a constant, an array of shape ``(num,)``, or ``f(shape) -> array``.
        Defaults to ``V_rest``.

    Variables: ``V`` (mV), ``spike`` (bool, emitted in the last step), ``t_last_spike`` (ms), ``input``
    (summed input of the current step, cleared after each update).

    References
    ----------
    Lapicque, L. (1907). J. Physiol. Pathol. Gen. 9, 620–635. Burkitt, A. N. (2006). A review of the
    integrate-and-fire neuron model. Biol. Cybern. 95, 1–19.
    """

    def __init__(self, size, V_rest=-65., V_reset=-65., V_th=-50., tau=10., tau_ref=0., R=1., V_initializer=None):
        check_positive(tau=(tau, 'ms'))
        super().__init__(size, V_th=V_th, V_reset=V_reset, tau_ref=tau_ref,
                         V_initializer=V_rest if V_initializer is None else V_initializer)
        self.V_rest, self.tau, self.R = V_rest, tau, R

    @odeint(method='exp_euler')
    def integral(self, V, t, I):
        return (self.V_rest - V + self.R * I) / self.tau
