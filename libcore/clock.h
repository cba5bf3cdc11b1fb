/* The one clock of core. Normally the real time; pinned (--now) for demos and
 * tests, and then moved only by clock_advance, so a lesson can show a token
 * expiring without waiting. */
#ifndef CL_CLOCK_H
#define CL_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int64_t clock_now(void);		/* seconds since the Unix epoch */

/* The first second of the year 1 and the last of the year 9999: times
 * beyond them are not shown as dates. */
#define CLOCK_MIN_TIME (-62135596800LL)
#define CLOCK_MAX_TIME 253402300799LL
/* T as people read it, "2023-11-14 22:13:20 UTC", "1969-07-20 20:17:40 UTC"
 * (or "before the year 1", "after the year 9999"). */
void clock_format(char *buf, size_t size, int64_t t);
void clock_pin(int64_t t);
void clock_unpin(void);		/* back to the real time */
bool clock_pinned(void);
void clock_advance(int64_t seconds);	/* pins the clock if it was not */

/* Seconds on a monotonic clock, for time limits on computations: never
 * pinned, because a pinned clock would never run out. */
double clock_elapsed(void);

#endif
