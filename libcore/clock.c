#include <config.h>
#include <stdio.h>
#include <time.h>
#include "libcore/clock.h"

static bool pinned;
static int64_t pinned_at;

int64_t
clock_now(void)
{
	return pinned ? pinned_at : (int64_t)time(NULL);
}

void
clock_pin(int64_t t)
{
	pinned = true;
	pinned_at = t;
}

void
clock_unpin(void)
{
	pinned = false;
}

bool
clock_pinned(void)
{
	return pinned;
}

void
clock_advance(int64_t seconds)
{
	clock_pin(clock_now() + seconds);
}

double
clock_elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void
clock_format(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t > CLOCK_MAX_TIME || t < CLOCK_MIN_TIME) {
		snprintf(buf, size, t > 0 ? "after the year 9999" : "before the year 1");
		return;
	}
	gmtime_r(&tt, &tm);
	/* (%Y would write the year 42 as "42") */
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
