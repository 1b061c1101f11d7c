"""The Channel interface: a leak channel written against it drives a point neuron to the analytic passive
decay V(t) = E + (V0 - E) exp(-g t / C)."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl


class Leak(bl.Channel):
    def __init__(self, num, g=0.1, E=-70.0):
        super().__init__(num)
        self.g, self.E = g, E

    def update(self, V, t, dt):
        pass  # no gates

    def current(self, V):
        return self.g * (V - self.E), jnp.full_like(V, self.g)


class Passive(bl.NeuGroup):
    def __init__(self, size, C=2.0):
        super().__init__(size)
        self.C = C
        self.leak = Leak(self.num)
        self.V = bm.Variable(jnp.full(self.num, -50.0))

    @bl.odeint(method='exp_euler')
    def integral(self, V, t):
        return -self.leak.current(V)[0] / self.C

    def update(self, t, dt):
        self.leak.update(self.V.value, t, dt)
        self.V.value = self.integral(self.V, t, dt=dt)


def test_channel_current_gives_the_analytic_passive_decay():
    cell = Passive(2)
    runner = bl.DSRunner(cell, monitors=['V'], dt=0.5)
    runner.run(50.0)
    expected = -70.0 + 20.0 * np.exp(-0.1 * runner.mon.ts / 2.0)
    np.testing.assert_allclose(runner.mon['V'][:, 0], expected, rtol=1e-5)
    assert 'leak' in cell.children()


def test_channel_conductance_is_the_derivative_of_its_current():
    import jax
    leak = Leak(3)
    V = jnp.array([-80.0, -70.0, 0.0])
    I, g = leak.current(V)
    np.testing.assert_allclose(g, jax.vmap(jax.grad(lambda v: leak.current(v)[0]))(V))


def test_unimplemented_methods_and_invalid_size():
    class Bare(bl.Channel):
        pass

    with pytest.raises(NotImplementedError, match=r'Bare must implement current\(self, V\)'):
        Bare(1).current(jnp.zeros(1))
    with pytest.raises(ValueError, match='num must be a positive int'):
        Leak(0)
