/* Diffie-Hellman over GMP: groups, validation, key pairs, the shared secret,
 * a key derived from it (HKDF-SHA256 from GnuTLS), and the attacks that show
 * why the sizes matter. Usable without the shell: a network peer does
 *
 *	struct dh_group G;
 *	dh_group_init(&G);
 *	dh_group_named(&G, "ffdhe2048", &err);
 *	dh_keypair(x, X, &G, 0, &err);			   // send X
 *	dh_shared(s, &G, x, Y, &err);			   // Y from the peer, checked
 *	dh_derive_key(key, 32, &G, s, NULL, 0, NULL, 0, &err);	// 32 bytes
 *	dh_group_clear(&G);
 *
 * Randomness comes from libcore/random.h (libgcrypt's RNG, or the seeded
 * generator under --seed). Long loops poll libcore/interrupt.h and take a
 * time limit; PARI's discrete logarithm runs in a forked child. */
#ifndef CL_DH_H
#define CL_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <gmp.h>
#include "libcore/error.h"

/* The largest p of a teacher's own group, and of a generated one. */
#define DH_MAX_BITS 8192
#define DH_GEN_MIN_BITS 5
#define DH_GEN_MAX_BITS 512

/* A group: the prime p, the generator g and q, the order of g (the smallest
 * q > 0 with g^q = 1 mod p). Private exponents live modulo q. */
struct dh_group {
	char name[64];		/* "toy", "ffdhe2048", "safe-32", "schnorr-256-40", "custom" */
	const char *source;	/* where the numbers come from (static text), or NULL */
	mpz_t p, g, q;
	/* The prime factorisation of q, ascending: one factor when q is prime.
	 * Pohlig-Hellman splits the discrete logarithm along it. */
	size_t nfactors;
	mpz_t *factor;
	unsigned long *power;
	bool safe;		/* p = 2r + 1 with r prime */
	/* From the RFC, 0 when none: the estimated symmetric strength in bits,
	 * and the short private exponent size it suggests (RFC 7919 section 5.2,
	 * RFC 3526 section 8, lower end). */
	unsigned strength, short_bits;
};

void dh_group_init(struct dh_group *G);
void dh_group_clear(struct dh_group *G);
bool dh_group_equal(const struct dh_group *a, const struct dh_group *b);	/* same p and g */

/* The named groups: "toy" (p = 23, g = 5: the classic worked example),
 * "weak64" (a 64-bit prime whose p - 1 has only small factors: a
 * deliberately weak group for Pohlig-Hellman), "modp1536", "modp2048",
 * "modp3072" (RFC 3526), "ffdhe2048", "ffdhe3072", "ffdhe4096" (RFC 7919). */
const char *const *dh_group_names(size_t *n);
/* An unknown name is GPG_ERR_NOT_FOUND, so the caller may suggest one. */
int dh_group_named(struct dh_group *G, const char *name, struct cl_error *err);
/* P and G from text: a group's name, or PEM "DH PARAMETERS" (PKCS#3, what
 * `openssl dhparam` and `openssl genpkey -genparam` write). Only reads. */
int dh_params_parse(mpz_t p, mpz_t g, char *name, size_t name_size, const char *text, size_t n,
		    struct cl_error *err);
/* The same, then the group: named groups as dh_group_named, PEM ones checked
 * as dh_group_custom. */
int dh_group_parse(struct dh_group *G, const char *text, size_t n, struct cl_error *err);
/* A teacher's own group, checked: p prime (up to DH_MAX_BITS), 2 <= g <= p - 2,
 * and the order of g found (p - 1 is factored: by trial division up to 40
 * bits, by PARI in a child within SECONDS above; a safe prime needs no
 * factoring). With SAFE, p must be a safe prime. */
int dh_group_custom(struct dh_group *G, const mpz_t p, const mpz_t g, bool safe, double seconds,
		    struct cl_error *err);
/* A fresh group from random_mpz, so --seed repeats it. QBITS == 0: a safe
 * prime p of BITS bits, g of prime order q = (p - 1)/2 (the smallest such g).
 * Else a Schnorr group: q a prime of QBITS bits, p = k q + 1 of BITS bits. */
int dh_group_generate(struct dh_group *G, unsigned long bits, unsigned long qbits, struct cl_error *err);
/* The bits of the largest prime factor of q: what a generic attack faces. */
unsigned long dh_group_hard_bits(const struct dh_group *G);

/* A key pair: X uniform in [2, q - 1] (RFC 7919 section 5.2 has [2, p - 2]
 * traditionally; g has order q, so larger exponents only repeat), or with
 * BITS > 0 a short exponent of exactly BITS bits, as RFC 7919 allows; and
 * PUB = g^x mod p. An x whose PUB would be p - 1 (possible when q is even, as
 * in the toy group) is drawn again, since dh_check_public refuses it. */
int dh_keypair(mpz_t priv, mpz_t pub, const struct dh_group *G, unsigned long bits, struct cl_error *err);
/* Is Y an acceptable public value from a peer? The refusal names the attack
 * it prevents: y = 1 or y = p - 1 (a forced secret, the subgroup of order 2),
 * y outside 2 .. p - 2, y not in the subgroup g generates (y^q != 1: answering
 * it leaks the private exponent modulo y's order: small-subgroup confinement,
 * Lim and Lee 1997), or y of tiny order. */
