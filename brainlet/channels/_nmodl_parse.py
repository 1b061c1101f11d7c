"""NMODL text -> a small description of the mechanism, read from the AST of the ``nmodl`` package's parser.

The parser is NMODL's own (Blue Brain Project's ``nmodl`` package, from which NEURON 9's new transpiler
grew): brainlet walks its AST and keeps what a density mechanism needs as the plain data of
:mod:`._nmodl_ir`: the NEURON block's declarations, the parameters with their defaults, and every block's
statements. Constructs brainlet does not translate are refused here, named with their line.
"""
import re

from ._nmodl_ir import (Assign, Binary, Call, CallStatement, Conserve, Diff, If, Linear, Mechanism, Name,
                        NmodlError, Num, Routine, SolveLinear, Unary, locate)
from ._nmodl_units import UnitError, conversion_factor

nmodl = ast = visitor = None  # the nmodl package, imported on first use (see _import_nmodl)


def _import_nmodl():
    """Import the nmodl package's driver, AST classes and visitors (``nmodl.dsl`` re-exports the same
    objects, but also imports the deprecated ``pkg_resources``)."""
    global nmodl, ast, visitor
    if ast is None:
        try:
            import nmodl as driver
            from nmodl._nmodl import ast as nodes, visitor as visitors
        except ImportError as err:
            raise ImportError("load_nmodl needs the nmodl package: pip install 'nmodl>=0.5,<0.6' (its 0.5 wheels "
                              "are for CPython 3.10 and 3.11 on Linux x86-64)") from err
        nmodl, ast, visitor = driver, nodes, visitors


# Blocks and statements that a density mechanism translated to JAX cannot have (yet), with the reason.
UNSUPPORTED = {
    'NONLINEAR': 'NONLINEAR blocks are not translated',
    'DISCRETE': 'DISCRETE blocks are not translated', 'PARTIAL': 'PARTIAL blocks are not translated',
    'FUNCTION_TABLE': 'FUNCTION_TABLE is not translated', 'VERBATIM': 'VERBATIM C code cannot run in JAX',
    'WHILE': 'while loops are not translated', 'FROM': 'FROM loops are not translated',
    'WATCH': 'WATCH belongs to NET_RECEIVE', 'BEFORE': 'BEFORE blocks are not translated',
    'AFTER': 'AFTER blocks are not translated', 'CONSTRUCTOR': 'CONSTRUCTOR blocks are not translated',
    'DESTRUCTOR': 'DESTRUCTOR blocks are not translated', 'POINTER': 'POINTER variables are not translated',
    'BBCOREPOINTER': 'BBCOREPOINTER variables are not translated',
    'ELECTRODE_CURRENT': 'ELECTRODE_CURRENT is not translated', 'EXTERNAL': 'EXTERNAL is not translated',
    'LAG': 'LAG is not translated', 'SENS': 'SENS is not translated',
    'COMPARTMENT': 'COMPARTMENT (volumes of KINETIC states) is not translated',
    'LONGITUDINAL_DIFFUSION': 'diffusion is not translated',
    'INCLUDE': 'INCLUDE is not translated',
}
_UNSUPPORTED_NODES = {
    'NonLinearBlock': 'NONLINEAR', 'DiscreteBlock': 'DISCRETE', 'FunctionTableBlock': 'FUNCTION_TABLE',
    'Verbatim': 'VERBATIM', 'WhileStatement': 'WHILE', 'FromStatement': 'FROM', 'WatchStatement': 'WATCH',
    'BeforeBlock': 'BEFORE', 'AfterBlock': 'AFTER', 'ConstructorBlock': 'CONSTRUCTOR',
    'DestructorBlock': 'DESTRUCTOR', 'Pointer': 'POINTER', 'BbcorePointer': 'BBCOREPOINTER',
    'ElectrodeCurrent': 'ELECTRODE_CURRENT', 'External': 'EXTERNAL', 'LagStatement': 'LAG',
    'Compartment': 'COMPARTMENT', 'LonDifuse': 'LONGITUDINAL_DIFFUSION',
    'Include': 'INCLUDE',
}
_IGNORED_STATEMENTS = ('UnitState', 'TableStatement', 'LineComment', 'BlockComment', 'ThreadSafe')


