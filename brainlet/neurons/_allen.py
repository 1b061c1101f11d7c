"""Allen Cell-Types perisomatic models as :class:`CableCell`\\ s, and a registry of cell-model loaders.

An Allen Institute biophysical *perisomatic* model (Allen Cell Types Database, technical white paper
"Biophysical Modeling – Perisomatic", 2017; Gouwens et al. 2018, Nat. Commun. 9:710) is three kinds of
files: a reconstructed morphology (SWC), a ``*_fit.json`` with the fitted parameters, and the NMODL
mechanisms it names. The recipe that builds it in NEURON — the Allen SDK's ``Utils.generate_morphology`` /
``load_cell_parameters`` and BMTK's ``aibs_perisomatic`` (``fix_axon_peri``, ``set_params_peri``) — is:

1. the morphology is read with NEURON's Import3d; every section is cut into ``nseg = 1 + 2 int(L / 40 µm)``
   segments;
2. the reconstructed axon is deleted and replaced by a stub of two sections, each 30 µm long and 1 µm in
   diameter (one segment each), ``axon[0]`` hanging from ``soma(0.5)``, ``axon[1]`` from ``axon[0](1)``;
3. every section gets ``Ra = passive.ra`` (Ω·cm), ``cm`` by section type from ``passive.cm`` (µF/cm²) and
   the ``pas`` mechanism with ``e_pas = passive.e_pas`` (mV);
4. each ``genome`` entry inserts its ``mechanism`` into the sections of its type and sets ``name`` (a
   mechanism parameter ``<param>_<mechanism>``, such as ``gbar_NaTs`` in S/cm² or ``gamma_CaDynamics``; or
   a section parameter such as ``g_pas`` when ``mechanism`` is empty) to ``value``;
5. ``conditions``: ``erev`` sets ``ena``, ``ek`` (mV) by section type, ``celsius`` (°C) the temperature and
   ``v_init`` (mV) the initial voltage.

:func:`load_allen` follows these steps with brainlet's :class:`Morphology` (which reads files as Import3d
does), :func:`~brainlet.channels.load_nmodl` for the mechanisms and :class:`CableCell`. :data:`cell_models`
is a registry of such loaders by model type (BMTK's ``add_cell_model`` idea); :func:`load_cell` calls one.
"""
import json
import os
import pathlib

import numpy as np

from ..channels import Leak, load_nmodl
from ..channels._base import Channel
from ..channels._ions import FixedIon, Ion
from ..channels._nmodl import NmodlPointProcess
from ._cable import CableCell
from ._morphology import Morphology

__all__ = ['load_allen', 'cell_models', 'load_cell', 'CellModels', 'AXON_STUB', 'BMTK_MODELS', 'bmtk_model']

#: The perisomatic recipe's axon stub: two sections of (length µm, diameter µm).
AXON_STUB = ((30.0, 1.0), (30.0, 1.0))
#: Segment length (µm) of the recipe's rule ``nseg = 1 + 2 int(L / 40)``.
SEGMENT_LENGTH = 40.0
#: Section types a genome entry may name (the Import3d section arrays).
SECTION_TYPES = ('soma', 'axon', 'dend', 'apic')
#: Reversal potentials (mV) NEURON gives an ion that no ``erev`` entry sets (``ena``, ``ek`` defaults).
NEURON_EREV = {'na': 50.0, 'k': -77.0}
#: Section parameters a genome entry without mechanism may set: the passive leak's conductance (S/cm²) and
#: reversal potential (mV), the specific capacitance (µF/cm²) and axial resistivity (Ω·cm).
SECTION_PARAMETERS = ('g_pas', 'e_pas', 'cm', 'Ra')
#: NEURON's default ``g_pas`` (S/cm²), for a section type without a ``g_pas`` genome entry.
NEURON_G_PAS = 0.001

#: The Allen models of the ``bmtk`` wheel with the morphology each is built on in BMTK's example networks (such
#: as ``examples/bio_14cells``): name -> (SWC file, fit file). The wheel's 485184849 has no morphology there
#: and 318331342 is an all-active model.
BMTK_MODELS = {
    'Scnn1a': ('Scnn1a_473845048_m.swc', '472363762_fit.json'),
    'Rorb': ('Rorb_325404214_m.swc', '473863510_fit.json'),
    'Nr5a1': ('Nr5a1_471087815_m.swc', '473863035_fit.json'),
    'PV1': ('Pvalb_470522102_m.swc', '472912177_fit.json'),
    'PV2': ('Pvalb_469628681_m.swc', '473862421_fit.json'),
}

