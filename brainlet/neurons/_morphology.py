"""``Morphology``: a neuron's tree of unbranched sections, read with ``morphio`` or built from arrays.

Files are read as NEURON's Import3d tool reads them (``share/nrn/lib/hoc/import3d/``: ``read_swc.hoc``,
``read_nlcda3.hoc``, ``import3d_gui.hoc``), so that a cell loaded here has NEURON's sections, lengths and
membrane areas:

- a soma given as one point (SWC), or as NeuroMorpho's three points of one diameter, is a cylinder whose
  length and diameter are the soma's diameter, along x through the centre (Import3d's ``sphere_rep``): its
  lateral area ``pi d**2`` is the area of the sphere;
- a soma given as a contour (Neurolucida ASC, HDF5) becomes one section along the contour's principal axis,
  21 points whose diameters are the contour's widths across it (Import3d's ``contour2centroid``);
- a soma given as a chain of points (SWC cylinders) is one section through them;
- neurites hang from the soma's centre (``parent_x = 0.5``) and start at their own first point, except for a
  cylinder-chain soma, where a neurite that starts at the soma's first or last point hangs from its end
  (``parent_x`` 0 or 1) and begins with that soma point (Import3d's rules 2, 3 and 4; morphio does not keep
  which soma point an SWC neurite hangs from, so the nearest soma point stands in for it);
- a neurite of one point begins at the soma point it hangs from (a section needs two points);
- a branch begins with the last point of its parent (morphio and Import3d agree on this).
"""
import dataclasses
import os
import re

import numpy as np

from .._checks import check_positive
from ._discretize import Compartments, discretize, select

__all__ = ['Compartments', 'Morphology', 'Section', 'contour_centroid', 'region_name', 'swc_type']

#: SWC structure identifiers and their region names; any other type ``n`` is the region ``'custom_<n>'``.
REGION_OF_TYPE = {1: 'soma', 2: 'axon', 3: 'dend', 4: 'apic'}
TYPE_OF_REGION = {name: t for t, name in REGION_OF_TYPE.items()}


def region_name(swc_type):
    """The region name of an SWC structure identifier: 1 'soma', 2 'axon', 3 'dend', 4 'apic', n 'custom_n'."""
    return REGION_OF_TYPE.get(int(swc_type), f'custom_{int(swc_type)}')


def swc_type(region):
    """The SWC structure identifier of a region name or identifier (the inverse of :func:`region_name`)."""
    if isinstance(region, (int, np.integer)):
        return int(region)
    if region in TYPE_OF_REGION:
        return TYPE_OF_REGION[region]
    match = re.fullmatch(r'custom_(\d+)', str(region))
    if match is None:
        raise ValueError(f"unknown section type {region!r}; use an SWC type (int) or one of "
                         f"{', '.join(TYPE_OF_REGION)}, custom_<n>.")
    return int(match.group(1))


@dataclasses.dataclass(frozen=True, eq=False)
class Section:
    """One unbranched section: 3-D points (µm) and their diameters (µm), hanging from ``parent`` at ``parent_x``.

    Attributes
    ----------
    id : int
        Index of the section in its :class:`Morphology`.
    parent : int
        Id of the parent section, -1 for the root.
    parent_x : float
        Where on the parent the section's 0 end is connected, in [0, 1] (NEURON's ``connect``).
    type : int
        SWC structure identifier (1 soma, 2 axon, 3 basal dendrite, 4 apical dendrite, others custom).
    points : array, shape (n, 3)
        Coordinates of the points (µm), n >= 2.
    diameters : array, shape (n,)
        Diameters at the points (µm), > 0.
    """

    id: int
    parent: int
    parent_x: float
    type: int
    points: np.ndarray
    diameters: np.ndarray

    @property
    def region(self):
        """Region name: 'soma', 'axon', 'dend', 'apic' or 'custom_<type>'."""
        return region_name(self.type)

    @property
    def arc(self):
        """Path length (µm) from the first point to each point."""
        return np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(self.points, axis=0), axis=1))])

    @property
    def length(self):
        """Length (µm) along the points, NEURON's ``L``."""
        return float(self.arc[-1])

    @property
    def area(self):
        """Membrane area (µm²): the lateral areas of the frusta between consecutive points."""
        ds, r = np.diff(self.arc), self.diameters / 2
        return float(np.sum(np.pi * (r[1:] + r[:-1]) * np.hypot(ds, np.diff(r))))


