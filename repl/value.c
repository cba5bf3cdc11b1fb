#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/interrupt.h"
#include "libcore/xalloc.h"
#include "repl/value.h"

static struct value *
alloc(enum vtype t)
{
	struct value *v = xcalloc(1, sizeof *v);

	v->type = t;
	v->refs = 1;
	return v;
}

struct value *
value_nil(void)
{
	return alloc(V_NIL);
}

struct value *
value_int(const mpz_t z)
{
	struct value *v = alloc(V_INT);

	mpz_init_set(v->u.z, z);
	return v;
}

struct value *
value_int_si(long n)
{
	struct value *v = alloc(V_INT);

	mpz_init_set_si(v->u.z, n);
	return v;
}

struct value *
value_int_take(mpz_t z)
{
	struct value *v = alloc(V_INT);

	mpz_init(v->u.z);
	mpz_swap(v->u.z, z);
	mpz_clear(z);
	return v;
}

static struct value *
sized(enum vtype t, const void *p, size_t n)
{
	struct value *v = alloc(t);

	v->u.s.p = xmalloc(n + 1);
	if (n)
		memcpy(v->u.s.p, p, n);
	v->u.s.p[n] = '\0';
	v->u.s.n = n;
	return v;
}

struct value *
value_str(const char *p, size_t n)
{
	return sized(V_STR, p, n);
}

struct value *
value_cstr(const char *s)
{
	return sized(V_STR, s, strlen(s));
}

struct value *
value_bytes(const void *p, size_t n)
{
	return sized(V_BYTES, p, n);
}

struct value *
value_bool(bool b)
{
	struct value *v = alloc(V_BOOL);

	v->u.b = b;
	return v;
}

struct value *
value_list(struct value **items, size_t n)
{
	struct value *v = alloc(V_LIST);

	v->u.list.items = items;
	v->u.list.n = n;
	v->depth = 1;
	for (size_t i = 0; i < n; i++)
		if (items[i]->depth >= v->depth)
			v->depth = items[i]->depth + 1;
	return v;
}

/* ---- live objects ---- */

/* Every object whose type has a close hook, until it is closed: a restored
 * snapshot closes those it does not hold, and so does exit. */
static struct live {
	struct value *v;	/* not a reference: the object unregisters when freed */
	bool keep;
} *live;
static size_t nlive, caplive;

static void
live_add(struct value *v)
{
	if (nlive == caplive)
		live = xreallocarray(live, caplive = caplive ? 2 * caplive : 8, sizeof *live);
	live[nlive++] = (struct live){ v, false };
}

/* Close V if it is still open: it leaves the registry, so never twice. */
static void
live_close(struct value *v)
{
	for (size_t i = 0; i < nlive; i++)
		if (live[i].v == v) {
			live[i] = live[--nlive];
			v->u.obj.type->close(v->u.obj.data);
			return;
		}
}

/* Walking a list without recursion: a stack of the lists entered, each with
 * the index of its next item. */
struct walk {
	struct { const struct value *list; size_t next; } *f;
	size_t n, cap;
};

static void
walk_enter(struct walk *w, const struct value *list)
{
	if (w->n == w->cap)
		w->f = xreallocarray(w->f, w->cap = w->cap ? 2 * w->cap : 16, sizeof *w->f);
	w->f[w->n].list = list;
	w->f[w->n++].next = 0;
}

/* The next item in the walk, leaving the lists that are done; NULL at the end. */
static const struct value *
walk_next(struct walk *w)
{
	while (w->n > 0) {
		if (w->f[w->n - 1].next < w->f[w->n - 1].list->u.list.n) {
			const struct value *list = w->f[w->n - 1].list;

			return list->u.list.items[w->f[w->n - 1].next++];
		}
		w->n--;
	}
	return NULL;
}

static void
mark_one(const struct value *v)
{
	if (v->type == V_OBJ && v->u.obj.type->close)
		for (size_t i = 0; i < nlive; i++)
			if (live[i].v == v)
				live[i].keep = true;
}

static void
mark(const struct value *v)
{
	struct walk w = { 0 };

	if (v->type != V_LIST) {
		mark_one(v);
		return;
	}
	walk_enter(&w, v);
	while ((v = walk_next(&w)))
		if (v->type == V_LIST)
			walk_enter(&w, v);
		else
			mark_one(v);
	free(w.f);
}

void
value_close_live_except(struct value *const *keep, size_t n)
{
	for (size_t i = 0; i < nlive; i++)
		live[i].keep = false;
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			mark(keep[i]);
	for (size_t i = 0; i < nlive;)
		if (!live[i].keep)
			live_close(live[i].v);	/* moves the last entry here */
		else
			i++;
}

