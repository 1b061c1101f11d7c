"""Rate models: Wilson–Cowan fixed points from scipy's root finder on an independent transcription of the
paper's equations, their stability from the Jacobian, the limit cycle; the rate unit against its analytic
relaxation; parameter errors."""
import numpy as np
import pytest
from scipy.optimize import fsolve

import brainlet as bl

WC = bl.neurons.WilsonCowan
# Wilson & Cowan (1972), the limit-cycle example
C1, C2, C3, C4, AE, TE, AI, TI = 16., 12., 15., 3., 1.3, 4., 2., 3.7


def S(x, a, theta):
    with np.errstate(over='ignore'):  # fsolve's trial points may overflow exp; the sigmoid is then exact
        return 1 / (1 + np.exp(-a * (x - theta))) - 1 / (1 + np.exp(a * theta))


KE, KI = 1 - 1 / (1 + np.exp(AE * TE)), 1 - 1 / (1 + np.exp(AI * TI))


def field(x, P):
    E, I = x
    return np.array([-E + (KE - E) * S(C1 * E - C2 * I + P, AE, TE), -I + (KI - I) * S(C3 * E - C4 * I, AI, TI)])


def fixed_points(P):
    """All fixed points found by fsolve from a grid of starts, with the eigenvalues of the Jacobian there."""
    found = {}
    for E0 in np.linspace(0, 0.5, 6):
        for I0 in np.linspace(0, 0.5, 6):
            x, _, ok, _ = fsolve(field, [E0, I0], args=(P,), full_output=True, xtol=1e-14)
            if ok == 1 and np.max(np.abs(field(x, P))) < 1e-13:
                found[tuple(np.round(x, 9))] = x
    h = 1e-7
    return [(x, np.linalg.eigvals(np.column_stack([(field(x + h * e, P) - field(x - h * e, P)) / (2 * h)
                                                   for e in np.eye(2)]))) for x in found.values()]


def run(wc, P, duration, dt=0.01):
    return bl.DSRunner(wc, monitors=['E', 'I'], inputs=[('input', P)], dt=dt).run(duration)


@pytest.mark.parametrize('P', [0.5, 3.0])
def test_stable_fixed_point_satisfies_the_fixed_point_equations_and_attracts(x64, P):
    (x, eig), = fixed_points(P)  # a single fixed point for these inputs
    assert np.all(eig.real < 0)
    # start there: no drift in 10 ms (time unit tau = 1 ms): RK4 slopes at a root to 1e-13 stay below 1e-11
    mon = run(WC(1, E_initial=x[0], I_initial=x[1]), P, 10.0)
    assert np.max(np.abs(mon['E'] - x[0])) < 1e-11 and np.max(np.abs(mon['I'] - x[1])) < 1e-11
    # start at rest: |Re lambda| >= 0.24, so 300 time units shrink the distance by e^-70: only the 1e-13 of
    # the root remains
    mon = run(WC(1), P, 300.0)
    final = np.array([mon['E'][-1, 0], mon['I'][-1, 0]])
    assert np.max(np.abs(field(final, P))) < 1e-6   # the fixed-point equations hold at the end state
    assert np.allclose(final, x, atol=1e-5)


def test_limit_cycle_around_the_unstable_focus(x64):
    (x, eig), = fixed_points(1.25)
    assert np.all(eig.real > 0) and np.all(eig.imag != 0)  # a unique, unstable focus: a limit cycle surrounds it
    mon = run(WC(1, E_initial=x[0] + 1e-3, I_initial=x[1]), 1.25, 200.0)
    E = mon['E'][-5000:, 0]  # the last 50 time units, several periods of 2 pi / 1.87
    assert np.ptp(E) > 0.1 and E.min() < x[0] < E.max()


def test_inhibitory_input_is_routed_to_the_inhibitory_population(x64):
    # with c2 = c3 = 0 the populations are uncoupled: E stays at 0 (S_e(0) = 0), and I obeys
    # dI/dt = -I + (k_i - I) S_i(-c4 I + Q), so Q alone sets its fixed point
    wc = WC(1, c2=0., c3=0.)
    runner = bl.DSRunner(wc, monitors=['E', 'I'], inputs=[('input_I', 5.0)], dt=0.01)
    mon = runner.run(50.0)
    I_end = mon['I'][-1, 0]
    assert mon['E'][-1, 0] == 0.0
    assert abs(-I_end + (KI - I_end) * S(-C4 * I_end + 5.0, AI, TI)) < 1e-10


def test_rate_unit_relaxes_exactly_to_the_sigmoid_of_its_input(x64):
    tau, r_max, a, theta, I, r0 = 10.0, 50.0, 0.8, 1.0, 2.5, 5.0
    unit = bl.neurons.RateUnit(1, tau=tau, r_max=r_max, a=a, theta=theta, r_initial=r0)
    mon = bl.DSRunner(unit, monitors=['r'], inputs=[('input', I)], dt=0.5).run(40.0)
    target = r_max / (1 + np.exp(-a * (I - theta)))
    analytic = target + (r0 - target) * np.exp(-mon.ts / tau)
    # exponential Euler is exact for constant input: only rounding remains, even at dt = tau / 20
    assert np.max(np.abs(mon['r'][:, 0] - analytic)) < 1e-12


@pytest.mark.parametrize('cls, kw, message', [
    (WC, {'tau_e': 0.0}, r'tau_e must be > 0 \(ms\)'), (WC, {'tau_i': -1.0}, r'tau_i must be > 0 \(ms\)'),
    (WC, {'a_e': 0.0}, r'a_e must be > 0'), (WC, {'c2': -12.0}, r'c2 must be >= 0'),
    (bl.neurons.RateUnit, {'tau': -10.0}, r'tau must be > 0 \(ms\), got tau=-10'),
    (bl.neurons.RateUnit, {'r_max': 0.0}, r'r_max must be > 0 \(Hz\)'),
])
def test_invalid_parameters(cls, kw, message):
    with pytest.raises(ValueError, match=message):
        cls(1, **kw)
