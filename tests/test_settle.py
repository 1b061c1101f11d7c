"""``settle``: the settled state is that of a plain run, cached on disk by everything that determines it,
shared safely between processes."""
import subprocess
import sys

import brainpy.math as bm
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import brainlet as bl
from brainlet._settle import _read, _write

DT = 0.025


class Decay(bl.NeuGroup):
    """dV/dt = −V/tau by forward Euler: a model written by a user, not in brainlet."""

    def __init__(self, size, tau=10.0):
        super().__init__(size)
        self.tau = tau
        self.V = bm.Variable(jnp.ones(self.num))

    def update(self, t, dt):
        self.V.value = self.V.value * (1 - dt / self.tau)


def cell(**kwargs):
    return bl.neurons.STGNeuron(2, g=['AB/PD 1', 'LP 1'], **kwargs)


def state(system):
    return {name: np.asarray(v.value) for name, v in system.variables().items()}


def test_settled_state_is_that_of_a_run_and_is_read_back_from_the_cache(tmp_path):
    reference = cell()
    bl.DSRunner(reference, dt=DT).run(500.)
    settled = bl.settle(cell(), 500., dt=DT, cache_dir=tmp_path)
    for name, value in state(reference).items():
        np.testing.assert_array_equal(state(settled)[name], value, err_msg=name)
    files = list(tmp_path.glob('*.npz'))
    assert [f.stem for f in files] == [bl.settle_key(cell(), 500., DT)]
    # a marked cache file is what a fresh identical system gets: the run is not repeated
    marked = {**state(settled), 'V': state(settled)['V'] + 1.0}
    _write(files[0], marked)
    np.testing.assert_array_equal(bl.settle(cell(), 500., dt=DT, cache_dir=tmp_path).V.value, marked['V'])


def test_settling_continues_from_the_present_state(tmp_path):
    twice = bl.settle(bl.settle(cell(), 200., dt=DT, cache_dir=tmp_path), 300., dt=DT, cache_dir=tmp_path)
    reference = cell()
    runner = bl.DSRunner(reference, dt=DT)
    runner.run(200.)
    runner.run(300.)
    np.testing.assert_allclose(twice.V.value, reference.V.value, atol=1e-4)
    assert len(list(tmp_path.glob('*.npz'))) == 2


def test_the_key_changes_with_everything_that_determines_the_result():
    base = bl.settle_key(cell(), 500., DT)
    assert bl.settle_key(cell(), 500., DT) == base
    g = {k: np.full(2, v) for k, v in bl.neurons.PRINZ2004_MODELS['AB/PD 1'].items()}
    g_changed = {**g, 'CaS': np.array([6.0, 6.0 + 1e-6])}
    others = [
        bl.settle_key(cell(), 500.025, DT),                      # duration
        bl.settle_key(cell(), 500., DT / 2),                     # step
        bl.settle_key(cell(V_initial=-50.001), 500., DT),        # initial state
        bl.settle_key(cell(E_leak=-49.), 500., DT),              # a scalar parameter
        bl.settle_key(bl.neurons.STGNeuron(2, g=g), 500., DT),
        bl.settle_key(bl.neurons.STGNeuron(2, g=g_changed), 500., DT),  # one neuron's conductance
        bl.settle_key(bl.neurons.HH(2), 500., DT),              # the class
        bl.settle_key(Decay(2), 500., DT),
        bl.settle_key(Decay(2, tau=10.5), 500., DT),           # a user's model and its parameter
    ]
    with jax.enable_x64(True):
        others.append(bl.settle_key(cell(), 500., DT))         # float64
    assert len({base, *others}) == len(others) + 1


def test_a_users_model_settles_to_its_closed_form(tmp_path):
    """Forward Euler of dV/dt = −V/tau for n steps from 1 gives (1 − dt/tau)^n."""
    settled = bl.settle(Decay(3, tau=4.0), 10.0, dt=0.1, cache_dir=tmp_path)
    np.testing.assert_allclose(settled.V.value, (1 - 0.1 / 4.0) ** 100, rtol=1e-5)
    again = bl.settle(Decay(3, tau=4.0), 10.0, dt=0.1, cache_dir=tmp_path)
    np.testing.assert_array_equal(again.V.value, settled.V.value)


