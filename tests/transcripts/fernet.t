# Fernet: the specification's vectors through the shell, TTL and skew at their
# bounds, tampering, bad keys and tokens, key lists and rotation, password keys,
# and the drawing of a token.
# Known answers: the spec token and key are generate.json/verify.json of the
# Fernet specification (github.com/fernet/spec, copied in tests/vectors/fernet/);
# the password key is Python's base64.urlsafe_b64encode(hashlib.pbkdf2_hmac(
# 'sha256', b'correct horse battery staple', bytes(range(16)), 600000, 32)) (600000: the default).
# Tokens made here with --seed decrypt with Python's cryptography 48.0.0 (see
# tests/interop/fernet-python.test for both directions).
#! seed 1
#! now 1700000000

# the specification's vectors
> k = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
> spec = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=="
> fernet.encrypt_at(k, "hello", 499162800, iv=hex"000102030405060708090a0b0c0d0e0f") == spec
true
> fernet.decrypt_at(k, spec, 60, 499162801)
hello
> fernet.decrypt(k, spec)
hello
> fernet.timestamp(k, spec)
499162800

# ttl: valid when now - ttl <= ts <= now + 60, both ends included
> fernet.decrypt_at(k, spec, 60, 499162860)
hello
> fernet.decrypt_at(k, spec, 60, 499162861)
! ^
! error: invalid token
> fernet.decrypt_at(k, spec, 60, 499162740)
hello
> fernet.decrypt_at(k, spec, 60, 499162739)
! ^
! error: invalid token
> fernet.decrypt_at(k, spec, -1, 499162799)
hello
> fernet.decrypt_at(k, spec, -1, 499162800)
! ^
! error: invalid token

# a token expiring on the pinned clock
> key = fernet.keygen()
> key
wFhyFRrOrf5WTydw5QTubChE58b0v4Ig-2_DQHLDsRg=
> t = fernet.encrypt(key, "fluffy tail")
> t
gAAAAABlU_EA5BiKlj8aZknL5CECrrc-ZlBaQoSgEEYXKD_qVLZFAEpao5E3wVsaV5dEeO055nfezOTtvndtGe-lCjcdBRYN3g==
> fernet.decrypt(key, t)
fluffy tail
> fernet.decrypt(key, t, ttl=60)
fluffy tail
> clock.advance(60)
1700000060
> fernet.decrypt(key, t, ttl=60)
fluffy tail
> clock.advance(1)
1700000061
> fernet.decrypt(key, t, ttl=60)
! ^
! error: invalid token
> fernet.decrypt(key, t)
fluffy tail

# one message for every failure (the last two: the spec token without its padding,
# and with + and / for - and _, which Python 48.0.0 would accept but newer releases not)
> fernet.decrypt(fernet.keygen(), t)
! ^
! error: invalid token
> fernet.decrypt(key, fernet.tamper(t))
! ^
! error: invalid token
> fernet.decrypt(key, fernet.tamper(t, byte=0))
! ^
! error: invalid token
> fernet.decrypt(key, fernet.tamper(t, byte=5))
! ^
! error: invalid token
> fernet.decrypt(key, fernet.tamper(t, byte=72, bit=7))
! ^
! error: invalid token
> fernet.decrypt(key, "gAAAAAAdwJ6w")
! ^
! error: invalid token
> fernet.decrypt(key, "")
! ^
! error: invalid token
> fernet.decrypt(k, "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA")
! ^
! error: invalid token
> fernet.decrypt(k, "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ+eEwCGM4BLLF/5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")
! ^
! error: invalid token
> fernet.tamper(t, byte=73)
! ^
! error: fernet.tamper: 'byte' must be from 0 to 72 (this token has 73 bytes), not '73'
> fernet.tamper(t, byte=-1)
! ^
! error: fernet.tamper: 'byte' must be from 0 to 72 (this token has 73 bytes), not '-1'
> fernet.tamper(t, bit=8)
! ^
! error: fernet.tamper: 'bit' must be from 0 to 7, not '8'

# surrounding whitespace (a newline from a file or a pipe) is dropped
> fernet.decrypt(key, t + "\n")
fluffy tail
> fernet.decrypt(key + "\n", t)
fluffy tail

# messages are bytes: text comes back as text, anything else as bytes
> fernet.decrypt(key, fernet.encrypt(key, hex"00ff10"))
hex"00ff10"
> len(fernet.decrypt(key, fernet.encrypt(key, "")))
0
> len(fernet.encrypt(key, ""))
100
> fernet.decrypt(key, 5)
! ^
! error: fernet.decrypt: 'token' must be text or bytes, not an integer

# keys: what is wrong with them, never the key itself
> fernet.decrypt("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4", spec)
! ^
! error: a fernet key is 44 characters of url-safe base64 (32 bytes), this one has 43
> fernet.decrypt("cw/0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=", spec)
! ^
! error: not a fernet key: character 3 ('/') belongs to standard base64, url-safe base64 uses '-' and '_' instead of '+' and '/'
> fernet.decrypt("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4a", spec)
! ^
! error: not a fernet key: it decodes to 33 bytes, a fernet key is 32 (44 characters ending in one '=')
> fernet.decrypt("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e5=", spec)
! ^
! error: not a fernet key: character 43 ('5') has low bits set that no byte uses, so the text is not the encoding of any bytes
> fernet.decrypt("", spec)
! ^
! error: the key is empty: a fernet key is 44 characters of url-safe base64 (32 bytes)
> fernet.decrypt(42, spec)
! ^
! error: fernet.decrypt: 'key' must be a fernet key (its 44 characters of text), a list of keys or a fernet key list, not an integer
> fernet.encrypt_at(k, "x", 0, iv=hex"00")
! ^
! error: fernet.encrypt_at: 'iv' must be 16 bytes (one aes block), not 1
> fernet.encrypt_at(k, "x", -1)
! ^
! error: fernet.encrypt_at: 'time' must be from 0 to 18446744073709551615, not '-1'

