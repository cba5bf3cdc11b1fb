/* rsa.*: toy RSA by hand (libcore/rsa_toy.c), as a lecture builds it: two
 * small primes, every number shown, the extended-Euclid table that finds d,
 * square-and-multiply, the Chinese remainder theorem, text in blocks,
 * textbook signatures, the textbook pitfalls as demonstrations, and the
 * attacks: the didactic factoring methods step by step, PARI as the real
 * attacker, and a timing table extrapolated to 2048 bits.
 *
 * The toy key is one object type, "toy RSA key", public (n, e) or private.
 * rsa.encrypt and rsa.decrypt take it today; real keys (libcore/rsa.c) come
 * in their own file and are told apart by their object type. */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/bigint.h"
#include "libcore/clock.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "libcore/rsa_toy.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/render.h"
#include "repl/session.h"
#include "repl/utf8.h"

#define ZARG(i) (c->arg[(i)]->u.z)
/* Numbers longer than this many digits are shortened in tables and shows. */
#define SHORT_DIGITS 40
/* A steps table shows this many rows at the start and at the end. */
#define SHOW_HEAD 12
#define SHOW_TAIL 4

/* ---- the toy key object ---- */

static void
key_free(void *data)
{
	rsa_toy_clear(data);
	free(data);
}

static struct rsa_toy *
key_new(void)
{
	struct rsa_toy *k = xmalloc(sizeof *k);

	rsa_toy_init(k);
	return k;
}

static const struct objtype toy_type;

static struct value *
key_value(struct rsa_toy *k)
{
	return value_obj(&toy_type, k);
}

static const char *const private_fields[] = { "p", "q", "n", "phi", "lambda", "e", "d", "dp", "dq",
					      "qinv", "bits", "public", NULL };

static int
key_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct rsa_toy *k = data;
	static const struct { const char *name; size_t off; } nums[] = {
		{ "p", offsetof(struct rsa_toy, p) }, { "q", offsetof(struct rsa_toy, q) },
		{ "phi", offsetof(struct rsa_toy, phi) }, { "lambda", offsetof(struct rsa_toy, lambda) },
		{ "d", offsetof(struct rsa_toy, d) }, { "dp", offsetof(struct rsa_toy, dp) },
		{ "dq", offsetof(struct rsa_toy, dq) }, { "qinv", offsetof(struct rsa_toy, qinv) },
	};

	if (strcmp(name, "n") == 0) {
		*out = value_int(k->n);
		return 0;
	}
	if (strcmp(name, "e") == 0) {
		*out = value_int(k->e);
		return 0;
	}
	if (strcmp(name, "bits") == 0) {
		*out = value_int_si((long)mpz_sizeinbase(k->n, 2));
		return 0;
	}
	if (strcmp(name, "public") == 0) {
		struct rsa_toy *pub = key_new();

		rsa_toy_public(pub, k);
		*out = key_value(pub);
		return 0;
	}
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (strcmp(name, nums[i].name) == 0) {
			if (!k->is_private)
				return cl_fail(err, GPG_ERR_NO_SECKEY, "a public key has only n and e (and bits); "
					       "'%s' is the owner's secret, and rsa.crack(k) tries to find it",
					       name);
			*out = value_int(*(const mpz_t *)((const char *)k + nums[i].off));
			return 0;
		}
	return cl_fail(err, GPG_ERR_INV_NAME, "a toy RSA key has no field '%s' (it has p, q, n, phi, "
		       "lambda, e, d, dp, dq, qinv, bits and public)", name);
}

/* Z in decimal, or "123456789012...123456789012 (617 digits)". */
static char *
short_z(const mpz_t z)
{
	char buf[80];

	if (mpz_sizeinbase(z, 10) <= SHORT_DIGITS)
		return mpz_get_str(NULL, 10, z);
	return xstrdup(bigint_short(buf, sizeof buf, z));
}

static char *
cell_short(const mpz_t z)
{
	return short_z(z);
}

static void
show_line(FILE *out, const char *name, const mpz_t z, const char *note)
{
	char *s = short_z(z);

	fprintf(out, "\n  %-7s %s", name, s);
	if (note)
		fprintf(out, "%*s%s", (int)(strlen(s) < 10 ? 10 - strlen(s) : 2), "", note);
	free(s);
}

static void
key_show(const void *data, FILE *out)
{
	const struct rsa_toy *k = data;

	if (!k->is_private) {
		fprintf(out, "toy RSA public key, n of %zu bits", mpz_sizeinbase(k->n, 2));
		show_line(out, "n", k->n, NULL);
		show_line(out, "e", k->e, NULL);
		return;
	}
	fprintf(out, "toy RSA key, n of %zu bits", mpz_sizeinbase(k->n, 2));
	show_line(out, "p", k->p, NULL);
	show_line(out, "q", k->q, NULL);
	show_line(out, "n", k->n, "p*q");
	show_line(out, "phi", k->phi, "(p-1)*(q-1)");
	show_line(out, "lambda", k->lambda, "lcm(p-1, q-1)");
	show_line(out, "e", k->e, NULL);
	show_line(out, "d", k->d, "e*d mod phi = 1");
	fprintf(out, "\npublic: n and e (k.public); private: d, p and q");
}

static const struct objtype toy_type = {
	.name = "toy RSA key",
	.free = key_free,
	.field = key_field,
	.fields = private_fields,
	.show = key_show,
};

static const struct rsa_toy *
key_arg(struct call *c, int i)
{
	return c->arg[i]->u.obj.data;
}

/* ---- output helpers ---- */

/* A table whose rows are long: the first SHOW_HEAD and the last SHOW_TAIL
 * rows of NROWS are shown, with one row of "..." between. KEEP(i) says
 * whether row i is one of them; ELIDED adds the "..." row. */
static bool
keep_row(size_t i, size_t nrows)
{
	return nrows <= SHOW_HEAD + SHOW_TAIL + 1 || i < SHOW_HEAD || i >= nrows - SHOW_TAIL;
}

/* How many rows of NROWS the "..." row stands for. */
static size_t
left_out(size_t nrows)
{
	return nrows <= SHOW_HEAD + SHOW_TAIL + 1 ? 0 : nrows - SHOW_HEAD - SHOW_TAIL;
}

static void
add_elided_row(struct table *t)
{
	char *row[TABLE_MAX_COLS];

	for (int i = 0; i < t->ncols; i++)
		row[i] = cell_s("...");
	table_add(t, row);
}

/* After a table with a "..." row: how many rows it stands for. */
static void
say_left_out(struct session *s, unsigned long long n)
{
	if (n)
		fprintf(s->out, "%s(%llu row%s left out at the \"...\")%s\n", color(s, COL_DIM), n,
			n == 1 ? "" : "s", color(s, COL_RESET));
}

/* Dim text, printed with gmp_vfprintf (%Zd takes an mpz_t; so no printf
 * format checking here). */
static void
dim(struct session *s, const char *fmt, ...)
{
	va_list ap;

	fputs(color(s, COL_DIM), s->out);
	va_start(ap, fmt);
	gmp_vfprintf(s->out, fmt, ap);
	va_end(ap);
	fputs(color(s, COL_RESET), s->out);
}

/* A duration for people: "0.0031 s", "2.4 s", "3 min", "5.2 hours", "1e+12 years". */
static void
fmt_duration(char *buf, size_t size, double sec)
{
	const double year = 365.25 * 86400;

	if (sec < 0.001)
		snprintf(buf, size, "%.2g ms", sec * 1000);
	else if (sec < 60)
		snprintf(buf, size, "%.2g s", sec);
	else if (sec < 3600)
		snprintf(buf, size, "%.2g min", sec / 60);
	else if (sec < 86400)
		snprintf(buf, size, "%.2g hours", sec / 3600);
	else if (sec < year)
		snprintf(buf, size, "%.2g days", sec / 86400);
	else
		snprintf(buf, size, "%.2g years", sec / year);
}

/* A duration given as its log10 (it may be far beyond a double). */
static void
fmt_log_duration(char *buf, size_t size, double log10_sec)
{
	const double log10_year = log10(365.25 * 86400);

	if (log10_sec < 12)
		fmt_duration(buf, size, pow(10, log10_sec));
	else
		snprintf(buf, size, "10^%.0f years", log10_sec - log10_year);
}

/* Durations are shown unless the clock is pinned (--now): then output must
 * repeat exactly, for demos and golden transcripts, and step counts stand
 * in for times. */
static bool
show_times(void)
{
	return !clock_pinned();
}

/* Bytes as text safe for a terminal, in quotes: printable ASCII and whole
 * UTF-8 characters from U+00A0 up as they are, every other byte (controls,
 * a character cut in two by a block) as \xNN. */
static char *
safe_text(const unsigned char *p, size_t n)
{
	char *s = xmalloc(4 * n + 3), *o = s;

	*o++ = '"';
	for (size_t i = 0; i < n; ) {
		size_t len = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc0 ? 2 : 1;

		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\') {
			*o++ = (char)p[i++];
			continue;
		}
		/* U+0080 to U+009F (C1 controls) are c2 80 to c2 9f */
		if (len > 1 && i + len <= n && utf8_valid((const char *)p + i, len, NULL)
		    && !(p[i] == 0xc2 && p[i + 1] < 0xa0)) {
			memcpy(o, p + i, len);
			o += len;
			i += len;
			continue;
		}
		o += sprintf(o, "\\x%02x", p[i++]);
	}
	*o++ = '"';
	*o = '\0';
	return s;
}

