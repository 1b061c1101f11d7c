r"""The stomatogastric (STG) model neuron of Liu et al. (1998) and Prinz, Billimoria & Marder (2003), and
the model neurons of the pyloric circuit of Prinz, Bucher & Marder (2004)."""
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from .. import channels as ch
from .._checks import check_non_negative
from ._cond import CondNeuGroup

#: The eight conductances of the STG model neuron, in the order of the papers' tables.
CURRENTS = ('Na', 'CaT', 'CaS', 'A', 'KCa', 'Kd', 'H', 'leak')


def _model(*g):
    return MappingProxyType(dict(zip(CURRENTS, map(float, g))))


#: Maximal conductances (mS/cm²) of the model neurons of Prinz, Bucher & Marder (2004), Table 2 (also the
#: ``neuron_models`` table of the pyloric-network-simulator package): five AB/PD, five LP and six PY models,
#: each as ``{'Na': ..., 'CaT': ..., 'CaS': ..., 'A': ..., 'KCa': ..., 'Kd': ..., 'H': ..., 'leak': ...}``.
PRINZ2004_MODELS = MappingProxyType({
    'AB/PD 1': _model(400, 2.5, 6, 50, 10, 100, 0.01, 0.00),
    'AB/PD 2': _model(100, 2.5, 6, 50, 5, 100, 0.01, 0.00),
    'AB/PD 3': _model(200, 2.5, 4, 50, 5, 50, 0.01, 0.00),
    'AB/PD 4': _model(200, 5.0, 4, 40, 5, 125, 0.01, 0.00),
    'AB/PD 5': _model(300, 5.0, 2, 10, 5, 125, 0.01, 0.00),
    'LP 1': _model(100, 0.0, 8, 40, 5, 75, 0.05, 0.02),
    'LP 2': _model(100, 0.0, 6, 30, 5, 50, 0.05, 0.02),
    'LP 3': _model(100, 0.0, 10, 50, 5, 100, 0.00, 0.03),
    'LP 4': _model(100, 0.0, 4, 20, 0, 25, 0.05, 0.03),
    'LP 5': _model(100, 0.0, 6, 30, 0, 50, 0.03, 0.02),
    'PY 1': _model(100, 2.5, 2, 50, 0, 125, 0.05, 0.01),
    'PY 2': _model(200, 7.5, 0, 50, 0, 75, 0.05, 0.00),
    'PY 3': _model(200, 10.0, 0, 50, 0, 100, 0.03, 0.00),
    'PY 4': _model(400, 2.5, 2, 50, 0, 75, 0.05, 0.00),
    'PY 5': _model(500, 2.5, 2, 40, 0, 125, 0.01, 0.03),
    'PY 6': _model(500, 2.5, 2, 40, 0, 125, 0.00, 0.02),
})


def _published(name):
    if name not in PRINZ2004_MODELS:
        raise ValueError(f"unknown STG model {name!r}; the published ones (Prinz et al. 2004) are "
                         f"{', '.join(PRINZ2004_MODELS)}.")
    return PRINZ2004_MODELS[name]


def _checked(g):
    """A mapping with exactly the eight conductances."""
    missing, unknown = [k for k in CURRENTS if k not in g], [k for k in g if k not in CURRENTS]
    if missing or unknown:
        raise ValueError(f"g must give the conductances {', '.join(CURRENTS)} (mS/cm²); "
                         + (f"missing: {', '.join(missing)}" if missing else '')
                         + ('; ' if missing and unknown else '')
                         + (f"unknown: {', '.join(map(str, unknown))}" if unknown else '') + '.')
    return g


def stg_conductances(g, num):
    """The maximal conductances (mS/cm²) of ``num`` STG neurons, ``{current: scalar or array (num,)}``, from
    ``g``: the name of a published model (``'AB/PD 3'``), a mapping of the eight conductances (scalars or
    arrays of shape ``(num,)``), or a sequence of ``num`` names or mappings, one per neuron."""
    if isinstance(g, str):
        g = _published(g)
    elif isinstance(g, Mapping):
        g = _checked(g)
    elif isinstance(g, (list, tuple)):
        if len(g) != num:
            raise ValueError(f"g gives {len(g)} models for {num} neurons; give one per neuron, or one for all.")
        rows = [_published(x) if isinstance(x, str) else _checked(x) for x in g]
        g = {k: np.array([row[k] for row in rows], dtype=float) for k in CURRENTS}
    else:
        raise TypeError(f"g must be a model name such as 'AB/PD 3', a mapping of the conductances "
                        f"{', '.join(CURRENTS)}, or a list of those; got {type(g).__name__}.")
    out = {}
    for k in CURRENTS:
        value = np.asarray(g[k], dtype=float)
        if value.ndim and value.shape != (num,):
            raise ValueError(f"g[{k!r}] must be a scalar or have one value per neuron ({num}), got shape "
                             f"{value.shape}.")
        check_non_negative(**{f'g[{k!r}]': (value, 'mS/cm²')})
        out[k] = value if value.ndim else float(value)
    return out