class _Reader:
    """Walks one parsed file and fills a :class:`Mechanism`."""

    def __init__(self, text, filename):
        self.text, self.filename = text, filename

    def error(self, message, word=None):
        line, column = locate(self.text, word) if word else (None, None)
        return NmodlError(message, self.filename, line, column)

    def read(self):
        _import_nmodl()
        try:
            program = nmodl.NmodlDriver().parse_string(self.text)
        except RuntimeError as err:  # "NMODL Parser Error : syntax error, ... [Location : 6.9]"
            found = re.search(r'Location\s*:\s*(\d+)\.(\d+)', str(err))
            message = str(err).split('[Location')[0].replace('NMODL Parser Error :', '').strip()
            raise NmodlError(message, self.filename, *(map(int, found.groups()) if found else (None, None))) from None
        neuron = [b for b in program.blocks if isinstance(b, ast.NeuronBlock)]
        if not neuron:
            raise self.error('no NEURON block: brainlet translates density mechanisms (SUFFIX) and point processes')
        mech = Mechanism(suffix='', filename=self.filename, text=self.text)
        self.neuron_block(neuron[0], mech)
        for node_type, keyword in _UNSUPPORTED_NODES.items():
            if visitor.AstLookupVisitor().lookup(program, getattr(ast.AstNodeType, _snake(node_type))):
                raise self.error(UNSUPPORTED[keyword], keyword)
        for block in program.blocks:
            self.block(block, mech)
        for routine in (mech.initial, mech.breakpoint, *mech.routines.values()):
            if routine.kind not in ('DERIVATIVE', 'KINETIC') and _has_diff(routine.body):
                raise self.error(f"{routine.kind} {routine.name}: equations x' = ... belong in a DERIVATIVE block",
                                 routine.name)
        return mech

    def neuron_block(self, block, mech):
        for s in block.statement_block.statements:
            if isinstance(s, ast.Suffix):
                kind = s.type.get_node_name()
                if kind not in ('SUFFIX', 'POINT_PROCESS'):
                    raise self.error(f'{kind} {s.name.get_node_name()}: brainlet translates density mechanisms '
                                     '(SUFFIX) and point processes (POINT_PROCESS), not artificial cells', kind)
                mech.suffix, mech.point = s.name.get_node_name(), kind == 'POINT_PROCESS'
            elif isinstance(s, ast.Useion):
                ion = s.name.get_node_name()
                mech.reads.setdefault(ion, []).extend(v.name.get_node_name() for v in s.readlist)
                mech.writes.setdefault(ion, []).extend(v.name.get_node_name() for v in s.writelist)
                if s.valence is not None:
                    mech.valences[ion] = float(s.valence.value.eval())
            elif isinstance(s, ast.Nonspecific):
                mech.nonspecific.extend(c.name.get_node_name() for c in s.currents)
            elif isinstance(s, (ast.Range, ast.Global)):
                mech.range.extend(v.name.get_node_name() for v in s.variables)

    def block(self, block, mech):
        if isinstance(block, ast.Model):
            mech.title = block.title.eval().strip()
        elif isinstance(block, ast.UnitBlock):
            for d in block.definitions:
                if isinstance(d, ast.FactorDef):
                    mech.constants[d.name.get_node_name()] = self.factor(d)
        elif isinstance(block, ast.ConstantBlock):
            for s in block.statements:
                mech.constants[s.constant.name.get_node_name()] = float(s.constant.value.eval())
        elif isinstance(block, ast.ParamBlock):
            for p in block.statements:
                name = p.name.get_node_name()
                if isinstance(p.name, ast.IndexedName):
                    raise self.error(f'array PARAMETER {name} is not translated', name)
                mech.parameters[name] = (0.0 if p.value is None else float(p.value.eval()), _unit(p.unit))
        elif isinstance(block, (ast.AssignedBlock, ast.StateBlock)):
            target = mech.assigned if isinstance(block, ast.AssignedBlock) else mech.states
            for d in block.definitions:
                name = d.name.get_node_name()
                if d.length is not None:
                    raise self.error(f'array variable {name}[...] is not translated', name)
                target[name] = _unit(d.unit)
        elif isinstance(block, ast.InitialBlock):
            mech.initial = Routine('INITIAL', 'INITIAL', (), _locals(block), self.statements(block.statement_block))
        elif isinstance(block, ast.BreakpointBlock):
            body = []
            for s in block.statement_block.statements:
                solve = s.expression if isinstance(s, ast.ExpressionStatement) else None
                if isinstance(solve, ast.SolveBlock):
                    method = solve.method.get_node_name() if solve.method is not None else None
                    mech.solve = (solve.block_name.get_node_name(), method)
                else:
                    body.extend(self.statements_of([s]))
            mech.breakpoint = Routine('BREAKPOINT', 'BREAKPOINT', (), _locals(block), tuple(body))
        elif isinstance(block, (ast.ProcedureBlock, ast.FunctionBlock, ast.DerivativeBlock)):
            name = block.name.get_node_name()
            kind = {ast.ProcedureBlock: 'PROCEDURE', ast.FunctionBlock: 'FUNCTION'}.get(type(block), 'DERIVATIVE')
            args = tuple(a.get_node_name() for a in getattr(block, 'parameters', ()))
            mech.routines[name] = Routine(kind, name, args, _locals(block), self.statements(block.statement_block))
        elif isinstance(block, ast.KineticBlock):
            self.kinetic(block, mech)
        elif isinstance(block, ast.NetReceiveBlock):
            if not mech.point:
                raise self.error('NET_RECEIVE (events) belongs to a POINT_PROCESS, not to a density mechanism',
                                 'NET_RECEIVE')
            args = tuple(a.get_node_name() for a in block.parameters)
            if len(args) != 1:
                raise self.error(f'NET_RECEIVE({", ".join(args)}): brainlet translates one argument, the weight',
                                 'NET_RECEIVE')
            mech.net_receive = Routine('NET_RECEIVE', 'NET_RECEIVE', args, _locals(block),
                                       self.statements(block.statement_block))
        elif isinstance(block, ast.LinearBlock):
            name = block.name.get_node_name()
            mech.routines[name] = Routine('LINEAR', name, (), _locals(block), self.statements(block.statement_block))

    def kinetic(self, block, mech):
        """A KINETIC block as a DERIVATIVE block: reaction ``k`` of ``~ A + 2B <-> C (kf, kb)`` sets the LOCAL
        ``flux_k = kf*A*B^2 - kb*C``; after the block's statements, each STATE of a reaction gets
        ``x' = Σ ±ν flux_k`` (in STATE order); CONSERVE statements stay."""
        name, body, fluxes, terms = block.name.get_node_name(), [], [], {}
        declared = {*mech.parameters, *mech.assigned, *mech.states, *mech.constants, *_locals(block)}
        for s in block.statement_block.statements:
            if isinstance(s, ast.ReactionStatement):
                if s.op.eval() != '<->':
                    text = nmodl.to_nmodl(s).strip()
                    raise self.error(f'reaction not translated: {text} (brainlet translates ~ A <-> B (kf, kb))', '~')
                flux = next(f'flux_{i}' for i in range(len(fluxes) + 1, 10 ** 6) if f'flux_{i}' not in declared)
                left, right = self.species(s.reaction1), self.species(s.reaction2)
                rate = Binary('-', _mass_action(self.expr(s.expression1), left),
                              _mass_action(self.expr(s.expression2), right))
                body.append(Assign(flux, rate))
                fluxes.append(flux)
                for sign, side in (('-', left), ('+', right)):
                    for nu, state in side:
                        if state not in mech.states:
                            raise self.error(f'KINETIC {name}: {state} in a reaction is not a STATE', state)
                        term = Name(flux) if nu == 1 else Binary('*', Num(float(nu)), Name(flux))
                        terms.setdefault(state, []).append((sign, term))
            elif isinstance(s, ast.Conserve):
                conserved = self.species(s.react)
                for _, state in conserved:
                    if state not in mech.states:
                        raise self.error(f'CONSERVE in KINETIC {name}: {state} is not a STATE', 'CONSERVE')
                body.append(Conserve(tuple(conserved), self.expr(s.expr)))
            else:
                body.extend(self.statements_of([s]))
        for state in mech.states:
            if state in terms:
                (sign, first), *rest = terms[state]
                rhs = first if sign == '+' else Unary('-', first)
                for sign, term in rest:
                    rhs = Binary(sign, rhs, term)
                body.append(Diff(state, rhs))
        conserves = [s for s in body if isinstance(s, Conserve)]
        body = [s for s in body if not isinstance(s, Conserve)] + conserves
        mech.routines[name] = Routine('KINETIC', name, (), (*_locals(block), *fluxes), tuple(body))

    def species(self, e):
        """``[(coefficient, state), ...]`` of a reaction side ``2A + B``."""
        if isinstance(e, ast.BinaryExpression) and e.op.eval() == '+':
            return self.species(e.lhs) + self.species(e.rhs)
        if isinstance(e, ast.ReactVarName):
            return [(1 if e.value is None else int(e.value.eval()), e.name.get_node_name())]
        text = nmodl.to_nmodl(e).strip()
        raise self.error(f'reaction term not translated: {text}', text.split()[0] if text else None)

    def factor(self, d):
        name = d.name.get_node_name()
        if d.value is not None:
            return float(d.value.eval())
        try:
            return conversion_factor(d.unit1.name.eval(), d.unit2.name.eval())
        except UnitError as err:
            raise self.error(f'UNITS {name}: {err}', name) from None

    def statements(self, block):
        return self.statements_of(block.statements)

    def statements_of(self, statements):
        out = []
        for s in statements:
            if type(s).__name__ in _IGNORED_STATEMENTS or isinstance(s, ast.LocalListStatement):
                continue  # UNITSON/UNITSOFF, TABLE (brainlet evaluates directly), LOCAL (collected per routine)
            if isinstance(s, ast.IfStatement):
                orelse = self.statements(s.elses.statement_block) if s.elses is not None else ()
                for elif_ in reversed(s.elseifs):
                    orelse = (If(self.expr(elif_.condition), self.statements(elif_.statement_block), tuple(orelse)),)
                out.append(If(self.expr(s.condition), self.statements(s.statement_block), tuple(orelse)))
            elif isinstance(s, ast.ExpressionStatement):
                out.append(self.expression_statement(s.expression))
            elif isinstance(s, ast.StatementBlock):
                out.extend(self.statements(s))
            else:
                text = nmodl.to_nmodl(s).strip()
                raise self.error(f'statement not translated: {text}', text.split()[0] if text else None)
        return tuple(out)

    def expression_statement(self, e):
        while isinstance(e, ast.WrappedExpression):
            e = e.expression
        if isinstance(e, ast.SolveBlock):
            if e.steadystate is not None or e.method is not None:
                word = 'STEADYSTATE' if e.steadystate is not None else 'METHOD'
                raise self.error(f'{word}: outside BREAKPOINT, brainlet translates SOLVE of a LINEAR block only '
                                 '(SOLVE name)', word)
            return SolveLinear(e.block_name.get_node_name())
        if isinstance(e, ast.LinEquation):
            return Linear(self.expr(e.left_linxpression), self.expr(e.linxpression))
        if isinstance(e, ast.DiffEqExpression):
            prime = e.expression.lhs.name
            if int(prime.order.eval()) != 1:
                raise self.error(f"only first-order equations x' = f are translated: {nmodl.to_nmodl(e)}",
                                 prime.value.eval())
            return Diff(prime.value.eval(), self.expr(e.expression.rhs))
        if isinstance(e, ast.FunctionCall):
            return CallStatement(self.expr(e))
        if isinstance(e, ast.BinaryExpression) and e.op.eval() == '=':
            if not isinstance(e.lhs, ast.VarName) or e.lhs.index is not None:
                raise self.error(f'cannot assign to {nmodl.to_nmodl(e.lhs)}')
            return Assign(e.lhs.get_node_name(), self.expr(e.rhs))
        text = nmodl.to_nmodl(e).strip()
        raise self.error(f'statement not translated: {text}')

    def expr(self, e):
        if isinstance(e, (ast.WrappedExpression, ast.ParenExpression)):
            return self.expr(e.expression)
        if isinstance(e, (ast.Double, ast.Integer, ast.Float)):
            return Num(float(e.eval()))
        if isinstance(e, ast.VarName):
            if e.index is not None:
                raise self.error(f'array element {nmodl.to_nmodl(e)} is not translated', e.get_node_name())
            return Name(e.get_node_name())
        if isinstance(e, ast.Name):
            return Name(e.get_node_name())
        if isinstance(e, ast.UnaryExpression):
            return Unary(e.op.eval(), self.expr(e.expression))
        if isinstance(e, ast.BinaryExpression):
            return Binary(e.op.eval(), self.expr(e.lhs), self.expr(e.rhs))
        if isinstance(e, ast.FunctionCall):
            return Call(e.get_node_name(), tuple(self.expr(a) for a in e.arguments))
        text = nmodl.to_nmodl(e).strip()
        raise self.error(f'expression not translated: {text}')


def _has_diff(statements):
    return any(isinstance(s, Diff) or (isinstance(s, If) and (_has_diff(s.then) or _has_diff(s.orelse)))
               for s in statements)


def _mass_action(rate, side):
    """``rate * A * B^2`` for the side ``[(1, 'A'), (2, 'B')]``."""
    for nu, state in side:
        rate = Binary('*', rate, Name(state) if nu == 1 else Binary('^', Name(state), Num(float(nu))))
    return rate


def _locals(block):
    """The LOCAL names declared anywhere in a block (found with nmodl's lookup visitor)."""
    found = visitor.AstLookupVisitor().lookup(block, ast.AstNodeType.LOCAL_LIST_STATEMENT)
    return tuple(dict.fromkeys(v.name.get_node_name() for s in found for v in s.variables))


def _snake(camel):
    """``KineticBlock`` -> ``KINETIC_BLOCK``, the AstNodeType name of an AST class."""
    return re.sub(r'(?<!^)(?=[A-Z])', '_', camel).upper()


def _unit(unit):
    return None if unit is None else unit.name.eval()


def parse(text, filename='<string>'):
    """Parse NMODL ``text`` with the ``nmodl`` package and return its :class:`Mechanism`."""
    return _Reader(text, filename).read()
