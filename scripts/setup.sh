#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: GraphViz (dot), raptor
# (rapper), rasqal (roqet, a SPARQL protocol client), xmllint, and a Python
# virtual environment (.venv) with rdflib, networkx and SPARQLWrapper. Safe to
# run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v roqet >/dev/null 2>&1 || missing+=(rasqal-utils)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import rdflib, networkx, SPARQLWrapper' >/dev/null 2>&1; then
  echo "setup: installing the Python packages of scripts/requirements.txt into .venv" >&2
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
fi
