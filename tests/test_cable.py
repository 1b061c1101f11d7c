"""CableCell: a passive cable against the cable equation's steady state (with its second-order convergence in
the compartment length), no drift at rest, and errors."""
import numpy as np
import pytest

import brainlet as bl
from brainlet.neurons import CableCell, IClamp


def uniform_cable(n, length=1000.0, diam=1.0, Ra=100.0):
    """An unbranched cable of n equal compartments."""
    return bl.neurons.Morphology.cable(length, diam).discretize(Ra=Ra, nseg=n)


def steady_state(n, R_m=10_000.0, amp=0.1):
    cell = CableCell(uniform_cable(n), cm=1.0, V_initial=-65.)
    cell.paint('all', bl.channels.Leak(g_max=1000. / R_m, E=-65.))
    cell.place(0, IClamp(0., 1e9, amp))
    runner = bl.DSRunner(cell, monitors=['V'], dt=0.5)
    return runner.run(400.)['V'][-1] + 65.0, cell


@pytest.mark.usefixtures('x64')
def test_passive_cable_steady_state_converges_to_the_cable_equation():
    # sealed-end cable, L = 1000 µm, d = 1 µm, Ra = 100 Ω cm, R_m = 10 kΩ cm²: λ = 500 µm,
    # V(x) = I r_a λ cosh((L - x)/λ) / sinh(L/λ) (Rall 1977)
    lam, L = 500.0, 1000.0
    r_a = 4 * 100.0 / (np.pi * 1e-8) * 1e-4 * 1e-6  # MΩ per µm
    errors = []
    for n in (50, 100, 200):
        dV, cell = steady_state(n)
        x = cell.distance
        exact = 0.1 * r_a * lam * np.cosh((L - x) / lam) / np.sinh(L / lam)
        errors.append(np.abs(dV - exact).max())
    assert errors[-1] < 2e-3 * exact.max()
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(np.abs(orders - 2) < 0.2), orders


@pytest.mark.usefixtures('x64')
def test_hh_cable_does_not_drift_at_rest():
    cell = CableCell(uniform_cable(20), ions={'na': bl.channels.FixedIon(50.), 'k': bl.channels.FixedIon(-77.)},
                     V_initial=-65.)
    na = cell.paint('all', bl.channels.INa_HH1952(g_max=120.))
    k = cell.paint('all', bl.channels.IK_HH1952(g_max=36.))
    ions = cell._ion_views(np.arange(20))
    V0 = cell.V.value
    active = na.current(V0, ions)[0] + k.current(V0, ions)[0]
    cell.paint('all', bl.channels.Leak(g_max=0.3, E=float(-65. + active[0] / 0.3)))  # rest exactly at -65 mV
    runner = bl.DSRunner(cell, monitors=['V'], dt=0.025)
    V = runner.run(10.)['V']
    assert np.abs(V + 65.).max() < 1e-9


def test_paint_with_a_density_that_depends_on_distance():
    cell = CableCell(uniform_cable(10), V_initial=-65.)
    leak = cell.paint('all', bl.channels.Leak(g_max=0.1, E=-65.), g_max=lambda d: 0.001 * d)
    np.testing.assert_allclose(np.asarray(leak.g_max), 0.001 * cell.distance, rtol=1e-6)
    assert 'channels.Leak_all.g_max' not in cell.variables()


@pytest.mark.parametrize('make, message', [
    (lambda c: c.paint('axon', bl.channels.Leak(0.1, -65.)), r"region 'axon' has no compartments in this cell; its regions: dend, all"),
    (lambda c: c.paint('all', bl.channels.INa_HH1952()), r"carries ion 'na', which this cell lacks"),
    (lambda c: c.paint('all', bl.channels.Leak(0.1, -65.), g_max=-1.0), r'g_max must be >= 0'),
    (lambda c: c.paint('all', bl.channels.Leak(0.1, -65.), tau=1.0), r"Leak has no parameter 'tau'"),
    (lambda c: c.paint('basal', bl.channels.Leak(0.1, -65.)), r"basal"),
    (lambda c: c.place(99, IClamp()), r'compartment must be in \[0, 10\)'),
    (lambda c: IClamp(delay=-1.0), r'IClamp needs delay >= 0'),
])
def test_bad_input_is_named(make, message):
    with pytest.raises(ValueError, match=message):
        make(CableCell(uniform_cable(10)))


def test_cm_per_region_must_name_known_regions():
    with pytest.raises(ValueError, match=r"cm: unknown regions \['soma'\]"):
        CableCell(uniform_cable(4), cm={'soma': 1.0, 'dend': 2.0})


def hh_cable(num, amps, n=30):
    ch = bl.channels
    cell = CableCell(uniform_cable(n, length=300.), num=num, ions={'na': ch.FixedIon(50.), 'k': ch.FixedIon(-77.)},
                     V_initial=-65., spike_at=n // 2)
    cell.paint('all', ch.INa_HH1952(g_max=120.))
    cell.paint('all', ch.IK_HH1952(g_max=36.))
    cell.paint('all', ch.Leak(g_max=0.3, E=-54.3))
    cell.place(0, IClamp(1., 1e9, np.asarray(amps)))
    return cell


@pytest.mark.usefixtures('x64')
def test_a_population_equals_its_cells_run_alone():
    amps = [0.02, 0.05, 0.1]
    together = bl.DSRunner(hh_cable(3, amps), monitors=['V', 'spike'], dt=0.025).run(50.)
    for k, amp in enumerate(amps):
        alone = bl.DSRunner(hh_cable(1, [amp]), monitors=['V', 'spike'], dt=0.025).run(50.)
        np.testing.assert_allclose(together['V'][:, 30 * k:30 * (k + 1)], alone['V'], rtol=0, atol=1e-9)
        assert np.array_equal(together['spike'][:, k], alone['spike'][:, 0])
    assert together['spike'].sum(0)[2] > together['spike'].sum(0)[0]


def test_a_synapse_onto_a_cable_site_depolarizes_that_compartment():
    cell = CableCell(uniform_cable(20), V_initial=-65.)
    cell.paint('all', bl.channels.Leak(g_max=0.1, E=-65.))
    src = bl.neurons.SpikeTimes(1, [0], [1.0])
    syn = bl.synapses.Exponential(src, cell.site(15), bl.conn.AllToAll(), g_max=0.01, tau=2., E=0.)  # µS
    mon = bl.DSRunner(bl.Network(src=src, cell=cell, syn=syn), monitors=['cell.V'], dt=0.025).run(5.)
    peak = mon['cell.V'].max(0) + 65.
    assert peak.argmax() == 15 and peak[15] > 1.0 and peak[0] < peak[15]
