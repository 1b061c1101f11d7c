# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # A real morphology: an Allen Institute cell with a spiking soma, its voltage as a colour map
#
# The morphology is one of the Allen Cell Types SWC files shipped inside the `bmtk` package (read where it is
# installed). Passive membrane everywhere, Hodgkin–Huxley channels in the soma, a train of current pulses
# into the soma. The figure shows the cell coloured by voltage at the peak of a spike, and the voltage at
# the soma and at the farthest dendrite. Run `python examples/real_morphology.py`; it writes
# `real_morphology.png`.

# %%
import importlib.util
import pathlib

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

import brainlet as bl

ch = bl.channels
swc = sorted(pathlib.Path(importlib.util.find_spec('bmtk').submodule_search_locations[0]).rglob('*.swc'))[0]

# %%
morph = bl.neurons.Morphology.from_file(swc)
cell = bl.neurons.CableCell(morph, Ra=100., cm=1., nseg='d_lambda', V_initial=-65.,
                            ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})
cell.paint('all', ch.Leak(g_max=0.05, E=-65.), name='pas')
cell.paint('soma', ch.INa_HH1952(g_max=120.))
cell.paint('soma', ch.IK_HH1952(g_max=36.))
cell.paint('soma', ch.Leak(g_max=0.3, E=-54.3), name='hh_leak')
comps = cell.compartments
soma = comps.index(0, 0.5)
far = int(np.argmax(np.where(comps.area > 0, comps.distance, 0)))
for k in range(4):
    cell.place(soma, bl.neurons.IClamp(delay=10. + 25. * k, dur=2., amp=0.5))
runner = bl.DSRunner(cell, monitors=['V'], dt=0.025)
V = runner.run(110.)['V']
print(f'{morph!r}: {len(comps)} compartments; soma spikes: '
      f'{int(np.sum(np.diff((V[:, soma] > 0).astype(int)) == 1))}')

# %%
peak = int(np.argmax(V[:, soma]))
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 5), gridspec_kw={'width_ratios': [1.2, 1]})
segments, colours = [], []
for sec in morph.sections:  # each section drawn in pieces coloured by its compartments' voltage
    rows = comps.first[sec.id] + np.arange(comps.nseg[sec.id])
    pts = sec.points[:, :2]
    cuts = np.linspace(0, len(pts) - 1, len(rows) + 1)
    for row, (a, b) in zip(rows, zip(cuts[:-1], cuts[1:])):
        idx = np.arange(int(np.floor(a)), int(np.ceil(b)) + 1)
        segments.append(pts[np.clip(idx, 0, len(pts) - 1)])
        colours.append(V[peak, row])
lines = LineCollection(segments, array=np.array(colours), cmap='viridis', linewidths=1.5)
ax1.add_collection(lines)
ax1.autoscale()
ax1.set_aspect('equal')
ax1.set(xlabel='x (µm)', ylabel='y (µm)', title=f'V at the spike peak, t = {runner.mon.ts[peak]:.1f} ms')
fig.colorbar(lines, ax=ax1, label='V (mV)')
ax2.plot(runner.mon.ts, V[:, soma], label='soma')
ax2.plot(runner.mon.ts, V[:, far], label=f'dendrite, {comps.distance[far]:.0f} µm away')
ax2.set(xlabel='time (ms)', ylabel='V (mV)')
ax2.legend()
fig.tight_layout()
fig.savefig('real_morphology.png', dpi=110)
print('wrote real_morphology.png')
