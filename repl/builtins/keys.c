/* The key object shared by rsa.* (real keys), ec.*, save/load and the
 * certificates: a summary that never shows a private number, fields that
 * give them when asked, and PEM text accepted wherever a key is. */
#include <config.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/xalloc.h"
#include "repl/builtins/files.h"
#include "repl/builtins/keys.h"
#include "repl/render.h"
#include "repl/session.h"

static void
key_free(void *data)
{
	pkey_unref(data);
}

struct value *
key_value(struct pkey *k)
{
	return value_obj(&key_type, k);
}

struct pkey *
key_of(const struct value *v)
{
	return v->u.obj.data;
}

static struct value *
bytes_value_wiped(char *p, size_t n, bool text)
{
	struct value *v = text ? value_str(p, n) : value_bytes(p, n);

	pkey_secret_free(p, n);
	return v;
}

static int
key_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	struct pkey *k = (struct pkey *)data;
	enum pkey_kind kind = pkey_kind(k);
	char *p;
	size_t n;

	if (strcmp(name, "kind") == 0)
		*out = value_cstr(pkey_kind_name(kind));
	else if (strcmp(name, "bits") == 0)
		*out = value_int_si((long)pkey_bits(k));
	else if (strcmp(name, "private") == 0)
		*out = value_bool(pkey_is_private(k));
	else if (strcmp(name, "public") == 0)
		*out = key_value(pkey_public(k));
	else if (strcmp(name, "fingerprint") == 0)
		*out = value_bytes(pkey_fingerprint(k), PKEY_FINGERPRINT_BYTES);
	else if (strcmp(name, "pem") == 0) {
		if (pkey_is_private(k) ? pkey_export_private(&p, &n, k, PKEY_PEM, NULL, err)
				       : pkey_export_public(&p, &n, k, PKEY_PEM, err))
			return -1;
		*out = bytes_value_wiped(p, n, true);
	} else if (strlen(name) == 1 && strchr("nedpq", name[0]) && kind == PKEY_RSA) {
		mpz_t z;
		int rc;

		mpz_init(z);
		switch (name[0]) {
		case 'n': rc = pkey_rsa_numbers(k, z, NULL, NULL, NULL, NULL, err); break;
		case 'e': rc = pkey_rsa_numbers(k, NULL, z, NULL, NULL, NULL, err); break;
		case 'd': rc = pkey_rsa_numbers(k, NULL, NULL, z, NULL, NULL, err); break;
		case 'p': rc = pkey_rsa_numbers(k, NULL, NULL, NULL, z, NULL, err); break;
		default: rc = pkey_rsa_numbers(k, NULL, NULL, NULL, NULL, z, err); break;
		}
		if (rc) {
			mpz_clear(z);
			return -1;
		}
		*out = value_int_take(z);
	} else if (strcmp(name, "point") == 0 && kind != PKEY_RSA) {
		unsigned char *q;

		if (pkey_ec_point(&q, &n, k, err))
			return -1;
		*out = value_bytes(q, n);
		free(q);
	} else if (strcmp(name, "d") == 0 && kind != PKEY_RSA) {
		unsigned char *d;

		if (pkey_ec_secret(&d, &n, k, err))
			return -1;
		if (kind == PKEY_P256) {
			mpz_t z;

			mpz_init(z);
			mpz_import(z, n, 1, 1, 1, 0, d);
			*out = value_int_take(z);
		} else
			*out = value_bytes(d, n);
		explicit_bzero(d, n);
		gcry_free(d);
	} else if (kind == PKEY_RSA && strcmp(name, "point") == 0)
		return cl_fail(err, GPG_ERR_INV_NAME, "an RSA key has no field 'point' (EC keys have it; "
			       "RSA keys have n, e, d, p and q)");
	else if (kind != PKEY_RSA && strlen(name) == 1 && strchr("nepq", name[0]))
		return cl_fail(err, GPG_ERR_INV_NAME, "%s key has no field '%s' (RSA keys have n, e, d, p and "
			       "q; EC keys have point and d)", kind == PKEY_P256 ? "an ECDSA P-256" : "an Ed25519",
			       name);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a key has no field '%s' (it has kind, bits, private, "
			       "public, fingerprint and pem; %s)", name,
			       kind == PKEY_RSA ? "RSA keys also n, e, d, p and q" : "EC keys also point and d");
	return 0;
}

