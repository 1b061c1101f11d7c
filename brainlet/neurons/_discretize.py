r"""Cutting a morphology into compartments as NEURON cuts sections into segments.

Geometry (NEURON's ``nrn_area_ri`` and ``diam_from_list`` in ``src/nrnoc/treeset.cpp``): a section of length
``L`` cut into ``nseg`` compartments has its centres at ``x = (k + 1/2)/nseg``. Each compartment is split
into a left and a right half; along each half the diameter is linear in path length between the 3-D points
(interpolated where a half begins or ends between points), and

- the membrane area is the lateral area of the frusta, :math:`\sum \pi (r_1 + r_2)\sqrt{\Delta s^2 +
  (r_2 - r_1)^2}` (µm²), NEURON's ``seg.area()``;
- the axial resistance of a half is :math:`\frac{4 R_a}{\pi} \sum \frac{\Delta s}{d_1 d_2} \times 10^{-2}`
  (MΩ, with :math:`R_a` in Ω·cm and lengths in µm), the exact resistance of a cone between two diameters.

Connections: NEURON puts a zero-area node at the 1 end of every section and at the 0 end of the root; a child
section connected at ``parent(1)`` (or at the root's 0 end) hangs from that node, a child connected inside
its parent (``0 < x < 1``) hangs directly from the centre of the parent's segment containing ``x``, and one
connected at the 0 end of a non-root section hangs where that section hangs. ``seg.ri()`` is the resistance
from a segment's centre to the node it hangs from: the right half of the previous segment plus its own left
half, or only its own left half for the first segment of a section.

By default the compartment table keeps only the segments, so that every compartment has membrane: a
section hanging from a zero-area node hangs from the compartment next to that node instead (the parent's
last compartment, or the root's first), through the resistance between their centres, the node's half
resistance :math:`R_P` plus the child's left half :math:`R_k` (``r_axial = R_P + R_k``). For one child this
is exact; at a fork it drops the node's sharing of :math:`R_P` among the children. Against NEURON's input
resistance at the soma of the Allen Institute cells shipped with ``bmtk`` (``tests/validation``), this lowers it
by 0.2–0.7 % with the d_lambda rule (the alternative that is exact for equal child potentials,
:math:`R_k(1 + R_P\sum_j 1/R_j)`, is off by up to 2 % there and by 20 % at thin tips). With
``junctions=True`` the table keeps NEURON's nodes as rows of zero area and length (placed right after their
section's last compartment; the root's 0 end, when a section hangs there, first): ``parent`` and ``r_axial``
are then NEURON's tree and ``seg.ri()`` exactly, for a solver that accepts nodes without membrane.
"""
import dataclasses

import numpy as np

from .._checks import check_positive

#: MΩ per (Ω·cm · µm / µm²): 1e4 µm per cm times 1e-6 MΩ per Ω.
_MOHM = 1e-2
#: Region names known to every morphology, present or not (besides 'all').
STANDARD_REGIONS = ('soma', 'axon', 'dend', 'apic')
NSEG_RULES = ('d_lambda', 'length')


@dataclasses.dataclass(frozen=True, eq=False)
class Compartments:
    """The compartments of a discretized morphology, one row each, a parent before its children.

    Attributes (arrays with one entry per compartment unless noted)
    ----------------------------------------------------------------
    parent : int
        Parent compartment, -1 for the root; ``parent[i] < i`` (Hines order).
    section : int
        Section the compartment belongs to.
    region : str
        Region name of that section.
    x : float
        Position of the centre along the section, in (0, 1).
    length : float
        Length (µm), ``L/nseg``.
    diam : float
        Mean diameter (µm) over the compartment, NEURON's ``seg.diam``.
    area : float
        Membrane area (µm²), NEURON's ``seg.area()``.
    r_left, r_right : float
        Axial resistance (MΩ) of the left and right half of the compartment.
    ri : float
        NEURON's ``seg.ri()`` (MΩ): from the centre to the node the compartment hangs from (see the module
        docstring); for the root, its left half.
    r_axial : float
        Axial resistance (MΩ) from the centre to the centre of ``parent``, zero-area nodes removed; 0 for the
        root.
    distance : float
        Path distance (µm) from the centre of the soma (the root's 0 end without a soma), as NEURON's
        ``h.distance`` from ``soma(0.5)``: a section hanging inside its parent is measured from the centre of
        the parent's compartment there.
    position : float, shape (n, 3)
        3-D coordinates of the centre (µm).
    nseg, first : int, one per section
        Number of compartments of each section and the index of its first one.
    """

    parent: np.ndarray
    section: np.ndarray
    region: np.ndarray
    x: np.ndarray
    length: np.ndarray
    diam: np.ndarray
    area: np.ndarray
    r_left: np.ndarray
    r_right: np.ndarray
    ri: np.ndarray
    r_axial: np.ndarray
    distance: np.ndarray
    position: np.ndarray
    nseg: np.ndarray
    first: np.ndarray

    def __len__(self):
        return len(self.parent)

    def __repr__(self):
        return f'Compartments({len(self)} in {len(self.nseg)} sections)'

    def where(self, region):
        """Indices of the compartments of ``region``: a name ('soma', 'axon', 'dend', 'apic', 'custom_<n>',
        'all'), a list of names (their union), a boolean mask or index array, or a predicate ``f(table) ->
        mask`` over this table, such as ``lambda c: (c.region == 'apic') & (c.distance > 100)``."""
        return select(region, self, 'compartment')

    def index(self, section, x):
        """The compartment of ``section`` that contains position ``x`` in [0, 1] (NEURON's ``sec(x)``)."""
        if not 0 <= section < len(self.nseg):
            raise ValueError(f"section must be in [0, {len(self.nseg)}), got {section}.")
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"x must be in [0, 1], got {x}.")
        n = int(self.nseg[section])
        return int(self.first[section]) + min(int(x * n), n - 1)


