/* Unit tests of libcore/x509: names and subjectAltName entries as typed;
 * certificates and requests made by OpenSSL read with OpenSSL's own answers
 * (tests/vectors/x509/README says how each file was made and what each
 * .expect file holds); a CA, requests and certificates made here, with
 * their extensions; signing that copies only the subject, the key and the
 * names; the broken-certificate lab, each verdict checked against GnuTLS's
 * own verifier (an independent implementation: trusted or not must agree);
 * the DER tree against `openssl asn1parse`; and the refusals. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include "libcore/clock.h"
#include "libcore/core.h"
#include "libcore/file.h"
#include "libcore/pkey.h"
#include "libcore/random.h"
#include "libcore/x509.h"
#include "tests/unit/tap.h"

#define VECTORS ABS_TOP_SRCDIR "/tests/vectors/x509/"
#define DAY 86400

#define slurp(name, n) slurp_from(VECTORS, (name), (n))

/* The value of KEY in the vector file NAME ("fingerprint abc..."). */
static char *
expect(const char *name, const char *key)
{
	size_t n;
	char *data = slurp(name, &n), *line, *p, *out = NULL;

	for (p = data; (line = strsep(&p, "\n"));)
		if (strncmp(line, key, strlen(key)) == 0 && line[strlen(key)] == ' ')
			out = strdup(line + strlen(key) + 1);
	free(data);
	return out ? out : strdup("?");
}

