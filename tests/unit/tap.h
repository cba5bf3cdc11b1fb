/* A tiny TAP producer for the C unit tests (automake's tap-driver reads it),
 * and the helpers several of them share. */
#ifndef CL_TAP_H
#define CL_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "libcore/file.h"

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static inline int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Compare two strings and show both when they differ. */
#define is_str(got, want, ...) \
	(tap_ok(strcmp((got), (want)) == 0, __FILE__, __LINE__, __VA_ARGS__) \
	 || (printf("#   got:  '%s'\n#   want: '%s'\n", (got), (want)), 0))
#define skip_all(why) do { printf("1..0 # SKIP %s\n", why); exit(0); } while (0)
#define done_testing() do { printf("1..%d\n", tap_n); return tap_failed ? 1 : 0; } while (0)

/* ---- helpers several tests share ---- */

/* Z in decimal, in a buffer of its own that the next call overwrites. */
static inline const char *
zstr(const mpz_t z)
{
	static char buf[4096];

	gmp_snprintf(buf, sizeof buf, "%Zd", z);
	return buf;
}

/* Z from a decimal number the test wrote (a typo aborts). */
static inline void
zset(mpz_t z, const char *dec)
{
	if (mpz_set_str(z, dec, 10))
		abort();
}

/* The file NAME in the folder DIR (ending in '/'), whole and malloc'ed, its
 * size in *N; a test whose vector file cannot be read stops there. A test
 * with vectors defines slurp(name, n) as slurp_from(ITS_FOLDER, name, n). */
static inline char *
slurp_from(const char *dir, const char *name, size_t *n)
{
	char path[512], *data;
	struct cl_error err;

	snprintf(path, sizeof path, "%s%s", dir, name);
	if (file_read(path, 1 << 20, &data, n, &err)) {
		printf("# %s\n", err.msg);
		exit(1);
	}
	return data;
}

#endif
