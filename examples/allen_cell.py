# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # An Allen Cell-Types perisomatic model in one call
#
# `bl.neurons.load_allen(swc, fit_json, mod_dir)` builds a cell of the Allen Cell Types Database as the Allen
# SDK and BMTK build it in NEURON: the reconstruction with its axon replaced by a 2 × 30 µm stub, passive
# properties and channel densities by section type from the `*_fit.json`, the mechanisms translated from
# their `.mod` files. Here: the Scnn1a cell (model 472363762) from the files inside the installed `bmtk`
# package (read where they are). Two copies run together, one under a hyperpolarizing step (−0.05 nA), one
# under a depolarizing step (0.2 nA), each for 1 s. Run `python examples/allen_cell.py`; it writes
# `allen_cell.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

import brainlet as bl

swc, fit_json, mod_dir = bl.neurons.bmtk_model('Scnn1a')
cell = bl.neurons.load_allen(swc, fit_json, mod_dir, num=2)
print(cell)
soma = cell.compartments.index(0, 0.5)
print(f"soma: NaTs gbar {float(np.max(cell.channels['NaTs'].gbar)):.3f} S/cm², CaDynamics gamma "
      f"{cell.ions['ca'].gamma[soma]:.2e}, decay {cell.ions['ca'].decay[soma]:.0f} ms")

# %%
cell.place(soma, bl.neurons.IClamp(delay=100., dur=1000., amp=np.array([-0.05, 0.2])))  # nA, one per cell
runner = bl.DSRunner(cell, monitors={'soma': lambda: cell.V.value[cell.spike_at], 'spike': 'spike'}, dt=0.025)
mon = runner.run(1200.)
late = (mon.ts > 1000.) & (mon.ts < 1100.)  # the last 100 ms of the step
print(f"{mon['spike'][:, 1].sum()} spikes in 1 s at 0.2 nA; at -0.05 nA the soma settles at "
      f"{mon['soma'][late, 0].mean():.1f} mV from {mon['soma'][0, 0]:.1f} mV")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={'width_ratios': [1, 1.6]})
comps = cell.compartments
child = np.flatnonzero(comps.parent >= 0)  # the tree drawn from each compartment's centre to its parent's
for region, colour in [('dend', 'tab:blue'), ('apic', 'tab:purple'), ('axon', 'tab:red')]:
    rows = child[comps.region[child] == region]
    lines = np.stack([comps.position[comps.parent[rows], :2], comps.position[rows, :2]], axis=1)
    ax1.add_collection(LineCollection(lines, colors=colour, linewidths=np.maximum(comps.diam[rows], 0.5),
                                      label=region))
ax1.scatter(*comps.position[soma, :2], s=80, c='k', label='soma')
ax1.autoscale()
ax1.set_aspect('equal')
ax1.set(xlabel='x (µm)', ylabel='y (µm)', title='morphology (axon: the 2 × 30 µm stub)')
ax1.legend(loc='lower right')
for k, (amp, colour) in enumerate([(-0.05, 'tab:blue'), (0.2, 'k')]):
    ax2.plot(mon.ts, mon['soma'][:, k], colour, lw=0.8, label=f'{amp:+.2f} nA')
ax2.set(xlabel='time (ms)', ylabel='soma V (mV)', title='Scnn1a 472363762, 1 s current steps')
ax2.legend()
fig.tight_layout()
fig.savefig('allen_cell.png', dpi=110)
print('wrote allen_cell.png')