def select(region, table, what):
    """Indices of the rows of ``table`` (with a ``region`` array of names) selected by ``region``."""
    names = np.asarray(table.region)
    if callable(region):
        region = region(table)
    elif isinstance(region, str) or (isinstance(region, (list, tuple)) and region
                                     and all(isinstance(r, str) for r in region)):
        wanted = [region] if isinstance(region, str) else list(region)
        known = sorted(set(STANDARD_REGIONS) | set(names.tolist())) + ['all']
        unknown = [r for r in wanted if r not in known]
        if unknown:
            raise ValueError(f"unknown region {unknown[0]!r}; known regions: {', '.join(known)}.")
        if 'all' in wanted:
            return np.arange(len(names))
        region = np.isin(names, wanted)
    region = np.asarray(region)
    if region.dtype == bool:
        if region.shape != names.shape:
            raise ValueError(f"a region mask needs one entry per {what} ({names.shape[0]}), got shape "
                             f"{region.shape}.")
        return np.flatnonzero(region)
    index = region.astype(int).ravel()
    if index.size and (index.min() < 0 or index.max() >= len(names)):
        raise ValueError(f"{what} indices must be in [0, {len(names)}), got {index.min()}..{index.max()}.")
    return index


def per_section(value, morph, name, unit):
    """One value per section from a number or a dict by region name."""
    regions = morph.region
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(regions.tolist()))
        if unknown:
            raise ValueError(f"{name}: unknown regions {unknown}; this morphology has "
                             f"{', '.join(sorted(set(regions.tolist())))}.")
        missing = sorted(set(regions.tolist()) - set(value))
        if missing:
            raise ValueError(f"{name} gives no value ({unit}) for regions {missing}.")
        out = np.array([value[r] for r in regions], dtype=float)
    else:
        out = np.full(len(regions), value, dtype=float)
    check_positive(**{name: (out, unit)})
    return out


def _points(morph):
    """Concatenated points: (section of each point, arc length, diameter, first point of each section)."""
    counts = np.array([len(s.diameters) for s in morph.sections])
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    arc = np.concatenate([s.arc for s in morph.sections])
    diam = np.concatenate([s.diameters for s in morph.sections])
    return np.repeat(np.arange(len(counts)), counts), arc, diam, start, counts


def _interpolate(morph, sec, pos, values):
    """``values`` (one per point) interpolated at arc length ``pos`` of section ``sec``, linear between points as
    NEURON does (the last pair of points extrapolates)."""
    sec_of_pt, arc, _, start, counts = _points(morph)
    offset = np.concatenate([[0.0], np.cumsum(morph.length + 1.0)])[:-1]  # sections apart on one axis
    j = np.searchsorted(arc + offset[sec_of_pt], pos + offset[sec], side='right') - 1
    j = np.clip(j, start[sec], start[sec] + counts[sec] - 2)
    span = arc[j + 1] - arc[j]
    frac = np.where(span < 1e-10, 1.0, (pos - arc[j]) / np.where(span < 1e-10, 1.0, span))
    frac = frac.reshape(frac.shape + (1,) * (values.ndim - 1))
    return (1 - frac) * values[j] + frac * values[j + 1]


