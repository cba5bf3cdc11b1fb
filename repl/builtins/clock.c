/* The clock a lesson can move: tokens expire without waiting. */
#include <config.h>
#include <time.h>
#include "libcore/clock.h"
#include "repl/builtins/builtin.h"
#include "repl/session.h"

static int
b_now(struct call *c, struct value **out)
{
	*out = value_int_si((long)clock_now());
	return 0;
}

static int
b_advance(struct call *c, struct value **out)
{
	long secs;

	if (arg_long(c, 0, -(100L * 365 * 86400), 100L * 365 * 86400, &secs))
		return -1;
	clock_advance(secs);
	*out = value_int_si((long)clock_now());
	return 0;
}

static int
b_date(struct call *c, struct value **out)
{
	long t;
	char buf[64];

	if (c->arg[0]) {
		if (arg_long(c, 0, 0, CLOCK_MAX_TIME, &t))
			return -1;
	} else
		t = (long)clock_now();
	clock_format(buf, sizeof buf, (uint64_t)t);
	*out = value_cstr(buf);
	return 0;
}

static const struct builtin entries[] = {
	{
		.name = "clock.now",
		.summary = "the current time in seconds since 1970 (Unix time)",
		.help = "The clock every time-dependent builtin reads (Fernet timestamps and TTLs, "
			"certificates). Started with `--now UNIXTIME` it is pinned: it stands still until "
			"`clock.advance` moves it, so a demonstration gives the same output every time.",
		.example = "clock.now() > 1700000000",
		.expect = "true",
		.fn = b_now,
	},
	{
		.name = "clock.advance",
		.params = { { .name = "seconds", .types = T_INT } },
		.summary = "move the clock forward (or back) and return the new time",
		.help = "Pins the clock and moves it by SECONDS, so you can watch a token expire without "
			"waiting: encrypt, `clock.advance(3600)`, then decrypt with `ttl=60`. Only cryptolab's "
			"clock moves, not your computer's.",
		.example = "t = clock.now(); clock.advance(60) - t",
		.expect = "60",
		.fn = b_advance,
	},
	{
		.name = "clock.date",
		.params = { { .name = "time", .types = T_INT, .optional = true } },
		.summary = "a Unix time as a UTC date and time",
		.help = "Shows TIME (default: the clock's current time) the way people read it, in UTC.",
		.example = "clock.date(1700000000)",
		.expect = "2023-11-14 22:13:20 UTC",
		.fn = b_date,
	},
	{ 0 }
};

const struct builtin_ns ns_clock = { .name = "clock", .topic = "The clock", .entries = entries };
