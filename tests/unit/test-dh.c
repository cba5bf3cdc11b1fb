/* Unit tests of libcore/dh.
 *
 * Where the known answers come from:
 * - the toy exchange p = 23, g = 5, a = 6, b = 15: A = 8, B = 19, s = 2, the
 *   worked example of Wikipedia's "Diffie-Hellman key exchange" article;
 * - RFC 7919's primes: GnuTLS's exported gnutls_ffdhe_*_group_prime,
 *   _generator and _q (an independent copy of the RFC, linked here); RFC 3526's
 *   are checked against openssl and against the RFC's formula in gp by
 *   tests/interop/dh-openssl.test; here every named p is shown to be a safe
 *   prime with g of the stated order;
 * - Pollard's rho: the Handbook of Applied Cryptography, example 3.61 (p =
 *   383, g = 2 of order 191, h = 228: the walk meets at i = 14 and x = 110);
 * - HKDF-SHA256: RFC 5869, appendix A.1 (test case 1) and A.3 (test case 3,
 *   no salt), through dh_derive_key with a secret exactly the length of p;
 * - weak64: p - 1 = 2 * 103 * 971 * 1549 * 1951 * 4027 * 4759 (gp's factor);
 * - every attack against exponents drawn at random, each answer checked by
 *   a modular power. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include <gnutls/gnutls.h>
#include "libcore/core.h"
#include "libcore/bigint.h"
#include "libcore/dh.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"

static void
from_datum(mpz_t z, const gnutls_datum_t *d)
{
	mpz_import(z, d->size, 1, 1, 1, 0, d->data);
}

static void
test_toy(void)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t a, b, A, B, s1, s2;

	dh_group_init(&G);
	mpz_inits(a, b, A, B, s1, s2, NULL);
	ok(dh_group_named(&G, "toy", &err) == 0, "the toy group");
	ok(mpz_cmp_ui(G.p, 23) == 0 && mpz_cmp_ui(G.g, 5) == 0, "is p = 23, g = 5");
	ok(mpz_cmp_ui(G.q, 22) == 0 && G.safe, "5 has order 22 modulo the safe prime 23");
	mpz_set_ui(a, 6);
	mpz_set_ui(b, 15);
	mpz_powm(A, G.g, a, G.p);
	mpz_powm(B, G.g, b, G.p);
	ok(mpz_cmp_ui(A, 8) == 0 && mpz_cmp_ui(B, 19) == 0, "A = 5^6 mod 23 = 8, B = 5^15 mod 23 = 19");
	ok(dh_shared(s1, &G, a, B, &err) == 0 && dh_shared(s2, &G, b, A, &err) == 0, "both shared secrets");
	ok(mpz_cmp_ui(s1, 2) == 0 && mpz_cmp_ui(s2, 2) == 0, "are 2, the same on both sides");
	mpz_clears(a, b, A, B, s1, s2, NULL);
	dh_group_clear(&G);
}

static void
test_rfc(void)
{
	static const struct {
		const char *name;
		const gnutls_datum_t *p, *g, *q;
	} ff[] = {
		{ "ffdhe2048", &gnutls_ffdhe_2048_group_prime, &gnutls_ffdhe_2048_group_generator,
		  &gnutls_ffdhe_2048_group_q },
		{ "ffdhe3072", &gnutls_ffdhe_3072_group_prime, &gnutls_ffdhe_3072_group_generator,
		  &gnutls_ffdhe_3072_group_q },
		{ "ffdhe4096", &gnutls_ffdhe_4096_group_prime, &gnutls_ffdhe_4096_group_generator,
		  &gnutls_ffdhe_4096_group_q },
	};
	static const struct { const char *name; unsigned bits; } all[] = {
		{ "toy", 5 }, { "modp1536", 1536 }, { "modp2048", 2048 }, { "modp3072", 3072 },
		{ "ffdhe2048", 2048 }, { "ffdhe3072", 3072 }, { "ffdhe4096", 4096 },
	};
	struct dh_group G;
	struct cl_error err;
	mpz_t z, r, e;

	dh_group_init(&G);
	mpz_inits(z, r, e, NULL);
	for (size_t i = 0; i < sizeof ff / sizeof ff[0]; i++) {
		ok(dh_group_named(&G, ff[i].name, &err) == 0, "%s", ff[i].name);
		from_datum(z, ff[i].p);
		ok(mpz_cmp(G.p, z) == 0, "%s: p is GnuTLS's gnutls_ffdhe_*_group_prime", ff[i].name);
		from_datum(z, ff[i].g);
		ok(mpz_cmp(G.g, z) == 0, "%s: g is GnuTLS's generator (2)", ff[i].name);
		from_datum(z, ff[i].q);
		ok(mpz_cmp(G.q, z) == 0, "%s: the order of g is GnuTLS's q", ff[i].name);
	}
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		dh_group_named(&G, all[i].name, &err);
		mpz_sub_ui(r, G.p, 1);
		mpz_fdiv_q_2exp(r, r, 1);
		ok(mpz_sizeinbase(G.p, 2) == all[i].bits, "%s has %u bits", all[i].name, all[i].bits);
		ok(mpz_probab_prime_p(G.p, 30) && mpz_probab_prime_p(r, 30) && G.safe,
		   "%s: p and (p - 1)/2 are prime (a safe prime)", all[i].name);
		mpz_powm(e, G.g, G.q, G.p);
		ok(mpz_cmp_ui(e, 1) == 0 && (mpz_cmp(G.q, r) == 0 || strcmp(all[i].name, "toy") == 0),
		   "%s: g^q = 1 with q = (p - 1)/2", all[i].name);
	}
	/* weak64: a smooth p - 1 */
	ok(dh_group_named(&G, "weak64", &err) == 0, "weak64");
	mpz_set_ui(z, 2 * 103 * 971);
	mpz_mul_ui(z, z, 1549UL * 1951);
	mpz_mul_ui(z, z, 4027UL * 4759);
	mpz_add_ui(z, z, 1);
	ok(mpz_cmp(G.p, z) == 0 && mpz_probab_prime_p(G.p, 30), "weak64: p = 2*103*971*1549*1951*4027*4759 + 1, prime");
	mpz_sub_ui(z, G.p, 1);
	ok(mpz_cmp(G.q, z) == 0 && G.nfactors == 7, "weak64: g = 5 generates all p - 1 numbers, 7 factors");
	ok(dh_group_hard_bits(&G) == 13, "weak64: the largest factor (4759) has 13 bits");
	ok(dh_group_named(&G, "ffdhe1024", &err) == -1 && err.code == GPG_ERR_NOT_FOUND,
	   "an unknown name is not found");
	mpz_clears(z, r, e, NULL);
	dh_group_clear(&G);
}

