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

# --- real RSA: rsa.keygen(2048) and private-key operations against openssl
# genpkey and openssl speed rsa2048 (bench/pkey is built by `make bench`)
pkey_bin=$(dirname "$cl")/bench/pkey
if [ -x "$pkey_bin" ]; then
	"$py" "$here/pkey.py" --ours "$pkey_bin"
else
	echo "pkey: $pkey_bin is not built (make bench builds it)"
fi

# --- certificates: issued per second (RSA-2048 and P-256 CAs) against openssl
# x509 -req, and a 3-certificate chain parsed and verified against openssl
# verify (bench/x509 is built by `make bench`)
x509_bin=$(dirname "$cl")/bench/x509
if [ -x "$x509_bin" ]; then
	"$py" "$here/x509.py" --ours "$x509_bin"
else
	echo "x509: $x509_bin is not built (make bench builds it)"
fi
