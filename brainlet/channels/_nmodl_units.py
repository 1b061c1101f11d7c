"""The few unit conversions an NMODL ``UNITS`` block asks for, such as ``FARADAY = (faraday) (coulomb)``.

NEURON evaluates such a factor with its units database: the value of the first unit expressed in the second.
Mechanisms use it for physical constants (Faraday's and the gas constant) and for prefix changes, so brainlet
knows the SI base units, the derived units of electrophysiology, the SI prefixes, and the constants that are
exact in the 2019 SI (as NEURON's units database now has them: ``faraday = e-mole``, ``R = k-mole``).

A unit expression is a sequence of factors separated by spaces, ``-`` or ``*``; every factor after a ``/`` is
in the denominator (the convention of Unix ``units``); a trailing integer is a power (``cm2``).
"""
import math
import re

_E, _AVOGADRO, _BOLTZMANN = 1.602176634e-19, 6.02214076e23, 1.380649e-23  # exact in the 2019 SI

# name -> (scale, dimension), dimensions as exponents of (m, kg, s, C, K)
_BASE = {
    'm': (1.0, (1, 0, 0, 0, 0)), 'meter': (1.0, (1, 0, 0, 0, 0)), 'metre': (1.0, (1, 0, 0, 0, 0)),
    'micron': (1e-6, (1, 0, 0, 0, 0)), 'kg': (1.0, (0, 1, 0, 0, 0)), 'gram': (1e-3, (0, 1, 0, 0, 0)),
    's': (1.0, (0, 0, 1, 0, 0)), 'sec': (1.0, (0, 0, 1, 0, 0)), 'second': (1.0, (0, 0, 1, 0, 0)),
    'coul': (1.0, (0, 0, 0, 1, 0)), 'coulomb': (1.0, (0, 0, 0, 1, 0)),
    'K': (1.0, (0, 0, 0, 0, 1)), 'kelvin': (1.0, (0, 0, 0, 0, 1)), 'degC': (1.0, (0, 0, 0, 0, 1)),
    'liter': (1e-3, (3, 0, 0, 0, 0)), 'litre': (1e-3, (3, 0, 0, 0, 0)), 'l': (1e-3, (3, 0, 0, 0, 0)),
    'mole': (_AVOGADRO, (0, 0, 0, 0, 0)), 'molar': (1e3, (-3, 0, 0, 0, 0)), 'M': (1e3, (-3, 0, 0, 0, 0)),
    'joule': (1.0, (2, 1, -2, 0, 0)), 'watt': (1.0, (2, 1, -3, 0, 0)),
    'amp': (1.0, (0, 0, -1, 1, 0)), 'ampere': (1.0, (0, 0, -1, 1, 0)),
    'volt': (1.0, (2, 1, -2, -1, 0)), 'ohm': (1.0, (2, 1, -1, -2, 0)),
    'siemens': (1.0, (-2, -1, 1, 2, 0)), 'mho': (1.0, (-2, -1, 1, 2, 0)), 'S': (1.0, (-2, -1, 1, 2, 0)),
    'farad': (1.0, (-2, -1, 2, 2, 0)), 'hz': (1.0, (0, 0, -1, 0, 0)), 'hertz': (1.0, (0, 0, -1, 0, 0)),
    'e': (_E, (0, 0, 0, 1, 0)), 'faraday': (_E * _AVOGADRO, (0, 0, 0, 1, 0)),
    'k': (_BOLTZMANN, (2, 1, -2, 0, -1)), 'boltzmann': (_BOLTZMANN, (2, 1, -2, 0, -1)),
    'R': (_BOLTZMANN * _AVOGADRO, (2, 1, -2, 0, -1)), 'gasconstant': (_BOLTZMANN * _AVOGADRO, (2, 1, -2, 0, -1)),
    'pi': (math.pi, (0, 0, 0, 0, 0)),
}
_PREFIXES = {'yotta': 1e24, 'zetta': 1e21, 'exa': 1e18, 'peta': 1e15, 'tera': 1e12, 'giga': 1e9, 'mega': 1e6,
             'kilo': 1e3, 'hecto': 1e2, 'deka': 1e1, 'deci': 1e-1, 'centi': 1e-2, 'milli': 1e-3, 'micro': 1e-6,
             'nano': 1e-9, 'pico': 1e-12, 'femto': 1e-15, 'atto': 1e-18,
             'da': 1e1, 'T': 1e12, 'G': 1e9, 'M': 1e6, 'k': 1e3, 'h': 1e2, 'd': 1e-1, 'c': 1e-2, 'm': 1e-3,
             'u': 1e-6, 'n': 1e-9, 'p': 1e-12, 'f': 1e-15}
_NUMBER = re.compile(r'^[0-9.]+([eE][-+]?[0-9]+)?$')


class UnitError(ValueError):
    """A unit expression brainlet cannot evaluate, or two that do not convert."""


def _factor(token):
    """Scale and dimension of one factor such as ``kilocoulombs`` or ``cm2``."""
    if _NUMBER.match(token):
        return float(token), (0,) * 5
    power = 1
    match = re.match(r'^(.*?[A-Za-z])(\d+)$', token)
    if match:
        token, power = match.group(1), int(match.group(2))
    for name in (token, token[:-1] if token.endswith('s') else None):
        if not name:
            continue
        if name in _BASE:
            scale, dim = _BASE[name]
            break
        prefixed = [(p, name[len(p):]) for p in sorted(_PREFIXES, key=len, reverse=True)
                    if name.startswith(p) and name[len(p):] in _BASE]
        if prefixed:
            prefix, base = prefixed[0]
            scale, dim = _PREFIXES[prefix] * _BASE[base][0], _BASE[base][1]
            break
    else:
        raise UnitError(f"unknown unit {token!r}")
    return scale ** power, tuple(power * d for d in dim)


def scale_of(expression):
    """``(scale, dimension)`` of a unit expression: its size in SI base units, and their exponents."""
    scale, dim, sign = 1.0, (0,) * 5, 1
    for token in re.findall(r'/|[^\s/*\-]+', expression):
        if token == '/':
            sign = -1
            continue
        s, d = _factor(token)
        scale = scale * s if sign > 0 else scale / s
        dim = tuple(a + sign * b for a, b in zip(dim, d))
    return scale, dim


def conversion_factor(unit, target):
    """The value of one ``unit`` expressed in ``target`` units: ``conversion_factor('faraday', 'coulomb')``
    is Faraday's constant in C/mol."""
    (s1, d1), (s2, d2) = scale_of(unit), scale_of(target)
    if d1 != d2:
        raise UnitError(f"({unit}) does not convert to ({target}): their dimensions differ")
    return s1 / s2
