/* Toy RSA over GMP, the way a lecture builds it: two small primes, every
 * number visible, no padding. Textbook RSA is what makes the attacks possible,
 * so this file also holds the attacks: the didactic factoring methods (trial
 * division, Fermat, Pollard's rho and p - 1, Pollard-Brent), Wiener's small-d
 * attack, an integer root for e = 3, and Hastad's broadcast attack. The real
 * attacker (ECM and the quadratic sieve) is PARI's, in libcore/pari.c.
 *
 * Refusals explain themselves ("'3' and phi = '3120' share the factor 3 ...").
 * Every loop polls Ctrl-C (libcore/interrupt.h) and a time limit. */
#ifndef CL_RSA_TOY_H
#define CL_RSA_TOY_H

#include <stdbool.h>
#include <stddef.h>
#include <gmp.h>
#include "libcore/error.h"

/* The smallest n: a message is a number below n, and one byte of text (0 to
 * 255) must fit in a block. */
#define RSA_TOY_MIN_N 256
/* The largest prime p or q (bits): isprime answers within a second there. */
#define RSA_TOY_MAX_PRIME_BITS 4096
/* The largest n of rsa_toy_random (bits). */
#define RSA_TOY_MAX_BITS 4096
/* The largest e (bits): larger e only slow encryption down. */
#define RSA_TOY_MAX_E_BITS 8192
/* The longest text rsa_toy_text_blocks takes, in bytes. */
#define RSA_TOY_MAX_TEXT 4096

/* A toy key. A public key has only n and e (is_private false); a private key
 * has every field. Fields are set once by rsa_toy_make and never changed. */
struct rsa_toy {
	bool is_private;
	mpz_t n, e;
	mpz_t p, q, phi, lambda, d;	/* d = e^-1 mod phi, as the textbook has it */
	mpz_t dp, dq, qinv;		/* for the CRT: d mod (p-1), d mod (q-1), q^-1 mod p */
};

void rsa_toy_init(struct rsa_toy *k);
void rsa_toy_clear(struct rsa_toy *k);

/* K = the key from primes P, Q and exponent E, each refusal explained: P or Q
 * not prime, P == Q, E even, 1 or below, E sharing a factor with phi (the
 * factor named), n below RSA_TOY_MIN_N. K must be initialised. */
int rsa_toy_make(struct rsa_toy *k, const mpz_t p, const mpz_t q, const mpz_t e, struct cl_error *err);
/* PUB = the public half (n, e) of K. */
void rsa_toy_public(struct rsa_toy *pub, const struct rsa_toy *k);
/* PUB = a public key (n, e) from bare numbers: n >= RSA_TOY_MIN_N, e odd >= 3. */
int rsa_toy_public_make(struct rsa_toy *pub, const mpz_t n, const mpz_t e, struct cl_error *err);

/* The ways a random toy key can be weak on purpose, one per attack. */
enum rsa_toy_weak {
	RSA_WEAK_NONE,
	RSA_WEAK_CLOSE,		/* q just above p: Fermat's method */
	RSA_WEAK_SMOOTH,	/* p - 1 has only prime factors below 2^16: Pollard's p - 1 */
	RSA_WEAK_SMALL_D,	/* d below n^(1/4)/3, e from it: Wiener */
};
/* The weakness named by NAME ("none", "close", "smooth", "small-d"), or -1. */
int rsa_toy_weak_parse(const char *name);

/* K = a key whose n has exactly BITS bits (12..RSA_TOY_MAX_BITS), from
 * random primes of about BITS/2 bits each (random.h: seeded under --seed).
 * E is ignored for RSA_WEAK_SMALL_D, which picks d first. */
int rsa_toy_random(struct rsa_toy *k, unsigned long bits, const mpz_t e, enum rsa_toy_weak weak,
		   struct cl_error *err);

/* C = M^e mod n, for 0 <= M < n (a refusal says why otherwise). */
int rsa_toy_encrypt(mpz_t c, const struct rsa_toy *k, const mpz_t m, struct cl_error *err);
/* M = C^d mod n; needs a private key. */
int rsa_toy_decrypt(mpz_t m, const struct rsa_toy *k, const mpz_t c, struct cl_error *err);
/* The same with the Chinese remainder theorem, both halves kept:
 * mp = c^dp mod p, mq = c^dq mod q, h = qinv*(mp - mq) mod p, m = mq + h*q. */
struct rsa_toy_crt {
	mpz_t cp, cq, mp, mq, h, m;	/* cp = c mod p, cq = c mod q */
};
void rsa_toy_crt_init(struct rsa_toy_crt *r);
void rsa_toy_crt_clear(struct rsa_toy_crt *r);
int rsa_toy_decrypt_crt(struct rsa_toy_crt *r, const struct rsa_toy *k, const mpz_t c,
			struct cl_error *err);

/* Checks that 0 <= X < n, saying what X is ("message", "ciphertext", ...). */
int rsa_toy_check_range(const struct rsa_toy *k, const mpz_t x, const char *what, struct cl_error *err);

/* Textbook signatures: S = M^d mod n, and S^e mod n == M. */
int rsa_toy_sign(mpz_t s, const struct rsa_toy *k, const mpz_t m, struct cl_error *err);
int rsa_toy_verify(bool *good, const struct rsa_toy *k, const mpz_t m, const mpz_t s, struct cl_error *err);
/* H = SHA-256(P, N) as a number, and HN = H mod n. */
void rsa_toy_hash(mpz_t h, mpz_t hn, const struct rsa_toy *k, const void *p, size_t n);

