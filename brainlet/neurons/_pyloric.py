r"""The pyloric circuit of the stomatogastric ganglion (Prinz, Bucher & Marder 2004): STG model neurons
coupled by graded glutamatergic and cholinergic synapses and, within the pacemaker kernel, gap junctions."""
import re
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from .._checks import check_non_negative, check_positive
from .._network import Network
from ..synapses import GapJunction, GradedRelease, conn
from ._stg import CURRENTS, STGNeuron

#: Graded synapses of Prinz, Bucher & Marder (2004), Methods (as in Abbott & Marder 1998): keyword arguments
#: of :class:`~brainlet.synapses.GradedRelease` (V_th, delta in mV; k_minus in 1/ms; E in mV) per transmitter.
PRINZ2004_SYNAPSES = MappingProxyType({
    'glutamate': MappingProxyType({'V_th': -35.0, 'delta': 5.0, 'k_minus': 1 / 40, 'E': -70.0}),
    'acetylcholine': MappingProxyType({'V_th': -35.0, 'delta': 5.0, 'k_minus': 1 / 100, 'E': -80.0}),
})
#: Transmitter of each cell type: PD is cholinergic, AB, LP and PY are glutamatergic.
TRANSMITTER = MappingProxyType({'AB': 'glutamate', 'PD': 'acetylcholine', 'LP': 'glutamate', 'PY': 'glutamate'})
_POPULATION = re.compile(r'(AB|PD|LP|PY)\w*')


def _populations(pop_sizes):
    if not isinstance(pop_sizes, Mapping) or not pop_sizes:
        raise TypeError(f"pop_sizes must be a non-empty mapping of population names to sizes, such as "
                        f"{{'PD': 2, 'AB': 1, 'LP': 1, 'PY': 5}}; got {pop_sizes!r}.")
    slices, start = {}, 0
    for name, size in pop_sizes.items():
        if not isinstance(name, str) or not _POPULATION.fullmatch(name):
            raise ValueError(f"population name {name!r} must be a cell type AB, PD, LP or PY, optionally followed "
                             f"by letters, digits or '_' ('PY', 'PY_2'); the type sets the transmitter.")
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"pop_sizes[{name!r}] must be a positive integer (number of cells), got {size!r}.")
        slices[name] = slice(start, start + int(size))
        start += int(size)
    return slices


def _synaptic_matrix(gs, n):
    gs = np.asarray(gs, dtype=float)
    if gs.shape != (n, n):
        raise ValueError(f"gs must be a square matrix with one row (postsynaptic) and one column (presynaptic) "
                         f"per population, shape ({n}, {n}); got shape {gs.shape}.")
    if not np.all(np.isfinite(gs)):
        raise ValueError(f"gs must be finite (nS), got {gs.tolist()}.")
    check_non_negative(gs=(gs, 'nS'))
    return gs


def _population_models(g_ion, names):
    if isinstance(g_ion, Mapping):
        unknown, missing = set(g_ion) - set(names), [k for k in names if k not in g_ion]
        if unknown or missing:
            raise ValueError(f"g_ion must give one model for each population {', '.join(names)}; "
                             f"missing {missing}, unknown {sorted(unknown)}.")
        g_ion = [g_ion[k] for k in names]
    elif hasattr(g_ion, 'to_numpy'):  # a table such as the package's neuron_models.loc[[...]]
        g_ion = g_ion.to_numpy()
    if isinstance(g_ion, str) or not hasattr(g_ion, '__len__') or len(g_ion) != len(names):
        raise ValueError(f"g_ion must give one model per population ({len(names)}: {', '.join(names)}): a "
                         f"sequence or a mapping of model names ('AB/PD 3'), mappings of the conductances, or "
                         f"rows of the {len(CURRENTS)} conductances {', '.join(CURRENTS)} (mS/cm²).")
    models = []
    for name, model in zip(names, g_ion):
        if isinstance(model, (str, Mapping)):
            models.append(model)
            continue
        row = np.asarray(model, dtype=float)
        if row.shape != (len(CURRENTS),):
            raise ValueError(f"g_ion for population {name!r} must be a model name, a mapping, or the "
                             f"{len(CURRENTS)} conductances {', '.join(CURRENTS)} (mS/cm²); got shape {row.shape}.")
        models.append(dict(zip(CURRENTS, row)))
    return models


