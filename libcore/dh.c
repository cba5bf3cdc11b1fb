/* Diffie-Hellman over GMP (see dh.h). The attacks are written by hand,
 * because their steps are the lesson: brute force, baby-step giant-step,
 * Pollard's rho as in the Handbook of Applied Cryptography (algorithm 3.60),
 * and Pohlig-Hellman (HAC 3.63); the real attacker is PARI's Fp_log
 * (libcore/pari.c, in a forked child). */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include "libcore/bigint.h"
#include "libcore/clock.h"
#include "libcore/dh.h"
#include "libcore/interrupt.h"
#include "libcore/pari.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"

#define QBUF 64
#define Q(i, z) bigint_short(qbuf[i], QBUF, (z))
#define QDECL char qbuf[4][QBUF]

/* ---- the named groups ----
 * The RFC primes were computed from the formulas the RFCs give (RFC 3526:
 * p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + k); RFC 7919 the same
 * with e) with gp, and match the RFCs' hex. tests/unit/test-dh.c checks the
 * ffdhe ones against GnuTLS's gnutls_ffdhe_*_group_prime, and
 * tests/interop/dh-openssl.test all of them against openssl's named groups
 * and against the formulas in gp. */
static const char modp1536_p[] =
	"ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
	"020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
	"4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
	"ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05"
	"98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb"
	"9ed529077096966d670c354e4abc9804f1746c08ca237327ffffffffffffffff";
static const char modp2048_p[] =
	"ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
	"020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
	"4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
	"ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05"
	"98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb"
	"9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b"
	"e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf695581718"
	"3995497cea956ae515d2261898fa051015728e5a8aacaa68ffffffffffffffff";
static const char modp3072_p[] =
	"ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
	"020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
	"4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
	"ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05"
	"98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb"
	"9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b"
	"e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf695581718"
	"3995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33"
	"a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7"
	"abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864"
	"d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e2"
	"08e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff";
static const char ffdhe2048_p[] =
	"ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695"
	"a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a"
	"d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935"
	"984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a"
	"bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4"
	"ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61"
	"9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005"
	"c58ef1837d1683b2c6f34a26c1b2effa886b423861285c97ffffffffffffffff";
static const char ffdhe3072_p[] =
	"ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695"
	"a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a"
	"d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935"
	"984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a"
	"bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4"
	"ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61"
	"9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005"
	"c58ef1837d1683b2c6f34a26c1b2effa886b4238611fcfdcde355b3b6519035b"
	"bc34f4def99c023861b46fc9d6e6c9077ad91d2691f7f7ee598cb0fac186d91c"
	"aefe130985139270b4130c93bc437944f4fd4452e2d74dd364f2e21e71f54bff"
	"5cae82ab9c9df69ee86d2bc522363a0dabc521979b0deada1dbf9a42d5c4484e"
	"0abcd06bfa53ddef3c1b20ee3fd59d7c25e41d2b66c62e37ffffffffffffffff";
static const char ffdhe4096_p[] =
	"ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695"
	"a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a"
	"d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935"
	"984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a"
	"bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4"
	"ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61"
	"9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005"
	"c58ef1837d1683b2c6f34a26c1b2effa886b4238611fcfdcde355b3b6519035b"
	"bc34f4def99c023861b46fc9d6e6c9077ad91d2691f7f7ee598cb0fac186d91c"
	"aefe130985139270b4130c93bc437944f4fd4452e2d74dd364f2e21e71f54bff"
	"5cae82ab9c9df69ee86d2bc522363a0dabc521979b0deada1dbf9a42d5c4484e"
	"0abcd06bfa53ddef3c1b20ee3fd59d7c25e41d2b669e1ef16e6f52c3164df4fb"
	"7930e9e4e58857b6ac7d5f42d69f6d187763cf1d5503400487f55ba57e31cc7a"
	"7135c886efb4318aed6a1e012d9e6832a907600a918130c46dc778f971ad0038"
	"092999a333cb8b7a1a1db93d7140003c2a4ecea9f98d0acc0a8291cdcec97dcf"
	"8ec9b55a7f88a46b4db5a851f44182e1c68a007e5e655f6affffffffffffffff";

struct named {
	const char *name;
	const char *p;		/* hex */
	unsigned long g;
	const char *source;
	unsigned strength, short_bits;
};

static const struct named named_groups[] = {
	{ "toy", "17", 5, "the classic worked example: p = 23, g = 5", 0, 0 },
	/* p - 1 = 2 * 103 * 971 * 1549 * 1951 * 4027 * 4759 (found with gp's
	 * factor; tests/unit/test-dh.c checks it), 5 a primitive root */
	{ "weak64", "a0c5d99917e86d57", 5, "a deliberately weak 64-bit group: p - 1 has only small "
	  "prime factors", 0, 0 },
	{ "modp1536", modp1536_p, 2, "RFC 3526, section 2: the 1536-bit MODP group", 90, 180 },
	{ "modp2048", modp2048_p, 2, "RFC 3526, section 3: the 2048-bit MODP group", 110, 220 },
	{ "modp3072", modp3072_p, 2, "RFC 3526, section 4: the 3072-bit MODP group", 130, 260 },
	{ "ffdhe2048", ffdhe2048_p, 2, "RFC 7919, appendix A.1", 103, 225 },
	{ "ffdhe3072", ffdhe3072_p, 2, "RFC 7919, appendix A.2", 125, 275 },
	{ "ffdhe4096", ffdhe4096_p, 2, "RFC 7919, appendix A.3", 150, 325 },
};
#define NNAMED (sizeof named_groups / sizeof named_groups[0])

const char *const *
dh_group_names(size_t *n)
{
	static const char *names[NNAMED];

	for (size_t i = 0; i < NNAMED; i++)
		names[i] = named_groups[i].name;
	*n = NNAMED;
	return names;
}

/* ---- groups ---- */

void
dh_group_init(struct dh_group *G)
{
	memset(G, 0, sizeof *G);
	mpz_inits(G->p, G->g, G->q, NULL);
}

static void
clear_factors(struct dh_group *G)
{
	for (size_t i = 0; i < G->nfactors; i++)
		mpz_clear(G->factor[i]);
	free(G->factor);
	free(G->power);
	G->factor = NULL;
	G->power = NULL;
	G->nfactors = 0;
}

void
dh_group_clear(struct dh_group *G)
{
	clear_factors(G);
	mpz_clears(G->p, G->g, G->q, NULL);
}

bool
dh_group_equal(const struct dh_group *a, const struct dh_group *b)
{
	return mpz_cmp(a->p, b->p) == 0 && mpz_cmp(a->g, b->g) == 0;
}

static void
add_factor(struct dh_group *G, const mpz_t l, unsigned long e)
{
	G->factor = xreallocarray(G->factor, G->nfactors + 1, sizeof *G->factor);
	G->power = xreallocarray(G->power, G->nfactors + 1, sizeof *G->power);
	mpz_init_set(G->factor[G->nfactors], l);
	G->power[G->nfactors++] = e;
}

/* From the primes of p - 1 (ascending, repeated): q, the order of g, and its
 * factorisation. */
static void
order_from(struct dh_group *G, const mpz_t *pf, size_t npf)
{
	mpz_t t, e;

	mpz_inits(t, e, NULL);
	mpz_sub_ui(G->q, G->p, 1);
	for (size_t i = 0; i < npf; i++) {
		if (i && mpz_cmp(pf[i], pf[i - 1]) == 0)
			continue;
		/* drop l from q while g^(q/l) is still 1 */
		while (mpz_divisible_p(G->q, pf[i])) {
			mpz_divexact(t, G->q, pf[i]);
			mpz_powm(e, G->g, t, G->p);
			if (mpz_cmp_ui(e, 1) != 0)
				break;
			mpz_set(G->q, t);
		}
	}
	clear_factors(G);
	mpz_set(t, G->q);
	for (size_t i = 0; i < npf; i++) {
		unsigned long k = 0;

		if (i && mpz_cmp(pf[i], pf[i - 1]) == 0)
			continue;
		while (mpz_divisible_p(t, pf[i])) {
			mpz_divexact(t, t, pf[i]);
			k++;
		}
		if (k)
			add_factor(G, pf[i], k);
	}
	mpz_clears(t, e, NULL);
}

