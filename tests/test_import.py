"""Importing brainlet keeps the user's float64 setting (importing brainpy.math alone resets it)."""
import subprocess
import sys

import pytest


@pytest.mark.parametrize('x64', [True, False])
def test_import_keeps_jax_enable_x64(x64):
    code = (f"import jax; jax.config.update('jax_enable_x64', {x64}); import brainlet, jax.numpy as jnp; "
            "print(jax.config.jax_enable_x64, jnp.ones(1).dtype)")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(x64), 'float64' if x64 else 'float32']
