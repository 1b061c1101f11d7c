"""What each block of an NMODL mechanism reads and writes: the names a translated block must be given and
the names it hands back.

NMODL blocks share the mechanism's variables (``v``, ion variables, STATEs, ASSIGNED) as C globals; a
PROCEDURE such as ``rates()`` reads some and sets others. The translation is functional, so every routine
becomes a Python function of the mechanism variables it reads (its *inputs*) returning those it sets (its
*outputs*). A variable set in only one branch of an ``if`` keeps its previous value in the other, so it is
an input too. PARAMETERs, CONSTANTs, UNITS factors and ``celsius`` are attributes of the channel object.
"""
import math
from typing import NamedTuple

from ._nmodl_ir import (Assign, Binary, Call, CallStatement, Conserve, Diff, If, Linear, Name, NmodlError, Num,
                        SolveLinear, Unary, locate)

SPECIAL = ('v', 't', 'dt')
#: NMODL's built-in functions, as JAX expressions
BUILTINS = {'exp': 'jnp.exp', 'log': 'jnp.log', 'log10': 'jnp.log10', 'sqrt': 'jnp.sqrt', 'fabs': 'jnp.abs',
            'pow': 'jnp.power', 'sin': 'jnp.sin', 'cos': 'jnp.cos', 'tan': 'jnp.tan', 'tanh': 'jnp.tanh',
            'sinh': 'jnp.sinh', 'cosh': 'jnp.cosh', 'asin': 'jnp.arcsin', 'acos': 'jnp.arccos',
            'atan': 'jnp.arctan', 'atan2': 'jnp.arctan2', 'floor': 'jnp.floor', 'ceil': 'jnp.ceil',
            'fmin': 'jnp.minimum', 'fmax': 'jnp.maximum', 'exprelr': 'exprelr', 'erf': 'erf', 'erfc': 'erfc'}
#: NEURON's built-in constants
CONSTANTS = {'PI': 3.141592653589793}


class Summary(NamedTuple):
    inputs: tuple   # mechanism variables read before being set (or set on some paths only)
    outputs: tuple  # mechanism variables set
    must: frozenset  # set on every path


class Names:
    """The mechanism's names, each with its kind: ``special`` (v, t, dt), ``ion`` (ena, cai, ica, ...),
    ``state``, ``assigned``, ``static`` (PARAMETER, CONSTANT, UNITS factor, celsius) or ``routine``."""

    def __init__(self, mech, ion_written=None):
        self.mech = mech
        ion_vars = {n: ion for ion in {**mech.reads, **mech.writes}
                    for n in (*mech.reads.get(ion, ()), *mech.writes.get(ion, ()))}
        self.ion_vars = ion_vars
        self.kinds = {n: 'assigned' for n in mech.assigned}
        self.kinds.update((n, 'static') for n in (*mech.parameters, *mech.constants, *CONSTANTS, 'celsius'))
        self.kinds.update((n, 'ion') for n in ion_vars)
        self.kinds.update((n, 'state') for n in mech.states)
        self.kinds.update((n, 'special') for n in SPECIAL)
        self.kinds.update((n, 'routine') for n in mech.routines)
        order = [*SPECIAL, *ion_vars, *mech.states, *mech.assigned]
        self.order = {n: i for i, n in enumerate(dict.fromkeys(order))}
        self.parameters = {n: p for n, p in mech.parameters.items() if self.kinds[n] == 'static' and n != 'celsius'}

    def dynamic(self, name):
        return self.kinds.get(name) in ('special', 'ion', 'state', 'assigned')

    def sort(self, names):
        return tuple(sorted(names, key=lambda n: self.order[n]))


