/* Lesson discovery. Lessons are few and small, so every listing parses them
 * all: the titles and step counts shown are then always those of the files. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1	/* asprintf */
#endif
#include <config.h>
#include <dirent.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libcore/xalloc.h"
#include "repl/lesson/find.h"
#include "repl/lesson/format.h"
#include "repl/render.h"
#include "repl/suggest.h"
#include "repl/xdg.h"

/* S is more than SUFFIX: "x.lesson", not ".lesson". */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Run from a build tree (its directory holds the Makefile that built it), the
 * lessons are those of the source tree beside it, not an older installed
 * copy; installed, they are in pkgdatadir. */
const char *
lesson_builtin_dir(void)
{
	static char dir[PATH_MAX];
	static const char src[] = ABS_TOP_SRCDIR "/lessons";
	static const char inst[] = PKGDATADIR "/lessons";
	char exe[PATH_MAX], mk[PATH_MAX + 16];
	ssize_t n;

	if (dir[0])
		return dir;
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(mk, sizeof mk, "%s/Makefile", exe);
		if (access(mk, F_OK) == 0 && is_dir(src)) {
			snprintf(dir, sizeof dir, "%s", src);
			return dir;
		}
	}
	snprintf(dir, sizeof dir, "%s", is_dir(inst) || !is_dir(src) ? inst : src);
	return dir;
}

char *
lesson_user_dir(void)
{
	return xdg_file(XDG_DATA, "lessons", false);
}

static int
by_id(const void *a, const void *b)
{
	const struct lesson_entry *x = a, *y = b;

	return strcmp(x->id, y->id);
}

/* The entry of E[0..N) with the id ID, not yet placed, or -1. */
static long
unplaced(const struct lesson_entry *e, size_t n, const bool *placed, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (!placed[i] && strcmp(e[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* E[0..N), sorted by id, put in the order of the course: each lesson that no
 * other names as its next: begins a chain, followed by its next:, its next's
 * next:, and so on (welcome, fernet, dh-paint... rather than the alphabet's
 * certificates first and welcome last); what a cycle leaves, by id. */
static void
course_order(struct lesson_entry *e, size_t n)
{
	struct lesson_entry *sorted = xcalloc(n ? n : 1, sizeof *sorted);
	bool *placed = xcalloc(n ? n : 1, sizeof *placed);
	size_t k = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			bool named = false;

			for (size_t j = 0; j < n && pass == 0; j++)
				named |= j != i && e[j].next && strcmp(e[j].next, e[i].id) == 0;
			if (placed[i] || named)
				continue;
			for (long c = (long)i; c >= 0; c = unplaced(e, n, placed, e[c].next)) {
				placed[c] = true;
				sorted[k++] = e[c];
			}
		}
	memcpy(e, sorted, n * sizeof *e);
	free(sorted);
	free(placed);
}

static void
scan(const char *dir, bool user, struct lesson_entry **out, size_t *n, FILE *warn)
{
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	size_t first = *n;

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct lesson *l;
		struct cl_error err;
		char *path;
		int line;
		struct stat st;

		if (!ends_with(de->d_name, ".lesson") || de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		/* only files: opening a FIFO named x.lesson would wait for a writer */
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		if (lesson_load(&l, path, &line, &err) < 0) {
			/* listed, with where it is broken: never played (the name and the
			 * message may hold anything: shown safe) */
			char *id = xstrndup(de->d_name, strlen(de->d_name) - strlen(".lesson"));
			char *why = line > 0 ? xasprintf("%s:%d: error: %s", path, line, err.msg)
					     : xasprintf("%s: error: %s", path, err.msg);

			(*out)[*n] = (struct lesson_entry){
				.id = render_escaped(id), .path = path,
				.title = xstrdup("(this lesson has an error)"), .user = user,
				.error = render_escaped(why),
			};
			free(id);
			free(why);
			(*n)++;
			continue;
		}
		(*out)[*n] = (struct lesson_entry){
			.id = xstrdup(l->id), .path = path, .title = render_escaped(l->title),
			.next = l->next ? xstrdup(l->next) : NULL,
			.minutes = l->minutes, .nsteps = (int)l->nsteps, .user = user,
		};
		(*n)++;
		lesson_free(l);
	}
	closedir(d);
	qsort(*out + first, *n - first, sizeof **out, by_id);
	course_order(*out + first, *n - first);
}

size_t
lesson_find_all(struct lesson_entry **out, FILE *warn)
{
	char *udir = lesson_user_dir();
	size_t n = 0, nbuiltin;

	*out = NULL;
	scan(lesson_builtin_dir(), false, out, &n, warn);
	nbuiltin = n;
	if (udir && strcmp(udir, lesson_builtin_dir()) != 0)
		scan(udir, true, out, &n, warn);
	free(udir);
	for (size_t i = nbuiltin; i < n; i++)
		for (size_t j = 0; j < nbuiltin; j++)
			if (!(*out)[i].error && strcmp((*out)[i].id, (*out)[j].id) == 0) {
				(*out)[i].shadowed = true;
				if (warn)
					fprintf(warn, "warning: your lesson '%s' has the id '%s' of a built-in "
						"lesson, which is the one played; play yours with "
						"`lesson %s`, or change its id\n",
						(*out)[i].path, (*out)[i].id, (*out)[i].path);
			}
	return n;
}

void
lesson_entries_free(struct lesson_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].id);
		free(e[i].path);
		free(e[i].title);
		free(e[i].next);
		free(e[i].error);
	}
	free(e);
}