int dh_check_public(const struct dh_group *G, const mpz_t y, struct cl_error *err);
/* S = PEER^PRIV mod p after dh_check_public(PEER); PRIV from 1 to p - 2. */
int dh_shared(mpz_t s, const struct dh_group *G, const mpz_t priv, const mpz_t peer, struct cl_error *err);

/* The shared secret as bytes: big-endian, left-padded with zeros to the
 * length of p, as TLS 1.3 (RFC 8446 section 7.4.1) and Python's
 * cryptography (DHPrivateKey.exchange) give it. *OUT is gcry_malloc_secure'd:
 * wipe and gcry_free it. */
int dh_secret_bytes(unsigned char **out, size_t *n, const struct dh_group *G, const mpz_t s,
		    struct cl_error *err);
/* The defaults of dh_derive_key: no salt (RFC 5869: HashLen zero bytes), and
 * this info, which says what the key is for. */
#define DH_KDF_INFO "cryptolab fernet key"
/* OUT (OUTLEN bytes, at most 255 * 32) = HKDF-SHA256 (RFC 5869) of the
 * secret's bytes (dh_secret_bytes), with SALT (NULL: none) and INFO (NULL:
 * DH_KDF_INFO), through GnuTLS's gnutls_hkdf_extract and gnutls_hkdf_expand. */
int dh_derive_key(unsigned char *out, size_t outlen, const struct dh_group *G, const mpz_t s,
		  const void *salt, size_t saltlen, const void *info, size_t infolen,
		  struct cl_error *err);

/* What two people read to each other to compare keys out of band: the first
 * 8 bytes of SHA-256 of KEY, as "3f2a 9c1b 07de 55a0" (OUT: 20 bytes). */
#define DH_FINGERPRINT_LEN 20
void dh_fingerprint(char out[DH_FINGERPRINT_LEN], const void *key, size_t n);

/* ---- attacks: find x with g^x = h (mod p) ---- */

enum dh_method { DH_BRUTE, DH_BSGS, DH_RHO, DH_PH, DH_BEST };
#define DH_NMETHODS 5
const char *dh_method_name(enum dh_method m);	/* "brute", "bsgs", "rho", "ph", "best" */
const char *dh_method_title(enum dh_method m);	/* "baby-step giant-step" */
int dh_method_parse(enum dh_method *m, const char *name, struct cl_error *err);

/* Baby-step giant-step keeps at most this many baby steps (16 bytes each). */
#define DH_BSGS_MAX_TABLE (1UL << 21)
/* Without a time limit, an attack expected to need more than 2^this steps
 * is refused, with how long it would take. */
#define DH_REFUSE_LOG2_STEPS 36
/* PARI's discrete logarithm without a time limit: p up to this many bits. */
#define DH_BEST_MAX_BITS 160

/* The steps of an attack, as data: sentences and tables of numbers, in
 * order. A table keeps its first rows and its last (the one that matters). */
#define DH_TRACE_MAX_COLS 7
#define DH_TRACE_HEAD_ROWS 12
struct dh_table {
	int ncols;
	char *head[DH_TRACE_MAX_COLS];
	size_t nrows, cap;
	mpz_t *cell;			/* nrows * ncols; a negative cell shows as "-" */
	size_t gap;			/* rows kept before the rows left out ((size_t)-1: none, or
					 * they were at the end) */
	unsigned long long skipped;	/* rows left out at the gap */
};
struct dh_trace_item {
	char *text;			/* a sentence, or NULL */
	struct dh_table *table;		/* or a table */
};
struct dh_trace {
	size_t n;
	struct dh_trace_item *item;
};
void dh_trace_free(struct dh_trace *t);

struct dh_crack_stats {
	unsigned long long steps;	/* group operations of the method's loop */
	double seconds;			/* measured with clock_elapsed */
	unsigned long long table;	/* baby steps stored (bsgs) */
	unsigned restarts;		/* rho walks that failed and started again */
};

/* X with g^X = H mod p, 0 <= X < q. TRACE (NULL: none) gets the steps.
 * SECONDS > 0 limits the time ("gave up after ..."); with SECONDS == 0, an
 * attack expected to need more than 2^DH_REFUSE_LOG2_STEPS steps (or "best"
 * on p above DH_BEST_MAX_BITS) is refused, saying how long it would take. */
int dh_crack(mpz_t x, struct dh_crack_stats *st, struct dh_trace *trace, const struct dh_group *G,
	     const mpz_t h, enum dh_method m, double seconds, struct cl_error *err);

/* log2 of the steps METHOD is expected to need on G (PH: on its largest
 * prime factor; BEST: not a step count, returns -1). */
double dh_crack_log2_steps(const struct dh_group *G, enum dh_method m);

/* Duration in words from log10 of seconds: "0.25 seconds", "3 hours",
 * "2.1 million years", "10^291 years". */
void dh_format_duration(char *buf, size_t size, double log10_seconds);

/* The number field sieve's cost by L_p[1/3, (64/9)^(1/3)] (the o(1) left
 * out), anchored on DLP-240: a discrete logarithm modulo a 795-bit safe prime
 * in 2019 took about 3,100 core-years (Boudot, Gaudry, Guillevic, Heninger,
 * Thome and Zimmermann, CRYPTO 2020). Core-years for a BITS-bit p, as log10. */
#define DH_NFS_ANCHOR_BITS 795
#define DH_NFS_ANCHOR_CORE_YEARS 3100.0
#define DH_NFS_ANCHOR_YEAR 2019
double dh_nfs_log10_core_years(unsigned long bits);

#endif
