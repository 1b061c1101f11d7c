r"""Spike-train analysis: spike times from monitored voltages or rasters, and the activity classifier of
Prinz, Billimoria & Marder (2003) — silent, tonic, bursting or irregular, with burst period, duty cycle and
spikes per burst — vectorized over many neurons (numpy, on the host, after a run).

Criteria
--------
Prinz et al. (2003) sort every model neuron of their database, after its transient, into four kinds of
spontaneous activity: *silent* (no spikes), *tonic spiking* (periodic, one spike per period), *bursting*
(periodic, several spikes per period) and *irregular* (spiking that is not periodic). For a periodic
neuron they report the period, and for a burster the burst period, the duty cycle (burst duration over
period) and the number of spikes per burst. :func:`classify` makes those definitions operational on the
spike times of a window of a settled run:

1. a burst ends at an interspike interval longer than ``burst_gap`` (½) times the longest interval of the
   window, so every spike that follows such a gap starts a cycle; a tonic spiker's intervals are all
   alike, so every spike starts one;
2. a cycle runs from one cycle start to the next (so only complete cycles count); its period is the time
   between the two starts, its spike count the spikes between them, its burst duration the time from its
   first to its last spike;
3. silent: no spike in the window; irregular: fewer than two complete cycles, or cycle periods whose
   standard deviation exceeds ``tolerance`` (10 %) of their mean; tonic: periodic with one spike in every
   cycle; bursting: periodic with more than one spike in some cycle.

Deviations from the paper, stated: Prinz et al. detect periodicity on the voltage trace with their own
adaptive algorithm (maxima and minima of V during the run, which also lets them count a slow wave with a
single spike as a burst); here periodicity is judged from spike times alone, with the tolerance above, and
a single-spike burst counts as tonic spiking. The burst-gap rule and the 10 % tolerance are those of the
validation test of brainlet's STG neuron against the pyloric-network-simulator package.

Reference
---------
Prinz, A. A., Billimoria, C. P. & Marder, E. (2003). Alternative to hand-tuning conductance-based models:
construction and analysis of databases of model neurons. J. Neurophysiol. 90, 3998–4015.
"""
from collections import namedtuple

import numpy as np

#: The kinds of activity :func:`classify` tells apart.
KINDS = ('silent', 'tonic', 'bursting', 'irregular')


class SpikeTimes(namedtuple('SpikeTimes', 'neuron time num')):
    """Spike times of ``num`` neurons as two flat arrays sorted by neuron, then time: ``neuron`` (int) and
    ``time`` (ms). ``spikes[i]`` is the spike times of neuron ``i``."""

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            return self.time[self.neuron == i]
        return super().__getitem__(i)


def spike_times(ts, V=None, spike=None, threshold=-20.0):
    """Spike times (ms) of every neuron of a run, from exactly one of its voltage or its spike raster.

    Parameters
    ----------
    ts : array (steps,)
        Sample times (ms), as ``runner.mon.ts``.
    V : array (steps,) or (steps, neurons), optional
        Membrane potential (mV): spikes are its upward crossings of ``threshold``, timed by linear
        interpolation between samples.
    spike : bool array (steps,) or (steps, neurons), optional
        A spike raster (``runner.mon['spike']``): spikes at the times of the true entries.
    threshold : float
        Spike threshold (mV) for ``V``; −20 mV as for the STG model neurons.

    Returns
    -------
    SpikeTimes
    """
    if (V is None) == (spike is None):
        raise TypeError("spike_times needs exactly one of V= (voltage, mV) or spike= (a spike raster).")
    ts = np.asarray(ts, dtype=float)
    data = np.asarray(V if spike is None else spike)
    data = data[:, None] if data.ndim == 1 else data
    if data.ndim != 2 or data.shape[0] != ts.shape[0]:
        raise ValueError(f"{'V' if spike is None else 'spike'} must have shape (steps,) or (steps, neurons) with "
                         f"steps = len(ts) = {ts.shape[0]}, got {data.shape}.")
    if spike is not None:
        neuron, k = np.nonzero(data.T.astype(bool))
        return SpikeTimes(neuron, ts[k], data.shape[1])
    V = data.astype(float)
    neuron, k = np.nonzero(((V[:-1] < threshold) & (V[1:] >= threshold)).T)
    v0, v1 = V[k, neuron], V[k + 1, neuron]
    return SpikeTimes(neuron, ts[k] + (threshold - v0) * (ts[k + 1] - ts[k]) / (v1 - v0), data.shape[1])


def _as_spike_times(spikes):
    if isinstance(spikes, SpikeTimes):
        return spikes
    if isinstance(spikes, np.ndarray) and spikes.ndim != 1 or not hasattr(spikes, '__len__'):
        raise TypeError("spikes must be SpikeTimes (from spike_times) or a sequence of 1-D arrays of spike "
                        "times (ms), one per neuron.")
    trains = [np.sort(np.asarray(train, dtype=float).ravel()) for train in spikes]
    neuron = np.concatenate([np.full(len(train), i) for i, train in enumerate(trains)] or [np.zeros(0, int)])
    time = np.concatenate(trains or [np.zeros(0)])
    return SpikeTimes(neuron.astype(int), time, len(trains))


