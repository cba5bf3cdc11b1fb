/* Toy RSA and the attacks on it, over GMP. See rsa_toy.h. */
#include <config.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include "libcore/rsa_toy.h"
#include "libcore/bigint.h"
#include "libcore/clock.h"
#include "libcore/interrupt.h"
#include "libcore/pari.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"

/* Numbers quoted in messages, shortened when long: Q(0, z) ... Q(3, z). */
#define QBUF 64
#define Q(i, z) bigint_short(qbuf[i], QBUF, (z))
#define QDECL char qbuf[4][QBUF]

void
rsa_toy_init(struct rsa_toy *k)
{
	k->is_private = false;
	mpz_inits(k->n, k->e, k->p, k->q, k->phi, k->lambda, k->d, k->dp, k->dq, k->qinv, NULL);
}

void
rsa_toy_clear(struct rsa_toy *k)
{
	mpz_clears(k->n, k->e, k->p, k->q, k->phi, k->lambda, k->d, k->dp, k->dq, k->qinv, NULL);
}

/* ---- making a key ---- */

/* The smallest prime factor of N when it is below this (for the message). */
#define SMALL_FACTOR_LIMIT 1000000UL

static int
check_prime(const char *name, const mpz_t x, struct cl_error *err)
{
	QDECL;
	int r;

	if (mpz_cmp_ui(x, 2) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "%s = '%s' is not prime: a prime is a whole number "
			       "from 2 up whose only divisors are 1 and itself", name, Q(0, x));
	if (mpz_sizeinbase(x, 2) > RSA_TOY_MAX_PRIME_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%s has %zu bits; a toy key takes primes of up to "
			       "%d bits", name, mpz_sizeinbase(x, 2), RSA_TOY_MAX_PRIME_BITS);
	if ((r = bigint_isprime(x, err)) < 0)
		return -1;
	if (r > 0)
		return 0;
	for (unsigned long f = 2; f < SMALL_FACTOR_LIMIT && mpz_cmp_ui(x, f * f) >= 0; f += 1 + (f > 2)) {
		if (mpz_divisible_ui_p(x, f)) {
			mpz_t co;

			mpz_init(co);
			mpz_divexact_ui(co, x, f);
			cl_fail(err, GPG_ERR_INV_VALUE, "%s = '%s' is not prime: it is %lu * %s; "
				"nextprime(%s) gives the next prime", name, Q(0, x), f, Q(1, co), name);
			mpz_clear(co);
			return -1;
		}
	}
	return cl_fail(err, GPG_ERR_INV_VALUE, "%s = '%s' is not prime (a Miller-Rabin test proves it "
		       "composite); nextprime(%s) gives the next prime", name, Q(0, x), name);
}

/* e odd, from 3 up, not too large. */
static int
check_e(const mpz_t e, struct cl_error *err)
{
	QDECL;

	if (mpz_cmp_ui(e, 1) == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "e = 1 would leave every message as it is "
			       "(m ^ 1 = m); take an odd e from 3 up: 3, 17 and 65537 are usual");
	if (mpz_sgn(e) <= 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "e must be an odd number from 3 up, not '%s'",
			       Q(0, e));
	if (mpz_even_p(e))
		return cl_fail(err, GPG_ERR_INV_VALUE, "e = '%s' is even, and phi = (p-1)*(q-1) is always "
			       "even, so they share the factor 2 and e has no inverse d; take an odd e "
			       "such as 17 or 65537", Q(0, e));
	if (mpz_sizeinbase(e, 2) > RSA_TOY_MAX_E_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "e has %zu bits; a toy key takes e of up to %d bits",
			       mpz_sizeinbase(e, 2), RSA_TOY_MAX_E_BITS);
	return 0;
}

static int
check_n_size(const mpz_t n, struct cl_error *err)
{
	QDECL;

	if (mpz_cmp_ui(n, RSA_TOY_MIN_N) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "n = '%s' is below %d: a message must be a number "
			       "below n, and one byte of text (0 to 255) would not fit; choose primes whose "
			       "product is at least %d (61 and 53, or 17 and 19)", Q(0, n), RSA_TOY_MIN_N,
			       RSA_TOY_MIN_N);
	return 0;
}

int
rsa_toy_make(struct rsa_toy *k, const mpz_t p, const mpz_t q, const mpz_t e, struct cl_error *err)
{
	QDECL;
	mpz_t g, pm1, qm1, t;
	int ret = -1;

	if (check_prime("p", p, err) || check_prime("q", q, err))
		return -1;
	if (mpz_cmp(p, q) == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "p and q are both '%s': n = p^2 falls to a square "
			       "root (sqrt(n) = p), and its phi is p*(p-1), not (p-1)^2; choose two "
			       "different primes", Q(0, p));
	if (check_e(e, err))
		return -1;
	mpz_inits(g, pm1, qm1, t, NULL);
	mpz_mul(k->n, p, q);
	if (check_n_size(k->n, err))
		goto leave;
	mpz_sub_ui(pm1, p, 1);
	mpz_sub_ui(qm1, q, 1);
	mpz_mul(k->phi, pm1, qm1);
	mpz_gcd(g, e, k->phi);
	if (mpz_cmp_ui(g, 1) != 0) {
		/* Name the factor, and where it comes from. */
		const char *where;

		mpz_gcd(t, e, pm1);
		if (mpz_cmp_ui(t, 1) != 0) {
			where = "p - 1";
			mpz_set(t, pm1);
		} else {
			where = "q - 1";
			mpz_set(t, qm1);
		}
		cl_fail(err, GPG_ERR_INV_VALUE, "e = '%s' and phi = (p-1)*(q-1) = '%s' share the factor %s "
			"(it divides %s = %s), so e has no inverse modulo phi and there is no d; "
			"choose another e (17 and 65537 are usual) or other primes",
			Q(0, e), Q(1, k->phi), Q(2, g), where, Q(3, t));
		goto leave;
	}
	mpz_lcm(k->lambda, pm1, qm1);
	mpz_mod(t, e, k->lambda);
	if (mpz_cmp_ui(t, 1) == 0) {
		cl_fail(err, GPG_ERR_INV_VALUE, "e = '%s' is 1 more than a multiple of lambda = lcm(p-1, q-1) "
			"= '%s', so m ^ e mod n = m for every m: encryption would change nothing; "
			"choose another e", Q(0, e), Q(1, k->lambda));
		goto leave;
	}
	mpz_set(k->p, p);
	mpz_set(k->q, q);
	mpz_set(k->e, e);
	mpz_invert(k->d, e, k->phi);
	mpz_mod(k->dp, k->d, pm1);
	mpz_mod(k->dq, k->d, qm1);
	mpz_invert(k->qinv, q, p);
	k->is_private = true;
	ret = 0;
leave:
	mpz_clears(g, pm1, qm1, t, NULL);
	return ret;
}