class Morphology:
    """A neuron's morphology: a tree of :class:`Section` objects, the soma at its root.

    Build one with :meth:`from_file` (SWC, Neurolucida ASC, HDF5 through ``morphio``), :meth:`from_sections`
    (arrays), :meth:`cable` or :meth:`ball_and_stick`; cut it into compartments with :meth:`discretize`.

    Parameters
    ----------
    sections : sequence of Section
        ``sections[i].id == i``; exactly one root (``parent == -1``), every other parent an existing section,
        no loops, diameters > 0.
    allow_no_soma : bool
        A morphology without a 'soma' section is an error unless this is True; then path distances are
        measured from the 0 end of the root.

    Example
    -------
    >>> morph = Morphology.ball_and_stick(soma_diam=20., dend_length=400., dend_diam=2.)
    >>> comps = morph.discretize(Ra=100., nseg='d_lambda', cm=1.)
    >>> far = comps.where(lambda c: (c.region == 'dend') & (c.distance > 200.))
    """

    def __init__(self, sections, allow_no_soma=False):
        self.sections = tuple(sections)
        _validate(self.sections, allow_no_soma)
        self.parent = np.array([s.parent for s in self.sections], dtype=int)
        self.parent_x = np.array([s.parent_x for s in self.sections], dtype=float)
        self.type = np.array([s.type for s in self.sections], dtype=int)
        self.region = np.array([s.region for s in self.sections])
        self.length = np.array([s.length for s in self.sections])
        self.area = np.array([s.area for s in self.sections])
        self.root = int(np.flatnonzero(self.parent == -1)[0])
        self.order = _preorder(self.parent, self.root)

    def __len__(self):
        return len(self.sections)

    def __repr__(self):
        counts = ', '.join(f'{r}={n}' for r, n in zip(*np.unique(self.region, return_counts=True)))
        return f'Morphology({len(self)} sections: {counts})'

    @property
    def has_soma(self):
        """Whether the root section is a soma."""
        return bool(self.region[self.root] == 'soma')

    # -- building ----------------------------------------------------------------------------------------
    @classmethod
    def from_sections(cls, points, diameters, parents, types, parent_x=None, allow_no_soma=False):
        """A morphology from per-section arrays.

        Parameters
        ----------
        points : sequence of arrays, shape (n_i, 3)
            Points of each section (µm), at least two.
        diameters : sequence of arrays, shape (n_i,)
            Diameters at the points (µm), > 0.
        parents : sequence of int
            Parent section of each section, -1 for the root.
        types : sequence of int or str
            SWC type (1 soma, 2 axon, 3 dend, 4 apic, n custom) or region name of each section.
        parent_x : sequence of float, optional
            Where on its parent each section hangs, in [0, 1]. Defaults to 0.5 for a soma parent (Import3d
            connects neurites to the soma's centre) and 1 otherwise.
        allow_no_soma : bool
            Accept a morphology without a 'soma' section.
        """
        n = len(points)
        if not len(diameters) == len(parents) == len(types) == n:
            raise ValueError(f"points, diameters, parents and types need one entry per section; got "
                             f"{n}, {len(diameters)}, {len(parents)}, {len(types)}.")
        types = [swc_type(t) for t in types]
        if parent_x is None:
            parent_x = [0.5 if 0 <= p < n and types[p] == 1 else 1.0 for p in parents]
        sections = []
        for i in range(n):
            p, d = np.array(points[i], dtype=float), np.array(diameters[i], dtype=float)
            if p.ndim != 2 or p.shape[1] != 3 or p.shape[0] < 2 or d.shape != (p.shape[0],):
                raise ValueError(f"section {i}: points must have shape (n, 3) with n >= 2 and diameters shape "
                                 f"(n,); got {p.shape} and {d.shape}.")
            p.flags.writeable = d.flags.writeable = False
            sections.append(Section(i, int(parents[i]), float(parent_x[i]), types[i], p, d))
        return cls(sections, allow_no_soma=allow_no_soma)

    @classmethod
    def cable(cls, length, diam, region='dend'):
        """One unbranched cylindrical section of ``length`` (µm) and ``diam`` (µm) along x, without soma."""
        check_positive(length=(length, 'µm'), diam=(diam, 'µm'))
        return cls.from_sections([[[0., 0., 0.], [length, 0., 0.]]], [[diam, diam]], [-1], [region],
                                 allow_no_soma=True)

    @classmethod
    def ball_and_stick(cls, soma_diam=20.0, dend_length=200.0, dend_diam=2.0, soma_length=None, n_dend=1):
        """A cylindrical soma with ``n_dend`` cylindrical dendrites hanging from its 1 end.

        Parameters
        ----------
        soma_diam : float
            Soma diameter (µm).
        dend_length, dend_diam : float
            Length and diameter of each dendrite (µm).
        soma_length : float, optional
            Soma length (µm); defaults to ``soma_diam``, whose lateral area equals a sphere's (as NEURON's
            single-point soma).
        n_dend : int
            Number of identical dendrites, all connected to ``soma(1)`` and laid out along x.
        """
        soma_length = soma_diam if soma_length is None else soma_length
        check_positive(soma_diam=(soma_diam, 'µm'), soma_length=(soma_length, 'µm'), dend_length=(dend_length, 'µm'),
                       dend_diam=(dend_diam, 'µm'), n_dend=(n_dend, 'dendrites'))
        half = soma_length / 2
        points = [[[-half, 0., 0.], [half, 0., 0.]]] + [[[half, 0., 0.], [half + dend_length, 0., 0.]]] * n_dend
        diameters = [[soma_diam] * 2] + [[dend_diam] * 2] * n_dend
        return cls.from_sections(points, diameters, [-1] + [0] * n_dend, ['soma'] + ['dend'] * n_dend,
                                 parent_x=[1.0] + [1.0] * n_dend)

    @classmethod
    def from_file(cls, path, allow_no_soma=False):
        """Read a morphology file with ``morphio``: SWC, Neurolucida ASC or HDF5.

        The soma becomes one section and neurites hang from it as NEURON's Import3d connects them (see the
        module docstring). Section 0 is the soma; morphio's section ``i`` is section ``i + 1``.
        """
        import morphio

        path = os.fspath(path)
        if not os.path.exists(path):
            raise FileNotFoundError(f"no morphology file at {path!r}.")
        try:
            m = morphio.Morphology(path)
        except morphio.MorphioError as error:
            raise ValueError(f"morphio cannot read {path!r}: {error}") from error
        try:
            soma = _soma_from_morphio(m.soma.type, np.asarray(m.soma.points, float),
                                      np.asarray(m.soma.diameters, float))
            sections = [] if soma is None else [(soma[0], soma[1], -1, 1, 1.0)]
            offset = len(sections)  # morphio's section i is section i + 1 after the soma
            for sec in m.sections:
                p, d = np.asarray(sec.points, float), np.asarray(sec.diameters, float)
                if not sec.is_root:
                    sections.append((p, d, sec.parent.id + offset, int(sec.type), 1.0))
                elif soma is None:
                    sections.append((p, d, -1, int(sec.type), 1.0))
                else:
                    x, p, d = _hang_from_soma(m.soma.type, soma[0], p, d)
                    sections.append((p, d, 0, int(sec.type), x))
            return cls.from_sections(*zip(*sections), allow_no_soma=allow_no_soma)
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from error

    # -- regions and geometry ----------------------------------------------------------------------------
    def where(self, region):
        """Ids of the sections of ``region``: a name ('soma', 'axon', 'dend', 'apic', 'custom_<n>', 'all'), a
        list of names (their union), a boolean mask or index array over sections, or a predicate
        ``f(morphology) -> mask`` such as ``lambda m: m.length > 100``."""
        return select(region, self, 'section')

    def total_area(self, region='all'):
        """Membrane area (µm²) of the sections of ``region`` (see :meth:`where`)."""
        return float(self.area[self.where(region)].sum())

    def total_length(self, region='all'):
        """Summed length (µm) of the sections of ``region`` (see :meth:`where`)."""
        return float(self.length[self.where(region)].sum())

    def discretize(self, Ra, nseg=1, cm=1.0, d_lambda=0.1, frequency=100.0, segment_length=40.0, junctions=False):
        """Cut every section into ``nseg`` compartments (NEURON's segments); see :class:`Compartments`.

        Parameters
        ----------
        Ra : float or dict
            Axial resistivity (Ω·cm), > 0; a dict gives one value per region name.
        nseg : int, sequence of int, or str
            Compartments per section: one number for all, one per section, or a rule —
            ``'d_lambda'``: NEURON's ``int((L/(d_lambda*lambda_f(frequency)) + 0.9)/2)*2 + 1``, with
            ``lambda_f`` the AC length constant from the 3-D points, ``Ra`` and ``cm``;
            ``'length'``: ``1 + 2*int(L/segment_length)`` (the rule of the Allen Institute's models).
        cm : float or dict
            Specific capacitance (µF/cm²) for the d_lambda rule; a dict gives one value per region name.
        d_lambda : float
            Largest compartment length as a fraction of ``lambda_f`` for the d_lambda rule.
        frequency : float
            Frequency (Hz) of ``lambda_f`` for the d_lambda rule.
        segment_length : float
            Length (µm) of the 'length' rule.
        junctions : bool
            Keep NEURON's zero-area nodes at section ends as rows of the table (see
            :mod:`brainlet.neurons._discretize`); by default they are removed and every row has membrane.
        """
        return discretize(self, Ra, nseg, cm=cm, d_lambda=d_lambda, frequency=frequency,
                          segment_length=segment_length, junctions=junctions)