size_t
value_live_count(void)
{
	return nlive;
}

struct value *
value_obj(const struct objtype *type, void *data)
{
	struct value *v = alloc(V_OBJ);

	v->u.obj.type = type;
	v->u.obj.data = data;
	if (type->close)
		live_add(v);
	return v;
}

struct value *
value_builtin(const struct builtin *fn)
{
	struct value *v = alloc(V_BUILTIN);

	v->u.fn = fn;
	return v;
}

struct value *
value_namespace(const struct builtin_ns *ns)
{
	struct value *v = alloc(V_NAMESPACE);

	v->u.ns = ns;
	return v;
}

struct value *
value_ref(struct value *v)
{
	if (v)
		v->refs++;
	return v;
}

/* Free V, whose last reference went. Nested lists are freed without
 * recursion (a list nested 300,000 deep must not exhaust the stack): their
 * items wait on a work list of their own. */
void
value_unref(struct value *v)
{
	struct value **work = NULL;
	size_t nwork = 0, capwork = 0;

	if (!v || --v->refs > 0)
		return;
	for (;;) {
		switch (v->type) {
		case V_INT:
			mpz_clear(v->u.z);
			break;
		case V_STR:
		case V_BYTES:
			/* text and bytes may be keys, passwords or plaintexts: wipe them */
			explicit_bzero(v->u.s.p, v->u.s.n);
			free(v->u.s.p);
			break;
		case V_LIST:
			for (size_t i = 0; i < v->u.list.n; i++) {
				struct value *item = v->u.list.items[i];

				if (--item->refs > 0)
					continue;
				if (nwork == capwork)
					work = xreallocarray(work, capwork = capwork ? 2 * capwork : 16,
							     sizeof *work);
				work[nwork++] = item;
			}
			free(v->u.list.items);
			break;
		case V_OBJ:
			if (v->u.obj.type->close)
				live_close(v);
			if (v->u.obj.type->free)
				v->u.obj.type->free(v->u.obj.data);
			break;
		default:
			break;
		}
		free(v);
		if (!nwork)
			break;
		v = work[--nwork];
	}
	free(work);
}

const char *
value_article(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

const char *
value_type_name(const struct value *v)
{
	static char buf[64];

	switch (v->type) {
	case V_NIL: return "nothing";
	case V_INT: return "an integer";
	case V_STR: return "text";
	case V_BYTES: return "bytes";
	case V_BOOL: return "a boolean";
	case V_LIST: return "a list";
	case V_BUILTIN: return "a builtin function";
	case V_NAMESPACE: return "a namespace";
	case V_OBJ:
		snprintf(buf, sizeof buf, "%s %s", value_article(v->u.obj.type->name), v->u.obj.type->name);
		return buf;
	}
	return "a value";
}

bool
value_is_obj(const struct value *v, const struct objtype *type)
{
	return v->type == V_OBJ && v->u.obj.type == type;
}

/* A and B alike at the top: for two lists, of the same length. */
static bool
equal_here(const struct value *a, const struct value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case V_NIL: return true;
	case V_INT: return mpz_cmp(a->u.z, b->u.z) == 0;
	case V_STR:
	case V_BYTES:
		return a->u.s.n == b->u.s.n && memcmp(a->u.s.p, b->u.s.p, a->u.s.n) == 0;
	case V_BOOL: return a->u.b == b->u.b;
	case V_LIST: return a->u.list.n == b->u.list.n && a->depth == b->depth;
	case V_OBJ:
		return a->u.obj.data == b->u.obj.data
		       || (a->u.obj.type == b->u.obj.type && a->u.obj.type->equal
			   && a->u.obj.type->equal(a->u.obj.data, b->u.obj.data));
	case V_BUILTIN: return a->u.fn == b->u.fn;
	case V_NAMESPACE: return a->u.ns == b->u.ns;
	}
	return false;
}

bool
value_equal(const struct value *a, const struct value *b)
{
	/* two walks in step: the lists have the same shape as long as every
	 * pair met so far is alike */
	struct walk wa = { 0 }, wb = { 0 };
	bool eq = true;
	unsigned long steps = 0;

	for (;;) {
		if (a != b) {	/* (the same value is equal to itself, however big) */
			if (!(eq = equal_here(a, b)))
				break;
			if (a->type == V_LIST) {
				walk_enter(&wa, a);
				walk_enter(&wb, b);
			}
		}
		if (++steps % 4096 == 0 && cl_interrupted)
			break;
		a = walk_next(&wa);
		b = walk_next(&wb);
		if (!a)
			break;
	}
	free(wa.f);
	free(wb.f);
	return eq;
}
