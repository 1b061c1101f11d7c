# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # A conductance sweep of the STG model neuron, classified
#
# The AB/PD 3 model neuron of Prinz, Bucher & Marder (2004) with its slow calcium (CaS) and
# calcium-activated potassium (KCa) conductances swept over a 16 × 16 grid: 256 neurons in one
# `STGNeuron` group, one conductance value per neuron. The group is settled for 10 s (`bl.settle`, cached
# on disk: a second run of this script skips it), then run for 6.5 s, four periods of the slowest
# bursters (the classifier needs two complete cycles). Each neuron's spike train is classified as silent,
# tonic, bursting or irregular (`bl.analysis.classify`, after Prinz, Billimoria & Marder 2003), with its
# burst period and duty cycle.
#
# Run it with `python examples/sweep.py`; it writes `sweep.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

import brainlet as bl

# %%
g_CaS = np.linspace(0., 10., 16)   # mS/cm²
g_KCa = np.linspace(0., 25., 16)   # mS/cm²
CaS, KCa = (a.ravel() for a in np.meshgrid(g_CaS, g_KCa, indexing='ij'))
base = bl.neurons.PRINZ2004_MODELS['AB/PD 3']
cell = bl.neurons.STGNeuron(CaS.size, g={**base, 'CaS': CaS, 'KCa': KCa})

bl.settle(cell, 10000., dt=0.025)
mon = bl.DSRunner(cell, monitors=['spike'], dt=0.025).run(6500.)
act = bl.analysis.classify(bl.analysis.spike_times(mon.ts, spike=mon['spike']))
print(act)
i = np.argmin(np.abs(CaS - base['CaS']) + np.abs(KCa - base['KCa']))
print(f"nearest to AB/PD 3 (CaS {CaS[i]:.2f}, KCa {KCa[i]:.2f}): {act.kind[i]}, period {act.period[i]:.0f} ms, "
      f"{act.spikes_per_burst[i]:.0f} spikes per burst, duty cycle {act.duty_cycle[i]:.2f}")

# %%
shape = (g_CaS.size, g_KCa.size)
codes = act.codes().reshape(shape)  # indices into bl.analysis.KINDS
extent = [g_KCa[0], g_KCa[-1], g_CaS[0], g_CaS[-1]]
fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
image = axes[0].imshow(codes, origin='lower', extent=extent, aspect='auto', vmin=-0.5, vmax=3.5,
                       cmap=ListedColormap(['#bbbbbb', '#4c72b0', '#dd8452', '#c44e52']))
bar = fig.colorbar(image, ax=axes[0], ticks=range(4))
bar.ax.set_yticklabels(bl.analysis.KINDS)
axes[0].set_title('activity')
bursting = (act.kind == 'bursting').reshape(shape)
for ax, values, title in ((axes[1], act.period, 'burst period (ms)'), (axes[2], act.duty_cycle, 'duty cycle')):
    shown = np.where(bursting, values.reshape(shape), np.nan)
    fig.colorbar(ax.imshow(shown, origin='lower', extent=extent, aspect='auto'), ax=ax)
    ax.set_title(f'{title}, bursters')
for ax in axes:
    ax.plot(base['KCa'], base['CaS'], 'k*', ms=10)
    ax.set_xlabel('g KCa (mS/cm²)')
    ax.set_ylabel('g CaS (mS/cm²)')
fig.suptitle('AB/PD 3 with CaS and KCa swept (★: the published model), 6.5 s after 10 s of settling')
fig.tight_layout()
fig.savefig('sweep.png', dpi=120)
print('wrote sweep.png')
