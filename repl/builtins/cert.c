/* cert.*: be a small Certificate Authority (libcore/x509.c over GnuTLS),
 * and break certificates on purpose. A certificate, a request and a
 * verification result are objects; a certificate prints a short summary,
 * cert.show explains every field, cert.der shows the bytes, and cert.verify
 * gives OpenSSL's verdict with the words curl and a browser would use. Every
 * creating call can print the openssl command lines that do the same
 * (explain=true; always inside a lesson). */
#include <config.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libcore/clock.h"
#include "libcore/x509.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/cert.h"
#include "repl/builtins/keys.h"
#include "repl/render.h"
#include "repl/session.h"

/* ---- small helpers ---- */

static void
date(char *buf, size_t size, int64_t t)
{
	clock_format(buf, size, (uint64_t)(t < 0 ? 0 : t));
}

static void
hex(FILE *out, const unsigned char *p, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%02x", i ? sep : "", p[i]);
}

/* "90 days left", "expired 3 days ago", "not valid for 2 more days" */
static void
validity_words(char *buf, size_t size, const struct x509_info *in, int64_t now)
{
	char gap[32];

	if (now < in->not_before) {
		x509_span(gap, sizeof gap, in->not_before - now);
		snprintf(buf, size, "not valid yet: it starts in %s", gap);
	} else if (now >= in->not_after) {
		x509_span(gap, sizeof gap, now - in->not_after);
		snprintf(buf, size, "expired %s ago", gap);
	} else {
		int64_t left = in->not_after - now;

		/* a part day counts: "90 days left" just after it was made */
		x509_span(gap, sizeof gap, left >= 86400 ? left + 86399 - (left + 86399) % 86400 : left);
		snprintf(buf, size, "%s left", gap);
	}
}

/* TEXT after a label, wrapped at 78 columns under its first character. */
static void
wrapped(FILE *out, const char *label, const char *text)
{
	const int col = 13, width = 78;
	int at = col;
	const char *p = text;

	fprintf(out, "\n  %-*s", col - 2, label);
	while (*p) {
		const char *sp = strchr(p, ' ');
		int len = sp ? (int)(sp - p) : (int)strlen(p);

		if (at > col && at + 1 + len > width) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fprintf(out, "%.*s", len, p);
		at += len;
		p += len;
		while (*p == ' ')
			p++;
	}
}

static void
names_line(FILE *out, const struct x509_info *in, const char *sep)
{
	for (size_t i = 0; i < in->nsan; i++)
		fprintf(out, "%s%s", i ? sep : "", in->san[i].text);
}

/* The key line of a certificate's or a request's summary. */
static void
key_line(FILE *out, const struct x509_info *in)
{
	if (in->key)
		fprintf(out, "\n  key        %s, %u bits", in->key_desc, in->key_bits);
	else
		fprintf(out, "\n  key        %s", in->key_desc);
}

/* explain= (argument I): as given, or, for the calls that make something,
 * true inside a lesson. */
static bool
explaining(const struct call *c, int i)
{
	if (c->arg[i] && c->arg[i]->type == V_BOOL)
		return c->arg[i]->u.b;
	/* cert.verify explains only when asked: a lesson's checks call it */
	return strcmp(c->b->name, "cert.verify") != 0 && c->s->explain;
}

static void
explain(struct call *c, int i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
explain(struct call *c, int i, const char *fmt, ...)
{
	va_list ap;

	if (!explaining(c, i))
		return;
	va_start(ap, fmt);
	key_vexplain(c->s, true, fmt, ap);
	va_end(ap);
}

/* S quoted for a POSIX shell when it needs it ('...'). Malloc'ed. */
static char *
shq(const char *s)
{
	size_t n = 0;
	char *q, *o;

	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,@%+-") == strlen(s))
		return xstrdup(s);
	for (const char *p = s; *p; p++)
		n += *p == '\'' ? 4 : 1;
	o = q = xmalloc(n + 3);
	*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else
			*o++ = *p;
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

/* A time argument: a Unix time, or a date in text ("2025-01-31" or
 * "2025-01-31 12:00:00", UTC). */
static int
time_arg(struct call *c, int i, int64_t *out)
{
	const struct value *v = c->arg[i];
	const char *name = c->b->params[i].name;

	if (v->type == V_INT) {
		if (mpz_sgn(v->u.z) < 0 || mpz_cmp_si(v->u.z, CLOCK_MAX_TIME) > 0)
			return cl_fail(c->err, GPG_ERR_INV_VALUE, "%s: '%s' is a time from 0 (1970) to %lld (the "
				       "year 9999)", c->b->name, name, (long long)CLOCK_MAX_TIME);
		*out = mpz_get_si(v->u.z);
		return 0;
	}
	{
		struct tm tm = { 0 };
		int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, used = 0, u2 = 0;
		const char *t = v->u.s.p;

		/* "YYYY-MM-DD", then optionally " HH:MM", ":SS", and " UTC" or "Z" */
		if (sscanf(t, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3) {
			if ((t[used] == ' ' || t[used] == 'T') && sscanf(t + used + 1, "%2d:%2d%n", &h, &mi, &u2) == 2) {
				used += 1 + u2;
				if (t[used] == ':' && sscanf(t + used + 1, "%2d%n", &se, &u2) == 1)
					used += 1 + u2;
			}
			if ((t[used] == '\0' || strcmp(t + used, " UTC") == 0 || strcmp(t + used, "Z") == 0)
			    && y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24
			    && mi >= 0 && mi < 60 && se >= 0 && se < 60) {
				tm.tm_year = y - 1900;
				tm.tm_mon = mo - 1;
				tm.tm_mday = d;
				tm.tm_hour = h;
				tm.tm_min = mi;
				tm.tm_sec = se;
				*out = (int64_t)timegm(&tm);
				return 0;
			}
		}
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "%s: '%s' is a time: a number (clock.now() + 86400) or "
			       "a date as \"2025-01-31\" or \"2025-01-31 12:00:00\" (UTC), not \"%.40s\"", c->b->name,
			       name, t);
	}
}

/* ---- the certificate object ---- */

struct value *
cert_value(struct x509_cert *c)
{
	return value_obj(&cert_type, c);
}

struct x509_cert *
cert_of(const struct value *v)
{
	return v->u.obj.data;
}

struct value *
csr_value(struct x509_csr *r)
{
	return value_obj(&csr_type, r);
}

struct x509_csr *
csr_of(const struct value *v)
{
	return v->u.obj.data;
}

static void
cert_free(void *data)
{
	x509_cert_unref(data);
}

static void
csr_free(void *data)
{
	x509_csr_unref(data);
}

static struct value *
san_list_value(const struct x509_info *in)
{
	struct value **items = xcalloc(in->nsan ? in->nsan : 1, sizeof *items);

	for (size_t i = 0; i < in->nsan; i++)
		items[i] = value_cstr(in->san[i].text);
	return value_list(items, in->nsan);
}

/* Fields common to certificates and requests; 1 when NAME is none of them. */
static int
common_field(const struct x509_info *in, const unsigned char *der, size_t n, const char *pem, size_t pn,
	     const char *name, struct value **out)
{
	if (strcmp(name, "subject") == 0)
		*out = value_cstr(in->subject);
	else if (strcmp(name, "san") == 0)
		*out = san_list_value(in);
	else if (strcmp(name, "public") == 0 && in->key)
		*out = key_value(pkey_ref(in->key));
	else if (strcmp(name, "pem") == 0)
		*out = value_str(pem, pn);
	else if (strcmp(name, "der") == 0)
		*out = value_bytes(der, n);
	else
		return 1;
	return 0;
}

static int
cert_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct x509_cert *c = data;
	const struct x509_info *in = x509_cert_info(c);
	size_t n, pn;
	const unsigned char *der = x509_cert_der(c, &n);
	const char *pem = x509_cert_pem(c, &pn);

	if (common_field(in, der, n, pem, pn, name, out) == 0)
		return 0;
	if (strcmp(name, "issuer") == 0)
		*out = value_cstr(in->issuer);
	else if (strcmp(name, "serial") == 0) {
		mpz_t z;

		mpz_init(z);
		mpz_import(z, in->serial_len, 1, 1, 1, 0, in->serial);
		*out = value_int_take(z);
	} else if (strcmp(name, "not_before") == 0)
		*out = value_int_si((long)in->not_before);
	else if (strcmp(name, "not_after") == 0)
		*out = value_int_si((long)in->not_after);
	else if (strcmp(name, "days_left") == 0) {
		int64_t left = in->not_after - clock_now();

		/* a part day counts as a day: 90 just after a 90-day certificate
		 * is made, 1 on its last day, 0 or less once it has expired */
		*out = value_int_si((long)(left > 0 ? (left + 86399) / 86400 : -(-left / 86400)));
	} else if (strcmp(name, "is_ca") == 0)
		*out = value_bool(in->is_ca);
	else if (strcmp(name, "pathlen") == 0)
		*out = in->is_ca && in->pathlen >= 0 ? value_int_si(in->pathlen) : value_nil();
	else if (strcmp(name, "self_signed") == 0)
		*out = value_bool(in->self_issued);
	else if (strcmp(name, "fingerprint") == 0)
		*out = value_bytes(in->fingerprint, sizeof in->fingerprint);
	else if (strcmp(name, "signature_algorithm") == 0)
		*out = value_cstr(in->sig_algo);
	else if (strcmp(name, "public") == 0)
		return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "this certificate's key is %s", in->key_desc);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a certificate has no field '%s' (it has subject, issuer, "
			       "serial, not_before, not_after, days_left, san, is_ca, pathlen, self_signed, "
			       "fingerprint, public, signature_algorithm, pem and der)", name);
	return 0;
}

