/* The shell tests itself, as jq does with --run-tests: golden transcripts
 * (tests/transcripts/NAME.t) and every example of the builtin table. Both print
 * TAP for automake's harness. */
#ifndef CL_SELFTEST_H
#define CL_SELFTEST_H

/* Returns the exit status: 0 when every test passed. */
int selftest_transcripts(int nfiles, char *const *files);
int selftest_examples(void);

/* Run SRC in S with its output captured: stdout as is, then each line of
 * stderr prefixed by "! " (the transcript format). Returns a malloc'ed text. */
struct session;
char *selftest_capture(struct session *s, const char *src, int *failed);

#endif
