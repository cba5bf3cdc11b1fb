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

# --- the wire: https requests per second and handshake time, our server next
# to openssl s_server -www with the same certificate
"$py" "$here/net.py" "$cl"

# --- factor(): PARI in a child against gp's own factorint (bench/factor is
# built by `make bench`)
factor_bin=$(dirname "$cl")/bench/factor
if [ -x "$factor_bin" ]; then
	"$py" "$here/factor.py" --ours "$factor_bin" ${GP:+--gp "$GP"}
else
	echo "factor: $factor_bin is not built (make bench builds it)"
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

# --- certificates: issued per second (RSA-2048 and P-256 CAs) against openssl
# x509 -req, and a 3-certificate chain parsed and verified against openssl
# verify (bench/x509 is built by `make bench`)
x509_bin=$(dirname "$cl")/bench/x509
if [ -x "$x509_bin" ]; then
	"$py" "$here/x509.py" --ours "$x509_bin"
else
	echo "x509: $x509_bin is not built (make bench builds it)"
fi