/* N bytes in hex, "..." after them when MORE. */
static char *
hex_of(const unsigned char *p, size_t n, bool more)
{
	char *s = xmalloc(2 * n + 4);

	for (size_t i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	strcpy(s + 2 * n, more ? "..." : "");
	return s;
}

/* ---- making keys ---- */

static int
b_toy(struct call *c, struct value **out)
{
	struct rsa_toy *k = key_new();

	if (rsa_toy_make(k, ZARG(0), ZARG(1), ZARG(2), c->err)) {
		key_free(k);
		return -1;
	}
	*out = key_value(k);
	return 0;
}

/* The extended-Euclid table of (phi, e), capped, with t the coefficient of e. */
static int
show_egcd(struct session *s, const mpz_t phi, const mpz_t e, struct cl_error *err)
{
	struct egcd_row *rows;
	size_t n;
	struct table t = { .ncols = 6 };

	if (bigint_egcd_steps(&rows, &n, phi, e, err))
		return -1;
	table_add(&t, (char *[]){ cell_s("a"), cell_s("b"), cell_s("q"), cell_s("r"), cell_s("s"),
				  cell_s("t") });
	for (size_t i = 0; i < n; i++) {
		if (!keep_row(i, n)) {
			if (i == SHOW_HEAD)
				add_elided_row(&t);
			continue;
		}
		table_add(&t, (char *[]){ cell_short(rows[i].a), cell_short(rows[i].b), cell_short(rows[i].q),
					  cell_short(rows[i].r), cell_short(rows[i].s), cell_short(rows[i].t) });
	}
	render_table(s, &t);
	table_free(&t);
	say_left_out(s, left_out(n));
	bigint_egcd_rows_free(rows, n);
	return 0;
}

static int
b_toy_steps(struct call *c, struct value **out)
{
	struct session *s = c->s;
	struct rsa_toy *k = key_new();
	mpz_t g, x, y, dl, t, pm1, qm1;
	char *sd;

	if (rsa_toy_make(k, ZARG(0), ZARG(1), ZARG(2), c->err)) {
		key_free(k);
		return -1;
	}
	mpz_inits(g, x, y, dl, t, pm1, qm1, NULL);
	mpz_sub_ui(pm1, k->p, 1);
	mpz_sub_ui(qm1, k->q, 1);
	gmp_fprintf(s->out, "%sn = p*q%s = %Zd * %Zd = %Zd\n", color(s, COL_BOLD), color(s, COL_RESET),
		    k->p, k->q, k->n);
	dim(s, "  n is public; p and q are secret\n");
	gmp_fprintf(s->out, "%sphi = (p-1)*(q-1)%s = %Zd * %Zd = %Zd\n", color(s, COL_BOLD),
		    color(s, COL_RESET), pm1, qm1, k->phi);
	dim(s, "  phi counts the numbers below n that share no factor with it; m^phi mod n = 1 for them\n");
	gmp_fprintf(s->out, "%sgcd(e, phi)%s = gcd(%Zd, %Zd) = 1, so e has an inverse d modulo phi\n",
		    color(s, COL_BOLD), color(s, COL_RESET), k->e, k->phi);
	if (mpz_cmp(k->e, k->phi) > 0) {
		mpz_mod(t, k->e, k->phi);
		dim(s, "  (e is larger than phi; only e mod phi = %Zd matters for d)\n", t);
	}
	gmp_fprintf(s->out, "%sd = e^-1 mod phi%s, by the extended Euclidean algorithm on phi and e;\n"
		    "each row divides a = q*b + r and writes r = %Zd*s + %Zd*t:\n", color(s, COL_BOLD),
		    color(s, COL_RESET), k->phi, k->e);
	if (show_egcd(s, k->phi, k->e, c->err))
		goto fail;
	bigint_egcd(g, x, y, k->phi, k->e);
	gmp_fprintf(s->out, "the last remainder before 0 is 1 = %Zd*(%Zd) + %Zd*(%Zd), so %Zd*(%Zd) mod %Zd "
		    "= 1\n", k->phi, x, k->e, y, k->e, y, k->phi);
	if (mpz_sgn(y) < 0)
		gmp_fprintf(s->out, "t is negative: add phi once, d = %Zd + %Zd = %Zd\n", y, k->phi, k->d);
	else
		gmp_fprintf(s->out, "d = %Zd\n", k->d);
	mpz_mul(t, k->e, k->d);
	gmp_fprintf(s->out, "%scheck%s: e*d mod phi = %Zd * %Zd mod %Zd = %Zd mod %Zd = ", color(s, COL_BOLD),
		    color(s, COL_RESET), k->e, k->d, k->phi, t, k->phi);
	mpz_mod(t, t, k->phi);
	gmp_fprintf(s->out, "%Zd %s\n", t, mpz_cmp_ui(t, 1) == 0 ? "(right)" : "(WRONG)");

	mpz_invert(dl, k->e, k->lambda);
	gmp_fprintf(s->out, "%sthe smaller d%s: lambda = lcm(p-1, q-1) = lcm(%Zd, %Zd) = %Zd, and "
		    "e^-1 mod lambda = %Zd\n", color(s, COL_BOLD), color(s, COL_RESET), pm1, qm1, k->lambda, dl);
	mpz_divexact(t, k->phi, k->lambda);
	sd = short_z(k->d);
	dim(s, "  both work: m^lambda = 1 modulo p and modulo q for every m coprime to n (Carmichael),\n"
	    "  so m^(e*d) = m whenever e*d = 1 mod lambda; phi = %Zd * lambda, so d = %s\n"
	    "  is one of the numbers %Zd + j*%Zd, and each of them decrypts. Real keys (PKCS#1,\n"
	    "  FIPS 186) use the one from lambda.\n", t, sd, dl, k->lambda);
	free(sd);
	mpz_clears(g, x, y, dl, t, pm1, qm1, NULL);
	*out = key_value(k);
	return 0;
fail:
	mpz_clears(g, x, y, dl, t, pm1, qm1, NULL);
	key_free(k);
	return -1;
}

static int
b_toy_random(struct call *c, struct value **out)
{
	unsigned long bits;
	struct rsa_toy *k;
	const char *weak = c->arg[2]->u.s.p;
	int w = rsa_toy_weak_parse(weak);
	mpz_t e;

	if (arg_ulong(c, 0, 12, RSA_TOY_MAX_BITS, &bits))
		return -1;
	if (w < 0)
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "rsa.toy.random: weak must be \"none\", \"close\" "
			       "(for Fermat), \"smooth\" (for p - 1) or \"small-d\" (for Wiener), not \"%s\"",
			       weak);
	if (w == RSA_WEAK_SMALL_D && c->arg[1])
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "with weak=\"small-d\" the key picks a small d "
			       "first and e follows from it: leave e out");
	mpz_init_set_ui(e, 65537);
	if (c->arg[1])
		mpz_set(e, ZARG(1));
	k = key_new();
	if (rsa_toy_random(k, bits, e, w, c->err)) {
		mpz_clear(e);
		key_free(k);
		return -1;
	}
	mpz_clear(e);
	*out = key_value(k);
	return 0;
}

/* ---- encrypting and decrypting ---- */

/* A toy key argument, for the builtins that real keys will also take. */
static int
toy_key_arg(struct call *c, int i, const struct rsa_toy **k)
{
	if (!value_is_obj(c->arg[i], &toy_type))
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: '%s' must be a toy RSA key (from rsa.toy or "
			       "rsa.toy.random), not %s", c->b->name, c->b->params[i].name,
			       value_type_name(c->arg[i]));
	*k = key_arg(c, i);
	return 0;
}

/* A message or ciphertext argument must be a number; text is refused with the way to go. */
static int
number_arg(struct call *c, int i, const char *what)
{
	if (c->arg[i]->type == V_INT)
		return 0;
	return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: textbook RSA works on a %s that is a number below n, "
		       "not on %s; %s", c->b->name, what, value_type_name(c->arg[i]),
		       strcmp(what, "message") == 0
		       ? "rsa.encrypt_text cuts text into numbers (or int(\"...\") makes one)"
		       : "text comes back from its blocks with rsa.decrypt_text");
}

/* The square-and-multiply table of a^e mod n, capped. */
static int
show_powmod(struct session *s, const mpz_t a, const mpz_t e, const mpz_t n, const char *aname,
	    const char *ename, struct cl_error *err)
{
	struct powmod_row *rows;
	size_t nrows;
	struct table t = { .ncols = 3 };
	char *bin, *sn, *se;
	mpz_t r;

	mpz_init(r);
	if (bigint_powmod_steps(&rows, &nrows, r, a, e, n, err)) {
		mpz_clear(r);
		return -1;
	}
	bin = mpz_get_str(NULL, 2, e);
	if (strlen(bin) > 64)
		strcpy(bin + 28, "...");
	sn = short_z(n);
	se = short_z(e);
	dim(s, "%s = %s = %s in binary (%zu bits)\nx starts at 1; for each bit, from the left: square x, and "
	    "times %s if it is 1\n", ename, se, bin, nrows, aname);
	table_add(&t, (char *[]){ cell_s("bit"), cell_f("x = x*x mod %s", sn),
				  cell_f("x = x*%s mod %s", aname, sn) });
	for (size_t i = 0; i < nrows; i++) {
		if (!keep_row(i, nrows)) {
			if (i == SHOW_HEAD)
				add_elided_row(&t);
			continue;
		}
		table_add(&t, (char *[]){ cell_s(rows[i].bit ? "1" : "0"), cell_short(rows[i].after_square),
					  rows[i].bit ? cell_short(rows[i].after_multiply) : cell_s("-") });
	}
	render_table(s, &t);
	table_free(&t);
	say_left_out(s, left_out(nrows));
	if (mpz_sizeinbase(e, 2) <= 62)
		dim(s, "%zu squarings and %lu multiplications, not the %lu multiplications of %s * %s * ... * %s\n",
		    nrows, mpz_popcount(e), mpz_get_ui(e) - 1, aname, aname, aname);
	else
		dim(s, "%zu squarings and %lu multiplications, not the 2^%zu or more of %s * %s * ... * %s\n",
		    nrows, mpz_popcount(e), mpz_sizeinbase(e, 2) - 1, aname, aname, aname);
	free(bin);
	free(sn);
	free(se);
	bigint_powmod_rows_free(rows, nrows);
	mpz_clear(r);
	return 0;
}

static bool
flag_arg(struct call *c, int i)
{
	return c->arg[i] && c->arg[i]->u.b;
}

static int
b_encrypt(struct call *c, struct value **out)
{
	const struct rsa_toy *k;
	mpz_t r;

	if (toy_key_arg(c, 0, &k) || number_arg(c, 1, "message"))
		return -1;
	mpz_init(r);
	if (rsa_toy_encrypt(r, k, ZARG(1), c->err)
	    || (flag_arg(c, 2) && show_powmod(c->s, ZARG(1), k->e, k->n, "m", "e", c->err))) {
		mpz_clear(r);
		return -1;
	}
	*out = value_int_take(r);
	return 0;
}

static int
b_decrypt(struct call *c, struct value **out)
{
	const struct rsa_toy *k;
	mpz_t r;

	if (toy_key_arg(c, 0, &k) || number_arg(c, 1, "ciphertext"))
		return -1;
	mpz_init(r);
	if (rsa_toy_decrypt(r, k, ZARG(1), c->err)
	    || (flag_arg(c, 2) && show_powmod(c->s, ZARG(1), k->d, k->n, "c", "d", c->err))) {
		mpz_clear(r);
		return -1;
	}
	*out = value_int_take(r);
	return 0;
}

static int
b_decrypt_crt(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct rsa_toy *k;
	struct rsa_toy_crt r;
	char *z[12];
	mpz_t pm1, qm1;

	if (toy_key_arg(c, 0, &k) || number_arg(c, 1, "ciphertext"))
		return -1;
	rsa_toy_crt_init(&r);
	if (rsa_toy_decrypt_crt(&r, k, ZARG(1), c->err)) {
		rsa_toy_crt_clear(&r);
		return -1;
	}
	mpz_inits(pm1, qm1, NULL);
	mpz_sub_ui(pm1, k->p, 1);
	mpz_sub_ui(qm1, k->q, 1);
	z[0] = short_z(ZARG(1)); z[1] = short_z(k->p); z[2] = short_z(k->q); z[3] = short_z(k->dp);
	z[4] = short_z(k->dq); z[5] = short_z(r.mp); z[6] = short_z(r.mq); z[7] = short_z(k->qinv);
	z[8] = short_z(r.h); z[9] = short_z(r.m); z[10] = short_z(r.cp); z[11] = short_z(r.cq);
	dim(s, "two half-size powers instead of one: modulo p and modulo q, then glued together\n");
	fprintf(s->out, "half p:  dp = d mod (p-1) = %s, and m_p = c^dp mod p = %s^%s mod %s = %s\n",
		z[3], z[10], z[3], z[1], z[5]);
	fprintf(s->out, "half q:  dq = d mod (q-1) = %s, and m_q = c^dq mod q = %s^%s mod %s = %s\n",
		z[4], z[11], z[4], z[2], z[6]);
	fprintf(s->out, "glue:    qinv = q^-1 mod p = %s, h = qinv*(m_p - m_q) mod p = %s\n", z[7], z[8]);
	fprintf(s->out, "         m = m_q + h*q = %s + %s*%s = %s\n", z[6], z[8], z[2], z[9]);
	dim(s, "(c is reduced first: c mod p = %s and c mod q = %s.)\nFermat's little theorem lets d "
	    "shrink to d mod (p-1): numbers and exponents of\nhalf the size make it about 4 times "
	    "faster.\n", z[10], z[11]);
	for (int i = 0; i < 12; i++)
		free(z[i]);
	mpz_clears(pm1, qm1, NULL);
	*out = value_int(r.m);
	rsa_toy_crt_clear(&r);
	return 0;
}

