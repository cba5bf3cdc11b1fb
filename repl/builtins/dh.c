/* dh.*: Diffie-Hellman with numbers (libcore/dh.c): groups, key pairs, the
 * shared secret and a Fernet key from it, the story in three columns that
 * mirrors paint.story, a man in the middle, and the attacks with their steps
 * and their cost on this machine. A group's name ("toy", "ffdhe2048") or its
 * PEM text will do wherever a group is expected. */
#include <config.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gcrypt.h>
#include "libcore/bigint.h"
#include "libcore/clock.h"
#include "libcore/dh.h"
#include "libcore/fernet.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/dh.h"
#include "repl/render.h"
#include "repl/session.h"
#include "repl/suggest.h"

/* render_say() reflows its text as narration, which escapes every control
 * character: bold goes in as *emphasis*, a mark that shows as bold on a
 * terminal with colour (and as nothing without, where marks would stay). */
static const char *
bold_mark(const struct session *s)
{
	return s->color ? "*" : "";
}

static const struct objtype keypair_type;

/* ---- numbers in a few characters ---- */

/* Z in decimal when it has at most MAX digits, else its first and last
 * digits and its size: "32317006...286367 (617 digits)". */
static const char *
short_z(char *buf, size_t size, const mpz_t z, size_t max)
{
	char *s = mpz_get_str(NULL, 10, z);
	size_t n = strlen(s);

	if (n <= max)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.8s...%s (%zu digits)", s, s + n - 6, n);
	free(s);
	return buf;
}

/* The same without the size, to fit a column: "32317...86367". */
static const char *
tiny_z(char *buf, size_t size, const mpz_t z)
{
	char *s = mpz_get_str(NULL, 10, z);
	size_t n = strlen(s);

	if (n <= 13)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.5s...%s", s, s + n - 5);
	free(s);
	return buf;
}

/* ---- the group object ---- */

struct group {
	struct dh_group G;
};

static void
group_free(void *data)
{
	struct group *g = data;

	dh_group_clear(&g->G);
	free(g);
}

static struct value *
group_value(struct group *g)
{
	return value_obj(&dh_group_type, g);
}

static struct group *
group_new(void)
{
	struct group *g = xcalloc(1, sizeof *g);

	dh_group_init(&g->G);
	return g;
}

#define GROUP_ARG(i) (&((const struct group *)c->arg[(i)]->u.obj.data)->G)

const struct dh_group *
dh_group_of(const struct value *v)
{
	return &((const struct group *)v->u.obj.data)->G;
}

/* "2 * 103 * 971" or "2^3 * 5" */
static char *
factors_text(const struct dh_group *G)
{
	char *s = xstrdup(""), *t;

	for (size_t i = 0; i < G->nfactors; i++) {
		char buf[96];

		short_z(buf, sizeof buf, G->factor[i], 40);
		if (G->power[i] > 1)
			t = xasprintf("%s%s%s^%lu", s, i ? " * " : "", buf, G->power[i]);
		else
			t = xasprintf("%s%s%s", s, i ? " * " : "", buf);
		free(s);
		s = t;
	}
	return s;
}

static void
group_show_in(const void *data, const struct session *s, FILE *out)
{
	const struct dh_group *G = &((const struct group *)data)->G;
	size_t pb = mpz_sizeinbase(G->p, 2), qb = mpz_sizeinbase(G->q, 2), hard = dh_group_hard_bits(G);
	char buf[128], q[128];
	mpz_t pm1, r;

	mpz_inits(pm1, r, NULL);
	mpz_sub_ui(pm1, G->p, 1);
	mpz_fdiv_q_2exp(r, pm1, 1);
	fprintf(out, "dh group %s%s%s%s", G->name, G->source ? " (" : "", G->source ? G->source : "",
		G->source ? ")" : "");
	if (pb <= 128)
		fprintf(out, "\n  p = %s, %zu bits", short_z(buf, sizeof buf, G->p, 40), pb);
	else
		fprintf(out, "\n  p has %zu bits", pb);
	/* named q when that prime is the order of g, as in the line below and
	 * in the lessons ("p = 2q + 1 with q prime"); r otherwise */
	if (G->safe)
		fprintf(out, ", a safe prime: p = 2%c + 1 with %c prime", mpz_cmp(G->q, r) == 0 ? 'q' : 'r',
			mpz_cmp(G->q, r) == 0 ? 'q' : 'r');
	else
		fprintf(out, ", not a safe prime");
	fprintf(out, "\n  g = %s, ", short_z(buf, sizeof buf, G->g, 40));
	if (mpz_cmp(G->q, pm1) == 0)
		fprintf(out, "of order p - 1: its powers are every number from 1 to p - 1");
	else if (G->safe && mpz_cmp(G->q, r) == 0)
		fprintf(out, "of prime order q = (p - 1)/2 (%zu bits)", qb);
	else if (G->nfactors == 1 && G->power[0] == 1)
		fprintf(out, "of prime order q = %s (%zu bits)", short_z(q, sizeof q, G->q, 40), qb);
	else
		fprintf(out, "of order q = %s (%zu bits)", short_z(q, sizeof q, G->q, 40), qb);
	if (mpz_cmp(G->q, pm1) == 0 && (G->nfactors > 2 || !G->safe)) {
		char *f = factors_text(G);

		fprintf(out, "\n  p - 1 = %s", f);
		free(f);
	}
	if (G->strength)
		fprintf(out, "\n  about %u-bit security; private exponents of %u bits would do (%s)", G->strength,
			G->short_bits, strncmp(G->source, "RFC 7919", 8) == 0 ? "RFC 7919 section 5.2"
			: "RFC 3526 section 8");
	if (qb >= 32 && hard <= qb / 2)
		fprintf(out, "\n  %sweak: the largest prime factor of the order has %zu bits, so Pohlig-Hellman "
			"needs only about 2^%.0f steps%s", color(s, COL_RED), hard,
			dh_crack_log2_steps(G, DH_PH), color(s, COL_RESET));
	mpz_clears(pm1, r, NULL);
}

static void
group_show(const void *data, FILE *out)
{
	group_show_in(data, NULL, out);
}

static bool
group_equal(const void *a, const void *b)
{
	return dh_group_equal(&((const struct group *)a)->G, &((const struct group *)b)->G);
}

static int
group_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct dh_group *G = &((const struct group *)data)->G;

	if (strcmp(name, "p") == 0)
		*out = value_int(G->p);
	else if (strcmp(name, "g") == 0)
		*out = value_int(G->g);
	else if (strcmp(name, "q") == 0)
		*out = value_int(G->q);
	else if (strcmp(name, "name") == 0)
		*out = value_cstr(G->name);
	else if (strcmp(name, "bits") == 0)
		*out = value_int_si((long)mpz_sizeinbase(G->p, 2));
	else if (strcmp(name, "safe") == 0)
		*out = value_bool(G->safe);
	else if (strcmp(name, "factors") == 0) {
		size_t n = 0, k = 0;
		struct value **v;

		for (size_t i = 0; i < G->nfactors; i++)
			n += G->power[i];
		v = xcalloc(n ? n : 1, sizeof *v);
		for (size_t i = 0; i < G->nfactors; i++)
			for (unsigned long e = 0; e < G->power[i]; e++)
				v[k++] = value_int(G->factor[i]);
		*out = value_list(v, n);
	} else
		return cl_fail(err, GPG_ERR_INV_NAME, "a dh group has no field '%s' (it has 'p', 'g', 'q', "
			       "'name', 'bits', 'safe' and 'factors')", name);
	return 0;
}

