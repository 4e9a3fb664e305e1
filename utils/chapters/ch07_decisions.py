"""Chapter 7's decisions: what the installs and the libraries themselves can say about the articles'
ecosystem claims, and which of those claims no offline run can judge. Each function decides one claim;
its docstring is the rule the book shows for the claim (``claims.yml``'s ``decided_by``).
Framework-free."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..decisions import Verdict, capital, yes
from ..verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED, across

LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
TOOL_CATEGORIES = ("data pipelines", "monitoring", "MLOps")
NOTHING = ("nothing recorded here: the data are online",)  # the evidence of a claim no offline run can judge
CENSUS = ("a census of the maintained packages built for each framework in each category, on PyPI and "
          "conda-forge, with their download counts, made with network access")


def _call(a: Mapping) -> str:
    """One API call and what it showed, for a reason."""
    if a["deprecated"] is None:
        return f"`{a['api']}` stopped with an error and no deprecation warning ({a['error']}), so it is not judged"
    if not a["deprecated"]:
        return f"`{a['api']}` ran without a deprecation warning"
    replaced = ("no successor is named" if a["successor"] is None else
                f"replaced by {a['successor']} (`{a['successor_module']}` importable: {yes(a['successor_importable'])})")
    return f"`{a['api']}` warns \"{a['evidence']}\", {replaced}"


def name_verdict(row: Mapping) -> str:
    """One name's verdict from its own API calls (the rule of :func:`ecosystem_names_current`)."""
    judged = {a["api"]: CONTRADICTED if a["deprecated"] else SUPPORTED
              for a in row["apis"] if a["deprecated"] is not None} if row["testable"] else {}
    return across(judged)


def ecosystem_names_current(names: Sequence[Mapping]) -> Verdict:
    """Per name the claim lists (TorchScript, PyTorch Mobile, TF Lite, TorchServe), each API call that
    stands for it is judged on its own warnings only, never on another call's: deprecated when a
    warning the call itself raised names its API as deprecated (the reason then says what replaces
    it), not deprecated when it runs to its end with no such warning, unjudged when it stops with an
    error before any. A name is contradicted when every judged call of it is
    deprecated, supported when none is, and *depends* when its calls part (one deprecated, another
    not); not testable when no installed package can speak for it (TorchServe's status) or none of
    its calls could be judged. One verdict over the names, which *depends* when they part."""
    listed = [r for r in names if r["in_claim"]]
    per_name = {r["name"]: name_verdict(r) for r in listed}

    def said(r):
        if not r["testable"]:
            return f"{r['name']}: not testable here ({r['reason']})"
        return f"{r['name']} ({per_name[r['name']]}): " + "; ".join(_call(a) for a in r["apis"])
    return Verdict(across(per_name), "; ".join(said(r) for r in listed), ("names",))


def _listed(rows: Sequence[Mapping]) -> str:
    return ", ".join(r["tool"] for r in rows) or "none"


def _held(tools: Mapping[str, Sequence[Mapping]], category: str) -> str:
    """What this machine's installs hold in one category: shown as context, never counted."""
    return ", ".join(f"{LABELS[fw]} {_listed([r for r in rows if r['category'] == category and r['importable']])}"
                     for fw, rows in tools.items())


def _by_census(census: Mapping[str, Mapping[str, int]], categories: Sequence[str]) -> dict[str, str]:
    return {c: SUPPORTED if census[c]["tensorflow"] > census[c]["pytorch"] else CONTRADICTED for c in categories}


def tf_more_mlops_tools(tools: Mapping[str, Sequence[Mapping]], census: Mapping[str, Mapping[str, int]] | None = None
                        ) -> Verdict:
    """Not testable here: whether TensorFlow's ecosystem has more high-level tools for data pipelines,
    monitoring and MLOps is a question about every maintained project, which an offline build cannot
    count (the tools this machine's installs hold are a list this book chose, filtered by what its
    environment installs, and are shown only as context). Given ``census``, maintained packages per
    category and framework counted with network access: per category supported when TensorFlow's count
    is the larger, contradicted otherwise, and one verdict over the categories, which *depends* when
    they part."""
    context = "; ".join(f"{c}: {_held(tools, c)}" for c in TOOL_CATEGORIES)
    if census is None:
        return Verdict(NOT_TESTABLE, f"it needs {CENSUS}; what the installs here hold (the book's own list, "
                                     f"not a census): {context}", ("tools",))
    per = _by_census(census, TOOL_CATEGORIES)
    return Verdict(across(per), "; ".join(
        f"{c} ({capital(per[c])}): TensorFlow {census[c]['tensorflow']} packages, PyTorch {census[c]['pytorch']}"
        for c in TOOL_CATEGORIES), ("tools", "census"))


def data_pipelines(tools: Mapping[str, Sequence[Mapping]], same_batches: bool,
                   census: Mapping[str, Mapping[str, int]] | None = None) -> Verdict:
    """Not testable here: whether TensorFlow has more data-pipeline tools than PyTorch needs a count of
    every maintained data-pipeline project for each, which an offline build cannot make; what the
    installs hold (`tf.data` and `DataLoader`, and whether they deliver the same batches) is shown as
    context. Given ``census``, maintained data-pipeline packages per framework counted with network
    access: supported when TensorFlow's count is the larger, contradicted otherwise."""
    context = (f"the installs here hold {_held(tools, 'data pipelines')}, which deliver "
               f"{'the same' if same_batches else 'different'} batches from the same rows")
    if census is None:
        return Verdict(NOT_TESTABLE, f"it needs {CENSUS}; {context}", ("tools", "pipeline"))
    word = _by_census(census, ("data pipelines",))["data pipelines"]
    counts = census["data pipelines"]
    return Verdict(word, f"maintained data-pipeline packages: TensorFlow {counts['tensorflow']}, PyTorch "
                         f"{counts['pytorch']}; {context}", ("tools", "pipeline", "census"))


