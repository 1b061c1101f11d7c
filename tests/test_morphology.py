"""Morphology and its compartments: closed forms for cylinders and cones, NEURON's nseg rules for a cylinder,
metamorphic equalities (nseg, section splits, section order, file formats), Hines order on real cells, Import3d's
soma conventions, regions and errors. The comparison with NEURON itself is in validation/test_morphology_neuron.py."""
import importlib.util
import pathlib

import numpy as np
import pytest

from brainlet.neurons import Morphology
from brainlet.neurons._morphology import contour_centroid

RA = 150.0  # Ω·cm
MOHM = 1e-2  # MΩ per Ω·cm·µm/µm²


def bmtk_morphologies():
    """The SWC files shipped in the installed bmtk package (read in place, never copied)."""
    spec = importlib.util.find_spec('bmtk')
    if spec is None:
        pytest.skip('bmtk (test extra) is not installed')
    return sorted(pathlib.Path(spec.submodule_search_locations[0]).rglob('*.swc'))


def write_asc(path, contour, neurites):
    """A Neurolucida ASC file with a soma contour and unbranched neurites ``[(type, points, diameters)]``."""
    rows = lambda pts, d: ''.join(f'  ({x:g} {y:g} {z:g} {w:g})\n' for (x, y, z), w in zip(pts, d))  # noqa: E731
    text = '("CellBody"\n  (CellBody)\n' + rows(contour, np.full(len(contour), 0.1)) + ')\n'
    for kind, pts, d in neurites:
        text += f'(({kind})\n' + rows(pts, d) + ')\n'
    path.write_text(text)
    return path


def ellipse(a, b, n=40, z=0.0):
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([a * np.cos(t), b * np.sin(t), np.full(n, z)], axis=1)


# -- closed forms ------------------------------------------------------------------------------------------
def test_a_cylinder_has_the_cylinder_area_and_resistance_in_every_compartment():
    L, d, n = 300.0, 2.0, 5
    c = Morphology.cable(L, d).discretize(Ra=RA, nseg=n)
    half = 4 * RA * (L / n / 2) / (np.pi * d ** 2) * MOHM
    np.testing.assert_allclose(c.area, np.pi * d * L / n, rtol=1e-12)
    np.testing.assert_allclose(c.r_left, half, rtol=1e-12)
    np.testing.assert_allclose(c.r_right, half, rtol=1e-12)
    np.testing.assert_allclose(c.r_axial[1:], 4 * RA * (L / n) / (np.pi * d ** 2) * MOHM, rtol=1e-12)
    np.testing.assert_allclose(c.ri, np.r_[half, np.full(n - 1, 2 * half)], rtol=1e-12)
    np.testing.assert_allclose(c.distance, (np.arange(n) + 0.5) * L / n, rtol=1e-12)  # no soma: from x = 0
    np.testing.assert_allclose(c.position[:, 0], c.distance, rtol=1e-12)
    np.testing.assert_array_equal(c.parent, np.arange(n) - 1)
    assert c.r_axial[0] == 0.0 and list(c.region) == ['dend'] * n


def test_a_cone_has_the_frustum_area_and_the_cone_resistance():
    L, d1, d2 = 120.0, 4.0, 1.0
    morph = Morphology.from_sections([[[0, 0, 0], [L, 0, 0]]], [[d1, d2]], [-1], ['dend'], allow_no_soma=True)
    r1, r2 = d1 / 2, d2 / 2
    assert morph.sections[0].area == pytest.approx(np.pi * (r1 + r2) * np.hypot(L, r1 - r2), rel=1e-12)
    for n in (1, 4, 9):
        c = morph.discretize(Ra=RA, nseg=n)
        assert c.area.sum() == pytest.approx(np.pi * (r1 + r2) * np.hypot(L, r1 - r2), rel=1e-12)
        # ∫ 4 Ra / (π d(s)²) ds for a linear d(s) is 4 Ra L / (π d1 d2)
        assert (c.r_left + c.r_right).sum() == pytest.approx(4 * RA * L / (np.pi * d1 * d2) * MOHM, rel=1e-12)
        np.testing.assert_allclose(c.diam, d1 + (d2 - d1) * c.x, rtol=1e-12)  # mean diameter of a linear taper


