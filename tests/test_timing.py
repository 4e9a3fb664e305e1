import time

import pytest

from utils import timing


def test_first_call_times_building_and_the_call_together():
    def make():
        time.sleep(0.05)
        return lambda x: x + 1

    fn, out, seconds = timing.first_call(make, 1, sync=lambda: None)
    assert out == 2 and fn(2) == 3
    assert seconds >= 0.05


def test_modes_warm_up_then_take_turns_and_sync_after_every_timed_call():
    calls, syncs = [], []
    fns = {mode: (lambda x, mode=mode: calls.append(mode)) for mode in ("eager", "graph")}
    samples = timing.interleaved(fns, 0, warmup=2, repeats=3, sync=lambda: syncs.append(len(calls)))
    assert calls == ["eager", "eager", "graph", "graph"] + ["eager", "graph"] * 3
    assert syncs == [4, 5, 6, 7, 8, 9, 10]
    assert {mode: len(s) for mode, s in samples.items()} == {"eager": 3, "graph": 3}
    assert all(t >= 0 for s in samples.values() for t in s)


def test_a_mode_runs_inside_its_context_and_the_switch_is_not_timed(monkeypatch):
    """The clock is the test's own: it moves 1 s per reading and 1000 s when the context switches, so
    a sample that held the switch would read 1000 s or more, however busy the machine."""
    state, seen, now = {"off": False}, [], [0.0]

    def clock():
        now[0] += 1.0
        return now[0]

    class Switch:
        def __enter__(self):
            state["off"] = True
            now[0] += 1000.0

        def __exit__(self, *exc):
            state["off"] = False
            now[0] += 1000.0

    monkeypatch.setattr(timing.time, "perf_counter", clock)
    fns = {"on": lambda x: seen.append(("on", state["off"])), "off": lambda x: seen.append(("off", state["off"]))}
    samples = timing.interleaved(fns, 0, warmup=1, repeats=2, sync=lambda: None, around={"off": Switch})
    assert set(seen) == {("on", False), ("off", True)}
    assert samples == {"on": [1.0, 1.0], "off": [1.0, 1.0]}


def test_paired_ratios_divide_round_by_round():
    assert timing.paired_ratios({"eager": [2.0, 9.0], "graph": [1.0, 3.0]}, "eager", "graph") == [2.0, 3.0]


def test_fixed_and_per_op_split_a_straight_line():
    fixed, per_op = timing.fixed_and_per_op([1, 10, 50, 200], [300e-6 + 0.4e-6 * n for n in (1, 10, 50, 200)])
    assert abs(fixed - 300e-6) < 1e-12 and abs(per_op - 0.4e-6) < 1e-12
    with pytest.raises(ValueError, match="two or more distinct"):
        timing.fixed_and_per_op([5, 5], [1.0, 2.0])


def test_interleaved_steps_take_turns_and_keep_each_rounds_median_step():
    calls = []
    steps = {"a": iter([[9.0]] + [[1.0, 2.0, 30.0], [3.0, 4.0, 5.0]]), "b": iter([[9.0]] + [[7.0, 8.0, 0.5], [6.0]])}
    loops = {name: (lambda name=name: calls.append(name) or next(steps[name])) for name in steps}
    samples = timing.interleaved_steps(loops, warmup=1, repeats=2)
    assert calls == ["a", "b", "a", "b", "a", "b"]  # the warm-up of each, then rounds in turn
    assert samples == {"a": [2.0, 4.0], "b": [7.0, 6.0]}


def busy_python(n=200_000):
    return sum(i * i for i in range(n))


def test_profile_top_names_where_the_time_went():
    found = timing.profile_top(lambda: [busy_python(1000) for _ in range(7)] and busy_python(), top=3)
    assert found["calls"] > 8 * 1000  # the generator is a call per value it yields
    every = timing.profile_top(lambda: [busy_python(1000) for _ in range(7)] and busy_python(), top=1000)["top"]
    assert [row["calls"] for row in every if row["function"] == "test_timing.py:busy_python"] == [8]
    assert found["total_s"] > 0 and len(found["top"]) == 3
    names = [row["function"] for row in found["top"]]
    assert any(name.endswith(":<genexpr>") and name.startswith("test_timing.py") for name in names)
    assert all(0 <= row["share"] <= 1 and row["self_s"] >= 0 for row in found["top"])
    shares = [row["self_s"] for row in found["top"]]
    assert shares == sorted(shares, reverse=True)
    packages = found["by_package"]
    assert set(packages) <= {"other", "built-in", "_pytest", "pluggy"} and "other" in packages  # this file's code
    assert sum(p["share"] for p in packages.values()) <= 1
    mine = sum(row["self_s"] for row in found["top"] if row["function"].startswith("test_timing.py"))
    assert packages["other"]["self_s"] >= mine > 0  # the generator's time is counted under this file's package


def test_function_names_are_short():
    assert timing.function_name(("~", 0, "<built-in method time.sleep>")) == "<built-in method time.sleep>"
    assert timing.function_name(("/x/lib/python3.11/site-packages/keras/src/trainers/trainer.py", 10, "fit")) == \
        "keras/src/trainers/trainer.py:fit"
    assert timing.function_name(("/home/me/book/step.py", 3, "step")) == "step.py:step"
    assert timing.package_of(("~", 0, "<built-in method time.sleep>")) == "built-in"
    assert timing.package_of(("/x/site-packages/keras/src/trainers/trainer.py", 10, "fit")) == "keras"
    assert timing.package_of(("/home/me/book/step.py", 3, "step")) == "other"


def test_package_shares_are_written_largest_first_above_a_floor():
    found = {"by_package": {"torch": {"self_s": 0.1, "share": 0.1}, "keras": {"self_s": 0.5, "share": 0.5},
                            "numpy": {"self_s": 0.04, "share": 0.04}}}
    assert timing.package_shares(found, 0.05) == "keras 50%, torch 10%"
    assert timing.package_shares(found, 0.6) == ""
