/* Placeholder until the lesson engine lands: every entry point says so. */
#include <config.h>
#include <stdlib.h>
#include "repl/lesson.h"
#include "repl/session.h"

int
lesson_check_files(struct session *s, int nfiles, char *const *files)
{
	fprintf(s->errout, "cryptolab: lessons are not available yet\n");
	return 1;
}

int
lesson_start(struct session *s, const char *id, const struct lesson_opts *o, struct cl_error *err)
{
	return cl_fail(err, GPG_ERR_NOT_IMPLEMENTED, "lessons are not available yet");
}

const char *
lesson_prompt(struct session *s)
{
	return NULL;
}

char **
lesson_ids(void)
{
	return calloc(1, sizeof(char *));
}

bool
lesson_first_time(void)
{
	return false;
}

void
lesson_end(struct session *s)
{
}

void
record_input(struct session *s, const char *line)
{
}

int
record_open(struct session *s, const char *path, struct cl_error *err)
{
	return cl_fail(err, GPG_ERR_NOT_IMPLEMENTED, "recording is not available yet");
}