def test_ball_and_stick_soma_is_a_sphere_and_the_dendrite_hangs_from_its_end():
    morph = Morphology.ball_and_stick(soma_diam=20.0, dend_length=200.0, dend_diam=2.0)
    assert morph.total_area('soma') == pytest.approx(4 * np.pi * 10.0 ** 2, rel=1e-12)
    assert morph.total_area('dend') == pytest.approx(np.pi * 2.0 * 200.0, rel=1e-12)
    c = morph.discretize(Ra=RA, nseg=[1, 4])
    soma_half = 4 * RA * 10.0 / (np.pi * 20.0 ** 2) * MOHM
    dend_half = 4 * RA * 25.0 / (np.pi * 2.0 ** 2) * MOHM
    assert c.r_axial[1] == pytest.approx(soma_half + dend_half, rel=1e-12)  # centre to centre through soma(1)
    assert c.ri[1] == pytest.approx(dend_half, rel=1e-12)                   # NEURON's seg.ri(): to the end node
    np.testing.assert_allclose(c.distance, [0.0, 35.0, 85.0, 135.0, 185.0], rtol=1e-12)


def test_nseg_rules_are_neurons():
    L, d, cm = 1000.0, 1.0, 1.0
    morph = Morphology.cable(L, d)
    assert morph.discretize(Ra=RA, nseg='length').nseg[0] == 1 + 2 * int(L / 40)
    assert morph.discretize(Ra=RA, nseg='length', segment_length=300.).nseg[0] == 7
    lambda_100 = 1e5 * np.sqrt(d / (4 * np.pi * 100 * RA * cm))  # µm, NEURON's lambda_f for a cylinder
    assert lambda_100 == pytest.approx(230.3, abs=0.05)
    assert morph.discretize(Ra=RA, nseg='d_lambda', cm=cm).nseg[0] == int((L / (0.1 * lambda_100) + 0.9) / 2) * 2 + 1
    assert morph.discretize(Ra=RA, nseg='d_lambda', cm=cm, d_lambda=0.3).nseg[0] == 15  # 1000/(0.3*230.3) = 14.5


# -- metamorphic equalities --------------------------------------------------------------------------------
def y_tree(parent_x=1.0):
    points = [[[-5, 0, 0], [5, 0, 0]], [[5, 0, 0], [50, 10, 0], [90, 0, 0]], [[90, 0, 0], [150, 40, 0]],
              [[90, 0, 0], [140, -30, 5], [200, -40, 5]]]
    diameters = [[10, 10], [3, 2.5, 2], [1.5, 1], [1.2, 1, 0.8]]
    return points, diameters, [-1, 0, 1, 1], ['soma', 'dend', 'apic', 'dend'], [0.5, parent_x, 1.0, 1.0]


def test_refining_nseg_keeps_total_area_and_the_resistance_along_a_section():
    morph = Morphology.from_sections(*y_tree())
    coarse, fine = morph.discretize(Ra=RA, nseg=1), morph.discretize(Ra=RA, nseg=[3, 5, 7, 9])
    np.testing.assert_allclose(np.bincount(fine.section, fine.area), np.bincount(coarse.section, coarse.area),
                               rtol=1e-12)
    np.testing.assert_allclose(np.bincount(fine.section, fine.r_left + fine.r_right),
                               np.bincount(coarse.section, coarse.r_left + coarse.r_right), rtol=1e-12)


def test_splitting_a_section_in_two_changes_no_geometry():
    points, diameters, parents, types, parent_x = y_tree()
    one = Morphology.from_sections(points, diameters, parents, types, parent_x).discretize(Ra=RA, nseg=1)
    # section 1 cut at its middle point: the two halves in series, the children on the second
    split = Morphology.from_sections([points[0], points[1][:2], points[1][1:], points[2], points[3]],
                                     [diameters[0], diameters[1][:2], diameters[1][1:], diameters[2],
                                      diameters[3]], [-1, 0, 1, 2, 2], ['soma', 'dend', 'dend', 'apic', 'dend'],
                                     [0.5, 1.0, 1.0, 1.0, 1.0]).discretize(Ra=RA, nseg=1, junctions=True)
    assert split.area.sum() == pytest.approx(one.area.sum(), rel=1e-12)
    tips = lambda c: np.sort(c.distance[c.area > 0][-2:])  # noqa: E731  (the last two compartments)
    np.testing.assert_allclose(tips(split), tips(one), rtol=1e-12)
    # resistance from the soma to the fork: the same cable, cut or not
    path = split.ri[split.index(1, 0.5)] + split.r_right[split.index(1, 0.5)] + split.ri[split.index(2, 0.5)] \
        + split.r_right[split.index(2, 0.5)]
    assert path == pytest.approx(one.r_left[1] + one.r_right[1], rel=1e-12)


