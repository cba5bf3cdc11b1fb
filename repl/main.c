/* cryptolab: the shell's entry point. Picks the mode (a check, -c, a script,
 * a pipe, or the interactive prompt) and hands every statement to the session.
 * Kept thin on purpose, like lua.c and jq's main.c. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "libcore/core.h"
#include "libcore/clock.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"
#include "repl/lesson/lesson.h"
#include "repl/lex.h"
#include "repl/reader.h"
#include "repl/record.h"
#include "repl/render.h"
#include "repl/selftest.h"
#include "repl/session.h"

#define MAX_SCRIPT (16u << 20)	/* a script larger than this is surely not one */

static const char *program = PACKAGE_NAME;

/* ---- output that fails ---- */

/* Why writing the results failed (the first time), and whether it was said:
 * "cryptolab: write error: No space left on device", once, and the exit
 * status is 1, as with GNU tools (gnulib's close_stdout). */
static int out_errno;
static bool out_error_said;

/* After statements: a failed write is reported at once and ends the run
 * (at the prompt too: the results go nowhere). True when it failed. */
static bool
output_failed(struct session *s)
{
	if (!s->write_errno)
		return false;
	out_errno = s->write_errno;
	if (!out_error_said) {
		fflush(stdout);
		fprintf(stderr, "%s: write error: %s\n", program, strerror(out_errno));
		out_error_said = true;
	}
	s->quit = true;
	s->exit_status = 1;
	return true;
}

/* At exit, however it comes (exit(0) after --help too): the last of stdout
 * is written, and a failure is an error. */
static void
close_stdout(void)
{
	bool failed = ferror(stdout) != 0;

	errno = 0;
	if (fclose(stdout) != 0)
		failed = true;
	if (failed && !out_error_said) {
		int e = out_errno ? out_errno : errno;

		if (e)
			fprintf(stderr, "%s: write error: %s\n", program, strerror(e));
		else
			fprintf(stderr, "%s: write error\n", program);
	}
	if (failed || out_error_said || fflush(stderr) != 0)
		_exit(EXIT_FAILURE);
}

/* Descriptors 0, 1 and 2 are open from the start, on /dev/null when they
 * were closed, opened the wrong way round (gnulib's stdopen): so no file this
 * program opens becomes its stdout, and writing the results still fails. */
static void
stdopen(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);

			if (got >= 0 && got != fd)
				close(got);
		}
}

static void
usage(FILE *out)
{
	fprintf(out,
"Usage: %s [OPTION]... [FILE]\n"
"An interactive cryptography lab: compute with big integers and real crypto\n"
"objects, and learn from guided lessons.\n"
"\n"
"With no FILE, read statements from the terminal (or from standard input when\n"
"it is not a terminal). With FILE, run the statements in it.\n"
"\n"
"  -c, --command=STMTS     run STMTS (separated by ';' or newlines) and exit;\n"
"                            may be given more than once\n"
"      --lesson=ID         start (or resume) the lesson ID, a name or a path\n"
"      --auto              with --lesson: play the whole lesson unattended (on a\n"
"                            terminal the shell stays open afterwards)\n"
"      --exit              with --auto on a terminal: leave at the end\n"
"      --delay=SECONDS     with --auto: pause between typed lines\n"
"      --present           with --lesson: presenter view for a projector\n"
"      --step=N            with --lesson: start at step N\n"
"      --check-lesson FILE...  check lesson files and exit\n"
"      --record=FILE       write the session as Markdown (or as a script\n"
"                            when FILE ends in .cl)\n"
"      --seed=N            make every random value reproducible (NOT secret)\n"
"      --now=UNIXTIME      pin the clock to UNIXTIME (see clock.advance)\n"
"      --no-color          never use colour (so does NO_COLOR in the environment)\n"
"  -q, --quiet             no banner at start\n"
"      --help              display this help and exit\n"
"      --version           output version information and exit\n"
"\n"
"For the test suite:\n"
"      --run-tests FILE... run golden transcripts (.t files), print TAP\n"
"      --check-examples    run the example of every builtin, print TAP\n"
"\n"
"In the shell, type 'help' for the list of builtins and commands.\n"
"Errors in a script or with -c stop the run with status 1 and a\n"
"FILE:LINE:COL message; at the prompt they are shown and the session goes on.\n"
"\n"
"Report bugs to: <%s>\n", program, PACKAGE_BUGREPORT);
}

