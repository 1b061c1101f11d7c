"""``CondNeuGroup``: a single-compartment conductance-based neuron assembled from channels and ions."""
import brainpy.math as bm
import jax.numpy as jnp

from .._checks import check_positive
from .._dynsys import NeuGroup
from .._numerics import exprel
from ..channels._nmodl import NmodlPointProcess


class CondNeuGroup(NeuGroup):
    r"""Single-compartment neurons whose membrane current is the sum of their channels' currents.

    .. math::

        C \frac{dV}{dt} = I_{input} - \sum_{c} I_c(V)

    Each step follows NEURON's staggered scheme: every channel advances its gates at the present voltage;
    then the voltage advances with the new gates by exponential Euler, using the channels' total conductance
    :math:`\sum_c dI_c/dV` as the linear coefficient (exact for ohmic channels at fixed gates); then each
    ion receives the summed current of the channels that carry it. The staggered step is second order in
    dt. With ``staggered=False`` the voltage takes the gates of the start of the step instead: every
    variable advances from the same state, the first-order exponential Euler of Brian2's
    ``exponential_euler`` and BrainPy's ``exp_auto``, for comparisons made at their discretization.

    Parameters
    ----------
    size : int or tuple of int
        Number of neurons.
    channels : dict
        Name -> :class:`~brainlet.channels.Channel`, made from its parameters; the group binds it to its
        neurons. Channels are reachable as attributes of ``channels`` (``group.channels['Na'].m``) and their
        Variables by dotted name (``'channels.Na.m'``).
    ions : dict, optional
        Ion name -> :class:`~brainlet.channels.Ion` (``'na'``, ``'k'``, ``'ca'``, ...). Every ion a channel
        carries must be here.
    C : float
        Membrane capacitance (µF/cm²), > 0.
    area : float, optional
        Membrane area (µm²). When given, ``input`` is a current in nA and is divided by the area; otherwise
        ``input`` is a current density in µA/cm². ``input_conductance`` (µS, or mS/cm² without an area)
        receives the slope of conductance-based synaptic inputs, which enter the voltage update as channels do.
    V_initial : float
        Initial voltage (mV); every channel starts at its steady state there.
    V_th : float
        A spike is emitted when V crosses V_th (mV) upward.
    staggered : bool
        True (NEURON's order, second order): gates first, then the voltage with the new gates. False: the
        voltage with the gates of the start of the step (first order, as Brian2 and BrainPy).
    """

    def __init__(self, size, channels, ions=None, C=1.0, area=None, V_initial=-65., V_th=0., staggered=True):
        super().__init__(size)
        check_positive(C=(C, 'µF/cm²'), **({} if area is None else {'area': (area, 'µm²')}))
        ions = dict(ions or {})
        for name, channel in channels.items():
            if isinstance(channel, NmodlPointProcess):
                raise ValueError(f"channel {name!r} ({type(channel).__name__}) is a POINT_PROCESS, whose current is in "
                                 f"nA at one location; a CondNeuGroup takes density mechanisms (µA/cm²). Place it on "
                                 f"a CableCell compartment with cell.place(k, ...).")
            if channel.ion is not None and channel.ion not in ions:
                raise ValueError(f"channel {name!r} ({type(channel).__name__}) carries ion {channel.ion!r}, which "
                                 f"this neuron lacks; ions given: {', '.join(ions) or 'none'}. Add it to ions=.")
        self.C, self.V_th, self.staggered = C, V_th, bool(staggered)
        self.ions = {name: ion.bind(name, self.num) for name, ion in ions.items()}
        for name, channel in channels.items():
            for ion in channel.reads_concentration:
                if not hasattr(self.ions.get(ion), 'ci'):
                    raise ValueError(f"channel {name!r} ({type(channel).__name__}) reads the concentration of ion "
                                     f"{ion!r}; give it an ion that tracks one, e.g. ions={{{ion!r}: CalciumPool()}}.")
        # µA/cm² per nA of input: 1 nA / (area µm² · 1e-8 cm²/µm²) = 1e5 / area µA/cm²
        self.input_scale = 1.0 if area is None else 1e5 / area
        V0 = jnp.full(self.num, V_initial, dtype=float)
        self.channels = {name: channel.bind(self.num, V0, self.ions) for name, channel in channels.items()}
        self.V = bm.Variable(V0)
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))
        self.input_conductance = bm.Variable(jnp.zeros(self.num, dtype=float))

    def _advance_gates(self, V, t, dt):
        for channel in self.channels.values():
            channel.update(V, self.ions, t, dt)

    def update(self, t, dt):
        V = self.V.value
        if self.staggered:
            self._advance_gates(V, t, dt)
        I_total, g_total = jnp.zeros_like(V), jnp.zeros_like(V)
        ion_currents = {name: jnp.zeros_like(V) for name in self.ions}
        for channel in self.channels.values():
            I, g = channel.current(V, self.ions)
            I_total, g_total = I_total + I, g_total + g
            if channel.ion is not None:
                ion_currents[channel.ion] = ion_currents[channel.ion] + I
        if not self.staggered:
            self._advance_gates(V, t, dt)
        g_total = g_total + self.input_scale * self.input_conductance.value
        slope = (self.input_scale * self.input.value - I_total) / self.C
        V_new = V + dt * slope * exprel(-g_total / self.C * dt)
        for name, ion in self.ions.items():
            ion.update(ion_currents[name], t, dt)
        self.spike.value = (V < self.V_th) & (V_new >= self.V_th)
        self.V.value = V_new
        self.input.value = jnp.zeros_like(self.input.value)
        self.input_conductance.value = jnp.zeros_like(self.input_conductance.value)
