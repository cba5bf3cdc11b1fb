/* Known answers for libcore/bigint.c. Where each number comes from:
 *  [W-EE]  Wikipedia, "Extended Euclidean algorithm", the worked example
 *          a = 240, b = 46: gcd 2 = 240*(-9) + 46*47, its table of q, r, s, t.
 *  [W-RSA] Wikipedia, "RSA (cryptosystem)", the example p = 61, q = 53,
 *          n = 3233, phi = 3120, e = 17, d = 2753, m = 65 -> c = 2790.
 *  [PY]    Python 3's own int arithmetic: pow(a, e, m), pow(a, -1, m),
 *          math.gcd, int.from_bytes; and a plain extended Euclid in Python
 *          (while b: q, r = divmod(a, b) ...). No GMP involved.
 *  [A014233] OEIS A014233 (Sorenson and Webster 2015, Jaeschke 1993): the
 *          smallest strong pseudoprimes to the first k prime bases; each was
 *          checked composite in Python (factors written below).
 *  [MERS]  Mersenne primes 2^61-1, 2^89-1, 2^127-1 (Lucas-Lehmer, any table).
 *  [CARM]  Carmichael numbers 561 = 3*11*17 and 1105 = 5*13*17.
 * Factoring moved to PARI (libcore/pari.c) and the didactic attacks
 * (libcore/rsa_toy.c): their known answers are in test-rsa_toy.c. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "libcore/core.h"
#include "libcore/bigint.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"


static void
test_egcd(void)
{
	mpz_t a, b, g, x, y, t;
	struct egcd_row *rows;
	size_t n;
	struct cl_error err;
	/* [W-EE] rows: a b q r s t */
	static const long want[][6] = {
		{ 240, 46, 5, 10, 1, -5 },
		{ 46, 10, 4, 6, -4, 21 },
		{ 10, 6, 1, 4, 5, -26 },
		{ 6, 4, 1, 2, -9, 47 },
		{ 4, 2, 2, 0, 23, -120 },
	};
	int same = 1;

	mpz_inits(a, b, g, x, y, t, NULL);
	mpz_set_ui(a, 240);
	mpz_set_ui(b, 46);
	bigint_egcd(g, x, y, a, b);
	ok(!mpz_cmp_ui(g, 2) && !mpz_cmp_si(x, -9) && !mpz_cmp_si(y, 47),
	   "egcd(240, 46) = 2 = 240*(-9) + 46*47 [W-EE]");
	ok(bigint_egcd_steps(&rows, &n, a, b, &err) == 0 && n == 5, "egcd.steps(240, 46) has 5 rows");
	for (size_t i = 0; i < n && i < 5; i++)
		same &= !mpz_cmp_si(rows[i].a, want[i][0]) && !mpz_cmp_si(rows[i].b, want[i][1])
			&& !mpz_cmp_si(rows[i].q, want[i][2]) && !mpz_cmp_si(rows[i].r, want[i][3])
			&& !mpz_cmp_si(rows[i].s, want[i][4]) && !mpz_cmp_si(rows[i].t, want[i][5]);
	ok(same, "the rows are Wikipedia's table [W-EE]");
	bigint_egcd_rows_free(rows, n);

	/* [PY] plain extended Euclid: egcd(3120, 17) = (1, 2, -367) */
	mpz_set_ui(a, 3120);
	mpz_set_ui(b, 17);
	bigint_egcd(g, x, y, a, b);
	ok(!mpz_cmp_ui(g, 1) && !mpz_cmp_si(x, 2) && !mpz_cmp_si(y, -367),
	   "egcd(3120, 17) = 1 = 3120*2 + 17*(-367) [PY]");
	bigint_egcd(g, x, y, b, a);
	ok(!mpz_cmp_ui(g, 1) && !mpz_cmp_si(x, -367) && !mpz_cmp_si(y, 2),
	   "egcd(17, 3120) = 1 = 17*(-367) + 3120*2 [PY]");
	ok(bigint_egcd_steps(&rows, &n, b, a, &err) == 0 && n >= 1
	   && !mpz_cmp_ui(rows[0].q, 0) && !mpz_cmp_ui(rows[0].r, 17),
	   "egcd.steps(17, 3120) starts by swapping: 17 = 0*3120 + 17");
	ok(!mpz_cmp_si(rows[n - 2].s, -367) && !mpz_cmp_si(rows[n - 2].t, 2),
	   "the last row before r = 0 holds x, y");
	bigint_egcd_rows_free(rows, n);

	/* Degenerate pairs [PY]: egcd(0, 5) = (5, 0, 1), egcd(5, 0) = (5, 1, 0). */
	mpz_set_ui(a, 0);
	mpz_set_ui(b, 5);
	bigint_egcd(g, x, y, a, b);
	ok(!mpz_cmp_ui(g, 5) && !mpz_cmp_si(x, 0) && !mpz_cmp_si(y, 1), "egcd(0, 5) = 5 = 0*0 + 5*1");
	bigint_egcd(g, x, y, b, a);
	ok(!mpz_cmp_ui(g, 5) && !mpz_cmp_si(x, 1) && !mpz_cmp_si(y, 0), "egcd(5, 0) = 5 = 5*1 + 0*0");
	ok(bigint_egcd_steps(&rows, &n, b, a, &err) == 0 && n == 0, "egcd.steps(5, 0) has no rows");
	bigint_egcd_rows_free(rows, n);
	bigint_egcd(g, x, y, a, a);
	ok(!mpz_cmp_ui(g, 0), "egcd(0, 0) = 0");

	/* Negative inputs: the identity still holds, gcd positive. */
	mpz_set_si(a, -240);
	mpz_set_ui(b, 46);
	bigint_egcd(g, x, y, a, b);
	mpz_mul(t, a, x);
	mpz_addmul(t, b, y);
	ok(!mpz_cmp_ui(g, 2) && !mpz_cmp(t, g), "egcd(-240, 46): 2 = -240*x + 46*y");
	ok(bigint_egcd_steps(&rows, &n, a, b, &err) == -1, "egcd.steps refuses negatives");
	is_str(err.msg, "the table is for numbers from 0 up, not '-240' and '46'; "
	       "the gcd is the same for the numbers without their signs", "  with a reason");

	/* Random pairs: the steps table and bigint_egcd agree, and the identity holds. */
	random_seed("test-bigint egcd", NULL);
	same = 1;
	for (int i = 0; i < 300; i++) {
		random_mpz(a, 1 + i * 7 % 700);
		random_mpz(b, 1 + i * 13 % 700);
		if (i % 10 == 0)
			mpz_mul_ui(a, b, i);
		bigint_egcd(g, x, y, a, b);
		mpz_mul(t, a, x);
		mpz_addmul(t, b, y);
		same &= !mpz_cmp(t, g);
		if (bigint_egcd_steps(&rows, &n, a, b, &err)) {
			same = 0;
			continue;
		}
		if (n)
			same &= (mpz_sgn(rows[n - 1].r) == 0 && !mpz_cmp(rows[n - 1].b, g)
				 && (n < 2 || (!mpz_cmp(rows[n - 2].s, x) && !mpz_cmp(rows[n - 2].t, y))));
		bigint_egcd_rows_free(rows, n);
	}
	ok(same, "300 random pairs: the table ends at egcd's g, x, y");
	mpz_clears(a, b, g, x, y, t, NULL);
}

