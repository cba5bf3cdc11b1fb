#include <config.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/xalloc.h"
#include "libcore/clock.h"
#include "libcore/random.h"
#include "repl/selftest.h"
#include "repl/builtins/builtin.h"
#include "repl/session.h"

static int ntests, nfailed;

static void
tap_result(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
tap_result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		nfailed++;
}

static void
tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
tap_skip(const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Show a multi-line text as TAP comments. */
static void
tap_note(const char *label, const char *text)
{
	printf("#   %s\n", label);
	while (*text) {
		size_t n = strcspn(text, "\n");

		printf("#     |%.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

char *
selftest_capture(struct session *s, const char *src, int *failed)
{
	char *out, *errs, *all;
	size_t nout, nerr, nall;
	FILE *fo = open_memstream(&out, &nout), *fe = open_memstream(&errs, &nerr), *fa;
	struct srcpos at = { .file = "<test>", .line = 1 };
	struct cl_error err = { 0 };
	struct streams saved = session_redirect(s, fo, fe);

	*failed = session_exec(s, src, strlen(src), &at, &err) != 0;	/* it reports */
	session_unredirect(s, saved);
	fclose(fo);
	fclose(fe);
	fa = open_memstream(&all, &nall);
	fputs(out, fa);
	for (const char *p = errs; *p;) {
		size_t n = strcspn(p, "\n");

		fprintf(fa, "! %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	fclose(fa);
	free(out);
	free(errs);
	return all;
}

static void
test_session(struct session *s)
{
	session_init(s);
	s->interactive = true;	/* errors print and the session goes on */
	s->caret_offset = 0;	/* under the input, after its "> " */
	s->width = 80;
}

static void
strip_trailing_newlines(char *t)
{
	size_t n = strlen(t);

	while (n > 0 && t[n - 1] == '\n')
		t[--n] = '\0';
}

static void
run_block(struct session *s, const char *file, int line, const char *input, const char *want)
{
	int failed;
	char *got = selftest_capture(s, input, &failed);
	char *w = xstrdup(want);

	strip_trailing_newlines(got);
	strip_trailing_newlines(w);
	tap_result(strcmp(got, w) == 0, "%s:%d: %s", file, line, input);
	if (strcmp(got, w) != 0) {
		tap_note("expected:", w);
		tap_note("got:", got);
	}
	free(got);
	free(w);
}

static int
one_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct session s;
	char *line = NULL, *input = NULL, *want = NULL;
	size_t cap = 0, nwant = 0;
	FILE *w = NULL;
	int lineno = 0, at = 0;
	ssize_t len;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (!f) {
		tap_result(0, "%s: cannot be read", path);
		return -1;
	}
	test_session(&s);
	random_seed(NULL, NULL);
	clock_unpin();
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (strncmp(line, "#! seed ", 8) == 0) {
			random_seed(line + 8, NULL);
			continue;
		}
		if (strncmp(line, "#! now ", 7) == 0) {
			clock_pin(strtoll(line + 7, NULL, 10));
			continue;
		}
		if (line[0] == '#')
			continue;
		if (line[0] == '>' && (line[1] == ' ' || line[1] == '\0')) {
			if (input) {
				fclose(w);
				run_block(&s, name, at, input, want);
				free(input);
				free(want);
			}
			input = xstrdup(line[1] ? line + 2 : "");
			at = lineno;
			w = open_memstream(&want, &nwant);
			continue;
		}
		if (w)
			fprintf(w, "%s\n", line);
	}
	if (input) {
		fclose(w);
		run_block(&s, name, at, input, want);
		free(input);
		free(want);
	}
	free(line);
	fclose(f);
	session_free(&s);
	return 0;
}

int
selftest_transcripts(int nfiles, char *const *files)
{
	for (int i = 0; i < nfiles; i++)
		one_file(files[i]);
	printf("1..%d\n", ntests);
	return nfailed ? 1 : 0;
}

int
selftest_examples(void)
{
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
		for (const struct builtin *b = (*p)->entries; b->name; b++) {
			struct session s;
			char *got;
			int failed;

			if (!b->example) {
				/* a command may do what an example cannot (quit), and a live
				 * object (a server, a timer) is tried in tests/shell and
				 * tests/interop; any other builtin owes an example */
				if (b->cmd || (b->flags & B_LISTENS))
					tap_skip("example of %s # SKIP no example", b->name);
				else
					tap_result(0, "example of %s: missing", b->name);
				continue;
			}
			test_session(&s);
			random_seed((b->flags & B_SEEDED) ? "1" : NULL, NULL);
			if ((b->flags & B_SEEDED))
				clock_pin(1700000000);
			else
				clock_unpin();
			got = selftest_capture(&s, b->example, &failed);
			strip_trailing_newlines(got);
			if (!b->expect) {
				tap_result(!failed && *got, "example of %s runs", b->name);
				if (failed || !*got)
					tap_note("got:", got);
			} else {
				tap_result(!failed && strcmp(got, b->expect) == 0, "example of %s", b->name);
				if (failed || strcmp(got, b->expect) != 0) {
					tap_note("expected:", b->expect);
					tap_note("got:", got);
				}
			}
			free(got);
			session_free(&s);
		}
	printf("1..%d\n", ntests);
	return nfailed ? 1 : 0;
}
