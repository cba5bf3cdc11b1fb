/* Where each student is in each lesson, kept across runs in
 * $XDG_STATE_HOME/cryptolab/progress (default ~/.local/state). The file is
 * small text, one line a lesson, rewritten whole through a temporary file and
 * rename(), so a crash never leaves half a file. */
#ifndef CL_PROGRESS_H
#define CL_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct progress {
	int step;		/* 1-based: the step the student is at (or ended on) */
	int nsteps;
	bool done;
};

/* The record for ID (all zero when the lesson was never started). A missing
 * file is no progress; an unreadable or corrupt one is reported once on WARN
 * (which may be NULL) and read as no progress. */
struct progress progress_get(const char *id, FILE *warn);
/* Record ID at STEP of NSTEPS (DONE at the end): 0, or -1 after a warning on
 * WARN. */
int progress_set(const char *id, int step, int nsteps, bool done, FILE *warn);
/* Has any lesson ever been started? */
bool progress_any(void);
/* For tests: the path of the file (malloc'ed), NULL without a state dir. */
char *progress_path(void);

#endif
