# Diffie-Hellman: groups, keys, validation, derive_key, the story, Mallory,
# the attacks and their refusals.
# Known answers: the toy exchange (p = 23, g = 5, a = 6, b = 15: A = 8, B = 19,
# s = 2) is Wikipedia's worked example; the rho walk on p = 383, g = 2,
# h = 228 is the Handbook of Applied Cryptography's example 3.61 (x = 110, the
# walk meets at i = 14); the RFC groups' first and last hex digits are those
# printed in RFC 3526 and RFC 7919 (tests/unit/test-dh.c compares the whole
# ffdhe primes with GnuTLS's, tests/interop/dh-openssl.test all of them with
# openssl's); dh.derive_key(2, "toy") is Python's
# base64.urlsafe_b64encode(HKDF(SHA256(), 32, None, b"cryptolab fernet key")
# .derive(b"\x02")) (tests/interop/dh-python.test checks random ones).
#! seed 1
#! now 1700000000

# the toy group, by hand
> G = dh.group("toy")
> G
dh group toy (the classic worked example: p = 23, g = 5)
  p = 23, 5 bits, a safe prime: p = 2r + 1 with r prime
  g = 5, of order p - 1: its powers are every number from 1 to p - 1
> G.p
23
> G.g
5
> G.q
22
> G.factors
[2, 11]
> A = G.g ^ 6 mod G.p
> A
8
> B = G.g ^ 15 mod G.p
> B
19
> B ^ 6 mod G.p
2
> A ^ 15 mod G.p
2
> dh.shared(G, 6, B)
2
> dh.shared(G, 15, A)
2
> dh.story("toy", a=6, b=15)
  Alice                    | public channel: Eve      | Bob
1 agree on a group, in public
                           | p = 23, g = 5            |
2 each picks a secret exponent, and keeps it
  a = 6                    |                          | b = 15
3 each computes g^secret mod p, and sends it
  A = 5^6 mod 23           |                          | B = 5^15 mod 23
    = 8                    | A = 8 ->                 |
                           | <- B = 19                |   = 19
4 each raises what arrived to its secret
  s = 19^6 mod 23          |                          | s = 8^15 mod 23
    = 2                    |                          |   = 2
Both hold the same s: B^a = (g^b)^a = g^(ab) = (g^a)^b = A^b. Eve saw p, g, A
and B; to get s she needs a or b, the discrete logarithm of A or B.
> dh.analogy()
paint                         numbers
the common paint              the group: p and g, public
a secret colour               a private exponent: a, b
a public mixture              a public value: A = g^a mod p
mixing in your secret         raising to your exponent: B^a mod p
the shared colour             the shared secret: s = g^(ab) mod p
unmixing: easy, it is linear  the discrete logarithm: a from g^a mod p, hard
Mallory swapping the pots     Mallory swapping A and B: signatures stop it

# the named groups
> dh.groups()
name       bits  g  where from
toy           5  5  the classic worked example: p = 23, g = 5
weak64       64  5  a deliberately weak 64-bit group: p - 1 has only small prime factors
modp1536   1536  2  RFC 3526, section 2: the 1536-bit MODP group
modp2048   2048  2  RFC 3526, section 3: the 2048-bit MODP group
modp3072   3072  2  RFC 3526, section 4: the 3072-bit MODP group
ffdhe2048  2048  2  RFC 7919, appendix A.1
ffdhe3072  3072  2  RFC 7919, appendix A.2
ffdhe4096  4096  2  RFC 7919, appendix A.3
and dh.group(bits=N) for a new safe-prime group of N bits (5 to 512), dh.group(p=..., g=...) for your own
> F = dh.group("ffdhe2048")
> F
dh group ffdhe2048 (RFC 7919, appendix A.1)
  p has 2048 bits, a safe prime: p = 2q + 1 with q prime
  g = 2, of prime order q = (p - 1)/2 (2047 bits)
  about 103-bit security; private exponents of 225 bits would do (RFC 7919 section 5.2)