/* A group's name or PEM text; an unknown name gets a suggestion. */
static int
group_coerce(const struct value *v, struct value **out, struct cl_error *err)
{
	struct group *g;

	if (v->type != V_STR)
		return 1;
	g = group_new();
	if (dh_group_parse(&g->G, v->u.s.p, v->u.s.n, err)) {
		if (err->code == GPG_ERR_NOT_FOUND && v->u.s.n < 40) {
			size_t n;
			const char *const *names = dh_group_names(&n);
			const char *sugg = suggest_from(v->u.s.p, names, n);
			char shown[48];

			/* never a control character on the terminal */
			for (n = 0; n < v->u.s.n; n++)
				shown[n] = (unsigned char)v->u.s.p[n] < 0x20 || v->u.s.p[n] == 0x7f ? '?'
									   : v->u.s.p[n];
			shown[n] = '\0';
			cl_fail(err, GPG_ERR_NOT_FOUND, "there is no group '%s'%s%s%s (dh.groups() lists "
				"them)", shown, sugg ? "; did you mean '" : "", sugg ? sugg : "",
				sugg ? "'?" : "");
		}
		group_free(g);
		return -1;
	}
	*out = group_value(g);
	return 0;
}

static const char *const group_fields[] = { "p", "g", "q", "name", "bits", "safe", "factors", NULL };
const struct objtype dh_group_type = {
	.name = "dh group",
	.free = group_free,
	.field = group_field,
	.fields = group_fields,
	.show = group_show,
	.show_in = group_show_in,
	.equal = group_equal,
	.coerce = group_coerce,
};

/* ---- the key pair object ---- */

struct keypair {
	struct value *group;	/* a dh group value */
	mpz_t priv, pub;
};

#define KP_GROUP(k) (&((const struct group *)(k)->group->u.obj.data)->G)

static void
keypair_free(void *data)
{
	struct keypair *k = data;

	value_unref(k->group);
	mpz_clears(k->priv, k->pub, NULL);
	free(k);
}

static void
keypair_show(const void *data, FILE *out)
{
	const struct keypair *k = data;
	const struct dh_group *G = KP_GROUP(k);
	char a[96], b[96], g[96], p[96];

	fprintf(out, "dh key pair in %s\n", G->name);
	fprintf(out, "  private  %s  (keep it secret)\n", short_z(a, sizeof a, k->priv, 40));
	if (mpz_sizeinbase(G->p, 10) <= 12 && mpz_sizeinbase(k->priv, 10) <= 12)
		fprintf(out, "  public   %s  (= %s^%s mod %s: send it)", short_z(b, sizeof b, k->pub, 40),
			short_z(g, sizeof g, G->g, 40), a, short_z(p, sizeof p, G->p, 40));
	else
		fprintf(out, "  public   %s  (= g^private mod p: send it)", short_z(b, sizeof b, k->pub, 40));
}

static int
keypair_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct keypair *k = data;

	if (strcmp(name, "private") == 0)
		*out = value_int(k->priv);
	else if (strcmp(name, "public") == 0)
		*out = value_int(k->pub);
	else if (strcmp(name, "group") == 0)
		*out = value_ref(k->group);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a dh key pair has no field '%s' (it has 'private', "
			       "'public' and 'group')", name);
	return 0;
}

static bool
keypair_equal(const void *a, const void *b)
{
	const struct keypair *x = a, *y = b;

	return mpz_cmp(x->priv, y->priv) == 0 && mpz_cmp(x->pub, y->pub) == 0
	       && dh_group_equal(KP_GROUP(x), KP_GROUP(y));
}

static const char *const keypair_fields[] = { "private", "public", "group", NULL };
static const struct objtype keypair_type = {
	.name = "dh key pair",
	.free = keypair_free,
	.field = keypair_field,
	.fields = keypair_fields,
	.show = keypair_show,
	.equal = keypair_equal,
};

/* An integer argument, or a key pair's private or public value. */
static const mpz_t *
key_arg(struct call *c, int i, bool private)
{
	const struct value *v = c->arg[i];

	if (v->type == V_INT)
		return (const mpz_t *)&v->u.z;
	return (const mpz_t *)(private ? &((const struct keypair *)v->u.obj.data)->priv
				       : &((const struct keypair *)v->u.obj.data)->pub);
}

/* ---- groups and keys ---- */

static int
b_group(struct call *c, struct value **out)
{
	const struct value *name = c->arg[0], *p = c->arg[1], *g = c->arg[2], *bits = c->arg[3],
			   *qbits = c->arg[4];
	bool safe = c->arg[5]->u.b;
	struct group *G;
	int n = !!name + !!(p || g) + !!bits;

	if (n == 0)
		return cl_fail(c->err, GPG_ERR_MISSING_VALUE, "dh.group needs a name (\"toy\", \"ffdhe2048\": "
			       "dh.groups() lists them), or p= and g=, or bits=");
	if (n > 1)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "dh.group takes a name, or p= and g=, or bits=: one "
			       "of them");
	if (qbits && !bits)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "dh.group: qbits= goes with bits=");
	if (name && name->type == V_OBJ) {
		*out = value_ref(c->arg[0]);
		return 0;
	}
	G = group_new();
	if (p || g) {
		if (!p || !g) {
			group_free(G);
			return cl_fail(c->err, GPG_ERR_MISSING_VALUE, "dh.group: give both p= and g=");
		}
		if (dh_group_custom(&G->G, p->u.z, g->u.z, safe, 10, c->err))
			goto fail;
	} else {
		unsigned long b, qb = 0;

		if (arg_ulong(c, 3, DH_GEN_MIN_BITS, DH_GEN_MAX_BITS, &b)
		    || (qbits && arg_ulong(c, 4, 3, b - 1, &qb)))
			goto fail;
		if (dh_group_generate(&G->G, b, qb, c->err))
			goto fail;
	}
	*out = group_value(G);
	return 0;
fail:
	group_free(G);
	return -1;
}

