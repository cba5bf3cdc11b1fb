/* A tiny TAP producer for the C unit tests (automake's tap-driver reads it). */
#ifndef CL_TAP_H
#define CL_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#endif
