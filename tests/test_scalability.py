"""The scalability section (chapter 5): its launcher never hangs and its halves refuse a job the machine
cannot run (that its comparison does not judge speed when the workers computed something else is a unit
test of its decision, in tests/test_ch05_decisions.py)."""
import json
import os
import sys
import time

import pytest

from utils.chapters import ch05_launch as launch
from utils.params import ParameterError

pytestmark = pytest.mark.slow(seconds=17)

CHAPTER = "05-performance/scalability"


def test_free_ports_are_distinct():
    ports = launch.free_ports(3)
    assert len(set(ports)) == 3 and all(0 < p < 65536 for p in ports)


def test_every_worker_runs_with_its_own_environment(tmp_path):
    job = launch.run_workers([sys.executable, "-c", "import os; print('rank', os.environ['RANK'])"],
                             [{"RANK": "0"}, {"RANK": "1"}], logs=tmp_path, timeout_s=60)
    assert job.returncodes == [0, 0]
    assert [out.strip() for out in job.output] == ["rank 0", "rank 1"]


def test_a_failing_worker_stops_the_job_with_its_output_and_kills_the_others(tmp_path):
    script = ("import os, sys, time\n"
              "if os.environ['RANK'] == '1':\n"
              "    sys.exit('worker 1 could not join: connection refused')\n"
              "open(os.environ['PIDFILE'], 'w').write(str(os.getpid()))\n"
              "time.sleep(3600)\n")
    pidfile = tmp_path / "rank0.pid"
    with pytest.raises(launch.WorkerFailed, match=r"worker 1 of 2 exited with status 1(.|\n)*connection refused"):
        launch.run_workers([sys.executable, "-c", script], [{"RANK": "0", "PIDFILE": str(pidfile)}, {"RANK": "1"}],
                           logs=tmp_path, timeout_s=1800)  # a launcher that waited for the job's end would say "still running"
    if pidfile.exists():  # rank 0 got as far as writing its pid: it must be gone now
        with pytest.raises(ProcessLookupError):
            os.kill(int(pidfile.read_text()), 0)


def test_a_job_past_its_timeout_is_killed(tmp_path):
    start = time.perf_counter()
    with pytest.raises(launch.WorkerFailed, match=r"still running after 1 s, killed(.|\n)*waiting"):
        launch.run_workers([sys.executable, "-c", "import time; print('waiting', flush=True); time.sleep(3600)"],
                           [{}, {}], logs=tmp_path, timeout_s=1)
    assert time.perf_counter() - start < 1800  # killed, not left to finish its hour


@pytest.mark.parametrize("world_size, threads, batch, name, allowed", [
    (64, 1, 512, "world_size", "a world size the machine cannot run"),
    (2, 2, 512, "world_size", "need 4 cores, this machine has 3"),
    (3, 1, 512, "global_batch", "a multiple of world_size = 3"),
])
def test_check_world_refuses_a_job_the_machine_cannot_run_by_name(world_size, threads, batch, name, allowed):
    with pytest.raises(ParameterError, match=allowed) as err:
        launch.check_world(world_size, threads, batch, cpus=3)
    assert err.value.name == name
    launch.check_world(1, 1, 512, cpus=1)  # one worker of one thread always fits


@pytest.mark.parametrize("fw", ["pytorch", "tensorflow"])
@pytest.mark.parametrize("override, name, allowed", [
    ("world_size=64", "world_size", "a world size the machine cannot run"),
    ("threads=0", "threads", "expected an integer from 1 to"),
])
def test_a_half_refuses_a_job_the_machine_cannot_run(fw, override, name, allowed, tmp_path, execute):
    nb = f"{CHAPTER}/{fw}"
    earlier = tmp_path / "results" / f"{nb}.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('{"an earlier": "good run"}')
    out = execute(tmp_path, "--only", nb, "-p", override)
    assert out.returncode == 1, out.stdout[-2000:]
    log = json.loads((tmp_path / "run-log.json").read_text())["notebooks"][nb]
    assert log["status"] == "failed", log
    assert earlier.read_text() == '{"an earlier": "good run"}'  # refused before the recorder: nothing removed
    assert "ParameterError" in log["detail"] and f"parameter {name!r}" in log["detail"], log["detail"]
    assert allowed in log["detail"], log["detail"]
