# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # A ball-and-stick neuron: a spike starts in the soma and spreads, decaying, into a passive dendrite
#
# A 20 µm soma with Hodgkin–Huxley channels and a 200 µm, 2 µm-wide passive dendrite (the cell of NEURON's
# ring test), driven by a current step into the soma; synaptic input then arrives at the dendrite's tip.
# Run `python examples/ball_and_stick.py`; it writes `ball_and_stick.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

ch = bl.channels

# %%
morph = bl.neurons.Morphology.ball_and_stick(soma_diam=20., dend_length=200., dend_diam=2.)
cell = bl.neurons.CableCell(morph, Ra=100., cm=1., nseg=21, V_initial=-65.,
                            ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})
cell.paint('soma', ch.INa_HH1952(g_max=120.))
cell.paint('soma', ch.IK_HH1952(g_max=36.))
cell.paint('soma', ch.Leak(g_max=0.3, E=-54.3))
cell.paint('dend', ch.Leak(g_max=1.0, E=-65.))          # 0.001 S/cm², as in the ring test
comps = cell.compartments
soma, tip = comps.index(0, 0.5), comps.index(1, 0.95)
cell.place(soma, bl.neurons.IClamp(delay=5., dur=20., amp=0.3))
inputs = bl.neurons.SpikeTimes(1, [0], [40.])
synapse = bl.synapses.Exponential(inputs, cell.site(tip), bl.conn.AllToAll(), g_max=0.005, tau=2., E=0.)  # µS: subthreshold
net = bl.Network(inputs=inputs, cell=cell, synapse=synapse)
along = comps.where('dend')
runner = bl.DSRunner(net, monitors={'soma': lambda: cell.V.value[soma], 'dend': lambda: cell.V.value[along]},
                     dt=0.025)
mon = runner.run(60.)

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
ax1.plot(mon.ts, mon['soma'], label='soma')
ax1.plot(mon.ts, mon['dend'][:, -1], label='dendrite tip')
ax1.set(xlabel='time (ms)', ylabel='V (mV)', title='current step into the soma, then a synapse at the tip')
ax1.legend()
peak = mon.ts < 30.
ax2.plot(comps.distance[along], mon['dend'][peak].max(0) + 65., 'o-', label='somatic spike')
ax2.plot(comps.distance[along], mon['dend'][~peak].max(0) + 65., 's-', label='synaptic input at the tip')
ax2.set(xlabel='distance from the soma (µm)', ylabel='peak depolarization (mV)', title='attenuation along the dendrite')
ax2.legend()
fig.tight_layout()
fig.savefig('ball_and_stick.png', dpi=110)
print(f'somatic spikes: {int(np.sum(np.diff((mon["soma"] > 0).astype(int)) == 1))}; wrote ball_and_stick.png')
