"""Transient sodium channel of neocortical pyramidal cells, as in the Hay et al. (2011) model and the Allen
Cell-Types perisomatic models (the ``NaTs`` and ``NaTa`` mechanisms)."""
from .._numerics import exprel
from ._base import GatedChannel, q10_factor


class INaT_Colbert2002(GatedChannel):
    r"""Fast-inactivating (transient) sodium current, :math:`I = \bar g m^3 h (V - E_{Na})`.

    With :math:`x = V - V_{1/2}` and slope 6 mV: :math:`\alpha_m = 0.182 \cdot 6/\mathrm{exprel}(-x_m/6)`,
    :math:`\beta_m = 0.124 \cdot 6/\mathrm{exprel}(x_m/6)`, :math:`\alpha_h = 0.015 \cdot 6/\mathrm{exprel}(x_h/6)`,
    :math:`\beta_h = 0.015 \cdot 6/\mathrm{exprel}(-x_h/6)` (1/ms at 23 °C; Q10 = 2.3).

    The somatic parameterization (``NaTs``: ``m_vhalf`` −40, ``h_vhalf`` −66 mV) is the default; the axonal
    one (``NaTa``) is ``INaT_Colbert2002(m_vhalf=-48., h_vhalf=-69.)``.

    Parameters
    ----------
    g_max : float
        Maximal conductance density (mS/cm²).
    T : float
        Temperature (°C).
    m_vhalf, h_vhalf : float
        Half-activation and half-inactivation voltages of the rate functions (mV).

    References
    ----------
    Colbert, C. M. & Pan, E. (2002). Ion channel properties underlying axonal action potential initiation in
    pyramidal neurons. Nat. Neurosci. 5, 533–538; as in Hay et al. (2011).
    """

    ion = 'na'
    gates = {'m': 3, 'h': 1}

    def __init__(self, g_max=1.0, T=34., m_vhalf=-40., h_vhalf=-66.):
        super().__init__(g_max, phi=q10_factor(T, 2.3, 23.))
        self.m_vhalf, self.h_vhalf = m_vhalf, h_vhalf

    def rates(self, V):
        xm, xh = (V - self.m_vhalf) / 6., (V - self.h_vhalf) / 6.
        return {'m': (0.182 * 6. / exprel(-xm), 0.124 * 6. / exprel(xm)),
                'h': (0.015 * 6. / exprel(xh), 0.015 * 6. / exprel(-xh))}