def nseg_of(morph, nseg, Ra, cm, d_lambda=0.1, frequency=100.0, segment_length=40.0):
    """Compartments per section: a number, one per section, or the rule 'd_lambda' or 'length'."""
    if isinstance(nseg, str):
        if nseg == 'd_lambda':
            check_positive(d_lambda=(d_lambda, 'fraction of lambda_f'), frequency=(frequency, 'Hz'))
            sec, arc, diam, _, _ = _points(morph)
            same = sec[1:] == sec[:-1]
            # NEURON's lambda_f: the section's length in units of the AC length constant, from its 3-D points
            lam = np.bincount(sec[1:][same], (np.diff(arc) / np.sqrt(diam[1:] + diam[:-1]))[same],
                              minlength=len(morph))
            lam *= np.sqrt(2) * 1e-5 * np.sqrt(4 * np.pi * frequency * Ra * cm)
            return (np.floor((lam / d_lambda + 0.9) / 2) * 2 + 1).astype(int)
        if nseg == 'length':
            check_positive(segment_length=(segment_length, 'µm'))
            return 1 + 2 * np.floor(morph.length / segment_length).astype(int)
        raise ValueError(f"unknown nseg rule {nseg!r}; use an int, one int per section, or one of "
                         f"{', '.join(map(repr, NSEG_RULES))}.")
    out = np.broadcast_to(np.asarray(nseg), (len(morph),)) if np.ndim(nseg) == 0 else np.asarray(nseg)
    if out.shape != (len(morph),) or not np.issubdtype(out.dtype, np.integer) or np.any(out < 1):
        raise ValueError(f"nseg must be a positive int, one positive int per section ({len(morph)}), or one of "
                         f"{', '.join(map(repr, NSEG_RULES))}; got {nseg!r}.")
    return out.astype(int)


def _halves(morph, nseg, first):
    """Area (µm²), ∑Δs/(d1 d2) (1/µm) and ∑(d1 + d2)Δs (µm²) of every half compartment, integrated between
    the 3-D points and the half boundaries as NEURON's ``diam_from_list`` does."""
    sec_p, arc_p, diam_p, start, _ = _points(morph)
    nb = 2 * nseg + 1
    sec_b = np.repeat(np.arange(len(nseg)), nb)
    k = np.arange(nb.sum()) - np.repeat(np.cumsum(nb) - nb, nb)
    arc_b = k * morph.length[sec_b] / (2 * nseg[sec_b])
    diam_b = _interpolate(morph, sec_b, arc_b, diam_p)
    diam_b[k == 0] = diam_p[start[sec_b[k == 0]]]   # the first half starts at the first point
    label_b = 2 * first[sec_b] + np.minimum(k, 2 * nseg[sec_b] - 1)
    # one grid per section: the boundary at 0 first, then points and boundaries by arc length (points first)
    sec = np.concatenate([sec_p, sec_b])
    arc = np.concatenate([arc_p, arc_b])
    diam = np.concatenate([diam_p, diam_b])
    kind = np.concatenate([np.zeros(len(sec_p)), np.where(k == 0, -1, 1)])
    label = np.concatenate([np.full(len(sec_p), -1), label_b])
    order = np.lexsort((kind, arc, sec))
    sec, arc, diam, kind, label = sec[order], arc[order], diam[order], kind[order], label[order]
    last_boundary = np.maximum.accumulate(np.where(kind != 0, np.arange(len(sec)), 0))
    half = label[last_boundary][:-1]
    inside = sec[1:] == sec[:-1]
    ds, d1, d2 = np.diff(arc)[inside], diam[:-1][inside], diam[1:][inside]
    half = half[inside]
    n = 2 * int(nseg.sum())
    area = np.bincount(half, np.pi / 2 * (d1 + d2) * np.hypot(ds, (d2 - d1) / 2), minlength=n)
    resistance = np.bincount(half, ds / (d1 * d2), minlength=n)
    diam_sum = np.bincount(half, (d1 + d2) * ds, minlength=n)
    return area, resistance, diam_sum


