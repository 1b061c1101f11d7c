#!/usr/bin/env bash
# Install the peers of the benchmarks for benchmarks/peers/*.py: Brian2 and BrainPy (W1 COBA, W2 COBAHH),
# Jaxley (W3 cable; NEURON, the other W3 peer, is a test dependency of the project's .venv).
#
#   * Brian2 goes into its own virtual environment, benchmarks/.venv-brian2 (Brian2 pins numpy < 2.2, which
#     the project's environment does not), with Cython for its runtime "cython" target. Brian2's "cython"
#     and "cpp_standalone" targets also need a C++ compiler (g++); it is installed with apt-get if missing
#     and we are root.
#   * BrainPy is a dependency of brainlet itself (setup.cfg), so it is used from the project's .venv; it is
#     installed there only if that environment lacks it.
#
# Idempotent: a second run checks what is there and installs nothing new.
#
# Usage:  bash benchmarks/install_peers.sh [brian2] [brainpy] [jaxley]     (default: all three)
# Environment: PYTHON (interpreter for the Brian2 venv, default python3), BRIAN2_SPEC (default "brian2").
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
BRIAN2_VENV="$HERE/.venv-brian2"
BRIAN2_SPEC="${BRIAN2_SPEC:-brian2}"
NUMPY_SPEC="numpy<2.2"
PROJECT_VENV="$ROOT/.venv"
BRAINPY_SPEC="brainpy>=2.8,<2.9"

log() { printf '[install_peers] %s\n' "$*" >&2; }
WANTED="${*:-brian2 brainpy jaxley}"
wanted() { [[ " $WANTED " == *" $1 "* ]]; }

# ---- C++ compiler (Brian2 cython and cpp_standalone targets) -------------------------------------------
if wanted brian2 && ! command -v g++ >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "g++ missing: installing it with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ make >/dev/null
  else
    log "g++ missing and cannot install it here: install a C++ compiler (Brian2's cython/cpp_standalone need one)"
    exit 1
  fi
fi
if wanted brian2; then
log "C++ compiler: $(g++ --version | head -n 1)"

# ---- Brian2 in its own venv ----------------------------------------------------------------------------
brian2_ok() {
  [ -x "$BRIAN2_VENV/bin/python" ] && "$BRIAN2_VENV/bin/python" - <<'EOF' >/dev/null 2>&1
import brian2, Cython, numpy
major, minor = (int(x) for x in numpy.__version__.split('.')[:2])
assert (major, minor) < (2, 2), numpy.__version__
EOF
}

if brian2_ok; then
  log "Brian2 venv already complete: $BRIAN2_VENV"
else
  if [ ! -x "$BRIAN2_VENV/bin/python" ]; then
    log "creating $BRIAN2_VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$BRIAN2_VENV"
  fi
  "$BRIAN2_VENV/bin/python" -m pip install --quiet --upgrade pip
  # setuptools: Brian2's cython target builds its extension modules with it.
  "$BRIAN2_VENV/bin/python" -m pip install --quiet "$BRIAN2_SPEC" "$NUMPY_SPEC" cython setuptools
  brian2_ok || { log "Brian2 venv check failed after install"; exit 1; }
fi
"$BRIAN2_VENV/bin/python" -c 'import brian2, numpy, Cython; print(f"[install_peers] brian2 {brian2.__version__}, numpy {numpy.__version__}, Cython {Cython.__version__}")' >&2
fi

# ---- BrainPy from the project's venv -------------------------------------------------------------------
if wanted brainpy; then
if [ ! -x "$PROJECT_VENV/bin/python" ]; then
  log "$PROJECT_VENV missing: create the project's environment first (python3 -m venv .venv && .venv/bin/pip install -e .)"
  exit 1
fi
if ! "$PROJECT_VENV/bin/python" -c 'import brainpy, brainevent' >/dev/null 2>&1; then
  log "BrainPy missing from $PROJECT_VENV: installing $BRAINPY_SPEC"
  "$PROJECT_VENV/bin/python" -m pip install --quiet "$BRAINPY_SPEC"
fi
"$PROJECT_VENV/bin/python" -c 'import brainpy, brainevent, jax; print(f"[install_peers] brainpy {brainpy.__version__}, brainevent {brainevent.__version__}, jax {jax.__version__}")' >&2
fi
# ---- Jaxley in its own venv (it pins its own jax) -------------------------------------------------------
if wanted jaxley; then
JAXLEY_VENV="$HERE/.venv-jaxley"
JAXLEY_SPEC="${JAXLEY_SPEC:-jaxley==0.14.0}"
if [ -x "$JAXLEY_VENV/bin/python" ] && "$JAXLEY_VENV/bin/python" -c 'import jaxley' >/dev/null 2>&1; then
  log "Jaxley venv already complete: $JAXLEY_VENV"
else
  [ -x "$JAXLEY_VENV/bin/python" ] || "$PYTHON" -m venv "$JAXLEY_VENV"
  "$JAXLEY_VENV/bin/python" -m pip install --quiet "$JAXLEY_SPEC"
fi
"$JAXLEY_VENV/bin/python" -c 'import jaxley, jax; print(f"[install_peers] jaxley {jaxley.__version__}, jax {jax.__version__}")' >&2
fi
log "done"
