"""The kit both notebooks of every chapter import: framework-free helpers.

Importing this package never imports PyTorch or TensorFlow: the framework code
lives in the notebooks, where the reader can see it. The stages that run and render
the book are in ``utils.pipeline``, which no notebook imports.
"""
