"""Fixtures shared by the comparisons with NEURON.

NEURON loads a compiled mechanism library once per process, so every mechanism a validation test needs is
compiled into one library here, loaded once per pytest session: the ``.mod`` files of the ``bmtk`` wheel
(read from the installed package, never copied into the repository) and a few small mechanisms written for
``test_nmodl_neuron.py`` (:data:`EXTRA_MECHANISMS`).
"""
import importlib.util
import pathlib
import shutil
import subprocess

import jax
import pytest

#: Mechanisms written for the NMODL translation tests, for what no bmtk file has: METHOD derivimplicit on a
#: nonlinear coupled system, a TABLE, a SOLVE of a PROCEDURE that advances an ASSIGNED variable, and two
#: synapses (POINT_PROCESS with NET_RECEIVE): a single and a dual exponential conductance.
EXTRA_MECHANISMS = {
    'bl_expsyn.mod': r"""
: a conductance that jumps by the event's weight and decays with time constant tau
NEURON {
    POINT_PROCESS bl_expsyn
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER {
    tau = 2 (ms)
    e = 0 (mV)
}
ASSIGNED { v (mV) i (nA) }
STATE { g (uS) }
INITIAL { g = 0 }
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE state { g' = -g / tau }
NET_RECEIVE(weight (uS)) { g = g + weight }
""",
    'bl_exp2syn.mod': r"""
: a dual-exponential conductance B - A, normalised so that an event of weight w peaks at w
NEURON {
    POINT_PROCESS bl_exp2syn
    RANGE tau1, tau2, e, i, g
    NONSPECIFIC_CURRENT i
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER {
    tau1 = 0.5 (ms)
    tau2 = 5 (ms)
    e = 0 (mV)
}
ASSIGNED { v (mV) i (nA) g (uS) factor }
STATE { A (uS) B (uS) }
INITIAL {
    LOCAL tpeak
    A = 0
    B = 0
    tpeak = tau1 * tau2 / (tau2 - tau1) * log(tau2 / tau1)
    factor = 1 / (exp(-tpeak / tau2) - exp(-tpeak / tau1))
}
BREAKPOINT {
    SOLVE state METHOD cnexp
    g = B - A
    i = g * (v - e)
}
DERIVATIVE state {
    A' = -A / tau1
    B' = -B / tau2
}
NET_RECEIVE(weight (uS)) {
    A = A + weight * factor
    B = B + weight * factor
}
""",
    'bl_kimp.mod': r"""
: potassium current with a slow, nonlinear and coupled inactivation, solved by derivimplicit
NEURON {
    SUFFIX bl_kimp
    USEION k READ ek WRITE ik
    RANGE gbar, ik
    GLOBAL ninf, ntau
}
PARAMETER {
    gbar = 0.002 (S/cm2)
    kc = 0.02 (/ms)
}
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) ninf ntau (ms) celsius (degC) }
STATE { n s }
BREAKPOINT {
    SOLVE states METHOD derivimplicit
    ik = gbar * n^4 * s * (v - ek)
}
INITIAL {
    rates(v)
    n = ninf
    s = 1
}
DERIVATIVE states {
    rates(v)
    n' = (ninf - n) / ntau
    s' = kc * (1 - s) * (1 - s) - 2 * kc * n * s * s
}
PROCEDURE rates(v (mV)) {
    LOCAL q
    TABLE ninf, ntau DEPEND celsius FROM -100 TO 100 WITH 200
    q = 3^((celsius - 6.3) / 10)
    ninf = 1 / (1 + exp(-(v + 45) / 9))
    ntau = 4 / (q * (exp((v + 50) / 30) + exp(-(v + 50) / 30)))
}
""",
    'bl_adapt.mod': r"""
: a conductance that follows a piecewise target, advanced by a PROCEDURE (old-style SOLVE)
NEURON {
    SUFFIX bl_adapt
    NONSPECIFIC_CURRENT i
    RANGE g, e, a
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) }
PARAMETER {
    g = 0.0005 (S/cm2)
    e = -80 (mV)
    tau = 40 (ms)
}
ASSIGNED { v (mV) dt (ms) i (mA/cm2) a }
BREAKPOINT {
    SOLVE advance
    i = g * (1 + a) * (v - e)
}
INITIAL { a = target(v) }
PROCEDURE advance() {
    a = a + (1 - exp(-dt / tau)) * (target(v) - a)
}
FUNCTION target(v (mV)) {
    if (v < -80) {
        target = 0
    } else if (v < -40) {
        target = (v + 80) / 40
    } else {
        target = 1
    }
}
""",
}
_loaded = {}


def bmtk_mod_dir():
    """The directory of the ``.mod`` files in the installed ``bmtk`` wheel (None without bmtk)."""
    spec = importlib.util.find_spec('bmtk')
    return None if spec is None else pathlib.Path(spec.origin).parent / 'utils/scripts/bionet/mechanisms/modfiles'


@pytest.fixture(scope='session')
def extra_mechanisms():
    """Name (without .mod) -> NMODL text of :data:`EXTRA_MECHANISMS`."""
    return {name.removesuffix('.mod'): text for name, text in EXTRA_MECHANISMS.items()}


@pytest.fixture(scope='session')
def h(tmp_path_factory):
    """NEURON's ``h`` with every bmtk mechanism but vecevent and :data:`EXTRA_MECHANISMS` compiled with
    ``nrnivmodl`` and loaded (once per process)."""
    neuron = pytest.importorskip('neuron')
    source = bmtk_mod_dir()
    if source is None:
        pytest.skip('bmtk (which ships the mod files) is not installed')
    if 'h' not in _loaded:
        build = tmp_path_factory.mktemp('bmtk_mechanisms')
        for mod in source.glob('*.mod'):
            if mod.name != 'vecevent.mod':
                shutil.copy(mod, build)
        for name, text in EXTRA_MECHANISMS.items():
            (build / name).write_text(text)
        result = subprocess.run(['nrnivmodl', '.'], cwd=build, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        library = next(build.glob('*/libnrnmech.so'), None) or next(build.glob('*/.libs/libnrnmech.so'))
        neuron.h.nrn_load_dll(str(library))
        neuron.h.load_file('stdrun.hoc')
        _loaded['h'] = neuron.h
    return _loaded['h']


@pytest.fixture(scope='session')
def prinz2004():
    """The pyloric-network-simulator package's model module (skips without it); its import turns on float64
    globally, which is undone here."""
    pytest.importorskip('pyloric_network_simulator')
    x64 = jax.config.jax_enable_x64
    try:
        return importlib.import_module('pyloric_network_simulator.prinz2004')
    finally:
        jax.config.update('jax_enable_x64', x64)