/* G->p is a safe prime 2r + 1: q is r or 2r. */
static void
order_safe(struct dh_group *G)
{
	mpz_t r, e, two;

	mpz_inits(r, e, NULL);
	mpz_init_set_ui(two, 2);
	mpz_sub_ui(r, G->p, 1);
	mpz_divexact_ui(r, r, 2);
	mpz_powm(e, G->g, r, G->p);
	clear_factors(G);
	if (mpz_cmp_ui(e, 1) == 0) {
		mpz_set(G->q, r);
		add_factor(G, r, 1);
	} else {
		mpz_mul_ui(G->q, r, 2);
		if (mpz_cmp_ui(r, 2) < 0)
			add_factor(G, two, 1);
		else if (mpz_cmp_ui(r, 2) == 0)
			add_factor(G, two, 2);
		else {
			add_factor(G, two, 1);
			add_factor(G, r, 1);
		}
	}
	G->safe = true;
	mpz_clears(r, e, two, NULL);
}

static bool
is_safe_prime(const mpz_t p)
{
	mpz_t r;
	bool safe;

	mpz_init(r);
	mpz_sub_ui(r, p, 1);
	mpz_fdiv_q_2exp(r, r, 1);
	safe = mpz_cmp_ui(r, 2) >= 0 && mpz_probab_prime_p(r, 25) > 0;
	mpz_clear(r);
	return safe;
}

int
dh_group_named(struct dh_group *G, const char *name, struct cl_error *err)
{
	for (size_t i = 0; i < NNAMED; i++) {
		const struct named *n = &named_groups[i];

		if (strcmp(name, n->name) != 0)
			continue;
		clear_factors(G);
		mpz_set_str(G->p, n->p, 16);
		mpz_set_ui(G->g, n->g);
		snprintf(G->name, sizeof G->name, "%s", n->name);
		G->source = n->source;
		G->strength = n->strength;
		G->short_bits = n->short_bits;
		if (strcmp(n->name, "weak64") == 0) {
			static const unsigned long f[] = { 2, 103, 971, 1549, 1951, 4027, 4759 };
			mpz_t pf[7];

			for (int k = 0; k < 7; k++)
				mpz_init_set_ui(pf[k], f[k]);
			order_from(G, pf, 7);
			for (int k = 0; k < 7; k++)
				mpz_clear(pf[k]);
			G->safe = false;
		} else
			order_safe(G);
		return 0;
	}
	return cl_fail(err, GPG_ERR_NOT_FOUND, "there is no group '%s'", name);
}

/* The primes of N (ascending, repeated) by trial division, for N below
 * 2^40: at most 2^20 divisions, no child process. */
#define TRIAL_MAX_BITS 40
static size_t
trial_factor(mpz_t **out, const mpz_t n)
{
	uint64_t m = 0, d;
	mpz_t *f = xcalloc(64, sizeof *f);
	size_t k = 0;

	mpz_export(&m, NULL, 1, sizeof m, 0, 0, n);
	for (d = 2; d * d <= m; d += d == 2 ? 1 : 2)
		while (m % d == 0) {
			mpz_init(f[k]);
			mpz_import(f[k++], 1, 1, sizeof d, 0, 0, &d);
			m /= d;
		}
	if (m > 1) {
		mpz_init(f[k]);
		mpz_import(f[k++], 1, 1, sizeof m, 0, 0, &m);
	}
	*out = f;
	return k;
}

int
dh_group_custom(struct dh_group *G, const mpz_t p, const mpz_t g, bool safe, double seconds,
		struct cl_error *err)
{
	QDECL;
	mpz_t pm1, *pf = NULL;
	size_t npf = 0;
	int rc = -1, r;

	mpz_init(pm1);
	if (mpz_sizeinbase(p, 2) > DH_MAX_BITS) {
		cl_fail(err, GPG_ERR_TOO_LARGE, "p has %zu bits; a group's p may have up to %d",
			mpz_sizeinbase(p, 2), DH_MAX_BITS);
		goto leave;
	}
	if (mpz_cmp_ui(p, 5) < 0) {
		cl_fail(err, GPG_ERR_INV_VALUE, "p must be a prime of at least 5, not '%s'", Q(0, p));
		goto leave;
	}
	if ((r = bigint_isprime(p, err)) < 0)
		goto leave;
	if (r == 0) {
		mpz_t *f;
		size_t nf;

		if (mpz_sizeinbase(p, 2) <= TRIAL_MAX_BITS && (nf = trial_factor(&f, p)) >= 2) {
			char *s = xstrdup(""), *t;

			for (size_t i = 0; i < nf; i++) {
				t = xasprintf("%s%s%s", s, i ? " * " : "", Q(1, f[i]));
				free(s);
				s = t;
			}
			cl_fail(err, GPG_ERR_INV_VALUE, "p = '%s' is not prime (it is %s): the numbers "
				"modulo p do not form the group Diffie-Hellman needs", Q(0, p), s);
			free(s);
			bigint_factors_free(f, nf);
		} else {
			if (mpz_sizeinbase(p, 2) <= TRIAL_MAX_BITS)
				bigint_factors_free(f, nf);
			cl_fail(err, GPG_ERR_INV_VALUE, "p = '%s' is not prime: the numbers modulo p do "
				"not form the group Diffie-Hellman needs", Q(0, p));
		}
		goto leave;
	}
	mpz_sub_ui(pm1, p, 1);
	if (mpz_cmp_ui(g, 2) < 0 || mpz_cmp(g, pm1) >= 0) {
		cl_fail(err, GPG_ERR_INV_VALUE, "g must be from 2 to p - 2, not '%s' (1 has order 1 and "
			"p - 1 order 2: they generate almost nothing)", Q(0, g));
		goto leave;
	}
	mpz_set(G->p, p);
	mpz_set(G->g, g);
	snprintf(G->name, sizeof G->name, "custom");
	G->source = NULL;
	G->strength = G->short_bits = 0;
	G->safe = false;
	if (is_safe_prime(p)) {
		order_safe(G);
		rc = 0;
		goto leave;
	}
	if (safe) {
		mpz_t r2;

		mpz_init(r2);
		mpz_fdiv_q_2exp(r2, pm1, 1);
		cl_fail(err, GPG_ERR_INV_VALUE, "p is not a safe prime: (p - 1)/2 = '%s' is not prime, so "
			"p - 1 may have small factors that Pohlig-Hellman splits the logarithm along",
			Q(0, r2));
		mpz_clear(r2);
		goto leave;
	}
	/* the order of g needs the primes of p - 1 */
	if (mpz_sizeinbase(p, 2) <= TRIAL_MAX_BITS) {
		npf = trial_factor(&pf, pm1);
		r = 0;
	} else
		r = pari_factor(&pf, &npf, pm1, seconds > 0 ? seconds : 10, err);
	if (r) {
		if (err && err->code == GPG_ERR_TIMEOUT)
			cl_fail(err, GPG_ERR_TIMEOUT, "p - 1 could not be factored in %g seconds, so the order "
				"of g is unknown; a safe prime (p = 2q + 1 with q prime) needs no factoring",
				seconds > 0 ? seconds : 10);
		goto leave;
	}
	order_from(G, pf, npf);
	rc = 0;
leave:
	if (pf)
		bigint_factors_free(pf, npf);
	mpz_clear(pm1);
	return rc;
}

/* PEM "DH PARAMETERS" through GnuTLS. */
static int
parse_pem(mpz_t p, mpz_t g, const char *text, size_t n, struct cl_error *err)
{
	gnutls_dh_params_t params;
	gnutls_datum_t in = { (unsigned char *)text, (unsigned)n }, prime = { 0 }, gen = { 0 };
	unsigned bits = 0;
	int e;

	if (n > 1 << 20)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "that text is too long for DH parameters");
	if ((e = gnutls_dh_params_init(&params)) < 0)
		return cl_fail(err, GPG_ERR_GENERAL, "dh parameters: %s", gnutls_strerror(e));
	e = gnutls_dh_params_import_pkcs3(params, &in, GNUTLS_X509_FMT_PEM);
	if (e >= 0)
		e = gnutls_dh_params_export_raw(params, &prime, &gen, &bits);
	gnutls_dh_params_deinit(params);
	if (e < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "these DH PARAMETERS do not parse: %s",
			       gnutls_strerror(e));
	bigint_from_bytes(p, prime.data, prime.size);
	bigint_from_bytes(g, gen.data, gen.size);
	gnutls_free(prime.data);
	gnutls_free(gen.data);
	return 0;
}

int
dh_params_parse(mpz_t p, mpz_t g, char *name, size_t name_size, const char *text, size_t n,
		struct cl_error *err)
{
	size_t len = n;
	const char *s = text;

