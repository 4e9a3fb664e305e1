# The two commands of the README: `make book` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?= 2
CI_BUILD := _build/ci

.PHONY: env book test execute site clean

env: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Execute every notebook with the published (full) profile, then render the site,
# also when a notebook failed, so one failure never hides the others.
book: env
	$(PY) -m utils.execute --profile full --jobs $(JOBS); run=$$?; \
	$(PY) -m utils.build_book; site=$$?; \
	test $$run -eq 0 -a $$site -eq 0

# Execute the small ci profile, then unit tests and nbval on the executed notebooks.
test: env
	BOOK_BUILD_DIR=$(CI_BUILD) $(PY) -m utils.execute --profile ci --jobs $(JOBS); run=$$?; \
	BOOK_BUILD_DIR=$(CI_BUILD) $(PY) -m pytest tests $(CI_BUILD)/executed; tests=$$?; \
	test $$run -eq 0 -a $$tests -eq 0

clean:
	rm -rf _build
