# Toy RSA at the prompt: keys and their refusals, the derivation of d,
# encryption with its steps, the CRT, text in blocks, signatures, the pitfalls,
# and every crack method.
# Known answers:
#   p = 61, q = 53, e = 17: n = 3233, phi = 3120, d = 2753, 65 -> 2790, and the
#   CRT halves dP = 53, dQ = 49, qInv = 38, m1 = 4, m2 = 12, h = 1:
#   Wikipedia, "RSA (cryptosystem)", the worked example and its CRT part
#   5959 = 59 * 101 at a = 80: Wikipedia, "Fermat's factorization method"
#   8051 = 83 * 97 at the third step of x -> x^2 + 1: Wikipedia, "Pollard's rho algorithm"
#   (90581, 17993) -> d = 5, 239 * 379: Wikipedia, "Wiener's attack"
#   the other numbers: Python 3's pow(a, e, m), pow(a, -1, m), int.from_bytes,
#   hashlib.sha256 (e.g. pow(72, 17, 3233) = 3000, pow(65, 2753, 3233) = 588)
#! seed 1
#! now 1700000000

# a key, its fields, its public half
> k = rsa.toy(61, 53, e=17)
> k
toy RSA key, n of 12 bits
  p       61
  q       53
  n       3233      p*q
  phi     3120      (p-1)*(q-1)
  lambda  780       lcm(p-1, q-1)
  e       17
  d       2753      e*d mod phi = 1
public: n and e (k.public); private: d, p and q
> [k.p, k.q, k.n, k.phi, k.lambda, k.e, k.d]
[61, 53, 3233, 3120, 780, 17, 2753]
> [k.dp, k.dq, k.qinv, k.bits]
[53, 49, 38, 12]
> k.public
toy RSA public key, n of 12 bits
  n       3233
  e       17
> k.public.n
3233
> k.public.d
!          ^
! error: a public key has only n and e (and bits); 'd' is the owner's secret, and rsa.crack(k) tries to find it
> k.nope
!   ^
! error: a toy RSA key has no field 'nope' (it has p, q, n, phi, lambda, e, d, dp, dq, qinv, bits and public)
> invmod(17, k.lambda)
413

# every refusal says why
> rsa.toy(62, 53)
! ^
! error: p = '62' is not prime: it is 2 * 31; nextprime(p) gives the next prime
> rsa.toy(1, 53)
! ^
! error: p = '1' is not prime: a prime is a whole number from 2 up whose only divisors are 1 and itself
> rsa.toy(61, 61)
! ^
! error: p and q are both '61': n = p^2 falls to a square root (sqrt(n) = p), and its phi is p*(p-1), not (p-1)^2; choose two different primes
> rsa.toy(61, 53, e=3)
! ^
! error: e = '3' and phi = (p-1)*(q-1) = '3120' share the factor 3 (it divides p - 1 = 60), so e has no inverse modulo phi and there is no d; choose another e (17 and 65537 are usual) or other primes
> rsa.toy(59, 53, e=13)
! ^
! error: e = '13' and phi = (p-1)*(q-1) = '3016' share the factor 13 (it divides q - 1 = 52), so e has no inverse modulo phi and there is no d; choose another e (17 and 65537 are usual) or other primes
> rsa.toy(61, 53, e=4)
! ^
! error: e = '4' is even, and phi = (p-1)*(q-1) is always even, so they share the factor 2 and e has no inverse d; take an odd e such as 17 or 65537
> rsa.toy(61, 53, e=1)
! ^
! error: e = 1 would leave every message as it is (m ^ 1 = m); take an odd e from 3 up: 3, 17 and 65537 are usual
> rsa.toy(61, 53, e=-17)
! ^
! error: e must be an odd number from 3 up, not '-17'
> rsa.toy(3, 5, e=3)
! ^
! error: n = '15' is below 256: a message must be a number below n, and one byte of text (0 to 255) would not fit; choose primes whose product is at least 256 (61 and 53, or 17 and 19)
> rsa.toy(61, 53, e=781)
! ^
! error: e = '781' is 1 more than a multiple of lambda = lcm(p-1, q-1) = '780', so m ^ e mod n = m for every m: encryption would change nothing; choose another e
> rsa.toy(2^4100, 53)
! ^
! error: p has 4101 bits; a toy key takes primes of up to 4096 bits
> rsa.toy(61, 53, e=2^9000 + 1)
! ^
! error: e has 9001 bits; a toy key takes e of up to 8192 bits
> rsa.toy("61", 53)
! ^
! error: rsa.toy: 'p' must be an integer, not text
> rsa.toy(61, 53).d
2753