	while (len && strchr(" \t\r\n", s[0]))
		s++, len--;
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	if (memmem(s, len, "-----BEGIN", 10)) {
		if (name && name_size)
			snprintf(name, name_size, "custom");
		return parse_pem(p, g, s, len, err);
	}
	for (size_t i = 0; i < NNAMED; i++)
		if (strlen(named_groups[i].name) == len && memcmp(named_groups[i].name, s, len) == 0) {
			mpz_set_str(p, named_groups[i].p, 16);
			mpz_set_ui(g, named_groups[i].g);
			if (name && name_size)
				snprintf(name, name_size, "%s", named_groups[i].name);
			return 0;
		}
	{
		char q[48];
		size_t k = 0;

		for (size_t i = 0; i < len && k < 40; i++)
			q[k++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
		q[k] = '\0';
		return cl_fail(err, GPG_ERR_NOT_FOUND, "there is no group '%s%s'", q, len > 40 ? "..." : "");
	}
}

int
dh_group_parse(struct dh_group *G, const char *text, size_t n, struct cl_error *err)
{
	char name[32];
	mpz_t p, g;
	int rc;

	mpz_inits(p, g, NULL);
	rc = dh_params_parse(p, g, name, sizeof name, text, n, err);
	if (rc == 0)
		rc = strcmp(name, "custom") == 0 ? dh_group_custom(G, p, g, false, 0, err)
						 : dh_group_named(G, name, err);
	mpz_clears(p, g, NULL);
	return rc;
}

/* The odd primes below 2000, for sieving candidates. */
static unsigned small_primes[320];
static size_t nsmall;

static void
sieve_small(void)
{
	if (nsmall)
		return;
	for (unsigned n = 3; n < 2000; n += 2) {
		bool prime = true;

		for (size_t i = 0; i < nsmall && small_primes[i] * small_primes[i] <= n; i++)
			if (n % small_primes[i] == 0) {
				prime = false;
				break;
			}
		if (prime)
			small_primes[nsmall++] = n;
	}
}

/* The smallest g >= 2 whose order is the prime Q, for a safe prime P = 2Q + 1:
 * a quadratic residue other than 1. */
static void
safe_generator(mpz_t g, const mpz_t p)
{
	for (mpz_set_ui(g, 2); mpz_jacobi(g, p) != 1; mpz_add_ui(g, g, 1))
		;
}

static int
gen_safe(struct dh_group *G, unsigned long bits, struct cl_error *err)
{
	mpz_t q, p;
	int rc = -1;

	sieve_small();
	mpz_inits(q, p, NULL);
	for (unsigned long tries = 0;; tries++) {
		bool ok = true;

		if ((tries & 63) == 0 && cl_check_interrupt(err))
			goto leave;
		random_mpz(q, bits - 1);
		mpz_setbit(q, bits - 2);
		mpz_setbit(q, 0);
		mpz_mul_2exp(p, q, 1);
		mpz_add_ui(p, p, 1);
		for (size_t i = 0; i < nsmall && ok; i++) {
			unsigned long r = mpz_fdiv_ui(q, small_primes[i]);

			/* q or 2q + 1 divisible by a small prime other than itself */
			if ((r == 0 && mpz_cmp_ui(q, small_primes[i]) != 0)
			    || (r == (small_primes[i] - 1) / 2 && mpz_cmp_ui(p, small_primes[i]) != 0))
				ok = false;
		}
		if (ok && mpz_probab_prime_p(q, 25) && mpz_probab_prime_p(p, 25))
			break;
	}
	mpz_set(G->p, p);
	safe_generator(G->g, p);
	order_safe(G);
	snprintf(G->name, sizeof G->name, "safe-%lu", bits);
	rc = 0;
leave:
	mpz_clears(q, p, NULL);
	return rc;
}

static int
gen_schnorr(struct dh_group *G, unsigned long bits, unsigned long qbits, struct cl_error *err)
{
	mpz_t q, p, lo, span, k, e, h;
	int rc = -1;

	mpz_inits(q, p, lo, span, k, e, h, NULL);
	if (bigint_randprime(q, qbits, err))
		goto leave;
	/* k from ceil(2^(bits-1) / q) to floor((2^bits - 1) / q), even */
	mpz_set_ui(lo, 0);
	mpz_setbit(lo, bits - 1);
	mpz_cdiv_q(lo, lo, q);
	mpz_set_ui(span, 0);
	mpz_setbit(span, bits);
	mpz_sub_ui(span, span, 1);
	mpz_fdiv_q(span, span, q);
	mpz_sub(span, span, lo);
	for (unsigned long tries = 0;; tries++) {
		if ((tries & 63) == 0 && cl_check_interrupt(err))
			goto leave;
		random_below(k, span);
		mpz_add(k, k, lo);
		if (mpz_odd_p(k))
			continue;
		mpz_mul(p, k, q);
		mpz_add_ui(p, p, 1);
		if (mpz_sizeinbase(p, 2) == bits && mpz_probab_prime_p(p, 25))
			break;
	}
	mpz_set(G->p, p);
	mpz_sub_ui(e, p, 1);
	mpz_divexact(e, e, q);
	for (mpz_set_ui(h, 2);; mpz_add_ui(h, h, 1)) {
		mpz_powm(G->g, h, e, p);
		if (mpz_cmp_ui(G->g, 1) != 0)
			break;
	}
	mpz_set(G->q, q);
	clear_factors(G);
	add_factor(G, q, 1);
	G->safe = is_safe_prime(p);
	snprintf(G->name, sizeof G->name, "schnorr-%lu-%lu", bits, qbits);
	rc = 0;
leave:
	mpz_clears(q, p, lo, span, k, e, h, NULL);
	return rc;
}

int
dh_group_generate(struct dh_group *G, unsigned long bits, unsigned long qbits, struct cl_error *err)
{
	if (bits < DH_GEN_MIN_BITS || bits > DH_GEN_MAX_BITS)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a generated group has from %d to %d bits, not %lu "
			       "(for more, use a standard group such as ffdhe2048)", DH_GEN_MIN_BITS,
			       DH_GEN_MAX_BITS, bits);
	if (qbits && (qbits < 3 || qbits >= bits))
		return cl_fail(err, GPG_ERR_INV_VALUE, "q must have from 3 to %lu bits (fewer than p), not "
			       "%lu", bits - 1, qbits);
	G->source = NULL;
	G->strength = G->short_bits = 0;
	if (qbits && qbits < bits - 1)
		return gen_schnorr(G, bits, qbits, err);
	return gen_safe(G, bits, err);
}

unsigned long
dh_group_hard_bits(const struct dh_group *G)
{
	return G->nfactors ? mpz_sizeinbase(G->factor[G->nfactors - 1], 2) : mpz_sizeinbase(G->q, 2);
}

/* ---- keys ---- */

int
dh_keypair(mpz_t priv, mpz_t pub, const struct dh_group *G, unsigned long bits, struct cl_error *err)
{
	size_t qbits = mpz_sizeinbase(G->q, 2);

	if (mpz_cmp_ui(G->q, 3) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "g has order %lu: no private exponent hides anything",
			       mpz_get_ui(G->q));
	if (bits && (bits < 2 || bits >= qbits))
		return cl_fail(err, GPG_ERR_INV_VALUE, "a short exponent has from 2 to %zu bits here (fewer "
			       "than q's %zu), not %lu", qbits - 1, qbits, bits);
	/* when g has even order, x = q/2 gives p - 1, which the peer would refuse
	 * (dh_check_public): such an x is drawn again */
	for (;;) {
		if (bits) {
			random_mpz(priv, bits);
			mpz_setbit(priv, bits - 1);
		} else {
			mpz_t span;

			mpz_init(span);
			mpz_sub_ui(span, G->q, 2);
			random_below(priv, span);
			mpz_add_ui(priv, priv, 2);
			mpz_clear(span);
		}
		mpz_powm(pub, G->g, priv, G->p);
		mpz_add_ui(pub, pub, 1);
		if (mpz_cmp(pub, G->p) != 0)
			break;
	}
	mpz_sub_ui(pub, pub, 1);
	return 0;
}

/* The order of Y in the group of order q (Y^q = 1), from q's factors. */
static void
element_order(mpz_t ord, const struct dh_group *G, const mpz_t y)
{
	mpz_t t, e;

	mpz_inits(t, e, NULL);
	mpz_set(ord, G->q);
	for (size_t i = 0; i < G->nfactors; i++)
		while (mpz_divisible_p(ord, G->factor[i])) {
			mpz_divexact(t, ord, G->factor[i]);
			mpz_powm(e, y, t, G->p);
			if (mpz_cmp_ui(e, 1) != 0)
				break;
			mpz_set(ord, t);
		}
	mpz_clears(t, e, NULL);
}

