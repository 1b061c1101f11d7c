# %% [markdown]
# # NEURON mechanisms in brainlet: load the Allen/Hay `.mod` files the bmtk wheel ships; writes nmodl_channel.png
#
# `bl.channels.load_nmodl` parses a `.mod` file with the `nmodl` package and translates it into a brainlet
# class: a channel for a mechanism that writes a current, an ion for one that writes a concentration
# (`CaDynamics`). The mod files are read from the installed `bmtk` package; nothing is copied.

# %%
import importlib.util
import pathlib

import jax.numpy as jnp
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt

import brainlet as bl

ch = bl.channels
mod_dir = pathlib.Path(importlib.util.find_spec('bmtk').origin).parent / 'utils/scripts/bionet/mechanisms/modfiles'
NaTs, Kv3_1, Im, Ca_HVA, SK, CaDynamics = (ch.load_nmodl(mod_dir / f'{name}.mod')
                                           for name in ('NaTs', 'Kv3_1', 'Im', 'Ca_HVA', 'SK', 'CaDynamics'))

# %% [markdown]
# The translation is readable Python: one method per PROCEDURE and FUNCTION, `update` for the SOLVE'd
# DERIVATIVE block (`cnexp`: exact exponential steps), `current_density` for BREAKPOINT.

# %%
print(NaTs.source.split('    def update')[1].split('    def current_density')[0])

# %% [markdown]
# Parameters keep the mod file's units (`gbar` in S/cm²); `celsius` is a keyword (NEURON's default is 6.3 °C,
# the Allen models run at 34 °C). A soma with spiking channels and calcium-activated (SK) adaptation, under
# four current steps:

# %%
celsius = 34.
amplitudes = jnp.array([2., 4., 8., 12.])  # µA/cm²
cell = bl.neurons.CondNeuGroup(
    len(amplitudes),
    channels={'NaTs': NaTs(gbar=0.3, celsius=celsius), 'Kv3_1': Kv3_1(gbar=0.2, celsius=celsius),
              'Im': Im(gbar=1e-3, celsius=celsius), 'Ca_HVA': Ca_HVA(gbar=5e-4, celsius=celsius),
              'SK': SK(gbar=1e-3, celsius=celsius), 'pas': ch.Leak(0.03, -80.)},
    ions={'na': ch.FixedIon(53.), 'k': ch.FixedIon(-107.), 'ca': CaDynamics(gamma=0.01, decay=200., celsius=celsius)},
    V_initial=-80.)
runner = bl.DSRunner(cell, monitors=['V', 'ions.ca.ci', 'channels.SK.z'], inputs=[('input', amplitudes)], dt=0.025)
mon = runner.run(300.)

# %%
fig, axes = plt.subplots(3, 1, sharex=True, figsize=(7, 6))
for i, amplitude in enumerate(amplitudes):
    axes[0].plot(mon.ts, mon['V'][:, i], lw=0.8, label=f'{float(amplitude):g} µA/cm²')
    axes[1].plot(mon.ts, 1e3 * mon['ions.ca.ci'][:, i], lw=0.8)
    axes[2].plot(mon.ts, mon['channels.SK.z'][:, i], lw=0.8)
axes[0].set_ylabel('V (mV)')
axes[0].legend(fontsize=7, loc='upper right')
axes[1].set_ylabel('[Ca]i (µM)\nCaDynamics.mod')
axes[2].set_ylabel('z of SK.mod')
axes[2].set_xlabel('time (ms)')
fig.suptitle('bmtk mod files (NaTs, Kv3_1, Im, Ca_HVA, SK, CaDynamics) translated by load_nmodl', fontsize=9)
fig.tight_layout()
fig.savefig('nmodl_channel.png', dpi=120)
