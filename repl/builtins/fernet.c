/* fernet.*: authenticated symmetric encryption (libcore/fernet.c), as the
 * student meets it first: one shared key, a token an eavesdropper cannot read,
 * tampering detected. Keys travel as their 44-character text, so that
 * env("SECRET_KEY") works as a key, and tokens as text. */
#include <config.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libcore/base64.h"
#include "libcore/clock.h"
#include "libcore/bigint.h"
#include "libcore/fernet.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/fernet.h"
#include "repl/render.h"
#include "repl/session.h"

/* The input layer: a key or token read from a file or a pipe often ends in a
 * newline. Core is strict; here the surrounding whitespace goes. */
static void
trim(const char **p, size_t *n)
{
	while (*n && strchr(" \t\r\n", (*p)[0]))
		(*p)++, (*n)--;
	while (*n && strchr(" \t\r\n", (*p)[*n - 1]))
		(*n)--;
}

/* ---- objects: a key list (MultiFernet) and a password-derived key ---- */

struct keylist {
	size_t n;
	struct fernet_key *keys;
};

static void
keylist_free(void *data)
{
	struct keylist *l = data;

	for (size_t i = 0; i < l->n; i++)
		fernet_key_free(&l->keys[i]);
	free(l->keys);
	free(l);
}

static struct value *
key_text_value(const struct fernet_key *k)
{
	char text[FERNET_KEY_TEXT_LEN + 1];
	struct value *v;

	fernet_key_format(text, k);
	v = value_str(text, FERNET_KEY_TEXT_LEN);
	explicit_bzero(text, sizeof text);
	return v;
}

static int
keylist_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct keylist *l = data;

	if (strcmp(name, "keys") == 0) {
		struct value **items = xmalloc(l->n * sizeof *items);
		for (size_t i = 0; i < l->n; i++)
			items[i] = key_text_value(&l->keys[i]);
		*out = value_list(items, l->n);
		return 0;
	}
	return cl_fail(err, GPG_ERR_INV_NAME, "a fernet key list has no field '%s' (it has 'keys')",
		       name);
}

/* A key is secret: shown by its first characters only, enough to tell keys apart. */
static void
show_key_start(FILE *out, const struct fernet_key *k)
{
	char text[FERNET_KEY_TEXT_LEN + 1];

	fernet_key_format(text, k);
	fprintf(out, "%.4s...", text);
	explicit_bzero(text, sizeof text);
}

static void
keylist_show(const void *data, FILE *out)
{
	const struct keylist *l = data;

	fprintf(out, "fernet key list of %zu key%s: encrypts with the first, decrypts with any",
		l->n, l->n == 1 ? "" : "s");
	for (size_t i = 0; i < l->n; i++) {
		fprintf(out, "\n  key %zu  ", i + 1);
		show_key_start(out, &l->keys[i]);
		if (i == 0)
			fputs("  (encrypts)", out);
	}
}

static int keylist_coerce(const struct value *v, struct value **out, struct cl_error *err);

static const char *const keylist_fields[] = { "keys", NULL };
const struct objtype fernet_keylist_type = {
	.name = "fernet key list",
	.accepts = "a fernet key (its 44 characters of text), a list of keys or a fernet key list",
	.free = keylist_free,
	.field = keylist_field,
	.fields = keylist_fields,
	.show = keylist_show,
	.coerce = keylist_coerce,
};

struct pwkey {
	struct fernet_key key;
	unsigned char *salt;
	size_t salt_len;
	unsigned long iterations;
};

static void
pwkey_free(void *data)
{
	struct pwkey *p = data;

	fernet_key_free(&p->key);
	free(p->salt);
	free(p);
}

static int
pwkey_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct pwkey *p = data;

	if (strcmp(name, "key") == 0)
		*out = key_text_value(&p->key);
	else if (strcmp(name, "salt") == 0)
		*out = value_bytes(p->salt, p->salt_len);
	else if (strcmp(name, "iterations") == 0)
		*out = value_int_si((long)p->iterations);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a password key has no field '%s' "
			       "(it has 'key', 'salt' and 'iterations')", name);
	return 0;
}

static void
pwkey_show(const void *data, FILE *out)
{
	const struct pwkey *p = data;
	struct value *salt = value_bytes(p->salt, p->salt_len);
	char text[FERNET_KEY_TEXT_LEN + 1];

	fernet_key_format(text, &p->key);
	fprintf(out, "key         %s\nsalt        ", text);
	explicit_bzero(text, sizeof text);
	render_inline(out, salt);
	fprintf(out, "\niterations  %lu", p->iterations);
	value_unref(salt);
}

static const char *const pwkey_fields[] = { "key", "salt", "iterations", NULL };
static const struct objtype pwkey_type = {
	.name = "password key",
	.free = pwkey_free,
	.field = pwkey_field,
	.fields = pwkey_fields,
	.show = pwkey_show,
};