static void
version(void)
{
	printf("%s %s\n"
	       "Copyright (C) 2026 the cryptolab authors.\n"
	       "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       PACKAGE_NAME, PACKAGE_VERSION);
}

/* Runs SRC (a script, a pipe, -c) a statement at a time, as if typed: a
 * question a lesson asks meanwhile (a quiz) takes the next line as its
 * answer, and `record` hears each statement. In these modes the first error
 * ends the run with status 1 (the session has reported it). */
static int
run_source(struct session *s, const char *file, const char *src, size_t n)
{
	struct srcpos at = { .file = file, .line = 1 };
	struct cl_error err = { 0 };
	size_t pos = 0;
	int line = 1, rc = 0;

	if (session_check_source(src, n, &at, &err)) {
		session_report(s, &at, &err);
		return 1;
	}
	reader_script(true);
	while (pos < n && !rc && !s->quit) {
		size_t end = reader_pending() ? pos + strcspn(src + pos, "\n") + (pos + strcspn(src + pos, "\n") < n)
					      : lex_chunk_end(src, n, pos);
		char *piece = xstrndup(src + pos, end - pos);

		if (reader_pending()) {
			piece[strcspn(piece, "\n")] = '\0';
			reader_answer(s, piece);	/* the answer to a quiz */
		} else {
			size_t len = end - pos;

			at.line = line;
			at.col = 0;
			while (len && piece[len - 1] == '\n')
				piece[--len] = '\0';
			record_input(s, piece);
			rc = session_exec(s, piece, len, &at, &err) ? 1 : 0;
			if (rc)
				record_failed(s, err.msg);
		}
		for (size_t i = pos; i < end; i++)
			line += src[i] == '\n';
		free(piece);
		pos = end;
	}
	if (reader_pending() && !rc && !s->quit)
		reader_answer(s, NULL);	/* the script ended before the answer */
	reader_script(false);
	return rc;
}

static int
read_all(FILE *f, char **buf, size_t *n)
{
	size_t cap = 4096, len = 0, got;
	char *p = xmalloc(cap);

	while ((got = fread(p + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len > MAX_SCRIPT) {
			free(p);
			errno = EFBIG;
			return -1;
		}
		if (len == cap)
			p = xrealloc(p, cap *= 2);
	}
	if (ferror(f)) {
		free(p);
		return -1;
	}
	*buf = p;
	*n = len;
	return 0;
}

static int
run_file(struct session *s, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf;
	size_t n, skip;
	int rc;

	if (!f || read_all(f, &buf, &n) < 0) {
		fprintf(stderr, "%s: %s: %s\n", program, path,
			errno == EFBIG ? "larger than 16 MiB: not a script" : strerror(errno));
		if (f && f != stdin)
			fclose(f);
		return 1;
	}
	if (f != stdin)
		fclose(f);
	/* a byte-order mark, as some editors put first, is no statement */
	skip = n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	rc = run_source(s, f == stdin ? "<stdin>" : path, buf + skip, n - skip);
	free(buf);
	return rc;
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void
banner(struct session *s, const char *seed)
{
	/* lines that fit 80 columns: the first thing a student reads is never
	 * broken in the middle of a word */
	printf("%scryptolab %s%s: an interactive cryptography lab.\nType %shelp%s for help, "
	       "%squit%s or Ctrl-D to leave.\n",
	       color(s, COL_BOLD), PACKAGE_VERSION, color(s, COL_RESET), color(s, COL_CYAN),
	       color(s, COL_RESET), color(s, COL_CYAN), color(s, COL_RESET));
	if (lesson_first_time())
		printf("New here? Type %slesson welcome%s for a short tour of the shell.\n",
		       color(s, COL_CYAN), color(s, COL_RESET));
	else
		printf("Type %slessons%s to see the lessons and where you are in each.\n",
		       color(s, COL_CYAN), color(s, COL_RESET));
	if (seed)
		printf("%sSeeded with --seed %s: every random value is reproducible,\nso keys made in "
		       "this session are NOT secret.%s\n", color(s, COL_YELLOW), seed, color(s, COL_RESET));
}

/* The prompt, with readline's \001 \002 around invisible colour codes; the
 * session learns how wide it is, for the caret under an error. */
static char *
make_prompt(struct session *s, void *ctx)
{
	const char *seed = ctx, *lp = lesson_prompt(s);
	char *text = xasprintf("%s%s> ", lp ? lp : "cryptolab", seed ? "[seeded]" : ""), *out;

	s->caret_offset = (int)strlen(text);	/* the prompts are ASCII */
	if (!s->color)
		return text;
	text[strlen(text) - 2] = '\0';
	out = xasprintf("\001%s\002%s\001%s\002> ", color(s, COL_GREEN), text, color(s, COL_RESET));
	free(text);
	return out;
}

/* A line typed at the prompt. */
static void
run_line(struct session *s, const char *line, void *ctx)
{
	static int line_no;
	struct srcpos at = { .file = "<input>", .line = ++line_no };
	struct cl_error err = { 0 };

	record_input(s, line);
	s->width = terminal_width();
	if (session_exec(s, line, strlen(line), &at, &err))
		record_failed(s, err.msg);
	output_failed(s);
}

static int
interactive(struct session *s, const char *seed, bool quiet)
{
	if (!quiet)
		banner(s, seed);
	reader_run(s, make_prompt, run_line, (void *)seed);
	reader_close();
	return s->exit_status;
}

enum {
	OPT_LESSON = 256, OPT_AUTO, OPT_EXIT, OPT_STEP, OPT_DELAY, OPT_PRESENT, OPT_CHECK_LESSON, OPT_RECORD, OPT_SEED,
	OPT_NOW, OPT_NO_COLOR, OPT_HELP, OPT_VERSION, OPT_RUN_TESTS, OPT_CHECK_EXAMPLES,
};

static const struct option options[] = {
	{ "command", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "lesson", required_argument, NULL, OPT_LESSON },
	{ "auto", no_argument, NULL, OPT_AUTO },
	{ "exit", no_argument, NULL, OPT_EXIT },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "delay", required_argument, NULL, OPT_DELAY },
	{ "present", no_argument, NULL, OPT_PRESENT },
	{ "check-lesson", no_argument, NULL, OPT_CHECK_LESSON },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "run-tests", no_argument, NULL, OPT_RUN_TESTS },
	{ "check-examples", no_argument, NULL, OPT_CHECK_EXAMPLES },
	{ NULL, 0, NULL, 0 },
};

static void bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A usage error: the message, the pointer to --help, exit status 2. */
static void
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", program);
	exit(2);
}