static const char *
role_words(const struct x509_info *in)
{
	bool server = false, client = false;

	for (size_t i = 0; i < in->neku; i++) {
		server |= strcmp(in->eku[i], X509_EKU_SERVER) == 0;
		client |= strcmp(in->eku[i], X509_EKU_CLIENT) == 0;
	}
	if (!in->eku_present)
		return "";
	return server && client ? " (for TLS servers and clients)" : server ? " (for a TLS server)"
	       : client ? " (for a TLS client)" : " (for other uses)";
}

static void
cert_show(const void *data, FILE *out)
{
	const struct x509_cert *c = data;
	const struct x509_info *in = x509_cert_info(c);
	char a[48], b[48], rel[64];

	fprintf(out, "%s for %s", in->is_ca ? "CA certificate" : "certificate",
		in->subject[0] ? in->subject : "(no name)");
	if (in->self_issued)
		fprintf(out, "\n  issued by  itself (self-signed)");
	else
		fprintf(out, "\n  issued by  %s", in->issuer[0] ? in->issuer : "(no name)");
	date(a, sizeof a, in->not_before);
	date(b, sizeof b, in->not_after);
	validity_words(rel, sizeof rel, in, clock_now());
	fprintf(out, "\n  valid      %s to %s (%s)", a, b, rel);
	if (in->nsan) {
		fputs("\n  names      ", out);
		names_line(out, in, ", ");
	} else if (!in->is_ca)
		fputs("\n  names      none (no subjectAltName: browsers look only there)", out);
	if (in->is_ca && in->pathlen == 0)
		fputs("\n  CA         yes: it may sign certificates, but no CA below it (pathlen:0)", out);
	else if (in->is_ca && in->pathlen > 0)
		fprintf(out, "\n  CA         yes: it may sign certificates, with at most %d CA%s below it", in->pathlen,
			in->pathlen == 1 ? "" : "s");
	else if (in->is_ca)
		fputs("\n  CA         yes: it may sign certificates", out);
	else
		fprintf(out, "\n  CA         no%s", role_words(in));
	key_line(out, in);
	fputs("\n  SHA-256    ", out);
	hex(out, in->fingerprint, sizeof in->fingerprint, "");
}

static int
cert_coerce(const struct value *v, struct value **out, struct cl_error *err)
{
	struct x509_cert *c;

	if (v->type != V_STR && v->type != V_BYTES)
		return 1;
	if (x509_cert_import1(&c, v->u.s.p, v->u.s.n, err))
		return -1;
	*out = cert_value(c);
	return 0;
}

static const char *const cert_fields[] = {
	"subject", "issuer", "serial", "not_before", "not_after", "days_left", "san", "is_ca", "pathlen",
	"self_signed", "fingerprint", "public", "signature_algorithm", "pem", "der", NULL,
};

const struct objtype cert_type = {
	.name = "certificate",
	.accepts = "a certificate (or its PEM text)",
	.free = cert_free,
	.field = cert_field,
	.fields = cert_fields,
	.show = cert_show,
	.coerce = cert_coerce,
};

/* ---- the request object ---- */

static int
csr_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct x509_csr *r = data;
	const struct x509_info *in = x509_csr_info(r);
	size_t n, pn;
	const unsigned char *der = x509_csr_der(r, &n);
	const char *pem = x509_csr_pem(r, &pn);

	if (common_field(in, der, n, pem, pn, name, out) == 0)
		return 0;
	if (strcmp(name, "signature_ok") == 0)
		*out = value_bool(in->sig_ok);
	else if (strcmp(name, "ca_requested") == 0)
		*out = value_bool(in->ca_requested);
	else if (strcmp(name, "public") == 0)
		return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "this request's key is %s", in->key_desc);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a certificate request has no field '%s' (it has subject, "
			       "san, public, signature_ok, ca_requested, pem and der; the issuer, the dates and the "
			       "serial are the CA's to choose, in cert.sign)", name);
	return 0;
}

static void
csr_show(const void *data, FILE *out)
{
	const struct x509_csr *r = data;
	const struct x509_info *in = x509_csr_info(r);

	fprintf(out, "certificate request for %s", in->subject[0] ? in->subject : "(no name)");
	if (in->nsan) {
		fputs("\n  names      ", out);
		names_line(out, in, ", ");
	} else
		fputs("\n  names      none (no subjectAltName)", out);
	key_line(out, in);
	fprintf(out, "\n  signature  %s", in->sig_ok ? "valid: its sender holds the private key"
		: "INVALID: changed after it was signed, or signed by another key");
	if (in->ca_requested)
		fputs("\n  asks       to be a CA (CA:TRUE): a CA grants no such thing", out);
}

static int
csr_coerce(const struct value *v, struct value **out, struct cl_error *err)
{
	struct x509_csr *r;

	if (v->type != V_STR && v->type != V_BYTES)
		return 1;
	if (x509_csr_import(&r, v->u.s.p, v->u.s.n, err))
		return -1;
	*out = csr_value(r);
	return 0;
}

static const char *const csr_fields[] = {
	"subject", "san", "public", "signature_ok", "ca_requested", "pem", "der", NULL,
};

const struct objtype csr_type = {
	.name = "certificate request",
	.accepts = "a certificate request (or its PEM text)",
	.free = csr_free,
	.field = csr_field,
	.fields = csr_fields,
	.show = csr_show,
	.coerce = csr_coerce,
};

/* ---- in files (save and load) ---- */

static int
cert_load(const char *data, size_t n, const char *password, struct value **out, struct cl_error *err)
{
	struct x509_cert **v;
	size_t nv;

	if (x509_cert_import(&v, &nv, data, n, err))
		return -1;
	if (password) {
		x509_certs_free(v, nv);
		return cl_fail(err, GPG_ERR_INV_ARG, "a certificate is public and never encrypted: load it "
			       "without password=");
	}
	if (nv == 1)
		*out = cert_value(v[0]);
	else {
		struct value **items = xmalloc(nv * sizeof *items);

		for (size_t i = 0; i < nv; i++)
			items[i] = cert_value(v[i]);
		*out = value_list(items, nv);
	}
	free(v);
	return 0;
}

/* The file of a certificate or a request (a KIND, for SUBJECT): its PEM
 * (N bytes at PEM), public, so readable by all and never encrypted. */
static int
public_pem_save(const char *kind, const char *subject, const char *pem, const char *password, char **data,
		size_t *n, mode_t *mode, char **what, struct cl_error *err)
{
	if (password)
		return cl_fail(err, GPG_ERR_INV_ARG, "a %s is public: it is saved without a password "
			       "(password= is for private keys)", kind);
	*data = xmalloc(*n + 1);
	memcpy(*data, pem, *n + 1);
	*mode = 0644;
	*what = xasprintf("%s for %s (PEM)", kind, subject);
	return 0;
}

/* The openssl line that writes PATH from EXAMPLE ("openssl CMD -in EXAMPLE
 * -out PATH"), or that shows it ("openssl CMD -in PATH SHOW"). */
static char *
openssl_in_out(const char *cmd, const char *example, const char *show, const char *path, bool saving)
{
	char *q = shq(path), *s;

	s = saving ? xasprintf("openssl %s -in %s -out %s", cmd, example, q)
		   : xasprintf("openssl %s -in %s %s", cmd, q, show);
	free(q);
	return s;
}

static int
cert_save(const struct value *v, const char *password, char **data, size_t *n, mode_t *mode, char **what,
	  struct cl_error *err)
{
	const struct x509_cert *c = cert_of(v);
	const char *pem = x509_cert_pem(c, n);

	return public_pem_save("certificate", x509_cert_info(c)->subject, pem, password, data, n, mode, what,
			       err);
}

static char *
cert_openssl(const struct value *v, const char *path, bool saving, bool password)
{
	return openssl_in_out("x509", "cert.pem", "-noout -text", path, saving);
}

const struct file_kind cert_file_kind = {
	.name = "certificate",
	.type = &cert_type,
	.load = cert_load,
	.save = cert_save,
	.openssl = cert_openssl,
	.plural = "certificates",
};

static int
csr_load(const char *data, size_t n, const char *password, struct value **out, struct cl_error *err)
{
	struct x509_csr *r;

	if (x509_csr_import(&r, data, n, err))
		return -1;
	if (password) {
		x509_csr_unref(r);
		return cl_fail(err, GPG_ERR_INV_ARG, "a certificate request is public and never encrypted: "
			       "load it without password=");
	}
	*out = csr_value(r);
	return 0;
}

static int
csr_save(const struct value *v, const char *password, char **data, size_t *n, mode_t *mode, char **what,
	 struct cl_error *err)
{
	const struct x509_csr *r = csr_of(v);
	const char *pem = x509_csr_pem(r, n);

	return public_pem_save("certificate request", x509_csr_info(r)->subject, pem, password, data, n, mode,
			       what, err);
}

static char *
csr_openssl(const struct value *v, const char *path, bool saving, bool password)
{
	return openssl_in_out("req", "server.csr", "-noout -text -verify", path, saving);
}

const struct file_kind csr_file_kind = {
	.name = "csr",
	.type = &csr_type,
	.load = csr_load,
	.save = csr_save,
	.openssl = csr_openssl,
};

/* ---- the verification result ---- */