/* ---- text ---- */

static int
b_encrypt_text(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct rsa_toy *k;
	const char *p;
	size_t n, nb, b;
	mpz_t *blocks;
	struct value **items;
	struct table t = { .ncols = 5, .left = 1u << 1 };
	char *se;

	if (toy_key_arg(c, 0, &k))
		return -1;
	arg_data(c, 1, &p, &n);
	if (rsa_toy_text_blocks(&blocks, &nb, k, p, n, c->err))
		return -1;
	if (nb == 0) {
		free(blocks);
		*out = value_list(NULL, 0);
		return 0;
	}
	b = rsa_toy_block_bytes(k);
	se = short_z(k->e);
	dim(s, "n has %zu bits, so a block is %zu byte%s (256^%zu is below n); the bytes of each\n"
	    "block, read as one big number m, are encrypted as c = m^%s mod n\n", mpz_sizeinbase(k->n, 2), b,
	    b == 1 ? "" : "s", b, se);
	table_add(&t, (char *[]){ cell_s("block"), cell_s("text"), cell_s("bytes (hex)"), cell_s("m"),
				  cell_s("c") });
	items = xcalloc(nb ? nb : 1, sizeof *items);
	for (size_t i = 0; i < nb; i++) {
		const unsigned char *bp = (const unsigned char *)p + i * b;
		size_t len = i + 1 < nb ? b : n - i * b;
		mpz_t ct;

		if (cl_check_interrupt(c->err)) {
			for (size_t j = 0; j < i; j++)
				value_unref(items[j]);
			free(items);
			table_free(&t);
			bigint_factors_free(blocks, nb);
			free(se);
			return -1;
		}
		mpz_init(ct);
		rsa_toy_encrypt(ct, k, blocks[i], NULL);
		if (keep_row(i, nb))
			table_add(&t, (char *[]){ cell_f("%zu", i + 1), safe_text(bp, len > 24 ? 24 : len),
						  hex_of(bp, len > 24 ? 24 : len, len > 24),
						  cell_short(blocks[i]), cell_short(ct) });
		else if (i == SHOW_HEAD)
			add_elided_row(&t);
		items[i] = value_int_take(ct);
	}
	render_table(s, &t);
	table_free(&t);
	say_left_out(s, left_out(nb));
	bigint_factors_free(blocks, nb);
	free(se);
	*out = value_list(items, nb);
	return 0;
}

static int
b_decrypt_text(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct rsa_toy *k;
	const struct value *list = c->arg[1];
	size_t nb = list->u.list.n, len = 0;
	unsigned char *text = NULL;
	struct table t = { .ncols = 4, .left = 1u << 3 };
	mpz_t m;
	int rc = -1;

	if (toy_key_arg(c, 0, &k))
		return -1;
	if (nb > RSA_TOY_MAX_TEXT)
		return cl_fail(c->err, GPG_ERR_TOO_LARGE, "%zu blocks are more than toy RSA takes (%d)", nb,
			       RSA_TOY_MAX_TEXT);
	mpz_init(m);
	table_add(&t, (char *[]){ cell_s("block"), cell_s("c"), cell_s("m = c^d mod n"), cell_s("text") });
	for (size_t i = 0; i < nb; i++) {
		const struct value *v = list->u.list.items[i];
		unsigned char *bytes;
		size_t bn;
		struct cl_error e;

		if (cl_check_interrupt(c->err))
			goto leave;
		if (v->type != V_INT) {
			cl_fail(c->err, GPG_ERR_INV_ARG, "block %zu of the list is %s, not a number (the list "
				"rsa.encrypt_text gives)", i + 1, value_type_name(v));
			goto leave;
		}
		if (rsa_toy_decrypt(m, k, v->u.z, &e)) {
			cl_fail(c->err, e.code, "block %zu: %s", i + 1, e.msg);
			goto leave;
		}
		if (rsa_toy_block_bytes_of(&bytes, &bn, k, m, i, nb, c->err))
			goto leave;
		if (keep_row(i, nb))
			table_add(&t, (char *[]){ cell_f("%zu", i + 1), cell_short(v->u.z), cell_short(m),
						  safe_text(bytes, bn > 24 ? 24 : bn) });
		else if (i == SHOW_HEAD)
			add_elided_row(&t);
		text = xrealloc(text, len + bn + 1);
		memcpy(text + len, bytes, bn);
		len += bn;
		free(bytes);
	}
	if (nb)
		render_table(s, &t);
	say_left_out(s, left_out(nb));
	if (!text)
		*out = value_str("", 0);
	else if (utf8_valid((const char *)text, len, NULL))
		*out = value_str((const char *)text, len);
	else
		*out = value_bytes(text, len);
	rc = 0;
leave:
	table_free(&t);
	free(text);
	mpz_clear(m);
	return rc;
}

/* ---- signatures ---- */

/* The number a signature covers: the number itself, or SHA-256 of the text
 * reduced modulo n (told, with the caveat, when SAY). */
static int
signed_number(struct call *c, const struct rsa_toy *k, int i, mpz_t m, bool say)
{
	struct session *s = c->s;
	const char *p;
	size_t n;
	mpz_t h;
	char *sh, *sm, *sn;

	if (c->arg[i]->type == V_INT) {
		mpz_set(m, ZARG(i));
		return 0;
	}
	arg_data(c, i, &p, &n);
	mpz_init(h);
	rsa_toy_hash(h, m, k, p, n);
	if (say) {
		sh = short_z(h);
		sm = short_z(m);
		sn = short_z(k->n);
		fprintf(s->out, "h = sha256(message) read as a number = %s\n", sh);
		if (mpz_cmp(h, k->n) >= 0) {
			fprintf(s->out, "h is not below n: h mod n = %s is signed\n", sm);
			dim(s, "caveat: n has %zu bits and the hash 256, so h mod n keeps only about %zu bits of\n"
			    "the hash: many texts share that number, and so this signature. Real RSA signs\n"
			    "the whole hash, padded (PSS, RFC 8017), under an n of 2048 bits or more.\n",
			    mpz_sizeinbase(k->n, 2), mpz_sizeinbase(k->n, 2) - 1);
		} else {
			fprintf(s->out, "h is below n, so h itself is signed\n");
			dim(s, "caveat: a textbook signature of a bare hash, without padding: signatures\n"
			    "multiply (s1*s2 mod n signs h1*h2 mod n), which forgers use. Real RSA pads the\n"
			    "hash first (PSS, RFC 8017).\n");
		}
		free(sh);
		free(sm);
		free(sn);
	}
	mpz_clear(h);
	return 0;
}

static int
b_sign(struct call *c, struct value **out)
{
	const struct rsa_toy *k;
	mpz_t m, sig;

	if (toy_key_arg(c, 0, &k))
		return -1;
	if (!k->is_private)
		return cl_fail(c->err, GPG_ERR_NO_SECKEY, "this is a public key (n and e): signing needs d, "
			       "which only the key's owner has");
	mpz_inits(m, sig, NULL);
	if (signed_number(c, k, 1, m, true) || rsa_toy_sign(sig, k, m, c->err)) {
		mpz_clears(m, sig, NULL);
		return -1;
	}
	mpz_clear(m);
	*out = value_int_take(sig);
	return 0;
}

static int
b_verify(struct call *c, struct value **out)
{
	const struct rsa_toy *k;
	bool good;
	mpz_t m;

	if (toy_key_arg(c, 0, &k))
		return -1;
	mpz_init(m);
	if (signed_number(c, k, 1, m, false) || rsa_toy_verify(&good, k, m, ZARG(2), c->err)) {
		mpz_clear(m);
		return -1;
	}
	mpz_clear(m);
	*out = value_bool(good);
	return 0;
}

/* ---- the pitfalls ---- */

static int
b_root(struct call *c, struct value **out)
{
	unsigned long k;
	mpz_t r;

	if (arg_ulong(c, 1, 2, 65537, &k))
		return -1;
	mpz_init(r);
	if (rsa_toy_root(r, ZARG(0), k, c->err)) {
		mpz_clear(r);
		return -1;
	}
	*out = value_int_take(r);
	return 0;
}

/* Integers out of a list argument, each named in errors by its place. */
static int
int_list_arg(struct call *c, int i, mpz_t **v, size_t *n)
{
	const struct value *l = c->arg[i];

	*v = NULL;
	*n = l->u.list.n;
	for (size_t j = 0; j < *n; j++)
		if (l->u.list.items[j]->type != V_INT)
			return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: item %zu of '%s' is %s, not a number",
				       c->b->name, j + 1, c->b->params[i].name,
				       value_type_name(l->u.list.items[j]));
	*v = xcalloc(*n ? *n : 1, sizeof **v);
	for (size_t j = 0; j < *n; j++)
		mpz_init_set((*v)[j], l->u.list.items[j]->u.z);
	return 0;
}

static int
b_hastad(struct call *c, struct value **out)
{
	struct session *s = c->s;
	mpz_t *cs = NULL, *ns = NULL, m, x, prod;
	size_t nc, nn;
	unsigned long e;
	int rc = -1;

	if (arg_ulong(c, 2, 2, 64, &e) || int_list_arg(c, 0, &cs, &nc) || int_list_arg(c, 1, &ns, &nn))
		goto leave0;
	if (nc != nn) {
		cl_fail(c->err, GPG_ERR_INV_VALUE, "rsa.hastad: %zu ciphertexts and %zu moduli; each "
			"ciphertext goes with the modulus of its key", nc, nn);
		goto leave0;
	}
	mpz_inits(m, x, prod, NULL);
	if (rsa_toy_hastad(m, x, prod, (const mpz_t *)cs, (const mpz_t *)ns, nc, e, c->err))
		goto leave;
	{
		char *sx = short_z(x), *sp = short_z(prod), *sm = short_z(m);

		dim(s, "the Chinese remainder theorem finds the one x below n1*n2*...*n%zu with x = c_i mod n_i:\n",
		    nc);
		fprintf(s->out, "x = %s (%zu bits), below the product %s (%zu bits)\n", sx,
			mpz_sizeinbase(x, 2), sp, mpz_sizeinbase(prod, 2));
		dim(s, "m^%lu is below that product (m is below every n_i), so x is m^%lu itself, not reduced:\n",
		    e, e);
		fprintf(s->out, "m = the integer %s root of x = %s\n", e == 2 ? "square" : e == 3 ? "cube" : "e-th",
			sm);
		free(sx);
		free(sp);
		free(sm);
	}
	*out = value_int(m);
	rc = 0;
leave:
	mpz_clears(m, x, prod, NULL);
leave0:
	if (cs)
		bigint_factors_free(cs, nc);
	if (ns)
		bigint_factors_free(ns, nn);
	return rc;
}

/* ---- breaking ---- */

/* The headings of each method's rows (NULL: fewer columns). */
static const char *const crack_heads[RSA_NMETHODS][RSA_CRACK_COLS] = {
	[RSA_TRIAL] = { "d", "n mod d" },
	[RSA_FERMAT] = { "a", "a^2 - n", "square of" },
	[RSA_RHO] = { "i", "x (i steps)", "y (2i steps)", "gcd(x - y, n)" },
	[RSA_BRENT] = { "r", "steps", "gcd" },
	[RSA_PM1] = { "j", "a = 2^(j!) mod n", "gcd(a - 1, n)" },
	[RSA_WIENER] = { "k", "d", "phi = (e*d - 1)/k" },
};

