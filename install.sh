#!/usr/bin/env bash
# Install ClusterQA into ./.venv (idempotent).
#   ./install.sh          the chatbot: Python packages only
#   ./install.sh --test   also the test tools: pytest, a small sentence-transformers model,
#                         fpdf2, Playwright, and (as root, through apt) Chromium and a CJK font
set -euo pipefail
cd "$(dirname "$0")"

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first, pinned to the CPU build: left to itself, sentence-transformers pulls a multi-GB CUDA build
.venv/bin/python -m pip install --quiet "torch==2.13.0"
if [ "$want_tests" = 1 ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    missing=""
    command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
    [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$missing fonts-wqy-microhei"
    if [ -n "$missing" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
# One question now, so that the first start finds its caches ready: bytecode, jieba's word store
# (built once per machine, ~2 s) and the table names' tags; the committed index is only loaded.
if ! .venv/bin/python -m qa --quiet ask "德国制造业占GDP的比重是多少？" >/dev/null; then
  echo "warning: the warm-up question failed; run .venv/bin/python -m qa status to see why" >&2
fi
echo "ClusterQA installed in $(pwd)/.venv"
