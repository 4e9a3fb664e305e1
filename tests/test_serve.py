"""Chapter 6's stand-in for a model server (utils/serve.py), on a NumPy predict function."""
import numpy as np
import pytest

from utils.chapters import ch06_serve as serve

W = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)


def test_predictions_come_back_exactly_and_the_port_is_closed_after():
    x = np.random.default_rng(1).standard_normal((4, 5)).astype(np.float32)
    with serve.endpoint(lambda rows: rows @ W) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1/models/simple_net:predict")
        got = serve.request(url, x)
    assert got.shape == (4, 3) and np.array_equal(got.astype(np.float32), x @ W)
    with pytest.raises(OSError):
        serve.request(url, x, timeout_s=60)  # refused at once: the port is closed


def test_a_request_the_model_refuses_is_an_error_with_its_message():
    with serve.endpoint(lambda rows: rows @ W) as url:
        with pytest.raises(RuntimeError, match=r"answered 400: ValueError: matmul"):
            serve.request(url, np.ones((2, 4), dtype=np.float32))
        with pytest.raises(RuntimeError, match="answered 404: no model at /v1/models/other:predict"):
            serve.request(url.replace("simple_net", "other"), np.ones((1, 5)))
