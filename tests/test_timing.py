import time

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