int
dh_check_public(const struct dh_group *G, const mpz_t y, struct cl_error *err)
{
	QDECL;
	mpz_t pm1, t;
	int rc = -1;

	mpz_inits(pm1, t, NULL);
	mpz_sub_ui(pm1, G->p, 1);
	if (mpz_cmp_ui(y, 1) == 0) {
		cl_fail(err, GPG_ERR_INV_VALUE, "the public value '1' is refused: 1 to any power is 1, so "
			"the shared secret would be 1 whatever your private exponent (a forced secret)");
		goto leave;
	}
	if (mpz_cmp(y, pm1) == 0) {
		cl_fail(err, GPG_ERR_INV_VALUE, "the public value p - 1 is refused: it has order 2, so the "
			"shared secret would be 1 or p - 1 (small-subgroup confinement)");
		goto leave;
	}
	if (mpz_cmp_ui(y, 2) < 0 || mpz_cmp(y, pm1) > 0) {
		mpz_sub_ui(t, G->p, 2);
		cl_fail(err, GPG_ERR_INV_VALUE, "the public value '%s' is out of range: it must be from 2 "
			"to p - 2 = '%s'", Q(0, y), Q(1, t));
		goto leave;
	}
	if (mpz_cmp(G->q, pm1) == 0) {
		/* g generates everything: every y is a power of g, only its order matters */
	} else if (G->safe && G->nfactors == 1) {
		/* q = (p - 1)/2: the subgroup is the quadratic residues */
		if (mpz_jacobi(y, G->p) != 1) {
			cl_fail(err, GPG_ERR_INV_VALUE, "the public value '%s' is not in the subgroup of order "
				"q = (p - 1)/2 that g generates (it is not a square modulo p): answering it would "
				"tell whether your private exponent is even (small-subgroup attack)", Q(0, y));
			goto leave;
		}
	} else {
		mpz_powm(t, y, G->q, G->p);
		if (mpz_cmp_ui(t, 1) != 0) {
			cl_fail(err, GPG_ERR_INV_VALUE, "the public value '%s' is not in the subgroup of order q "
				"that g generates (y ^ q mod p is not 1): answering it would leak your private "
				"exponent modulo the order of y (small-subgroup attack, Lim and Lee 1997)",
				Q(0, y));
			goto leave;
		}
	}
	/* in a big group whose order has small factors, a y of tiny order */
	if (mpz_sizeinbase(G->q, 2) >= 32 && (G->nfactors > 1 || G->power[0] > 1)) {
		element_order(t, G, y);
		if (mpz_cmp_ui(t, 1 << 16) < 0) {
			cl_fail(err, GPG_ERR_INV_VALUE, "the public value '%s' has order %lu: the shared secret "
				"could only be one of %lu values, and would leak your private exponent modulo "
				"%lu (small-subgroup confinement)", Q(0, y), mpz_get_ui(t), mpz_get_ui(t),
				mpz_get_ui(t));
			goto leave;
		}
	}
	rc = 0;
leave:
	mpz_clears(pm1, t, NULL);
	return rc;
}

int
dh_shared(mpz_t s, const struct dh_group *G, const mpz_t priv, const mpz_t peer, struct cl_error *err)
{
	QDECL;
	mpz_t pm1;
	int bad;

	mpz_init(pm1);
	mpz_sub_ui(pm1, G->p, 1);
	bad = mpz_cmp_ui(priv, 1) < 0 || mpz_cmp(priv, pm1) >= 0;
	mpz_clear(pm1);
	if (bad)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a private exponent is from 1 to p - 2, not '%s'",
			       Q(0, priv));
	if (dh_check_public(G, peer, err))
		return -1;
	mpz_powm(s, peer, priv, G->p);
	return 0;
}

int
dh_secret_bytes(unsigned char **out, size_t *n, const struct dh_group *G, const mpz_t s,
		struct cl_error *err)
{
	size_t len = (mpz_sizeinbase(G->p, 2) + 7) / 8, need;
	unsigned char *buf;

	*out = NULL;
	*n = 0;
	if (mpz_sgn(s) <= 0 || mpz_cmp(s, G->p) >= 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a shared secret is from 1 to p - 1");
	need = (mpz_sizeinbase(s, 2) + 7) / 8;
	buf = gcry_malloc_secure(len);
	if (!buf)
		return cl_fail(err, GPG_ERR_ENOMEM, "out of secure memory");
	memset(buf, 0, len);
	mpz_export(buf + len - need, NULL, 1, 1, 1, 0, s);
	*out = buf;
	*n = len;
	return 0;
}

int
dh_derive_key(unsigned char *out, size_t outlen, const struct dh_group *G, const mpz_t s,
	      const void *salt, size_t saltlen, const void *info, size_t infolen, struct cl_error *err)
{
	static const unsigned char zeros[32];
	unsigned char *ikm = NULL, *prk = NULL;
	size_t n;
	gnutls_datum_t k, sd, pd, id;
	int e, rc = -1;

	if (outlen == 0 || outlen > 255 * 32)
		return cl_fail(err, GPG_ERR_INV_VALUE, "HKDF-SHA256 gives from 1 to %d bytes, not %zu",
			       255 * 32, outlen);
	if (!info) {
		info = DH_KDF_INFO;
		infolen = strlen(DH_KDF_INFO);
	}
	if (!salt || !saltlen) {	/* RFC 5869 section 2.2: HashLen zeros */
		salt = zeros;
		saltlen = sizeof zeros;
	}
	if (dh_secret_bytes(&ikm, &n, G, s, err))
		return -1;
	if (!(prk = gcry_malloc_secure(32))) {
		cl_fail(err, GPG_ERR_ENOMEM, "out of secure memory");
		goto leave;
	}
	k = (gnutls_datum_t){ ikm, (unsigned)n };
	sd = (gnutls_datum_t){ (unsigned char *)salt, (unsigned)saltlen };
	if ((e = gnutls_hkdf_extract(GNUTLS_MAC_SHA256, &k, &sd, prk)) < 0) {
		cl_fail(err, GPG_ERR_GENERAL, "hkdf: %s", gnutls_strerror(e));
		goto leave;
	}
	pd = (gnutls_datum_t){ prk, 32 };
	id = (gnutls_datum_t){ (unsigned char *)(infolen ? info : zeros), (unsigned)infolen };
	if ((e = gnutls_hkdf_expand(GNUTLS_MAC_SHA256, &pd, &id, out, outlen)) < 0) {
		cl_fail(err, GPG_ERR_GENERAL, "hkdf: %s", gnutls_strerror(e));
		goto leave;
	}
	rc = 0;
leave:
	if (ikm) {
		explicit_bzero(ikm, n);
		gcry_free(ikm);
	}
	if (prk) {
		explicit_bzero(prk, 32);
		gcry_free(prk);
	}
	return rc;
}

void
dh_fingerprint(char out[DH_FINGERPRINT_LEN], const void *key, size_t n)
{
	unsigned char h[32];

	gcry_md_hash_buffer(GCRY_MD_SHA256, h, key, n);
	snprintf(out, DH_FINGERPRINT_LEN, "%02x%02x %02x%02x %02x%02x %02x%02x", h[0], h[1], h[2], h[3], h[4],
		 h[5], h[6], h[7]);
}

/* ---- traces ---- */

static const char *const method_names[DH_NMETHODS] = { "brute", "bsgs", "rho", "ph", "best" };
static const char *const method_titles[DH_NMETHODS] = {
	"brute force", "baby-step giant-step", "Pollard's rho", "Pohlig-Hellman", "PARI's Fp_log",
};

const char *
dh_method_name(enum dh_method m)
{
	return method_names[m];
}

const char *
dh_method_title(enum dh_method m)
{
	return method_titles[m];
}

int
dh_method_parse(enum dh_method *m, const char *name, struct cl_error *err)
{
	for (int i = 0; i < DH_NMETHODS; i++)
		if (strcmp(name, method_names[i]) == 0) {
			*m = (enum dh_method)i;
			return 0;
		}
	if (strcmp(name, "brute-force") == 0 || strcmp(name, "bruteforce") == 0)
		*m = DH_BRUTE;
	else if (strcmp(name, "pohlig-hellman") == 0)
		*m = DH_PH;
	else if (strcmp(name, "baby-step") == 0 || strcmp(name, "shanks") == 0)
		*m = DH_BSGS;
	else if (strcmp(name, "pollard") == 0)
		*m = DH_RHO;
	else if (strcmp(name, "pari") == 0 || strcmp(name, "index") == 0)
		*m = DH_BEST;
	else
		return cl_fail(err, GPG_ERR_INV_VALUE, "there is no method '%.40s': the methods are \"brute\", "
			       "\"bsgs\" (baby-step giant-step), \"rho\" (Pollard), \"ph\" (Pohlig-Hellman) "
			       "and \"best\" (PARI)", name);
	return 0;
}

static void
trace_add(struct dh_trace *t, char *text, struct dh_table *tb)
{
	t->item = xreallocarray(t->item, t->n + 1, sizeof *t->item);
	t->item[t->n].text = text;
	t->item[t->n].table = tb;
	t->n++;
}

/* A sentence made by vasprintf, or by gmp_vasprintf when GMP (for the
 * sentences with numbers, %Zd), added to T (when there is one). */
static void
trace_vsay(struct dh_trace *t, bool gmp, const char *fmt, va_list ap)
{
	char *s;

	if (!t)
		return;
	if ((gmp ? gmp_vasprintf(&s, fmt, ap) : vasprintf(&s, fmt, ap)) < 0)
		xalloc_die();
	trace_add(t, s, NULL);
}

static void trace_say(struct dh_trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
trace_say(struct dh_trace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trace_vsay(t, false, fmt, ap);
	va_end(ap);
}

static void trace_sayz(struct dh_trace *t, const char *fmt, ...);
static void
trace_sayz(struct dh_trace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trace_vsay(t, true, fmt, ap);
	va_end(ap);
}

/* A table with NCOLS headings (copied). */
static struct dh_table *
trace_table(struct dh_trace *t, int ncols, ...)
{
	struct dh_table *tb;
	va_list ap;

	if (!t)
		return NULL;
	tb = xcalloc(1, sizeof *tb);
	tb->ncols = ncols;
	tb->gap = (size_t)-1;
	va_start(ap, ncols);
	for (int i = 0; i < ncols; i++)
		tb->head[i] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	trace_add(t, NULL, tb);
	return tb;
}

/* A row of mpz values; kept when among the first rows or when LAST. */
static void
table_row(struct dh_table *tb, bool last, mpz_t *v)
{
	if (!tb)
		return;
	if (tb->nrows >= DH_TRACE_HEAD_ROWS && !last) {
		tb->skipped++;
		return;
	}
	if (tb->skipped && tb->gap == (size_t)-1)
		tb->gap = tb->nrows;
	if (tb->nrows == tb->cap) {
		tb->cap = tb->cap ? 2 * tb->cap : 16;
		tb->cell = xreallocarray(tb->cell, tb->cap * tb->ncols, sizeof *tb->cell);
	}
	for (int i = 0; i < tb->ncols; i++)
		mpz_init_set(tb->cell[tb->nrows * tb->ncols + i], v[i]);
	tb->nrows++;
}

/* A row of unsigned 64-bit values; UINT64_MAX shows as "-". */
static void
table_row_u(struct dh_table *tb, bool last, int n, ...)
{
	mpz_t v[DH_TRACE_MAX_COLS];
	va_list ap;

	if (!tb || (tb->nrows >= DH_TRACE_HEAD_ROWS && !last)) {
		if (tb)
			tb->skipped++;
		return;
	}
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		uint64_t x = va_arg(ap, uint64_t);

		mpz_init(v[i]);
		if (x == UINT64_MAX)
			mpz_set_si(v[i], -1);
		else
			mpz_import(v[i], 1, 1, sizeof x, 0, 0, &x);
	}
	va_end(ap);
	table_row(tb, last, v);
	for (int i = 0; i < n; i++)
		mpz_clear(v[i]);
}

void
dh_trace_free(struct dh_trace *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct dh_table *tb = t->item[i].table;

		free(t->item[i].text);
		if (!tb)
			continue;
		for (int c = 0; c < tb->ncols; c++)
			free(tb->head[c]);
		for (size_t r = 0; r < tb->nrows * tb->ncols; r++)
			mpz_clear(tb->cell[r]);
		free(tb->cell);
		free(tb);
	}
	free(t->item);
	t->item = NULL;
	t->n = 0;
}