static void
key_show(const void *data, FILE *out)
{
	struct pkey *k = (struct pkey *)data;
	const unsigned char *f = pkey_fingerprint(k);

	fprintf(out, "%s %s key, %u bits", pkey_kind_title(pkey_kind(k)),
		pkey_is_private(k) ? "private" : "public", pkey_bits(k));
	if (pkey_kind(k) == PKEY_RSA) {
		mpz_t e;

		mpz_init(e);
		pkey_rsa_numbers(k, NULL, e, NULL, NULL, NULL, NULL);
		fputs(", e = ", out);
		mpz_out_str(out, 10, e);
		mpz_clear(e);
	}
	fputs("\nSHA-256 fingerprint ", out);
	for (int i = 0; i < PKEY_FINGERPRINT_BYTES; i++)
		fprintf(out, "%02x", f[i]);
}

/* A key's PEM (or DER) text where a key is wanted. */
static int
key_coerce(const struct value *v, struct value **out, struct cl_error *err)
{
	struct pkey *k;
	struct cl_error e;

	if (v->type != V_STR && v->type != V_BYTES)
		return 1;
	if (pkey_import(&k, v->u.s.p, v->u.s.n, NULL, &e) == 0) {
		*out = key_value(k);
		return 0;
	}
	if (e.code == GPG_ERR_NO_PASSPHRASE)
		return cl_fail(err, e.code, "this private key is encrypted: read it with "
			       "load(FILE, password=\"...\")");
	*err = e;
	return -1;
}

static const char *const key_fields[] = {
	"kind", "bits", "private", "public", "fingerprint", "pem", "n", "e", "d", "p", "q", "point", NULL,
};

const struct objtype key_type = {
	.name = "key",
	.free = key_free,
	.field = key_field,
	.fields = key_fields,
	.show = key_show,
	.coerce = key_coerce,
};

int
key_arg(struct call *c, int i, bool need_private, struct pkey **out)
{
	struct pkey *k = key_of(c->arg[i]);

	*out = NULL;
	if (need_private && !pkey_is_private(k))
		return cl_fail(c->err, GPG_ERR_NO_SECKEY, "%s: '%s' is a public key, and this needs the "
			       "private key (the one from keygen or load, not its .public)", c->b->name,
			       c->b->params[i].name);
	*out = k;
	return 0;
}

/* "  $ LINE": on a terminal narrower than the line, broken before its
 * options (" -x", outside quotes) with the shell's " \" continuation, so
 * that it reads on a projector and still pastes as one command; elsewhere
 * (a pipe, a transcript) on one line. */
void
key_command_line(struct session *s, const char *line)
{
	size_t n = strlen(line), start = 0, lastcut = 0, width = s->tty && s->width > 40 ? (size_t)s->width : 0;
	bool quoted = false;

	fputs(color(s, COL_CYAN), s->out);
	/* a command line names files, and a file name can hold anything: the
	 * pieces are written escaped (render_text) */
	if (!width || n + 4 <= width) {
		fputs("  $ ", s->out);
		render_text(s->out, line, n);
		fprintf(s->out, "%s\n", color(s, COL_RESET));
		return;
	}
	for (size_t i = 0; i <= n; i++) {
		size_t room = width - (start ? 6 : 4) - 2;	/* the indent, and " \\" */
		bool cut = i == n || (!quoted && line[i] == ' ' && line[i + 1] == '-');

		if (i < n && line[i] == '\'')
			quoted = !quoted;
		if (!cut)
			continue;
		if (i - start > room && lastcut > start) {
			fputs(start ? "      " : "  $ ", s->out);
			render_text(s->out, line + start, lastcut - start);
			fputs(" \\\n", s->out);
			start = lastcut + 1;
		}
		lastcut = i;
	}
	fputs(start ? "      " : "  $ ", s->out);
	render_text(s->out, line + start, n - start);
	fprintf(s->out, "%s\n", color(s, COL_RESET));
}

