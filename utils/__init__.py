"""Framework-free helpers shared by both notebooks of every chapter.

Importing this package never imports PyTorch or TensorFlow: the framework code
lives in the notebooks, where the reader can see it.
"""
