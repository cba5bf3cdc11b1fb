/* The clock a lesson can move: tokens expire without waiting. And a timer
 * for the classroom ("five minutes for this task"), which rings above the
 * prompt through the prompt loop's watched descriptors. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/timerfd.h>
#include "libcore/clock.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/reader.h"
#include "repl/render.h"

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
		if (arg_long(c, 0, CLOCK_MIN_TIME, CLOCK_MAX_TIME, &t))
			return -1;
	} else
		t = (long)clock_now();
	clock_format(buf, sizeof buf, t);
	*out = value_cstr(buf);
	return 0;
}

/* ---- timers ---- */

struct timer {
	int fd;			/* a timerfd while it waits, -1 once rung or stopped */
	long seconds;
	bool rang;
	char *message;
	struct session *s;
};

static void
timer_close(void *data)
{
	struct timer *t = data;

	if (t->fd < 0)
		return;
	reader_unwatch(t->fd);
	close(t->fd);
	t->fd = -1;
}

static void
timer_free(void *data)
{
	struct timer *t = data;

	timer_close(t);
	free(t->message);
	free(t);
}

static int
timer_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct timer *t = data;

	if (strcmp(name, "seconds") == 0)
		*out = value_int_si(t->seconds);
	else if (strcmp(name, "message") == 0)
		*out = value_cstr(t->message);
	else if (strcmp(name, "rang") == 0)
		*out = value_bool(t->rang);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a timer has no field '%s' (it has seconds, message, rang)",
			       name);
	return 0;
}

static const char *const timer_fields[] = { "seconds", "message", "rang", NULL };

static void
timer_show(const void *data, FILE *out)
{
	const struct timer *t = data;

	fprintf(out, "timer of %ld s: \"%s\" (%s)", t->seconds, t->message,
		t->rang ? "it rang" : t->fd >= 0 ? "waiting" : "stopped");
}

static const struct objtype timer_type = {
	.name = "timer",
	.free = timer_free,
	.field = timer_field,
	.fields = timer_fields,
	.show = timer_show,
	.close = timer_close,
};

static void
ring(int fd, void *ctx)
{
	struct timer *t = ctx;
	uint64_t expirations;

	if (read(fd, &expirations, sizeof expirations) != sizeof expirations)
		return;	/* not yet: a spurious wake-up */
	t->rang = true;
	timer_close(t);
	reader_notify(t->s, "%s[timer]%s %s", color(t->s, COL_YELLOW), color(t->s, COL_RESET), t->message);
}

static int
b_timer(struct call *c, struct value **out)
{
	unsigned long secs;
	struct itimerspec when = { 0 };
	struct timer *t;
	const char *msg;
	size_t n;

	if (arg_ulong(c, 0, 1, 24 * 3600, &secs))
		return -1;
	arg_data(c, 1, &msg, &n);
	if (n > 200 || memchr(msg, '\n', n) || !render_is_safe(msg, n))
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "a timer's message is one short line of text");
	if (!reader_active())
		return cl_fail(c->err, GPG_ERR_NOT_SUPPORTED, "a timer rings at the interactive prompt; in a "
			       "script or a pipe nothing would hear it");
	t = xcalloc(1, sizeof *t);
	t->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	when.it_value.tv_sec = (time_t)secs;
	if (t->fd < 0 || timerfd_settime(t->fd, 0, &when, NULL) < 0) {
		if (t->fd >= 0)
			close(t->fd);
		free(t);
		return cl_fail(c->err, GPG_ERR_GENERAL, "no timer could be set");
	}
	t->seconds = (long)secs;
	t->message = xstrndup(msg, n);
	t->s = c->s;
	reader_watch(t->fd, ring, t);
	*out = value_obj(&timer_type, t);
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
		.help = "Shows TIME (default: the clock's current time) the way people read it, in UTC. "
			"Times before 1970 are negative: `clock.date(-14182940)` is Apollo 11 landing on the Moon.",
		.example = "clock.date(1700000000)",
		.expect = "2023-11-14 22:13:20 UTC",
		.fn = b_date,
	},
	{
		.name = "clock.timer",
		.params = { { .name = "seconds", .types = T_INT },
			    { .name = "message", .types = T_STR, .def = "\"time's up\"" } },
		.summary = "ring above the prompt after SECONDS (a classroom timer)",
		.help = "Starts a timer of real time (the pinned clock of `--now` does not stop it): after "
			"SECONDS it prints MESSAGE above the prompt, without disturbing a half-typed line. "
			"For a class: `clock.timer(300, \"five minutes are up: compare your keys\")`. The "
			"timer is a value: `t.rang` says whether it rang; a timer that is dropped (or left "
			"behind by `back` in a lesson) stops. At the interactive prompt only.",
		.flags = B_LISTENS,
		.fn = b_timer,
	},
	{ 0 }
};

const struct builtin_ns ns_clock = { .name = "clock", .topic = "The clock", .entries = entries };
