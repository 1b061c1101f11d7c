# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # A balanced E/I network (Vogels & Abbott 2005; the COBA benchmark W1)
#
# 4000 leaky integrate-and-fire neurons, 3200 excitatory and 800 inhibitory, each receiving on average 80
# synapses, with exponential conductances (τ_e = 5 ms, τ_i = 10 ms). One population and two views of it:
# `pop[:3200]` projects excitation to everyone, `pop[3200:]` inhibition. Spikes propagate event-driven
# (work ∝ spikes × fan-out). Run `python examples/ei_network.py`; it writes `ei_network.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

# %%
num, num_exc = 4000, 3200
rng = np.random.default_rng(0)
pop = bl.neurons.LIF(num, V_rest=-60., V_reset=-60., V_th=-50., tau=20., tau_ref=5.,
                     V_initializer=rng.normal(-55., 2., num))
exc, inh = pop[:num_exc], pop[num_exc:]
net = bl.Network(
    pop=pop,
    exc=bl.synapses.Exponential(exc, pop, bl.conn.FixedProb(80 / num, seed=1), g_max=0.6, tau=5., E=0.),
    inh=bl.synapses.Exponential(inh, pop, bl.conn.FixedProb(80 / num, seed=2), g_max=6.7, tau=10., E=-80.),
)
runner = bl.DSRunner(net, monitors=['pop.spike', 'pop.V', 'exc.g', 'inh.g'], inputs=[('pop.input', 20.)],
                     dt=0.1, progress_bar=True)
mon = runner.run(1000.)
rate_exc = mon['pop.spike'][:, :num_exc].mean() / 1e-4
rate_inh = mon['pop.spike'][:, num_exc:].mean() / 1e-4
print(f'excitatory {rate_exc:.1f} Hz, inhibitory {rate_inh:.1f} Hz')

# %%
fig, axes = plt.subplots(3, 1, figsize=(8, 8), sharex=True, gridspec_kw={'height_ratios': [2, 1, 1]})
bl.visualize.raster_plot(mon.ts, mon['pop.spike'][:, ::10], ax=axes[0], color='k')
axes[0].set_title(f'every 10th neuron: excitatory {rate_exc:.1f} Hz, inhibitory {rate_inh:.1f} Hz')
axes[1].plot(mon.ts, mon['pop.V'][:, 0], lw=0.8)
axes[1].set_ylabel('V of neuron 0 (mV)')
axes[2].plot(mon.ts, mon['exc.g'][:, 0], label='excitatory g', lw=0.8)
axes[2].plot(mon.ts, mon['inh.g'][:, 0], label='inhibitory g', lw=0.8)
axes[2].set(xlabel='time (ms)', ylabel='g (× leak)')
axes[2].legend(loc='upper right')
fig.tight_layout()
fig.savefig('ei_network.png', dpi=110)
print('wrote ei_network.png')
