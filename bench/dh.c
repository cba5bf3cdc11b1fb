/* Diffie-Hellman speed, the figures bench/dh.py puts next to Python's pow and
 * gp's znlog on the same inputs. Prints lines starting with "dh."; never passes
 * or fails. Usage: bench/dh [SECONDS per measurement, default 1].
 *   dh.agree RATE      ffdhe2048 key agreements per second: dh_keypair + dh_shared
 *                      (the peer's value checked), with the real generator
 *   dh.agree.sample P G Y X PUB S   (hex) one agreement, for Python to redo and time
 *   dh.bsgs P G Q H SECONDS X       baby-step giant-step on a 40-bit prime-order
 *                      subgroup of a 128-bit p, per exponent
 *   dh.best P G Q H SECONDS X       method="best" (PARI's Fp_log in a forked child)
 *                      on a 100-bit safe prime, per exponent */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gmp.h>
#include "libcore/core.h"
#include "libcore/dh.h"
#include "libcore/random.h"
#define BENCH_NAME "dh"
#include "bench/common.h"

static void
agreements(double seconds)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t y, Y, x, X, s;
	double t0, t;
	long n = 0;

	dh_group_init(&G);
	mpz_inits(y, Y, x, X, s, NULL);
	if (dh_group_named(&G, "ffdhe2048", &err) || dh_keypair(y, Y, &G, 0, &err))
		die(err.msg);
	t0 = now();
	do {
		for (int i = 0; i < 16; i++)
			if (dh_keypair(x, X, &G, 0, &err) || dh_shared(s, &G, x, Y, &err))
				die(err.msg);
		n += 16;
	} while ((t = now() - t0) < seconds);
	printf("dh.agree %.1f per second\n", (double)n / t);
	for (int i = 0; i < 8; i++) {
		if (dh_keypair(x, X, &G, 0, &err) || dh_shared(s, &G, x, Y, &err))
			die(err.msg);
		gmp_printf("dh.agree.sample %Zx %Zx %Zx %Zx %Zx %Zx\n", G.p, G.g, Y, x, X, s);
	}
	mpz_clears(y, Y, x, X, s, NULL);
	dh_group_clear(&G);
}

static void
cracks(const char *what, enum dh_method m, unsigned long bits, unsigned long qbits, int tries)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t x, X, found;

	dh_group_init(&G);
	mpz_inits(x, X, found, NULL);
	if (dh_group_generate(&G, bits, qbits, &err))
		die(err.msg);
	for (int i = 0; i < tries; i++) {
		double t0, t;

		if (dh_keypair(x, X, &G, 0, &err))
			die(err.msg);
		t0 = now();
		if (dh_crack(found, NULL, NULL, &G, X, m, 0, &err))
			die(err.msg);
		t = now() - t0;
		if (mpz_cmp(found, x) != 0)
			fprintf(stderr, "bench/dh: %s found a wrong exponent\n", what);
		gmp_printf("dh.%s %Zx %Zx %Zx %Zx %.6f %Zx\n", what, G.p, G.g, G.q, X, t, x);
	}
	mpz_clears(x, X, found, NULL);
	dh_group_clear(&G);
}

/* bench/dh crack METHOD P G Q H (hex): the seconds one crack takes, so that
 * bench/dh.py can alternate it with gp on the same input. */
static int
crack_one(char **argv)
{
	struct dh_group G;
	struct cl_error err;
	enum dh_method m;
	mpz_t h, x;
	double t0;

	dh_group_init(&G);
	mpz_inits(h, x, NULL);
	if (dh_method_parse(&m, argv[0], &err))
		die(err.msg);
	mpz_set_str(G.p, argv[1], 16);
	mpz_set_str(G.g, argv[2], 16);
	mpz_set_str(G.q, argv[3], 16);
	mpz_set_str(h, argv[4], 16);
	G.factor = malloc(sizeof *G.factor);
	G.power = malloc(sizeof *G.power);
	mpz_init_set(G.factor[0], G.q);	/* q is prime in both benchmarks */
	G.power[0] = 1;
	G.nfactors = 1;
	t0 = now();
	if (dh_crack(x, NULL, NULL, &G, h, m, 0, &err))
		die(err.msg);
	gmp_printf("%.6f %Zx\n", now() - t0, x);
	mpz_clears(h, x, NULL);
	dh_group_clear(&G);
	return 0;
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	struct cl_error err;

	if (core_init(&err))
		die(err.msg);
	if (argc == 7 && strcmp(argv[1], "crack") == 0)
		return crack_one(argv + 2);
	if (argc == 3 && strcmp(argv[1], "agree") == 0) {
		agreements(atof(argv[2]) > 0 ? atof(argv[2]) : 1.0);
		return 0;
	}
	if (seconds <= 0)
		seconds = 1.0;
	printf("dh.version GMP %s\n", gmp_version);
	agreements(seconds);
	/* the same groups every run */
	random_seed("bench/dh", &err);
	cracks("bsgs", DH_BSGS, 128, 40, 5);
	cracks("best", DH_BEST, 100, 0, 3);
	return 0;
}
