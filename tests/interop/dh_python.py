"""Diffie-Hellman interoperability with Python (the reference computations).

Run by tests/interop/dh-python.test with $CRYPTOLAB set; prints TAP.
- Shared secrets: cryptolab makes key pairs and secrets in several groups
  (toy, a generated 64-bit one, a Schnorr group, ffdhe2048, modp2048) and
  Python recomputes every public value and secret with its own pow().
- dh.derive_key: against cryptography's HKDF (SHA-256, 32 bytes) over the
  secret padded to the length of p, with the default info and with a salt and
  another info, for random secrets.
- The exchange itself: cryptography's DH (DHParameterNumbers) with
  cryptolab's private exponent gives, through DHPrivateKey.exchange, the bytes
  cryptolab derives its key from; and a key pair made by cryptography agrees
  with one made by cryptolab.
"""
import base64
import os
import subprocess
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dh
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from interop import done, ok

CRYPTOLAB = os.environ["CRYPTOLAB"]


def lab(script):
    """The lines cryptolab prints for SCRIPT, or None on failure."""
    p = subprocess.run([CRYPTOLAB, "--no-color"], input=script.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        print("#   cryptolab failed: " + p.stderr.decode().strip()[:300])
        return None
    return p.stdout.decode().split()


def hkdf(secret, salt, info):
    return base64.urlsafe_b64encode(HKDF(hashes.SHA256(), 32, salt, info).derive(secret)).decode()


def padded(s, p):
    return s.to_bytes((p.bit_length() + 7) // 8, "big")


GROUPS = ['dh.group("toy")', 'dh.group(bits=64)', 'dh.group(bits=128, qbits=40)', 'dh.group("ffdhe2048")',
          'dh.group("modp2048")']


def test_pow():
    for g in GROUPS:
        script = ("G = %s\na = dh.keypair(G)\nb = dh.keypair(G)\n"
                  "[G.p, G.g, G.q, a.private, a.public, b.private, b.public, "
                  "dh.shared(G, a, b.public), dh.shared(G, b, a.public)]\n" % g)
        out = lab(script)
        if out is None:
            ok(False, "cryptolab runs in %s" % g)
            continue
        v = [int(x.strip("[],")) for x in out]
        p, gen, q, x, X, y, Y, s1, s2 = v
        ok(pow(gen, x, p) == X and pow(gen, y, p) == Y, "%s: both public values are pow(g, x, p)" % g)
        ok(pow(Y, x, p) == s1 and pow(X, y, p) == s2 and s1 == s2,
           "%s: both shared secrets are pow(peer, x, p), and equal" % g)
        ok(pow(gen, q, p) == 1 and 2 <= x < q and 2 <= y < q, "%s: g^q = 1 and 2 <= x < q" % g)


def test_hkdf():
    for i in range(4):
        script = ('G = dh.group("ffdhe2048")\na = dh.keypair(G)\nb = dh.keypair(G)\n'
                  's = dh.shared(G, a, b.public)\ns\nG.p\ndh.derive_key(s, G)\n'
                  'dh.derive_key(s, G, salt=hex"00112233445566778899", info="session %d")\n' % i)
        out = lab(script)
        if out is None:
            ok(False, "cryptolab derives keys")
            continue
        s, p, k1, k2 = int(out[0]), int(out[1]), out[2], out[3]
        ok(k1 == hkdf(padded(s, p), None, b"cryptolab fernet key"),
           "derive_key is HKDF-SHA256 of the secret padded to 256 bytes, info \"cryptolab fernet key\" (%d)" % i,
           "%s\n%s" % (k1, hkdf(padded(s, p), None, b"cryptolab fernet key")))
        ok(k2 == hkdf(padded(s, p), bytes.fromhex("00112233445566778899"), b"session %d" % i),
           "and with a salt and another info (%d)" % i)
    # a secret with a leading zero byte: the padding matters
    out = lab('G = dh.group("toy")\ndh.derive_key(2, G)\ndh.derive_key(2, G, info="")\n')
    ok(out is not None and out[0] == hkdf(b"\x02", None, b"cryptolab fernet key")
       and out[1] == hkdf(b"\x02", None, b""), "toy: the secret 2 as one byte; an empty info")
    small = 0x0102
    out = lab('G = dh.group("ffdhe2048")\ndh.derive_key(%d, G)\n' % small)
    ok(out is not None and out[0] == hkdf(padded(small, (1 << 2047)), None, b"cryptolab fernet key"),
       "a short secret is padded with zeros to the length of p, as TLS 1.3 does")


def test_exchange():
    params_p = None
    for i in range(3):
        out = lab('G = dh.group("ffdhe2048")\na = dh.keypair(G)\nb = dh.keypair(G)\n'
                  'G.p\na.private\na.public\nb.public\ndh.derive_key(dh.shared(G, a, b.public), G)\n')
        if out is None:
            ok(False, "cryptolab runs")
            return
        p, x, X, Y, key = int(out[0]), int(out[1]), int(out[2]), int(out[3]), out[4]
        params_p = p
        pn = dh.DHParameterNumbers(p, 2)
        priv = dh.DHPrivateNumbers(x, dh.DHPublicNumbers(X, pn)).private_key()
        peer = dh.DHPublicNumbers(Y, pn).public_key()
        shared = priv.exchange(peer)
        ok(len(shared) == 256, "cryptography's exchange gives 256 bytes (%d)" % i)
        ok(hkdf(shared, None, b"cryptolab fernet key") == key,
           "HKDF over cryptography's exchange() is cryptolab's dh.derive_key (%d)" % i)
    # a key pair made by Python, the other by cryptolab
    pn = dh.DHParameterNumbers(params_p, 2)
    pkey = pn.parameters().generate_private_key()
    Py = pkey.public_key().public_numbers().y
    out = lab('G = dh.group("ffdhe2048")\nb = dh.keypair(G)\nb.public\n'
              'dh.derive_key(dh.shared(G, b, %d), G)\n' % Py)
    if out is None:
        ok(False, "cryptolab takes Python's public value")
        return
    B, key = int(out[0]), out[1]
    shared = pkey.exchange(dh.DHPublicNumbers(B, pn).public_key())
    ok(hkdf(shared, None, b"cryptolab fernet key") == key, "Python's key pair and cryptolab's agree on the key")


test_pow()
test_hkdf()
test_exchange()
sys.exit(done())
