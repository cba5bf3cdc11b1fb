/* Number theory over GMP, the way a textbook does it. GMP does the arithmetic
 * (mpz_gcdext, mpz_invert, mpz_powm, mpz_probab_prime_p); this file adds what
 * a student needs around it: the steps as data, and a reason when something
 * has no answer. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/bigint.h"
#include "libcore/child.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"

/* At most this many digits are written out in a message; longer numbers are
 * shortened to their first and last digits and their length. */
#define SHORT_DIGITS 40
#define SHORT_EDGE 12

const char *
bigint_short(char *buf, size_t size, const mpz_t z)
{
	size_t ndig = mpz_sizeinbase(z, 10);
	char *s;
	size_t len;

	if (ndig > SHORT_DIGITS + 2) {
		s = mpz_get_str(NULL, 10, z);
		len = strlen(s);
		if (len > SHORT_DIGITS) {
			const char *digits = s[0] == '-' ? s + 1 : s;
			size_t nd = strlen(digits);

			snprintf(buf, size, "%s%.*s...%s (%zu digits)", s[0] == '-' ? "-" : "",
				 SHORT_EDGE, digits, digits + nd - SHORT_EDGE, nd);
			free(s);
			return buf;
		}
		snprintf(buf, size, "%s", s);
		free(s);
		return buf;
	}
	gmp_snprintf(buf, size, "%Zd", z);
	return buf;
}

/* Shorthand for the messages below: Q(0, z) ... Q(3, z) quote up to four
 * numbers in one message. */
#define QBUF 64
#define Q(i, z) bigint_short(qbuf[i], QBUF, (z))
#define QDECL char qbuf[4][QBUF]

void
bigint_from_bytes(mpz_t r, const void *p, size_t n)
{
	if (n == 0)
		mpz_set_ui(r, 0);
	else
		mpz_import(r, n, 1, 1, 1, 0, p);
}

int
bigint_to_bytes(unsigned char **p, size_t *n, const mpz_t z, size_t size, struct cl_error *err)
{
	QDECL;
	size_t need = mpz_sgn(z) ? (mpz_sizeinbase(z, 2) + 7) / 8 : 0;
	size_t len = size ? size : need;
	unsigned char *buf;

	*p = NULL;
	*n = 0;
	if (mpz_sgn(z) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE,
			       "'%s' is negative; only numbers from 0 up have bytes", Q(0, z));
	if (size && need > size)
		return cl_fail(err, GPG_ERR_TOO_SHORT, "'%s' needs %zu bytes, more than %zu",
			       Q(0, z), need, size);
	if (!(buf = malloc(len + 1)))
		return cl_fail(err, GPG_ERR_ENOMEM, "out of memory");
	memset(buf, 0, len + 1);
	if (need)
		mpz_export(buf + (len - need), NULL, 1, 1, 1, 0, z);
	*p = buf;
	*n = len;
	return 0;
}

static int
check_modulus(const mpz_t m, struct cl_error *err)
{
	QDECL;

	if (mpz_sgn(m) <= 0)
		return cl_fail(err, GPG_ERR_INV_VALUE,
			       "the modulus must be a positive number, not '%s'", Q(0, m));
	if (mpz_sizeinbase(m, 2) > BIGINT_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "the modulus has %zu bits, more than the limit of %lu bits",
			       mpz_sizeinbase(m, 2), BIGINT_MAX_BITS);
	return 0;
}

/* ---- Euclid ---- */

void
bigint_egcd(mpz_t g, mpz_t x, mpz_t y, const mpz_t a, const mpz_t b)
{
	/* mpz_gcdext returns the same x, y as the table of bigint_egcd_steps
	 * (checked on millions of pairs) except for gcd(0, 0), where any x, y
	 * do and the table's are 1, 0. */
	if (mpz_sgn(a) == 0 && mpz_sgn(b) == 0) {
		mpz_set_ui(g, 0);
		mpz_set_ui(x, 1);
		mpz_set_ui(y, 0);
		return;
	}
	mpz_gcdext(g, x, y, a, b);
}

static void
egcd_row_clear(struct egcd_row *row)
{
	mpz_clears(row->a, row->b, row->q, row->r, row->s, row->t, NULL);
}

void
bigint_egcd_rows_free(struct egcd_row *rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++)
		egcd_row_clear(&rows[i]);
	free(rows);
}

int
bigint_egcd_steps(struct egcd_row **rows, size_t *nrows, const mpz_t a, const mpz_t b,
		  struct cl_error *err)
{
	QDECL;
	struct egcd_row *v = NULL;
	size_t n = 0, cap = 0, held = 0;
	mpz_t A, B, s0, t0, s1, t1;
	int ret = -1;

