"""The Python module a translated NMODL mechanism is: imports, then one class with the mechanism's
parameters as constructor keywords, ``init_state`` (INITIAL), ``update`` (the SOLVE), ``current_density``
(BREAKPOINT) and one method per PROCEDURE and FUNCTION.

A mechanism that WRITEs a current (``ina``) or has a NONSPECIFIC_CURRENT becomes a
:class:`~brainlet.channels.Channel`; one that WRITEs an inner concentration (``cai``, a STATE) becomes an
:class:`~brainlet.channels.Ion`, as NEURON's CaDynamics-like mechanisms are ion dynamics in brainlet.
"""
import re

from ._nmodl_codegen import ION_DEFAULTS, VALENCES, Body, Generator

HEADER = '''"""{suffix}: translated from {filename} by brainlet.channels.load_nmodl."""
import brainpy.math as bm
import jax.numpy as jnp

from brainlet.channels._nmodl import {imports}
'''
_IMPORTED = ('broadcast', 'cnexp', 'erf', 'erfc', 'exprelr', 'implicit_euler', 'solve_linear')


class ClassWriter(Generator):
    """Writes the module of one mechanism: :meth:`source`."""

    def check_ions(self):
        """Decide what the mechanism is from its USEION and NONSPECIFIC_CURRENT lines."""
        mech, currents, concentrations = self.mech, [], []
        for ion, names in mech.writes.items():
            for n in names:
                if n == 'i' + ion:
                    currents.append((ion, n))
                elif n == ion + 'i':
                    concentrations.append((ion, n))
                else:
                    raise self.error(f'WRITE {n}: brainlet translates mechanisms that write an ionic current '
                                     f'(i{ion}) or an inner concentration ({ion}i)', n)
        for ion, names in mech.reads.items():
            for n in names:
                if n not in ('e' + ion, ion + 'i', ion + 'o', 'i' + ion):
                    raise self.error(f'READ {n}: not a variable of ion {ion} (e{ion}, {ion}i, {ion}o, i{ion})', n)
                if n == 'i' + ion and not concentrations:
                    raise self.error(f'READ {n}: a channel reading the total current of an ion is not translated', n)
        if concentrations:
            if len(concentrations) > 1 or currents or mech.nonspecific:
                raise self.error('a mechanism writing a concentration and currents, or two concentrations, is not '
                                 'translated; brainlet makes a concentration mechanism an Ion', concentrations[0][1])
            self.ion, self.conc = concentrations[0]
            if self.conc not in mech.states:
                raise self.error(f'{self.conc} is written but not a STATE; brainlet translates concentration '
                                 'mechanisms that integrate it in a DERIVATIVE block', self.conc)
            others = (set(mech.reads) | set(mech.writes)) - {self.ion}
            if others:
                raise self.error(f'an ion mechanism for {self.ion} uses other ions ({", ".join(sorted(others))})',
                                 sorted(others)[0])
            self.valence = mech.valences.get(self.ion, VALENCES.get(self.ion))
            if self.valence is None:
                raise self.error(f'ion {self.ion} needs its VALENCE in the USEION line', self.ion)
            self.currents = []
            return
        if len({ion for ion, _ in currents}) > 1 or (currents and mech.nonspecific):
            written = ', '.join([n for _, n in currents] + list(mech.nonspecific))
            raise self.error(f'the mechanism writes several currents ({written}); a brainlet Channel carries one '
                             'ion or one non-specific current', 'WRITE')
        self.ion = currents[0][0] if currents else None
        self.currents = [n for _, n in currents] + list(mech.nonspecific)

    def source(self):
        """The module's source: readable Python, run with ``exec``."""
        mech = self.mech
        self.check_ions()
        current = self.flow.block(mech.breakpoint.body, mech.breakpoint.locals)
        solve = self.flow.block(*self.solved()[:2], diff=self.solved()[2]) if mech.solve else None
        live = (*(() if self.conc else current.inputs), *(solve.inputs if solve else ()))
        if mech.net_receive:  # what NET_RECEIVE reads (Exp2Syn's factor, set in INITIAL) or sets is kept
            events = self.flow.block(mech.net_receive.body, (*mech.net_receive.args, *mech.net_receive.locals))
            live += (*events.inputs, *events.outputs)
        self.carried = {n for n in live if self.names.kinds[n] == 'assigned' and n not in self.currents}
        lines = ['', '', *self.head()]
        lines += ['', *self.init_state()]
        if mech.solve:
            lines += ['', *self.update()]
        if not self.conc:
            lines += ['', *self.current_density()]
        if mech.net_receive:
            lines += ['', *self.net_receive()]
        for r in mech.routines.values():
            if r.kind in ('PROCEDURE', 'FUNCTION'):
                lines += ['', *self.routine(r)]
        code = '\n'.join(lines)
        used = [name for name in _IMPORTED if re.search(rf'\b{name}\(', code)]
        filename = 'NMODL text' if mech.filename == '<string>' else mech.filename
        return HEADER.format(suffix=mech.suffix, filename=filename,
                             imports=', '.join([self.base(), *used])) + code + '\n'

    def base(self):
        return 'NmodlIon' if self.conc else 'NmodlPointProcess' if self.mech.point else 'NmodlChannel'

    def head(self):
        mech, params = self.mech, self.names.parameters
        kind = f'the ion {self.ion!r}' if self.conc else 'a point process' if mech.point else 'a channel'
        units = ('.' if self.conc else '; current_density returns nA (NEURON\'s point-process unit).' if mech.point
                 else "; current_density returns µA/cm² (1000 × NEURON's mA/cm²).")
        filename = 'NMODL text' if mech.filename == '<string>' else mech.filename
        doc = [f'class {self.class_name}({self.base()}):',
               f'    """{mech.suffix}: NEURON density mechanism from {filename}, as {kind}.' + (
                   f' {mech.title}.' if mech.title else ''), '',
               "    Parameters keep the mod file's units"
               + units, '',
               '    Parameters', '    ----------']
        for n, (value, unit) in params.items():
            doc += [f'    {self.py(n)} : float or array', f'        {unit or "1"}; default {value!r}.']
        doc += ['    celsius : float', "        Temperature (degC); NEURON's default 6.3."]
        if self.conc:
            doc += ['    co : float', f"        Outer concentration {self.ion}o (mM); NEURON's default."]
        doc += ['    """', '']
        attrs = {'suffix': repr(mech.suffix), 'ion': repr(self.ion)}
        if self.conc:
            attrs['valence'] = repr(self.valence)
        else:
            reads = tuple(ion for ion, names in mech.reads.items() if ion + 'i' in names)
            attrs['reads_concentration'] = repr(reads)
            attrs['uses_ions'] = repr(tuple(dict.fromkeys([*mech.reads, *mech.writes])))
            attrs['reads_outside'] = repr(tuple(ion for ion, names in mech.reads.items() if ion + 'o' in names))
        attrs['parameters'] = '{' + ', '.join(f'{self.py(n)!r}: {v!r}' for n, (v, _) in params.items()) + '}'
        attrs['state_names'] = repr(tuple(mech.states))
        doc += [f'    {k} = {v}' for k, v in attrs.items()]
        doc += [f'    {self.py(n)} = {v!r}  # UNITS / CONSTANT' for n, v in mech.constants.items()]
        keywords = [f'{self.py(n)}={v!r}' for n, (v, _) in params.items()] + ['celsius=6.3']
        init_args = 'celsius'
        if self.conc:
            outside = ION_DEFAULTS.get(self.ion, (1.0, 1.0))[1]
            keywords.append(f'co={outside!r}')
            init_args = 'celsius, co'
        doc += ['', f'    def __init__(self, {", ".join(keywords)}):', f'        super().__init__({init_args})']
        doc += [f'        self.{self.py(n)} = {self.py(n)}' for n in params]
        return doc

    def init_state(self):
        mech = self.mech
        body = Body(self, mech.initial.locals)
        summary = self.flow.block(mech.initial.body, mech.initial.locals)
        self.start(body, summary.inputs, 'init')
        body.emit('# INITIAL')
        self.statements(mech.initial.body, body)
        zeros = 'jnp.zeros(self.num)' if self.conc else 'jnp.zeros_like(V)'
        for n in (*mech.states, *sorted(self.carried, key=self.names.order.get)):
            attribute = 'ci' if n == self.conc else self.py(n)
            body.emit(f'self.{attribute} = bm.Variable(broadcast({body.scope.get(n, zeros)}, self.num))')
        if self.conc:
            body.emit('self.E = bm.Variable(self.nernst())')
        if all(line.strip().startswith('#') for line in body.lines):
            body.emit('pass')
        return [f'    def init_state(self{"" if self.conc else ", V, ions"}):', *body.lines]

    def update(self):
        body = Body(self)
        outputs = self.solve(body)
        for n in outputs:
            if self.names.kinds[n] == 'state' or n in self.carried:
                body.emit(f'self.{"ci" if n == self.conc else self.py(n)}.value = {body.scope[n]}')
        if self.conc:
            body.emit('self.E.value = self.nernst()')
        return [f'    def update(self, {"I" if self.conc else "V, ions"}, t, dt):', *(body.lines or ['        pass'])]

    def current_density(self):
        bp = self.mech.breakpoint
        body = Body(self, bp.locals)
        summary = self.flow.block(bp.body, bp.locals)
        self.start(body, summary.inputs, 'current')
        body.emit('# BREAKPOINT, without its SOLVE')
        self.statements(bp.body, body)
        total = ' + '.join(body.scope.get(n, 'jnp.zeros_like(V)') for n in self.currents)
        total = f'({total})' if len(self.currents) > 1 else total
        if not total:
            body.emit('return jnp.zeros_like(V)')
        else:
            body.emit(f'return {total}  # nA' if self.mech.point else f'return 1e3 * {total}  # mA/cm² -> µA/cm²')
        return ['    def current_density(self, V, ions):', *body.lines]

    def net_receive(self):
        """NET_RECEIVE as ``net_receive(V, ions, t, dt, arrived, *args)``: where ``arrived`` (a bool per
        instance), the block runs with the event's arguments (``weight``, ...) and its results are kept."""
        block = self.mech.net_receive
        body = Body(self, (*block.args, *block.locals))
        summary = self.flow.block(block.body, (*block.args, *block.locals))
        body.scope.update((n, self.py(n)) for n in block.args)
        self.start(body, summary.inputs, 'update')
        body.emit(f'# NET_RECEIVE({", ".join(block.args)})')
        self.statements(block.body, body)
        for n in summary.outputs:
            if self.names.kinds[n] == 'state' or n in self.carried:
                body.emit(f'self.{self.py(n)}.value = jnp.where(arrived, {body.scope[n]}, self.{self.py(n)}.value)')
        args = ', '.join(self.py(a) for a in block.args)
        return [f'    def net_receive(self, V, ions, t, dt, arrived, {args}):', *(body.lines or ['        pass'])]