# the derivation, with e larger than phi
> rsa.toy.steps(61, 53)
n = p*q = 61 * 53 = 3233
  n is public; p and q are secret
phi = (p-1)*(q-1) = 60 * 52 = 3120
  phi counts the numbers below n that share no factor with it; m^phi mod n = 1 for them
gcd(e, phi) = gcd(65537, 3120) = 1, so e has an inverse d modulo phi
  (e is larger than phi; only e mod phi = 17 matters for d)
d = e^-1 mod phi, by the extended Euclidean algorithm on phi and e;
each row divides a = q*b + r and writes r = 3120*s + 65537*t:
    a      b    q     r       s     t
 3120  65537    0  3120       1     0
65537   3120   21    17     -21     1
 3120     17  183     9    3844  -183
   17      9    1     8   -3865   184
    9      8    1     1    7709  -367
    8      1    8     0  -65537  3120
the last remainder before 0 is 1 = 3120*(7709) + 65537*(-367), so 65537*(-367) mod 3120 = 1
t is negative: add phi once, d = -367 + 3120 = 2753
check: e*d mod phi = 65537 * 2753 mod 3120 = 180423361 mod 3120 = 1 (right)
the smaller d: lambda = lcm(p-1, q-1) = lcm(60, 52) = 780, and e^-1 mod lambda = 413
  both work: m^lambda = 1 modulo p and modulo q for every m coprime to n (Carmichael),
  so m^(e*d) = m whenever e*d = 1 mod lambda; phi = 4 * lambda, so d = 2753
  is one of the numbers 413 + j*780, and each of them decrypts. Real keys (PKCS#1,
  FIPS 186) use the one from lambda.
toy RSA key, n of 12 bits
  p       61
  q       53
  n       3233      p*q
  phi     3120      (p-1)*(q-1)
  lambda  780       lcm(p-1, q-1)
  e       65537
  d       2753      e*d mod phi = 1
public: n and e (k.public); private: d, p and q

# encrypting and decrypting numbers
> c = rsa.encrypt(k, 65)
> c
2790
> rsa.decrypt(k, c)
65
> rsa.encrypt(k.public, 65)
2790
> rsa.decrypt(k.public, c)
! ^
! error: this is a public key (n and e): decrypting needs d, which only the key's owner has; rsa.crack(k) tries to find it
> rsa.encrypt(k, 3233)
! ^
! error: the message '3233' is not below n = '3233': RSA computes modulo n, so decryption would give back m mod n = '0', not m; cut a longer message into blocks below n (rsa.encrypt_text does)
> rsa.encrypt(k, -1)
! ^
! error: a message is a number from 0 to n - 1 = '3232', not '-1'
> rsa.encrypt(k, "A")
! ^
! error: rsa.encrypt: textbook RSA works on a message that is a number below n, not on text; rsa.encrypt_text cuts text into numbers (or int("...") makes one)
> rsa.decrypt(k, hex"0ae6")
! ^
! error: rsa.decrypt: textbook RSA works on a ciphertext that is a number below n, not on bytes; text comes back from its blocks with rsa.decrypt_text
> rsa.decrypt(k, 3233)
! ^
! error: the ciphertext '3233' is not below n = '3233': every ciphertext is a remainder modulo n, so this one was not made with this key
> rsa.encrypt(3233, 65)
! ^
! error: rsa.encrypt: 'k' must be a toy RSA key (from rsa.toy or rsa.toy.random), not an integer
> rsa.encrypt(k, 0)
0
> rsa.encrypt(k, 1)
1
> rsa.decrypt(k, c, steps=true)
d = 2753 = 101011000001 in binary (12 bits)
x starts at 1; for each bit, from the left: square x, and times c if it is 1
bit  x = x*x mod 3233  x = x*c mod 3233
  1                 1              2790
  0              2269                 -
  1              1425              2393
  0               806                 -
  1              3036              3213
  1               400               615
  0              3197                 -
  0              1296                 -
  0              1689                 -
  0              1215                 -
  0              1977                 -
  1              3065                65