# key lists and rotation
> old = fernet.keygen()
> new = fernet.keygen()
> m = fernet.multi([new, old])
> m
fernet key list of 2 keys: encrypts with the first, decrypts with any
  key 1  EPB-...  (encrypts)
  key 2  ORpo...
> len(m.keys)
2
> m.keys[0] == new
true
> t1 = fernet.encrypt(old, "secret")
> fernet.decrypt(m, t1)
secret
> fernet.decrypt(new, t1)
! ^
! error: invalid token
> t2 = fernet.rotate(m, t1)
> fernet.decrypt(new, t2)
secret
> fernet.timestamp(new, t2) == fernet.timestamp(old, t1)
true
> fernet.decrypt([new, old], t1)
secret
> fernet.multi([])
! ^
! error: a fernet key list needs at least one key
> fernet.multi([new, 5])
! ^
! error: key 2 of the list is an integer, not a key's text
> fernet.multi([new, "short"])
! ^
! error: key 2 of the list: a fernet key is 44 characters of url-safe base64 (32 bytes), this one has 5
> fernet.rotate([new], t1)
! ^
! error: invalid token

# password keys
> p = fernet.key_from_password("correct horse battery staple", salt=hex"000102030405060708090a0b0c0d0e0f")
> p
key         7xdxRO7JQgy8EJPSqLNEqSvFBtDU7JwCjdGfgyTYweY=
salt        hex"000102030405060708090a0b0c0d0e0f"
iterations  600000
> p.key
7xdxRO7JQgy8EJPSqLNEqSvFBtDU7JwCjdGfgyTYweY=
> fernet.decrypt(p, fernet.encrypt(p, "by password"))
by password
> fernet.key_from_password("pw", salt="")
! ^
! error: the salt is empty: without a salt, everyone with the same password gets the same key, and one precomputed table cracks them all
> fernet.key_from_password("pw", iterations=0)
! ^
! error: fernet.key_from_password: 'iterations' must be from 1 to 10000000, not '0'
> q = fernet.key_from_password("pw", iterations=1000)
> len(q.salt)
16
> p.nope
!   ^
! error: a password key has no field 'nope' (it has 'key', 'salt' and 'iterations')

# drawing tokens
> fernet.inspect(spec)
fernet token: 73 bytes as 100 characters of url-safe base64
  field       bytes          len  hex
  version     byte 0           1  80
  timestamp   bytes 1-8        8  000000001dc09eb0
                                  = 499162800 = 1985-10-26 08:20:00 UTC
  iv          bytes 9-24      16  000102030405060708090a0b0c0d0e0f
  ciphertext  bytes 25-40     16  2d36d5ca46556299fde13008633804b2
                                  1 aes-128-cbc block: message + padding
  hmac        bytes 41-72     32  c5ff9095f5d38f9ab86e5543e02686f0
                                  3b3ec971b9ab47ae23566a54e08c2a0c
(give key=... to check the hmac)
> fernet.inspect(fernet.tamper(spec, byte=2), key=k)
fernet token: 73 bytes as 100 characters of url-safe base64
  field       bytes          len  hex
  version     byte 0           1  80
  timestamp   bytes 1-8        8  000100001dc09eb0
                                  = 281475475873456 = after the year 9999
  iv          bytes 9-24      16  000102030405060708090a0b0c0d0e0f
  ciphertext  bytes 25-40     16  2d36d5ca46556299fde13008633804b2
                                  1 aes-128-cbc block: message + padding
  hmac        bytes 41-72     32  c5ff9095f5d38f9ab86e5543e02686f0
                                  3b3ec971b9ab47ae23566a54e08c2a0c
hmac check: fails, the token was changed or made with another key
> fernet.inspect(spec, key=[fernet.keygen(), k])
fernet token: 73 bytes as 100 characters of url-safe base64
  field       bytes          len  hex
  version     byte 0           1  80
  timestamp   bytes 1-8        8  000000001dc09eb0
                                  = 499162800 = 1985-10-26 08:20:00 UTC
  iv          bytes 9-24      16  000102030405060708090a0b0c0d0e0f
  ciphertext  bytes 25-40     16  2d36d5ca46556299fde13008633804b2
                                  1 aes-128-cbc block: message + padding
  hmac        bytes 41-72     32  c5ff9095f5d38f9ab86e5543e02686f0
                                  3b3ec971b9ab47ae23566a54e08c2a0c
hmac check: ok, made with an older key and not changed since
> fernet.inspect("gAAA+AAA")
! ^
! error: the token is not valid base64: character 5 ('+') belongs to standard base64, url-safe base64 uses '-' and '_' instead of '+' and '/'
> fernet.inspect("gQAAAA==")
fernet token: 4 bytes as 8 characters of url-safe base64
  field       bytes          len  hex
  version     byte 0           1  81
                                  fernet's version is 80: this is not a fernet token
  timestamp   bytes 1-3        3  000000
too short: a fernet token has at least 73 bytes (an empty message still has one block of padding)
(give key=... to check the hmac)
