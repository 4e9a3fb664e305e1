# The commands of the README: `make book`, `make test` and `make references`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?= 2
TEST_JOBS ?= 2
TEST_BUILD := _build/test

.PHONY: env book test references clean

env: $(VENV)/.installed

# Chapter 6's browser runs need Node 20 or newer and web/'s npm packages; without them
# the environment is still made, and those rows of the book say "not run here".
# TORCH_INDEX=<index URL> installs requirements.txt's torch pin from that index first (the nightly
# passes PyTorch's CPU index, so the CUDA packages are never downloaded).
$(VENV)/.installed: requirements.txt pyproject.toml web/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(if $(TORCH_INDEX),$(PY) -m pip install --quiet --index-url $(TORCH_INDEX) "$$(grep -E '^torch==' requirements.txt)")
	@# tensorflow-cpu and tensorflow install the same files: where the GPU-capable build is present (a
	@# .venv made before the book pinned the CPU build, or a GPU reader's), both go, and the CPU build
	@# is installed afresh below; a GPU reader swaps the builds again afterwards (README)
	@if $(PY) -m pip show --quiet tensorflow 2>/dev/null; then 		echo "replacing TensorFlow's GPU-capable build with the pinned CPU build"; 		$(PY) -m pip uninstall --quiet --yes tensorflow tensorflow-cpu; fi
	$(PY) -m pip install --quiet -r requirements.txt
	@if node -e 'process.exit(parseInt(process.versions.node) < 20 ? 1 : 0)' 2>/dev/null; then \
		echo "npm ci --prefix web --no-audit --no-fund"; npm ci --prefix web --no-audit --no-fund; \
	else \
		echo 'No Node 20 or newer on PATH: chapter 6'"'"'s browser rows will show "not run here"; install Node 20 or newer, then run npm ci --prefix web.'; \
	fi
	touch $@

# Execute the notebooks whose inputs changed since their last successful run (all of them with
# FORCE=1) with the published (full) profile, then render the site, also when a notebook
# failed, so one failure never hides the others.
book: env
	$(PY) -m utils.pipeline.execute --profile full --jobs $(JOBS) $(if $(FORCE),--force); run=$$?; \
	$(PY) -m utils.pipeline.build_book; site=$$?; \
	test $$run -eq 0 -a $$site -eq 0

# Unit tests, and nbval on the committed references (tests/reference): each reference
# notebook is executed again and its checked outputs must equal the committed ones. Each worker takes
# the next chapter's references or test module in turn, the references first, in the book's order
# (tests/conftest.py).
test: env
	rm -rf $(TEST_BUILD)
	BOOK_BUILD_DIR=$(TEST_BUILD) $(PY) -m pytest -n $(TEST_JOBS) --no-loadscope-reorder -rfE --durations=15 tests --ignore=tests/site

# The built site in headless Chromium (after make book): console errors, failed loads, broken links
# and anchors, navigation, glued verdicts, table rows against their headers, the framework tabs; screenshots in _build/screenshots.
.PHONY: check-site
check-site: env
	$(PY) -m pytest -q -p no:cacheprovider -o addopts= tests/site

# Execute the ci profile and rewrite tests/reference from it; review the diff like code.
references: env
	$(PY) -m utils.pipeline.references

clean:
	rm -rf _build