> F.p / 2 ^ 1920 == 0xffffffffffffffffadf85458a2bb4a9a
true
> F.p mod 2 ^ 64 == 2 ^ 64 - 1
true
> F.bits
2048
> F.g
2
> F.q == (F.p - 1) / 2
true
> F.safe
true
> dh.group("modp2048").p / 2 ^ 1920 == 0xffffffffffffffffc90fdaa22168c234
true
> dh.group("modp1536").bits
1536
> dh.group("ffdhe4096") == dh.group("ffdhe4096")
true
> dh.group("ffdhe4096") == dh.group("ffdhe3072")
false
> W = dh.group("weak64")
> W
dh group weak64 (a deliberately weak 64-bit group: p - 1 has only small prime factors)
  p = 11584904868034800983, 64 bits, not a safe prime
  g = 5, of order p - 1: its powers are every number from 1 to p - 1
  p - 1 = 2 * 103 * 971 * 1549 * 1951 * 4027 * 4759
  weak: the largest prime factor of the order has 13 bits, so Pohlig-Hellman needs only about 2^9 steps
> W.factors
[2, 103, 971, 1549, 1951, 4027, 4759]

# your own groups, checked
> dh.group(p=23, g=2)
dh group custom
  p = 23, 5 bits, a safe prime: p = 2q + 1 with q prime
  g = 2, of prime order q = (p - 1)/2 (4 bits)
> dh.group(p=383, g=2)
dh group custom
  p = 383, 9 bits, a safe prime: p = 2q + 1 with q prime
  g = 2, of prime order q = (p - 1)/2 (8 bits)
> dh.group(p=31, g=3)
dh group custom
  p = 31, 5 bits, not a safe prime
  g = 3, of order p - 1: its powers are every number from 1 to p - 1
  p - 1 = 2 * 3 * 5
> dh.group(p=31, g=3, safe=true)
! ^
! error: p is not a safe prime: (p - 1)/2 = '15' is not prime, so p - 1 may have small factors that Pohlig-Hellman splits the logarithm along
> dh.group(p=21, g=2)
! ^
! error: p = '21' is not prime (it is 3 * 7): the numbers modulo p do not form the group Diffie-Hellman needs
> dh.group(p=23, g=1)
! ^
! error: g must be from 2 to p - 2, not '1' (1 has order 1 and p - 1 order 2: they generate almost nothing)
> dh.group(p=23, g=22)
! ^
! error: g must be from 2 to p - 2, not '22' (1 has order 1 and p - 1 order 2: they generate almost nothing)
> dh.group(p=23)
! ^
! error: dh.group: give both p= and g=
> dh.group(bits=32)
dh group safe-32
  p = 3077787047, 32 bits, a safe prime: p = 2q + 1 with q prime
  g = 2, of prime order q = (p - 1)/2 (31 bits)
> dh.group(bits=64, qbits=24)
dh group schnorr-64-24
  p = 15833205086445280841, 64 bits, not a safe prime
  g = 6379411309421969096, of prime order q = 9169493 (24 bits)
> dh.group(bits=4)
! ^
! error: dh.group: 'bits' must be from 5 to 512, not '4'
> dh.group(bits=600)
! ^
! error: dh.group: 'bits' must be from 5 to 512, not '600'
> dh.group("ffdhe2049")
! ^
! error: there is no group 'ffdhe2049'; did you mean 'ffdhe2048'? (dh.groups() lists them)
> dh.group("toy", bits=32)
! ^
! error: dh.group takes a name, or p= and g=, or bits=: one of them

