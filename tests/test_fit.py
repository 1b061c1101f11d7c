"""``simulate``: a run as a pure function of parameters — the same numbers as ``DSRunner``, gradients that
match finite differences, ``vmap`` over parameters, and a fit with optax that recovers conductances."""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import brainlet as bl

DT, T = 0.025, 60.0
NAMES = ('gNa', 'gK', 'gL')
TRUE = np.array([120.0, 36.0, 0.3])  # mS/cm², Hodgkin & Huxley (1952)


def protocol():
    """0 for 5 ms, −5 µA/cm² to 20 ms (leak), 8 then 20 µA/cm² (spikes), one row per step."""
    t = DT * np.arange(int(round(T / DT)))
    return np.where(t < 5, 0., np.where(t < 20, -5., np.where(t < 40, 8., 20.)))[:, None]


def voltage(cell, log_g):
    mon = bl.simulate(cell, T, DT, monitors=['V'], params=dict(zip(NAMES, jnp.exp(log_g))),
                      inputs=[('input', protocol(), 'iter')])
    return mon['V'][:, 0]


def test_simulate_gives_the_runner_numbers_and_leaves_the_system_as_it_was():
    cell = bl.neurons.HH(2, gNa=np.array([120., 100.]))
    before = {k: np.asarray(v.value) for k, v in cell.variables().items()}
    mon = bl.simulate(cell, 30., DT, monitors=['V', 'spike'], params={'gK': 30.}, inputs=[('input', 10.)])
    assert cell.gK == 36.0
    for name, value in before.items():
        np.testing.assert_array_equal(cell.variables()[name].value, value)
    reference = bl.neurons.HH(2, gNa=np.array([120., 100.]), gK=30.)
    ran = bl.DSRunner(reference, monitors=['V', 'spike'], inputs=[('input', 10.)], dt=DT).run(30.)
    np.testing.assert_array_equal(mon.ts, ran.ts)
    np.testing.assert_array_equal(np.asarray(mon['V']), ran['V'])
    np.testing.assert_array_equal(np.asarray(mon['spike']), ran['spike'])


def test_gradient_through_the_simulation_matches_central_differences():
    """d(mean squared voltage error)/d(log g) through 2400 steps with three spikes, in float64, against
    central differences with step 1e-5 (truncation error ~1e-10 relative)."""
    with jax.enable_x64(True):
        cell = bl.neurons.HH(1)
        target = voltage(cell, jnp.log(TRUE))
        x0 = jnp.log(TRUE * np.array([1.05, 0.95, 1.1]))

        def loss(x):
            return jnp.mean((voltage(cell, x) - target) ** 2)

        grad = jax.jit(jax.grad(loss))(x0)
        loss_jit, h = jax.jit(loss), 1e-5
        fd = [(loss_jit(x0.at[i].add(h)) - loss_jit(x0.at[i].add(-h))) / (2 * h) for i in range(3)]
        print('grad', np.asarray(grad), 'finite differences', np.asarray(fd))
        np.testing.assert_allclose(grad, fd, rtol=1e-6)


def test_vmap_over_parameters_equals_a_group_with_one_value_per_neuron():
    g = np.array([60., 120., 180.])
    one = bl.neurons.HH(1)
    spikes = jax.vmap(lambda gNa: bl.simulate(one, 40., DT, monitors=['V'], params={'gNa': gNa},
                                              inputs=[('input', 10.)])['V'][:, 0])(jnp.asarray(g))
    group = bl.DSRunner(bl.neurons.HH(3, gNa=g), monitors=['V'], inputs=[('input', 10.)], dt=DT).run(40.)
    np.testing.assert_allclose(np.asarray(spikes).T, group['V'], atol=1e-4)


def test_fit_recovers_the_conductances():
    """From +30 %, −25 %, +40 % of Hodgkin & Huxley's gNa, gK, gL, 100 Adam steps then 20 L-BFGS steps on
    log g recover them to 1e-6 (measured: 1e-8; Adam alone stalls at 0.1–1 % in the gNa–gK valley)."""
    with jax.enable_x64(True):
        cell = bl.neurons.HH(1)
        target = voltage(cell, jnp.log(TRUE))

        def loss(x):
            return jnp.mean((voltage(cell, x) - target) ** 2)

        x = jnp.log(TRUE * np.array([1.3, 0.75, 1.4]))
        for optimizer, steps in ((optax.adam(0.05), 100), (optax.lbfgs(), 20)):
            state = optimizer.init(x)

            @jax.jit
            def step(x, state):
                value, grad = jax.value_and_grad(loss)(x)
                updates, state = optimizer.update(grad, state, x, value=value, grad=grad, value_fn=loss)
                return optax.apply_updates(x, updates), state

            for _ in range(steps):
                x, state = step(x, state)
        print('relative error', np.exp(np.asarray(x)) / TRUE - 1)
        np.testing.assert_allclose(np.exp(np.asarray(x)), TRUE, rtol=1e-6)


def test_bad_parameters_and_durations_are_named():
    cell = bl.neurons.HH(1)
    with pytest.raises(KeyError, match=r"'gCa' is not a numeric parameter of HH; its parameters are .*gNa"):
        bl.simulate(cell, 10., DT, params={'gCa': 1.})
    with pytest.raises(KeyError, match="'V' is not a numeric parameter"):
        bl.simulate(cell, 10., DT, params={'V': 1.})
    with pytest.raises(ValueError, match='duration must be at least one step'):
        bl.simulate(cell, 0., DT)
    assert bl.parameters(bl.neurons.STGNeuron(1, 'LP 1'))['channels.Na.g_max'] == 100.0
