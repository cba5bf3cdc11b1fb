/* The Diffie-Hellman exchange between two shells, and its chat (see
 * dhnet.h for the protocol). Sections: lines (parsing, writing), groups,
 * signatures, the steps of an exchange, the chat. */
#include <config.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include "libcore/dhnet.h"
#include "libcore/http.h"
#include "libcore/xalloc.h"

#define GROUP_SECONDS 5.0	/* checking a peer's own group (PARI may factor p - 1) */

/* ---- lines ---- */

void
dhnet_line_init(struct dhnet_line *l)
{
	memset(l, 0, sizeof *l);
	mpz_inits(l->p, l->g, l->y, NULL);
}

void
dhnet_line_clear(struct dhnet_line *l)
{
	mpz_clears(l->p, l->g, l->y, NULL);
	free(l->sig);
	free(l->spki);
	memset(l, 0, sizeof *l);
}

/* The line as the peer sent it, safe to show in a message. */
static const char *
shown(char *buf, size_t size, const char *p, size_t n)
{
	http_printable(buf, size, p, n, 60);
	return buf;
}

/* A decimal number of at most DH_MAX_BITS bits from [P, P+N). */
static int
parse_number(mpz_t z, const char *p, size_t n, const char *what, const char *from, struct cl_error *err)
{
	char *t;

	if (n == 0 || n > DH_MAX_BITS / 3 + 2)
		return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent %s %s", from, n ? "a number too large for" : "no",
			       what);
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent %s that is not a decimal number", from,
				       what);
	t = xstrndup(p, n);
	mpz_set_str(z, t, 10);
	free(t);
	if (mpz_sizeinbase(z, 2) > DH_MAX_BITS)
		return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent %s of more than %d bits", from, what, DH_MAX_BITS);
	return 0;
}

/* Hex bytes from [P, P+N) into a malloc'ed *OUT. */
static int
parse_hex(unsigned char **out, size_t *len, const char *p, size_t n, const char *what, const char *from,
	  struct cl_error *err)
{
	*out = NULL;
	*len = 0;
	if (n == 0 || n % 2)
		return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a signature line whose %s is not hex bytes", from,
			       what);
	*out = xmalloc(n / 2);
	for (size_t i = 0; i < n; i += 2) {
		int hi = isxdigit((unsigned char)p[i]) ? (isdigit((unsigned char)p[i]) ? p[i] - '0'
							 : (tolower((unsigned char)p[i]) - 'a' + 10)) : -1;
		int lo = isxdigit((unsigned char)p[i + 1]) ? (isdigit((unsigned char)p[i + 1]) ? p[i + 1] - '0'
							     : (tolower((unsigned char)p[i + 1]) - 'a' + 10)) : -1;

		if (hi < 0 || lo < 0) {
			free(*out);
			*out = NULL;
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a signature line whose %s is not hex "
				       "bytes", from, what);
		}
		(*out)[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

/* The next space-separated word of [*P, END): its start and length. */
static bool
word(const char **p, const char *end, const char **w, size_t *n)
{
	while (*p < end && **p == ' ')
		(*p)++;
	if (*p == end)
		return false;
	*w = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	*n = (size_t)(*p - *w);
	return true;
}

static bool
is(const char *w, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(w, s, n) == 0;
}

/* NAME=VALUE with NAME as given: VALUE's start and length. */
static bool
keyval(const char *w, size_t n, const char *name, const char **v, size_t *vn)
{
	size_t k = strlen(name);

	if (n <= k || memcmp(w, name, k) != 0 || w[k] != '=')
		return false;
	*v = w + k + 1;
	*vn = n - k - 1;
	return true;
}

static bool
name_ok(const char *p, size_t n)
{
	if (n > DHNET_MAX_NAME)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && (!p[i] || !strchr("-_.", p[i])))
			return false;
	return true;
}

