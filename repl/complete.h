/* TAB completion for readline, from the builtin table: builtins, namespaces
 * (`fernet.` then TAB lists the members), variables and their fields,
 * commands, what each command's entry offers after its word (lesson names
 * after `lesson `), and file names inside a string. */
#ifndef CL_COMPLETE_H
#define CL_COMPLETE_H

struct session;

void complete_init(struct session *s);
/* The candidates for TEXT with the LINE before it (the part before the word):
 * a malloc'ed NULL-terminated array of malloc'ed strings, or NULL for file
 * names. Exposed for the tests. */
char **complete_candidates(struct session *s, const char *before, const char *text);

/* For the table's completion callbacks (complete_fn, builtin.h): offer
 * WORD+SUFFIX when WORD starts with PREFIX; or ask for file names. */
struct completions;
void completions_add(struct completions *c, const char *prefix, const char *word, const char *suffix);
void completions_files(struct completions *c);
/* The callbacks the shell's own commands use: `help NAME`, a file name. */
void complete_help(struct session *s, const char *text, struct completions *out);
void complete_files(struct session *s, const char *text, struct completions *out);

#endif