static const char *const crack_intro[RSA_NMETHODS] = {
	[RSA_TRIAL] = "trial division: divide n by 2, 3, 5, 7, 9, ... until one divides; about sqrt(n)/2 "
		      "divisions when p and q are of the same size",
	[RSA_FERMAT] = "Fermat's method: n = a^2 - b^2 = (a - b)(a + b); try a from ceil(sqrt(n)) up until "
		       "a^2 - n is a square b^2: at once when p and q are close",
	[RSA_RHO] = "Pollard's rho: the walk x -> x^2 + 1 mod n repeats modulo p after about sqrt(p) steps "
		    "(the birthday paradox); the tortoise x and the hare y, twice as fast, meet there, and "
		    "gcd(x - y, n) shows p",
	[RSA_BRENT] = "Pollard-Brent: the same walk as rho, with Brent's cycle finding and one gcd for a batch "
		      "of differences multiplied together (one row per gcd)",
	[RSA_PM1] = "Pollard's p - 1: when every prime factor of p - 1 is at most j, p - 1 divides j!, so "
		    "a = 2^(j!) = 1 modulo p (Fermat's little theorem) and gcd(a - 1, n) shows p",
	[RSA_WIENER] = "Wiener's attack: e*d - k*phi = 1, so k/d is close to e/n; when d < n^(1/4)/3 it is "
		       "one of the convergents of the continued fraction of e/n; each gives a phi to try",
	[RSA_BEST] = "PARI's factorint, a real attacker's tool: trial division, rho, SQUFOF, then the elliptic "
		     "curve method (ECM) and the quadratic sieve, in a separate process",
};

static const char *const method_long[RSA_NMETHODS] = {
	"trial division", "Fermat's method", "Pollard's rho", "Pollard-Brent", "Pollard's p - 1",
	"Wiener's attack", "PARI's factorint",
};

static const char *const step_word[RSA_NMETHODS] = {
	"division", "value of a", "step", "step", "power", "convergent", "run",
};
static const char *const step_words[RSA_NMETHODS] = {
	"divisions", "values of a", "steps", "steps", "powers", "convergents", "runs",
};

static void
show_crack_rows(struct session *s, const struct rsa_crack *r, enum rsa_method m)
{
	struct table t = { 0 };
	unsigned long long shown_tail, skipped = 0;
	int ncols = 0;
	char *row[RSA_CRACK_COLS];

	while (ncols < RSA_CRACK_COLS && crack_heads[m][ncols])
		ncols++;
	if (!ncols || !r->nrows)
		return;
	t.ncols = ncols;
	for (int i = 0; i < ncols; i++)
		row[i] = cell_s(crack_heads[m][i]);
	table_add(&t, row);
	for (unsigned long long i = 0; i < r->nrows && i < RSA_CRACK_HEAD; i++) {
		const struct rsa_crack_row *w = &r->head[i];

		for (int j = 0; j < ncols; j++)
			row[j] = mpz_sgn(w->v[j]) < 0 ? cell_s("-") : cell_short(w->v[j]);
		table_add(&t, row);
	}
	if (r->nrows > RSA_CRACK_HEAD) {
		unsigned long long rest = r->nrows - RSA_CRACK_HEAD;

		shown_tail = rest < RSA_CRACK_TAIL ? rest : RSA_CRACK_TAIL;
		if (rest > shown_tail) {
			for (int j = 0; j < ncols; j++)
				row[j] = cell_s("...");
			table_add(&t, row);
			skipped = rest - shown_tail;
		}
		for (unsigned long long i = r->nrows - shown_tail; i < r->nrows; i++) {
			const struct rsa_crack_row *w = &r->tail[(i - RSA_CRACK_HEAD) % RSA_CRACK_TAIL];

			for (int j = 0; j < ncols; j++)
				row[j] = mpz_sgn(w->v[j]) < 0 ? cell_s("-") : cell_short(w->v[j]);
			table_add(&t, row);
		}
	}
	render_table(s, &t);
	table_free(&t);
	say_left_out(s, skipped);
}

/* n and e of a key or of a bare modulus (E_ARG: the e= argument, or NULL). */
static int
target_arg(struct call *c, struct rsa_toy *pub, const struct value *e_arg)
{
	if (c->arg[0]->type == V_INT) {
		mpz_t e;
		int rc;

		if (mpz_cmp_ui(ZARG(0), RSA_TOY_MIN_N) < 0) {
			char q[64];

			return cl_fail(c->err, GPG_ERR_INV_VALUE, "'%s' is below %d, too small for a toy key; "
				       "factor(n) factors any number", bigint_short(q, sizeof q, ZARG(0)),
				       RSA_TOY_MIN_N);
		}
		mpz_init_set_ui(e, 65537);
		if (e_arg)
			mpz_set(e, e_arg->u.z);
		rc = rsa_toy_public_make(pub, ZARG(0), e, c->err);
		mpz_clear(e);
		return rc;
	}
	if (!value_is_obj(c->arg[0], &toy_type))
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: 'k' must be a toy RSA key or a modulus n, not %s",
			       c->b->name, value_type_name(c->arg[0]));
	if (e_arg)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: e= is for a bare modulus; the key has its own e",
			       c->b->name);
	rsa_toy_public(pub, key_arg(c, 0));
	return 0;
}

static int
b_crack(struct call *c, struct value **out)
{
	struct session *s = c->s;
	struct rsa_toy pub, *k;
	struct rsa_crack r;
	const char *mname = c->arg[1]->u.s.p;
	int m = rsa_method_parse(mname);
	unsigned long secs;
	double t0;
	char *sp, *sq, *sn, when[64] = "";
	int rc = -1;

	if (m < 0)
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "rsa.crack: no method \"%s\"; the methods are "
			       "\"trial\", \"fermat\", \"rho\", \"brent\", \"p-1\", \"wiener\" and \"best\"",
			       mname);
	if (arg_ulong(c, 3, 1, 86400, &secs))
		return -1;
	rsa_toy_init(&pub);
	rsa_crack_init(&r);
	if (target_arg(c, &pub, c->arg[4]))
		goto leave;
	r.want_rows = flag_arg(c, 2);
	r.seconds = (double)secs;
	if (r.want_rows) {
		fputs(color(s, COL_DIM), s->out);
		render_reflow(s, s->out, crack_intro[m], s->width, 0);
		fputs(color(s, COL_RESET), s->out);
	}
	t0 = clock_elapsed();
	if (rsa_crack_run(&r, pub.n, pub.e, m, c->err)) {
		if (r.want_rows)
			show_crack_rows(s, &r, m);
		goto leave;
	}
	if (show_times()) {
		char d[32];

		fmt_duration(d, sizeof d, clock_elapsed() - t0);
		snprintf(when, sizeof when, " (%s)", d);
	}
	if (r.want_rows)
		show_crack_rows(s, &r, m);
	sp = short_z(r.p);
	sq = short_z(r.q);
	sn = short_z(pub.n);
	if (mpz_cmp_ui(r.p, 2) == 0 && m != RSA_TRIAL)
		fprintf(s->out, "n is even, so 2 divides it; no method needed:\n");
	else if (m == RSA_BEST)
		fprintf(s->out, "%s split n%s:\n", method_long[m], when);
	else
		fprintf(s->out, "%s split n after %llu %s%s:\n", method_long[m], r.steps,
			r.steps == 1 ? step_word[m] : step_words[m], when);
	fprintf(s->out, "  n = %s\n  p = %s\n  q = %s\n", sn, sp, sq);
	free(sp);
	free(sq);
	free(sn);
	k = key_new();
	if (rsa_toy_make(k, r.p, r.q, pub.e, c->err)) {
		key_free(k);
		goto leave;
	}
	{
		char *sd = short_z(k->d);

		if (m == RSA_WIENER)
			fprintf(s->out, "  d = %s, the denominator of that convergent\n", sd);
		else
			fprintf(s->out, "  d = %s = e^-1 mod (p-1)*(q-1)\n", sd);
		fprintf(s->out, "the private key is rebuilt\n");
		free(sd);
	}
	*out = key_value(k);
	rc = 0;
leave:
	rsa_crack_clear(&r);
	rsa_toy_clear(&pub);
	return rc;
}

/* ---- timing ---- */

#define TIMING_MIN_BITS 32
#define TIMING_STEP_BITS 8
#define TIMING_MAX_SIZES 64
/* With the clock pinned, step limits stand in for time limits, per method:
 * each is about a second's work on a small machine. */
static const unsigned long long pinned_steps[RSA_NMETHODS] = {
	[RSA_TRIAL] = 1ULL << 24, [RSA_FERMAT] = 1ULL << 20, [RSA_RHO] = 1ULL << 18,
	[RSA_BRENT] = 1ULL << 20, [RSA_PM1] = 1ULL << 13,
};
static const enum rsa_method timing_methods[] = { RSA_TRIAL, RSA_FERMAT, RSA_RHO, RSA_BRENT, RSA_PM1,
						  RSA_BEST };
#define NTM (sizeof timing_methods / sizeof timing_methods[0])
static const char plot_mark[NTM] = { 'T', 'F', 'R', 'B', 'P', '*' };

struct timing_cell {
	bool tried, ok;
	double sec;
	unsigned long long steps;
	char why[16];	/* "> 2 s", "gave up", ... */
};

/* How the cost of each method grows with the size of n, as log2(cost) per bit. */
static const double growth_per_bit[NTM] = { 0.5, 0, 0.25, 0.25, 0, 0 };

/* A count for people: "540 thousand", "630 million", "6.3 x 10^14". */
static void
fmt_count(char *buf, size_t size, double x)
{
	static const struct { double unit; const char *word; } units[] = {
		{ 1e9, " billion" }, { 1e6, " million" }, { 1e3, " thousand" }, { 1, "" },
	};

	if (x < 1e12) {
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (x >= units[i].unit || units[i].unit == 1) {
				double v = x / units[i].unit;

				snprintf(buf, size, v >= 10 ? "%.0f%s" : "%.1f%s", v, units[i].word);
				return;
			}
	} else {
		int ex = (int)floor(log10(x));

		snprintf(buf, size, "%.2g x 10^%d", x / pow(10, ex), ex);
	}
}

/* The y of a cell on the plot: log10 of seconds, or log2 of steps. */
static double
plot_y(const struct timing_cell *cell, bool times)
{
	return times ? log10(fmax(cell->sec, 1e-6)) : log2((double)cell->steps + 1);
}