int
dhnet_parse_line(struct dhnet_line *l, const char *line, size_t n, const char *from, struct cl_error *err)
{
	const char *p = line, *end = line + n, *w, *v;
	size_t wn, vn;
	char buf[80];

	if (!word(&p, end, &w, &wn))
		return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent an empty line where the exchange wanted one", from);
	if (is(w, wn, "CRYPTOLAB-DH")) {
		l->kind = DHNET_HELLO;
		if (!word(&p, end, &w, &wn) || wn > 3)
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a greeting without a version: '%s'", from,
				       shown(buf, sizeof buf, line, n));
		l->version = 0;
		for (size_t i = 0; i < wn; i++) {
			/* the line is not NUL-terminated: the digits by hand */
			if (w[i] < '0' || w[i] > '9')
				return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a greeting without a version: '%s'",
					       from, shown(buf, sizeof buf, line, n));
			l->version = l->version * 10 + (unsigned)(w[i] - '0');
		}
		while (word(&p, end, &w, &wn))
			if (keyval(w, wn, "name", &v, &vn)) {
				if (!name_ok(v, vn))
					return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a name that is not up to %d "
						       "letters, digits, '-', '_' or '.'", from, DHNET_MAX_NAME);
				memcpy(l->name, v, vn);
				l->name[vn] = '\0';
			}
		return 0;
	}
	if (is(w, wn, "GROUP")) {
		l->kind = DHNET_GROUP;
		if (!word(&p, end, &w, &wn) || !name_ok(w, wn))
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a GROUP line without a group name", from);
		memcpy(l->name, w, wn);
		l->name[wn] = '\0';
		while (word(&p, end, &w, &wn)) {
			if (keyval(w, wn, "p", &v, &vn)) {
				if (parse_number(l->p, v, vn, "a group's p", from, err))
					return -1;
				l->has_pg = true;
			} else if (keyval(w, wn, "g", &v, &vn)) {
				if (parse_number(l->g, v, vn, "a group's g", from, err))
					return -1;
			}
		}
		if (l->has_pg && !mpz_sgn(l->g))
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a group's p without its g", from);
		return 0;
	}
	if (is(w, wn, "PUBLIC")) {
		l->kind = DHNET_PUBLIC;
		if (!word(&p, end, &w, &wn))
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a PUBLIC line without its number", from);
		return parse_number(l->y, w, wn, "a public value", from, err);
	}
	if (is(w, wn, "SIGNATURE")) {
		l->kind = DHNET_SIGNATURE;
		if (!word(&p, end, &w, &wn) || wn >= sizeof l->sigkind)
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a SIGNATURE line without its kind", from);
		memcpy(l->sigkind, w, wn);
		l->sigkind[wn] = '\0';
		if (!word(&p, end, &w, &wn))
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a SIGNATURE line without the signature",
				       from);
		if (parse_hex(&l->sig, &l->sig_len, w, wn, "signature", from, err))
			return -1;
		if (!word(&p, end, &w, &wn))
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a SIGNATURE line without its public key",
				       from);
		return parse_hex(&l->spki, &l->spki_len, w, wn, "public key", from, err);
	}
	if (is(w, wn, "READY")) {
		l->kind = DHNET_READY;
		return 0;
	}
	if (is(w, wn, "BYE")) {
		l->kind = DHNET_BYE;
		return 0;
	}
	if (is(w, wn, "MSG") || is(w, wn, "ERROR")) {
		l->kind = is(w, wn, "MSG") ? DHNET_MSG : DHNET_ERROR;
		while (p < end && *p == ' ')
			p++;
		l->text = p;
		l->text_len = (size_t)(end - p);
		if (l->kind == DHNET_MSG && !l->text_len)
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a MSG line without its token", from);
		return 0;
	}
	return cl_fail(err, GPG_ERR_PROTOCOL_VIOLATION, "%s does not speak the exchange: it sent '%s'", from,
		       shown(buf, sizeof buf, line, n));
}