# -- checks ----------------------------------------------------------------------------------------------
def _validate(sections, allow_no_soma):
    n = len(sections)
    if n == 0:
        raise ValueError("a morphology needs at least one section.")
    for i, s in enumerate(sections):
        if s.id != i:
            raise ValueError(f"sections[{i}] has id {s.id}; section ids must be their positions 0..{n - 1}.")
        if not (s.parent == -1 or 0 <= s.parent < n):
            raise ValueError(f"section {i} ({s.region}) has parent {s.parent}, which does not exist; parents are "
                             f"section ids 0..{n - 1}, or -1 for the root.")
        if not 0.0 <= s.parent_x <= 1.0:
            raise ValueError(f"section {i} ({s.region}) hangs from parent_x={s.parent_x}; it must be in [0, 1].")
        bad = np.flatnonzero(~(s.diameters > 0))
        if bad.size:
            raise ValueError(f"section {i} ({s.region}), point {bad[0]} has diameter {s.diameters[bad[0]]} µm; "
                             f"diameters must be > 0.")
        if not np.all(np.isfinite(s.points)):
            raise ValueError(f"section {i} ({s.region}) has non-finite coordinates.")
        if not s.length > 0:
            raise ValueError(f"section {i} ({s.region}) has zero length; its points must not all coincide.")
    roots = [s.id for s in sections if s.parent == -1]
    if len(roots) != 1:
        listed = ', '.join(f'{r} ({sections[r].region})' for r in roots)
        raise ValueError(f"a morphology is one connected tree with one root (parent -1); sections {listed} have "
                         f"no parent." if roots else
                         "a morphology needs a root section (parent -1); every section here has a parent, so "
                         "they form a loop.")
    parent = np.array([s.parent for s in sections])
    reached = np.zeros(n, dtype=bool)
    reached[_preorder(parent, roots[0])] = True
    if not reached.all():
        loop = _cycle(parent, int(np.flatnonzero(~reached)[0]))
        raise ValueError(f"sections form a loop: {' -> '.join(map(str, loop))}; a morphology must be a tree.")
    regions = [s.region for s in sections]
    if 'soma' not in regions:
        if not allow_no_soma:
            raise ValueError("the morphology has no soma (no section of type 1); pass allow_no_soma=True to "
                             "accept it, path distances then start at the root's 0 end.")
    elif regions[roots[0]] != 'soma':
        raise ValueError(f"the root section {roots[0]} is {regions[roots[0]]!r}, but the morphology has a soma "
                         f"(section {regions.index('soma')}); the soma must be the root.")