_translated = {}  # (mod file, modification time) -> the class load_nmodl made of it


def load_mechanism(path):
    """The brainlet class of the NMODL file ``path``, translated with :func:`load_nmodl` once per process (and
    again when the file changes)."""
    path = pathlib.Path(path).resolve()
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _translated:
        _translated[key] = load_nmodl(path)
    return _translated[key]


def default_mod_dir(fit_json):
    """Where the mod files of ``fit_json`` are when ``mod_dir`` is not given: ``modfiles/`` next to it (the
    Allen Cell Types Database's download) or ``../mechanisms/modfiles/`` (BMTK's layout, as in its wheel)."""
    here = pathlib.Path(fit_json).parent
    candidates = [here / 'modfiles', here.parent / 'mechanisms' / 'modfiles']
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no mod files found for {fit_json} (looked in {', '.join(map(str, candidates))}); "
                            f"pass mod_dir= the directory of the model's .mod files.")


def bmtk_model(name):
    """``(swc, fit_json, mod_dir)``: the paths of model ``name`` of :data:`BMTK_MODELS` in the installed ``bmtk``
    wheel (read in place), for ``load_allen(*bmtk_model('Scnn1a'))``."""
    import importlib.util

    if name not in BMTK_MODELS:
        raise ValueError(f"unknown bmtk model {name!r}; known: {', '.join(BMTK_MODELS)}.")
    spec = importlib.util.find_spec('bmtk')
    if spec is None:
        raise ModuleNotFoundError("bmtk (which ships the Allen model files) is not installed: pip install bmtk.")
    root = pathlib.Path(spec.submodule_search_locations[0]) / 'utils' / 'scripts' / 'bionet'
    swc, fit = BMTK_MODELS[name]
    return (root / 'morphologies' / swc, root / 'biophysical_neuron_models' / fit,
            root / 'mechanisms' / 'modfiles')


def stub_axon(morphology, stub=AXON_STUB, direction=(0.0, -1.0, 0.0)):
    """``morphology`` with its axon sections replaced by the perisomatic recipe's stub.

    The stub's sections, ``(length µm, diameter µm)`` each, form a straight cylinder from the soma's centre
    along ``direction`` (NEURON's ``define_shape`` places a section without 3-D points; the direction only
    matters for drawing); the first hangs from ``soma(0.5)``, each next one from the previous one's 1 end.
    """
    if not morphology.has_soma:
        raise ValueError("the perisomatic recipe hangs the axon stub from the soma; this morphology has none.")
    keep = np.flatnonzero(morphology.region != 'axon')
    lost = [i for i in keep if morphology.parent[i] >= 0 and morphology.region[morphology.parent[i]] == 'axon']
    if lost:
        raise ValueError(f"section {lost[0]} ({morphology.region[lost[0]]}) hangs from an axon section; deleting "
                         f"the axon as the perisomatic recipe does would disconnect it.")
    new_id = -np.ones(len(morphology), dtype=int)
    new_id[keep] = np.arange(len(keep))
    secs = [morphology.sections[i] for i in keep]
    points, diameters = [s.points for s in secs], [s.diameters for s in secs]
    parents = [int(new_id[s.parent]) if s.parent >= 0 else -1 for s in secs]
    types, parent_x = [s.type for s in secs], [s.parent_x for s in secs]
    root = int(new_id[morphology.root])
    soma = secs[root]
    start = np.array([np.interp(soma.length / 2, soma.arc, soma.points[:, k]) for k in range(3)])
    unit = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
    for k, (length, diam) in enumerate(stub):
        end = start + length * unit
        points.append(np.array([start, end]))
        diameters.append(np.array([diam, diam]))
        parents.append(root if k == 0 else len(points) - 2)
        parent_x.append(0.5 if k == 0 else 1.0)
        types.append(2)
        start = end
    return Morphology.from_sections(points, diameters, parents, types, parent_x=parent_x)


