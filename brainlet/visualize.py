"""Plots of monitored runs with matplotlib."""
import matplotlib.pyplot as plt
import numpy as np


def raster_plot(ts, spikes, ax=None, markersize=2, color='k', **scatter_kwargs):
    """Dot for every spike: ``ts`` (ms, shape ``(steps,)``), ``spikes`` (bool, shape ``(steps, num)``).

    Returns the matplotlib Axes.
    """
    ax = ax or plt.gca()
    steps, neurons = np.nonzero(np.asarray(spikes))
    ax.scatter(np.asarray(ts)[steps], neurons, s=markersize, c=color, marker='.', linewidths=0, **scatter_kwargs)
    ax.set_xlabel('time (ms)')
    ax.set_ylabel('neuron index')
    return ax


def line_plot(ts, values, plot_ids=None, ax=None, ylabel=None, **plot_kwargs):
    """Traces of ``values`` (shape ``(steps,)`` or ``(steps, num)``) against ``ts`` (ms).

    ``plot_ids`` selects columns (default: all). Returns the matplotlib Axes.
    """
    ax = ax or plt.gca()
    values = np.asarray(values)
    values = values[:, None] if values.ndim == 1 else values
    for i in (range(values.shape[1]) if plot_ids is None else plot_ids):
        ax.plot(ts, values[:, i], **plot_kwargs)
    ax.set_xlabel('time (ms)')
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax
