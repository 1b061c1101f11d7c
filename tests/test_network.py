"""Network: member access and naming, the update order, the synapse's analytic impulse response, reset."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl


class SpikeSource(bl.NeuGroup):
    """Spikes in every step whose input is positive."""

    def __init__(self, size):
        super().__init__(size)
        self.spike = bm.Variable(jnp.zeros(self.num, dtype=bool))
        self.input = bm.Variable(jnp.zeros(self.num))

    def update(self, t, dt):
        self.spike.value = self.input.value > 0
        self.input.value = jnp.zeros_like(self.input.value)


class Probe(bl.NeuGroup):
    """Records the input it received in each step."""

    def __init__(self, size):
        super().__init__(size)
        self.V = bm.Variable(jnp.full(self.num, -70.0))
        self.received = bm.Variable(jnp.zeros(self.num))
        self.input = bm.Variable(jnp.zeros(self.num))

    def update(self, t, dt):
        self.received.value = self.input.value
        self.input.value = jnp.zeros_like(self.input.value)


class AllToAll:
    def build(self, num_pre, num_post):
        pre, post = np.meshgrid(np.arange(num_pre), np.arange(num_post), indexing='ij')
        return pre.ravel(), post.ravel()


def network(E=None):
    src, probe = SpikeSource(2), Probe(1)
    syn = bl.synapses.Exponential(src, probe, AllToAll(), g_max=0.5, tau=4.0, E=E)
    return bl.Network(src=src, probe=probe, syn=syn)


def test_members_by_attribute_and_variables_by_dotted_name():
    net = network()
    assert isinstance(net.src, SpikeSource) and net.syn.pre is net.src
    assert list(net.variables()) == ['src.spike', 'src.input', 'probe.V', 'probe.received', 'probe.input', 'syn.g']


def test_current_impulse_response_is_exponential_and_arrives_one_step_later():
    net = network()
    dt, spike_step = 0.1, 10
    drive = np.zeros((100, 2))
    drive[spike_step, 0] = 1.0  # neuron 0 fires in step 10
    runner = bl.DSRunner(net, monitors=['src.spike', 'probe.received'], inputs=[('src.input', drive)], dt=dt)
    runner.run(10.0)
    assert np.flatnonzero(runner.mon['src.spike'][:, 0]).tolist() == [spike_step]
    received = runner.mon['probe.received'][:, 0]
    arrival = spike_step + 1  # synapses update before neurons: they see the previous step's spikes
    assert np.all(received[:arrival] == 0)
    lag = runner.mon.ts[arrival:] - runner.mon.ts[arrival]
    np.testing.assert_allclose(received[arrival:], 0.5 * np.exp(-lag / 4.0), rtol=1e-5)


def test_conductance_output_is_scaled_by_the_driving_force():
    net = network(E=0.0)
    drive = np.zeros((20, 2))
    drive[0] = 1.0  # both sources fire together: the jump doubles
    runner = bl.DSRunner(net, monitors=['probe.received'], inputs=[('src.input', drive)], dt=0.1)
    runner.run(2.0)
    np.testing.assert_allclose(runner.mon['probe.received'][1, 0], 2 * 0.5 * (0.0 - -70.0), rtol=1e-6)


def test_nested_networks_are_flattened_with_synapses_first():
    order = []

    class Logged(bl.NeuGroup):
        def __init__(self, name):
            super().__init__(1)
            self.name = name

        def update(self, t, dt):
            order.append(self.name)

    class LoggedSynapse(bl.Synapse):
        def update(self, t, dt):
            order.append('syn')

    a, b = Logged('a'), Logged('b')
    net = bl.Network(a=a, inner=bl.Network(b=b, s=LoggedSynapse(a, b)))
    net.update(0.0, 0.1)
    assert order == ['syn', 'a', 'b']


def test_reset_state_restores_initial_values():
    net = network()
    drive = np.ones((5, 2))
    bl.DSRunner(net, inputs=[('src.input', drive)], dt=0.1).run(0.5)
    assert float(net.syn.g.value[0]) > 0
    net.reset_state()
    assert float(net.syn.g.value[0]) == 0.0 and not bool(net.src.spike.value.any())


def test_member_must_be_a_dynamical_system():
    with pytest.raises(TypeError, match="Network member 'E' must be a DynamicalSystem, got int"):
        bl.Network(E=3)
