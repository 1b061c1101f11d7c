# %% [markdown]
# # A channel of your own: the HH potassium channel, written in Python instead of NMODL; writes custom_channel.png
# %%
import jax.numpy as jnp, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
import brainlet as bl
ch = bl.channels

class MyKdr(ch.GatedChannel):
    """Delayed rectifier, I = g n^4 (V - E_K) (Hodgkin & Huxley 1952); g_max in mS/cm²."""
    ion, gates = 'k', {'n': 4}

    def rates(self, V):
        return {'n': (0.1 / bl.exprel(-(V + 55.) / 10.), 0.125 * jnp.exp(-(V + 65.) / 80.))}

cell = bl.neurons.CondNeuGroup(1, channels={'Na': ch.INa_HH1952(), 'K': MyKdr(g_max=36.), 'L': ch.Leak()},
                               ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)})
runner = bl.DSRunner(cell, monitors=['V', 'channels.K.n'], inputs=[('input', 10.)], dt=0.025)
runner.run(100.)
fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(6, 4))
top.plot(runner.mon.ts, runner.mon['V']); top.set_ylabel('V (mV)')
bottom.plot(runner.mon.ts, runner.mon['channels.K.n']); bottom.set_ylabel('n'); bottom.set_xlabel('time (ms)')
fig.savefig('custom_channel.png', dpi=120)
