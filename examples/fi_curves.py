# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # f–I curves of the integrate-and-fire family
#
# The steady firing rate against a constant input current for LIF, ExpIF, QuaIF and AdEx, each with BrainPy's
# default parameters (input in mV, R = 1). One group per model holds one neuron per current: the whole curve
# is one vectorized simulation. Rates are counted over the last 1000 ms of 1500 ms, after AdEx's adaptation
# has settled.
#
# Run it with `python examples/fi_curves.py`; it writes `fi_curves.png`.

# %%
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

import brainlet as bl

# %%
currents = np.linspace(0.0, 40.0, 81)  # mV
models = {
    'LIF': bl.neurons.LIF(len(currents), V_rest=-65., V_reset=-68., V_th=-50., tau=10., tau_ref=1.7),
    'ExpIF': bl.neurons.ExpIF(len(currents)),
    'QuaIF': bl.neurons.QuaIF(len(currents), tau_ref=1.7),
    'AdEx': bl.neurons.AdEx(len(currents), tau_ref=1.7),
}
duration, transient, dt = 1500.0, 500.0, 0.05
rates = {}
for name, group in models.items():
    runner = bl.DSRunner(group, monitors=['spike'], inputs=[('input', currents)], dt=dt)
    runner.run(duration)
    steady = runner.mon.ts > transient
    rates[name] = runner.mon['spike'][steady].sum(axis=0) / ((duration - transient) * 1e-3)  # Hz
    print(f'{name:6s} rheobase ~ {currents[np.argmax(rates[name] > 0)]:.1f} mV, '
          f'rate at {currents[-1]:.0f} mV: {rates[name][-1]:.0f} Hz')

# %%
fig, ax = plt.subplots(figsize=(6, 4.5))
for name, rate in rates.items():
    ax.plot(currents, rate, marker='.', label=name)
ax.set_xlabel('input current R·I (mV)')
ax.set_ylabel('steady firing rate (Hz)')
ax.set_title('f–I curves, BrainPy default parameters')
ax.legend()
fig.tight_layout()
fig.savefig('fi_curves.png', dpi=120)
print('wrote fi_curves.png')
