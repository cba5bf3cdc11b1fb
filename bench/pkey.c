/* Real RSA speed: rsa.keygen(2048) as the shell runs it (libgcrypt in a child
 * process), and 2048-bit private-key operations per second with the Chinese
 * remainder theorem (p, q and u in the key, as libgcrypt keeps them) and
 * without (n, e and d only: one full-size power), both blinded, as every
 * private operation here is. bench/pkey.py runs this and puts OpenSSL's
 * figures beside them. Prints; never passes or fails.
 * Usage: bench/pkey [KEYGEN-RUNS, default 11] [SECONDS per measurement, default 1] */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gcrypt.h>
#include "libcore/pkey.h"
#include "libcore/core.h"
#include "libcore/random.h"
#define BENCH_NAME "pkey"
#include "bench/common.h"

/* Raw private-key operations (RSADP / RSASP1: c^d mod n) per second. */
static double
private_ops(gcry_sexp_t key, double seconds)
{
	gcry_sexp_t data, sig;
	gcry_mpi_t m = gcry_mpi_new(2048);
	double start = now(), t;
	long count = 0;

	gcry_mpi_randomize(m, 2040, GCRY_WEAK_RANDOM);
	if (gcry_sexp_build(&data, NULL, "(data(flags raw)(value %m))", m))
		die("cannot build the data");
	do {
		for (int i = 0; i < 16; i++) {
			if (gcry_pk_sign(&sig, data, key))
				die("the private-key operation failed");
			gcry_sexp_release(sig);
		}
		count += 16;
		t = now() - start;
	} while (t < seconds);
	gcry_sexp_release(data);
	gcry_mpi_release(m);
	return (double)count / t;
}

int
main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 11;
	double seconds = argc > 2 ? atof(argv[2]) : 1.0, *times;
	struct cl_error err;
	struct pkey *k = NULL;
	gcry_sexp_t nocrt;
	gcry_mpi_t n = NULL, e = NULL, d = NULL;
	unsigned char *sig;
	size_t sn;
	double start, t;
	long count = 0;

	if (runs < 1)
		runs = 11;
	if (seconds <= 0)
		seconds = 1.0;
	if (core_init(&err))
		die(err.msg);
	printf("pkey.version libgcrypt %s\n", gcry_check_version(NULL));
	times = calloc((size_t)runs, sizeof *times);
	for (int i = 0; i < runs; i++) {
		t = now();
		pkey_unref(k);
		if (pkey_generate_rsa(&k, 2048, &err))
			die(err.msg);
		times[i] = now() - t;
	}
	qsort(times, (size_t)runs, sizeof *times, cmp_double);
	printf("pkey.keygen2048.median %.4f s (%d runs, fastest %.4f s, slowest %.4f s)\n", times[runs / 2], runs,
	       times[0], times[runs - 1]);
	free(times);

	printf("pkey.private2048.crt %.0f per second\n", private_ops(pkey_gcry_private(k), seconds));
	if (gcry_sexp_extract_param(pkey_gcry_private(k), NULL, "ned", &n, &e, &d, NULL)
	    || gcry_sexp_build(&nocrt, NULL, "(private-key(rsa(n%m)(e%m)(d%m)))", n, e, d))
		die("cannot build the key without p and q");
	printf("pkey.private2048.nocrt %.0f per second\n", private_ops(nocrt, seconds));
	gcry_sexp_release(nocrt);
	gcry_mpi_release(n);
	gcry_mpi_release(e);
	gcry_mpi_release(d);

	/* what rsa.pss_sign does: SHA-256, PSS padding, the CRT power, and the
	 * check that the signature verifies */
	start = now();
	do {
		for (int i = 0; i < 16; i++) {
			if (pkey_sign(&sig, &sn, k, "benchmark", 9, &err))
				die(err.msg);
			free(sig);
		}
		count += 16;
		t = now() - start;
	} while (t < seconds);
	printf("pkey.pss_sign2048 %.0f per second\n", (double)count / t);
	pkey_unref(k);
	return 0;
}