static void
test_invmod_powmod(void)
{
	mpz_t a, e, m, r;
	struct cl_error err;
	struct powmod_row *rows;
	size_t n;
	int bits_ok;

	mpz_inits(a, e, m, r, NULL);
	mpz_set_ui(a, 17);
	mpz_set_ui(m, 3120);
	ok(bigint_invmod(r, a, m, &err) == 0 && !mpz_cmp_ui(r, 2753), "invmod(17, 3120) = 2753 [W-RSA]");
	mpz_set_ui(a, 3);
	mpz_set_ui(m, 11);
	ok(bigint_invmod(r, a, m, &err) == 0 && !mpz_cmp_ui(r, 4), "invmod(3, 11) = 4 [PY]");
	mpz_set_si(a, -3);
	mpz_set_ui(m, 7);
	ok(bigint_invmod(r, a, m, &err) == 0 && !mpz_cmp_ui(r, 2), "invmod(-3, 7) = 2 [PY]");
	mpz_set_ui(a, 4);
	mpz_set_ui(m, 8);
	ok(bigint_invmod(r, a, m, &err) == -1, "invmod(4, 8) fails");
	is_str(err.msg, "'4' has no inverse modulo '8' (their gcd is 4)", "  saying why");
	mpz_set_ui(m, 0);
	ok(bigint_invmod(r, a, m, &err) == -1, "invmod(4, 0) fails");
	is_str(err.msg, "the modulus must be a positive number, not '0'", "  saying why");
	mpz_set_si(m, -5);
	ok(bigint_invmod(r, a, m, &err) == -1, "invmod(4, -5) fails");
	is_str(err.msg, "the modulus must be a positive number, not '-5'", "  saying why");
	mpz_set_ui(m, 1);
	ok(bigint_invmod(r, a, m, &err) == 0 && mpz_sgn(r) == 0, "invmod(4, 1) = 0 (everything is 0 mod 1)");

	/* [W-RSA] */
	mpz_set_ui(a, 65);
	mpz_set_ui(e, 17);
	mpz_set_ui(m, 3233);
	ok(bigint_powmod(r, a, e, m, &err) == 0 && !mpz_cmp_ui(r, 2790), "powmod(65, 17, 3233) = 2790 [W-RSA]");
	mpz_set_ui(a, 2790);
	mpz_set_ui(e, 2753);
	ok(bigint_powmod(r, a, e, m, &err) == 0 && !mpz_cmp_ui(r, 65), "powmod(2790, 2753, 3233) = 65 [W-RSA]");
	/* [PY] pow(123456789, 1000003, 10**40+7) */
	zset(a, "123456789");
	zset(e, "1000003");
	zset(m, "10000000000000000000000000000000000000007");
	ok(bigint_powmod(r, a, e, m, &err) == 0, "powmod of a 40-digit modulus");
	is_str(zstr(r), "2048270936634536222788931573212007921617", "  = Python's pow [PY]");
	/* [PY] pow(-5, 3, 7) = 1; pow(3, -5, 7) = 3 */
	mpz_set_si(a, -5);
	mpz_set_ui(e, 3);
	mpz_set_ui(m, 7);
	ok(bigint_powmod(r, a, e, m, &err) == 0 && !mpz_cmp_ui(r, 1), "powmod(-5, 3, 7) = 1 [PY]");
	mpz_set_ui(a, 3);
	mpz_set_si(e, -5);
	ok(bigint_powmod(r, a, e, m, &err) == 0 && !mpz_cmp_ui(r, 3), "powmod(3, -5, 7) = 3 [PY]");
	mpz_set_ui(a, 4);
	mpz_set_si(e, -1);
	mpz_set_ui(m, 8);
	ok(bigint_powmod(r, a, e, m, &err) == -1, "powmod(4, -1, 8) fails (no crash in mpz_powm)");
	is_str(err.msg, "'4' ^ '-1' mod '8' needs an inverse of '4' modulo '8', and there is none "
	       "(their gcd is 4)", "  saying why");
	mpz_set_ui(m, 0);
	mpz_set_ui(e, 3);
	ok(bigint_powmod(r, a, e, m, &err) == -1, "powmod(4, 3, 0) fails (no division by zero)");
	mpz_set_ui(m, 1);
	ok(bigint_powmod(r, a, e, m, &err) == 0 && mpz_sgn(r) == 0, "powmod(4, 3, 1) = 0");

	/* Square and multiply: 3^13 mod 17, 13 = 1101 in binary.
	 * By hand: x=1 -> sq 1, *3 = 3 -> sq 9, *3 = 27=10 -> sq 100=15 ->
	 * sq 225=4, *3 = 12; [PY] pow(3, 13, 17) = 12. */
	mpz_set_ui(a, 3);
	mpz_set_ui(e, 13);
	mpz_set_ui(m, 17);
	ok(bigint_powmod_steps(&rows, &n, r, a, e, m, &err) == 0 && n == 4 && !mpz_cmp_ui(r, 12),
	   "powmod.steps(3, 13, 17) = 12 in 4 rows");
	{
		static const int want[4][3] = { { 1, 1, 3 }, { 1, 9, 10 }, { 0, 15, 15 }, { 1, 4, 12 } };
		int same = n == 4;

		for (size_t i = 0; i < n && i < 4; i++)
			same &= rows[i].bit == want[i][0] && !mpz_cmp_ui(rows[i].after_square, want[i][1])
				&& !mpz_cmp_ui(rows[i].after_multiply, want[i][2]);
		ok(same, "  the rows are the hand computation");
	}
	bigint_powmod_rows_free(rows, n);
	mpz_set_ui(e, 0);
	ok(bigint_powmod_steps(&rows, &n, r, a, e, m, &err) == 0 && n == 0 && !mpz_cmp_ui(r, 1),
	   "powmod.steps(3, 0, 17) = 1 with no rows");
	bigint_powmod_rows_free(rows, n);
	mpz_set_si(e, -1);
	ok(bigint_powmod_steps(&rows, &n, r, a, e, m, &err) == -1, "powmod.steps refuses a negative exponent");
	/* Random: the steps agree with mpz_powm. */
	bits_ok = 1;
	for (int i = 0; i < 100; i++) {
		mpz_t want;

		random_mpz(a, 1 + i * 5 % 300);
		random_mpz(e, i * 11 % 300);
		random_mpz(m, 1 + i * 3 % 300);
		mpz_add_ui(m, m, 1);
		if (bigint_powmod_steps(&rows, &n, r, a, e, m, &err)) {
			bits_ok = 0;
			continue;
		}
		mpz_init(want);
		mpz_powm(want, a, e, m);
		bits_ok &= !mpz_cmp(want, r) && n == (mpz_sgn(e) ? mpz_sizeinbase(e, 2) : 0);
		mpz_clear(want);
		bigint_powmod_rows_free(rows, n);
	}
	ok(bits_ok, "100 random powmod.steps agree with mpz_powm");

	/* Plain powers. [PY] 2**100 */
	mpz_set_ui(a, 2);
	mpz_set_ui(e, 100);
	ok(bigint_pow(r, a, e, &err) == 0, "2 ^ 100");
	is_str(zstr(r), "1267650600228229401496703205376", "  = 1267650600228229401496703205376 [PY]");
	mpz_set_ui(e, 10000000);
	ok(bigint_pow(r, a, e, &err) == -1, "2 ^ 10000000 is refused");
	is_str(err.msg, "'2' ^ '10000000' would have about 10000000 bits, over the limit of "
	       "1048576 bits; to compute modulo m write a ^ b mod m", "  naming the limit");
	zset(e, "1000000000000000000000000000000");
	ok(bigint_pow(r, a, e, &err) == -1, "2 ^ 10^30 is refused quickly");
	is_str(err.msg, "'2' ^ '1000000000000000000000000000000' would have more than 10^15 bits, "
	       "over the limit of 1048576 bits; to compute modulo m write a ^ b mod m", "  saying so");
	mpz_set_ui(e, 1048575);
	ok(bigint_pow(r, a, e, &err) == 0 && mpz_sizeinbase(r, 2) == 1048576, "2 ^ 1048575 fits");
	mpz_set_ui(e, 1048576);
	ok(bigint_pow(r, a, e, &err) == -1, "2 ^ 1048576, one bit over the limit, is refused");
	is_str(err.msg, "'2' ^ '1048576' would have 1048577 bits, over the limit of 1048576 bits; "
	       "to compute modulo m write a ^ b mod m", "  by the exact size of the result");
	mpz_set_ui(a, 3);
	mpz_set_ui(e, 661577);	/* 3^661577 has 1048575 bits, 3^661578 1048577 [PY: (3**n).bit_length()] */
	ok(bigint_pow(r, a, e, &err) == 0 && mpz_sizeinbase(r, 2) == 1048575, "3 ^ 661577 fits, just");
	mpz_set_ui(e, 661578);
	ok(bigint_pow(r, a, e, &err) == -1, "3 ^ 661578 is refused, just (its estimate is under the limit)");
	mpz_set_si(a, -1);
	zset(e, "1000000000000000000000000000001");
	ok(bigint_pow(r, a, e, &err) == 0 && !mpz_cmp_si(r, -1), "(-1) ^ (10^30 + 1) = -1");
	mpz_set_si(e, -2);
	ok(bigint_pow(r, a, e, &err) == 0 && !mpz_cmp_si(r, 1), "(-1) ^ -2 = 1");
	mpz_set_ui(a, 0);
	mpz_set_ui(e, 0);
	ok(bigint_pow(r, a, e, &err) == 0 && !mpz_cmp_si(r, 1), "0 ^ 0 = 1 (as Python)");
	mpz_set_ui(a, 2);
	mpz_set_si(e, -1);
	ok(bigint_pow(r, a, e, &err) == -1, "2 ^ -1 is refused");
	is_str(err.msg, "'2' ^ '-1' is a fraction, not an integer; with a modulus, "
	       "a ^ -k mod m is the inverse of a ^ k", "  pointing to mod");
	mpz_clears(a, e, m, r, NULL);
}