static int
b_groups(struct call *c, struct value **out)
{
	struct table t = { .ncols = 4, .left = 1 | 8 };
	size_t n;
	const char *const *names = dh_group_names(&n);
	struct cl_error err;

	table_add(&t, (char *[]){ cell_s("name"), cell_s("bits"), cell_s("g"), cell_s("where from") });
	for (size_t i = 0; i < n; i++) {
		struct dh_group G;

		dh_group_init(&G);
		dh_group_named(&G, names[i], &err);
		table_add(&t, (char *[]){ cell_s(names[i]), cell_f("%zu", mpz_sizeinbase(G.p, 2)), cell_z(G.g),
					  cell_s(G.source) });
		dh_group_clear(&G);
	}
	render_table(c->s, &t);
	table_free(&t);
	fprintf(c->s->out, "and dh.group(bits=N) for a new safe-prime group of N bits (%d to %d), "
		"dh.group(p=..., g=...) for your own\n", DH_GEN_MIN_BITS, DH_GEN_MAX_BITS);
	*out = NULL;
	return 0;
}

static int
b_keypair(struct call *c, struct value **out)
{
	struct keypair *k = xcalloc(1, sizeof *k);
	unsigned long bits = 0;

	mpz_inits(k->priv, k->pub, NULL);
	if ((c->arg[1] && arg_ulong(c, 1, 2, DH_MAX_BITS, &bits))
	    || dh_keypair(k->priv, k->pub, GROUP_ARG(0), bits, c->err)) {
		mpz_clears(k->priv, k->pub, NULL);
		free(k);
		return -1;
	}
	k->group = value_ref(c->arg[0]);
	*out = value_obj(&keypair_type, k);
	return 0;
}

static int
b_shared(struct call *c, struct value **out)
{
	mpz_t s;

	mpz_init(s);
	if (dh_shared(s, GROUP_ARG(0), *key_arg(c, 1, true), *key_arg(c, 2, false), c->err)) {
		mpz_clear(s);
		return -1;
	}
	*out = value_int_take(s);
	return 0;
}

/* The Fernet key text of 32 derived bytes. */
static int
derive(char text[FERNET_KEY_TEXT_LEN + 1], unsigned char fp_key[32], const struct dh_group *G, const mpz_t s,
       const void *salt, size_t saltlen, const void *info, size_t infolen, struct cl_error *err)
{
	unsigned char *raw = gcry_malloc_secure(FERNET_KEY_BYTES);
	struct fernet_key k = { 0 };
	int rc = -1;

	if (!raw)
		return cl_fail(err, GPG_ERR_ENOMEM, "out of secure memory");
	if (dh_derive_key(raw, FERNET_KEY_BYTES, G, s, salt, saltlen, info, infolen, err)
	    || fernet_key_from_bytes(&k, raw, FERNET_KEY_BYTES, err))
		goto leave;
	fernet_key_format(text, &k);
	if (fp_key)
		memcpy(fp_key, raw, FERNET_KEY_BYTES);
	rc = 0;
leave:
	fernet_key_free(&k);
	explicit_bzero(raw, FERNET_KEY_BYTES);
	gcry_free(raw);
	return rc;
}

static int
b_derive_key(struct call *c, struct value **out)
{
	char text[FERNET_KEY_TEXT_LEN + 1];
	const char *salt = NULL, *info = NULL;
	size_t saltlen = 0, infolen = 0;

	if (c->arg[2])
		arg_data(c, 2, &salt, &saltlen);
	arg_data(c, 3, &info, &infolen);
	if (derive(text, NULL, GROUP_ARG(1), c->arg[0]->u.z, salt, saltlen, info, infolen, c->err))
		return -1;
	*out = value_str(text, FERNET_KEY_TEXT_LEN);
	explicit_bzero(text, sizeof text);
	return 0;
}

/* ---- the story in three columns ---- */

#define COLW 24

static void
row3(struct session *s, const char *a, const char *m, const char *b)
{
	/* (the cells are ASCII: printf's widths are columns) */
	fprintf(s->out, "  %-*s | %-*s |%s%s\n", COLW, a, COLW, m, *b ? " " : "", b);
}

static void
title(struct session *s, int n, const char *text)
{
	fprintf(s->out, "%s%d %s%s\n", color(s, COL_BOLD), n, text, color(s, COL_RESET));
}

/* "A = 8" or "A = 3231700...3286367" */
static char *
eq(const char *name, const mpz_t z)
{
	char buf[64];

	return xasprintf("%s = %s", name, tiny_z(buf, sizeof buf, z));
}

static int
b_story(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct dh_group *G = GROUP_ARG(0);
	mpz_t a, b, A, B, sa, sb;
	char *x, *y, buf[64], buf2[64], buf3[64];
	bool small = mpz_sizeinbase(G->p, 10) <= 4;
	int rc = -1;

	mpz_inits(a, b, A, B, sa, sb, NULL);
	if (dh_keypair(a, A, G, 0, c->err) || dh_keypair(b, B, G, 0, c->err))
		goto leave;
	for (int i = 1; i <= 2; i++) {
		const mpz_t *v = i == 1 ? &c->arg[1]->u.z : &c->arg[2]->u.z;

		if (!c->arg[i])
			continue;
		if (mpz_cmp_ui(*v, 1) < 0 || mpz_cmp(*v, G->q) >= 0) {
			mpz_sub_ui(sa, G->q, 1);
			cl_fail(c->err, GPG_ERR_INV_VALUE, "dh.story: '%s' must be from 1 to q - 1 = %s",
				c->b->params[i].name, short_z(buf, sizeof buf, sa, 40));
			goto leave;
		}
		mpz_set(i == 1 ? a : b, *v);
		mpz_powm(i == 1 ? A : B, G->g, *v, G->p);
	}
	if (dh_shared(sa, G, a, B, c->err) || dh_shared(sb, G, b, A, c->err))
		goto leave;
	fprintf(s->out, "  %s%-*s | %-*s | %s%s\n", color(s, COL_BOLD), COLW, "Alice", COLW,
		"public channel: Eve", "Bob", color(s, COL_RESET));
	title(s, 1, "agree on a group, in public");
	if (small) {
		x = xasprintf("p = %s, g = %s", tiny_z(buf, sizeof buf, G->p), tiny_z(buf2, sizeof buf2, G->g));
		row3(s, "", x, "");
		free(x);
	} else {
		x = xasprintf("%s: p of %zu bits", G->name, mpz_sizeinbase(G->p, 2));
		row3(s, "", x, "");
		free(x);
		x = xasprintf("g = %s", tiny_z(buf, sizeof buf, G->g));
		row3(s, "", x, "");
		free(x);
	}
	title(s, 2, "each picks a secret exponent, and keeps it");
	x = eq("a", a);
	y = eq("b", b);
	row3(s, x, "", y);
	free(x);
	free(y);
	title(s, 3, "each computes g^secret mod p, and sends it");
	if (small) {
		x = xasprintf("A = %s^%s mod %s", tiny_z(buf, sizeof buf, G->g), tiny_z(buf2, sizeof buf2, a),
			      tiny_z(buf3, sizeof buf3, G->p));
		y = xasprintf("B = %s^%s mod %s", tiny_z(buf, sizeof buf, G->g), tiny_z(buf2, sizeof buf2, b),
			      tiny_z(buf3, sizeof buf3, G->p));
	} else {
		x = xstrdup("A = g^a mod p");
		y = xstrdup("B = g^b mod p");
	}
	row3(s, x, "", y);
	free(x);
	free(y);
	x = xasprintf("  = %s", tiny_z(buf, sizeof buf, A));
	y = xasprintf("A = %s ->", tiny_z(buf, sizeof buf, A));
	row3(s, x, y, "");
	free(x);
	free(y);
	x = xasprintf("<- B = %s", tiny_z(buf, sizeof buf, B));
	y = xasprintf("  = %s", tiny_z(buf, sizeof buf, B));
	row3(s, "", x, y);
	free(x);
	free(y);
	title(s, 4, "each raises what arrived to its secret");
	if (small) {
		x = xasprintf("s = %s^%s mod %s", tiny_z(buf, sizeof buf, B), tiny_z(buf2, sizeof buf2, a),
			      tiny_z(buf3, sizeof buf3, G->p));
		y = xasprintf("s = %s^%s mod %s", tiny_z(buf, sizeof buf, A), tiny_z(buf2, sizeof buf2, b),
			      tiny_z(buf3, sizeof buf3, G->p));
	} else {
		x = xstrdup("s = B^a mod p");
		y = xstrdup("s = A^b mod p");
	}
	row3(s, x, "", y);
	free(x);
	free(y);
	x = xasprintf("  = %s", tiny_z(buf, sizeof buf, sa));
	y = xasprintf("  = %s", tiny_z(buf, sizeof buf, sb));
	row3(s, x, "", y);
	free(x);
	free(y);
	render_say(s, "Both hold %s: B^a = (g^b)^a = g^(ab) = (g^a)^b = A^b. Eve saw p, g, A and B; to "
		"get s she needs a or b, the discrete logarithm of A or B.%s",
		mpz_cmp(sa, sb) == 0 ? "the same s" : "different numbers",
		small ? "" : " (Long numbers are shortened; the full ones are in dh.keypair's fields.)");
	rc = 0;
	*out = NULL;
leave:
	mpz_clears(a, b, A, B, sa, sb, NULL);
	return rc;
}

