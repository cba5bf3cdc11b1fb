/* save and load: values to files and back. Keys go out as the PEM files
 * OpenSSL reads (private keys PKCS#8 with mode 0600, public keys
 * SubjectPublicKeyInfo), bytes raw (a signature for `openssl dgst -verify`),
 * text as it is. load gives back the right kind of object, trying each kind
 * of file_kinds[] in turn, and bytes for anything else. Every file is
 * written through libcore/file.h: whole or not at all, never over an
 * existing file unless force=true, never through a symbolic link. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "libcore/file.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/cert.h"
#include "repl/builtins/files.h"
#include "repl/builtins/keys.h"
#include "repl/render.h"
#include "repl/session.h"

/* The kinds of object save writes and load recognises, tried in this order.
 * Certificates and requests add theirs here. */
static const struct file_kind *const file_kinds[] = {
	&key_file_kind,
	&cert_file_kind,
	&csr_file_kind,
	NULL,
};

/* load reads at most this much: 16 MiB. */
#define LOAD_MAX ((size_t)16 << 20)

static const struct file_kind *
kind_of_type(const struct objtype *type)
{
	for (const struct file_kind *const *k = file_kinds; *k; k++)
		if ((*k)->type == type)
			return *k;
	return NULL;
}

static const struct file_kind *
kind_named(const char *name)
{
	for (const struct file_kind *const *k = file_kinds; *k; k++)
		if (strcmp((*k)->name, name) == 0)
			return *k;
	return NULL;
}

/* "key", "certificate" or "csr": the names as= takes */
static char *
kind_names(void)
{
	char *s = xstrdup("\"bytes\", \"text\"");

	for (const struct file_kind *const *k = file_kinds; *k; k++) {
		char *t = xasprintf("%s, \"%s\"", s, (*k)->name);

		free(s);
		s = t;
	}
	return s;
}

/* The offset of the first control character other than tab, CR and LF;
 * N when there is none. */
static size_t
control_at(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') || p[i] == 0x7f)
			return i;
	return n;
}

static const char *
password_arg(struct call *c, int i)
{
	const struct value *v = c->arg[i];

	return v ? v->u.s.p : NULL;
}

static int
b_save(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const char *path = c->arg[0]->u.s.p, *password = password_arg(c, 3);
	const struct value *v = c->arg[1];
	bool force = c->arg[2]->u.b;
	const struct file_kind *kind = NULL;
	char *data = NULL, *what = NULL;
	size_t n = 0;
	mode_t mode = 0644;
	int rc = -1;

	if (strlen(path) != c->arg[0]->u.s.n)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "save: the file name holds a NUL character");
	if (password && strlen(password) != c->arg[3]->u.s.n)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "save: the password holds a NUL character");
	switch (v->type) {
	case V_STR:
	case V_BYTES:
		if (password)
			return cl_fail(c->err, GPG_ERR_INV_ARG, "save: password= encrypts private keys; %s is "
				       "saved as it is (encrypt it first, e.g. with fernet.encrypt)",
				       v->type == V_STR ? "text" : "bytes");
		data = xmalloc(v->u.s.n + 1);
		memcpy(data, v->u.s.p, v->u.s.n);
		n = v->u.s.n;
		what = xasprintf("%zu byte%s of %s", n, n == 1 ? "" : "s", v->type == V_STR ? "text" : "data");
		break;
	case V_OBJ:
		if ((kind = kind_of_type(v->u.obj.type)) && kind->save) {
			if (kind->save(v, password, &data, &n, &mode, &what, c->err))
				return -1;
			break;
		}
		/* fall through */
	case V_LIST:
		/* several values of one kind that goes in lists: one after the other */
		if (v->type == V_LIST && v->u.list.n && v->u.list.items[0]->type == V_OBJ
		    && (kind = kind_of_type(v->u.list.items[0]->u.obj.type)) && kind->save && kind->plural) {
			for (size_t i = 0; i < v->u.list.n; i++) {
				const struct value *item = v->u.list.items[i];
				char *one, *w;
				size_t len;
				mode_t m;

				if (!value_is_obj(item, kind->type)) {
					pkey_secret_free(data, n);
					return cl_fail(c->err, GPG_ERR_INV_ARG, "save: a list is saved when all its "
						       "items are %s; item %zu is %s", kind->plural, i + 1,
						       value_type_name(item));
				}
				if (kind->save(item, password, &one, &len, &m, &w, c->err)) {
					pkey_secret_free(data, n);
					return -1;
				}
				free(w);
				data = xrealloc(data, n + len + 1);
				memcpy(data + n, one, len);
				n += len;
				data[n] = '\0';
				pkey_secret_free(one, len);
				if (m == 0600)
					mode = 0600;
			}
			what = xasprintf("%zu %s", v->u.list.n, kind->plural);
			kind = NULL;	/* no openssl line for a list */
			break;
		}
		/* fall through */
	default:
		return cl_fail(c->err, GPG_ERR_INV_ARG, "save writes keys, certificates, requests, text and bytes, "
			       "not %s%s",
			       value_type_name(v), v->type == V_INT ? " (bytes(n) gives a number's bytes)" : "");
	}
	if (file_write(path, data, n, mode, force, c->err))
		goto leave;
	/* a file name can hold anything, ESC included: shown escaped */
	fputs("saved ", s->out);
	render_safe(s->out, what);
	fputs(" to '", s->out);
	render_safe(s->out, path);
	fputc('\'', s->out);
	if (mode == 0600)
		fputs(" (only you can read it: mode 0600)", s->out);
	fputc('\n', s->out);
	if (kind && kind->openssl && key_explaining(c)) {
		char *cmd = kind->openssl(v, path, true, password != NULL);

		key_explain(c, "%s", cmd);
		free(cmd);
	}
	rc = 0;
