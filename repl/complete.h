/* TAB completion for readline, from the builtin table: builtins, namespaces
 * (`fernet.` then TAB lists the members), variables and their fields,
 * commands, lesson names after `lesson `, and file names inside a string. */
#ifndef CL_COMPLETE_H
#define CL_COMPLETE_H

struct session;

void complete_init(struct session *s);
/* The candidates for TEXT with the LINE before it (the part before the word):
 * a malloc'ed NULL-terminated array of malloc'ed strings, or NULL for file
 * names. Exposed for the tests. */
char **complete_candidates(struct session *s, const char *before, const char *text);

#endif