class Activity:
    """What :func:`classify` found, one entry per neuron (numpy arrays of shape ``(neurons,)``).

    Attributes
    ----------
    kind : array of str
        ``'silent'``, ``'tonic'``, ``'bursting'`` or ``'irregular'``.
    period : array of float
        Mean cycle period (ms): the burst period of a burster, the interspike interval of a tonic spiker;
        also given for irregular neurons with at least one complete cycle, NaN otherwise.
    duty_cycle : array of float
        Mean burst duration (first to last spike) over period, of bursters; NaN for the others.
    spikes_per_burst : array of float
        Mean spikes per cycle (1 for tonic spiking); NaN without a complete cycle.
    n_spikes, n_cycles : array of int
        Spikes in the window, complete cycles found.
    """

    def __init__(self, kind, period, duty_cycle, spikes_per_burst, n_spikes, n_cycles):
        self.kind, self.period, self.duty_cycle = kind, period, duty_cycle
        self.spikes_per_burst, self.n_spikes, self.n_cycles = spikes_per_burst, n_spikes, n_cycles

    def codes(self):
        """The kinds as integers, indices into :data:`KINDS` (for a map or a histogram)."""
        return np.select([self.kind == k for k in KINDS], np.arange(len(KINDS)))

    def counts(self):
        """``{kind: number of neurons}`` for the four kinds."""
        return {k: int(np.sum(self.kind == k)) for k in KINDS}

    def __len__(self):
        return len(self.kind)

    def __repr__(self):
        return f"Activity({len(self)} neurons: {', '.join(f'{k} {n}' for k, n in self.counts().items())})"


def classify(spikes, burst_gap=0.5, tolerance=0.1):
    """Classify each neuron's activity as silent, tonic, bursting or irregular (Prinz et al. 2003; the
    criteria and the deviations from the paper are in the module docstring), with its period, duty cycle
    and spikes per burst. Classify a window of a *settled* run (see :func:`brainlet.settle`).

    Parameters
    ----------
    spikes : SpikeTimes or sequence of arrays
        The output of :func:`spike_times`, or one array of spike times (ms) per neuron.
    burst_gap : float
        A burst ends at an interspike interval longer than this fraction of the neuron's longest interval;
        in (0, 1).
    tolerance : float
        Largest relative standard deviation of the cycle periods of a periodic neuron; > 0.

    Returns
    -------
    Activity

    Example
    -------
    >>> mon = bl.DSRunner(cell, monitors=['V'], dt=0.025).run(5000.)
    >>> act = bl.analysis.classify(bl.analysis.spike_times(mon.ts, V=mon['V']))
    >>> act.kind, act.period, act.duty_cycle, act.spikes_per_burst
    """
    if not 0 < burst_gap < 1:
        raise ValueError(f"burst_gap must be in (0, 1) (a fraction of the longest interspike interval), "
                         f"got {burst_gap!r}.")
    if not tolerance > 0:
        raise ValueError(f"tolerance must be > 0 (relative standard deviation of the periods), got {tolerance!r}.")
    neuron, time, num = _as_spike_times(spikes)
    n_spikes = np.bincount(neuron, minlength=num)
    same = neuron[1:] == neuron[:-1]
    isi = np.diff(time)
    longest = np.full(num, -np.inf)
    np.maximum.at(longest, neuron[1:][same], isi[same])
    starts = np.flatnonzero(same & (isi > burst_gap * longest[neuron[1:]])) + 1  # spikes that follow a gap
    complete = neuron[starts[1:]] == neuron[starts[:-1]]                         # cycles start to start
    first, nxt = starts[:-1][complete], starts[1:][complete]
    owner = neuron[first]
    period, count, duration = time[nxt] - time[first], nxt - first, time[nxt - 1] - time[first]

    n_cycles = np.bincount(owner, minlength=num)
    with np.errstate(invalid='ignore', divide='ignore'):
        def mean(x):
            return np.bincount(owner, weights=x, minlength=num) / n_cycles
        mean_period = mean(period)
        spread = np.sqrt(np.maximum(mean(period ** 2) - mean_period ** 2, 0.0))
        most = np.zeros(num, dtype=int)
        np.maximum.at(most, owner, count)
        periodic = (n_cycles >= 2) & (spread <= tolerance * mean_period)
        kind = np.where(n_spikes == 0, 'silent', np.where(~periodic, 'irregular',
                                                          np.where(most == 1, 'tonic', 'bursting')))
        duty = np.where(kind == 'bursting', mean(duration / period), np.nan)
        return Activity(kind.astype('<U9'), mean_period, duty, mean(count.astype(float)), n_spikes, n_cycles)