leave:
	pkey_secret_free(data, n);
	free(what);
	return rc;
}

static int
b_load(struct call *c, struct value **out)
{
	const char *path = c->arg[0]->u.s.p, *as = c->arg[1] ? c->arg[1]->u.s.p : NULL;
	const char *password = password_arg(c, 2);
	const struct file_kind *want = NULL, *got = NULL;
	struct cl_error e;
	struct stat st;
	char *data;
	size_t n;
	int rc = -1;

	if (strlen(path) != c->arg[0]->u.s.n)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "load: the file name holds a NUL character");
	if (as && strcmp(as, "bytes") != 0 && strcmp(as, "text") != 0 && !(want = kind_named(as))) {
		char *names = kind_names();

		cl_fail(c->err, GPG_ERR_INV_ARG, "load: as= is one of %s, not \"%.40s\"", names, as);
		free(names);
		return -1;
	}
	if (password && (!*password || (as && !want)))
		return cl_fail(c->err, GPG_ERR_INV_ARG, "load: %s", !*password ? "the password is empty"
			       : "password= opens an encrypted private key, not bytes or text");
	/* a pipe or a device (/dev/stdin, /dev/zero) could block or never end */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return cl_fail(c->err, GPG_ERR_INV_ARG, "'%s' is not a regular file (a device or a pipe): "
			       "load reads files", path);
	if (file_read(path, LOAD_MAX, &data, &n, c->err))
		return -1;
	if (as && strcmp(as, "bytes") == 0) {
		*out = value_bytes(data, n);
		rc = 0;
	} else if (as && strcmp(as, "text") == 0) {
		size_t bad;

		if (!utf8_valid(data, n, &bad))
			cl_fail(c->err, GPG_ERR_INV_VALUE, "'%s' is not UTF-8 text (byte %zu is not): read it "
				"with as=\"bytes\"", path, bad);
		else if ((bad = control_at(data, n)) < n)
			cl_fail(c->err, GPG_ERR_INV_VALUE, "'%s' holds a control character (byte %zu), which "
				"would steer the terminal: read it with as=\"bytes\"", path, bad);
		else {
			*out = value_str(data, n);
			rc = 0;
		}
	} else if (want) {
		if ((rc = want->load(data, n, password, out, &e)))
			cl_fail(c->err, e.code, "'%s': %s", path, e.msg);
		got = want;
	} else {
		/* the first kind that knows it; bytes when none does */
		rc = 1;
		for (const struct file_kind *const *k = file_kinds; *k && rc == 1; k++) {
			if ((*k)->load(data, n, password, out, &e) == 0) {
				rc = 0;
				got = *k;
			} else if (e.code != FILE_NOT_MINE) {
				cl_fail(c->err, e.code, "'%s': %s", path, e.msg);
				rc = -1;
			}
		}
		if (rc == 1) {
			if (password) {
				cl_fail(c->err, GPG_ERR_INV_ARG, "'%s' holds no encrypted key for password= to "
					"open: %s", path, e.msg);
				rc = -1;
			} else {
				*out = value_bytes(data, n);
				rc = 0;
			}
		}
	}
	if (rc == 0 && got && got->openssl && key_explaining(c)) {
		char *cmd = got->openssl(*out, path, false, password != NULL);

		key_explain(c, "%s", cmd);
		free(cmd);
	}
	pkey_secret_free(data, n);
	return rc;
}