static int
b_analogy(struct call *c, struct value **out)
{
	struct table t = { .ncols = 2, .left = 3 };

	table_add(&t, (char *[]){ cell_s("paint"), cell_s("numbers") });
	table_add(&t, (char *[]){ cell_s("the common paint"), cell_s("the group: p and g, public") });
	table_add(&t, (char *[]){ cell_s("a secret colour"), cell_s("a private exponent: a, b") });
	table_add(&t, (char *[]){ cell_s("a public mixture"), cell_s("a public value: A = g^a mod p") });
	table_add(&t, (char *[]){ cell_s("mixing in your secret"), cell_s("raising to your exponent: B^a mod p") });
	table_add(&t, (char *[]){ cell_s("the shared colour"), cell_s("the shared secret: s = g^(ab) mod p") });
	table_add(&t, (char *[]){ cell_s("unmixing: easy, it is linear"),
				  cell_s("the discrete logarithm: a from g^a mod p, hard") });
	table_add(&t, (char *[]){ cell_s("Mallory swapping the pots"),
				  cell_s("Mallory swapping A and B: signatures stop it") });
	render_table(c->s, &t);
	table_free(&t);
	*out = NULL;
	return 0;
}

/* ---- Mallory ---- */

/* A message as a value shows it, quoted, control characters escaped (the
 * student's text may hold any): its first 60 bytes. */
static void
show_message(FILE *out, const unsigned char *p, size_t n)
{
	size_t k = n > 60 ? 60 : n;
	struct value *v = utf8_valid((const char *)p, k, NULL) ? value_str((const char *)p, k)
							      : value_bytes(p, k);

	render_inline(out, v);
	fprintf(out, "%s\n", k < n ? "..." : "");
	value_unref(v);
}

static int
b_mitm(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct dh_group *G = GROUP_ARG(0);
	mpz_t a, A, b, B, m1, M1, m2, M2, sa, sb, sma, smb;
	char ka[FERNET_KEY_TEXT_LEN + 1], kb[FERNET_KEY_TEXT_LEN + 1], kma[FERNET_KEY_TEXT_LEN + 1],
	     kmb[FERNET_KEY_TEXT_LEN + 1], fa[DH_FINGERPRINT_LEN], fb[DH_FINGERPRINT_LEN], buf[64];
	unsigned char raw_a[32], raw_b[32];
	struct fernet_key KA = { 0 }, KB = { 0 }, KMA = { 0 }, KMB = { 0 };
	const char *msg, *evil = "meet me at the station at midnight";
	size_t msglen;
	char *t1 = NULL, *t2 = NULL;
	size_t n1, n2, nm, nb;
	unsigned char *read_m = NULL, *read_b = NULL;
	int rc = -1;

	arg_data(c, 1, &msg, &msglen);
	mpz_inits(a, A, b, B, m1, M1, m2, M2, sa, sb, sma, smb, NULL);
	if (dh_keypair(a, A, G, 0, c->err) || dh_keypair(b, B, G, 0, c->err)
	    || dh_keypair(m1, M1, G, 0, c->err) || dh_keypair(m2, M2, G, 0, c->err))
		goto leave;
	/* Alice gets M1 (thinking it is Bob's), Bob gets M2 (thinking it is Alice's) */
	if (dh_shared(sa, G, a, M1, c->err) || dh_shared(sb, G, b, M2, c->err)
	    || dh_shared(sma, G, m1, A, c->err) || dh_shared(smb, G, m2, B, c->err))
		goto leave;
	if (derive(ka, raw_a, G, sa, NULL, 0, NULL, 0, c->err) || derive(kb, raw_b, G, sb, NULL, 0, NULL, 0, c->err)
	    || derive(kma, NULL, G, sma, NULL, 0, NULL, 0, c->err)
	    || derive(kmb, NULL, G, smb, NULL, 0, NULL, 0, c->err))
		goto leave;
	dh_fingerprint(fa, raw_a, sizeof raw_a);
	dh_fingerprint(fb, raw_b, sizeof raw_b);
	explicit_bzero(raw_a, sizeof raw_a);
	explicit_bzero(raw_b, sizeof raw_b);
	fprintf(s->out, "  %s%-*s | %-*s | %s%s\n", color(s, COL_BOLD), COLW, "Alice", COLW,
		"Mallory, in the middle", "Bob", color(s, COL_RESET));
	title(s, 1, "each sends a public value; Mallory keeps them and sends her own");
	{
		char *x = eq("A", A), *y = xasprintf("<- %s", tiny_z(buf, sizeof buf, B));

		row3(s, "sends A ->", x, "");
		free(x);
		x = eq("B", B);
		row3(s, "", x, "<- sends B");
		free(x);
		x = xasprintf("<- M1 = %s", tiny_z(buf, sizeof buf, M1));
		row3(s, x, "sends M1 to Alice", "");
		free(x);
		x = xasprintf("M2 = %s ->", tiny_z(buf, sizeof buf, M2));
		row3(s, "", "sends M2 to Bob", x);
		free(x);
		free(y);
	}
	title(s, 2, "each side computes a shared secret, and a key from it");
	{
		char *x = eq("s = M1^a", sa), *y = eq("s = M2^b", sb), *m = eq("A^m1", sma), *n = eq("B^m2", smb);

		row3(s, x, m, "");
		row3(s, "", n, y);
		free(x);
		free(y);
		free(m);
		free(n);
	}
	fprintf(s->out, "key fingerprints (SHA-256 of the key, first 8 bytes), side by side:\n");
	fprintf(s->out, "  Alice  %s\n  Bob    %s   %s%s%s\n", fa, fb,
		strcmp(fa, fb) ? color(s, COL_RED) : color(s, COL_GREEN),
		strcmp(fa, fb) ? "different: someone is in the middle" : "the same", color(s, COL_RESET));
	title(s, 3, "Alice writes to Bob; Mallory reads it, changes it, and passes it on");
	if (fernet_key_parse(&KA, ka, FERNET_KEY_TEXT_LEN, c->err) || fernet_key_parse(&KB, kb, FERNET_KEY_TEXT_LEN, c->err)
	    || fernet_key_parse(&KMA, kma, FERNET_KEY_TEXT_LEN, c->err)
	    || fernet_key_parse(&KMB, kmb, FERNET_KEY_TEXT_LEN, c->err))
		goto leave;
	if (fernet_encrypt(&t1, &n1, &KA, msg, msglen, c->err)
	    || fernet_decrypt(&read_m, &nm, &KMA, t1, n1, NULL, c->err)
	    || fernet_encrypt(&t2, &n2, &KMB, evil, strlen(evil), c->err)
	    || fernet_decrypt(&read_b, &nb, &KB, t2, n2, NULL, c->err))
		goto leave;
	fprintf(s->out, "  Alice encrypts with her key:   %.24s...\n", t1);
	fputs("  Mallory decrypts with hers:    ", s->out);
	show_message(s->out, read_m, nm);
	fprintf(s->out, "  and encrypts for Bob:          %.24s...\n", t2);
	fputs("  Bob decrypts, all checks pass: ", s->out);
	show_message(s->out, read_b, nb);
	render_say(s, "The exchange alone cannot tell Alice whose public value she got. Two things "
		"reveal Mallory: comparing the fingerprints another way (a phone call, in person), or a "
		"signature on each public value from someone both trust, which is what RSA signatures "
		"and certificates are for.");
	*out = NULL;
	rc = 0;
leave:
	free(t1);
	free(t2);
	if (read_m)
		fernet_free(read_m, nm);
	if (read_b)
		fernet_free(read_b, nb);
	fernet_key_free(&KA);
	fernet_key_free(&KB);
	fernet_key_free(&KMA);
	fernet_key_free(&KMB);
	explicit_bzero(ka, sizeof ka);
	explicit_bzero(kb, sizeof kb);
	explicit_bzero(kma, sizeof kma);
	explicit_bzero(kmb, sizeof kmb);
	mpz_clears(a, A, b, B, m1, M1, m2, M2, sa, sb, sma, smb, NULL);
	return rc;
}

