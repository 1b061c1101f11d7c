"""Shared by the benchmark scripts: the machine description, timing, and running a peer in its own venv."""
import argparse
import datetime
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
    'neuron': HERE.parent / '.venv' / 'bin' / 'python',
    'jaxley': HERE / '.venv-jaxley' / 'bin' / 'python',
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


def print_machine():
    """Print the date and :func:`machine_info`, the header of every benchmark's output."""
    print(f'date: {datetime.datetime.now().astimezone().isoformat(timespec="seconds")}')
    for key, value in machine_info().items():
        print(f'{key}: {value}')


def max_gap(a, b):
    """Largest difference between two spike trains of the same length (NaN when their counts differ)."""
    a, b = np.asarray(a), np.asarray(b)
    return float('nan') if len(a) != len(b) else float(np.abs(a - b).max(initial=0.0))


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


def compare_with_peers(doc, brainlet_run, workload):
    """Command line of a network workload: run brainlet (``brainlet_run(scale, duration)`` -> a record, or a
    list of records of variants labelled ``'label'``; the first is the one the ratios use) and the peers'
    ``peers/<peer>_<workload>.py`` at each scale, print every record and a markdown table."""
    parser = argparse.ArgumentParser(description=doc.split('\n')[0])
    parser.add_argument('--scales', type=float, nargs='+', default=[1, 5, 25])
    parser.add_argument('--duration', type=float, default=1000.0)
    parser.add_argument('--peers', nargs='*', default=['brian2', 'brainpy'])
    args = parser.parse_args()

    print_machine()
    rows = []
    for scale in args.scales:
        variants = brainlet_run(scale, args.duration)
        variants = [variants] if isinstance(variants, dict) else variants
        for record in variants:
            print(json.dumps(record), flush=True)
            rows.append([record.get('label', 'brainlet'), f'{scale:g}', record['n'], f"{record['build_s']:.2f}",
                         f"{record['first_run_s']:.2f}", f"{record['warm_run_s']:.3f}", '', '',
                         f"{record['rate_hz']:.2f}"])
        ours = variants[0]
        for peer in args.peers:
            for target in (['cython', 'cpp_standalone'] if peer == 'brian2' else [None]):
                record = run_peer(peer, f'{peer}_{workload}.py', '--scale', scale, '--duration', args.duration,
                                  *(['--target', target] if target else []))
                print(json.dumps(record), flush=True)
                name = peer + (f' ({target})' if target else '')
                if 'error' in record:
                    rows.append([name, f'{scale:g}', '', '', '', f"error: {record['error']}", '', '', ''])
                    continue
                rows.append([name, f'{scale:g}', record['n'], f"{record['build_s']:.2f}",
                             f"{record['first_run_s']:.2f}", f"{record['warm_run_s']:.3f}",
                             f"{ours['warm_run_s'] / record['warm_run_s']:.2f}",
                             f"{ours['first_run_s'] / record['first_run_s']:.2f}", f"{record['rate_hz']:.2f}"])
    print()
    print(markdown_table(['simulator', 'scale', 'neurons', 'build (s)', 'first run (s)', 'warm run (s)',
                          'brainlet/peer warm', 'brainlet/peer first', 'rate (Hz)'], rows))
