/* cryptolab: the shell's entry point. Picks the mode (a check, -c, a script,
 * a pipe, or the interactive prompt) and hands every statement to the session.
 * Kept thin on purpose, like lua.c and jq's main.c. */
#include <config.h>
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "libcore/clock.h"
#include "libcore/random.h"
#include "repl/lesson.h"
#include "repl/reader.h"
#include "repl/record.h"
#include "repl/render.h"
#include "repl/selftest.h"
#include "repl/session.h"

#define MAX_SCRIPT (16u << 20)	/* a script larger than this is surely not one */

static const char *program = PACKAGE_NAME;

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
"      --auto              with --lesson: play the whole lesson unattended\n"
"      --delay=SECONDS     with --auto: pause between typed lines\n"
"      --present           with --lesson: presenter view for a projector\n"
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

/* Runs SRC; in these modes the first error ends the run with status 1. */
static int
run_source(struct session *s, const char *file, const char *src, size_t n)
{
	struct srcpos at = { .file = file, .line = 1 };
	struct cl_error err = { 0 };

	if (session_exec(s, src, n, &at, &err)) {
		session_report(s, &at, &err);
		return 1;
	}
	return 0;
}

static int
read_all(FILE *f, char **buf, size_t *n)
{
	size_t cap = 4096, len = 0, got;
	char *p = malloc(cap);

	while (p && (got = fread(p + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len > MAX_SCRIPT) {
			free(p);
			errno = EFBIG;
			return -1;
		}
		if (len == cap) {
			char *bigger = realloc(p, cap *= 2);

			if (!bigger)
				free(p);
			p = bigger;
		}
	}
	if (!p || ferror(f)) {
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
	size_t n;
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
	rc = run_source(s, f == stdin ? "<stdin>" : path, buf, n);
	free(buf);
	return rc;
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

static void
banner(struct session *s, const char *seed)
{
	printf("%scryptolab %s%s: an interactive cryptography lab. Type %shelp%s for help, "
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
		printf("%sSeeded with --seed %s: every random value is reproducible, so keys made in "
		       "this session are NOT secret.%s\n", color(s, COL_YELLOW), seed, color(s, COL_RESET));
}

/* The prompt, with readline's \001 \002 around invisible colour codes. */
static char *
make_prompt(struct session *s, const char *seed, int *visible)
{
	const char *lp = lesson_prompt(s);
	char *text, *out;

	if (asprintf(&text, "%s%s%s> ", lp ? lp : "cryptolab", seed ? "[seeded]" : "", "") < 0)
		abort();
	*visible = (int)strlen(text);	/* the prompts are ASCII */
	if (!s->color)
		return text;
	text[strlen(text) - 2] = '\0';
	if (asprintf(&out, "\001%s\002%s\001%s\002> ", color(s, COL_GREEN), text, color(s, COL_RESET)) < 0)
		abort();
	free(text);
	return out;
}

static int
interactive(struct session *s, const char *seed, bool quiet)
{
	int line_no = 0;

	s->interactive = true;
	reader_init(s);
	if (!quiet)
		banner(s, seed);
	while (!s->quit) {
		int visible;
		char *prompt = make_prompt(s, seed, &visible);
		char *line = reader_line(prompt);
		struct srcpos at = { .file = "<input>", .line = ++line_no };
		struct cl_error err = { 0 };

		free(prompt);
		if (!line) {
			putchar('\n');	/* Ctrl-D: leave on a clean line */
			break;
		}
		reader_remember(line);
		record_input(s, line);
		s->width = terminal_width();
		s->caret_offset = visible;
		reader_running();
		if (session_exec(s, line, strlen(line), &at, &err)) {
			if (err.code == GPG_ERR_CANCELED)
				fputc('\n', s->errout);	/* past the "^C" the terminal echoed */
			session_report(s, &at, &err);
		}
		free(line);
	}
	reader_close();
	return s->exit_status;
}

enum {
	OPT_LESSON = 256, OPT_AUTO, OPT_DELAY, OPT_PRESENT, OPT_CHECK_LESSON, OPT_RECORD, OPT_SEED,
	OPT_NOW, OPT_NO_COLOR, OPT_HELP, OPT_VERSION, OPT_RUN_TESTS, OPT_CHECK_EXAMPLES,
};

static const struct option options[] = {
	{ "command", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "lesson", required_argument, NULL, OPT_LESSON },
	{ "auto", no_argument, NULL, OPT_AUTO },
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

int
main(int argc, char **argv)
{
	struct session s;
	struct lesson_opts lo = { 0 };
	struct cl_error err = { 0 };
	char **commands = NULL;
	int ncommands = 0, opt, rc = 0;
	const char *lesson = NULL, *record = NULL, *seed = NULL;
	bool no_color = false, quiet = false, check_lesson = false, run_tests = false, examples = false;

	if (core_init(&err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		return 1;
	}
	while ((opt = getopt_long(argc, argv, "c:q", options, NULL)) != -1) {
		char *end;

		switch (opt) {
		case 'c':
			commands = realloc(commands, (ncommands + 1) * sizeof *commands);
			commands[ncommands++] = optarg;
			break;
		case 'q': quiet = true; break;
		case OPT_LESSON: lesson = optarg; break;
		case OPT_AUTO: lo.auto_play = true; break;
		case OPT_DELAY:
			lo.delay = strtod(optarg, &end);
			if (*end || lo.delay < 0 || lo.delay > 60)
				bad_usage("--delay wants seconds from 0 to 60, not '%s'", optarg);
			break;
		case OPT_PRESENT: lo.present = true; break;
		case OPT_CHECK_LESSON: check_lesson = true; break;
		case OPT_RECORD: record = optarg; break;
		case OPT_SEED:
			if (!*optarg)
				bad_usage("--seed wants a value");
			seed = optarg;
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
		case OPT_NO_COLOR: no_color = true; break;
		case OPT_HELP: usage(stdout); return 0;
		case OPT_VERSION: version(); return 0;
		case OPT_RUN_TESTS: run_tests = true; break;
		case OPT_CHECK_EXAMPLES: examples = true; break;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", program);
			return 2;
		}
	}
	if (seed && random_seed(seed, &err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		return 1;
	}
	if (examples)
		return selftest_examples();
	if (run_tests)
		return selftest_transcripts(argc - optind, argv + optind);

	session_init(&s);
	s.tty = isatty(STDOUT_FILENO);
	s.color = s.tty && !no_color && !getenv("NO_COLOR");
	s.width = s.tty ? terminal_width() : 80;
	s.caret_offset = -1;
	if (check_lesson) {
		if (optind == argc)
			bad_usage("--check-lesson wants one or more lesson files");
		rc = lesson_check_files(&s, argc - optind, argv + optind);
		goto leave;
	}
	if (record && record_open(&s, record, &err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		rc = 1;
		goto leave;
	}
	if ((lo.auto_play || lo.present || lo.delay > 0) && !lesson)
		bad_usage("--auto, --delay and --present go with --lesson ID");
	if (ncommands) {
		if (optind < argc)
			bad_usage("give -c or a FILE, not both ('%s')", argv[optind]);
		for (int i = 0; i < ncommands && !rc && !s.quit; i++)
			rc = run_source(&s, "<command-line>", commands[i], strlen(commands[i]));
		goto leave;
	}
	if (optind < argc) {
		if (optind + 1 < argc)
			bad_usage("one FILE at a time, not '%s' as well", argv[optind + 1]);
		rc = run_file(&s, argv[optind]);
		goto leave;
	}
	if (lesson) {
		if (lo.auto_play) {
			rc = lesson_start(&s, lesson, &lo, &err);
			if (rc < 0) {
				fprintf(stderr, "%s: %s\n", program, err.msg);
				rc = 1;
			}
			goto leave;
		}
		if (!isatty(STDIN_FILENO))
			bad_usage("--lesson needs a terminal; with --auto it plays unattended");
		if (lesson_start(&s, lesson, &lo, &err)) {
			fprintf(stderr, "%s: %s\n", program, err.msg);
			rc = 1;
			goto leave;
		}
		quiet = true;
	}
	if (isatty(STDIN_FILENO))
		rc = interactive(&s, seed, quiet);
	else
		rc = run_file(&s, "-");
leave:
	lesson_end(&s);
	session_free(&s);
	free(commands);
	fflush(stdout);
	return rc;
}
