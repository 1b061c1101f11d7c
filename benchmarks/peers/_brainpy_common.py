"""BrainPy side of the peer scripts: options, and the timed first / warm runs of a network.

Runners (``--runner``)
----------------------
``jit`` (default)
    ``bm.jit`` around ``bm.for_loop(net.step_run, indices)``: the loop is traced and compiled on the first
    call; the second call (same number of steps, the indices continuing the first run's, so time goes on) hits
    the compiled function. This is BrainPy's fastest way to run a network many times.
``for_loop``
    plain ``bm.for_loop(net.step_run, indices)`` as in BrainPy's own benchmark scripts; BrainPy traces and
    compiles the loop again on every call, so the "warm" run includes that again.
``dsrunner``
    ``bp.DSRunner(net, monitors=..., progress_bar=False).run(duration)`` twice (same remark as for_loop).

Monitors (``--monitor``)
------------------------
``raster`` (default): the spike vector of every step is returned by the loop and copied to the host
(BrainPy's usual spike monitor, a dense ``(steps, N)`` boolean array). ``count``: only the number of spikes
of every step (what brainlet's W1 script records).

Float32 (BrainPy's default dtype; ``--x64`` for float64).
"""
import numpy as np

from _peer_common import DT, steps, timed


def add_brainpy_args(parser):
    parser.add_argument('--runner', choices=['jit', 'for_loop', 'dsrunner'], default='jit')
    parser.add_argument('--monitor', choices=['raster', 'count'], default='raster')
    parser.add_argument('--x64', action='store_true', help='float64 instead of BrainPy\'s default float32')
    return parser


def setup(args):
    import brainpy as bp
    import brainpy.math as bm
    if args.x64:
        bm.enable_x64()
    bm.set_dt(DT)
    bm.random.seed(args.seed)
    return bp, bm


def run_network(args, net, groups, monitored):
    """First and warm runs of ``net`` (a ``bp.DynSysGroup`` whose ``update()`` returns ``monitored()``: a
    tuple of per-group spike vectors, or of spike counts with ``--monitor count``). ``groups`` are the neuron
    groups (for the NaN check). Returns (first_run_s, warm_run_s, spikes in the warm run, nan)."""
    import brainpy as bp
    import brainpy.math as bm
    import jax

    n_steps = steps(args.duration)

    def total(out):
        return int(sum(np.asarray(o, dtype=np.int64).sum() for o in out))

    if args.runner == 'dsrunner':
        runner = bp.DSRunner(net, monitors={f'm{i}': (lambda i=i: monitored()[i]) for i in range(len(groups))},
                             progress_bar=False, numpy_mon_after_run=True)

        def run(_):
            runner.run(args.duration)
            return [runner.mon[f'm{i}'] for i in range(len(groups))]
    else:
        if args.runner == 'jit':
            loop = bm.jit(lambda idx: bm.for_loop(net.step_run, idx))
        else:
            def loop(idx):
                return bm.for_loop(net.step_run, idx)

        def run(k):
            indices = np.arange(k * n_steps, (k + 1) * n_steps)
            out = loop(indices)
            return [np.asarray(o) for o in jax.block_until_ready(out)]

    first_s, _ = timed(lambda: run(0))
    warm_s, out = timed(lambda: run(1))
    nan = any(bool(np.isnan(np.asarray(g.V.value)).any()) for g in groups)
    return first_s, warm_s, total(out), nan


def record_header(workload, args, n, extra=None):
    import brainpy
    import brainpy.math as bm
    import jax
    rec = {'peer': 'brainpy', 'workload': workload, 'scale': args.scale, 'n': n, 'brainpy': brainpy.__version__,
           'jax': jax.__version__, 'dtype': np.dtype(bm.float_).name, 'runner': args.runner,
           'monitor': args.monitor, 'backend': jax.default_backend()}
    try:
        import brainevent
        rec['brainevent'] = brainevent.__version__
    except ImportError:
        pass
    rec.update(extra or {})
    return rec