void
rsa_toy_public(struct rsa_toy *pub, const struct rsa_toy *k)
{
	pub->is_private = false;
	mpz_set(pub->n, k->n);
	mpz_set(pub->e, k->e);
}

int
rsa_toy_public_make(struct rsa_toy *pub, const mpz_t n, const mpz_t e, struct cl_error *err)
{
	if (check_n_size(n, err) || check_e(e, err))
		return -1;
	if (mpz_sizeinbase(n, 2) > BIGINT_TEST_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "n has %zu bits; toy keys go up to %d bits",
			       mpz_sizeinbase(n, 2), BIGINT_TEST_MAX_BITS);
	pub->is_private = false;
	mpz_set(pub->n, n);
	mpz_set(pub->e, e);
	return 0;
}

/* ---- random keys ---- */

int
rsa_toy_weak_parse(const char *name)
{
	static const char *const names[] = { "none", "close", "smooth", "small-d" };

	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* A random prime of BITS bits with its two top bits set (so that the product
 * of two has exactly the sum of their bits), or only the top one (TOP2 false). */
static int
random_prime(mpz_t r, unsigned long bits, bool top2, struct cl_error *err)
{
	for (;;) {
		if (cl_check_interrupt(err))
			return -1;
		random_mpz(r, bits);
		mpz_setbit(r, bits - 1);
		if (top2)
			mpz_setbit(r, bits - 2);
		mpz_setbit(r, 0);
		if (mpz_probab_prime_p(r, 30))
			return 0;
	}
}

/* The smooth primes' small factors have at most this many bits. */
#define SMOOTH_BITS 16

/* A prime R of BITS bits (top two set) with R - 1 = 2 * (primes below
 * 2^(SMOOTH_BITS + 1)). */
static int
smooth_prime(mpz_t r, unsigned long bits, struct cl_error *err)
{
	unsigned long sb = bits > 2 * SMOOTH_BITS ? SMOOTH_BITS : bits / 2;
	mpz_t m, f, lo, hi;
	int ret = -1;

	mpz_inits(m, f, lo, hi, NULL);
	for (;;) {
		if (cl_check_interrupt(err))
			goto leave;
		mpz_set_ui(m, 2);
		while (mpz_sizeinbase(m, 2) + sb < bits) {
			random_mpz(f, sb);
			mpz_setbit(f, sb - 1);
			mpz_nextprime(f, f);
			mpz_mul(m, m, f);
		}
		/* the last factor puts r in [1.5 * 2^(bits-1), 2^bits) */
		mpz_set_ui(lo, 3);
		mpz_mul_2exp(lo, lo, bits - 2);
		mpz_cdiv_q(lo, lo, m);
		mpz_set_ui(hi, 1);
		mpz_mul_2exp(hi, hi, bits);
		mpz_fdiv_q(hi, hi, m);
		if (mpz_cmp(hi, lo) <= 0)
			continue;
		mpz_sub(hi, hi, lo);
		random_below(f, hi);
		mpz_add(f, f, lo);
		mpz_nextprime(f, f);
		mpz_mul(r, m, f);
		mpz_add_ui(r, r, 1);
		if (mpz_sizeinbase(r, 2) == bits && mpz_tstbit(r, bits - 2) && mpz_probab_prime_p(r, 30))
			break;
	}
	ret = 0;
leave:
	mpz_clears(m, f, lo, hi, NULL);
	return ret;
}

int
rsa_toy_random(struct rsa_toy *k, unsigned long bits, const mpz_t e, enum rsa_toy_weak weak,
	       struct cl_error *err)
{
	unsigned long b1 = (bits + 1) / 2, b2 = bits / 2;
	mpz_t p, q, ee, t, phi;
	int ret = -1;

	if (bits < 12 || bits > RSA_TOY_MAX_BITS)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a random toy key can have from 12 to %d bits, not %lu",
			       RSA_TOY_MAX_BITS, bits);
	if (weak == RSA_WEAK_SMALL_D && bits < 24)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a key with a small d needs at least 24 bits, "
			       "so that d (below n^(1/4)/3) can be more than 1");
	if (weak != RSA_WEAK_SMALL_D && check_e(e, err))
		return -1;
	mpz_inits(p, q, ee, t, phi, NULL);
	mpz_set(ee, e);
	for (;;) {
		struct cl_error why;

		switch (weak) {
		case RSA_WEAK_CLOSE:
			/* q just above p: both of b1 bits, so n has 2*b1 or 2*b1 - 1 bits */
			if (random_prime(p, b1, bits % 2 == 0, err))
				goto leave;
			mpz_set_ui(phi, 1);
			mpz_mul_2exp(phi, phi, b1 / 4 + 1);
			random_below(t, phi);
			mpz_add(q, p, t);
			if (bigint_nextprime(q, q, err))
				goto leave;
			break;
		case RSA_WEAK_SMOOTH:
			if (smooth_prime(p, b1, err) || random_prime(q, b2, true, err))
				goto leave;
			break;
		default:
			if (random_prime(p, b1, true, err) || random_prime(q, b2, true, err))
				goto leave;
			break;
		}
		mpz_mul(t, p, q);
		if (mpz_sizeinbase(t, 2) != bits || mpz_cmp(p, q) == 0)
			continue;
		if (weak == RSA_WEAK_SMALL_D) {
			/* d below n^(1/4)/3 (Wiener's bound), e = d^-1 mod phi */
			unsigned long db = bits / 4 - 2;

			mpz_sub_ui(t, p, 1);
			mpz_sub_ui(phi, q, 1);
			mpz_mul(phi, phi, t);
			random_mpz(t, db);
			mpz_setbit(t, db - 1);
			mpz_setbit(t, 0);
			if (!mpz_invert(ee, t, phi))
				continue;
		}
		if (rsa_toy_make(k, p, q, ee, &why) == 0)
			break;
		/* e shares a factor with phi (or e = 1 mod lambda): other primes */
		if (why.code != GPG_ERR_INV_VALUE) {
			if (err)
				*err = why;
			goto leave;
		}
	}
	ret = 0;
