"""Ion channels and ions."""
from ._base import Channel as Channel
from ._base import GatedChannel as GatedChannel
from ._hay2011 import ICa_HVA_Reuveni1993 as ICa_HVA_Reuveni1993
from ._hay2011 import ICa_LVA_Avery1996 as ICa_LVA_Avery1996
from ._hay2011 import Ih_Kole2006 as Ih_Kole2006
from ._hay2011 import IM_Adams1982 as IM_Adams1982
from ._hay2011 import INaP_Magistretti1999 as INaP_Magistretti1999
from ._hay2011 import ISK_Kohler1996 as ISK_Kohler1996
from ._hh1952 import IK_HH1952 as IK_HH1952
from ._hh1952 import INa_HH1952 as INa_HH1952
from ._ions import CalciumPool as CalciumPool
from ._ions import FixedIon as FixedIon
from ._ions import Ion as Ion
from ._ions import NernstIon as NernstIon
from ._leak import Leak as Leak
