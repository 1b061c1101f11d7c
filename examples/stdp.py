# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # STDP shapes the weights of a neuron driven by 1000 Poisson inputs (Song, Miller & Abbott 2000)
#
# Pair-based STDP with depression slightly stronger than potentiation makes the weights compete: they
# spread to the bounds, 0 and g_max, in a bimodal distribution. Parameters as in Brian2's example of the
# same experiment (τ_m = 10 ms, 15 Hz inputs, g_max = 0.01 in units of the leak conductance, A- = 1.05 A+).
#
# The second half writes a learning rule: reward-modulated STDP (Izhikevich 2007), where STDP only tags
# an eligibility trace and a reward signal turns it into weight change. It is a subclass of the STDP rule
# in a dozen lines and plugs into the same synapse.

# %%
import matplotlib

matplotlib.use('Agg')
import brainpy.math as bm
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

g_max = 0.01


def experiment(rule, duration):
    inputs = bl.neurons.PoissonGroup(1000, rates=15.0, seed=1)
    neuron = bl.neurons.LIF(1, V_rest=-74., V_reset=-60., V_th=-54., tau=10.)
    syn = bl.synapses.Exponential(inputs, neuron, bl.conn.AllToAll(), g_max=np.random.default_rng(2).uniform(
        0, g_max, 1000), tau=5., E=0., plasticity=rule)
    runner = bl.DSRunner(bl.Network(inputs=inputs, neuron=neuron, syn=syn), monitors=['neuron.spike'], dt=0.1,
                         chunk_size=10_000)
    runner.run(duration)
    return np.asarray(syn.w.value), runner.mon['neuron.spike'].mean() / 1e-4


stdp = bl.synapses.STDP(A_plus=0.01 * g_max, A_minus=0.0105 * g_max, tau_plus=20., tau_minus=20., w_max=g_max)
w_stdp, rate = experiment(stdp, 100_000.)
print(f'STDP: output rate over the run {rate:.1f} Hz; {np.mean(w_stdp > 0.9 * g_max):.0%} of the weights '
      f'near g_max, {np.mean(w_stdp < 0.1 * g_max):.0%} near 0')


# %% [markdown]
# ## A learning rule written by a user: reward-modulated STDP

# %%
class RewardSTDP(bl.synapses.STDP):
    """STDP tags an eligibility trace c (decaying with tau_c, ms); a reward d(t) turns it into weight change,
    dw/dt = c d(t) (Izhikevich 2007, Cereb. Cortex 17, 2443)."""

    def __init__(self, reward, tau_c=1000.0, **stdp):
        super().__init__(**stdp)
        self.reward, self.tau_c = reward, tau_c

    def init_state(self, num_pre, num_post):
        super().init_state(num_pre, num_post)
        self.c = bm.Variable(jnp.zeros(len(self.pre_ids)))

    def weight_change(self, t, dt, w, pre, post):
        tagged = super().weight_change(t, dt, w, pre, post)
        self.c.value = self.c.value * jnp.exp(-dt / self.tau_c) + tagged
        return dt * self.reward(t) * self.c.value


reward = lambda t: 0.01 * (t % 2000.0 < 200.0)  # a reward in the first 200 ms of every 2 s
w_reward, rate_reward = experiment(RewardSTDP(reward, A_plus=0.01 * g_max, A_minus=0.0105 * g_max,
                                              w_max=g_max), 20_000.)
print(f'reward-modulated STDP: output rate {rate_reward:.1f} Hz, mean weight {w_reward.mean() / g_max:.2f} g_max')

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
ax1.hist(w_stdp / g_max, bins=20, color='C0')
ax1.set(xlabel='w / g_max', ylabel='synapses', title='STDP after 100 s')
ax2.hist(w_reward / g_max, bins=20, color='C2')
ax2.set(xlabel='w / g_max', title='reward-modulated STDP after 20 s')
fig.tight_layout()
fig.savefig('stdp.png', dpi=110)
print('wrote stdp.png')