bool
key_explaining(const struct call *c)
{
	for (int i = 0; i < MAX_PARAMS && c->b->params[i].name; i++)
		if (strcmp(c->b->params[i].name, "explain") == 0)
			return c->arg[i] && c->arg[i]->type == V_BOOL ? c->arg[i]->u.b : c->s->explain;
	return false;
}

void
key_vexplain(struct session *s, bool notes, const char *fmt, va_list ap)
{
	char *text, *line;

	if (vasprintf(&text, fmt, ap) < 0)
		xalloc_die();
	fprintf(s->out, "%sthe same with openssl:%s\n", color(s, COL_DIM), color(s, COL_RESET));
	for (char *p = text; (line = strsep(&p, "\n"));)
		if (notes && *line == '#')
			fprintf(s->out, "  %s%s%s\n", color(s, COL_DIM), line, color(s, COL_RESET));
		else if (*line)
			key_command_line(s, line);
	free(text);
}

void
key_explain(struct call *c, const char *fmt, ...)
{
	va_list ap;

	if (!key_explaining(c))
		return;
	va_start(ap, fmt);
	key_vexplain(c->s, false, fmt, ap);
	va_end(ap);
}

struct value *
key_message_value(const unsigned char *p, size_t n)
{
	if (!utf8_valid((const char *)p, n, NULL))
		return value_bytes(p, n);
	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') || p[i] == 0x7f)
			return value_bytes(p, n);
	return value_str((const char *)p, n);
}

/* ---- keys in files (save and load) ---- */

static int
key_load(const char *data, size_t n, const char *password, struct value **out, struct cl_error *err)
{
	struct pkey *k;

	if (pkey_import(&k, data, n, password, err))
		return -1;	/* PKEY_NOT_A_KEY is FILE_NOT_MINE */
	*out = key_value(k);
	return 0;
}

static int
key_save(const struct value *v, const char *password, char **data, size_t *n, mode_t *mode, char **what,
	 struct cl_error *err)
{
	struct pkey *k = key_of(v);
	const char *title = pkey_kind_title(pkey_kind(k));

	if (!pkey_is_private(k)) {
		if (password)
			return cl_fail(err, GPG_ERR_INV_ARG, "a public key is not secret: it is saved without a "
				       "password (password= is for private keys)");
		if (pkey_export_public(data, n, k, PKEY_PEM, err))
			return -1;
		*mode = 0644;
		*what = xasprintf("%s public key (SubjectPublicKeyInfo PEM)", title);
		return 0;
	}
	if (pkey_export_private(data, n, k, PKEY_PEM, password, err))
		return -1;
	*mode = 0600;
	*what = xasprintf("%s private key (PKCS#8 PEM%s)", title, password ? ", encrypted with AES-256" : "");
	return 0;
}

static char *
key_openssl(const struct value *v, const char *path, bool saving, bool password)
{
	struct pkey *k = key_of(v);
	const char *in = pkey_is_private(k) ? "" : " -pubin";

	if (!saving)
		return xasprintf("openssl pkey%s -in %s%s -noout -text", in, path,
				 password ? " -passin pass:PASSWORD" : "");
	if (!pkey_is_private(k))
		return xasprintf("openssl pkey -in key.pem -pubout -out %s", path);
	if (password)
		return xasprintf("openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out %s", path);
	return xasprintf("openssl pkey -in key.pem -out %s", path);
}

const struct file_kind key_file_kind = {
	.name = "key",
	.type = &key_type,
	.load = key_load,
	.save = key_save,
	.openssl = key_openssl,
};
