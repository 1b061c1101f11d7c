"""``load_allen``: the structure of an Allen perisomatic cell built from the bmtk wheel's files (read in place),
the cell-model registry and the loader's errors. NEURON comparisons: tests/validation/test_allen_neuron.py."""
import json
import shutil

import numpy as np
import pytest

import brainlet as bl
from brainlet.channels._nmodl import NmodlError
from brainlet.neurons._allen import AXON_STUB, load_mechanism

pytest.importorskip('bmtk')
MODEL = 'Nr5a1'  # the smallest of the three models whose mechanisms are all translated (118 compartments)


@pytest.fixture(scope='module')
def files():
    return bl.neurons.bmtk_model(MODEL)


@pytest.fixture(scope='module')
def fit(files):
    return json.loads(files[1].read_text())


@pytest.fixture(scope='module')
def cell(files):
    return bl.neurons.load_allen(*files)


def genome_value(fit, section, name):
    return next(g['value'] for g in fit['genome'] if g['section'] == section and g['name'] == name)


def test_axon_is_replaced_by_the_two_section_stub(files, cell):
    original = bl.neurons.Morphology.from_file(files[0])
    comps = cell.compartments
    axon = np.unique(comps.section[comps.region == 'axon'])
    assert original.total_length('axon') != pytest.approx(60.0)  # the reconstruction's own (cut) axon, gone
    assert len(axon) == 2
    lengths = comps.length[np.isin(comps.section, axon) & (comps.area > 0)]
    diams = comps.diam[np.isin(comps.section, axon) & (comps.area > 0)]
    np.testing.assert_allclose(lengths, [length for length, _ in AXON_STUB])  # one compartment each: 30 µm
    np.testing.assert_allclose(diams, [d for _, d in AXON_STUB])
    np.testing.assert_allclose(comps.area[np.isin(comps.section, axon)].sum(), np.pi * 1.0 * 60.0)
    # the rest of the cell is the reconstruction's
    for region in ('soma', 'dend', 'apic'):
        assert comps.area[comps.region == region].sum() == pytest.approx(original.total_area(region), rel=1e-12)
    # axon[0] hangs from soma(0.5), axon[1] from axon[0](1)
    first = comps.first[axon]
    assert comps.section[comps.parent[first[0]]] == 0 and comps.x[comps.parent[first[0]]] == 0.5
    assert comps.section[comps.parent[first[1]]] == axon[0]