struct verdict {
	struct x509_verdict v;
	char *host;			/* the host checked, or NULL */
	enum x509_purpose purpose;
};

static void
verdict_free(void *data)
{
	struct verdict *d = data;

	x509_verdict_clear(&d->v);
	free(d->host);
	free(d);
}

/* What curl 7.88 (OpenSSL backend) prints for the same certificate. */
static void
curl_words(char *buf, size_t size, const struct verdict *d)
{
	const struct x509_verdict *v = &d->v;
	const struct x509_info *in = x509_cert_info(v->chain[0]);
	const char *host = d->host ? d->host : "localhost";

	if (v->status == X509_OK && v->cn_only && in->nsan)
		/* curl looks at the CN only when there is no DNS or IP name at all */
		snprintf(buf, size, "curl: (60) SSL: no alternative certificate subject name matches target host "
			 "name '%s'", host);
	else if (v->status == X509_OK)
		snprintf(buf, size, strchr(host, ':') ? "connects (curl --cacert ca.pem https://[%s]:8443/)"
			 : "connects (curl --cacert ca.pem https://%s:8443/)", host);
	else if (v->status == X509_HOSTNAME_MISMATCH || v->status == X509_IP_ADDRESS_MISMATCH) {
		if (in->nsan)
			snprintf(buf, size, "curl: (60) SSL: no alternative certificate subject name matches target "
				 "host name '%s'", host);
		else {
			char *cn = x509_dn_common_name(in->subject);

			snprintf(buf, size, "curl: (60) SSL: certificate subject name '%s' does not match target host "
				 "name '%s'", cn ? cn : "", host);
			free(cn);
		}
	} else if (v->status == X509_CERT_SIGNATURE_FAILURE) {
		/* curl 7.88 takes OpenSSL 3's first queued error here, not the
		 * verify result: a connect error (35) in OpenSSL's inner words */
		const struct x509_info *iss = (size_t)v->depth + 1 < v->nchain
					      ? x509_cert_info(v->chain[v->depth + 1]) : NULL;

		snprintf(buf, size, "curl: (35) OpenSSL/3.0: %s", iss && iss->key && pkey_kind(iss->key) == PKEY_RSA
			 ? "error:0200008A:rsa routines::invalid padding"
			 : "error:06880006:asn1 encoding routines::EVP lib");
	} else
		snprintf(buf, size, "curl: (60) SSL certificate problem: %s", x509_status_text(v->status));
}

/* What a browser (Chrome) shows: each case was checked with Chromium 156
 * against openssl s_server serving the lab's certificates (a bad signature,
 * a CA that is no CA and a path too long all end as "no trusted path",
 * ERR_CERT_AUTHORITY_INVALID). */
static const char *
browser_words(const struct verdict *d)
{
	switch (d->v.status) {
	case X509_OK:
		return d->v.cn_only ? "NET::ERR_CERT_COMMON_NAME_INVALID: browsers ignore the CN"
				    : "the padlock (once the CA is installed in the browser)";
	case X509_CERT_NOT_YET_VALID:
	case X509_CERT_HAS_EXPIRED:
		return "NET::ERR_CERT_DATE_INVALID (\"Your connection is not private\")";
	case X509_HOSTNAME_MISMATCH:
	case X509_IP_ADDRESS_MISMATCH:
		return "NET::ERR_CERT_COMMON_NAME_INVALID (\"Your connection is not private\")";
	case X509_INVALID_PURPOSE:
	case X509_UNHANDLED_CRITICAL_EXTENSION:
		return "NET::ERR_CERT_INVALID (\"Your connection is not private\")";
	default:
		return "NET::ERR_CERT_AUTHORITY_INVALID (\"Your connection is not private\")";
	}
}

static int
verdict_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct verdict *d = data;
	const struct x509_verdict *v = &d->v;
	char buf[400];

	if (strcmp(name, "ok") == 0)
		*out = value_bool(v->status == X509_OK);
	else if (strcmp(name, "reason") == 0)
		*out = value_cstr(x509_status_text(v->status));
	else if (strcmp(name, "code") == 0)
		*out = value_int_si(v->status);
	else if (strcmp(name, "depth") == 0)
		*out = value_int_si(v->depth);
	else if (strcmp(name, "detail") == 0)
		*out = value_cstr(v->detail);
	else if (strcmp(name, "matched") == 0)
		*out = v->matched[0] ? value_cstr(v->matched) : value_nil();
	else if (strcmp(name, "chain") == 0) {
		struct value **items = xcalloc(v->nchain, sizeof *items);

		for (size_t i = 0; i < v->nchain; i++)
			items[i] = cert_value(x509_cert_ref(v->chain[i]));
		*out = value_list(items, v->nchain);
	} else if (strcmp(name, "curl") == 0) {
		curl_words(buf, sizeof buf, d);
		*out = value_cstr(buf);
	} else if (strcmp(name, "browser") == 0)
		*out = value_cstr(browser_words(d));
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a verification result has no field '%s' (it has ok, "
			       "reason, code, depth, detail, matched, chain, curl and browser)", name);
	return 0;
}

static void
verdict_show(const void *data, FILE *out)
{
	const struct verdict *d = data;
	const struct x509_verdict *v = &d->v;
	char buf[600], when[48];

	if (v->status == X509_OK) {
		fprintf(out, "✓ trusted: %s", x509_cert_info(v->chain[0])->subject);
		fputs("\n  chain      ", out);
		for (size_t i = 0; i < v->nchain; i++)
			fprintf(out, "%s%s", i ? " ← " : "", x509_cert_info(v->chain[i])->subject);
		fputs(" (trusted)", out);
		date(when, sizeof when, v->at);
		snprintf(buf, sizeof buf, "%s, the dates on %s, the CA flags%s%s%s%s%s%s",
			 v->nchain > 1 ? "every signature" : "a certificate you trust as it is", when,
			 d->purpose == X509_PURPOSE_SERVER ? ", the usage (a TLS server)"
			 : d->purpose == X509_PURPOSE_CLIENT ? ", the usage (a TLS client)" : "",
			 d->host ? " and the name '" : "", d->host ? d->host : "", d->host ? "' (" : "",
			 d->host ? v->matched : "", d->host ? ")" : "");
		wrapped(out, "checked", buf);
		if (v->cn_only)
			wrapped(out, "but", "the name matched only the CN, not a subjectAltName: OpenSSL accepts "
				"that, browsers do not (put the name in san=)");
		fputs("\n  openssl    OK", out);
	} else {
		fprintf(out, "✗ refused: %s", x509_status_text(v->status));
		wrapped(out, "why", v->detail);
		if (v->depth == 0)
			fputs("\n  where      depth 0: the certificate itself", out);
		else
			fprintf(out, "\n  where      depth %d: %s", v->depth,
				(size_t)v->depth < v->nchain ? x509_cert_info(v->chain[v->depth])->subject : "");
		fprintf(out, "\n  openssl    error %d at %d depth lookup: %s", v->status, v->depth,
			x509_status_text(v->status));
	}
	curl_words(buf, sizeof buf, d);
	wrapped(out, "curl", buf);
	wrapped(out, "browser", browser_words(d));
}

static const char *const verdict_fields[] = {
	"ok", "reason", "code", "depth", "detail", "matched", "chain", "curl", "browser", NULL,
};

static const struct objtype verdict_type = {
	.name = "verification result",
	.free = verdict_free,
	.field = verdict_field,
	.fields = verdict_fields,
	.show = verdict_show,
};

/* ---- making ---- */

/* The subjectAltName list of argument I: its text items; when absent, the
 * CN of SUBJECT when it is a host name or an address (browsers look only at
 * the subjectAltName), else none. *NAMES malloc'ed, the strings borrowed
 * (or *OWNED malloc'ed). */
static int
san_arg(struct call *c, int i, const char *subject, const char ***names, size_t *n, char **owned)
{
	const struct value *v = c->arg[i];

	*names = NULL;
	*n = 0;
	*owned = NULL;
	if (!v) {
		struct x509_san s;
		char *cn = x509_dn_common_name(subject);

		if (cn && x509_san_parse(&s, cn, NULL) == 0) {
			x509_san_clear(&s);
			*owned = cn;
			*names = xmalloc(sizeof **names);
			(*names)[0] = cn;
			*n = 1;
		} else
			free(cn);
		return 0;
	}
	if (v->u.list.n > X509_MAX_SAN)
		return cl_fail(c->err, GPG_ERR_TOO_LARGE, "%s: %zu names is too many (at most %d)", c->b->name,
			       v->u.list.n, X509_MAX_SAN);
	*names = xcalloc(v->u.list.n ? v->u.list.n : 1, sizeof **names);
	for (size_t k = 0; k < v->u.list.n; k++) {
		const struct value *item = v->u.list.items[k];

		if (item->type != V_STR || strlen(item->u.s.p) != item->u.s.n) {
			free(*names);
			*names = NULL;
			return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: san item %zu must be text (a host name such as "
				       "\"localhost\" or an address such as \"127.0.0.1\"), not %s", c->b->name,
				       k + 1, value_type_name(item));
		}
		(*names)[k] = item->u.s.p;
	}
	*n = v->u.list.n;
	return 0;
}

static int
text_arg(struct call *c, int i, const char **out)
{
	const struct value *v = c->arg[i];

	*out = "";
	if (strlen(v->u.s.p) != v->u.s.n)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: '%s' holds a NUL character", c->b->name,
			       c->b->params[i].name);
	*out = v->u.s.p;
	return 0;
}

