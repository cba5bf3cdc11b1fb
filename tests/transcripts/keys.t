# Real keys in the shell: rsa.keygen, OAEP and PSS, ec.keygen/sign/verify,
# the key object's summary and fields, PEM text where a key is wanted,
# explain=true, save and load, and the refusals.
# Known answers: the seeded keys are cryptolab's own (the interop tests check
# that OpenSSL and Python read them and agree on the fingerprints); the files
# under tests/vectors/pkey/ were made by OpenSSL and Python (see its README),
# including rsa2048.fingerprint, openssl's SHA-256 of the DER public key.
# Files written here are named keys-t-* in the build directory.
#! seed 1
#! now 1700000000

> k = rsa.keygen(2048)
> k
RSA private key, 2048 bits, e = 65537
SHA-256 fingerprint 188772d7dab3940982475ae6deb9c9dffa3e784f76d27d91b827c6e581e09f96
> k.kind
rsa
> k.bits
2048
> k.private
true
> k.e
65537
> bits(k.n)
2048
> k.p * k.q == k.n
true
> k.p > k.q
true
> (k.e * k.d) mod ((k.p - 1) * (k.q - 1) / gcd(k.p - 1, k.q - 1))
1
> pub = k.public
> pub
RSA public key, 2048 bits, e = 65537
SHA-256 fingerprint 188772d7dab3940982475ae6deb9c9dffa3e784f76d27d91b827c6e581e09f96
> pub.private
false
> pub.fingerprint == k.fingerprint
true
> k.public == pub
true
> pub.d
!     ^
! error: this is a public key: its private numbers are not in it
> k.point
!   ^
! error: an RSA key has no field 'point' (EC keys have it; RSA keys have n, e, d, p and q)
> rsa.keygen(1024)
! ^
! error: 1024 bits is too small for a real RSA key: 2048 is the least used today (1024-bit keys are within reach of a well-funded attacker, and 829 bits were factored in public in 2020); for small keys to work by hand use rsa.toy
> rsa.keygen(2560)
! ^
! error: RSA keys are made here with 2048, 3072 or 4096 bits, not 2560
> rsa.keygen(-5)
! ^
! error: rsa.keygen: RSA keys are made here with 2048, 3072 or 4096 bits, not '-5'
> rsa.keygen(2048, explain=true).bits
the same with openssl:
  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem
2048
> ct = rsa.oaep_encrypt(pub, "attack at dawn")
> len(ct)
256
> rsa.oaep_decrypt(k, ct)
attack at dawn
> rsa.oaep_encrypt(pub, "attack at dawn") == ct
false
> rsa.oaep_decrypt(k, hex"00" + ct)
! ^
! error: a ciphertext under this 2048-bit key has exactly 256 bytes, not 257
> bad = bytes(int(ct) + 1, size=256)
> rsa.oaep_decrypt(k, bad)
! ^
! error: decryption failed: the ciphertext was changed, or made for another key
> rsa.oaep_decrypt(pub, ct)
! ^
! error: rsa.oaep_decrypt: 'key' is a public key, and this needs the private key (the one from keygen or load, not its .public)
> rsa.oaep_encrypt(pub, "")
! ^
! error: the message is empty: there is nothing to encrypt
> rsa.oaep_encrypt(pub, bytes(0, size=191))
! ^
! error: 191 bytes is too long for RSA-OAEP under a 2048-bit key: at most 190 (RSA carries a short secret such as a key, and that key encrypts the message, e.g. with Fernet)
> len(rsa.oaep_encrypt(pub, bytes(0, size=190)))
256
> rsa.oaep_decrypt(k, rsa.oaep_encrypt(k, hex"00ff10"))
hex"00ff10"
> sig = rsa.pss_sign(k, "I owe Bob 10 euros")
> len(sig)
256
> rsa.pss_verify(pub, "I owe Bob 10 euros", sig)
true
> rsa.pss_verify(pub, "I owe Bob 99 euros", sig)
false
> rsa.pss_verify(pub, "I owe Bob 10 euros", sig + hex"00")
false
> rsa.pss_verify(pub, "I owe Bob 10 euros", hex"")
false
> rsa.pss_sign(pub, "x")
! ^
! error: rsa.pss_sign: 'key' is a public key, and this needs the private key (the one from keygen or load, not its .public)
> rsa.pss_sign(k, "x", explain=true) == rsa.pss_sign(k, "x")
the same with openssl:
  $ openssl dgst -sha256 -sign key.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -out sig.bin msg.txt
