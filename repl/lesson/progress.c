/* The progress store. Every change reads the file, changes one line and
 * writes it all back (temp file + rename): two shells open at once lose at
 * most each other's latest step, never the file.
 *
 * A line is "ID STEP NSTEPS BLOCK STATE", STATE one of started (never
 * finished), done (finished, and the last play ended there) or replaying
 * (finished once, played again and left at STEP). Lines of the older form
 * "ID STEP NSTEPS started|done" are read too. */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/file.h"
#include "libcore/xalloc.h"
#include "repl/lesson/progress.h"
#include "repl/xdg.h"

#define MAX_FILE (1 << 20)

struct entry {
	char id[80];
	struct progress p;
	char *raw;		/* a line not understood: written back as it was */
};

struct table {
	struct entry *e;
	size_t n;
};

static bool warned;

static void
warn_once(FILE *warn, const char *msg)
{
	if (warned || !warn)
		return;
	warned = true;
	fprintf(warn, "cryptolab: warning: lesson progress: %s\n", msg);
}

char *
progress_path(void)
{
	return xdg_file(XDG_STATE, "progress", true);
}

static bool
parse_line(const char *line, struct entry *x)
{
	char state[16], extra;
	int n;

	memset(x, 0, sizeof *x);
	n = sscanf(line, "%79s %d %d %d %15s %c", x->id, &x->p.step, &x->p.nsteps, &x->p.block, state, &extra);
	if (n != 5) {
		/* the older form, without the block */
		x->p.block = 0;
		if (sscanf(line, "%79s %d %d %15s %c", x->id, &x->p.step, &x->p.nsteps, state, &extra) != 4)
			return false;
	}
	if (x->p.nsteps < 1 || x->p.step < 1 || x->p.step > x->p.nsteps || x->p.block < 0 || x->p.block > 100000)
		return false;
	if (strcmp(state, "started") == 0)
		return true;
	if (strcmp(state, "done") == 0) {
		x->p.done = x->p.at_end = true;
		return true;
	}
	if (strcmp(state, "replaying") == 0) {
		x->p.done = true;
		return true;
	}
	return false;
}

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->e[i].raw);
	free(t->e);
	t->e = NULL;
	t->n = 0;
}

/* Read the table. A line not understood is kept raw, and said once. */
static void
load(struct table *t, const char *path, FILE *warn)
{
	char *data, *line;
	size_t n;
	struct cl_error err;
	int ln = 0;

	t->e = NULL;
	t->n = 0;
	if (!path)
		return;
	if (file_read(path, MAX_FILE, &data, &n, &err) < 0) {
		if (err.code != GPG_ERR_ENOENT)
			warn_once(warn, err.msg);
		return;
	}
	for (line = data; line < data + n;) {
		char *end = memchr(line, '\n', (size_t)(data + n - line));
		struct entry x;

		if (end)
			*end = '\0';
		ln++;
		if (line[0] && line[0] != '#') {
			if (!parse_line(line, &x)) {
				char *msg = xasprintf("line %d of '%s' is not in a form cryptolab wrote: "
						      "it is kept as it is", ln, path);

				warn_once(warn, msg);
				free(msg);
				memset(&x, 0, sizeof x);
				x.raw = xstrdup(line);
			}
			t->e = xreallocarray(t->e, t->n + 1, sizeof *t->e);
			t->e[t->n++] = x;
		}
		line = end ? end + 1 : data + n;
	}
	free(data);
}

struct progress
progress_get(const char *id, FILE *warn)
{
	char *path = progress_path();
	struct table t;
	struct progress p = { 0 };

	load(&t, path, warn);
	for (size_t i = 0; i < t.n; i++)
		if (!t.e[i].raw && strcmp(t.e[i].id, id) == 0)
			p = t.e[i].p;
	table_free(&t);
	free(path);
	return p;
}

bool
progress_any(void)
{
	char *path = progress_path();
	struct table t;
	bool any;

	load(&t, path, NULL);
	any = t.n > 0;
	table_free(&t);
	free(path);
	return any;
}

int
progress_set(const char *id, struct progress p, FILE *warn)
{
	char *path = progress_path(), *text = NULL;
	size_t len = 0, i;
	struct table t = { 0 };
	struct cl_error err;
	FILE *m;
	int rc = -1;

	if (!path) {
		if (warn && !warned)
			fprintf(warn, "cryptolab: warning: no state directory ($XDG_STATE_HOME or $HOME): "
				"lesson progress is not kept\n");
		warned = true;
		return -1;
	}
	if (strlen(id) >= sizeof t.e->id)
		goto leave;
	load(&t, path, warn);
	for (i = 0; i < t.n && (t.e[i].raw || strcmp(t.e[i].id, id) != 0); i++)
		;
	if (i == t.n) {
		t.e = xreallocarray(t.e, t.n + 1, sizeof *t.e);
		memset(&t.e[i], 0, sizeof t.e[i]);
		t.n++;
		snprintf(t.e[i].id, sizeof t.e[i].id, "%s", id);
	}
	p.done |= t.e[i].p.done;	/* finishing is for good */
	p.step = p.step < 1 ? 1 : p.step > p.nsteps ? p.nsteps : p.step;
	t.e[i].p = p;
	if (!(m = open_memstream(&text, &len)))
		xalloc_die();
	fputs("# cryptolab lesson progress: id, step, steps, block, started / done / replaying\n", m);
	for (i = 0; i < t.n; i++) {
		const struct progress *q = &t.e[i].p;

		if (t.e[i].raw)
			fprintf(m, "%s\n", t.e[i].raw);
		else
			fprintf(m, "%s %d %d %d %s\n", t.e[i].id, q->step, q->nsteps, q->block,
				!q->done ? "started" : q->at_end ? "done" : "replaying");
	}
	fclose(m);
	/* private, and never through a link: file_write's temp file and rename */
	if (file_write(path, text, len, 0600, true, &err) < 0) {
		if (warn && !warned)
			fprintf(warn, "cryptolab: warning: cannot save the lesson progress: %s\n", err.msg);
		warned = true;
		goto leave;
	}
	rc = 0;
leave:
	free(text);
	table_free(&t);
	free(path);
	return rc;
}
