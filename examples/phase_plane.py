# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # Phase planes and bursting
#
# 1. A Morris–Lecar neuron with the Hopf ("class II") parameters of Rinzel & Ermentrout (1989), driven by
#    100 µA/cm²: its nullclines, the fixed point they cross at, and the trajectory brainlet simulates from
#    the resting state at zero input, which winds out onto the limit cycle.
# 2. A Hindmarsh–Rose (1984) neuron at I = 2.5: bursts of spikes separated by quiescence while the slow
#    variable z recovers.
#
# Run it with `python examples/phase_plane.py`; it writes `phase_plane.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

# %% [markdown]
# ## Morris–Lecar: nullclines and a trajectory

# %%
I_ml = 100.0  # µA/cm², above the Hopf bifurcation
ml = bl.neurons.MorrisLecar(1)  # starts at rest for zero input
ml_runner = bl.DSRunner(ml, monitors=['V', 'w'], inputs=[('input', I_ml)], dt=0.05)
ml_runner.run(400.0)

V = np.linspace(-65.0, 45.0, 500)
m_inf = 0.5 * (1 + np.tanh((V - ml.V1) / ml.V2))
V_nullcline = (I_ml - ml.gCa * m_inf * (V - ml.ECa) - ml.gL * (V - ml.EL)) / (ml.gK * (V - ml.EK))
w_nullcline = np.asarray(ml.w_inf(V))
V_fixed = ml.resting_potential(I_ml)

# %% [markdown]
# ## Hindmarsh–Rose: bursting

# %%
hr = bl.neurons.HindmarshRose(1)
hr_runner = bl.DSRunner(hr, monitors=['x', 'z', 'spike'], inputs=[('input', 2.5)], dt=0.02)
hr_runner.run(1500.0)
print(f'Morris–Lecar: fixed point at V = {V_fixed:.2f} mV, V spans {np.ptp(ml_runner.mon["V"]):.0f} mV; '
      f'Hindmarsh–Rose: {int(hr_runner.mon["spike"].sum())} spikes in 1500 ms')

# %%
fig = plt.figure(figsize=(10, 7))
ax_pp = fig.add_subplot(2, 2, 1)
ax_v = fig.add_subplot(2, 2, 2)
ax_hr = fig.add_subplot(2, 1, 2)
ax_pp.plot(V, V_nullcline, 'C0', label='dV/dt = 0')
ax_pp.plot(V, w_nullcline, 'C1', label='dw/dt = 0')
ax_pp.plot(ml_runner.mon['V'][:, 0], ml_runner.mon['w'][:, 0], 'k', lw=0.8, label='trajectory')
ax_pp.plot(V_fixed, float(ml.w_inf(V_fixed)), 'o', mfc='white', mec='k', label='unstable fixed point')
ax_pp.set(xlabel='V (mV)', ylabel='w', ylim=(-0.05, 0.6), title=f'Morris–Lecar phase plane, I = {I_ml:g} µA/cm²')
ax_pp.legend(fontsize=8, loc='upper left')
bl.visualize.line_plot(ml_runner.mon.ts, ml_runner.mon['V'], ax=ax_v, ylabel='V (mV)', color='k')
ax_v.set_title('Morris–Lecar voltage')
bl.visualize.line_plot(hr_runner.mon.ts, hr_runner.mon['x'], ax=ax_hr, ylabel='x', color='C3')
ax_z = ax_hr.twinx()
ax_z.plot(hr_runner.mon.ts, hr_runner.mon['z'][:, 0], 'C2', lw=1.5)
ax_z.set_ylabel('z (slow)', color='C2')
ax_hr.set_title('Hindmarsh–Rose bursting, I = 2.5')
fig.tight_layout()
fig.savefig('phase_plane.png', dpi=120)
print('wrote phase_plane.png')
