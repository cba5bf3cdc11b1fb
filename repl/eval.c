#include <config.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/xalloc.h"
#include "libcore/bigint.h"
#include "libcore/interrupt.h"
#include "repl/eval.h"
#include "repl/builtins/builtin.h"
#include "repl/suggest.h"

/* A core failure: the message is core's, the place is the node's. */
static int
core_failed(struct eval *e, const struct node *n)
{
	e->line = n->line;
	e->col = n->col;
	return -1;
}

/* The evaluator's own failure, at node N. */
static int
fail_at(struct eval *e, const struct node *n, gpg_err_code_t code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail_at(struct eval *e, const struct node *n, gpg_err_code_t code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cl_vfail(e->err, code, fmt, ap);
	va_end(ap);
	return core_failed(e, n);
}

static int
eval_name(struct eval *e, const struct node *n, struct value **out)
{
	struct value *v = session_get(e->s, n->name);
	const struct builtin *b;
	const struct builtin_ns *ns;
	char *near;

	if (v) {
		*out = value_ref(v);
		return 0;
	}
	if ((b = builtin_find(n->name)) && b->fn) {
		*out = value_builtin(b);
		return 0;
	}
	if ((ns = builtin_ns_find(n->name))) {
		*out = value_namespace(ns);
		return 0;
	}
	if (b && b->cmd)
		return fail_at(e, n, GPG_ERR_INV_NAME,
			       "'%s' is a shell command: type it alone at the start of a line", n->name);
	if (strcmp(n->name, "_") == 0)
		return fail_at(e, n, GPG_ERR_INV_NAME, "'_' holds the last result, and there is none yet");
	if (strcmp(n->name, "exit") == 0)
		return fail_at(e, n, GPG_ERR_INV_NAME, "to leave cryptolab, type quit (or press Ctrl-D)");
	near = suggest_name(e->s, n->name);
	if (near && (b = builtin_find(near)) && b->cmd) {
		free(near);	/* a command is no value: no use suggesting one here */
		near = NULL;
	}
	if (near) {
		fail_at(e, n, GPG_ERR_INV_NAME, "unknown name '%s' (did you mean '%s'?)", n->name, near);
		free(near);
		return -1;
	}
	if (strlen(n->name) < 3)	/* x, y, k: surely a variable not made yet */
		return fail_at(e, n, GPG_ERR_INV_NAME, "unknown name '%s'", n->name);
	return fail_at(e, n, GPG_ERR_INV_NAME, "unknown name '%s' (if it is text, write it in double quotes: "
		       "\"%s\")", n->name, n->name);
}

static int
eval_field(struct eval *e, const struct node *n, struct value **out)
{
	struct value *obj;
	int rc = -1;

	if (eval_node(e, n->a, &obj))
		return -1;
	if (obj->type == V_NAMESPACE || obj->type == V_BUILTIN) {
		const char *base = obj->type == V_NAMESPACE ? obj->u.ns->name : obj->u.fn->name;
		char *full = xasprintf("%s.%s", base, n->name);
		const struct builtin *b;

		if ((b = builtin_find(full)) && b->fn) {
			*out = value_builtin(b);
			rc = 0;
		} else {
			char *near = suggest_member(base, n->name);

			if (near)
				fail_at(e, n, GPG_ERR_INV_NAME, "'%s' has no member '%s' (did you mean '%s'?)",
					base, n->name, near);
			else if (obj->type == V_NAMESPACE)
				fail_at(e, n, GPG_ERR_INV_NAME,
					"'%s' has no member '%s' (type 'help %s' to list them)",
					base, n->name, base);
			else
				fail_at(e, n, GPG_ERR_INV_NAME, "'%s' has no member '%s'", base, n->name);
			free(near);
		}
		free(full);
	} else if (obj->type == V_OBJ && obj->u.obj.type->field) {
		e->err->msg[0] = '\0';
		rc = obj->u.obj.type->field(obj->u.obj.data, n->name, out, e->err);
		if (rc)
			core_failed(e, n);
	} else
		fail_at(e, n, GPG_ERR_INV_NAME, "%s has no fields (asked for '.%s')",
			value_type_name(obj), n->name);
	value_unref(obj);
	return rc;
}

static int
eval_index(struct eval *e, const struct node *n, struct value **out)
{
	struct value *obj = NULL, *idx = NULL;
	size_t len;
	long i;
	int rc = -1;

	if (eval_node(e, n->a, &obj) || eval_node(e, n->b2, &idx))
		goto leave;
	if (obj->type != V_LIST && obj->type != V_BYTES) {
		fail_at(e, n, GPG_ERR_INV_ARG, "%s cannot be indexed (only lists and bytes can)",
			value_type_name(obj));
		goto leave;
	}
	if (idx->type != V_INT) {
		fail_at(e, n->b2, GPG_ERR_INV_ARG, "an index must be an integer, not %s", value_type_name(idx));
		goto leave;
	}
	len = obj->type == V_LIST ? obj->u.list.n : obj->u.s.n;
	if (!mpz_fits_slong_p(idx->u.z) || (i = mpz_get_si(idx->u.z)) >= (long)len || i < -(long)len) {
		char *s = mpz_get_str(NULL, 10, idx->u.z);

		fail_at(e, n->b2, GPG_ERR_INV_ARG, "index '%s' is out of range: there are %zu items "
			"(the first is [0], the last [-1])", s, len);
		free(s);
		goto leave;
	}
	if (i < 0)
		i += (long)len;	/* from the end, as in Python */
	if (obj->type == V_LIST)
		*out = value_ref(obj->u.list.items[i]);
	else
		*out = value_int_si((unsigned char)obj->u.s.p[i]);
	rc = 0;
leave:
	value_unref(obj);
	value_unref(idx);
	return rc;
}

static int
eval_call(struct eval *e, const struct node *n, struct value **out)
{
	struct value *fn, **pos, **kwval;
	const char **kwname;
	size_t npos = 0, nkw = 0, i;
	int rc = -1;

	if (eval_node(e, n->a, &fn))
		return -1;
	if (fn->type != V_BUILTIN) {
		fail_at(e, n, GPG_ERR_INV_ARG, "%s cannot be called", value_type_name(fn));
		value_unref(fn);
		return -1;
	}
	pos = xcalloc(n->nargs + 1, sizeof *pos);
	kwval = xcalloc(n->nargs + 1, sizeof *kwval);
	kwname = xcalloc(n->nargs + 1, sizeof *kwname);
	for (i = 0; i < n->nargs; i++) {
		struct value *v;

		if (eval_node(e, n->args[i], &v))
			goto leave;
		if (n->kw[i]) {
			kwname[nkw] = n->kw[i];
			kwval[nkw++] = v;
		} else
			pos[npos++] = v;
	}
	e->err->msg[0] = '\0';
	rc = builtin_call(e->s, fn->u.fn, pos, npos, kwname, kwval, nkw, out, e->err);
	if (rc)
		core_failed(e, n);
leave:
	for (i = 0; i < npos; i++)
		value_unref(pos[i]);
	for (i = 0; i < nkw; i++)
		value_unref(kwval[i]);
	free(pos);
	free(kwval);
	free(kwname);
	value_unref(fn);
	return rc;
}

static int
need_int(struct eval *e, const struct node *at, const struct value *v, enum tok op)
{
	if (v->type == V_INT)
		return 0;
	return fail_at(e, at, GPG_ERR_INV_ARG, "%s works on integers, not %s", tok_describe(op),
		       value_type_name(v));
}

static int eval_int(struct eval *e, const struct node *n, mpz_t r);

/* R = value of N reduced modulo M, without building huge intermediates:
 * a power is an mpz_powm, and + - * are reduced on the way, so
 * `(a * b ^ e) mod m` and `a ^ b mod m` never build a ^ b. */
static int
eval_mod(struct eval *e, const struct node *n, const mpz_t m, mpz_t r)
{
	if (n->kind == N_BIN && (n->op == TK_CARET || n->op == TK_STAR || n->op == TK_PLUS
				 || n->op == TK_MINUS)) {
		mpz_t a, b;
		int rc = -1;

		mpz_inits(a, b, NULL);
		if (n->op == TK_CARET) {
			if (eval_mod(e, n->a, m, a) || eval_int(e, n->b2, b))
				goto leave;
			if (bigint_powmod(r, a, b, m, e->err)) {
				core_failed(e, n);
				goto leave;
			}
		} else {
			if (eval_mod(e, n->a, m, a) || eval_mod(e, n->b2, m, b))
				goto leave;
			if (n->op == TK_STAR)
				mpz_mul(r, a, b);
			else if (n->op == TK_PLUS)
				mpz_add(r, a, b);
			else
				mpz_sub(r, a, b);
			mpz_mod(r, r, m);
		}
		rc = 0;
	leave:
		mpz_clears(a, b, NULL);
		return rc;
	}
	if (n->kind == N_NEG) {
		if (eval_mod(e, n->a, m, r))
			return -1;
		mpz_neg(r, r);
		mpz_mod(r, r, m);
		return 0;
	}
	if (eval_int(e, n, r))
		return -1;
	mpz_mod(r, r, m);
	return 0;
}

/* An integer-valued subexpression (for the modular fast path). */
static int
eval_int(struct eval *e, const struct node *n, mpz_t r)
{
	struct value *v;

	if (eval_node(e, n, &v))
		return -1;
	if (v->type != V_INT) {
		fail_at(e, n, GPG_ERR_INV_ARG, "expected an integer here, not %s", value_type_name(v));
		value_unref(v);
		return -1;
	}
	mpz_set(r, v->u.z);
	value_unref(v);
	return 0;
}

static int
eval_modulo(struct eval *e, const struct node *n, struct value **out)
{
	mpz_t m, r;
	int rc = -1;

	mpz_inits(m, r, NULL);
	if (eval_int(e, n->b2, m))
		goto leave;
	if (mpz_sgn(m) == 0) {
		fail_at(e, n, GPG_ERR_INV_ARG, "modulo zero is undefined (the modulus must not be 0)");
		goto leave;
	}
	mpz_abs(m, m);	/* the result is never negative, as mathematicians expect */
	if (eval_mod(e, n->a, m, r))
		goto leave;
	*out = value_int(r);
	rc = 0;
leave:
	mpz_clears(m, r, NULL);
	return rc;
}

static int
concat(struct eval *e, const struct node *n, struct value *a, struct value *b, struct value **out)
{
	if (a->type == V_LIST) {
		size_t k = a->u.list.n + b->u.list.n;
		struct value **items;

		if (k > VALUE_MAX_LIST)
			return fail_at(e, n, GPG_ERR_TOO_LARGE, "the list would have %zu items, more than the "
				       "limit of %u", k, VALUE_MAX_LIST);
		items = xcalloc(k ? k : 1, sizeof *items);

		for (size_t i = 0; i < a->u.list.n; i++)
			items[i] = value_ref(a->u.list.items[i]);
		for (size_t i = 0; i < b->u.list.n; i++)
			items[a->u.list.n + i] = value_ref(b->u.list.items[i]);
		*out = value_list(items, k);
		return 0;
	}
	if (a->u.s.n + b->u.s.n > VALUE_MAX_BYTES)
		return fail_at(e, n, GPG_ERR_TOO_LARGE, "the result would be larger than 64 MiB");
	char *p = xmalloc(a->u.s.n + b->u.s.n + 1);

	memcpy(p, a->u.s.p, a->u.s.n);
	memcpy(p + a->u.s.n, b->u.s.p, b->u.s.n);
	*out = a->type == V_STR ? value_str(p, a->u.s.n + b->u.s.n) : value_bytes(p, a->u.s.n + b->u.s.n);
	free(p);
	return 0;
}

static int
compare(struct eval *e, const struct node *n, struct value *a, struct value *b, struct value **out)
{
	int c;

	if (n->op == TK_EQ || n->op == TK_NE) {
		bool eq = value_equal(a, b);

		*out = value_bool(n->op == TK_EQ ? eq : !eq);
		return 0;
	}
	if (a->type == V_INT && b->type == V_INT)
		c = mpz_cmp(a->u.z, b->u.z);
	else if (a->type == b->type && (a->type == V_STR || a->type == V_BYTES)) {
		size_t k = a->u.s.n < b->u.s.n ? a->u.s.n : b->u.s.n;

		c = memcmp(a->u.s.p, b->u.s.p, k);
		if (c == 0)
			c = a->u.s.n < b->u.s.n ? -1 : a->u.s.n > b->u.s.n;
	} else
		return fail_at(e, n, GPG_ERR_INV_ARG, "cannot compare %s with %s using %s",
			       value_type_name(a), value_type_name(b), tok_describe(n->op));
	switch (n->op) {
	case TK_LT: c = c < 0; break;
	case TK_LE: c = c <= 0; break;
	case TK_GT: c = c > 0; break;
	default: c = c >= 0; break;
	}
	*out = value_bool(c);
	return 0;
}

static int
arith(struct eval *e, const struct node *n, struct value *a, struct value *b, struct value **out)
{
	mpz_t r;

	if (n->op == TK_PLUS && a->type == b->type
	    && (a->type == V_STR || a->type == V_BYTES || a->type == V_LIST))
		return concat(e, n, a, b, out);
	if (need_int(e, n->a, a, n->op) || need_int(e, n->b2, b, n->op))
		return -1;
	if (n->op == TK_STAR && mpz_sizeinbase(a->u.z, 2) + mpz_sizeinbase(b->u.z, 2) > BIGINT_MAX_BITS + 1)
		return fail_at(e, n, GPG_ERR_TOO_LARGE, "the product would have more than %lu bits, "
			       "the limit for a number", BIGINT_MAX_BITS);
	if (n->op == TK_SLASH && mpz_sgn(b->u.z) == 0)
		return fail_at(e, n, GPG_ERR_INV_ARG, "division by zero");
	mpz_init(r);
	switch (n->op) {
	case TK_PLUS: mpz_add(r, a->u.z, b->u.z); break;
	case TK_MINUS: mpz_sub(r, a->u.z, b->u.z); break;
	case TK_STAR: mpz_mul(r, a->u.z, b->u.z); break;
	case TK_SLASH:	/* (% and mod go through eval_modulo) */
		mpz_fdiv_q(r, a->u.z, b->u.z);	/* floor division: -7 / 2 is -4 */
		break;
	case TK_CARET:
		if (bigint_pow(r, a->u.z, b->u.z, e->err)) {
			mpz_clear(r);
			return core_failed(e, n);
		}
		break;
	default:
		abort();
	}
	*out = value_int_take(r);
	return 0;
}

static int
eval_binary(struct eval *e, const struct node *n, struct value **out)
{
	struct value *a = NULL, *b = NULL;
	int rc = -1;

	/* `x mod m` and `x % m` are the same operation at two precedences */
	if (n->op == TK_MOD || n->op == TK_PERCENT)
		return eval_modulo(e, n, out);
	if (eval_node(e, n->a, &a) || eval_node(e, n->b2, &b))
		goto leave;
	switch (n->op) {
	case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
		rc = compare(e, n, a, b, out);
		break;
	default:
		rc = arith(e, n, a, b, out);
	}
leave:
	value_unref(a);
	value_unref(b);
	return rc;
}

static int
truth(struct eval *e, const struct node *n, bool *b)
{
	struct value *v;

	if (eval_node(e, n, &v))
		return -1;
	if (v->type != V_BOOL) {
		fail_at(e, n, GPG_ERR_INV_ARG, "expected true or false here, not %s", value_type_name(v));
		value_unref(v);
		return -1;
	}
	*b = v->u.b;
	value_unref(v);
	return 0;
}

static int
eval_list(struct eval *e, const struct node *n, struct value **out)
{
	struct value **items = xcalloc(n->nargs ? n->nargs : 1, sizeof *items);
	for (size_t i = 0; i < n->nargs; i++)
		if (eval_node(e, n->args[i], &items[i])) {
			for (size_t k = 0; k < i; k++)
				value_unref(items[k]);
			free(items);
			return -1;
		}
	*out = value_list(items, n->nargs);
	return 0;
}

int
eval_node(struct eval *e, const struct node *n, struct value **out)
{
	struct value *v;
	bool b;

	*out = NULL;
	if (cl_check_interrupt(e->err))
		return core_failed(e, n);
	switch (n->kind) {
	case N_INT:
		*out = value_int(n->z);
		return 0;
	case N_STR: {
		size_t bad;

		if (!utf8_valid(n->text, n->textlen, &bad))
			return fail_at(e, n, GPG_ERR_INV_VALUE, "this string is not valid UTF-8 "
				       "(byte %zu): use hex\"...\" for bytes", bad + 1);
		*out = value_str(n->text, n->textlen);
		return 0;
	}
	case N_BYTES:
		*out = value_bytes(n->text, n->textlen);
		return 0;
	case N_BOOL:
		*out = value_bool(n->b);
		return 0;
	case N_LIST:
		return eval_list(e, n, out);
	case N_NAME:
		return eval_name(e, n, out);
	case N_FIELD:
		return eval_field(e, n, out);
	case N_INDEX:
		return eval_index(e, n, out);
	case N_CALL:
		return eval_call(e, n, out);
	case N_NEG:
		if (eval_node(e, n->a, &v))
			return -1;
		if (need_int(e, n, v, TK_MINUS)) {
			value_unref(v);
			return -1;
		}
		*out = value_int(v->u.z);
		mpz_neg((*out)->u.z, (*out)->u.z);
		value_unref(v);
		return 0;
	case N_NOT:
		if (truth(e, n->a, &b))
			return -1;
		*out = value_bool(!b);
		return 0;
	case N_AND:
	case N_OR:
		/* short-circuit, as in every language students know */
		if (truth(e, n->a, &b))
			return -1;
		if (b == (n->kind == N_OR)) {
			*out = value_bool(b);
			return 0;
		}
		if (truth(e, n->b2, &b))
			return -1;
		*out = value_bool(b);
		return 0;
	case N_BIN:
		return eval_binary(e, n, out);
	case N_ASSIGN:
	case N_COMMAND:
		break;	/* statements: session.c runs them */
	}
	return fail_at(e, n, GPG_ERR_BUG, "internal error: a statement inside an expression");
}