/* ---- attacks ---- */

/* What every loop polls: Ctrl-C, and the time limit. */
struct run {
	const char *what;
	double start, seconds;
	double log2_need;	/* the steps expected, for the give-up message */
	unsigned long long steps;
	struct cl_error *err;
};

static int
poll_run(struct run *r)
{
	double t;

	if (cl_check_interrupt(r->err))
		return -1;
	if (r->seconds > 0 && (t = clock_elapsed() - r->start) > r->seconds) {
		char left[64];
		double rate = (double)r->steps / t;

		if (rate > 0 && r->log2_need > 0) {
			dh_format_duration(left, sizeof left, r->log2_need * log10(2) - log10(rate));
			return cl_fail(r->err, GPG_ERR_TIMEOUT, "%s gave up after %g second%s and %llu steps; "
				       "it may need about 2^%.0f steps, some %s at this pace", r->what,
				       r->seconds, r->seconds == 1 ? "" : "s", r->steps, r->log2_need, left);
		}
		return cl_fail(r->err, GPG_ERR_TIMEOUT, "%s gave up after %g second%s", r->what, r->seconds,
			       r->seconds == 1 ? "" : "s");
	}
	return 0;
}

#define POLL_MASK 4095

/* Is the modulus small enough for 64-bit arithmetic with 128-bit products? */
static bool
fits(const mpz_t p)
{
	return mpz_sizeinbase(p, 2) <= 62;
}

static uint64_t
u64(const mpz_t z)
{
	uint64_t x = 0;

	mpz_export(&x, NULL, 1, sizeof x, 0, 0, z);
	return x;
}

static void
from_u64(mpz_t z, uint64_t x)
{
	mpz_import(z, 1, 1, sizeof x, 0, 0, &x);
}

static inline uint64_t
mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	return (uint64_t)((unsigned __int128)a * b % m);
}

static int
brute(mpz_t x, struct run *r, struct dh_trace *tr, const mpz_t g, const mpz_t h, const mpz_t n,
      const mpz_t p)
{
	struct dh_table *tb;
	mpz_t cur, i, row[2];
	int rc = -1;

	trace_sayz(tr, "try x = 0, 1, 2, ... computing g^x mod %Zd by one multiplication each, until it "
		   "is %Zd", p, h);
	tb = trace_table(tr, 2, "x", "g^x mod p");
	mpz_inits(cur, i, row[0], row[1], NULL);
	mpz_set_ui(cur, 1);
	for (mpz_set_ui(i, 0); mpz_cmp(i, n) < 0; mpz_add_ui(i, i, 1)) {
		bool hit = mpz_cmp(cur, h) == 0;

		if (tb) {
			mpz_set(row[0], i);
			mpz_set(row[1], cur);
			table_row(tb, hit, row);
		}
		if (hit) {
			mpz_set(x, i);
			rc = 0;
			goto leave;
		}
		mpz_mul(cur, cur, g);
		mpz_mod(cur, cur, p);
		if ((++r->steps & POLL_MASK) == 0 && poll_run(r))
			goto leave;
	}
	cl_fail(r->err, GPG_ERR_NOT_FOUND, "no exponent gives it");
leave:
	mpz_clears(cur, i, row[0], row[1], NULL);
	return rc;
}

/* The baby-step table: open addressing on the low 64 bits of g^j. */
struct babies {
	uint64_t *key, *val;	/* val: j + 1, 0 for empty */
	size_t mask;
};

static void
babies_init(struct babies *b, uint64_t m)
{
	size_t cap = 16;

	while (cap < 2 * m)
		cap *= 2;
	b->key = xcalloc(cap, sizeof *b->key);
	b->val = xcalloc(cap, sizeof *b->val);
	b->mask = cap - 1;
}

static void
babies_free(struct babies *b)
{
	free(b->key);
	free(b->val);
}

static inline size_t
slot_of(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;	/* MurmurHash3's finaliser */
	k ^= k >> 33;
	return (size_t)k;
}

static void
babies_put(struct babies *b, uint64_t k, uint64_t j)
{
	size_t s = slot_of(k) & b->mask;

	while (b->val[s])
		s = (s + 1) & b->mask;
	b->key[s] = k;
	b->val[s] = j + 1;
}

