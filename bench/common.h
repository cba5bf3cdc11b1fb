/* What the benchmark programs in bench/ share: a monotonic clock, the way out
 * when something fails, and an order for qsort. Define BENCH_NAME ("dh")
 * before including it: messages start "bench/dh: ". */
#ifndef CL_BENCH_COMMON_H
#define CL_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "bench/NAME: WHAT" on standard error, and exit with status 1. */
__attribute__((noreturn)) static inline void
die(const char *what)
{
	fprintf(stderr, "bench/%s: %s\n", BENCH_NAME, what);
	exit(1);
}

/* For qsort: doubles in increasing order (times, to take their median). */
static inline int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif
