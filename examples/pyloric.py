# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # The pyloric rhythm
#
# The circuit of Prinz, Bucher & Marder (2004): a pacemaker kernel of two PD cells and one AB cell (model
# AB/PD 3, coupled by gap junctions), one LP cell (LP 1) and five PY cells (PY 5), connected by graded
# inhibitory synapses of 3 nS along the seven synapses of the paper's circuit: AB and PD onto LP and PY, LP onto
# AB, PD and PY, PY onto LP. PD releases acetylcholine (slow, −80 mV), AB, LP and PY glutamate (fast, −70 mV).
# The pacemaker bursts, LP rebounds from its inhibition, PY follows later, and PD starts the next cycle: the
# triphasic pyloric rhythm.
#
# The matrix `gs` is read `[post, pre]` in the order of the populations. (The pyloric-network-simulator README's
# matrix also has PY onto AB; with the papers' synapses that circuit fires irregularly — change `gs[1, 3]` to 3
# and see.)
#
# Run it with `python examples/pyloric.py`; it writes `pyloric.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

# %%
pops = {'PD': 2, 'AB': 1, 'LP': 1, 'PY': 5}
gs = [[0, 0, 3, 0],     # onto PD: from LP        (nS; columns PD, AB, LP, PY)
      [0, 0, 3, 0],     # onto AB: from LP
      [3, 3, 0, 3],     # onto LP: from PD, AB, PY
      [3, 3, 3, 0]]     # onto PY: from PD, AB, LP
net = bl.neurons.Prinz2004(pops, gs, g_ion=['AB/PD 3', 'AB/PD 3', 'LP 1', 'PY 5'])
runner = bl.DSRunner(net, monitors=['cells.V'], dt=0.025)
runner.run(12000.)                                   # ms, from rest at −50 mV

ts, V = runner.mon.ts, runner.mon['cells.V']
settled = ts >= 4000.0
rhythm = net.rhythm(ts[settled], V[settled])
print(f"period {rhythm['period'].mean():.0f} ms over {len(rhythm['period'])} cycles")
for pop in pops:
    r = rhythm[pop]
    print(f"{pop}: burst from phase {np.mean(r['onset']):.2f} to {np.mean(r['end']):.2f}, "
          f"{np.mean(r['spikes']):.1f} spikes")

# %%
fig, axes = plt.subplots(3, 1, figsize=(8, 5.5), sharex=True)
window = ts >= 6000.0
for ax, (label, cell, color) in zip(axes, [('AB/PD (PD)', net.pops['PD'].start, 'C0'),
                                           ('LP', net.pops['LP'].start, 'C1'),
                                           ('PY', net.pops['PY'].start, 'C2')]):
    ax.plot(ts[window] / 1e3, V[window, cell], color=color, lw=0.6)
    ax.set_ylabel(f'{label}\nV (mV)')
    ax.set_ylim(-75, 55)
axes[-1].set_xlabel('time (s)')
axes[0].set_title(f"pyloric circuit (Prinz et al. 2004), period {rhythm['period'].mean():.0f} ms")
fig.tight_layout()
fig.savefig('pyloric.png', dpi=120)
print('wrote pyloric.png')