# key pairs, the shared secret, the key
> alice = dh.keypair(F)
> bob = dh.keypair(F)
> bits(alice.private)
2047
> alice.public == F.g ^ alice.private mod F.p
true
> s1 = dh.shared(F, alice, bob.public)
> s2 = dh.shared(F, bob, alice.public)
> s1 == s2
true
> short = dh.keypair(F, bits=225)
> bits(short.private)
225
> k = dh.derive_key(s1, F)
> k == dh.derive_key(s2, F)
true
> fernet.decrypt(dh.derive_key(s2, F), fernet.encrypt(k, "fluffy tail"))
fluffy tail
> dh.derive_key(2, "toy")
cwrLzyW-K9zSXFHH-ETfm_aGYTqWLASvAUC5L4Zj_TY=
> dh.derive_key(2, "toy", info="another purpose") == dh.derive_key(2, "toy")
false
> dh.derive_key(2, "toy", salt="pepper") == dh.derive_key(2, "toy")
false
> k2 = dh.keypair("toy")
> k2
dh key pair in toy
  private  19  (keep it secret)
  public   7  (= 5^19 mod 23: send it)
> k2.group
dh group toy (the classic worked example: p = 23, g = 5)
  p = 23, 5 bits, a safe prime: p = 2r + 1 with r prime
  g = 5, of order p - 1: its powers are every number from 1 to p - 1

# the peer's value is checked, and the refusal names the attack
> dh.shared(F, alice, 1)
! ^
! error: the public value '1' is refused: 1 to any power is 1, so the shared secret would be 1 whatever your private exponent (a forced secret)
> dh.shared(F, alice, F.p - 1)
! ^
! error: the public value p - 1 is refused: it has order 2, so the shared secret would be 1 or p - 1 (small-subgroup confinement)
> dh.shared(F, alice, F.p)
! ^
! error: the public value '323170060713...072839127039 (617 digits)' is out of range: it must be from 2 to p - 2 = '323170060713...072839127037 (617 digits)'
> dh.shared(F, alice, 0)
! ^
! error: the public value '0' is out of range: it must be from 2 to p - 2 = '323170060713...072839127037 (617 digits)'
> dh.shared(F, alice, 7)
! ^
! error: the public value '7' is not in the subgroup of order q = (p - 1)/2 that g generates (it is not a square modulo p): answering it would tell whether your private exponent is even (small-subgroup attack)
> dh.shared(F, alice, 49) == 49 ^ alice.private mod F.p
true
> dh.shared(W, 12345, W.g ^ ((W.p - 1) / 103) mod W.p)
! ^
! error: the public value '3108954036291570920' has order 103: the shared secret could only be one of 103 values, and would leak your private exponent modulo 103 (small-subgroup confinement)
> dh.shared(G, 0, 8)
! ^
! error: a private exponent is from 1 to p - 2, not '0'
> dh.derive_key(0, G)
! ^
! error: a shared secret is from 1 to p - 1

# a man in the middle
> dh.mitm()
  Alice                    | Mallory, in the middle   | Bob
1 each sends a public value; Mallory keeps them and sends her own
  sends A ->               | A = 97470...12307        |
                           | B = 21945...09927        | <- sends B
  <- M1 = 17581...23936    | sends M1 to Alice        |
                           | sends M2 to Bob          | M2 = 29788...32090 ->
2 each side computes a shared secret, and a key from it
  s = M1^a = 69613...41352 | A^m1 = 69613...41352     |
                           | B^m2 = 21890...96565     | s = M2^b = 21890...96565
key fingerprints (SHA-256 of the key, first 8 bytes), side by side:
  Alice  cd24 311f 3f46 8516
  Bob    4673 4a71 26e2 3f8e   different: someone is in the middle
3 Alice writes to Bob; Mallory reads it, changes it, and passes it on
  Alice encrypts with her key:   gAAAAABlU_EAhyzfJLrzUIiy...
  Mallory decrypts with hers:    "meet me at the station at noon"
  and encrypts for Bob:          gAAAAABlU_EA0FUTbjQK55p0...
  Bob decrypts, all checks pass: "meet me at the station at midnight"
