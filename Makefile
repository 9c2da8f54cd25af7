# 使用方法 / usage:  make run   — 建立 .venv、安装并对随附台账运行 audit status
#                   make test  — 安装测试依赖，检查代码（ruff）并运行全部测试
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test golden bench bench-quick clean check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/audit status

check: $(STAMP)
	$(BIN)/audit check

test: $(STAMP)
	$(BIN)/ruff check cli tests bench
	$(BIN)/python -m pytest tests

golden: $(STAMP)
	AUDIT_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests -q -k golden

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --sizes 1000,10000

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
