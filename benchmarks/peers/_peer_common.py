"""Shared by the peer scripts of W1 (COBA) and W2 (COBAHH).

Standard library only: these scripts run under different interpreters (Brian2 in ``benchmarks/.venv-brian2``,
BrainPy in the project's ``.venv``), each importing this module from the script's own folder.

Every peer script prints exactly one JSON line on stdout (its record); everything else the simulators or
compilers print goes to stderr (:func:`quiet_stdout`).
"""
import argparse
import json
import os
import sys
import time

DT = 0.1            # ms
N_PER_SCALE = 4000  # neurons at scale 1
EXC_FRACTION = 0.8
IN_DEGREE = 80.0    # mean in-degree: connection probability 80 / N

_saved_stdout_fd = None


def sizes(scale):
    """``(n, n_exc, n_inh, prob)`` for a scale factor: N = 4000·s, 80 % excitatory, p = 80 / N."""
    n = int(round(N_PER_SCALE * scale))
    n_exc = int(round(EXC_FRACTION * n))
    return n, n_exc, n - n_exc, IN_DEGREE / n


def steps(duration):
    return int(round(duration / DT))


def make_parser(doc):
    parser = argparse.ArgumentParser(description=doc.strip().split('\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=doc)
    parser.add_argument('--scale', type=float, default=1.0, help='N = 4000·scale neurons (default 1)')
    parser.add_argument('--duration', type=float, default=1000.0, help='simulated ms per run (default 1000)')
    parser.add_argument('--seed', type=int, default=0, help='random seed (initial state and connectivity)')
    return parser


def timed(fn):
    """``(seconds, result)`` of calling ``fn()``."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def quiet_stdout():
    """Send file descriptor 1 to stderr until :func:`emit`, so that compiler and simulator chatter (also from
    subprocesses and C code) cannot mix with the JSON record."""
    global _saved_stdout_fd
    if _saved_stdout_fd is None:
        sys.stdout.flush()
        _saved_stdout_fd = os.dup(1)
        os.dup2(2, 1)


def emit(record):
    """Print ``record`` as the one JSON line on the real stdout."""
    global _saved_stdout_fd
    sys.stdout.flush()
    if _saved_stdout_fd is not None:
        os.dup2(_saved_stdout_fd, 1)
        os.close(_saved_stdout_fd)
        _saved_stdout_fd = None
    sys.stdout.write(json.dumps(record) + '\n')
    sys.stdout.flush()
