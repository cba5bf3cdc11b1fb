/* Where lessons are: the build tree when cryptolab runs uninstalled,
 * $(pkgdatadir)/lessons when installed, and the student's own in
 * $XDG_DATA_HOME/cryptolab/lessons (default ~/.local/share). */
#ifndef CL_LESSON_FIND_H
#define CL_LESSON_FIND_H

#include <stdbool.h>
#include <stdio.h>
#include "libcore/error.h"

struct lesson_entry {
	char *id, *path, *title;
	char *next;		/* its next: lesson, or NULL */
	int minutes, nsteps;
	bool user;		/* from the student's own directory */
	bool shadowed;		/* a user lesson with a built-in lesson's id: not used */
	char *error;		/* a file that does not load: "FILE:LINE: error: ...", and
				 * its id is its file's name; NULL when it loads */
};

/* The directory of the built-in lessons (static storage). */
const char *lesson_builtin_dir(void);
/* The student's lesson directory, malloc'ed (it may not exist), or NULL. */
char *lesson_user_dir(void);
/* Every lesson, built-in ones first, each list in the order of the course:
 * a lesson that no other names as its next: starts a chain (such starts by
 * id), and its next: lesson comes right after it. A user lesson
 * with the id of a built-in one is marked shadowed and reported on WARN (when
 * not NULL); a file that does not load is listed with its error, never
 * played. */
size_t lesson_find_all(struct lesson_entry **out, FILE *warn);
void lesson_entries_free(struct lesson_entry *e, size_t n);
/* ID_OR_PATH to a file: a path (with a '/' or ending in .lesson or .md) as it
 * is, an id looked up; an unknown id fails with the nearest one suggested. */
int lesson_resolve(const char *id_or_path, char **path, FILE *warn, struct cl_error *err);

#endif