	*rows = NULL;
	*nrows = 0;
	if (mpz_sgn(a) < 0 || mpz_sgn(b) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE,
			       "the table is for numbers from 0 up, not '%s' and '%s'; "
			       "the gcd is the same for the numbers without their signs",
			       Q(0, a), Q(1, b));
	mpz_inits(A, B, s0, t0, s1, t1, NULL);
	mpz_set(A, a);
	mpz_set(B, b);
	mpz_set_ui(s0, 1);	/* A = 1*a + 0*b */
	mpz_set_ui(t1, 1);	/* B = 0*a + 1*b */
	while (mpz_sgn(B)) {
		struct egcd_row *row;

		if (cl_check_interrupt(err))
			goto leave;
		/* (the numbers of a row are about as long as A and the bigger of
		 * the running s and t, or of a and b) */
		held += 4 * mpz_sizeinbase(A, 2) + 2 * mpz_sizeinbase(s1, 2) + 2 * mpz_sizeinbase(t1, 2);
		if (held > BIGINT_STEPS_MAX_BITS) {
			cl_fail(err, GPG_ERR_TOO_LARGE,
				"the table would hold more than %lu MiB of numbers; egcd(a, b) gives the answer",
				BIGINT_STEPS_MAX_BITS >> 23);
			goto leave;
		}
		if (n == BIGINT_STEPS_MAX_ROWS) {
			cl_fail(err, GPG_ERR_TOO_LARGE,
				"the table would have more than %d rows; egcd(a, b) gives the answer",
				BIGINT_STEPS_MAX_ROWS);
			goto leave;
		}
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct egcd_row *nv = realloc(v, ncap * sizeof *nv);

			if (!nv) {
				cl_fail(err, GPG_ERR_ENOMEM, "out of memory");
				goto leave;
			}
			v = nv;
			cap = ncap;
		}
		row = &v[n++];
		mpz_inits(row->a, row->b, row->q, row->r, row->s, row->t, NULL);
		/* A = q*B + r, and r = s*a + t*b follows from the two rows above. */
		mpz_set(row->a, A);
		mpz_set(row->b, B);
		mpz_fdiv_qr(row->q, row->r, A, B);
		mpz_mul(row->s, row->q, s1);
		mpz_sub(row->s, s0, row->s);
		mpz_mul(row->t, row->q, t1);
		mpz_sub(row->t, t0, row->t);
		mpz_swap(A, B);
		mpz_set(B, row->r);
		mpz_swap(s0, s1);
		mpz_swap(t0, t1);
		mpz_set(s1, row->s);
		mpz_set(t1, row->t);
	}
	*rows = v;
	*nrows = n;
	v = NULL;
	n = 0;
	ret = 0;
leave:
	bigint_egcd_rows_free(v, n);
	mpz_clears(A, B, s0, t0, s1, t1, NULL);
	return ret;
}

/* ---- work that cannot be interrupted ---- */

/* GMP's mpz_powm and mpz_probab_prime_p never look at the interrupt flag.
 * Past about a tenth of a second of work they run in a child (child_run),
 * which Ctrl-C kills at once; below, a fork would cost more than it saves.
 * POWM_CHILD_WORK is in bits of the exponent times the modulus's squared:
 * 10^12 is a 10,000-bit power modulo a 10,000-bit number. */
#define POWM_CHILD_WORK 1e12
#define PRIME_CHILD_BITS 4096

struct job {
	mpz_srcptr a, e, m;
	int reps;
};

/* The job's answer: a number, as big-endian bytes (it is never negative). */
static void
write_number(FILE *out, const mpz_t z)
{
	size_t n = (mpz_sizeinbase(z, 2) + 7) / 8, got = 0;
	unsigned char *p = xmalloc(n);

	if (mpz_sgn(z))
		mpz_export(p, &got, 1, 1, 1, 0, z);
	fwrite(p, 1, got, out);
	free(p);
}

static int
powm_job(void *ctx, FILE *out, struct cl_error *err)
{
	struct job *j = ctx;
	mpz_t r;

	mpz_init(r);
	mpz_powm(r, j->a, j->e, j->m);
	write_number(out, r);
	mpz_clear(r);
	return 0;
}