leave:
	mpz_clears(p, q, ee, t, phi, NULL);
	return ret;
}

/* ---- encrypting, decrypting, signing ---- */

int
rsa_toy_check_range(const struct rsa_toy *k, const mpz_t x, const char *what, struct cl_error *err)
{
	QDECL;
	mpz_t t;

	if (mpz_sgn(x) < 0) {
		mpz_init(t);
		mpz_sub_ui(t, k->n, 1);
		cl_fail(err, GPG_ERR_INV_VALUE, "a %s is a number from 0 to n - 1 = '%s', not '%s'", what,
			Q(0, t), Q(1, x));
		mpz_clear(t);
		return -1;
	}
	if (mpz_cmp(x, k->n) >= 0) {
		if (strcmp(what, "message") == 0) {
			mpz_init(t);
			mpz_mod(t, x, k->n);
			cl_fail(err, GPG_ERR_INV_VALUE, "the message '%s' is not below n = '%s': RSA computes "
				"modulo n, so decryption would give back m mod n = '%s', not m; cut a "
				"longer message into blocks below n (rsa.encrypt_text does)",
				Q(0, x), Q(1, k->n), Q(2, t));
			mpz_clear(t);
		} else
			cl_fail(err, GPG_ERR_INV_VALUE, "the %s '%s' is not below n = '%s': every %s is a "
				"remainder modulo n, so this one was not made with this key", what, Q(0, x),
				Q(1, k->n), what);
		return -1;
	}
	return 0;
}

static int
need_private(const struct rsa_toy *k, const char *doing, struct cl_error *err)
{
	if (!k->is_private)
		return cl_fail(err, GPG_ERR_NO_SECKEY, "this is a public key (n and e): %s needs d, which "
			       "only the key's owner has; rsa.crack(k) tries to find it", doing);
	return 0;
}

int
rsa_toy_encrypt(mpz_t c, const struct rsa_toy *k, const mpz_t m, struct cl_error *err)
{
	if (rsa_toy_check_range(k, m, "message", err))
		return -1;
	mpz_powm(c, m, k->e, k->n);
	return 0;
}

int
rsa_toy_decrypt(mpz_t m, const struct rsa_toy *k, const mpz_t c, struct cl_error *err)
{
	if (need_private(k, "decrypting", err) || rsa_toy_check_range(k, c, "ciphertext", err))
		return -1;
	mpz_powm(m, c, k->d, k->n);
	return 0;
}

void
rsa_toy_crt_init(struct rsa_toy_crt *r)
{
	mpz_inits(r->cp, r->cq, r->mp, r->mq, r->h, r->m, NULL);
}

void
rsa_toy_crt_clear(struct rsa_toy_crt *r)
{
	mpz_clears(r->cp, r->cq, r->mp, r->mq, r->h, r->m, NULL);
}

int
rsa_toy_decrypt_crt(struct rsa_toy_crt *r, const struct rsa_toy *k, const mpz_t c, struct cl_error *err)
{
	if (need_private(k, "decrypting", err) || rsa_toy_check_range(k, c, "ciphertext", err))
		return -1;
	mpz_mod(r->cp, c, k->p);
	mpz_mod(r->cq, c, k->q);
	mpz_powm(r->mp, r->cp, k->dp, k->p);
	mpz_powm(r->mq, r->cq, k->dq, k->q);
	mpz_sub(r->h, r->mp, r->mq);
	mpz_mul(r->h, r->h, k->qinv);
	mpz_mod(r->h, r->h, k->p);
	mpz_mul(r->m, r->h, k->q);
	mpz_add(r->m, r->m, r->mq);
	return 0;
}

int
rsa_toy_sign(mpz_t s, const struct rsa_toy *k, const mpz_t m, struct cl_error *err)
{
	if (need_private(k, "signing", err) || rsa_toy_check_range(k, m, "message", err))
		return -1;
	mpz_powm(s, m, k->d, k->n);
	return 0;
}

int
rsa_toy_verify(bool *good, const struct rsa_toy *k, const mpz_t m, const mpz_t s, struct cl_error *err)
{
	mpz_t t;

	if (rsa_toy_check_range(k, m, "message", err))
		return -1;
	*good = false;
	/* a signature outside 0..n-1 is a bad signature, not an error */
	if (mpz_sgn(s) < 0 || mpz_cmp(s, k->n) >= 0)
		return 0;
	mpz_init(t);
	mpz_powm(t, s, k->e, k->n);
	*good = mpz_cmp(t, m) == 0;
	mpz_clear(t);
	return 0;
}