class STGNeuron(CondNeuGroup):
    r"""Single-compartment STG model neurons (Liu et al. 1998; Prinz, Billimoria & Marder 2003):

    .. math::

        C \frac{dV}{dt} = I_{input}/A - \sum_i \bar g_i\, m_i^{p_i} h_i\, (V - E_i), \qquad
        \tau_{Ca} \frac{d[Ca]_i}{dt} = -f A\,(i_{CaT} + i_{CaS}) - [Ca]_i + [Ca]_0,

    with the eight currents Na (m³h), CaT (m³h), CaS (m³h), A (m³h), KCa (m⁴), Kd (m⁴), H (m) and leak of
    :mod:`brainlet.channels` (``INa_Prinz2003``, ...) and the calcium of
    :class:`~brainlet.channels.CalciumPool_Liu1998`, which also sets E_Ca. A :class:`CondNeuGroup`: the
    channels are ``channels['Na']``, ..., ``channels['leak']`` (Variables ``'channels.CaS.h'``), the calcium
    ``ions['ca'].ci`` (mM), and the step is its staggered exponential Euler.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    g : str, mapping or sequence
        Maximal conductances (mS/cm²): the name of a published model of Prinz, Bucher & Marder (2004)
        (``'AB/PD 1'`` ... ``'AB/PD 5'``, ``'LP 1'`` ... ``'LP 5'``, ``'PY 1'`` ... ``'PY 6'``, see
        :data:`PRINZ2004_MODELS`), a mapping ``{'Na', 'CaT', 'CaS', 'A', 'KCa', 'Kd', 'H', 'leak'} -> value``
        with scalars or arrays of one value per neuron (a parameter sweep), or a sequence of names or
        mappings, one per neuron.
    C : float
        Membrane capacitance (µF/cm²), > 0; 1 (0.628 nF on 0.628·10⁻³ cm²).
    area : float
        Membrane area (µm²), > 0; 62 800 µm² = 0.628·10⁻³ cm². ``input`` is in nA; the calcium entry uses
        the same area unless ``calcium`` is given.
    V_initial : float
        Initial voltage (mV); every gate starts at its steady state there, calcium at [Ca]_0. −50 mV as in
        Prinz et al. (2003).
    V_th : float
        Spike threshold (mV): upward crossings are ``spike``.
    E_Na, E_K, E_H, E_leak : float
        Reversal potentials (mV): 50, −80, −20, −50.
    calcium : Ion, optional
        The ``'ca'`` ion; by default ``CalciumPool_Liu1998(area=area)``.

    References
    ----------
    Liu, Z., Golowasch, J., Marder, E. & Abbott, L. F. (1998). J. Neurosci. 18, 2309–2320. Prinz, A. A.,
    Billimoria, C. P. & Marder, E. (2003). J. Neurophysiol. 90, 3998–4015. Prinz, A. A., Bucher, D. &
    Marder, E. (2004). Similar network activity from disparate circuit parameters. Nat. Neurosci. 7,
    1345–1352.

    Example
    -------
    >>> cell = STGNeuron(3, g=['AB/PD 1', 'LP 1', 'PY 1'])
    >>> runner = bl.DSRunner(cell, monitors=['V', 'ions.ca.ci'], dt=0.025)
    >>> runner.run(2000.)
    """

    def __init__(self, size, g, C=1.0, area=62800., V_initial=-50., V_th=-20., E_Na=50., E_K=-80., E_H=-20.,
                 E_leak=-50., calcium=None):
        num = int(np.prod(size))
        self.g = stg_conductances(g, num)
        channels = {'Na': ch.INa_Prinz2003(self.g['Na']), 'CaT': ch.ICaT_Prinz2003(self.g['CaT']),
                    'CaS': ch.ICaS_Prinz2003(self.g['CaS']), 'A': ch.IA_Prinz2003(self.g['A']),
                    'KCa': ch.IKCa_Prinz2003(self.g['KCa']), 'Kd': ch.IKd_Prinz2003(self.g['Kd']),
                    'H': ch.IH_Prinz2003(self.g['H'], E=E_H), 'leak': ch.Leak(self.g['leak'], E=E_leak)}
        ions = {'na': ch.FixedIon(E_Na), 'k': ch.FixedIon(E_K),
                'ca': ch.CalciumPool_Liu1998(area=area) if calcium is None else calcium}
        super().__init__(size, channels, ions, C=C, area=area, V_initial=V_initial, V_th=V_th)
