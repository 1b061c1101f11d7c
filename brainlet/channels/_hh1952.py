"""The sodium and potassium channels of Hodgkin & Huxley (1952), as in NEURON's ``hh`` mechanism."""
import jax.numpy as jnp

from .._numerics import exprel
from ._base import GatedChannel, q10_factor


# The rates of Hodgkin & Huxley (1952) in 1/ms at 6.3 °C, V in mV with rest near -65 mV (NEURON's hh).
def alpha_m(V):
    return 1.0 / exprel(-(V + 40.) / 10.)


def beta_m(V):
    return 4.0 * jnp.exp(-(V + 65.) / 18.)


def alpha_h(V):
    return 0.07 * jnp.exp(-(V + 65.) / 20.)


def beta_h(V):
    return 1.0 / (1.0 + jnp.exp(-(V + 35.) / 10.))


def alpha_n(V):
    return 0.1 / exprel(-(V + 55.) / 10.)


def beta_n(V):
    return 0.125 * jnp.exp(-(V + 65.) / 80.)


class INa_HH1952(GatedChannel):
    r"""Hodgkin–Huxley sodium channel, :math:`I = \bar g m^3 h (V - E_{Na})`.

    :math:`\alpha_m = 0.1 (V+40)/(1 - e^{-(V+40)/10})`, :math:`\beta_m = 4 e^{-(V+65)/18}`,
    :math:`\alpha_h = 0.07 e^{-(V+65)/20}`, :math:`\beta_h = 1/(1 + e^{-(V+35)/10})` (1/ms, V in mV, rest
    near −65 mV), scaled by Q10 = 3 from 6.3 °C.

    Parameters
    ----------
    g_max : float
        Maximal conductance density (mS/cm²); 120 in the paper.
    T : float
        Temperature (°C).

    References
    ----------
    Hodgkin, A. L. & Huxley, A. F. (1952). J. Physiol. 117, 500–544.
    """

    ion = 'na'
    gates = {'m': 3, 'h': 1}

    def __init__(self, g_max=120., T=6.3):
        super().__init__(g_max, phi=q10_factor(T, 3.0, 6.3))

    def rates(self, V):
        return {'m': (alpha_m(V), beta_m(V)), 'h': (alpha_h(V), beta_h(V))}


class IK_HH1952(GatedChannel):
    r"""Hodgkin–Huxley delayed-rectifier potassium channel, :math:`I = \bar g n^4 (V - E_K)`.

    :math:`\alpha_n = 0.01 (V+55)/(1 - e^{-(V+55)/10})`, :math:`\beta_n = 0.125 e^{-(V+65)/80}` (1/ms, V in
    mV), scaled by Q10 = 3 from 6.3 °C.

    Parameters
    ----------
    g_max : float
        Maximal conductance density (mS/cm²); 36 in the paper.
    T : float
        Temperature (°C).

    References
    ----------
    Hodgkin, A. L. & Huxley, A. F. (1952). J. Physiol. 117, 500–544.
    """

    ion = 'k'
    gates = {'n': 4}

    def __init__(self, g_max=36., T=6.3):
        super().__init__(g_max, phi=q10_factor(T, 3.0, 6.3))

    def rates(self, V):
        return {'n': (alpha_n(V), beta_n(V))}