static void
plot(struct session *s, struct timing_cell (*cells)[NTM], const unsigned long *bits, size_t nsizes,
     bool times)
{
	enum { W = 56, HMAX = 16 };
	char grid[HMAX][W + 1];
	double lo = INFINITY, hi = -INFINITY;
	unsigned long b0 = bits[0], b1 = bits[nsizes - 1];
	int per, h;

	for (size_t i = 0; i < nsizes; i++)
		for (size_t j = 0; j < NTM; j++)
			if (cells[i][j].ok && (times || timing_methods[j] != RSA_BEST)) {
				lo = fmin(lo, plot_y(&cells[i][j], times));
				hi = fmax(hi, plot_y(&cells[i][j], times));
			}
	if (!(lo <= hi))
		return;
	/* whole decades (or powers of two); two rows each when they fit */
	lo = floor(lo);
	hi = fmax(ceil(hi), lo + 1);
	per = (hi - lo) * 2 + 1 <= HMAX ? 2 : 1;
	if ((hi - lo) * per + 1 > HMAX)
		per = 0;	/* too many: scale to the rows */
	h = per ? (int)(hi - lo) * per + 1 : HMAX;
	memset(grid, ' ', sizeof grid);
	for (int r = 0; r < h; r++)
		grid[r][W] = '\0';
	for (size_t i = 0; i < nsizes; i++)
		for (size_t j = 0; j < NTM; j++)
			if (cells[i][j].ok && (times || timing_methods[j] != RSA_BEST)) {
				double y = plot_y(&cells[i][j], times);
				int col = b1 > b0 ? (int)((double)(bits[i] - b0) * (W - 1) / (double)(b1 - b0)) : 0;
				int row = (int)lround((hi - y) * (h - 1) / (hi - lo));
				char *g = &grid[row][col];

				*g = *g == ' ' || *g == plot_mark[j] ? plot_mark[j] : '#';
			}
	fprintf(s->out, "\n%s\n", times ? "seconds, log scale" : "steps, log scale");
	for (int r = 0; r < h; r++) {
		double y = hi - (hi - lo) * r / (h - 1);
		char label[16] = "";

		if (per ? fabs(y - round(y)) < 1e-9 : r % 3 == 0) {
			if (times)
				snprintf(label, sizeof label, "%g s", pow(10, round(y)));
			else
				snprintf(label, sizeof label, "2^%.0f", y);
		}
		fprintf(s->out, "%9s |%s\n", label, grid[r]);
	}
	fprintf(s->out, "%9s +", "");
	for (int i = 0; i < W; i++)
		fputc('-', s->out);
	fprintf(s->out, "\n%9s  %-*lu%lu bits\n", "", W - 4, b0, b1);
	fprintf(s->out, "%9s  T trial F fermat R rho B brent P p-1 %s# several\n", "",
		times ? "* best (PARI) " : "");
}

static void
extrapolate(struct session *s, struct timing_cell (*cells)[NTM], const unsigned long *bits, size_t nsizes,
	    bool times)
{
	const double target = 2048;
	char buf[64], big[64];

	fprintf(s->out, "\n%sTo 2048 bits%s, from the largest n each method broke here:\n", color(s, COL_BOLD),
		color(s, COL_RESET));
	for (size_t j = 0; j < NTM; j++) {
		enum rsa_method m = timing_methods[j];
		const struct timing_cell *cell = NULL;
		unsigned long b = 0;

		for (size_t i = 0; i < nsizes; i++)
			if (cells[i][j].ok) {
				cell = &cells[i][j];
				b = bits[i];
			}
		fprintf(s->out, "  %s\n", method_long[m]);
		if (m == RSA_PM1) {
			fprintf(s->out, "    no size rule: it needs a p with p - 1 made of small primes only, which\n"
				"    random primes almost never are: against 1024-bit random primes it is\n"
				"    hopeless\n");
			continue;
		}
		if (!cell) {
			fprintf(s->out, "    broke none of these\n");
			continue;
		}
		if (m == RSA_BEST) {
			double l = log10(fmax(cell->sec, 1e-4))
				   + (rsa_qs_log_cost(target) - rsa_qs_log_cost((double)b)) / M_LN10;

			if (!times) {
				fprintf(s->out, "    broke %lu bits; its quadratic sieve grows as L_n[1/2, 1] =\n"
					"    exp(sqrt(ln n * ln ln n))\n", b);
				continue;
			}
			fmt_duration(big, sizeof big, cell->sec);
			fmt_log_duration(buf, sizeof buf, l);
			fprintf(s->out, "    %lu bits in %s; its quadratic sieve grows as L_n[1/2, 1] =\n"
				"    exp(sqrt(ln n * ln ln n)): 2048 bits would take %s here\n", b, big, buf);
			continue;
		}
		if (times)
			fmt_duration(buf, sizeof buf, cell->sec);
		else
			snprintf(buf, sizeof buf, "%llu steps", cell->steps);
		if (m == RSA_FERMAT) {
			/* (q - p)^2 / (8 sqrt(n)) values of a; two random primes of 1024 bits with
			 * their top two bits set differ by about 2^1021 */
			fprintf(s->out, "    %lu bits in %s; no size rule: it takes about (q - p)^2 / (8 * sqrt(n))\n"
				"    values of a, so close primes fall at once, and two random 1024-bit primes\n"
				"    (about 2^1021 apart) need some 2^1015\n", b, buf);
			continue;
		}
		{
			double g = growth_per_bit[j];
			const char *law = g == 0.5 ? "2^(bits/2)" : "2^(bits/4)";

			if (times) {
				double l = log10(fmax(cell->sec, 1e-6)) + g * (target - (double)b) * log10(2);

				fmt_log_duration(big, sizeof big, l);
				fprintf(s->out, "    %lu bits in %s; the work grows as %s,\n"
					"    so 2048 bits would take %s\n", b, buf, law, big);
			} else
				fprintf(s->out, "    %lu bits in %s; the work grows as %s,\n"
					"    so 2048 bits would take 2^%.0f steps\n", b, buf, law,
					log2((double)cell->steps + 1) + g * (target - (double)b));
		}
	}
	{
		double r2048 = rsa_nfs_log_cost(target) - rsa_nfs_log_cost(RSA_RECORD_BITS);
		double r1024 = rsa_nfs_log_cost(1024) - rsa_nfs_log_cost(RSA_RECORD_BITS);
		double cy2048 = RSA_RECORD_CORE_YEARS * exp(r2048);
		double cy1024 = RSA_RECORD_CORE_YEARS * exp(r1024);
		char *text;

		fprintf(s->out, "\n%sThe real attacker%s\n", color(s, COL_BOLD), color(s, COL_RESET));
		text = xasprintf("The general number field sieve, the best known method, costs L_n[1/3, (64/9)^(1/3)] "
				 "= exp(1.923 * (ln n)^(1/3) * (ln ln n)^(2/3)). Anchored on the record, %s (%d "
				 "bits, factored in %d with about %d,%03d core-years), and assuming the cost follows "
				 "that formula from there (its o(1) the same at every size; no better algorithm, "
				 "no new hardware; memory ignored):", RSA_RECORD_NAME, RSA_RECORD_BITS,
				 RSA_RECORD_YEAR, (int)RSA_RECORD_CORE_YEARS / 1000, (int)RSA_RECORD_CORE_YEARS % 1000);
		render_reflow(s, s->out, text, s->width, 0);
		free(text);
		fmt_count(big, sizeof big, cy1024);
		fprintf(s->out, "  1024 bits: about %s core-years\n", big);
		fmt_count(big, sizeof big, cy2048);
		fmt_count(buf, sizeof buf, cy2048 / 1e6);
		fprintf(s->out, "  2048 bits: about %s core-years: a million cores would need about\n"
			"             %s years (the universe is 13.8 billion years old)\n", big, buf);
	}
}

static int
b_timing(struct call *c, struct value **out)
{
	struct session *s = c->s;
	unsigned long max_bits, secs, bits[TIMING_MAX_SIZES];
	struct timing_cell (*cells)[NTM];
	size_t nsizes = 0;
	bool dropped[NTM] = { false }, times = show_times();
	struct table t = { .ncols = 1 + NTM };
	struct rsa_toy k;
	mpz_t e;
	int rc = -1;

	if (arg_ulong(c, 0, 40, 256, &max_bits) || arg_ulong(c, 1, 1, 60, &secs))
		return -1;
	for (unsigned long b = TIMING_MIN_BITS; b <= max_bits && nsizes < TIMING_MAX_SIZES; b += TIMING_STEP_BITS)
		bits[nsizes++] = b;
	if (bits[nsizes - 1] != max_bits && nsizes < TIMING_MAX_SIZES)
		bits[nsizes++] = max_bits;
	cells = xcalloc(nsizes, sizeof *cells);
	rsa_toy_init(&k);
	mpz_init_set_ui(e, 65537);
	if (times)
		dim(s, "one random n = p*q for each size, p and q of half its bits each; a method is\n"
		    "dropped once it takes more than %lu s\n", secs);
	else
		dim(s, "one random n = p*q for each size, p and q of half its bits each; the clock is\n"
		    "pinned (--now), so steps are counted instead of seconds, and a method is dropped\n"
		    "after a fixed number of steps\n");
	for (size_t i = 0; i < nsizes; i++) {
		if (rsa_toy_random(&k, bits[i], e, RSA_WEAK_NONE, c->err))
			goto partial;
		for (size_t j = 0; j < NTM; j++) {
			enum rsa_method m = timing_methods[j];
			struct timing_cell *cell = &cells[i][j];
			struct rsa_crack r;
			struct cl_error why;
			double t0;

			if (dropped[j])
				continue;
			if (s->tty) {
				fprintf(s->out, "\r%s%lu bits: %s...%s", color(s, COL_DIM), bits[i], method_long[m],
					color(s, COL_RESET));
				fflush(s->out);
			}
			rsa_crack_init(&r);
			/* pinned: the step limits decide, the time limit is only a safety net */
			r.seconds = times ? (double)secs : 600;
			r.max_steps = times ? 0 : pinned_steps[m];
			cell->tried = true;
			t0 = clock_elapsed();
			if (rsa_crack_run(&r, k.n, k.e, m, &why) == 0) {
				cell->ok = true;
				cell->sec = clock_elapsed() - t0;
				cell->steps = r.steps;
			} else if (why.code == GPG_ERR_CANCELED) {
				rsa_crack_clear(&r);
				*c->err = why;
				goto partial;
			} else {
				dropped[j] = true;
				if (why.code == GPG_ERR_TIMEOUT && times)
					snprintf(cell->why, sizeof cell->why, "> %lu s", secs);
				else if (why.code == GPG_ERR_TIMEOUT)
					snprintf(cell->why, sizeof cell->why, "> 2^%.0f", log2((double)r.max_steps));
				else
					snprintf(cell->why, sizeof cell->why, "failed");
			}
			rsa_crack_clear(&r);
		}
	}
	rc = 0;
partial:
	if (s->tty) {
		fprintf(s->out, "\r\033[K");
		fflush(s->out);
	}
	{
		char *row[1 + NTM];

		row[0] = cell_s("bits");
		for (size_t j = 0; j < NTM; j++)
			row[1 + j] = cell_s(rsa_method_name(timing_methods[j]));
		table_add(&t, row);
		for (size_t i = 0; i < nsizes; i++) {
			bool any = false;

			for (size_t j = 0; j < NTM; j++)
				any |= cells[i][j].tried;
			if (!any)
				break;
			row[0] = cell_f("%lu", bits[i]);
			for (size_t j = 0; j < NTM; j++) {
				struct timing_cell *cell = &cells[i][j];

				if (cell->ok && times) {
					char d[32];

					fmt_duration(d, sizeof d, cell->sec);
					row[1 + j] = cell_s(d);
				} else if (cell->ok && timing_methods[j] == RSA_BEST)
					row[1 + j] = cell_s("broken");
				else if (cell->ok)
					row[1 + j] = cell_f("%llu", cell->steps);
				else if (cell->tried)
					row[1 + j] = cell_s(cell->why);
				else
					row[1 + j] = cell_s("");
			}
			table_add(&t, row);
		}
		render_table(s, &t);
		table_free(&t);
	}
	if (rc == 0) {
		plot(s, cells, bits, nsizes, times);
		extrapolate(s, cells, bits, nsizes, times);
	}
	free(cells);
	rsa_toy_clear(&k);
	mpz_clear(e);
	return rc;
}

