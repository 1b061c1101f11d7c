"""``settle``: run a system to its settled state ("thermalization"), cached on disk by its parameters."""
import functools
import hashlib
import inspect
import os
import pathlib
import tempfile
import zipfile

import jax
import numpy as np

from ._runner import DSRunner
from ._simulate import attributes

#: Environment variable naming the cache directory (default ``$XDG_CACHE_HOME/brainlet/settle`` or
#: ``~/.cache/brainlet/settle``).
CACHE_ENV = 'BRAINLET_CACHE_DIR'


def settle_cache_dir(path=None):
    """The directory of settled states: ``path``, else ``$BRAINLET_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/brainlet/settle``, else ``~/.cache/brainlet/settle``."""
    if path is None:
        path = os.environ.get(CACHE_ENV)
    if path is None:
        base = os.environ.get('XDG_CACHE_HOME') or pathlib.Path.home() / '.cache'
        return pathlib.Path(base) / 'brainlet' / 'settle'
    return pathlib.Path(path)


@functools.lru_cache(maxsize=None)
def _file_digest(file):
    try:
        return hashlib.sha256(pathlib.Path(file).read_bytes()).digest()
    except OSError:
        return b''


def _source_digest(cls):
    """Digest of the source file defining ``cls``: editing a model's code changes it. Empty for built-ins and
    classes typed in an interactive session, whose name and attributes still count."""
    try:
        file = inspect.getsourcefile(cls)
    except (TypeError, OSError):
        return b''
    return _file_digest(file) if file else b''


def _leaf_bytes(value):
    if isinstance(value, (str, bytes)):
        return value.encode() if isinstance(value, str) else value
    if value is None:
        return b'None'
    if isinstance(value, type) or inspect.isroutine(value):
        code = getattr(value, '__code__', None)  # two lambdas share a name, not their code and constants
        body = b'' if code is None else code.co_code + repr(code.co_consts).encode()
        return f'{value.__module__}.{value.__qualname__}'.encode() + body
    if isinstance(value, jax.core.Tracer):
        raise TypeError("settle needs concrete parameters, not traced values: call it outside jax.jit/grad/vmap.")
    array = np.asarray(value)
    if array.dtype == object:
        return repr(value).encode()
    return f'{array.dtype.str}{array.shape}'.encode() + np.ascontiguousarray(array).tobytes()


def settle_key(system, duration, dt):
    """The cache key of settling ``system`` for ``duration`` ms at step ``dt`` ms: a SHA-256 of everything
    that determines the result — the classes of the system and of every object it holds (name and source
    file), every attribute that is not a Variable (parameters, by dotted path), the present value, dtype and
    shape of every Variable, ``duration``, ``dt``, and whether JAX computes in float64."""
    digest = hashlib.sha256()

    def add(*parts):
        for part in parts:
            digest.update(len(part).to_bytes(8, 'little') + part)

    add(b'brainlet.settle/1', _leaf_bytes(float(duration)), _leaf_bytes(float(dt)),
        _leaf_bytes(bool(jax.config.jax_enable_x64)))
    for path, value in attributes(system):
        add(path.encode(), type(value).__qualname__.encode(), _leaf_bytes(value))
        if path.endswith('__class__'):
            for base in value.__mro__[:-1]:
                add(_source_digest(base))
    for name, variable in system.variables().items():
        add(name.encode(), _leaf_bytes(variable.value))
    return digest.hexdigest()


def _write(path, arrays):
    """Write ``arrays`` to ``path`` (.npz) atomically: a temporary file in the same directory, then
    ``os.replace``, so a reader sees either no file or a complete one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem + '.', suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as fh:
            np.savez(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _read(path, variables):
    """The cached values of ``variables`` (name -> Variable) from ``path``, or None when the file is absent,
    unreadable, or does not hold exactly these Variables with their shapes and dtypes."""
    try:
        with np.load(path) as data:
            values = {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    if set(values) != set(variables) or any(
            values[n].shape != tuple(v.shape) or values[n].dtype != v.dtype for n, v in variables.items()):
        return None
    return values


def settle(system, duration, dt, cache=True, cache_dir=None):
    """Advance ``system`` for ``duration`` ms with no input and leave its Variables at the settled state
    (a "thermalization" before a measurement, as the 20–30 s transients run before classifying the STG
    model neurons of Prinz et al. 2003); returns ``system``.

    The settled state is computed on demand with :class:`~brainlet.DSRunner` (time from 0 to ``duration``)
    and cached on disk, keyed by :func:`settle_key`: the classes and parameters of the system and of all it
    holds, the present values of its Variables, ``duration``, ``dt`` and float64 mode. A second call with
    the same key, in this process or another, loads the state instead of running. Several processes may
    share the cache: each writes a temporary file and renames it into place (atomic), and a file that
    cannot be read is recomputed.

    Parameters
    ----------
    system : DynamicalSystem
        The model; its Variables start from their present values.
    duration : float
        Settling time (ms), at least one step.
    dt : float
        Time step (ms), > 0.
    cache : bool
        Read and write the disk cache (default); ``False`` always runs and writes nothing.
    cache_dir : str or path, optional
        Directory of the cache; by default ``$BRAINLET_CACHE_DIR``, else ``$XDG_CACHE_HOME/brainlet/settle``,
        else ``~/.cache/brainlet/settle``.

    Example
    -------
    >>> cell = bl.settle(bl.neurons.STGNeuron(16, g=list(bl.neurons.PRINZ2004_MODELS)), 20000., dt=0.025)
    """
    if not isinstance(cache, bool):
        raise TypeError(f"cache must be True or False, got {cache!r}.")
    runner = DSRunner(system, dt=dt)  # checks dt and prepares the system's dt-dependent state
    runner._steps(duration)  # checks duration before the cache is consulted
    variables = system.variables()
    path = settle_cache_dir(cache_dir) / f'{settle_key(system, duration, runner.dt)}.npz'
    values = _read(path, variables) if cache else None
    if values is None:
        runner.run(duration)
        if cache:
            _write(path, {name: np.asarray(v.value) for name, v in variables.items()})
    else:
        for name, variable in variables.items():
            variable.value = values[name]
    return system


def clear_settle_cache(cache_dir=None):
    """Delete every cached settled state (and leftover temporary files) in the cache directory (see
    :func:`settle`); returns how many files were removed."""
    directory = settle_cache_dir(cache_dir)
    removed = 0
    for file in list(directory.glob('*.npz')) + list(directory.glob('*.tmp')):
        try:
            file.unlink()
            removed += 1
        except FileNotFoundError:  # another process removed or replaced it first
            pass
    return removed
