"""How chapter {{number_plain}}'s results are built to disagree, from a real ``ci`` run of its pair
(written by ``tests/fixtures/contradicted/make_fixtures.py``).

Every edit below turns one claim around, and ``expected.json`` names the verdict it must get:

- ``{{key}}``: TensorFlow's sum is moved 1.0 away from NumPy's (to fill in: the edits that turn the
  chapter's real claims around).
"""


def disagree(runs: dict[str, dict]) -> dict[str, dict]:
    runs["tensorflow"]["metrics"]["sum"] += 1.0
    return runs
