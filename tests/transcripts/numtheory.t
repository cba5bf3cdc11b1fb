# Number theory at the prompt: gcd, extended Euclid, inverses, powers, primes, factoring.
# Where the numbers come from:
#   240, 46 -> 2 = 240*(-9) + 46*47: Wikipedia, "Extended Euclidean algorithm" (its worked table)
#   p = 61, q = 53, e = 17, d = 2753, 65 -> 2790: Wikipedia, "RSA (cryptosystem)", the example
#   other values: Python 3's own math.gcd, pow(a, e, m) and pow(a, -1, m)
#   2^64 + 1 = 274177 * 67280421310721 (Landry 1880); 561 = 3*11*17 (a Carmichael number)
#   the square-and-multiply rows of powmod.steps(65, 17, 3233): by hand, checked in Python
#   3215031751 = 151*751*28351, the smallest strong pseudoprime to bases 2, 3, 5 and 7 (OEIS A014233)

# gcd
> gcd(12, 18)
6
> gcd(-12, 18)
6
> gcd(0, 0)
0
> gcd(2^64 - 1, 2^48 - 1)
65535
> gcd(12)
! ^
! error: gcd needs the argument 'b' (type 'help gcd')
> gcd("12", 18)
! ^
! error: gcd: 'a' must be an integer, not text

# extended Euclid
> egcd(240, 46)
[2, -9, 47]
> r = egcd(17, 3120)
> r
[1, -367, 2]
> 17 * r[1] + 3120 * r[2]
1
> r[1] mod 3120
2753
> egcd.steps(240, 46)
each row divides a = q*b + r, and writes r = 240*s + 46*t
  a   b  q   r   s     t
240  46  5  10   1    -5
 46  10  4   6  -4    21
 10   6  1   4   5   -26
  6   4  1   2  -9    47
  4   2  2   0  23  -120
the last remainder before 0 is the gcd
gcd(240, 46) = 2 = 240*(-9) + 46*47
> egcd.steps(17, 3120)
each row divides a = q*b + r, and writes r = 17*s + 3120*t
   a     b    q   r     s    t
  17  3120    0  17     1    0
3120    17  183   9  -183    1
  17     9    1   8   184   -1
   9     8    1   1  -367    2
   8     1    8   0  3120  -17
the last remainder before 0 is the gcd
gcd(17, 3120) = 1 = 17*(-367) + 3120*2
> egcd.steps(5, 0)
b is 0, and every number divides 0, so the gcd is a
gcd(5, 0) = 5 = 5*1 + 0*0
> egcd.steps(0, 0)
both are 0, and gcd(0, 0) is 0 by convention
> egcd.steps(-240, 46)
! ^
! error: the table is for numbers from 0 up, not '-240' and '46'; the gcd is the same for the numbers without their signs

# inverses
> invmod(17, 3120)
2753
> invmod(3, 7)
5
> invmod(-3, 7)
2
> invmod(7, 1000000007)
142857144
> invmod(4, 8)
! ^
! error: '4' has no inverse modulo '8' (their gcd is 4)
> invmod(8, 8)
! ^
! error: '8' has no inverse modulo '8' (their gcd is 8)
> invmod(3, 0)
! ^
! error: the modulus must be a positive number, not '0'
> invmod(3, -7)
! ^
! error: the modulus must be a positive number, not '-7'
> invmod(3, 1)
0
> invmod(2^400, 2^401 + 2)
! ^
! error: '258224987808...972747493376 (121 digits)' has no inverse modulo '516449975617...945494986754 (121 digits)' (their gcd is 2)

# powers: the toy RSA of Wikipedia
> n = 61 * 53
> phi = (61 - 1) * (53 - 1)
> d = invmod(17, phi)
> d
2753
> c = powmod(65, 17, n)
> c
2790
> powmod(c, d, n)
65
> c ^ d mod n
65
> powmod(-3, 5, 7)
2
> powmod(3, -1, 7)
5
> powmod(2, 2^100, 10^9 + 7)
41558481
> powmod(5, 3, 1)
0
> powmod(4, -1, 8)
! ^
! error: '4' ^ '-1' mod '8' needs an inverse of '4' modulo '8', and there is none (their gcd is 4)
> powmod(4, 3, 0)
! ^
! error: the modulus must be a positive number, not '0'
> powmod.steps(3, 13, 17)
e = 13 is 1101 in binary; start with x = 1, then for each bit from the left
square x, and multiply by a when the bit is 1
bit  x = x*x mod 17  x = x*3 mod 17
  1               1               3
  1               9              10
  0              15               -
  1               4              12