void
rsa_toy_hash(mpz_t h, mpz_t hn, const struct rsa_toy *k, const void *p, size_t n)
{
	unsigned char digest[32];

	gcry_md_hash_buffer(GCRY_MD_SHA256, digest, p, n);
	bigint_from_bytes(h, digest, sizeof digest);
	mpz_mod(hn, h, k->n);
}

/* ---- text in blocks ---- */

size_t
rsa_toy_block_bytes(const struct rsa_toy *k)
{
	/* 256^b <= 2^(bits-1) <= n - 1 */
	return (mpz_sizeinbase(k->n, 2) - 1) / 8;
}

int
rsa_toy_text_blocks(mpz_t **blocks, size_t *nblocks, const struct rsa_toy *k, const void *p, size_t n,
		    struct cl_error *err)
{
	size_t b = rsa_toy_block_bytes(k), count;
	const unsigned char *s = p;
	mpz_t *v;

	*blocks = NULL;
	*nblocks = 0;
	if (n > RSA_TOY_MAX_TEXT)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the text has %zu bytes, and toy RSA takes up to %d: "
			       "it is for seeing the blocks (real RSA encrypts only a short key, with "
			       "padding)", n, RSA_TOY_MAX_TEXT);
	if (memchr(s, 0, n))
		return cl_fail(err, GPG_ERR_INV_VALUE, "the text holds a NUL character (byte 0), which this "
			       "toy encoding cannot carry: a block that starts with it reads as a smaller "
			       "number, and the byte is lost");
	count = (n + b - 1) / b;
	v = xcalloc(count ? count : 1, sizeof *v);
	for (size_t i = 0; i < count; i++) {
		size_t len = i + 1 < count ? b : n - i * b;

		mpz_init(v[i]);
		bigint_from_bytes(v[i], s + i * b, len);
	}
	*blocks = v;
	*nblocks = count;
	return 0;
}

int
rsa_toy_block_bytes_of(unsigned char **p, size_t *n, const struct rsa_toy *k, const mpz_t m, size_t i,
		       size_t nblocks, struct cl_error *err)
{
	QDECL;
	size_t b = rsa_toy_block_bytes(k);

	*p = NULL;
	*n = 0;
	if (mpz_sgn(m) < 0 || mpz_sizeinbase(m, 2) > 8 * b) {
		mpz_t lim;

		mpz_init_set_ui(lim, 1);
		mpz_mul_2exp(lim, lim, 8 * b);
		cl_fail(err, GPG_ERR_BAD_DATA, "block %zu decrypts to '%s', which is not below 256^%zu = '%s': "
			"no block of text made with this key gives that (a wrong key, or a changed "
			"ciphertext)", i + 1, Q(0, m), b, Q(1, lim));
		mpz_clear(lim);
		return -1;
	}
	return bigint_to_bytes(p, n, m, i + 1 < nblocks ? b : 0, err);
}

/* ---- the pitfalls: roots and Hastad ---- */

static const char *
power_word(unsigned long k)
{
	return k == 2 ? "square" : k == 3 ? "cube" : NULL;
}

int
rsa_toy_root(mpz_t r, const mpz_t x, unsigned long k, struct cl_error *err)
{
	QDECL;
	mpz_t r1;

	if (k < 2 || k > 65537)
		return cl_fail(err, GPG_ERR_INV_VALUE, "the root's degree must be from 2 to 65537, not %lu", k);
	if (mpz_sgn(x) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "'%s' is negative: a ciphertext is from 0 up", Q(0, x));
	if (mpz_sizeinbase(x, 2) > BIGINT_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the number has more than %lu bits", BIGINT_MAX_BITS);
	if (mpz_root(r, x, k))
		return 0;
	mpz_init(r1);
	mpz_add_ui(r1, r, 1);
	if (power_word(k))
		cl_fail(err, GPG_ERR_NOT_FOUND, "'%s' is not a perfect %s: its %s root lies between '%s' and "
			"'%s'; a message whose %s reached n was reduced modulo n, and the root no longer "
			"gives it", Q(0, x), power_word(k), k == 2 ? "square" : "cube", Q(1, r), Q(2, r1),
			power_word(k));
	else
		cl_fail(err, GPG_ERR_NOT_FOUND, "'%s' is not a perfect %lu-th power: its root lies between "
			"'%s' and '%s'; a message whose power reached n was reduced modulo n, and the root "
			"no longer gives it", Q(0, x), k, Q(1, r), Q(2, r1));
	mpz_clear(r1);
	return -1;
}

/* Hastad takes at most this many ciphertexts. */
#define HASTAD_MAX 64

int
rsa_toy_hastad(mpz_t m, mpz_t x, mpz_t prod, const mpz_t *c, const mpz_t *n, size_t count,
	       unsigned long e, struct cl_error *err)
{
	QDECL;
	mpz_t g, t;
	int ret = -1;

	if (e < 2 || e > HASTAD_MAX)
		return cl_fail(err, GPG_ERR_INV_VALUE, "e must be from 2 to %d here, not %lu", HASTAD_MAX, e);
	if (count < e)
		return cl_fail(err, GPG_ERR_INV_VALUE, "with e = %lu the attack needs %lu ciphertexts of the "
			       "same message under %lu different moduli, and there %s %zu", e, e, e,
			       count == 1 ? "is" : "are", count);
	if (count > HASTAD_MAX)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "at most %d ciphertexts, not %zu", HASTAD_MAX, count);
	for (size_t i = 0; i < count; i++) {
		if (mpz_cmp_ui(n[i], RSA_TOY_MIN_N) < 0 || mpz_sizeinbase(n[i], 2) > BIGINT_TEST_MAX_BITS)
			return cl_fail(err, GPG_ERR_INV_VALUE, "modulus %zu, '%s', is not an RSA modulus of %d "
				       "to %d bits", i + 1, Q(0, n[i]), 9, BIGINT_TEST_MAX_BITS);
		if (mpz_sgn(c[i]) < 0 || mpz_cmp(c[i], n[i]) >= 0)
			return cl_fail(err, GPG_ERR_INV_VALUE, "ciphertext %zu, '%s', is not below its modulus "
				       "'%s'", i + 1, Q(0, c[i]), Q(1, n[i]));
	}
	mpz_inits(g, t, NULL);
	for (size_t i = 0; i < count; i++)
		for (size_t j = i + 1; j < count; j++) {
			mpz_gcd(g, n[i], n[j]);
			if (mpz_cmp_ui(g, 1) != 0) {
				cl_fail(err, GPG_ERR_INV_VALUE, "moduli %zu and %zu share the factor '%s': no need "
					"for Hastad, gcd(n%zu, n%zu) has just broken both keys", i + 1, j + 1,
					Q(0, g), i + 1, j + 1);
				goto leave;
			}
		}
	/* x = c[i] mod n[i] for all i, built one modulus at a time */
	mpz_set(x, c[0]);
	mpz_set(prod, n[0]);
	for (size_t i = 1; i < count; i++) {
		mpz_sub(t, c[i], x);
		mpz_invert(g, prod, n[i]);
		mpz_mul(t, t, g);
		mpz_mod(t, t, n[i]);
		mpz_mul(t, t, prod);
		mpz_add(x, x, t);
		mpz_mul(prod, prod, n[i]);
	}
	if (rsa_toy_root(m, x, e, err))
		goto leave;
	ret = 0;
leave:
	mpz_clears(g, t, NULL);
	return ret;
}