/* Write one line (LF added). */
static int
put(struct net_conn *c, double seconds, struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
put(struct net_conn *c, double seconds, struct cl_error *err, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		xalloc_die();
	va_end(ap);
	rc = net_conn_write(c, line, strlen(line), seconds, err);
	free(line);
	return rc;
}

static char *
hex(const unsigned char *p, size_t n)
{
	char *s = xmalloc(2 * n + 1);

	for (size_t i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

/* The next line from the peer, parsed; an ERROR line is a failure that
 * quotes it. */
static int
next(struct dhnet *x, struct net_conn *c, struct dhnet_line *l, char **raw, double seconds, struct cl_error *err)
{
	char *line = NULL;

	dhnet_line_clear(l);
	dhnet_line_init(l);
	if (net_conn_read_line(c, &line, DHNET_MAX_LINE, seconds, err) < 0)
		return -1;
	if (dhnet_parse_line(l, line, strlen(line), x->peer, err)) {
		free(line);
		return -1;
	}
	if (l->kind == DHNET_ERROR) {
		char buf[400];

		http_printable(buf, sizeof buf, l->text, l->text_len, 300);
		cl_fail(err, GPG_ERR_CANCELED, "%s refused: %s", x->peer, buf);
		free(line);
		return -1;
	}
	if (raw)
		*raw = line;
	else
		free(line);
	return 0;
}

static int
unexpected(struct dhnet *x, const struct dhnet_line *l, const char *wanted, struct cl_error *err)
{
	static const char *const names[] = { "its greeting", "a GROUP line", "a PUBLIC line", "a SIGNATURE line",
					     "READY", "a MSG line", "BYE", "an ERROR line" };

	return cl_fail(err, GPG_ERR_PROTOCOL_VIOLATION, "%s sent %s where the exchange wanted %s", x->peer,
		       names[l->kind], wanted);
}

/* The peer's public value, checked (dh_check_public names the attack). */
static int
check_public(struct dhnet *x, struct cl_error *err)
{
	struct cl_error e;

	if (dh_check_public(&x->G, x->peer_pub, &e))
		return cl_fail(err, e.code, "%s: %s", x->peer, e.msg);
	return 0;
}

/* ---- groups ---- */

static void
group_copy(struct dh_group *dst, const struct dh_group *src)
{
	dh_group_clear(dst);
	dh_group_init(dst);
	snprintf(dst->name, sizeof dst->name, "%s", src->name);
	dst->source = src->source;
	mpz_set(dst->p, src->p);
	mpz_set(dst->g, src->g);
	mpz_set(dst->q, src->q);
	dst->nfactors = src->nfactors;
	dst->factor = xcalloc(src->nfactors ? src->nfactors : 1, sizeof *dst->factor);
	dst->power = xcalloc(src->nfactors ? src->nfactors : 1, sizeof *dst->power);
	for (size_t i = 0; i < src->nfactors; i++) {
		mpz_init_set(dst->factor[i], src->factor[i]);
		dst->power[i] = src->power[i];
	}
	dst->safe = src->safe;
	dst->strength = src->strength;
	dst->short_bits = src->short_bits;
}

static bool
named(const char *name)
{
	size_t n;
	const char *const *names = dh_group_names(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* The group a GROUP line announces, checked. */
static int
peer_group(struct dhnet *x, const struct dhnet_line *l, struct cl_error *err)
{
	struct cl_error e;

	if (named(l->name)) {
		if (dh_group_named(&x->G, l->name, err))
			return -1;
		if (l->has_pg && (mpz_cmp(l->p, x->G.p) || mpz_cmp(l->g, x->G.g)))
			return cl_fail(err, GPG_ERR_INV_VALUE, "%s calls its group '%s' but sent other numbers "
				       "than that group's", x->peer, l->name);
		return 0;
	}
	if (!l->has_pg)
		return cl_fail(err, GPG_ERR_NOT_FOUND, "%s uses a group '%s' that this shell does not know, and "
			       "did not send its p and g", x->peer, l->name);
	if (dh_group_custom(&x->G, l->p, l->g, false, GROUP_SECONDS, &e))
		return cl_fail(err, e.code, "the group %s sent does not do: %s", x->peer, e.msg);
	snprintf(x->G.name, sizeof x->G.name, "%s", l->name);
	return 0;
}

/* ---- signatures ---- */

const char *
dhnet_sig_kind(const struct pkey *k)
{
	switch (pkey_kind(k)) {
	case PKEY_RSA: return "rsa-pss-sha256";
	case PKEY_P256: return "ecdsa-p256-sha256";
	case PKEY_ED25519: return "ed25519";
	}
	return "?";
}

char *
dhnet_signed_text(const struct dh_group *G, const mpz_t listener_pub, const mpz_t connector_pub,
		  enum dhnet_role signer)
{
	char *p = mpz_get_str(NULL, 10, G->p), *g = mpz_get_str(NULL, 10, G->g);
	char *a = mpz_get_str(NULL, 10, listener_pub), *b = mpz_get_str(NULL, 10, connector_pub);
	char *t = xasprintf("cryptolab-dh %d signed by the %s\ngroup p=%s g=%s\nlistener %s\nconnector %s\n",
			    DHNET_VERSION, signer == DHNET_LISTENER ? "listener" : "connector", p, g, a, b);

	free(p);
	free(g);
	free(a);
	free(b);
	return t;
}

static char *
signed_text(const struct dhnet *x, enum dhnet_role signer)
{
	return x->role == DHNET_LISTENER ? dhnet_signed_text(&x->G, x->pub, x->peer_pub, signer)
					 : dhnet_signed_text(&x->G, x->peer_pub, x->pub, signer);
}

/* ---- the steps ---- */

void
dhnet_init(struct dhnet *x, enum dhnet_role role, const char *peer)
{
	memset(x, 0, sizeof *x);
	x->role = role;
	snprintf(x->peer, sizeof x->peer, "%s", peer);
	dh_group_init(&x->G);
	mpz_inits(x->priv, x->pub, x->peer_pub, x->secret, NULL);
}

void
dhnet_clear(struct dhnet *x)
{
	dh_group_clear(&x->G);
	mpz_clears(x->priv, x->pub, x->peer_pub, x->secret, NULL);
	fernet_key_free(&x->key);
	pkey_unref(x->sign);
	pkey_unref(x->trust);
	pkey_unref(x->peer_signer);
	free(x->peer_sig_line);
	explicit_bzero(x->fingerprint, sizeof x->fingerprint);
	memset(x, 0, sizeof *x);
}

static int
hello(struct dhnet *x, struct net_conn *c, double seconds, struct cl_error *err)
{
	return x->name[0] ? put(c, seconds, err, "CRYPTOLAB-DH %d name=%s\n", DHNET_VERSION, x->name)
			  : put(c, seconds, err, "CRYPTOLAB-DH %d\n", DHNET_VERSION);
}

static int
greeting(struct dhnet *x, const struct dhnet_line *l, struct cl_error *err)
{
	if (l->kind != DHNET_HELLO)
		return unexpected(x, l, "its greeting (CRYPTOLAB-DH 1)", err);
	if (l->version != DHNET_VERSION)
		return cl_fail(err, GPG_ERR_UNSUPPORTED_PROTOCOL, "%s speaks version %u of the exchange, this "
			       "shell version %d", x->peer, l->version, DHNET_VERSION);
	snprintf(x->peer_name, sizeof x->peer_name, "%s", l->name);
	return 0;
}

int
dhnet_send_hello(struct dhnet *x, struct net_conn *c, const struct dh_group *G, double seconds,
		 struct cl_error *err)
{
	char *p, *g, *a;
	int rc;

	group_copy(&x->G, G);
	if (dh_keypair(x->priv, x->pub, &x->G, 0, err) || hello(x, c, seconds, err))
		return -1;
	p = mpz_get_str(NULL, 10, x->G.p);
	g = mpz_get_str(NULL, 10, x->G.g);
	a = mpz_get_str(NULL, 10, x->pub);
	/* p and g even for a named group: all that is public crosses the wire,
	 * and a peer by hand (nc, the toy group) needs nothing else */
	rc = put(c, seconds, err, "GROUP %s p=%s g=%s\n", name_ok(x->G.name, strlen(x->G.name)) ? x->G.name : "custom",
		 p, g);
	if (!rc)
		rc = put(c, seconds, err, "PUBLIC %s\n", a);
	free(p);
	free(g);
	free(a);
	return rc;
}

int
dhnet_read_hello(struct dhnet *x, struct net_conn *c, const struct dh_group *want, double seconds,
		 struct cl_error *err)
{
	struct dhnet_line l;
	int rc = -1;

	dhnet_line_init(&l);
	if (next(x, c, &l, NULL, seconds, err) || greeting(x, &l, err))
		goto leave;
	if (next(x, c, &l, NULL, seconds, err))
		goto leave;
	if (l.kind != DHNET_GROUP) {
		unexpected(x, &l, "a GROUP line", err);
		goto leave;
	}
	if (peer_group(x, &l, err))
		goto leave;
	if (want && !dh_group_equal(want, &x->G)) {
		cl_fail(err, GPG_ERR_INV_VALUE, "%s uses the group %s (%zu bits), and you asked for %s (%zu "
			"bits): both sides must use the same group (give the same group= on both sides, or "
			"leave it out on this one)", x->peer, x->G.name, mpz_sizeinbase(x->G.p, 2), want->name,
			mpz_sizeinbase(want->p, 2));
		goto leave;
	}
	if (next(x, c, &l, NULL, seconds, err))
		goto leave;
	if (l.kind != DHNET_PUBLIC) {
		unexpected(x, &l, "its PUBLIC value", err);
		goto leave;
	}
	mpz_set(x->peer_pub, l.y);
	if (check_public(x, err) || dh_keypair(x->priv, x->pub, &x->G, 0, err))
		goto leave;
	rc = 0;
leave:
	dhnet_line_clear(&l);
	return rc;
}

int
dhnet_send_end(struct dhnet *x, struct net_conn *c, const char *forward, double seconds, struct cl_error *err)
{
	if (x->role == DHNET_CONNECTOR) {
		char *b = mpz_get_str(NULL, 10, x->pub);
		int rc = hello(x, c, seconds, err) || put(c, seconds, err, "PUBLIC %s\n", b);

		free(b);
		if (rc)
			return -1;
	}
	if (x->sign) {
		char *text = signed_text(x, x->role), *sig_hex, *spki_hex;
		unsigned char *sig;
		size_t n, dn;
		const unsigned char *der;
		int rc;

		if (pkey_sign(&sig, &n, x->sign, text, strlen(text), err)) {
			free(text);
			return -1;
		}
		free(text);
		pkey_spki(x->sign, &der, &dn);
		sig_hex = hex(sig, n);
		spki_hex = hex(der, dn);
		rc = put(c, seconds, err, "SIGNATURE %s %s %s\n", dhnet_sig_kind(x->sign), sig_hex, spki_hex);
		free(sig);
		free(sig_hex);
		free(spki_hex);
		if (rc)
			return -1;
	} else if (forward && put(c, seconds, err, "%s\n", forward))
		return -1;
	return put(c, seconds, err, "READY\n");
}

int
dhnet_read_until_ready(struct dhnet *x, struct net_conn *c, double seconds, struct cl_error *err)
{
	struct dhnet_line l;
	bool greeted = x->role == DHNET_CONNECTOR, has_public = x->role == DHNET_CONNECTOR;
	int rc = -1;

	dhnet_line_init(&l);
	for (;;) {
		char *raw = NULL;

		if (next(x, c, &l, &raw, seconds, err))
			goto leave;
		if (!greeted) {
			free(raw);
			if (greeting(x, &l, err))
				goto leave;
			greeted = true;
			continue;
		}
		switch (l.kind) {
		case DHNET_PUBLIC:
			free(raw);
			if (has_public) {
				unexpected(x, &l, x->role == DHNET_LISTENER ? "SIGNATURE or READY" : "READY", err);
				goto leave;
			}
			mpz_set(x->peer_pub, l.y);
			if (check_public(x, err))
				goto leave;
			has_public = true;
			continue;
		case DHNET_SIGNATURE: {
			struct cl_error e;

			if (!has_public || x->peer_sig_line) {
				free(raw);
				unexpected(x, &l, has_public ? "READY" : "its PUBLIC value", err);
				goto leave;
			}
			x->peer_sig_line = raw;
			if (pkey_import(&x->peer_signer, l.spki, l.spki_len, NULL, &e)) {
				cl_fail(err, e.code, "the key in the signature %s sent does not read: %s", x->peer,
					e.msg);
				goto leave;
			}
			if (strcmp(l.sigkind, dhnet_sig_kind(x->peer_signer)) != 0) {
				cl_fail(err, GPG_ERR_INV_VALUE, "%s sent a signature of kind '%s' with a key that "
					"signs '%s'", x->peer, l.sigkind, dhnet_sig_kind(x->peer_signer));
				goto leave;
			}
			{
				enum dhnet_role them = x->role == DHNET_LISTENER ? DHNET_CONNECTOR : DHNET_LISTENER;
				char *text = signed_text(x, them);
				bool good = false;

				if (pkey_verify(&good, x->peer_signer, text, strlen(text), l.sig, l.sig_len, err)) {
					free(text);
					goto leave;
				}
				free(text);
				x->peer_sig_ok = good;
			}
			continue;
		}
		case DHNET_READY:
			free(raw);
			if (!has_public) {
				unexpected(x, &l, "its PUBLIC value", err);
				goto leave;
			}
			rc = 0;
			goto leave;
		default:
			free(raw);
			unexpected(x, &l, has_public ? "SIGNATURE or READY" : "its PUBLIC value", err);
			goto leave;
		}
	}
leave:
	dhnet_line_clear(&l);
	return rc;
}

int
dhnet_check_peer(struct dhnet *x, struct cl_error *err)
{
	if (x->trust) {
		char fp[2 * 8 + 1];

		if (!x->peer_signer)
			return cl_fail(err, GPG_ERR_BAD_SIGNATURE, "%s sent no signature, and you asked for one "
				       "(trust=): it may not be who you think, or someone between you took the "
				       "signature out; refused", x->peer);
		if (!pkey_same_public(x->peer_signer, x->trust)) {
			const unsigned char *f = pkey_fingerprint(x->peer_signer);

			for (int i = 0; i < 8; i++)
				snprintf(fp + 2 * i, 3, "%02x", f[i]);
			return cl_fail(err, GPG_ERR_BAD_SIGNATURE, "%s signed with another key than the one you "
				       "trust (its key's SHA-256 fingerprint starts %s): not who you think; "
				       "refused", x->peer, fp);
		}
		if (!x->peer_sig_ok)
			return cl_fail(err, GPG_ERR_BAD_SIGNATURE, "the signature from %s is by the key you trust, "
				       "but not over the public values of this exchange: someone between you "
				       "changed them (a man in the middle); refused", x->peer);
	}
	return 0;
}

int
dhnet_finish(struct dhnet *x, struct cl_error *err)
{
	unsigned char *raw = NULL;
	int rc = -1;

	if (dh_shared(x->secret, &x->G, x->priv, x->peer_pub, err))
		return -1;
	raw = gcry_malloc_secure(FERNET_KEY_BYTES);
	if (!raw)
		return cl_fail(err, GPG_ERR_ENOMEM, "out of secure memory");
	if (dh_derive_key(raw, FERNET_KEY_BYTES, &x->G, x->secret, NULL, 0, NULL, 0, err)
	    || fernet_key_from_bytes(&x->key, raw, FERNET_KEY_BYTES, err))
		goto leave;
	dh_fingerprint(x->fingerprint, raw, FERNET_KEY_BYTES);
	x->done = true;
	rc = 0;
leave:
	explicit_bzero(raw, FERNET_KEY_BYTES);
	gcry_free(raw);
	return rc;
}

void
dhnet_send_error(struct net_conn *c, const char *why)
{
	char buf[400];

	/* one line, nothing that is not printable */
	http_printable(buf, sizeof buf, why, strlen(why), 300);
	put(c, 1.0, NULL, "ERROR %s\n", buf);
}

/* ---- the chat ---- */

int
dhnet_send_message(struct dhnet *x, struct net_conn *c, const void *text, size_t n, char **token,
		   double seconds, struct cl_error *err)
{
	char *t;
	size_t tn;
	int rc;

	if (token)
		*token = NULL;
	if (!x->done)
		return cl_fail(err, GPG_ERR_INV_STATE, "the exchange with %s is not complete", x->peer);
	if (n > DHNET_MAX_MESSAGE)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "a chat message is at most %zu bytes; this one has %zu",
			       DHNET_MAX_MESSAGE, n);
	if (fernet_encrypt(&t, &tn, &x->key, text, n, err))
		return -1;
	rc = put(c, seconds, err, "MSG %s\n", t);
	if (rc == 0 && token)
		*token = t;
	else
		free(t);
	return rc;
}

int
dhnet_open_message(struct dhnet *x, const char *line, size_t len, unsigned char **msg, size_t *n,
		   struct cl_error *err)
{
	struct dhnet_line l;
	struct cl_error e;
	int rc = -1;

	*msg = NULL;
	*n = 0;
	dhnet_line_init(&l);
	if (dhnet_parse_line(&l, line, len, x->peer, err))
		goto leave;
	switch (l.kind) {
	case DHNET_MSG:
		if (fernet_decrypt(msg, n, &x->key, l.text, l.text_len, NULL, &e)) {
			cl_fail(err, GPG_ERR_BAD_DATA, "a message from %s does not open with the key of this "
				"exchange (invalid token): changed on the way, or made with another key", x->peer);
			goto leave;
		}
		rc = 1;
		break;
	case DHNET_BYE:
		rc = 0;
		break;
	case DHNET_ERROR: {
		char buf[400];

		http_printable(buf, sizeof buf, l.text, l.text_len, 300);
		cl_fail(err, GPG_ERR_CANCELED, "%s refused: %s", x->peer, buf);
		break;
	}
	default:
		unexpected(x, &l, "a MSG line", err);
	}
leave:
	dhnet_line_clear(&l);
	return rc;
}

int
dhnet_read_message(struct dhnet *x, struct net_conn *c, unsigned char **msg, size_t *n, double seconds,
		   struct cl_error *err)
{
	char *line = NULL;
	struct cl_error e;
	int r, rc;

	*msg = NULL;
	*n = 0;
	r = net_conn_read_line(c, &line, DHNET_MAX_LINE, seconds, &e);
	if (r < 0) {
		if (e.code == GPG_ERR_EOF)
			return 0;	/* closed: the chat is over */
		if (err)
			*err = e;
		return -1;
	}
	if (r == 0)
		return 2;
	rc = dhnet_open_message(x, line, strlen(line), msg, n, err);
	free(line);
	return rc;
}
