/* The lesson engine as the rest of the shell sees it. Inside repl/lesson/:
 * format.c parses a .lesson file (lessons/FORMAT.md), play.c is the player's
 * state machine, show.c what it draws, commands.c the lesson commands and
 * their table, find.c where lessons are, progress.c where each student is,
 * check.c --check-lesson. */
#ifndef CL_LESSON_H
#define CL_LESSON_H

#include <stdbool.h>
#include "libcore/error.h"

struct session;

struct lesson_opts {
	bool auto_play;		/* --auto: play unattended to the end */
	double delay;		/* --delay SECONDS between typed lines in --auto */
	bool present;		/* --present: projector view */
	int step;		/* --step N: start at step N (1-based; 0: step 1, or where
				 * the student left it) */
};

/* --check-lesson FILE...: validate each file; returns the exit status. */
int lesson_check_files(struct session *s, int nfiles, char *const *files);
/* `lesson ID` and --lesson ID: start or resume (ID may be a path). With
 * o->auto_play the whole lesson plays and the exit status is returned. */
int lesson_start(struct session *s, const char *id, const struct lesson_opts *o,
		 struct cl_error *err);
/* The prompt while a lesson runs ("welcome 2/7> "), or NULL. */
const char *lesson_prompt(struct session *s);
/* Ids of every lesson found, for completion: malloc'ed, NULL-terminated. */
char **lesson_ids(void);
/* True until the student has started any lesson: the banner then suggests
 * `lesson welcome`. */
bool lesson_first_time(void);
/* Free the player's state at exit. */
void lesson_end(struct session *s);

#endif