/* ---- breaking a key ---- */

static const char *const method_names[RSA_NMETHODS] = {
	"trial", "fermat", "rho", "brent", "p-1", "wiener", "best",
};
/* What a step of each method is, for the messages. */
static const char *const method_steps[RSA_NMETHODS] = {
	"divisions", "values of a", "steps", "steps", "powers", "convergents", "",
};
static const char *const method_titles[RSA_NMETHODS] = {
	"trial division", "Fermat's method", "Pollard's rho", "Pollard-Brent", "Pollard's p - 1",
	"Wiener's attack", "PARI's factorint",
};

int
rsa_method_parse(const char *name)
{
	for (int i = 0; i < RSA_NMETHODS; i++)
		if (strcmp(name, method_names[i]) == 0)
			return i;
	return -1;
}

const char *
rsa_method_name(enum rsa_method m)
{
	return method_names[m];
}

void
rsa_crack_init(struct rsa_crack *r)
{
	memset(r, 0, sizeof *r);
	mpz_inits(r->p, r->q, r->d, NULL);
	for (int i = 0; i < RSA_CRACK_HEAD; i++)
		for (int j = 0; j < RSA_CRACK_COLS; j++)
			mpz_init(r->head[i].v[j]);
	for (int i = 0; i < RSA_CRACK_TAIL; i++)
		for (int j = 0; j < RSA_CRACK_COLS; j++)
			mpz_init(r->tail[i].v[j]);
}

void
rsa_crack_clear(struct rsa_crack *r)
{
	mpz_clears(r->p, r->q, r->d, NULL);
	for (int i = 0; i < RSA_CRACK_HEAD; i++)
		for (int j = 0; j < RSA_CRACK_COLS; j++)
			mpz_clear(r->head[i].v[j]);
	for (int i = 0; i < RSA_CRACK_TAIL; i++)
		for (int j = 0; j < RSA_CRACK_COLS; j++)
			mpz_clear(r->tail[i].v[j]);
}

/* One row of steps (NULL columns are set to 0); kept when among the first
 * RSA_CRACK_HEAD, or, in a ring, among the last RSA_CRACK_TAIL. */
static void
record(struct rsa_crack *r, const mpz_t a, const mpz_t b, const mpz_t c, const mpz_t d, int flag)
{
	struct rsa_crack_row *row;
	const mpz_t *col[RSA_CRACK_COLS] = { (const mpz_t *)a, (const mpz_t *)b, (const mpz_t *)c,
					     (const mpz_t *)d };

	if (!r->want_rows)
		return;
	if (r->nrows < RSA_CRACK_HEAD)
		row = &r->head[r->nrows];
	else
		row = &r->tail[(r->nrows - RSA_CRACK_HEAD) % RSA_CRACK_TAIL];
	for (int i = 0; i < RSA_CRACK_COLS; i++) {
		if (col[i])
			mpz_set(row->v[i], *col[i]);
		else
			mpz_set_ui(row->v[i], 0);
	}
	row->flag = flag;
	r->nrows++;
}

struct budget {
	struct rsa_crack *r;
	enum rsa_method method;
	double start;
};

/* 0 to go on; -1 with ERR when Ctrl-C, the time or the steps say stop. */
static int
budget_check(struct budget *b, struct cl_error *err)
{
	struct rsa_crack *r = b->r;

	if (cl_check_interrupt(err))
		return -1;
	if (r->seconds > 0 && clock_elapsed() - b->start >= r->seconds)
		return cl_fail(err, GPG_ERR_TIMEOUT, "%s gave up after %g second%s and %llu %s "
			       "(seconds= allows more; another method may be faster)", method_titles[b->method],
			       r->seconds, r->seconds == 1 ? "" : "s", r->steps, method_steps[b->method]);
	if (r->max_steps && r->steps >= r->max_steps) {
		r->out_of_steps = true;
		return cl_fail(err, GPG_ERR_TIMEOUT, "%s gave up after %llu %s", method_titles[b->method],
			       r->steps, method_steps[b->method]);
	}
	return 0;
}

/* How often the loops look at the clock and Ctrl-C (a power of two, a
 * multiple of every batch below); the step limit is looked at every time. */
