/* Dispatch from the one table: lookup, argument binding and checking. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/bigint.h"
#include "repl/builtins/builtin.h"
#include "repl/session.h"

/* Every namespace's table, each defined in its own file (repl/builtins/NAME.c,
 * the lesson commands in repl/lesson/commands.c), in the order `help` shows
 * them. A new namespace is one line here and one in topics.mk. */
extern const struct builtin_ns ns_numbers, ns_data, ns_clock, ns_fernet, ns_lesson, ns_shell;
extern const struct builtin_ns ns_files, ns_rsa, ns_rsa_real, ns_ec, ns_cert;
extern const struct builtin_ns ns_http, ns_https, ns_serve, ns_wire, ns_dhnet, ns_chat;
extern const struct builtin_ns ns_paint, ns_dh;

const struct builtin_ns *const builtin_namespaces[] = {
	&ns_numbers,
	&ns_data,
	&ns_files,
	&ns_fernet,
	&ns_paint,
	&ns_dh,
	&ns_rsa,
	&ns_rsa_real,
	&ns_ec,
	&ns_cert,
	&ns_http,
	&ns_https,
	&ns_serve,
	&ns_wire,
	&ns_dhnet,
	&ns_chat,
	&ns_clock,
	&ns_lesson,
	&ns_shell,
	NULL,
};

const struct builtin *
builtin_find(const char *name)
{
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
		for (const struct builtin *b = (*p)->entries; b->name; b++)
			if (strcmp(b->name, name) == 0)
				return b;
	return NULL;
}