/* ---- arguments ---- */

static int
parse_key_text(struct fernet_key *k, const struct value *v, struct cl_error *err)
{
	const char *p = v->u.s.p;
	size_t n = v->u.s.n;

	trim(&p, &n);
	return fernet_key_parse(k, p, n, err);
}

/* A list of key texts to keys; errors name the key by its place. */
static int
keys_from_list(struct keylist *l, const struct value *list, struct cl_error *err)
{
	l->n = 0;
	l->keys = NULL;
	if (list->u.list.n == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a fernet key list needs at least one key");
	l->keys = xcalloc(list->u.list.n, sizeof *l->keys);
	for (size_t i = 0; i < list->u.list.n; i++) {
		const struct value *item = list->u.list.items[i];
		struct cl_error e;

		if (item->type != V_STR) {
			cl_fail(err, GPG_ERR_INV_ARG, "key %zu of the list is %s, not a key's text",
				i + 1, value_type_name(item));
			goto fail;
		}
		if (parse_key_text(&l->keys[i], item, &e)) {
			cl_fail(err, e.code, "key %zu of the list: %s", i + 1, e.msg);
			goto fail;
		}
		l->n++;
	}
	return 0;
fail:
	for (size_t i = 0; i < l->n; i++)
		fernet_key_free(&l->keys[i]);
	free(l->keys);
	l->keys = NULL;
	l->n = 0;
	return -1;
}

/* An argument that stands for keys: a key's text, a list of them, a key list
 * (fernet.multi) or a password key, all turned into a key list once, by
 * builtin_call, before the handler runs. */
static int
keylist_coerce(const struct value *v, struct value **out, struct cl_error *err)
{
	struct keylist *l = xcalloc(1, sizeof *l);

	switch (v->type) {
	case V_STR:
		l->keys = xcalloc(1, sizeof *l->keys);
		if (parse_key_text(&l->keys[0], v, err))
			goto fail;
		l->n = 1;
		break;
	case V_LIST:
		if (keys_from_list(l, v, err))
			goto fail;
		break;
	case V_OBJ:
		if (value_is_obj(v, &pwkey_type)) {
			l->keys = xcalloc(1, sizeof *l->keys);
			if (fernet_key_copy(&l->keys[0], &((const struct pwkey *)v->u.obj.data)->key, err))
				goto fail;
			l->n = 1;
			break;
		}
		/* fall through */
	default:
		free(l);
		return 1;	/* not a key in any form: the usual message says what is */
	}
	*out = value_obj(&fernet_keylist_type, l);
	return 0;
fail:
	free(l->keys);
	free(l);
	return -1;
}

const struct fernet_key *
fernet_keylist_keys(const struct value *v, size_t *n)
{
	const struct keylist *l = v->u.obj.data;

	*n = l->n;
	return l->keys;
}

/* The key list of argument I, made by keylist_coerce. */
#define KEYS(i) ((const struct keylist *)c->arg[(i)]->u.obj.data)
#define KEY(n) { .name = (n), .types = T_STR | T_LIST | T_OBJ, .obj = &fernet_keylist_type }

static void
token_arg(struct call *c, int i, const char **p, size_t *n)
{
	arg_data(c, i, p, n);
	trim(p, n);
}

/* ---- the builtins ---- */

static int
b_keygen(struct call *c, struct value **out)
{
	struct fernet_key k;

	if (fernet_key_generate(&k, c->err))
		return -1;
	*out = key_text_value(&k);
	fernet_key_free(&k);
	return 0;
}

static int
encrypt(struct call *c, struct value **out, const uint64_t *when, const unsigned char *iv)
{
	const struct keylist *k = KEYS(0);
	const char *msg;
	size_t n, tn;
	char *token;
	int rc;

	arg_data(c, 1, &msg, &n);
	rc = when ? fernet_encrypt_at(&token, &tn, &k->keys[0], msg, n, *when, iv, c->err)
		  : fernet_encrypt(&token, &tn, &k->keys[0], msg, n, c->err);
	if (rc)
		return -1;
	*out = value_str(token, tn);
	free(token);
	return 0;
}

static int
b_encrypt(struct call *c, struct value **out)
{
	return encrypt(c, out, NULL, NULL);
}

static int
b_encrypt_at(struct call *c, struct value **out)
{
	unsigned long t;
	uint64_t when;
	const struct value *iv = c->arg[3];

	if (arg_ulong(c, 2, 0, ULONG_MAX, &t))
		return -1;
	if (iv && iv->u.s.n != FERNET_IV_BYTES)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "fernet.encrypt_at: 'iv' must be 16 bytes "
			       "(one aes block), not %zu", iv->u.s.n);
	when = t;
	return encrypt(c, out, &when, iv ? (const unsigned char *)iv->u.s.p : NULL);
}

