/* `help` and `help NAME`, drawn from the builtin table. */
#ifndef CL_HELP_H
#define CL_HELP_H

#include <stdio.h>
#include "libcore/error.h"

struct session;
struct builtin;

void help_overview(struct session *s);
int help_topic(struct session *s, const char *name, struct cl_error *err);
/* "gcd(a, b)" or "lesson ID" */
void help_usage(FILE *out, const struct builtin *b);

#endif