const struct builtin_ns *
builtin_ns_find(const char *name)
{
	if (!*name)
		return NULL;
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

const struct builtin_ns *
builtin_ns_of(const struct builtin *b)
{
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
		for (const struct builtin *e = (*p)->entries; e->name; e++)
			if (e == b)
				return *p;
	return NULL;
}

bool
builtin_is_command(const char *name)
{
	const struct builtin *b = builtin_find(name);

	return b && b->cmd;
}

static const char *
type_words(unsigned types, const struct objtype *obj)
{
	static char buf[128];

	if (types == T_DATA)
		return "text or bytes";
	if (obj && obj->accepts && (types & T_OBJ))
		return obj->accepts;
	buf[0] = '\0';
	for (unsigned bit = 1; bit <= T_OBJ; bit <<= 1) {
		const char *w = NULL;

		switch (types & bit) {
		case T_INT: w = "an integer"; break;
		case T_STR: w = "text"; break;
		case T_BYTES: w = "bytes"; break;
		case T_BOOL: w = "true or false"; break;
		case T_LIST: w = "a list"; break;
		case T_OBJ: w = obj ? obj->name : "an object"; break;
		}
		if (!w)
			continue;
		if (buf[0])
			strcat(buf, " or ");
		if (types & bit & T_OBJ && obj) {
			strcat(buf, value_article(obj->name));
			strcat(buf, " ");
		}
		strncat(buf, w, sizeof buf - strlen(buf) - 8);
	}
	return buf;
}

static bool
type_ok(const struct param *p, const struct value *v)
{
	unsigned t;

	switch (v->type) {
	case V_INT: t = T_INT; break;
	case V_STR: t = T_STR; break;
	case V_BYTES: t = T_BYTES; break;
	case V_BOOL: t = T_BOOL; break;
	case V_LIST: t = T_LIST; break;
	case V_OBJ:
		return (p->types & T_OBJ) && (!p->obj || p->obj == v->u.obj.type);
	default: return false;
	}
	return (p->types & t) != 0;
}

static size_t
nparams(const struct builtin *b)
{
	size_t n = 0;

	while (n < MAX_PARAMS && b->params[n].name)
		n++;
	return n;
}

int
builtin_refused(struct session *s, const struct builtin *b, struct cl_error *err)
{
	unsigned hit = b->flags & s->refuse;
	const char *by = s->refused_by ? s->refused_by : "this";

	if (!hit)
		return 0;
	if (hit & B_STEERS_LESSON)
		return cl_fail(err, GPG_ERR_INV_STATE, "'%s' is a lesson command: %s cannot steer the lesson",
			       b->name, by);
	if (hit & B_STUDENT_ONLY)
		return cl_fail(err, GPG_ERR_INV_STATE, "'%s' acts on your own shell: %s cannot run it",
			       b->name, by);
	if (hit & B_LISTENS)
		return cl_fail(err, GPG_ERR_NOT_OPERATIONAL, "'%s' opens a server or a connection: %s do "
			       "not run it", b->name, by);
	return cl_fail(err, GPG_ERR_NOT_OPERATIONAL, "'%s' is not run by %s", b->name, by);
}

/* Would V do as P's argument (as it is, or through P's object type's coerce
 * hook)? */
static bool
fits(const struct param *p, const struct value *v)
{
	struct value *conv = NULL;
	struct cl_error ignored;
	int r;

	if (!(p->obj && p->obj->coerce && !value_is_obj(v, p->obj)))
		return type_ok(p, v);
	r = p->obj->coerce(v, &conv, &ignored);
	value_unref(conv);
	return r == 0;
}

/* Positional argument I does not fit its parameter: when it and another
 * positional argument would both fit the other's place, they were given the
 * wrong way round, and that is what to say ("first the key, then the data"). */
static bool
swapped(struct call *c, size_t i, size_t npos)
{
	const struct builtin *b = c->b;

	for (size_t j = 0; j < npos; j++) {
		const struct param *first = &b->params[i < j ? i : j], *second = &b->params[i < j ? j : i];

		if (j == i || !fits(&b->params[i], c->arg[j]) || !fits(&b->params[j], c->arg[i]))
			continue;
		/* "first the keys, then the token": right whatever the names' number */
		cl_fail(c->err, GPG_ERR_INV_ARG, "%s: the arguments are the wrong way round: first the %s, "
			"then the %s (type 'help %s')", b->name, first->name, second->name, b->name);
		return true;
	}
	return false;
}

/* A file name a builtin will write, while the session is confined: it must
 * stay inside the working directory. */
static int
path_ok(struct call *c, int i)
{
	const struct value *v = c->arg[i];
	const char *p = v->u.s.p;

	if (!c->s->confined || v->type != V_STR)
		return 0;
	if (p[0] == '/' || strcmp(p, "..") == 0 || strncmp(p, "../", 3) == 0 || strstr(p, "/../")
	    || (strlen(p) >= 3 && strcmp(p + strlen(p) - 3, "/..") == 0) || p[0] == '~')
		return cl_fail(c->err, GPG_ERR_EACCES, "%s: '%s' is outside the lesson's working directory: "
			       "a lesson writes only its own files", c->b->name, p);
	return 0;
}

int
builtin_call(struct session *s, const struct builtin *b,
	     struct value **pos, size_t npos,
	     const char *const *kwname, struct value **kwval, size_t nkw,
	     struct value **out, struct cl_error *err)
{
	struct call c = { .s = s, .b = b, .err = err };
	size_t np = nparams(b), i;
	int rc = -1;

	if (builtin_refused(s, b, err))
		return -1;
	if (npos > np) {
		cl_fail(err, GPG_ERR_INV_ARG, "%s takes %zu argument%s, but %zu %s given (type 'help %s')",
			b->name, np, np == 1 ? "" : "s", npos, npos == 1 ? "was" : "were", b->name);
		goto leave;
	}
	for (i = 0; i < npos; i++)
		c.arg[i] = value_ref(pos[i]);
	for (size_t k = 0; k < nkw; k++) {
		for (i = 0; i < np && strcmp(b->params[i].name, kwname[k]) != 0; i++)
			;
		if (i == np) {
			cl_fail(err, GPG_ERR_INV_ARG, "%s has no parameter '%s' (type 'help %s')",
				b->name, kwname[k], b->name);
			goto leave;
		}
		if (c.arg[i]) {
			cl_fail(err, GPG_ERR_INV_ARG, "%s: '%s' was given twice", b->name, kwname[k]);
			goto leave;
		}
		c.arg[i] = value_ref(kwval[k]);
	}
	for (i = 0; i < np; i++) {
		const struct param *p = &b->params[i];

		if (!c.arg[i] && p->def) {
			if (session_eval(s, p->def, &c.arg[i], err))
				goto leave;
		}
		if (!c.arg[i]) {
			if (p->optional)
				continue;
			cl_fail(err, GPG_ERR_MISSING_VALUE, "%s needs the argument '%s' (type 'help %s')",
				b->name, p->name, b->name);
			goto leave;
		}
		if (p->obj && p->obj->coerce && !value_is_obj(c.arg[i], p->obj)) {
			struct value *conv = NULL;
			int r = p->obj->coerce(c.arg[i], &conv, err);

			if (r < 0) {
				if (i < npos)
					swapped(&c, i, npos);	/* the better word, when it is that */
				goto leave;
			}
			if (r == 0) {
				value_unref(c.arg[i]);
				c.arg[i] = conv;
			}
		}
		if (!type_ok(p, c.arg[i])) {
			if (i < npos && swapped(&c, i, npos))
				goto leave;
			cl_fail(err, GPG_ERR_INV_ARG, "%s: '%s' must be %s, not %s", b->name, p->name,
				type_words(p->types, p->obj), value_type_name(c.arg[i]));
			goto leave;
		}
	}
	for (i = 0; i < np; i++)
		if (b->params[i].path && c.arg[i] && path_ok(&c, (int)i))
			goto leave;
	rc = b->fn(&c, out);
	if (rc == 0 && !*out)
		*out = value_nil();
	/* whatever a handler makes stays within the limits of a value (hex()
	 * of 64 MiB would be 128 MiB, and again 256...) */
	if (rc == 0 && ((((*out)->type == V_STR || (*out)->type == V_BYTES) && (*out)->u.s.n > VALUE_MAX_BYTES)
			|| ((*out)->type == V_LIST && (*out)->u.list.n > VALUE_MAX_LIST))) {
		cl_fail(err, GPG_ERR_TOO_LARGE, "%s: the result would be larger than a value may be "
			"(64 MiB of text or bytes, %u items in a list)", b->name, VALUE_MAX_LIST);
		value_unref(*out);
		*out = NULL;
		rc = -1;
	}
leave:
	for (i = 0; i < MAX_PARAMS; i++)
		value_unref(c.arg[i]);
	return rc;
}

/* "factor: 'seconds' must be from 0 to 86400, not '-1'" */
static int
out_of_range(struct call *c, int i, const char *lo, const char *hi)
{
	char shown[80];

	bigint_short(shown, sizeof shown, c->arg[i]->u.z);
	return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: '%s' must be from %s to %s, not '%s'",
		       c->b->name, c->b->params[i].name, lo, hi, shown);
}