static void
test_validation(void)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t y, x, s, t;

	dh_group_init(&G);
	mpz_inits(y, x, s, t, NULL);
	dh_group_named(&G, "ffdhe2048", &err);
	mpz_set_ui(x, 12345);
	mpz_set_ui(y, 1);
	ok(dh_shared(s, &G, x, y, &err) == -1 && strstr(err.msg, "forced secret"), "y = 1 is refused: %s", err.msg);
	mpz_sub_ui(y, G.p, 1);
	ok(dh_shared(s, &G, x, y, &err) == -1 && strstr(err.msg, "order 2"), "y = p - 1 is refused: %s", err.msg);
	mpz_set_ui(y, 0);
	ok(dh_check_public(&G, y, &err) == -1 && strstr(err.msg, "out of range"), "y = 0 is out of range");
	mpz_set(y, G.p);
	ok(dh_check_public(&G, y, &err) == -1 && strstr(err.msg, "out of range"), "y = p is out of range");
	/* a non-residue: the subgroup check */
	for (mpz_set_ui(y, 3); mpz_jacobi(y, G.p) == 1; mpz_add_ui(y, y, 1))
		;
	ok(dh_check_public(&G, y, &err) == -1 && strstr(err.msg, "not in the subgroup"),
	   "a non-square is not in the subgroup: %s", err.msg);
	mpz_mul(y, y, y);
	mpz_mod(y, y, G.p);
	ok(dh_check_public(&G, y, &err) == 0, "its square is");
	mpz_set_ui(x, 0);
	ok(dh_shared(s, &G, x, y, &err) == -1 && strstr(err.msg, "private exponent"), "a private exponent 0 is refused");

	/* weak64: an element of small order */
	dh_group_named(&G, "weak64", &err);
	mpz_sub_ui(t, G.p, 1);
	mpz_divexact_ui(t, t, 103);
	mpz_powm(y, G.g, t, G.p);
	ok(dh_check_public(&G, y, &err) == -1 && strstr(err.msg, "has order 103"),
	   "weak64: an element of order 103 is refused: %s", err.msg);
	mpz_set_ui(y, 2);
	ok(dh_check_public(&G, y, &err) == 0, "weak64: 2 (of large order) is accepted");

	/* a Schnorr group: the subgroup check by y^q */
	random_seed("subgroup", NULL);
	ok(dh_group_generate(&G, 128, 40, &err) == 0, "a 128-bit group with a 40-bit q");
	ok(mpz_sizeinbase(G.p, 2) == 128 && mpz_sizeinbase(G.q, 2) == 40 && mpz_probab_prime_p(G.q, 30),
	   "p has 128 bits, q is a prime of 40");
	mpz_powm(t, G.g, G.q, G.p);
	ok(mpz_cmp_ui(t, 1) == 0, "g^q = 1");
	for (mpz_set_ui(y, 2);; mpz_add_ui(y, y, 1)) {
		mpz_powm(t, y, G.q, G.p);
		if (mpz_cmp_ui(t, 1) != 0)
			break;
	}
	ok(dh_check_public(&G, y, &err) == -1 && strstr(err.msg, "y ^ q mod p is not 1"),
	   "outside the subgroup is refused: %s", err.msg);
	random_seed(NULL, NULL);
	mpz_clears(y, x, s, t, NULL);
	dh_group_clear(&G);
}