static const struct builtin entries[] = {
	{
		.name = "save",
		.params = { { .name = "path", .types = T_STR, .path = true },
			    { .name = "value", .types = T_ANY },
			    { .name = "force", .types = T_BOOL, .def = "false" },
			    { .name = "password", .types = T_STR, .optional = true },
			    { .name = "explain", .types = T_BOOL, .def = "false" } },
		.summary = "write a key, a certificate, text or bytes to a file (as PEM that OpenSSL reads)",
		.help = "A private key is written as PKCS#8 PEM (\"BEGIN PRIVATE KEY\"), readable by you "
			"only (mode 0600); with `password=` it is encrypted (PKCS#8 with AES-256, \"BEGIN "
			"ENCRYPTED PRIVATE KEY\"), as `openssl pkcs8 -topk8` does. A public key is written as "
			"a SubjectPublicKeyInfo (\"BEGIN PUBLIC KEY\"). A certificate or a certificate request "
			"is written as PEM (\"BEGIN CERTIFICATE\", \"BEGIN CERTIFICATE REQUEST\"), and a list "
			"of certificates one after the other (a chain). Bytes are written raw, so that a "
			"signature can be checked by `openssl dgst -verify`; text is written as it is. An "
			"existing file is never replaced unless `force=true`, a symbolic link is never "
			"followed, and the file appears whole or not at all. `load` reads it back.",
		.example = "k = ec.keygen(\"ed25519\")\nsave(\"example-key.pem\", k, force=true)\n"
			   "load(\"example-key.pem\").fingerprint == k.fingerprint",
		.expect = "saved Ed25519 private key (PKCS#8 PEM) to 'example-key.pem' (only you can read it: "
			  "mode 0600)\ntrue",
		.fn = b_save,
		.flags = B_WRITES_FILES,
	},
	{
		.name = "load",
		.params = { { .name = "path", .types = T_STR },
			    { .name = "as", .types = T_STR, .optional = true },
			    { .name = "password", .types = T_STR, .optional = true },
			    { .name = "explain", .types = T_BOOL, .def = "false" } },
		.summary = "read a file back: a key, a certificate, a request, or bytes",
		.help = "Recognises keys as PEM or DER, made here or by OpenSSL: private keys in PKCS#8 "
			"(also encrypted: give `password=`), PKCS#1 (\"BEGIN RSA PRIVATE KEY\") and SEC1 "
			"(\"BEGIN EC PRIVATE KEY\"), public keys as SubjectPublicKeyInfo (\"BEGIN PUBLIC "
			"KEY\"); certificates (a file of several, a chain, gives a list) and certificate "
			"requests, as PEM or DER. Any other file comes back as bytes. `as=\"bytes\"` always "
			"gives the bytes, `as=\"text\"` the text, and `as=\"key\"`, `as=\"certificate\"` or "
			"`as=\"csr\"` insists on that kind (and says what is wrong with it).",
		.example = "save(\"example-msg.txt\", \"hello\\n\", force=true)\nload(\"example-msg.txt\")\n"
			   "load(\"example-msg.txt\", as=\"text\")",
		.expect = "saved 6 bytes of text to 'example-msg.txt'\nhex\"68656c6c6f0a\"\nhello",
		.fn = b_load,
	},
	{ 0 }
};

const struct builtin_ns ns_files = { .name = "", .key = "files", .topic = "Files", .entries = entries };