/* mpz_powm, in a child when it is big; -1 with ERR after Ctrl-C. */
static int
powm(mpz_t r, const mpz_t a, const mpz_t e, const mpz_t m, struct cl_error *err)
{
	double mb = (double)mpz_sizeinbase(m, 2);
	struct job j = { .a = a, .e = e, .m = m };
	char *bytes;
	size_t n;

	if ((double)mpz_sizeinbase(e, 2) * mb * mb < POWM_CHILD_WORK) {
		mpz_powm(r, a, e, m);
		return 0;
	}
	if (child_run("the power", powm_job, &j, 0, &bytes, &n, err))
		return -1;
	bigint_from_bytes(r, bytes, n);
	free(bytes);
	return 0;
}

static int
prime_job(void *ctx, FILE *out, struct cl_error *err)
{
	struct job *j = ctx;

	fputc('0' + mpz_probab_prime_p(j->a, j->reps), out);
	return 0;
}

/* mpz_probab_prime_p (0, 1 or 2), in a child past PRIME_CHILD_BITS; -1 with
 * ERR after Ctrl-C. */
static int
probab_prime(const mpz_t n, int reps, struct cl_error *err)
{
	struct job j = { .a = n, .reps = reps };
	char *answer;
	size_t len;
	int r;

	if (mpz_sizeinbase(n, 2) <= PRIME_CHILD_BITS)
		return mpz_probab_prime_p(n, reps);
	if (child_run("the primality test", prime_job, &j, 0, &answer, &len, err))
		return -1;
	r = len == 1 ? answer[0] - '0' : 0;
	free(answer);
	return r;
}

/* ---- inverses and powers ---- */

int
bigint_invmod(mpz_t r, const mpz_t a, const mpz_t m, struct cl_error *err)
{
	QDECL;
	mpz_t g;

	if (check_modulus(m, err))
		return -1;
	mpz_init(g);
	mpz_gcd(g, a, m);
	if (mpz_cmp_ui(g, 1) != 0 && mpz_cmp_ui(m, 1) != 0) {
		cl_fail(err, GPG_ERR_NO_VALUE, "'%s' has no inverse modulo '%s' (their gcd is %s)",
			Q(0, a), Q(1, m), Q(2, g));
		mpz_clear(g);
		return -1;
	}
	mpz_clear(g);
	/* Modulo 1 every number is 0, and 0 is its own inverse there. */
	if (mpz_cmp_ui(m, 1) == 0)
		mpz_set_ui(r, 0);
	else
		mpz_invert(r, a, m);
	return 0;
}

int
bigint_powmod(mpz_t r, const mpz_t a, const mpz_t e, const mpz_t m, struct cl_error *err)
{
	QDECL;
	mpz_t inv;

	if (check_modulus(m, err))
		return -1;
	if (mpz_sgn(e) >= 0)
		return powm(r, a, e, m, err);
	/* a^-k = (a^-1)^k: mpz_powm would divide by zero without an inverse. */
	mpz_init(inv);
	if (bigint_invmod(inv, a, m, NULL)) {
		mpz_t g;

		mpz_init(g);
		mpz_gcd(g, a, m);
		cl_fail(err, GPG_ERR_NO_VALUE,
			"'%s' ^ '%s' mod '%s' needs an inverse of '%s' modulo '%s', and there is none "
			"(their gcd is %s)", Q(0, a), Q(1, e), Q(2, m), Q(0, a), Q(2, m), Q(3, g));
		mpz_clears(g, inv, NULL);
		return -1;
	}
	mpz_clear(inv);
	return powm(r, a, e, m, err);
}

void
bigint_powmod_rows_free(struct powmod_row *rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++)
		mpz_clears(rows[i].after_square, rows[i].after_multiply, NULL);
	free(rows);
}