12 squarings and 5 multiplications, not the 2752 multiplications of c * c * ... * c
65
> rsa.decrypt_crt(k, c)
two half-size powers instead of one: modulo p and modulo q, then glued together
half p:  dp = d mod (p-1) = 53, and m_p = c^dp mod p = 45^53 mod 61 = 4
half q:  dq = d mod (q-1) = 49, and m_q = c^dq mod q = 34^49 mod 53 = 12
glue:    qinv = q^-1 mod p = 38, h = qinv*(m_p - m_q) mod p = 1
         m = m_q + h*q = 12 + 1*53 = 65
(c is reduced first: c mod p = 45 and c mod q = 34.)
Fermat's little theorem lets d shrink to d mod (p-1): numbers and exponents of
half the size make it about 4 times faster.
65
> rsa.decrypt_crt(k.public, c)
! ^
! error: this is a public key (n and e): decrypting needs d, which only the key's owner has; rsa.crack(k) tries to find it

# text in blocks
> blocks = rsa.encrypt_text(k, "HI")
n has 12 bits, so a block is 1 byte (256^1 is below n); the bytes of each
block, read as one big number m, are encrypted as c = m^17 mod n
block  text  bytes (hex)   m     c
    1  "H"            48  72  3000
    2  "I"            49  73  1486
> rsa.decrypt_text(k, blocks)
block     c  m = c^d mod n  text
    1  3000             72  "H"
    2  1486             73  "I"
HI
> rsa.decrypt_text(k, [3000, 5])
! ^
! error: block 2 decrypts to '385', which is not below 256^1 = '256': no block of text made with this key gives that (a wrong key, or a changed ciphertext)
> rsa.decrypt_text(k, [3000, "x"])
! ^
! error: block 2 of the list is text, not a number (the list rsa.encrypt_text gives)
> rsa.encrypt_text(k, "a\0b")
! ^
! error: the text holds a NUL character (byte 0), which this toy encoding cannot carry: a block that starts with it reads as a smaller number, and the byte is lost
> rsa.encrypt_text(k, "")
[]
> rsa.decrypt_text(k, []) == ""
true
> rsa.decrypt_text(k, rsa.encrypt_text(k, hex"41ff"))
n has 12 bits, so a block is 1 byte (256^1 is below n); the bytes of each
block, read as one big number m, are encrypted as c = m^17 mod n
block  text    bytes (hex)    m     c
    1  "A"              41   65  2790
    2  "\xff"           ff  255   865
block     c  m = c^d mod n  text
    1  2790             65  "A"
    2   865            255  "\xff"
hex"41ff"
> big = rsa.toy(nextprime(2^40), nextprime(2^41))
> rsa.decrypt_text(big, rsa.encrypt_text(big, "attack at dawn, ünïcode"))
n has 82 bits, so a block is 10 bytes (256^10 is below n); the bytes of each
block, read as one big number m, are encrypted as c = m^65537 mod n
block  text                     bytes (hex)                         m                          c
    1  "attack at "    61747461636b20617420  460217757244198790198304  2336864360169178863079396
    2  "dawn, ün\xc3"  6461776e2c20c3bc6ec3  474034588326571533954755  1135610968466467657002189
    3  "\xafcode"                af636f6465              753287521381    96201762586932415979593
block                          c             m = c^d mod n  text
    1  2336864360169178863079396  460217757244198790198304  "attack at "
    2  1135610968466467657002189  474034588326571533954755  "dawn, ün\xc3"
    3    96201762586932415979593              753287521381  "\xafcode"
attack at dawn, ünïcode