/* Text when the plaintext is UTF-8, bytes otherwise. */
static struct value *
plaintext_value(const unsigned char *p, size_t n)
{
	return utf8_valid((const char *)p, n, NULL) ? value_str((const char *)p, n)
						    : value_bytes(p, n);
}

static int
decrypt(struct call *c, struct value **out, const int64_t *ttl, int64_t now)
{
	const struct keylist *k = KEYS(0);
	const char *tok;
	unsigned char *msg;
	size_t tn, n;

	token_arg(c, 1, &tok, &tn);
	if (fernet_multi_decrypt_at(&msg, &n, NULL, k->keys, k->n, tok, tn, ttl, now, c->err))
		return -1;
	*out = plaintext_value(msg, n);
	fernet_free(msg, n);
	return 0;
}

static int
b_decrypt(struct call *c, struct value **out)
{
	long ttl;

	if (c->arg[2]) {
		if (arg_long(c, 2, LONG_MIN, LONG_MAX, &ttl))
			return -1;
		return decrypt(c, out, &(int64_t){ ttl }, clock_now());
	}
	return decrypt(c, out, NULL, clock_now());
}

static int
b_decrypt_at(struct call *c, struct value **out)
{
	long ttl, now;

	if (arg_long(c, 2, LONG_MIN, LONG_MAX, &ttl) || arg_long(c, 3, LONG_MIN, LONG_MAX, &now))
		return -1;
	return decrypt(c, out, &(int64_t){ ttl }, now);
}

static struct value *
u64_value(uint64_t v)
{
	mpz_t z;

	mpz_init(z);
	mpz_import(z, 1, 1, sizeof v, 0, 0, &v);
	return value_int_take(z);
}

static int
b_timestamp(struct call *c, struct value **out)
{
	const struct keylist *k = KEYS(0);
	const char *tok;
	size_t tn;
	uint64_t when;

	token_arg(c, 1, &tok, &tn);
	if (fernet_multi_timestamp(&when, NULL, k->keys, k->n, tok, tn, c->err))
		return -1;
	*out = u64_value(when);
	return 0;
}

static int
b_multi(struct call *c, struct value **out)
{
	struct keylist *l = xcalloc(1, sizeof *l);
	if (keys_from_list(l, c->arg[0], c->err)) {
		free(l);
		return -1;
	}
	*out = value_obj(&fernet_keylist_type, l);
	return 0;
}

static int
b_rotate(struct call *c, struct value **out)
{
	const struct keylist *k = KEYS(0);
	const char *tok;
	size_t tn, rn;
	char *rotated;

	token_arg(c, 1, &tok, &tn);
	if (fernet_multi_rotate(&rotated, &rn, k->keys, k->n, tok, tn, c->err))
		return -1;
	*out = value_str(rotated, rn);
	free(rotated);
	return 0;
}

static int
b_key_from_password(struct call *c, struct value **out)
{
	struct pwkey *p = xcalloc(1, sizeof *p);
	const char *pw, *salt;
	size_t pwn, saltn;
	if (arg_ulong(c, 2, 1, 10000000, &p->iterations)) {
		free(p);
		return -1;
	}
	arg_data(c, 0, &pw, &pwn);
	if (c->arg[1]) {
		arg_data(c, 1, &salt, &saltn);
		p->salt_len = saltn;
		p->salt = xmalloc(saltn ? saltn : 1);
		memcpy(p->salt, salt, saltn);
	} else {
		p->salt_len = FERNET_SALT_BYTES;
		p->salt = xmalloc(FERNET_SALT_BYTES);
		fernet_salt_generate(p->salt);
	}
	if (fernet_key_from_password(&p->key, pw, pwn, p->salt, p->salt_len, p->iterations,
				     c->err)) {
		pwkey_free(p);
		return -1;
	}
	*out = value_obj(&pwkey_type, p);
	return 0;
}

/* ---- drawing a token ---- */

enum { F_VERSION, F_TIME, F_IV, F_CIPHERTEXT, F_HMAC, F_NONE };

/* Columns of the drawing: name, byte range, length, then the hex from HEX_AT. */
#define HEX_AT 34

static const enum color field_color[] = {
	[F_VERSION] = COL_MAGENTA, [F_TIME] = COL_YELLOW, [F_IV] = COL_CYAN,
	[F_CIPHERTEXT] = COL_GREEN, [F_HMAC] = COL_BLUE, [F_NONE] = COL_RED,
};

/* Where each field starts and ends in a token of LEN bytes; a token too short
 * for all of them gets what fits, and the rest are empty. */
