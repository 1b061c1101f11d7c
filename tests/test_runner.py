"""DSRunner: monitors, the three kinds of input, compile-once caching, chunking, eager mode, NaN reports,
and its errors. The test system integrates its input, x' = I, so every expected trace is a closed form."""
import brainpy.math as bm
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl


class Accumulator(bl.NeuGroup):
    """x' = I (forward Euler is exact for input constant over a step); counts how often it is traced."""

    def __init__(self, size=3):
        super().__init__(size)
        self.x = bm.Variable(jnp.zeros(self.num))
        self.input = bm.Variable(jnp.zeros(self.num))
        self.traces = 0

    def update(self, t, dt):
        self.traces += 1
        self.x.value = self.x.value + dt * self.input.value
        self.input.value = jnp.zeros_like(self.input.value)


def test_constant_input_and_monitor_layout():
    acc = Accumulator()
    runner = bl.DSRunner(acc, monitors=['x'], inputs=[('input', 2.0)], dt=0.1)
    mon = runner.run(1.0)
    assert mon['x'].shape == (10, 3) and isinstance(mon['x'], np.ndarray)
    np.testing.assert_allclose(mon.ts, 0.1 * np.arange(1, 11), rtol=1e-12)
    np.testing.assert_allclose(mon['x'][:, 0], 2.0 * mon.ts, rtol=1e-5)  # row i is x at ts[i]


def test_monitor_computed_by_a_function():
    acc = Accumulator()
    runner = bl.DSRunner(acc, monitors={'total': lambda: acc.x.value.sum(), 'x': 'x'}, inputs=[('input', 2.0)],
                         dt=0.1)
    mon = runner.run(1.0)
    np.testing.assert_allclose(mon['total'], 3 * 0.2 * np.arange(1, 11), rtol=1e-6)
    with pytest.raises(TypeError, match='needs a label'):
        bl.DSRunner(acc, monitors=[lambda: acc.x.value])


def test_per_step_array_input_and_monitor_by_variable():
    acc = Accumulator()
    rows = np.arange(20.0)[:, None] * np.array([1.0, 2.0, 3.0])  # (steps, num)
    runner = bl.DSRunner(acc, monitors={'value': acc.x}, inputs=[(acc.input, rows)], dt=0.5)
    runner.run(10.0)
    np.testing.assert_allclose(runner.mon['value'], 0.5 * np.cumsum(rows, axis=0), rtol=1e-6)


def test_callable_input_receives_step_start_time():
    acc = Accumulator(1)
    runner = bl.DSRunner(acc, monitors=['x'], inputs=[('input', lambda t: t)], dt=0.25)
    runner.run(5.0)
    starts = 0.25 * np.arange(20)
    np.testing.assert_allclose(runner.mon['x'][:, 0], 0.25 * np.cumsum(starts), rtol=1e-6)


def test_assignment_and_scaling_operations():
    acc = Accumulator(1)
    runner = bl.DSRunner(acc, monitors=['x'], inputs=[('input', 5.0, 'fix', '='), ('input', 3.0, 'fix', '*')],
                         dt=1.0)
    runner.run(4.0)
    np.testing.assert_allclose(runner.mon['x'][:, 0], 15.0 * np.arange(1, 5))


def test_second_run_reuses_the_compiled_step_and_continues_in_time():
    acc = Accumulator()
    runner = bl.DSRunner(acc, monitors=['x'], inputs=[('input', 1.0)], dt=0.1, progress_bar=True)
    runner.run(50.0)
    traces = acc.traces
    assert traces >= 1
    runner.run(50.0)
    assert acc.traces == traces, 'a second run of the same length must not retrace'
    np.testing.assert_allclose(runner.mon.ts[0], 50.1, rtol=1e-9)
    np.testing.assert_allclose(runner.mon['x'][-1], 100.0, rtol=1e-4)
    assert runner.t == pytest.approx(100.0)


