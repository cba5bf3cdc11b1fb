/* libFuzzer target: any bytes as statements through the lexer, parser and
 * evaluator. Build with ./configure CC=clang --enable-fuzzing, then run
 * tests/fuzz/fuzz-eval -max_total_time=60 tests/fuzz/corpus-eval. */
#include <config.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include "libcore/core.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "repl/session.h"

static FILE *sink;

/* A statement may legitimately compute for long (factor, randprime): stop it
 * after a second as Ctrl-C would, so only real hangs are reported. */
static void
on_alarm(int sig)
{
	(void)sig;
	cl_interrupted = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;
	struct srcpos at = { .file = "<fuzz>", .line = 1 };
	struct cl_error err;
	struct itimerval one = { .it_value = { .tv_sec = 1 } }, off = { 0 };

	if (!sink) {
		struct cl_error e;

		core_init(&e);
		random_seed("fuzz", &e);
		sink = fopen("/dev/null", "w");
		signal(SIGALRM, on_alarm);
	}
	/* commands that write files or read lessons are not the target here */
	if (memmem(data, size, "record", 6) || memmem(data, size, "lesson", 6))
		return 0;
	session_init(&s);
	s.out = s.errout = sink;
	cl_interrupted = 0;
	setitimer(ITIMER_REAL, &one, NULL);
	session_exec(&s, (const char *)data, size, &at, &err);
	setitimer(ITIMER_REAL, &off, NULL);
	session_free(&s);
	return 0;
}
