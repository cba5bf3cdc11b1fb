/* Number theory at the top level (over libcore/bigint.c): gcd and Euclid's
 * table, inverses, modular powers and square-and-multiply, primes, factoring,
 * sizes and random integers. */
#include <config.h>
#include <stdio.h>	/* before gmp.h, which then declares gmp_fprintf */
#include <stdlib.h>
#include <string.h>
#include "libcore/bigint.h"
#include "libcore/pari.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/render.h"
#include "repl/session.h"

#define ZARG(i) (c->arg[(i)]->u.z)

/* A list of integers; takes the mpz values over (they are left cleared). */
static struct value *
int_list(mpz_t *z, size_t n)
{
	struct value **items = xmalloc((n ? n : 1) * sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[i] = value_int_take(z[i]);
	return value_list(items, n);
}

static int
b_gcd(struct call *c, struct value **out)
{
	mpz_t g;

	mpz_init(g);
	mpz_gcd(g, ZARG(0), ZARG(1));
	*out = value_int_take(g);
	return 0;
}

static int
b_egcd(struct call *c, struct value **out)
{
	mpz_t r[3];

	mpz_inits(r[0], r[1], r[2], NULL);
	bigint_egcd(r[0], r[1], r[2], ZARG(0), ZARG(1));
	*out = int_list(r, 3);
	return 0;
}

/* "-9" in a product is written "(-9)". */
static void
print_factor(FILE *out, const mpz_t z)
{
	gmp_fprintf(out, mpz_sgn(z) < 0 ? "(%Zd)" : "%Zd", z);
}

static int
b_egcd_steps(struct call *c, struct value **out)
{
	struct session *s = c->s;
	struct egcd_row *rows;
	size_t n;
	struct table t = { .ncols = 6 };
	mpz_t g, x, y;

	if (bigint_egcd_steps(&rows, &n, ZARG(0), ZARG(1), c->err))
		return -1;
	if (n) {
		gmp_fprintf(s->out, "%seach row divides a = q*b + r, and writes r = %Zd*s + %Zd*t%s\n",
			    color(s, COL_DIM), ZARG(0), ZARG(1), color(s, COL_RESET));
		table_add(&t, (char *[]){ cell_s("a"), cell_s("b"), cell_s("q"), cell_s("r"),
					  cell_s("s"), cell_s("t") });
		for (size_t i = 0; i < n; i++)
			table_add(&t, (char *[]){ cell_z(rows[i].a), cell_z(rows[i].b), cell_z(rows[i].q),
						  cell_z(rows[i].r), cell_z(rows[i].s), cell_z(rows[i].t) });
		render_table(s, &t);
		table_free(&t);
	}
	bigint_egcd_rows_free(rows, n);

	mpz_inits(g, x, y, NULL);
	bigint_egcd(g, x, y, ZARG(0), ZARG(1));
	if (mpz_sgn(g) == 0)
		fprintf(s->out, "both are 0, and gcd(0, 0) is 0 by convention\n");
	else {
		if (n == 0)
			fprintf(s->out, "b is 0, and every number divides 0, so the gcd is a\n");
		else if (n == 1)
			fprintf(s->out, "the remainder is 0 at once, so the gcd is b\n");
		else
			fprintf(s->out, "the last remainder before 0 is the gcd\n");
		gmp_fprintf(s->out, "%sgcd(%Zd, %Zd) = %Zd = %Zd*", color(s, COL_BOLD), ZARG(0), ZARG(1),
			    g, ZARG(0));
		print_factor(s->out, x);
		gmp_fprintf(s->out, " + %Zd*", ZARG(1));
		print_factor(s->out, y);
		fprintf(s->out, "%s\n", color(s, COL_RESET));
	}
	mpz_clears(g, x, y, NULL);
	*out = value_nil();
	return 0;
}

static int
b_invmod(struct call *c, struct value **out)
{
	mpz_t r;

	mpz_init(r);
	return return_int(out, r, bigint_invmod(r, ZARG(0), ZARG(1), c->err));
}

static int
b_powmod(struct call *c, struct value **out)
{
	mpz_t r;

	mpz_init(r);
	return return_int(out, r, bigint_powmod(r, ZARG(0), ZARG(1), ZARG(2), c->err));
}

static int
b_powmod_steps(struct call *c, struct value **out)
{
	struct session *s = c->s;
	struct powmod_row *rows;
	size_t n;
	struct table t = { .ncols = 3 };
	mpz_t r, base;
	char *bin, *hsq, *hmul;

	mpz_init(r);
	if (bigint_powmod_steps(&rows, &n, r, ZARG(0), ZARG(1), ZARG(2), c->err)) {
		mpz_clear(r);
		return -1;
	}
	mpz_init(base);
	mpz_mod(base, ZARG(0), ZARG(2));
	fputs(color(s, COL_DIM), s->out);
	if (mpz_cmp(base, ZARG(0)) != 0)
		gmp_fprintf(s->out, "first a = %Zd mod %Zd = %Zd\n", ZARG(0), ZARG(2), base);
	if (n == 0) {
		gmp_fprintf(s->out, "e = 0 has no bits: the answer is 1 mod %Zd%s\n", ZARG(2),
			    color(s, COL_RESET));
	} else {
		bin = mpz_get_str(NULL, 2, ZARG(1));
		gmp_fprintf(s->out, "e = %Zd is %s in binary; start with x = 1, then for each bit from "
			    "the left\nsquare x, and multiply by a when the bit is 1%s\n", ZARG(1), bin,
			    color(s, COL_RESET));
		free(bin);
		if (gmp_asprintf(&hsq, "x = x*x mod %Zd", ZARG(2)) < 0
		    || gmp_asprintf(&hmul, "x = x*%Zd mod %Zd", base, ZARG(2)) < 0)
			xalloc_die();
		table_add(&t, (char *[]){ cell_s("bit"), hsq, hmul });
		for (size_t i = 0; i < n; i++)
			table_add(&t, (char *[]){ cell_s(rows[i].bit ? "1" : "0"), cell_z(rows[i].after_square),
						  rows[i].bit ? cell_z(rows[i].after_multiply) : cell_s("-") });
		render_table(s, &t);
		table_free(&t);
	}
	bigint_powmod_rows_free(rows, n);
	mpz_clear(base);
	*out = value_int_take(r);
	return 0;
}

/* ---- primes ---- */

static int
b_isprime(struct call *c, struct value **out)
{
	int r;

	if (mpz_cmp_ui(ZARG(0), 2) < 0) {
		*out = value_cstr("not prime");
		return 0;
	}
	if ((r = bigint_isprime(ZARG(0), c->err)) < 0)
		return -1;
	*out = value_cstr(r == 2 ? "prime" : r == 1 ? "probably prime" : "composite");
	return 0;
}

static int
b_nextprime(struct call *c, struct value **out)
{
	mpz_t r;

	mpz_init(r);
	return return_int(out, r, bigint_nextprime(r, ZARG(0), c->err));
}

static int
b_randprime(struct call *c, struct value **out)
{
	unsigned long bits;
	mpz_t r;

	if (arg_ulong(c, 0, 2, BIGINT_PRIME_MAX_BITS, &bits))
		return -1;
	mpz_init(r);
	return return_int(out, r, bigint_randprime(r, bits, c->err));
}

static int
b_factor(struct call *c, struct value **out)
{
	unsigned long secs;
	mpz_t *f;
	size_t n;

	if (arg_ulong(c, 1, 1, 86400, &secs))
		return -1;
	if (pari_factor(&f, &n, ZARG(0), (double)secs, c->err))
		return -1;
	*out = int_list(f, n);
	free(f);	/* the values took the numbers over */
	return 0;
}

static int
b_bits(struct call *c, struct value **out)
{
	*out = value_int_si(mpz_sgn(ZARG(0)) ? (long)mpz_sizeinbase(ZARG(0), 2) : 0);
	return 0;
}

static int
b_randint(struct call *c, struct value **out)
{
	char q[2][64];
	mpz_t span, r;

	if (mpz_cmp(ZARG(0), ZARG(1)) > 0)
		return cl_fail(c->err, GPG_ERR_INV_VALUE,
			       "randint needs lo <= hi, but '%s' is more than '%s'",
			       bigint_short(q[0], sizeof q[0], ZARG(0)), bigint_short(q[1], sizeof q[1], ZARG(1)));
	mpz_inits(span, r, NULL);
	mpz_sub(span, ZARG(1), ZARG(0));
	mpz_add_ui(span, span, 1);
	if (mpz_sizeinbase(span, 2) > BIGINT_MAX_BITS) {
		mpz_clears(span, r, NULL);
		return cl_fail(c->err, GPG_ERR_TOO_LARGE, "the range is over the limit of %lu bits",
			       BIGINT_MAX_BITS);
	}
	random_below(r, span);
	mpz_add(r, r, ZARG(0));
	mpz_clear(span);
	*out = value_int_take(r);
	return 0;
}

#define INT(n) { .name = (n), .types = T_INT }

static const struct builtin entries[] = {
	{
		.name = "gcd",
		.params = { INT("a"), INT("b") },
		.summary = "greatest common divisor of two integers",
		.help = "The largest number that divides both A and B, found by Euclid's algorithm: "
			"divide, keep the remainder, and repeat with the divisor and the remainder until "
			"the remainder is 0. Two numbers are *coprime* when their gcd is 1, and exactly then "
			"A has an inverse modulo B (see `invmod`). Signs are ignored; `gcd(0, 0)` is 0.",
		.example = "gcd(12, 18); gcd(17, 3120)",
		.expect = "6\n1",
		.fn = b_gcd,
	},
	{
		.name = "egcd",
		.params = { INT("a"), INT("b") },
		.summary = "extended Euclid: [g, x, y] with a*x + b*y = g",
		.help = "Besides g = gcd(A, B), the extended Euclidean algorithm finds whole numbers X "
			"and Y with A*X + B*Y = g (Bezout's identity). When g is 1, X is the inverse of A "
			"modulo B: that is how `invmod` works and how toy RSA finds d from e and phi. "
			"`egcd.steps(a, b)` shows the whole table.",
		.example = "r = egcd(240, 46); r; 240*r[1] + 46*r[2]",
		.expect = "[2, -9, 47]\n2",
		.fn = b_egcd,
	},
	{
		.name = "egcd.steps",
		.params = { INT("a"), INT("b") },
		.summary = "print the extended Euclid table, row by row",
		.help = "Prints the extended Euclidean algorithm the way a textbook lays it out. Each "
			"row divides: a = q*b + r, and the next row divides b by r. Beside each remainder r "
			"the columns s and t say how to write it from the two starting numbers: "
			"r = A*s + B*t. The last remainder before 0 is the gcd, and its s and t are the x "
			"and y that `egcd` returns. For numbers from 0 up; returns nothing.",
		.example = "egcd.steps(240, 46)",
		.expect = "each row divides a = q*b + r, and writes r = 240*s + 46*t\n"
			  "  a   b  q   r   s     t\n"
			  "240  46  5  10   1    -5\n"
			  " 46  10  4   6  -4    21\n"
			  " 10   6  1   4   5   -26\n"
			  "  6   4  1   2  -9    47\n"
			  "  4   2  2   0  23  -120\n"
			  "the last remainder before 0 is the gcd\n"
			  "gcd(240, 46) = 2 = 240*(-9) + 46*47",
		.fn = b_egcd_steps,
	},
	{
		.name = "invmod",
		.params = { INT("a"), INT("m") },
		.summary = "the inverse of a modulo m: x with a*x mod m = 1",
		.help = "The number X from 0 to M-1 with A*X mod M = 1, the \"division\" of modular "
			"arithmetic. It exists exactly when gcd(A, M) = 1, and the extended Euclidean "
			"algorithm finds it (`egcd.steps` shows how). In toy RSA the private exponent is "
			"d = invmod(e, phi). `a ^ -1 mod m` is the same number.",
		.example = "invmod(17, 3120); 17 * 2753 mod 3120",
		.expect = "2753\n1",
		.fn = b_invmod,
	},
	{
		.name = "powmod",
		.params = { INT("a"), INT("e"), INT("m") },
		.summary = "a^e mod m, without ever computing a^e",
		.help = "A^E mod M, computed by square-and-multiply and reducing after every step, so "
			"the numbers never grow beyond M even when E has hundreds of digits. The same as "
			"writing `a ^ e mod m`. A negative E uses the inverse of A. `powmod.steps` shows the "
			"steps. In RSA, encrypting is powmod(m, e, n) and decrypting powmod(c, d, n).",
		.example = "powmod(65, 17, 3233); 2790 ^ 2753 mod 3233",
		.expect = "2790\n65",
		.fn = b_powmod,
	},
	{
		.name = "powmod.steps",
		.params = { INT("a"), INT("e"), INT("m") },
		.summary = "show square-and-multiply, return a^e mod m",
		.help = "Shows how a computer finds A^E mod M quickly. Write E in binary and start with "
			"x = 1. For each bit from the left, square x; when the bit is 1, also multiply by A. "
			"Reduce modulo M after every step. That is one row per bit: a 2048-bit exponent "
			"needs about 2048 squarings and multiplications, not 2^2048 of them.",
		.example = "powmod.steps(3, 13, 17)",
		.expect = "e = 13 is 1101 in binary; start with x = 1, then for each bit from the left\n"
			  "square x, and multiply by a when the bit is 1\n"
			  "bit  x = x*x mod 17  x = x*3 mod 17\n"
			  "  1               1               3\n"
			  "  1               9              10\n"
			  "  0              15               -\n"
			  "  1               4              12\n"
			  "12",
		.fn = b_powmod_steps,
	},
	{
		.name = "isprime",
		.params = { INT("n") },
		.summary = "\"prime\", \"probably prime\" or \"composite\" (\"not prime\" below 2)",
		.help = "Tests N with GMP: trial division by small primes, then the Baillie-PSW test "
			"and 6 more Miller-Rabin rounds with random bases. A Miller-Rabin round can only "
			"prove a number composite; a composite passes one round with probability at most "
			"1/4, and no number is known that passes Baillie-PSW. So the answer is honest: "
			"\"composite\" is certain; \"prime\" is certain too and is given below "
			"3317044064679887385961981 (about 2^81), where Miller-Rabin with the 13 smallest "
			"prime bases is proven exact; above that it says \"probably prime\". 0, 1 and "
			"negative numbers are \"not prime\". Numbers up to 8192 bits.",
		.example = "isprime(97); isprime(561); isprime(2^127 - 1)",
		.expect = "prime\ncomposite\nprobably prime",
		.fn = b_isprime,
	},
	{
		.name = "nextprime",
		.params = { INT("n") },
		.summary = "the smallest prime greater than n",
		.help = "Tries N+1, N+2, ... with the test of `isprime` until one passes. Above about "
			"2^81 the result is a probable prime, like every prime that real RSA keys use. "
			"Works up to 4096 bits; Ctrl-C stops it.",
		.example = "nextprime(100); nextprime(2^64)",
		.expect = "101\n18446744073709551629",
		.fn = b_nextprime,
	},
	{
		.name = "randprime",
		.params = { INT("bits") },
		.summary = "a random prime with exactly BITS bits",
		.help = "Draws random odd numbers with the top bit set (so the prime has exactly BITS "
			"bits, as an RSA prime must) until one passes the test of `isprime`. About one in "
			"0.35*BITS odd numbers is prime, so a 1024-bit prime takes a few hundred tries. "
			"BITS can be from 2 to 4096; 4096 takes a few seconds.",
		.example = "p = randprime(64); bits(p); isprime(p)",
		.expect = "64\nprime",
		.fn = b_randprime,
	},
	{
		.name = "factor",
		.params = { INT("n"), { .name = "seconds", .types = T_INT, .def = "10" } },
		.summary = "prime factors of n, smallest first, repeated",
		.help = "Splits N into primes with PARI/GP's factorint, the tool of a real attacker: "
			"trial division, Pollard's rho and SQUFOF for small factors, then the elliptic curve "
			"method (ECM) and the quadratic sieve. A product of two 100-bit primes falls in "
			"seconds; an RSA modulus of 2048 bits is far beyond any computer, and that is why RSA "
			"is safe (`rsa.timing()` measures and extrapolates). The work runs in a separate "
			"process: after SECONDS (from 1) it gives up, and Ctrl-C stops it at once. The "
			"hand-written methods are `rsa.crack`'s, to watch step by step. Numbers up to "
			"8192 bits.",
		.example = "factor(8051); factor(360)",
		.expect = "[83, 97]\n[2, 2, 2, 3, 3, 5]",
		.fn = b_factor,
	},
	{
		.name = "bits",
		.params = { INT("n") },
		.summary = "how many binary digits n has",
		.help = "The length of N in binary, without its sign; bits(0) is 0. A number with k "
			"bits is from 2^(k-1) to 2^k - 1. RSA key sizes are counted this way: a 2048-bit "
			"modulus n has bits(n) = 2048.",
		.example = "bits(255); bits(256)",
		.expect = "8\n9",
		.fn = b_bits,
	},
	{
		.name = "randint",
		.params = { INT("lo"), INT("hi") },
		.summary = "a random integer from lo to hi, both included",
		.help = "Every number from LO to HI is equally likely. The randomness is libgcrypt's "
			"strong generator, or, when cryptolab was started with `--seed`, a repeatable one "
			"for demonstrations (not secret then). Use it for private exponents: "
			"a = randint(2, p - 2).",
		.example = "x = randint(1, 6); 1 <= x and x <= 6",
		.expect = "true",
		.fn = b_randint,
	},
	{ 0 }
};

const struct builtin_ns ns_numbers = { .name = "", .key = "numbers", .topic = "Numbers", .entries = entries };
