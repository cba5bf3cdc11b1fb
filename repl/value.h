/* Values of the cryptolab language. Every value is immutable and reference
 * counted, so a lesson can snapshot the session's variables by copying
 * pointers, and `back` really rewinds. */
#ifndef CL_VALUE_H
#define CL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <gmp.h>
#include "libcore/error.h"
#include "repl/utf8.h"	/* text values must be valid UTF-8 */

/* The largest text, bytes and list a student can make: 64 MiB (a list of
 * 8 Mi items is 64 MiB of pointers alone). */
#define VALUE_MAX_BYTES (64u << 20)
#define VALUE_MAX_LIST (8u << 20)
/* Lists inside lists, at most this deep: `x = [x]` again and again stops
 * here. (Everything in this file walks lists without recursion all the
 * same: a builtin may build deeper ones.) */
#define VALUE_MAX_DEPTH 1000

enum vtype {
	V_NIL,		/* "nothing": what a builtin that only prints returns */
	V_INT,
	V_STR,		/* text: valid UTF-8, may hold NUL, length carried */
	V_BYTES,
	V_BOOL,
	V_LIST,
	V_OBJ,		/* a typed object that a module adds: key, token, colour */
	V_BUILTIN,	/* a builtin function, `gcd` typed without a call */
	V_NAMESPACE,	/* `fernet` */
};

struct value;
struct builtin;
struct builtin_ns;
struct session;

/* A module's object type: one static table per kind of object. */
struct objtype {
	const char *name;	/* in messages: "fernet key" */
	/* With a coerce hook: what an argument of this type may be, for the
	 * message when it is none of them ("a fernet key (its 44 characters of
	 * text), a list of keys or a fernet key list"). */
	const char *accepts;
	void (*free)(void *data);
	/* Read obj.NAME: 0 with *OUT set, or -1 with ERR filled. */
	int (*field)(const void *data, const char *name, struct value **out, struct cl_error *err);
	const char *const *fields;	/* NULL-terminated: for completion and help */
	/* A short readable summary, one or a few lines, no trailing newline. */
	void (*show)(const void *data, FILE *out);
	/* The same for a session, which says whether there is colour: the
	 * prompt uses it instead of show when it is set (a paint's swatch).
	 * Plain output must still be exact without colour. NULL: show. */
	void (*show_in)(const void *data, const struct session *s, FILE *out);
	/* Two objects of this type with the same content (a paint mixed two
	 * ways, a group made twice): `==` is true. NULL: only the same object. */
	bool (*equal)(const void *a, const void *b);
	/* "An object, or its text/PEM form": turn V (not of this type) into one
	 * of this type, once, in builtin_call, for a parameter whose .obj is this
	 * type. 0 with *OUT set; -1 with ERR filled (V was meant as one and is
	 * wrong: a key's text that does not parse); 1 when V's type is not one
	 * this type can come from (the usual "must be ..." message follows).
	 * NULL: no conversion. */
	int (*coerce)(const struct value *v, struct value **out, struct cl_error *err);
	/* A live object (a listening server, a connection): stop it, releasing
	 * what it holds outside memory. The object stays a valid (closed) value
	 * until freed. Called when restoring a snapshot drops the object, when
	 * the last reference goes, and at exit. NULL for plain data. */
	void (*close)(void *data);
};

struct value {
	enum vtype type;
	unsigned refs;
	unsigned depth;		/* a list: 1 + the depth of its deepest item; else 0 */
	union {
		mpz_t z;
		struct { char *p; size_t n; } s;	/* V_STR and V_BYTES; p[n] == 0 */
		bool b;
		struct { struct value **items; size_t n; } list;
		struct { const struct objtype *type; void *data; } obj;
		const struct builtin *fn;
		const struct builtin_ns *ns;
	} u;
};

struct value *value_nil(void);
struct value *value_int(const mpz_t z);		/* copies */
struct value *value_int_si(long n);
struct value *value_int_take(mpz_t z);		/* takes z over, z is left cleared */
struct value *value_str(const char *p, size_t n);
struct value *value_cstr(const char *s);
struct value *value_bytes(const void *p, size_t n);
struct value *value_bool(bool b);
struct value *value_list(struct value **items, size_t n);	/* takes the references */
struct value *value_obj(const struct objtype *type, void *data);
struct value *value_builtin(const struct builtin *fn);
struct value *value_namespace(const struct builtin_ns *ns);

struct value *value_ref(struct value *v);
void value_unref(struct value *v);

/* "a" or "an" before WORD, the one place the rule is kept. */
const char *value_article(const char *word);
/* Close every live object (a type with a close hook) that is not reachable
 * from KEEP[0..N-1] (NULL entries skipped): restoring a snapshot; N = 0 at
 * exit closes them all. */
void value_close_live_except(struct value *const *keep, size_t n);
size_t value_live_count(void);	/* open live objects, for tests */
/* "an integer", "text", "bytes", ..., or the object type's name with an article */
const char *value_type_name(const struct value *v);
bool value_is_obj(const struct value *v, const struct objtype *type);
/* Equal values: lists item by item (without recursion), objects when they
 * are the same object. Stops early, with a meaningless answer, once Ctrl-C
 * has set cl_interrupted: a caller checks the flag after (a list of 8 Mi
 * copies of a 64 MiB text takes long to compare). */
bool value_equal(const struct value *a, const struct value *b);

#endif