/* What the command line asked for. */
struct opts {
	char **commands;	/* -c, in order */
	int ncommands;
	const char *lesson, *record, *seed;
	struct lesson_opts lo;
	bool no_color, quiet, check_lesson, run_tests, examples, exit_after;
};

/* Reads the options into O; returns the index of the first operand. Usage
 * errors exit with status 2, --help and --version with 0. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "c:q", options, NULL)) != -1) {
		char *end;

		switch (opt) {
		case 'c':
			o->commands = xreallocarray(o->commands, (size_t)o->ncommands + 1, sizeof *o->commands);
			o->commands[o->ncommands++] = optarg;
			break;
		case 'q': o->quiet = true; break;
		case OPT_LESSON: o->lesson = optarg; break;
		case OPT_AUTO: o->lo.auto_play = true; break;
		case OPT_EXIT: o->exit_after = true; break;
		case OPT_STEP: {
			long n;

			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || n < 1 || n > 9999)
				bad_usage("--step wants a step number (1 is the first), not '%s'", optarg);
			o->lo.step = (int)n;
			break;
		}
		case OPT_DELAY:
			o->lo.delay = strtod(optarg, &end);
			if (*end || end == optarg || !(o->lo.delay >= 0 && o->lo.delay <= 60))
				bad_usage("--delay wants seconds from 0 to 60, not '%s'", optarg);
			break;
		case OPT_PRESENT: o->lo.present = true; break;
		case OPT_CHECK_LESSON: o->check_lesson = true; break;
		case OPT_RECORD: o->record = optarg; break;
		case OPT_SEED:
			if (!*optarg)
				bad_usage("--seed wants a value");
			o->seed = optarg;
			break;
		case OPT_NOW: {
			long long t;

			errno = 0;
			t = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || t < 0 || t > CLOCK_MAX_TIME)
				bad_usage("--now wants a Unix time in seconds (like 1700000000), not '%s'", optarg);
			clock_pin(t);
			break;
		}
		case OPT_NO_COLOR: o->no_color = true; break;
		case OPT_HELP: usage(stdout); exit(0);
		case OPT_VERSION: version(); exit(0);
		case OPT_RUN_TESTS: o->run_tests = true; break;
		case OPT_CHECK_EXAMPLES: o->examples = true; break;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", program);
			exit(2);
		}
	}
	if ((o->lo.auto_play || o->lo.present || o->lo.delay > 0 || o->lo.step || o->exit_after) && !o->lesson)
		bad_usage("--auto, --delay, --present, --step and --exit go with --lesson ID");
	return optind;
}

/* --lesson ID: unattended it plays whole and its status is the exit status;
 * at a terminal it starts, and the prompt takes over. */
