"""The claims registry and the scorecard built from it.

The tests marked ``after_references`` read the result files that nbval's run of the reference
notebooks (``tests/reference``, the ci profile, every notebook) wrote in this session's build folder:
that run is this suite's full run. The others build small result folders of their own.
"""
import json
import re
import shutil

import pytest

from utils import claims, paths, scorecard
from utils.verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED

REGISTRY = claims.load()


def write_result(results, notebook, verdicts, reasons=None):
    path = results / f"{notebook}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"metrics": {"verdicts": verdicts, "reasons": reasons or {}}}))


def every_result(results, verdict=SUPPORTED):
    """A result file for every comparison the registry names, each claim with ``verdict``."""
    keys = {}
    for c in REGISTRY.claims:
        keys.setdefault(c.notebook, {})[c.key] = verdict
    for notebook, verdicts in keys.items():
        write_result(results, notebook, verdicts, {k: f"because of {k}" for k in verdicts})


def ok_log(notebooks):
    return {"notebooks": {nb: {"status": "ok", "detail": ""} for nb in notebooks}}


def test_the_registry_holds_the_claims_the_chapters_test():
    assert len(REGISTRY.claims) >= 25
    chapters = {paths.chapter_of(c.notebook) for c in REGISTRY.claims}
    assert {f"0{n}" for n in range(1, 10)} <= {ch[:2] for ch in chapters}
    assert len(REGISTRY.guide) >= 10
    assert set(REGISTRY.articles) | {claims.OURS} == {c.article for c in REGISTRY.claims}
    assert all(u.why.strip() and u.article in REGISTRY.articles for u in REGISTRY.untested)


@pytest.mark.parametrize("field, value, message", [
    ("notebook", "06-deployment/pytorch", "is not a comparison notebook"),
    ("article", "C", "is not one of"),
    ("colour", "red", "unknown ['colour']"),
])
def test_a_bad_registry_entry_is_refused_naming_it(tmp_path, field, value, message):
    import yaml
    raw = yaml.safe_load(claims.REGISTRY.read_text())
    raw["claims"][0][field] = value
    (tmp_path / "claims.yml").write_text(yaml.safe_dump(raw))
    with pytest.raises(claims.RegistryError, match=re.escape(message)) as err:
        claims.load(tmp_path / "claims.yml")
    assert raw["claims"][0]["id"] in str(err.value)


def test_a_claim_gets_the_verdict_its_notebook_recorded_in_this_build(tmp_path):
    every_result(tmp_path, CONTRADICTED)
    resolved = claims.resolve(REGISTRY, tmp_path, ok_log({c.notebook for c in REGISTRY.claims}))
    assert {r.verdict for r in resolved} == {CONTRADICTED}
    assert all(r.reason == f"because of {r.claim.key}" for r in resolved)
    assert claims.counts(resolved)[CONTRADICTED] == len(REGISTRY.claims)


def test_removing_a_result_file_turns_its_claims_into_not_run(tmp_path):
    every_result(tmp_path)
    (tmp_path / "06-deployment" / "compare.json").unlink()
    resolved = claims.resolve(REGISTRY, tmp_path, None)
    gone = {r.claim.id for r in resolved if r.verdict == claims.NOT_RUN}
    assert gone == {c.id for c in REGISTRY.claims if c.notebook == "06-deployment/compare"}
    page = scorecard.page(REGISTRY, resolved)
    for article in REGISTRY.articles:
        stated = [c for c in REGISTRY.claims if c.article == article]
        lost = sum(c.id in gone for c in stated)
        untested = sum(u.article == article for u in REGISTRY.untested)
        assert f"| Article {article} | {len(stated)} | {len(stated) - lost} | 0 | 0 | 0 | {lost} | {untested} |" in page
    ours = [c for c in REGISTRY.claims if c.ours]
    lost = sum(c.id in gone for c in ours)
    assert f"| The book's own checks | {len(ours)} | {len(ours) - lost} | 0 | 0 | 0 | {lost} | - |" in page


