/* Where each student is in each lesson, kept across runs in
 * $XDG_STATE_HOME/cryptolab/progress (default ~/.local/state). The file is
 * small text, one line a lesson, rewritten whole through a temporary file and
 * rename(), mode 0600, so a crash never leaves half a file; a line it does
 * not understand is kept as it is and said once, never dropped. */
#ifndef CL_PROGRESS_H
#define CL_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct progress {
	int step;		/* 1-based: the step the student is at (0: never started) */
	int nsteps;
	int block;		/* 0-based: the block of the step to play next (a task, a quiz) */
	bool done;		/* finished at least once: for good, replaying does not undo it */
	bool at_end;		/* the last play went to the end (a new play starts over) */
};

/* The record for ID (all zero when the lesson was never started). A missing
 * file is no progress; an unreadable one is reported once on WARN (which may
 * be NULL). */
struct progress progress_get(const char *id, FILE *warn);
/* Record P for ID (P->done is kept once set: finishing is for good): 0, or -1
 * after a warning on WARN. */
int progress_set(const char *id, struct progress p, FILE *warn);
/* Has any lesson ever been started? */
bool progress_any(void);
/* For tests: the path of the file (malloc'ed), NULL without a state dir. */
char *progress_path(void);

#endif
