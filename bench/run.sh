#!/bin/sh
# make bench: every figure next to what a user would otherwise use, measured in
# the same run. Prints; never passes or fails.
cl=${1:-./cryptolab}
here=$(dirname "$0")
py=${PYTHON3:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "bench: python3 is needed for the comparisons"; exit 0; }
"$py" "$here/shell.py" "$cl"
# further benchmarks add their lines below

# --- fernet: round trips against python's cryptography, 16 MiB against
# libgcrypt's aes-128-cbc + hmac-sha256 alone (bench/fernet is built by `make bench`)
fernet_bin=$(dirname "$cl")/bench/fernet
if [ -x "$fernet_bin" ]; then
	"$py" "$here/fernet.py" --ours "$fernet_bin"
else
	echo "fernet: $fernet_bin is not built (make bench builds it)"
fi

# --- dh: ffdhe2048 key agreements against python's pow, baby-step giant-step
# and method="best" against gp's znlog, on the same inputs (bench/dh is built
# by `make bench`)
dh_bin=$(dirname "$cl")/bench/dh
if [ -x "$dh_bin" ]; then
	"$py" "$here/dh.py" --ours "$dh_bin" ${GP:+--gp "$GP"}
else
	echo "dh: $dh_bin is not built (make bench builds it)"
fi
