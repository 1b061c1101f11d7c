"""Hindmarsh–Rose: the fixed point from the cubic, bursting versus tonic spiking measured from spike trains,
parameter errors."""
import numpy as np
import pytest

import brainlet as bl

HR = bl.neurons.HindmarshRose
A, B, C, D, R, S, X_R = 1., 3., 1., 5., 0.01, 4., -1.6  # Hindmarsh & Rose (1984), r as in BrainPy


def fixed_point(I):
    # y = c - d x^2 and z = s (x - x_r) in dx/dt = 0: -a x^3 + (b - d) x^2 - s x + c + s x_r + I = 0
    roots = np.roots([-A, B - D, -S, C + S * X_R + I])
    real = roots[np.abs(roots.imag) < 1e-12].real
    assert real.size == 1   # 3 a s > (b - d)^2: the cubic is monotonic, one fixed point for every I
    x = real[0]
    return x, C - D * x ** 2, S * (x - X_R)


def spike_times(I, duration=3000.0, dt=0.02):
    hr = HR(1)
    runner = bl.DSRunner(hr, monitors=['spike'], inputs=[('input', I)], dt=dt)
    mon = runner.run(duration)
    times = mon.ts[mon['spike'][:, 0]]
    return times[times > 1000.0]  # the first 1000 ms (10 time constants of z) are transient


@pytest.mark.parametrize('I', [0.0, 1.0, 2.5])
def test_fixed_point_is_the_root_of_the_cubic_and_does_not_drift(x64, I):
    x0, y0, z0 = fixed_point(I)
    hr = HR(1, x_initial=x0)
    assert (float(hr.y.value[0]), float(hr.z.value[0])) == pytest.approx((y0, z0), abs=1e-12)
    runner = bl.DSRunner(hr, monitors=['x', 'y', 'z'], inputs=[('input', I)], dt=0.01)
    mon = runner.run(10.0)
    # RK4 slopes at an exact fixed point are rounding errors: 1000 steps move nothing beyond 1e-12
    for name, value in zip('xyz', (x0, y0, z0)):
        assert np.max(np.abs(mon[name] - value)) < 1e-12
    if I == 0.0:
        assert float(HR(1).x.value[0]) == pytest.approx(x0, abs=1e-6)  # the default start is rest at I = 0


@pytest.mark.parametrize('I', [2.0, 2.5, 3.0])
def test_bursts_for_moderate_current(x64, I):
    isi = np.diff(spike_times(I))
    # bursts: two interval classes, within a burst and the quiescence between bursts, a factor > 3 apart
    assert isi.size > 5 and isi.max() > 3 * isi.min()
    long_gaps = isi > 0.5 * (isi.max() + isi.min())
    spikes_per_burst = np.diff(np.flatnonzero(long_gaps))  # spikes between consecutive quiescent gaps
    assert spikes_per_burst.size >= 2 and spikes_per_burst.min() >= 2


@pytest.mark.parametrize('I', [4.0, 5.0])
def test_fires_tonically_for_large_current(x64, I):
    isi = np.diff(spike_times(I))
    # one periodic orbit: every interval equal up to the spike-time grid (dt = 0.02 against ISIs >= 10)
    assert isi.size > 20 and isi.max() < 1.01 * isi.min()


def test_burst_rate_grows_with_current_and_tonic_rate_exceeds_it(x64):
    counts = [spike_times(I).size for I in (2.0, 3.0, 4.0)]
    assert counts[0] < counts[1] < counts[2]


@pytest.mark.parametrize('kw, message', [({'r': 0.0}, r'r must be > 0 \(1/ms\)'),
                                         ({'r': -0.01}, r'r must be > 0 \(1/ms\).*got r=-0.01'),
                                         ({'a': 0.0}, r'a must be != 0')])
def test_invalid_parameters(kw, message):
    with pytest.raises(ValueError, match=message):
        HR(1, **kw)