false
> e = ec.keygen("p256")
> e
ECDSA P-256 private key, 256 bits
SHA-256 fingerprint a4b23be436a48120ce7250d3730a0f17dfeeb5409a8f40556a80818be8f8ed17
> e.kind
p256
> len(e.point)
65
> e.d > 0
true
> e.n
!   ^
! error: an ECDSA P-256 key has no field 'n' (RSA keys have n, e, d, p and q; EC keys have point and d)
> esig = ec.sign(e, "hello")
> ec.verify(e.public, "hello", esig)
true
> ec.verify(e.public, "hellO", esig)
false
> ec.sign(e, "hello") == esig
true
> ed = ec.keygen("ed25519", explain=true)
the same with openssl:
  $ openssl genpkey -algorithm ED25519 -out key.pem
> ed.public
Ed25519 public key, 256 bits
SHA-256 fingerprint 583f3f813a9496cdc641756cdb3fb744f809cdf0aff613c973f07012c16ba621
> edsig = ec.sign(ed, "hello")
> len(edsig)
64
> ec.verify(ed.public, "hello", edsig)
true
> ec.verify(ed, "hello", edsig + hex"00")
false
> ec.keygen("p384")
! ^
! error: unknown curve 'p384': the curves here are "p256" (ECDSA over NIST P-256) and "ed25519"
> ec.sign(k, "x")
! ^
! error: ec.sign needs an EC key (p256 or ed25519), and this is an RSA key: use rsa.pss_sign
> rsa.pss_sign(ed, "x")
! ^
! error: rsa.pss_sign needs an RSA key, and this is an Ed25519 key: use ec.sign
> rsa.oaep_encrypt(e, "x")
! ^
! error: OAEP encryption needs an RSA key, not an ECDSA P-256 key (an EC key signs but does not encrypt)
> ec.sign(ed.public, "x")
! ^
! error: ec.sign: 'key' is a public key, and this needs the private key (the one from keygen or load, not its .public)
> rsa.oaep_encrypt(pub.pem, "via PEM text") == ""
false
> rsa.oaep_decrypt(k.pem, rsa.oaep_encrypt(pub.pem, "via PEM text"))
via PEM text
> rsa.oaep_encrypt("hello", "x")
! ^
! error: this text is not a key: it has no '-----BEGIN' line
> rsa.oaep_encrypt(5, "x")
! ^
! error: rsa.oaep_encrypt: 'pub' must be text or bytes or a key, not an integer
> rsa.oaep_encrypt("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "x")
! ^
! error: the PEM 'PUBLIC KEY' is cut short: its line '-----END PUBLIC KEY-----' is missing
> rsa.oaep_encrypt("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhk\n-----END PUBLIC KEY-----\n", "x")
! ^
! error: this public key cannot be read: its base64 or the DER inside is damaged or cut short, or the key is of a kind not known here (keys here are RSA, ECDSA P-256 and Ed25519)
> save("keys-t-rsa.pem", k, force=true)
saved RSA private key (PKCS#8 PEM) to 'keys-t-rsa.pem' (only you can read it: mode 0600)
> save("keys-t-rsa.pem", k)
! ^
! error: 'keys-t-rsa.pem' exists: give force=true to replace it
> save("keys-t-pub.pem", pub, force=true, explain=true)
saved RSA public key (SubjectPublicKeyInfo PEM) to 'keys-t-pub.pem'
the same with openssl:
  $ openssl pkey -in key.pem -pubout -out keys-t-pub.pem
> load("keys-t-pub.pem")
RSA public key, 2048 bits, e = 65537
SHA-256 fingerprint 188772d7dab3940982475ae6deb9c9dffa3e784f76d27d91b827c6e581e09f96
> k2 = load("keys-t-rsa.pem", explain=true)
the same with openssl:
  $ openssl pkey -in keys-t-rsa.pem -noout -text
> k2.fingerprint == k.fingerprint
true
> k2.d == k.d
true
> text(load("keys-t-pub.pem", as="bytes"))
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuyne08lWKXHSeCBIN7zq
4NvfNZbs3B8IjB13XvtJ+It0xHXdNad4NRxLh5G9f6TNdy5Hab012gaGjj/SiCZV
akgbDK6eO2vw38EugwBP9jddHSDFpmHnrY8E9lV+8xwOaaZnBxrO+iIciWvCXx9B
7f6865bb1vM9BrrEvmbnpJ0vOamP8bwVRTN433thHW6XAiKEHLbsB5XTghr9uTrb
C3dJuOO1cF4SRBQpRRxYdwQdXMskBmubdRZQIoVLwpwSC9NX+jp6zGGDva51dEFF
8ga2lA2f5ouGxuvBAEQ1BV871R4vEa70+v3vzr2ToPC+9fyptVe39EZKYagZZsRl
ZQIDAQAB
-----END PUBLIC KEY-----
> save("keys-t-enc.pem", ed, password="s3cret", force=true)
saved Ed25519 private key (PKCS#8 PEM, encrypted with AES-256) to 'keys-t-enc.pem' (only you can read it: mode 0600)
> load("keys-t-enc.pem")
! ^
! error: 'keys-t-enc.pem': this private key is encrypted: give its password (password="...")
> load("keys-t-enc.pem", password="wrong")
! ^
! error: 'keys-t-enc.pem': wrong password for this private key
> load("keys-t-enc.pem", password="s3cret").fingerprint == ed.fingerprint
true
> save("keys-t-pub.pem", pub, password="x", force=true)
! ^
! error: a public key is not secret: it is saved without a password (password= is for private keys)
> save("keys-t-sig.bin", sig, force=true)
saved 256 bytes of data to 'keys-t-sig.bin'
> load("keys-t-sig.bin") == sig
true
> save("keys-t-msg.txt", "I owe Bob 10 euros", force=true)
saved 18 bytes of text to 'keys-t-msg.txt'
> rsa.pss_verify(load("keys-t-pub.pem"), load("keys-t-msg.txt"), load("keys-t-sig.bin"))
true
> load("keys-t-msg.txt", as="text")
I owe Bob 10 euros
> load("keys-t-msg.txt", as="key")
! ^
! error: 'keys-t-msg.txt': this text is not a key: it has no '-----BEGIN' line
> load("keys-t-msg.txt", as="picture")
! ^
! error: load: as= is one of "bytes", "text", "key", "certificate", "csr", not "picture"
> load("keys-t-sig.bin", as="text")
! ^
! error: 'keys-t-sig.bin' is not UTF-8 text (byte 2 is not): read it with as="bytes"
> save("keys-t-n.txt", 42)
! ^
! error: save writes keys, certificates, requests, text and bytes, not an integer (bytes(n) gives a number's bytes)
> save("keys-t-msg.txt", "x", password="p", force=true)
! ^
! error: save: password= encrypts private keys; text is saved as it is (encrypt it first, e.g. with fernet.encrypt)
> load("keys-t-missing.pem")
! ^
! error: cannot read 'keys-t-missing.pem': No such file or directory
> load(".")
! ^
! error: '.' is a directory, not a file
> save(".", "x")
! ^
! error: '.' is a directory
> save("/nonexistent-dir/key.pem", k)
! ^
! error: cannot write '/nonexistent-dir/key.pem': No such file or directory
> save("", "x")
! ^
! error: the file name is empty
> v = env("top_srcdir") + "/tests/vectors/pkey/"
> o = load(v + "rsa2048-pkcs1.pem")
> o
RSA private key, 2048 bits, e = 65537
SHA-256 fingerprint f24a7a173849242ef9f6fe8fd4f77b68a7f2c1f614aeb596eaab161d104ce37b
> load(v + "rsa2048.fingerprint", as="text") == hex(o.fingerprint) + "\n"
true
> load(v + "p256-sec1.pem")
ECDSA P-256 private key, 256 bits
SHA-256 fingerprint 8d9835e4cb15d5fd1a35d4985a4fe3affbd606f9ccf96518301f0182cb6854de
> load(v + "ed25519-enc.der", password="correct-horse")
Ed25519 private key, 256 bits
SHA-256 fingerprint e78a23b16187bfab8b104fd976ea977a8ccecacb92cacf8f4a76896585270966
> rsa.pss_verify(load(v + "cert.pem", as="text"), "x", hex"00")
! ^
! error: this is a PEM 'CERTIFICATE', not a key
> ec.sign(load(v + "p384.pem", as="text"), "x")
! ^
! error: unsupported curve 'SECP384R1': EC keys here are on P-256 (prime256v1) or Ed25519
> rsa.pss_sign(load(v + "rsa1024.pem", as="text"), "x")
! ^
! error: this RSA key has only 1024 bits: real keys here have 2048 to 8192 (below 2048 bits a key can be broken; small keys are toys: rsa.toy)
> load("/dev/zero")
! ^
! error: '/dev/zero' is not a regular file (a device or a pipe): load reads files
> rsa.oaep_decrypt(load(v + "rsa2048.pem"), load(v + "rsa2048-oaep.bin"))
a message from openssl
> rsa.pss_verify(o, load(v + "msg.txt"), load(v + "rsa2048-pss-max.sig"))
true