12
> powmod.steps(65, 17, 3233)
e = 17 is 10001 in binary; start with x = 1, then for each bit from the left
square x, and multiply by a when the bit is 1
bit  x = x*x mod 3233  x = x*65 mod 3233
  1                 1                 65
  0               992                  -
  0              1232                  -
  0              1547                  -
  1               789               2790
2790
> _ == c
true
> powmod.steps(20, 5, 17)
first a = 20 mod 17 = 3
e = 5 is 101 in binary; start with x = 1, then for each bit from the left
square x, and multiply by a when the bit is 1
bit  x = x*x mod 17  x = x*3 mod 17
  1               1               3
  0               9               -
  1              13               5
5
> powmod.steps(3, 0, 17)
e = 0 has no bits: the answer is 1 mod 17
1
> powmod.steps(3, -1, 17)
! ^
! error: the steps are for an exponent from 0 up, not '-1'; a ^ -k mod m is invmod(a, m) ^ k mod m
> powmod.steps(3, 2^5000, 17)
! ^
! error: the exponent has 5001 bits, and the table shows at most 4096; powmod(a, e, m) gives the answer

# primes
> isprime(2)
prime
> isprime(1)
not prime
> isprime(-7)
not prime
> isprime(561)
composite
> isprime(3215031751)
composite
> isprime(2^61 - 1)
prime
> isprime(2^64 + 1)
composite
> isprime(2^127 - 1)
probably prime
> isprime(2^9000 + 1)
! ^
! error: the number has 9001 bits; primality is tested up to 8192 bits
> nextprime(100)
101
> nextprime(0)
2
> nextprime(2^64)
18446744073709551629
> nextprime(2^5000)
! ^
! error: the number has 5001 bits; nextprime searches up to 4096 bits
> p = randprime(128)
> bits(p)
128
> isprime(p)
probably prime
> bits(randprime(2))
2
> randprime(1)
! ^
! error: randprime: 'bits' must be from 2 to 4096, not '1'
> randprime(4097)
! ^
! error: randprime: 'bits' must be from 2 to 4096, not '4097'

# factoring
> factor(8051)
[83, 97]
> factor(360)
[2, 2, 2, 3, 3, 5]
> factor(1)
[]
> factor(561)
[3, 11, 17]
> factor(3233)
[53, 61]
> factor(2^64 + 1)
[274177, 67280421310721]
> factor(3215031751)
[151, 751, 28351]
> factor(0)
! ^
! error: '0' has no factorisation: every number divides it
> factor(-12)
! ^
! error: '-12' is negative; factor the number without its sign (its sign is the factor -1)
> factor(6 * nextprime(2^200) * nextprime(2^201), seconds=1)
! ^
! error: gave up after 1 second: found 2, 3 so far; what is left, '516449975617...863277498933 (121 digits)', has 402 bits, and PARI (ECM and the quadratic sieve) found no factor of it in that time; seconds= allows more
> factor(8051, seconds=0)
! ^
! error: factor: 'seconds' must be from 1 to 86400, not '0'
> factor(2^9000)
! ^
! error: the number has 9001 bits; factoring takes numbers up to 8192 bits

# sizes
> bits(0)
0
> bits(255)
8
> bits(256)
9
> bits(-256)
9
> bits(n)
12
> hex(255)
0xff
> hex(-255)
-0xff
> hex(0)
0x0
> hex(2^127 - 1)
0x7fffffffffffffffffffffffffffffff

# randint: random, so only its range is checked
> x = randint(1, 6)
> 1 <= x and x <= 6
true
> randint(5, 5)
5
> randint(-3, -3)
-3
> randint(6, 1)
! ^
! error: randint needs lo <= hi, but '6' is more than '1'
