"""Ions: the reversal potential and concentrations that channels read, shared by the channels of a host."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_non_negative, check_positive
from .._dynsys import DynamicalSystem
from .._numerics import exprel

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


def ghk_current(P, V, ci, co, valence, T):
    r"""Goldman–Hodgkin–Katz current density (µA/cm², outward positive) of an ion of permeability ``P``.

    .. math::

        I = P\,z F\,u\,\frac{c_i - c_o e^{-u}}{1 - e^{-u}}
          = P\,z F \left(\frac{c_i}{\mathrm{exprel}(-u)} - \frac{c_o}{\mathrm{exprel}(u)}\right),
        \qquad u = \frac{z F V}{R T}

    With ``P`` in cm/s and concentrations in mM (10⁻⁶ mol/cm³), :math:`P z F c` is in µA/cm²: the unit
    factors cancel. Written through ``exprel``, the removable singularity at V = 0 (where
    :math:`I = P z F (c_i - c_o)`) is finite in value and gradient. The current vanishes at the Nernst
    potential of ``ci``, ``co``.

    Parameters
    ----------
    P : float or array
        Permeability (cm/s).
    V : float or array
        Membrane potential (mV).
    ci, co : float or array
        Intra- and extracellular concentrations (mM).
    valence : int
        Charge number z.
    T : float
        Temperature (°C).

    References
    ----------
    Goldman, D. E. (1943). J. Gen. Physiol. 27, 37–60; Hodgkin, A. L. & Katz, B. (1949). J. Physiol. 108,
    37–77; Hille, B. (2001). Ion Channels of Excitable Membranes, 3rd ed., ch. 14. Sinauer.
    """
    u = 1e-3 * valence * FARADAY * V / (GAS_CONSTANT * (T + 273.15))
    return P * valence * FARADAY * (ci / exprel(-u) - co / exprel(u))


class GHKCurrent:
    r"""Mixin that gives a gated channel the GHK current law of its ion instead of the ohmic one:
    :math:`I = P_{max} \prod_x x^{p_x}\, \mathrm{ghk}(V, c_i, c_o, z, T)` (see :func:`ghk_current`).

    Put it first among the bases of a :class:`~brainlet.channels.GatedChannel`; the gates, their kinetics and
    their update are the channel's own, only the current changes. The channel then reads its ion's
    concentrations ``ci``, ``co`` and temperature ``T`` (a :class:`CalciumPool` or
    :class:`BufferedCalciumPool` for ``'ca'``); its ``g_max`` is 0, as it has no ohmic conductance.

    Parameters
    ----------
    P_max : float or array
        Maximal permeability (cm/s), ≥ 0; NEURON's ``pcabar``.
    **params
        The gated channel's other parameters (``T=...``, ``phi=...``).

    Example
    -------
    >>> class ICa_HVA_GHK(GHKCurrent, ICa_HVA_Reuveni1993):
    ...     pass
    >>> channel = ICa_HVA_GHK(P_max=5e-5)  # with ions={'ca': CalciumPool(), ...}
    """

    def __init__(self, P_max, **params):
        check_non_negative(P_max=(P_max, 'cm/s'))
        super().__init__(**{**params, 'g_max': 0.0})  # no ohmic conductance
        self.P_max = P_max

    @property
    def reads_concentration(self):
        """The channel's ion, and whatever else the gated channel reads."""
        return tuple(dict.fromkeys((self.ion, *super().reads_concentration)))

    def current_density(self, V, ions):
        ion = ions[self.ion]
        return self.P_max * self.open_probability(V, ions) * ghk_current(
            1.0, V, ion.ci.value, ion.co, VALENCE[self.ion], ion.T)