static void
field_bounds(size_t len, size_t start[5], size_t end[5])
{
	static const size_t want[5] = { 0, FERNET_OFF_TIME, FERNET_OFF_IV, FERNET_OFF_CIPHERTEXT, 0 };
	size_t hmac_at = len >= FERNET_OFF_CIPHERTEXT + FERNET_HMAC_BYTES
			 ? len - FERNET_HMAC_BYTES : len;

	for (int f = 0; f < 4; f++)
		start[f] = want[f] < len ? want[f] : len;
	end[F_VERSION] = start[F_TIME];
	end[F_TIME] = start[F_IV];
	end[F_IV] = start[F_CIPHERTEXT];
	end[F_CIPHERTEXT] = hmac_at > start[F_CIPHERTEXT] ? hmac_at : start[F_CIPHERTEXT];
	start[F_HMAC] = end[F_CIPHERTEXT];
	end[F_HMAC] = len;
}

static void
print_hex_lines(struct session *s, const unsigned char *p, size_t n, enum color col, int indent)
{
	/* 16 bytes a line; a long field shows its first three lines and its last. */
	size_t lines = (n + 15) / 16;

	for (size_t l = 0; l < lines; l++) {
		if (lines > 4 && l == 3) {
			fprintf(s->out, "%*s%s... %zu bytes more ...%s\n", l ? indent : 0, "",
				color(s, COL_DIM), n - 64, color(s, COL_RESET));
			l = lines - 2;
			continue;
		}
		fprintf(s->out, "%*s%s", l ? indent : 0, "", color(s, col));
		for (size_t i = l * 16; i < n && i < l * 16 + 16; i++)
			fprintf(s->out, "%02x", p[i]);
		fprintf(s->out, "%s\n", color(s, COL_RESET));
	}
	if (!n)
		fputc('\n', s->out);
}

/* The token's text, each character in the colour of the byte where its 6
 * bits start: the fields show through the base64. */
static void
draw_text(struct session *s, const char *tok, size_t tn, const size_t start[5], const size_t end[5])
{
	int was = -1;

	for (size_t i = 0; i < tn; i++) {
		size_t byte = i * 6 / 8;
		int f = F_NONE;

		for (int j = 0; j < 5; j++)
			if (byte >= start[j] && byte < end[j])
				f = j;
		if (tok[i] == '=')
			f = F_NONE + 1;	/* padding */
		if (f != was)
			fprintf(s->out, "%s%s", color(s, COL_RESET), color(s, f > F_NONE ? COL_DIM : field_color[f]));
		was = f;
		fputc(tok[i], s->out);
		if ((i + 1) % 76 == 0 && i + 1 < tn)
			fputc('\n', s->out);
	}
	fprintf(s->out, "%s\n", color(s, COL_RESET));
}

/* What a field's bytes mean, under its hex. */
static void
explain_field(struct session *s, const struct fernet_token *t, int f, size_t n)
{
	if (f == F_VERSION && t->bytes[0] != FERNET_VERSION)
		fprintf(s->out, "%*s%sfernet's version is 80: this is not a fernet token%s\n", HEX_AT, "",
			color(s, COL_RED), color(s, COL_RESET));
	if (f == F_TIME && n == 8) {
		uint64_t when = 0;
		char date[64];

		for (int i = 0; i < 8; i++)
			when = when << 8 | t->bytes[FERNET_OFF_TIME + i];
		clock_format(date, sizeof date,
			     when > (uint64_t)CLOCK_MAX_TIME ? CLOCK_MAX_TIME + 1 : (int64_t)when);
		fprintf(s->out, "%*s= %" PRIu64 " = %s\n", HEX_AT, "", when, date);
	}
	if (f == F_CIPHERTEXT && n % 16)
		fprintf(s->out, "%*s%snot whole aes blocks: this token cannot decrypt%s\n", HEX_AT, "",
			color(s, COL_RED), color(s, COL_RESET));
	else if (f == F_CIPHERTEXT)
		fprintf(s->out, "%*s%s%zu aes-128-cbc block%s: message + padding%s\n", HEX_AT, "",
			color(s, COL_DIM), n / 16, n == 16 ? "" : "s", color(s, COL_RESET));
}

/* The HMAC check with the keys K (or how to ask for it). */
static void
draw_hmac(struct session *s, const struct fernet_token *t, const struct keylist *k)
{
	size_t i;

	if (!k) {
		fprintf(s->out, "%s(give key=... to check the hmac)%s\n", color(s, COL_DIM), color(s, COL_RESET));
		return;
	}
	for (i = 0; i < k->n && !fernet_token_hmac_ok(t, &k->keys[i]); i++)
		;
	if (i < k->n)
		fprintf(s->out, "hmac check: %sok%s, made with %s and not changed since\n", color(s, COL_GREEN),
			color(s, COL_RESET), k->n == 1 ? "this key" : i == 0 ? "key 1" : "an older key");
	else
		fprintf(s->out, "hmac check: %sfails%s, the token was changed or made with another key\n",
			color(s, COL_RED), color(s, COL_RESET));
}

static int
b_inspect(struct call *c, struct value **out)
{
	static const char *const names[] = { "version", "timestamp", "iv", "ciphertext", "hmac" };
	struct session *s = c->s;
	struct fernet_token t;
	const char *tok;
	size_t tn, start[5], end[5];

	token_arg(c, 0, &tok, &tn);
	if (fernet_token_decode(&t, tok, tn, c->err))
		return -1;
	field_bounds(t.len, start, end);
	fprintf(s->out, "fernet token: %zu bytes as %zu characters of url-safe base64\n", t.len, tn);
	if (s->color)
		draw_text(s, tok, tn, start, end);
	fprintf(s->out, "%s  %-10s  %-13s %4s  %s%s\n", color(s, COL_DIM), "field", "bytes", "len", "hex",
		color(s, COL_RESET));
	for (int f = 0; f < 5; f++) {
		size_t n = end[f] - start[f];
		char range[48], len[24];

		if (!n)
			continue;
		if (n == 1)
			snprintf(range, sizeof range, "byte %zu", start[f]);
		else
			snprintf(range, sizeof range, "bytes %zu-%zu", start[f], end[f] - 1);
		snprintf(len, sizeof len, "%zu", n);
		fprintf(s->out, "  %s%-10s%s  %-13s %4s  ", color(s, field_color[f]), names[f], color(s, COL_RESET),
			range, len);
		print_hex_lines(s, t.bytes + start[f], n, field_color[f], HEX_AT);
		explain_field(s, &t, f, n);
	}
	if (t.len < FERNET_MIN_TOKEN_BYTES)
		fprintf(s->out, "%stoo short: a fernet token has at least %d bytes (an empty message still has "
			"one block of padding)%s\n", color(s, COL_RED), FERNET_MIN_TOKEN_BYTES, color(s, COL_RESET));
	draw_hmac(s, &t, c->arg[1] ? KEYS(1) : NULL);
	fernet_token_free(&t);
	*out = NULL;
	return 0;
}

/* ---- a token's fields as values ---- */

struct fields {
	unsigned char *bytes;	/* the decoded token */
	size_t len;
};

static void
fields_free(void *data)
{
	struct fields *f = data;

	free(f->bytes);
	free(f);
}

static const char *const fields_names[] = { "version", "timestamp", "iv", "ciphertext", "hmac", NULL };

static int
fields_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct fields *f = data;
	size_t start[5], end[5];

	field_bounds(f->len, start, end);
	for (int i = 0; fields_names[i]; i++) {
		if (strcmp(name, fields_names[i]) != 0)
			continue;
		if (i == F_VERSION)
			*out = value_int_si(f->bytes[0]);
		else if (i == F_TIME) {
			uint64_t when = 0;

			for (size_t k = start[F_TIME]; k < end[F_TIME]; k++)
				when = when << 8 | f->bytes[k];
			*out = u64_value(when);
		} else
			*out = value_bytes(f->bytes + start[i], end[i] - start[i]);
		return 0;
	}
	return cl_fail(err, GPG_ERR_INV_NAME, "a token's fields are version, timestamp, iv, ciphertext and "
		       "hmac, not '%s'", name);
}

static void
fields_show(const void *data, FILE *out)
{
	const struct fields *f = data;
	size_t start[5], end[5];
	uint64_t when = 0;
	char date[64];

	field_bounds(f->len, start, end);
	for (size_t k = start[F_TIME]; k < end[F_TIME]; k++)
		when = when << 8 | f->bytes[k];
	clock_format(date, sizeof date, when);
	fprintf(out, "version     %u\ntimestamp   %" PRIu64 " (%s)", f->bytes[0], when, date);
	for (int i = F_IV; i <= F_HMAC; i++) {
		fprintf(out, "\n%-11s ", fields_names[i]);
		for (size_t k = start[i]; k < end[i]; k++)
			fprintf(out, "%02x", f->bytes[k]);
		if (i == F_CIPHERTEXT)
			fprintf(out, " (%zu bytes)", end[i] - start[i]);
	}
}

static const struct objtype fields_type = {
	.name = "fernet token's fields",
	.free = fields_free,
	.field = fields_field,
	.fields = fields_names,
	.show = fields_show,
};

static int
b_fields(struct call *c, struct value **out)
{
	struct fernet_token t;
	struct fields *f;
	const char *tok;
	size_t tn;

	token_arg(c, 0, &tok, &tn);
	if (fernet_token_decode(&t, tok, tn, c->err))
		return -1;
	if (t.len < FERNET_MIN_TOKEN_BYTES) {
		fernet_token_free(&t);
		return cl_fail(c->err, GPG_ERR_TOO_SHORT, "%zu bytes are too few for a fernet token (at least %d)",
			       t.len, FERNET_MIN_TOKEN_BYTES);
	}
	f = xcalloc(1, sizeof *f);
	f->bytes = t.bytes;	/* taken over */
	f->len = t.len;
	*out = value_obj(&fields_type, f);
	return 0;
}

static int
b_tamper(struct call *c, struct value **out)
{
	struct fernet_token t;
	const char *tok;
	size_t tn;
	unsigned long bit, byte;
	char *text;

	token_arg(c, 0, &tok, &tn);
	if (arg_ulong(c, 2, 0, 7, &bit) || fernet_token_decode(&t, tok, tn, c->err))
		return -1;
	if (mpz_sgn(c->arg[1]->u.z) < 0 || mpz_cmp_ui(c->arg[1]->u.z, t.len) >= 0) {
		char shown[80];

		bigint_short(shown, sizeof shown, c->arg[1]->u.z);
		cl_fail(c->err, GPG_ERR_INV_ARG, "fernet.tamper: 'byte' must be from 0 to %zu "
			"(this token has %zu bytes), not '%s'", t.len - 1, t.len, shown);
		fernet_token_free(&t);
		return -1;
	}
	byte = mpz_get_ui(c->arg[1]->u.z);
	t.bytes[byte] ^= (unsigned char)(1u << bit);
	text = xmalloc(base64_url_encoded_len(t.len) + 1);
	base64_url_encode(text, t.bytes, t.len);
	*out = value_cstr(text);
	free(text);
	fernet_token_free(&t);
	return 0;
}

#define SPEC_KEY "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
#define SPEC_TOKEN "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=="