# signatures
> s = rsa.sign(k, 65)
> s
588
> rsa.verify(k.public, 65, s)
true
> rsa.verify(k.public, 66, s)
false
> rsa.verify(k.public, 65, 9999)
false
> rsa.sign(k.public, 65)
! ^
! error: this is a public key (n and e): signing needs d, which only the key's owner has
> t = rsa.sign(k, "hello")
h = sha256(message) read as a number = 203298787864...659023427620 (77 digits)
h is not below n: h mod n = 1796 is signed
caveat: n has 12 bits and the hash 256, so h mod n keeps only about 11 bits of
the hash: many texts share that number, and so this signature. Real RSA signs
the whole hash, padded (PSS, RFC 8017), under an n of 2048 bits or more.
> rsa.verify(k.public, "hello", t)
true
> rsa.verify(k.public, "hellO", t)
false

# the pitfalls, typed by hand
> c2 = c * 2 ^ k.e mod k.n
> rsa.decrypt(k, c2)
130
> rsa.root(4913)
17
> rsa.root(4914)
! ^
! error: '4914' is not a perfect cube: its cube root lies between '17' and '18'; a message whose cube reached n was reduced modulo n, and the root no longer gives it
> rsa.root(2^300, k=3) == 2^100
true
> rsa.encrypt(k.public, 72) == rsa.encrypt_text(k, "H")[0]
n has 12 bits, so a block is 1 byte (256^1 is below n); the bytes of each
block, read as one big number m, are encrypted as c = m^17 mod n
block  text  bytes (hex)   m     c
    1  "H"            48  72  3000
true
> a = rsa.toy(59, 71, e=3)
> b = rsa.toy(83, 89, e=3)
> d = rsa.toy(101, 107, e=3)
> rsa.hastad([rsa.encrypt(a, 1000), rsa.encrypt(b, 1000), rsa.encrypt(d, 1000)], [a.n, b.n, d.n])
the Chinese remainder theorem finds the one x below n1*n2*...*n3 with x = c_i mod n_i:
x = 1000000000 (30 bits), below the product 334413353401 (39 bits)
m^3 is below that product (m is below every n_i), so x is m^3 itself, not reduced:
m = the integer cube root of x = 1000
1000
> rsa.hastad([rsa.encrypt(a, 1000), rsa.encrypt(b, 1000)], [a.n, b.n])
! ^
! error: with e = 3 the attack needs 3 ciphertexts of the same message under 3 different moduli, and there are 2
> rsa.hastad([1, 2, 3], [a.n, b.n])
! ^
! error: rsa.hastad: 3 ciphertexts and 2 moduli; each ciphertext goes with the modulus of its key
> rsa.pitfall()
textbook RSA's pitfalls; rsa.pitfall("NAME") shows one:
  malleability   multiply a ciphertext by 2^e mod n, and the message doubles
  small-e        e = 3 and a short message: the integer cube root reads it
  hastad         one message to three keys with e = 3: the CRT and a cube root
  deterministic  the same message, the same ciphertext: Eve tests guesses
  shared-prime   two moduli with a prime in common fall to one gcd
  wiener         a small d falls to the continued fraction of e/n
> rsa.pitfall("hastad")
Hastad's broadcast attack: the same message to three people, each with e = 3
and a modulus of their own.
  n1 = 191424408283603505788207651326003289519
  c1 = m^3 mod n1 = 182314886473270819990752188731624950312
  n2 = 191424408283631176587478251329608550959
  c2 = m^3 mod n2 = 26070101698644750217979881012082123212
  n3 = 191424408283658851288275757319930583709
  c3 = m^3 mod n3 = 19244135219913652922857535804688580609
  m has 100 bits and m^3 about 300, more than each n's 128: one ciphertext
  alone gives nothing (rsa.root(c1, 3) is refused).
  Eve combines the three with the Chinese remainder theorem: the x below
  n1*n2*n3 (382 bits) with x = c_i mod n_i for each i. m^3 is below that product
  too, so x is m^3 exactly:
  x = 254629497041...837979356375 (90 digits)
  m = rsa.root(x, 3) = 633825300114114700748352837255
  (rsa.hastad([c1, c2, c3], [n1, n2, n3]) does both steps.)
What stops it: padding. OAEP puts fresh random bytes into each encryption, so
               the three recipients get three different padded numbers, and the
               Chinese remainder theorem has nothing in common to combine.
> rsa.pitfall("wiener")
A small private exponent makes decryption fast, and falls to Wiener's attack
(1990): when d < n^(1/4)/3, the fraction k/d in e*d - k*phi = 1 is one of the
convergents of the continued fraction of e/n.
  Bob's public key: n = 223310303291865868347245883917590331897 (128 bits)
                    e = 210500514862172968570026983487436117003
        k          d                        phi = (e*d - 1)/k
        0          1                                        -
        1          1  210500514862172968570026983487436117002
       16         17                                        -
       33         35                                        -
      115        122                                        -
      493        523                                        -
      608        645                                        -
     1101       1168                                        -
     3911       4149                                        -
     5012       5317                                        -
    79091      83904                                        -
    84103      89221                                        -
      ...        ...                                      ...
 31289241   33193315                                        -
 39622159   42033324                                        -
150155718  159293287                                        -
189777877  201326611  223310303291865868317269924797812310416
(4 rows left out at the "...")
  At convergent 20, phi = (e*d - 1)/k makes x^2 - (n - phi + 1)x + n = 0 have
  whole roots: p = 13835058055282163813, q = 16140901064495857669,
  and d = 201326611 (28 bits).
  (rsa.crack(k, method="wiener") tries it on any toy key.)
What stops it: no padding can: the flaw is in the key. Keep d full-size: e=65537
               gives a d about as long as n, and FIPS 186-5 requires d >
               2^(bits/2). Decryption is made fast with the Chinese remainder
               theorem instead (rsa.decrypt_crt).
> rsa.pitfall("nope")
! ^
! error: no pitfall "nope"; they are malleability, small-e, hastad, deterministic, shared-prime and wiener (rsa.pitfall() lists them)

# breaking: each method with its steps
> rsa.crack(k.public, method="trial", steps=true).d
trial division: divide n by 2, 3, 5, 7, 9, ... until one divides; about
sqrt(n)/2 divisions when p and q are of the same size
  d  n mod d
  2        1
  3        2
  5        3
  7        6
  9        2
 11       10
 13        9
 15        8
 17        3
 19        3
 21       20
 23       13
...      ...
 47       37
 49       48
 51       20
 53        0
(11 rows left out at the "...")
trial division split n after 27 divisions:
  n = 3233
  p = 53
  q = 61
  d = 2753 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
2753
> rsa.crack(5959, method="fermat", steps=true).p
Fermat's method: n = a^2 - b^2 = (a - b)(a + b); try a from ceil(sqrt(n)) up
until a^2 - n is a square b^2: at once when p and q are close
 a  a^2 - n  square of
78      125          -
79      282          -
80      441         21
Fermat's method split n after 3 values of a:
  n = 5959
  p = 59
  q = 101
  d = 3673 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
59
> rsa.crack(8051, method="rho", steps=true).p
Pollard's rho: the walk x -> x^2 + 1 mod n repeats modulo p after about sqrt(p)
steps (the birthday paradox); the tortoise x and the hare y, twice as fast, meet
there, and gcd(x - y, n) shows p
i  x (i steps)  y (2i steps)  gcd(x - y, n)
1            5            26              1
2           26          7474              1
3          677           871             97
Pollard's rho split n after 3 steps:
  n = 8051
  p = 83
  q = 97
  d = 833 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
83
> rsa.crack(8051, method="brent", steps=true).p
Pollard-Brent: the same walk as rho, with Brent's cycle finding and one gcd for
a batch of differences multiplied together (one row per gcd)
r  steps  gcd
1      2    1
2      6   97
Pollard-Brent split n after 6 steps:
  n = 8051
  p = 83
  q = 97
  d = 833 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
83
> rsa.crack(299, method="p-1", steps=true, e=5).p
Pollard's p - 1: when every prime factor of p - 1 is at most j, p - 1 divides
j!, so a = 2^(j!) = 1 modulo p (Fermat's little theorem) and gcd(a - 1, n) shows
p
j  a = 2^(j!) mod n  gcd(a - 1, n)
2                 4              1
3                64              1
4                27             13
Pollard's p - 1 split n after 3 powers:
  n = 299
  p = 13
  q = 23
  d = 53 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
13
> w = rsa.crack(90581, method="wiener", e=17993, steps=true)
Wiener's attack: e*d - k*phi = 1, so k/d is close to e/n; when d < n^(1/4)/3 it
is one of the convergents of the continued fraction of e/n; each gives a phi to
try
k  d  phi = (e*d - 1)/k
0  1                  -
1  5              89964
Wiener's attack split n after 2 convergents:
  n = 90581
  p = 239
  q = 379
  d = 5, the denominator of that convergent
the private key is rebuilt
> w.d
5
> rsa.crack(k, method="wiener")
! ^
! error: Wiener's attack tried all 5 convergents of e/n and none gave d: d is not below n^(1/4)/3 (about 3 bits here), so this attack cannot find it
> rsa.crack(k).d
PARI's factorint split n:
  n = 3233
  p = 53
  q = 61
  d = 2753 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
2753
> rsa.decrypt(rsa.crack(k.public), c)
PARI's factorint split n:
  n = 3233
  p = 53
  q = 61
  d = 2753 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
65
> rsa.crack(6442, method="rho").p
n is even, so 2 divides it; no method needed:
  n = 6442
  p = 2
  q = 3221
  d = 1433 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
2
> rsa.crack(3331)
! ^
! error: n = '3331' is prime, so it is no RSA modulus: there is no p and q to find
> rsa.crack(15)
! ^
! error: '15' is below 256, too small for a toy key; factor(n) factors any number
> rsa.crack(-3233)
! ^
! error: '-3233' is below 256, too small for a toy key; factor(n) factors any number
> rsa.crack(3060)
! ^
! error: n = '3060' = 2 * 1530, and 1530 is not prime: n is not the product of two primes, as an RSA modulus is (factor(n) gives all its primes)
> rsa.crack(k, method="magic")
! ^
! error: rsa.crack: no method "magic"; the methods are "trial", "fermat", "rho", "brent", "p-1", "wiener" and "best"
> rsa.crack(k, e=3)
! ^
! error: rsa.crack: e= is for a bare modulus; the key has its own e
> rsa.crack(k, seconds=0)
! ^
! error: rsa.crack: 'seconds' must be from 1 to 86400, not '0'

# weak random keys fall to their method (seeded: the same every time)
> f = rsa.toy.random(128, weak="close")
> rsa.crack(f, method="fermat").p == f.p
Fermat's method split n after 1 value of a:
  n = 332053698831982777588619437256970406613
  p = 18222340651847730103
  q = 18222340651847753171
  d = 6414391606593072560249221676867205593 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
true
> sm = rsa.toy.random(128, weak="smooth")
> rsa.crack(sm, method="p-1").d == sm.d
Pollard's p - 1 split n after 60858 powers:
  n = 267051480397404141273480568085748834089
  p = 15920376554943904651
  q = 16774193718079747739
  d = 94588797388726098701838127580249166773 = e^-1 mod (p-1)*(q-1)
the private key is rebuilt
true
> wd = rsa.toy.random(256, weak="small-d")
> rsa.crack(wd.public, method="wiener").d == wd.d
Wiener's attack split n after 40 convergents:
  n = 106823137485...676668693939 (78 digits)
  p = 323445756864246353667121032192036284533
  q = 330266003551257702651996105431078606983
  d = 2478954709579898837, the denominator of that convergent
the private key is rebuilt
true
> rsa.toy.random(11)
! ^
! error: rsa.toy.random: 'bits' must be from 12 to 4096, not '11'
> rsa.toy.random(64, weak="tiny")
! ^
! error: rsa.toy.random: weak must be "none", "close" (for Fermat), "smooth" (for p - 1) or "small-d" (for Wiener), not "tiny"
> rsa.toy.random(64, e=3, weak="small-d")
! ^
! error: with weak="small-d" the key picks a small d first and e follows from it: leave e out