def read_fit(fit_json):
    """The fitted parameters of a ``*_fit.json`` (a path or the loaded dict), checked: ``passive``, ``genome``,
    ``conditions`` as the perisomatic recipe reads them."""
    if isinstance(fit_json, (str, os.PathLike)):
        if not os.path.exists(fit_json):
            raise FileNotFoundError(f"no fit_json file at {os.fspath(fit_json)!r}.")
        with open(fit_json) as f:
            fit_json = json.load(f)
    missing = [k for k in ('passive', 'genome', 'conditions') if k not in fit_json]
    if missing:
        raise ValueError(f"fit_json lacks {missing}; a perisomatic model has 'passive', 'genome' and 'conditions'.")
    passive, conditions = fit_json['passive'][0], fit_json['conditions'][0]
    missing = [k for k in ('ra', 'cm', 'e_pas') if k not in passive]
    if missing:
        raise ValueError(f"fit_json's passive lacks {missing}: not a perisomatic model (an all-active model sets "
                         f"them in its genome); load_allen reads perisomatic models.")
    for entry in fit_json['genome']:
        if entry['section'] not in SECTION_TYPES:
            raise ValueError(f"genome entry {entry['name']!r} names section {entry['section']!r}; use one of "
                             f"{', '.join(SECTION_TYPES)}.")
        if entry['mechanism'] == '' and entry['name'] not in SECTION_PARAMETERS:
            raise ValueError(f"genome entry {entry['name']!r} has no mechanism; a section parameter must be one "
                             f"of {', '.join(SECTION_PARAMETERS)}.")
        if entry['mechanism'] and not entry['name'].endswith('_' + entry['mechanism']):
            raise ValueError(f"genome entry {entry['name']!r} should be <parameter>_{entry['mechanism']}.")
    return passive, fit_json['genome'], conditions


