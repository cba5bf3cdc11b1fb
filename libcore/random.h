/* The one source of randomness in core. Normally libgcrypt's RNG; after
 * random_seed() a deterministic generator (AES-256-CTR keyed by SHA-256 of the
 * seed, both from libgcrypt) so that classroom demos and tests give the same
 * numbers every time. Seeded output is not secret and the shell says so. */
#ifndef CL_RANDOM_H
#define CL_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <gmp.h>
#include "libcore/error.h"

void random_bytes(void *buf, size_t n);		/* key material */
/* Unpredictable but not key material: IVs. libgcrypt's nonce generator
 * ("may also be used for initialization vectors", its manual says) is some
 * 30 times faster than the strong RNG; seeded, the same stream as above. */
void random_nonce(void *buf, size_t n);
int random_seed(const char *seed, struct cl_error *err);	/* NULL: back to the real RNG */
bool random_seeded(void);

/* The seeded generator's position, for snapshots: after random_restore the
 * same numbers come again (a lesson's `back` under --seed shows the keys its
 * narration showed). Without a seed there is nothing to save. */
struct random_state {
	bool seeded;
	unsigned char ctr[16], left[16];
	size_t nleft;
};
void random_save(struct random_state *st);
void random_restore(const struct random_state *st);

/* R = a uniform integer in [0, N); N must be positive. */
void random_below(mpz_t r, const mpz_t n);
/* R = a uniform integer of at most BITS bits. */
void random_mpz(mpz_t r, unsigned long bits);

#endif