/* ---- demonstrations of the pitfalls ---- */

struct pitfall {
	const char *name, *summary;
	int (*run)(struct session *s, struct cl_error *err);
};

/* P = the first prime from 3 * 2^(BITS-2) + ADD up (its two top bits set, so
 * a product of two has 2*BITS bits) with p mod 3 == MOD3 when MOD3 is not 0
 * (2 lets e = 3 work): fixed numbers, so each demonstration always looks the
 * same, with or without --seed. */
static void
fixed_prime(mpz_t p, unsigned long bits, unsigned long add, unsigned long mod3)
{
	mpz_set_ui(p, 3);
	mpz_mul_2exp(p, p, bits - 2);
	mpz_add_ui(p, p, add);
	do
		mpz_nextprime(p, p);
	while (mod3 && mpz_fdiv_ui(p, 3) != mod3);
}

/* Numbers in the demonstrations' lines, shortened past 40 digits: Z(z)
 * returns one of a few buffers, reused in turn. */
static const char *
Z(const mpz_t z)
{
	static char ring[8][80];
	static int next;
	char *b = ring[next++ % 8];

	return bigint_short(b, sizeof ring[0], z);
}

static void
stop_line(struct session *s, const char *text)
{
	char *lead = xasprintf("%sWhat stops it:%s ", color(s, COL_GREEN), color(s, COL_RESET));

	render_reflow_lead(s, s->out, lead, text, s->width, 0);
	free(lead);
}

static int
pit_malleability(struct session *s, struct cl_error *err)
{
	struct rsa_toy k;
	mpz_t p, q, e, m, c, f, c2, m2;
	int rc = -1;

	rsa_toy_init(&k);
	mpz_init_set_ui(p, 61);
	mpz_init_set_ui(q, 53);
	mpz_init_set_ui(e, 17);
	mpz_inits(m, c, f, c2, m2, NULL);
	if (rsa_toy_make(&k, p, q, e, err))
		goto leave;
	mpz_set_ui(m, 65);
	mpz_powm(c, m, k.e, k.n);
	mpz_set_ui(f, 2);
	mpz_powm(f, f, k.e, k.n);
	mpz_mul(c2, c, f);
	mpz_mod(c2, c2, k.n);
	mpz_powm(m2, c2, k.d, k.n);
	fprintf(s->out, "Textbook RSA is malleable: anyone can turn a ciphertext into the ciphertext of\n"
		"a related message, without the key, because (a*b)^e = a^e * b^e.\n");
	fprintf(s->out, "  Bob's key:         n = %s, e = %s (d = %s is his secret)\n", Z(k.n), Z(k.e), Z(k.d));
	fprintf(s->out, "  Alice bids m = %s:  c = %s^%s mod %s = %s\n", Z(m), Z(m), Z(k.e), Z(k.n), Z(c));
	fprintf(s->out, "  Mallory, on the way, multiplies it by 2^e mod n = %s:\n"
		"                     c' = %s * %s mod %s = %s\n", Z(f), Z(c), Z(f), Z(k.n), Z(c2));
	fprintf(s->out, "  Bob decrypts c':   %s^%s mod %s = %s = 2 * %s\n", Z(c2), Z(k.d), Z(k.n), Z(m2), Z(m));
	fprintf(s->out, "A bid of %s became %s, and Bob cannot tell.\n", Z(m), Z(m2));
	stop_line(s, "padding. OAEP (RSAES-OAEP, RFC 8017) wraps the message with a hash and random bytes "
		  "before encrypting; a multiplied ciphertext decrypts to a block whose padding no longer "
		  "checks, and it is refused (rsa.oaep_encrypt). Signatures use PSS the same way.");
	rc = 0;
leave:
	rsa_toy_clear(&k);
	mpz_clears(p, q, e, m, c, f, c2, m2, NULL);
	return rc;
}

static int
pit_small_e(struct session *s, struct cl_error *err)
{
	struct rsa_toy k;
	mpz_t p, q, e, m, c, r;
	static const char msg[] = "attack at dawn";
	int rc = -1;

	rsa_toy_init(&k);
	mpz_inits(p, q, m, c, r, NULL);
	mpz_init_set_ui(e, 3);
	fixed_prime(p, 512, 1000, 2);
	fixed_prime(q, 512, 1UL << 40, 2);
	if (rsa_toy_make(&k, p, q, e, err))
		goto leave;
	bigint_from_bytes(m, msg, sizeof msg - 1);
	mpz_powm(c, m, k.e, k.n);
	fprintf(s->out, "e = 3 and a short message: when m^3 is below n, \"mod n\" never acts, and the\n"
		"ciphertext is m^3 as a plain integer.\n");
	fprintf(s->out, "  Bob's key:  n of %zu bits, e = 3\n", mpz_sizeinbase(k.n, 2));
	fprintf(s->out, "  Alice:      m = int(\"%s\")\n                = %s (%zu bits)\n", msg, Z(m),
		mpz_sizeinbase(m, 2));
	fprintf(s->out, "              c = m^3 mod n = %s\n", Z(c));
	fprintf(s->out, "              (%zu bits, below n's %zu: no reduction happened)\n",
		mpz_sizeinbase(c, 2), mpz_sizeinbase(k.n, 2));
	if (rsa_toy_root(r, c, 3, err))
		goto leave;
	fprintf(s->out, "  Eve, with no key at all: rsa.root(c, 3) = %s,\n  which is the text \"%s\"\n",
		Z(r), msg);
	stop_line(s, "padding. OAEP makes every padded message nearly as long as n, so m^3 wraps around n "
		  "many times and the integer cube root means nothing. (e = 65537 would also have wrapped "
		  "here, but textbook RSA with any e keeps the other pitfalls.)");
	rc = 0;
leave:
	rsa_toy_clear(&k);
	mpz_clears(p, q, e, m, c, r, NULL);
	return rc;
}

static int
pit_hastad(struct session *s, struct cl_error *err)
{
	struct rsa_toy k[3];
	mpz_t p, q, e, m, cs[3], ns[3], x, prod, r;
	int rc = -1;

	mpz_inits(p, q, m, x, prod, r, NULL);
	mpz_init_set_ui(e, 3);
	for (int i = 0; i < 3; i++) {
		rsa_toy_init(&k[i]);
		mpz_inits(cs[i], ns[i], NULL);
	}
	fprintf(s->out, "Hastad's broadcast attack: the same message to three people, each with e = 3\n"
		"and a modulus of their own.\n");
	/* 100 bits: too long for one cube root against a 128-bit n */
	mpz_set_ui(m, 1);
	mpz_mul_2exp(m, m, 99);
	mpz_add_ui(m, m, 1234567);
	for (int i = 0; i < 3; i++) {
		fixed_prime(p, 64, 1000 + 1000000UL * (unsigned long)i, 2);
		fixed_prime(q, 64, (1UL << 50) + 1000000UL * (unsigned long)i, 2);
		if (rsa_toy_make(&k[i], p, q, e, err))
			goto leave;
		mpz_set(ns[i], k[i].n);
		mpz_powm(cs[i], m, e, ns[i]);
		fprintf(s->out, "  n%d = %s\n  c%d = m^3 mod n%d = %s\n", i + 1, Z(ns[i]), i + 1, i + 1, Z(cs[i]));
	}
	fprintf(s->out, "  m has %zu bits and m^3 about %zu, more than each n's %zu: one ciphertext\n"
		"  alone gives nothing (rsa.root(c1, 3) is refused).\n", mpz_sizeinbase(m, 2),
		3 * mpz_sizeinbase(m, 2), mpz_sizeinbase(ns[0], 2));
	if (rsa_toy_hastad(r, x, prod, (const mpz_t *)cs, (const mpz_t *)ns, 3, 3, err))
		goto leave;
	fprintf(s->out, "  Eve combines the three with the Chinese remainder theorem: the x below\n"
		"  n1*n2*n3 (%zu bits) with x = c_i mod n_i for each i. m^3 is below that product\n"
		"  too, so x is m^3 exactly:\n  x = %s\n  m = rsa.root(x, 3) = %s\n"
		"  (rsa.hastad([c1, c2, c3], [n1, n2, n3]) does both steps.)\n", mpz_sizeinbase(prod, 2),
		Z(x), Z(r));
	stop_line(s, "padding. OAEP puts fresh random bytes into each encryption, so the three recipients "
		  "get three different padded numbers, and the Chinese remainder theorem has nothing in "
		  "common to combine.");
	rc = 0;
leave:
	for (int i = 0; i < 3; i++) {
		rsa_toy_clear(&k[i]);
		mpz_clears(cs[i], ns[i], NULL);
	}
	mpz_clears(p, q, e, m, x, prod, r, NULL);
	return rc;
}

static int
pit_deterministic(struct session *s, struct cl_error *err)
{
	struct rsa_toy k;
	mpz_t p, q, e, m, c, g;
	static const char *const guesses[] = { "no", "maybe", "yes" };
	int rc = -1;

	rsa_toy_init(&k);
	mpz_inits(p, q, m, c, g, NULL);
	mpz_init_set_ui(e, 65537);
	fixed_prime(p, 64, 77, 0);
	fixed_prime(q, 64, 1UL << 40, 0);
	if (rsa_toy_make(&k, p, q, e, err))
		goto leave;
	fprintf(s->out, "Textbook RSA is deterministic: the same message always gives the same\n"
		"ciphertext. When the messages are few, an eavesdropper tries them all.\n");
	fprintf(s->out, "  Bob's public key: n = %s, e = %s\n", Z(k.n), Z(k.e));
	bigint_from_bytes(m, "yes", 3);
	mpz_powm(c, m, k.e, k.n);
	fprintf(s->out, "  Alice's vote, seen on the wire: c = %s\n"
		"  Eve encrypts each possible vote with Bob's public key:\n", Z(c));
	for (size_t i = 0; i < 3; i++) {
		bigint_from_bytes(m, guesses[i], strlen(guesses[i]));
		mpz_powm(g, m, k.e, k.n);
		fprintf(s->out, "    int(\"%s\")%*s -> %s%s\n", guesses[i], (int)(5 - strlen(guesses[i])), "",
			Z(g), mpz_cmp(g, c) == 0 ? "   <- that is c" : "");
	}
	fprintf(s->out, "  The vote was \"yes\", and no key was needed.\n");
	stop_line(s, "randomised padding. OAEP draws a fresh random seed for every encryption, so "
		  "encrypting \"yes\" twice gives two different ciphertexts, and Eve's guesses never match.");
	rc = 0;
leave:
	rsa_toy_clear(&k);
	mpz_clears(p, q, e, m, c, g, NULL);
	return rc;
}

static int
pit_shared_prime(struct session *s, struct cl_error *err)
{
	mpz_t p, q1, q2, n1, n2, g;

	(void)err;
	mpz_inits(p, q1, q2, n1, n2, g, NULL);
	fixed_prime(p, 512, 12345, 0);
	fixed_prime(q1, 512, 1UL << 33, 0);
	fixed_prime(q2, 512, 1UL << 47, 0);
	mpz_mul(n1, p, q1);
	mpz_mul(n2, p, q2);
	fprintf(s->out, "Two keys made by devices whose random generator had too little entropy at boot\n"
		"share a prime. Each 1024-bit n alone is far out of reach; together they fall to\n"
		"one gcd.\n");
	fprintf(s->out, "  n1 = %s\n  n2 = %s\n", Z(n1), Z(n2));
	mpz_gcd(g, n1, n2);
	fprintf(s->out, "  gcd(n1, n2) = %s\n", Z(g));
	fprintf(s->out, "  That is p, after a few hundred steps of Euclid's algorithm; n1/p and n2/p\n"
		"  give both q's, and with them both private keys. This way Heninger et al.\n"
		"  (\"Mining your Ps and Qs\", 2012) obtained the keys of 0.50%% of the TLS hosts\n"
		"  they scanned, and Lenstra et al. (\"Ron was wrong, Whit is right\", 2012) found\n"
		"  about two RSA moduli in a thousand unsafe.\n");
	stop_line(s, "no padding can: the flaw is in making the key. Primes must come from a well-seeded "
		  "random generator (the kernel's getrandom, once boot has gathered entropy).");
	mpz_clears(p, q1, q2, n1, n2, g, NULL);
	return 0;
}

