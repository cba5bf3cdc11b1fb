# Shell helpers for the wire's interop tests: sourced after tests/lib.sh.
# Servers listen on 127.0.0.1 only, on ports picked free at run time, so that
# parallel `make check` runs do not collide.
py=${PYTHON3:-python3}
OPENSSL=${OPENSSL:-openssl} CURL=${CURL:-curl} TSHARK=${TSHARK:-tshark}
CHROMIUM=${CHROMIUM:-chromium} CERTUTIL=${CERTUTIL:-certutil}

# need TOOL...: skip the whole test, visibly, when one is missing
need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || { echo "1..0 # SKIP $t is not installed"; exit 0; }
	done
}

# free_port: a port nothing listens on now (the system's pick)
free_port() {
	"$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# listening PORT: is something listening on 127.0.0.1:PORT? (read from
# /proc/net/tcp, so that asking does not make a connection the server logs)
listening() {
	hex=$(printf '%04X' "$1")
	grep -q "^ *[0-9]*: 0100007F:$hex 00000000:0000 0A" /proc/net/tcp
}

# start_server OUT SCRIPT: run SCRIPT in a cryptolab in the background, its
# output in OUT, with PORT in SCRIPT replaced by a free port; retried on a
# busy port. Sets $port and $server_pid; fails when it does not listen.
start_server() {
	out=$1 script=$2 tries=0
	while [ $tries -lt 5 ]; do
		port=$(free_port)
		"$CRYPTOLAB" -c "$(printf '%s' "$script" | sed "s/PORT/$port/g")" >"$out" 2>&1 &
		server_pid=$!
		i=0
		while [ $i -lt 100 ]; do
			listening "$port" && return 0
			kill -0 "$server_pid" 2>/dev/null || break
			sleep 0.1; i=$((i + 1))
		done
		wait "$server_pid" 2>/dev/null
		grep -q "is busy" "$out" || { cat "$out" | sed 's/^/#   /'; return 1; }
		tries=$((tries + 1))
	done
	return 1
}

# stop_server: wait for the server's script to end (its serve.wait), at most
# 30 seconds, then kill it
stop_server() {
	i=0
	while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
}

# make_certs DIR [DAYS]: with openssl, a CA (ca.pem, ca-key.pem) and a server
# certificate for localhost and 127.0.0.1 signed by it (cert.pem, key.pem);
# self.pem/self-key.pem self-signed; other.pem for www.example.com only
make_certs() {
	d=$1 days=${2:-30}
	"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ca-key.pem" \
		-out "$d/ca.pem" -days 30 -subj "/CN=Student CA" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=keyCertSign,cRLSign" 2>/dev/null &&
	"$OPENSSL" req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/key.pem" \
		-out "$d/csr.pem" -subj "/CN=localhost" 2>/dev/null &&
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		>"$d/ext.cnf" &&
	"$OPENSSL" x509 -req -in "$d/csr.pem" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial \
		-out "$d/cert.pem" -days "$days" -extfile "$d/ext.cnf" 2>/dev/null &&
	"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/self-key.pem" \
		-out "$d/self.pem" -days 30 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" 2>/dev/null &&
	"$OPENSSL" req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/other-key.pem" \
		-out "$d/other.csr" -subj "/CN=www.example.com" 2>/dev/null &&
	printf 'subjectAltName=DNS:www.example.com,DNS:example.com\n' >"$d/other.cnf" &&
	"$OPENSSL" x509 -req -in "$d/other.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial \
		-out "$d/other.pem" -days 30 -extfile "$d/other.cnf" 2>/dev/null
}