/* Text in blocks: each block is RSA_TOY_BLOCK(k) bytes read as a big-endian
 * number (the last block may be shorter), so every block is below n. */
size_t rsa_toy_block_bytes(const struct rsa_toy *k);
/* *BLOCKS (malloc'ed, mpz_init'ed, *NBLOCKS of them; free with
 * bigint_factors_free) = the numbers of the blocks of P, N. Refuses text over
 * RSA_TOY_MAX_TEXT bytes and text with a NUL byte (it would vanish at the start
 * of the last block). */
int rsa_toy_text_blocks(mpz_t **blocks, size_t *nblocks, const struct rsa_toy *k, const void *p,
			size_t n, struct cl_error *err);
/* The bytes of block number I of NBLOCKS with value M: exactly the block size
 * except for the last block (as few bytes as it needs). *P is malloc'ed. A
 * number too large for a block is refused: the key did not make it. */
int rsa_toy_block_bytes_of(unsigned char **p, size_t *n, const struct rsa_toy *k, const mpz_t m,
			   size_t i, size_t nblocks, struct cl_error *err);

/* R = the K-th root of X when X is a perfect K-th power (mpz_root); a refusal
 * says between which integers the root lies. */
int rsa_toy_root(mpz_t r, const mpz_t x, unsigned long k, struct cl_error *err);

/* Hastad's broadcast attack: the same M encrypted with exponent E under E
 * pairwise coprime moduli. X = the CRT combination (M^E modulo the product N),
 * M = its E-th root. */
int rsa_toy_hastad(mpz_t m, mpz_t x, mpz_t prod, const mpz_t *c, const mpz_t *n, size_t count,
		   unsigned long e, struct cl_error *err);

/* ---- breaking a key ---- */

enum rsa_method {
	RSA_TRIAL,	/* divide by 2, 3, 5, 7, 9, ... up to sqrt(n) */
	RSA_FERMAT,	/* a from ceil(sqrt(n)) up until a^2 - n is a square */
	RSA_RHO,	/* Pollard's rho, x -> x^2 + 1 with Floyd's tortoise and hare */
	RSA_BRENT,	/* Pollard-Brent: Brent's cycle finding, gcd of a batch of differences */
	RSA_PM1,	/* Pollard's p - 1: a = 2^(j!) mod n until gcd(a - 1, n) > 1 */
	RSA_WIENER,	/* continued fraction of e/n: finds a d below n^(1/4)/3 */
	RSA_BEST,	/* PARI's factorint (ECM, MPQS) in a child process */
	RSA_NMETHODS
};
/* "trial", "fermat", "rho", "brent", "p-1", "wiener", "best", and -1 for others. */
int rsa_method_parse(const char *name);
const char *rsa_method_name(enum rsa_method m);

/* A method records the first RSA_CRACK_HEAD rows of its steps and the last
 * RSA_CRACK_TAIL; the columns are the method's (see rsa.c's headings). */
#define RSA_CRACK_HEAD 12
#define RSA_CRACK_TAIL 4
#define RSA_CRACK_COLS 4
struct rsa_crack_row {
	mpz_t v[RSA_CRACK_COLS];
	int flag;	/* method-specific: 1 for "this is the row that found it" */
};

struct rsa_crack {
	/* in */
	bool want_rows;
	double seconds;			/* 0: no limit */
	unsigned long long max_steps;	/* 0: no limit (a step count that repeats) */
	/* out */
	mpz_t p, q;			/* n = p*q, p < q */
	mpz_t d;			/* RSA_WIENER: the d it found (else 0) */
	unsigned long long steps;	/* divisions, iterations, powers, convergents */
	bool out_of_steps;		/* stopped by max_steps (err says so) */
	struct rsa_crack_row head[RSA_CRACK_HEAD], tail[RSA_CRACK_TAIL];
	unsigned long long nrows;	/* rows recorded in all (head + tail + left out) */
};
void rsa_crack_init(struct rsa_crack *r);
void rsa_crack_clear(struct rsa_crack *r);

/* Find n = p*q with METHOD (E is needed by RSA_WIENER only). On failure ERR
 * says why: interrupted, out of time or steps (GPG_ERR_TIMEOUT), or the
 * method cannot succeed here (GPG_ERR_NOT_FOUND: p - 1 not smooth, d not
 * small). N must be odd or even, composite, from RSA_TOY_MIN_N up. */
int rsa_crack_run(struct rsa_crack *r, const mpz_t n, const mpz_t e, enum rsa_method method,
		  struct cl_error *err);

/* The number field sieve's heuristic cost L_n[1/3, (64/9)^(1/3)] for an n of
 * BITS bits, as the natural logarithm (the o(1) taken as 0). */
double rsa_nfs_log_cost(double bits);
/* The quadratic sieve's L_n[1/2, 1], as the natural logarithm. */
double rsa_qs_log_cost(double bits);
/* The record this file anchors the NFS on: RSA-250, 829 bits, factored in
 * February 2020 by Boudot, Gaudry, Guillevic, Heninger, Thome and
 * Zimmermann with about 2700 core-years (Intel Xeon Gold 6130 at 2.1 GHz). */
#define RSA_RECORD_NAME "RSA-250"
#define RSA_RECORD_BITS 829
#define RSA_RECORD_YEAR 2020
#define RSA_RECORD_CORE_YEARS 2700.0

#endif