The exchange alone cannot tell Alice whose public value she got. Two things
reveal Mallory: comparing the fingerprints another way (a phone call, in
person), or a signature on each public value from someone both trust, which is
what RSA signatures and certificates are for.

# the attacks: the steps
> dh.crack(G, 8, method="brute", steps=true)
try x = 0, 1, 2, ... computing g^x mod 23 by one multiplication each, until it
is 8
x  g^x mod p
0          1
1          5
2          2
3         10
4          4
5         20
6          8
x = 6: g^x mod p gives it back, after 6 steps
6
> dh.crack(G, 19, method="bsgs", steps=true)
m = ceil(sqrt(22)) = 5. Baby steps: remember g^j mod p for j from 0 to 4
j  g^j mod p
0          1
1          5
2          2
3         10
4          4
giant steps: h * g^(-5 i) mod p for i = 0, 1, 2, ... (g^(-5) = 15), until one is
a baby step g^j: then x = i*m + j
i  h * g^(-m i) mod p  baby step j
0                  19            -
1                   9            -
2                  20            -
3                   1            0
x = 15: g^x mod p gives it back, after 8 steps
15
> dh.crack(dh.group(p=383, g=2), 228, method="rho", steps=true)
walk through numbers x = g^a h^b mod p: when x mod 3 is 1 multiply by h (b + 1),
when 0 square (2a, 2b), when 2 multiply by g (a + 1). The hare takes two steps
for each of the tortoise's; when they meet, g^a h^b = g^A h^B gives x
  i    x    a    b  X (2i)    A    B
  1  228    0    1     279    0    2
  2  279    0    2     184    1    4
  3   92    0    4      14    1    6
  4  184    1    4     256    2    7
  5  205    1    5     304    3    8
  6   14    1    6     121    6   18
  7   28    2    6     144   12   38
  8  256    2    7     235   48  152
  9  152    2    8      72   48  154
 10  304    3    8      14   96  118
 11  372    3    9     256   97  119
 12  121    6   18     304   98  120
...  ...  ...  ...     ...  ...  ...
 14  144   12   38     144   10  104
(1 row left out at the ...)
they meet: g^12 h^38 = g^10 h^104, so (104 - 38) x = 12 - 10 (mod 191), and x =
110
x = 110: g^x mod p gives it back, after 14 steps
110
> dh.crack(W, W.g ^ 1234567890123 mod W.p, method="ph", steps=true)
the order q = 11584904868034800982 = 2 * 103 * 971 * 1549 * 1951 * 4027 * 4759:
find x modulo each prime power l^e, from g^(q/l^e) and h^(q/l^e), which live in
a subgroup of order l^e; then put the pieces together
 l^e             g^(q/l^e)             h^(q/l^e)  x mod l^e
   2  11584904868034800982  11584904868034800982          1
 103   3108954036291570920   5381572414453392170         63
 971   9471112103818803169  10485458843156400019        654
1549   7381034219649413966  10895781418367442932       1135
1951   9865319885289535268  11145559796085236312        491
4027   4512658121998472470   5948055523133504411       1734
4759   5293000222007706266   3450020134545420658       2864
the Chinese remainder theorem puts the pieces together: x = 1234567890123 (mod
11584904868034800982)
x = 1234567890123: g^x mod p gives it back, after 408 steps
1234567890123
> S = dh.group(bits=24)
> x = dh.keypair(S)
> dh.crack(S, x, method="bsgs") == x.private
true
> dh.crack(S, x, method="rho") == x.private
true
> dh.crack(S, x, method="ph") == x.private
true
> dh.crack(S, x, method="brute") == x.private
true
> dh.crack(S, x, method="best") == x.private
true
> dh.crack(S, x.public, method="ph", steps=true)
the order q = 7164071 is prime: there is nothing to split, and Pohlig-Hellman is
one baby-step giant-step on all of q. That is what a safe prime is for
    l^e  g^(q/l^e)  h^(q/l^e)  x mod l^e
