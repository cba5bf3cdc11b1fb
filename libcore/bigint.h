/* Number theory over GMP, as a textbook does it: each function that a
 * student can ask to "show the steps" returns them as data; the shell draws. */
#ifndef CL_BIGINT_H
#define CL_BIGINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>	/* before gmp.h, or gmp_fprintf is not declared (clang) */
#include <gmp.h>
#include "libcore/error.h"

/* The largest integer a plain power (and any product) may produce, in bits. */
#define BIGINT_MAX_BITS (1UL << 20)
/* The most rows a steps table shows (egcd.steps, powmod.steps). */
#define BIGINT_STEPS_MAX_ROWS 4096
/* The largest prime that randprime makes and nextprime looks for, in bits:
 * 4096 (an RSA-8192 prime) takes a few seconds, 8192 would take a minute. */
#define BIGINT_PRIME_MAX_BITS 4096
/* The largest number isprime and factor take: GMP's test cannot be
 * interrupted, and at 8192 bits it still answers within seconds. */
#define BIGINT_TEST_MAX_BITS 8192

/* Z in decimal for a message, shortened when long:
 * "123456789012...123456789012 (617 digits)". Returns BUF. */
const char *bigint_short(char *buf, size_t size, const mpz_t z);

/* Big-endian bytes <-> numbers, as RSA turns a message into a number (I2OSP,
 * OS2IP of RFC 8017). No bytes are 0. *P is malloc'ed, NUL-terminated (not
 * counted in *N); SIZE 0 means as few bytes as needed, otherwise exactly SIZE
 * bytes (an error if Z does not fit). Z must not be negative. */
void bigint_from_bytes(mpz_t r, const void *p, size_t n);
int bigint_to_bytes(unsigned char **p, size_t *n, const mpz_t z, size_t size,
		    struct cl_error *err);

/* Extended Euclid: g = gcd(a, b) = a*x + b*y. */
void bigint_egcd(mpz_t g, mpz_t x, mpz_t y, const mpz_t a, const mpz_t b);

/* One row of the extended-Euclid table: a = q*b + r, with the running s, t. */
struct egcd_row {
	mpz_t a, b, q, r, s, t;
};
/* Fills *ROWS (malloc'ed, *NROWS of them); free with bigint_egcd_rows_free. */
int bigint_egcd_steps(struct egcd_row **rows, size_t *nrows, const mpz_t a, const mpz_t b,
		      struct cl_error *err);
void bigint_egcd_rows_free(struct egcd_row *rows, size_t nrows);

/* r = a^-1 mod m; fails saying why ("... their gcd is 4"). */
int bigint_invmod(mpz_t r, const mpz_t a, const mpz_t m, struct cl_error *err);

/* r = a^e mod m with mpz_powm (a negative e needs an inverse of a). */
int bigint_powmod(mpz_t r, const mpz_t a, const mpz_t e, const mpz_t m, struct cl_error *err);

/* Square-and-multiply, one row per bit of e from the top. */
struct powmod_row {
	int bit;		/* 0 or 1 */
	mpz_t after_square;	/* x^2 mod m */
	mpz_t after_multiply;	/* times a when bit is 1 (else the same) */
};
int bigint_powmod_steps(struct powmod_row **rows, size_t *nrows, mpz_t r, const mpz_t a,
			const mpz_t e, const mpz_t m, struct cl_error *err);
void bigint_powmod_rows_free(struct powmod_row *rows, size_t nrows);

/* r = a^e with e >= 0, refused beyond BIGINT_MAX_BITS. */
int bigint_pow(mpz_t r, const mpz_t a, const mpz_t e, struct cl_error *err);

/* Miller-Rabin: 0 composite, 1 probably prime, 2 certainly prime (small n). */
int bigint_isprime(const mpz_t n, struct cl_error *err);
int bigint_nextprime(mpz_t r, const mpz_t n, struct cl_error *err);
int bigint_randprime(mpz_t r, unsigned long bits, struct cl_error *err);

/* Frees the factors that pari_factor (libcore/pari.h) and others give. */
void bigint_factors_free(mpz_t *factors, size_t n);

#endif
