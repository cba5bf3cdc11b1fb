"""HTTPS speed: our server (https.serve, in a cryptolab) next to `openssl
s_server -www` serving the same certificate and key, measured in the same
run by the same client (Python's ssl over loopback):
  - requests per second, each a new connection with a full TLS handshake
    (GET /, the answer read to its end, as `openssl s_time -new` does), the
    best of three rounds taken in turns with openssl's (a busy machine slows
    one round, not one server);
  - the time of a full TLS handshake alone (connect to handshake done): the
    median of 100, in the best of three rounds.
One P-256 ECDSA certificate and one RSA-2048 certificate, both made here by
openssl. The goal of the issue: within 1.5x of openssl. (With RSA, GnuTLS's
signature, nettle's side-channel-silent RSA, costs more than OpenSSL's.)

Usage: python3 bench/net.py PATH-TO-cryptolab [--seconds S]
Prints figures and ratios; never passes or fails.
"""
import argparse
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_listening(port, proc, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def make_certs(d, openssl):
    def run(*args):
        subprocess.run([openssl] + list(args), check=True, cwd=d,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Bench CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost\n")
    for name, newkey in (("ec", ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]),
                         ("rsa", ["rsa:2048"])):
        run("req", "-newkey", *newkey, "-nodes", "-keyout", name + "-key.pem",
            "-out", name + ".csr", "-subj", "/CN=localhost")
        run("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
            "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", "ext.cnf")


def requests_per_second(port, ctx, seconds):
    n = 0
    start = time.perf_counter()
    while True:
        with socket.create_connection(("127.0.0.1", port)) as raw:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as curl and browsers do
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(b"GET / HTTP/1.0\r\n\r\n")
                got = 0
                while True:
                    b = s.recv(65536)
                    if not b:
                        break
                    got += len(b)
                if not got:
                    raise RuntimeError("an empty answer")
        n += 1
        t = time.perf_counter() - start
        if t >= seconds:
            return n / t


def handshake_ms(port, ctx, count):
    times = []
    for _ in range(count):
        raw = socket.create_connection(("127.0.0.1", port))
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        t0 = time.perf_counter()
        s = ctx.wrap_socket(raw, server_hostname="localhost")
        times.append((time.perf_counter() - t0) * 1000)
        s.close()
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cryptolab")
    ap.add_argument("--seconds", type=float, default=3.0)
    a = ap.parse_args()
    a.cryptolab = os.path.abspath(a.cryptolab)
    openssl = os.environ.get("OPENSSL") or shutil.which("openssl")
    if not openssl:
        print("https: openssl is needed for the comparison")
        return 0
    d = tempfile.mkdtemp()
    try:
        make_certs(d, openssl)
        ctx = ssl.create_default_context(cafile=os.path.join(d, "ca.pem"))
        print("https: a new connection and a full TLS handshake per request, same client (Python %s, %s)"
              % (sys.version.split()[0], ssl.OPENSSL_VERSION))
        for name, label in (("ec", "ECDSA P-256"), ("rsa", "RSA 2048")):
            cert, key = name + ".pem", name + "-key.pem"
            procs, ports = {}, {}
            try:
                for who in ("cryptolab", "openssl"):
                    port = ports[who] = free_port()
                    if who == "cryptolab":
                        cmd = [a.cryptolab, "-c", 's = https.serve("%s", "%s", port=%d); serve.wait(s, seconds=600)'
                               % (cert, key, port)]
                    else:
                        cmd = [openssl, "s_server", "-accept", str(port), "-cert", cert, "-key", key,
                               "-www", "-quiet"]
                    procs[who] = subprocess.Popen(cmd, cwd=d, stdin=subprocess.DEVNULL,
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    if not wait_listening(port, procs[who]):
                        print("  %s did not start" % who)
                        break
                else:
                    # the machine may be busy: both in turns, three rounds, the
                    # best round of each (and the median of every handshake)
                    rps = {"cryptolab": 0.0, "openssl": 0.0}
                    hs = {"cryptolab": [], "openssl": []}
                    for who in ports:
                        requests_per_second(ports[who], ctx, 0.3)  # warm up
                    for _ in range(3):
                        for who in ports:
                            rps[who] = max(rps[who], requests_per_second(ports[who], ctx, a.seconds / 3))
                            hs[who].append(handshake_ms(ports[who], ctx, 100))
                    with ctx.wrap_socket(socket.create_connection(("127.0.0.1", ports["cryptolab"])),
                                         server_hostname="localhost") as sock:
                        version = sock.version()
                    ours, theirs = rps["cryptolab"], rps["openssl"]
                    ohs, ths = min(hs["cryptolab"]), min(hs["openssl"])
                    print("  %s, %s:" % (label, version))
                    print("    requests/s     cryptolab https.serve %8.0f   openssl s_server -www %8.0f   "
                          "ours %.2fx theirs" % (ours, theirs, ours / theirs))
                    print("    handshake ms   cryptolab https.serve %8.2f   openssl s_server -www %8.2f   "
                          "ours takes %.2fx (goal: 1.5x at most)" % (ohs, ths, ohs / ths))
                    sys.stdout.flush()
            finally:
                for proc in procs.values():
                    proc.terminate()
                    proc.wait()
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return 0


sys.exit(main())