def load_allen(morphology, fit_json, mod_dir=None, num=1, V_th=-15.0):
    """An Allen Cell-Types perisomatic model as a :class:`CableCell`, built as the Allen SDK and BMTK build it
    in NEURON (see :mod:`brainlet.neurons._allen` for the recipe).

    Parameters
    ----------
    morphology : str, os.PathLike or Morphology
        The reconstruction (an SWC file, read as NEURON's Import3d reads it), or a Morphology.
    fit_json : str, os.PathLike or dict
        The model's ``*_fit.json`` (or its contents): ``passive`` (``ra`` Ω·cm, ``cm`` µF/cm² by section
        type, ``e_pas`` mV), ``genome`` (mechanism parameters by section type, in the mod files' units:
        ``gbar`` S/cm²), ``conditions`` (``celsius`` °C, ``erev`` mV by section type, ``v_init`` mV).
    mod_dir : str or os.PathLike, optional
        Directory of the ``<mechanism>.mod`` files the genome names; by default ``modfiles/`` next to
        ``fit_json`` or ``../mechanisms/modfiles/`` (the layout of the files in the ``bmtk`` wheel). Each file
        is translated by :func:`~brainlet.channels.load_nmodl` once per process.
    num : int
        Number of identical cells (see :class:`CableCell`).
    V_th : float
        Spike threshold (mV); −15, BMTK's default ``spike_threshold`` (the fast-spiking Pvalb models' spikes
        peak near −3 mV, below NEURON's usual 0). Detected at the soma's centre ``soma(0.5)``, compartment
        ``cell.compartments.index(0, 0.5)`` of a morphology read from a file (its soma is section 0).

    Returns
    -------
    CableCell
        Starting at ``v_init``; the leak is the channel ``'pas'``, each mechanism the channel of its name
        (``cell.channels['NaTs'].gbar``, one value per compartment where it is inserted), a concentration
        mechanism such as CaDynamics the cell's ion (``cell.ions['ca']``); ``cell.fit`` holds the parameters.

    Raises
    ------
    FileNotFoundError
        A missing morphology, fit_json, mod_dir or mod file of a mechanism the genome names.
    ValueError
        A fit_json that is not a perisomatic model, a genome entry naming an unknown section type or
        parameter, a mechanism that :func:`~brainlet.channels.load_nmodl` cannot translate.

    Example
    -------
    >>> cell = load_allen('Scnn1a_473845048_m.swc', '472363762_fit.json')
    >>> soma = cell.compartments.index(0, 0.5)
    >>> cell.place(soma, IClamp(delay=100., dur=1000., amp=0.2))
    """
    passive, genome, conditions = read_fit(fit_json)
    if not isinstance(morphology, Morphology):
        morphology = Morphology.from_file(morphology)
    if mod_dir is None:
        mod_dir = default_mod_dir(fit_json) if not isinstance(fit_json, dict) else None
    if mod_dir is None or not os.path.isdir(mod_dir):
        raise FileNotFoundError(f"mod_dir {mod_dir!r} is not a directory; pass mod_dir= the directory of the "
                                f"model's .mod files.")
    morphology = stub_axon(morphology)
    present = set(morphology.region.tolist())
    section_values = {p: {} for p in SECTION_PARAMETERS}                   # parameter -> section type -> value
    section_values['cm'] = {c['section']: c['cm'] for c in passive['cm']}
    section_values['e_pas'] = dict.fromkeys(SECTION_TYPES, passive['e_pas'])
    section_values['Ra'] = dict.fromkeys(SECTION_TYPES, passive['ra'])
    mechanisms = {}                                                        # mechanism -> section type -> params
    for entry in genome:
        if entry['mechanism'] == '':
            section_values[entry['name']][entry['section']] = float(entry['value'])
        else:
            param = entry['name'][:-len(entry['mechanism']) - 1]
            by_section = mechanisms.setdefault(entry['mechanism'], {})
            by_section.setdefault(entry['section'], {})[param] = float(entry['value'])
    classes = {name: _mechanism_class(name, mod_dir, sections) for name, sections in mechanisms.items()}
    missing = sorted(present - set(section_values['cm']))
    if missing:
        raise ValueError(f"fit_json's passive cm gives no value (µF/cm²) for section types {missing}.")
    by_region = lambda values: {r: v for r, v in values.items() if r in present}  # noqa: E731
    compartments = morphology.discretize(Ra=by_region(section_values['Ra']), nseg='length',
                                         cm=by_region(section_values['cm']), segment_length=SEGMENT_LENGTH,
                                         junctions=True)
    region = np.tile(np.asarray(compartments.region), num)
    celsius = float(conditions['celsius'])
    ions = _ions(classes, mechanisms, conditions['erev'], region, celsius)
    cell = CableCell(compartments, num=num, cm=by_region(section_values['cm']), ions=ions,
                     V_initial=float(conditions['v_init']), V_th=V_th,
                     spike_at=compartments.index(morphology.root, 0.5))
    per_compartment = lambda values, default, where: np.array(  # noqa: E731
        [values.get(r, default) for r in region[where]], dtype=float)
    everywhere = np.arange(len(region))
    cell.paint('all', Leak(g_max=1e3 * per_compartment(section_values['g_pas'], NEURON_G_PAS, everywhere),  # mS/cm²
                           E=per_compartment(section_values['e_pas'], passive['e_pas'], everywhere)), name='pas')
    for name, sections in mechanisms.items():
        cls = classes[name]
        if issubclass(cls, Ion):
            continue  # a concentration mechanism is the cell's ion (below, in _ions)
        regions = [r for r in sections if r in present]
        if not regions:
            continue
        where = cell.compartments_of(regions)
        params = {p: per_compartment({r: sections[r].get(p, cls.parameters[p]) for r in regions}, None, where)
                  for p in set().union(*(sections[r] for r in regions))}
        cell.paint(regions, cls(celsius=celsius), name=name, **params)
    cell.fit = {'passive': passive, 'genome': genome, 'conditions': conditions}
    return cell


def _mechanism_class(name, mod_dir, sections):
    """The class of mechanism ``name`` from ``mod_dir/<name>.mod``, checked against the parameters the genome
    sets (``sections``: section type -> parameter -> value)."""
    path = pathlib.Path(mod_dir) / f'{name}.mod'
    if not path.exists():
        known = sorted(p.stem for p in pathlib.Path(mod_dir).glob('*.mod'))
        raise FileNotFoundError(f"the genome names mechanism {name!r}, but {path} does not exist; mod files in "
                                f"{mod_dir}: {', '.join(known) or 'none'}.")
    cls = load_mechanism(path)
    if issubclass(cls, NmodlPointProcess):
        raise ValueError(f"the genome inserts {name!r}, but {path} is a POINT_PROCESS; a genome inserts density "
                         f"mechanisms (SUFFIX) and concentration mechanisms.")
    if not issubclass(cls, (Channel, Ion)):
        raise ValueError(f"{path} is neither a channel nor a concentration mechanism.")
    unknown = sorted(set().union(*sections.values()) - set(cls.parameters))
    if unknown:
        raise ValueError(f"the genome sets {', '.join(f'{p}_{name}' for p in unknown)}, but {name}.mod has no such "
                         f"PARAMETER; its parameters: {', '.join(f'{p}_{name}' for p in cls.parameters)}.")
    return cls