static int
pit_wiener(struct session *s, struct cl_error *err)
{
	struct rsa_toy k;
	struct rsa_crack r;
	mpz_t p, q, d, phi, e, t;
	int rc = -1;

	rsa_toy_init(&k);
	rsa_crack_init(&r);
	mpz_inits(p, q, d, phi, e, t, NULL);
	fixed_prime(p, 64, 99, 0);
	fixed_prime(q, 64, 1UL << 61, 0);
	mpz_sub_ui(phi, p, 1);
	mpz_sub_ui(t, q, 1);
	mpz_mul(phi, phi, t);
	fixed_prime(d, 28, 5, 0);
	while (!mpz_invert(e, d, phi))
		mpz_nextprime(d, d);
	if (rsa_toy_make(&k, p, q, e, err))
		goto leave;
	fprintf(s->out, "A small private exponent makes decryption fast, and falls to Wiener's attack\n"
		"(1990): when d < n^(1/4)/3, the fraction k/d in e*d - k*phi = 1 is one of the\n"
		"convergents of the continued fraction of e/n.\n");
	fprintf(s->out, "  Bob's public key: n = %s (%zu bits)\n                    e = %s\n", Z(k.n),
		mpz_sizeinbase(k.n, 2), Z(k.e));
	r.want_rows = true;
	if (rsa_crack_run(&r, k.n, k.e, RSA_WIENER, err))
		goto leave;
	show_crack_rows(s, &r, RSA_WIENER);
	fprintf(s->out, "  At convergent %llu, phi = (e*d - 1)/k makes x^2 - (n - phi + 1)x + n = 0 have\n"
		"  whole roots: p = %s, q = %s,\n  and d = %s (%zu bits).\n"
		"  (rsa.crack(k, method=\"wiener\") tries it on any toy key.)\n", r.steps, Z(r.p), Z(r.q),
		Z(r.d), mpz_sizeinbase(r.d, 2));
	stop_line(s, "no padding can: the flaw is in the key. Keep d full-size: e=65537 gives a d about "
		  "as long as n, and FIPS 186-5 requires d > 2^(bits/2). Decryption is made fast with the "
		  "Chinese remainder theorem instead (rsa.decrypt_crt).");
	rc = 0;
leave:
	rsa_toy_clear(&k);
	rsa_crack_clear(&r);
	mpz_clears(p, q, d, phi, e, t, NULL);
	return rc;
}

static const struct pitfall pitfalls[] = {
	{ "malleability", "multiply a ciphertext by 2^e mod n, and the message doubles", pit_malleability },
	{ "small-e", "e = 3 and a short message: the integer cube root reads it", pit_small_e },
	{ "hastad", "one message to three keys with e = 3: the CRT and a cube root", pit_hastad },
	{ "deterministic", "the same message, the same ciphertext: Eve tests guesses", pit_deterministic },
	{ "shared-prime", "two moduli with a prime in common fall to one gcd", pit_shared_prime },
	{ "wiener", "a small d falls to the continued fraction of e/n", pit_wiener },
};
#define NPITFALLS (sizeof pitfalls / sizeof pitfalls[0])

static int
b_pitfall(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const char *name = c->arg[0] ? c->arg[0]->u.s.p : NULL;

	if (!name || !*name) {
		fprintf(s->out, "textbook RSA's pitfalls; rsa.pitfall(\"NAME\") shows one:\n");
		for (size_t i = 0; i < NPITFALLS; i++)
			fprintf(s->out, "  %-14s %s\n", pitfalls[i].name, pitfalls[i].summary);
		*out = value_nil();
		return 0;
	}
	for (size_t i = 0; i < NPITFALLS; i++)
		if (strcmp(name, pitfalls[i].name) == 0) {
			*out = value_nil();
			return pitfalls[i].run(s, c->err);
		}
	return cl_fail(c->err, GPG_ERR_INV_VALUE, "no pitfall \"%s\"; they are malleability, small-e, hastad, "
		       "deterministic, shared-prime and wiener (rsa.pitfall() lists them)", name);
}

/* ---- the table ---- */

#define KEY(n) { .name = (n), .types = T_OBJ, .obj = &toy_type }
#define INT(n) { .name = (n), .types = T_INT }

