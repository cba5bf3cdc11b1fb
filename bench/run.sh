#!/bin/sh
# make bench: every figure next to what a user would otherwise use, measured in
# the same run. Prints; never passes or fails.
cl=${1:-./cryptolab}
here=$(dirname "$0")
py=${PYTHON3:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "bench: python3 is needed for the comparisons"; exit 0; }
"$py" "$here/shell.py" "$cl"
# further benchmarks add their lines below
