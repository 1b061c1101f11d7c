# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # A continuous attractor network tracks a moving stimulus (Wu, Hamaguchi & Amari 2008)
#
# Rate neurons on a ring of preferred positions x, with Gaussian recurrent excitation and global divisive
# inhibition, hold a bump of activity anywhere on the ring. A weak input that moves drags the bump along.
#
# τ du/dt = −u + ρ Σ_x' J(x − x') r(x') Δx' + I_ext,   r = u² / (1 + k ρ Σ u² Δx),
# J(d) = J0 exp(−d²/2a²) / (√(2π) a),   I_ext = A exp(−(x − z(t))²/4a²)
#
# The model is written here as a user's own `NeuGroup` (a dense ring convolution is the natural connectivity
# for 512 neurons), integrated with `@bl.odeint`.

# %%
import matplotlib

matplotlib.use('Agg')
import brainpy.math as bm
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl


class CANN1D(bl.NeuGroup):
    """Ring attractor of Wu, Hamaguchi & Amari (2008), Neural Comput. 20, 994. tau (ms), positions in rad."""

    def __init__(self, num=512, tau=1., k=8.1, a=0.5, A=10., J0=4.):
        super().__init__(num)
        self.tau, self.k, self.a, self.A = tau, k, a, A
        self.x = jnp.linspace(-np.pi, np.pi, num, endpoint=False)
        d = self.ring_distance(self.x[:, None] - self.x[None, :])
        self.J = J0 * jnp.exp(-d ** 2 / (2 * a ** 2)) / (np.sqrt(2 * np.pi) * a)
        self.u = bm.Variable(jnp.zeros(num))
        self.r = bm.Variable(jnp.zeros(num))
        self.stimulus = bm.Variable(jnp.zeros(()))  # position z of the input (rad)

    @staticmethod
    def ring_distance(d):
        return jnp.remainder(d + np.pi, 2 * np.pi) - np.pi

    @bl.odeint(method='exp_euler')
    def integral(self, u, t, recurrent, external):
        return (-u + recurrent + external) / self.tau

    def update(self, t, dt):
        external = self.A * jnp.exp(-self.ring_distance(self.x - self.stimulus.value) ** 2 / (4 * self.a ** 2))
        recurrent = self.J @ self.r.value  # rho * sum(J r dx) with dx = 1 / rho
        self.u.value = self.integral(self.u, t, recurrent, external, dt=dt)
        u2 = jnp.square(jnp.maximum(self.u.value, 0.))
        self.r.value = u2 / (1. + self.k * jnp.sum(u2))  # k rho sum(u^2 dx) with dx = 1 / rho


# %%
cann = CANN1D()
speed = 2 * np.pi / 400.  # rad per ms: one turn in 400 ms, after a 100 ms hold at 0
position = lambda t: jnp.where(t < 100., 0., (t - 100.) * speed)
runner = bl.DSRunner(cann, monitors=['r'], inputs=[('stimulus', lambda t: cann.ring_distance(position(t)), 'func',
                                                     '=')], dt=0.05)
mon = runner.run(500.)
bump = np.angle(np.exp(1j * np.asarray(cann.x))[None, :] @ mon['r'].T).ravel()  # population vector
lag = np.asarray(cann.ring_distance(position(mon.ts) - bump))
print(f'bump lags the stimulus by {np.mean(lag[mon.ts > 200]):.3f} rad while it moves')

# %%
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
ax1.imshow(mon['r'].T, aspect='auto', origin='lower', extent=[0, mon.ts[-1], -np.pi, np.pi], cmap='magma')
ax1.set(ylabel='preferred position (rad)', title='firing rate r(x, t)')
ax2.plot(mon.ts, np.asarray(cann.ring_distance(position(mon.ts))), label='stimulus')
ax2.plot(mon.ts, bump, '--', label='bump centre')
ax2.set(xlabel='time (ms)', ylabel='position (rad)')
ax2.legend()
fig.tight_layout()
fig.savefig('attractor.png', dpi=110)
print('wrote attractor.png')