def discretize(morph, Ra, nseg=1, cm=1.0, d_lambda=0.1, frequency=100.0, segment_length=40.0, junctions=False):
    """The :class:`Compartments` of ``morph`` (see :meth:`Morphology.discretize` for the parameters)."""
    Ra_sec = per_section(Ra, morph, 'Ra', 'Ω·cm')
    cm_sec = per_section(cm, morph, 'cm', 'µF/cm²')
    nseg = nseg_of(morph, nseg, Ra_sec, cm_sec, d_lambda, frequency, segment_length)
    order, root, L = morph.order, morph.root, morph.length
    first = np.empty(len(morph), dtype=int)
    first[order] = np.cumsum(nseg[order]) - nseg[order]
    section = np.repeat(order, nseg[order])
    n = len(section)
    k = np.arange(n) - first[section]
    x = (k + 0.5) / nseg[section]

    area_h, resistance_h, diam_h = _halves(morph, nseg, first)
    area = area_h[0::2] + area_h[1::2]
    r_left = 4 / np.pi * _MOHM * Ra_sec[section] * resistance_h[0::2]
    r_right = 4 / np.pi * _MOHM * Ra_sec[section] * resistance_h[1::2]
    length = L[section] / nseg[section]
    diam = (diam_h[0::2] + diam_h[1::2]) / (2 * length)

    parent = np.where(k > 0, np.arange(n) - 1, -1)
    ri = r_left + np.where(k > 0, np.roll(r_right, 1), 0.0)
    r_axial = np.where(k > 0, ri, 0.0)

    def hangs_from(p, px):  # the node a section connected at px of p hangs from (see the module docstring)
        while px == 0.0 and p != root:
            p, px = morph.parent[p], morph.parent_x[p]
        if px in (0.0, 1.0):
            return px, p
        return 'compartment', first[p] + min(int(px * nseg[p]), nseg[p] - 1)

    origin = 0.5 if morph.has_soma else 0.0
    start = np.zeros(len(morph))  # path distance of each non-root section's 0 end

    def distance_at(p, y):  # of position y on section p
        return abs(y - origin) * L[p] if p == root else start[p] + y * L[p]

    distance = np.zeros(n)
    distance[section == root] = np.abs(x[section == root] - origin) * L[root]
    nodes = {}  # zero-area nodes (end x, section) -> the first compartments of the sections hanging there
    for s in order[1:]:
        kind, where = hangs_from(morph.parent[s], morph.parent_x[s])
        c = first[s]
        if kind == 'compartment':
            parent[c], r_axial[c], start[s] = where, r_left[c], distance[where]
        else:
            nodes.setdefault((kind, where), []).append(c)
            start[s] = distance_at(where, kind)
        distance[c:c + nseg[s]] = start[s] + x[c:c + nseg[s]] * L[s]
    # the compartment next to each zero-area node, and the half resistance between them
    next_to, r_next = {}, {}
    for end, p in nodes:
        next_to[end, p] = first[p] if end == 0.0 else first[p] + nseg[p] - 1
        r_next[end, p] = (r_left if end == 0.0 else r_right)[next_to[end, p]]
    points = np.concatenate([s.points for s in morph.sections])
    position = _interpolate(morph, section, x * L[section], points)
    columns = dict(parent=parent, section=section, region=morph.region[section], x=x, length=length, diam=diam,
                   area=area, r_left=r_left, r_right=r_right, ri=ri, r_axial=r_axial, distance=distance,
                   position=position)
    if not junctions:  # each child hangs from the compartment next to the node, through both resistances
        for key, children in nodes.items():
            parent[children] = next_to[key]
            r_axial[children] = r_next[key] + r_left[children]
        return Compartments(**columns, nseg=nseg, first=first)

    return _keep_nodes(morph, columns, nodes, next_to, r_next, distance_at, nseg, first)


def _keep_nodes(morph, columns, nodes, next_to, r_next, distance_at, nseg, first):
    """The table with NEURON's zero-area nodes as rows: each right after its section's last compartment, the
    root's 0 end (when a section hangs there) before the root's first compartment."""
    n, keys = len(columns['parent']), sorted(nodes)
    end, sec = np.array([e for e, _ in keys], dtype=float), np.array([p for _, p in keys], dtype=int)
    at, r_node = np.array([next_to[key] for key in keys], dtype=int), np.array([r_next[key] for key in keys])
    is_root, rows = end == 0.0, n + np.arange(len(keys))
    parent, r_axial, r_left = columns['parent'], columns['r_axial'], columns['r_left']
    for row, key in zip(rows, keys):
        parent[nodes[key]], r_axial[nodes[key]] = row, r_left[nodes[key]]
    parent[at[is_root]], r_axial[at[is_root]] = rows[is_root], r_left[at[is_root]]
    point = lambda e, i, values: values[-1 if e else 0]  # noqa: E731  (of section i at its end e)
    added = dict(parent=np.where(is_root, -1, at), section=sec, region=morph.region[sec], x=end,
                 length=np.zeros(len(keys)), area=np.zeros(len(keys)), r_left=np.zeros(len(keys)),
                 r_right=np.zeros(len(keys)), ri=np.where(is_root, 0.0, r_node), r_axial=np.where(is_root, 0.0, r_node),
                 diam=np.array([point(e, i, morph.sections[i].diameters) for e, i in zip(end, sec)], dtype=float),
                 distance=np.array([distance_at(i, e) for e, i in zip(end, sec)], dtype=float),
                 position=np.array([point(e, i, morph.sections[i].points) for e, i in zip(end, sec)]).reshape(-1, 3))
    order = np.argsort(np.concatenate([np.arange(n), np.where(is_root, at - 0.5, at + 0.5)]), kind='stable')
    new_index = np.empty_like(order)
    new_index[order] = np.arange(len(order))
    columns = {name: np.concatenate([columns[name], added[name]])[order] for name in columns}
    columns['parent'] = np.where(columns['parent'] >= 0, new_index[np.maximum(columns['parent'], 0)], -1)
    return Compartments(**columns, nseg=nseg, first=new_index[first])