/* Baby-step giant-step (Shanks): x = i*m + j with g^j = h * g^(-m*i). */
static int
bsgs(mpz_t x, struct run *r, struct dh_trace *tr, const mpz_t g, const mpz_t h, const mpz_t n,
     const mpz_t p, unsigned long long *table)
{
	struct dh_table *tb;
	struct babies B;
	mpz_t m, cur, step, row[3], t;
	uint64_t mm;
	bool small = fits(p);
	int rc = -1;

	mpz_inits(m, cur, step, row[0], row[1], row[2], t, NULL);
	mpz_sqrtrem(m, t, n);
	if (mpz_sgn(t))
		mpz_add_ui(m, m, 1);
	if (mpz_cmp_ui(m, DH_BSGS_MAX_TABLE) > 0) {
		cl_fail(r->err, GPG_ERR_TOO_LARGE, "baby-step giant-step would keep about 2^%.0f baby steps "
			"in memory; it keeps at most 2^%d (an order of up to %d bits): method=\"rho\" needs no "
			"memory", log2(mpz_get_d(m)), 21, 42);
		goto leave0;
	}
	mm = mpz_get_ui(m);
	babies_init(&B, mm);
	if (table)
		*table = mm;
	mpz_sub_ui(t, m, 1);
	trace_sayz(tr, "m = ceil(sqrt(%Zd)) = %Zd. Baby steps: remember g^j mod p for j from 0 to %Zd", n,
		   m, t);
	tb = trace_table(tr, 2, "j", "g^j mod p");
	if (small) {
		uint64_t P = u64(p), G = u64(g) % P, c = 1;

		for (uint64_t j = 0; j < mm; j++) {
			babies_put(&B, c, j);
			table_row_u(tb, false, 2, j, c);
			c = mulmod(c, G, P);
			if ((++r->steps & POLL_MASK) == 0 && poll_run(r))
				goto leave;
		}
	} else {
		mpz_set_ui(cur, 1);
		for (uint64_t j = 0; j < mm; j++) {
			babies_put(&B, mpz_get_ui(cur), j);
			if (tb) {
				from_u64(row[0], j);
				mpz_set(row[1], cur);
				table_row(tb, false, row);
			}
			mpz_mul(cur, cur, g);
			mpz_mod(cur, cur, p);
			if ((++r->steps & POLL_MASK) == 0 && poll_run(r))
				goto leave;
		}
	}
	/* step = g^(-m) */
	mpz_powm(step, g, m, p);
	if (!mpz_invert(step, step, p)) {
		cl_fail(r->err, GPG_ERR_INTERNAL, "g has no inverse modulo p");
		goto leave;
	}
	trace_sayz(tr, "giant steps: h * g^(-%Zd i) mod p for i = 0, 1, 2, ... (g^(-%Zd) = %Zd), until "
		   "one is a baby step g^j: then x = i*m + j", m, m, step);
	tb = trace_table(tr, 3, "i", "h * g^(-m i) mod p", "baby step j");
	{
		uint64_t P = small ? u64(p) : 0, S = small ? u64(step) : 0, c = small ? u64(h) : 0;

		mpz_set(cur, h);
		for (uint64_t i = 0; i < mm; i++) {
			uint64_t k = small ? c : mpz_get_ui(cur);
			size_t s = slot_of(k) & B.mask;

			for (; B.val[s]; s = (s + 1) & B.mask) {
				uint64_t j = B.val[s] - 1;

				if (B.key[s] != k)
					continue;
				/* x = i m + j; with a big p only the low 64 bits matched: check */
				from_u64(t, i);
				mpz_mul(x, m, t);
				from_u64(t, j);
				mpz_add(x, x, t);
				if (!small) {
					mpz_powm(t, g, x, p);
					if (mpz_cmp(t, h) != 0)
						continue;
				}
				mpz_mod(x, x, n);
				table_row_u(tb, true, 3, i, small ? c : UINT64_MAX, j);
				if (tb && !small)	/* the big value itself */
					mpz_set(tb->cell[(tb->nrows - 1) * 3 + 1], cur);
				rc = 0;
				goto leave;
			}
			if (small) {
				table_row_u(tb, false, 3, i, c, UINT64_MAX);
				c = mulmod(c, S, P);
			} else {
				if (tb) {
					from_u64(row[0], i);
					mpz_set(row[1], cur);
					mpz_set_si(row[2], -1);
					table_row(tb, false, row);
				}
				mpz_mul(cur, cur, step);
				mpz_mod(cur, cur, p);
			}
			if ((++r->steps & POLL_MASK) == 0 && poll_run(r))
				goto leave;
		}
	}
	cl_fail(r->err, GPG_ERR_NOT_FOUND, "no exponent gives it");
leave:
	babies_free(&B);
leave0:
	mpz_clears(m, cur, step, row[0], row[1], row[2], t, NULL);
	return rc;
}

/* Solve R x = S (mod N) and keep the X with g^X = h: none when gcd(R, N) is
 * large or does not divide S. */
static bool
solve_linear(mpz_t x, const mpz_t R, const mpz_t S, const mpz_t n, const mpz_t g, const mpz_t h,
	     const mpz_t p)
{
	mpz_t d, r, s, nd, t;
	bool ok = false;

	mpz_inits(d, r, s, nd, t, NULL);
	mpz_gcd(d, R, n);
	if (mpz_sgn(R) == 0 || !mpz_divisible_p(S, d) || mpz_cmp_ui(d, 1 << 20) > 0)
		goto leave;
	mpz_divexact(r, R, d);
	mpz_divexact(s, S, d);
	mpz_divexact(nd, n, d);
	if (mpz_cmp_ui(nd, 1) == 0)
		mpz_set_ui(x, 0);
	else {
		if (!mpz_invert(t, r, nd))
			goto leave;
		mpz_mul(x, s, t);
		mpz_mod(x, x, nd);
	}
	for (unsigned long k = 0; mpz_cmp_ui(d, k) > 0; k++) {
		mpz_powm(t, g, x, p);
		if (mpz_cmp(t, h) == 0) {
			ok = true;
			break;
		}
		mpz_add(x, x, nd);
	}
leave:
	mpz_clears(d, r, s, nd, t, NULL);
	return ok;
}

/* One step of HAC's walk: the class of x mod 3 picks x*h, x^2 or x*g. */
#define RHO_STEP_U(x, a, b) do { \
	switch ((x) % 3) { \
	case 1: (x) = mulmod((x), H, P); (b) = (b) + 1 == N ? 0 : (b) + 1; break; \
	case 0: (x) = mulmod((x), (x), P); (a) = (a) >= N - (a) ? (a) - (N - (a)) : 2 * (a); \
		(b) = (b) >= N - (b) ? (b) - (N - (b)) : 2 * (b); break; \
	default: (x) = mulmod((x), G, P); (a) = (a) + 1 == N ? 0 : (a) + 1; break; \
	} } while (0)

static void
rho_step(mpz_t x, mpz_t a, mpz_t b, const mpz_t g, const mpz_t h, const mpz_t n, const mpz_t p)
{
	switch (mpz_fdiv_ui(x, 3)) {
	case 1:
		mpz_mul(x, x, h);
		mpz_add_ui(b, b, 1);
		if (mpz_cmp(b, n) >= 0)
			mpz_sub(b, b, n);
		break;
	case 0:
		mpz_mul(x, x, x);
		mpz_mul_2exp(a, a, 1);
		if (mpz_cmp(a, n) >= 0)
			mpz_sub(a, a, n);
		mpz_mul_2exp(b, b, 1);
		if (mpz_cmp(b, n) >= 0)
			mpz_sub(b, b, n);
		break;
	default:
		mpz_mul(x, x, g);
		mpz_add_ui(a, a, 1);
		if (mpz_cmp(a, n) >= 0)
			mpz_sub(a, a, n);
		break;
	}
	mpz_mod(x, x, p);
}

/* Pollard's rho (HAC algorithm 3.60 with Floyd's cycle finding): walk
 * x = g^a h^b by the rule above; when x_i = x_2i, g^(a_i - a_2i) =
 * h^(b_2i - b_i) gives x. The first walk starts at 1 as HAC does, a failed
 * one starts again from a random g^a h^b. */