class Prinz2004(Network):
    r"""The pyloric circuit of Prinz, Bucher & Marder (2004), cell by cell as in the pyloric-network-simulator
    package: populations of STG model neurons (:class:`STGNeuron`) of the types AB, PD, LP and PY, graded
    chemical synapses between populations and gap junctions between all AB and PD cells.

    .. math::

        C \frac{dV_i}{dt} = -\sum_c I_{c,i} + \frac{10^{-6}}{A}\Big[\sum_j g_{s,ij}\, s_j\, (E_j - V_i)
            + \sum_{k \in AB/PD} g_e (V_k - V_i)\Big], \qquad
        \frac{ds_j}{dt} = \frac{\bar s(V_j) - s_j}{\tau_s(V_j)},

    with :math:`\bar s(V) = 1/(1 + e^{(V_{th} - V)/\delta})`, :math:`\tau_s = (1 - \bar s)/k_-` (see
    :class:`~brainlet.synapses.GradedRelease`), the second sum only for AB and PD cells i, conductances in nS
    and A the membrane area in cm² (nS × mV = pA = 10⁻⁶ µA; C in µF/cm², currents in µA/cm²). Every cell
    of population p receives a synapse of ``gs[p, q]`` nS from every cell of population q (from itself
    too, if ``gs[p, p] > 0``); the transmitter is that of the presynaptic type: acetylcholine from PD,
    glutamate from AB, LP and PY (``synapses``). :meth:`rhythm` reads the period and the phases of the
    rhythm off a run.

    Members: ``cells``, one :class:`STGNeuron` of all the cells in the order of ``pop_sizes`` (monitor
    ``'cells.V'``; ``net.pops[name]`` is the slice of a population); ``<name>_syn``, the
    :class:`~brainlet.synapses.GradedRelease` from each population with outgoing synapses (``s`` per cell);
    ``gap``, the :class:`~brainlet.synapses.GapJunction` of the AB and PD cells, one junction per pair.

    Parameters
    ----------
    pop_sizes : mapping
        Population name -> number of cells, e.g. ``{'PD': 2, 'AB': 1, 'LP': 1, 'PY': 5}``. A name is a type
        AB, PD, LP or PY, optionally followed by letters, digits or ``_`` (``'PY_fast'``).
    gs : array (n_pops, n_pops)
        Conductance of each synapse (nS), >= 0; ``gs[post, pre]`` in the order of ``pop_sizes`` (the
        package's convention: rows postsynaptic, columns presynaptic). Prinz et al. (2004) use 0, 1, 3, 10,
        30 and 100 nS.
    g_ion : sequence or mapping
        The model of each population: a name of :data:`PRINZ2004_MODELS` (``'AB/PD 3'``), a mapping of the
        eight conductances (mS/cm²), or a row of them in the order Na, CaT, CaS, A, KCa, Kd, H, leak; a
        sequence in the order of ``pop_sizes``, a mapping population -> model, or a table with one such row
        per population (the package's ``neuron_models.loc[[...]]``).
    g_gap : float
        Conductance of each gap junction between two AB/PD cells (nS), >= 0. Prinz et al. (2004) model the
        pacemaker kernel as one AB/PD neuron and give none; the default, 628 nS, is the package's 1 mS/cm²
        on the papers' membrane area. Strong coupling makes the AB and PD cells of one model burst together.
    synapses : mapping
        ``{'glutamate': {...}, 'acetylcholine': {...}}``: keyword arguments of
        :class:`~brainlet.synapses.GradedRelease` (``V_th``, ``delta``, ``k_minus``, ``E``) per transmitter;
        :data:`PRINZ2004_SYNAPSES` by default.
    area : float
        Membrane area of every cell (µm²), > 0: 62 800 µm² (0.628·10⁻³ cm², Prinz et al. 2003). Synaptic and
        gap-junction currents (nS × mV) enter through it.
    **neuron
        Further keyword arguments of :class:`STGNeuron` (``C``, ``V_initial``, ``V_th``, ``calcium``, ...).

    References
    ----------
    Prinz, A. A., Bucher, D. & Marder, E. (2004). Similar network activity from disparate circuit
    parameters. Nat. Neurosci. 7, 1345–1352. Abbott, L. F. & Marder, E. (1998). Modeling small networks. In
    Koch & Segev (eds.), Methods in Neuronal Modeling, 2nd ed. René, A. pyloric-network-simulator (PyPI 0.1.3).

    Example
    -------
    >>> net = Prinz2004({'PD': 2, 'AB': 1, 'LP': 1, 'PY': 5},
    ...                 gs=[[0, 0, 3, 0], [0, 0, 3, 3], [3, 3, 0, 3], [3, 3, 3, 0]],
    ...                 g_ion=['AB/PD 3', 'AB/PD 3', 'LP 1', 'PY 5'])
    >>> runner = bl.DSRunner(net, monitors=['cells.V'], dt=0.025)
    >>> runner.run(2000.)
    """

    def __init__(self, pop_sizes, gs, g_ion, g_gap=628.0, synapses=PRINZ2004_SYNAPSES, area=62800., **neuron):
        self.pops = _populations(pop_sizes)
        names = list(self.pops)
        gs = _synaptic_matrix(gs, len(names))
        models = _population_models(g_ion, names)
        check_non_negative(g_gap=(g_gap, 'nS'))
        check_positive(area=(area, 'µm²'))
        missing = [t for t in sorted(set(TRANSMITTER.values())) if t not in synapses]
        if missing:
            raise ValueError(f"synapses must give the GradedRelease parameters of "
                             f"{', '.join(sorted(set(TRANSMITTER.values())))}; missing {', '.join(missing)}.")
        self.gs, self.g_gap = gs, float(g_gap)
        per_cell = [model for name, model in zip(names, models) for _ in range(self.size_of(name))]
        members = {'cells': STGNeuron(len(per_cell), g=per_cell, area=area, **neuron)}
        cells = members['cells']
        for q, pre in enumerate(names):
            weight = np.zeros((self.size_of(pre), cells.num))  # nS, [pre cell, post cell]
            for p, post in enumerate(names):
                weight[:, self.pops[post]] = gs[p, q]
            if weight.any():  # FromDense lists the synapses row by row, as weight[weight > 0]
                members[f'{pre}_syn'] = GradedRelease(cells[self.pops[pre]], cells, conn.FromDense(weight > 0),
                                                      g_max=1e-3 * weight[weight > 0],  # µS: the input is in nA
                                                      **synapses[TRANSMITTER[pre[:2]]])
        kernel = np.concatenate([np.arange(s.start, s.stop) for name, s in self.pops.items()
                                 if name[:2] in ('AB', 'PD')] or [np.zeros(0, int)])
        if len(kernel) > 1 and g_gap > 0:
            i, j = np.triu_indices(len(kernel), k=1)
            members['gap'] = GapJunction(cells, conn.FromIndices(kernel[i], kernel[j]), g=1e-3 * g_gap)
        super().__init__(**members)

    def size_of(self, pop):
        """Number of cells of population ``pop``."""
        return self.pops[pop].stop - self.pops[pop].start

    def rhythm(self, ts, V, reference=None, threshold=-20.0, burst_gap=0.5):
        """The circuit's rhythm, cycle by cycle, from the voltage of a run: the period and, for each
        population, the phases of its first and last spike in the cycle and its spike count, the measures by
        which Prinz et al. (2004) describe pyloric activity (burst onset and end phases, spikes per burst).

        The cycles are those of the first cell of the ``reference`` population: a burst of it ends at an
        interspike interval longer than ``burst_gap`` times its longest one, and a cycle runs from one burst
        onset to the next (complete cycles only). In each cycle, the spikes of the first cell of every
        population give its onset and end phase ((spike time − cycle start) / period) and its spike count.

        Parameters
        ----------
        ts : array (steps,)
            Sample times (ms), ``runner.mon.ts``.
        V : array (steps, cells)
            ``runner.mon['cells.V']`` (mV).
        reference : str, optional
            The population that sets the cycle; the first PD population, else the first AB one.
        threshold : float
            Spikes are upward crossings of ``threshold`` (mV), timed by linear interpolation.
        burst_gap : float
            Fraction of the reference cell's longest interspike interval that ends a burst, in (0, 1).

        Returns
        -------
        dict
            ``'period'``: array of the cycle periods (ms); for each population name, a dict of arrays, one value
            per cycle: ``'onset'``, ``'end'`` (phases in [0, 1), NaN in a cycle without spikes) and
            ``'spikes'`` (count). Empty arrays when the reference cell has fewer than two bursts.
        """
        ts, V = np.asarray(ts, dtype=float), np.asarray(V, dtype=float)
        if V.shape != (len(ts), self.cells.num):
            raise ValueError(f"V must have shape (len(ts), cells) = ({len(ts)}, {self.cells.num}), got {V.shape}.")
        if not 0 < burst_gap < 1:
            raise ValueError(f"burst_gap must be in (0, 1), got {burst_gap!r}.")
        if reference is None:
            kernel = [p for p in self.pops if p[:2] == 'PD'] or [p for p in self.pops if p[:2] == 'AB']
            if not kernel:
                raise ValueError("the circuit has no PD or AB population; give reference=<population name>.")
            reference = kernel[0]
        if reference not in self.pops:
            raise ValueError(f"reference must be one of the populations {', '.join(self.pops)}, got {reference!r}.")

        def spikes(cell):
            v = V[:, cell]
            k = np.flatnonzero((v[:-1] < threshold) & (v[1:] >= threshold))
            return ts[k] + (threshold - v[k]) * (ts[k + 1] - ts[k]) / (v[k + 1] - v[k])

        ref = spikes(self.pops[reference].start)
        isi = np.diff(ref)
        onsets = ref[np.flatnonzero(isi > burst_gap * isi.max()) + 1] if len(ref) > 2 else np.zeros(0)
        starts, ends = onsets[:-1], onsets[1:]
        out = {'period': ends - starts}
        for name, cells in self.pops.items():
            train = spikes(cells.start)
            inside = (train >= starts[:, None]) & (train < ends[:, None])  # (cycle, spike)
            count = inside.sum(axis=1)
            first = np.where(inside, train, np.inf).min(axis=1, initial=np.inf)
            last = np.where(inside, train, -np.inf).max(axis=1, initial=-np.inf)
            out[name] = {'onset': np.where(count > 0, (first - starts) / out['period'], np.nan),
                         'end': np.where(count > 0, (last - starts) / out['period'], np.nan), 'spikes': count}
        return out