class Flow:
    """Read/write analysis of statements; raises :class:`NmodlError` for undeclared names and calls."""

    def __init__(self, names):
        self.names, self.mech = names, names.mech
        self.summaries, self._busy = {}, set()

    def error(self, message, word, assignment=False):
        return NmodlError(message, self.mech.filename, *locate(self.mech.text, word, True, assignment))

    def summary(self, name):
        """:class:`Summary` of a PROCEDURE or FUNCTION, over mechanism variables."""
        if name in self.summaries:
            return self.summaries[name]
        if name in self._busy:
            raise self.error(f'{name} calls itself; recursive routines are not translated', name)
        self._busy.add(name)
        routine = self.mech.routines[name]
        local = {*routine.args, *routine.locals, *((name,) if routine.kind == 'FUNCTION' else ())}
        summary = self.block(routine.body, local, diff='implicit')
        if routine.kind == 'FUNCTION' and summary.outputs:
            raise self.error(f'FUNCTION {name} sets {", ".join(summary.outputs)}; brainlet translates FUNCTIONs '
                             'without side effects (make it a PROCEDURE)', name)
        self._busy.discard(name)
        self.summaries[name] = summary
        return summary

    def block(self, statements, local=(), defined=(), diff='cnexp'):
        """:class:`Summary` of a statement list whose names in ``local`` are its own; ``defined`` are bound
        before it starts. ``diff`` is how ``x' = f`` is solved: ``'cnexp'`` sets x, ``'implicit'`` sets x'."""
        live, may, defined = set(), set(), set(defined)
        self.statements(statements, set(local), defined, live, may, diff)
        inputs = {n for n in live if self.names.dynamic(n) and n not in local}
        outputs = {n for n in may if self.names.dynamic(n) and n not in local}
        return Summary(self.names.sort(inputs), self.names.sort(outputs), frozenset(defined))

    def statements(self, statements, local, defined, live, may, diff):
        for s in statements:
            if isinstance(s, Assign):
                self.reads(s.expr, local, defined, live)
                self.assign(s.name, local, defined, may)
            elif isinstance(s, Diff):
                if self.names.kinds.get(s.state) != 'state':
                    raise self.error(f"{s.state}' = ...: {s.state} is not a STATE", s.state)
                self.reads(s.expr, local, defined, live)
                self.reads(Name(s.state), local, defined, live)
                if diff == 'cnexp':
                    self.reads(Name('dt'), local, defined, live)
                    self.assign(s.state, local, defined, may)
            elif isinstance(s, CallStatement):
                self.call(s.call, local, defined, live, may)
            elif isinstance(s, Linear):
                self.reads(s.lhs, local, defined, live)
                self.reads(s.rhs, local, defined, live)
            elif isinstance(s, Conserve):
                self.reads(s.total, local, defined, live)
            elif isinstance(s, SolveLinear):
                block = self.linear(s.name)
                summary = self.block(block.body, block.locals, diff='implicit')
                live.update(n for n in summary.inputs if n not in defined)
                for n in linear_unknowns(block, self.mech):
                    self.assign(n, local, defined, may)
            elif isinstance(s, If):
                self.reads(s.cond, local, defined, live)
                branches = []
                for body in (s.then, s.orelse):
                    d, m = set(defined), set()
                    self.statements(body, local, d, live, m, diff)
                    branches.append((d, m))
                both = branches[0][0] & branches[1][0]
                for n in branches[0][1] | branches[1][1]:
                    if n not in both and n not in defined:
                        live.add(n)  # keeps its previous value on the other path
                defined |= both
                may |= branches[0][1] | branches[1][1]

    def linear(self, name):
        """The LINEAR block ``SOLVE name`` solves, checked: as many equations as STATEs in them."""
        block = self.mech.routines.get(name)
        if block is None or block.kind != 'LINEAR':
            raise self.error(f'SOLVE {name}: outside BREAKPOINT, brainlet translates SOLVE of a LINEAR block only',
                             name)
        equations = sum(isinstance(s, Linear) for s in block.body)
        unknowns = linear_unknowns(block, self.mech)
        if equations != len(unknowns):
            raise self.error(f'LINEAR {name} has {equations} equations for the {len(unknowns)} STATEs in them '
                             f'({", ".join(unknowns)})', name)
        return block

    def assign(self, name, local, defined, may):
        kind = self.names.kinds.get(name)
        if name not in local:
            if kind == 'static':
                raise self.error(f'{name} is a PARAMETER (or constant) and cannot be assigned in a block; '
                                 'declare it ASSIGNED', name, assignment=True)
            if kind is None or kind == 'routine':
                raise self.error(f'{name} is not declared (add it to ASSIGNED or make it LOCAL)', name, True)
            if name in ('t', 'dt'):
                raise self.error(f'{name} cannot be assigned', name, assignment=True)
        defined.add(name)
        may.add(name)

    def reads(self, e, local, defined, live):
        if isinstance(e, Name):
            if e.id not in local and e.id not in self.names.kinds:
                raise self.error(f'{e.id} is not declared', e.id)
            if e.id not in defined:
                live.add(e.id)
        elif isinstance(e, Unary):
            self.reads(e.operand, local, defined, live)
        elif isinstance(e, Binary):
            self.reads(e.lhs, local, defined, live)
            self.reads(e.rhs, local, defined, live)
        elif isinstance(e, Call):
            self.call(e, local, defined, live, set(), in_expression=True)

    def call(self, c, local, defined, live, may, in_expression=False):
        for a in c.args:
            self.reads(a, local, defined, live)
        if c.name in BUILTINS:
            return
        routine = self.mech.routines.get(c.name)
        if routine is None or routine.kind in ('DERIVATIVE', 'KINETIC', 'LINEAR'):
            raise self.error(f'{c.name}() is not a FUNCTION or PROCEDURE of this file nor a built-in brainlet '
                             f'translates ({", ".join(sorted(BUILTINS))})', c.name)
        if len(c.args) != len(routine.args):
            raise self.error(f'{c.name} takes {len(routine.args)} arguments, given {len(c.args)}', c.name)
        if in_expression and routine.kind != 'FUNCTION':
            raise self.error(f'PROCEDURE {c.name} has no value', c.name)
        summary = self.summary(c.name)
        shadowed = (set(summary.inputs) | set(summary.outputs)) & local
        if shadowed:
            raise self.error(f'{c.name} uses the mechanism variable(s) {", ".join(sorted(shadowed))}, which a '
                             'LOCAL or argument of the caller shadows; rename it', c.name)
        live.update(n for n in summary.inputs if n not in defined)
        defined |= summary.must
        may |= set(summary.outputs)