def test_the_order_of_sections_does_not_change_the_compartments():
    points, diameters, parents, types, parent_x = y_tree()
    a = Morphology.from_sections(points, diameters, parents, types, parent_x).discretize(Ra=RA, nseg=3)
    perm = [3, 0, 2, 1]  # new position of old section i is perm.index(i)
    old_to_new = np.argsort(perm)
    b = Morphology.from_sections([points[i] for i in perm], [diameters[i] for i in perm],
                                 [old_to_new[parents[i]] if parents[i] >= 0 else -1 for i in perm],
                                 [types[i] for i in perm], [parent_x[i] for i in perm]).discretize(Ra=RA, nseg=3)
    for name in ('area', 'ri', 'r_axial', 'distance'):
        for s in range(4):
            rows_a = slice(a.first[s], a.first[s] + 3)
            rows_b = slice(b.first[old_to_new[s]], b.first[old_to_new[s]] + 3)
            np.testing.assert_allclose(getattr(b, name)[rows_b], getattr(a, name)[rows_a], rtol=1e-12)


def test_an_asc_file_and_its_hdf5_copy_give_the_same_compartments(tmp_path):
    morphio = pytest.importorskip('morphio')
    asc = write_asc(tmp_path / 'cell.asc', ellipse(9.0, 6.0),
                    [('Dendrite', [[1, 4, 0], [2, 40, 0], [5, 90, 3]], [2.0, 1.5, 1.0]),
                     ('Axon', [[0, -4, 0], [0, -80, 0]], [1.0, 0.8])])
    morphio.mut.Morphology(str(asc)).write(str(tmp_path / 'cell.h5'))
    a = Morphology.from_file(asc).discretize(Ra=RA, nseg='d_lambda')
    b = Morphology.from_file(tmp_path / 'cell.h5').discretize(Ra=RA, nseg='d_lambda')
    for name in ('parent', 'area', 'r_axial', 'distance', 'position'):
        np.testing.assert_allclose(getattr(b, name), getattr(a, name), rtol=1e-6, atol=1e-6)


# -- files and Import3d's soma -----------------------------------------------------------------------------
@pytest.mark.parametrize('path', bmtk_morphologies(), ids=lambda p: p.stem)
def test_real_cells_are_in_hines_order_and_their_single_point_soma_is_a_sphere(path):
    morph = Morphology.from_file(path)
    radius = float(next(line.split()[5] for line in path.read_text().splitlines()
                        if line.strip() and not line.startswith('#') and line.split()[1] == '1'))
    assert morph.total_area('soma') == pytest.approx(4 * np.pi * radius ** 2, rel=1e-6)
    assert morph.sections[0].region == 'soma' and np.all(morph.parent_x[morph.parent == 0] == 0.5)
    for junctions in (False, True):
        for nseg in ('d_lambda', 'length', 1):
            c = morph.discretize(Ra=100.0, nseg=nseg, junctions=junctions)
            assert c.parent[0] == -1 and np.all(c.parent[1:] < np.arange(1, len(c))) and np.all(c.parent[1:] >= 0)
            assert c.area.sum() == pytest.approx(morph.total_area(), rel=1e-9)
            child = c.parent >= 0
            assert np.all(c.distance[child] > c.distance[c.parent[child]] - 1e-9)   # away from the soma
            assert np.all(c.r_axial[child] > 0)


def test_a_circular_contour_soma_becomes_a_sphere_like_cylinder():
    R = 8.0
    points, diameters = contour_centroid(ellipse(R, R, n=200, z=3.0))
    assert len(points) == 21 and np.allclose(points[:, 2], 3.0)
    assert diameters[10] == pytest.approx(2 * R, rel=1e-3)
    # the end points are the second-extreme contour samples: the length is 2R less a sliver
    assert np.linalg.norm(points[-1] - points[0]) == pytest.approx(2 * R, rel=0.01)
    morph = Morphology.from_sections([points], [diameters], [-1], ['soma'])
    assert morph.total_area() == pytest.approx(4 * np.pi * R ** 2, rel=0.03)


