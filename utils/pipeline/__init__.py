"""The pipeline's stages: what turns the clean notebooks into the site, and checks it.

``notebooks`` and ``profiles`` say what runs with which parameters, ``execute`` runs it through
papermill, ``references`` writes nbval's references, ``build_book`` stages and renders the site
(with ``side_by_side``'s pages). No notebook imports this package; the notebooks' kit is ``utils``.
"""