class BufferedCalciumPool(CalciumPool):
    r"""A :class:`CalciumPool` with a fast calcium buffer in the rapid-buffer approximation.

    The buffer (total concentration :math:`B_{tot}`, dissociation constant :math:`K_d`) is in equilibrium
    with free calcium at every instant, so the bound calcium is :math:`B_{tot}[Ca]_i/(K_d + [Ca]_i)`.
    Entry and removal change the total calcium :math:`[Ca]_T = [Ca]_i + B_{tot}[Ca]_i/(K_d + [Ca]_i)`:

    .. math::

        \frac{d[Ca]_T}{dt} = -\frac{10^4\,\gamma\, i_{Ca}}{2 F d} - \frac{[Ca]_i - [Ca]_{min}}{\tau},
        \qquad\text{so}\qquad
        \frac{d[Ca]_i}{dt} = \beta([Ca]_i) \left(-\frac{10^4\,\gamma\, i_{Ca}}{2 F d}
            - \frac{[Ca]_i - [Ca]_{min}}{\tau}\right),
        \quad \beta = \left(1 + \frac{B_{tot} K_d}{(K_d + [Ca]_i)^2}\right)^{-1}

    (Wagner & Keizer 1994): the buffer slows both the rise and the removal of free calcium by the free
    fraction β. Each step advances :math:`[Ca]_T` by exponential Euler, linear in :math:`[Ca]_T` with its
    exact slope :math:`-\beta/\tau` (second order for the current of the step; calcium is conserved: with
    ``decay=np.inf`` the total rises by exactly the entry), then recovers :math:`[Ca]_i` from the quadratic :math:`[Ca]_T = [Ca]_i + B_{tot}[Ca]_i/(K_d +
    [Ca]_i)`. With :math:`B_{tot} = 0` it is :class:`CalciumPool`. Starts at :math:`[Ca]_{min}` with the
    buffer in equilibrium.

    Parameters
    ----------
    B_tot : float
        Total buffer concentration (mM), ≥ 0; 0.003 in the NEURON book's ``cadifus`` (after Yamada et al.
        1989).
    K_d : float
        Dissociation constant of the buffer (mM), > 0; 0.001 in ``cadifus`` (k_off/k_on = 0.1/ms / 100/(mM ms)).
    gamma : float
        Fraction of the calcium current that enters the shell, in (0, 1]; 1 when the buffer is explicit
        (:class:`CalciumPool`'s 0.05 stands for an implicit buffer).
    decay : float
        Time constant of removal of free calcium (ms), > 0; ``np.inf`` for none.
    depth, ci_min, co, T
        As in :class:`CalciumPool`: shell depth (µm), resting [Ca]i (mM), [Ca]o (mM), temperature (°C).

    References
    ----------
    Wagner, J. & Keizer, J. (1994). Effects of rapid buffers on Ca²⁺ diffusion and Ca²⁺ oscillations.
    Biophys. J. 67, 447–456. Carnevale, N. T. & Hines, M. L. (2006). The NEURON Book, Cambridge University
    Press, example 9.8 (``cadifus``). Yamada, W. M., Koch, C. & Adams, P. R. (1989). In Methods in Neuronal
    Modeling (Koch & Segev, eds.), MIT Press, 97–133.
    """

    def __init__(self, B_tot=0.003, K_d=0.001, gamma=1.0, decay=80., depth=0.1, ci_min=1e-4, co=2.0, T=34.0):
        super().__init__(gamma=gamma, decay=decay, depth=depth, ci_min=ci_min, co=co, T=T)
        check_non_negative(B_tot=(B_tot, 'mM'))
        check_positive(K_d=(K_d, 'mM'))
        self.B_tot, self.K_d = B_tot, K_d

    def bound(self, ci=None):
        """Calcium bound to the buffer (mM) at free concentration ``ci`` (by default the pool's)."""
        ci = self.ci.value if ci is None else ci
        return self.B_tot * ci / (self.K_d + ci)

    def free(self, total):
        """Free calcium (mM) of total calcium ``total``: the positive root of
        ``c² + (K_d + B_tot − total) c − K_d total = 0``, in the form without cancellation."""
        s = self.K_d + self.B_tot - total
        root = jnp.sqrt(s * s + 4. * self.K_d * total)
        return jnp.where(s >= 0, 2. * self.K_d * total / jnp.where(s >= 0, s + root, 1.), (root - s) / 2.)

    def update(self, I, t, dt):
        ci = self.ci.value
        influx = -1e4 * self.gamma * (1e-3 * I) / (2 * FARADAY * self.depth)  # mM/ms
        beta = 1. / (1. + self.B_tot * self.K_d / (self.K_d + ci) ** 2)
        rate = influx - (ci - self.ci_min) / self.decay  # d[Ca]_T/dt at the start of the step
        total = ci + self.bound(ci) + dt * rate * exprel(-beta * dt / self.decay)
        self.ci.value = self.free(total)
        self.E.value = nernst(self.ci.value, self.co, self.T, 2)

    def __repr__(self):
        return f'BufferedCalciumPool(B_tot={self.B_tot}, K_d={self.K_d}, decay={self.decay}, depth={self.depth})'
