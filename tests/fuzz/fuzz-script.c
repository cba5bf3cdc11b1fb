/* libFuzzer target: any bytes as a whole script -- statements across lines,
 * brackets over several lines, ';', comments, continuations -- run as the
 * prompt runs them (line by line, going on after an error) or as a script
 * (stopping at the first), printing to a "terminal" or a pipe. Beyond no
 * crash, no leak and no hang (a statement is stopped after a second as
 * Ctrl-C would), it checks that what reaches a terminal carries no control
 * character: no ESC, BEL or other C0 but newline and tab, no C1, no bidi
 * control. Build with ./configure CC=clang --enable-fuzzing, then run
 * tests/fuzz/fuzz-script -max_total_time=60 tests/fuzz/corpus-script. */
#include <config.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "libcore/core.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "repl/builtins/builtin.h"
#include "repl/session.h"

static void
on_alarm(int sig)
{
	(void)sig;
	cl_interrupted = 1;
}

/* Would these bytes act on a terminal? (C0 but \n and \t, DEL, C1 as UTF-8,
 * U+202A-U+202E, U+2066-U+2069) */
static bool
acts_on_terminal(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7f)
			return true;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return true;
		if (p[i] == 0xe2 && i + 2 < n && ((p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae)
						  || (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	struct session s;
	struct cl_error err;
	struct itimerval one = { .it_value = { .tv_sec = 1 } }, off = { 0 };
	char *out = NULL, *errs = NULL;
	size_t nout = 0, nerr = 0;
	bool prompt, tty;
	const char *src;

	if (!started) {
		struct cl_error e;

		core_init(&e);
		random_seed("fuzz", &e);
		signal(SIGALRM, on_alarm);
		started = true;
	}
	if (size < 1)
		return 0;
	/* the first byte picks the mode ('0' a script into a pipe, '1' the
	 * prompt into a pipe, '2' a script to a terminal, '3' the prompt to a
	 * terminal); the rest is the script */
	prompt = data[0] & 1;
	tty = data[0] & 2;
	src = (const char *)data + 1;
	size--;
	/* `clear` sends the terminal its own escape on purpose */
	if (tty && memmem(src, size, "clear", 5))
		tty = false;
	session_init(&s);
	s.out = open_memstream(&out, &nout);
	s.errout = open_memstream(&errs, &nerr);
	if (!s.out || !s.errout)
		abort();
	s.tty = tty;
	s.interactive = prompt;
	s.caret_offset = prompt ? 0 : -1;
	/* nothing that leaves the process: files, servers, the lesson, quit,
	 * record (the table says which builtins do) */
	s.refuse = B_WRITES_FILES | B_LISTENS | B_STEERS_LESSON | B_STUDENT_ONLY;
	s.refused_by = "the fuzzer";
	if (prompt) {
		/* line by line, as typed, going on after errors */
		for (size_t at = 0, line = 1; at < size && !s.quit; line++) {
			const char *nl = memchr(src + at, '\n', size - at);
			size_t n = nl ? (size_t)(nl - (src + at)) : size - at;
			struct srcpos pos = { .file = "<input>", .line = (int)line };

			cl_interrupted = 0;
			setitimer(ITIMER_REAL, &one, NULL);
			session_exec(&s, src + at, n, &pos, &err);
			setitimer(ITIMER_REAL, &off, NULL);
			at += n + 1;
		}
	} else {
		struct srcpos pos = { .file = "<fuzz>", .line = 1 };

		cl_interrupted = 0;
		setitimer(ITIMER_REAL, &one, NULL);
		session_exec(&s, src, size, &pos, &err);
		setitimer(ITIMER_REAL, &off, NULL);
	}
	cl_interrupted = 0;
	fclose(s.out);
	fclose(s.errout);
	/* on a terminal without colour, nothing that acts on it; errors never */
	if ((tty && acts_on_terminal((const unsigned char *)out, nout))
	    || acts_on_terminal((const unsigned char *)errs, nerr))
		abort();
	free(out);
	free(errs);
	session_free(&s);
	value_close_live_except(NULL, 0);
	return 0;
}
