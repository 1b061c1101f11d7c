"""brainlet: object-oriented brain dynamics on JAX, in the style of BrainPy."""


def _import_brainpy_keeping_x64():
    """Import ``brainpy.math``, which sets ``jax_enable_x64`` to False, and restore the user's setting."""
    import jax
    x64 = jax.config.jax_enable_x64
    import brainpy.math  # noqa: F401
    jax.config.update('jax_enable_x64', x64)


_import_brainpy_keeping_x64()
from . import analysis as analysis
from . import channels as channels
from . import neurons as neurons
from . import synapses as synapses
from . import visualize as visualize
from ._dynsys import DynamicalSystem as DynamicalSystem
from ._dynsys import NeuGroup as NeuGroup
from ._dynsys import Synapse as Synapse
from ._integrators import METHODS as METHODS
from ._network import Network as Network
from ._numerics import exprel as exprel
from ._odeint import ODEIntegrator as ODEIntegrator
from ._odeint import odeint as odeint
from ._runner import DSRunner as DSRunner
from ._settle import clear_settle_cache as clear_settle_cache
from ._settle import settle as settle
from ._settle import settle_cache_dir as settle_cache_dir
from ._settle import settle_key as settle_key
from ._simulate import parameters as parameters
from ._simulate import simulate as simulate
from .channels import Channel as Channel
from .synapses import conn as conn

__version__ = '0.1.0'
