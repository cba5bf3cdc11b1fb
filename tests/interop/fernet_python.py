"""Fernet interoperability with Python's cryptography (the reference).

Run by tests/interop/fernet-python.test with $CRYPTOLAB set; prints TAP.
Tokens made by cryptolab are decrypted by cryptography.fernet and the other
way round, for empty, short, multi-block, binary and large messages, with
TTLs and fixed times (Fernet.encrypt_at_time / decrypt_at_time), key lists
and rotation (MultiFernet), password keys (PBKDF2HMAC) and keys from the
environment. The known answers are all Python's, computed in this run.
"""
import base64
import hashlib
import hmac
import os
import subprocess
import sys

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from interop import done, ok

CRYPTOLAB = os.environ["CRYPTOLAB"]
T0 = 1700000000


def lab(script, *args, env=None):
    """Run SCRIPT (statements, one a line) in cryptolab; (stdout, stderr, rc)."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([CRYPTOLAB, "--no-color", *args], input=script.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    return p.stdout.decode(), p.stderr.decode(), p.returncode


def lab_value(script, *args, env=None):
    """The last line cryptolab prints, or None (with the error shown) on failure."""
    out, err, rc = lab(script, *args, env=env)
    if rc != 0:
        print("#   cryptolab failed: " + err.strip()[:300])
        return None
    lines = out.splitlines()
    return lines[-1] if lines else ""


def message_expr(m):
    """A cryptolab expression for message M (bytes): text when it is UTF-8,
    hex"..." otherwise; long ones built by doubling (the command line and the
    lexer need not see megabytes)."""
    stmts = []
    unit = m
    doublings = 0
    while len(unit) > 4096 and len(unit) % 2 == 0 and unit[:len(unit) // 2] * 2 == unit:
        unit = unit[:len(unit) // 2]
        doublings += 1
    try:
        text = unit.decode("utf-8")
        literal = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if any(ord(ch) < 0x20 for ch in text):
            raise ValueError
    except (UnicodeDecodeError, ValueError):
        literal = 'hex"%s"' % unit.hex()
    stmts.append("m = " + literal)
    stmts += ["m = m + m"] * doublings
    return "\n".join(stmts) + "\n"


MESSAGES = [
    ("empty", b""),
    ("short", b"fluffy tail"),
    ("one block exactly", b"0123456789abcdef"),
    ("multi-block", b"The quick brown fox jumps over the lazy dog. " * 5),
    ("binary with NULs", bytes(range(256)) + b"\x00\x00\xff"),
    ("utf-8 text", "h\u00e9llo w\u00f6rld \u2603".encode()),
    ("large text (1 MiB)", b"0123456789abcdef" * 65536),
    ("large binary (4 MiB)", bytes(range(256)) * 16384),
]


def token_expr(token):
    """A cryptolab expression for a token, in pieces: a line may hold 1 MiB."""
    piece = 65536
    parts = [token[i:i + piece] for i in range(0, len(token), piece)] or [""]
    return "\n".join(['t = "%s"' % parts[0]] + ['t = t + "%s"' % p for p in parts[1:]]) + "\n"


def digest_line(m):
    return 'hex"%s"' % hashlib.sha256(m).hexdigest()


def main():
    key = Fernet.generate_key().decode()
    f = Fernet(key)

    # --- ours to Python ---
    for name, m in MESSAGES:
        script = 'k = "%s"\n%sfernet.encrypt(k, m)\n' % (key, message_expr(m))
        token = lab_value(script)
        try:
            got = f.decrypt(token, ttl=600) if token is not None else None
        except InvalidToken:
            got = None
        ok(got == m, "ours -> python: %s (%d bytes)" % (name, len(m)))

    # fixed times: Python's decrypt_at_time honours our timestamp and the TTL
    for name, m in MESSAGES[:5]:
        t = T0 + 12345
        script = 'k = "%s"\n%sfernet.encrypt_at(k, m, %d)\n' % (key, message_expr(m), t)
        token = lab_value(script)
        good = token is not None and f.extract_timestamp(token) == t \
            and f.decrypt_at_time(token, 100, t + 100) == m
        try:
            f.decrypt_at_time(token, 100, t + 101)
            expired = False
        except InvalidToken:
            expired = True
        try:
            f.decrypt_at_time(token, 100, t - 61)
            future = False
        except InvalidToken:
            future = True
        ok(good and expired and future,
           "ours -> python at a fixed time: %s (ttl and skew bounds)" % name)

    # a fixed IV: the same bytes as Python's own construction
    iv = bytes(range(16, 32))
    for name, m in MESSAGES[:6]:
        script = 'k = "%s"\n%sfernet.encrypt_at(k, m, %d, iv=hex"%s")\n' % (
            key, message_expr(m), T0, iv.hex())
        token = lab_value(script)
        want = f._encrypt_from_parts(m, T0, iv).decode()
        ok(token == want, "ours = python byte for byte with a fixed iv: %s" % name,
           "ours:   %s\npython: %s" % (token, want))

    # --- Python to ours ---
    for name, m in MESSAGES:
        token = f.encrypt(m).decode()
        script = 'k = "%s"\n%ssha256(fernet.decrypt(k, t, ttl=600))\n' % (key, token_expr(token))
        got = lab_value(script)
        ok(got == digest_line(m), "python -> ours: %s (%d bytes)" % (name, len(m)),
           "got %r" % got)

    for name, m in MESSAGES[:5]:
        t = T0 - 5000
        token = f.encrypt_at_time(m, t).decode()
        script = ('k = "%s"\nt = "%s"\nfernet.timestamp(k, t)\nsha256(fernet.decrypt_at(k, t, 30, %d))\n'
                  % (key, token, t + 30))
        out, err, rc = lab(script)
        ok(rc == 0 and out.splitlines() == [str(t), digest_line(m)],
           "python -> ours at a fixed time: %s" % name, out + err)
        out, err, rc = lab('fernet.decrypt_at("%s", "%s", 30, %d)\n' % (key, token, t + 31))
        ok(rc != 0 and err.strip().endswith("error: invalid token") and out == "",
           "python -> ours: %s expired one second past the ttl" % name, out + err)
        out, err, rc = lab('fernet.decrypt_at("%s", "%s", 30, %d)\n' % (key, token, t - 61))
        ok(rc != 0 and err.strip().endswith("error: invalid token"),
           "python -> ours: %s from 61 seconds in the future refused" % name, out + err)

    # text comes back as text, bytes as bytes
    token = f.encrypt(b"\x00\xffhi").decode()
    ok(lab_value('fernet.decrypt("%s", "%s")\n' % (key, token)) == 'hex"00ff6869"',
       "python -> ours: non-UTF-8 plaintext comes back as bytes")

    # --- keys ---
    ours = lab_value("fernet.keygen()\n")
    try:
        Fernet(ours).decrypt(Fernet(ours).encrypt(b"x"))
        good = len(ours) == 44
    except Exception:
        good = False
    ok(good, "our keygen() is a key Python accepts")

    # SECRET_KEY in the environment, as the classic Python client has it
    token = lab_value('fernet.encrypt(env("SECRET_KEY"), "fluffy tail")\n',
                      env={"SECRET_KEY": key + "\n"})
    try:
        good = f.decrypt(token) == b"fluffy tail"
    except Exception:
        good = False
    ok(good, 'env("SECRET_KEY") works as the key (a trailing newline dropped)')
    out, err, rc = lab("", "-c", 'fernet.encrypt(env("SECRET_KEY"), "fluffy tail")',
                       env={"SECRET_KEY": key})
    try:
        good = rc == 0 and f.decrypt(out.strip()) == b"fluffy tail"
    except Exception:
        good = False
    ok(good, "SECRET_KEY=... cryptolab -c 'fernet.encrypt(env(\"SECRET_KEY\"), ...)'")

    # --- password keys: PBKDF2-HMAC-SHA256 as in Python's documentation ---
    for pw, salt, it in [(b"correct horse battery staple", os.urandom(16), 1000),
                         (b"", b"salt", 1), ("p\u00e4ssword".encode(), os.urandom(16), 480000)]:
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=it)
        want = base64.urlsafe_b64encode(kdf.derive(pw)).decode()
        got = lab_value('fernet.key_from_password(hex"%s", salt=hex"%s", iterations=%d).key\n'
                        % (pw.hex(), salt.hex(), it))
        ok(got == want, "key_from_password = python's PBKDF2HMAC (%d iterations)" % it,
           "got %s want %s" % (got, want))

    # --- MultiFernet and rotation, both ways ---
    k1, k2 = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    t = T0 - 86400
    token = Fernet(k1).encrypt_at_time(b"old secret", t).decode()
    rotated = lab_value('fernet.rotate(fernet.multi(["%s", "%s"]), "%s")\n' % (k2, k1, token))
    try:
        good = Fernet(k2).decrypt(rotated) == b"old secret" \
            and Fernet(k2).extract_timestamp(rotated) == t and rotated != token
    except Exception:
        good = False
    ok(good, "our rotate: python decrypts with the new key, same timestamp")
    ours_tok = lab_value('fernet.encrypt_at("%s", "old secret", %d)\n' % (k1, t))
    rotated = MultiFernet([Fernet(k2), Fernet(k1)]).rotate(ours_tok).decode()
    out, err, rc = lab('k = "%s"\nt = "%s"\nfernet.decrypt(k, t)\nfernet.timestamp(k, t)\n'
                       % (k2, rotated))
    ok(rc == 0 and out.splitlines() == ["old secret", str(t)],
       "python's MultiFernet.rotate of our token: we decrypt it, same timestamp", out + err)
    token = MultiFernet([Fernet(k2), Fernet(k1)]).encrypt(b"multi").decode()
    ok(lab_value('fernet.decrypt(["%s", "%s"], "%s")\n' % (k1, k2, token)) == "multi",
       "python's MultiFernet token decrypts with our key list in another order")

    # --- the edges of the reference ---
    # extract_timestamp checks the HMAC only: a 41-byte token (version, time, HMAC)
    raw = bytes([0x80]) + (1234567).to_bytes(8, "big")
    sk = base64.urlsafe_b64decode(key)[:16]
    short = base64.urlsafe_b64encode(raw + hmac.new(sk, raw, "sha256").digest()).decode()
    ok(lab_value('fernet.timestamp("%s", "%s")\n' % (key, short)) == str(f.extract_timestamp(short)),
       "timestamp of an HMAC-only token agrees with python's extract_timestamp")
    out, err, rc = lab('fernet.decrypt("%s", "%s")\n' % (key, short))
    ok(rc != 0 and "invalid token" in err, "that token decrypts nowhere")

    # Python 48.0.0 accepts '+' and '/' and a non-canonical last character; the
    # strict decoder here refuses both (newer releases of cryptography too).
    token = f.encrypt(b"strict").decode()
    while "-" not in token[:-2] and "_" not in token[:-2]:
        token = f.encrypt(b"strict").decode()
    std = token.replace("-", "+").replace("_", "/")
    out, err, rc = lab('fernet.decrypt("%s", "%s")\n' % (key, std))
    ok(rc != 0 and "invalid token" in err and f.decrypt(std) == b"strict",
       "standard-alphabet token refused (python 48.0.0 accepts it)")
    # The last character before '=' with unused low bits set: same bytes.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    data = token.rstrip("=")
    pad = len(token) - len(data)
    spare = {1: 3, 2: 15}.get(pad, 0)
    if spare:
        v = alphabet.index(data[-1]) | 1
        odd = data[:-1] + alphabet[v] + "=" * pad
        out, err, rc = lab('fernet.decrypt("%s", "%s")\n' % (key, odd))
        try:
            py = "accepts" if f.decrypt(odd) == b"strict" else "garbles"
        except InvalidToken:
            py = "refuses"
        ok(rc != 0 and "invalid token" in err,
           "a non-canonical last character refused (python %s it)" % py)
    # Without padding Python 48.0.0 refuses; we refuse too.
    nopad = token.rstrip("=")
    out, err, rc = lab('fernet.decrypt("%s", "%s")\n' % (key, nopad))
    try:
        f.decrypt(nopad)
        py = "accepts"
    except InvalidToken:
        py = "refuses"
    ok(rc != 0 and "invalid token" in err,
       "a token without its padding refused (python %s it)" % py)

    return done()


if __name__ == "__main__":
    sys.exit(main())