def linear_unknowns(block, mech):
    """The unknowns of a LINEAR block: the STATEs its equations name, in STATE order."""
    named = set()

    def visit(e):
        if isinstance(e, Name):
            named.add(e.id)
        elif isinstance(e, Unary):
            visit(e.operand)
        elif isinstance(e, (Binary, Linear)):
            visit(e.lhs)
            visit(e.rhs)
        elif isinstance(e, Call):
            for a in e.args:
                visit(a)

    for s in block.body:
        if isinstance(s, Linear):
            visit(s)
    return tuple(n for n in mech.states if n in named)


def _mentions(node, names):
    """Whether the statement or expression ``node`` (IR tuples, nested) reads any of ``names``."""
    if isinstance(node, Name):
        return node.id in names
    if isinstance(node, tuple):
        return any(_mentions(part, names) for part in node if isinstance(part, tuple))
    return False


def _degree(e, states, degrees):
    """The polynomial degree of expression ``e`` in ``states`` (``inf`` when it is not a polynomial of them);
    ``degrees`` gives that of the block's LOCALs assigned so far."""
    if isinstance(e, Num):
        return 0
    if isinstance(e, Name):
        return 1 if e.id in states else degrees.get(e.id, 0)
    if isinstance(e, Unary):
        inner = _degree(e.operand, states, degrees)
        return inner if e.op == '-' or inner == 0 else math.inf
    if isinstance(e, Call):
        return 0 if all(_degree(a, states, degrees) == 0 for a in e.args) else math.inf
    if isinstance(e, Binary):
        a, b = _degree(e.lhs, states, degrees), _degree(e.rhs, states, degrees)
        if e.op in ('+', '-'):
            return max(a, b)
        if e.op == '*':
            return a + b
        if e.op == '/':
            return a if b == 0 else math.inf
        if e.op == '^' and b == 0 and isinstance(e.rhs, Num) and float(e.rhs.value).is_integer():
            return a * int(e.rhs.value)
        return 0 if a == b == 0 else math.inf
    return math.inf


def linear_in_states(statements, states, routines):
    """Whether the time derivatives set by ``statements`` (a DERIVATIVE or KINETIC block's body) are linear in
    ``states`` with coefficients that do not depend on them: then one Newton step of backward Euler is
    exact. Conservative: a branch on a state, a call of a routine that reads a state, or a state inside a
    function makes it False."""
    degrees = {}

    def walk(block):
        for s in block:
            if isinstance(s, Assign):
                degrees[s.name] = max(degrees.get(s.name, 0), _degree(s.expr, states, degrees))
            elif isinstance(s, Diff):
                if _degree(s.expr, states, degrees) > 1:
                    return False
            elif isinstance(s, CallStatement):
                routine = routines.get(s.call.name)
                if _mentions(s.call, states) or routine is None or _mentions(routine.body, states):
                    return False
            elif isinstance(s, If):
                if _degree(s.cond, states, degrees) != 0 or not (walk(s.then) and walk(s.orelse)):
                    return False
            elif not isinstance(s, Conserve):
                return False
        return True

    return walk(statements)