/* days=, not_before= (either may be absent) into a validity. */
static int
validity_args(struct call *c, int idays, int inb, int64_t *from, int64_t *until)
{
	long days;
	int64_t nb;

	if (arg_long(c, idays, -1000000, 1000000, &days))
		return -1;
	if (c->arg[inb] && time_arg(c, inb, &nb))
		return -1;
	if (x509_validity(from, until, clock_now(), days, c->arg[inb] ? &nb : NULL, c->err)) {
		char msg[sizeof c->err->msg];

		snprintf(msg, sizeof msg, "%s", c->err->msg);
		return cl_fail(c->err, c->err->code, "%s: %s", c->b->name, msg);
	}
	return 0;
}

static int
pathlen_arg(struct call *c, int i, int *out)
{
	unsigned long p;

	*out = -1;
	if (!c->arg[i])
		return 0;
	if (arg_ulong(c, i, 0, 16, &p))
		return -1;
	*out = (int)p;
	return 0;
}

/* The SAN as openssl's -addext takes it: "DNS:localhost,IP:127.0.0.1". */
static char *
san_openssl(const struct x509_info *in)
{
	char *s = xstrdup("");

	for (size_t i = 0; i < in->nsan; i++) {
		char *t = xasprintf("%s%s%s:%s", s, i ? "," : "", in->san[i].kind == X509_SAN_IP ? "IP" : "DNS",
				    in->san[i].text);

		free(s);
		s = t;
	}
	return s;
}

/* "-subj '/O=Example/CN=localhost'" for SUBJECT (already checked). */
static char *
subj_openssl(const char *subject)
{
	char *subj = NULL, *q, *s;

	if (x509_dn_parse(NULL, &subj, subject, NULL))
		return xstrdup("-subj /CN=?");
	q = shq(subj);
	s = xasprintf("-subj %s", q);
	free(q);
	free(subj);
	return s;
}

/* What openssl cannot do as we did: a start that is not now. */
static void
explain_dates(char *buf, size_t size, const struct call *c, int idays, int inb)
{
	buf[0] = '\0';
	if (mpz_sgn(c->arg[idays]->u.z) < 0)
		snprintf(buf, size, "\n# openssl cannot date a certificate in the past (-days must be positive): "
			 "this one ended %ld day%s ago", -mpz_get_si(c->arg[idays]->u.z),
			 mpz_cmp_si(c->arg[idays]->u.z, -1) == 0 ? "" : "s");
	else if (c->arg[inb])
		snprintf(buf, size, "\n# openssl req and x509 start a certificate now; openssl ca -startdate sets "
			 "another start");
}

static int
b_ca(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *subject;
	int64_t from, until;
	int pathlen;
	struct x509_cert *crt;
	char *subj, note[200], bc[48];

	if (key_arg(c, 0, true, &k) || text_arg(c, 1, &subject) || validity_args(c, 2, 4, &from, &until)
	    || pathlen_arg(c, 3, &pathlen) || x509_make_ca(&crt, k, subject, from, until, pathlen, c->err))
		return -1;
	subj = subj_openssl(subject);
	explain_dates(note, sizeof note, c, 2, 4);
	if (pathlen >= 0)
		snprintf(bc, sizeof bc, "critical,CA:TRUE,pathlen:%d", pathlen);
	else
		snprintf(bc, sizeof bc, "critical,CA:TRUE");
	explain(c, 5, "openssl req -x509 -new -key ca-key.pem %s -days %ld%s -addext basicConstraints=%s "
		"-addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem%s", subj,
		labs(mpz_get_si(c->arg[2]->u.z)), pkey_kind(k) == PKEY_ED25519 ? "" : " -sha256", bc, note);
	free(subj);
	*out = cert_value(crt);
	return 0;
}

static int
b_csr(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *subject, **names = NULL;
	size_t n = 0;
	char *owned = NULL, *subj, *san;
	struct x509_csr *r;
	int rc = -1;

	if (key_arg(c, 0, true, &k) || text_arg(c, 1, &subject) || san_arg(c, 2, subject, &names, &n, &owned))
		goto leave;
	if (x509_make_csr(&r, k, subject, names, n, c->err))
		goto leave;
	subj = subj_openssl(subject);
	san = san_openssl(x509_csr_info(r));
	explain(c, 3, "openssl req -new -key key.pem %s%s%s -out request.csr", subj,
		*san ? " -addext subjectAltName=" : "", san);
	free(san);
	free(subj);
	*out = csr_value(r);
	rc = 0;
leave:
	free(names);
	free(owned);
	return rc;
}

static void
say(struct call *c, const char *word, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
say(struct call *c, const char *word, const char *fmt, ...)
{
	struct session *s = c->s;
	va_list ap;
	char *text, *line;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		xalloc_die();
	va_end(ap);
	/* reflowed as narration, which escapes control characters: the word is
	 * marked *emphasis* (bold on a terminal with colour), not coloured */
	line = xasprintf("%s%s:%s %s", s->color ? "*" : "", word, s->color ? "*" : "", text);
	render_reflow(s, s->out, line, s->width, 0);
	free(line);
	free(text);
}

static int
b_sign(struct call *c, struct value **out)
{
	struct x509_cert *ca = cert_of(c->arg[0]), *crt;
	struct x509_csr *r = csr_of(c->arg[2]);
	const struct x509_info *ci = x509_cert_info(ca);
	struct x509_sign_notes notes;
	enum x509_usage usage;
	struct pkey *k;
	int64_t from, until;
	int pathlen;
	char note[200], ext[600], *san, *file, *eku;
	const char *usage_name, *cafile;

	if (key_arg(c, 1, true, &k) || validity_args(c, 3, 6, &from, &until) || text_arg(c, 4, &usage_name)
	    || x509_usage_parse(&usage, usage_name, c->err) || pathlen_arg(c, 5, &pathlen))
		return -1;
	if (x509_sign(&crt, &notes, ca, k, r, from, until, usage, pathlen, c->err)) {
		char msg[sizeof c->err->msg];

		snprintf(msg, sizeof msg, "%s", c->err->msg);
		return cl_fail(c->err, c->err->code, "cert.sign: %s", msg);
	}
	if (notes.ca_refused)
		say(c, "note", "the request asked to be a CA (basicConstraints CA:TRUE). A CA copies "
		    "only the subject, the public key and the names from a request: this certificate says %s.",
		    usage == X509_USAGE_CA ? "CA:TRUE because you chose usage=\"ca\"" : "CA:FALSE");
	if (notes.ignored[0])
		say(c, "note", "the request also asked for %s: not copied (the CA decides what the "
		    "certificate may do).", notes.ignored);
	if (notes.issuer_not_ca)
		say(c, "warning", "'%s' is not a CA (%s): it signed this certificate all the same, "
		    "and every verifier will refuse it (\"invalid CA certificate\").", ci->subject,
		    ci->bc_present ? "CA:FALSE" : "no basicConstraints");
	else if (notes.issuer_no_certsign)
		say(c, "warning", "the keyUsage of '%s' does not include keyCertSign: every verifier "
		    "will refuse what it signs.", ci->subject);
	if (notes.outlives_issuer && until > clock_now() && ci->not_after > clock_now()) {
		char a[48];

		date(a, sizeof a, ci->not_after);
		say(c, "note", "the CA certificate expires first (%s): after that, this one is refused "
		    "too.", a);
	}
	san = san_openssl(x509_cert_info(crt));
	file = xstrdup(usage == X509_USAGE_CA ? "intermediate" : usage == X509_USAGE_CLIENT ? "client" : "server");
	eku = usage == X509_USAGE_CLIENT ? "clientAuth" : "serverAuth";
	if (usage == X509_USAGE_CA && pathlen >= 0)
		snprintf(ext, sizeof ext, "basicConstraints=critical,CA:TRUE,pathlen:%d\\nkeyUsage=critical,"
			 "keyCertSign,cRLSign\\n", pathlen);
	else if (usage == X509_USAGE_CA)
		snprintf(ext, sizeof ext, "basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign,"
			 "cRLSign\\n");
	else
		snprintf(ext, sizeof ext, "basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature%s"
			 "\\nextendedKeyUsage=%s\\n", pkey_kind(x509_cert_info(crt)->key) == PKEY_RSA
			 ? ",keyEncipherment" : "", eku);
	explain_dates(note, sizeof note, c, 3, 6);
	/* the CA's files: ca.pem for a root, intermediate.pem for another */
	cafile = ci->self_issued ? "ca" : "intermediate";
	explain(c, 7, "printf '%s%s%s%ssubjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > %s.ext\n"
		"openssl x509 -req -in request.csr -CA %s.pem -CAkey %s-key.pem -days %ld%s -extfile %s.ext -out "
		"%s.pem%s", ext, *san ? "subjectAltName=" : "", san, *san ? "\\n" : "", file, cafile, cafile,
		labs(mpz_get_si(c->arg[3]->u.z)), pkey_kind(k) == PKEY_ED25519 ? "" : " -sha256", file, file, note);
	free(san);
	free(file);
	*out = cert_value(crt);
	return 0;
}

static int
b_selfsigned(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *subject, **names = NULL;
	size_t n = 0;
	char *owned = NULL, *subj, *san, note[200];
	struct x509_cert *crt;
	int64_t from, until;
	int rc = -1;

	if (key_arg(c, 0, true, &k) || text_arg(c, 1, &subject) || san_arg(c, 2, subject, &names, &n, &owned)
	    || validity_args(c, 3, 4, &from, &until)
	    || x509_make_selfsigned(&crt, k, subject, names, n, from, until, X509_USAGE_SERVER, c->err))
		goto leave;
	subj = subj_openssl(subject);
	san = san_openssl(x509_cert_info(crt));
	explain_dates(note, sizeof note, c, 3, 4);
	explain(c, 5, "openssl req -x509 -new -key key.pem %s -days %ld%s%s%s -addext "
		"basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature%s -addext "
		"extendedKeyUsage=serverAuth -out cert.pem%s", subj, labs(mpz_get_si(c->arg[3]->u.z)),
		pkey_kind(k) == PKEY_ED25519 ? "" : " -sha256", *san ? " -addext subjectAltName=" : "", san,
		pkey_kind(k) == PKEY_RSA ? ",keyEncipherment" : "", note);
	free(san);
	free(subj);
	*out = cert_value(crt);
	rc = 0;
leave:
	free(names);
	free(owned);
	return rc;
}

/* A certificate or a request: the object, or its PEM (or DER) text. *OUT
 * gets a new reference to a value of either type. */
static int cert_or_csr_arg_as(struct call *c, int i, struct value **out, const char *accepts);

static int
cert_or_csr_arg(struct call *c, int i, struct value **out)
{
	return cert_or_csr_arg_as(c, i, out, "a certificate or a certificate request (or its PEM text)");
}

static int
cert_or_csr_arg_as(struct call *c, int i, struct value **out, const char *accepts)
{
	const struct value *v = c->arg[i];
	struct cl_error e1, e2;
	struct x509_cert *crt;
	struct x509_csr *r;

	*out = NULL;
	if (value_is_obj(v, &cert_type) || value_is_obj(v, &csr_type)) {
		*out = value_ref((struct value *)v);
		return 0;
	}
	if (v->type == V_STR || v->type == V_BYTES) {
		if (x509_cert_import1(&crt, v->u.s.p, v->u.s.n, &e1) == 0) {
			*out = cert_value(crt);
			return 0;
		}
		if (x509_csr_import(&r, v->u.s.p, v->u.s.n, &e2) == 0) {
			*out = csr_value(r);
			return 0;
		}
		return cl_fail(c->err, e1.code == X509_NOT_MINE ? e2.code : e1.code, "%s: %s", c->b->name,
			       e1.code == X509_NOT_MINE && e2.code != X509_NOT_MINE ? e2.msg : e1.msg);
	}
	return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: '%s' must be %s, not %s", c->b->name, c->b->params[i].name,
		       accepts, value_type_name(v));
}