def _preorder(parent, root):
    """Section ids in depth-first order from ``root``, parents before children (sections in a loop are left
    out)."""
    children = [[] for _ in parent]
    for i, p in enumerate(parent):
        if p >= 0:
            children[p].append(i)
    order, stack = [], [root]
    while stack:
        i = stack.pop()
        order.append(i)
        stack.extend(reversed(children[i]))
    return np.array(order, dtype=int)


def _cycle(parent, start):
    """The loop reached by following parents from ``start``, as ids ending where it began."""
    seen, i = [], start
    while i not in seen:
        seen.append(i)
        i = int(parent[i])
    loop = seen[seen.index(i):]
    return loop + [loop[0]]


# -- the soma, as NEURON's Import3d makes it ---------------------------------------------------------------
def _soma_from_morphio(soma_type, points, diameters):
    """The soma section's (points, diameters) from morphio's soma, or None if there is none."""
    import morphio

    kinds = morphio.SomaType
    if len(points) == 0:
        return None
    if soma_type in (kinds.SOMA_SINGLE_POINT, kinds.SOMA_NEUROMORPHO_THREE_POINT_CYLINDERS):
        # Import3d: a one-point soma, and the three-point NeuroMorpho soma (its first point the centre), is a
        # sphere of that diameter, drawn as a cylinder along x with L = diam
        centre, d = points[0], diameters[0]
        if not d > 0:
            raise ValueError(f"the soma has diameter {d} µm; it must be > 0.")
        return centre + np.outer([-0.5, 0.0, 0.5], [d, 0.0, 0.0]), np.full(3, d)
    if soma_type == kinds.SOMA_SIMPLE_CONTOUR:
        return contour_centroid(points)
    if soma_type == kinds.SOMA_CYLINDERS:
        return points, diameters
    raise ValueError(f"soma of type {soma_type} with {len(points)} points is not supported; expected a "
                     f"single point, NeuroMorpho's three points, a chain of cylinders or a contour.")