/* ---- attacks ---- */

/* A cell: the number, shortened beyond 30 digits; "-" for a negative. */
static char *
num_cell(const mpz_t z)
{
	char buf[96];

	if (mpz_sgn(z) < 0)
		return cell_s("-");
	return cell_s(short_z(buf, sizeof buf, z, 30));
}

static void
render_trace(struct session *s, const struct dh_trace *tr)
{
	for (size_t i = 0; i < tr->n; i++) {
		const struct dh_table *tb = tr->item[i].table;
		struct table t;

		if (tr->item[i].text) {
			fputs(color(s, COL_DIM), s->out);
			render_reflow(NULL, s->out, tr->item[i].text, s->width > 0 ? s->width : 80, 0);
			fputs(color(s, COL_RESET), s->out);
			continue;
		}
		memset(&t, 0, sizeof t);
		t.ncols = tb->ncols;
		{
			char *row[DH_TRACE_MAX_COLS];

			for (int k = 0; k < tb->ncols; k++)
				row[k] = cell_s(tb->head[k]);
			table_add(&t, row);
		}
		for (size_t r = 0; r <= tb->nrows; r++) {
			char *row[DH_TRACE_MAX_COLS];

			/* the rows left out go where they were: before the last one, or at the end */
			if (tb->skipped && (r == tb->gap || (r == tb->nrows && tb->gap == (size_t)-1))) {
				for (int k = 0; k < tb->ncols; k++)
					row[k] = cell_s("...");
				table_add(&t, row);
			}
			if (r == tb->nrows)
				break;
			for (int k = 0; k < tb->ncols; k++)
				row[k] = num_cell(tb->cell[r * tb->ncols + k]);
			table_add(&t, row);
		}
		render_table(s, &t);
		table_free(&t);
		if (tb->skipped)
			fprintf(s->out, "%s(%llu row%s left out at the ...)%s\n", color(s, COL_DIM), tb->skipped,
				tb->skipped == 1 ? "" : "s", color(s, COL_RESET));
	}
}

static int
b_crack(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct dh_group *G = GROUP_ARG(0);
	struct dh_trace tr = { 0 };
	struct dh_crack_stats st;
	enum dh_method m;
	unsigned long secs;
	bool steps = c->arg[3]->u.b;
	mpz_t x;
	char buf[96];

	if (dh_method_parse(&m, c->arg[2]->u.s.p, c->err) || arg_ulong(c, 4, 0, 86400, &secs))
		return -1;
	mpz_init(x);
	if (dh_crack(x, &st, steps ? &tr : NULL, G, *key_arg(c, 1, false), m, (double)secs, c->err)) {
		if (steps)
			render_trace(s, &tr);
		dh_trace_free(&tr);
		mpz_clear(x);
		return -1;
	}
	if (steps) {
		render_trace(s, &tr);
		fprintf(s->out, "%sx = %s: g^x mod p gives it back", color(s, COL_BOLD), short_z(buf, sizeof buf, x, 40));
		fprintf(s->out, ", after %llu step%s", st.steps, st.steps == 1 ? "" : "s");
		if (!clock_pinned())	/* pinned (--now): output repeats exactly, no durations */
			fprintf(s->out, " in %.3g seconds", st.seconds);
		fprintf(s->out, "%s\n", color(s, COL_RESET));
	}
	dh_trace_free(&tr);
	*out = value_int_take(x);
	return 0;
}

/* ---- timing ---- */

struct point {
	enum dh_method m;
	unsigned long bits;
	double steps, seconds;	/* means over the exponents tried */
};

/* One measurement: a fresh safe-prime group of BITS bits, and TRIES random
 * exponents cracked. */
