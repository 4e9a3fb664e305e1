"""Helpers that one chapter uses, named after it; the shared kit is the rest of ``utils``.

Like the rest of the kit, they are framework-free: the frameworks' code is in the notebooks.

- ``chNN_decisions`` (every chapter; chapter 5's serves its scalability page too): the functions
  that decide the chapter's claims, one per claim, each returning a ``utils.decisions.Verdict``, and
  ``OUTCOMES``, made-up records that reach each verdict a function can give; ``claims.yml`` names
  them and shows their docstrings as the rules.
- ``ch09_switching``: how much of a pair's code a switch of framework rewrites, read from the notebooks.

- ``ch04_debugging``: the readers of exceptions and the scripted debugger of chapter 4.
- ``ch05_workloads``, ``ch05_op_kinds``, ``ch05_memory``: chapter 5's four standard workloads with
  their data, initial weights and FLOP counts, the kinds of work that profiled operations are sorted
  into, and the process's resident memory.
- ``ch05_launch``: the launcher of the data-parallel workers of chapter 5's scalability section.
- ``ch06_deployment``, ``ch06_browser``, ``ch06_serve``: chapter 6's record of an export route (chapter 9
  reads the files it leaves), its runs in headless Chromium, and the HTTP endpoint that stands in for a
  model server.
- ``ch07_ecosystem``: chapter 7's readings of an install.
"""
