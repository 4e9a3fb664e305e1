"""One look for every figure of the book, and one colour per framework."""
from __future__ import annotations

COLORS = {"pytorch": "#c2410c", "tensorflow": "#1d4ed8", "numpy": "#4b5563"}
LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "numpy": "NumPy"}


def use_book_style() -> None:
    """Apply the book's matplotlib defaults (call once, before the first figure)."""
    import matplotlib as mpl

    mpl.rcParams.update({
        "figure.figsize": (7.0, 3.6),
        "figure.dpi": 110,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titleweight": "bold",
        "legend.frameon": False,
        "font.size": 10,
    })
