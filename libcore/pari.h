/* PARI/GP's library for the real attacks, each run in a forked child
 * (libcore/child.h): PARI's stack, its longjmp errors and its running time
 * stay out of the shell, and Ctrl-C or SECONDS stop it at once. PARI is set
 * up beside GMP without touching GMP's allocator (INIT_noINTGMPm) and without
 * its own signal handlers (no INIT_SIGm). Numbers cross as decimal text. */
#ifndef CL_PARI_H
#define CL_PARI_H

#include <stddef.h>
#include <gmp.h>
#include "libcore/error.h"

/* The prime factors of N >= 1, ascending, repeated (*FACTORS malloc'ed,
 * mpz_init'ed, free with bigint_factors_free). PARI's factorint: trial
 * division, rho, SQUFOF, ECM and MPQS chosen by size. */
int pari_factor(mpz_t **factors, size_t *nfactors, const mpz_t n, double seconds,
		struct cl_error *err);

/* X with G^X = H (mod P), P prime, in the subgroup of order ORD of G (ORD 0:
 * p - 1). PARI's Fp_log: Pohlig-Hellman over the factors of ORD, then index
 * calculus for a large prime order. No solution is an error that says so. */
int pari_dlog(mpz_t x, const mpz_t h, const mpz_t g, const mpz_t p, const mpz_t ord, double seconds,
	      struct cl_error *err);

#endif