static const struct builtin entries[] = {
	{
		.name = "rsa.toy",
		.params = { INT("p"), INT("q"), { .name = "e", .types = T_INT, .def = "65537" } },
		.summary = "a toy RSA key from two primes p and q",
		.help = "Builds textbook RSA from two primes: n = p*q, phi = (p-1)*(q-1), and the private "
			"exponent d = e^-1 mod phi. The public key is (n, e); d, p and q are secret. Each "
			"number is a field: `k.p k.q k.n k.phi k.lambda k.e k.d`, and `k.public` is the public "
			"half. Every refusal says why: p or q not prime, p equal to q, e even or 1, e sharing a "
			"factor with phi (the factor named), or n below 256 (too small for one byte of text). "
			"`rsa.toy.steps` shows how d is found. Toy keys have no padding, and that is what the "
			"pitfalls (`rsa.pitfall()`) and the attacks (`rsa.crack`) use.",
		.example = "k = rsa.toy(61, 53, e=17); k.n; k.phi; k.d",
		.expect = "3233\n3120\n2753",
		.fn = b_toy,
	},
	{
		.name = "rsa.toy.steps",
		.params = { INT("p"), INT("q"), { .name = "e", .types = T_INT, .def = "65537" } },
		.summary = "how a toy key is made: n, phi, the Euclid table for d",
		.help = "Derives the key of `rsa.toy(p, q, e)` step by step: n = p*q, phi = (p-1)*(q-1), "
			"gcd(e, phi) = 1, then the extended Euclidean algorithm on phi and e, whose last row "
			"gives 1 = phi*s + e*t, so t mod phi is d; then the check e*d mod phi = 1. Last, the "
			"smaller d from lambda = lcm(p-1, q-1), and why both decrypt. Long tables show their "
			"first and last rows. Returns the key.",
		.example = "k = rsa.toy.steps(61, 53, e=17)",
		.expect = "n = p*q = 61 * 53 = 3233\n"
			  "  n is public; p and q are secret\n"
			  "phi = (p-1)*(q-1) = 60 * 52 = 3120\n"
			  "  phi counts the numbers below n that share no factor with it; m^phi mod n = 1 for them\n"
			  "gcd(e, phi) = gcd(17, 3120) = 1, so e has an inverse d modulo phi\n"
			  "d = e^-1 mod phi, by the extended Euclidean algorithm on phi and e;\n"
			  "each row divides a = q*b + r and writes r = 3120*s + 17*t:\n"
			  "   a   b    q  r    s     t\n"
			  "3120  17  183  9    1  -183\n"
			  "  17   9    1  8   -1   184\n"
			  "   9   8    1  1    2  -367\n"
			  "   8   1    8  0  -17  3120\n"
			  "the last remainder before 0 is 1 = 3120*(2) + 17*(-367), so 17*(-367) mod 3120 = 1\n"
			  "t is negative: add phi once, d = -367 + 3120 = 2753\n"
			  "check: e*d mod phi = 17 * 2753 mod 3120 = 46801 mod 3120 = 1 (right)\n"
			  "the smaller d: lambda = lcm(p-1, q-1) = lcm(60, 52) = 780, and e^-1 mod lambda = 413\n"
			  "  both work: m^lambda = 1 modulo p and modulo q for every m coprime to n (Carmichael),\n"
			  "  so m^(e*d) = m whenever e*d = 1 mod lambda; phi = 4 * lambda, so d = 2753\n"
			  "  is one of the numbers 413 + j*780, and each of them decrypts. Real keys (PKCS#1,\n"
			  "  FIPS 186) use the one from lambda.",
		.fn = b_toy_steps,
	},
	{
		.name = "rsa.toy.random",
		.params = { INT("bits"), { .name = "e", .types = T_INT, .optional = true },
			    { .name = "weak", .types = T_STR, .def = "\"none\"" } },
		.summary = "a toy key of BITS bits from random primes, weak if asked",
		.help = "Draws two random primes of about BITS/2 bits each (their top two bits set, so n has "
			"exactly BITS bits) and makes the key with e (65537 unless given). BITS from 12 to "
			"4096. For the attacks, WEAK makes the key fall to one of them: \"close\" puts q just "
			"above p (Fermat's method), \"smooth\" makes p - 1 a product of small primes (Pollard's "
			"p - 1), \"small-d\" picks d below n^(1/4)/3 and e from it (Wiener's attack). Under "
			"`--seed` the key is the same every time.",
		.example = "k = rsa.toy.random(64); k.bits; k.e; rsa.decrypt(k, rsa.encrypt(k, 42))",
		.expect = "64\n65537\n42",
		.fn = b_toy_random,
		.flags = B_SEEDED,
	},
	{
		.name = "rsa.encrypt",
		.params = { { .name = "k", .types = T_ANY }, { .name = "m", .types = T_ANY },
			    { .name = "steps", .types = T_BOOL, .def = "false" } },
		.summary = "textbook RSA encryption: c = m^e mod n",
		.help = "Encrypts the number M, from 0 to n - 1, with the public part of the toy key K: "
			"c = m^e mod n. A number from n up is refused, because decryption could only give back "
			"m mod n; text goes through `rsa.encrypt_text`, which cuts it into blocks. With "
			"`steps=true` the square-and-multiply table is shown. This is RSA without padding, "
			"deterministic and malleable (`rsa.pitfall()`); real RSA encrypts with OAEP.",
		.example = "k = rsa.toy(61, 53, e=17); rsa.encrypt(k, 65); rsa.encrypt(k.public, 65)",
		.expect = "2790\n2790",
		.fn = b_encrypt,
	},
	{
		.name = "rsa.decrypt",
		.params = { { .name = "k", .types = T_ANY }, { .name = "c", .types = T_ANY },
			    { .name = "steps", .types = T_BOOL, .def = "false" } },
		.summary = "textbook RSA decryption: m = c^d mod n",
		.help = "Decrypts the number C, from 0 to n - 1, with the private exponent of the toy key K: "
			"m = c^d mod n. It works because e*d = 1 modulo phi, so m^(e*d) = m modulo n (Euler). "
			"A public key cannot decrypt: it has no d. With `steps=true` the square-and-multiply "
			"table shows how a d of hundreds of digits still takes only one squaring per bit. "
			"`rsa.decrypt_crt` does the same about 4 times faster.",
		.example = "k = rsa.toy(61, 53, e=17); rsa.decrypt(k, 2790)",
		.expect = "65",
		.fn = b_decrypt,
	},
	{
		.name = "rsa.decrypt_crt",
		.params = { KEY("k"), { .name = "c", .types = T_ANY } },
		.summary = "decrypt by the Chinese remainder theorem, both halves shown",
		.help = "Decrypts as real RSA implementations do (RFC 8017, section 5.1.2): two half-size "
			"powers, m_p = c^dp mod p and m_q = c^dq mod q with dp = d mod (p-1) and "
			"dq = d mod (q-1), glued by Garner's formula h = qinv*(m_p - m_q) mod p, "
			"m = m_q + h*q. Prints each half and returns m, the same as `rsa.decrypt`.",
		.example = "k = rsa.toy(61, 53, e=17); rsa.decrypt_crt(k, 2790)",
		.expect = "two half-size powers instead of one: modulo p and modulo q, then glued together\n"
			  "half p:  dp = d mod (p-1) = 53, and m_p = c^dp mod p = 45^53 mod 61 = 4\n"
			  "half q:  dq = d mod (q-1) = 49, and m_q = c^dq mod q = 34^49 mod 53 = 12\n"
			  "glue:    qinv = q^-1 mod p = 38, h = qinv*(m_p - m_q) mod p = 1\n"
			  "         m = m_q + h*q = 12 + 1*53 = 65\n"
			  "(c is reduced first: c mod p = 45 and c mod q = 34.)\n"
			  "Fermat's little theorem lets d shrink to d mod (p-1): numbers and exponents of\n"
			  "half the size make it about 4 times faster.\n"
			  "65",
		.fn = b_decrypt_crt,
	},
	{
		.name = "rsa.encrypt_text",
		.params = { KEY("k"), { .name = "text", .types = T_DATA } },
		.summary = "encrypt text in blocks below n, showing the encoding",
		.help = "Cuts TEXT (its UTF-8 bytes) into blocks of as many bytes as fit below n (256^b "
			"below n), reads each block as a big-endian number and encrypts it; the table shows "
			"each block's text, bytes, number and ciphertext. Returns the list of ciphertexts, "
			"which `rsa.decrypt_text` turns back into text. Equal blocks give equal ciphertexts: "
			"a textbook weakness. Up to 4096 bytes.",
		.example = "k = rsa.toy(61, 53, e=17); c = rsa.encrypt_text(k, \"HI\"); c",
		.expect = "n has 12 bits, so a block is 1 byte (256^1 is below n); the bytes of each\n"
			  "block, read as one big number m, are encrypted as c = m^17 mod n\n"
			  "block  text  bytes (hex)   m     c\n"
			  "    1  \"H\"            48  72  3000\n"
			  "    2  \"I\"            49  73  1486\n"
			  "[3000, 1486]",
		.fn = b_encrypt_text,
	},
	{
		.name = "rsa.decrypt_text",
		.params = { KEY("k"), { .name = "blocks", .types = T_LIST } },
		.summary = "decrypt the blocks of rsa.encrypt_text back to text",
		.help = "Decrypts each number of BLOCKS with the toy key K and joins the bytes of the blocks "
			"(each block has the block size of `rsa.encrypt_text`, the last may be shorter). Gives "
			"text when the bytes are UTF-8, bytes otherwise. A block that decrypts to a number too "
			"large for a block shows that the key or the ciphertext is wrong.",
		.example = "k = rsa.toy(61, 53, e=17); rsa.decrypt_text(k, [3000, 1486])",
		.expect = "block     c  m = c^d mod n  text\n"
			  "    1  3000             72  \"H\"\n"
			  "    2  1486             73  \"I\"\n"
			  "HI",
		.fn = b_decrypt_text,
	},
	{
		.name = "rsa.sign",
		.params = { KEY("k"), { .name = "m", .types = T_INT | T_DATA } },
		.summary = "textbook signature s = m^d mod n (of a number or a text)",
		.help = "Signs with the private exponent: s = m^d mod n, which anyone can check with the "
			"public key, since s^e mod n = m. A number M must be below n. For text, the SHA-256 of "
			"its bytes is signed, read as a number and reduced modulo n; with a toy n that keeps "
			"only a few bits of the hash, and the caveat is printed. Real RSA pads the hash (PSS).",
		.example = "k = rsa.toy(61, 53, e=17); s = rsa.sign(k, 65); s; rsa.verify(k.public, 65, s)",
		.expect = "588\ntrue",
		.fn = b_sign,
	},
	{
		.name = "rsa.verify",
		.params = { KEY("k"), { .name = "m", .types = T_INT | T_DATA }, INT("s") },
		.summary = "true when s^e mod n is m (or the text's hash mod n)",
		.help = "Checks a textbook signature with the public key: true when s^e mod n equals M, or, "
			"for text, the SHA-256 of the text modulo n (as `rsa.sign` made it). A wrong signature "
			"gives false, not an error. Anyone can verify: the public half `k.public` is enough.",
		.example = "k = rsa.toy(61, 53, e=17); rsa.verify(k.public, 65, 588); rsa.verify(k.public, 66, 588)",
		.expect = "true\nfalse",
		.fn = b_verify,
	},
	{
		.name = "rsa.root",
		.params = { INT("x"), { .name = "k", .types = T_INT, .def = "3" } },
		.summary = "the integer K-th root of x, when x is a perfect power",
		.help = "The whole number r with r^K = X (GMP's mpz_root), or a refusal saying between which "
			"numbers the root lies. The e = 3 pitfall: a message m with m^3 below n is encrypted to "
			"m^3 itself, and `rsa.root(c, 3)` reads it with no key. See `rsa.pitfall(\"small-e\")`.",
		.example = "rsa.root(4913); rsa.root(2^300, k=3) == 2^100",
		.expect = "17\ntrue",
		.fn = b_root,
	},
	{
		.name = "rsa.hastad",
		.params = { { .name = "cs", .types = T_LIST }, { .name = "ns", .types = T_LIST },
			    { .name = "e", .types = T_INT, .def = "3" } },
		.summary = "Hastad's attack: one message sent to e keys with exponent e",
		.help = "Given the ciphertexts CS of the same message under E moduli NS (pairwise coprime), "
			"all with exponent E, the Chinese remainder theorem gives x = m^E modulo n1*n2*...; as "
			"m is below every n, m^E is below their product, so x is m^E itself and its E-th root "
			"is m. Prints both steps and returns m. OAEP's random padding stops it.",
		.example = "a = rsa.toy(59, 71, e=3); b = rsa.toy(83, 89, e=3); c = rsa.toy(101, 107, e=3); "
			   "m = 1000; cs = [rsa.encrypt(a, m), rsa.encrypt(b, m), rsa.encrypt(c, m)]; "
			   "rsa.hastad(cs, [a.n, b.n, c.n])",
		.expect = "the Chinese remainder theorem finds the one x below n1*n2*...*n3 with x = c_i mod n_i:\n"
			  "x = 1000000000 (30 bits), below the product 334413353401 (39 bits)\n"
			  "m^3 is below that product (m is below every n_i), so x is m^3 itself, not reduced:\n"
			  "m = the integer cube root of x = 1000\n1000",
		.fn = b_hastad,
	},
	{
		.name = "rsa.pitfall",
		.params = { { .name = "name", .types = T_STR, .optional = true } },
		.summary = "a pitfall of textbook RSA, and the padding that stops it",
		.help = "Runs a short demonstration of one pitfall of RSA without padding, with every number, "
			"and names what stops it in real RSA: \"malleability\", \"small-e\", \"hastad\", "
			"\"deterministic\", \"shared-prime\", \"wiener\". Without a name, lists them. The same "
			"attacks can be typed by hand: `c * 2 ^ k.e mod k.n`, `rsa.root`, `rsa.hastad`, "
			"`gcd(n1, n2)`, `rsa.crack(k, method=\"wiener\")`.",
		.example = "rsa.pitfall(\"malleability\")",
		.expect = "Textbook RSA is malleable: anyone can turn a ciphertext into the ciphertext of\n"
			  "a related message, without the key, because (a*b)^e = a^e * b^e.\n"
			  "  Bob's key:         n = 3233, e = 17 (d = 2753 is his secret)\n"
			  "  Alice bids m = 65:  c = 65^17 mod 3233 = 2790\n"
			  "  Mallory, on the way, multiplies it by 2^e mod n = 1752:\n"
			  "                     c' = 2790 * 1752 mod 3233 = 3017\n"
			  "  Bob decrypts c':   3017^2753 mod 3233 = 130 = 2 * 65\n"
			  "A bid of 65 became 130, and Bob cannot tell.\n"
			  "What stops it: padding. OAEP (RSAES-OAEP, RFC 8017) wraps the message with a\n"
			  "               hash and random bytes before encrypting; a multiplied ciphertext\n"
			  "               decrypts to a block whose padding no longer checks, and it is\n"
			  "               refused (rsa.oaep_encrypt). Signatures use PSS the same way.",
		.fn = b_pitfall,
	},
	{
		.name = "rsa.crack",
		.params = { { .name = "k", .types = T_OBJ | T_INT, .obj = &toy_type },
			    { .name = "method", .types = T_STR, .def = "\"best\"" },
			    { .name = "steps", .types = T_BOOL, .def = "false" },
			    { .name = "seconds", .types = T_INT, .def = "10" },
			    { .name = "e", .types = T_INT, .optional = true } },
		.summary = "factor a toy key's n and rebuild its private key",
		.help = "Breaks the toy key K (or a modulus n, with e= 65537 unless given) from its public "
			"part alone: factors n = p*q, then computes d as the owner did, and returns the rebuilt "
			"key, which decrypts. METHOD is \"trial\" (trial division), \"fermat\" (p and q close), "
			"\"rho\" (Pollard's rho, about n^(1/4) steps), \"brent\" (Pollard-Brent, the same "
			"faster), \"p-1\" (Pollard's, when p - 1 has only small factors), \"wiener\" (a small d) "
			"or \"best\": PARI's ECM and quadratic sieve, a real attacker's tool. `steps=true` "
			"shows the first and last steps. Gives up after SECONDS; Ctrl-C stops it. "
			"`rsa.timing()` compares the methods.",
		.example = "k = rsa.toy(61, 53, e=17); c = rsa.crack(k.public, method=\"trial\"); c.d; "
			   "rsa.decrypt(c, 2790)",
		.expect = "trial division split n after 27 divisions:\n"
			  "  n = 3233\n  p = 53\n  q = 61\n"
			  "  d = 2753 = e^-1 mod (p-1)*(q-1)\nthe private key is rebuilt\n2753\n65",
		.fn = b_crack,
		.flags = B_SEEDED,
	},
	{
		.name = "rsa.timing",
		.params = { { .name = "max_bits", .types = T_INT, .def = "160" },
			    { .name = "seconds", .types = T_INT, .def = "2" } },
		.summary = "time the attacks on growing keys, extrapolate to 2048 bits",
		.help = "Makes one random n = p*q for each size from 32 bits up to MAX_BITS (40 to 256) and "
			"breaks it with each method of `rsa.crack`, dropping a method once it takes more than "
			"SECONDS (1 to 60). Prints the table and a plot with a log scale, then extrapolates each method "
			"to 2048 bits by its cost law (2^(bits/2) for trial division, 2^(bits/4) for rho), and "
			"the number field sieve, the best known attack, by L_n[1/3, 1.923] anchored on the "
			"RSA-250 record (829 bits, 2020, about 2,700 core-years); each figure says what it "
			"assumes. Ctrl-C stops it. With the clock pinned (`--now`), steps are counted instead "
			"of seconds, so the output repeats.",
		.example = "rsa.timing(max_bits=40, seconds=1)",
		.fn = b_timing,
		.flags = B_SEEDED,
	},
	{ 0 }
};

const struct builtin_ns ns_rsa = { .name = "rsa", .topic = "RSA", .entries = entries };
