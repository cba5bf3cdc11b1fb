"""Two shells, one secret, against a peer written in Python (a scripted peer).

Run by tests/interop/dhnet-python.test with $CRYPTOLAB set; prints TAP.
Python speaks the line protocol of libcore/dhnet.h from its description, with
its own pow(), cryptography's HKDF (SHA-256, 32 bytes, no salt, info
"cryptolab fernet key", over the secret padded to the length of p), Fernet,
and Ed25519 / ECDSA P-256 signatures; so the fingerprints, the chat and the
signatures are checked against independent code, both ways round. Then the
peer misbehaves: garbage, an early close, silence, another group, a bad
public value, another version, a line too long, a bad token, a forged
signature; each gives a clear message, and the peer hears an ERROR line.
Ports: 127.0.0.1 only, picked free at run time.
"""
import base64
import hashlib
import os
import socket
import subprocess
import sys
import threading
import time

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from interop import done, free_port, ok

CRYPTOLAB = os.environ["CRYPTOLAB"]


def run_lab(script, timeout=60):
    p = subprocess.run([CRYPTOLAB, "--no-color", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout)
    return p.stdout.decode(errors="replace")


def lab_bg(script):
    return subprocess.Popen([CRYPTOLAB, "--no-color", "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


# ffdhe2048's p, as cryptolab names it (its numbers are checked against the
# RFC, GnuTLS and openssl in tests/interop/dh-openssl.test)
FFDHE2048 = int(run_lab('dh.group("ffdhe2048").p').split()[0])


def listener():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    s.settimeout(30)
    return s, s.getsockname()[1]


def connect_to(port):
    """A connection to the cryptolab listening on PORT, as soon as it
    listens (within 10 seconds); None when it never does."""
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.1)
    return None


class Peer:
    def __init__(self, sock):
        self.sock = sock
        self.sock.settimeout(30)
        self.buf = b""

    def send(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


def key_of(secret, p):
    raw = HKDF(hashes.SHA256(), 32, None, b"cryptolab fernet key").derive(
        secret.to_bytes((p.bit_length() + 7) // 8, "big"))
    fp = hashlib.sha256(raw).hexdigest()[:16]
    return Fernet(base64.urlsafe_b64encode(raw)), " ".join(fp[i:i + 4] for i in range(0, 16, 4))


def signed_text(role, p, g, a, b):
    return ("cryptolab-dh 1 signed by the %s\ngroup p=%d g=%d\nlistener %d\nconnector %d\n"
            % (role, p, g, a, b)).encode()


def spki_hex(pub):
    return pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex()


def pub_pem(pub):
    return pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def serve_once(script, peer_fn):
    """Python listens; cryptolab runs SCRIPT with PORT; PEER_FN(Peer) plays."""
    s, port = listener()
    proc = lab_bg(script.replace("PORT", str(port)))
    result = {}
    try:
        conn, _ = s.accept()
        try:
            result["peer"] = peer_fn(Peer(conn))
        except Exception as e:  # the test says what went wrong
            result["peer"] = "python peer: %r" % e
        finally:
            conn.close()
    finally:
        s.close()
    out = proc.communicate(timeout=60)[0].decode(errors="replace")
    return out, result.get("peer")


def python_listener(p, g, group_line, sign=None, sign_wrong=False, chat=True):
    """The listener's side, by the protocol's description."""
    def play(peer):
        a = int.from_bytes(os.urandom(32), "big") % (p - 3) + 2
        A = pow(g, a, p)
        peer.send("CRYPTOLAB-DH 1 name=python")
        peer.send(group_line)
        peer.send("PUBLIC %d" % A)
        hello = peer.line()
        B = int(peer.line().split()[1])
        line = peer.line()
        got = {"hello": hello}
        if line.startswith("SIGNATURE"):
            got["signature"] = line
            line = peer.line()
        assert line == "READY", line
        if sign is not None:
            text = signed_text("listener", p, g, A, B + (1 if sign_wrong else 0))
            if isinstance(sign, ed25519.Ed25519PrivateKey):
                sig, kind = sign.sign(text), "ed25519"
            else:
                sig, kind = sign.sign(text, ec.ECDSA(hashes.SHA256())), "ecdsa-p256-sha256"
            peer.send("SIGNATURE %s %s %s" % (kind, sig.hex(), spki_hex(sign.public_key())))
        peer.send("READY")
        f, fp = key_of(pow(B, a, p), p)
        got["fingerprint"] = fp
        got["A"], got["B"] = A, B
        if chat:
            try:
                msg = peer.line()
            except EOFError:
                got["after"] = "closed"
                return got
            if msg.startswith("ERROR"):
                got["after"] = msg
                return got
            got["received"] = f.decrypt(msg.split(" ", 1)[1].encode()).decode()
            peer.send("MSG " + f.encrypt(b"from python").decode())
            try:
                got["after"] = peer.line()
            except EOFError:
                got["after"] = "closed"
        return got
    return play


def test_python_listens():
    out, got = serve_once('c = dh.connect("127.0.0.1", PORT, name="lab"); c.fingerprint; chat.send("from lab"); '
                          'chat.read(); c.name',
                          python_listener(FFDHE2048, 2, "GROUP ffdhe2048"))
    ok(isinstance(got, dict) and got.get("fingerprint") in out,
       "Python listens (ffdhe2048): cryptolab derives the key Python's HKDF derives", (out, got))
    ok(isinstance(got, dict) and got.get("received") == "from lab",
       "Python's Fernet opens what chat.send sent", got)
    ok("from python" in out, "chat.read opens what Python's Fernet made", out)
    ok(isinstance(got, dict) and got.get("hello") == "CRYPTOLAB-DH 1 name=lab" and "\npython\n" in out,
       "names cross in the greetings", (out, got))
    ok(isinstance(got, dict) and got.get("after") in ("BYE", "closed"), "the chat ends with BYE at exit", got)


def test_python_connects():
    port = free_port()
    proc = lab_bg('G = dh.group(bits=64); c = dh.listen(%d, group=G, seconds=20); c.fingerprint; chat.read(); '
                  'chat.send("pong")' % port)
    conn = connect_to(port)
    got = {}
    try:
        peer = Peer(conn)
        hello = peer.line()
        group = peer.line().split()
        p = int([w for w in group if w.startswith("p=")][0][2:])
        g = int([w for w in group if w.startswith("g=")][0][2:])
        A = int(peer.line().split()[1])
        b = int.from_bytes(os.urandom(16), "big") % (p - 3) + 2
        B = pow(g, b, p)
        key = ec.generate_private_key(ec.SECP256R1())
        peer.send("CRYPTOLAB-DH 1")
        peer.send("PUBLIC %d" % B)
        sig = key.sign(signed_text("connector", p, g, A, B), ec.ECDSA(hashes.SHA256()))
        peer.send("SIGNATURE ecdsa-p256-sha256 %s %s" % (sig.hex(), spki_hex(key.public_key())))
        peer.send("READY")
        end = peer.line()
        f, fp = key_of(pow(A, b, p), p)
        peer.send("MSG " + f.encrypt(b"ping").decode())
        got = {"hello": hello, "group": group, "end": end, "fp": fp,
               "reply": f.decrypt(peer.line().split(" ", 1)[1].encode()).decode()}
    except Exception as e:
        got = {"error": repr(e)}
    finally:
        if conn:
            conn.close()
    out = proc.communicate(timeout=60)[0].decode(errors="replace")
    ok(got.get("group", [""])[0:2] == ["GROUP", "safe-64"] and got.get("end") == "READY",
       "a group of one's own travels as its p and g", got)
    ok(got.get("fp", "?") in out, "Python connects: both fingerprints agree", (out, got))
    ok(got.get("reply") == "pong" and "ping" in out, "the chat goes both ways", (out, got))
    ok("signature    by an ECDSA P-256 key" in out and ", good, but nobody said to trust it" in out,
       "a signature nobody was told to trust is shown, not checked", out)


def test_signatures():
    skey = ed25519.Ed25519PrivateKey.generate()
    pem = pub_pem(skey.public_key())
    out, got = serve_once('c = dh.connect("127.0.0.1", PORT, trust="%s"); c.signed' % pem.replace("\n", "\\n"),
                          python_listener(FFDHE2048, 2, "GROUP ffdhe2048", sign=skey, chat=False))
    ok("checks: by the key you trust" in out and "\ntrue\n" in out,
       "an Ed25519 signature made by Python over the exchange checks with trust=", out)
    out, got = serve_once('dh.connect("127.0.0.1", PORT, trust="%s")' % pem.replace("\n", "\\n"),
                          python_listener(FFDHE2048, 2, "GROUP ffdhe2048", sign=skey, sign_wrong=True))
    ok("is by the key you trust, but not over the public values of this exchange" in out
       and "man in the middle" in out, "a signature over other values is refused", out)
    ok(isinstance(got, dict) and got.get("after", "").startswith("ERROR ") and "man in the middle" in got["after"],
       "and the peer hears why", got)
    other = ed25519.Ed25519PrivateKey.generate()
    out, got = serve_once('dh.connect("127.0.0.1", PORT, trust="%s")' % pem.replace("\n", "\\n"),
                          python_listener(FFDHE2048, 2, "GROUP ffdhe2048", sign=other))
    ok("signed with another key than the one you trust" in out, "a signature by another key is refused", out)
    out, got = serve_once('dh.connect("127.0.0.1", PORT, trust="%s")' % pem.replace("\n", "\\n"),
                          python_listener(FFDHE2048, 2, "GROUP ffdhe2048"))
    ok("sent no signature, and you asked for one (trust=)" in out, "no signature when one is asked for", out)

    # cryptolab signs: Python checks the signatures with cryptography
    for kind, make in (("ed25519", 'ec.keygen("ed25519")'), ("ecdsa-p256-sha256", "ec.keygen()")):
        out, got = serve_once('dh.connect("127.0.0.1", PORT, sign=%s)' % make,
                              python_listener(FFDHE2048, 2, "GROUP ffdhe2048", chat=False))
        good = False
        try:
            words = got["signature"].split()
            pub = serialization.load_der_public_key(bytes.fromhex(words[3]))
            text = signed_text("connector", FFDHE2048, 2, got["A"], got["B"])
            if kind == "ed25519":
                pub.verify(bytes.fromhex(words[2]), text)
            else:
                pub.verify(bytes.fromhex(words[2]), text, ec.ECDSA(hashes.SHA256()))
            good = words[1] == kind
        except Exception as e:
            good = False
            got = (got, repr(e))
        ok(good, "cryptolab's %s signature over the exchange checks with Python's cryptography" % kind,
           (out, got))


def refusal(name, lines, script, want, peer_hears=None, close=False, read_first=False, silent=False):
    def play(peer):
        if read_first:
            peer.line()
        for l in lines:
            peer.sock.sendall(l if isinstance(l, bytes) else l.encode() + b"\n")
        if close:
            return "closed"
        if silent:
            time.sleep(3)
            return "silent"
        rest = []
        try:
            while True:
                rest.append(peer.line())
        except Exception:
            pass
        return rest
    out, got = serve_once(script, play)
    ok(want in out, name, out)
    if peer_hears:
        ok(isinstance(got, list) and any(l.startswith("ERROR ") and peer_hears in l for l in got),
           name + ": the peer hears an ERROR line", got)


def test_bad_peers():
    c = 'dh.connect("127.0.0.1", PORT)'
    refusal("garbage: said what came instead", ["HTTP/1.1 200 OK", ""], c,
            "does not speak the exchange: it sent 'HTTP/1.1 200 OK'")
    refusal("a peer that closes at once", [], c, "closed the connection", close=True)
    refusal("a peer that says nothing: a time limit", [], 'dh.connect("127.0.0.1", PORT, seconds=1)',
            "sent no line within 1 second", silent=True)
    refusal("another version", ["CRYPTOLAB-DH 2"], c, "speaks version 2 of the exchange, this shell version 1")
    refusal("a mismatched group names both",
            ["CRYPTOLAB-DH 1", "GROUP modp2048", "PUBLIC 4"], 'dh.connect("127.0.0.1", PORT, group="ffdhe2048")',
            "uses the group modp2048 (2048 bits), and you asked for ffdhe2048 (2048 bits): both sides must use "
            "the same group", peer_hears="you asked for ffdhe2048")
    refusal("a public value of 1 is refused, naming the attack",
            ["CRYPTOLAB-DH 1", "GROUP ffdhe2048", "PUBLIC 1"], c,
            ": the public value '1' is refused: 1 to any power is 1, so the shared secret would be 1 whatever "
            "your private exponent (a forced secret)", peer_hears="(a forced secret)")
    refusal("p - 1 is refused, naming the attack",
            ["CRYPTOLAB-DH 1", "GROUP ffdhe2048", "PUBLIC %d" % (FFDHE2048 - 1)], c,
            ": the public value p - 1 is refused: it has order 2, so the shared secret would be 1 or p - 1 "
            "(small-subgroup confinement)", peer_hears="small-subgroup")
    refusal("a public value out of range",
            ["CRYPTOLAB-DH 1", "GROUP ffdhe2048", "PUBLIC %d" % (FFDHE2048 + 5)], c,
            "is out of range: it must be from 2 to p - 2", peer_hears="out of range")
    refusal("a number that is not decimal",
            ["CRYPTOLAB-DH 1", "GROUP ffdhe2048", "PUBLIC 0x10"], c, "sent a public value that is not a decimal number")
    refusal("a line too long", [b"CRYPTOLAB-DH 1 " + b"x" * 20000 + b"\n"], c, "sent a line longer than 16384 bytes")
    refusal("an unknown group without its numbers", ["CRYPTOLAB-DH 1", "GROUP mine"], c,
            "uses a group 'mine' that this shell does not know, and did not send its p and g")
    refusal("a group that is no group", ["CRYPTOLAB-DH 1", "GROUP custom p=91 g=2"], c,
            "sent does not do: p = '91' is not prime (it is 7 * 13)", peer_hears="not prime")
    refusal("a peer that closes half way", ["CRYPTOLAB-DH 1", "GROUP ffdhe2048"], c, "closed the connection",
            close=True)
    refusal("an ERROR line is quoted", ["CRYPTOLAB-DH 1", "ERROR not today"], c, "refused: not today")
    refusal("control characters are not sent to the terminal", [b"\x1b]0;owned\x07\n"], c, "\\x1b]0;owned\\x07")

    # the chat: a token the key does not open, then the peer leaves
    def bad_token(peer):
        play = python_listener(FFDHE2048, 2, "GROUP ffdhe2048", chat=False)
        play(peer)
        peer.send("MSG " + Fernet(Fernet.generate_key()).encrypt(b"other key").decode())
        return "sent"
    out, got = serve_once('c = dh.connect("127.0.0.1", PORT); chat.read()', bad_token)
    ok("does not open with the key of this exchange (invalid token)" in out, "a token made with another key", out)
    out, got = serve_once('c = dh.connect("127.0.0.1", PORT); chat.read()',
                          python_listener(FFDHE2048, 2, "GROUP ffdhe2048", chat=False))
    ok("left the chat" in out, "the peer leaves: chat.read says so", out)


def test_listener_refuses():
    port = free_port()
    proc = lab_bg('dh.listen(%d, seconds=20)' % port)
    got = []
    conn = connect_to(port)
    peer = Peer(conn)
    try:
        for _ in range(3):
            peer.line()
        peer.send("GET / HTTP/1.1")
        while True:
            got.append(peer.line())
    except Exception:
        pass
    conn.close()
    out = proc.communicate(timeout=60)[0].decode(errors="replace")
    ok("does not speak the exchange: it sent 'GET / HTTP/1.1'" in out, "a listener refuses a connector's garbage", out)
    ok(any(l.startswith("ERROR ") for l in got), "and tells it", got)
    out = run_lab('dh.listen(%d, seconds=1)' % free_port())
    ok("nobody connected to port" in out and "within 1 second" in out, "nobody comes: a time limit", out)


test_python_listens()
test_python_connects()
test_signatures()
test_bad_peers()
test_listener_refuses()
sys.exit(done())