/* The powers and tests GMP cannot interrupt run in a child past a size:
 * same answers, and Ctrl-C (the flag) stops them. */
static void
test_big_work(void)
{
	mpz_t a, e, m, r, want;
	struct cl_error err;
	struct powmod_row *rows;
	struct egcd_row *erows;
	size_t n;

	mpz_inits(a, e, m, r, want, NULL);
	random_seed("big work", NULL);
	random_mpz(a, 16384);
	random_mpz(e, 16384);
	random_mpz(m, 16384);
	mpz_setbit(m, 16383);
	ok(bigint_powmod(r, a, e, m, &err) == 0, "a 16384-bit power modulo a 16384-bit number (in a child)");
	mpz_powm(want, a, e, m);
	ok(mpz_cmp(r, want) == 0, "  gives mpz_powm's answer");
	mpz_neg(e, e);
	mpz_setbit(m, 0);
	if (bigint_powmod(r, a, e, m, &err) == 0) {
		mpz_mul(want, want, r);	/* a^e * a^-e = 1 */
		mpz_mod(want, want, m);
		ok(mpz_cmp_ui(want, 1) == 0, "  and a negative exponent the inverse's");
	} else
		ok(strstr(err.msg, "needs an inverse"), "  and a negative exponent the inverse's (or none)");
	mpz_neg(e, e);
	cl_interrupted = 1;
	ok(bigint_powmod(r, a, e, m, &err) == -1 && err.code == GPG_ERR_CANCELED, "Ctrl-C stops it");
	/* [MERS] 2^4423-1 is a Mersenne prime: past 4096 bits, tested in a child */
	mpz_set_ui(a, 1);
	mpz_mul_2exp(a, a, 4423);
	mpz_sub_ui(a, a, 1);
	ok(bigint_isprime(a, &err) == -1 && err.code == GPG_ERR_CANCELED, "Ctrl-C stops a big primality test");
	cl_interrupted = 0;
	ok(bigint_isprime(a, &err) == 1, "2^4423-1 is probably prime (in a child) [MERS]");
	mpz_add_ui(a, a, 2);
	ok(bigint_isprime(a, &err) == 0, "2^4423+1 is composite (3 divides it)");

	/* steps tables hold a few MiB of numbers, not gigabytes */
	mpz_set_ui(a, 3);
	mpz_set_ui(e, 1);
	mpz_mul_2exp(e, e, 4096);
	mpz_sub_ui(e, e, 1);
	mpz_set_ui(m, 1);
	mpz_mul_2exp(m, m, 262144);
	mpz_add_ui(m, m, 1);
	ok(bigint_powmod_steps(&rows, &n, r, a, e, m, &err) == -1, "powmod.steps(3, 2^4096-1, 2^262144+1) is refused");
	is_str(err.msg, "the table would hold 8192 numbers of 262145 bits, more than 8 MiB; powmod(a, e, m) "
	       "gives the answer", "  saying why");
	mpz_set_ui(a, 1);
	mpz_mul_2exp(a, a, 1000000);
	mpz_add_ui(a, a, 1);
	mpz_ui_pow_ui(e, 3, 600000);
	ok(bigint_egcd_steps(&erows, &n, a, e, &err) == -1, "egcd.steps of two million-bit numbers is refused");
	is_str(err.msg, "the table would hold more than 8 MiB of numbers; egcd(a, b) gives the answer",
	       "  saying why");
	mpz_clears(a, e, m, r, want, NULL);
}

