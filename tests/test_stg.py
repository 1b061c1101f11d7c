"""The STG model neuron (Liu et al. 1998; Prinz et al. 2003): every gate's steady state is a fixed point,
the half-activation points are where the papers put them, the calcium pool relaxes as its closed form,
a group of different model neurons is the same as the neurons run one by one, and bad input is refused."""
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import constants

import brainlet as bl

ch = bl.channels
STG = [ch.INa_Prinz2003, ch.ICaT_Prinz2003, ch.ICaS_Prinz2003, ch.IA_Prinz2003, ch.IKCa_Prinz2003,
       ch.IKd_Prinz2003, ch.IH_Prinz2003]


def ions_on(num, ci=2e-3):
    pool = ch.CalciumPool_Liu1998().bind('ca', num)
    pool.ci.value = jnp.full(num, ci)  # 2 µM: the KCa gate is 40 % calcium-activated
    return {'na': ch.FixedIon(50.).bind('na', num), 'k': ch.FixedIon(-80.).bind('k', num), 'ca': pool}


@pytest.mark.parametrize('cls', STG)
def test_steady_state_is_a_fixed_point_of_the_gates(cls, x64):
    V = jnp.linspace(-100.0, 50.0, 31)
    ions = ions_on(len(V))
    channel = cls(1.0).bind(len(V), V, ions)
    start = {x: getattr(channel, x).value for x in cls.gates}
    for step in range(400):  # 10 ms at dt = 0.025
        channel.update(V, ions, step * 0.025, 0.025)
    for x in cls.gates:
        np.testing.assert_allclose(getattr(channel, x).value, start[x], atol=1e-12)


# (channel, gate, half-activation voltage in mV, slope sign) from Table 1 of Prinz et al. (2003)
HALF = [(ch.INa_Prinz2003, 'm', -25.5, 1), (ch.INa_Prinz2003, 'h', -48.9, -1),
        (ch.ICaT_Prinz2003, 'm', -27.1, 1), (ch.ICaT_Prinz2003, 'h', -32.1, -1),
        (ch.ICaS_Prinz2003, 'm', -33.0, 1), (ch.ICaS_Prinz2003, 'h', -60.0, -1),
        (ch.IA_Prinz2003, 'm', -27.2, 1), (ch.IA_Prinz2003, 'h', -56.9, -1),
        (ch.IKd_Prinz2003, 'm', -12.3, 1), (ch.IH_Prinz2003, 'm', -75.0, -1)]


@pytest.mark.parametrize('cls, gate, V_half, sign', HALF)
def test_half_activation_voltages(cls, gate, V_half, sign, x64):
    x_inf = lambda V: cls(1.0).kinetics(jnp.asarray(V), {})[gate][0]
    assert float(x_inf(V_half)) == pytest.approx(0.5, abs=1e-14)
    assert np.sign(float(x_inf(V_half + 1.0)) - 0.5) == sign


def test_calcium_activation_of_kca(x64):
    """m_inf = [Ca]/([Ca] + 3 µM) / (1 + e^{-(V + 28.3)/12.6}): a quarter at 3 µM and −28.3 mV."""
    channel = ch.IKCa_Prinz2003(5.0)
    for ci, expected in ((3e-3, 0.25), (1e-3, 0.125), (9e-3, 0.375)):
        m_inf, tau = channel.kinetics(jnp.asarray(-28.3), ions_on(1, ci))['m']
        assert float(m_inf[0]) == pytest.approx(expected, rel=1e-12)
    assert float(tau) == pytest.approx(180.6 - 150.2 / (1 + np.exp(-(-28.3 + 46.0) / 22.7)), rel=1e-12)


@pytest.mark.parametrize('cls', STG)
def test_time_constants_are_positive_and_bounded(cls, x64):
    V = jnp.linspace(-150.0, 80.0, 2301)
    for x, (_, tau) in cls(1.0).kinetics(V, ions_on(len(V))).items():
        assert np.all(np.asarray(tau) > 0.0) and np.all(np.asarray(tau) < 2e3), (cls.__name__, x)


@pytest.mark.parametrize('cls', STG)
def test_conductance_is_the_chord_conductance(cls, x64):
    V = jnp.linspace(-90.0, 30.0, 7)
    ions = ions_on(7)
    channel = cls(3.0).bind(7, jnp.full(7, -40.0), ions)
    I, g = channel.current(V, ions)
    chord = 3.0 * np.prod([np.asarray(getattr(channel, x).value) ** p for x, p in cls.gates.items()], axis=0)
    np.testing.assert_allclose(g, chord, rtol=1e-12)
    np.testing.assert_allclose(I, chord * (np.asarray(V) - np.asarray(channel.reversal(ions))), rtol=1e-12)


def test_calcium_pool_relaxes_as_its_closed_form(x64):
    """τ d[Ca]/dt = −f A i_Ca − [Ca] + [Ca]_0 with a constant current: [Ca] = c_∞ + (c(0) − c_∞) e^{−t/τ},
    c_∞ = [Ca]_0 − f A i_Ca; 1 µA/cm² over 0.628·10⁻³ cm² is 0.628 nA, so c_∞ drops by 9.395 µM."""
    for area, drop in ((62800., 14.96 * 0.628e-3), (1e5, 14.96e-3)):  # µm², mM per µA/cm²
        pool = ch.CalciumPool_Liu1998(area=area).bind('ca', 2)
        pool.ci.value = jnp.array([0.02, 0.0])
        I = jnp.array([-1.0, 0.0])  # µA/cm², inward
        for step in range(200):  # exact for a constant current, whatever the step
            pool.update(I, step * 1.0, 1.0)
        c_inf = np.array([5e-5 + drop, 5e-5])
        expected = c_inf + (np.array([0.02, 0.0]) - c_inf) * np.exp(-200.0 / 200.0)
        np.testing.assert_allclose(pool.ci.value, expected, rtol=1e-12)
    assert ch.CalciumPool_Liu1998().depth == pytest.approx(1.1032, abs=1e-4)  # µm: τ/(2 F f A)


