/* Dispatch from the one table: lookup, argument binding and checking. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/bigint.h"
#include "repl/builtins/builtin.h"
#include "repl/session.h"

const struct builtin_ns *const builtin_namespaces[] = {
	&ns_numbers, &ns_data, &ns_fernet, &ns_paint, &ns_dh, &ns_clock, &ns_lesson, &ns_shell, NULL,
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
		if (types & bit & T_OBJ && obj)
			strcat(buf, strchr("aeiou", obj->name[0]) ? "an " : "a ");
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
builtin_call(struct session *s, const struct builtin *b,
	     struct value **pos, size_t npos,
	     const char *const *kwname, struct value **kwval, size_t nkw,
	     struct value **out, struct cl_error *err)
{
	struct call c = { .s = s, .b = b, .err = err };
	size_t np = nparams(b), i;
	int rc = -1;

	if (npos > np) {
		cl_fail(err, GPG_ERR_INV_ARG, "%s takes %zu argument%s, but %zu were given (type 'help %s')",
			b->name, np, np == 1 ? "" : "s", npos, b->name);
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

			if (r < 0)
				goto leave;
			if (r == 0) {
				value_unref(c.arg[i]);
				c.arg[i] = conv;
			}
		}
		if (!type_ok(p, c.arg[i])) {
			cl_fail(err, GPG_ERR_INV_ARG, "%s: '%s' must be %s, not %s", b->name, p->name,
				type_words(p->types, p->obj), value_type_name(c.arg[i]));
			goto leave;
		}
	}
	rc = b->fn(&c, out);
	if (rc == 0 && !*out)
		*out = value_nil();
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

void
arg_data(struct call *c, int i, const char **p, size_t *n)
{
	*p = c->arg[i]->u.s.p;
	*n = c->arg[i]->u.s.n;
}
