"""Morphology against NEURON's Import3d: the same files read by both, compared section by section.

Cells: the five Allen Institute SWC morphologies shipped in the bmtk wheel (single-point somas, 38–123
sections), read in place; and small files written here for the other soma forms (a Neurolucida contour,
NeuroMorpho's three-point soma, a chain of soma cylinders). NEURON reads them with ``Import3d_SWC_read`` or
``Import3d_Neurolucida3`` and ``Import3d_GUI(reader, 0).instantiate(cell)``; sections are matched by their
first and last 3-D points. No mechanism library is loaded (``pas`` is built in).

Compared: the number of sections, total area and length per region, every segment's ``seg.area()`` and
``seg.ri()`` and each section's ``sec(1).ri()`` with the same nseg (NEURON's own ``lambda_f`` d_lambda rule
and ``1 + 2*int(L/40)``), ``h.distance`` from ``soma(0.5)``, and the input resistance at the soma from
``h.Impedance`` at 0 Hz with a passive membrane. Measured (NEURON keeps 3-D points in float32): areas and
resistances agree to 2e-6, distances to 1e-13 µm, the input resistance to 3e-7 with ``junctions=True`` and
0.2–0.7 % without (tolerances below leave room only for that).
"""
import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

from brainlet.neurons import Morphology

from test_morphology import bmtk_morphologies, ellipse, write_asc  # tests/ is on sys.path (its conftest)

pytestmark = pytest.mark.validation
neuron = pytest.importorskip('neuron')
RA, CM, G_PAS = 100.0, 1.0, 1 / 20_000.0  # Ω·cm, µF/cm², S/cm²


class _Cell:
    """What Import3d instantiates the sections into."""


@pytest.fixture(scope='module')
def h():
    neuron.h.load_file('stdlib.hoc')
    neuron.h.load_file('import3d.hoc')
    return neuron.h


def load_both(h, path):
    """``(morphology, NEURON sections, id of each NEURON section in the morphology, the NEURON cell)``."""
    reader = h.Import3d_SWC_read() if path.suffix == '.swc' else h.Import3d_Neurolucida3()
    reader.quiet = 1
    reader.input(str(path))
    cell = _Cell()
    h.Import3d_GUI(reader, False).instantiate(cell)
    sections = list(cell.all)
    for sec in sections:
        sec.Ra, sec.cm = RA, CM
    morph = Morphology.from_file(path)
    ends = np.array([[s.points[0], s.points[-1]] for s in morph.sections])
    ids = []
    for sec in sections:
        n = sec.n3d() - 1
        theirs = np.array([[sec.x3d(i), sec.y3d(i), sec.z3d(i)] for i in (0, n)])
        ids.append(int(np.argmin(np.abs(ends - theirs).sum(axis=(1, 2)))))
    assert sorted(ids) == list(range(len(morph))), 'sections do not pair up one to one'
    return morph, sections, np.array(ids), cell


@pytest.fixture(scope='module', params=bmtk_morphologies(), ids=lambda p: p.stem)
def allen(request, h):
    return load_both(h, request.param)


def region_of(sec):
    return sec.name().split('.')[-1].split('[')[0]


def test_sections_and_region_totals(allen):
    morph, sections, ids, _ = allen
    assert len(morph) == len(sections)
    np.testing.assert_array_equal(morph.region[ids], [region_of(sec) for sec in sections])
    for region in set(morph.region):
        theirs = [sec for sec in sections if region_of(sec) == region]
        assert morph.total_area(region) == pytest.approx(sum(seg.area() for sec in theirs for seg in sec), rel=1e-5)
        assert morph.total_length(region) == pytest.approx(sum(sec.L for sec in theirs), rel=1e-5)
    np.testing.assert_allclose(morph.parent_x[ids[1:]], [sec.parentseg().x for sec in sections[1:]])


def set_nseg(h, sections, rule):
    for sec in sections:
        sec.nseg = (int((sec.L / (0.1 * h.lambda_f(100, sec=sec)) + 0.9) / 2) * 2 + 1 if rule == 'd_lambda'
                    else 1 + 2 * int(sec.L / 40))


@pytest.mark.parametrize('rule', ['d_lambda', 'length'])
def test_segment_areas_resistances_and_distances(h, allen, rule):
    morph, sections, ids, cell = allen
    set_nseg(h, sections, rule)
    c = morph.discretize(Ra=RA, nseg=rule, cm=CM)
    np.testing.assert_array_equal(c.nseg[ids], [sec.nseg for sec in sections])
    rows = np.concatenate([c.first[s] + np.arange(c.nseg[s]) for s in ids])
    segments = [seg for sec in sections for seg in sec]
    np.testing.assert_allclose(c.area[rows], [seg.area() for seg in segments], rtol=1e-5)
    np.testing.assert_allclose(c.ri[rows], [seg.ri() for seg in segments], rtol=1e-5)
    np.testing.assert_allclose(c.diam[rows], [seg.diam for seg in segments], rtol=1e-5)
    last = c.first[ids] + c.nseg[ids] - 1
    np.testing.assert_allclose(c.r_right[last], [sec(1).ri() for sec in sections], rtol=1e-5)
    origin = cell.soma[0](0.5)
    np.testing.assert_allclose(c.distance[rows], [h.distance(origin, seg) for seg in segments], atol=1e-6)


