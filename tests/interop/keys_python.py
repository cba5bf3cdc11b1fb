"""Real keys both ways with Python's cryptography.

Run by tests/interop/keys-python.test with $CRYPTOLAB set, in a scratch
directory; prints TAP. Keys written by cryptolab (PKCS#8, encrypted PKCS#8,
SubjectPublicKeyInfo) are read by cryptography, which checks our RSA-PSS,
ECDSA and Ed25519 signatures and decrypts our RSA-OAEP; keys cryptography
writes (PKCS#8, PKCS#1 "traditional", DER, encrypted with its best available
scheme) are read by cryptolab, which checks cryptography's signatures and
decrypts its OAEP. Fingerprints are SHA-256 of the DER SubjectPublicKeyInfo,
computed by cryptography. Every key is made in this run.
"""
import hashlib
import os
import subprocess
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from interop import done, ok

CRYPTOLAB = os.environ["CRYPTOLAB"]
MSG = b"pay Carol 5 euros\n"


def lab(script):
    """The last line cryptolab prints for SCRIPT, or the error."""
    p = subprocess.run([CRYPTOLAB, "--no-color"], input=script.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        return "ERROR " + p.stderr.decode().strip()
    lines = p.stdout.decode().splitlines()
    return lines[-1] if lines else ""


def fingerprint(key):
    pub = key.public_key() if hasattr(key, "public_key") else key
    der = pub.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


write("msg.txt", MSG)

# ---- ours, read by cryptography ----
GEN = {"rsa": "rsa.keygen(2048)", "p256": 'ec.keygen("p256")', "ed25519": 'ec.keygen("ed25519")'}
for kind, gen in GEN.items():
    fpr = lab('k = %s\nsave("%s.pem", k)\nsave("%s-pub.pem", k.public)\n'
              'save("%s-enc.pem", k, password="hunter2")\nhex(k.fingerprint)' % (gen, kind, kind, kind))
    try:
        key = ser.load_pem_private_key(read(kind + ".pem"), password=None)
        ok(fingerprint(key) == fpr, kind + ": cryptography reads our PKCS#8, same fingerprint", fpr)
        enc = ser.load_pem_private_key(read(kind + "-enc.pem"), password=b"hunter2")
        ok(fingerprint(enc) == fpr, kind + ": and our encrypted PKCS#8 with the password")
        try:
            ser.load_pem_private_key(read(kind + "-enc.pem"), password=b"hunter3")
            ok(False, kind + ": a wrong password is refused")
        except (ValueError, TypeError):
            ok(True, kind + ": a wrong password is refused")
        pub = ser.load_pem_public_key(read(kind + "-pub.pem"))
        ok(fingerprint(pub) == fpr, kind + ": and our SubjectPublicKeyInfo")
    except Exception as e:  # noqa: BLE001 - any failure to read is the test failing
        ok(False, kind + ": cryptography reads our keys", repr(e))

# RFC 5915 wants a P-256 private key in exactly 32 bytes, and cryptography
# (since 46) refuses 31 or 33; GnuTLS writes d as an integer, so every other
# random d would fail here: sixteen keys, new and under a seed, must all load
script = "".join('save("many-%d.pem", ec.keygen("p256"))\n' % i for i in range(8))
lab(script + "nothing = 0")
p = subprocess.run([CRYPTOLAB, "--seed", "5"], input=script.replace("many-", "seeded-").encode(),
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
loaded = 0
for name in ["many-%d.pem" % i for i in range(8)] + ["seeded-%d.pem" % i for i in range(8)]:
    try:
        ser.load_pem_private_key(read(name), password=None)
        loaded += 1
    except (ValueError, OSError) as e:
        print("#   %s: %r" % (name, e))
ok(loaded == 16, "cryptography reads sixteen of our P-256 keys (their d in exactly 32 bytes)", loaded)

lab('k = load("rsa.pem")\nsave("rsa-pss.sig", rsa.pss_sign(k, load("msg.txt")))\n'
    'save("rsa-oaep.bin", rsa.oaep_encrypt(k.public, "for python only"))\n'
    'save("p256.sig", ec.sign(load("p256.pem"), load("msg.txt")))\n'
    'save("ed25519.sig", ec.sign(load("ed25519.pem"), load("msg.txt")))\nnothing = 0')


def verifies(fn):
    try:
        fn()
        return True
    except InvalidSignature:
        return False


rkey = ser.load_pem_private_key(read("rsa.pem"), password=None)
rpub = rkey.public_key()
pss32 = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
ok(verifies(lambda: rpub.verify(read("rsa-pss.sig"), MSG, pss32, hashes.SHA256())),
   "cryptography verifies our RSA-PSS signature (salt 32)")
ok(verifies(lambda: rpub.verify(read("rsa-pss.sig"), MSG,
                                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO),
                                hashes.SHA256())),
   "and with PSS.AUTO")
ok(not verifies(lambda: rpub.verify(read("rsa-pss.sig"), MSG + b"!", pss32, hashes.SHA256())),
   "but not for another message")
oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
try:
    ok(rkey.decrypt(read("rsa-oaep.bin"), oaep) == b"for python only", "cryptography decrypts our RSA-OAEP")
except ValueError as e:
    ok(False, "cryptography decrypts our RSA-OAEP", repr(e))
pkey = ser.load_pem_private_key(read("p256.pem"), password=None)
ok(verifies(lambda: pkey.public_key().verify(read("p256.sig"), MSG, ec.ECDSA(hashes.SHA256()))),
   "cryptography verifies our ECDSA P-256 signature")
ekey = ser.load_pem_private_key(read("ed25519.pem"), password=None)
ok(verifies(lambda: ekey.public_key().verify(read("ed25519.sig"), MSG)),
   "cryptography verifies our Ed25519 signature")
ok(ekey.sign(MSG) == read("ed25519.sig"), "and makes the same one (Ed25519 is deterministic)")

# ---- cryptography's, read here ----
keys = {
    "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "p256": ec.generate_private_key(ec.SECP256R1()),
    "ed25519": ed25519.Ed25519PrivateKey.generate(),
}
for kind, key in keys.items():
    fpr = fingerprint(key)
    forms = [("PKCS#8 PEM", ser.Encoding.PEM, ser.PrivateFormat.PKCS8),
             ("PKCS#8 DER", ser.Encoding.DER, ser.PrivateFormat.PKCS8)]
    if kind != "ed25519":
        forms.append(("traditional PEM", ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL))
        forms.append(("traditional DER", ser.Encoding.DER, ser.PrivateFormat.TraditionalOpenSSL))
    for name, enc, fmt in forms:
        path = "py-%s-%s" % (kind, name.replace(" ", "-").replace("#", ""))
        write(path, key.private_bytes(enc, fmt, ser.NoEncryption()))
        ok(lab('hex(load("%s", as="key").fingerprint)' % path) == fpr, "%s: we read cryptography's %s" % (kind, name))
    write("py-%s-enc.pem" % kind, key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8,
                                                    ser.BestAvailableEncryption(b"hunter2")))
    ok(lab('hex(load("py-%s-enc.pem", password="hunter2").fingerprint)' % kind) == fpr,
       "%s: we read cryptography's encrypted PKCS#8 (BestAvailableEncryption)" % kind)
    for name, enc in [("PEM", ser.Encoding.PEM), ("DER", ser.Encoding.DER)]:
        path = "py-%s-pub.%s" % (kind, name.lower())
        write(path, key.public_key().public_bytes(enc, ser.PublicFormat.SubjectPublicKeyInfo))
        ok(lab('k = load("%s")\nk.private\nhex(k.fingerprint)' % path) == fpr,
           "%s: we read cryptography's public key as %s" % (kind, name))