static void
test_custom(void)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t p, g;

	dh_group_init(&G);
	mpz_inits(p, g, NULL);
	mpz_set_ui(p, 21);
	mpz_set_ui(g, 2);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == -1 && strstr(err.msg, "not prime (it is 3 * 7)"),
	   "p = 21: %s", err.msg);
	mpz_set_ui(p, 23);
	mpz_set_ui(g, 1);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == -1 && strstr(err.msg, "from 2 to p - 2"), "g = 1: %s", err.msg);
	mpz_set_ui(g, 22);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == -1, "g = p - 1 is refused");
	mpz_set_ui(g, 2);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == 0 && mpz_cmp_ui(G.q, 11) == 0, "p = 23, g = 2: order 11");
	/* 31: p - 1 = 2 * 3 * 5, not safe */
	mpz_set_ui(p, 31);
	mpz_set_ui(g, 3);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == 0 && mpz_cmp_ui(G.q, 30) == 0 && G.nfactors == 3,
	   "p = 31, g = 3: a primitive root, order 2 * 3 * 5");
	mpz_set_ui(g, 2);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == 0 && mpz_cmp_ui(G.q, 5) == 0, "p = 31, g = 2: order 5");
	ok(dh_group_custom(&G, p, g, true, 0, &err) == -1 && strstr(err.msg, "not a safe prime"),
	   "safe=true refuses 31: %s", err.msg);
	mpz_set_ui(p, 1);
	mpz_mul_2exp(p, p, 8200);
	mpz_add_ui(p, p, 1);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == -1 && err.code == GPG_ERR_TOO_LARGE, "8201 bits is too many");
	mpz_clears(p, g, NULL);
	dh_group_clear(&G);
}

static void
test_generate(void)
{
	struct dh_group G, H;
	struct cl_error err;
	mpz_t r, x, X;

	dh_group_init(&G);
	dh_group_init(&H);
	mpz_inits(r, x, X, NULL);
	random_seed("groups", NULL);
	ok(dh_group_generate(&G, 32, 0, &err) == 0, "a 32-bit safe-prime group");
	random_seed("groups", NULL);
	dh_group_generate(&H, 32, 0, &err);
	ok(dh_group_equal(&G, &H), "the same again under the same seed");
	mpz_sub_ui(r, G.p, 1);
	mpz_fdiv_q_2exp(r, r, 1);
	ok(mpz_sizeinbase(G.p, 2) == 32 && mpz_probab_prime_p(G.p, 30) && mpz_probab_prime_p(r, 30),
	   "p has 32 bits and is a safe prime");
	ok(mpz_cmp(G.q, r) == 0 && mpz_jacobi(G.g, G.p) == 1, "g is a square: its order is (p - 1)/2");
	for (unsigned long bits = DH_GEN_MIN_BITS; bits <= 16; bits++)
		if (dh_group_generate(&H, bits, 0, &err) || mpz_sizeinbase(H.p, 2) != bits)
			break;
	ok(mpz_sizeinbase(H.p, 2) == 16, "every size from %d to 16 bits exists", DH_GEN_MIN_BITS);
	ok(dh_group_generate(&H, 4, 0, &err) == -1 && dh_group_generate(&H, 513, 0, &err) == -1,
	   "4 and 513 bits are refused");
	ok(dh_keypair(x, X, &G, 0, &err) == 0 && mpz_cmp_ui(x, 2) >= 0 && mpz_cmp(x, G.q) < 0,
	   "a private exponent from 2 to q - 1");
	mpz_powm(r, G.g, x, G.p);
	ok(mpz_cmp(r, X) == 0, "and its public value g^x");
	ok(dh_keypair(x, X, &G, 20, &err) == 0 && mpz_sizeinbase(x, 2) == 20, "a short exponent of 20 bits");
	ok(dh_keypair(x, X, &G, 31, &err) == -1, "not as long as q");
	random_seed(NULL, NULL);
	mpz_clears(r, x, X, NULL);
	dh_group_clear(&G);
	dh_group_clear(&H);
}

static void
hex_is(const unsigned char *got, size_t n, const char *want, const char *what)
{
	char buf[512];

	for (size_t i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", got[i]);
	is_str(buf, want, "%s", what);
}

static void
test_hkdf(void)
{
	struct dh_group G;
	struct cl_error err;
	unsigned char out[42], salt[13], info[10];
	mpz_t s;

	dh_group_init(&G);
	mpz_init(s);
	/* a p just longer than the 22-byte secret, so the secret is not padded */
	mpz_set_ui(G.p, 1);
	mpz_mul_2exp(G.p, G.p, 176);
	mpz_sub_ui(G.p, G.p, 1);
	mpz_set_str(s, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", 16);
	for (int i = 0; i < 13; i++)
		salt[i] = (unsigned char)i;
	for (int i = 0; i < 10; i++)
		info[i] = (unsigned char)(0xf0 + i);
	ok(dh_derive_key(out, 42, &G, s, salt, 13, info, 10, &err) == 0, "HKDF: RFC 5869 test case 1");
	hex_is(out, 42, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
	       "  gives its OKM");
	ok(dh_derive_key(out, 42, &G, s, NULL, 0, "", 0, &err) == 0, "HKDF: RFC 5869 test case 3 (no salt, no info)");
	hex_is(out, 42, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
	       "  gives its OKM");
	/* a short secret is padded to p's length */
	mpz_set_ui(s, 0x0b);
	ok(dh_derive_key(out, 42, &G, s, salt, 13, info, 10, &err) == 0 && memcmp(out, "\x3c\xb2", 2) != 0,
	   "the secret 0x0b alone is another key");
	mpz_set_ui(s, 0);
	ok(dh_derive_key(out, 32, &G, s, NULL, 0, NULL, 0, &err) == -1, "0 is no shared secret");
	mpz_clear(s);
	dh_group_clear(&G);
}

static void
test_hac_rho(void)
{
	struct dh_group G;
	struct cl_error err;
	struct dh_trace tr = { 0 };
	mpz_t p, g, h, x;
	struct dh_table *tb = NULL;

	dh_group_init(&G);
	mpz_inits(p, g, h, x, NULL);
	mpz_set_ui(p, 383);
	mpz_set_ui(g, 2);
	mpz_set_ui(h, 228);
	ok(dh_group_custom(&G, p, g, false, 0, &err) == 0 && mpz_cmp_ui(G.q, 191) == 0,
	   "HAC 3.61: 2 has order 191 modulo 383");
	ok(dh_crack(x, NULL, &tr, &G, h, DH_RHO, 0, &err) == 0 && mpz_cmp_ui(x, 110) == 0,
	   "rho finds log_2 228 = 110");
	for (size_t i = 0; i < tr.n; i++)
		if (tr.item[i].table)
			tb = tr.item[i].table;
	ok(tb && tb->nrows + tb->skipped == 14 && tb->ncols == 7, "in 14 steps, as HAC's table");
	if (tb) {
		static const unsigned long last[7] = { 14, 144, 12, 38, 144, 10, 104 };
		int same = 1;

		for (int c = 0; c < 7; c++)
			same &= mpz_cmp_ui(tb->cell[(tb->nrows - 1) * 7 + c], last[c]) == 0;
		ok(same, "the last row is HAC's: i = 14, x = 144, a = 12, b = 38, X = 144, A = 10, B = 104");
	}
	dh_trace_free(&tr);
	mpz_clears(p, g, h, x, NULL);
	dh_group_clear(&G);
}

static void
test_attacks(void)
{
	static const struct { unsigned long bits; enum dh_method m; } cases[] = {
		{ 18, DH_BRUTE }, { 36, DH_BSGS }, { 36, DH_RHO }, { 30, DH_PH }, { 100, DH_BSGS },
		{ 100, DH_RHO }, { 48, DH_BEST },
	};
	struct dh_group G;
	struct cl_error err;
	struct dh_crack_stats st;
	mpz_t x, X, found, e;

	dh_group_init(&G);
	mpz_inits(x, X, found, e, NULL);
	random_seed("attacks", NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned long bits = cases[i].bits;
		const char *m = dh_method_name(cases[i].m);

		/* a big p with a small q tests the multi-precision paths */
		if (bits == 100)
			dh_group_generate(&G, 100, 30, &err);
		else
			dh_group_generate(&G, bits, 0, &err);
		for (int k = 0; k < 3; k++) {
			dh_keypair(x, X, &G, 0, &err);
			if (dh_crack(found, &st, NULL, &G, X, cases[i].m, 0, &err)) {
				ok(0, "%s on %lu bits: %s", m, bits, err.msg);
				break;
			}
			ok(mpz_cmp(found, x) == 0, "%s finds a random exponent in a %lu-bit group (%llu steps)",
			   m, bits, st.steps);
		}
	}
	/* Pohlig-Hellman on the weak group, against a random exponent */
	dh_group_named(&G, "weak64", &err);
	dh_keypair(x, X, &G, 0, &err);
	{
		int rc = dh_crack(found, &st, NULL, &G, X, DH_PH, 0, &err);

		ok(rc == 0 && mpz_cmp(found, x) == 0, "ph finds a random exponent in weak64 (%llu steps)",
		   st.steps);
	}
	ok(dh_crack(found, &st, NULL, &G, X, DH_BSGS, 0, &err) == -1 && strstr(err.msg, "2^32 baby steps"),
	   "where bsgs on the whole 64-bit order would need 2^32 baby steps: %s", err.msg);

	/* the toy: every method, every exponent */
	dh_group_named(&G, "toy", &err);
	for (int m = 0; m < DH_NMETHODS - 1; m++) {
		int all = 1;

		for (unsigned long k = 0; k < 22; k++) {
			mpz_set_ui(x, k);
			mpz_powm(X, G.g, x, G.p);
			all &= dh_crack(found, NULL, NULL, &G, X, (enum dh_method)m, 0, &err) == 0
			       && mpz_cmp(found, x) == 0;
		}
		ok(all, "%s finds every exponent 0 .. 21 in the toy group", dh_method_name(m));
	}
	mpz_set_ui(X, 0);
	ok(dh_crack(found, NULL, NULL, &G, X, DH_BSGS, 0, &err) == -1, "0 is no power of g");

	/* refusals without a time limit, a time limit that runs out */
	dh_group_named(&G, "ffdhe2048", &err);
	mpz_set_ui(X, 4);
	ok(dh_crack(found, NULL, NULL, &G, X, DH_RHO, 0, &err) == -1 && err.code == GPG_ERR_TOO_LARGE
	   && strstr(err.msg, "2^1024 steps") && strstr(err.msg, "10^2"), "ffdhe2048 is refused: %s", err.msg);
	ok(dh_crack(found, NULL, NULL, &G, X, DH_BEST, 0, &err) == -1 && strstr(err.msg, "DLP-240"),
	   "best on ffdhe2048 too: %s", err.msg);
	ok(dh_crack(found, NULL, NULL, &G, X, DH_BSGS, 1, &err) == -1 && strstr(err.msg, "in memory"),
	   "bsgs would not fit in memory: %s", err.msg);
	ok(dh_crack(found, NULL, NULL, &G, X, DH_RHO, 0.3, &err) == -1 && err.code == GPG_ERR_TIMEOUT,
	   "rho gives up after its time: %s", err.msg);
	random_seed(NULL, NULL);
	mpz_clears(x, X, found, e, NULL);
	dh_group_clear(&G);
}

static void
test_nfs(void)
{
	double y795 = dh_nfs_log10_core_years(795), y2048 = dh_nfs_log10_core_years(2048);

	ok(y795 > 3.49 && y795 < 3.50, "the anchor: 795 bits, 3100 core-years (10^%.3f)", y795);
	/* exp(1.923 (ln p)^(1/3) (ln ln p)^(2/3)) at 2048 bits over 795 bits: about 10^11.8 */
	ok(y2048 > 15 && y2048 < 16, "2048 bits: 10^%.1f core-years by L_p[1/3]", y2048);
}

int
main(void)
{
	struct cl_error err;

	if (core_init(&err))
		skip_all(err.msg);
	test_toy();
	test_rfc();
	test_validation();
	test_custom();
	test_generate();
	test_hkdf();
	test_hac_rho();
	test_attacks();
	test_nfs();
	done_testing();
}
