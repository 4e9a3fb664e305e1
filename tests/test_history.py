from utils import results
from utils.pipeline import history

PAIR = ("01-foundations/pytorch", "01-foundations/compare")


def build_at(build, started, walls, verdict, reused=False, made=None):
    """A run log and chapter 1's comparison as the runner leaves them after a build started at ``started``."""
    made = made or started
    notebooks = {nb: {"status": "ok", "wall_s": wall, "runs": 1, "detail": "", "profile": "ci",
                      "finished_at": started, "reused": reused, "executed_at": made} for nb, wall in zip(PAIR, walls)}
    results.write_json(build / "run-log.json", {"environment": {}, "notebooks": notebooks,
                                                "build": {"started_at": started, "profile": "ci", "forced": False}})
    results.write_json(build / "results" / "01-foundations" / "compare.json",
                       {"metrics": {"verdicts": {"same_fundamentals": verdict}}})


def test_a_rebuild_that_changed_nothing_adds_no_snapshot(tmp_path):
    build_at(tmp_path, "2026-03-01T03:00:00+00:00", (10.0, 2.0), "supported")
    first = history.record(tmp_path)
    assert first.name == "20260301T030000Z.json"
    assert history.record(tmp_path) is None
    # the next build reuses every output the first one made: the same content
    build_at(tmp_path, "2026-03-02T03:00:00+00:00", (10.0, 2.0), "supported",
             reused=True, made="2026-03-01T03:00:00+00:00")
    assert history.record(tmp_path) is None
    build_at(tmp_path, "2026-03-03T03:00:00+00:00", (10.0, 2.0), "contradicted")
    assert history.record(tmp_path).name == "20260303T030000Z.json"
    snaps = history.load(tmp_path)
    assert [s["built_at"] for s in snaps] == ["2026-03-01T03:00:00+00:00", "2026-03-03T03:00:00+00:00"]
    assert snaps[0]["notebooks"][PAIR[0]] == {"status": "ok", "wall_s": 10.0, "reused": False,
                                              "executed_at": "2026-03-01T03:00:00+00:00", "profile": "ci"}
    assert snaps[0]["verdicts"] == {"01-foundations": {"same_fundamentals": "supported"}}


def test_load_returns_the_latest_snapshots_oldest_first(tmp_path):
    for day in (3, 1, 2):
        build_at(tmp_path, f"2026-03-0{day}T03:00:00+00:00", (10.0 + day, 2.0), "supported")
        history.record(tmp_path)
    assert [s["notebooks"][PAIR[0]]["wall_s"] for s in history.load(tmp_path, last=2)] == [12.0, 13.0]


def snapshot(day, pytorch_wall, verdict, reused=False):
    made = "2026-03-01T03:00:00+00:00" if reused else f"2026-03-0{day}T03:00:00+00:00"
    run = {"status": "ok", "reused": reused, "executed_at": made, "profile": "full"}
    return {"built_at": f"2026-03-0{day}T03:00:00+00:00",
            "notebooks": {PAIR[0]: {**run, "wall_s": pytorch_wall}, PAIR[1]: {**run, "wall_s": 2.0}},
            "verdicts": {"01-foundations": {"same_fundamentals": verdict, "steady": "supported"}}}


def test_a_flipped_verdict_and_a_slowed_notebook_are_reported(tmp_path):
    snaps = [snapshot(1, 10.0, "supported"), snapshot(2, 16.0, "contradicted")]
    assert history.changes(snaps) == [
        ("verdict", "01-foundations: same_fundamentals", "supported", "contradicted"),
        ("wall time", PAIR[0], "10.0 s", "16.0 s (+60%)"),
    ]
    assert history.changes([snapshot(1, 10.0, "supported"), snapshot(2, 14.0, "supported")]) == []
    text = "\n".join(history.section(snaps, tmp_path))
    assert "| verdict | 01-foundations: same_fundamentals | supported | contradicted |" in text
    assert f"]({history.FIGURE})" in text
    assert (tmp_path / history.FIGURE).stat().st_size > 0


def test_reused_runs_are_not_plotted_and_one_snapshot_is_no_history(tmp_path):
    snaps = [snapshot(1, 10.0, "supported"), snapshot(2, 10.0, "supported", reused=True),
             snapshot(3, 12.0, "supported")]
    assert history.executions(snaps)[PAIR[0]] == [(0, 10.0), (2, 12.0)]
    assert "No history yet" in "\n".join(history.section(snaps[:1], tmp_path))
    assert not (tmp_path / history.FIGURE).exists()
