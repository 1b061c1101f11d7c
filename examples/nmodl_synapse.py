# %% [markdown]
# # A NEURON synapse (POINT_PROCESS with NET_RECEIVE) on a brainlet cell, driven by spikes; writes nmodl_synapse.png
#
# `load_nmodl` translates a POINT_PROCESS into a point-process class: placed on one compartment of a
# `CableCell` with `cell.place(k, syn)`, its current (nA) and conductance (µS) enter the cell's implicit
# voltage step, and `NET_RECEIVE(weight)` runs when an event arrives, here through a `NetCon` from spiking
# neurons. The soma also carries the Markov sodium channel `NaV.mod` of the bmtk wheel (a KINETIC scheme,
# METHOD sparse, started by a LINEAR block) and `Kv3_1.mod`, so that enough synaptic drive makes it spike.

# %%
import importlib.util
import pathlib

import jax.numpy as jnp
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

ch = bl.channels
mod_dir = pathlib.Path(importlib.util.find_spec('bmtk').origin).parent / 'utils/scripts/bionet/mechanisms/modfiles'
NaV, Kv3_1 = (ch.load_nmodl(mod_dir / f'{name}.mod') for name in ('NaV', 'Kv3_1'))

# A dual-exponential synapse, written from its equations: an event of weight w (µS) gives a conductance
# B - A that peaks at w.
Exp2Syn = ch.load_nmodl("""
NEURON {
    POINT_PROCESS exp2syn
    RANGE tau1, tau2, e
    NONSPECIFIC_CURRENT i
}
PARAMETER { tau1 = 0.5 (ms) tau2 = 5 (ms) e = 0 (mV) }
ASSIGNED { v (mV) i (nA) factor }
STATE { A (uS) B (uS) }
INITIAL {
    LOCAL tpeak
    tpeak = tau1 * tau2 / (tau2 - tau1) * log(tau2 / tau1)
    factor = 1 / (exp(-tpeak / tau2) - exp(-tpeak / tau1))
}
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = (B - A) * (v - e)
}
DERIVATIVE state { A' = -A / tau1  B' = -B / tau2 }
NET_RECEIVE(weight (uS)) {
    A = A + weight * factor
    B = B + weight * factor
}
""")
print(Exp2Syn.source.split('    def net_receive')[1])

# %% [markdown]
# Three cells (one soma each, resting at -80 mV), the same presynaptic train (every 8 ms from 10 ms) into
# each, with three synaptic weights: in the figure the weakest fires for the first events only, the middle
# one fires on every event, the strongest holds the soma depolarized after two spikes.

# %%
weights = jnp.array([0.004, 0.008, 0.016])  # µS
cell = bl.neurons.CableCell(bl.neurons.Morphology.cable(20.0, 20.0), num=len(weights), nseg=1,
                            ions={'na': ch.FixedIon(50.0), 'k': ch.FixedIon(-85.0)}, V_initial=-80.0)
cell.paint('all', ch.Leak(1.0, -80.0))                        # mS/cm²
cell.paint('all', NaV(gbar=0.05, celsius=34.0))              # S/cm², as in the mod file
cell.paint('all', Kv3_1(gbar=0.05, celsius=34.0))
soma = int(np.argmax(cell.compartments.area))
synapse = cell.place(soma, Exp2Syn())
times = np.arange(10.0, 100.0, 8.0)                           # ms, a regular train
source = bl.neurons.SpikeTimes(len(weights), np.repeat(np.arange(len(weights)), len(times)),
                               np.tile(times, len(weights)))
net = bl.Network(source=source, cell=cell, netcon=ch.NetCon(source, synapse, weight=weights))
mon = bl.DSRunner(net, monitors=['cell.V', 'cell.point_processes.0.A', 'cell.point_processes.0.B'],
                  dt=0.025).run(120.0)

# %%
fig, axes = plt.subplots(2, 1, figsize=(7, 5), sharex=True)
per_cell = cell.per_cell
for i, w in enumerate(weights):
    axes[0].plot(mon.ts, mon['cell.V'][:, soma + i * per_cell], lw=0.8, label=f'w = {float(w) * 1e3:.0f} nS')
    axes[1].plot(mon.ts, 1e3 * (mon['cell.point_processes.0.B'][:, i] - mon['cell.point_processes.0.A'][:, i]),
                 lw=0.8)
axes[0].set_ylabel('V (mV)')
axes[0].legend(fontsize=8)
axes[1].set_ylabel('g (nS)')
axes[1].set_xlabel('t (ms)')
fig.suptitle('exp2syn (POINT_PROCESS, NET_RECEIVE) on a soma with NaV.mod (KINETIC) and Kv3_1.mod', fontsize=9)
fig.tight_layout()
fig.savefig('nmodl_synapse.png', dpi=120)
