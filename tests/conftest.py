import jax
import pytest


@pytest.fixture
def x64():
    """Run a test in float64 (convergence orders need more than float32's 7 digits)."""
    with jax.enable_x64(True):
        yield


@pytest.fixture(autouse=True)
def float32_is_restored():
    """Fail the test that leaves float64 switched on globally: the tests after it would run in float64."""
    yield
    assert not jax.config.jax_enable_x64, 'this test left jax_enable_x64 on (use the x64 fixture instead)'