def input_resistance(c):
    """Input resistance (MΩ) at the soma's centre of the compartments with a passive membrane, at DC."""
    n, child = len(c), np.flatnonzero(c.parent >= 0)
    g = 1.0 / c.r_axial[child]  # µS
    rows = np.concatenate([np.arange(n), child, c.parent[child], child, c.parent[child]])
    cols = np.concatenate([np.arange(n), child, c.parent[child], c.parent[child], child])
    G = scipy.sparse.csc_matrix((np.concatenate([G_PAS * c.area * 1e-2, g, g, -g, -g]), (rows, cols)))
    e = np.zeros(n)
    e[c.index(0, 0.5)] = 1.0  # nA
    return scipy.sparse.linalg.spsolve(G, e)[c.index(0, 0.5)]  # mV per nA


def test_input_resistance_at_the_soma(h, allen):
    morph, sections, ids, cell = allen
    set_nseg(h, sections, 'd_lambda')
    for sec in sections:
        sec.insert('pas')
        sec.g_pas = G_PAS
    impedance = h.Impedance()
    impedance.loc(0.5, sec=cell.soma[0])
    impedance.compute(0, 1)
    theirs = impedance.input(0.5, sec=cell.soma[0])
    exact = input_resistance(morph.discretize(Ra=RA, nseg='d_lambda', cm=CM, junctions=True))
    assert exact == pytest.approx(theirs, rel=1e-6)
    assert input_resistance(morph.discretize(Ra=RA, nseg='d_lambda', cm=CM)) == pytest.approx(theirs, rel=0.01)


def compare_small(h, path):
    morph, sections, ids, _ = load_both(h, path)
    for sec in sections:
        sec.nseg = 3
    c = morph.discretize(Ra=RA, nseg=3)
    np.testing.assert_array_equal(morph.region[ids], [region_of(sec) for sec in sections])
    np.testing.assert_allclose(morph.length[ids], [sec.L for sec in sections], rtol=1e-5)
    np.testing.assert_allclose(morph.parent_x[ids[1:]], [sec.parentseg().x for sec in sections[1:]])
    rows = np.concatenate([c.first[s] + np.arange(3) for s in ids])
    np.testing.assert_allclose(c.area[rows], [seg.area() for sec in sections for seg in sec], rtol=1e-5)
    np.testing.assert_allclose(c.ri[rows], [seg.ri() for sec in sections for seg in sec], rtol=1e-5)
    return morph


def test_a_contour_soma_is_neurons_principal_axis_centroid(h, tmp_path):
    tilted = ellipse(11.0, 6.0, n=37) @ np.array([[np.cos(0.4), np.sin(0.4), 0], [-np.sin(0.4), np.cos(0.4), 0],
                                                  [0, 0, 1]]) + [3.0, -2.0, 1.0]
    tilted[::5] *= [1.04, 0.97, 1.0]  # not quite an ellipse
    path = write_asc(tmp_path / 'contour.asc', tilted,
                     [('Dendrite', [[4, 1, 1], [8, 30, 2], [12, 70, 0]], [2.0, 1.5, 1.0]),
                      ('Axon', [[2, -5, 1], [0, -60, 1]], [1.0, 0.8])])
    morph = compare_small(h, path)
    assert morph.sections[0].region == 'soma' and len(morph.sections[0].points) == 21


def test_three_point_and_cylinder_somas_and_one_point_neurites(h, tmp_path):
    three = tmp_path / 'three.swc'
    three.write_text('1 1 0 0 0 6 -1\n2 1 0 -6 0 6 1\n3 1 0 6 0 6 1\n4 3 0 8 0 1 1\n5 3 0 30 0 0.8 4\n'
                     '6 3 0 -8 0 0.8 1\n7 3 0 -20 0 0.6 6\n')
    compare_small(h, three)
    chain = tmp_path / 'chain.swc'
    chain.write_text('1 1 0 0 0 5 -1\n2 1 0 5 0 6 1\n3 1 0 10 0 4 2\n4 3 0 12 0 1 3\n5 3 0 30 0 0.8 4\n'
                     '6 3 0 -2 0 0.8 1\n7 3 0 -20 0 0.6 6\n8 2 4 5 0 0.5 2\n9 2 20 5 0 0.5 8\n'
                     '10 4 0.5 31 0 0.5 5\n11 4 0.5 50 0 0.4 10\n12 3 -0.5 31 0 0.5 5\n13 3 -3 45 0 0.4 12\n')
    morph = compare_small(h, chain)
    assert sorted(morph.parent_x[morph.parent == 0]) == [0.0, 0.5, 1.0]
    one_point = tmp_path / 'one_point.swc'  # neurites of one point before a fork, or in all, get the soma centre
    one_point.write_text('1 1 0 0 0 5 -1\n2 3 0 8 0 1 1\n3 3 0 20 0 1 2\n4 3 6 20 0 0.5 2\n5 2 -7 0 0 0.6 1\n')
    compare_small(h, one_point)