static int
b_tamper(struct call *c, struct value **out)
{
	struct value *x;
	const char *what;
	bool subject;
	int rc;

	if (text_arg(c, 1, &what))
		return -1;
	if (strcmp(what, "signature") != 0 && strcmp(what, "subject") != 0)
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "cert.tamper: what is \"signature\" (one bit of the "
			       "signature) or \"subject\" (one bit of the name), not \"%.40s\"", what);
	subject = strcmp(what, "subject") == 0;
	if (cert_or_csr_arg(c, 0, &x))
		return -1;
	if (value_is_obj(x, &cert_type)) {
		struct x509_cert *t;

		if ((rc = x509_cert_tamper(&t, cert_of(x), subject, c->err)) == 0)
			*out = cert_value(t);
	} else {
		struct x509_csr *t;

		if ((rc = x509_csr_tamper(&t, csr_of(x), subject, c->err)) == 0)
			*out = csr_value(t);
	}
	value_unref(x);
	return rc;
}

/* The certificates of a chain= list: objects or PEM text. */
static int
chain_arg(struct call *c, int i, struct x509_cert ***out, size_t *n)
{
	const struct value *v = c->arg[i];

	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	if (v->u.list.n > X509_MAX_CHAIN)
		return cl_fail(c->err, GPG_ERR_TOO_LARGE, "cert.verify: at most %d certificates in chain=",
			       X509_MAX_CHAIN);
	*out = xcalloc(v->u.list.n ? v->u.list.n : 1, sizeof **out);
	for (size_t k = 0; k < v->u.list.n; k++) {
		const struct value *item = v->u.list.items[k];
		struct cl_error e;

		if (value_is_obj(item, &cert_type))
			(*out)[k] = x509_cert_ref(cert_of(item));
		else if ((item->type == V_STR || item->type == V_BYTES)
			 && x509_cert_import1(&(*out)[k], item->u.s.p, item->u.s.n, &e) == 0)
			;
		else {
			x509_certs_free(*out, k);
			*out = NULL;
			if (item->type == V_STR || item->type == V_BYTES)
				return cl_fail(c->err, e.code, "cert.verify: chain item %zu: %s", k + 1, e.msg);
			return cl_fail(c->err, GPG_ERR_INV_ARG, "cert.verify: chain item %zu must be a certificate "
				       "(the intermediate CAs), not %s", k + 1, value_type_name(item));
		}
		(*n)++;
	}
	return 0;
}

static int
b_verify(struct call *c, struct value **out)
{
	struct x509_cert *leaf = cert_of(c->arg[0]), *ca = c->arg[1] ? cert_of(c->arg[1]) : NULL;
	struct x509_cert **chain = NULL;
	size_t nchain = 0;
	const char *host = NULL, *purpose_name = NULL;
	enum x509_purpose purpose;
	int64_t at = clock_now();
	struct verdict *d;
	char attime[48] = "", *hq = NULL, *url = NULL;
	bool ip = false;

	if ((c->arg[3] && text_arg(c, 3, &host)) || (c->arg[4] && time_arg(c, 4, &at))
	    || (c->arg[5] && text_arg(c, 5, &purpose_name)))
		return -1;
	if (host && !*host)
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "cert.verify: host= is empty: give the name or "
			       "address to check, such as \"localhost\" or \"127.0.0.1\" (or leave host= out)");
	if (!purpose_name)
		purpose = host ? X509_PURPOSE_SERVER : X509_PURPOSE_ANY;
	else if (strcmp(purpose_name, "server") == 0)
		purpose = X509_PURPOSE_SERVER;
	else if (strcmp(purpose_name, "client") == 0)
		purpose = X509_PURPOSE_CLIENT;
	else if (strcmp(purpose_name, "any") == 0)
		purpose = X509_PURPOSE_ANY;
	else
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "cert.verify: purpose is \"server\", \"client\" or "
			       "\"any\", not \"%.40s\"", purpose_name);
	if (chain_arg(c, 2, &chain, &nchain))
		return -1;
	d = xcalloc(1, sizeof *d);
	d->purpose = purpose;
	if (x509_verify(&d->v, leaf, ca ? &ca : NULL, ca ? 1 : 0, chain, nchain, host, purpose, at, c->err)) {
		char msg[sizeof c->err->msg];

		snprintf(msg, sizeof msg, "%s", c->err->msg);
		x509_certs_free(chain, nchain);
		free(d);
		return cl_fail(c->err, c->err->code, "cert.verify: %s", msg);
	}
	x509_certs_free(chain, nchain);
	d->host = host ? xstrdup(host) : NULL;
	if (c->arg[4] || clock_pinned())
		snprintf(attime, sizeof attime, " -attime %" PRId64, at);
	if (host) {
		ip = strchr(host, ':') || strspn(host, "0123456789.") == strlen(host);
		hq = shq(host);
		url = xasprintf(strchr(host, ':') ? "https://[%s]:8443/" : "https://%s:8443/", host);
	}
	explain(c, 6, "openssl verify%s%s%s%s%s%s server.pem%s%s", ca ? " -CAfile ca.pem" : "",
		nchain ? " -untrusted chain.pem" : "", purpose == X509_PURPOSE_SERVER ? " -purpose sslserver"
		: purpose == X509_PURPOSE_CLIENT ? " -purpose sslclient" : "",
		!host ? "" : ip ? " -verify_ip " : " -verify_hostname ", host ? hq : "", attime,
		purpose == X509_PURPOSE_SERVER ? "\ncurl --cacert ca.pem " : "",
		purpose == X509_PURPOSE_SERVER ? url ? url : "https://localhost:8443/" : "");
	free(hq);
	free(url);
	*out = value_obj(&verdict_type, d);
	return 0;
}

/* ---- cert.show: every field, explained ---- */

struct shower {
	struct session *s;
	int width;
};

/* LABEL and VALUE on one line (VALUE at column 26), then WHY dimmed under
 * them; INDENT is 2 for fields, 4 for extensions. */
static void
row(struct shower *w, int indent, const char *label, enum color vcol, const char *value, const char *why)
{
	struct session *s = w->s;
	int pad = 24 - indent - (int)strlen(label);

	fprintf(s->out, "%*s%s%s%s%*s%s%s%s\n", indent, "", color(s, COL_BOLD), label, color(s, COL_RESET),
		pad > 1 ? pad : 2, "", color(s, vcol), value, color(s, COL_RESET));
	if (why && *why) {
		fputs(color(s, COL_DIM), s->out);
		render_reflow(s, s->out, why, w->width, indent + 4);
		fputs(color(s, COL_RESET), s->out);
	}
}

static char *
hexs(const unsigned char *p, size_t n, size_t max)
{
	char *s = xmalloc(n * 3 + 32), *o = s;

	for (size_t i = 0; i < n && i < max; i++)
		o += sprintf(o, "%s%02x", i ? ":" : "", p[i]);
	if (n > max)
		sprintf(o, "... (%zu bytes)", n);
	return s;
}

static const char *const ku_names[] = {
	"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
	"keyCertSign", "cRLSign", "encipherOnly",
};