static int
measure(struct point *pt, enum dh_method m, unsigned long bits, int tries, double limit, struct cl_error *err)
{
	struct dh_group G;
	struct dh_crack_stats st;
	mpz_t x, X, f;
	int rc = -1, k;

	dh_group_init(&G);
	mpz_inits(x, X, f, NULL);
	pt->m = m;
	pt->bits = bits;
	pt->steps = pt->seconds = 0;
	if (dh_group_generate(&G, bits, 0, err))
		goto leave;
	for (k = 0; k < tries; k++) {
		if (dh_keypair(x, X, &G, 0, err)
		    || dh_crack(f, &st, NULL, &G, X, m, limit > 0 ? limit : 0, err))
			goto leave;
		pt->steps += (double)st.steps;
		pt->seconds += st.seconds;
	}
	pt->steps /= tries;
	pt->seconds /= tries;
	rc = 0;
leave:
	mpz_clears(x, X, f, NULL);
	dh_group_clear(&G);
	return rc;
}

/* The cost of one step at 2048 bits: a 2048-bit multiplication modulo p. */
static double
step_seconds_2048(void)
{
	struct dh_group G;
	mpz_t x, y;
	double t0, t;
	long n = 0;

	dh_group_init(&G);
	dh_group_named(&G, "ffdhe2048", NULL);
	mpz_inits(x, y, NULL);
	mpz_set_ui(x, 3);
	mpz_powm_ui(y, x, 1000, G.p);
	t0 = clock_elapsed();
	do {
		for (int i = 0; i < 256; i++) {
			mpz_mul(x, x, y);
			mpz_mod(x, x, G.p);
		}
		n += 256;
	} while ((t = clock_elapsed() - t0) < 0.05);
	mpz_clears(x, y, NULL);
	dh_group_clear(&G);
	return t / (double)n;
}

