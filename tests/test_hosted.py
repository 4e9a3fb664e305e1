"""What a notebook opened outside the checkout says about the versions it runs with."""
from importlib import metadata

from utils import hosted, paths


def test_the_hosted_pins_are_the_requirements_pins():
    pinned = dict(line.split("==") for line in (paths.ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    assert hosted.PINS == {name: pinned[hosted.BUILDS.get(name, (name,))[0]] for name in hosted.PINS}
    assert pinned["tensorflow-cpu"] and "tensorflow" not in pinned  # the CPU build, like PyTorch's wheel


def test_tensorflow_is_found_under_either_build(monkeypatch):
    for installed, found in (({"tensorflow-cpu"}, "tensorflow-cpu"), ({"tensorflow"}, "tensorflow"),
                             ({"tensorflow", "tensorflow-cpu"}, "tensorflow-cpu"), (set(), None)):
        def version(name, installed=installed):
            if name not in installed:
                raise metadata.PackageNotFoundError(name)
            return "2.21.0"

        monkeypatch.setattr(hosted.metadata, "version", version)
        assert hosted.distribution("tensorflow") == found
        assert hosted.differences("tensorflow") == ([] if found else [
            "tensorflow is not installed here: the book pins tensorflow-cpu==2.21.0 or tensorflow==2.21.0"])


def test_a_hosted_runtime_with_other_versions_is_told_so(monkeypatch):
    installed = {"torch": "2.13.0+cpu", "keras": "3.9.0"}

    def version(name):
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    monkeypatch.setattr(hosted.metadata, "version", version)
    assert hosted.differences("torch") == []
    assert hosted.differences("keras", "tensorflow") == [
        "this runtime has keras 3.9.0, the book pins 3.15.1: the results below are recorded with 3.9.0",
        "tensorflow is not installed here: the book pins tensorflow-cpu==2.21.0 or tensorflow==2.21.0"]