static int
isprime_of(const char *dec)
{
	mpz_t n;
	int r;

	mpz_init(n);
	zset(n, dec);
	r = bigint_isprime(n, NULL);
	mpz_clear(n);
	return r;
}

static void
test_primes(void)
{
	mpz_t n, r;
	struct cl_error err;
	int all;

	mpz_inits(n, r, NULL);
	ok(isprime_of("0") == 0 && isprime_of("1") == 0 && isprime_of("-7") == 0, "0, 1, -7 are not prime");
	ok(isprime_of("2") == 2 && isprime_of("3") == 2 && isprime_of("97") == 2, "2, 3, 97 are prime");
	ok(isprime_of("561") == 0 && isprime_of("1105") == 0, "Carmichael 561, 1105 are composite [CARM]");
	ok(isprime_of("2305843009213693951") == 2, "2^61-1 is certainly prime [MERS]");
	ok(isprime_of("18446744073709551629") == 2, "2^64+13 is certainly prime (below the bound) [PY]");
	ok(isprime_of("618970019642690137449562111") == 1, "2^89-1 is probably prime (above the bound) [MERS]");
	ok(isprime_of("170141183460469231731687303715884105727") == 1,
	   "2^127-1 is probably prime (above the bound) [MERS]");
	ok(isprime_of("18446744073709551557") == 2, "2^64-59, the largest prime below 2^64, is prime [PY]");
	/* [A014233] strong pseudoprimes, all composite */
	ok(isprime_of("3215031751") == 0, "3215031751 = 151*21291601 is composite [A014233]");
	ok(isprime_of("3825123056546413051") == 0,
	   "3825123056546413051 = 149491*25587647795161 is composite [A014233]");
	ok(isprime_of("318665857834031151167461") == 0,
	   "318665857834031151167461 = 399165290221*798330580441 is composite [A014233]");
	ok(isprime_of("3317044064679887385961981") == 0,
	   "3317044064679887385961981 = 1287836182261*2575672364521 is composite [A014233]");
	ok(isprime_of("937991847617075921") == 0, "a 60-bit semiprime is composite [GEN]");

	mpz_set_ui(n, 100);
	ok(bigint_nextprime(r, n, &err) == 0 && !mpz_cmp_ui(r, 101), "nextprime(100) = 101");
	mpz_set_ui(n, 101);
	ok(bigint_nextprime(r, n, &err) == 0 && !mpz_cmp_ui(r, 103), "nextprime(101) = 103 (strictly greater)");
	mpz_set_si(n, -10);
	ok(bigint_nextprime(r, n, &err) == 0 && !mpz_cmp_ui(r, 2), "nextprime(-10) = 2");
	mpz_set_ui(n, 2);
	ok(bigint_nextprime(r, n, &err) == 0 && !mpz_cmp_ui(r, 3), "nextprime(2) = 3");
	zset(n, "18446744073709551616");
	ok(bigint_nextprime(r, n, &err) == 0, "nextprime(2^64)");
	is_str(zstr(r), "18446744073709551629", "  = 2^64+13 [PY]");
	zset(n, "618970019642690137449562111");
	ok(bigint_nextprime(r, n, &err) == 0, "nextprime(2^89-1)");
	is_str(zstr(r), "618970019642690137449562141", "  = 618970019642690137449562141 [PY]");

	all = 1;
	for (unsigned long bits = 2; bits <= 300; bits += (bits < 20 ? 1 : 37)) {
		if (bigint_randprime(r, bits, &err)) {
			all = 0;
			continue;
		}
		all &= mpz_sizeinbase(r, 2) == bits && mpz_probab_prime_p(r, 30);
	}
	ok(all, "randprime(bits) has exactly BITS bits and is prime, 2..300");
	ok(bigint_randprime(r, 1, &err) == -1, "randprime(1) is refused");
	is_str(err.msg, "a random prime can have from 2 to 4096 bits, not 1", "  saying the range");
	ok(bigint_randprime(r, 4097, &err) == -1, "randprime(4097) is refused");
	mpz_clears(n, r, NULL);
}

