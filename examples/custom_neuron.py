# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # Writing your own neuron
#
# A quadratic integrate-and-fire neuron (Latham et al. 2000) as a `NeuGroup` subclass: Variables for the
# state, `@bl.odeint` for the equation, `update(t, dt)` for one step. Its f–I curve is computed for 50 input
# currents at once, since a group of 50 neurons is just arrays of shape (50,). Writes `custom_neuron.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import brainpy.math as bm
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl


class QIF(bl.NeuGroup):
    """tau dV/dt = a (V - V_rest)(V - V_c) + I; spike at V_th, then V <- V_reset (mV, ms)."""

    def __init__(self, size, V_rest=-65., V_c=-50., a=0.07, tau=10., V_th=-30., V_reset=-68.):
        super().__init__(size)
        self.V_rest, self.V_c, self.a, self.tau, self.V_th, self.V_reset = V_rest, V_c, a, tau, V_th, V_reset
        self.V = bm.Variable(jnp.full(self.num, V_rest))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num))

    @bl.odeint(method='rk4')
    def integral(self, V, t, I):
        return (self.a * (V - self.V_rest) * (V - self.V_c) + I) / self.tau

    def update(self, t, dt):
        V = self.integral(self.V, t, self.input, dt=dt)
        self.spike.value = V >= self.V_th
        self.V.value = jnp.where(self.spike.value, self.V_reset, V)
        self.input.value = jnp.zeros_like(self.input.value)


# %%
currents = np.linspace(0., 10., 50)
qif = QIF(len(currents))
runner = bl.DSRunner(qif, monitors=['spike'], inputs=[('input', currents)], dt=0.01)
runner.run(1000.)
rates = runner.mon['spike'].sum(axis=0) / 1.0  # spikes in 1 s
# rheobase of the QIF: the two fixed points merge when I = a (V_c - V_rest)^2 / 4
print(f'rheobase (analytic): {0.07 * 15 ** 2 / 4:.3f}; first current that fires: {currents[rates > 0][0]:.3f}')

# %%
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(currents, rates, 'o-', ms=3)
ax.axvline(0.07 * 15 ** 2 / 4, color='gray', ls='--', label='analytic rheobase')
ax.set_xlabel('input I (mV)')
ax.set_ylabel('rate (Hz)')
ax.legend()
fig.tight_layout()
fig.savefig('custom_neuron.png', dpi=120)
print('wrote custom_neuron.png')
