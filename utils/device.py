"""Choosing where a notebook computes, without importing a framework.

The notebook asks its own framework whether a GPU is there and passes the answer in::

    device = resolve_device(params["device"], cuda_available=torch.cuda.is_available())
"""
from __future__ import annotations

from .params import Choice, ParameterError

DEVICES = Choice("auto", "cpu", "cuda")


def resolve_device(requested: str, *, cuda_available: bool) -> str:
    """Return ``"cpu"`` or ``"cuda"``; ``"auto"`` takes the GPU when one is present."""
    requested = DEVICES.check("device", requested)
    if requested == "auto":
        return "cuda" if cuda_available else "cpu"
    if requested == "cuda" and not cuda_available:
        raise ParameterError(
            "device", requested,
            "no CUDA GPU is visible to this framework here; use 'cpu' or 'auto'",
        )
    return requested
