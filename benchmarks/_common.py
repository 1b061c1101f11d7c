"""Shared by the benchmark scripts: the machine description, timing, and running a peer in its own venv."""
import json
import os
import pathlib
import platform
import subprocess
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
#: Where install_peers.sh puts each peer's interpreter (Brian2 needs numpy < 2.2, so it has its own venv).
PEER_PYTHON = {
    'brian2': HERE / '.venv-brian2' / 'bin' / 'python',
    'brainpy': HERE.parent / '.venv' / 'bin' / 'python',
}


def machine_info():
    import jax
    import jaxlib
    import brainpy
    cpu = platform.processor() or 'unknown'
    try:
        with open('/proc/cpuinfo') as fh:
            cpu = next((line.split(':', 1)[1].strip() for line in fh if line.startswith('model name')), cpu)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        'cpu': cpu,
        'cores': f'{os.cpu_count()} logical ({usable} usable)',
        'backend': f'{jax.default_backend()} ({jax.devices()[0]})',
        'x64': str(jax.config.jax_enable_x64),
        'python': platform.python_version(),
        'jax': f'{jax.__version__} (jaxlib {jaxlib.__version__})',
        'brainpy': brainpy.__version__,
        'numpy': np.__version__,
        'os': f'{platform.system()} {platform.release()}',
    }


def timed(fn):
    """``(seconds, result)`` of calling ``fn()``."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run_peer(peer, script, *args, timeout=3600):
    """Run ``benchmarks/peers/<script>`` with the peer's interpreter; its last stdout line is a JSON record.
    Returns the record, or ``{'error': why}``."""
    python = PEER_PYTHON[peer]
    if not python.exists():
        return {'error': f'{python} missing: run benchmarks/install_peers.sh'}
    try:
        done = subprocess.run([str(python), str(HERE / 'peers' / script), *map(str, args)], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {'error': f'timed out after {timeout} s'}
    lines = [line for line in done.stdout.splitlines() if line.startswith('{')]
    if done.returncode != 0 or not lines:
        return {'error': (done.stderr or done.stdout).strip().splitlines()[-1:] or ['no output']}
    return json.loads(lines[-1])


def markdown_table(header, rows):
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    lines += ['| ' + ' | '.join(str(cell) for cell in row) + ' |' for row in rows]
    return '\n'.join(lines)