static void
test_bytes(void)
{
	mpz_t z;
	unsigned char *p;
	size_t n;
	struct cl_error err;
	char s[64];

	mpz_init(z);
	/* [PY] int.from_bytes(b"hello", "big") */
	bigint_from_bytes(z, "hello", 5);
	is_str(zstr(z), "448378203247", "bytes 'hello' are 448378203247 [PY]");
	bigint_from_bytes(z, "h\xc3\xa9llo", 6);
	is_str(zstr(z), "115189570366575", "UTF-8 of 'h\\u00e9llo' is 115189570366575 [PY]");
	ok(bigint_to_bytes(&p, &n, z, 0, &err) == 0 && n == 6 && !memcmp(p, "h\xc3\xa9llo", 7),
	   "and back, NUL-terminated");
	free(p);
	ok(bigint_to_bytes(&p, &n, z, 8, &err) == 0 && n == 8 && !memcmp(p, "\0\0h\xc3\xa9llo", 9),
	   "padded to 8 bytes");
	free(p);
	ok(bigint_to_bytes(&p, &n, z, 5, &err) == -1, "does not fit in 5 bytes");
	is_str(err.msg, "'115189570366575' needs 6 bytes, more than 5", "  saying so");
	bigint_from_bytes(z, "", 0);
	ok(mpz_sgn(z) == 0, "no bytes are 0");
	ok(bigint_to_bytes(&p, &n, z, 0, &err) == 0 && n == 0 && p[0] == 0, "0 is no bytes");
	free(p);
	mpz_set_si(z, -1);
	ok(bigint_to_bytes(&p, &n, z, 0, &err) == -1 && p == NULL, "-1 has no bytes");

	mpz_ui_pow_ui(z, 10, 100);
	is_str(bigint_short(s, sizeof s, z), "100000000000...000000000000 (101 digits)",
	       "a long number is shortened in messages");
	mpz_neg(z, z);
	is_str(bigint_short(s, sizeof s, z), "-100000000000...000000000000 (101 digits)", "  with its sign");
	mpz_set_si(z, -42);
	is_str(bigint_short(s, sizeof s, z), "-42", "a short one is not");
	mpz_clear(z);
}

int
main(void)
{
	if (core_init(NULL))
		skip_all("libgcrypt did not start");
	test_egcd();
	test_invmod_powmod();
	test_big_work();
	test_primes();
	test_bytes();
	done_testing();
}
