"""Synapses and connectivity."""
from .._dynsys import Synapse as Synapse
from . import conn as conn
from ._exponential import Exponential as Exponential
