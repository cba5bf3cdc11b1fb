/* Long or foreign work in a forked child: the design's second mechanism. The
 * child computes and writes its answer to a pipe; the parent waits with
 * poll(), so Ctrl-C (libcore/interrupt.h's flag) or a time limit kills the
 * child at once (SIGKILL), and whatever the child does wrong (a library that
 * longjmps, aborts or runs out of stack) ends only the child. The attacks
 * (PARI), and any job that cannot poll the interrupt flag, run this way. */
#ifndef CL_CHILD_H
#define CL_CHILD_H

#include <stddef.h>
#include <stdio.h>
#include "libcore/error.h"

/* The job, run in the child: write the answer to OUT (any bytes) and return
 * 0, or return -1 with ERR filled. */
typedef int child_fn(void *ctx, FILE *out, struct cl_error *err);

/* Run FN(CTX) in a child. 0 with *RESULT (malloc'ed, NUL-terminated, *N bytes
 * without the NUL) holding what it wrote; -1 with ERR: the job's own error,
 * "interrupted" (GPG_ERR_CANCELED) after Ctrl-C, "gave up after S seconds"
 * (GPG_ERR_TIMEOUT) when SECONDS > 0 ran out, or a clear word when the child
 * died. WHAT names the job in those messages ("factoring"). */
int child_run(const char *what, child_fn *fn, void *ctx, double seconds, char **result, size_t *n,
	      struct cl_error *err);

#endif