static void
ku_text(char *buf, size_t size, unsigned ku)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < 8; i++)
		if (ku & (0x80u >> i))
			o += (size_t)snprintf(buf + o, size > o ? size - o : 0, "%s%s", o ? ", " : "", ku_names[i]);
	if (ku & GNUTLS_KEY_DECIPHER_ONLY)
		snprintf(buf + o, size > o ? size - o : 0, "%sdecipherOnly", o ? ", " : "");
}

static const char *
ku_why(unsigned ku)
{
	if (ku & GNUTLS_KEY_KEY_CERT_SIGN)
		return "what the key may do: sign certificates (keyCertSign) and lists of revoked ones (cRLSign). "
		       "A CA's key does nothing else.";
	if (ku & GNUTLS_KEY_KEY_ENCIPHERMENT)
		return "what the key may do: sign (the TLS handshake), and decrypt a key sent to it (RSA key "
		       "exchange, in TLS before 1.3).";
	if (ku & GNUTLS_KEY_DIGITAL_SIGNATURE)
		return "what the key may do: sign, which is what a server does in every TLS handshake to prove "
		       "it holds the key.";
	return "what the key may do.";
}

static void
show_extensions(struct shower *w, const struct x509_info *in, bool request)
{
	struct session *s = w->s;
	char buf[600], what[96];

	if (!in->next)
		return;
	fprintf(s->out, "  %s%s%s\n", color(s, COL_BOLD), request ? "Requested extensions" : "Extensions",
		color(s, COL_RESET));
	for (size_t i = 0; i < in->next; i++) {
		const struct x509_ext *e = &in->ext[i];
		const char *name = x509_oid_name(e->oid), *crit = e->critical ? " (critical)" : "";
		char *t = NULL;

		if (e->broken) {
			snprintf(what, sizeof what, "%s%s", name ? name : e->oid, crit);
			row(w, 4, what, COL_RED, "does not parse", "a damaged extension: a careful verifier refuses "
			    "the certificate.");
		} else if (strcmp(e->oid, "2.5.29.19") == 0) {
			snprintf(what, sizeof what, "Basic constraints%s", crit);
			if (in->is_ca && in->pathlen >= 0)
				snprintf(buf, sizeof buf, "CA:TRUE, pathlen:%d", in->pathlen);
			else
				snprintf(buf, sizeof buf, "CA:%s", in->is_ca ? "TRUE" : "FALSE");
			row(w, 4, what, in->is_ca ? COL_GREEN : COL_RESET, buf,
			    request && in->is_ca ? "asks to be a CA, able to sign certificates for any name: a CA "
			    "never copies this from a request (cert.sign says CA:FALSE)."
			    : in->is_ca && in->pathlen >= 0 ? "a CA: it may sign certificates. pathlen limits how "
			    "many CAs may stand below it in a chain (0: it signs only end certificates)."
			    : in->is_ca ? "a CA: it may sign other certificates."
			    : "not a CA: it may not sign other certificates. Without this, any website could "
			    "issue certificates for any other.");
		} else if (strcmp(e->oid, "2.5.29.15") == 0) {
			snprintf(what, sizeof what, "Key usage%s", crit);
			ku_text(buf, sizeof buf, in->ku);
			row(w, 4, what, COL_RESET, buf, ku_why(in->ku));
		} else if (strcmp(e->oid, "2.5.29.37") == 0) {
			size_t o = 0;

			buf[0] = '\0';
			for (size_t k = 0; k < in->neku; k++) {
				const char *n = x509_oid_name(in->eku[k]);

				o += (size_t)snprintf(buf + o, sizeof buf > o ? sizeof buf - o : 0, "%s%s", k ? ", " : "",
						      n ? n : in->eku[k]);
			}
			snprintf(what, sizeof what, "Extended key usage%s", crit);
			row(w, 4, what, COL_RESET, buf, "what the certificate is for: serverAuth for a TLS server, "
			    "clientAuth for a TLS client. A server certificate used as a client's is refused.");
		} else if (strcmp(e->oid, "2.5.29.17") == 0) {
			size_t o = 0;

			buf[0] = '\0';
			for (size_t k = 0; k < in->nsan; k++)
				o += (size_t)snprintf(buf + o, sizeof buf > o ? sizeof buf - o : 0, "%s%s%s",
						      k ? ", " : "", in->san[k].kind == X509_SAN_DNS ? "DNS:"
						      : in->san[k].kind == X509_SAN_IP ? "IP:" : "", in->san[k].text);
			snprintf(what, sizeof what, "Subject alt. names%s", crit);
			row(w, 4, what, COL_CYAN, buf, "the names it is valid for: a client compares the name it "
			    "connected to (the address bar) with these. Browsers look only here, never at the CN.");
		} else if (strcmp(e->oid, "2.5.29.14") == 0) {
			t = hexs(in->ski, in->ski_len, 20);
			snprintf(what, sizeof what, "Subject key id%s", crit);
			row(w, 4, what, COL_RESET, t, "a short name for this key (SHA-1 of it): what it signs "
			    "carries it as its authority key id.");
		} else if (strcmp(e->oid, "2.5.29.35") == 0) {
			t = hexs(in->aki, in->aki_len, 20);
			snprintf(what, sizeof what, "Authority key id%s", crit);
			row(w, 4, what, COL_RESET, t, "the key id of the CA that signed it: which CA certificate a "
			    "verifier looks for next.");
		} else {
			snprintf(what, sizeof what, "%s%s", name ? name : e->oid, crit);
			snprintf(buf, sizeof buf, "%s", e->critical ? "not understood here, and critical: a "
				 "verifier that does not understand a critical extension must refuse the certificate."
				 : "not explained here (not critical: a verifier may ignore it).");
			row(w, 4, what, COL_RESET, e->oid, buf);
		}
		free(t);
	}
}

static const char *
sig_why(const char *algo, bool request)
{
	if (strstr(algo, "ECDSA"))
		return request ? "the fields above hashed with SHA-256, signed with ECDSA by the requester's key"
			       : "how the CA signed: a SHA-256 hash of the fields, signed with its ECDSA key";
	if (strstr(algo, "RSA-PSS"))
		return "RSA with PSS padding";
	if (strstr(algo, "RSA"))
		return request ? "the fields above hashed with SHA-256, signed with RSA (PKCS#1 v1.5) by the "
				 "requester's key"
			       : "how the CA signed: a SHA-256 hash of the fields, signed with RSA (PKCS#1 v1.5)";
	if (strstr(algo, "Ed25519") || strstr(algo, "EdDSA"))
		return request ? "Ed25519, by the requester's key (it hashes the fields itself)"
			       : "how the CA signed: Ed25519 (which hashes the fields itself)";
	return "how it was signed";
}

static void
show_cert(struct session *s, const struct x509_cert *c)
{
	const struct x509_info *in = x509_cert_info(c);
	struct shower w = { .s = s, .width = s->width < 60 ? 60 : s->width > 100 ? 100 : s->width };
	char buf[256], a[48], b[48], rel[96], *t;
	size_t n;
	int64_t now = clock_now();
	bool bad_time = now < in->not_before || now >= in->not_after;

	x509_cert_der(c, &n);
	fprintf(s->out, "%sCertificate%s (X.509 v%d, %zu bytes of DER)\n", color(s, COL_BOLD), color(s, COL_RESET),
		in->version, n);
	t = hexs(in->serial, in->serial_len, 20);
	row(&w, 2, "Serial number", COL_RESET, t, "chosen at random by the CA; with the CA's name it names this "
	    "certificate (a list of revoked certificates lists serial numbers).");
	free(t);
	row(&w, 2, "Signature algorithm", COL_RESET, in->sig_algo, sig_why(in->sig_algo, false));
	row(&w, 2, "Issuer", COL_RESET, in->issuer[0] ? in->issuer : "(empty)", in->self_issued
	    ? "itself: a self-signed certificate. Nobody vouches for it; a root CA is trusted because it "
	      "is installed, not because of what it says."
	    : "who vouches for this certificate: the CA whose key signed it.");
	date(a, sizeof a, in->not_before);
	date(b, sizeof b, in->not_after);
	snprintf(buf, sizeof buf, "%s to %s", a, b);
	validity_words(rel, sizeof rel, in, now);
	{
		char why[200];

		snprintf(why, sizeof why, "outside these dates every client refuses it. Now (the session clock): "
			 "%s.", rel);
		row(&w, 2, "Validity", bad_time ? COL_RED : COL_RESET, buf, why);
	}
	row(&w, 2, "Subject", COL_CYAN, in->subject[0] ? in->subject : "(empty)", in->is_ca
	    ? "whom it is about: the CA, named as its certificates name their issuer."
	    : "whom it is about. For a website the names that count are the subjectAltName below.");
	if (in->key)
		snprintf(buf, sizeof buf, "%s, %u bits", in->key_desc, in->key_bits);
	else
		snprintf(buf, sizeof buf, "%s", in->key_desc);
	row(&w, 2, "Public key", COL_RESET, buf, in->is_ca ? "the CA's public key: it checks the signatures "
	    "of the certificates this CA issues." : "the key the subject proves it holds: a TLS server signs "
	    "each handshake with the private half.");
	show_extensions(&w, in, false);
	snprintf(buf, sizeof buf, "%zu bytes", in->sig_len);
	row(&w, 2, "Signature", COL_RESET, buf, "the issuer's signature over everything above: change one bit "
	    "and it no longer verifies.");
	t = hexs(in->fingerprint, 32, 32);
	fprintf(s->out, "  %sSHA-256 fingerprint%s\n    %.47s\n    %s\n", color(s, COL_BOLD), color(s, COL_RESET), t,
		t + 48);
	fputs(color(s, COL_DIM), s->out);
	render_reflow(s, s->out, "a hash of the whole certificate: how people compare certificates (a browser "
		      "shows it in the certificate viewer).", w.width, 4);
	fputs(color(s, COL_RESET), s->out);
	free(t);
}