static int
rho(mpz_t x, struct run *r, struct dh_trace *tr, const mpz_t g, const mpz_t h, const mpz_t n,
    const mpz_t p, unsigned *restarts)
{
	struct dh_table *tb = NULL;
	mpz_t v[7], R, S, lim;
	bool small = fits(p) && fits(n);
	int rc = -1;

	for (int k = 0; k < 7; k++)
		mpz_init(v[k]);
	mpz_inits(R, S, lim, NULL);
	/* a walk longer than this has failed to meet: 4 sqrt(n) + 100 */
	mpz_sqrt(lim, n);
	mpz_mul_ui(lim, lim, 4);
	mpz_add_ui(lim, lim, 100);
	trace_say(tr, "walk through numbers x = g^a h^b mod p: when x mod 3 is 1 multiply by h (b + 1), "
		  "when 0 square (2a, 2b), when 2 multiply by g (a + 1). The hare takes two steps for each "
		  "of the tortoise's; when they meet, g^a h^b = g^A h^B gives x");
	for (unsigned walk = 0; walk < 64; walk++) {
		/* v: i, x, a, b (tortoise), X, A, B (hare) */
		if (walk == 0) {
			mpz_set_ui(v[1], 1);
			mpz_set_ui(v[2], 0);
			mpz_set_ui(v[3], 0);
		} else {
			random_below(v[2], n);
			random_below(v[3], n);
			mpz_powm(v[1], g, v[2], p);
			mpz_powm(R, h, v[3], p);
			mpz_mul(v[1], v[1], R);
			mpz_mod(v[1], v[1], p);
			(*restarts)++;
			trace_sayz(tr, "the walk met where b = B, which says nothing about x: start again from "
				   "a = %Zd, b = %Zd", v[2], v[3]);
		}
		if (tr && walk < 3)
			tb = trace_table(tr, 7, "i", "x", "a", "b", "X (2i)", "A", "B");
		else
			tb = NULL;
		mpz_set(v[4], v[1]);
		mpz_set(v[5], v[2]);
		mpz_set(v[6], v[3]);
		if (small) {
			uint64_t P = u64(p), G = u64(g), H = u64(h), N = u64(n), L = mpz_fits_ulong_p(lim)
				? mpz_get_ui(lim) : UINT64_MAX;
			uint64_t X = u64(v[1]), A = u64(v[2]), B = u64(v[3]), X2 = X, A2 = A, B2 = B;
			uint64_t i;

			for (i = 1; i < L; i++) {
				RHO_STEP_U(X, A, B);
				RHO_STEP_U(X2, A2, B2);
				RHO_STEP_U(X2, A2, B2);
				r->steps++;
				if (X == X2)
					break;
				table_row_u(tb, false, 7, i, X, A, B, X2, A2, B2);
				if ((r->steps & POLL_MASK) == 0 && poll_run(r))
					goto leave;
			}
			if (i == L)
				continue;
			table_row_u(tb, true, 7, i, X, A, B, X2, A2, B2);
			from_u64(v[2], A);
			from_u64(v[3], B);
			from_u64(v[5], A2);
			from_u64(v[6], B2);
		} else {
			unsigned long long i;

			for (i = 1; mpz_cmp_ui(lim, i) > 0; i++) {
				rho_step(v[1], v[2], v[3], g, h, n, p);
				rho_step(v[4], v[5], v[6], g, h, n, p);
				rho_step(v[4], v[5], v[6], g, h, n, p);
				r->steps++;
				mpz_set_ui(v[0], i);
				if (mpz_cmp(v[1], v[4]) == 0)
					break;
				table_row(tb, false, v);
				if ((r->steps & POLL_MASK) == 0 && poll_run(r))
					goto leave;
			}
			if (mpz_cmp_ui(lim, i) <= 0)
				continue;
			table_row(tb, true, v);
		}
		/* (b_2i - b_i) x = a_i - a_2i (mod n) */
		mpz_sub(R, v[6], v[3]);
		mpz_mod(R, R, n);
		mpz_sub(S, v[2], v[5]);
		mpz_mod(S, S, n);
		if (solve_linear(x, R, S, n, g, h, p)) {
			trace_sayz(tr, "they meet: g^%Zd h^%Zd = g^%Zd h^%Zd, so (%Zd - %Zd) x = %Zd - %Zd "
				   "(mod %Zd), and x = %Zd", v[2], v[3], v[5], v[6], v[6], v[3], v[2], v[5], n, x);
			rc = 0;
			goto leave;
		}
	}
	cl_fail(r->err, GPG_ERR_NOT_FOUND, "Pollard's rho found no exponent after 64 walks");
leave:
	for (int k = 0; k < 7; k++)
		mpz_clear(v[k]);
	mpz_clears(R, S, lim, NULL);
	return rc;
}

/* Pohlig-Hellman (HAC algorithm 3.63): x modulo each prime power l^e of the
 * order, digit by digit in base l, each digit a discrete logarithm in the
 * subgroup of order l (baby-step giant-step); then the Chinese remainder
 * theorem. */
static int
pohlig_hellman(mpz_t x, struct run *r, struct dh_trace *tr, const struct dh_group *G, const mpz_t h,
	       unsigned long long *table)
{
	struct dh_table *tb;
	mpz_t le, n_l, g_l, h_l, gamma, hk, d, xl, t, lk, M, row[4];
	int rc = -1;

	mpz_inits(le, n_l, g_l, h_l, gamma, hk, d, xl, t, lk, M, row[0], row[1], row[2], row[3], NULL);
	if (G->nfactors == 1 && G->power[0] == 1)
		trace_sayz(tr, "the order q = %Zd is prime: there is nothing to split, and Pohlig-Hellman "
			   "is one baby-step giant-step on all of q. That is what a safe prime is for", G->q);
	else {
		char *s = xstrdup(""), *u;

		for (size_t i = 0; i < G->nfactors; i++) {
			if (G->power[i] > 1)
				gmp_asprintf(&u, "%s%s%Zd^%lu", s, i ? " * " : "", G->factor[i], G->power[i]);
			else
				gmp_asprintf(&u, "%s%s%Zd", s, i ? " * " : "", G->factor[i]);
			free(s);
			s = u;
		}
		trace_sayz(tr, "the order q = %Zd = %s: find x modulo each prime power l^e, from g^(q/l^e) "
			   "and h^(q/l^e), which live in a subgroup of order l^e; then put the pieces together",
			   G->q, s);
		free(s);
	}
	if (mpz_sizeinbase(G->factor[G->nfactors - 1], 2) > 42) {
		cl_fail(r->err, GPG_ERR_TOO_LARGE, "the largest prime factor of q has %zu bits: its baby-step "
			"giant-step would keep 2^%zu baby steps, more than the 2^21 kept here. Pohlig-Hellman "
			"only helps when every prime factor of q is small",
			mpz_sizeinbase(G->factor[G->nfactors - 1], 2),
			(mpz_sizeinbase(G->factor[G->nfactors - 1], 2) + 1) / 2);
		goto leave;
	}
	tb = trace_table(tr, 4, "l^e", "g^(q/l^e)", "h^(q/l^e)", "x mod l^e");
	mpz_set_ui(x, 0);
	mpz_set_ui(M, 1);
	for (size_t i = 0; i < G->nfactors; i++) {
		const mpz_t *l = &G->factor[i];
		unsigned long e = G->power[i];
		unsigned long long tabl = 0;

		mpz_pow_ui(le, *l, e);
		mpz_divexact(n_l, G->q, le);
		mpz_powm(g_l, G->g, n_l, G->p);
		mpz_powm(h_l, h, n_l, G->p);
		/* gamma = g_l^(l^(e-1)) has order l */
		mpz_pow_ui(t, *l, e - 1);
		mpz_powm(gamma, g_l, t, G->p);
		mpz_set_ui(xl, 0);
		mpz_set_ui(lk, 1);
		for (unsigned long k = 0; k < e; k++) {
			/* hk = (g_l^(-xl) h_l)^(l^(e-1-k)) */
			mpz_powm(t, g_l, xl, G->p);
			if (!mpz_invert(t, t, G->p))
				goto leave;
			mpz_mul(hk, t, h_l);
			mpz_mod(hk, hk, G->p);
			mpz_pow_ui(t, *l, e - 1 - k);
			mpz_powm(hk, hk, t, G->p);
			if (bsgs(d, r, NULL, gamma, hk, *l, G->p, &tabl))
				goto leave;
			if (table && tabl > *table)
				*table = tabl;
			mpz_addmul(xl, d, lk);
			mpz_mul(lk, lk, *l);
			r->steps += 2;
		}
		mpz_set(row[0], le);
		mpz_set(row[1], g_l);
		mpz_set(row[2], h_l);
		mpz_set(row[3], xl);
		table_row(tb, i + 1 == G->nfactors, row);
		/* CRT: x = x mod M and xl mod le */
		mpz_sub(t, xl, x);
		if (!mpz_invert(d, M, le))
			goto leave;
		mpz_mul(t, t, d);
		mpz_mod(t, t, le);
		mpz_addmul(x, M, t);
		mpz_mul(M, M, le);
	}
	mpz_mod(x, x, G->q);
	if (G->nfactors > 1 || G->power[0] > 1)
		trace_sayz(tr, "the Chinese remainder theorem puts the pieces together: x = %Zd (mod %Zd)", x,
			   G->q);
	rc = 0;
leave:
	mpz_clears(le, n_l, g_l, h_l, gamma, hk, d, xl, t, lk, M, row[0], row[1], row[2], row[3], NULL);
	return rc;
}

