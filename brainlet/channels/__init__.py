"""Ion channels."""
from ._base import Channel as Channel