def _hang_from_soma(soma_type, soma_points, points, diameters):
    """``(parent_x, points, diameters)`` of a neurite hanging from the soma, by Import3d's rules."""
    import morphio

    x, prepend, at = 0.5, None, len(soma_points) // 2  # the soma's centre
    if soma_type == morphio.SomaType.SOMA_CYLINDERS:  # the nearest soma point stands in for the SWC parent
        at = int(np.argmin(np.linalg.norm(soma_points - points[0], axis=1)))
        if at in (0, len(soma_points) - 1):
            x, prepend = (0.0 if at == 0 else 1.0), soma_points[at]
    if len(points) == 1:  # a one-point neurite keeps the point it hangs from: a section needs two
        prepend = soma_points[at]
    if prepend is not None:  # Import3d gives the prepended soma point the neurite's own first diameter
        points, diameters = np.vstack([prepend, points]), np.concatenate([diameters[:1], diameters])
    return x, points, diameters


def contour_centroid(contour):
    """A soma contour as one section along its principal axis: ``(points (21, 3), diameters (21,))`` in µm.

    Follows Import3d's ``contour2centroid``: the contour is resampled at 101 points equally spaced along its
    perimeter (measured in the x-y plane, up to its last point); the major axis is the principal axis of these
    points about their mean, the minor axis the second one projected on the x-y plane. The two sides of the
    contour between its extreme points along the major axis, each kept monotonic, give the width across the
    major axis at 21 equally spaced positions between the second-lowest and the second-highest projection;
    the two end diameters are averaged with their neighbours.
    """
    contour = np.asarray(contour, dtype=float)
    perimeter = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(contour[:, :2], axis=0), axis=1))])
    s = np.linspace(0.0, perimeter[-1], 101)
    pts = np.stack([np.interp(s, perimeter, contour[:, k]) for k in range(3)], axis=1)
    mean = pts.mean(axis=0)
    pts = pts - mean
    eigenvalues, vectors = np.linalg.eigh(pts.T @ pts)
    major = vectors[:, np.argmax(eigenvalues)]
    if major[np.argmax(np.abs(major))] < 0:
        major = -major
    minor = vectors[:, 3 - np.argmin(eigenvalues) - np.argmax(eigenvalues)].copy()
    minor[2] = 0.0
    if np.linalg.norm(minor) < 1e-6 * np.linalg.norm(major):
        raise ValueError("cannot find the principal axes of the soma contour (is it degenerate?).")
    minor /= np.linalg.norm(minor)
    shift = -int(np.argmax(pts @ major))  # start at the point farthest along the major axis
    along, across = np.roll(pts @ major, shift), np.roll(pts @ minor, shift)
    lowest = int(np.argmin(along))
    side1, rad1 = along[:lowest][::-1], across[:lowest][::-1]
    side2, rad2 = along[lowest:], across[lowest:]

    def monotonic(pos, rad):  # keep the points beyond every earlier one, as Import3d's backward pruning does
        keep = np.concatenate([[True], pos[1:] > np.maximum.accumulate(pos)[:-1]])
        return pos[keep], rad[keep]

    side1, rad1 = monotonic(side1, rad1)
    side2, rad2 = monotonic(side2, rad2)
    both = np.sort(np.concatenate([side1, side2]))
    grid = np.linspace(both[1], both[-2], 21)
    diam = np.abs(np.interp(grid, side1, rad1) - np.interp(grid, side2, rad2))
    diam[0], diam[-1] = (diam[0] + diam[1]) / 2, (diam[-1] + diam[-2]) / 2
    return mean + np.outer(grid, major), diam
