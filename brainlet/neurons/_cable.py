"""``CableCell``: a neuron with a morphology, channels painted on its regions, solved implicitly as NEURON does."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np

from .._checks import check_non_negative, check_positive
from .._dynsys import DynamicalSystem, NeuGroup
from ..channels._nmodl import NmodlPointProcess
from ._morphology import Morphology
from ._tree_solver import TreeSolver

#: µA/cm² of one nA spread over one µm²; and mS/cm² of one µS over one µm².
_PER_UM2 = 1e5


class _Slice:
    """Reads ``variable.value[index]``: what a channel painted on some compartments sees of an ion."""

    def __init__(self, variable, index):
        self.variable, self.index = variable, index

    @property
    def value(self):
        return self.variable.value[self.index]


class _IonView:
    """An ion seen from the compartments ``index``: its ``E`` (and ``ci``, ``co`` where tracked), sliced."""

    def __init__(self, ion, index):
        for name in ('E', 'ci', 'co'):
            variable = getattr(ion, name, None)
            if isinstance(variable, bm.Variable):
                setattr(self, name, _Slice(variable, index))


class IClamp(DynamicalSystem):
    """A current clamp: ``amp`` nA from ``delay`` for ``dur`` ms (NEURON's ``IClamp``), into one compartment.

    Parameters
    ----------
    delay, dur : float
        Onset and duration (ms), >= 0.
    amp : float
        Amplitude (nA), positive depolarizing.
    """

    def __init__(self, delay=0.0, dur=1e9, amp=0.1):
        if delay < 0 or dur < 0:
            raise ValueError(f"IClamp needs delay >= 0 and dur >= 0 (ms), got delay={delay}, dur={dur}.")
        self.delay, self.dur, self.amp = delay, dur, amp

    def current(self, t, dt):
        """Current (nA) over the step from ``t`` (ms): NEURON evaluates it at the step's midpoint."""
        mid = t + dt / 2
        return jnp.where((mid >= self.delay) & (mid < self.delay + self.dur), self.amp, 0.0)


class CableCell(NeuGroup):
    r"""A neuron with a morphology: compartments coupled by axial resistance, channels painted on regions.

    .. math::

        c_m \frac{dV_i}{dt} = -\sum_{ch} I_{ch,i}(V_i) + \sum_{j \sim i} \frac{V_j - V_i}{R_{ij} A_i}
        + \frac{I_{inj,i}}{A_i}

    Each step follows NEURON's fixed-step method: every channel advances its gates at the present voltage
    (exponential Euler, exact for the voltage held over the step), then the voltage takes a backward-Euler
    step with each membrane current linearized about the present voltage through its conductance
    ``dI/dV``, solved exactly on the tree (:class:`~brainlet.neurons._tree_solver.TreeSolver`); ions then
    receive their currents. Stable at NEURON's time steps (0.025 ms) on real morphologies.

    Parameters
    ----------
    morphology : Morphology or Compartments
        The cell's shape: a :class:`~brainlet.neurons.Morphology`, cut into compartments with ``Ra``, ``nseg``
        and ``cm`` (:meth:`Morphology.discretize`) keeping NEURON's nodes without membrane at section ends,
        so that the tree is NEURON's; or compartments already cut.
    num : int
        Number of identical cells, simulated together as one forest (one solve per level of branches for
        all of them); painted channels and clamps apply to every cell, and their parameters may differ per
        compartment of the whole population.
    cm : float or dict
        Specific capacitance (µF/cm²), > 0; a dict gives one value per region name.
    Ra : float or dict
        Axial resistivity (Ω·cm), > 0, per region with a dict (used when cutting a Morphology).
    nseg : int, array or str
        Compartments per section: a number, one per section, ``'d_lambda'`` (NEURON's d_lambda rule, 0.1 at
        100 Hz) or ``'length'`` (``1 + 2 int(L / 40 µm)``).
    ions : dict, optional
        Ions by name (``{'na': FixedIon(50.)}``), each present in every compartment.
    V_initial : float
        Initial voltage (mV); painted channels start at their steady state there.
    V_th : float
        A spike is an upward crossing of ``V_th`` (mV) at compartment ``spike_at``.
    spike_at : int
        Compartment where spikes are detected (default 0, the root: the soma of a loaded morphology).

    Variables: ``V`` (mV, per compartment of all cells, cell after cell), ``spike`` (bool, one per cell),
    ``input`` (nA into compartment ``spike_at`` of each cell, for synapses onto the cell as a point neuron).
    """

    def __init__(self, morphology, num=1, cm=1.0, Ra=100.0, nseg='d_lambda', ions=None, V_initial=-65.0, V_th=0.0,
                 spike_at=0):
        super().__init__(num)
        compartments = morphology
        if isinstance(morphology, Morphology):
            compartments = morphology.discretize(Ra=Ra, nseg=nseg, cm=cm, junctions=True)
        self.compartments = compartments
        parent = np.asarray(compartments.parent)
        self.per_cell = len(parent)
        if not 0 <= spike_at < self.per_cell:
            raise ValueError(f"spike_at must be a compartment in [0, {self.per_cell}), got {spike_at}.")
        offsets = np.arange(self.num) * self.per_cell
        self.num_compartments = self.num * self.per_cell
        tile = lambda x: np.tile(np.asarray(x), self.num)  # noqa: E731  (cells are copies of one another)
        self.region = tile(compartments.region)
        self.distance = tile(compartments.distance).astype(float)
        area, r_axial = tile(compartments.area).astype(float), tile(compartments.r_axial).astype(float)
        parent = np.concatenate([np.where(parent >= 0, parent + o, -1) for o in offsets])
        child = np.flatnonzero(parent >= 0)
        check_non_negative(area=(area, 'µm²'))  # zero: NEURON's nodes at section ends, without membrane
        check_positive(r_axial=(r_axial[child], 'MΩ'))
        self.cm = self._per_compartment(cm, 'cm')
        check_positive(cm=(self.cm, 'µF/cm²'))
        self.parent, self.area = parent, jnp.asarray(area)
        # The system is written in currents (nA) and conductances (µS), so that a node without membrane is a
        # row of pure current balance: membrane terms are scaled by area / 1e5 (µS per mS/cm²).
        self._membrane = jnp.asarray(area / _PER_UM2)
        g_link = np.zeros(len(parent))
        g_link[child] = 1.0 / r_axial[child]                                       # µS, to the parent
        axial_diag = g_link.copy()
        np.add.at(axial_diag, parent[child], g_link[child])
        self._link, self._axial_diag = jnp.asarray(-g_link), jnp.asarray(axial_diag)
        self._child, self._parent_of_child, self._g_child = (jnp.asarray(child), jnp.asarray(parent[child]),
                                                             jnp.asarray(g_link[child]))
        self.solver = TreeSolver(parent)
        self.V_th, self.V_initial = V_th, V_initial
        self.spike_at = offsets + spike_at
        self._offsets = offsets
        self.ions = {name: ion.bind(name, self.num_compartments) for name, ion in (ions or {}).items()}
        self.channels, self._index = {}, {}  # painted channels by name, and their compartments
        self.clamps, self.sites, self.point_processes = [], {}, []
        self.V = bm.Variable(jnp.full(self.num_compartments, V_initial, dtype=float))
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num, dtype=float))
        self.input_conductance = bm.Variable(jnp.zeros(self.num, dtype=float))

    # -- building -----------------------------------------------------------------------------------------
    def _per_compartment(self, value, name):
        if isinstance(value, dict):
            unknown = set(value) - set(self.region)
            if unknown:
                raise ValueError(f"{name}: unknown regions {sorted(unknown)}; this cell has {sorted(set(self.region))}.")
            missing = set(self.region) - set(value)
            if missing:
                raise ValueError(f"{name} gives no value for regions {sorted(missing)}.")
            return np.array([value[r] for r in self.region], dtype=float)
        return np.full(self.num_compartments, value, dtype=float)

    def compartments_of(self, region):
        """Indices of the compartments of ``region`` in every cell: what :meth:`Compartments.where` takes (a
        region name such as ``'soma'``, ``'apic'`` or ``'all'``, a list of names, a mask or index array over one
        cell's compartments, or a predicate ``f(compartments) -> mask`` such as
        ``lambda c: (c.region == 'apic') & (c.distance > 100)``)."""
        within = np.asarray(self.compartments.where(region))
        return (self._offsets[:, None] + within[None, :]).ravel()

    def paint(self, region, channel, name=None, **densities):
        """Insert ``channel`` (a Channel instance) on the compartments of ``region``.

        Keyword arguments set channel parameters per compartment: a number, or a function of the path distance
        from the soma (µm), such as ``g_max=lambda d: 0.2 * np.exp(d / 300)``. The channel's Variables are
        named ``channels.<name>.<gate>``, ``name`` defaulting to ``<Class>_<region>``. Returns the channel.
        """
        if isinstance(channel, NmodlPointProcess):
            raise ValueError(f"{type(channel).__name__} is a POINT_PROCESS (a current in nA at one location): "
                             f"place it on a compartment with cell.place(k, ...) instead of painting it.")
        index = self.compartments_of(region)
        if index.size == 0:
            raise ValueError(f"region {region!r} has no compartments in this cell; its regions: "
                             f"{', '.join(sorted(set(self.region.tolist())))}, all.")
        name = name or f"{type(channel).__name__}_{region if isinstance(region, str) else len(self.channels)}"
        if name in self.channels:
            raise ValueError(f"a channel named {name!r} is already painted; give another name=.")
        for param, value in densities.items():
            if not hasattr(channel, param):
                raise ValueError(f"{type(channel).__name__} has no parameter {param!r}.")
            value = value(self.distance[index]) if callable(value) else value
            if param == 'g_max':
                check_non_negative(g_max=(value, 'mS/cm²'))
            setattr(channel, param, jnp.asarray(value, dtype=float) if np.ndim(value) else value)
        if channel.ion is not None and channel.ion not in self.ions:
            raise ValueError(f"{type(channel).__name__} carries ion {channel.ion!r}, which this cell lacks; ions given: "
                             f"{', '.join(self.ions) or 'none'}.")
        for ion in channel.reads_concentration:
            if not hasattr(self.ions.get(ion), 'ci'):
                raise ValueError(f"{type(channel).__name__} reads the concentration of ion {ion!r}; give the cell an ion "
                                 f"that tracks one, e.g. ions={{{ion!r}: CalciumPool()}}.")
        if index.size and np.array_equal(index, np.arange(index[0], index[0] + index.size)):
            index = slice(int(index[0]), int(index[0]) + index.size)  # contiguous: slicing is cheaper than a gather
        channel.bind(self.V.value[index].shape[0], self.V.value[index], self._ion_views(index))
        self.channels[name], self._index[name] = channel, index
        return channel

    def _check_compartment(self, compartment):
        if not 0 <= compartment < self.per_cell:
            raise ValueError(f"compartment must be in [0, {self.per_cell}), got {compartment}.")
        return self._offsets + int(compartment)

    def place(self, compartment, clamp):
        """Attach a point process to compartment ``compartment`` of every cell: an :class:`IClamp` (an array
        ``amp`` gives one amplitude per cell), or a translated NMODL POINT_PROCESS (``load_nmodl``), one
        instance per cell, whose current (nA) and conductance (µS) enter the implicit voltage solve and whose
        events arrive through its ``deliver``. Returns it."""
        clamp.compartments = self._check_compartment(compartment)
        if isinstance(clamp, IClamp):
            self.clamps.append(clamp)
        else:
            if clamp.ion is not None and not np.all(np.asarray(self._membrane[clamp.compartments]) > 0):
                raise ValueError(f"{type(clamp).__name__} carries ion {clamp.ion!r} into compartment {compartment}, "
                                 f"which has no membrane (a zero-area node at a section end); place it on a "
                                 f"compartment with membrane.")
            clamp.bind(self.num, self.V.value[clamp.compartments], self._ion_views(clamp.compartments))
            self.point_processes.append(clamp)
        return clamp

    def site(self, compartment, name=None):
        """A synaptic target at compartment ``compartment`` of every cell: a group of ``num`` (one per cell)
        with ``V`` (the compartment's voltage) and ``input`` (nA into it), for synapses such as
        ``Exponential(pre, cell.site(k), ..., E=0.)``. Returns the same site for the same compartment."""
        name = name or f'c{compartment}'
        if name not in self.sites:
            self.sites[name] = CableSite(self, self._check_compartment(compartment))
        return self.sites[name]

    def _ion_views(self, index):
        return {name: _IonView(ion, index) for name, ion in self.ions.items()}

    # -- stepping -----------------------------------------------------------------------------------------
    def update(self, t, dt):
        V = self.V.value
        painted = [(channel, self._index[name]) for name, channel in self.channels.items()]
        for channel, index in painted:
            channel.update(V[index], self._ion_views(index), t, dt)
        I_total, g_total = jnp.zeros_like(V), jnp.zeros_like(V)
        ion_currents = {name: jnp.zeros_like(V) for name in self.ions}
        for channel, index in painted:
            I, g = channel.current(V[index], self._ion_views(index))
            I_total, g_total = I_total.at[index].add(I), g_total.at[index].add(g)
            if channel.ion is not None:
                ion_currents[channel.ion] = ion_currents[channel.ion].at[index].add(I)
        # point inputs: currents (nA) and, from conductance-based synapses, their slopes (µS), treated implicitly
        injected = jnp.zeros_like(V).at[self.spike_at].add(self.input.value)
        point_g = jnp.zeros_like(V).at[self.spike_at].add(self.input_conductance.value)
        for site in self.sites.values():
            injected = injected.at[site.compartments].add(site.input.value)
            point_g = point_g.at[site.compartments].add(site.input_conductance.value)
            site.input.value = jnp.zeros_like(site.input.value)
            site.input_conductance.value = jnp.zeros_like(site.input_conductance.value)
        for clamp in self.clamps:
            injected = injected.at[clamp.compartments].add(clamp.current(t, dt))
        for pp in self.point_processes:  # advanced like the channels, then its events, then its current at V
            at, ions = pp.compartments, self._ion_views(pp.compartments)
            pp.update(V[at], ions, t, dt)
            pp.receive(V[at], ions, t, dt)
            I, g = pp.current(V[at], ions)  # nA, µS
            injected, point_g = injected.at[at].add(-I), point_g.at[at].add(g)
            if pp.ion is not None:
                ion_currents[pp.ion] = ion_currents[pp.ion].at[at].add(I / self._membrane[at])  # µA/cm²
        # solved for the change of V, as NEURON does: the right-hand side is the net current at the present V
        # (nA), small numbers whose float32 rounding stays small even with sub-µm compartments
        axial_flow = self._g_child * (V[self._parent_of_child] - V[self._child])  # nA into each child
        axial = jnp.zeros_like(V).at[self._child].add(axial_flow).at[self._parent_of_child].add(-axial_flow)
        diag = self._membrane * (self.cm / dt + g_total) + point_g + self._axial_diag   # µS
        rhs = injected + axial - self._membrane * I_total                                 # nA
        V_new = V + self.solver.solve(diag, self._link, self._link, rhs)
        for name, ion in self.ions.items():
            ion.update(ion_currents[name], t, dt)
        at = self.spike_at
        self.spike.value = (V[at] < self.V_th) & (V_new[at] >= self.V_th)
        self.V.value = V_new
        self.input.value = jnp.zeros_like(self.input.value)
        self.input_conductance.value = jnp.zeros_like(self.input_conductance.value)

    def __repr__(self):
        return f'CableCell(num={self.num}, compartments={self.per_cell}, channels={list(self.channels)})'


class _VoltageAt:
    """The voltage of one compartment in every cell."""

    def __init__(self, cell, compartments):
        self.cell, self.compartments = cell, compartments

    @property
    def value(self):
        return self.cell.V.value[self.compartments]


class CableSite(NeuGroup):
    """One compartment of every cell of a :class:`CableCell`, as a target for synapses: ``V`` reads its
    voltage, ``input`` (nA) is injected there at the cell's next step, with ``input_conductance`` (µS, the
    slope of conductance-based synaptic currents) entering the implicit voltage solve, as NEURON does for a
    point process. Made by :meth:`CableCell.site`."""

    def __init__(self, cell, compartments):
        super().__init__(len(compartments))
        self.compartments = compartments
        self.V = _VoltageAt(cell, compartments)
        self.input = bm.Variable(jnp.zeros(len(compartments), dtype=float))
        self.input_conductance = bm.Variable(jnp.zeros(len(compartments), dtype=float))

    def update(self, t, dt):
        """The cell injects and clears ``input``; a site has nothing to advance."""