def test_nseg_is_the_recipes_length_rule(files, cell):
    morph = bl.neurons._allen.stub_axon(bl.neurons.Morphology.from_file(files[0]))
    np.testing.assert_array_equal(cell.compartments.nseg, 1 + 2 * (morph.length // 40).astype(int))
    assert cell.compartments.nseg.max() > 1


def test_densities_and_conditions_by_section_type(fit, cell):
    region, soma = cell.region, cell.compartments_of('soma')
    passive, conditions = fit['passive'][0], fit['conditions'][0]
    # pas everywhere: g by section type (S/cm² -> mS/cm²), e_pas
    pas = cell.channels['pas']
    for r in set(region.tolist()):
        np.testing.assert_allclose(np.asarray(pas.g_max)[region == r], 1e3 * genome_value(fit, r, 'g_pas'))
    np.testing.assert_allclose(pas.E, passive['e_pas'])
    for c in passive['cm']:
        np.testing.assert_allclose(cell.cm[region == c['section']], c['cm'])
    # every genome mechanism only where the genome inserts it (the soma), with its density
    channels = {g['mechanism'] for g in fit['genome'] if g['mechanism'] and g['mechanism'] != 'CaDynamics'}
    assert set(cell.channels) == channels | {'pas'}
    for name in channels:
        np.testing.assert_array_equal(np.r_[cell._index[name]], soma)
        assert cell.channels[name].celsius == conditions['celsius']
        np.testing.assert_allclose(cell.channels[name].gbar, genome_value(fit, 'soma', f'gbar_{name}'))
    # CaDynamics is the calcium ion, with gamma and decay of the soma there
    ca = cell.ions['ca']
    assert type(ca).__name__ == 'CaDynamics'
    np.testing.assert_allclose(ca.gamma[soma], genome_value(fit, 'soma', 'gamma_CaDynamics'))
    np.testing.assert_allclose(ca.decay[soma], genome_value(fit, 'soma', 'decay_CaDynamics'))
    erev = conditions['erev'][0]
    np.testing.assert_allclose(cell.ions['na'].E.value[soma], erev['ena'])
    np.testing.assert_allclose(cell.ions['k'].E.value[soma], erev['ek'])
    np.testing.assert_allclose(cell.V.value, conditions['v_init'])
    assert cell.spike_at[0] == cell.compartments.index(0, 0.5)


def test_section_parameters_of_the_genome_override_passive(files, fit, cell, tmp_path):
    swc, _, mod_dir = files
    genome = [g for g in fit['genome'] if not (g['section'] == 'dend' and g['name'] == 'g_pas')]
    genome += [{'section': 'dend', 'name': name, 'value': value, 'mechanism': ''}
               for name, value in (('e_pas', -70.0), ('cm', 3.0), ('Ra', 2 * fit['passive'][0]['ra']))]
    changed = bl.neurons.load_allen(swc, write_fit(tmp_path, fit, genome=genome), mod_dir)
    dend = changed.region == 'dend'
    np.testing.assert_allclose(np.asarray(changed.channels['pas'].g_max)[dend], 1.0)  # NEURON's default g_pas, mS/cm²
    np.testing.assert_allclose(np.asarray(changed.channels['pas'].E)[dend], -70.0)
    np.testing.assert_allclose(changed.cm[dend], 3.0)
    np.testing.assert_allclose(changed.compartments.r_left[dend], 2 * cell.compartments.r_left[dend])
    np.testing.assert_array_equal(changed.compartments.r_left[~dend], cell.compartments.r_left[~dend])


def test_mechanisms_are_translated_once_per_file(files):
    assert load_mechanism(files[2] / 'NaTs.mod') is load_mechanism(files[2] / 'NaTs.mod')


def test_population_has_the_densities_of_one_cell(files, cell):
    two = bl.neurons.load_allen(*files, num=2)
    assert two.num_compartments == 2 * cell.num_compartments
    np.testing.assert_array_equal(np.asarray(two.channels['pas'].g_max),
                                  np.tile(np.asarray(cell.channels['pas'].g_max), 2))


def test_registry(files):
    assert 'allen_perisomatic' in bl.neurons.cell_models
    assert bl.neurons.cell_models['allen_perisomatic'] is bl.neurons.load_allen
    registry = bl.neurons.CellModels()

    @registry.register('ball')
    def ball(diam):
        return bl.neurons.CableCell(bl.neurons.Morphology.ball_and_stick(soma_diam=diam))

    assert list(registry) == ['ball'] and registry['ball'] is ball
    with pytest.raises(ValueError, match="'ball' is already registered; pass replace=True"):
        registry.register('ball', ball)
    registry.register('ball', ball, replace=True)
    with pytest.raises(ValueError, match=r"unknown cell model 'nope'; registered: ball\. Add one with"):
        registry['nope']
    with pytest.raises(ValueError, match='must be callable'):
        registry.register('x', 3)
    with pytest.raises(ValueError, match="unknown cell model 'nope'; registered: allen_perisomatic"):
        bl.neurons.load_cell('nope', *files)


def test_load_cell_calls_the_registered_loader(files, cell):
    same = bl.neurons.load_cell('allen_perisomatic', *files)
    assert same.per_cell == cell.per_cell and list(same.channels) == list(cell.channels)


def write_fit(tmp_path, fit, **changes):
    path = tmp_path / 'model_fit.json'
    path.write_text(json.dumps({**fit, **changes}))
    return path


def test_errors(files, fit, tmp_path):
    swc, fit_json, mod_dir = files
    with pytest.raises(FileNotFoundError, match='no morphology file'):
        bl.neurons.load_allen(tmp_path / 'missing.swc', fit_json, mod_dir)
    with pytest.raises(FileNotFoundError, match='no fit_json file'):
        bl.neurons.load_allen(swc, tmp_path / 'missing_fit.json', mod_dir)
    with pytest.raises(FileNotFoundError, match='mod_dir .* is not a directory'):
        bl.neurons.load_allen(swc, fit_json, tmp_path / 'nothing')
    with pytest.raises(FileNotFoundError, match='no mod files found .* pass mod_dir='):
        bl.neurons.load_allen(swc, write_fit(tmp_path, fit))
    unknown = fit['genome'] + [{'section': 'soma', 'name': 'gbar_Foo', 'value': 1e-3, 'mechanism': 'Foo'}]
    with pytest.raises(FileNotFoundError,
                       match="mechanism 'Foo', but .*Foo.mod does not exist; mod files in .*NaTs"):
        bl.neurons.load_allen(swc, write_fit(tmp_path, fit, genome=unknown), mod_dir)
    bad = fit['genome'] + [{'section': 'soma', 'name': 'gmax_NaTs', 'value': 1e-3, 'mechanism': 'NaTs'}]
    with pytest.raises(ValueError, match='sets gmax_NaTs, but NaTs.mod has no such PARAMETER; its parameters: gbar_'):
        bl.neurons.load_allen(swc, write_fit(tmp_path, fit, genome=bad), mod_dir)
    bad = fit['genome'] + [{'section': 'dendrite', 'name': 'g_pas', 'value': 1e-3, 'mechanism': ''}]
    with pytest.raises(ValueError, match="names section 'dendrite'; use one of soma, axon, dend, apic"):
        bl.neurons.load_allen(swc, write_fit(tmp_path, fit, genome=bad), mod_dir)
    bad = fit['genome'] + [{'section': 'soma', 'name': 'diam', 'value': 1.0, 'mechanism': ''}]
    with pytest.raises(ValueError, match="'diam' has no mechanism; a section parameter must be one of g_pas"):
        bl.neurons.load_allen(swc, write_fit(tmp_path, fit, genome=bad), mod_dir)
    all_active = {**fit, 'passive': [{'ra': 100.0}]}
    with pytest.raises(ValueError, match=r"passive lacks \['cm', 'e_pas'\]: not a perisomatic model"):
        bl.neurons.load_allen(swc, all_active, mod_dir)
    with pytest.raises(ValueError, match="unknown bmtk model 'L5'; known: Scnn1a"):
        bl.neurons.bmtk_model('L5')


def load_with_extra_mechanism(files, fit, tmp_path, name, neuron_block):
    """load_allen with the bmtk mod files plus ``name.mod`` (``neuron_block`` and a parameter g), inserted on
    the soma by the genome."""
    swc, _, mod_dir = files
    for mod in mod_dir.glob('*.mod'):
        shutil.copy(mod, tmp_path)
    (tmp_path / f'{name}.mod').write_text(f'NEURON {{ {neuron_block} RANGE g }}\nPARAMETER {{ g = 1 }}\n')
    genome = fit['genome'] + [{'section': 'soma', 'name': f'g_{name}', 'value': 1.0, 'mechanism': name}]
    return bl.neurons.load_allen(swc, write_fit(tmp_path, fit, genome=genome), tmp_path)


def test_a_mechanism_load_nmodl_cannot_translate_is_named(files, fit, tmp_path):
    with pytest.raises(NmodlError, match='Stim.mod'):
        load_with_extra_mechanism(files, fit, tmp_path, 'Stim', 'ARTIFICIAL_CELL Stim')


def test_a_point_process_in_the_genome_is_refused(files, fit, tmp_path):
    with pytest.raises(ValueError, match="inserts 'Syn'.*POINT_PROCESS"):
        load_with_extra_mechanism(files, fit, tmp_path, 'Syn', 'POINT_PROCESS Syn')
