/* "did you mean ...?": the nearest known name by edit distance. */
#ifndef CL_SUGGEST_H
#define CL_SUGGEST_H

#include <stddef.h>

struct session;

/* The candidate nearest to NAME, or NULL when none is close enough. */
const char *suggest_from(const char *name, const char *const *cands, size_t n);
/* Among variables, builtins, namespaces and commands: malloc'ed or NULL. */
char *suggest_name(struct session *s, const char *name);
/* Among the members of a namespace or builtin BASE ("fernet", "egcd"). */
char *suggest_member(const char *base, const char *name);

#endif
