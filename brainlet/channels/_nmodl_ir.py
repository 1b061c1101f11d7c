"""What the NMODL reader hands to the translator: the mechanism and its statements as plain Python data,
and :class:`NmodlError`, whose message points at ``file:line:column``.

Statements are tuples (:class:`Assign`, :class:`Diff`, :class:`CallStatement`, :class:`If`, and for
KINETIC and LINEAR blocks :class:`Conserve`, :class:`Linear`, :class:`SolveLinear`) over expressions
(:class:`Num`, :class:`Name`, :class:`Unary`, :class:`Binary`, :class:`Call`); a block is a :class:`Routine`.
"""
import dataclasses
import re
from typing import NamedTuple


class NmodlError(ValueError):
    """An NMODL file brainlet cannot read or translate; the message starts with ``file:line:column``."""

    def __init__(self, message, filename='<string>', line=None, column=None):
        self.filename, self.line, self.column = filename, line, column
        where = filename if line is None else f'{filename}:{line}:{column}'
        super().__init__(f'{where}: {message}')


class Num(NamedTuple):
    value: float


class Name(NamedTuple):
    id: str


class Unary(NamedTuple):
    op: str  # '-' or '!'
    operand: tuple


class Binary(NamedTuple):
    op: str  # + - * / ^ < > <= >= == != && ||
    lhs: tuple
    rhs: tuple


class Call(NamedTuple):
    name: str
    args: tuple


class Assign(NamedTuple):
    name: str
    expr: tuple


class Diff(NamedTuple):
    state: str  # x' = expr
    expr: tuple


class CallStatement(NamedTuple):
    call: Call


class If(NamedTuple):
    cond: tuple
    then: tuple
    orelse: tuple  # an ELSE IF is an If alone in orelse


class Conserve(NamedTuple):
    """``CONSERVE 2A + B = total`` of a KINETIC block: ``terms`` are ``(coefficient, state)`` pairs."""
    terms: tuple
    total: tuple


class Linear(NamedTuple):
    """``~ lhs = rhs``, an equation of a LINEAR block."""
    lhs: tuple
    rhs: tuple


class SolveLinear(NamedTuple):
    """``SOLVE name`` of a LINEAR block (in INITIAL): its STATEs become the solution of its equations."""
    name: str


class Routine(NamedTuple):
    """A PROCEDURE, FUNCTION, DERIVATIVE, KINETIC or LINEAR block: arguments, LOCAL names and statements. A
    KINETIC block is read as a DERIVATIVE block: each reaction sets a LOCAL flux, the STATEs' derivatives
    sum the fluxes, and its CONSERVE statements stay (see :mod:`._nmodl_parse`)."""
    kind: str
    name: str
    args: tuple
    locals: tuple
    body: tuple


@dataclasses.dataclass
class Mechanism:
    """What a density mechanism or point process declares and does, in the mod file's names."""
    suffix: str
    filename: str
    text: str = ''
    title: str = ''
    reads: dict = dataclasses.field(default_factory=dict)    # ion -> names read (ena, nai, ...)
    writes: dict = dataclasses.field(default_factory=dict)   # ion -> names written (ina, cai, ...)
    valences: dict = dataclasses.field(default_factory=dict)
    nonspecific: list = dataclasses.field(default_factory=list)
    range: list = dataclasses.field(default_factory=list)
    parameters: dict = dataclasses.field(default_factory=dict)  # name -> (default, unit)
    constants: dict = dataclasses.field(default_factory=dict)   # CONSTANT and UNITS factors
    assigned: dict = dataclasses.field(default_factory=dict)    # name -> unit
    states: dict = dataclasses.field(default_factory=dict)      # name -> unit
    initial: Routine = Routine('INITIAL', 'INITIAL', (), (), ())
    breakpoint: Routine = Routine('BREAKPOINT', 'BREAKPOINT', (), (), ())
    solve: tuple = None  # (block name, method)
    point: bool = False  # a POINT_PROCESS (currents in nA), not a density mechanism (SUFFIX)
    net_receive: Routine = None  # its NET_RECEIVE block: the arguments are the event's (weight, ...)
    routines: dict = dataclasses.field(default_factory=dict)    # name -> Routine


# where a refused construct starts, when its keyword alone is ambiguous or lower case
_KEYWORD_PATTERN = {'FROM': r'\bFROM\s+\w+\s*=', 'WHILE': r'\bwhile\b'}

def _blank(match):
    """The matched text as spaces, its newlines kept (so positions after it do not move)."""
    return re.sub(r'[^\n]', ' ', match.group(0))


def strip_comments(text):
    """``text`` with comments (``: ...``, ``? ...``, ``COMMENT ... ENDCOMMENT``) blanked, positions kept."""
    text = re.sub(r'(?ms)^\s*COMMENT\b.*?^\s*ENDCOMMENT\b', _blank, text)
    return re.sub(r'[:?][^\n]*', _blank, text)


_DECLARATIONS = re.compile(r'\b(NEURON|PARAMETER|ASSIGNED|STATE|UNITS|CONSTANT)\s*\{[^}]*\}')


def locate(text, word, code=False, assignment=False):
    """``(line, column)`` (1-based) of the first use of ``word`` as a whole word outside comments; with
    ``code``, outside the declaration blocks too; with ``assignment``, its first assignment."""
    pattern = _KEYWORD_PATTERN.get(word, rf'(?<![\w]){re.escape(word)}(?![\w])')
    if assignment:
        pattern += r"(?=\s*=(?!=))"
    searched = strip_comments(text)
    if code:
        searched = _DECLARATIONS.sub(_blank, searched)
    match = re.search(pattern, searched)
    if match is None:
        return None, None
    line = text.count('\n', 0, match.start()) + 1
    return line, match.start() - (text.rfind('\n', 0, match.start()) + 1) + 1