def test_calcium_reversal_is_nernst_at_10_degrees(x64):
    pool = ch.CalciumPool_Liu1998().bind('ca', 1)  # starts at [Ca]_0 = 0.05 µM
    RT_2F = 1e3 * constants.R * 283.15 / (2 * constants.physical_constants['Faraday constant'][0])
    assert RT_2F == pytest.approx(12.2, abs=1e-3)  # the Nernst factor of the published code
    assert float(pool.E.value[0]) == pytest.approx(RT_2F * np.log(3.0 / 5e-5), rel=1e-9)


def test_published_models():
    models = bl.neurons.PRINZ2004_MODELS
    assert len(models) == 16 and all(len(g) == 8 for g in models.values())
    assert dict(models['AB/PD 1']) == dict(Na=400., CaT=2.5, CaS=6., A=50., KCa=10., Kd=100., H=0.01, leak=0.)
    assert dict(models['PY 6']) == dict(Na=500., CaT=2.5, CaS=2., A=40., KCa=0., Kd=125., H=0., leak=0.02)
    with pytest.raises(TypeError):
        models['AB/PD 1']['Na'] = 1.0  # read-only


def test_a_group_of_models_is_the_models_run_one_by_one(x64):
    names = ['AB/PD 1', 'LP 2', 'PY 3']
    group = bl.neurons.STGNeuron(3, g=names)
    together = bl.DSRunner(group, monitors=['V', 'ions.ca.ci'], dt=0.025, progress_bar=False).run(100.0)
    for i, name in enumerate(names):
        alone = bl.DSRunner(bl.neurons.STGNeuron(1, g=name), monitors=['V', 'ions.ca.ci'], dt=0.025,
                            progress_bar=False).run(100.0)
        np.testing.assert_allclose(together['V'][:, i], alone['V'][:, 0], rtol=0, atol=1e-9)
        np.testing.assert_allclose(together['ions.ca.ci'][:, i], alone['ions.ca.ci'][:, 0], rtol=1e-9)
    assert together['V'][:, 0].max() > 20.0  # AB/PD 1 fires its first burst


def test_conductances_by_name_mapping_array_and_list():
    g = dict(bl.neurons.PRINZ2004_MODELS['LP 1'])
    by_name = bl.neurons.STGNeuron(2, g='LP 1')
    by_mapping = bl.neurons.STGNeuron(2, g=g)
    sweep = bl.neurons.STGNeuron(2, g={**g, 'Na': np.array([100., 300.])})
    listed = bl.neurons.STGNeuron(2, g=['LP 1', {**g, 'Na': 300.}])
    assert by_name.g == by_mapping.g
    np.testing.assert_array_equal(sweep.channels['Na'].g_max, [100., 300.])
    np.testing.assert_array_equal(listed.channels['Na'].g_max, [100., 300.])
    assert listed.channels['leak'].E == -50. and listed.channels['H'].E == -20.
    assert {'channels.KCa.m', 'channels.CaS.h', 'ions.ca.ci', 'ions.ca.E'} <= set(by_name.variables())


def test_errors_name_the_problem():
    g = dict(bl.neurons.PRINZ2004_MODELS['PY 1'])
    with pytest.raises(ValueError, match=r"unknown STG model 'AB/PD 6'; the published ones .* are AB/PD 1, "):
        bl.neurons.STGNeuron(1, g='AB/PD 6')
    with pytest.raises(ValueError, match=r"g must give the conductances Na, CaT, CaS, A, KCa, Kd, H, leak "
                                         r"\(mS/cm²\); missing: H; unknown: Ih\."):
        bl.neurons.STGNeuron(1, g={**{k: v for k, v in g.items() if k != 'H'}, 'Ih': 0.01})
    with pytest.raises(ValueError, match=r"g\['Kd'\] must be >= 0 \(mS/cm²\)"):
        bl.neurons.STGNeuron(1, g={**g, 'Kd': -1.0})
    with pytest.raises(ValueError, match=r"g\['Na'\] must be a scalar or have one value per neuron \(3\), got "
                                         r"shape \(2,\)"):
        bl.neurons.STGNeuron(3, g={**g, 'Na': np.ones(2)})
    with pytest.raises(ValueError, match=r"g gives 2 models for 3 neurons"):
        bl.neurons.STGNeuron(3, g=['PY 1', 'PY 2'])
    with pytest.raises(TypeError, match=r"g must be a model name such as 'AB/PD 3'"):
        bl.neurons.STGNeuron(1, g=3.0)
    for name, value, unit in (('f', 0.0, 'µM/nA'), ('tau', -1.0, 'ms'), ('area', 0.0, 'µm²')):
        with pytest.raises(ValueError, match=rf"{name} must be > 0 \({unit}\)"):
            ch.CalciumPool_Liu1998(**{name: value})
    with pytest.raises(ValueError, match=r"channel 'KCa' \(IKCa_Prinz2003\) reads the concentration of ion 'ca'"):
        bl.neurons.CondNeuGroup(1, channels={'KCa': ch.IKCa_Prinz2003(5.0)},
                                ions={'k': ch.FixedIon(-80.), 'ca': ch.FixedIon(120.)})