static void
show_csr(struct session *s, const struct x509_csr *r)
{
	const struct x509_info *in = x509_csr_info(r);
	struct shower w = { .s = s, .width = s->width < 60 ? 60 : s->width > 100 ? 100 : s->width };
	char buf[256];
	size_t n;

	x509_csr_der(r, &n);
	fprintf(s->out, "%sCertificate request%s (PKCS#10 v%d, %zu bytes of DER)\n", color(s, COL_BOLD),
		color(s, COL_RESET), in->version, n);
	row(&w, 2, "Subject", COL_CYAN, in->subject[0] ? in->subject : "(empty)", "the name asked for. The "
	    "CA checks it before signing (a real CA checks that the sender controls the domain).");
	if (in->key)
		snprintf(buf, sizeof buf, "%s, %u bits", in->key_desc, in->key_bits);
	else
		snprintf(buf, sizeof buf, "%s", in->key_desc);
	row(&w, 2, "Public key", COL_RESET, buf, "the key the certificate will hold. The private half never "
	    "leaves its owner: only this public half travels to the CA.");
	show_extensions(&w, in, true);
	row(&w, 2, "Signature algorithm", COL_RESET, in->sig_algo, sig_why(in->sig_algo, true));
	snprintf(buf, sizeof buf, "%zu bytes", in->sig_len);
	row(&w, 2, "Signature", in->sig_ok ? COL_GREEN : COL_RED, in->sig_ok ? "valid" : "INVALID",
	    in->sig_ok ? "made with the private half of the key above: the sender holds that key (proof of "
	    "possession), so nobody can ask for a certificate on someone else's key."
	    : "it does not match: the request was changed after it was signed. A CA refuses it.");
}

static int
b_show(struct call *c, struct value **out)
{
	struct value *x;

	if (cert_or_csr_arg(c, 0, &x))
		return -1;
	if (value_is_obj(x, &cert_type))
		show_cert(c->s, cert_of(x));
	else
		show_csr(c->s, csr_of(x));
	value_unref(x);
	return 0;
}

/* ---- cert.der: the bytes as a tree ---- */

static int
b_der(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct value *v = c->arg[0];
	struct value *x = NULL;
	const unsigned char *der = NULL;
	size_t n = 0, nn;
	enum x509_der_kind kind = X509_DER_OTHER;
	struct x509_der_node *nodes;
	unsigned long rows;
	bool more;
	const char *what = "DER";

	if (arg_ulong(c, 1, 1, 5000, &rows))
		return -1;
	if (value_is_obj(v, &key_type)) {
		pkey_spki(key_of(v), &der, &n);
		what = "public key (SubjectPublicKeyInfo)";
	} else if (v->type == V_BYTES && !value_is_obj(v, &cert_type)) {
		struct cl_error ignored;
		struct x509_cert *crt;
		struct x509_csr *r;

		/* a certificate or a request in DER, else any DER */
		if (x509_cert_import1(&crt, v->u.s.p, v->u.s.n, &ignored) == 0)
			x = cert_value(crt);
		else if (x509_csr_import(&r, v->u.s.p, v->u.s.n, &ignored) == 0)
			x = csr_value(r);
		der = (const unsigned char *)v->u.s.p;
		n = v->u.s.n;
		what = "bytes";
	} else if (cert_or_csr_arg_as(c, 0, &x, "a certificate, a certificate request, a key, PEM text or bytes "
				      "of DER"))
		return -1;
	if (x) {
		if (value_is_obj(x, &cert_type)) {
			der = x509_cert_der(cert_of(x), &n);
			kind = X509_DER_CERT;
			what = "certificate";
		} else {
			der = x509_csr_der(csr_of(x), &n);
			kind = X509_DER_CSR;
			what = "certificate request";
		}
	}
	if (x509_der_walk(&nodes, &nn, &more, der, n, kind, rows, c->err)) {
		char msg[sizeof c->err->msg];

		snprintf(msg, sizeof msg, "%s", c->err->msg);
		value_unref(x);
		return cl_fail(c->err, c->err->code, "cert.der: these bytes are not DER: %s", msg);
	}
	fprintf(s->out, "%s%s, %zu bytes of DER: each element is a tag, a length and its content%s\n",
		color(s, COL_DIM), what, n, color(s, COL_RESET));
	fprintf(s->out, "%s offset  element%s\n", color(s, COL_DIM), color(s, COL_RESET));
	for (size_t i = 0; i < nn; i++) {
		const struct x509_der_node *nd = &nodes[i];
		char tag[48], val[160];
		int col;

		x509_der_tag_name(tag, sizeof tag, nd);
		x509_der_value(val, sizeof val, der, nd);
		col = fprintf(s->out, "%s%7zu%s  %*s%s%s%s", color(s, COL_DIM), nd->offset, color(s, COL_RESET),
			      2 * (nd->depth > 20 ? 20 : nd->depth), "", color(s, COL_CYAN), tag, color(s, COL_RESET));
		col -= (int)(strlen(color(s, COL_DIM)) + strlen(color(s, COL_CYAN)) + 2 * strlen(color(s, COL_RESET)));
		if (nd->constructed || nd->encapsulated)
			col += fprintf(s->out, " {%zu byte%s%s}", nd->length, nd->length == 1 ? "" : "s",
				       nd->encapsulated ? ", holding DER" : "");
		else if (val[0])
			col += fprintf(s->out, " %s", val);
		if (nd->label)
			fprintf(s->out, "%*s%s%s%s", col < 50 ? 52 - col : 2, "", color(s, COL_DIM), nd->label,
				color(s, COL_RESET));
		fputc('\n', s->out);
	}
	if (more)
		fprintf(s->out, "... and more elements: cert.der(x, rows=N) shows up to N (now %lu)\n", rows);
	free(nodes);
	value_unref(x);
	return 0;
}

/* ---- the table ---- */

#define CERT_PARAM(nm) { .name = nm, .types = T_OBJ | T_DATA, .obj = &cert_type }
#define TIME_PARAM(nm) { .name = nm, .types = T_INT | T_STR, .optional = true }

