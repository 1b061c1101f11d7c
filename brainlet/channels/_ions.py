"""Ions: the reversal potential and concentrations that channels read, shared by the channels of a host."""
import brainpy.math as bm
import jax.numpy as jnp

from .._dynsys import DynamicalSystem

#: Faraday constant (C/mol) and gas constant (J/(mol K)), CODATA 2018.
FARADAY, GAS_CONSTANT = 96485.33212, 8.314462618
#: Valences of the ions brainlet knows by name.
VALENCE = {'na': 1, 'k': 1, 'ca': 2, 'cl': -1}


class Ion(DynamicalSystem):
    """An ion species on the patches of a host: reversal potential ``E`` (mV) as a Variable of shape
    ``(num,)``. Made from parameters alone; the host calls :meth:`bind` with the ion's name and the number of
    patches. ``update(I, t, dt)`` receives the total current density this ion carries (µA/cm², outward
    positive) and advances whatever the ion tracks.
    """

    def __init__(self):
        self.name, self.num = None, None

    def bind(self, name, num):
        self.name, self.num = name, num
        self.init_state()
        return self

    def init_state(self):
        raise NotImplementedError(f"{type(self).__name__} must implement init_state(self).")

    def update(self, I, t, dt):
        """A fixed ion has nothing to advance."""


class FixedIon(Ion):
    """An ion whose reversal potential stays at ``E`` (mV), as NEURON's default ``ena``, ``ek``.

    Parameters
    ----------
    E : float
        Reversal potential (mV).
    """

    def __init__(self, E):
        super().__init__()
        self.E0 = E

    def init_state(self):
        self.E = bm.Variable(jnp.full(self.num, self.E0, dtype=float))

    def __repr__(self):
        return f'FixedIon(E={self.E0})'


class NernstIon(Ion):
    r"""An ion whose reversal potential is the Nernst potential of fixed concentrations,
    :math:`E = \frac{RT}{zF} \ln \frac{c_o}{c_i}`.

    Parameters
    ----------
    ci, co : float
        Intra- and extracellular concentrations (mM), > 0.
    T : float
        Temperature (°C).
    valence : int, optional
        Charge number z; by default from the ion's name (na, k: 1; ca: 2; cl: −1).
    """

    def __init__(self, ci, co, T=6.3, valence=None):
        super().__init__()
        if ci <= 0 or co <= 0:
            raise ValueError(f"concentrations must be > 0 (mM), got ci={ci}, co={co}.")
        self.ci0, self.co0, self.T, self.valence = ci, co, T, valence

    def bind(self, name, num):
        if self.valence is None and name not in VALENCE:
            raise ValueError(f"unknown ion {name!r}: give its valence, or use one of {', '.join(VALENCE)}.")
        return super().bind(name, num)

    def init_state(self):
        z = self.valence if self.valence is not None else VALENCE[self.name]
        E = 1e3 * GAS_CONSTANT * (self.T + 273.15) / (z * FARADAY) * jnp.log(self.co0 / self.ci0)
        self.E = bm.Variable(jnp.full(self.num, E, dtype=float))

    def __repr__(self):
        return f'NernstIon(ci={self.ci0}, co={self.co0}, T={self.T})'
