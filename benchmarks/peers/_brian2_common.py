"""Brian2 side of the peer scripts: code-generation target set-up, and the timed build / first / warm runs.

Targets
-------
``cython`` (default)
    Brian2's runtime mode: Python drives the loop, every code object is a Cython extension. By default the
    Cython cache is a fresh temporary folder, so the first run really includes compilation (Brian2 otherwise
    reuses modules compiled by earlier processes from ``~/.cython/brian_extensions``; ``--cython-cache
    user`` keeps that behaviour). Construction (``build_s``) includes the synapse-creation code objects, which
    Brian2 generates and compiles when ``connect`` is called. ``warm_run_s`` is a second ``Network.run`` of
    the same duration continuing the network (no compilation left).
``cpp_standalone``
    The whole simulation becomes one C++ program. ``build_s`` is the Python construction (recorded, not
    executed); ``first_run_s`` is ``device.build``: code generation + C++ compilation + one execution of the
    binary (synapse creation, initialisation, the run, writing results). The binary is then executed a second
    time (``device.run``, no recompilation) and ``warm_run_s`` is the run time that the binary itself
    measures for the network loop of that execution (``device._last_run_time``: the same simulated
    ``duration`` from t = 0, excluding process start, synapse creation and result files);
    ``binary_wall_s`` is the wall time of that whole second execution. Single-threaded unless ``--threads``
    (OpenMP) is given.
``numpy``
    Brian2's pure-numpy runtime (slow; for checking only).
"""
import atexit
import os
import shutil
import tempfile

from _peer_common import DT, timed


def add_brian2_args(parser):
    parser.add_argument('--target', choices=['cython', 'cpp_standalone', 'numpy'], default='cython',
                        help='Brian2 code generation target (default cython, runtime mode)')
    parser.add_argument('--threads', type=int, default=0,
                        help='cpp_standalone: OpenMP threads (default 0: no OpenMP, one thread)')
    parser.add_argument('--cython-cache', choices=['fresh', 'user'], default='fresh',
                        help="cython: compile into a fresh temporary cache (default), or reuse Brian2's user "
                             "cache (then the first run may compile nothing)")
    parser.add_argument('--keep', action='store_true',
                        help='keep the temporary folder (cpp_standalone project / cython cache)')
    return parser


class Brian2Session:
    """Sets the target up before any Brian2 object is made; :meth:`run` times the runs of a network."""

    def __init__(self, args):
        import brian2 as b2
        self.b2 = b2
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix='brian2-peer-')
        atexit.register(self.close)  # also when the run fails
        b2.prefs.logging.file_log = False
        b2.prefs.logging.delete_log_on_exit = True
        if args.target == 'cpp_standalone':
            self.project = os.path.join(self.tmp, 'project')
            b2.set_device('cpp_standalone', build_on_run=False, directory=self.project)
            b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
        else:
            b2.prefs.codegen.target = args.target
            if args.target == 'cython' and args.cython_cache == 'fresh':
                b2.prefs.codegen.runtime.cython.cache_dir = os.path.join(self.tmp, 'cython')
        b2.defaultclock.dt = DT * b2.ms
        b2.seed(args.seed)

    def close(self):
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, net, spikemon, group, duration):
        """Time the first and the warm run of ``net``; returns the timing fields and the warm run's spike
        count and NaN flag."""
        b2 = self.b2
        out = {}
        if self.args.target == 'cpp_standalone':
            device = b2.get_device()
            net.run(duration * b2.ms)  # recorded only
            out['first_run_s'], _ = timed(lambda: device.build(directory=self.project, compile=True, run=True,
                                                               with_output=False))
            device.run(directory=self.project, with_output=False)
            out['warm_run_s'] = float(device._last_run_time)
            out['binary_wall_s'] = float(device.timers['run_binary'])
            make_s = (device.timers.get('compile') or {}).get('make')
            if make_s is not None:
                out['cpp_compile_s'] = float(make_s)
            spikes = int(spikemon.num_spikes)
        else:
            out['first_run_s'], _ = timed(lambda: net.run(duration * b2.ms))
            before = int(spikemon.num_spikes)
            out['warm_run_s'], _ = timed(lambda: net.run(duration * b2.ms))
            spikes = int(spikemon.num_spikes) - before
        import numpy as np
        nan = bool(np.isnan(np.asarray(group.v[:])).any())
        return out, spikes, nan


def record_header(workload, target, scale, n, extra=None):
    import brian2
    import numpy
    rec = {'peer': 'brian2', 'workload': workload, 'target': target, 'scale': scale, 'n': n,
           'brian2': brian2.__version__, 'numpy': numpy.__version__, 'dtype': 'float64'}
    rec.update(extra or {})
    return rec