int
bigint_powmod_steps(struct powmod_row **rows, size_t *nrows, mpz_t r, const mpz_t a,
		    const mpz_t e, const mpz_t m, struct cl_error *err)
{
	QDECL;
	struct powmod_row *v;
	size_t nbits, n = 0;
	mpz_t x, base;
	int ret = -1;

	*rows = NULL;
	*nrows = 0;
	if (check_modulus(m, err))
		return -1;
	if (mpz_sgn(e) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE,
			       "the steps are for an exponent from 0 up, not '%s'; "
			       "a ^ -k mod m is invmod(a, m) ^ k mod m", Q(0, e));
	nbits = mpz_sgn(e) ? mpz_sizeinbase(e, 2) : 0;
	if (nbits > BIGINT_STEPS_MAX_ROWS)
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "the exponent has %zu bits, and the table shows at most %d; "
			       "powmod(a, e, m) gives the answer", nbits, BIGINT_STEPS_MAX_ROWS);
	if (2.0 * (double)nbits * (double)mpz_sizeinbase(m, 2) > (double)BIGINT_STEPS_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "the table would hold %zu numbers of %zu bits, more than %lu MiB; "
			       "powmod(a, e, m) gives the answer", 2 * nbits, mpz_sizeinbase(m, 2),
			       BIGINT_STEPS_MAX_BITS >> 23);
	if (!(v = calloc(nbits ? nbits : 1, sizeof *v)))
		return cl_fail(err, GPG_ERR_ENOMEM, "out of memory");
	mpz_inits(x, base, NULL);
	mpz_mod(base, a, m);
	mpz_set_ui(x, 1);
	mpz_mod(x, x, m);
	/* Left to right: square for every bit, multiply by a when it is 1. */
	for (size_t i = nbits; i-- > 0; ) {
		struct powmod_row *row = &v[n];

		if (cl_check_interrupt(err))
			goto leave;
		mpz_inits(row->after_square, row->after_multiply, NULL);
		n++;
		row->bit = mpz_tstbit(e, i);
		mpz_mul(x, x, x);
		mpz_mod(x, x, m);
		mpz_set(row->after_square, x);
		if (row->bit) {
			mpz_mul(x, x, base);
			mpz_mod(x, x, m);
		}
		mpz_set(row->after_multiply, x);
	}
	mpz_set(r, x);
	*rows = v;
	*nrows = n;
	v = NULL;
	n = 0;
	ret = 0;
leave:
	bigint_powmod_rows_free(v, n);
	mpz_clears(x, base, NULL);
	return ret;
}

int
bigint_pow(mpz_t r, const mpz_t a, const mpz_t e, struct cl_error *err)
{
	QDECL;
	double bits;
	long ex;

	if (mpz_sgn(e) < 0) {
		if (mpz_cmpabs_ui(a, 1) == 0) {
			/* 1 and -1 are their own inverses among the integers. */
			mpz_set(r, a);
			if (mpz_sgn(a) < 0 && mpz_even_p(e))
				mpz_set_ui(r, 1);
			return 0;
		}
		if (mpz_sgn(a) == 0)
			return cl_fail(err, GPG_ERR_INV_VALUE,
				       "'0' ^ '%s' divides by zero", Q(0, e));
		return cl_fail(err, GPG_ERR_INV_VALUE,
			       "'%s' ^ '%s' is a fraction, not an integer; with a modulus, "
			       "a ^ -k mod m is the inverse of a ^ k", Q(0, a), Q(1, e));
	}
	if (mpz_cmpabs_ui(a, 1) <= 0) {
		/* 0, 1 and -1 stay small whatever the exponent. */
		if (mpz_sgn(e) == 0)
			mpz_set_ui(r, 1);
		else if (mpz_sgn(a) < 0 && mpz_even_p(e))
			mpz_set_ui(r, 1);
		else
			mpz_set(r, a);
		return 0;
	}
	/* The result has about e * log2|a| bits. */
	{
		long exp2;
		double mant = mpz_get_d_2exp(&exp2, a);

		/* A huge e gives infinity (or DBL_MAX): refused all the same. */
		bits = mpz_get_d(e) * ((double)exp2 + log2(fabs(mant)));
	}
	/* (BITS is a floating-point estimate: near the limit, the exact size of
	 * the result decides below) */
	if (bits > (double)BIGINT_MAX_BITS + 1) {
		char about[64];

		if (bits < 1e15)
			snprintf(about, sizeof about, "about %.0f", bits);
		else
			snprintf(about, sizeof about, "more than 10^15");
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "'%s' ^ '%s' would have %s bits, over the limit of %lu bits; "
			       "to compute modulo m write a ^ b mod m", Q(0, a), Q(1, e),
			       about, BIGINT_MAX_BITS);
	}
	ex = mpz_get_si(e);
	mpz_pow_ui(r, a, (unsigned long)ex);
	if (mpz_sizeinbase(r, 2) > BIGINT_MAX_BITS) {
		size_t n = mpz_sizeinbase(r, 2);

		mpz_set_ui(r, 0);
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "'%s' ^ '%s' would have %zu bits, over the limit of %lu bits; "
			       "to compute modulo m write a ^ b mod m", Q(0, a), Q(1, e), n, BIGINT_MAX_BITS);
	}
	return 0;
}

/* ---- primes ---- */

/* Repetitions for mpz_probab_prime_p: GMP (6.2 and later) runs trial
 * division, a Baillie-PSW test, then REPS - 24 Miller-Rabin rounds with
 * pseudo-random bases. */
#define PRIME_REPS 30

/* Below this bound, Miller-Rabin with the 13 smallest primes as bases is
 * exact (Sorenson and Webster 2015; OEIS A014233: this number is the
 * smallest strong pseudoprime to all of those bases). */