int
arg_ulong(struct call *c, int i, unsigned long lo, unsigned long hi, unsigned long *out)
{
	const mpz_t *z = &c->arg[i]->u.z;

	if (mpz_cmp_ui(*z, lo) < 0 || mpz_cmp_ui(*z, hi) > 0) {
		char l[24], h[24];

		snprintf(l, sizeof l, "%lu", lo);
		snprintf(h, sizeof h, "%lu", hi);
		return out_of_range(c, i, l, h);
	}
	*out = mpz_get_ui(*z);
	return 0;
}

int
arg_long(struct call *c, int i, long lo, long hi, long *out)
{
	const mpz_t *z = &c->arg[i]->u.z;

	if (mpz_cmp_si(*z, lo) < 0 || mpz_cmp_si(*z, hi) > 0) {
		char l[24], h[24];

		snprintf(l, sizeof l, "%ld", lo);
		snprintf(h, sizeof h, "%ld", hi);
		return out_of_range(c, i, l, h);
	}
	*out = mpz_get_si(*z);
	return 0;
}

int
return_int(struct value **out, mpz_t r, int rc)
{
	if (rc < 0) {
		mpz_clear(r);
		return -1;
	}
	*out = value_int_take(r);
	return 0;
}

void
arg_data(struct call *c, int i, const char **p, size_t *n)
{
	*p = c->arg[i]->u.s.p;
	*n = c->arg[i]->u.s.n;
}
