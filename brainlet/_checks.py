"""Parameter checks raised at construction, naming the parameter, its unit and what is allowed."""
import numpy as np


def check_positive(**params):
    """Raise a ValueError naming the first parameter ``name=(value, unit)`` that is not > 0 everywhere."""
    for name, (value, unit) in params.items():
        if not np.all(np.asarray(value) > 0):
            raise ValueError(f"{name} must be > 0 ({unit}), got {name}={value}.")


def check_non_negative(**params):
    """Raise a ValueError naming the first parameter ``name=(value, unit)`` that is not >= 0 everywhere."""
    for name, (value, unit) in params.items():
        if not np.all(np.asarray(value) >= 0):
            raise ValueError(f"{name} must be >= 0 ({unit}), got {name}={value}.")
