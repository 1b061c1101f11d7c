"""Neuron models."""
from .._dynsys import NeuGroup as NeuGroup
from ._hh import HH as HH
from ._lif import LIF as LIF
from ._integrate_and_fire import IntegrateAndFire as IntegrateAndFire
from ._exponential_if import ExpIF as ExpIF
from ._exponential_if import AdEx as AdEx
from ._quadratic_if import QuaIF as QuaIF
from ._quadratic_if import Izhikevich as Izhikevich
from ._cond import CondNeuGroup as CondNeuGroup
from ._two_dimensional import FitzHughNagumo as FitzHughNagumo
from ._two_dimensional import MorrisLecar as MorrisLecar
from ._hindmarsh_rose import HindmarshRose as HindmarshRose
from ._wang_buzsaki import WangBuzsaki as WangBuzsaki
from ._rate import WilsonCowan as WilsonCowan
from ._rate import RateUnit as RateUnit
from ._sources import PoissonGroup as PoissonGroup
from ._sources import SpikeTimes as SpikeTimes