def test_chunking_and_eager_mode_give_the_same_trace():
    def run(**kw):
        acc = Accumulator()
        runner = bl.DSRunner(acc, monitors=['x'], inputs=[('input', lambda t: jnp.sin(t))], dt=0.1, **kw)
        return runner.run(10.0)['x']

    whole = run()  # values of order 1; float32 round-off is ~1e-7 each step
    np.testing.assert_allclose(run(chunk_size=7), whole, atol=1e-6)
    np.testing.assert_allclose(run(jit=False), whole, atol=1e-6)


class Sqrt(bl.NeuGroup):
    """x = sqrt(limit - t): NaN from the first step that starts after ``limit``."""

    def __init__(self, limits):
        super().__init__(len(limits))
        self.limits = jnp.asarray(limits)
        self.ok = bm.Variable(jnp.zeros(2))
        self.x = bm.Variable(jnp.zeros(self.num))

    def update(self, t, dt):
        self.ok.value = self.ok.value + dt
        self.x.value = jnp.sqrt(self.limits - t)


@pytest.mark.parametrize('jit', [True, False])
def test_nan_is_reported_with_variable_index_and_time(jit):
    runner = bl.DSRunner(Sqrt([10.0, 10.0, 5.05, 7.0]), monitors=['x'], dt=0.1, check_nan=True, jit=jit,
                         chunk_size=25)
    with pytest.raises(FloatingPointError, match=r"NaN in 'x' at index 2, first at t = 5.2 ms \(the step from 5.1 ms\)"):
        runner.run(10.0)
    # the run stops at the end of the chunk that produced the NaN; what was recorded up to then is kept
    assert len(runner.mon.ts) == 75 and np.isnan(runner.mon['x'][51, 2]) and not np.isnan(runner.mon['x'][50]).any()


def test_nan_in_the_initial_state_is_reported():
    sys = Sqrt([1.0])
    sys.x.value = jnp.array([jnp.nan])
    with pytest.raises(FloatingPointError, match=r"NaN in 'x' at index 0, in the initial state"):
        bl.DSRunner(sys, dt=0.1, check_nan=True).run(1.0)


def test_without_check_nan_a_nan_run_completes():
    runner = bl.DSRunner(Sqrt([0.5]), monitors=['x'], dt=0.1)
    assert np.isnan(runner.run(1.0)['x'][-1, 0])


@pytest.mark.parametrize('dt', [0.0, -0.1, 'x'])
def test_non_positive_dt(dt):
    with pytest.raises(ValueError, match='dt must be a number > 0'):
        bl.DSRunner(Accumulator(), dt=dt)


def test_unknown_monitor_lists_known_variables():
    with pytest.raises(KeyError, match=r"'y' is not a Variable of Accumulator; known Variables: x, input"):
        bl.DSRunner(Accumulator(), monitors=['y'])


def test_input_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"input 'input' has shape \(4,\), which fits neither .*\(3,\)"):
        bl.DSRunner(Accumulator(3), inputs=[('input', np.ones(4))])


def test_explicit_per_step_kind_broadcasts_rows():
    acc = Accumulator(3)
    runner = bl.DSRunner(acc, monitors=['x'], inputs=[('input', np.arange(4.0), 'iter')], dt=1.0)
    np.testing.assert_allclose(runner.run(4.0)['x'][:, 2], np.cumsum(np.arange(4.0)))


def test_per_step_input_must_match_the_number_of_steps():
    runner = bl.DSRunner(Accumulator(3), inputs=[('input', np.ones((10, 3)))], dt=0.1)
    with pytest.raises(ValueError, match=r"input 'input' has 10 steps of values, but the run has 20 steps"):
        runner.run(2.0)


def test_unknown_input_operation():
    with pytest.raises(ValueError, match=r"operation for 'input' must be one of \+ - \* / =, got '\^'"):
        bl.DSRunner(Accumulator(), inputs=[('input', 1.0, 'fix', '^')])


def test_a_variable_outside_the_target_cannot_be_monitored():
    stray = bm.Variable(jnp.zeros(3))
    with pytest.raises(KeyError, match=r"is not part of Accumulator's state"):
        bl.DSRunner(Accumulator(), monitors=[stray])
