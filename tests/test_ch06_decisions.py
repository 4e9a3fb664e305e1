"""Chapter 6's rules on the points the registry's reach test does not pin down: what counts as a
framework's own route, and how a deprecation warning weighs. Milliseconds, no framework."""
from utils.chapters import ch06_decisions as decide
from utils.chapters.ch06_decisions import OUTCOMES, _row
from utils.verdicts import CONTRADICTED, DEPENDS, SUPPORTED

RECORDS = OUTCOMES["production_ready"][SUPPORTED]
PT, TF = RECORDS["routes"]["pytorch"], RECORDS["routes"]["tensorflow"]


def ready(pytorch, tensorflow=TF):
    return decide.production_ready({"pytorch": pytorch, "tensorflow": tensorflow}, RECORDS["model_accuracy"],
                                   RECORDS["tolerance"], RECORDS["max_accuracy_drop"])


def test_another_projects_runtime_and_the_plain_http_endpoint_are_no_framework_s_own_route():
    assert not decide.own(_row("browser: onnxruntime-web", "browser", "onnxruntime-web 1.30.0 (wasm) in Chrome"))
    assert not decide.own(_row("HTTP endpoint", "server", "http.server and PyTorch, the torch.export file"))
    assert decide.own(_row("ExecuTorch, portable", "mobile and edge", "ExecuTorch runtime"))
    # PyTorch's server route is the HTTP endpoint alone: TensorFlow's SavedModel stands higher there too
    only_endpoint = [r for r in PT if r["path"] != "AOTInductor package"]
    got = ready(only_endpoint)
    assert got.word == SUPPORTED and "TensorFlow stands higher at: browser, server" in got.reason


def test_a_route_its_framework_calls_deprecated_stands_below_one_that_is_not():
    lite_only = [r for r in PT if r["target"] != "mobile and edge"] + [
        _row("PyTorch Mobile, lite interpreter", "mobile and edge", "PyTorch Mobile lite interpreter",
             warnings=("Lite Interpreter is deprecated. Please consider switching to ExecuTorch.",))]
    assert "TensorFlow stands higher at: browser, mobile and edge" in ready(lite_only).reason
    # a warning about some other name the route touched does not count against it
    noise = [r if r["target"] != "mobile and edge" else
             {**r, "warnings": [{"category": "FutureWarning", "package": "copyreg",
                                 "message": "`isinstance(treespec, LeafSpec)` is deprecated, use TreeSpec"}]} for r in PT]
    assert "TensorFlow stands higher at: browser;" in ready(noise).reason


def test_pytorch_ahead_on_a_target_makes_the_edge_depend_and_ahead_everywhere_contradicts():
    no_tf_browser = [r for r in TF if r["target"] != "browser"]
    assert ready(PT, no_tf_browser).word == CONTRADICTED
    no_tf_mobile = [r for r in TF if r["target"] != "mobile and edge"]
    assert ready(PT, no_tf_mobile).word == DEPENDS


def test_limited_browser_support_means_only_through_another_projects_runtime():
    records = OUTCOMES["browser_support"][SUPPORTED]
    assert decide.browser_support(**records).word == SUPPORTED
    none_at_all = {**records["browser"], "pytorch": []}
    assert decide.browser_support(none_at_all, records["tolerance"]).word == SUPPORTED
    wrong_tfjs = {**records["browser"], "tensorflow": [{**r, "max_abs_diff": 0.5} for r in records["browser"]["tensorflow"]]}
    assert decide.browser_support(wrong_tfjs, records["tolerance"]).word == CONTRADICTED


def test_a_network_rebuilt_by_hand_in_the_browser_is_not_an_export_route():
    """Issue 20, finding 10: TensorFlow.js's row rebuilds the network from weights when its converter cannot
    be installed; it says nothing about exporting TensorFlow to the browser, so only LiteRT.js can carry it."""
    rebuilt = {**decide._row("browser: tfjs", "browser", "tfjs (cpu); rebuilt by hand"), "rebuilt": True}
    onnx = decide._row("browser: onnxruntime-web", "browser", "onnxruntime-web (wasm)")
    litert = decide._row("browser: litertjs", "browser", "litertjs (wasm)")
    alone = decide.browser_support({"pytorch": [onnx], "tensorflow": [rebuilt, onnx]}, 1e-5)
    assert alone.word == CONTRADICTED and "not counted: *browser: tfjs*" in alone.reason
    with_litert = decide.browser_support({"pytorch": [onnx], "tensorflow": [rebuilt, litert, onnx]}, 1e-5)
    assert with_litert.word == SUPPORTED and "TensorFlow's own project: *browser: litertjs*" in with_litert.reason


def test_a_rebuilt_browser_row_gives_tensorflow_no_standing_in_the_browser():
    rebuilt = {**_row("browser: tfjs", "browser", "tfjs (cpu); rebuilt by hand"), "rebuilt": True}
    counted = ready(PT, [r for r in TF if r["target"] != "browser"] + [{**rebuilt, "rebuilt": False}])
    shown = ready(PT, [r for r in TF if r["target"] != "browser"] + [rebuilt])
    assert "TensorFlow an own route works (*browser: tfjs*)" in counted.reason and counted.word == SUPPORTED
    assert "through others' runtimes *browser: onnxruntime-web*, TensorFlow no own route works" in shown.reason
    assert shown.word == CONTRADICTED  # nowhere higher: the browser was TensorFlow's only lead in these records


def test_a_quantised_route_counts_only_where_a_rule_gives_an_accuracy_to_keep():
    int8 = _row("torchao int8, dynamic activations (.pt2)", "Python", "PyTorch, with torchao's int8 kernels", diff=1e-2,
                precision="int8", accuracy=0.92)
    assert not decide.works(int8, 1e-5)  # a float32 parity rule: not counted, and no error
    assert decide.works(int8, 1e-5, model_accuracy=0.925, max_accuracy_drop=0.01)
    assert not decide.works(int8, 1e-5, model_accuracy=0.94, max_accuracy_drop=0.01)
    routes = [*PT, int8]
    assert decide.onnx_widens_pytorch(routes, 1e-5).word == decide.onnx_widens_pytorch(PT, 1e-5).word