static const char deterministic_bound[] = "3317044064679887385961981";
static const unsigned mr_bases[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41 };

/* One strong-pseudoprime test of odd n > 2 to BASE. */
static bool
miller_rabin(const mpz_t n, unsigned long base)
{
	mpz_t d, x, nm1;
	unsigned long s;
	bool pass = false;

	mpz_inits(d, x, nm1, NULL);
	mpz_sub_ui(nm1, n, 1);
	s = mpz_scan1(nm1, 0);
	mpz_tdiv_q_2exp(d, nm1, s);	/* n - 1 = 2^s * d, d odd */
	mpz_set_ui(x, base);
	mpz_powm(x, x, d, n);
	if (mpz_cmp_ui(x, 1) == 0 || mpz_cmp(x, nm1) == 0)
		pass = true;
	for (unsigned long i = 1; i < s && !pass; i++) {
		mpz_powm_ui(x, x, 2, n);
		if (mpz_cmp(x, nm1) == 0)
			pass = true;
		else if (mpz_cmp_ui(x, 1) == 0)
			break;
	}
	mpz_clears(d, x, nm1, NULL);
	return pass;
}

int
bigint_isprime(const mpz_t n, struct cl_error *err)
{
	mpz_t bound;
	int r;

	if (mpz_cmp_ui(n, 2) < 0)
		return 0;	/* 0, 1 and the negatives are not prime */
	if (mpz_sizeinbase(n, 2) > BIGINT_TEST_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "the number has %zu bits; primality is tested up to %d bits",
			       mpz_sizeinbase(n, 2), BIGINT_TEST_MAX_BITS);
	r = probab_prime(n, PRIME_REPS, err);
	if (r != 1)
		return r;
	/* GMP says "probably"; below the bound we can be sure. */
	mpz_init_set_str(bound, deterministic_bound, 10);
	if (mpz_cmp(n, bound) < 0) {
		r = 2;
		for (size_t i = 0; i < sizeof mr_bases / sizeof mr_bases[0]; i++)
			if (mpz_cmp_ui(n, mr_bases[i]) > 0 && !miller_rabin(n, mr_bases[i])) {
				r = 0;
				break;
			}
	}
	mpz_clear(bound);
	return r;
}

int
bigint_nextprime(mpz_t r, const mpz_t n, struct cl_error *err)
{
	mpz_t c;
	int ret = -1;

	if (mpz_cmp_ui(n, 2) < 0) {
		mpz_set_ui(r, 2);
		return 0;
	}
	if (mpz_sizeinbase(n, 2) > BIGINT_PRIME_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE,
			       "the number has %zu bits; nextprime searches up to %d bits",
			       mpz_sizeinbase(n, 2), BIGINT_PRIME_MAX_BITS);
	/* Our own loop instead of mpz_nextprime, so that ctrl-c is heard. */
	mpz_init(c);
	mpz_add_ui(c, n, 1);	/* n >= 2, so c >= 3 */
	if (mpz_even_p(c))
		mpz_add_ui(c, c, 1);
	for (;;) {
		if (cl_check_interrupt(err))
			goto leave;
		if (mpz_probab_prime_p(c, PRIME_REPS))
			break;
		mpz_add_ui(c, c, 2);
	}
	mpz_set(r, c);
	ret = 0;
leave:
	mpz_clear(c);
	return ret;
}

int
bigint_randprime(mpz_t r, unsigned long bits, struct cl_error *err)
{
	mpz_t c;
	int ret = -1;

	if (bits < 2 || bits > BIGINT_PRIME_MAX_BITS)
		return cl_fail(err, GPG_ERR_INV_VALUE,
			       "a random prime can have from 2 to %d bits, not %lu",
			       BIGINT_PRIME_MAX_BITS, bits);
	mpz_init(c);
	for (;;) {
		if (cl_check_interrupt(err))
			goto leave;
		/* Top bit set so it has exactly BITS bits; odd unless it is 2 or 3. */
		random_mpz(c, bits);
		mpz_setbit(c, bits - 1);
		if (bits > 2)
			mpz_setbit(c, 0);
		if (mpz_probab_prime_p(c, PRIME_REPS))
			break;
	}
	mpz_set(r, c);
	ret = 0;
leave:
	mpz_clear(c);
	return ret;
}

/* ---- factoring ---- */

/* Factoring itself is PARI's (libcore/pari.c), and the hand-written methods
 * are the didactic attacks of libcore/rsa_toy.c; both hand their factors out
 * as an array that this frees. */
void
bigint_factors_free(mpz_t *factors, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mpz_clear(factors[i]);
	free(factors);
}
