"""Ion channels and ions."""
from ._base import Channel as Channel
from ._base import GatedChannel as GatedChannel
from ._hh1952 import IK_HH1952 as IK_HH1952
from ._hh1952 import INa_HH1952 as INa_HH1952
from ._ions import FixedIon as FixedIon
from ._ions import Ion as Ion
from ._ions import NernstIon as NernstIon
from ._leak import Leak as Leak
