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
        self.E = bm.Variable(jnp.full(self.num, nernst(self.ci0, self.co0, self.T, z), dtype=float))

    def __repr__(self):
        return f'NernstIon(ci={self.ci0}, co={self.co0}, T={self.T})'


def nernst(ci, co, T, valence):
    """Nernst potential (mV) of concentrations ``ci``, ``co`` (mM) at ``T`` (°C) for charge ``valence``."""
    return 1e3 * GAS_CONSTANT * (T + 273.15) / (valence * FARADAY) * jnp.log(co / ci)


class CalciumPool(Ion):
    r"""Intracellular calcium in a submembrane shell, with a reversal potential that follows it (Nernst).

    .. math::

        \frac{d[Ca]_i}{dt} = -\frac{10^4\,\gamma\, i_{Ca}}{2 F d} - \frac{[Ca]_i - [Ca]_{min}}{\tau}

    with :math:`i_{Ca}` in mA/cm² (10⁻³ of the µA/cm² channels return), ``d`` in µm, and :math:`E_{Ca}`
    recomputed from :math:`[Ca]_i` and the fixed :math:`[Ca]_o` after every step, as NEURON does for an ion
    whose concentration a mechanism writes. Starts at :math:`[Ca]_{min}`. The model of the ``CaDynamics``
    mechanism of Hay et al. (2011) and the Allen Cell-Types perisomatic models; after Destexhe et al. (1994).

    Parameters
    ----------
    gamma : float
        Fraction of calcium that stays free (unbuffered), in (0, 1].
    decay : float
        Time constant of removal (ms), > 0.
    depth : float
        Depth of the shell below the membrane (µm), > 0.
    ci_min : float
        Resting concentration (mM), > 0.
    co : float
        Extracellular concentration (mM), > 0; NEURON's default is 2.
    T : float
        Temperature (°C) of the Nernst potential.

    References
    ----------
    Destexhe, A., Babloyantz, A. & Sejnowski, T. J. (1993). Biophys. J. 65, 1538–1552. Hay, E., Hill, S.,
    Schürmann, F., Markram, H. & Segev, I. (2011). PLoS Comput. Biol. 7, e1002107.
    """

    def __init__(self, gamma=0.05, decay=80., depth=0.1, ci_min=1e-4, co=2.0, T=34.0):
        super().__init__()
        if not 0 < gamma <= 1:
            raise ValueError(f"gamma must be in (0, 1], got gamma={gamma}.")
        for name, value in (('decay', decay), ('depth', depth), ('ci_min', ci_min), ('co', co)):
            if value <= 0:
                raise ValueError(f"{name} must be > 0, got {name}={value}.")
        self.gamma, self.decay, self.depth, self.ci_min, self.co, self.T = gamma, decay, depth, ci_min, co, T

    def bind(self, name, num):
        if name != 'ca':
            raise ValueError(f"a CalciumPool is the ion 'ca', not {name!r}.")
        return super().bind(name, num)

    def init_state(self):
        self.ci = bm.Variable(jnp.full(self.num, self.ci_min, dtype=float))
        self.E = bm.Variable(nernst(self.ci.value, self.co, self.T, 2))

    def update(self, I, t, dt):
        influx = -1e4 * self.gamma * (1e-3 * I) / (2 * FARADAY * self.depth)  # mM/ms
        target = self.ci_min + influx * self.decay  # the linear ODE's fixed point for this step's current
        self.ci.value = target + (self.ci.value - target) * jnp.exp(-dt / self.decay)
        self.E.value = nernst(self.ci.value, self.co, self.T, 2)

    def __repr__(self):
        return f'CalciumPool(gamma={self.gamma}, decay={self.decay}, depth={self.depth})'