#define POLL_EVERY 4096
/* After adding BATCH to r->steps: time to look? */
#define DUE(r, batch) (((r)->steps & (POLL_EVERY - 1)) < (batch) \
		       || ((r)->max_steps && (r)->steps >= (r)->max_steps))

static int
crack_trial(struct rsa_crack *r, mpz_t f, const mpz_t n, struct budget *b, struct cl_error *err)
{
	bool small = mpz_sizeinbase(n, 2) <= 64;
	unsigned long nn = small ? mpz_get_ui(n) : 0;
	mpz_t dz, rem;
	int ret = -1;

	mpz_inits(dz, rem, NULL);
	/* 2, then the odd numbers: 9 and 15 are tried too, as by hand; they
	 * never divide once 3 did not */
	for (unsigned long d = 2; ; d += d == 2 ? 1 : 2) {
		bool hit;

		r->steps++;
		if (DUE(r, 1) && budget_check(b, err))
			goto leave;
		if (d > ULONG_MAX - 2 || mpz_cmp_ui(n, d) <= 0) {
			cl_fail(err, GPG_ERR_NOT_FOUND, "trial division ran out of divisors");
			goto leave;
		}
		hit = small ? nn % d == 0 : mpz_divisible_ui_p(n, d);
		if (r->want_rows) {
			mpz_set_ui(dz, d);
			mpz_set_ui(rem, small ? nn % d : mpz_fdiv_ui(n, d));
			record(r, dz, rem, NULL, NULL, hit);
		}
		if (hit) {
			mpz_set_ui(f, d);
			break;
		}
	}
	ret = 0;
leave:
	mpz_clears(dz, rem, NULL);
	return ret;
}

static int
crack_fermat(struct rsa_crack *r, mpz_t f, const mpz_t n, struct budget *b, struct cl_error *err)
{
	mpz_t a, b2, s, neg;
	int ret = -1;

	mpz_inits(a, b2, s, neg, NULL);
	mpz_set_si(neg, -1);
	mpz_sqrtrem(a, b2, n);
	if (mpz_sgn(b2))
		mpz_add_ui(a, a, 1);
	mpz_mul(b2, a, a);
	mpz_sub(b2, b2, n);
	for (;;) {
		bool sq;

		r->steps++;
		if (DUE(r, 1) && budget_check(b, err))
			goto leave;
		sq = mpz_perfect_square_p(b2);
		if (sq)
			mpz_sqrt(s, b2);
		record(r, a, b2, sq ? s : neg, NULL, sq);
		if (sq)
			break;
		/* (a+1)^2 - n = a^2 - n + 2a + 1 */
		mpz_addmul_ui(b2, a, 2);
		mpz_add_ui(b2, b2, 1);
		mpz_add_ui(a, a, 1);
	}
	mpz_sub(f, a, s);
	ret = 0;
leave:
	mpz_clears(a, b2, s, neg, NULL);
	return ret;
}

#define STEP(x, c) do { mpz_mul(x, x, x); mpz_add_ui(x, x, c); mpz_mod(x, x, n); } while (0)

/* Pollard's rho with Floyd: the tortoise x takes one step of x -> x^2 + c,
 * the hare y two; gcd(|x - y|, n) > 1 once they meet modulo p. Without rows
 * the differences are multiplied in batches of RHO_BATCH before one gcd. */
#define RHO_BATCH 64

static int
crack_rho(struct rsa_crack *r, mpz_t f, const mpz_t n, struct budget *b, struct cl_error *err)
{
	mpz_t x, y, x0, y0, t, acc, iz;
	unsigned long c = 1;
	int ret = -1;

	mpz_inits(x, y, x0, y0, t, acc, iz, NULL);
restart:
	mpz_set_ui(x, 2);
	mpz_set_ui(y, 2);
	for (unsigned long i = 1; ; ) {
		unsigned long batch = r->want_rows ? 1 : RHO_BATCH;

		mpz_set(x0, x);
		mpz_set(y0, y);
		mpz_set_ui(acc, 1);
		for (unsigned long j = 0; j < batch; j++) {
			STEP(x, c);
			STEP(y, c);
			STEP(y, c);
			mpz_sub(t, x, y);
			mpz_mul(acc, acc, t);
			mpz_mod(acc, acc, n);
		}
		r->steps += batch;
		if (DUE(r, batch) && budget_check(b, err))
			goto leave;
		mpz_gcd(f, acc, n);
		if (r->want_rows) {
			mpz_set_ui(iz, i);
			record(r, iz, x, y, f, mpz_cmp_ui(f, 1) != 0);
		}
		if (mpz_cmp_ui(f, 1) != 0 && batch > 1) {
			/* the batch holds the meeting point: again one by one, to
			 * count the steps exactly and not to go past it */
			mpz_set(x, x0);
			mpz_set(y, y0);
			r->steps -= batch;
			for (unsigned long j = 0; j < batch; j++) {
				STEP(x, c);
				STEP(y, c);
				STEP(y, c);
				r->steps++;
				mpz_sub(t, x, y);
				mpz_gcd(f, t, n);
				if (mpz_cmp_ui(f, 1) != 0)
					break;
			}
		}
		if (mpz_cmp(f, n) == 0) {
			/* both primes at once: the walk is useless, take another c */
			c++;
			goto restart;
		}
		if (mpz_cmp_ui(f, 1) != 0)
			break;
		i += batch;
	}
	ret = 0;
leave:
	mpz_clears(x, y, x0, y0, t, acc, iz, NULL);
	return ret;
}

/* Pollard-Brent: the walk x -> x^2 + c with Brent's cycle finding (y runs
 * ahead by powers of two), the differences multiplied in batches of
 * BRENT_BATCH before one gcd. One row per gcd. */
#define BRENT_BATCH 128