7164071          2   12977468    5512659
x = 5512659: g^x mod p gives it back, after 4738 steps
5512659

# too big: refused, saying how long it would take
> dh.crack(F, alice)
! ^
! error: baby-step giant-step needs about 2^1024 steps here (the square root of q, q having 2047 bits): even at a billion steps a second that is 10^292 years, and it would keep 2^1024 baby steps in memory, more than the 2^21 kept here: method="rho" needs no memory
> dh.crack(F, alice, method="brute")
! ^
! error: brute force needs about 2^2046 steps here (half of q on average, q having 2047 bits): even at a billion steps a second that is 10^599 years. Give seconds= to try for that long anyway
> dh.crack(F, alice, method="best")
! ^
! error: p has 2048 bits: PARI's index calculus would run for far too long, and even the number field sieve, the best attack known, needs about 10^15 years of one core's time (L_p[1/3], from the DLP-240 record: 795 bits, 2019, about 3,100 core-years). Give seconds= to try for that long anyway
> dh.crack(W, 12345, method="bsgs")
! ^
! error: baby-step giant-step would keep about 2^32 baby steps in memory, and keeps at most 2^21 (an order q of up to 42 bits): method="rho" needs no memory, and method="ph" splits q along its small factors
> dh.crack(G, 8, method="guess")
! ^
! error: there is no method 'guess': the methods are "brute", "bsgs" (baby-step giant-step), "rho" (Pollard), "ph" (Pohlig-Hellman) and "best" (PARI)
> dh.crack(dh.group(p=383, g=2), 5)
! ^
! error: '5' is not a power of g (h ^ q mod p is not 1, q being the order of g), so no exponent gives it
> dh.crack(G, 0)
! ^
! error: '0' is not a power of g: powers of g modulo p are from 1 to p - 1
> dh.crack(G, 8, seconds=-1)
! ^
! error: dh.crack: 'seconds' must be from 0 to 86400, not '-1'

# timing, counted in steps with the clock pinned
> dh.timing()
Each row: a new safe-prime group of that size (g of prime order q = (p - 1)/2),
and random private exponents found; the clock is pinned (--now), so the steps
are counted, not timed, and this repeats (without it you see this machine's
seconds). PARI is left out: it has no steps to count.
method                p bits   steps  steps, log scale (# = x2)
brute force               12    1073  ##########
brute force               16    6857  #############
brute force               20  193032  ##################
baby-step giant-step      16     194  ########
baby-step giant-step      20    1127  ##########
baby-step giant-step      24    3203  ############
baby-step giant-step      28   18935  ##############
baby-step giant-step      32   72854  ################
Pollard's rho             16     123  #######
Pollard's rho             20    1030  ##########
Pollard's rho             24    5612  ############
Pollard's rho             28    9810  #############
Pollard's rho             32   58079  ################

Extrapolated to 2048 bits (a safe prime like ffdhe2048: q has 2047 bits),
counting a billion steps a second, which is faster than a core does one 2048-bit
step:
method                  work, and why                                  time
brute force             2^2046 steps: q/2 on average                   10^599 years
baby-step giant-step    2^1024 steps, about sqrt(q), and as many kept  10^292 years
Pollard's rho           2^1024 steps: sqrt(pi q / 2)                   10^292 years
Pohlig-Hellman          no help: q is prime                            as above
kangaroo, 225-bit keys  2^113 steps: RFC 7919's short exponents        10^17 years
number field sieve      10^15 core-years: L_p[1/3]                     -
The number field sieve is the best attack known; its line is the DLP-240 record
(a 795-bit safe prime, 2019, about 3,100 core-years) scaled by L_p[1/3,
(64/9)^(1/3)], the o(1) left out, so only the order of magnitude means anything.
PARI's index calculus grows faster, like L_p[1/2]. The universe is about 14
billion years old.