static void
hexof(char *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

static struct x509_cert *
cert_file(const char *name)
{
	struct x509_cert *c = NULL;
	struct cl_error err;
	size_t n;
	char *data = slurp(name, &n);

	if (!ok(x509_cert_import1(&c, data, n, &err) == 0, "%s is read", name))
		printf("#   error: %s\n", err.msg);
	free(data);
	return c;
}

static struct x509_csr *
csr_file(const char *name)
{
	struct x509_csr *r = NULL;
	struct cl_error err;
	size_t n;
	char *data = slurp(name, &n);

	if (!ok(x509_csr_import(&r, data, n, &err) == 0, "%s is read", name))
		printf("#   error: %s\n", err.msg);
	free(data);
	return r;
}

static struct pkey *
key_file(const char *name)
{
	struct pkey *k = NULL;
	struct cl_error err;
	size_t n;
	char *data = slurp(name, &n);

	if (pkey_import(&k, data, n, NULL, &err))
		printf("# %s: %s\n", name, err.msg);
	free(data);
	return k;
}

/* ---- names and addresses as typed ---- */

static void
dn_is(const char *dn, const char *canon, const char *subj)
{
	char *c = NULL, *s = NULL;
	struct cl_error err;

	if (!ok(x509_dn_parse(&c, &s, dn, &err) == 0, "'%s' is a name", dn)) {
		printf("#   error: %s\n", err.msg);
		return;
	}
	is_str(c, canon, "'%s' for GnuTLS", dn);
	is_str(s, subj, "'%s' for openssl -subj", dn);
	free(c);
	free(s);
}

static void
dn_refused(const char *dn, const char *words)
{
	struct cl_error err = { 0 };
	char *c = NULL;
	int rc = x509_dn_parse(&c, NULL, dn, &err);

	ok(rc == -1 && c == NULL && strstr(err.msg, words), "'%.30s' is refused: %s", dn, words);
	if (rc == 0 || !strstr(err.msg, words))
		printf("#   got: %s\n", rc ? err.msg : "accepted");
	free(c);
}

static void
san_is(const char *text, enum x509_san_kind kind, const char *shown)
{
	struct x509_san s;
	struct cl_error err;

	if (!ok(x509_san_parse(&s, text, &err) == 0, "'%s' is a name", text)) {
		printf("#   error: %s\n", err.msg);
		return;
	}
	ok(s.kind == kind, "'%s' is %s", text, kind == X509_SAN_IP ? "an address" : "a DNS name");
	is_str(s.text, shown, "'%s' is written '%s'", text, shown);
	x509_san_clear(&s);
}

static void
san_refused(const char *text, const char *words)
{
	struct x509_san s;
	struct cl_error err = { 0 };
	int rc = x509_san_parse(&s, text, &err);

	ok(rc == -1 && strstr(err.msg, words), "'%.30s' is refused: %s", text, words);
	if (rc == 0)
		x509_san_clear(&s);
	else if (!strstr(err.msg, words))
		printf("#   got: %s\n", err.msg);
}

static void
test_names(void)
{
	dn_is("CN=Classroom Root CA,O=Example School", "CN=Classroom Root CA,O=Example School",
	      "/O=Example School/CN=Classroom Root CA");
	dn_is(" cn = localhost , o=Example ,c=fr", "CN=localhost,O=Example,C=FR", "/C=FR/O=Example/CN=localhost");
	dn_is("CN=Smith\\, John,O=a/b", "CN=Smith\\, John,O=a/b", "/O=a\\/b/CN=Smith, John");
	dn_is("CN=Élève", "CN=Élève", "/CN=Élève");
	dn_refused("localhost", "write it as \"CN=localhost\"");
	dn_refused("", "the name is empty");
	dn_refused("CN=", "CN= is empty");
	dn_refused("XX=1", "unknown attribute 'XX'");
	dn_refused("emailAddress=a@b", "unknown attribute 'emailAddress'");
	dn_refused("CN=a,C=FRA", "two letters");
	dn_refused("CN=a,", "ends with a comma");
	dn_refused("CN=a+b", "must be escaped");
	dn_refused("CN=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "65 characters long: at most 64");
	dn_refused("CN=a\tb", "control character");

	san_is("localhost", X509_SAN_DNS, "localhost");
	san_is("WWW.Example.org", X509_SAN_DNS, "www.example.org");
	san_is("*.example.org", X509_SAN_DNS, "*.example.org");
	san_is("127.0.0.1", X509_SAN_IP, "127.0.0.1");
	san_is("::1", X509_SAN_IP, "::1");
	san_is("0:0:0:0:0:0:0:1", X509_SAN_IP, "::1");
	san_is("IP:10.0.0.1", X509_SAN_IP, "10.0.0.1");
	san_is("DNS:1.2.3.4.example", X509_SAN_DNS, "1.2.3.4.example");
	san_refused("300.1.1.1", "not a valid IP address");
	san_refused("1.2.3", "not a valid IP address");
	san_refused("fe80::zz", "not a valid IPv6 address");
	san_refused("IP:localhost", "not a valid IP address");
	san_refused("exa mple.com", "' ' is not allowed");
	san_refused("*.com", "at least two parts");
	san_refused("f*.example.com", "whole first part");
	san_refused("a..b", "no empty part");
	san_refused("-a.example", "may not start with '-'");
	san_refused("", "empty name");
	san_refused("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example", "at most 63");
}

static void
test_validity(void)
{
	int64_t from, until, nb = 1800000000;
	struct cl_error err;

	ok(x509_validity(&from, &until, 1700000000, 90, NULL, &err) == 0 && from == 1700000000
	   && until == 1700000000 + 90 * DAY, "90 days from now");
	ok(x509_validity(&from, &until, 1700000000, -1, NULL, &err) == 0 && until == 1700000000 - DAY
	   && from == until - DAY, "days=-1: one day, ended a day ago");
	ok(x509_validity(&from, &until, 1700000000, 7, &nb, &err) == 0 && from == nb && until == nb + 7 * DAY,
	   "from not_before");
	ok(x509_validity(&from, &until, 1700000000, 0, NULL, &err) == -1 && strstr(err.msg, "never valid"),
	   "days=0 is refused");
	ok(x509_validity(&from, &until, 1700000000, 36501, NULL, &err) == -1, "beyond 100 years is refused");
	ok(x509_validity(&from, &until, 1700000000, -3, &nb, &err) == -1, "negative days and not_before are refused");
}

/* ---- OpenSSL's certificates and requests ---- */

static void
known(const struct x509_cert *c, const char *file)
{
	const struct x509_info *in = x509_cert_info(c);
	char got[200], *want;

	hexof(got, in->fingerprint, 32);
	want = expect(file, "fingerprint");
	is_str(got, want, "%s: the fingerprint is OpenSSL's", file);
	free(want);
	for (size_t i = 0; i < in->serial_len; i++)
		sprintf(got + 2 * i, "%02X", in->serial[i]);
	want = expect(file, "serial");
	is_str(got, want, "%s: the serial number", file);
	free(want);
	snprintf(got, sizeof got, "%lld", (long long)in->not_before);
	want = expect(file, "not_before");
	is_str(got, want, "%s: notBefore", file);
	free(want);
	snprintf(got, sizeof got, "%lld", (long long)in->not_after);
	want = expect(file, "not_after");
	is_str(got, want, "%s: notAfter", file);
	free(want);
	want = expect(file, "subject");
	is_str(in->subject, want, "%s: the subject in RFC 4514 (openssl -nameopt RFC2253)", file);
	free(want);
	want = expect(file, "issuer");
	is_str(in->issuer, want, "%s: the issuer", file);
	free(want);
}

static void
test_openssl_files(void)
{
	struct x509_cert *ca = cert_file("ca.pem"), *leaf = cert_file("rsa-leaf.pem");
	struct x509_cert *der = cert_file("rsa-leaf.der"), *p384 = cert_file("p384.pem"), **v = NULL;
	struct x509_csr *r = csr_file("rsa.csr"), *wish = csr_file("ca-wish.csr"), *wishder = csr_file("ca-wish.der");
	struct cl_error err;
	size_t n, nv;
	char *data;
	const struct x509_info *in;

	if (!ca || !leaf || !der || !p384 || !r || !wish || !wishder)
		return;
	known(ca, "ca.expect");
	known(leaf, "rsa-leaf.expect");
	known(p384, "p384.expect");
	ok(x509_cert_same(leaf, der), "the DER file is the same certificate");
	in = x509_cert_info(ca);
	ok(in->version == 3 && in->is_ca && in->bc_present && in->pathlen == -1 && in->self_issued, "ca.pem: a v3 "
	   "self-signed CA, no pathlen");
	ok(in->ku_present && in->ku == (GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), "ca.pem: keyCertSign, cRLSign");
	ok(in->key && pkey_kind(in->key) == PKEY_P256, "ca.pem: a P-256 key");
	is_str(in->sig_algo, "ECDSA-SHA256", "ca.pem: signed with ECDSA-SHA256");
	in = x509_cert_info(leaf);
	ok(!in->is_ca && in->nsan == 4, "rsa-leaf.pem: no CA, four names");
	if (in->nsan == 4) {
		is_str(in->san[0].text, "localhost", "the first name");
		is_str(in->san[1].text, "*.example.org", "a wildcard");
		ok(in->san[2].kind == X509_SAN_IP && strcmp(in->san[2].text, "127.0.0.1") == 0, "an IPv4 address");
		ok(in->san[3].kind == X509_SAN_IP && strcmp(in->san[3].text, "::1") == 0, "an IPv6 address");
	}
	ok(in->neku == 1 && strcmp(in->eku[0], X509_EKU_SERVER) == 0, "serverAuth");
	ok(in->key && pkey_kind(in->key) == PKEY_RSA && in->key_bits == 2048, "an RSA key of 2048 bits");
	ok(in->aki_len == 20 && memcmp(in->aki, x509_cert_info(ca)->ski, 20) == 0, "its authority key id is the CA's "
	   "subject key id");
	in = x509_cert_info(p384);
	ok(in->key == NULL && strstr(in->key_desc, "not supported here"), "p384.pem is read, its key said to be "
	   "unsupported (%s)", in->key_desc);

	in = x509_csr_info(r);
	ok(in->sig_ok && in->nsan == 4 && !in->ca_requested, "rsa.csr: signature good, four names");
	is_str(in->subject, "CN=localhost", "rsa.csr: the subject");
	in = x509_csr_info(wish);
	ok(in->sig_ok && in->ca_requested, "ca-wish.csr asks for CA:TRUE");
	ok(x509_csr_info(wishder)->ca_requested, "ca-wish.der (DER) too");

	/* a chain file */
	data = slurp("chain.pem", &n);
	ok(x509_cert_import(&v, &nv, data, n, &err) == 0 && nv == 2, "chain.pem holds two certificates");
	if (v && nv == 2)
		ok(x509_cert_same(v[0], leaf) && x509_cert_same(v[1], ca), "in order");
	x509_certs_free(v, nv);
	{
		struct x509_cert *one = NULL;

		ok(x509_cert_import1(&one, data, n, &err) == -1 && one == NULL && strstr(err.msg, "holds 2 certificates"),
		   "two where one is wanted is refused");
	}
	free(data);

	/* openssl's chain verified here: the dates, the wildcard, the addresses */
	{
		struct x509_verdict vd;
		struct x509_cert *tr[1] = { ca };
		int64_t mid = x509_cert_info(leaf)->not_before + DAY, end = x509_cert_info(leaf)->not_after;
		static const struct { const char *host; enum x509_status st; } hosts[] = {
			{ "localhost", X509_OK }, { "www.example.org", X509_OK }, { "WWW.EXAMPLE.ORG", X509_OK },
			{ "example.org", X509_HOSTNAME_MISMATCH }, { "a.b.example.org", X509_HOSTNAME_MISMATCH },
			{ "127.0.0.1", X509_OK }, { "::1", X509_OK }, { "0:0::1", X509_OK },
			{ "127.0.0.2", X509_IP_ADDRESS_MISMATCH }, { "localhost2", X509_HOSTNAME_MISMATCH },
		};

		for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
			x509_verify(&vd, leaf, tr, 1, NULL, 0, hosts[i].host, X509_PURPOSE_SERVER, mid, &err);
			ok(vd.status == hosts[i].st, "openssl's certificate for '%s': %s", hosts[i].host,
			   x509_status_text(hosts[i].st));
			x509_verdict_clear(&vd);
		}
		x509_verify(&vd, leaf, tr, 1, NULL, 0, NULL, X509_PURPOSE_ANY, end - 1, &err);
		ok(vd.status == X509_OK, "valid in its last second");
		x509_verdict_clear(&vd);
		x509_verify(&vd, leaf, tr, 1, NULL, 0, NULL, X509_PURPOSE_ANY, end, &err);
		ok(vd.status == X509_CERT_HAS_EXPIRED && vd.depth == 0, "expired at its notAfter, as OpenSSL says");
		x509_verdict_clear(&vd);
		x509_verify(&vd, leaf, tr, 1, NULL, 0, NULL, X509_PURPOSE_CLIENT, mid, &err);
		ok(vd.status == X509_INVALID_PURPOSE, "not for a client");
		x509_verdict_clear(&vd);
		ok(x509_verify(&vd, leaf, tr, 1, NULL, 0, "http://x", X509_PURPOSE_SERVER, mid, &err) == -1,
		   "a URL is no host");
	}

	/* our CA signs openssl's request for a CA: no CA:TRUE comes through */
	{
		struct pkey *cakey = key_file("ca-key.pem"), *rsakey = key_file("rsa-key.pem");
		struct x509_sign_notes notes;
		struct x509_cert *c = NULL;

		ok(x509_sign(&c, &notes, ca, cakey, wish, 1800000000, 1800000000 + DAY, X509_USAGE_SERVER, -1, &err) == 0,
		   "openssl's CA key signs openssl's request here");
		if (c) {
			ok(!x509_cert_info(c)->is_ca && x509_cert_info(c)->bc_present, "the certificate says CA:FALSE");
			ok(notes.ca_refused, "and the CA is told the CA:TRUE was refused");
			ok(strstr(notes.ignored, "keyUsage") != NULL, "and that keyUsage was not copied (%s)", notes.ignored);
			ok(x509_cert_info(c)->nsan == 1 && strcmp(x509_cert_info(c)->san[0].text, "ca.example") == 0,
			   "the names were copied");
			ok(x509_cert_info(c)->ku == GNUTLS_KEY_DIGITAL_SIGNATURE + GNUTLS_KEY_KEY_ENCIPHERMENT,
			   "an RSA key gets digitalSignature and keyEncipherment");
		}
		x509_cert_unref(c);
		ok(x509_sign(&c, NULL, ca, rsakey, r, 1800000000, 1800000000 + DAY, X509_USAGE_SERVER, -1, &err) == -1
		   && err.code == GPG_ERR_WRONG_SECKEY, "a key that is not the CA's is refused: %s", err.msg);
		pkey_unref(cakey);
		pkey_unref(rsakey);
	}
	x509_cert_unref(ca);
	x509_cert_unref(leaf);
	x509_cert_unref(der);
	x509_cert_unref(p384);
	x509_csr_unref(r);
	x509_csr_unref(wish);
	x509_csr_unref(wishder);
}

/* ---- made here ---- */

static const struct x509_ext *
ext(const struct x509_info *in, const char *oid)
{
	for (size_t i = 0; i < in->next; i++)
		if (strcmp(in->ext[i].oid, oid) == 0)
			return &in->ext[i];
	return NULL;
}

static void
test_making(void)
{
	struct cl_error err;
	struct pkey *k = NULL, *sk = NULL;
	struct x509_cert *ca = NULL, *c = NULL, *again = NULL, *t = NULL;
	struct x509_csr *r = NULL, *rt = NULL;
	const char *san[] = { "localhost", "127.0.0.1", "::1" };
	const struct x509_info *in;
	const struct x509_ext *e;
	size_t n1, n2;

	random_seed("test-x509", &err);
	pkey_generate_ec(&k, PKEY_P256, &err);
	pkey_generate_ec(&sk, PKEY_ED25519, &err);
	ok(x509_make_ca(&ca, k, "CN=Test Root,O=Test", 1700000000, 1700000000 + 3650LL * DAY, -1, &err) == 0, "a CA");
	if (!ca)
		return;
	in = x509_cert_info(ca);
	ok(in->version == 3 && in->is_ca && in->self_issued, "v3, CA:TRUE, self-signed");
	ok((e = ext(in, "2.5.29.19")) && e->critical, "basicConstraints is critical");
	ok((e = ext(in, "2.5.29.15")) && e->critical && in->ku == (GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN),
	   "keyUsage keyCertSign and cRLSign, critical");
	ok(in->ski_len == 20 && !ext(in, "2.5.29.35") && !in->eku_present && in->next == 3,
	   "a 20-byte subject key id, and nothing else");
	ok(in->serial_len == 16 && !(in->serial[0] & 0x80) && in->serial[0], "a 16-byte positive serial");
	ok(in->not_before == 1700000000 && in->not_after == 1700000000 + 3650LL * DAY, "the validity given");
	is_str(in->subject, "CN=Test Root,O=Test", "the subject");
	ok(pkey_same_public(in->key, k), "the key");

	ok(x509_make_csr(&r, sk, "CN=localhost", san, 3, &err) == 0, "a request");
	ok(r && x509_csr_info(r)->sig_ok && x509_csr_info(r)->nsan == 3, "signed, with three names");
	if (!r)
		goto leave;
	ok(x509_sign(&c, NULL, ca, k, r, 1700000000, 1700000000 + 90 * DAY, X509_USAGE_SERVER, -1, &err) == 0,
	   "signed by the CA");
	if (!c)
		goto leave;
	in = x509_cert_info(c);
	ok(!in->is_ca && (e = ext(in, "2.5.29.19")) && e->critical, "CA:FALSE, critical");
	ok(in->ku == GNUTLS_KEY_DIGITAL_SIGNATURE, "an Ed25519 key: digitalSignature only");
	ok(in->neku == 1 && strcmp(in->eku[0], X509_EKU_SERVER) == 0, "serverAuth");
	ok(in->aki_len == 20 && memcmp(in->aki, x509_cert_info(ca)->ski, 20) == 0, "the CA's key id as authority key id");
	ok(in->ski_len == 20, "its own key id");
	ok(in->nsan == 3 && in->san[2].kind == X509_SAN_IP && strcmp(in->san[2].text, "::1") == 0, "the names");
	ok(pkey_same_public(in->key, sk), "the request's key");
	is_str(in->issuer, "CN=Test Root,O=Test", "the issuer");

	/* the same seed gives the same bytes (ECDSA with RFC 6979 nonces) */
	random_seed("test-x509", &err);
	x509_cert_unref(ca);
	x509_make_ca(&ca, k, "CN=Test Root,O=Test", 1700000000, 1700000000 + 3650LL * DAY, -1, &err);
	random_seed("test-x509", &err);
	ok(x509_make_ca(&again, k, "CN=Test Root,O=Test", 1700000000, 1700000000 + 3650LL * DAY, -1, &err) == 0
	   && x509_cert_same(ca, again), "the same seed makes the same CA certificate, byte for byte");
	x509_cert_der(ca, &n1);
	x509_cert_der(again, &n2);
	ok(n1 == n2, "of %zu bytes", n1);

	/* refusals */
	ok(x509_sign(&t, NULL, ca, k, r, 1, 2, X509_USAGE_SERVER, 0, &err) == -1 && strstr(err.msg, "usage=\"ca\""),
	   "pathlen on a server certificate is refused");
	ok(x509_csr_tamper(&rt, r, false, &err) == 0 && !x509_csr_info(rt)->sig_ok, "a tampered request's signature "
	   "fails");
	ok(x509_sign(&t, NULL, ca, k, rt, 1, 2, X509_USAGE_SERVER, -1, &err) == -1 && err.code == GPG_ERR_BAD_SIGNATURE,
	   "and it is not signed: %s", err.msg);
	x509_csr_unref(rt);
	rt = NULL;
	{
		struct pkey *pub = pkey_public(k);

		ok(x509_make_ca(&t, pub, "CN=x", 1, 2, -1, &err) == -1 && err.code == GPG_ERR_NO_SECKEY,
		   "a public key cannot make a CA");
		pkey_unref(pub);
	}
	ok(x509_make_csr(&rt, sk, "CN=x", (const char *[]){ "a b" }, 1, &err) == -1, "a bad name in the SAN is refused");
	ok(x509_make_csr(&rt, sk, "CN=x", (const char *[]){ "::1", "0::1" }, 2, &err) == -1
	   && strstr(err.msg, "twice"), "the same address twice is refused");
	x509_csr_unref(rt);
	rt = NULL;
	ok(x509_cert_tamper(&t, c, true, &err) == 0, "a renamed certificate");
	if (t) {
		is_str(x509_cert_info(t)->subject, "CN=localhosu", "localhost became localhosu");
		x509_cert_unref(t);
	}
	ok(x509_csr_tamper(&rt, r, true, &err) == 0 && strcmp(x509_csr_info(rt)->subject, "CN=localhosu") == 0
	   && !x509_csr_info(rt)->sig_ok, "and a renamed request, whose signature fails");
leave:
	x509_csr_unref(rt);
	x509_cert_unref(again);
	x509_cert_unref(c);
	x509_cert_unref(ca);
	x509_csr_unref(r);
	pkey_unref(k);
	pkey_unref(sk);
}

/* ---- the lab, against GnuTLS's own verifier ---- */

static time_t gnutls_now;

static time_t
fake_time(time_t *t)
{
	if (t)
		*t = gnutls_now;
	return gnutls_now;
}

static gnutls_x509_crt_t
to_gnutls(const struct x509_cert *c)
{
	gnutls_x509_crt_t g;
	size_t n;
	const unsigned char *der = x509_cert_der(c, &n);
	gnutls_datum_t d = { (unsigned char *)der, (unsigned)n };

	gnutls_x509_crt_init(&g);
	gnutls_x509_crt_import(g, &d, GNUTLS_X509_FMT_DER);
	return g;
}

/* Does GnuTLS trust LEAF (with CHAIN) under CA, for HOST (as a TLS server;
 * for any purpose without a host), at AT? */
static bool
gnutls_trusts(struct x509_cert *leaf, struct x509_cert **chain, size_t n, struct x509_cert *ca, const char *host,
	      time_t at)
{
	gnutls_x509_trust_list_t tl;
	gnutls_x509_crt_t list[8], anchor = to_gnutls(ca);
	gnutls_typed_vdata_st data[2] = {
		{ .type = GNUTLS_DT_KEY_PURPOSE_OID, .data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER },
		{ .type = GNUTLS_DT_DNS_HOSTNAME, .data = (unsigned char *)host },
	};
	unsigned status = 1;

	gnutls_x509_trust_list_init(&tl, 0);
	gnutls_x509_trust_list_add_cas(tl, &anchor, 1, 0);
	list[0] = to_gnutls(leaf);
	for (size_t i = 0; i < n; i++)
		list[i + 1] = to_gnutls(chain[i]);
	gnutls_now = at;
	gnutls_global_set_time_function(fake_time);
	gnutls_x509_trust_list_verify_crt2(tl, list, (unsigned)n + 1, data, host ? 2 : 0, 0, &status, NULL);
	gnutls_global_set_time_function(time);	/* back to the real clock */
	for (size_t i = 0; i <= n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_x509_trust_list_deinit(tl, 1);
	return status == 0;
}

static void
lab_case(const char *what, struct x509_cert *leaf, struct x509_cert **chain, size_t n, struct x509_cert *ca,
	 const char *host, int64_t at, enum x509_status want, int depth)
{
	struct x509_verdict v;
	struct cl_error err;

	x509_verify(&v, leaf, &ca, 1, chain, n, host, host ? X509_PURPOSE_SERVER : X509_PURPOSE_ANY, at, &err);
	ok(v.status == want && v.depth == depth, "%s: %s at depth %d", what, x509_status_text(want), depth);
	if (v.status != want || v.depth != depth)
		printf("#   got: %s at depth %d (%s)\n", x509_status_text(v.status), v.depth, v.detail);
	ok(gnutls_trusts(leaf, chain, n, ca, host, (time_t)at) == (want == X509_OK), "%s: GnuTLS's verifier %s it too",
	   what, want == X509_OK ? "accepts" : "refuses");
	ok(want == X509_OK || v.detail[0], "%s: the reason is said in words", what);
	x509_verdict_clear(&v);
}

static void
test_lab(void)
{
	struct cl_error err;
	struct pkey *k, *sk, *ek, *ik, *ik2;
	struct x509_cert *ca, *evil, *good, *expired, *future, *wrong, *untrusted, *leaf, *nonca, *tampered, *renamed,
		*i1, *i2, *deep, *client, *self;
	struct x509_csr *r, *r2, *r3, *ri1, *ri2;
	const char *san[] = { "localhost", "127.0.0.1" };
	const int64_t now = 1700000000;

	random_seed("lab", &err);
	pkey_generate_ec(&k, PKEY_P256, &err);
	pkey_generate_ec(&sk, PKEY_P256, &err);
	pkey_generate_ec(&ek, PKEY_P256, &err);
	pkey_generate_ec(&ik, PKEY_ED25519, &err);
	pkey_generate_ec(&ik2, PKEY_P256, &err);
	x509_make_ca(&ca, k, "CN=Classroom Root CA", now - DAY, now + 3650LL * DAY, -1, &err);
	x509_make_ca(&evil, ek, "CN=Evil Root CA", now - DAY, now + 3650LL * DAY, -1, &err);
	x509_make_csr(&r, sk, "CN=localhost", san, 2, &err);
	x509_make_csr(&r2, sk, "CN=www.example.com", (const char *[]){ "www.example.com" }, 1, &err);
	x509_make_csr(&r3, ek, "CN=leaf.example", (const char *[]){ "leaf.example" }, 1, &err);
	x509_make_csr(&ri1, ik, "CN=Intermediate One", NULL, 0, &err);
	x509_make_csr(&ri2, ik2, "CN=Intermediate Two", NULL, 0, &err);
	x509_sign(&good, NULL, ca, k, r, now, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&expired, NULL, ca, k, r, now - 2 * DAY, now - DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&future, NULL, ca, k, r, now + DAY, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&wrong, NULL, ca, k, r2, now, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&untrusted, NULL, evil, ek, r, now, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&leaf, NULL, ca, k, r3, now, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&nonca, NULL, leaf, ek, r, now, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_cert_tamper(&tampered, good, false, &err);
	x509_cert_tamper(&renamed, good, true, &err);
	x509_sign(&i1, NULL, ca, k, ri1, now, now + 365 * DAY, X509_USAGE_CA, 0, &err);
	x509_sign(&i2, NULL, i1, ik, ri2, now, now + 365 * DAY, X509_USAGE_CA, -1, &err);
	x509_sign(&deep, NULL, i2, ik2, r, now, now + 90 * DAY, X509_USAGE_SERVER, -1, &err);
	x509_sign(&client, NULL, ca, k, r, now, now + 90 * DAY, X509_USAGE_CLIENT, -1, &err);
	x509_make_selfsigned(&self, sk, "CN=localhost", san, 2, now, now + 90 * DAY, X509_USAGE_SERVER, &err);
	if (!ok(self && client && deep && renamed && nonca, "the lab's certificates are made"))
		return;

	lab_case("a good certificate", good, NULL, 0, ca, "localhost", now + 1, X509_OK, 0);
	lab_case("its address", good, NULL, 0, ca, "127.0.0.1", now + 1, X509_OK, 0);
	lab_case("expired", expired, NULL, 0, ca, "localhost", now, X509_CERT_HAS_EXPIRED, 0);
	lab_case("not yet valid", future, NULL, 0, ca, "localhost", now, X509_CERT_NOT_YET_VALID, 0);
	lab_case("91 days later", good, NULL, 0, ca, "localhost", now + 91 * DAY, X509_CERT_HAS_EXPIRED, 0);
	lab_case("wrong host", wrong, NULL, 0, ca, "localhost", now + 1, X509_HOSTNAME_MISMATCH, 0);
	lab_case("wrong address", good, NULL, 0, ca, "127.0.0.2", now + 1, X509_IP_ADDRESS_MISMATCH, 0);
	lab_case("untrusted root", untrusted, NULL, 0, ca, "localhost", now + 1, X509_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0);
	lab_case("untrusted root sent along", untrusted, &evil, 1, ca, "localhost", now + 1,
		 X509_SELF_SIGNED_CERT_IN_CHAIN, 1);
	lab_case("issued by a CA:FALSE certificate", nonca, &leaf, 1, ca, "localhost", now + 1, X509_INVALID_CA, 1);
	lab_case("tampered signature", tampered, NULL, 0, ca, "localhost", now + 1, X509_CERT_SIGNATURE_FAILURE, 0);
	lab_case("tampered name", renamed, NULL, 0, ca, NULL, now + 1, X509_CERT_SIGNATURE_FAILURE, 0);
	lab_case("two intermediates under pathlen:0", deep, (struct x509_cert *[]){ i2, i1 }, 2, ca, "localhost", now + 1,
		 X509_PATH_LENGTH_EXCEEDED, 2);
	lab_case("one intermediate", i2, &i1, 1, ca, NULL, now + 1, X509_OK, 0);
	lab_case("a client's certificate for a server", client, NULL, 0, ca, "localhost", now + 1, X509_INVALID_PURPOSE, 0);
	lab_case("self-signed, not trusted", self, NULL, 0, ca, "localhost", now + 1, X509_DEPTH_ZERO_SELF_SIGNED_CERT, 0);
	lab_case("self-signed, trusted", self, NULL, 0, self, "localhost", now + 1, X509_OK, 0);

	x509_cert_unref(ca);
	x509_cert_unref(evil);
	x509_cert_unref(good);
	x509_cert_unref(expired);
	x509_cert_unref(future);
	x509_cert_unref(wrong);
	x509_cert_unref(untrusted);
	x509_cert_unref(leaf);
	x509_cert_unref(nonca);
	x509_cert_unref(tampered);
	x509_cert_unref(renamed);
	x509_cert_unref(i1);
	x509_cert_unref(i2);
	x509_cert_unref(deep);
	x509_cert_unref(client);
	x509_cert_unref(self);
	x509_csr_unref(r);
	x509_csr_unref(r2);
	x509_csr_unref(r3);
	x509_csr_unref(ri1);
	x509_csr_unref(ri2);
	pkey_unref(k);
	pkey_unref(sk);
	pkey_unref(ek);
	pkey_unref(ik);
	pkey_unref(ik2);
}

/* ---- the DER tree against openssl asn1parse ---- */

static const char *
asn1parse_name(const struct x509_der_node *nd, char *buf, size_t size)
{
	char t[48];

	x509_der_tag_name(t, sizeof t, nd);
	if (nd->cls == 0x80) {
		snprintf(buf, size, "cont [ %lu ]", nd->tag);
		return buf;
	}
	if (strcmp(t, "OBJECT IDENTIFIER") == 0)
		return "OBJECT";
	if (strcmp(t, "UTCTime") == 0)
		return "UTCTIME";
	if (strcmp(t, "PrintableString") == 0)
		return "PRINTABLESTRING";
	if (strcmp(t, "UTF8String") == 0)
		return "UTF8STRING";
	snprintf(buf, size, "%s", t);
	return buf;
}

static void
test_der_tree(const char *pem_file, const char *parse_file, enum x509_der_kind kind)
{
	size_t n, pn, nn, row = 0, skip_to = 0;
	char *pem = slurp(pem_file, &n), *parse = slurp(parse_file, &pn), *line, *p;
	struct x509_cert *c = NULL;
	struct x509_csr *r = NULL;
	struct x509_der_node *nodes;
	struct cl_error err;
	const unsigned char *der;
	bool more, same = true;

	if (kind == X509_DER_CERT ? x509_cert_import1(&c, pem, n, &err) : x509_csr_import(&r, pem, n, &err)) {
		ok(0, "%s is read", pem_file);
		return;
	}
	der = c ? x509_cert_der(c, &n) : x509_csr_der(r, &n);
	ok(x509_der_walk(&nodes, &nn, &more, der, n, kind, 1000, &err) == 0 && !more, "%s walks", pem_file);
	ok(strcmp(nodes[0].label, kind == X509_DER_CERT ? "Certificate" : "CertificationRequest") == 0,
	   "the root is named");
	for (p = parse; (line = strsep(&p, "\n")) && same;) {
		unsigned long off, d, hl, l;
		char kindw[8], tag[64] = "", buf[64], *colon;

		if (sscanf(line, "%lu:d=%lu hl=%lu l=%lu %4s", &off, &d, &hl, &l, kindw) != 5)
			continue;
		colon = strstr(line, kindw) + 5;
		while (*colon == ' ')
			colon++;
		snprintf(tag, sizeof tag, "%s", colon);
		if (strstr(tag, "  "))	/* the tag ends where the padding to the value starts */
			*strstr(tag, "  ") = '\0';
		if (strchr(tag, ':'))
			*strchr(tag, ':') = '\0';
		for (size_t k = strlen(tag); k && tag[k - 1] == ' '; k--)
			tag[k - 1] = '\0';
		/* our tree also opens the DER inside OCTET and BIT STRINGs, which
		 * asn1parse does not: skip those elements */
		while (row < nn && nodes[row].offset < skip_to)
			row++;
		if (row == nn) {
			same = false;
			break;
		}
		if (nodes[row].offset != off || (unsigned long)nodes[row].depth != d || nodes[row].header != hl
		    || nodes[row].length != l || strcmp(asn1parse_name(&nodes[row], buf, sizeof buf), tag) != 0) {
			printf("#   asn1parse: %s\n#   ours: %zu d=%d hl=%zu l=%zu %s\n", line, nodes[row].offset,
			       nodes[row].depth, nodes[row].header, nodes[row].length,
			       asn1parse_name(&nodes[row], buf, sizeof buf));
			same = false;
		}
		if (nodes[row].encapsulated)
			skip_to = nodes[row].offset + nodes[row].header + nodes[row].length;
		row++;
	}
	ok(same, "%s: every element at openssl asn1parse's offset, depth, lengths and tag", pem_file);
	free(nodes);
	free(pem);
	free(parse);
	x509_cert_unref(c);
	x509_csr_unref(r);
}

static void
test_der_values(void)
{
	struct x509_cert *ca = cert_file("ca.pem");
	struct x509_der_node *nodes;
	struct cl_error err;
	size_t n, nn;
	bool more, seen_oid = false, seen_time = false, seen_str = false;
	const unsigned char *der;

	if (!ca)
		return;
	der = x509_cert_der(ca, &n);
	x509_der_walk(&nodes, &nn, &more, der, n, X509_DER_CERT, 1000, &err);
	for (size_t i = 0; i < nn; i++) {
		char v[160];

		x509_der_value(v, sizeof v, der, &nodes[i]);
		if (strcmp(v, "1.2.840.10045.4.3.2 (ecdsa-with-SHA256)") == 0)
			seen_oid = true;
		if (nodes[i].label && strcmp(nodes[i].label, "notBefore") == 0) {
			char want[64];

			clock_format(want, sizeof want, (uint64_t)x509_cert_info(ca)->not_before);
			seen_time = strcmp(v, want) == 0;
		}
		if (strcmp(v, "\"OpenSSL School\"") == 0)
			seen_str = true;
	}
	ok(seen_oid, "an OID shows with its name");
	ok(seen_time, "notBefore shows as the date openssl gave");
	ok(seen_str, "a string shows quoted");
	free(nodes);
	ok(x509_der_walk(&nodes, &nn, &more, der, n, X509_DER_CERT, 5, &err) == 0 && nn == 5 && more,
	   "at most MAX elements, and more is said");
	free(nodes);
	{
		unsigned char bad[] = { 0x30, 0x05, 0x02, 0x09, 0x01, 0x02, 0x03 };

		ok(x509_der_walk(&nodes, &nn, &more, bad, sizeof bad, X509_DER_OTHER, 100, &err) == -1
		   && strstr(err.msg, "at byte 2"), "a length past the end is refused, naming the byte: %s", err.msg);
	}
	x509_cert_unref(ca);
}

/* ---- refusals of what is read ---- */

static void
read_refused(const char *what, const void *data, size_t n, gpg_err_code_t code, const char *words)
{
	struct x509_cert **v = NULL;
	size_t nv = 9;
	struct cl_error err = { 0 };
	int rc = x509_cert_import(&v, &nv, data, n, &err);

	ok(rc == -1 && v == NULL && nv == 0 && err.code == code && strstr(err.msg, words), "%s: refused, %s", what, words);
	if (rc == 0)
		x509_certs_free(v, nv);
	else if (err.code != code || !strstr(err.msg, words))
		printf("#   got: %s (%d)\n", err.msg, err.code);
}

static void
test_refusals(void)
{
	size_t n;
	char *pem = slurp("ca.pem", &n), *cut, *bad, *key = slurp("ca-key.pem", &n);
	size_t pn = strlen(pem);
	unsigned char der[2048];
	struct x509_cert *c = cert_file("ca.pem");
	const unsigned char *d;
	size_t dn;

	read_refused("empty", "", 0, X509_NOT_MINE, "empty");
	read_refused("text", "hello\n", 6, X509_NOT_MINE, "no '-----BEGIN CERTIFICATE-----' line");
	read_refused("a key", key, strlen(key), X509_NOT_MINE, "a PEM 'PRIVATE KEY', not a certificate");
	cut = strndup(pem, pn / 2);
	read_refused("cut short", cut, strlen(cut), GPG_ERR_BAD_DATA, "'-----END CERTIFICATE-----' is missing");
	free(cut);
	bad = strdup(pem);
	memcpy(bad + 40, "!!!!", 4);
	read_refused("damaged base64", bad, pn, GPG_ERR_BAD_DATA, "does not decode");
	free(bad);
	bad = strdup(pem);
	bad[100] = bad[100] == 'A' ? 'B' : 'A';	/* inside the DER: a byte changed */
	{
		struct x509_cert **v = NULL;
		size_t nv = 0;
		struct cl_error err;
		int rc = x509_cert_import(&v, &nv, bad, pn, &err);

		ok(rc == 0 || err.msg[0], "a changed byte is read or refused with a message");
		x509_certs_free(v, nv);
	}
	free(bad);
	if (c) {
		d = x509_cert_der(c, &dn);
		memcpy(der, d, dn);
		der[dn] = 0;
		read_refused("DER with a byte after it", der, dn + 1, GPG_ERR_INV_OBJ, "1 byte follows");
		read_refused("DER cut short", der, dn - 1, X509_NOT_MINE, "not DER");
	}
	{
		/* 64 bytes that start as a SEQUENCE of 59 does, as one Ed25519
		 * signature in 256 or so does: not a certificate (so load() keeps
		 * them as bytes), where "3 bytes follow" once called them one */
		unsigned char sig[64] = { 0x30, 0x3b };

		read_refused("a signature starting with 0x30 0x3b", sig, sizeof sig, X509_NOT_MINE,
			     "not a certificate");
	}
	{
		char *big = malloc(X509_MAX_FILE + 1);

		memset(big, 'x', X509_MAX_FILE + 1);
		read_refused("too large", big, X509_MAX_FILE + 1, X509_NOT_MINE, "too large");
		free(big);
	}
	{
		struct x509_csr *r = NULL;
		struct cl_error err;

		ok(x509_csr_import(&r, pem, pn, &err) == -1 && err.code == X509_NOT_MINE
		   && strstr(err.msg, "'CERTIFICATE', not a certificate request"), "a certificate is no request");
	}
	x509_cert_unref(c);
	free(pem);
	free(key);
}

/* A name with an escape sequence in it (made by GnuTLS directly, as a
 * hostile file would have it) is shown escaped. */
static void
test_hostile_text(void)
{
	gnutls_x509_crt_t g;
	gnutls_x509_privkey_t pk;
	gnutls_datum_t der = { NULL, 0 };
	struct x509_cert *c = NULL;
	struct cl_error err;
	const char evil[] = "\x1b[2Jevil\x9b";

	gnutls_x509_privkey_init(&pk);
	gnutls_x509_privkey_generate(pk, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	gnutls_x509_crt_init(&g);
	gnutls_x509_crt_set_version(g, 3);
	gnutls_x509_crt_set_serial(g, "\x01", 1);
	gnutls_x509_crt_set_activation_time(g, 1700000000);
	gnutls_x509_crt_set_expiration_time(g, 1800000000);
	gnutls_x509_crt_set_dn_by_oid(g, GNUTLS_OID_X520_COMMON_NAME, 0, evil, sizeof evil - 1);
	gnutls_x509_crt_set_key(g, pk);
	gnutls_x509_crt_set_subject_alt_name(g, GNUTLS_SAN_DNSNAME, "a\x07" "b", 3, GNUTLS_FSAN_APPEND);
	gnutls_x509_crt_sign2(g, g, pk, GNUTLS_DIG_SHA256, 0);
	gnutls_x509_crt_export2(g, GNUTLS_X509_FMT_DER, &der);
	ok(x509_cert_import1(&c, der.data, der.size, &err) == 0, "a certificate with control characters is read");
	if (c) {
		const struct x509_info *in = x509_cert_info(c);
		bool clean = true;

		for (const char *p = in->subject; *p; p++)
			clean &= (unsigned char)*p >= 0x20 && *p != 0x7f;
		ok(clean && strstr(in->subject, "\\x1b[2Jevil"), "its subject is shown escaped: %s", in->subject);
		/* (GnuTLS itself may drop the BEL when it writes the name) */
		ok(in->nsan == 1 && !strchr(in->san[0].text, '\a'), "and its names: %s", in->nsan ? in->san[0].text : "none");
	}
	x509_cert_unref(c);
	gnutls_free(der.data);
	gnutls_x509_crt_deinit(g);
	gnutls_x509_privkey_deinit(pk);
}

int
main(void)
{
	struct cl_error err;

	if (core_init(&err)) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	test_names();
	test_validity();
	test_openssl_files();
	test_making();
	test_lab();
	test_der_tree("ca.pem", "ca.asn1parse", X509_DER_CERT);
	test_der_tree("rsa-leaf.pem", "rsa-leaf.asn1parse", X509_DER_CERT);
	test_der_tree("rsa.csr", "rsa-csr.asn1parse", X509_DER_CSR);
	test_der_values();
	test_refusals();
	test_hostile_text();
	done_testing();
}
