import pytest

from utils.chapters.ch05_op_kinds import OTHER, by_kind, kind_of, kinds, top


@pytest.mark.parametrize("op, kind", [
    ("aten::addmm", "matrix product"), ("aten::mm", "matrix product"), ("_MklNativeFusedMatMul", "matrix product"),
    ("aten::convolution_backward", "convolution"), ("_MklNativeConv2DBackpropFilterWithBias", "convolution"),
    ("aten::mkldnn_rnn_layer", "recurrent cell"), ("_MklNativeMaxPoolGrad", "pooling"),
    ("SparseSoftmaxCrossEntropyWithLogits", "loss and softmax"), ("aten::_log_softmax", "loss and softmax"),
    ("Optimizer.step#SGD.step", "optimizer update"), ("ResourceApplyGradientDescent", "optimizer update"),
    ("autograd::engine::evaluate_function: AddmmBackward0", "autograd bookkeeping"),
    ("aten::threshold_backward", "elementwise and reduction"), ("ReluGrad", "elementwise and reduction"),
    ("aten::copy_", "data movement"), ("TensorListGetItem", "data movement"), ("While", OTHER),
    ("reduce-window", "pooling"), ("select-and-scatter", "pooling"), ("Conv2DBackpropInput", "convolution"),
])
def test_operations_of_both_frameworks_get_one_kind_each(op, kind):
    assert kind_of(op) == kind


def test_seconds_add_up_by_kind_with_every_kind_present():
    totals = by_kind({"aten::mm": 1.0, "MatMul": 0.5, "While": 0.25})
    assert list(totals) == kinds()
    assert totals["matrix product"] == 1.5 and totals[OTHER] == 0.25 and totals["convolution"] == 0.0


def test_top_is_longest_first_with_ties_by_name():
    assert top({"b": 1.0, "a": 1.0, "c": 2.0}, 2) == [("c", 2.0), ("a", 1.0)]
