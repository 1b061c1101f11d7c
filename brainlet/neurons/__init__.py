"""Neuron models."""
from .._dynsys import NeuGroup as NeuGroup
from ._hh import HH as HH
from ._lif import LIF as LIF
from ._cond import CondNeuGroup as CondNeuGroup