static const struct builtin entries[] = {
	{
		.name = "fernet.keygen",
		.summary = "a new random fernet key (44 characters of text)",
		.help = "32 random bytes in url-safe base64, exactly what Python's "
			"`Fernet.generate_key()` gives: the first 16 bytes sign (HMAC-SHA256), the last 16 "
			"encrypt (AES-128). Whoever holds the key can read *and* forge tokens, so it is "
			"shared only with whoever must read the messages, and kept out of code and logs: "
			"put it in an environment variable and use `env(\"SECRET_KEY\")` as the key.",
		.example = "k = fernet.keygen(); k; len(k)",
		.expect = "wFhyFRrOrf5WTydw5QTubChE58b0v4Ig-2_DQHLDsRg=\n44",
		.flags = B_SEEDED,
		.fn = b_keygen,
	},
	{
		.name = "fernet.encrypt",
		.params = { KEY("key"),
			    { .name = "data", .types = T_DATA } },
		.summary = "encrypt and sign a message into a token",
		.help = "The token is url-safe base64 of: the version byte 0x80, the time (8 bytes), a "
			"random IV (16 bytes), the message encrypted with AES-128-CBC, and an HMAC-SHA256 "
			"over all of that. The IV is new every time, so the same message never gives the "
			"same token twice. An eavesdropper sees the length and the time, not the words; "
			"change one bit and `fernet.decrypt` refuses it. With a key list (`fernet.multi`) "
			"the first key encrypts. Try `fernet.inspect` on the result.",
		.example = "k = \"" SPEC_KEY "\"; t = fernet.encrypt(k, \"fluffy tail\"); t; "
			   "fernet.decrypt(k, t)",
		.expect = "gAAAAABlU_EAwFhyFRrOrf5WTydw5QTubM66Cb9Lc_4UzEUfaRj9HZNXWv0gj3-RMRdhnDBwhaNT6kzY0pXY7nqYin_wh23D_Q==\n"
			  "fluffy tail",
		.flags = B_SEEDED,
		.fn = b_encrypt,
	},
	{
		.name = "fernet.encrypt_at",
		.params = { KEY("key"),
			    { .name = "data", .types = T_DATA },
			    { .name = "time", .types = T_INT },
			    { .name = "iv", .types = T_BYTES, .optional = true } },
		.summary = "encrypt as if at a given time, optionally with a fixed iv",
		.help = "Like `fernet.encrypt`, but the token says TIME (seconds since 1970) and, when "
			"IV is given, uses those 16 bytes instead of random ones: that is how the Fernet "
			"specification's test vectors are reproduced byte for byte. Never fix the IV for "
			"real messages: under one key and IV, two messages that begin alike give "
			"ciphertexts that begin alike, and an eavesdropper learns that they match.",
		.example = "fernet.encrypt_at(\"" SPEC_KEY "\", \"hello\", 499162800, "
			   "iv=hex\"000102030405060708090a0b0c0d0e0f\")",
		.expect = SPEC_TOKEN,
		.fn = b_encrypt_at,
	},
	{
		.name = "fernet.decrypt",
		.params = { KEY("key"),
			    { .name = "token", .types = T_DATA },
			    { .name = "ttl", .types = T_INT, .optional = true } },
		.summary = "check and decrypt a token (too old after ttl seconds)",
		.help = "First the HMAC is checked, in constant time, and only then is anything "
			"decrypted. Every failure gives the same words, \"invalid token\": a wrong key, "
			"one changed bit, bad padding, an expired token. Telling them apart would help a "
			"forger (a different answer for bad padding is the classic padding-oracle attack). "
			"With TTL the token must be at most TTL seconds old by `clock.now()`, and not more "
			"than 60 seconds in the future; without it the time is not looked at. The message "
			"comes back as text when it is UTF-8, as bytes otherwise.",
		.example = "k = fernet.keygen(); t = fernet.encrypt(k, \"fluffy tail\"); "
			   "fernet.decrypt(k, t, ttl=60)",
		.expect = "fluffy tail",
		.fn = b_decrypt,
	},
	{
		.name = "fernet.decrypt_at",
		.params = { KEY("key"),
			    { .name = "token", .types = T_DATA },
			    { .name = "ttl", .types = T_INT },
			    { .name = "time", .types = T_INT } },
		.summary = "decrypt as if the clock said time, with a ttl",
		.help = "Like `fernet.decrypt` with the clock at TIME: the token is valid when "
			"TIME - TTL <= its timestamp <= TIME + 60 (both ends included). This is how the "
			"specification's verify vectors are checked, and Python's "
			"`Fernet.decrypt_at_time`.",
		.example = "fernet.decrypt_at(\"" SPEC_KEY "\", \"" SPEC_TOKEN "\", 60, 499162801)",
		.expect = "hello",
		.fn = b_decrypt_at,
	},
	{
		.name = "fernet.timestamp",
		.params = { KEY("key"),
			    { .name = "token", .types = T_DATA } },
		.summary = "when a token was made, once its hmac checks",
		.help = "The time written in the token, in seconds since 1970. The time travels in the "
			"clear (`fernet.inspect` shows it without a key), but it is only trusted after the "
			"HMAC proves the key holder wrote it, as Python's `extract_timestamp` does. "
			"`clock.date` turns it into a date.",
		.example = "t = fernet.timestamp(\"" SPEC_KEY "\", \"" SPEC_TOKEN "\"); t; clock.date(t)",
		.expect = "499162800\n1985-10-26 08:20:00 UTC",
		.fn = b_timestamp,
	},
	{
		.name = "fernet.multi",
		.params = { { .name = "keys", .types = T_LIST } },
		.summary = "a key list: encrypts with the first, decrypts with any",
		.help = "For changing keys without breaking old tokens: put the new key first and the "
			"old ones after it. Encrypting uses the first key; decrypting tries each in "
			"order. Then `fernet.rotate` re-encrypts old tokens under the new key, and once "
			"none are left the old key can be dropped. The list shows only the start of each "
			"key; `.keys` gives them in full.",
		.example = "old = fernet.keygen(); new = fernet.keygen(); t = fernet.encrypt(old, \"hi\"); "
			   "m = fernet.multi([new, old]); fernet.decrypt(m, t)",
		.expect = "hi",
		.fn = b_multi,
	},
	{
		.name = "fernet.rotate",
		.params = { KEY("keys"),
			    { .name = "token", .types = T_DATA } },
		.summary = "re-encrypt a token under a list's first key, same time",
		.help = "Decrypts TOKEN with any key of the list (its age does not matter here) and "
			"encrypts the message again under the first key, with a fresh IV but the "
			"original timestamp, so a TTL still counts from when the message was first "
			"written. This is Python's `MultiFernet.rotate`.",
		.example = "old = fernet.keygen(); new = fernet.keygen(); t = fernet.encrypt(old, \"hi\"); "
			   "t2 = fernet.rotate(fernet.multi([new, old]), t); fernet.decrypt(new, t2); "
			   "fernet.timestamp(new, t2) == fernet.timestamp(old, t)",
		.expect = "hi\ntrue",
		.fn = b_rotate,
	},
	{
		.name = "fernet.key_from_password",
		.params = { { .name = "password", .types = T_DATA },
			    { .name = "salt", .types = T_DATA, .optional = true },
			    { .name = "iterations", .types = T_INT, .def = "600000" } },
		.summary = "a fernet key from a password and a salt (pbkdf2)",
		.help = "A password is not a key: it is short and guessable. PBKDF2 stretches it, "
			"running HMAC-SHA256 ITERATIONS times, so each guess costs an attacker as much "
			"as it costs you once. The salt (16 random bytes unless given) makes the same "
			"password give different keys for different people, so no table of "
			"precomputed guesses works. The salt is not secret but it must be *stored* with "
			"what the key protects: without it the same password never gives the key back. "
			"The default, 600000 iterations, is OWASP's recommendation for PBKDF2-HMAC-SHA256 "
			"(2023); pyca's documentation shows 1200000. Every iteration slows each of an "
			"attacker's guesses as much as your one login, so choose as many as your users can "
			"wait for. The result has `.key`, `.salt` and `.iterations`, and works as a key itself.",
		.example = "p = fernet.key_from_password(\"passwd\", salt=\"salt\", iterations=1); p.key",
		.expect = "VawEblbjCJ_sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=",
		.fn = b_key_from_password,
	},
	{
		.name = "fernet.inspect",
		.params = { { .name = "token", .types = T_DATA },
			    { .name = "key", .types = T_STR | T_LIST | T_OBJ, .obj = &fernet_keylist_type, .optional = true } },
		.summary = "draw a token's fields: version, time, iv, ciphertext, hmac",
		.help = "Decodes the base64 and shows each field with its bytes, length and hex, the "
			"timestamp as a UTC date, and, given a key, whether the HMAC checks. Everything "
			"but the message is readable without the key: Fernet hides what was said, not "
			"when or roughly how much (the ciphertext is the message rounded up to whole "
			"16-byte blocks).",
		.example = "fernet.inspect(\"" SPEC_TOKEN "\", key=\"" SPEC_KEY "\")",
		.expect = "fernet token: 73 bytes as 100 characters of url-safe base64\n"
			  "  field       bytes          len  hex\n"
			  "  version     byte 0           1  80\n"
			  "  timestamp   bytes 1-8        8  000000001dc09eb0\n"
			  "                                  = 499162800 = 1985-10-26 08:20:00 UTC\n"
			  "  iv          bytes 9-24      16  000102030405060708090a0b0c0d0e0f\n"
			  "  ciphertext  bytes 25-40     16  2d36d5ca46556299fde13008633804b2\n"
			  "                                  1 aes-128-cbc block: message + padding\n"
			  "  hmac        bytes 41-72     32  c5ff9095f5d38f9ab86e5543e02686f0\n"
			  "                                  3b3ec971b9ab47ae23566a54e08c2a0c\n"
			  "hmac check: ok, made with this key and not changed since",
		.fn = b_inspect,
	},
	{
		.name = "fernet.fields",
		.params = { { .name = "token", .types = T_DATA } },
		.summary = "a token's fields as values: f.timestamp, f.iv, f.ciphertext...",
		.help = "The fields that `fernet.inspect` draws, as values to compute with: `version` and "
			"`timestamp` (integers), `iv`, `ciphertext` and `hmac` (bytes). No key is needed and "
			"nothing is checked: this is what an eavesdropper reads. Two tokens can be compared "
			"field by field, to see which one a tampering changed.",
		.example = "f = fernet.fields(\"" SPEC_TOKEN "\"); f.timestamp; len(f.ciphertext)",
		.expect = "499162800\n16",
		.fn = b_fields,
	},
	{
		.name = "fernet.tamper",
		.params = { { .name = "token", .types = T_DATA },
			    { .name = "byte", .types = T_INT, .def = "30" },
			    { .name = "bit", .types = T_INT, .def = "0" } },
		.summary = "flip one bit of a token, to watch decryption refuse it",
		.help = "Returns the token with bit BIT (0 to 7) of byte BYTE flipped, as an attacker "
			"on the wire could. Any change anywhere (the time, the IV, the ciphertext, the "
			"HMAC itself) makes `fernet.decrypt` answer \"invalid token\": the HMAC covers "
			"every byte. `fernet.inspect` shows which field a byte belongs to.",
		.example = "t = \"" SPEC_TOKEN "\"; t2 = fernet.tamper(t, byte=9); t2 == t; "
			   "fernet.inspect(t2, key=\"" SPEC_KEY "\")",
		.expect = "false\n"
			  "fernet token: 73 bytes as 100 characters of url-safe base64\n"
			  "  field       bytes          len  hex\n"
			  "  version     byte 0           1  80\n"
			  "  timestamp   bytes 1-8        8  000000001dc09eb0\n"
			  "                                  = 499162800 = 1985-10-26 08:20:00 UTC\n"
			  "  iv          bytes 9-24      16  010102030405060708090a0b0c0d0e0f\n"
			  "  ciphertext  bytes 25-40     16  2d36d5ca46556299fde13008633804b2\n"
			  "                                  1 aes-128-cbc block: message + padding\n"
			  "  hmac        bytes 41-72     32  c5ff9095f5d38f9ab86e5543e02686f0\n"
			  "                                  3b3ec971b9ab47ae23566a54e08c2a0c\n"
			  "hmac check: fails, the token was changed or made with another key",
		.fn = b_tamper,
	},
	{ 0 }
};

const struct builtin_ns ns_fernet = {
	.name = "fernet",
	.topic = "Fernet: symmetric encryption",
	.entries = entries,
};
