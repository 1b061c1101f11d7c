"""A parsed NMODL mechanism -> readable Python source of a brainlet Channel (or Ion) class.

Each PROCEDURE and FUNCTION becomes a method taking its arguments and the mechanism variables it reads and
returning those it sets; an ``if`` computes both branches and merges with ``jnp.where`` (the code runs on
arrays of patches); INITIAL, the SOLVE'd block and the rest of BREAKPOINT become ``init_state``, ``update``
and ``current_density``. See :mod:`._nmodl_flow` for what a block reads and sets.
"""
import keyword

from ._base import Channel
from ._ions import Ion
from ._nmodl_flow import BUILTINS, CONSTANTS, Flow, Names, linear_in_states, linear_unknowns
from ._nmodl_ir import (Assign, Binary, Call, CallStatement, Conserve, Diff, If, Linear, Name, NmodlError, Num,
                        SolveLinear, Unary, locate)

# Python's precedence of the operators NMODL has (the logical ones become jnp calls)
_PREC = {'<': 3, '>': 3, '<=': 3, '>=': 3, '==': 3, '!=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '^': 7}
_LOGICAL = {'&&': 'jnp.logical_and', '||': 'jnp.logical_or'}
_HELPERS = {'self', 'jnp', 'bm', 'math', 'cnexp', 'implicit_euler', 'solve_linear', 'broadcast', 'exprelr', 'erf',
            'erfc',
            'NmodlChannel', 'NmodlIon', 'V', 'I', 'ions'}
_RESERVED = _HELPERS | set(dir(Channel)) | set(dir(Ion)) | {
    'num', 'name', 'E', 'ci', 'co', 'T', 'valence', 'ion', 'suffix', 'source', 'parameters',
    'state_names', 'nernst', 'newton_iterations', 'uses_ions', 'reads_outside', 'arrived', 'net_receive',
    'receive', 'deliver', 'event', 'event_weight', 'compartments'}
#: NEURON's default concentrations (mM), inside and outside: nai0_na_ion, nao0_na_ion, ...
ION_DEFAULTS = {'na': (10.0, 140.0), 'k': (54.4, 2.5), 'ca': (5e-5, 2.0)}
VALENCES = {'na': 1, 'k': 1, 'ca': 2, 'cl': -1}


class Body:
    """The lines of one Python function and the Python name now bound to each NMODL name."""

    def __init__(self, gen, local=(), indent=2, diff='cnexp'):
        self.gen, self.local, self.indent, self.diff = gen, set(local), indent, diff
        self.lines, self.scope, self.depth = [], {}, 0
        self.residuals = []  # of a LINEAR block's equations

    def emit(self, line):
        self.lines.append('    ' * self.indent + line)

    def target(self, name):
        """The Python name an assignment to ``name`` binds: the name itself, a fresh one inside a branch."""
        base = self.gen.py(name)
        return base if self.depth == 0 else self.gen.fresh(base)

    def read(self, name):
        if name in self.scope:
            return self.scope[name]
        if name in self.local:
            return '0.0'  # a LOCAL read before it is set (C leaves it undefined)
        if name in CONSTANTS:
            return repr(CONSTANTS[name])
        if self.gen.names.kinds.get(name) == 'static':
            return f'self.{self.gen.py(name)}'
        raise AssertionError(f'{name} is not bound')  # the flow analysis binds every input


class Generator:
    """Python source for one :class:`~._nmodl_parse.Mechanism`."""

    def __init__(self, mech):
        self.mech = mech
        self.names = Names(mech)
        self.flow = Flow(self.names)
        self.used = set(mech.parameters) | set(mech.assigned) | set(mech.states) | set(mech.routines) \
            | set(mech.constants) | {n for r in mech.routines.values() for n in (*r.args, *r.locals)}
        self.class_name = self.py(mech.suffix) if mech.suffix.isidentifier() else 'Mechanism'
        # set by the class writer: the ion a mechanism WRITEs a concentration of (its ``xi`` STATE), the ion
        # whose current it carries, and the ASSIGNED variables kept from one step to the next
        self.conc, self.ion, self.carried = None, None, set()

    def error(self, message, word=None):
        return NmodlError(message, self.mech.filename, *locate(self.mech.text, word or self.mech.suffix))

    def py(self, name):
        """The Python name of an NMODL name (``x'`` is ``Dx``); Python keywords and brainlet's names get ``_``."""
        if name.endswith("'"):
            name = 'D' + name[:-1]
            return name + '_' if name in self.used else name
        return name + '_' if keyword.iskeyword(name) or name in _RESERVED else name

    def fresh(self, base):
        for i in range(1, 10 ** 6):
            name = f'{base}_{i}'
            if name not in self.used:
                self.used.add(name)
                return name

    # expressions -------------------------------------------------------------------------------------

    def expr(self, e, body):
        """``(code, precedence)`` of an expression; parentheses follow the tree, so rounding is NEURON's."""
        if isinstance(e, Num):
            return repr(e.value), 9
        if isinstance(e, Name):
            return body.read(e.id), 9
        if isinstance(e, Unary):
            code, prec = self.expr(e.operand, body)
            if e.op == '!':
                return f'jnp.logical_not({code})', 9
            return ('-' + (code if prec >= 6 and not code.startswith('-') else f'({code})')), 6
        if isinstance(e, Binary):
            (lhs, pl), (rhs, pr) = self.expr(e.lhs, body), self.expr(e.rhs, body)
            if e.op in _LOGICAL:
                return f'{_LOGICAL[e.op]}({lhs}, {rhs})', 9
            p = _PREC[e.op]
            if e.op == '^':
                return f'{lhs if pl > 7 else f"({lhs})"} ** {rhs if pr >= 6 else f"({rhs})"}', 7
            return f'{lhs if pl >= p else f"({lhs})"} {e.op} {rhs if pr > p else f"({rhs})"}', p
        args = [self.expr(a, body)[0] for a in e.args]  # a Call
        if e.name in BUILTINS:
            return f'{BUILTINS[e.name]}({", ".join(args)})', 9
        inputs = [body.read(n) for n in self.flow.summary(e.name).inputs]
        return f'self.{self.py(e.name)}({", ".join(args + inputs)})', 9

    # statements --------------------------------------------------------------------------------------

    def statements(self, statements, body):
        for s in statements:
            if isinstance(s, Assign):
                code = self.expr(s.expr, body)[0]
                self.bind(body, [s.name], code)
            elif isinstance(s, Diff) and body.diff == 'cnexp':
                x = self.py(s.state)
                inner = Body(self, body.local)
                inner.scope = {**body.scope, s.state: x}
                code = self.expr(s.expr, inner)[0]
                self.bind(body, [s.state], f'cnexp(lambda {x}: {code}, {body.read(s.state)}, {body.read("dt")})')
            elif isinstance(s, Diff):  # for derivimplicit: the derivative x' (Python name Dx)
                self.bind(body, [s.state + "'"], self.expr(s.expr, body)[0])
            elif isinstance(s, CallStatement):
                call = s.call
                args = [self.expr(a, body)[0] for a in call.args]
                if call.name in BUILTINS:
                    continue  # a built-in called for nothing
                summary = self.flow.summary(call.name)
                code = f'self.{self.py(call.name)}({", ".join(args + [body.read(n) for n in summary.inputs])})'
                if summary.outputs:
                    self.bind(body, summary.outputs, code)
                elif self.mech.routines[call.name].kind == 'PROCEDURE':
                    body.emit(code)
            elif isinstance(s, Linear):
                residual = self.fresh('residual')
                equation = s.lhs if s.rhs == Num(0.0) else Binary('-', s.lhs, s.rhs)
                body.emit(f'{residual} = {self.expr(equation, body)[0]}')
                body.residuals.append(residual)
            elif isinstance(s, SolveLinear):
                self.solve_linear(s.name, body)
            elif isinstance(s, If):
                self.branch(s, body)

    def solve_linear(self, name, body):
        """``SOLVE name`` of a LINEAR block: a local function of the block's residuals ``lhs - rhs``, solved
        for its STATEs by :func:`~._nmodl.solve_linear`."""
        block = self.flow.linear(name)
        unknowns = linear_unknowns(block, self.mech)
        others = [n for n in self.flow.block(block.body, block.locals, diff='implicit').inputs if n not in unknowns]
        inner = Body(self, block.locals, indent=body.indent + 1, diff='implicit')
        inner.scope = {n: self.py(n) for n in (*unknowns, *others)}
        self.statements(block.body, inner)
        params = [self.py(x) for x in unknowns] + [f'{self.py(n)}={body.read(n)}' for n in others]
        body.emit(f'def {self.py(name)}({", ".join(params)}):')
        body.emit(f'    """LINEAR {name}: lhs - rhs of its equations, linear in {", ".join(unknowns)}."""')
        body.lines += inner.lines
        body.emit(f'    return {_tuple(inner.residuals)}')
        self.bind(body, unknowns, f'solve_linear({self.py(name)}, {_tuple(body.read(x) for x in unknowns)})')

    def conserve(self, statements, solved, body):
        """The ``conserve=`` argument of :func:`~._nmodl.implicit_euler` for CONSERVE statements: each replaces
        the equation of its last STATE not replaced yet, as NEURON's kinetic translation does."""
        triples, replaced = [], set()
        for c in statements:
            free = [state for _, state in c.terms if state in solved and state not in replaced]
            if not free:
                raise self.error('CONSERVE: every STATE in it already has its equation replaced', 'CONSERVE')
            replaced.add(free[-1])
            coefficients = [0.0] * len(solved)
            for nu, state in c.terms:
                coefficients[solved.index(state)] += float(nu)
            triples.append(f'({solved.index(free[-1])}, {_tuple(map(repr, coefficients))}, '
                           f'{self.expr(c.total, body)[0]})')
        return f', conserve={_tuple(triples)}' if triples else ''

    def bind(self, body, names, code):
        targets = [body.target(n) for n in names]
        body.emit(f'{", ".join(targets)} = {code}')
        body.scope.update(zip(names, targets))

    def branch(self, s, body):
        cond = self.fresh('cond')
        body.emit(f'{cond} = {self.expr(s.cond, body)[0]}')
        before, scopes = dict(body.scope), []
        body.depth += 1
        for branch in (s.then, s.orelse):
            body.scope = dict(before)
            self.statements(branch, body)
            scopes.append(body.scope)
        body.depth -= 1
        body.scope = before
        changed = [n for n in dict.fromkeys([*scopes[0], *scopes[1]]) if scopes[0].get(n) != scopes[1].get(n)]
        for n in changed:
            then, orelse = (sc.get(n, before.get(n, '0.0')) for sc in scopes)
            self.bind(body, [n], f'jnp.where({cond}, {then}, {orelse})')

    # routines and entry points -----------------------------------------------------------------------

    def routine(self, r):
        """A PROCEDURE or FUNCTION as a method: its arguments, then the mechanism variables it reads."""
        summary = self.flow.summary(r.name)
        local = {*r.args, *r.locals, *((r.name,) if r.kind == 'FUNCTION' else ())}
        body = Body(self, local, diff='implicit')
        body.scope = {n: self.py(n) for n in (*r.args, *summary.inputs)}
        self.statements(r.body, body)
        if r.kind == 'FUNCTION':
            body.emit(f'return {body.read(r.name)}')
            sets = ''
        else:
            if summary.outputs:
                body.emit(f'return {", ".join(body.scope[n] for n in summary.outputs)}')
            sets = f': sets {", ".join(summary.outputs)}' if summary.outputs else ''
        params = ', '.join(['self', *(self.py(n) for n in (*r.args, *summary.inputs))])
        return [f'    def {self.py(r.name)}({params}):',
                f'        """{r.kind} {r.name}({", ".join(r.args)}){sets}."""', *(body.lines or ['        pass'])]

    def start(self, body, inputs, entry):
        """Bind what a block reads at the start of an entry point (``init``, ``update`` or ``current``)."""
        for n in inputs:
            value = self.initial_value(n, entry)
            body.scope[n] = self.py(n)
            if value != self.py(n):
                body.emit(f'{self.py(n)} = {value}')

    def initial_value(self, n, entry):
        kind, py = self.names.kinds[n], self.py(n)
        zeros = 'jnp.zeros(self.num)' if self.conc else 'jnp.zeros_like(V)'
        where = {'init': 'INITIAL', 'update': 'the SOLVE', 'current': 'BREAKPOINT'}[entry]
        if n == 'v':
            if self.conc:
                raise self.error(f'{where} reads v; brainlet updates an ion (a mechanism that WRITEs {self.conc}) '
                                 'from its current alone', 'v')
            return 'V'
        if n in ('t', 'dt'):
            if entry == 'update':
                return n
            if entry == 'init' and n == 't':
                return '0.0'
            raise self.error(f'{where} reads {n}, which brainlet passes to update only', n)
        if n == self.conc:
            return f'jnp.full(self.num, {ION_DEFAULTS.get(self.ion, (1.0,))[0]!r})' if entry == 'init' \
                else 'self.ci.value'
        if kind == 'state' or (kind == 'assigned' and n in self.carried):
            return zeros if entry == 'init' else f'self.{py}.value'
        if kind == 'ion':
            ion = self.names.ion_vars[n]
            source = 'self' if self.conc else f"ions['{ion}']"
            if n == 'e' + ion:
                return f'{source}.E.value'
            if n == ion + 'i':
                return f'{source}.ci.value'
            if n == ion + 'o':
                return f'{source}.co'
            if self.conc and entry == 'update':
                return '1e-3 * I  # µA/cm² -> mA/cm²'
        return zeros

    def solved(self):
        """``(statements, locals, diff)`` of the SOLVE: a DERIVATIVE block and how its equations are solved
        (``'cnexp'`` or ``'implicit'``), or a call of a PROCEDURE (which advances the states itself)."""
        name, method = self.mech.solve
        block = self.mech.routines.get(name)
        if block is None:
            raise self.error(f'SOLVE {name}: there is no block {name}', name)
        if block.kind in ('PROCEDURE', 'FUNCTION'):
            return (CallStatement(Call(name, ())),), (), 'cnexp'
        if block.kind == 'KINETIC':
            if method not in ('sparse', None):
                raise self.error(f'SOLVE {name} METHOD {method}: brainlet solves a KINETIC block by METHOD sparse',
                                 method)
            return block.body, block.locals, 'implicit'
        if block.kind == 'LINEAR':
            raise self.error(f'SOLVE {name}: brainlet solves a LINEAR block in INITIAL only', name)
        if method in ('cnexp', 'derivimplicit', None):  # nocmodl takes no METHOD as derivimplicit
            return block.body, block.locals, 'cnexp' if method == 'cnexp' else 'implicit'
        raise self.error(f'SOLVE {name} METHOD {method}: brainlet translates METHOD cnexp and derivimplicit '
                         '(and sparse for KINETIC blocks)', method)

    def solve(self, body):
        """Emit the statements of ``update``: the SOLVE'd block, by its METHOD; returns the names it sets."""
        name, method = self.mech.solve
        block = self.mech.routines[name]
        statements, local, diff = self.solved()
        summary = self.flow.block(statements, local, diff=diff)
        body.local = set(local)
        if diff == 'cnexp':
            self.start(body, summary.inputs, 'update')
            body.emit(f'# SOLVE {name}' + (" METHOD cnexp: x' = f(x) advances exactly when f is linear in x"
                                           if block.kind == 'DERIVATIVE' else ''))
            self.statements(statements, body)
            return summary.outputs
        solved = tuple(dict.fromkeys(_diffs(statements)))
        others = [n for n in summary.inputs if n not in solved]
        self.start(body, [*solved, *others], 'update')
        outputs = [n for n in summary.outputs if n in self.carried]
        inner = Body(self, local, indent=body.indent + 1, diff='implicit')
        inner.scope = {n: self.py(n) for n in (*solved, *others)}
        self.statements(statements, inner)
        states = _tuple(self.py(x) for x in solved)
        derivs, aux = _tuple(inner.read(x + "'") for x in solved), _tuple(inner.read(n) for n in outputs)
        default = 'sparse' if block.kind == 'KINETIC' else 'derivimplicit'
        body.emit(f'# SOLVE {name} METHOD {method or default}: backward Euler by Newton\'s method')
        params = [self.py(x) for x in solved] + [f'{self.py(n)}={self.py(n)}' for n in others]
        body.emit(f'def {self.py(name)}({", ".join(params)}):')
        body.emit(f'    """{block.kind} {name}: the time derivatives of {states}."""')
        body.lines += inner.lines
        body.emit(f'    return {derivs}, {aux}')
        targets = f'{states}, {_tuple(self.py(n) for n in outputs)}'
        conserve = self.conserve([c for c in statements if isinstance(c, Conserve)], solved, body)
        if linear_in_states(statements, set(solved), self.mech.routines):
            body.emit('# the derivatives are linear in the states: one Newton step is the exact backward Euler step')
            iterations = '1'
        else:
            iterations = 'self.newton_iterations'
        body.emit(f'{targets} = implicit_euler({self.py(name)}, {states}, dt, {iterations}{conserve})')
        body.scope.update({n: self.py(n) for n in (*solved, *outputs)})
        return (*solved, *outputs)


def _tuple(items):
    """Python source of a tuple of the names ``items``."""
    items = list(items)
    return f'({items[0]},)' if len(items) == 1 else f'({", ".join(items)})'


def _diffs(statements):
    for s in statements:
        if isinstance(s, Diff):
            yield s.state
        elif isinstance(s, If):
            yield from _diffs(s.then)
            yield from _diffs(s.orelse)
