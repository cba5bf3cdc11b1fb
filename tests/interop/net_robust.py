"""The wire under stress, driven from Python (tests/interop/net-robust.test).

Servers of one cryptolab, on free ports of 127.0.0.1 picked at run time:
  - malformed input (garbage bytes, a 10 MB header, a slow client, a TLS
    handshake that stops half way, many idle connections) gets an error or a
    closed connection, while other clients are served at once;
  - a bounded load: 2,000 requests from 16 concurrent keep-alive connections
    over http, and 200 over https, every answer checked, and the server's
    process holds as many descriptors after as before;
  - the server's log and counts agree with what was sent; a sanitizer build
    finds nothing (its report would be in the shell's output).
cryptolab as a client, against Python servers that send garbage, close in
the middle of a response, or never answer: a clear message, within its time
limit.
Prints TAP.
"""
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import http.client

from interop import done, free_port, ok

CRYPTOLAB = os.environ["CRYPTOLAB"]
OPENSSL = os.environ.get("OPENSSL") or "openssl"


def listening(port):
    want = ":%04X 00000000:0000 0A" % port
    with open("/proc/net/tcp") as f:
        return any(("0100007F" + want) in line for line in f)


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def nfds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def make_certs(d):
    def run(*args):
        subprocess.run([OPENSSL] + list(args), check=True, cwd=d,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "key.pem", "-out", "csr.pem", "-subj", "/CN=localhost")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("x509", "-req", "-in", "csr.pem", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
        "-CAcreateserial", "-out", "cert.pem", "-days", "10", "-extfile", "ext.cnf")


def recv_all(s, limit=1 << 20):
    """Read until the peer closes (or resets): the bytes, and how it ended."""
    data = b""
    try:
        while len(data) < limit:
            b = s.recv(65536)
            if not b:
                return data, "closed"
            data += b
    except (ConnectionResetError, BrokenPipeError):
        return data, "reset"
    except socket.timeout:
        return data, "timeout"
    return data, "limit"


def get(port, path="/", timeout=5):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def start(d):
    """The servers' cryptolab: http on P1, https on P2, and a control server on
    P3 whose first request ends the script (counts printed, servers stopped)."""
    for _ in range(5):
        p1, p2, p3 = free_port(), free_port(), free_port()
        script = ('s = http.serve(port=%d, timeout=2)\n'
                  't = https.serve("cert.pem", "key.pem", port=%d, timeout=2)\n'
                  'c = http.serve(port=%d)\n'
                  'serve.wait(c, requests=1, seconds=600)\n'
                  's.requests\nt.requests\nserve.stop()\n' % (p1, p2, p3))
        out = open(os.path.join(d, "server.out"), "w+")
        proc = subprocess.Popen([CRYPTOLAB, "-c", script], cwd=d, stdout=out, stderr=subprocess.STDOUT)
        for _ in range(100):
            if all(listening(p) for p in (p1, p2, p3)) or proc.poll() is not None:
                break
            time.sleep(0.1)
        if all(listening(p) for p in (p1, p2, p3)):
            return proc, out, p1, p2, p3
        proc.kill()
        proc.wait()
        out.seek(0)
        if "is busy" not in out.read():
            break
    return None, None, 0, 0, 0


