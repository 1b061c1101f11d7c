"""Synaptic outputs: how a synaptic conductance becomes a current into the postsynaptic neuron."""
import jax.numpy as jnp


class CUBA:
    """Current-based output: the synaptic variable is the current itself, ``I = g`` (in the units of
    ``post.input``)."""

    def current(self, g, V):
        return g

    def __repr__(self):
        return 'CUBA()'


class COBA:
    """Conductance-based output, ``I = g (E - V)``.

    Parameters
    ----------
    E : float
        Reversal potential (mV).
    """

    def __init__(self, E):
        self.E = E

    def current(self, g, V):
        return g * (self.E - V)

    def __repr__(self):
        return f'COBA(E={self.E})'


class MgBlock(COBA):
    r"""Conductance-based output with the voltage-dependent magnesium block of NMDA receptors,
    :math:`I = g\,B(V)\,(E - V)`, :math:`B(V) = 1 / (1 + [Mg^{2+}]_o\, e^{-a V} / b)`.

    Parameters
    ----------
    E : float
        Reversal potential (mV).
    mg : float
        Extracellular magnesium concentration (mM), >= 0.
    a : float
        Voltage sensitivity (1/mV).
    b : float
        Magnesium concentration of half block at 0 mV (mM), > 0.

    References
    ----------
    Jahr, C. E. & Stevens, C. F. (1990). Voltage dependence of NMDA-activated macroscopic conductances
    predicted by single-channel kinetics. J. Neurosci. 10, 3178-3182 (a = 0.062 /mV, b = 3.57 mM).
    """

    def __init__(self, E=0.0, mg=1.0, a=0.062, b=3.57):
        super().__init__(E)
        if mg < 0 or not b > 0:
            raise ValueError(f"MgBlock needs mg >= 0 (mM) and b > 0 (mM), got mg={mg}, b={b}.")
        self.mg, self.a, self.b = mg, a, b

    def block(self, V):
        """Fraction of the conductance not blocked at voltage ``V`` (mV)."""
        return 1.0 / (1.0 + self.mg * jnp.exp(-self.a * V) / self.b)

    def current(self, g, V):
        return g * self.block(V) * (self.E - V)

    def __repr__(self):
        return f'MgBlock(E={self.E}, mg={self.mg}, a={self.a}, b={self.b})'


def output_from(output, E):
    """The output a synapse was given: ``output`` itself, else ``COBA(E)``, else ``CUBA()`` when ``E`` is None."""
    if output is not None:
        if E is not None:
            raise ValueError("give either E (a conductance-based output) or output=..., not both.")
        return output
    return CUBA() if E is None else COBA(E)
