import jax
import pytest


@pytest.fixture
def x64():
    """Run a test in float64 (convergence orders need more than float32's 7 digits)."""
    with jax.enable_x64(True):
        yield