static char *
bar(double v)
{
	int n = v < 0 ? 0 : (int)lround(v);
	char *b;

	if (n > 60)
		n = 60;
	b = xmalloc((size_t)n * 3 + 2);
	b[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(b, "#");
	if (!n)
		strcpy(b, ".");
	return b;
}

static int
b_timing(struct call *c, struct value **out)
{
	static const enum dh_method order[] = { DH_BRUTE, DH_BSGS, DH_RHO, DH_BEST };
	static const double share[] = { 0.1, 0.2, 0.3, 0.4 };
	static const unsigned long first[] = { 12, 16, 16, 40 }, stepb[] = { 4, 4, 4, 20 },
				   last[] = { 32, 40, 56, 120 }, last_seeded[] = { 20, 32, 32, 0 };
	struct session *s = c->s;
	/* With the clock pinned (--now), as in demos and golden transcripts, the
	 * steps are counted instead of timed, on a fixed set of sizes, so that
	 * the output repeats (the groups and exponents repeat under --seed). */
	bool counted = clock_pinned();
	struct point pts[64];
	size_t npts = 0;
	struct table t = { .ncols = 6, .left = 1 | 32 };
	unsigned long budget;
	double sec2048;
	int rc = 0;

	if (arg_ulong(c, 0, 1, 3600, &budget))
		return -1;
	for (int mi = 0; mi < 4 && rc == 0; mi++) {
		enum dh_method m = order[mi];
		double spent = 0, allowed = share[mi] * (double)budget;
		unsigned long top = counted ? last_seeded[mi] : last[mi];

		for (unsigned long bits = first[mi]; bits && bits <= top; bits += stepb[mi]) {
			struct point *pt = &pts[npts];
			struct cl_error e;
			double left = allowed - spent;

			if (!counted && left < 0.05)
				break;
			if (s->tty && !counted) {
				fprintf(s->out, "\rmeasuring %s on %lu bits...\033[K", dh_method_title(m), bits);
				fflush(s->out);
			}
			if (measure(pt, m, bits, m == DH_BEST ? 1 : 3, counted ? 0 : left, &e)) {
				if (e.code == GPG_ERR_CANCELED) {
					*c->err = e;
					rc = -1;
				}
				break;	/* out of time for this method */
			}
			spent += pt->seconds * (m == DH_BEST ? 1 : 3);
			npts++;
			/* the next size would take (sqrt for the generic ones) this much longer */
			if (!counted) {
				double grow = m == DH_BRUTE ? 16 : m == DH_BEST ? 6 : 4;

				if (spent + pt->seconds * grow * (m == DH_BEST ? 1 : 3) > allowed)
					break;
			}
		}
	}
	if (s->tty && !counted)
		fprintf(s->out, "\r\033[K");
	if (npts == 0)
		return rc ? -1 : cl_fail(c->err, GPG_ERR_TIMEOUT, "nothing could be measured in %lu seconds",
					 budget);
	if (counted) {
		t.ncols = 4;
		t.left = 1 | 8;
		table_add(&t, (char *[]){ cell_s("method"), cell_s("p bits"), cell_s("steps"),
					  cell_s("steps, log scale (# = x2)") });
	} else
		table_add(&t, (char *[]){ cell_s("method"), cell_s("p bits"), cell_s("steps"), cell_s("seconds"),
					  cell_s("steps/s"), cell_s("time, log scale (#### = x10)") });
	for (size_t i = 0; i < npts; i++) {
		const struct point *pt = &pts[i];
		bool pari = pt->m == DH_BEST;

		if (counted)
			table_add(&t, (char *[]){ cell_s(dh_method_title(pt->m)), cell_f("%lu", pt->bits),
						  cell_f("%.0f", pt->steps), bar(log2(pt->steps > 1 ? pt->steps : 1)) });
		else
			table_add(&t, (char *[]){
				cell_s(dh_method_title(pt->m)), cell_f("%lu", pt->bits),
				pari ? cell_s("-") : cell_f("%.0f", pt->steps), cell_f("%.3g", pt->seconds),
				pari || pt->seconds <= 0 ? cell_s("-") : cell_f("%.2g", pt->steps / pt->seconds),
				bar((log10(pt->seconds > 1e-6 ? pt->seconds : 1e-6) + 6) * 4) });
	}
	render_say(s, "Each row: a new safe-prime group of that size (g of prime order q = (p - 1)/2), and "
	    "random private exponents found%s.", counted ? "; the clock is pinned (--now), so the steps "
	    "are counted, not timed, and this repeats (without it you see this machine's seconds). PARI "
	    "is left out: it has no steps to count" : pts[npts - 1].m == DH_BEST ? " (PARI's time "
	    "includes starting it in a child process)" : "");
	render_table(s, &t);
	table_free(&t);

	/* the extrapolation: each line says what it rests on */
	sec2048 = counted ? 1e-9 : step_seconds_2048();
	fprintf(s->out, "\n");
	if (counted)
		render_say(s, "%sExtrapolated to 2048 bits%s (a safe prime like ffdhe2048: q has 2047 bits), "
		    "counting a billion steps a second, which is faster than a core does one 2048-bit step:",
		    bold_mark(s), bold_mark(s));
	else
		render_say(s, "%sExtrapolated to 2048 bits%s (a safe prime like ffdhe2048: q has 2047 bits). "
		    "A step at 2048 bits, a multiplication modulo p, takes %.2g microseconds here (measured "
		    "now):",
		    bold_mark(s), bold_mark(s), sec2048 * 1e6);
	{
		struct table x = { .ncols = 3, .left = 7 };
		char w1[64], w2[64], w3[64], w4[64], w5[64];
		double cy = dh_nfs_log10_core_years(2048);
		long cores = sysconf(_SC_NPROCESSORS_ONLN);

		if (cores < 1)
			cores = 1;
		dh_format_duration(w1, sizeof w1, 2046 * log10(2) + log10(sec2048));
		dh_format_duration(w2, sizeof w2, 1024.1 * log10(2) + log10(sec2048));
		dh_format_duration(w3, sizeof w3, 1023.8 * log10(2) + log10(sec2048));
		dh_format_duration(w4, sizeof w4, 112.5 * log10(2) + log10(sec2048));
		dh_format_duration(w5, sizeof w5, cy - log10((double)cores) + log10(365.25 * 86400));
		table_add(&x, (char *[]){ cell_s("method"), cell_s("work, and why"), cell_s("time") });
		table_add(&x, (char *[]){ cell_s("brute force"), cell_s("2^2046 steps: q/2 on average"), cell_s(w1) });
		table_add(&x, (char *[]){ cell_s("baby-step giant-step"),
					  cell_s("2^1024 steps, about sqrt(q), and as many kept"), cell_s(w2) });
		table_add(&x, (char *[]){ cell_s("Pollard's rho"), cell_s("2^1024 steps: sqrt(pi q / 2)"), cell_s(w3) });
		table_add(&x, (char *[]){ cell_s("Pohlig-Hellman"), cell_s("no help: q is prime"), cell_s("as above") });
		table_add(&x, (char *[]){ cell_s("kangaroo, 225-bit keys"),
					  cell_s("2^113 steps: RFC 7919's short exponents"), cell_s(w4) });
		table_add(&x, (char *[]){ cell_s("number field sieve"), cell_f("10^%.0f core-years: L_p[1/3]", cy),
					  counted ? cell_s("-") : cell_f("%s on %ld core%s", w5, cores, cores == 1 ? "" : "s") });
		render_table(s, &x);
		table_free(&x);
		render_say(s, "The number field sieve is the best attack known; its line is the DLP-240 "
		    "record (a %d-bit safe prime, %d, about 3,100 core-years) scaled by L_p[1/3, (64/9)^(1/3)], "
		    "the o(1) left out, so only the order of magnitude means anything%s. PARI's index calculus "
		    "grows faster, like L_p[1/2]. The universe is about 14 billion years old.",
		    DH_NFS_ANCHOR_BITS, DH_NFS_ANCHOR_YEAR, counted ? "" : "; this machine's cores are taken to be "
		    "as fast as the record's");
	}
	*out = NULL;
	return rc;
}

/* ---- the table ---- */

#define GROUPP(n) { .name = (n), .types = T_OBJ, .obj = &dh_group_type }
#define KEY(n) { .name = (n), .types = T_INT | T_OBJ, .obj = &keypair_type }

static const struct builtin entries[] = {
	{
		.name = "dh.group",
		.params = { { .name = "name", .types = T_STR | T_OBJ, .obj = &dh_group_type, .optional = true },
			    { .name = "p", .types = T_INT, .optional = true },
			    { .name = "g", .types = T_INT, .optional = true },
			    { .name = "bits", .types = T_INT, .optional = true },
			    { .name = "qbits", .types = T_INT, .optional = true },
			    { .name = "safe", .types = T_BOOL, .def = "false" } },
		.summary = "a Diffie-Hellman group: named, your own p and g, or a new one",
		.help = "A group is a prime p and a generator g, both public; `G.q` is the order of g (the "
			"smallest q with g^q mod p = 1), and private exponents live modulo q. By name: "
			"\"toy\" (p = 23, g = 5, the classic worked example), \"weak64\" (deliberately weak: "
			"p - 1 has only small factors), \"modp1536\", \"modp2048\", \"modp3072\" (RFC 3526), "
			"\"ffdhe2048\", \"ffdhe3072\", \"ffdhe4096\" (RFC 7919, what TLS uses), or the PEM "
			"text of `openssl dhparam`. Your own: `dh.group(p=..., g=...)`, checked (p prime, g "
			"from 2 to p - 2, and the order of g found); `safe=true` insists on a safe prime. A "
			"new one: `dh.group(bits=32)`, a safe prime of that many bits (5 to 512; the same "
			"under --seed), or with `qbits=` a prime q of that size dividing p - 1.",
		.example = "G = dh.group(\"toy\"); G; G.q",
		.expect = "dh group toy (the classic worked example: p = 23, g = 5)\n"
			  "  p = 23, 5 bits, a safe prime: p = 2r + 1 with r prime\n"
			  "  g = 5, of order p - 1: its powers are every number from 1 to p - 1\n"
			  "22",
		.fn = b_group,
	},
	{
		.name = "dh.groups",
		.summary = "list the named groups",
		.help = "The named groups, their sizes, generators and sources. Each RFC prime is a safe "
			"prime (p = 2q + 1 with q prime), checked in cryptolab's tests against GnuTLS, "
			"OpenSSL and the RFCs' own formulas.",
		.example = "dh.groups()",
		.fn = b_groups,
	},
	{
		.name = "dh.keypair",
		.params = { GROUPP("group"), { .name = "bits", .types = T_INT, .optional = true } },
		.summary = "a private exponent and its public value g^x mod p",
		.help = "The private exponent x is drawn from libgcrypt's random generator (repeatable under "
			"--seed), uniformly from 2 to q - 1 (RFC 7919 section 5.2 gives [2, p - 2]; g has "
			"order q, so larger ones repeat); with `bits=`, a short exponent of exactly that many "
			"bits, as RFC 7919 allows (225 bits for ffdhe2048). The public value is g^x mod p. "
			"Fields: `.private`, `.public`, `.group`.",
		.example = "G = dh.group(bits=16); k = dh.keypair(G); k; k.public == G.g ^ k.private mod G.p",
		.expect = "dh key pair in safe-16\n  private  11468  (keep it secret)\n"
			  "  public   27645  (= 3^11468 mod 42179: send it)\ntrue",
		.flags = B_SEEDED,
		.fn = b_keypair,
	},
	{
		.name = "dh.shared",
		.params = { GROUPP("group"), KEY("private"), KEY("public") },
		.summary = "the shared secret: the peer's public value to your private exponent",
		.help = "s = PUBLIC ^ PRIVATE mod p, after checking the peer's value: it must be from 2 to "
			"p - 2 (1 and p - 1 would force the secret to 1 or p - 1) and lie in the subgroup that "
			"g generates (otherwise the answer leaks your exponent modulo a small number: the "
			"small-subgroup attack). A refusal names the attack. PRIVATE may be your key pair, "
			"PUBLIC the peer's.",
		.example = "G = dh.group(\"toy\"); dh.shared(G, 6, 19); dh.shared(G, 15, 8)",
		.expect = "2\n2",
		.fn = b_shared,
	},
	{
		.name = "dh.derive_key",
		.params = { { .name = "shared", .types = T_INT }, GROUPP("group"),
			    { .name = "salt", .types = T_DATA, .optional = true },
			    { .name = "info", .types = T_DATA, .def = "\"" DH_KDF_INFO "\"" } },
		.summary = "a fernet key from a shared secret (HKDF-SHA256)",
		.help = "A shared secret is a number with structure, not a key: HKDF-SHA256 (RFC 5869, "
			"through GnuTLS) turns it into 32 uniform bytes, the Fernet key. The secret enters as "
			"bytes padded to the length of p, as TLS 1.3 and Python's cryptography give it, so "
			"both sides must name the same group. No salt by default (RFC 5869: 32 zero bytes); "
			"INFO says what the key is for and defaults to \"" DH_KDF_INFO "\": another info, "
			"another key. Python: `HKDF(hashes.SHA256(), 32, None, b\"" DH_KDF_INFO "\")"
			".derive(s.to_bytes(len_of_p, \"big\"))`, in url-safe base64.",
		.example = "k = dh.derive_key(2, \"toy\"); k; fernet.decrypt(k, fernet.encrypt(k, \"hi\"))",
		.expect = "cwrLzyW-K9zSXFHH-ETfm_aGYTqWLASvAUC5L4Zj_TY=\nhi",
		.fn = b_derive_key,
	},
	{
		.name = "dh.story",
		.params = { { .name = "group", .types = T_OBJ, .obj = &dh_group_type, .def = "\"toy\"" },
			    { .name = "a", .types = T_INT, .optional = true },
			    { .name = "b", .types = T_INT, .optional = true } },
		.summary = "the exchange with numbers, in three columns, as paint.story",
		.help = "Alice | the public channel (what Eve sees) | Bob, step by step: the group agreed in "
			"public, a secret exponent each (random, or A and B), the public values sent across, "
			"and each side raising what arrived to its own secret. Both get g^(ab) mod p. With "
			"\"toy\" and a=6, b=15 it is the classic worked example. `dh.analogy()` maps it to "
			"paint.",
		.example = "dh.story(\"toy\", a=6, b=15)",
		.expect = "  Alice                    | public channel: Eve      | Bob\n"
			  "1 agree on a group, in public\n"
			  "                           | p = 23, g = 5            |\n"
			  "2 each picks a secret exponent, and keeps it\n"
			  "  a = 6                    |                          | b = 15\n"
			  "3 each computes g^secret mod p, and sends it\n"
			  "  A = 5^6 mod 23           |                          | B = 5^15 mod 23\n"
			  "    = 8                    | A = 8 ->                 |\n"
			  "                           | <- B = 19                |   = 19\n"
			  "4 each raises what arrived to its secret\n"
			  "  s = 19^6 mod 23          |                          | s = 8^15 mod 23\n"
			  "    = 2                    |                          |   = 2\n"
			  "Both hold the same s: B^a = (g^b)^a = g^(ab) = (g^a)^b = A^b. Eve saw p, g, A\n"
			  "and B; to get s she needs a or b, the discrete logarithm of A or B.",
		.fn = b_story,
	},
	{
		.name = "dh.analogy",
		.summary = "the paint picture and the numbers, side by side",
		.help = "What each thing of the paint story stands for in the real exchange, including where "
			"the picture fails: paint can be unmixed (it is linear), the discrete logarithm "
			"cannot be computed fast for a large p.",
		.example = "dh.analogy()",
		.fn = b_analogy,
	},
	{
		.name = "dh.mitm",
		.params = { { .name = "group", .types = T_OBJ, .obj = &dh_group_type, .def = "\"ffdhe2048\"" },
			    { .name = "message", .types = T_DATA, .def = "\"meet me at the station at noon\"" } },
		.summary = "a man in the middle: two exchanges, Mallory holds both keys",
		.help = "Mallory swaps the public values: Alice shares a key with her, Bob another. The key "
			"fingerprints side by side differ, and nothing else shows it: Mallory decrypts "
			"Alice's Fernet message, changes it, encrypts it for Bob, and every check passes. "
			"Comparing fingerprints out of band, or a signature on each public value from "
			"someone both trust, reveals her.",
		.example = "dh.mitm()",
		.fn = b_mitm,
	},
	{
		.name = "dh.crack",
		.params = { GROUPP("group"), KEY("public"), { .name = "method", .types = T_STR, .def = "\"bsgs\"" },
			    { .name = "steps", .types = T_BOOL, .def = "false" },
			    { .name = "seconds", .types = T_INT, .def = "0" } },
		.summary = "find a private exponent from its public value (a discrete log)",
		.help = "Finds x with g^x mod p = PUBLIC. Methods: \"brute\" (try every x: q/2 steps on "
			"average), \"bsgs\" (baby-step giant-step: about sqrt(q) steps, and as many numbers "
			"kept in memory), \"rho\" (Pollard's rho: about sqrt(q) steps, no memory), \"ph\" "
			"(Pohlig-Hellman: one small logarithm per prime factor of q, fast when q has only "
			"small factors, no help when q is prime, which is what a safe prime ensures), and "
			"\"best\" (PARI's Fp_log: Pohlig-Hellman and index calculus, the real attacker). "
			"`steps=true` shows the tables. Ctrl-C stops it; `seconds=` limits it. Without a "
			"limit, an attack that would take too long is refused, saying how long.",
		.example = "G = dh.group(\"toy\"); dh.crack(G, 8, method=\"brute\", steps=true)",
		.expect = "try x = 0, 1, 2, ... computing g^x mod 23 by one multiplication each, until it\n"
			  "is 8\n"
			  "x  g^x mod p\n0          1\n1          5\n2          2\n3         10\n4          4\n"
			  "5         20\n6          8\n"
			  "x = 6: g^x mod p gives it back, after 6 steps\n6",
		.flags = B_SEEDED,
		.fn = b_crack,
	},
	{
		.name = "dh.timing",
		.params = { { .name = "seconds", .types = T_INT, .def = "20" } },
		.summary = "time each attack on growing groups, and extrapolate to 2048 bits",
		.help = "Cracks random exponents in safe-prime groups of growing size with each method, "
			"within about SECONDS in all, and shows the table with a log-scale bar for each "
			"row. Then the extrapolation to 2048 bits, each with its assumption: the square root "
			"of q for the generic methods at this machine's cost of a 2048-bit step, and the "
			"number field sieve by L_p[1/3] from the DLP-240 record. With the clock pinned "
			"(`--now`), steps are "
			"counted instead of timed, so a demo repeats. Ctrl-C stops it.",
		.example = "dh.timing()",
		.flags = B_SEEDED,
		.fn = b_timing,
	},
	{ 0 }
};

const struct builtin_ns ns_dh = {
	.name = "dh",
	.topic = "Diffie-Hellman: agreeing on a key in public",
	.entries = entries,
};