static int
crack_brent(struct rsa_crack *r, mpz_t f, const mpz_t n, struct budget *b, struct cl_error *err)
{
	mpz_t x, y, ys, q, t, rz, kz;
	unsigned long c = 1, rr, k, i, lim;
	int ret = -1;

	mpz_inits(x, y, ys, q, t, rz, kz, NULL);
restart:
	rr = 1;
	mpz_set_ui(y, 2);
	mpz_set_ui(q, 1);
	mpz_set_ui(f, 1);
	do {
		mpz_set(x, y);
		for (i = 0; i < rr; i++) {
			if (i % BRENT_BATCH == 0 && budget_check(b, err))
				goto leave;
			STEP(y, c);
			r->steps++;
		}
		k = 0;
		do {
			if (budget_check(b, err))
				goto leave;
			mpz_set(ys, y);
			lim = rr - k < BRENT_BATCH ? rr - k : BRENT_BATCH;
			for (i = 0; i < lim; i++) {
				STEP(y, c);
				mpz_sub(t, x, y);
				mpz_mul(q, q, t);
				mpz_mod(q, q, n);
			}
			r->steps += lim;
			mpz_gcd(f, q, n);
			k += lim;
			if (r->want_rows) {
				mpz_set_ui(rz, rr);
				mpz_set_ui(kz, r->steps);
				record(r, rz, kz, f, NULL, mpz_cmp_ui(f, 1) != 0);
			}
		} while (k < rr && mpz_cmp_ui(f, 1) == 0);
		rr *= 2;
	} while (mpz_cmp_ui(f, 1) == 0);
	if (mpz_cmp(f, n) == 0) {
		/* the batch overshot: walk again one step at a time from YS */
		do {
			if (budget_check(b, err))
				goto leave;
			STEP(ys, c);
			mpz_sub(t, x, ys);
			mpz_gcd(f, t, n);
		} while (mpz_cmp_ui(f, 1) == 0);
	}
	if (mpz_cmp(f, n) == 0) {
		c++;
		goto restart;
	}
	ret = 0;
leave:
	mpz_clears(x, y, ys, q, t, rz, kz, NULL);
	return ret;
}

/* Pollard's p - 1: a = base^(j!) mod n for j = 2, 3, ...; once p - 1
 * divides j!, a = 1 modulo p and gcd(a - 1, n) finds p. The gcd is taken
 * every PM1_BATCH powers (every power when showing the rows). */
#define PM1_BATCH 32

static int
crack_pm1(struct rsa_crack *r, mpz_t f, const mpz_t n, struct budget *b, struct cl_error *err)
{
	mpz_t a, a0, t, jz;
	unsigned long base = 2, j, j0;
	int ret = -1;

	mpz_inits(a, a0, t, jz, NULL);
restart:
	mpz_set_ui(a, base);
	for (j = 2; ; ) {
		unsigned long batch = r->want_rows ? 1 : PM1_BATCH;

		mpz_set(a0, a);
		j0 = j;
		for (unsigned long i = 0; i < batch; i++, j++)
			mpz_powm_ui(a, a, j, n);
		r->steps += batch;
		if (DUE(r, batch)) {
			if (budget_check(b, err)) {
				if (err && err->code == GPG_ERR_TIMEOUT) {
					size_t len = strlen(err->msg);

					/* the hint in brackets gives way to the reason */
					char *br = strstr(err->msg, " (seconds=");

					if (br)
						len = (size_t)(br - err->msg);
					snprintf(err->msg + len, sizeof err->msg - len, ", at j = %lu: p - 1 and "
						 "q - 1 both seem to have a prime factor above %lu (random primes "
						 "do)", j - 1, j - 1);
				}
				goto leave;
			}
		}
		mpz_sub_ui(t, a, 1);
		mpz_gcd(f, t, n);
		if (r->want_rows) {
			mpz_set_ui(jz, j - 1);
			record(r, jz, a, f, NULL, mpz_cmp_ui(f, 1) != 0);
		}
		if (mpz_cmp_ui(f, 1) != 0 && batch > 1) {
			/* again one power at a time: the exact j, and p apart from q */
			mpz_set(a, a0);
			r->steps -= batch;
			for (j = j0; ; j++) {
				mpz_powm_ui(a, a, j, n);
				r->steps++;
				mpz_sub_ui(t, a, 1);
				mpz_gcd(f, t, n);
				if (mpz_cmp_ui(f, 1) != 0)
					break;
			}
			j++;
		}
		if (mpz_cmp(f, n) == 0) {
			/* p - 1 and q - 1 were reached at the same j: another base */
			if (base > 100) {
				cl_fail(err, GPG_ERR_NOT_FOUND, "Pollard's p - 1 reached p and q at the same step "
					"for every base: p - 1 and q - 1 are smooth alike; another method "
					"splits n");
				goto leave;
			}
			base++;
			goto restart;
		}
		if (mpz_cmp_ui(f, 1) != 0)
			break;
	}
	ret = 0;
leave:
	mpz_clears(a, a0, t, jz, NULL);
	return ret;
}

/* Wiener: e*d - k*phi = 1 with d < n^(1/4)/3 makes k/d a convergent of the
 * continued fraction of e/n. For each convergent k/d: phi = (e*d - 1)/k, and
 * p, q are the roots of x^2 - (n - phi + 1)x + n. */
static int
crack_wiener(struct rsa_crack *r, mpz_t f, const mpz_t n, const mpz_t e, struct budget *b,
	     struct cl_error *err)
{
	mpz_t x, y, a, h, h1, h2, k, k1, k2, phi, s, disc, t, neg;
	int ret = -1;

