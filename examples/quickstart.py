# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # brainlet quickstart
#
# Two simulations in one figure:
#
# 1. a Hodgkin–Huxley neuron (Hodgkin & Huxley 1952) driven by a 10 µA/cm² current step;
# 2. a conductance-based E/I network of leaky integrate-and-fire neurons (Vogels & Abbott 2005, the COBA
#    benchmark), scaled down to 1000 neurons with the same mean in-degree of 80.
#
# Run it with `python examples/quickstart.py`; it writes `quickstart.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

# %% [markdown]
# ## A Hodgkin–Huxley neuron

# %%
hh = bl.neurons.HH(1)
hh_runner = bl.DSRunner(hh, monitors=['V'], inputs=[('input', lambda t: 10.0 * (t >= 10.0))], dt=0.01)
hh_runner.run(100.0)

# %% [markdown]
# ## An E/I network of LIF neurons with exponential conductances

# %%
num_exc, num_inh, in_degree = 800, 200, 80
prob = in_degree / (num_exc + num_inh)
rng = np.random.default_rng(42)
lif = dict(V_rest=-60., V_reset=-60., V_th=-50., tau=20., tau_ref=5., V_initializer=lambda n: rng.normal(-55., 2., n))
E = bl.neurons.LIF(num_exc, **lif)
I = bl.neurons.LIF(num_inh, **lif)
net = bl.Network(
    E=E, I=I,
    EE=bl.synapses.Exponential(E, E, bl.conn.FixedProb(prob, seed=1), g_max=0.6, tau=5., E=0.),
    EI=bl.synapses.Exponential(E, I, bl.conn.FixedProb(prob, seed=2), g_max=0.6, tau=5., E=0.),
    IE=bl.synapses.Exponential(I, E, bl.conn.FixedProb(prob, seed=3), g_max=6.7, tau=10., E=-80.),
    II=bl.synapses.Exponential(I, I, bl.conn.FixedProb(prob, seed=4), g_max=6.7, tau=10., E=-80.),
)
net_runner = bl.DSRunner(net, monitors=['E.spike', 'I.spike'], inputs=[('E.input', 20.), ('I.input', 20.)],
                         dt=0.1, progress_bar=True)
net_runner.run(1000.0)
rate = net_runner.mon['E.spike'].mean() / (net_runner.dt * 1e-3)
print(f'HH spikes: {int(np.sum(np.diff((hh_runner.mon["V"][:, 0] > 0).astype(int)) == 1))}; '
      f'mean excitatory rate: {rate:.1f} Hz')

# %%
fig, (ax_v, ax_raster) = plt.subplots(2, 1, figsize=(8, 7), gridspec_kw={'height_ratios': [1, 2]})
bl.visualize.line_plot(hh_runner.mon.ts, hh_runner.mon['V'], ax=ax_v, ylabel='V (mV)', color='C0')
ax_v.set_title('Hodgkin–Huxley neuron, 10 µA/cm² from t = 10 ms')
bl.visualize.raster_plot(net_runner.mon.ts, net_runner.mon['E.spike'], ax=ax_raster, color='C3')
ax_raster.set_title(f'E/I network of LIF neurons: excitatory raster, {rate:.1f} Hz')
fig.tight_layout()
fig.savefig('quickstart.png', dpi=120)
print('wrote quickstart.png')
