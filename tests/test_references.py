"""What ``make references`` keeps of an executed notebook: what nbval checks, nothing that changes by itself."""
import os

import nbformat

from utils.pipeline import references


def executed() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"start_time": "today"}})
    plot = nbformat.v4.new_code_cell("plot()", execution_count=1, outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})])
    timing = nbformat.v4.new_code_cell("time_it()", execution_count=2, metadata={"tags": [references.IGNORE]},
                                       outputs=[nbformat.v4.new_output("stream", text="12.3 µs\n")])
    verdict = nbformat.v4.new_code_cell("decide()", execution_count=3, metadata={"papermill": {"duration": 1.5}},
                                        outputs=[nbformat.v4.new_output("stream", text="supported\n")])
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), plot, timing, verdict]
    return nb


def test_strip_keeps_checked_outputs_and_drops_images_timings_timestamps_and_random_ids():
    nb = references.strip(executed())
    assert "papermill" not in nb.metadata
    title, plot, timing, verdict = nb.cells
    assert plot.outputs[0]["data"] == {"text/plain": "<Figure>"}
    assert timing.outputs == []
    assert verdict.outputs[0]["text"] == "supported\n" and verdict.execution_count == 3
    assert "papermill" not in verdict.metadata
    assert [c.id for c in nb.cells] == ["cell-0", "cell-1", "cell-2", "cell-3"]
    nbformat.validate(nb)


def test_strip_joins_a_stream_that_the_kernel_wrote_in_chunks():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(modes)", execution_count=1, outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="modes:"),
        nbformat.v4.new_output("stream", name="stdout", text=" [1, 2]\n"),
        nbformat.v4.new_output("stream", name="stderr", text="careful\n"),
        nbformat.v4.new_output("stream", name="stdout", text="done\n")])]
    outputs = references.strip(nb).cells[0].outputs
    assert [(o["name"], o["text"]) for o in outputs] == [("stdout", "modes: [1, 2]\n"), ("stderr", "careful\n"),
                                                         ("stdout", "done\n")]


def test_strip_sanitizes_printed_text_as_nbval_does():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import tensorflow", execution_count=1, outputs=[nbformat.v4.new_output(
        "stream", name="stderr",
        text="I0000 00:00:1796155963.610374   20717 port.cc:153] oneDNN custom operations are on.\nkept\n")])]
    assert references.strip(nb).cells[0].outputs[0]["text"] == "kept\n"


def test_make_references_starts_from_an_empty_build_folder_but_its_caches(tmp_path, monkeypatch):
    """A notebook that reads what another left in the build folder (chapter 6's ONNX bridge, chapter
    8's weights) must see in `make references` what it sees under nbval, which starts empty."""
    build = tmp_path / "_build" / "references"
    (build / "deploy" / "tensorflow").mkdir(parents=True)
    (build / "deploy" / "tensorflow" / "simple_net.onnx").write_text("left by an earlier run")
    (build / "run-log.json").write_text("{}")
    (build / "inductor-cache").mkdir()
    seen = {}

    def execute_main(argv):
        seen["left"] = sorted(p.relative_to(build).as_posix() for p in build.rglob("*"))
        return 1

    from utils.pipeline import execute
    monkeypatch.setattr(references.paths, "ROOT", tmp_path)
    monkeypatch.setattr(execute, "main", execute_main)
    monkeypatch.setenv("BOOK_BUILD_DIR", os.environ.get("BOOK_BUILD_DIR", ""))  # main() points it at its folder
    assert references.main([]) == 1
    assert seen["left"] == ["inductor-cache"]