static const struct builtin entries[] = {
	{
		.name = "cert.ca",
		.params = { KEY_PARAM("key"), { .name = "subject", .types = T_STR },
			    { .name = "days", .types = T_INT, .def = "3650" },
			    { .name = "pathlen", .types = T_INT, .optional = true }, TIME_PARAM("not_before"),
			    EXPLAIN_PARAM },
		.summary = "become a Certificate Authority: a self-signed CA certificate",
		.help = "A root CA certificate: version 3, a random 128-bit serial number, SUBJECT as both "
			"subject and issuer (it signs itself with KEY), valid from now (the session clock) for "
			"DAYS days, with basicConstraints CA:TRUE (critical: it may sign certificates), "
			"keyUsage keyCertSign and cRLSign (critical) and a subject key identifier. SUBJECT is a "
			"distinguished name, most specific first: \"CN=Classroom Root CA,O=Example School\" "
			"(attributes CN, O, OU, L, ST, C, DC). `pathlen=0` allows no intermediate CA below it. "
			"Nobody vouches for a root: it is trusted because it is installed (`cert.verify(c, "
			"ca=root)`, `curl --cacert ca.pem`). `explain=true` (always in a lesson) shows the "
			"`openssl req -x509` command that makes the same.",
		.example = "k = ec.keygen(\"p256\")\nca = cert.ca(k, \"CN=Classroom Root CA,O=Example School\")\n"
			   "ca.is_ca\nca.self_signed\nca.days_left",
		.expect = "true\ntrue\n3650",
		.fn = b_ca,
	},
	{
		.name = "cert.csr",
		.params = { KEY_PARAM("key"), { .name = "subject", .types = T_STR },
			    { .name = "san", .types = T_LIST, .optional = true }, EXPLAIN_PARAM },
		.summary = "a certificate signing request (PKCS#10), signed by KEY",
		.help = "What a server sends to a CA: its SUBJECT, its public key and the names it wants "
			"(the subjectAltName), all signed with its own private KEY, which proves it holds that "
			"key; the private key itself never travels. SAN is a list of host names and IP "
			"addresses, told apart by their form: [\"localhost\", \"127.0.0.1\", \"::1\"]; without "
			"it, the CN is the one name when it is a host name (browsers look only at the "
			"subjectAltName), and `san=[]` puts none. `save(\"server.csr\", r)` writes it as "
			"`openssl req` does.",
		.example = "k = ec.keygen()\nr = cert.csr(k, \"CN=localhost\", san=[\"localhost\", \"127.0.0.1\", \"::1\"])\n"
			   "r.san\nr.signature_ok\ncert.csr(k, \"CN=www.example.org\").san",
		.expect = "[\"localhost\", \"127.0.0.1\", \"::1\"]\ntrue\n[\"www.example.org\"]",
		.fn = b_csr,
	},
	{
		.name = "cert.sign",
		.params = { CERT_PARAM("ca"), KEY_PARAM("ca_key"),
			    { .name = "csr", .types = T_OBJ | T_DATA, .obj = &csr_type },
			    { .name = "days", .types = T_INT, .def = "90" },
			    { .name = "usage", .types = T_STR, .def = "\"server\"" },
			    { .name = "pathlen", .types = T_INT, .optional = true }, TIME_PARAM("not_before"),
			    EXPLAIN_PARAM },
		.summary = "as the CA, issue a certificate for a request",
		.help = "Checks the request's signature first (proof of possession: refused when it "
			"fails) and that CA_KEY is the key of the CA certificate CA. Copies only the subject, "
			"the public key and the names (subjectAltName) from the request, never what else it "
			"asks for: a request for CA:TRUE gets CA:FALSE, and a note says so. The certificate is "
			"valid from now for DAYS days (negative: one that has already expired, for the "
			"broken-certificate lab; `not_before=` a later start), with basicConstraints CA:FALSE, "
			"keyUsage digitalSignature (and keyEncipherment for RSA), extendedKeyUsage serverAuth "
			"(`usage=\"client\"`: clientAuth), and subject and authority key identifiers. "
			"`usage=\"ca\"` issues an intermediate CA instead (CA:TRUE, `pathlen=` limiting the "
			"CAs below it). A CA certificate that is no CA still signs, with a warning: every "
			"verifier refuses what it signed. Works on requests made by `openssl req` too.",
		.example = "cakey = ec.keygen()\nca = cert.ca(cakey, \"CN=Classroom Root CA\")\n"
			   "r = cert.csr(ec.keygen(), \"CN=localhost\")\nc = cert.sign(ca, cakey, r)\n"
			   "c.issuer\nc.is_ca\nc.days_left\ncert.verify(c, ca=ca, host=\"localhost\").ok",
		.expect = "CN=Classroom Root CA\nfalse\n90\ntrue",
		.fn = b_sign,
	},
	{
		.name = "cert.selfsigned",
		.params = { KEY_PARAM("key"), { .name = "subject", .types = T_STR, .def = "\"CN=localhost\"" },
			    { .name = "san", .types = T_LIST, .optional = true },
			    { .name = "days", .types = T_INT, .def = "90" }, TIME_PARAM("not_before"),
			    EXPLAIN_PARAM },
		.summary = "the quick path: a server certificate that signs itself",
		.help = "What Flask's ssl_context=\"adhoc\" and the `openssl req -x509` one-liner make: a "
			"server certificate (CA:FALSE, serverAuth) signed by its own KEY, with the names SAN "
			"(as in `cert.csr`). Nobody vouches for it: a client accepts it only when told to trust "
			"this very certificate (`cert.verify(c, ca=c)`, `curl --cacert cert.pem`), and a browser "
			"warns. Good for a test on your own machine; a real site gets its certificate from a CA.",
		.example = "c = cert.selfsigned(ec.keygen(), san=[\"localhost\", \"127.0.0.1\"])\nc.san\n"
			   "c.self_signed\ncert.verify(c, host=\"localhost\").reason\n"
			   "cert.verify(c, ca=c, host=\"localhost\").ok",
		.expect = "[\"localhost\", \"127.0.0.1\"]\ntrue\nself-signed certificate\ntrue",
		.fn = b_selfsigned,
	},
	{
		.name = "cert.verify",
		.params = { CERT_PARAM("cert"), { .name = "ca", .types = T_OBJ | T_DATA, .obj = &cert_type,
						  .optional = true },
			    { .name = "chain", .types = T_LIST, .optional = true },
			    { .name = "host", .types = T_STR, .optional = true }, TIME_PARAM("at"),
			    { .name = "purpose", .types = T_STR, .optional = true }, EXPLAIN_PARAM },
		.summary = "check a certificate as curl and a browser would, and say why",
		.help = "Builds the chain from CERT up through the intermediates in CHAIN to the certificate "
			"you trust, CA, and checks it in OpenSSL's order: that the chain reaches CA, that each "
			"issuer is a CA (basicConstraints, keyUsage, pathlen), that the certificate is for the "
			"PURPOSE (\"server\" when HOST is given, else \"any\"; or \"client\"), that HOST (a "
			"name or an address) is in its subjectAltName, then each signature and each validity "
			"window at the time AT (default: the session clock, so `clock.advance` ages it). The "
			"result prints the verdict in words with what `openssl verify`, curl and a browser say; "
			"its fields are `.ok`, `.reason` (OpenSSL's words), `.code` (OpenSSL's number), "
			"`.depth`, `.detail`, `.chain`, `.curl` and `.browser`.",
		.example = "k = ec.keygen()\nca = cert.ca(k, \"CN=Classroom Root CA\")\n"
			   "c = cert.sign(ca, k, cert.csr(ec.keygen(), \"CN=localhost\"))\n"
			   "cert.verify(c, ca=ca, host=\"example.com\")\n"
			   "cert.verify(c, ca=ca, at=c.not_after).reason",
		.expect = "✗ refused: hostname mismatch\n"
			  "  why        the certificate is for DNS:localhost, not for 'example.com'\n"
			  "  where      depth 0: the certificate itself\n"
			  "  openssl    error 62 at 0 depth lookup: hostname mismatch\n"
			  "  curl       curl: (60) SSL: no alternative certificate subject name matches\n"
			  "             target host name 'example.com'\n"
			  "  browser    NET::ERR_CERT_COMMON_NAME_INVALID (\"Your connection is not\n"
			  "             private\")\n"
			  "certificate has expired",
		.fn = b_verify,
	},
	{
		.name = "cert.show",
		.params = { { .name = "x", .types = T_ANY } },
		.summary = "every field of a certificate or a request, each explained",
		.help = "The whole certificate, as `openssl x509 -text` shows it but with a line on what "
			"each field means: serial number, signature algorithm, issuer, validity (against the "
			"session clock), subject, public key, every extension (basic constraints, key usage, "
			"extended key usage, subject alternative names, key identifiers) and the signature, "
			"then the SHA-256 fingerprint. X may also be a request, or PEM text.",
		.example = "cert.show(cert.csr(ec.keygen(\"ed25519\"), \"CN=localhost\", san=[]))",
		.expect = "Certificate request (PKCS#10 v1, 150 bytes of DER)\n"
			  "  Subject               CN=localhost\n"
			  "      the name asked for. The CA checks it before signing (a real CA checks that\n"
			  "      the sender controls the domain).\n"
			  "  Public key            Ed25519, 256 bits\n"
			  "      the key the certificate will hold. The private half never leaves its\n"
			  "      owner: only this public half travels to the CA.\n"
			  "  Signature algorithm   EdDSA-Ed25519\n"
			  "      Ed25519, by the requester's key (it hashes the fields itself)\n"
			  "  Signature             valid\n"
			  "      made with the private half of the key above: the sender holds that key\n"
			  "      (proof of possession), so nobody can ask for a certificate on someone\n"
			  "      else's key.",
		.fn = b_show,
	},
	{
		.name = "cert.der",
		.params = { { .name = "x", .types = T_ANY },
			    { .name = "rows", .types = T_INT, .def = "300" } },
		.summary = "the DER bytes of a certificate as a tree, with offsets",
		.help = "What a certificate really is: DER, nested elements each made of a tag (SEQUENCE, "
			"INTEGER, OBJECT IDENTIFIER...), a length and the content. Each line gives the "
			"element's byte offset, its tag and value, and its part in the certificate "
			"(tbsCertificate, issuer, validity...); extension values and signatures that hold DER "
			"are opened too. X is a certificate, a request, a key (its SubjectPublicKeyInfo), PEM "
			"text or bytes of DER; at most ROWS elements are shown. libtasn1 decodes.",
		.example = "cert.der(ec.keygen(\"ed25519\").public)",
		.expect = "public key (SubjectPublicKeyInfo), 44 bytes of DER: each element is a tag, a length "
			  "and its content\n"
			  " offset  element\n"
			  "      0  SEQUENCE {42 bytes}\n"
			  "      2    SEQUENCE {5 bytes}\n"
			  "      4      OBJECT IDENTIFIER 1.3.101.112 (Ed25519)\n"
			  "      9    BIT STRING da:70:9a:9b:a5:38:c3:b4:d5:12:23:3a:4e:56:ba:d2... (32 bytes)",
		.fn = b_der,
		.flags = B_SEEDED,
	},
	{
		.name = "cert.tamper",
		.params = { { .name = "x", .types = T_ANY },
			    { .name = "what", .types = T_STR, .def = "\"signature\"" } },
		.summary = "change one bit of a certificate or request, to see it fail",
		.help = "A copy of X with one bit changed: in the signature (WHAT=\"signature\"), or in the "
			"last letter of the subject's name (WHAT=\"subject\": 'localhost' becomes "
			"'localhosu', as Mallory would rename a certificate). Either way the signature no "
			"longer matches: `cert.verify` says \"certificate signature failure\", and `cert.sign` "
			"refuses a changed request.",
		.example = "k = ec.keygen()\nca = cert.ca(k, \"CN=Classroom Root CA\")\n"
			   "c = cert.sign(ca, k, cert.csr(ec.keygen(), \"CN=localhost\"))\n"
			   "t = cert.tamper(c, \"subject\")\nt.subject\ncert.verify(t, ca=ca).reason\n"
			   "cert.verify(cert.tamper(c), ca=ca).reason",
		.expect = "CN=localhosu\ncertificate signature failure\ncertificate signature failure",
		.fn = b_tamper,
	},
	{ 0 }
};

const struct builtin_ns ns_cert = {
	.name = "cert",
	.topic = "Certificates: be a small CA, and break certificates on purpose",
	.entries = entries,
};