double
dh_crack_log2_steps(const struct dh_group *G, enum dh_method m)
{
	double qb = log2(mpz_get_d(G->q)), need = 0;

	if (!isfinite(qb))	/* beyond a double: count the bits */
		qb = (double)mpz_sizeinbase(G->q, 2);
	switch (m) {
	case DH_BRUTE:
		return qb - 1;			/* q/2 on average */
	case DH_BSGS:
		return qb / 2 + 0.6;		/* m baby steps and m/2 giant ones on average */
	case DH_RHO:
		return qb / 2 + 0.33;		/* sqrt(pi q / 2) steps of the tortoise (HAC 3.60) */
	case DH_PH:
		for (size_t i = 0; i < G->nfactors; i++) {
			double lb = log2(mpz_get_d(G->factor[i]));

			if (!isfinite(lb))
				lb = (double)mpz_sizeinbase(G->factor[i], 2);
			need += G->power[i] * pow(2, lb / 2 + 0.6);
		}
		return need > 0 && isfinite(need) ? log2(need) : qb / 2 + 0.6;
	case DH_BEST:
		return -1;
	}
	return -1;
}

void
dh_format_duration(char *buf, size_t size, double l10)
{
	static const double year = 365.25 * 86400;
	double s = pow(10, l10);

	if (l10 < 2)
		snprintf(buf, size, "%.2g second%s", s, s == 1 ? "" : "s");
	else if (s < 3600)
		snprintf(buf, size, "%.0f minutes", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, size, "%.0f hours", s / 3600);
	else if (s < year)
		snprintf(buf, size, "%.0f days", s / 86400);
	else if (s < 1e6 * year)
		snprintf(buf, size, "%.0f years", s / year);
	else if (s < 1e9 * year)
		snprintf(buf, size, "%.1f million years", s / year / 1e6);
	else if (s < 1e12 * year)
		snprintf(buf, size, "%.1f billion years", s / year / 1e9);
	else
		snprintf(buf, size, "10^%.0f years", l10 - log10(year));
}

double
dh_nfs_log10_core_years(unsigned long bits)
{
	double c = cbrt(64.0 / 9), l1 = bits * log(2), l0 = DH_NFS_ANCHOR_BITS * log(2);
	double e1 = c * cbrt(l1) * pow(log(l1), 2.0 / 3), e0 = c * cbrt(l0) * pow(log(l0), 2.0 / 3);

	return log10(DH_NFS_ANCHOR_CORE_YEARS) + (e1 - e0) / log(10);
}

/* "there is no time limit" refusal: how long it would take. */
static int
refuse(const struct dh_group *G, enum dh_method m, double log2_steps, struct cl_error *err)
{
	char when[64];
	size_t qb = mpz_sizeinbase(G->q, 2);
	/* the bits of the order whose baby steps baby-step giant-step keeps */
	size_t table_bits = m == DH_BSGS ? qb : m == DH_PH && G->nfactors
			    ? mpz_sizeinbase(G->factor[G->nfactors - 1], 2) : 0;

	if (m == DH_BEST) {
		dh_format_duration(when, sizeof when,
				   dh_nfs_log10_core_years(mpz_sizeinbase(G->p, 2)) + log10(365.25 * 86400));
		return cl_fail(err, GPG_ERR_TOO_LARGE, "p has %zu bits: PARI's index calculus would run for "
			       "far too long, and even the number field sieve, the best attack known, needs "
			       "about %s of one core's time (L_p[1/3], from the DLP-240 record: %d bits, %d, "
			       "about 3,100 core-years). Give seconds= to try for that long anyway",
			       mpz_sizeinbase(G->p, 2), when, DH_NFS_ANCHOR_BITS, DH_NFS_ANCHOR_YEAR);
	}
	dh_format_duration(when, sizeof when, log2_steps * log10(2) - 9);
	/* seconds= lifts the time limit, not the memory one: not offered then */
	if (table_bits > 42)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%s needs about 2^%.0f steps here (%s, q having %zu "
			       "bits): even at a billion steps a second that is %s, and it would keep 2^%zu "
			       "baby steps in memory, more than the 2^21 kept here: method=\"rho\" needs no "
			       "memory", dh_method_title(m), log2_steps,
			       m == DH_PH ? "the square root of q's largest prime factor" : "the square root of q",
			       qb, when, (table_bits + 1) / 2);
	return cl_fail(err, GPG_ERR_TOO_LARGE, "%s needs about 2^%.0f steps here (%s, q having %zu "
		       "bits): even at a billion steps a second that is %s. Give seconds= to try for that "
		       "long anyway", dh_method_title(m), log2_steps,
		       m == DH_BRUTE ? "half of q on average" : m == DH_PH ? "the square root of q's "
		       "largest prime factor" : "the square root of q", qb, when);
}

int
dh_crack(mpz_t x, struct dh_crack_stats *st, struct dh_trace *trace, const struct dh_group *G,
	 const mpz_t h0, enum dh_method m, double seconds, struct cl_error *err)
{
	QDECL;
	struct dh_crack_stats dummy;
	struct run r = { .what = dh_method_title(m), .seconds = seconds, .err = err };
	mpz_t h, t;
	int rc = -1;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	mpz_inits(h, t, NULL);
	if (mpz_sgn(h0) <= 0 || mpz_cmp(h0, G->p) >= 0) {
		cl_fail(err, GPG_ERR_INV_VALUE, "'%s' is not a power of g: powers of g modulo p are from 1 "
			"to p - 1", Q(0, h0));
		goto leave;
	}
	mpz_set(h, h0);
	mpz_powm(t, h, G->q, G->p);
	if (mpz_cmp_ui(t, 1) != 0) {
		cl_fail(err, GPG_ERR_NOT_FOUND, "'%s' is not a power of g (h ^ q mod p is not 1, q being the "
			"order of g), so no exponent gives it", Q(0, h));
		goto leave;
	}
	r.log2_need = dh_crack_log2_steps(G, m);
	if (seconds <= 0) {
		if (m == DH_BEST ? mpz_sizeinbase(G->p, 2) > DH_BEST_MAX_BITS
				 : r.log2_need > DH_REFUSE_LOG2_STEPS) {
			refuse(G, m, r.log2_need, err);
			goto leave;
		}
	}
	if (m == DH_BSGS && mpz_sizeinbase(G->q, 2) > 42) {
		cl_fail(err, GPG_ERR_TOO_LARGE, "baby-step giant-step would keep about 2^%zu baby steps in "
			"memory, and keeps at most 2^21 (an order q of up to 42 bits): method=\"rho\" needs no "
			"memory%s", (mpz_sizeinbase(G->q, 2) + 1) / 2, dh_group_hard_bits(G) <= 42
			? ", and method=\"ph\" splits q along its small factors" : "");
		goto leave;
	}
	r.start = clock_elapsed();
	switch (m) {
	case DH_BRUTE:
		rc = brute(x, &r, trace, G->g, h, G->q, G->p);
		break;
	case DH_BSGS:
		rc = bsgs(x, &r, trace, G->g, h, G->q, G->p, &st->table);
		break;
	case DH_RHO:
		rc = rho(x, &r, trace, G->g, h, G->q, G->p, &st->restarts);
		break;
	case DH_PH:
		rc = pohlig_hellman(x, &r, trace, G, h, &st->table);
		break;
	case DH_BEST:
		trace_sayz(trace, "PARI's Fp_log: Pohlig-Hellman over the factors of q, and index calculus "
			   "(a sieve over small primes, then linear algebra) for the large ones");
		rc = pari_dlog(x, h, G->g, G->p, G->q, seconds, err);
		break;
	}
	st->steps = r.steps;
	st->seconds = clock_elapsed() - r.start;
	if (rc == 0) {
		/* whatever the method, the answer is checked */
		mpz_powm(t, G->g, x, G->p);
		if (mpz_cmp(t, h) != 0)
			rc = cl_fail(err, GPG_ERR_INTERNAL, "%s gave '%s', which is wrong", dh_method_title(m),
				     Q(0, x));
	}
leave:
	mpz_clears(h, t, NULL);
	return rc;
}
