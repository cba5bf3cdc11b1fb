/* factor() speed: pari_factor (what the factor builtin and rsa.crack's
 * "best" call: small factors divided out, then PARI's factorint in a forked
 * child) on the numbers given, each RUNS times; prints the median.
 * Prints figures, never passes or fails; bench/factor.py puts gp's own
 * factorint beside them. Usage: bench/factor RUNS N... ; the lines read
 * "factor N MEDIAN_WALL_SECONDS MEDIAN_CPU_SECONDS", the CPU time being this
 * process's and its children's (the PARI child), user and system: less
 * disturbed than the wall clock by other work on the machine. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <gmp.h>
#include "libcore/bigint.h"
#include "libcore/pari.h"
#include "libcore/core.h"
#include "libcore/random.h"
#define BENCH_NAME "factor"
#include "bench/common.h"

static double
cpu(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec
			+ kids.ru_stime.tv_sec)
	       + (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec
			  + kids.ru_stime.tv_usec) / 1e6;
}

int
main(int argc, char **argv)
{
	struct cl_error err;
	int runs;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: %s RUNS N...\n", argv[0]);
		return 2;
	}
	if (core_init(&err))
		die(err.msg);
	for (int a = 2; a < argc; a++) {
		double *t = calloc((size_t)runs, sizeof *t), *u = calloc((size_t)runs, sizeof *u);
		mpz_t n, *f;
		size_t nf;

		if (mpz_init_set_str(n, argv[a], 10)) {
			fprintf(stderr, "bench/factor: '%s' is no number\n", argv[a]);
			return 2;
		}
		for (int r = 0; r < runs; r++) {
			double t0 = now(), u0 = cpu();

			if (pari_factor(&f, &nf, n, 600, &err))
				die(err.msg);
			t[r] = now() - t0;
			u[r] = cpu() - u0;
			bigint_factors_free(f, nf);
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		qsort(u, (size_t)runs, sizeof *u, cmp_double);
		printf("factor %s %.6f %.6f\n", argv[a], t[runs / 2], u[runs / 2]);
		fflush(stdout);
		free(t);
		free(u);
		mpz_clear(n);
	}
	return 0;
}
