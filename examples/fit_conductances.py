# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # Fitting maximal conductances by gradient descent through the simulation
#
# A synthetic target: the voltage of a Hodgkin–Huxley neuron (gNa = 120, gK = 36, gL = 0.3 mS/cm²) under a
# 60 ms current protocol — a hyperpolarizing step that shows the leak, then two depolarizing steps with a
# few spikes. From a start 25–40 % off in each conductance, `optax` minimizes the mean squared voltage error
# over log g; the gradient comes from `jax.grad` through `bl.simulate`, the runner's scan written as a
# pure function of the parameters. Adam brings the fit into the valley of the minimum, where gNa and gK
# trade off against each other; L-BFGS then converges in a few steps. In float64.
#
# Run it with `python examples/fit_conductances.py`; it writes `fit_conductances.png`.

# %%
import jax
import jax.numpy as jnp
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
import optax

import brainlet as bl

jax.config.update('jax_enable_x64', True)  # float64: in float32 the fit stops at 1e-5 to 1e-4

# %%
dt, duration = 0.025, 60.0                     # ms
t = dt * np.arange(int(round(duration / dt)))
current = np.where(t < 5, 0., np.where(t < 20, -5., np.where(t < 40, 8., 20.)))  # µA/cm²
names = ['gNa', 'gK', 'gL']
true = np.array([120.0, 36.0, 0.3])            # mS/cm²
cell = bl.neurons.HH(1)


def voltage(log_g):
    mon = bl.simulate(cell, duration, dt, monitors=['V'], params=dict(zip(names, jnp.exp(log_g))),
                      inputs=[('input', current[:, None], 'iter')])
    return mon['V'][:, 0]


target = voltage(jnp.log(true))


def loss(log_g):
    return jnp.mean((voltage(log_g) - target) ** 2)   # mV²


# %%
start = jnp.log(true * np.array([1.3, 0.75, 1.4]))
x, history = start, []
for optimizer, steps in ((optax.adam(0.05), 100), (optax.lbfgs(), 20)):
    state = optimizer.init(x)

    @jax.jit
    def step(x, state):
        value, grad = jax.value_and_grad(loss)(x)
        updates, state = optimizer.update(grad, state, x, value=value, grad=grad, value_fn=loss)
        return optax.apply_updates(x, updates), state, value

    for _ in range(steps):
        x, state, value = step(x, state)
        history.append((float(value), *np.exp(np.asarray(x))))
history = np.array(history)
fitted = np.exp(np.asarray(x))
for name, g0, g, g_true in zip(names, np.exp(np.asarray(start)), fitted, true):
    print(f'{name}: start {g0:8.3f}, fitted {g:10.6f}, true {g_true:8.3f} mS/cm² '
          f'(relative error {g / g_true - 1:.1e})')

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
axes[0].plot(t + dt, target, 'k', lw=3, alpha=0.4, label='target')
axes[0].plot(t + dt, voltage(start), 'C1', label='start')
axes[0].plot(t + dt, voltage(x), 'C0--', label='fitted')
axes[0].set_xlabel('time (ms)')
axes[0].set_ylabel('V (mV)')
axes[0].legend()
axes[1].semilogy(history[:, 0])
axes[1].axvline(100, color='gray', ls=':')
axes[1].text(102, history[0, 0], 'L-BFGS', va='top')
axes[1].set_xlabel('iteration (Adam, then L-BFGS)')
axes[1].set_ylabel('mean squared error (mV²)')
for k, name in enumerate(names):
    axes[2].semilogy(np.abs(history[:, k + 1] / true[k] - 1) + 1e-16, label=name)
axes[2].set_xlabel('iteration')
axes[2].set_ylabel('|relative error|')
axes[2].legend()
fig.suptitle('Hodgkin–Huxley conductances recovered from a voltage trace by gradient descent')
fig.tight_layout()
fig.savefig('fit_conductances.png', dpi=120)
print('wrote fit_conductances.png')