def test_import3d_soma_rules_for_swc(tmp_path):
    three = tmp_path / 'three.swc'  # NeuroMorpho's three-point soma: a sphere; neurites at the centre
    three.write_text('1 1 0 0 0 6 -1\n2 1 0 -6 0 6 1\n3 1 0 6 0 6 1\n4 3 0 8 0 1 1\n5 3 0 30 0 0.8 4\n')
    morph = Morphology.from_file(three)
    assert morph.total_area('soma') == pytest.approx(4 * np.pi * 36, rel=1e-12)
    assert morph.parent_x[1] == 0.5 and morph.length[1] == pytest.approx(22.0)
    chain = tmp_path / 'chain.swc'  # a chain of soma cylinders: neurites on its first, middle and last points
    chain.write_text('1 1 0 0 0 5 -1\n2 1 0 5 0 6 1\n3 1 0 10 0 4 2\n4 3 0 12 0 1 3\n5 3 0 30 0 0.8 4\n'
                     '6 3 0 -2 0 0.8 1\n7 3 0 -20 0 0.6 6\n8 2 4 5 0 0.5 2\n9 2 20 5 0 0.5 8\n')
    morph = Morphology.from_file(chain)
    by_region = {r: s for r, s in zip(morph.region, morph.sections)}
    assert morph.length[0] == 10.0 and by_region['axon'].parent_x == 0.5 and by_region['axon'].length == 16.0
    ends = sorted((s.parent_x, s.length, s.diameters[0]) for s in morph.sections[1:] if s.region == 'dend')
    assert ends == [(0.0, 20.0, pytest.approx(1.6)), (1.0, 20.0, pytest.approx(2.0))]  # soma point prepended


# -- regions -----------------------------------------------------------------------------------------------
def test_regions_by_name_list_predicate_and_mask():
    morph = Morphology.from_sections(*y_tree())
    c = morph.discretize(Ra=RA, nseg=3)
    np.testing.assert_array_equal(c.where('soma'), [0, 1, 2])
    np.testing.assert_array_equal(c.where(['soma', 'apic']), np.flatnonzero(np.isin(c.region, ['soma', 'apic'])))
    np.testing.assert_array_equal(c.where('all'), np.arange(len(c)))
    assert c.where('axon').size == 0  # a standard region absent from this cell is empty, not unknown
    far = c.where(lambda t: (t.region == 'dend') & (t.distance >= 100.0))
    assert far.size and np.all(c.distance[far] >= 100.0) and np.all(c.region[far] == 'dend')
    np.testing.assert_array_equal(c.where(c.distance < 10.0), np.flatnonzero(c.distance < 10.0))
    np.testing.assert_array_equal(morph.where('dend'), [1, 3])
    np.testing.assert_array_equal(morph.where(lambda m: m.length > 80.0), [1, 3])
    assert c.index(1, 0.0) == c.first[1] and c.index(1, 1.0) == c.first[1] + 2 and c.index(1, 0.5) == c.first[1] + 1
    assert morph.total_length('apic') == pytest.approx(np.hypot(60.0, 40.0))


def test_junctions_keep_neurons_zero_area_nodes():
    morph = Morphology.from_sections(*y_tree(parent_x=0.0))  # section 1 at the soma's 0 end: a root node
    plain, nodes = morph.discretize(Ra=RA, nseg=2), morph.discretize(Ra=RA, nseg=2, junctions=True)
    zero = nodes.area == 0
    assert zero.sum() == 2 and nodes.parent[0] == -1 and nodes.x[0] == 0.0   # the soma's 0 end, then soma(1)...
    np.testing.assert_array_equal(np.sort(nodes.x[zero]), [0.0, 1.0])
    assert np.all(nodes.parent[1:] < np.arange(1, len(nodes)))
    np.testing.assert_allclose(nodes.area[~zero], plain.area, rtol=1e-12)
    np.testing.assert_allclose(nodes.r_axial[nodes.parent >= 0], nodes.ri[nodes.parent >= 0], rtol=1e-12)
    np.testing.assert_allclose(nodes.distance[~zero], plain.distance, rtol=1e-12)
    # without nodes, a child of a node hangs from the compartment next to it through both half resistances
    first = plain.first[1]
    assert plain.parent[first] == 0 and plain.r_axial[first] == pytest.approx(plain.r_left[0] + plain.r_left[first])


