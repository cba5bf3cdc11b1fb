/* The one table. Every builtin function and every shell command is declared
 * once, as an entry in its namespace's array (tmux's cmd_entry, Lua's
 * luaL_Reg): dispatch, argument checking, `help NAME`, tab completion and the
 * example tests (`make check` runs every .example and compares .expect) all
 * read it, so adding a builtin touches one file and a test. */
#ifndef CL_BUILTIN_H
#define CL_BUILTIN_H

#include <stdbool.h>
#include <gmp.h>
#include "libcore/error.h"
#include "repl/value.h"

struct session;

/* Accepted types of a parameter, or-ed. */
enum {
	T_INT = 1 << 0, T_STR = 1 << 1, T_BYTES = 1 << 2, T_BOOL = 1 << 3,
	T_LIST = 1 << 4, T_OBJ = 1 << 5,
	T_DATA = T_STR | T_BYTES,	/* a message: text or bytes */
	T_ANY = 0x3f,
};

#define MAX_PARAMS 8

struct param {
	const char *name;
	unsigned types;
	/* with T_OBJ: this object type only (NULL: any). When the type has a
	 * coerce hook, a value of another accepted type (a key's text) is
	 * converted before the handler runs, so the handler sees the object. */
	const struct objtype *obj;
	const char *def;	/* default, as an expression ("10"); NULL: required */
	bool optional;		/* absent and no default: the handler sees NULL */
	bool path;		/* a file name the builtin writes: in a lesson's own lines it
				 * must stay inside the lesson's working directory */
};

/* What an entry does beyond computing, or-ed in .flags. The session, the
 * lesson player, the selftest and help read these; nobody asks which table
 * a name sits in. */
enum {
	B_STEERS_LESSON = 1 << 0,	/* a lesson command (next, back...): refused in a lesson's
					 * own lines */
	B_STUDENT_ONLY = 1 << 1,	/* acts on the student's shell (quit, record): refused in
					 * a lesson's own lines */
	B_WRITES_FILES = 1 << 2,	/* writes files (its .path parameters): in a lesson's own
					 * lines, only inside the lesson's working directory */
	B_LISTENS = 1 << 3,		/* makes a live object (a server, a connection, a timer):
					 * loopback only in a lesson, and never replayed quietly */
	B_SEEDED = 1 << 4,		/* the example needs --seed 1 --now 1700000000 */
};

struct call {
	struct session *s;
	const struct builtin *b;
	struct value *arg[MAX_PARAMS];	/* in parameter order, types already checked */
	struct cl_error *err;
};

typedef int builtin_fn(struct call *c, struct value **out);
typedef int command_fn(struct session *s, const char *arg, struct cl_error *err);

/* What TAB offers after a command's word (`help fer`, `lesson w`): the
 * candidates for TEXT, given to completions_add (repl/complete.h), or
 * completions_files for file names. */
struct completions;
typedef void complete_fn(struct session *s, const char *text, struct completions *out);

struct builtin {
	const char *name;	/* full dotted name: "gcd", "egcd.steps", "fernet.encrypt" */
	struct param params[MAX_PARAMS];
	const char *summary;	/* one line, lower case, no full stop */
	const char *help;	/* one paragraph; reflowed when shown */
	const char *example;	/* statements, as typed at the prompt ("; " or newlines) */
	const char *expect;	/* exactly what the example prints */
	builtin_fn *fn;
	/* Shell commands are bare words at the start of a line; they get the
	 * rest of the line as ARG. Set .cmd instead of .fn. */
	command_fn *cmd;
	const char *usage;	/* commands: "lesson ID" */
	complete_fn *complete;	/* commands: what TAB offers after the word (NULL: nothing) */
	unsigned flags;		/* B_... */
};

struct builtin_ns {
	/* "" for the top level, "fernet", ...; two tables may share a name (the
	 * toy RSA keys in rsa.c and the real ones in rsa_real.c are both "rsa"):
	 * `help rsa` and the value `rsa` list both */
	const char *name;
	const char *key;	/* a top-level table's word for `help KEY` ("numbers"); a named
				 * namespace is its name */
	const char *topic;	/* heading in `help`: "Number theory" */
	const struct builtin *entries;	/* ends with an entry whose name is NULL */
};

/* The list of namespaces, ends with NULL. */
extern const struct builtin_ns *const builtin_namespaces[];

const struct builtin *builtin_find(const char *name);	/* full dotted name */
const struct builtin_ns *builtin_ns_find(const char *name);
bool builtin_is_command(const char *name);
/* The namespace whose table holds B. */
const struct builtin_ns *builtin_ns_of(const struct builtin *b);

/* 0, or -1 with ERR saying why when the session refuses B now (its flags
 * meet s->refuse: a lesson command in a lesson's own lines). */
int builtin_refused(struct session *s, const struct builtin *b, struct cl_error *err);

/* Call B with evaluated positional and keyword arguments: binds them to the
 * parameters, fills defaults, checks types, then runs the handler. */
int builtin_call(struct session *s, const struct builtin *b,
		 struct value **pos, size_t npos,
		 const char *const *kwname, struct value **kwval, size_t nkw,
		 struct value **out, struct cl_error *err);

/* Helpers for handlers. */
int arg_ulong(struct call *c, int i, unsigned long lo, unsigned long hi, unsigned long *out);
int arg_long(struct call *c, int i, long lo, long hi, long *out);
/* The end of a handler that computed the integer R with a libcore call
 * returning RC: on success *OUT takes R over, on failure R is cleared.
 * `mpz_init(r); return return_int(out, r, bigint_invmod(r, a, m, c->err));` */
int return_int(struct value **out, mpz_t r, int rc);
/* The bytes of a text or bytes argument. */
void arg_data(struct call *c, int i, const char **p, size_t *n);


#endif