/* A path as the shell would take it: "~/x" and "~user/x" in a home. */
static char *
expand_tilde(const char *path)
{
	const char *rest = path + 1 + strcspn(path + 1, "/"), *home = NULL;
	char *user;
	struct passwd *pw;

	if (path[0] != '~')
		return xstrdup(path);
	if (rest == path + 1) {
		home = getenv("HOME");
		if (!home || !*home)
			home = (pw = getpwuid(getuid())) ? pw->pw_dir : NULL;
	} else {
		user = xstrndup(path + 1, (size_t)(rest - path - 1));
		home = (pw = getpwnam(user)) ? pw->pw_dir : NULL;
		free(user);
	}
	return home ? xasprintf("%s%s", home, rest) : xstrdup(path);
}

int
lesson_resolve(const char *name, char **path, FILE *warn, struct cl_error *err)
{
	struct lesson_entry *e;
	size_t n;
	const char **ids;
	const char *near;
	int rc = -1;

	*path = NULL;
	if (!*name)
		return cl_fail(err, GPG_ERR_INV_ARG, "which lesson? `lessons` lists them");
	if (strchr(name, '/') || ends_with(name, ".lesson") || ends_with(name, ".md")) {
		*path = expand_tilde(name);
		return 0;
	}
	n = lesson_find_all(&e, NULL);
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].id, name) == 0 && !e[i].shadowed) {
			*path = xstrdup(e[i].path);
			rc = 0;
		} else if (strcmp(e[i].id, name) == 0 && warn) {
			fprintf(warn, "warning: your lesson '%s' has the same id as this built-in one; "
				"play yours with `lesson %s`\n", e[i].path, e[i].path);
		}
	if (rc < 0) {
		ids = xcalloc(n + 1, sizeof *ids);
		for (size_t i = 0; i < n; i++)
			ids[i] = e[i].id;
		near = suggest_from(name, ids, n);
		if (near)
			cl_fail(err, GPG_ERR_NOT_FOUND, "there is no lesson '%s'; did you mean '%s'?", name, near);
		else if (n)
			cl_fail(err, GPG_ERR_NOT_FOUND, "there is no lesson '%s': `lessons` lists them", name);
		else
			cl_fail(err, GPG_ERR_NOT_FOUND, "there is no lesson '%s', and no lessons were found in "
				"'%s'", name, lesson_builtin_dir());
		free(ids);
	}
	lesson_entries_free(e, n);
	return rc;
}