def test_cache_false_runs_and_writes_nothing(tmp_path):
    settled = bl.settle(cell(), 100., dt=DT, cache=False, cache_dir=tmp_path)
    assert not any(tmp_path.iterdir())
    assert not np.array_equal(settled.V.value, cell().V.value)


def test_cache_directory_from_the_environment_and_clearing_it(tmp_path, monkeypatch):
    monkeypatch.setenv('BRAINLET_CACHE_DIR', str(tmp_path / 'env'))
    assert bl.settle_cache_dir() == tmp_path / 'env'
    monkeypatch.delenv('BRAINLET_CACHE_DIR')
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    assert bl.settle_cache_dir() == tmp_path / 'xdg' / 'brainlet' / 'settle'
    bl.settle(cell(), 50., dt=DT)
    bl.settle(cell(), 60., dt=DT)
    assert len(list(bl.settle_cache_dir().glob('*.npz'))) == 2
    assert bl.clear_settle_cache() == 2
    assert not list(bl.settle_cache_dir().glob('*'))


SETTLE_SCRIPT = """
import sys, numpy as np, brainlet as bl
cell = bl.neurons.STGNeuron(2, g=['AB/PD 1', 'LP 1'])
bl.settle(cell, 500., dt=0.025, cache_dir=sys.argv[1])
print(' '.join(repr(float(v)) for v in np.asarray(cell.V.value)))
"""


def test_two_processes_settling_at_once_share_the_cache(tmp_path):
    runs = [subprocess.Popen([sys.executable, '-c', SETTLE_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err[-2000:] for _, err in outputs]
    expected = cell()
    bl.DSRunner(expected, dt=DT).run(500.)
    for out, _ in outputs:
        np.testing.assert_array_equal(np.array(out.split(), dtype=np.float32), expected.V.value)
    assert [p.suffix for p in tmp_path.iterdir()] == ['.npz']


RACE_SCRIPT = """
import pathlib, sys, time, jax, numpy as np
from brainlet._settle import _read, _write
path, role = pathlib.Path(sys.argv[1]), sys.argv[2]
if role == 'writer':
    for i in range(40):
        _write(path, {'x': np.full(1_000_000, i % 7, dtype=np.float32)})
else:
    variables = {'x': jax.ShapeDtypeStruct((1_000_000,), np.float32)}  # the shape and dtype _read checks
    while not path.exists():
        time.sleep(0.001)
    for _ in range(200):  # once the file exists, every read must find a complete one
        values = _read(path, variables)
        assert values is not None and (values['x'] == values['x'][0]).all(), 'partial file'
"""


def test_a_reader_never_sees_a_partial_file_while_another_process_writes(tmp_path):
    """Two writers and a reader on one cache file: once the file exists, every read finds a complete one.
    (With ``np.savez`` straight to the path instead of ``_write``, the reader fails.)"""
    path = tmp_path / 'race.npz'
    procs = [subprocess.Popen([sys.executable, '-c', RACE_SCRIPT, str(path), role], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for role in ('writer', 'writer', 'reader')]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in outputs]
    assert [p.name for p in tmp_path.iterdir()] == ['race.npz']


def test_an_unreadable_cache_file_is_recomputed(tmp_path):
    path = tmp_path / f'{bl.settle_key(cell(), 100., DT)}.npz'
    path.write_bytes(b'not a zip file')
    assert _read(path, cell().variables()) is None
    settled = bl.settle(cell(), 100., dt=DT, cache_dir=tmp_path)
    np.testing.assert_array_equal(_read(path, settled.variables())['V'], settled.V.value)


@pytest.mark.parametrize('kwargs, error, message', [
    ({'dt': 0.}, ValueError, 'dt must be a number > 0'),
    ({'duration': 0.001}, ValueError, 'duration must be at least one step'),
    ({'cache': 'yes'}, TypeError, 'cache must be True or False'),
])
def test_bad_arguments_are_named(kwargs, error, message, tmp_path):
    args = {'duration': 100., 'dt': DT, 'cache_dir': tmp_path, **kwargs}
    with pytest.raises(error, match=message):
        bl.settle(cell(), args.pop('duration'), **args)