	mpz_inits(x, y, a, h, h1, h2, k, k1, k2, phi, s, disc, t, neg, NULL);
	mpz_set_si(neg, -1);
	mpz_set(x, e);
	mpz_set(y, n);
	mpz_set_ui(h1, 1);	/* h(-1) = 1, h(-2) = 0 */
	mpz_set_ui(k2, 1);	/* k(-1) = 0, k(-2) = 1 */
	while (mpz_sgn(y)) {
		bool found = false, whole = false;

		r->steps++;
		if (budget_check(b, err))
			goto leave;
		mpz_fdiv_qr(a, t, x, y);
		mpz_set(x, y);
		mpz_set(y, t);
		/* the convergent h/k: h is Wiener's k, k is the candidate d */
		mpz_mul(h, a, h1);
		mpz_add(h, h, h2);
		mpz_mul(k, a, k1);
		mpz_add(k, k, k2);
		mpz_set(h2, h1);
		mpz_set(h1, h);
		mpz_set(k2, k1);
		mpz_set(k1, k);
		if (mpz_sgn(h)) {
			mpz_mul(t, e, k);
			mpz_sub_ui(t, t, 1);
			whole = mpz_divisible_p(t, h);
		}
		if (whole) {
			mpz_divexact(phi, t, h);
			mpz_sub(s, n, phi);
			mpz_add_ui(s, s, 1);
			mpz_mul(disc, s, s);
			mpz_submul_ui(disc, n, 4);
			if (mpz_sgn(disc) >= 0 && mpz_perfect_square_p(disc)) {
				mpz_sqrt(t, disc);
				mpz_sub(f, s, t);
				if (mpz_even_p(f)) {
					mpz_fdiv_q_2exp(f, f, 1);
					found = mpz_cmp_ui(f, 1) > 0 && mpz_divisible_p(n, f) && mpz_cmp(f, n) < 0;
				}
			}
		}
		record(r, h, k, whole ? phi : neg, NULL, found);
		if (found) {
			mpz_set(r->d, k);
			ret = 0;
			goto leave;
		}
	}
	cl_fail(err, GPG_ERR_NOT_FOUND, "Wiener's attack tried all %llu convergents of e/n and none gave "
		"d: d is not below n^(1/4)/3 (about %zu bits here), so this attack cannot find it",
		r->steps, mpz_sizeinbase(n, 2) / 4);
leave:
	mpz_clears(x, y, a, h, h1, h2, k, k1, k2, phi, s, disc, t, neg, NULL);
	return ret;
}

static int
crack_best(struct rsa_crack *r, mpz_t f, const mpz_t n, struct cl_error *err)
{
	mpz_t *fs;
	size_t nf;

	if (pari_factor(&fs, &nf, n, r->seconds, err))
		return -1;
	r->steps = 1;
	mpz_set(f, nf ? fs[0] : n);
	bigint_factors_free(fs, nf);
	return 0;
}

int
rsa_crack_run(struct rsa_crack *r, const mpz_t n, const mpz_t e, enum rsa_method method,
	      struct cl_error *err)
{
	QDECL;
	struct budget b = { .r = r, .method = method, .start = clock_elapsed() };
	mpz_t f, co;
	int isp, isq, ret = -1;

	r->steps = 0;
	r->nrows = 0;
	r->out_of_steps = false;
	mpz_set_ui(r->d, 0);
	if (mpz_cmp_ui(n, 4) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "'%s' is no RSA modulus: n is a product of two primes",
			       Q(0, n));
	if (mpz_sizeinbase(n, 2) > BIGINT_TEST_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "n has %zu bits; cracking takes numbers up to %d bits",
			       mpz_sizeinbase(n, 2), BIGINT_TEST_MAX_BITS);
	if ((isp = bigint_isprime(n, err)) < 0)
		return -1;
	if (isp)
		return cl_fail(err, GPG_ERR_INV_VALUE, "n = '%s' is prime, so it is no RSA modulus: "
			       "there is no p and q to find", Q(0, n));
	mpz_inits(f, co, NULL);
	if (mpz_even_p(n) && method != RSA_TRIAL) {
		/* every method is for odd n; 2 is seen at once */
		r->steps = 1;
		mpz_set_ui(f, 2);
		ret = 0;
	} else switch (method) {
	case RSA_TRIAL: ret = crack_trial(r, f, n, &b, err); break;
	case RSA_FERMAT: ret = crack_fermat(r, f, n, &b, err); break;
	case RSA_RHO: ret = crack_rho(r, f, n, &b, err); break;
	case RSA_BRENT: ret = crack_brent(r, f, n, &b, err); break;
	case RSA_PM1: ret = crack_pm1(r, f, n, &b, err); break;
	case RSA_WIENER: ret = crack_wiener(r, f, n, e, &b, err); break;
	case RSA_BEST: ret = crack_best(r, f, n, err); break;
	default: ret = cl_fail(err, GPG_ERR_INV_VALUE, "no such method"); break;
	}
	if (ret)
		goto leave;
	ret = -1;
	mpz_divexact(co, n, f);
	if (mpz_cmp(f, co) > 0)
		mpz_swap(f, co);
	if ((isp = bigint_isprime(f, err)) < 0 || (isq = bigint_isprime(co, err)) < 0)
		goto leave;
	if (!isp || !isq) {
		cl_fail(err, GPG_ERR_INV_VALUE, "n = '%s' = %s * %s, and %s is not prime: n is not the product "
			"of two primes, as an RSA modulus is (factor(n) gives all its primes)",
			Q(0, n), Q(1, f), Q(2, co), isp ? Q(3, co) : Q(3, f));
		goto leave;
	}
	mpz_set(r->p, f);
	mpz_set(r->q, co);
	ret = 0;
leave:
	mpz_clears(f, co, NULL);
	return ret;
}

/* ---- the cost of the best attacks ---- */

double
rsa_nfs_log_cost(double bits)
{
	double ln = bits * M_LN2;

	return cbrt(64.0 / 9.0) * cbrt(ln) * pow(log(ln), 2.0 / 3.0);
}

double
rsa_qs_log_cost(double bits)
{
	double ln = bits * M_LN2;

	return sqrt(ln * log(ln));
}
