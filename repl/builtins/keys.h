/* The key object: one object type for every real key (libcore/pkey.h), RSA
 * and EC alike, so that rsa.*, ec.*, save/load and the certificates take any
 * key, or its PEM text (the type's coerce hook reads it). Also the
 * `explain=true` printer the key builtins share. */
#ifndef CL_KEYS_H
#define CL_KEYS_H

#include <stdarg.h>
#include <stdbool.h>
#include "libcore/pkey.h"
#include "repl/builtins/builtin.h"
#include "repl/value.h"

/* Its name in messages is "key": "'pub' must be a key or text, not ...". */
extern const struct objtype key_type;

/* A key value holding K (takes the reference). */
struct value *key_value(struct pkey *k);
/* The key of a key value (borrowed). */
struct pkey *key_of(const struct value *v);

/* The key of argument I (already a key: its parameter has .obj = &key_type).
 * With NEED_PRIVATE a public key is refused, naming the builtin and the
 * parameter. */
int key_arg(struct call *c, int i, bool need_private, struct pkey **out);

/* The parameters of the builtins that take keys: a key, or its PEM text
 * (key_type's coerce hook reads it), and explain= (absent: true in a lesson,
 * see key_explaining). */
#define KEY_PARAM(nm) { .name = nm, .types = T_OBJ | T_DATA, .obj = &key_type }
#define EXPLAIN_PARAM { .name = "explain", .types = T_BOOL, .optional = true }

/* When the call has a true `explain` argument: print "the same with
 * openssl:" and each line of FMT (newline-separated commands) as "$ ...". */
void key_explain(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same printed unconditionally, for callers with their own explain=
 * rule (cert.*); with NOTES, a line that starts with '#' is a note, shown
 * dim, not a command. */
void key_vexplain(struct session *s, bool notes, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
bool key_explaining(const struct call *c);
/* One command of an explanation, "  $ LINE": on a terminal narrower than the
 * line, broken before its options with the shell's " \" continuation (it
 * still pastes as one command); in a pipe or a transcript, on one line. */
void key_command_line(struct session *s, const char *line);

/* Text when BYTES are UTF-8 without control characters other than
 * newlines and tabs, bytes otherwise (a decrypted message). */
struct value *key_message_value(const unsigned char *p, size_t n);

#endif