static int
start_lesson(struct session *s, const struct opts *o, struct cl_error *err)
{
	int rc;

	if (!o->lo.auto_play && !isatty(STDIN_FILENO))
		bad_usage("--lesson needs a terminal; with --auto it plays unattended");
	if ((rc = lesson_start(s, o->lesson, &o->lo, err)) < 0)
		fprintf(stderr, "%s: %s\n", program, err->msg);
	return rc < 0 ? 1 : rc;
}

/* Colour on a terminal unless NO_COLOR has a value (no-color.org: an empty
 * one does not count) or the terminal says it has none (TERM=dumb, or no
 * TERM at all). */
static bool
want_color(void)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	return !(no && *no) && term && *term && strcmp(term, "dumb") != 0;
}

/* Everything but the test modes: a session, then -c, a FILE, a lesson, the
 * prompt or standard input. */
static int
run(struct session *s, const struct opts *o, int nargs, char *const *args)
{
	struct cl_error err = { 0 };
	bool quiet = o->quiet, stay;
	int rc = 0;

	s->tty = isatty(STDOUT_FILENO);
	s->color = s->tty && !o->no_color && want_color();
	s->width = s->tty ? terminal_width() : 80;
	s->caret_offset = -1;
	if (o->check_lesson) {
		if (nargs == 0)
			bad_usage("--check-lesson wants one or more lesson files");
		return lesson_check_files(s, nargs, args);
	}
	if (o->record && record_open(s, o->record, &err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		return 1;
	}
	if (o->ncommands) {
		if (nargs > 0)
			bad_usage("give -c or a FILE, not both ('%s')", args[0]);
		for (int i = 0; i < o->ncommands && !rc && !s->quit; i++)
			rc = run_source(s, "<command-line>", o->commands[i], strlen(o->commands[i]));
		return output_failed(s) ? 1 : rc;
	}
	if (nargs > 0) {
		if (nargs > 1)
			bad_usage("one FILE at a time, not '%s' as well", args[1]);
		rc = run_file(s, args[0]);
		return output_failed(s) ? 1 : rc;
	}
	/* --auto on a terminal plays, then leaves the shell open, as if the
	 * teacher had typed the lesson; unattended elsewhere, or with --exit,
	 * its status is the exit status */
	stay = isatty(STDIN_FILENO) && (!o->lesson || !o->lo.auto_play || (s->tty && !o->exit_after));
	if (stay) {
		s->interactive = true;
		reader_init(s);
	}
	if (o->lesson) {
		rc = start_lesson(s, o, &err);
		if (rc || !stay)
			return output_failed(s) ? 1 : rc;
		quiet = true;
	}
	if (isatty(STDIN_FILENO))
		return interactive(s, o->seed, quiet);
	rc = run_file(s, "-");
	return output_failed(s) ? 1 : rc;
}

int
main(int argc, char **argv)
{
	struct session s;
	struct opts o = { 0 };
	struct cl_error err = { 0 };
	int first, rc;

	stdopen();
	atexit(close_stdout);
	if (core_init(&err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		return 1;
	}
	first = parse_args(argc, argv, &o);
	if (o.seed && random_seed(o.seed, &err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		return 1;
	}
	if (o.examples)
		return selftest_examples();
	if (o.run_tests)
		return selftest_transcripts(argc - first, argv + first);
	session_init(&s);
	rc = run(&s, &o, argc - first, argv + first);
	lesson_end(&s);
	record_close(&s);
	session_free(&s);
	value_close_live_except(NULL, 0);	/* no server outlives the shell */
	free(o.commands);
	fflush(stdout);
	return rc;
}