def test_the_scorecard_never_skips_a_heading_level(tmp_path):
    """jupyter-book builds with warnings as errors, and MyST warns on a heading two levels below the last."""
    every_result(tmp_path)
    levels = [len(line) - len(line.lstrip("#")) for line in scorecard.page(REGISTRY, claims.resolve(REGISTRY, tmp_path, None))
              .splitlines() if line.startswith("#")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_the_scorecard_keeps_the_articles_statements_and_our_checks_apart(tmp_path):
    every_result(tmp_path)
    page = scorecard.page(REGISTRY, claims.resolve(REGISTRY, tmp_path, None))
    ours_at = page.index("## The book's own checks")
    for c in REGISTRY.claims:
        at = page.index(f"(`{c.key}`)", page.index(f"## Article {c.article}") if not c.ours else ours_at)
        assert (at > ours_at) == c.ours, c.id
        assert c.ours or f"Article {c.article}, *{c.section}*" in page[at:page.index("\n:::", at)]
    for u in REGISTRY.untested:
        assert u.statement.rstrip(".") in page[page.index(f"## Article {u.article}"):ours_at]


def test_a_notebook_that_failed_or_did_not_run_in_this_build_gives_not_run_not_its_old_verdict(tmp_path):
    every_result(tmp_path)
    log = ok_log({c.notebook for c in REGISTRY.claims})
    log["notebooks"]["04-debugging/compare"] = {"status": "failed", "detail": "cell 3: KeyError"}
    del log["notebooks"]["08-convergence/compare"]
    by_notebook = {}
    for r in claims.resolve(REGISTRY, tmp_path, log):
        by_notebook.setdefault(r.claim.notebook, set()).add((r.verdict, r.reason))
    assert by_notebook["04-debugging/compare"] == {(claims.NOT_RUN, "04-debugging/compare failed: cell 3: KeyError")}
    assert by_notebook["08-convergence/compare"] == {(claims.NOT_RUN, "08-convergence/compare was not executed in this build")}
    assert by_notebook["06-deployment/compare"] == {(SUPPORTED, f"because of {k}") for k in
                                                   (c.key for c in REGISTRY.claims if c.notebook == "06-deployment/compare")}


def test_a_misspelt_key_stops_the_scorecard_naming_the_claim(tmp_path):
    every_result(tmp_path)
    path = tmp_path / "06-deployment" / "compare.json"
    data = json.loads(path.read_text())
    data["metrics"]["verdicts"]["lite_for_edges"] = data["metrics"]["verdicts"].pop("lite_for_edge")
    path.write_text(json.dumps(data))
    with pytest.raises(claims.RegistryError, match="deployment.lite_for_edge.*recorded no verdict 'lite_for_edge'"):
        claims.resolve(REGISTRY, tmp_path, None)
    assert "claim 'deployment.lite_for_edge': 06-deployment/compare recorded no verdict 'lite_for_edge'" in claims.problems(REGISTRY, tmp_path)


@pytest.mark.parametrize("verdicts, against, answer", [
    ({"a": SUPPORTED, "b": SUPPORTED}, {}, SUPPORTED),
    ({"a": SUPPORTED, "b": CONTRADICTED}, {}, DEPENDS),
    ({"a": SUPPORTED}, {"c": SUPPORTED}, DEPENDS),
    ({"a": CONTRADICTED}, {"c": SUPPORTED}, CONTRADICTED),
    ({"a": claims.NOT_RUN}, {"c": CONTRADICTED}, SUPPORTED),
    ({"a": claims.NOT_RUN}, {}, claims.NOT_RUN),
    ({"a": NOT_TESTABLE}, {}, NOT_TESTABLE),
])
def test_a_piece_of_advice_is_answered_by_its_claims_counting_those_against_it_the_other_way(verdicts, against, answer):
    claim = REGISTRY.claims[0]
    by_id = {k: claims.Resolved(claim, v, "") for k, v in {**verdicts, **against}.items()}
    item = claims.GuideItem("x", "Choose", "advice", tuple(verdicts), tuple(against))
    assert claims.answer(item, by_id) == answer


@pytest.mark.after_references
def test_every_claim_resolves_to_a_verdict_the_full_run_recorded(reference_results):
    assert claims.problems(REGISTRY, reference_results) == []


@pytest.mark.after_references
def test_the_check_fails_when_a_result_file_is_removed_or_a_key_is_misspelt(reference_results, tmp_path):
    shutil.copytree(reference_results, tmp_path / "results")
    (tmp_path / "results" / "03-api-style" / "compare.json").unlink()
    assert any("no result file" in p and "03-api-style/compare" in p for p in claims.problems(REGISTRY, tmp_path / "results"))

    import yaml
    raw = yaml.safe_load(claims.REGISTRY.read_text())
    raw["claims"][-1]["key"] += "s"
    (tmp_path / "claims.yml").write_text(yaml.safe_dump(raw))
    misspelt = claims.load(tmp_path / "claims.yml")
    found = claims.problems(misspelt, reference_results)
    assert any(f"recorded no verdict {raw['claims'][-1]['key']!r}" in p for p in found)
    assert any("which no claim of the registry takes" in p for p in found)


@pytest.mark.after_references
def test_every_verdict_a_chapter_glued_appears_on_the_scorecard(reference_results):
    page = scorecard.page(REGISTRY, claims.resolve(REGISTRY, reference_results, None))
    compares = sorted(reference_results.rglob("compare.json"))
    assert len(compares) == len({c.notebook for c in REGISTRY.claims})
    for path in compares:
        notebook = path.relative_to(reference_results).with_suffix("").as_posix()
        for key, verdict in json.loads(path.read_text())["metrics"]["verdicts"].items():
            row = next(line for line in page.splitlines() if f"(`{key}`)" in line and f"chapters/{notebook}.ipynb" in line)
            assert f"**{verdict[0].upper() + verdict[1:]}**" in row, row



def test_the_scorecard_answers_first_with_its_figure_and_one_line_per_claim(tmp_path):
    every_result(tmp_path)
    resolved = claims.resolve(REGISTRY, tmp_path, None)
    page = scorecard.page(REGISTRY, resolved)
    glance = page[page.index("## Every claim at a glance"):page.index("## Article")]
    assert page.index(f"]({scorecard.FIGURE})") < page.index("## Every claim at a glance")
    for c in REGISTRY.claims:
        assert sum(f"(`{c.key}`)" in line and f"chapters/{c.notebook}.ipynb" in line for line in glance.splitlines()) == 1, c.id
        assert f":::{{dropdown}} **Supported**: {c.claim} (`{c.key}`)" in page, c.id  # the full account, folded
    figure = tmp_path / "figure.svg"
    scorecard.figure(REGISTRY, resolved, figure)
    svg = figure.read_text()
    assert svg.startswith("<?xml") and "By chapter" in svg and "By article" in svg