def production_pipelines(tfx_importable: bool) -> Verdict:
    """Not testable here: judging TFX as an end-to-end platform means running a TFX pipeline (data
    validation, training, model analysis, pushing to a server) on the chapter's model, which this book's
    environment does not install and this chapter does not run; importing TFX would not show it."""
    return Verdict(NOT_TESTABLE, "TFX (`tfx`) is " + ("importable, but this chapter runs no TFX pipeline" if tfx_importable
                                                      else "not installed in the book's environment")
                   + "; what would test it: a TFX pipeline from raw rows to a pushed model, run end to end here, "
                     "set against the steps PyTorch needs for the same", ("tools",))


def research_adoption() -> Verdict:
    """Not testable here: it needs the papers of the top conferences and the code released with them
    (for example Papers with Code's framework tags, counted per year), which an offline build cannot
    reach."""
    return Verdict(NOT_TESTABLE, "it needs a count of the papers at the top conferences by the framework of "
                                 "their released code, made online; the first article's \"High (80%+ papers)\" for "
                                 "PyTorch and \"Moderate\" for TensorFlow are its figures, not measured here", NOTHING)


def cloud_integration() -> Verdict:
    """Not testable here: it needs accounts on Google Cloud, AWS and Azure, and the network, to train
    and serve the same model through each provider's managed service with either framework and compare
    the steps."""
    return Verdict(NOT_TESTABLE, "it needs accounts on Google Cloud, AWS and Azure and the network to reach "
                                 "them; the first article's table says \"Google Cloud (native)\" for TensorFlow and "
                                 "\"AWS, Azure\" for PyTorch", NOTHING)


def job_market() -> Verdict:
    """Not testable here: it needs a survey of job offers (for example the framework named in a year of
    postings on the large job boards, split by production and research roles), which an offline build
    cannot make."""
    return Verdict(NOT_TESTABLE, "it needs a survey of job offers by framework and kind of role, made online; "
                                 "the first article's answer is an opinion with no figure to check", NOTHING)


# ---------------------------------------------------------------------------------------------------
# Made-up records reaching every verdict of every decision (tests/test_decisions.py runs them).

def _api(api, deprecated=False):
    """One API call's record: ``deprecated`` True (its own call warns), False (it ran quietly) or None (it failed)."""
    return {"api": api, "deprecated": deprecated, "evidence": f"{api} is deprecated" if deprecated else "no warning",
            "error": "RuntimeError: not built" if deprecated is None else None,
            "successor": "y" if deprecated else None, "successor_module": "y" if deprecated else None,
            "successor_importable": True if deprecated else None}


def _name(name, *apis, testable=True):
    return {"name": name, "in_claim": True, "testable": testable, "reason": "x", "apis": list(apis)}


_TORCHSERVE = _name("TorchServe", testable=False)


def _tool(tool, category, importable=True):
    return {"tool": tool, "category": category, "importable": importable}


_TOOLS = {"pytorch": [_tool("DataLoader", "data pipelines"), _tool("torch.profiler", "monitoring")],
          "tensorflow": [_tool("tf.data", "data pipelines"), _tool("TFX", "MLOps", importable=False)]}
_CENSUS = {"data pipelines": {"pytorch": 12, "tensorflow": 20}, "monitoring": {"pytorch": 9, "tensorflow": 14},
           "MLOps": {"pytorch": 30, "tensorflow": 31}}

OUTCOMES = {
    "ecosystem_names_current": {
        SUPPORTED: dict(names=[_name("TF Lite", _api("converter"), _api("interpreter")), _name("TorchScript", _api("script")),
                               _TORCHSERVE]),
        CONTRADICTED: dict(names=[_name("TF Lite", _api("converter", True), _api("interpreter", True)),
                                  _name("PyTorch Mobile", _api("lite interpreter", True), _api("optimize", None)),
                                  _TORCHSERVE]),
        # one name whose own calls part: the interpreter warns, the converter does not
        DEPENDS: dict(names=[_name("TF Lite", _api("converter"), _api("interpreter", True)), _TORCHSERVE]),
        NOT_TESTABLE: dict(names=[_TORCHSERVE, _name("PyTorch Mobile", _api("optimize", None))]),
    },
    "tf_more_mlops_tools": {
        NOT_TESTABLE: dict(tools=_TOOLS),
        SUPPORTED: dict(tools=_TOOLS, census=_CENSUS),
        DEPENDS: dict(tools=_TOOLS, census={**_CENSUS, "MLOps": {"pytorch": 40, "tensorflow": 31}}),
        CONTRADICTED: dict(tools=_TOOLS, census={c: {"pytorch": 50, "tensorflow": 20} for c in _CENSUS}),
    },
    "data_pipelines": {
        NOT_TESTABLE: dict(tools=_TOOLS, same_batches=True),
        SUPPORTED: dict(tools=_TOOLS, same_batches=True, census=_CENSUS),
        CONTRADICTED: dict(tools=_TOOLS, same_batches=True, census={"data pipelines": {"pytorch": 25, "tensorflow": 20}}),
    },
    "production_pipelines": {NOT_TESTABLE: dict(tfx_importable=False)},
    "research_adoption": {NOT_TESTABLE: {}},
    "cloud_integration": {NOT_TESTABLE: {}},
    "job_market": {NOT_TESTABLE: {}},
}