# -- errors ------------------------------------------------------------------------------------------------
def test_errors_name_the_problem_and_where():
    pts, diams = [[0, 0, 0], [10, 0, 0]], [2.0, 2.0]
    build = Morphology.from_sections
    with pytest.raises(ValueError, match='no soma.*allow_no_soma=True'):
        build([pts, pts], [diams, diams], [-1, 0], ['dend', 'dend'])
    assert len(build([pts, pts], [diams, diams], [-1, 0], ['dend', 'dend'], allow_no_soma=True)) == 2
    with pytest.raises(ValueError, match=r'one root.*sections 0 \(soma\), 2 \(axon\) have no parent'):
        build([pts] * 3, [diams] * 3, [-1, 0, -1], ['soma', 'dend', 'axon'])
    with pytest.raises(ValueError, match=r'section 1 \(dend\) has parent 7, which does not exist'):
        build([pts] * 2, [diams] * 2, [-1, 7], ['soma', 'dend'])
    with pytest.raises(ValueError, match=r'loop: 1 -> 2 -> 1'):
        build([pts] * 3, [diams] * 3, [-1, 2, 1], ['soma', 'dend', 'dend'])
    with pytest.raises(ValueError, match=r'section 1 \(dend\), point 1 has diameter 0.0 µm'):
        build([pts] * 2, [diams, [1.0, 0.0]], [-1, 0], ['soma', 'dend'])
    with pytest.raises(ValueError, match=r'section 1 \(dend\) has zero length'):
        build([pts, [[1, 0, 0], [1, 0, 0]]], [diams] * 2, [-1, 0], ['soma', 'dend'])
    with pytest.raises(ValueError, match=r'the soma must be the root'):
        build([pts] * 2, [diams] * 2, [-1, 0], ['dend', 'soma'])
    with pytest.raises(ValueError, match=r'unknown section type'):
        build([pts], [diams], [-1], ['dendrite'])
    c = Morphology.ball_and_stick().discretize(Ra=RA)
    with pytest.raises(ValueError, match=r"unknown region 'dendrite'; known regions: apic, axon, dend, soma, all"):
        c.where('dendrite')
    with pytest.raises(ValueError, match=r"unknown region 'basal'"):
        Morphology.ball_and_stick().where(['soma', 'basal'])
    with pytest.raises(ValueError, match=r'mask needs one entry per compartment \(2\)'):
        c.where(np.ones(3, dtype=bool))
    with pytest.raises(ValueError, match=r"unknown nseg rule 'lambda'.*'d_lambda', 'length'"):
        Morphology.ball_and_stick().discretize(Ra=RA, nseg='lambda')
    with pytest.raises(ValueError, match=r'nseg must be a positive int'):
        Morphology.ball_and_stick().discretize(Ra=RA, nseg=[1, 0])
    with pytest.raises(ValueError, match=r"Ra gives no value \(Ω·cm\) for regions \['dend'\]"):
        Morphology.ball_and_stick().discretize(Ra={'soma': 100.0})
    with pytest.raises(ValueError, match=r'Ra must be > 0'):
        Morphology.ball_and_stick().discretize(Ra=-1.0)


def test_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match='no morphology file'):
        Morphology.from_file(tmp_path / 'missing.swc')
    orphan = tmp_path / 'orphan.swc'
    orphan.write_text('1 1 0 0 0 5 -1\n2 3 0 8 0 1 1\n3 3 0 20 0 1 9\n')
    with pytest.raises(ValueError, match='orphan.swc'):
        Morphology.from_file(orphan)
    no_soma = tmp_path / 'no_soma.swc'
    no_soma.write_text('1 3 0 0 0 1 -1\n2 3 0 8 0 1 1\n3 3 0 20 0 1 2\n')
    with pytest.raises(ValueError, match='no_soma.swc: the morphology has no soma'):
        Morphology.from_file(no_soma)
    assert Morphology.from_file(no_soma, allow_no_soma=True).total_length() == pytest.approx(20.0)
    two_trees = tmp_path / 'two_trees.swc'
    two_trees.write_text('1 3 0 0 0 1 -1\n2 3 0 8 0 1 1\n3 3 5 0 0 1 -1\n4 3 5 8 0 1 3\n')
    with pytest.raises(ValueError, match='two_trees.swc: a morphology is one connected tree'):
        Morphology.from_file(two_trees, allow_no_soma=True)
    thin = tmp_path / 'thin.swc'
    thin.write_text('1 1 0 0 0 5 -1\n2 3 0 8 0 1 1\n3 3 0 20 0 0 2\n')
    with pytest.raises(ValueError, match=r'thin.swc: section 1 \(dend\), point 1 has diameter 0.0 µm'):
        Morphology.from_file(thin)
