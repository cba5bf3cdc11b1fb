/* The progress store. Every change reads the file, changes one line and
 * writes it all back (temp file + rename): two shells open at once lose at
 * most each other's latest step, never the file. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1	/* asprintf */
#endif
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libcore/xalloc.h"
#include "repl/lesson/progress.h"
#include "repl/xdg.h"

struct entry {
	char id[80];
	struct progress p;
};

struct table {
	struct entry *e;
	size_t n;
};

static bool warned;

static void
warn_once(FILE *warn, const char *path, const char *why)
{
	if (warned || !warn)
		return;
	warned = true;
	fprintf(warn, "warning: the lesson progress in '%s' %s; starting afresh\n", path, why);
}

char *
progress_path(void)
{
	return xdg_file(XDG_STATE, "progress", true);
}

/* Read the table; a corrupt file gives an empty table and one warning. */
static void
load(struct table *t, const char *path, FILE *warn)
{
	FILE *f;
	char line[256];
	int ln = 0;

	t->e = NULL;
	t->n = 0;
	if (!path || !(f = fopen(path, "r"))) {
		if (path && errno != ENOENT)
			warn_once(warn, path, "cannot be read");
		return;
	}
	while (fgets(line, sizeof line, f)) {
		struct entry x;
		char state[16], extra;

		ln++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		memset(&x, 0, sizeof x);
		if (!strchr(line, '\n')
		    || sscanf(line, "%79s %d %d %15s %c", x.id, &x.p.step, &x.p.nsteps, state, &extra) != 4
		    || x.p.nsteps < 1 || x.p.step < 1 || x.p.step > x.p.nsteps
		    || (strcmp(state, "done") != 0 && strcmp(state, "started") != 0)) {
			warn_once(warn, path, "is not in a form cryptolab wrote");
			free(t->e);
			t->e = NULL;
			t->n = 0;
			break;
		}
		x.p.done = state[0] == 'd';
		t->e = xrealloc(t->e, (t->n + 1) * sizeof *t->e);
		t->e[t->n++] = x;
	}
	fclose(f);
}

struct progress
progress_get(const char *id, FILE *warn)
{
	char *path = progress_path();
	struct table t;
	struct progress p = { 0 };

	load(&t, path, warn);
	for (size_t i = 0; i < t.n; i++)
		if (strcmp(t.e[i].id, id) == 0)
			p = t.e[i].p;
	free(t.e);
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
	free(t.e);
	free(path);
	return any;
}

int
progress_set(const char *id, int step, int nsteps, bool done, FILE *warn)
{
	char *path = progress_path(), *tmp = NULL;
	struct table t = { 0 };
	FILE *f = NULL;
	size_t i;
	int rc = -1;

	if (!path) {
		if (warn && !warned)
			fprintf(warn, "warning: no state directory ($XDG_STATE_HOME or $HOME): "
				"lesson progress is not kept\n");
		warned = true;
		return -1;
	}
	if (strlen(id) >= sizeof t.e->id)
		goto leave;
	load(&t, path, warn);
	for (i = 0; i < t.n && strcmp(t.e[i].id, id) != 0; i++)
		;
	if (i == t.n) {
		t.e = xrealloc(t.e, (t.n + 1) * sizeof *t.e);
		t.n++;
		snprintf(t.e[i].id, sizeof t.e[i].id, "%s", id);
	}
	t.e[i].p.step = step < 1 ? 1 : step > nsteps ? nsteps : step;
	t.e[i].p.nsteps = nsteps;
	t.e[i].p.done = done;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		tmp = NULL;
		goto leave;
	}
	if (!(f = fopen(tmp, "w")))
		goto fail;
	fputs("# cryptolab lesson progress: id, step, steps, started or done\n", f);
	for (i = 0; i < t.n; i++)
		fprintf(f, "%s %d %d %s\n", t.e[i].id, t.e[i].p.step, t.e[i].p.nsteps,
			t.e[i].p.done ? "done" : "started");
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto fail;
	if (fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		goto fail;
	rc = 0;
	goto leave;
fail:
	if (warn)
		fprintf(warn, "warning: cannot save the lesson progress in '%s': %s\n", path, strerror(errno));
	if (f)
		fclose(f);
	unlink(tmp);
leave:
	free(tmp);
	free(t.e);
	free(path);
	return rc;
}
