"""A minimal HTTP endpoint on 127.0.0.1 around a predict function: framework-free.

Chapter 6 cannot install TF Serving or TorchServe here, so each half puts one of its exported
files behind this endpoint to measure what a request costs on top of the runtime. The request
and the answer have the shape of TF Serving's REST API: ``POST {"instances": rows}`` to
``/v1/models/<name>:predict`` answers ``{"predictions": outputs}``; a client written for one
talks to the other.
"""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator

import numpy as np


@contextmanager
def endpoint(predict: Callable[[np.ndarray], np.ndarray], name: str = "simple_net") -> Iterator[str]:
    """Serve ``predict`` on a free port of 127.0.0.1 while the block runs; yields the URL to POST to."""
    path = f"/v1/models/{name}:predict"

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != path:
                self.answer({"error": f"no model at {self.path}; the only one is {path}"}, 404)
                return
            try:
                rows = np.asarray(json.loads(self.rfile.read(int(self.headers["Content-Length"])))["instances"],
                                  dtype=np.float32)
                body, status = {"predictions": np.asarray(predict(rows)).tolist()}, 200
            except Exception as exc:  # the client sees what went wrong, as a server would say it
                body, status = {"error": f"{type(exc).__name__}: {exc}"}, 400
            self.answer(body, status)

        def answer(self, body: dict, status: int) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # no line per request on the notebook's stderr
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def request(url: str, rows: np.ndarray, timeout_s: float = 30.0) -> np.ndarray:
    """POST ``rows`` to the endpoint and return its predictions; a refused request raises with its message."""
    data = json.dumps({"instances": np.asarray(rows).tolist()}).encode()
    ask = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(ask, timeout=timeout_s) as answer:
            return np.asarray(json.loads(answer.read())["predictions"])
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"the endpoint answered {exc.code}: {json.loads(exc.read()).get('error')}") from None
