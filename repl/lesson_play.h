/* The lesson player inside the shell: the state of the lesson that runs, and
 * the lesson commands (`next`, `hint`, ...) that repl/builtins/lesson.c
 * declares. */
#ifndef CL_LESSON_PLAY_H
#define CL_LESSON_PLAY_H

#include <stddef.h>
#include "libcore/error.h"

struct session;

enum lesson_cmd {
	LC_LESSONS, LC_LESSON, LC_NEXT, LC_BACK, LC_GOTO, LC_AGAIN, LC_HINT, LC_SOLUTION,
	LC_SKIP, LC_WHERE, LC_LEAVE, LC_RESTART,
};

struct value;
struct lsrc;

/* A check or feedback condition: 1 true, 0 false, -1 error (ERR filled). */
int lesson_holds(struct session *s, const char *expr, struct cl_error *err);
/* Did the lesson's line SRC turn out as the lesson says (it works, or it
 * fails with SRC->fails)? RC and ERR are what running it gave. 0 yes, -1
 * with WHY saying how not. --check-lesson and the player share it. */
int lesson_outcome(const struct lsrc *src, int rc, const struct cl_error *err, struct cl_error *why);
/* "FILE:LINE: error: MSG" on the session's error stream. */
void lesson_print_error(struct session *s, const char *path, int line, const struct cl_error *err);

int lesson_command(struct session *s, enum lesson_cmd c, const char *arg, struct cl_error *err);

#endif
