"""``load_nmodl``: small mechanisms written here, translated and checked against closed forms, against the
hand-written channels they equal, and for the errors that name file, line and column. The comparison with
NEURON itself is ``tests/validation/test_nmodl_neuron.py``."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.constants

import brainlet as bl
from brainlet.channels._nmodl import cnexp, implicit_euler
from brainlet.channels._nmodl import NmodlError

ch = bl.channels

LEAK = """
NEURON {
    SUFFIX myleak
    NONSPECIFIC_CURRENT i
    RANGE g, e
}
PARAMETER {
    g = 0.0003 (S/cm2)
    e = -54.3 (mV)
}
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g * (v - e) }
"""

# Hodgkin & Huxley (1952) in NEURON's conventions (rest near -65 mV), with Q10 = 3 from 6.3 degC
HH_NA = """
NEURON {
    SUFFIX myna
    USEION na READ ena WRITE ina
    RANGE gbar
}
PARAMETER { gbar = 0.12 (S/cm2) }
ASSIGNED { v (mV) ena (mV) ina (mA/cm2) celsius (degC) minf mtau (ms) hinf htau (ms) }
STATE { m h }
BREAKPOINT {
    SOLVE gates METHOD cnexp
    ina = gbar * m * m * m * h * (v - ena)
}
INITIAL {
    rates(v)
    m = minf
    h = hinf
}
DERIVATIVE gates {
    rates(v)
    m' = (minf - m) / mtau
    h' = (hinf - h) / htau
}
PROCEDURE rates(v (mV)) {
    LOCAL a, b, q
    TABLE minf, mtau, hinf, htau DEPEND celsius FROM -100 TO 100 WITH 200
    UNITSOFF
    q = 3^((celsius - 6.3) / 10)
    a = 0.1 * trap(v + 40, 10)
    b = 4 * exp(-(v + 65) / 18)
    minf = a / (a + b)
    mtau = 1 / (q * (a + b))
    a = 0.07 * exp(-(v + 65) / 20)
    b = 1 / (1 + exp(-(v + 35) / 10))
    hinf = a / (a + b)
    htau = 1 / (q * (a + b))
    UNITSON
}
FUNCTION trap(x, y) {
    if (fabs(x / y) < 1e-6) {
        trap = y * (1 + x / y / 2)
    } else {
        trap = x / (1 - exp(-x / y))
    }
}
"""

HH_K = """
NEURON {
    SUFFIX myk
    USEION k READ ek WRITE ik
    RANGE gbar
}
PARAMETER { gbar = 0.036 (S/cm2) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) celsius (degC) }
STATE { n }
BREAKPOINT {
    SOLVE gates METHOD cnexp
    ik = gbar * n^4 * (v - ek)
}
INITIAL { n = alpha(v) / (alpha(v) + beta(v)) }
DERIVATIVE gates {
    n' = 3^((celsius - 6.3) / 10) * (alpha(v) * (1 - n) - beta(v) * n)
}
FUNCTION alpha(v (mV)) (/ms) { alpha = 0.01 * (v + 55) / (1 - exp(-(v + 55) / 10)) }
FUNCTION beta(v (mV)) (/ms) { beta = 0.125 * exp(-(v + 65) / 80) }
"""

CALCIUM = """
NEURON {
    SUFFIX mycad
    USEION ca READ ica WRITE cai
    RANGE gamma, decay, depth, cmin
}
UNITS { (mM) = (milli/liter) FARADAY = (faraday) (coulomb) }
PARAMETER {
    gamma = 0.05
    decay = 80 (ms)
    depth = 0.1 (um)
    cmin = 1e-4 (mM)
}
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = cmin }
BREAKPOINT { SOLVE pool METHOD cnexp }
DERIVATIVE pool { cai' = -(10000) * ica * gamma / (2 * FARADAY * depth) - (cai - cmin) / decay }
"""


def gate_mod(method, equation="x' = (xinf - x) / tau"):
    return f"""
NEURON {{ SUFFIX gate NONSPECIFIC_CURRENT i RANGE xinf, tau }}
PARAMETER {{ xinf = 0.8 tau = 5 (ms) }}
ASSIGNED {{ v (mV) i (mA/cm2) }}
STATE {{ x }}
INITIAL {{ x = 0.1 }}
BREAKPOINT {{
    SOLVE s METHOD {method}
    i = 0.001 * x * v
}}
DERIVATIVE s {{ {equation} }}
"""


def patches(channel, V, ions=None):
    return channel.bind(len(V), jnp.asarray(V), ions or {})


def test_a_leak_is_its_formula_in_microamps(x64):
    Leak = ch.load_nmodl(LEAK)
    assert issubclass(Leak, ch.Channel) and Leak.ion is None and Leak.parameters == {'g': 0.0003, 'e': -54.3}
    V = jnp.linspace(-90., 30., 7)
    I, g = patches(Leak(g=0.002, e=-70.), V).current(V, {})
    np.testing.assert_allclose(I, 1e3 * 0.002 * (V + 70.), rtol=1e-14)  # NEURON's mA/cm² × 1000
    np.testing.assert_allclose(g, 2.0, rtol=1e-14)                        # mS/cm²
    assert Leak().g == 0.0003 and Leak().celsius == 6.3


def test_hh_mechanisms_equal_brainlets_hh_channels(x64):
    Na, K, Leak = ch.load_nmodl(HH_NA), ch.load_nmodl(HH_K), ch.load_nmodl(LEAK)
    ions = {'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)}
    ours = bl.neurons.CondNeuGroup(3, channels={'na': Na(celsius=16.3), 'k': K(celsius=16.3), 'l': Leak()},
                                   ions=ions, V_initial=-65.)
    ions = {'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)}
    theirs = bl.neurons.CondNeuGroup(3, channels={'na': ch.INa_HH1952(120., T=16.3), 'k': ch.IK_HH1952(36., T=16.3),
                                                  'l': ch.Leak(0.3, -54.3)}, ions=ions, V_initial=-65.)
    runs = [bl.DSRunner(cell, monitors=['V', 'channels.na.m', 'channels.k.n'], dt=0.025,
                        inputs=[('input', jnp.array([0., 10., 30.]))]).run(50.) for cell in (ours, theirs)]
    assert np.ptp(runs[1]['V']) > 100  # it fires
    for key in ('V', 'channels.na.m', 'channels.k.n'):
        np.testing.assert_allclose(runs[0][key], runs[1][key], atol=1e-8, err_msg=key)


def test_start_at_steady_state_and_stay(x64):
    Na = ch.load_nmodl(HH_NA)
    V = jnp.linspace(-100., 50., 16)
    channel = patches(Na(), V, {'na': ch.FixedIon(50.).bind('na', 16)})
    m0, h0 = channel.m.value, channel.h.value
    for _ in range(400):  # 10 ms at the initial voltage
        channel.update(V, {}, 0., 0.025)
    np.testing.assert_allclose(channel.m.value, m0, rtol=1e-12)
    np.testing.assert_allclose(channel.h.value, h0, rtol=1e-12)


def test_cnexp_is_exact_for_a_gate(x64):
    Gate = ch.load_nmodl(gate_mod('cnexp'))
    channel = patches(Gate(), [0.])
    for _ in range(100):
        channel.update(jnp.zeros(1), {}, 0., 0.1)
    np.testing.assert_allclose(channel.x.value, 0.8 + (0.1 - 0.8) * np.exp(-10. / 5.), rtol=1e-13)
    # and exact for any x' = a + b x; the helper by itself:
    np.testing.assert_allclose(cnexp(lambda x: 2. - 0.5 * x, jnp.array(1.), 0.3), 4. - 3. * np.exp(-0.15), rtol=1e-14)


def test_derivimplicit_is_backward_euler(x64):
    Gate = ch.load_nmodl(gate_mod('derivimplicit'))
    channel = patches(Gate(), [0.])
    for _ in range(100):
        channel.update(jnp.zeros(1), {}, 0., 0.1)
    np.testing.assert_allclose(channel.x.value, 0.8 + (0.1 - 0.8) / (1 + 0.1 / 5.) ** 100, rtol=1e-13)
    Nonlinear = ch.load_nmodl(gate_mod('derivimplicit', "x' = 1 - x * x * x"))
    channel = patches(Nonlinear(), [0.])
    channel.update(jnp.zeros(1), {}, 0., 0.5)
    x1 = float(channel.x.value[0])
    assert abs(x1 - 0.1 - 0.5 * (1 - x1 ** 3)) < 1e-13  # Newton converged to the implicit equation
    assert 'dt, self.newton_iterations)' in Nonlinear.source and 'dt, 1)' in Gate.source
    (a, b), _ = implicit_euler(lambda a, b: ((b, -a), ()), (jnp.ones(2), jnp.zeros(2)), 0.1)
    np.testing.assert_allclose(a, 1 / 1.01, rtol=1e-14)  # coupled linear system: (1 + dt²) a = 1
    np.testing.assert_allclose(b, -0.1 / 1.01, rtol=1e-14)


# a two-state channel as a reaction scheme, started at equilibrium by a LINEAR block
SCHEME = """
NEURON { SUFFIX scheme NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) kf (/ms) kb (/ms) }
STATE { C O }
BREAKPOINT {
    SOLVE kin METHOD sparse
    i = g * O * v
}
INITIAL {
    rates(v)
    SOLVE equilibrium
}
KINETIC kin {
    rates(v)
    ~ C <-> O (kf, kb)
    CONSERVE C + O = 1
}
LINEAR equilibrium {
    ~ O * kb = C * kf
    ~ C + O = 1
}
PROCEDURE rates(v (mV)) {
    kf = 0.5 * exp(v / 20)
    kb = 0.2
}
"""


def test_a_kinetic_scheme_is_backward_euler_from_its_linear_equilibrium(x64):
    Scheme = ch.load_nmodl(SCHEME)
    V = jnp.array([-40., 0., 30.])
    kf, kb = 0.5 * np.exp(np.asarray(V) / 20), 0.2
    channel = patches(Scheme(), V)
    np.testing.assert_allclose(channel.O.value, kf / (kf + kb), rtol=1e-14)  # LINEAR: the equilibrium
    np.testing.assert_allclose(channel.C.value + channel.O.value, 1., rtol=1e-15)
    O, dt = np.asarray(channel.O.value), 0.1
    for _ in range(50):  # step to -60 mV: O' = kf (1 - O) - kb O, backward Euler
        channel.update(jnp.full(3, -60.), {}, 0., dt)
        k = 0.5 * np.exp(-3.)
        O = (O + dt * k) / (1 + dt * (k + kb))
    np.testing.assert_allclose(channel.O.value, O, rtol=1e-13)
    # CONSERVE replaces the equation of O, its last state, as in NEURON; a linear scheme takes one Newton step
    assert 'implicit_euler(kin, (C, O), dt, 1, conserve=((1, (1.0, 1.0), 1.0),))' in Scheme.source


def test_a_nonlinear_reaction_converges_to_the_implicit_equation(x64):
    Dimer = ch.load_nmodl(SCHEME.replace('~ C <-> O (kf, kb)', '~ 2 C <-> O (kf, kb)')
                          .replace('CONSERVE C + O = 1', 'CONSERVE C + 2 O = 1')
                          .replace('INITIAL {', 'INITIAL {\n    C = 1\n}\nPROCEDURE unused() {'))
    channel = patches(Dimer(), [0.])
    dt = 0.5
    channel.update(jnp.zeros(1), {}, 0., dt)
    C, O = float(channel.C.value[0]), float(channel.O.value[0])
    flux = 0.5 * C ** 2 - 0.2 * O
    assert abs(O - dt * flux) < 1e-13 and abs(C + 2 * O - 1) < 1e-14  # O1 = O0 + dt flux(x1), C + 2 O = 1
    assert 'dt, self.newton_iterations, conserve' in Dimer.source  # nonlinear: Newton iterates


EXPSYN = """
NEURON { POINT_PROCESS myexpsyn RANGE tau, e NONSPECIFIC_CURRENT i }
PARAMETER { tau = 2 (ms) e = 0 (mV) }
ASSIGNED { v (mV) i (nA) }
STATE { g (uS) }
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE state { g' = -g / tau }
NET_RECEIVE(weight (uS)) { g = g + weight }
"""


def test_a_point_process_on_a_cell_receives_spikes_through_a_netcon(x64):
    Syn = ch.load_nmodl(EXPSYN)
    assert issubclass(Syn, ch._nmodl.NmodlPointProcess)
    cell = bl.neurons.CableCell(bl.neurons.Morphology.cable(20.0, 20.0), num=2, nseg=1, V_initial=-65.0)
    cell.paint('all', ch.Leak(0.1, -65.0))
    soma = int(np.argmax(cell.compartments.area))
    syn = cell.place(soma, Syn(tau=3.0))
    I, g = syn.current(jnp.array([-65.0, -65.0]), {})
    assert np.all(I == 0.0) and np.all(g == 0.0)  # no conductance before an event
    source = bl.neurons.SpikeTimes(2, [0, 0, 1], [2.0, 4.0, 3.0])
    net = bl.Network(source=source, cell=cell, netcon=ch.NetCon(source, syn, weight=jnp.array([0.001, 0.002])))
    dt = 0.025
    mon = bl.DSRunner(net, monitors=['cell.point_processes.0.g'], dt=dt).run(10.0)
    ts = np.arange(1, 401) * dt - dt  # the step's start: a spike at 2 ms runs NET_RECEIVE in the step from 2 ms
    expected = np.stack([0.001 * np.exp(-(ts - 2.0) / 3.0) * (ts >= 2.0 - 1e-9)
                         + 0.001 * np.exp(-(ts - 4.0) / 3.0) * (ts >= 4.0 - 1e-9),
                         0.002 * np.exp(-(ts - 3.0) / 3.0) * (ts >= 3.0 - 1e-9)], axis=1)
    np.testing.assert_allclose(mon['cell.point_processes.0.g'], expected, atol=1e-15, rtol=1e-12)
    V = np.asarray(cell.V.value)
    np.testing.assert_allclose(syn.current(jnp.asarray(V[[soma, soma + cell.per_cell]]), {})[1],
                               syn.g.value, rtol=1e-14)  # the conductance dI/dV (µS) is g: nA, not µA/cm²


def test_a_point_process_is_placed_not_painted():
    Syn = ch.load_nmodl(EXPSYN)
    cell = bl.neurons.CableCell(bl.neurons.Morphology.cable(20.0, 20.0), nseg=1)
    with pytest.raises(ValueError, match='POINT_PROCESS.*cell.place'):
        cell.paint('all', Syn())
    with pytest.raises(ValueError, match="channel 'syn'.*POINT_PROCESS.*density mechanisms"):
        bl.neurons.CondNeuGroup(1, channels={'syn': Syn()})


def test_an_ionic_point_process_feeds_its_ion_as_a_density_current_would(x64):
    # a calcium pump: a constant inward ica, in nA as a point process and in mA/cm² over the soma's area
    pump = 'NEURON {{ {kind} pump USEION ca READ eca WRITE ica }}\nASSIGNED {{ v (mV) eca (mV) ica ({unit}) }}\n' \
           'BREAKPOINT {{ ica = {amp} }}\n'
    cells = []
    for point in (True, False):
        cell = bl.neurons.CableCell(bl.neurons.Morphology.cable(20.0, 20.0), nseg=1, V_initial=-65.0,
                                    ions={'ca': ch.load_nmodl(CALCIUM)()})
        soma = int(np.argmax(cell.compartments.area))
        area = float(cell.compartments.area[soma]) * 1e-8  # cm²
        if point:
            cell.place(soma, ch.load_nmodl(pump.format(kind='POINT_PROCESS', unit='nA', amp=-0.01))())
        else:
            cell.paint('all', ch.load_nmodl(pump.format(kind='SUFFIX', unit='mA/cm2', amp=-0.01 * 1e-6 / area))())
        bl.DSRunner(cell, monitors=[], dt=0.025).run(5.0)
        cells.append(cell)
    ci = [np.asarray(c.ions['ca'].ci.value)[soma] for c in cells]
    assert ci[0] > 1.5e-4  # the pump raised [Ca]i from 1e-4 mM
    np.testing.assert_allclose(ci[0], ci[1], rtol=1e-12)
    np.testing.assert_allclose(cells[0].V.value, cells[1].V.value, rtol=1e-12)


def test_an_ionic_point_process_needs_membrane():
    pump = ch.load_nmodl('NEURON { POINT_PROCESS pump USEION ca READ eca WRITE ica }\n'
                         'ASSIGNED { v (mV) eca (mV) ica (nA) }\nBREAKPOINT { ica = -0.01 }\n')
    cell = bl.neurons.CableCell(bl.neurons.Morphology.ball_and_stick(), nseg=1, ions={'ca': ch.load_nmodl(CALCIUM)()})
    node = int(np.argmin(cell.compartments.area))
    assert cell.compartments.area[node] == 0.0  # NEURON's node between soma and dendrite
    with pytest.raises(ValueError, match=f'compartment {node}, which has no membrane'):
        cell.place(node, pump())


def test_a_concentration_mechanism_is_an_ion_equal_to_calcium_pool(x64):
    Pool = ch.load_nmodl(CALCIUM)
    assert issubclass(Pool, ch.Ion) and Pool.ion == 'ca' and Pool.valence == 2
    assert Pool.FARADAY == pytest.approx(scipy.constants.physical_constants['Faraday constant'][0], rel=1e-12)
    cells = [bl.neurons.CondNeuGroup(2, channels={'ca': ch.ICa_HVA_Reuveni1993(0.5), 'l': ch.Leak(0.05, -70.)},
                                     ions={'ca': pool}, V_initial=-70.)
             for pool in (Pool(celsius=34.), ch.CalciumPool(T=34.))]
    runs = [bl.DSRunner(c, monitors=['V', 'ions.ca.ci', 'ions.ca.E'], inputs=[('input', jnp.array([2., 5.]))],
                        dt=0.025).run(100.) for c in cells]
    assert np.ptp(runs[1]['ions.ca.ci']) > 1e-4
    np.testing.assert_allclose(runs[0]['V'], runs[1]['V'], atol=1e-8)
    for key in ('ions.ca.ci', 'ions.ca.E'):
        np.testing.assert_allclose(runs[0][key], runs[1][key], rtol=1e-10, err_msg=key)


def test_if_else_runs_both_branches_on_arrays(x64):
    Na = ch.load_nmodl(HH_NA)
    ions = {'na': ch.FixedIon(50.).bind('na', 3)}
    V = jnp.array([-40., -40. + 1e-5, -60.])  # trap()'s removable singularity, beside it, far from it
    channel = patches(Na(), V, ions)
    alpha, beta = 1.0, 4 * np.exp(-25 / 18)  # alpha_m(-40) = 0.1 * 10, its limit
    np.testing.assert_allclose(channel.m.value[0], alpha / (alpha + beta), rtol=1e-14)
    assert abs(channel.m.value[1] - channel.m.value[0]) < 1e-5
    g = jax.jvp(lambda v: channel.rates(v)[0], (V,), (jnp.ones(3),))[1]  # forward mode, as current() uses
    assert np.all(np.isfinite(g))


def alpha_n(V):
    return 0.01 * (V + 55) / (1 - np.exp(-(V + 55) / 10))


def beta_n(V):
    return 0.125 * np.exp(-(V + 65) / 80)


def test_parameters_are_keywords_and_celsius_scales_the_rates(x64):
    K = ch.load_nmodl(HH_K)
    assert K.parameters == {'gbar': 0.036} and K.state_names == ('n',)
    ions = {'k': ch.FixedIon(-77.).bind('k', 1)}
    n0 = alpha_n(-65.) / (alpha_n(-65.) + beta_n(-65.))
    n_inf, rate = alpha_n(0.) / (alpha_n(0.) + beta_n(0.)), alpha_n(0.) + beta_n(0.)
    for celsius, q in ((6.3, 1.0), (16.3, 3.0)):
        channel = patches(K(celsius=celsius), [-65.], ions)
        np.testing.assert_allclose(channel.n.value, n0, rtol=1e-14)
        channel.update(jnp.array([0.]), ions, 0., 0.025)  # a step to 0 mV: n relaxes q times faster
        np.testing.assert_allclose(channel.n.value, n_inf + (n0 - n_inf) * np.exp(-q * rate * 0.025), rtol=1e-13)
    assert repr(K(gbar=0.01, celsius=16.3)) == 'myk(gbar=0.01, celsius=16.3)'


def test_source_is_readable_python():
    Na = ch.load_nmodl(HH_NA)
    source = Na.source
    compile(source, 'myna', 'exec')
    for line in ('class myna(NmodlChannel):', 'def rates(self, v):', 'def trap(self, x, y):',
                 "m = cnexp(lambda m: (minf - m) / mtau, m, dt)", "ena = ions['na'].E.value",
                 'return 1e3 * ina  # mA/cm² -> µA/cm²'):
        assert line in source, line
    assert 'jnp.where(' in source  # the if/else of trap()


def test_a_carried_assigned_variable_equals_recomputing_it(x64):
    """BREAKPOINT may read what the SOLVE'd block set (here minf): brainlet keeps it from update to current,
    as NEURON keeps it from one step to the next. Its current equals that of a BREAKPOINT that recomputes it
    (the conductance differs: a kept minf does not depend on the voltage, in NEURON either)."""
    carried = HH_NA.replace('ina = gbar * m * m * m * h * (v - ena)', 'ina = gbar * minf * minf * minf * h * (v - ena)')
    recomputed = carried.replace('METHOD cnexp\n', 'METHOD cnexp\n    rates(v)\n')
    assert 'minf = self.minf.value' in ch.load_nmodl(carried).source.split('def current_density')[1]
    ions = {'na': ch.FixedIon(50.).bind('na', 3)}
    V0 = jnp.array([-70., -50., -30.])
    channels = [patches(ch.load_nmodl(text)(), V0, ions) for text in (carried, recomputed)]
    for step in range(20):
        V = V0 + 2. * step
        currents = []
        for c in channels:
            c.update(V, ions, 0., 0.025)
            currents.append(c.current(V, ions)[0])
        np.testing.assert_allclose(currents[0], currents[1], rtol=1e-14)


def test_units_factors_and_names_that_python_reserves():
    text = LEAK.replace('UNITS', '').replace('PARAMETER {', 'UNITS { F = (faraday) (kilocoulombs) R = (k-mole) '
                                                          '(joule/degC) }\nPARAMETER {\n    lambda = 2\n')
    Mech = ch.load_nmodl(text)
    assert Mech.F == pytest.approx(scipy.constants.physical_constants['Faraday constant'][0] / 1e3, rel=1e-14)
    assert Mech.R == pytest.approx(scipy.constants.R, rel=1e-14)
    assert Mech(lambda_=3.).lambda_ == 3. and Mech.parameters['lambda_'] == 2.
    assert repr(Mech(lambda_=3.)) == 'myleak(lambda_=3.0, g=0.0003, e=-54.3, celsius=6.3)'


def test_the_host_must_have_the_ions_a_mechanism_uses():
    K = ch.load_nmodl(HH_K)
    with pytest.raises(ValueError, match="carries ion 'k', which this neuron lacks"):
        bl.neurons.CondNeuGroup(1, channels={'k': K()}, ions={'na': ch.FixedIon(50.)})
    reads_cai = HH_K.replace('USEION k READ ek WRITE ik', 'USEION k READ ek WRITE ik\n    USEION ca READ cai')
    with pytest.raises(ValueError, match="reads the concentration of ion 'ca'"):
        bl.neurons.CondNeuGroup(1, channels={'k': ch.load_nmodl(reads_cai)()},
                                ions={'k': ch.FixedIon(-77.), 'ca': ch.FixedIon(120.)})
    Pool = ch.load_nmodl(CALCIUM)
    with pytest.raises(ValueError, match="is the ion 'ca'"):
        Pool().bind('k', 1)


@pytest.mark.parametrize('text, message, line, column', [
    (LEAK.replace('i = g * (v - e)', 'i = g * (v - e'), 'syntax error, unexpected }', 12, 29),
    (LEAK.replace('e = -54.3 (mV)', 'e = -54.3 $ (mV)'), 'syntax error', 9, 15),
    (LEAK + 'KINETIC scheme {\n  ~ ca1 <-> ca2 (1, 2)\n}\n', 'KINETIC scheme: ca1 in a reaction is not a STATE', 14, 5),
    (SCHEME.replace('~ C + O = 1', ''), r'LINEAR equilibrium has 1 equations for the 2 STATEs in them \(C, O\)',
     12, 11),
    (SCHEME.replace('METHOD sparse', 'METHOD cnexp'), 'brainlet solves a KINETIC block by METHOD sparse', 7, 22),
    (SCHEME.replace('~ C <-> O (kf, kb)', '~ C << (kf)'), r'reaction not translated: ~ C << \(kf\)', 16, 5),
    (SCHEME.replace('CONSERVE', 'COMPARTMENT 2 { C O }\n    CONSERVE'), 'COMPARTMENT', 17, 5),
    (LEAK.replace('SUFFIX myleak', 'ARTIFICIAL_CELL mycell'), 'ARTIFICIAL_CELL mycell: brainlet translates', 3, 5),
    (LEAK + 'NET_RECEIVE (w) { v = v + w }\n', 'NET_RECEIVE .* belongs to a POINT_PROCESS', 13, 1),
    (EXPSYN.replace('NET_RECEIVE(weight (uS))', 'NET_RECEIVE(weight (uS), x)'), 'translates one argument', 11, 1),
    (LEAK.replace('i = g * (v - e)', 'i = g * (v - e) * y'), 'y is not declared', 12, 32),
    (LEAK.replace('i = g * (v - e)', 'i = g * bessel(v)'), r'bessel\(\) is not a FUNCTION or PROCEDURE', 12, 22),
    (LEAK.replace('i = g * (v - e)', 'g = 1  i = g * (v - e)'), 'g is a PARAMETER', 12, 14),
    (gate_mod('euler'), 'METHOD euler: brainlet translates METHOD cnexp and derivimplicit', 8, 20),
    (LEAK.replace('BREAKPOINT {', 'PROCEDURE p() {\nVERBATIM\nreturn 0;\nENDVERBATIM\n}\nBREAKPOINT {'),
     'VERBATIM', 13, 1),
    (LEAK.replace('i (mA/cm2) }', 'i (mA/cm2) w }') + 'FUNCTION f(x) {\n    w = x\n    f = 2 * x\n}\n',
     'FUNCTION f sets w; brainlet translates FUNCTIONs without side effects', 13, 10),
    (LEAK.replace('NONSPECIFIC_CURRENT i', 'USEION na READ ena WRITE ina\n    USEION k READ ek WRITE ik'),
     r'writes several currents \(ina, ik\)', 4, 24),
    (CALCIUM.replace('STATE { cai (mM) }', 'STATE { c (mM) }').replace("cai'", "c'"), 'cai is written but not a STATE',
     4, 30),
])
def test_errors_name_file_line_and_column(text, message, line, column):
    with pytest.raises(NmodlError, match=message) as info:
        ch.load_nmodl(text)
    assert (info.value.line, info.value.column) == (line, column), str(info.value)
    assert str(info.value).startswith(f'<string>:{line}:{column}: ')


def test_errors_name_the_file(tmp_path):
    path = tmp_path / 'broken.mod'
    path.write_text(LEAK.replace('BREAKPOINT { i = g * (v - e) }', 'BREAKPOINT { i = }'))
    with pytest.raises(NmodlError, match=r'^broken\.mod:12:18: syntax error'):
        ch.load_nmodl(path)
    with pytest.raises(NmodlError, match='myleak.mod'):
        (tmp_path / 'myleak.mod').write_text(LEAK + 'FUNCTION f() { g = 2 f = 1 }\n')
        ch.load_nmodl(str(tmp_path / 'myleak.mod'))
