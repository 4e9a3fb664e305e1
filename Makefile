# The commands of the README: `make book`, `make test` and `make references`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?= 2
TEST_BUILD := _build/test

.PHONY: env book test references clean

env: $(VENV)/.installed

# Chapter 6's browser runs need Node 20 or newer and web/'s npm packages; without them
# the environment is still made, and those rows of the book say "not run here".
$(VENV)/.installed: requirements.txt pyproject.toml web/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@if node -e 'process.exit(parseInt(process.versions.node) < 20 ? 1 : 0)' 2>/dev/null; then \
		echo "npm ci --prefix web --no-audit --no-fund"; npm ci --prefix web --no-audit --no-fund; \
	else \
		echo 'No Node 20 or newer on PATH: chapter 6'"'"'s browser rows will show "not run here"; install Node 20 or newer, then run npm ci --prefix web.'; \
	fi
	touch $@

# Execute every notebook with the published (full) profile, then render the site,
# also when a notebook failed, so one failure never hides the others.
book: env
	$(PY) -m utils.execute --profile full --jobs $(JOBS); run=$$?; \
	$(PY) -m utils.build_book; site=$$?; \
	test $$run -eq 0 -a $$site -eq 0

# Unit tests, and nbval on the committed references (tests/reference): each reference
# notebook is executed again and its checked outputs must equal the committed ones.
test: env
	rm -rf $(TEST_BUILD)
	BOOK_BUILD_DIR=$(TEST_BUILD) $(PY) -m pytest -rfE tests

# Execute the ci profile and rewrite tests/reference from it; review the diff like code.
references: env
	$(PY) -m utils.references

clean:
	rm -rf _build