def malformed(p1, p2, cafile):
    # garbage: 400 and the connection closed
    s = socket.create_connection(("127.0.0.1", p1), timeout=5)
    s.sendall(b"\x00\x01\x02\xffgarbage\r\n\r\n")
    data, how = recv_all(s)
    s.close()
    ok(data.startswith(b"HTTP/1.1 400 Bad Request") and how == "closed",
       "garbage bytes: 400 Bad Request, then the connection is closed", (data[:200], how))

    # a 10 MB header: 431 or a closed connection, and the server goes on
    s = socket.create_connection(("127.0.0.1", p1), timeout=10)
    result = {}

    def send_big():
        try:
            s.sendall(b"GET / HTTP/1.1\r\nX-Big: " + b"a" * (10 << 20) + b"\r\n\r\n")
            result["sent"] = True
        except OSError as e:
            result["sent"] = e
    th = threading.Thread(target=send_big)
    th.start()
    data, how = recv_all(s)
    th.join(15)
    s.close()
    ok((data.startswith(b"HTTP/1.1 431") or how in ("closed", "reset")) and not th.is_alive(),
       "a 10 MB header: 431 or a closed connection, not a server that waits", (data[:100], how))
    st, body = get(p1)
    ok(st == 200 and b"Hello from cryptolab" in body, "the server answers the next client at once")

    # a slow client: others are served while it dawdles; then 408 or closed
    slow = socket.create_connection(("127.0.0.1", p1), timeout=10)
    slow.sendall(b"GET / HTTP/1.1\r\n")
    t0 = time.monotonic()
    st, _ = get(p1)
    ok(st == 200 and time.monotonic() - t0 < 1.5, "a slow client does not hold the others up")
    for _ in range(3):
        time.sleep(0.3)
        try:
            slow.sendall(b"X")
        except OSError:
            break
    data, how = recv_all(slow)
    slow.close()
    ok((data.startswith(b"HTTP/1.1 408") and how == "closed") or how in ("closed", "reset"),
       "after the time limit the slow client gets 408 and the door", (data[:100], how))

    # a TLS handshake that stops half way: others are served, it is closed
    ctx = ssl.create_default_context(cafile=cafile)
    inc, outg = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, outg, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = outg.read()
    half = socket.create_connection(("127.0.0.1", p2), timeout=10)
    half.sendall(hello[:len(hello) // 2])
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", p2), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            data, _ = recv_all(tls)
    ok(data.startswith(b"HTTP/1.1 200 OK") and time.monotonic() - t0 < 1.5,
       "half a ClientHello does not hold up a full TLS client", data[:100])
    data, how = recv_all(half)
    half.close()
    ok(how in ("closed", "reset") and data == b"", "the half handshake is closed after the time limit",
       (data[:100], how))

    # many idle connections, and a request still gets through
    idle = [socket.create_connection(("127.0.0.1", p1), timeout=5) for _ in range(100)]
    st, _ = get(p1)
    ok(st == 200, "100 idle connections open, a request is still answered")
    for s in idle:
        s.close()


def load(port, nconn, per_conn, tls=None):
    """NCONN threads, each one keep-alive connection of PER_CONN requests
    (GET and POST by turns); every answer checked. The failures, listed."""
    errors = []
    lock = threading.Lock()

    def worker(k):
        try:
            if tls:
                c = http.client.HTTPSConnection("localhost", port, timeout=20, context=tls)
            else:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            for i in range(per_conn):
                if i % 2:
                    msg = ("worker %d request %d" % (k, i)).encode()
                    c.request("POST", "/", body=msg)
                    r = c.getresponse()
                    body = r.read()
                    want = b"you sent %d bytes: " % len(msg) + msg + b"\n"
                    if r.status != 200 or body != want:
                        raise ValueError("POST %d/%d: %d %r" % (k, i, r.status, body[:80]))
                else:
                    c.request("GET", "/")
                    r = c.getresponse()
                    body = r.read()
                    if r.status != 200 or b"Hello from cryptolab" not in body:
                        raise ValueError("GET %d/%d: %d" % (k, i, r.status))
                # the server closes after 100 requests on one connection
                if r.getheader("Connection", "").lower() == "close":
                    c.close()
            c.close()
        except Exception as e:  # noqa: BLE001 - every failure is reported
            with lock:
                errors.append("%s: %s" % (type(e).__name__, e))
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(nconn)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def client_side(d):
    """cryptolab's client against bad servers."""
    def serve_once(behaviour):
        ls = socket.socket()
        ls.bind(("127.0.0.1", 0))
        ls.listen(4)

        def run():
            try:
                c, _ = ls.accept()
                c.settimeout(10)
                behaviour(c)
            except OSError:
                pass
        th = threading.Thread(target=run, daemon=True)
        th.start()
        return ls, ls.getsockname()[1]

    def ask(stmt):
        t0 = time.monotonic()
        p = subprocess.run([CRYPTOLAB, "-c", stmt], cwd=d, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True, timeout=60)
        return p.returncode, p.stdout, time.monotonic() - t0

    def garbage(c):
        c.recv(4096)
        c.sendall(b"\x00\xffgarbage\r\n\r\n")
        c.close()

    def cut(c):
        c.recv(4096)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
        c.close()

    def silent(c):
        c.recv(4096)
        time.sleep(8)
        c.close()

    ls, port = serve_once(garbage)
    rc, out, _ = ask('http.get("http://127.0.0.1:%d/", seconds=5)' % port)
    ok(rc == 1 and "not an HTTP/1.x response: it starts with '\\x00\\xffgarbage" in out,
       "a server that sends garbage: the client says so, the bytes shown safely", out)
    ls.close()

    ls, port = serve_once(cut)
    rc, out, _ = ask('http.get("http://127.0.0.1:%d/", seconds=5)' % port)
    ok(rc == 1 and "the connection closed after 3 of the 100 bytes of the body" in out,
       "a server that closes mid-response: how much came", out)
    ls.close()

    ls, port = serve_once(silent)
    rc, out, secs = ask('http.get("http://127.0.0.1:%d/", seconds=2)' % port)
    ok(rc == 1 and "no answer within 2 seconds (give seconds= to wait longer)" in out and 1.9 < secs < 4,
       "a server that never answers: a clear message when the 2 seconds are up (%.1f s)" % secs, out)
    ls.close()

    ls, port = serve_once(silent)
    rc, out, secs = ask('https.get("https://localhost:%d/", seconds=2)' % port)
    ok(rc == 1 and "the TLS handshake with localhost:%d: no answer within 2 seconds" % port in out
       and 1.9 < secs < 4, "a TLS server that never answers the handshake: the same (%.1f s)" % secs, out)
    ls.close()

    ls, port = serve_once(garbage)
    rc, out, _ = ask('https.get("https://localhost:%d/", seconds=5)' % port)
    ok(rc == 1 and "does not speak TLS" in out, "a TLS server that answers garbage: it does not speak TLS", out)
    ls.close()

    rc, out, _ = ask('http.get("http://127.0.0.1:%d/")' % free_port())
    ok(rc == 1 and "connection refused" in out and "serve.list()" in out,
       "nothing listening: connection refused, and where to look", out)


def main():
    d = tempfile.mkdtemp()
    try:
        make_certs(d)
    except (OSError, subprocess.CalledProcessError):
        print("1..0 # SKIP openssl could not make the test certificates")
        return 0
    proc, out, p1, p2, p3 = start(d)
    if not ok(proc is not None, "the servers start on free ports"):
        return done()
    cafile = os.path.join(d, "ca.pem")
    kids = children(proc.pid)
    ok(len(kids) == 3, "three server processes, children of the shell")
    child_fds = {k: nfds(k) for k in kids}
    shell_fds = nfds(proc.pid)

    malformed(p1, p2, cafile)

    t0 = time.monotonic()
    errors = load(p1, 16, 125)
    secs = time.monotonic() - t0
    ok(not errors, "2000 requests from 16 concurrent connections, every answer right (%.1f s)" % secs,
       "\n".join(errors[:10]))
    tls = ssl.create_default_context(cafile=cafile)
    errors = load(p2, 16, 13, tls)
    ok(not errors, "208 requests over TLS from 16 concurrent connections, every answer right",
       "\n".join(errors[:10]))
    time.sleep(2.5)  # lingering closes and idle connections time out
    after = {k: nfds(k) for k in kids if os.path.exists("/proc/%d" % k)}
    ok(after == child_fds, "the servers' processes hold as many descriptors as before", (child_fds, after))
    ok(nfds(proc.pid) == shell_fds, "and so does the shell", (shell_fds, nfds(proc.pid)))

    client_side(d)

    st, _ = get(p3)
    ok(st == 200, "the control request ends the servers' script")
    proc.wait(60)
    out.seek(0)
    text = out.read()
    lines = text.splitlines()
    ok(proc.returncode == 0, "the script ends well", text[-2000:])
    ok("Sanitizer" not in text and "stopping:" not in text,
       "no sanitizer report and no unclean end of a server process", text[-3000:])
    counts = [x for x in lines if re.fullmatch(r"\d+", x)]
    # 2000 + the 10 MB header's 431 + garbage's 400 + 3 GETs + the slow
    # client's 408 (when it came before the close) over http
    ok(len(counts) == 2 and int(counts[0]) >= 2005 and int(counts[1]) == 208 + 1,
       "the counts: every answer counted (%s)" % ", ".join(counts))
    ok(sum(1 for x in lines if "→ 200 OK" in x) >= 2000 + 209,
       "one log line per request")
    ok(any("from 127.0.0.1: not an HTTP request" in x and "400 Bad Request" in x for x in lines),
       "the garbage is logged as such")
    ok(any("stopped half way" in x for x in lines), "so is the half handshake")
    ok(all(not os.path.exists("/proc/%d" % k) or open("/proc/%d/stat" % k).read().split()[2] == "Z"
           for k in kids), "no server process survives the script")
    return done()


sys.exit(main())