def _ions(classes, mechanisms, erev, region, celsius):
    """The cell's ions, one value per compartment (``region`` of each): a concentration mechanism's ion with
    its genome parameters where it is inserted (its defaults elsewhere, where no channel uses the ion), else a
    fixed reversal potential from ``erev`` by section type (NEURON's default where none is given)."""
    E = {}  # ion -> section type -> mV
    for entry in erev:
        for key, value in entry.items():
            if key != 'section':
                E.setdefault(key[1:], {})[entry['section']] = float(value)
    users, present = {}, set(region.tolist())  # ion -> section types of the cell where a channel uses it
    for name, cls in classes.items():
        if not issubclass(cls, Ion):
            for ion in cls.uses_ions:
                users.setdefault(ion, set()).update(set(mechanisms[name]) & present)
    ions = {}
    for name, cls in classes.items():
        if issubclass(cls, Ion):
            where = set(mechanisms[name])
            if cls.ion in ions:
                raise ValueError(f"two mechanisms write ion {cls.ion!r}; a cell has one {cls.ion} concentration.")
            unfed = sorted(users.get(cls.ion, set()) - where)
            if unfed:
                raise ValueError(f"{unfed} use ion {cls.ion!r} without {name}, which writes it elsewhere; load_allen "
                                 f"needs {name} wherever {cls.ion} is used.")
            params = {p: np.array([mechanisms[name].get(r, {}).get(p, default) for r in region])
                      for p, default in cls.parameters.items()}
            ions[cls.ion] = cls(celsius=celsius, **params)
    for ion in sorted(set(users) - set(ions)):
        known = E.get(ion, {})
        if ion not in NEURON_EREV and not users[ion] <= set(known):
            raise ValueError(f"mechanisms use ion {ion!r} in {sorted(users[ion])}, but neither a concentration "
                             f"mechanism nor conditions.erev (e{ion}) gives it there.")
        ions[ion] = FixedIon(np.array([known.get(r, NEURON_EREV.get(ion, np.nan)) for r in region]))
    return ions


class CellModels:
    """A registry of cell-model loaders by model type: ``loader(*args, **kwargs) -> CableCell``.

    ``cell_models.register('my_format', loader)`` adds one (or ``@cell_models.register('my_format')`` on a
    function); :func:`load_cell` calls a loader by its model type. ``'allen_perisomatic'`` is
    :func:`load_allen`.
    """

    def __init__(self):
        self._loaders = {}

    def register(self, model_type, loader=None, replace=False):
        """Register ``loader`` as ``model_type`` (a str); without ``loader``, a decorator. Registering a taken
        name again is an error unless ``replace=True``. Returns the loader."""
        if not isinstance(model_type, str) or not model_type:
            raise ValueError(f"model_type must be a non-empty str, got {model_type!r}.")
        if loader is None:
            return lambda f: self.register(model_type, f, replace)
        if not callable(loader):
            raise ValueError(f"loader for {model_type!r} must be callable, got {loader!r}.")
        if model_type in self._loaders and not replace:
            raise ValueError(f"cell model {model_type!r} is already registered; pass replace=True to replace it.")
        self._loaders[model_type] = loader
        return loader

    def __getitem__(self, model_type):
        if model_type not in self._loaders:
            raise ValueError(f"unknown cell model {model_type!r}; registered: {', '.join(sorted(self._loaders))}. "
                             f"Add one with bl.neurons.cell_models.register(name, loader).")
        return self._loaders[model_type]

    def __contains__(self, model_type):
        return model_type in self._loaders

    def __iter__(self):
        return iter(sorted(self._loaders))

    def __repr__(self):
        return f"CellModels({', '.join(self)})"


#: The registry of cell-model loaders; ``'allen_perisomatic'`` is :func:`load_allen`.
cell_models = CellModels()
cell_models.register('allen_perisomatic', load_allen)


def load_cell(model_type, *args, **kwargs):
    """Build a cell with the loader registered as ``model_type`` in :data:`cell_models`:
    ``load_cell('allen_perisomatic', swc, fit_json)`` is ``load_allen(swc, fit_json)``."""
    return cell_models[model_type](*args, **kwargs)