rk = keys["rsa"]
write("py-pss-max.sig", rk.sign(MSG, padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                                 salt_length=padding.PSS.MAX_LENGTH), hashes.SHA256()))
write("py-pss-digest.sig", rk.sign(MSG, padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                                    salt_length=padding.PSS.DIGEST_LENGTH), hashes.SHA256()))
write("py-oaep.bin", rk.public_key().encrypt(b"from python", oaep))
write("py-p256.sig", keys["p256"].sign(MSG, ec.ECDSA(hashes.SHA256())))
write("py-ed25519.sig", keys["ed25519"].sign(MSG))
pub = 'load("py-rsa-pub.pem")'
ok(lab('rsa.pss_verify(%s, load("msg.txt"), load("py-pss-max.sig"))' % pub) == "true",
   "we verify cryptography's PSS signature (PSS.MAX_LENGTH)")
ok(lab('rsa.pss_verify(%s, load("msg.txt"), load("py-pss-digest.sig"))' % pub) == "true",
   "and with PSS.DIGEST_LENGTH")
ok(lab('rsa.pss_verify(%s, "another message", load("py-pss-digest.sig"))' % pub) == "false",
   "but not for another message")
ok(lab('rsa.oaep_decrypt(load("py-rsa-PKCS8-PEM"), load("py-oaep.bin"))') == "from python",
   "we decrypt cryptography's RSA-OAEP")
ok(lab('ec.verify(load("py-p256-pub.pem"), load("msg.txt"), load("py-p256.sig"))') == "true",
   "we verify cryptography's ECDSA signature")
ok(lab('ec.verify(load("py-ed25519-pub.der"), load("msg.txt"), load("py-ed25519.sig"))') == "true",
   "we verify cryptography's Ed25519 signature")

sys.exit(done())
