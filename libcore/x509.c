/* X.509 certificates and requests over GnuTLS (libcore/x509.h). */
#include <config.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include <gnutls/abstract.h>
#include <gnutls/x509-ext.h>
#include <libtasn1.h>
#include "libcore/clock.h"
#include "libcore/random.h"
#include "libcore/x509.h"
#include "libcore/xalloc.h"

#define OID_BC "2.5.29.19"
#define OID_KU "2.5.29.15"
#define OID_EKU "2.5.29.37"
#define OID_SAN "2.5.29.17"
#define OID_SKI "2.5.29.14"
#define OID_AKI "2.5.29.35"

static int
gnutls_fail(struct cl_error *err, int rc, const char *what)
{
	return cl_fail(err, GPG_ERR_GENERAL, "%s: %s", what, gnutls_strerror(rc));
}

/* ---- text from outside, made safe to print ---- */

/* The length of the UTF-8 sequence at P (N bytes left), 0 when invalid;
 * *CP the code point. */
static size_t
utf8_seq(const unsigned char *p, size_t n, unsigned long *cp)
{
	size_t len;
	unsigned long c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, c = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, c = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, c = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* P (N bytes) as text safe for a terminal: control characters (C0, DEL,
 * C1) and bytes that are not UTF-8 become \xHH. Malloc'ed. */
static char *
clean_text(const void *data, size_t n)
{
	const unsigned char *p = data;
	char *out = xmalloc(n * 4 + 1), *o = out;

	for (size_t i = 0; i < n;) {
		unsigned long cp;
		size_t len = utf8_seq(p + i, n - i, &cp);

		if (len == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			for (size_t j = 0; j < (len ? len : 1); j++)
				o += sprintf(o, "\\x%02x", p[i + j]);
			i += len ? len : 1;
		} else {
			memcpy(o, p + i, len);
			o += len;
			i += len;
		}
	}
	*o = '\0';
	return out;
}

static void
hex_colon(char *out, size_t size, const unsigned char *p, size_t n)
{
	size_t o = 0;

	if (size)
		out[0] = '\0';
	for (size_t i = 0; i < n && o + 4 < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%02x", i ? ":" : "", p[i]);
}

/* ---- OIDs ---- */

static const struct {
	const char *oid, *name;
} oid_names[] = {
	{ "2.5.4.3", "commonName" }, { "2.5.4.6", "countryName" }, { "2.5.4.7", "localityName" },
	{ "2.5.4.8", "stateOrProvinceName" }, { "2.5.4.9", "streetAddress" },
	{ "2.5.4.10", "organizationName" }, { "2.5.4.11", "organizationalUnitName" },
	{ "2.5.4.5", "serialNumber" }, { "0.9.2342.19200300.100.1.25", "domainComponent" },
	{ "0.9.2342.19200300.100.1.1", "userId" }, { "1.2.840.113549.1.9.1", "emailAddress" },
	{ "1.2.840.113549.1.9.14", "extensionRequest" }, { "1.2.840.113549.1.9.7", "challengePassword" },
	{ OID_SKI, "subjectKeyIdentifier" }, { OID_KU, "keyUsage" }, { OID_SAN, "subjectAltName" },
	{ "2.5.29.18", "issuerAltName" }, { OID_BC, "basicConstraints" }, { "2.5.29.30", "nameConstraints" },
	{ "2.5.29.31", "cRLDistributionPoints" }, { "2.5.29.32", "certificatePolicies" },
	{ "2.5.29.33", "policyMappings" }, { OID_AKI, "authorityKeyIdentifier" },
	{ "2.5.29.36", "policyConstraints" }, { OID_EKU, "extendedKeyUsage" },
	{ "2.5.29.54", "inhibitAnyPolicy" }, { "2.5.29.32.0", "anyPolicy" },
	{ "1.3.6.1.5.5.7.1.1", "authorityInfoAccess" }, { "1.3.6.1.5.5.7.1.24", "tlsFeature" },
	{ "1.3.6.1.4.1.11129.2.4.2", "signedCertificateTimestampList" },
	{ "2.16.840.1.113730.1.1", "netscapeCertType" }, { "2.16.840.1.113730.1.13", "netscapeComment" },
	{ "2.23.140.1.2.1", "domainValidated" }, { "2.23.140.1.2.2", "organizationValidated" },
	{ "1.3.6.1.5.5.7.48.1", "ocsp" }, { "1.3.6.1.5.5.7.48.2", "caIssuers" },
	{ X509_EKU_SERVER, "serverAuth" }, { X509_EKU_CLIENT, "clientAuth" },
	{ "1.3.6.1.5.5.7.3.3", "codeSigning" }, { "1.3.6.1.5.5.7.3.4", "emailProtection" },
	{ "1.3.6.1.5.5.7.3.8", "timeStamping" }, { "1.3.6.1.5.5.7.3.9", "OCSPSigning" },
	{ X509_EKU_ANY, "anyExtendedKeyUsage" },
	{ "1.2.840.113549.1.1.1", "rsaEncryption" }, { "1.2.840.113549.1.1.5", "sha1WithRSAEncryption" },
	{ "1.2.840.113549.1.1.10", "RSASSA-PSS" }, { "1.2.840.113549.1.1.11", "sha256WithRSAEncryption" },
	{ "1.2.840.113549.1.1.12", "sha384WithRSAEncryption" },
	{ "1.2.840.113549.1.1.13", "sha512WithRSAEncryption" },
	{ "1.2.840.10045.2.1", "id-ecPublicKey" }, { "1.2.840.10045.3.1.7", "prime256v1 (P-256)" },
	{ "1.3.132.0.34", "secp384r1 (P-384)" }, { "1.3.132.0.35", "secp521r1 (P-521)" },
	{ "1.2.840.10045.4.3.2", "ecdsa-with-SHA256" }, { "1.2.840.10045.4.3.3", "ecdsa-with-SHA384" },
	{ "1.2.840.10045.4.3.4", "ecdsa-with-SHA512" }, { "1.3.101.112", "Ed25519" },
	{ "1.3.101.113", "Ed448" }, { "2.16.840.1.101.3.4.2.1", "sha256" },
	{ "1.2.840.113549.1.1.8", "mgf1" },
};

const char *
x509_oid_name(const char *oid)
{
	for (size_t i = 0; i < sizeof oid_names / sizeof oid_names[0]; i++)
		if (strcmp(oid_names[i].oid, oid) == 0)
			return oid_names[i].name;
	return NULL;
}

/* ---- distinguished names ---- */

static const struct {
	const char *attr, *words;
	size_t max;	/* RFC 5280's upper bounds */
} dn_attrs[] = {
	{ "CN", "common name", 64 }, { "O", "organisation", 64 }, { "OU", "organisational unit", 64 },
	{ "L", "locality", 128 }, { "ST", "state or province", 128 }, { "C", "country", 2 },
	{ "DC", "domain component", 63 },
};

struct rdn {
	int attr;	/* index in dn_attrs */
	char *value;
};

static void
rdns_free(struct rdn *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].value);
	free(r);
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* "CN=a,O=b" into its attributes, in the order written (RFC 4514: most
 * specific first). */
static int
dn_split(struct rdn **out, size_t *nout, const char *dn, struct cl_error *err)
{
	struct rdn *r = NULL;
	size_t n = 0, len = strlen(dn);
	const char *p = dn;
	int rc = -1;

	*out = NULL;
	*nout = 0;
	if (len > 1024)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the name is %zu characters long: at most 1024", len);
	while (*p == ' ')
		p++;
	if (!*p)
		return cl_fail(err, GPG_ERR_INV_VALUE, "the name is empty: give at least a common name, "
			       "\"CN=...\"");
	if (!strchr(dn, '='))
		return cl_fail(err, GPG_ERR_INV_VALUE, "'%.80s' is not a distinguished name: write it as "
			       "\"CN=%.80s\" (attributes such as CN=, O=, C=, separated by commas)", dn, dn);
	for (;;) {
		char attr[24], *value = xmalloc(len + 1);
		size_t a = 0, v = 0, lastsig = 0;
		int which = -1;

		while (*p == ' ')
			p++;
		for (; *p && *p != '=' && *p != ','; p++)
			if (a < sizeof attr - 1)
				attr[a++] = *p;
		while (a && attr[a - 1] == ' ')
			a--;
		attr[a] = '\0';
		if (*p != '=') {
			free(value);
			if (!*p && !a && n)
				cl_fail(err, GPG_ERR_INV_VALUE, "the name ends with a comma: '%.80s'", dn);
			else
				cl_fail(err, GPG_ERR_INV_VALUE, "'%.40s' in the name has no '=': each part is "
					"ATTRIBUTE=value, as in \"CN=localhost,O=Example\"", a ? attr : p);
			goto leave;
		}
		for (size_t i = 0; i < sizeof dn_attrs / sizeof dn_attrs[0]; i++)
			if (strcasecmp(attr, dn_attrs[i].attr) == 0)
				which = (int)i;
		if (which < 0) {
			free(value);
			cl_fail(err, GPG_ERR_UNKNOWN_NAME, "unknown attribute '%s' in the name: use CN (common "
				"name), O (organisation), OU (unit), L (locality), ST (state), C (country, two "
				"letters) or DC (domain component)", attr);
			goto leave;
		}
		p++;
		while (*p == ' ')
			p++;
		while (*p && *p != ',') {
			if (*p == '\\' && p[1]) {
				value[v++] = p[1];
				p += 2;
				lastsig = v;
				continue;
			}
			if (*p == '+' || *p == '=' || *p == '"' || *p == ';' || *p == '<' || *p == '>') {
				free(value);
				cl_fail(err, GPG_ERR_INV_VALUE, "'%c' in a name must be escaped with a backslash "
					"(\"\\%c\")", *p, *p);
				goto leave;
			}
			value[v++] = *p++;
			if (value[v - 1] != ' ')
				lastsig = v;
		}
		value[lastsig] = '\0';
		for (size_t i = 0; i < lastsig; i++)
			if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f) {
				free(value);
				cl_fail(err, GPG_ERR_INV_VALUE, "the %s holds a control character",
					dn_attrs[which].words);
				goto leave;
			}
		if (!lastsig) {
			free(value);
			cl_fail(err, GPG_ERR_INV_VALUE, "%s= is empty: give the %s a value", dn_attrs[which].attr,
				dn_attrs[which].words);
			goto leave;
		}
		if (which == 5) {
			if (lastsig != 2 || !isalpha((unsigned char)value[0]) || !isalpha((unsigned char)value[1])) {
				cl_fail(err, GPG_ERR_INV_VALUE, "C= is a country as two letters (\"FR\", \"US\"), "
					"not '%.40s'", value);
				free(value);
				goto leave;
			}
			value[0] = (char)toupper((unsigned char)value[0]);
			value[1] = (char)toupper((unsigned char)value[1]);
		} else if (utf8_chars(value) > dn_attrs[which].max) {
			cl_fail(err, GPG_ERR_TOO_LARGE, "the %s is %zu characters long: at most %zu",
				dn_attrs[which].words, utf8_chars(value), dn_attrs[which].max);
			free(value);
			goto leave;
		}
		if (n == X509_MAX_RDN) {
			free(value);
			cl_fail(err, GPG_ERR_TOO_LARGE, "the name has more than %d attributes", X509_MAX_RDN);
			goto leave;
		}
		r = xreallocarray(r, n + 1, sizeof *r);
		r[n].attr = which;
		r[n++].value = value;
		if (!*p)
			break;
		p++;	/* the comma */
		while (*p == ' ')
			p++;
		if (!*p) {
			cl_fail(err, GPG_ERR_INV_VALUE, "the name ends with a comma: '%.80s'", dn);
			goto leave;
		}
	}
	*out = r;
	*nout = n;
	r = NULL;
	n = 0;
	rc = 0;
leave:
	rdns_free(r, n);
	return rc;
}

int
x509_dn_parse(char **canon, char **subj, const char *dn, struct cl_error *err)
{
	struct rdn *r;
	size_t n;
	char *c, *s, *pc, *ps;

	if (canon)
		*canon = NULL;
	if (subj)
		*subj = NULL;
	if (dn_split(&r, &n, dn, err))
		return -1;
	/* at worst every character escaped */
	pc = c = xmalloc(strlen(dn) * 2 + 16 * n + 1);
	ps = s = xmalloc(strlen(dn) * 2 + 16 * n + 1);
	for (size_t i = 0; i < n; i++) {
		const char *v = r[i].value;

		pc += sprintf(pc, "%s%s=", i ? "," : "", dn_attrs[r[i].attr].attr);
		for (size_t j = 0; v[j]; j++) {
			if (strchr(",+\"\\<>;=", v[j]) || (j == 0 && (v[j] == '#' || v[j] == ' ')))
				*pc++ = '\\';
			*pc++ = v[j];
		}
	}
	*pc = '\0';
	/* openssl -subj: the other way round, '/' separated, '\' escapes */
	for (size_t i = n; i-- > 0;) {
		const char *v = r[i].value;

		ps += sprintf(ps, "/%s=", dn_attrs[r[i].attr].attr);
		for (size_t j = 0; v[j]; j++) {
			if (strchr("/+\\", v[j]))
				*ps++ = '\\';
			*ps++ = v[j];
		}
	}
	*ps = '\0';
	rdns_free(r, n);
	if (canon)
		*canon = c;
	else
		free(c);
	if (subj)
		*subj = s;
	else
		free(s);
	return 0;
}

char *
x509_dn_common_name(const char *dn)
{
	struct rdn *r;
	size_t n;
	char *cn = NULL;

	if (dn_split(&r, &n, dn, NULL))
		return NULL;
	for (size_t i = 0; i < n && !cn; i++)
		if (r[i].attr == 0)
			cn = xstrdup(r[i].value);
	rdns_free(r, n);
	return cn;
}

/* ---- subjectAltName entries ---- */

void
x509_san_clear(struct x509_san *s)
{
	free(s->text);
	memset(s, 0, sizeof *s);
}

static bool
dns_label_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

int
x509_san_parse(struct x509_san *out, const char *text, struct cl_error *err)
{
	const char *t = text;
	size_t len;
	bool want_ip = false, want_dns = false, digits_dots = true;

	memset(out, 0, sizeof *out);
	if (strncasecmp(t, "IP:", 3) == 0)
		want_ip = true, t += 3;
	else if (strncasecmp(t, "DNS:", 4) == 0)
		want_dns = true, t += 4;
	len = strlen(t);
	if (len == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "an empty name cannot go in the subjectAltName");
	if (len > 253)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "'%.40s...' is %zu characters long: a host name has at "
			       "most 253", t, len);
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)t[i]) && t[i] != '.')
			digits_dots = false;
	if (!want_dns && (strchr(t, ':') || want_ip || digits_dots)) {
		unsigned char a[16];

		if (inet_pton(AF_INET, t, a) == 1) {
			out->iplen = 4;
		} else if (inet_pton(AF_INET6, t, a) == 1) {
			out->iplen = 16;
		} else if (strchr(t, ':'))
			return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid IPv6 address (such as "
				       "\"::1\" or \"fe80::1\")", t);
		else if (digits_dots || want_ip)
			return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid IP address: an IPv4 "
				       "address is four numbers from 0 to 255, such as \"127.0.0.1\"", t);
		if (out->iplen) {
			char buf[INET6_ADDRSTRLEN];

			memcpy(out->ip, a, out->iplen);
			inet_ntop(out->iplen == 4 ? AF_INET : AF_INET6, a, buf, sizeof buf);
			out->kind = X509_SAN_IP;
			out->text = xstrdup(buf);
			return 0;
		}
	}
	/* a DNS name: labels of letters, digits and hyphens; "*." first */
	{
		const char *p = t;
		size_t label = 0;

		if (strncmp(p, "*.", 2) == 0)
			p += 2;
		if (!*p || *p == '.' || t[len - 1] == '.')
			return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid host name (a name has no "
				       "empty part between dots)", t);
		for (; *p; p++) {
			if (*p == '.') {
				if (label == 0)
					return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid host name "
						       "(a name has no empty part between dots)", t);
				if (p[-1] == '-')
					return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid host name "
						       "(a part may not end with '-')", t);
				label = 0;
				continue;
			}
			if (*p == '*')
				return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s': a wildcard '*' may only be the "
					       "whole first part, as in \"*.example.com\"", t);
			if (!dns_label_char((unsigned char)*p))
				return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid host name: '%c' "
					       "is not allowed (letters, digits, '-' and '.' are)", t,
					       isprint((unsigned char)*p) ? *p : '?');
			if (label == 0 && *p == '-')
				return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid host name (a "
					       "part may not start with '-')", t);
			if (++label > 63)
				return cl_fail(err, GPG_ERR_TOO_LARGE, "'%.60s' is not a valid host name (a part "
					       "between dots has at most 63 characters)", t);
		}
		if (t[len - 1] == '-')
			return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s' is not a valid host name (a part may "
				       "not end with '-')", t);
		if (strncmp(t, "*.", 2) == 0 && !strchr(t + 2, '.'))
			return cl_fail(err, GPG_ERR_INV_VALUE, "'%.60s': a wildcard needs at least two parts "
				       "after it (\"*.example.com\"); browsers refuse \"*.com\"", t);
	}
	out->kind = X509_SAN_DNS;
	out->text = xstrdup(t);
	for (char *q = out->text; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return 0;
}

/* ---- usages and validity ---- */

const char *
x509_usage_name(enum x509_usage u)
{
	return u == X509_USAGE_CA ? "ca" : u == X509_USAGE_CLIENT ? "client" : "server";
}

int
x509_usage_parse(enum x509_usage *out, const char *name, struct cl_error *err)
{
	if (strcmp(name, "server") == 0)
		*out = X509_USAGE_SERVER;
	else if (strcmp(name, "client") == 0)
		*out = X509_USAGE_CLIENT;
	else if (strcmp(name, "ca") == 0)
		*out = X509_USAGE_CA;
	else
		return cl_fail(err, GPG_ERR_INV_VALUE, "usage is \"server\" (a TLS server), \"client\" (a TLS "
			       "client) or \"ca\" (an intermediate CA), not \"%.40s\"", name);
	return 0;
}

int
x509_validity(int64_t *from, int64_t *until, int64_t now, long days, const int64_t *not_before,
	      struct cl_error *err)
{
	if (days == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "days=0 would make a certificate that is never valid: "
			       "give at least 1 (or a negative number for one that has already expired)");
	if (days > X509_MAX_DAYS || days < -X509_MAX_DAYS)
		return cl_fail(err, GPG_ERR_INV_VALUE, "days must be from 1 to %d (100 years), or negative "
			       "for an expired certificate, not '%ld'", X509_MAX_DAYS, days);
	if (not_before && (*not_before < 0 || *not_before > CLOCK_MAX_TIME - (int64_t)X509_MAX_DAYS * 86400))
		return cl_fail(err, GPG_ERR_INV_VALUE, "not_before must be a time from 1970 to the year 9899, "
			       "not '%" PRId64 "'", *not_before);
	if (days < 0) {
		if (not_before)
			return cl_fail(err, GPG_ERR_INV_VALUE, "give either not_before or negative days, not "
				       "both");
		*until = now + (int64_t)days * 86400;
		*from = *until - 86400;
		if (*from < 0)
			return cl_fail(err, GPG_ERR_INV_VALUE, "that would end before 1970");
		return 0;
	}
	*from = not_before ? *not_before : now;
	*until = *from + (int64_t)days * 86400;
	if (*until > CLOCK_MAX_TIME)
		return cl_fail(err, GPG_ERR_INV_VALUE, "that would end after the year 9999");
	return 0;
}

/* ---- DER, read ---- */

/* The element at P (N bytes): its class and tag, *HDR bytes of tag and
 * length, *LEN bytes of content. -1 when it does not parse, is of
 * indefinite length or overruns N. libtasn1 decodes. */
static int
der_elem(const unsigned char *p, size_t n, unsigned char *cls, unsigned long *tag, size_t *hdr, size_t *len)
{
	int taglen, lenlen;
	long l;

	if (n == 0 || n > X509_MAX_FILE)
		return -1;
	if (asn1_get_tag_der(p, (int)n, cls, &taglen, tag) != ASN1_SUCCESS || taglen <= 0 || (size_t)taglen >= n)
		return -1;
	l = asn1_get_length_der(p + taglen, (int)n - taglen, &lenlen);
	if (l < 0 || lenlen <= 0 || (size_t)taglen + (size_t)lenlen + (size_t)l > n)
		return -1;
	*hdr = (size_t)taglen + (size_t)lenlen;
	*len = (size_t)l;
	return 0;
}

/* The I-th child (from 0) of the constructed element at OFF, as an offset
 * into DER; -1 when there is none. */
static long
der_child(const unsigned char *der, size_t n, size_t off, unsigned i)
{
	unsigned char cls;
	unsigned long tag;
	size_t hdr, len, p, end;

	if (der_elem(der + off, n - off, &cls, &tag, &hdr, &len) || !(cls & ASN1_CLASS_STRUCTURED))
		return -1;
	p = off + hdr;
	end = p + len;
	for (unsigned k = 0; p < end; k++) {
		size_t h2, l2;

		if (der_elem(der + p, end - p, &cls, &tag, &h2, &l2))
			return -1;
		if (k == i)
			return (long)p;
		p += h2 + l2;
	}
	return -1;
}

/* ---- objects ---- */

struct x509_cert {
	unsigned refs;
	gnutls_x509_crt_t crt;
	unsigned char *der;
	size_t der_len;
	char *pem;
	size_t pem_len;
	gnutls_pubkey_t pub;		/* the subject key, for checking what it signed */
	size_t tbs_off, tbs_len;	/* the signed part */
	unsigned char *sig;		/* the signature over it */
	size_t sig_len;
	struct x509_info info;
};

struct x509_csr {
	unsigned refs;
	gnutls_x509_crq_t crq;
	unsigned char *der;
	size_t der_len;
	char *pem;
	size_t pem_len;
	struct x509_info info;
};

static void
info_clear(struct x509_info *in)
{
	free(in->subject);
	free(in->issuer);
	free(in->subject_der);
	free(in->issuer_der);
	for (size_t i = 0; i < in->nsan; i++)
		x509_san_clear(&in->san[i]);
	free(in->san);
	for (size_t i = 0; i < in->neku; i++)
		free(in->eku[i]);
	free(in->eku);
	free(in->ext);
	pkey_unref(in->key);
	memset(in, 0, sizeof *in);
}

struct x509_cert *
x509_cert_ref(struct x509_cert *c)
{
	c->refs++;
	return c;
}

void
x509_cert_unref(struct x509_cert *c)
{
	if (!c || --c->refs)
		return;
	gnutls_x509_crt_deinit(c->crt);
	if (c->pub)
		gnutls_pubkey_deinit(c->pub);
	free(c->der);
	free(c->pem);
	free(c->sig);
	info_clear(&c->info);
	free(c);
}

struct x509_csr *
x509_csr_ref(struct x509_csr *r)
{
	r->refs++;
	return r;
}

void
x509_csr_unref(struct x509_csr *r)
{
	if (!r || --r->refs)
		return;
	gnutls_x509_crq_deinit(r->crq);
	free(r->der);
	free(r->pem);
	info_clear(&r->info);
	free(r);
}

void
x509_certs_free(struct x509_cert **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x509_cert_unref(v[i]);
	free(v);
}

const struct x509_info *
x509_cert_info(const struct x509_cert *c)
{
	return &c->info;
}

const struct x509_info *
x509_csr_info(const struct x509_csr *r)
{
	return &r->info;
}

const unsigned char *
x509_cert_der(const struct x509_cert *c, size_t *n)
{
	*n = c->der_len;
	return c->der;
}

const char *
x509_cert_pem(const struct x509_cert *c, size_t *n)
{
	*n = c->pem_len;
	return c->pem;
}

const unsigned char *
x509_csr_der(const struct x509_csr *r, size_t *n)
{
	*n = r->der_len;
	return r->der;
}

const char *
x509_csr_pem(const struct x509_csr *r, size_t *n)
{
	*n = r->pem_len;
	return r->pem;
}

gnutls_x509_crt_t
x509_cert_gnutls(const struct x509_cert *c)
{
	return c->crt;
}

bool
x509_cert_same(const struct x509_cert *a, const struct x509_cert *b)
{
	return a == b || (a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0);
}

/* ---- parsing into x509_info ---- */

static void
san_add(struct x509_info *in, enum x509_san_kind kind, const unsigned char *p, size_t n, const char *prefix)
{
	struct x509_san *s;

	in->san = xreallocarray(in->san, in->nsan + 1, sizeof *in->san);
	s = &in->san[in->nsan++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	if (kind == X509_SAN_IP && (n == 4 || n == 16)) {
		char buf[INET6_ADDRSTRLEN];

		memcpy(s->ip, p, n);
		s->iplen = n;
		inet_ntop(n == 4 ? AF_INET : AF_INET6, p, buf, sizeof buf);
		s->text = xstrdup(buf);
	} else if (kind == X509_SAN_IP) {
		s->kind = X509_SAN_OTHER;
		s->text = xasprintf("IP address of %zu bytes", n);
	} else {
		char *t = clean_text(p, n);

		s->text = prefix ? xasprintf("%s%s", prefix, t) : xstrdup(t);
		free(t);
	}
}

/* One extension (OID, CRITICAL, its DER value) into IN. */
static void
ext_parse(struct x509_info *in, const char *oid, bool critical, const gnutls_datum_t *d)
{
	struct x509_ext *e;
	int rc = 0;

	in->ext = xreallocarray(in->ext, in->next + 1, sizeof *in->ext);
	e = &in->ext[in->next++];
	memset(e, 0, sizeof *e);
	snprintf(e->oid, sizeof e->oid, "%s", oid);
	e->critical = critical;
	e->known = true;
	if (strcmp(oid, OID_BC) == 0 && !in->bc_present) {
		unsigned ca = 0;
		int pathlen = -1;

		if ((rc = gnutls_x509_ext_import_basic_constraints(d, &ca, &pathlen)) >= 0) {
			in->bc_present = true;
			in->is_ca = ca != 0;
			in->pathlen = ca && pathlen >= 0 ? pathlen : -1;
		}
	} else if (strcmp(oid, OID_KU) == 0 && !in->ku_present) {
		unsigned ku = 0;

		if ((rc = gnutls_x509_ext_import_key_usage(d, &ku)) >= 0) {
			in->ku_present = true;
			in->ku = ku;
		}
	} else if (strcmp(oid, OID_EKU) == 0 && !in->eku_present) {
		gnutls_x509_key_purposes_t kp;

		if (gnutls_x509_key_purpose_init(&kp) < 0)
			xalloc_die();
		if ((rc = gnutls_x509_ext_import_key_purposes(d, kp, 0)) >= 0) {
			gnutls_datum_t o;

			in->eku_present = true;
			for (unsigned i = 0; gnutls_x509_key_purpose_get(kp, i, &o) >= 0; i++) {
				in->eku = xreallocarray(in->eku, in->neku + 1, sizeof *in->eku);
				in->eku[in->neku++] = clean_text(o.data, o.size);
			}
		}
		gnutls_x509_key_purpose_deinit(kp);
	} else if (strcmp(oid, OID_SAN) == 0 && !in->has_san) {
		gnutls_subject_alt_names_t sans;

		if (gnutls_subject_alt_names_init(&sans) < 0)
			xalloc_die();
		if ((rc = gnutls_x509_ext_import_subject_alt_names(d, sans, 0)) >= 0) {
			unsigned type;
			gnutls_datum_t v, other;

			in->has_san = true;
			for (unsigned i = 0; gnutls_subject_alt_names_get(sans, i, &type, &v, &other) >= 0; i++) {
				switch (type) {
				case GNUTLS_SAN_DNSNAME: san_add(in, X509_SAN_DNS, v.data, v.size, NULL); break;
				case GNUTLS_SAN_IPADDRESS: san_add(in, X509_SAN_IP, v.data, v.size, NULL); break;
				case GNUTLS_SAN_RFC822NAME: san_add(in, X509_SAN_OTHER, v.data, v.size, "email:"); break;
				case GNUTLS_SAN_URI: san_add(in, X509_SAN_OTHER, v.data, v.size, "URI:"); break;
				default: san_add(in, X509_SAN_OTHER, (const unsigned char *)"", 0, "other name"); break;
				}
			}
		}
		gnutls_subject_alt_names_deinit(sans);
	} else if (strcmp(oid, OID_SKI) == 0 && !in->ski_len) {
		gnutls_datum_t id;

		if ((rc = gnutls_x509_ext_import_subject_key_id(d, &id)) >= 0) {
			in->ski_len = id.size < sizeof in->ski ? id.size : sizeof in->ski;
			memcpy(in->ski, id.data, in->ski_len);
			gnutls_free(id.data);
		}
	} else if (strcmp(oid, OID_AKI) == 0 && !in->aki_len) {
		gnutls_x509_aki_t aki;
		gnutls_datum_t id;

		if (gnutls_x509_aki_init(&aki) < 0)
			xalloc_die();
		if ((rc = gnutls_x509_ext_import_authority_key_id(d, aki, 0)) >= 0
		    && gnutls_x509_aki_get_id(aki, &id) >= 0) {
			in->aki_len = id.size < sizeof in->aki ? id.size : sizeof in->aki;
			memcpy(in->aki, id.data, in->aki_len);
		}
		gnutls_x509_aki_deinit(aki);
	} else
		e->known = false;
	if (rc < 0)
		e->broken = true;
}

/* The subject key: our key when it is of a kind known here, and a text
 * saying what it is either way. */
static void
key_parse(struct x509_info *in, gnutls_pubkey_t pub)
{
	struct cl_error e;
	unsigned bits = 0;
	int algo = gnutls_pubkey_get_pk_algorithm(pub, &bits);

	in->key_bits = bits;
	if (pkey_from_gnutls_pubkey(&in->key, pub, &e) == 0) {
		snprintf(in->key_desc, sizeof in->key_desc, "%s", pkey_kind_title(pkey_kind(in->key)));
		in->key_bits = pkey_bits(in->key);
		return;
	}
	in->key = NULL;
	if (algo == GNUTLS_PK_ECDSA) {
		gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
		gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };
		const char *name;

		if (gnutls_pubkey_export_ecc_raw2(pub, &curve, &x, &y, 0) >= 0) {
			gnutls_free(x.data);
			gnutls_free(y.data);
		}
		name = gnutls_ecc_curve_get_name(curve);
		snprintf(in->key_desc, sizeof in->key_desc, "ECDSA %s (not supported here)", name ? name : "?");
	} else {
		const char *name = gnutls_pk_get_name((gnutls_pk_algorithm_t)algo);

		snprintf(in->key_desc, sizeof in->key_desc, "%s (not supported here)", name ? name : "unknown key");
	}
}

static void
sig_names(struct x509_info *in, int algo, const char *oid)
{
	const char *name = algo > 0 ? gnutls_sign_get_name((gnutls_sign_algorithm_t)algo) : NULL;
	char *o = clean_text(oid, strlen(oid));

	snprintf(in->sig_oid, sizeof in->sig_oid, "%s", o);
	snprintf(in->sig_algo, sizeof in->sig_algo, "%s", name ? name : o);
	free(o);
}

static void
sha256(unsigned char out[32], const void *p, size_t n)
{
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, p, n);
}

/* A datum GnuTLS allocated, copied into (*P, *N) and freed. */
static void
take_datum(unsigned char **p, size_t *n, gnutls_datum_t *d)
{
	*p = xmalloc(d->size ? d->size : 1);
	memcpy(*p, d->data, d->size);
	*n = d->size;
	gnutls_free(d->data);
	d->data = NULL;
}

/* The certificate in C->crt (imported from C->der) into C->info. */
static int
cert_parse(struct x509_cert *c, struct cl_error *err)
{
	struct x509_info *in = &c->info;
	gnutls_datum_t d = { NULL, 0 };
	char oid[128];
	size_t size;
	time_t t;
	int rc;

	in->pathlen = -1;
	in->version = gnutls_x509_crt_get_version(c->crt);
	if ((rc = gnutls_x509_crt_get_dn3(c->crt, &d, 0)) < 0 && rc != GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
		return gnutls_fail(err, rc, "reading the subject");
	in->subject = clean_text(d.data ? d.data : (unsigned char *)"", d.size);
	gnutls_free(d.data);
	d.data = NULL;
	d.size = 0;
	if ((rc = gnutls_x509_crt_get_issuer_dn3(c->crt, &d, 0)) < 0 && rc != GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
		return gnutls_fail(err, rc, "reading the issuer");
	in->issuer = clean_text(d.data ? d.data : (unsigned char *)"", d.size);
	gnutls_free(d.data);
	if ((rc = gnutls_x509_crt_get_raw_dn(c->crt, &d)) < 0)
		return gnutls_fail(err, rc, "reading the subject");
	take_datum(&in->subject_der, &in->subject_der_len, &d);
	if ((rc = gnutls_x509_crt_get_raw_issuer_dn(c->crt, &d)) < 0)
		return gnutls_fail(err, rc, "reading the issuer");
	take_datum(&in->issuer_der, &in->issuer_der_len, &d);
	in->self_issued = in->subject_der_len == in->issuer_der_len
			  && memcmp(in->subject_der, in->issuer_der, in->subject_der_len) == 0;
	size = sizeof in->serial;
	if ((rc = gnutls_x509_crt_get_serial(c->crt, in->serial, &size)) < 0)
		return cl_fail(err, GPG_ERR_INV_OBJ, "this certificate's serial number cannot be read (more than "
			       "%zu bytes?)", sizeof in->serial);
	in->serial_len = size;
	if ((t = gnutls_x509_crt_get_activation_time(c->crt)) == (time_t)-1
	    || (in->not_before = t, (t = gnutls_x509_crt_get_expiration_time(c->crt)) == (time_t)-1))
		return cl_fail(err, GPG_ERR_INV_TIME, "this certificate's validity dates cannot be read");
	in->not_after = t;
	for (unsigned i = 0;; i++) {
		unsigned critical = 0;

		size = sizeof oid;
		rc = gnutls_x509_crt_get_extension_info(c->crt, i, oid, &size, &critical);
		if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (rc < 0)
			return gnutls_fail(err, rc, "reading the extensions");
		if ((rc = gnutls_x509_crt_get_extension_data2(c->crt, i, &d)) < 0)
			return gnutls_fail(err, rc, "reading the extensions");
		ext_parse(in, oid, critical != 0, &d);
		gnutls_free(d.data);
		d.data = NULL;
	}
	size = sizeof oid;
	if (gnutls_x509_crt_get_signature_oid(c->crt, oid, &size) < 0)
		snprintf(oid, sizeof oid, "?");
	sig_names(in, gnutls_x509_crt_get_signature_algorithm(c->crt), oid);
	size = 0;
	if (gnutls_x509_crt_get_signature(c->crt, NULL, &size) == GNUTLS_E_SHORT_MEMORY_BUFFER && size) {
		c->sig = xmalloc(size);
		if (gnutls_x509_crt_get_signature(c->crt, (char *)c->sig, &size) < 0)
			size = 0;
	}
	in->sig_len = c->sig_len = size;
	if ((rc = gnutls_pubkey_init(&c->pub)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	if (gnutls_pubkey_import_x509(c->pub, c->crt, 0) < 0) {
		gnutls_pubkey_deinit(c->pub);
		c->pub = NULL;
		snprintf(in->key_desc, sizeof in->key_desc, "a key GnuTLS cannot read");
	} else
		key_parse(in, c->pub);
	sha256(in->fingerprint, c->der, c->der_len);
	return 0;
}

static int
pem_encode(char **pem, size_t *n, const char *label, const unsigned char *der, size_t len, struct cl_error *err)
{
	gnutls_datum_t in = { (unsigned char *)der, (unsigned)len }, out = { NULL, 0 };
	int rc;

	if ((rc = gnutls_pem_base64_encode2(label, &in, &out)) < 0)
		return gnutls_fail(err, rc, "writing PEM");
	*pem = xmalloc(out.size + 1);
	memcpy(*pem, out.data, out.size);
	(*pem)[out.size] = '\0';
	*n = out.size;
	gnutls_free(out.data);
	return 0;
}

/* The outer SEQUENCE of a WHAT's DER ("certificate", "certificate
 * request") in the N bytes at DER: its length, header included, into
 * *TOTAL. A failure is X509_NOT_MINE when the bytes are no DER at all.
 * Bytes after it are the caller's to judge once GnuTLS has read the
 * element: a signature that happens to start with 0x30 is bytes, not a
 * damaged certificate (trailing_refused). */
static int
der_outer(size_t *total, const unsigned char *der, size_t n, const char *what, struct cl_error *err)
{
	unsigned char cls;
	unsigned long tag;
	size_t hdr, len;

	if (n > X509_MAX_DER)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%zu bytes is too large for a %s here (at most %zu)", n,
			       what, X509_MAX_DER);
	if (der_elem(der, n, &cls, &tag, &hdr, &len) || tag != ASN1_TAG_SEQUENCE
	    || cls != (ASN1_CLASS_UNIVERSAL | ASN1_CLASS_STRUCTURED))
		return cl_fail(err, X509_NOT_MINE, "these bytes are not DER: they do not start with a "
			       "SEQUENCE of the length they have");
	/* what was signed, how, and the signature: a SEQUENCE with less (an
	 * ECDSA signature, "30 00") is no certificate nor request, even where
	 * GnuTLS's reader would take it */
	if (der_child(der, hdr + len, 0, 2) < 0)
		return cl_fail(err, X509_NOT_MINE, "these bytes are not a signed %s: their SEQUENCE does not "
			       "hold what was signed, the algorithm and the signature", what);
	*total = hdr + len;
	return 0;
}

/* A certificate or request (SHORT_NAME) GnuTLS read from the first USED of
 * N bytes: the bytes after it refused, unless TRAILING_OK. */
static int
trailing_refused(size_t used, size_t n, const char *short_name, bool trailing_ok, struct cl_error *err)
{
	if (used < n && !trailing_ok)
		return cl_fail(err, GPG_ERR_INV_OBJ, "%zu byte%s follow%s the %s's DER", n - used,
			       n - used == 1 ? "" : "s", n - used == 1 ? "s" : "", short_name);
	return 0;
}

/* A certificate from exactly its DER (N bytes, one element). A failure is
 * X509_NOT_MINE when the bytes are no certificate at all. */
static int
cert_from_der(struct x509_cert **out, const unsigned char *der, size_t all, bool trailing_ok, struct cl_error *err)
{
	struct x509_cert *c;
	gnutls_datum_t d;
	unsigned char cls;
	unsigned long tag;
	size_t hdr, len, n;
	int rc;

	*out = NULL;
	if (der_outer(&n, der, all, "certificate", err))
		return -1;
	c = xcalloc(1, sizeof *c);
	c->refs = 1;
	c->der = xmalloc(n);
	memcpy(c->der, der, n);
	c->der_len = n;
	d.data = c->der;
	d.size = (unsigned)n;
	if ((rc = gnutls_x509_crt_init(&c->crt)) < 0) {
		free(c->der);
		free(c);
		return gnutls_fail(err, rc, "GnuTLS");
	}
	if ((rc = gnutls_x509_crt_import(c->crt, &d, GNUTLS_X509_FMT_DER)) < 0) {
		x509_cert_unref(c);
		return cl_fail(err, X509_NOT_MINE, "this DER is not a certificate GnuTLS can read (%s)",
			       gnutls_strerror(rc));
	}
	if (trailing_refused(n, all, "certificate", trailing_ok, err)) {
		x509_cert_unref(c);
		return -1;
	}
	/* the signed part: the first element inside */
	{
		long t = der_child(der, n, 0, 0);

		if (t < 0 || der_elem(der + t, n - (size_t)t, &cls, &tag, &hdr, &len)) {
			x509_cert_unref(c);
			return cl_fail(err, GPG_ERR_INV_OBJ, "this certificate's DER is damaged");
		}
		c->tbs_off = (size_t)t;
		c->tbs_len = hdr + len;
	}
	if (cert_parse(c, err) || pem_encode(&c->pem, &c->pem_len, "CERTIFICATE", c->der, n, err)) {
		if (err && err->code == X509_NOT_MINE)
			err->code = GPG_ERR_INV_OBJ;
		x509_cert_unref(c);
		return -1;
	}
	*out = c;
	return 0;
}

/* The request in R->crq into R->info. */
static int
csr_parse(struct x509_csr *r, struct cl_error *err)
{
	struct x509_info *in = &r->info;
	gnutls_datum_t d = { NULL, 0 };
	gnutls_pubkey_t pub;
	char oid[128];
	size_t size;
	int rc;

	in->pathlen = -1;
	in->version = gnutls_x509_crq_get_version(r->crq);
	if ((rc = gnutls_x509_crq_get_dn3(r->crq, &d, 0)) < 0 && rc != GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
		return gnutls_fail(err, rc, "reading the subject");
	in->subject = clean_text(d.data ? d.data : (unsigned char *)"", d.size);
	gnutls_free(d.data);
	d.data = NULL;
	in->issuer = xstrdup("");
	for (unsigned i = 0;; i++) {
		unsigned critical = 0;

		size = sizeof oid;
		rc = gnutls_x509_crq_get_extension_info(r->crq, i, oid, &size, &critical);
		if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (rc < 0)
			return gnutls_fail(err, rc, "reading the requested extensions");
		if ((rc = gnutls_x509_crq_get_extension_data2(r->crq, i, &d)) < 0)
			return gnutls_fail(err, rc, "reading the requested extensions");
		ext_parse(in, oid, critical != 0, &d);
		gnutls_free(d.data);
		d.data = NULL;
	}
	in->ca_requested = in->bc_present && in->is_ca;
	size = sizeof oid;
	if (gnutls_x509_crq_get_signature_oid(r->crq, oid, &size) < 0)
		snprintf(oid, sizeof oid, "?");
	sig_names(in, gnutls_x509_crq_get_signature_algorithm(r->crq), oid);
	in->sig_ok = gnutls_x509_crq_verify(r->crq, 0) >= 0;
	if ((rc = gnutls_pubkey_init(&pub)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	if (gnutls_pubkey_import_x509_crq(pub, r->crq, 0) < 0)
		snprintf(in->key_desc, sizeof in->key_desc, "a key GnuTLS cannot read");
	else
		key_parse(in, pub);
	gnutls_pubkey_deinit(pub);
	sha256(in->fingerprint, r->der, r->der_len);
	return 0;
}

static int
csr_from_der(struct x509_csr **out, const unsigned char *der, size_t all, struct cl_error *err)
{
	struct x509_csr *r;
	gnutls_datum_t d;
	size_t n;
	int rc;

	*out = NULL;
	if (der_outer(&n, der, all, "certificate request", err))
		return -1;
	r = xcalloc(1, sizeof *r);
	r->refs = 1;
	r->der = xmalloc(n);
	memcpy(r->der, der, n);
	r->der_len = n;
	d.data = r->der;
	d.size = (unsigned)n;
	if ((rc = gnutls_x509_crq_init(&r->crq)) < 0) {
		free(r->der);
		free(r);
		return gnutls_fail(err, rc, "GnuTLS");
	}
	if ((rc = gnutls_x509_crq_import(r->crq, &d, GNUTLS_X509_FMT_DER)) < 0) {
		x509_csr_unref(r);
		return cl_fail(err, X509_NOT_MINE, "this DER is not a certificate request GnuTLS can read (%s)",
			       gnutls_strerror(rc));
	}
	if (trailing_refused(n, all, "request", false, err)) {
		x509_csr_unref(r);
		return -1;
	}
	if (csr_parse(r, err) || pem_encode(&r->pem, &r->pem_len, "CERTIFICATE REQUEST", r->der, n, err)) {
		if (err && err->code == X509_NOT_MINE)
			err->code = GPG_ERR_INV_OBJ;
		x509_csr_unref(r);
		return -1;
	}
	*out = r;
	return 0;
}

/* ---- reading files ---- */

enum pem_kind { PEM_CERT, PEM_TRUSTED, PEM_CSR, PEM_OTHER };

static enum pem_kind
pem_kind_of(const char *label)
{
	if (strcmp(label, "CERTIFICATE") == 0 || strcmp(label, "X509 CERTIFICATE") == 0)
		return PEM_CERT;
	if (strcmp(label, "TRUSTED CERTIFICATE") == 0)
		return PEM_TRUSTED;
	if (strcmp(label, "CERTIFICATE REQUEST") == 0 || strcmp(label, "NEW CERTIFICATE REQUEST") == 0)
		return PEM_CSR;
	return PEM_OTHER;
}

/* The next PEM block at or after *POS in DATA: its label, where it starts
 * and ends (after its END line). 0: none; 1: found; -1: cut short (no END
 * line, or a BEGIN line without its dashes), with ERR. */
static int
pem_next(const char *data, size_t n, size_t *pos, char *label, size_t size, size_t *start, size_t *end,
	 struct cl_error *err)
{
	const char *p = data + *pos, *stop = data + n, *b, *e, *fin;
	char want[96];
	size_t len;

	label[0] = '\0';
	if (*pos >= n || !(b = memmem(p, (size_t)(stop - p), "-----BEGIN ", 11)))
		return 0;
	*start = (size_t)(b - data);
	b += 11;
	e = memmem(b, (size_t)(stop - b), "-----", 5);
	len = e ? (size_t)(e - b) : 0;
	if (!e || len == 0 || len >= size || memchr(b, '\n', len)) {
		cl_fail(err, GPG_ERR_BAD_DATA, "a '-----BEGIN' line is damaged (it has no label or no closing "
			"dashes)");
		return -1;
	}
	memcpy(label, b, len);
	label[len] = '\0';
	snprintf(want, sizeof want, "-----END %s-----", label);
	if (!(fin = memmem(e, (size_t)(stop - e), want, strlen(want)))) {
		char *l = clean_text(label, len);

		cl_fail(err, GPG_ERR_BAD_DATA, "the PEM '%s' is cut short: its line '-----END %s-----' is "
			"missing", l, l);
		free(l);
		return -1;
	}
	*end = (size_t)(fin - data) + strlen(want);
	*pos = *end;
	return 1;
}

static int
pem_decode(unsigned char **der, size_t *n, const char *data, size_t start, size_t end, const char *label,
	   const char *what, struct cl_error *err)
{
	gnutls_datum_t in = { (unsigned char *)data + start, (unsigned)(end - start) }, out = { NULL, 0 };
	int rc;

	if ((rc = gnutls_pem_base64_decode2(label, &in, &out)) < 0 || out.size == 0) {
		gnutls_free(out.data);
		return cl_fail(err, GPG_ERR_BAD_DATA, "the PEM '%s' is damaged: its base64 does not decode to a "
			       "%s", label, what);
	}
	take_datum(der, n, &out);
	return 0;
}

int
x509_cert_import(struct x509_cert ***out, size_t *nout, const void *data, size_t n, struct cl_error *err)
{
	struct x509_cert **v = NULL, *c;
	size_t nv = 0, pos = 0, start, end;
	char label[64], other[64] = "";
	enum pem_kind k;
	int r;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return cl_fail(err, X509_NOT_MINE, "this is empty, not a certificate");
	if (n > X509_MAX_FILE)
		return cl_fail(err, X509_NOT_MINE, "%zu bytes is too large for a certificate file (at most %zu)",
			       n, X509_MAX_FILE);
	while ((r = pem_next(data, n, &pos, label, sizeof label, &start, &end, err)) == 1) {
		unsigned char *der;
		size_t dn;

		k = pem_kind_of(label);
		if (k == PEM_CSR || k == PEM_OTHER) {
			if (!other[0])
				snprintf(other, sizeof other, "%s", label);
			continue;
		}
		if (nv == X509_MAX_CERTS) {
			x509_certs_free(v, nv);
			return cl_fail(err, GPG_ERR_TOO_LARGE, "more than %d certificates in one file",
				       X509_MAX_CERTS);
		}
		if (pem_decode(&der, &dn, data, start, end, label, "certificate", err))
			goto fail;
		r = cert_from_der(&c, der, dn, k == PEM_TRUSTED, err);
		free(der);
		if (r) {
			if (err && err->code == X509_NOT_MINE)
				err->code = GPG_ERR_INV_OBJ;
			goto fail;
		}
		v = xreallocarray(v, nv + 1, sizeof *v);
		v[nv++] = c;
	}
	if (r < 0) {
		k = pem_kind_of(label);
		if (!nv && k != PEM_CERT && k != PEM_TRUSTED && err)
			err->code = X509_NOT_MINE;	/* a cut-short key is the key reader's to say */
		goto fail;
	}
	if (nv) {
		*out = v;
		*nout = nv;
		return 0;
	}
	if (other[0]) {
		char *l = clean_text(other, strlen(other));

		cl_fail(err, X509_NOT_MINE, "this is a PEM '%s', not a certificate", l);
		free(l);
		return -1;
	}
	if (pos > 0 || pkey_looks_like_text(data, n))
		return cl_fail(err, X509_NOT_MINE, "this text is not a certificate: it has no '-----BEGIN "
			       "CERTIFICATE-----' line");
	if (cert_from_der(&c, data, n, false, err))
		return -1;
	v = xmalloc(sizeof *v);
	v[0] = c;
	*out = v;
	*nout = 1;
	return 0;
fail:
	x509_certs_free(v, nv);
	return -1;
}

int
x509_cert_import1(struct x509_cert **out, const void *data, size_t n, struct cl_error *err)
{
	struct x509_cert **v;
	size_t nv;

	*out = NULL;
	if (x509_cert_import(&v, &nv, data, n, err))
		return -1;
	if (nv != 1) {
		x509_certs_free(v, nv);
		return cl_fail(err, GPG_ERR_INV_OBJ, "this holds %zu certificates, and one is wanted here "
			       "(load the file: it gives a list)", nv);
	}
	*out = v[0];
	free(v);
	return 0;
}

int
x509_csr_import(struct x509_csr **out, const void *data, size_t n, struct cl_error *err)
{
	size_t pos = 0, start, end;
	char label[64], other[64] = "";
	int r;

	*out = NULL;
	if (n == 0)
		return cl_fail(err, X509_NOT_MINE, "this is empty, not a certificate request");
	if (n > X509_MAX_FILE)
		return cl_fail(err, X509_NOT_MINE, "%zu bytes is too large for a certificate request (at most "
			       "%zu)", n, X509_MAX_FILE);
	while ((r = pem_next(data, n, &pos, label, sizeof label, &start, &end, err)) == 1) {
		unsigned char *der;
		size_t dn;

		if (pem_kind_of(label) != PEM_CSR) {
			if (!other[0])
				snprintf(other, sizeof other, "%s", label);
			continue;
		}
		if (pem_decode(&der, &dn, data, start, end, label, "request", err))
			return -1;
		r = csr_from_der(out, der, dn, err);
		free(der);
		if (r && err && err->code == X509_NOT_MINE)
			err->code = GPG_ERR_INV_OBJ;
		return r;
	}
	if (r < 0) {
		if (pem_kind_of(label) != PEM_CSR && err)
			err->code = X509_NOT_MINE;
		return -1;
	}
	if (other[0]) {
		char *l = clean_text(other, strlen(other));

		cl_fail(err, X509_NOT_MINE, "this is a PEM '%s', not a certificate request", l);
		free(l);
		return -1;
	}
	if (pos > 0 || pkey_looks_like_text(data, n))
		return cl_fail(err, X509_NOT_MINE, "this text is not a certificate request: it has no "
			       "'-----BEGIN CERTIFICATE REQUEST-----' line");
	return csr_from_der(out, data, n, err);
}

/* ---- making ---- */

/* The digest a key signs certificates with: SHA-256, or none for Ed25519
 * (which hashes inside: GnuTLS takes SHA-512 as its name). */
static gnutls_digest_algorithm_t
sign_digest(const struct pkey *k)
{
	return pkey_kind(k) == PKEY_ED25519 ? GNUTLS_DIG_SHA512 : GNUTLS_DIG_SHA256;
}

static int
need_private(const struct pkey *k, const char *what, struct cl_error *err)
{
	if (!pkey_is_private(k))
		return cl_fail(err, GPG_ERR_NO_SECKEY, "%s is a public key: signing needs the private key (the "
			       "one from keygen or load, not its .public)", what);
	return 0;
}

static int
set_subject_from(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, const char *subject, struct cl_error *err)
{
	char *canon;
	const char *at = NULL;
	int rc;

	if (x509_dn_parse(&canon, NULL, subject, err))
		return -1;
	rc = crt ? gnutls_x509_crt_set_dn(crt, canon, &at) : gnutls_x509_crq_set_dn(crq, canon, &at);
	free(canon);
	if (rc < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "GnuTLS does not take this name (%s)", gnutls_strerror(rc));
	return 0;
}

/* Version, a random serial, the validity, the public key and its key id. */
static int
crt_base(gnutls_x509_crt_t crt, gnutls_pubkey_t pub, int64_t not_before, int64_t not_after, struct cl_error *err)
{
	unsigned char serial[16], id[64];
	size_t idlen = sizeof id;
	int rc;

	random_bytes(serial, sizeof serial);
	serial[0] &= 0x7f;	/* a positive INTEGER of 16 bytes */
	if (!serial[0])
		serial[0] = 1;
	if ((rc = gnutls_x509_crt_set_version(crt, 3)) < 0
	    || (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0
	    || (rc = gnutls_x509_crt_set_activation_time(crt, (time_t)not_before)) < 0
	    || (rc = gnutls_x509_crt_set_expiration_time(crt, (time_t)not_after)) < 0
	    || (pub && (rc = gnutls_x509_crt_set_pubkey(crt, pub)) < 0))
		return gnutls_fail(err, rc, "making the certificate");
	/* RFC 5280 4.2.1.2's first method: SHA-1 of the public key bits, as
	 * OpenSSL's subjectKeyIdentifier=hash */
	if ((rc = gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA1, id, &idlen)) < 0
	    || (rc = gnutls_x509_crt_set_subject_key_id(crt, id, idlen)) < 0)
		return gnutls_fail(err, rc, "making the subject key identifier");
	return 0;
}

static int
crt_usage(gnutls_x509_crt_t crt, enum x509_usage usage, int pathlen, enum pkey_kind kind, struct cl_error *err)
{
	int rc;

	if (usage == X509_USAGE_CA) {
		if ((rc = gnutls_x509_crt_set_basic_constraints(crt, 1, pathlen)) < 0
		    || (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)) < 0)
			return gnutls_fail(err, rc, "making the extensions");
		return 0;
	}
	if ((rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0
	    || (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE
						    | (kind == PKEY_RSA ? GNUTLS_KEY_KEY_ENCIPHERMENT : 0))) < 0
	    || (rc = gnutls_x509_crt_set_key_purpose_oid(crt, usage == X509_USAGE_CLIENT ? X509_EKU_CLIENT
							 : X509_EKU_SERVER, 0)) < 0)
		return gnutls_fail(err, rc, "making the extensions");
	return 0;
}

static int
add_sans(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, const char *const *san, size_t nsan, struct cl_error *err)
{
	if (nsan > X509_MAX_SAN)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%zu names is too many for one certificate here (at most "
			       "%d)", nsan, X509_MAX_SAN);
	for (size_t i = 0; i < nsan; i++) {
		struct x509_san s;
		gnutls_x509_subject_alt_name_t type;
		const void *p;
		unsigned len;
		int rc;

		if (x509_san_parse(&s, san[i], err))
			return -1;
		for (size_t j = 0; j < i; j++) {
			struct x509_san t;

			if (x509_san_parse(&t, san[j], NULL) == 0) {
				bool same = t.kind == s.kind && strcmp(t.text, s.text) == 0;

				x509_san_clear(&t);
				if (same) {
					cl_fail(err, GPG_ERR_INV_VALUE, "'%s' is in the names twice", s.text);
					x509_san_clear(&s);
					return -1;
				}
			}
		}
		if (s.kind == X509_SAN_IP)
			type = GNUTLS_SAN_IPADDRESS, p = s.ip, len = (unsigned)s.iplen;
		else
			type = GNUTLS_SAN_DNSNAME, p = s.text, len = (unsigned)strlen(s.text);
		rc = crt ? gnutls_x509_crt_set_subject_alt_name(crt, type, p, len, GNUTLS_FSAN_APPEND)
			 : gnutls_x509_crq_set_subject_alt_name(crq, type, p, len, GNUTLS_FSAN_APPEND);
		x509_san_clear(&s);
		if (rc < 0)
			return gnutls_fail(err, rc, "adding the names");
	}
	return 0;
}

/* Sign CRT as ISSUER (NULL: itself) with KEY, and read the result back. */
static int
crt_finish(struct x509_cert **out, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer, struct pkey *key,
	   struct cl_error *err)
{
	gnutls_privkey_t pk;
	gnutls_datum_t der = { NULL, 0 };
	int rc;

	if (pkey_to_gnutls_privkey(&pk, key, err))
		return -1;
	/* REPRODUCIBLE: ECDSA with RFC 6979's nonce, so --seed repeats */
	rc = gnutls_x509_crt_privkey_sign(crt, issuer ? issuer : crt, pk, sign_digest(key),
					  GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE);
	gnutls_privkey_deinit(pk);
	if (rc < 0)
		return gnutls_fail(err, rc, "signing the certificate");
	if ((rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der)) < 0)
		return gnutls_fail(err, rc, "writing the certificate");
	rc = cert_from_der(out, der.data, der.size, false, err);
	gnutls_free(der.data);
	return rc;
}

int
x509_make_ca(struct x509_cert **out, struct pkey *key, const char *subject, int64_t not_before,
	     int64_t not_after, int pathlen, struct cl_error *err)
{
	gnutls_x509_crt_t crt;
	gnutls_pubkey_t pub = NULL;
	int rc = -1;

	*out = NULL;
	if (need_private(key, "the CA's key", err))
		return -1;
	if ((rc = gnutls_x509_crt_init(&crt)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	rc = -1;
	if (set_subject_from(crt, NULL, subject, err) || pkey_to_gnutls_pubkey(&pub, key, err)
	    || crt_base(crt, pub, not_before, not_after, err) || crt_usage(crt, X509_USAGE_CA, pathlen, 0, err))
		goto leave;
	rc = crt_finish(out, crt, NULL, key, err);
leave:
	if (pub)
		gnutls_pubkey_deinit(pub);
	gnutls_x509_crt_deinit(crt);
	return rc;
}

int
x509_make_selfsigned(struct x509_cert **out, struct pkey *key, const char *subject, const char *const *san,
		     size_t nsan, int64_t not_before, int64_t not_after, enum x509_usage usage,
		     struct cl_error *err)
{
	gnutls_x509_crt_t crt;
	gnutls_pubkey_t pub = NULL;
	int rc;

	*out = NULL;
	if (need_private(key, "the key", err))
		return -1;
	if ((rc = gnutls_x509_crt_init(&crt)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	rc = -1;
	if (set_subject_from(crt, NULL, subject, err) || add_sans(crt, NULL, san, nsan, err)
	    || pkey_to_gnutls_pubkey(&pub, key, err) || crt_base(crt, pub, not_before, not_after, err)
	    || crt_usage(crt, usage, -1, pkey_kind(key), err))
		goto leave;
	rc = crt_finish(out, crt, NULL, key, err);
leave:
	if (pub)
		gnutls_pubkey_deinit(pub);
	gnutls_x509_crt_deinit(crt);
	return rc;
}

int
x509_make_csr(struct x509_csr **out, struct pkey *key, const char *subject, const char *const *san, size_t nsan,
	      struct cl_error *err)
{
	gnutls_x509_crq_t crq;
	gnutls_pubkey_t pub = NULL;
	gnutls_privkey_t pk = NULL;
	gnutls_datum_t der = { NULL, 0 };
	int rc;

	*out = NULL;
	if (need_private(key, "the key", err))
		return -1;
	if ((rc = gnutls_x509_crq_init(&crq)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	rc = -1;
	if (set_subject_from(NULL, crq, subject, err) || add_sans(NULL, crq, san, nsan, err)
	    || pkey_to_gnutls_pubkey(&pub, key, err) || pkey_to_gnutls_privkey(&pk, key, err))
		goto leave;
	if ((rc = gnutls_x509_crq_set_version(crq, 1)) < 0 || (rc = gnutls_x509_crq_set_pubkey(crq, pub)) < 0
	    || (rc = gnutls_x509_crq_privkey_sign(crq, pk, sign_digest(key), GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE)) < 0
	    || (rc = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, &der)) < 0) {
		rc = gnutls_fail(err, rc, "making the request");
		goto leave;
	}
	rc = csr_from_der(out, der.data, der.size, err);
leave:
	gnutls_free(der.data);
	if (pk)
		gnutls_privkey_deinit(pk);
	if (pub)
		gnutls_pubkey_deinit(pub);
	gnutls_x509_crq_deinit(crq);
	return rc;
}

int
x509_sign(struct x509_cert **out, struct x509_sign_notes *notes, struct x509_cert *ca, struct pkey *ca_key,
	  struct x509_csr *csr, int64_t not_before, int64_t not_after, enum x509_usage usage, int pathlen,
	  struct cl_error *err)
{
	const struct x509_info *ci = &ca->info, *ri = &csr->info;
	struct x509_sign_notes dummy;
	gnutls_x509_crt_t crt;
	int rc;

	*out = NULL;
	if (!notes)
		notes = &dummy;
	memset(notes, 0, sizeof *notes);
	if (!ri->sig_ok)
		return cl_fail(err, GPG_ERR_BAD_SIGNATURE, "the request's signature does not verify: it was "
			       "changed after it was signed, or not signed by the key inside it, so nothing "
			       "proves that its sender holds that private key");
	if (!ri->key)
		return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "the request's key is %s: keys here are RSA, ECDSA "
			       "P-256 and Ed25519", ri->key_desc);
	if (need_private(ca_key, "the CA's key", err))
		return -1;
	if (!ci->key)
		return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "the CA certificate's key is %s", ci->key_desc);
	if (!pkey_same_public(ca_key, ci->key)) {
		char a[16], b[16];

		hex_colon(a, sizeof a, pkey_fingerprint(ca_key), 4);
		hex_colon(b, sizeof b, pkey_fingerprint(ci->key), 4);
		return cl_fail(err, GPG_ERR_WRONG_SECKEY, "this key does not belong to the CA certificate "
			       "'%s': its public key (fingerprint %s...) is not the one in the certificate "
			       "(%s...)", ci->subject, a, b);
	}
	if (usage != X509_USAGE_CA && pathlen >= 0)
		return cl_fail(err, GPG_ERR_INV_ARG, "pathlen limits the CAs below a CA: it goes with "
			       "usage=\"ca\"");
	notes->ca_refused = ri->ca_requested;
	for (size_t i = 0; i < ri->next; i++) {
		const char *oid = ri->ext[i].oid, *name = x509_oid_name(oid);
		size_t len = strlen(notes->ignored);

		if (strcmp(oid, OID_SAN) == 0 || strcmp(oid, OID_BC) == 0)
			continue;
		snprintf(notes->ignored + len, sizeof notes->ignored - len, "%s%s", len ? ", " : "",
			 name ? name : oid);
	}
	notes->issuer_not_ca = !ci->is_ca;
	notes->issuer_no_certsign = ci->ku_present && !(ci->ku & GNUTLS_KEY_KEY_CERT_SIGN);
	notes->outlives_issuer = not_after > ci->not_after + 86400;	/* a day more: worth saying */
	if ((rc = gnutls_x509_crt_init(&crt)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	/* the subject and the public key only: the request's extensions are
	 * not copied (gnutls_x509_crt_set_crq_extensions would copy a
	 * requested CA:TRUE) but for its subjectAltName */
	if ((rc = gnutls_x509_crt_set_crq(crt, csr->crq)) < 0
	    || (ri->has_san && (rc = gnutls_x509_crt_set_crq_extension_by_oid(crt, csr->crq, OID_SAN, 0)) < 0)) {
		rc = gnutls_fail(err, rc, "copying the request");
		goto leave;
	}
	rc = -1;
	if (crt_base(crt, NULL, not_before, not_after, err)
	    || crt_usage(crt, usage, pathlen, pkey_kind(ri->key), err))
		goto leave;
	{
		unsigned char id[64];
		size_t idlen = sizeof id;

		if (ci->ski_len) {
			memcpy(id, ci->ski, ci->ski_len);
			idlen = ci->ski_len;
		} else if (gnutls_x509_crt_get_key_id(ca->crt, GNUTLS_KEYID_USE_SHA1, id, &idlen) < 0)
			idlen = 0;
		if (idlen && (rc = gnutls_x509_crt_set_authority_key_id(crt, id, idlen)) < 0) {
			rc = gnutls_fail(err, rc, "making the authority key identifier");
			goto leave;
		}
	}
	rc = crt_finish(out, crt, ca->crt, ca_key, err);
leave:
	gnutls_x509_crt_deinit(crt);
	return rc;
}

/* ---- tampering ---- */

/* Flip one bit in a copy of DER: the signature's last byte (the last
 * element's content) or the last byte of the subject's last attribute
 * value. CERT: a certificate (whose subject comes after the version,
 * serial, algorithm, issuer and validity), else a request (after the
 * version). */
static unsigned char *
tampered(const unsigned char *der, size_t n, bool subject, bool cert, struct cl_error *err)
{
	unsigned char *t = xmalloc(n), cls;
	unsigned long tag;
	size_t hdr, len;
	long at, first;

	memcpy(t, der, n);
	if (!subject) {
		t[n - 1] ^= 0x01;
		return t;
	}
	/* Certificate > tbs > subject > last RDN SET > SEQUENCE > value */
	at = der_child(der, n, 0, 0);
	first = at >= 0 ? der_child(der, n, (size_t)at, 0) : -1;
	if (first >= 0)
		at = der_child(der, n, (size_t)at, !cert ? 1 : der[first] == 0xa0 ? 5 : 4);
	else
		at = -1;
	if (at >= 0) {
		long last = -1, r;

		for (unsigned i = 0; (r = der_child(der, n, (size_t)at, i)) >= 0; i++)
			last = r;
		at = last >= 0 ? der_child(der, n, (size_t)last, 0) : -1;
	}
	if (at >= 0)
		at = der_child(der, n, (size_t)at, 1);
	if (at < 0 || der_elem(der + at, n - (size_t)at, &cls, &tag, &hdr, &len) || len == 0) {
		free(t);
		cl_fail(err, GPG_ERR_INV_OBJ, "this one has no name to change");
		return NULL;
	}
	t[(size_t)at + hdr + len - 1] ^= 0x01;
	return t;
}

int
x509_cert_tamper(struct x509_cert **out, const struct x509_cert *c, bool subject, struct cl_error *err)
{
	unsigned char *t;
	int rc;

	*out = NULL;
	if (!(t = tampered(c->der, c->der_len, subject, true, err)))
		return -1;
	rc = cert_from_der(out, t, c->der_len, false, err);
	free(t);
	return rc;
}

int
x509_csr_tamper(struct x509_csr **out, const struct x509_csr *r, bool subject, struct cl_error *err)
{
	unsigned char *t;
	int rc;

	*out = NULL;
	if (!(t = tampered(r->der, r->der_len, subject, false, err)))
		return -1;
	rc = csr_from_der(out, t, r->der_len, err);
	free(t);
	return rc;
}

/* ---- verifying, in OpenSSL's order ---- */

const char *
x509_status_text(enum x509_status status)
{
	switch (status) {
	case X509_OK: return "ok";
	case X509_UNABLE_TO_GET_ISSUER_CERT: return "unable to get issuer certificate";
	case X509_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: return "unable to decode issuer public key";
	case X509_CERT_SIGNATURE_FAILURE: return "certificate signature failure";
	case X509_CERT_NOT_YET_VALID: return "certificate is not yet valid";
	case X509_CERT_HAS_EXPIRED: return "certificate has expired";
	case X509_DEPTH_ZERO_SELF_SIGNED_CERT: return "self-signed certificate";
	case X509_SELF_SIGNED_CERT_IN_CHAIN: return "self-signed certificate in certificate chain";
	case X509_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: return "unable to get local issuer certificate";
	case X509_CERT_CHAIN_TOO_LONG: return "certificate chain too long";
	case X509_INVALID_CA: return "invalid CA certificate";
	case X509_PATH_LENGTH_EXCEEDED: return "path length constraint exceeded";
	case X509_INVALID_PURPOSE: return "unsuitable certificate purpose";
	case X509_UNHANDLED_CRITICAL_EXTENSION: return "unhandled critical extension";
	case X509_HOSTNAME_MISMATCH: return "hostname mismatch";
	case X509_IP_ADDRESS_MISMATCH: return "IP address mismatch";
	}
	return "unknown error";
}

void
x509_verdict_clear(struct x509_verdict *v)
{
	for (size_t i = 0; i < v->nchain; i++)
		x509_cert_unref(v->chain[i]);
	memset(v, 0, sizeof *v);
}

/* Could ISS have issued SUB (OpenSSL's ossl_x509_likely_issued): the
 * names match, the authority key id (when both ids are there) too, and
 * SUB's signature algorithm is for ISS's kind of key. */
static bool
issued_by(const struct x509_cert *sub, const struct x509_cert *iss)
{
	const struct x509_info *s = &sub->info, *i = &iss->info;
	int algo = gnutls_x509_crt_get_signature_algorithm(sub->crt);

	if (s->issuer_der_len != i->subject_der_len || memcmp(s->issuer_der, i->subject_der, s->issuer_der_len))
		return false;
	if (s->aki_len && i->ski_len && (s->aki_len != i->ski_len || memcmp(s->aki, i->ski, s->aki_len)))
		return false;
	if (algo > 0 && iss->pub) {
		int want = gnutls_sign_get_pk_algorithm((gnutls_sign_algorithm_t)algo);
		int have = gnutls_pubkey_get_pk_algorithm(iss->pub, NULL);

		if (want == GNUTLS_PK_RSA_PSS)
			want = GNUTLS_PK_RSA;
		if (have == GNUTLS_PK_RSA_PSS)
			have = GNUTLS_PK_RSA;
		if (want > 0 && have > 0 && want != have)
			return false;
	}
	return true;
}

static bool
self_signed(const struct x509_cert *c)
{
	return c->info.self_issued && issued_by(c, c);
}

/* OpenSSL's check_ca: 0 not a CA; 1 by its basicConstraints; 3 a version 1
 * root; 4 its keyUsage allows signing certificates. */
static int
check_ca(const struct x509_cert *c)
{
	const struct x509_info *in = &c->info;

	if (in->ku_present && !(in->ku & GNUTLS_KEY_KEY_CERT_SIGN))
		return 0;
	if (in->bc_present)
		return in->is_ca ? 1 : 0;
	if (in->version == 1 && self_signed(c))
		return 3;
	if (in->ku_present)
		return 4;
	return 0;
}

static bool
eku_has(const struct x509_info *in, const char *oid)
{
	for (size_t i = 0; i < in->neku; i++)
		if (strcmp(in->eku[i], oid) == 0)
			return true;
	return false;
}

/* Extensions OpenSSL knows (X509_supported_extension); a critical one
 * not in this list makes a certificate unusable. */
static bool
ext_supported(const char *oid)
{
	static const char *const ok[] = {
		"2.16.840.1.113730.1.1", OID_KU, OID_SAN, OID_BC, "2.5.29.32", OID_EKU, "2.5.29.36",
		"2.5.29.30", "2.5.29.33", "2.5.29.54", "1.3.6.1.5.5.7.1.24", "1.3.6.1.5.5.7.1.7",
		"1.3.6.1.5.5.7.1.8", "1.3.6.1.5.5.7.1.14",
	};

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(oid, ok[i]) == 0)
			return true;
	return false;
}

void
x509_span(char *buf, size_t size, int64_t s)
{
	if (s < 0)
		s = -s;
	if (s >= 86400)
		snprintf(buf, size, "%" PRId64 " day%s", s / 86400, s / 86400 == 1 ? "" : "s");
	else if (s >= 3600)
		snprintf(buf, size, "%" PRId64 " hour%s", s / 3600, s / 3600 == 1 ? "" : "s");
	else if (s >= 60)
		snprintf(buf, size, "%" PRId64 " minute%s", s / 60, s / 60 == 1 ? "" : "s");
	else
		snprintf(buf, size, "%" PRId64 " second%s", s, s == 1 ? "" : "s");
}

static int
fail_at(struct x509_verdict *v, enum x509_status st, size_t depth, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail_at(struct x509_verdict *v, enum x509_status st, size_t depth, const char *fmt, ...)
{
	va_list ap;

	v->status = st;
	v->depth = (int)depth;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof v->detail, fmt, ap);
	va_end(ap);
	return 1;
}

/* "'CN=localhost'" for messages: the subject, or "(no name)" */
static const char *
who(const struct x509_cert *c)
{
	return c->info.subject[0] ? c->info.subject : "(a certificate with no name)";
}

static struct x509_cert *
find_issuer(const struct x509_cert *c, struct x509_cert *const *set, size_t n, struct x509_verdict *v)
{
	for (size_t i = 0; i < n; i++) {
		bool used = false;

		if (!set[i] || !issued_by(c, set[i]))
			continue;
		for (size_t j = 0; j < v->nchain; j++)
			if (x509_cert_same(v->chain[j], set[i]) && !x509_cert_same(set[i], c))
				used = true;
		if (!used)
			return set[i];
	}
	return NULL;
}

static bool
in_set(const struct x509_cert *c, struct x509_cert *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] && x509_cert_same(c, set[i]))
			return true;
	return false;
}

/* Build the chain (OpenSSL's build_chain, trusted certificates first). 1
 * when it fails, with the verdict. */
static int
build_chain(struct x509_verdict *v, struct x509_cert *const *trusted, size_t ntrusted,
	    struct x509_cert *const *untrusted, size_t nuntrusted)
{
	for (;;) {
		struct x509_cert *cur = v->chain[v->nchain - 1], *t;
		size_t d = v->nchain - 1;

		if (v->anchored) {
			/* a trusted certificate that is no root: its issuer must be trusted too */
			if (self_signed(cur))
				return 0;
			if (!(t = find_issuer(cur, trusted, ntrusted, v)) || x509_cert_same(t, cur))
				return fail_at(v, X509_UNABLE_TO_GET_ISSUER_CERT, d, "%s is trusted, but it is no "
					       "root: it was issued by '%s', which is not trusted (give that one "
					       "as ca=)", who(cur), cur->info.issuer);
		} else if ((t = find_issuer(cur, trusted, ntrusted, v))) {
			if (x509_cert_same(t, cur)) {	/* it is itself trusted */
				v->anchored = true;
				return 0;
			}
			v->anchored = true;
		} else if (in_set(cur, trusted, ntrusted)) {
			v->anchored = true;	/* trusted as it is (not a root) */
			continue;
		} else if (self_signed(cur)) {
			if (d == 0)
				return fail_at(v, X509_DEPTH_ZERO_SELF_SIGNED_CERT, 0, "'%s' signed itself, and it is "
					       "not a certificate you trust: anyone can make a certificate that "
					       "signs itself, so it proves nothing (trust it by giving it as ca=)",
					       who(cur));
			return fail_at(v, X509_SELF_SIGNED_CERT_IN_CHAIN, d, "the chain ends at '%s', a root that "
				       "signed itself but is not one you trust (it came in chain=, and a root "
				       "must be given as ca= to be trusted)", who(cur));
		} else if (!(t = find_issuer(cur, untrusted, nuntrusted, v))) {
			return fail_at(v, X509_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, d, "'%s' was issued by '%s', "
				       "and no certificate you trust is that issuer%s", who(cur),
				       cur->info.issuer[0] ? cur->info.issuer : "(no name)",
				       ntrusted ? ": a CA you do not trust signed it, or an intermediate is "
				       "missing from chain=" : " (no ca= was given)");
		}
		if (v->nchain == X509_MAX_CHAIN)
			return fail_at(v, X509_CERT_CHAIN_TOO_LONG, d, "the chain is longer than %d certificates",
				       X509_MAX_CHAIN);
		v->chain[v->nchain++] = x509_cert_ref(t);
	}
}

static int
check_purpose(struct x509_verdict *v, const struct x509_cert *c, size_t depth, enum x509_purpose purpose)
{
	const struct x509_info *in = &c->info;
	bool server = purpose == X509_PURPOSE_SERVER;
	const char *role = server ? "a TLS server" : "a TLS client";
	const char *want = server ? X509_EKU_SERVER : X509_EKU_CLIENT;

	if (purpose == X509_PURPOSE_ANY)
		return 0;
	if (in->eku_present && !eku_has(in, want))
		return fail_at(v, X509_INVALID_PURPOSE, depth, "'%s' is not for %s: its extendedKeyUsage "
			       "does not include %s%s", who(c), role, server ? "serverAuth" : "clientAuth",
			       depth ? " (a CA that limits its usages limits the certificates below it)"
			       : in->eku_present && eku_has(in, server ? X509_EKU_CLIENT : X509_EKU_SERVER)
			       ? server ? " (it was made with usage=\"client\")" : " (it was made with usage=\"server\")"
			       : "");
	if (depth)
		return 0;
	if (in->ku_present && !(in->ku & (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_AGREEMENT
					  | (server ? GNUTLS_KEY_KEY_ENCIPHERMENT : 0))))
		return fail_at(v, X509_INVALID_PURPOSE, depth, "'%s' is not for %s: its keyUsage does not "
			       "allow signing%s (it is %s)", who(c), role, server ? " or key exchange" : "",
			       in->is_ca ? "a CA certificate, made to sign certificates" : "limited to other uses");
	return 0;
}

/* OpenSSL's check_chain_extensions. */
static int
check_extensions(struct x509_verdict *v, enum x509_purpose purpose)
{
	int plen = 0;

	for (size_t i = 0; i < v->nchain; i++) {
		const struct x509_cert *x = v->chain[i];
		const struct x509_info *in = &x->info;

		for (size_t e = 0; e < in->next; e++)
			if (in->ext[e].critical && (!ext_supported(in->ext[e].oid) || in->ext[e].broken)) {
				const char *name = x509_oid_name(in->ext[e].oid);

				return fail_at(v, X509_UNHANDLED_CRITICAL_EXTENSION, i, "'%s' has an extension "
					       "marked critical that %s (%s): a verifier must refuse a "
					       "certificate with a critical extension it does not understand",
					       who(x), in->ext[e].broken ? "does not parse" : "is not understood",
					       name ? name : in->ext[e].oid);
			}
		if (i > 0) {
			int ca = check_ca(x);

			if (ca == 0 || (i + 1 < v->nchain && ca != 1)) {
				bool no_sign = in->ku_present && !(in->ku & GNUTLS_KEY_KEY_CERT_SIGN);
				const char *why = in->bc_present && !in->is_ca
					? no_sign ? "its basicConstraints say CA:FALSE, and its keyUsage does not "
						    "include keyCertSign"
						  : "its basicConstraints say CA:FALSE"
					: no_sign ? "its keyUsage does not include keyCertSign"
					: in->bc_present ? "it may be a CA, but not in the middle of a chain"
					: "it has no basicConstraints saying CA:TRUE";

				return fail_at(v, X509_INVALID_CA, i, "'%s' signed '%s', but it is not a CA: %s. "
					       "Only a CA certificate may vouch for others, or any website could "
					       "issue certificates for any other", who(x), who(v->chain[i - 1]), why);
			}
		}
		if (check_purpose(v, x, i, purpose))
			return 1;
		if (i > 1 && in->pathlen >= 0 && plen > in->pathlen) {
			char allows[64];

			if (in->pathlen == 0)
				snprintf(allows, sizeof allows, "no CA below it");
			else
				snprintf(allows, sizeof allows, "at most %d CA%s below it", in->pathlen,
					 in->pathlen == 1 ? "" : "s");
			return fail_at(v, X509_PATH_LENGTH_EXCEEDED, i, "'%s' has pathlen:%d: it allows %s, and "
				       "the chain has %d intermediate CA%s under it", who(x), in->pathlen, allows, plen,
				       plen == 1 ? "" : "s");
		}
		if (i > 0 && !in->self_issued)
			plen++;
	}
	return 0;
}

/* Does the DNS name PATTERN from a certificate match HOST (both lower
 * case)? A wildcard stands for exactly one whole first label. */
static bool
dns_match(const char *pattern, const char *host)
{
	if (strncmp(pattern, "*.", 2) == 0) {
		const char *dot = strchr(host, '.');

		if (!dot || dot == host || !strchr(pattern + 2, '.'))
			return false;
		return strcasecmp(dot + 1, pattern + 2) == 0;
	}
	return strcasecmp(pattern, host) == 0;
}

/* OpenSSL's check_id: X509_check_host, or X509_check_ip for an address. */
static int
check_host(struct x509_verdict *v, const struct x509_cert *c, const char *host, const struct x509_san *want)
{
	const struct x509_info *in = &c->info;
	char names[300] = "";
	bool have_dns = false;

	for (size_t i = 0; i < in->nsan; i++) {
		const struct x509_san *s = &in->san[i];
		size_t len = strlen(names);

		if (s->kind != X509_SAN_OTHER)
			snprintf(names + len, sizeof names - len, "%s%s:%s", len ? ", " : "",
				 s->kind == X509_SAN_DNS ? "DNS" : "IP", s->text);
		if (want->kind == X509_SAN_IP && s->kind == X509_SAN_IP && s->iplen == want->iplen
		    && memcmp(s->ip, want->ip, s->iplen) == 0) {
			snprintf(v->matched, sizeof v->matched, "IP:%s", s->text);
			return 0;
		}
		if (want->kind == X509_SAN_DNS && s->kind == X509_SAN_DNS) {
			have_dns = true;
			if (dns_match(s->text, want->text)) {
				snprintf(v->matched, sizeof v->matched, "DNS:%s", s->text);
				return 0;
			}
		}
	}
	if (want->kind == X509_SAN_IP)
		return fail_at(v, X509_IP_ADDRESS_MISMATCH, 0, "the certificate is for %s, not for the address "
			       "'%s' (an address must be in the subjectAltName as IP:%s)", names[0] ? names
			       : "no IP address", host, want->text);
	if (!have_dns) {
		/* no DNS name in a subjectAltName: OpenSSL looks at the CNs */
		char cn[256];

		for (unsigned k = 0;; k++) {
			size_t size = sizeof cn - 1;
			char *clean;
			bool hit;

			if (gnutls_x509_crt_get_dn_by_oid(c->crt, GNUTLS_OID_X520_COMMON_NAME, k, 0, cn, &size) < 0)
				break;
			cn[size] = '\0';
			clean = clean_text(cn, strlen(cn));
			hit = dns_match(clean, want->text);
			if (hit) {
				snprintf(v->matched, sizeof v->matched, "CN=%s", clean);
				v->cn_only = true;
			}
			free(clean);
			if (hit)
				return 0;
		}
	}
	return fail_at(v, X509_HOSTNAME_MISMATCH, 0, "the certificate is for %s, not for '%s'%s", names[0] ? names
		       : have_dns ? "other names" : "no host name at all (it has no subjectAltName)", host,
		       !in->has_san ? ": and browsers look only at the subjectAltName, never at the CN" : "");
}

static int
check_signature(struct x509_verdict *v, const struct x509_cert *xs, const struct x509_cert *xi, size_t depth)
{
	gnutls_datum_t tbs = { xs->der + xs->tbs_off, (unsigned)xs->tbs_len };
	gnutls_datum_t sig = { xs->sig, (unsigned)xs->sig_len };
	int algo = gnutls_x509_crt_get_signature_algorithm(xs->crt);

	if (!xi->pub)
		return fail_at(v, X509_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, depth + 1, "the public key of '%s' "
			       "cannot be read here (%s)", who(xi), xi->info.key_desc);
	if (algo <= 0 || algo == GNUTLS_SIGN_UNKNOWN)
		return fail_at(v, X509_CERT_SIGNATURE_FAILURE, depth, "'%s' is signed with an algorithm not "
			       "known here (%s)", who(xs), xs->info.sig_oid);
	if (gnutls_pubkey_verify_data2(xi->pub, (gnutls_sign_algorithm_t)algo, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
				       &tbs, &sig) < 0)
		return fail_at(v, X509_CERT_SIGNATURE_FAILURE, depth, "the signature on '%s' does not match its "
			       "contents under the key of '%s': the certificate was changed after it was "
			       "signed, or another key signed it", who(xs), who(xi));
	return 0;
}

static int
check_time(struct x509_verdict *v, const struct x509_cert *c, size_t depth)
{
	char when[64], at[64], gap[32];

	if (c->info.not_before > v->at) {
		clock_format(when, sizeof when, (uint64_t)c->info.not_before);
		clock_format(at, sizeof at, (uint64_t)v->at);
		x509_span(gap, sizeof gap, c->info.not_before - v->at);
		return fail_at(v, X509_CERT_NOT_YET_VALID, depth, "'%s' is valid from %s, %s after the time "
			       "checked (%s)", who(c), when, gap, at);
	}
	if (c->info.not_after <= v->at) {
		clock_format(when, sizeof when, (uint64_t)c->info.not_after);
		clock_format(at, sizeof at, (uint64_t)v->at);
		x509_span(gap, sizeof gap, v->at - c->info.not_after);
		return fail_at(v, X509_CERT_HAS_EXPIRED, depth, "'%s' was valid until %s; it is %s, %s later",
			       who(c), when, at, v->at == c->info.not_after ? "0 seconds" : gap);
	}
	return 0;
}

int
x509_verify(struct x509_verdict *v, struct x509_cert *c, struct x509_cert *const *trusted, size_t ntrusted,
	    struct x509_cert *const *untrusted, size_t nuntrusted, const char *host, enum x509_purpose purpose,
	    int64_t at, struct cl_error *err)
{
	struct x509_san want = { 0 };

	memset(v, 0, sizeof *v);
	if (ntrusted > X509_MAX_CHAIN || nuntrusted > X509_MAX_CHAIN)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "at most %d certificates in ca= and in chain=",
			       X509_MAX_CHAIN);
	if (host) {
		if (strncmp(host, "*.", 2) == 0 || strchr(host, '/'))
			return cl_fail(err, GPG_ERR_INV_VALUE, "host is the name typed in the address bar, such as "
				       "\"localhost\" or \"127.0.0.1\", not '%.60s'", host);
		if (x509_san_parse(&want, host, err))
			return -1;
	}
	v->at = at;
	v->chain[v->nchain++] = x509_cert_ref(c);
	if (build_chain(v, trusted, ntrusted, untrusted, nuntrusted) || check_extensions(v, purpose)
	    || (host && check_host(v, c, host, &want)))
		goto done;
	/* internal_verify: from the root down, each signature then each
	 * validity; a root's own signature is not checked (it adds nothing) */
	for (size_t n = v->nchain; n-- > 0;) {
		const struct x509_cert *xs = v->chain[n];

		if (n + 1 < v->nchain && check_signature(v, xs, v->chain[n + 1], n))
			goto done;
		if (check_time(v, xs, n))
			goto done;
	}
	v->status = X509_OK;
	v->depth = 0;
done:
	x509_san_clear(&want);
	return 0;
}

/* ---- the DER, for display ---- */

enum der_ctx {
	D_NONE, D_CERT, D_TBS, D_VERSION, D_VALIDITY, D_NAME, D_SPKI, D_ALGO, D_EXTS_WRAP, D_EXTS, D_EXT,
	D_CSR, D_CRI, D_ATTRS, D_ATTR, D_ATTR_SET,
};

struct walk {
	struct x509_der_node *v;
	size_t n, max;
	bool more;
	const unsigned char *der;
};

/* The label of child I (with tag TAG) of an element in context CTX, and
 * the context of that child. VERSION_FIRST: the tbsCertificate starts with
 * its version. */
static const char *
der_label(enum der_ctx ctx, unsigned i, unsigned char cls, unsigned long tag, bool version_first,
	  enum der_ctx *child)
{
	bool ctxt = (cls & 0xc0) == ASN1_CLASS_CONTEXT_SPECIFIC;

	*child = D_NONE;
	switch (ctx) {
	case D_CERT:
		switch (i) {
		case 0: *child = D_TBS; return "tbsCertificate: the part the CA signs";
		case 1: *child = D_ALGO; return "signatureAlgorithm";
		case 2: return "signatureValue: the CA's signature";
		}
		break;
	case D_CSR:
		switch (i) {
		case 0: *child = D_CRI; return "certificationRequestInfo: the part the key signs";
		case 1: *child = D_ALGO; return "signatureAlgorithm";
		case 2: return "signature: by the requester's own key";
		}
		break;
	case D_TBS:
		if (ctxt) {
			switch (tag) {
			case 0: *child = D_VERSION; return "version";
			case 1: return "issuerUniqueID";
			case 2: return "subjectUniqueID";
			case 3: *child = D_EXTS_WRAP; return "extensions";
			}
			break;
		}
		switch (i + (version_first ? 0 : 1)) {
		case 1: return "serialNumber";
		case 2: *child = D_ALGO; return "signature: the algorithm, again";
		case 3: *child = D_NAME; return "issuer";
		case 4: *child = D_VALIDITY; return "validity";
		case 5: *child = D_NAME; return "subject";
		case 6: *child = D_SPKI; return "subjectPublicKeyInfo";
		}
		break;
	case D_VERSION: return "0 = v1, 1 = v2, 2 = v3";
	case D_VALIDITY: return i == 0 ? "notBefore" : i == 1 ? "notAfter" : NULL;
	case D_SPKI:
		if (i == 0) {
			*child = D_ALGO;
			return "algorithm";
		}
		return i == 1 ? "subjectPublicKey" : NULL;
	case D_ALGO: return i == 0 ? "algorithm" : i == 1 ? "parameters" : NULL;
	case D_EXTS_WRAP:
		*child = D_EXTS;
		return "Extensions";
	case D_EXTS:
		*child = D_EXT;
		return "Extension";
	case D_EXT:
		if (tag == ASN1_TAG_OBJECT_ID)
			return "extnID";
		if (tag == ASN1_TAG_BOOLEAN)
			return "critical";
		return tag == ASN1_TAG_OCTET_STRING ? "extnValue" : NULL;
	case D_CRI:
		switch (i) {
		case 0: return "version (0 = v1)";
		case 1: *child = D_NAME; return "subject";
		case 2: *child = D_SPKI; return "subjectPKInfo";
		case 3: *child = D_ATTRS; return "attributes";
		}
		break;
	case D_ATTRS:
		*child = D_ATTR;
		return "Attribute";
	case D_ATTR:
		if (i == 1) {
			*child = D_ATTR_SET;
			return "values";
		}
		return NULL;
	case D_ATTR_SET:
		if (tag == ASN1_TAG_SEQUENCE) {
			*child = D_EXTS;
			return "Extensions: the ones asked for";
		}
		return NULL;
	default:
		break;
	}
	return NULL;
}

/* Does P (N bytes) hold DER: elements, one after another, filling it?
 * Unless ANY, the first must be a SEQUENCE (a guess about bytes that may
 * be anything). */
static bool
holds_der(const unsigned char *p, size_t n, bool any)
{
	unsigned char cls;
	unsigned long tag;
	size_t hdr, len;

	if (n < 2 || (!any && p[0] != 0x30))
		return false;
	while (n) {
		if (der_elem(p, n, &cls, &tag, &hdr, &len))
			return false;
		p += hdr + len;
		n -= hdr + len;
	}
	return true;
}

static int
walk_level(struct walk *w, size_t start, size_t end, int depth, enum der_ctx ctx, struct cl_error *err)
{
	bool version_first = false;

	for (unsigned i = 0; start < end; i++) {
		struct x509_der_node *nd;
		enum der_ctx child;
		unsigned char cls;
		unsigned long tag;
		size_t hdr, len;

		if (der_elem(w->der + start, end - start, &cls, &tag, &hdr, &len))
			return cl_fail(err, GPG_ERR_INV_OBJ, "at byte %zu a tag or a length is damaged, or runs "
				       "past the end of what holds it", start);
		if (depth > 24)
			return cl_fail(err, GPG_ERR_INV_OBJ, "at byte %zu it nests deeper than 24 levels", start);
		if (w->n == w->max) {
			w->more = true;
			return 0;
		}
		if (i == 0 && ctx == D_TBS)
			version_first = cls == (ASN1_CLASS_CONTEXT_SPECIFIC | ASN1_CLASS_STRUCTURED) && tag == 0;
		w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
		nd = &w->v[w->n++];
		memset(nd, 0, sizeof *nd);
		nd->offset = start;
		nd->header = hdr;
		nd->length = len;
		nd->depth = depth;
		nd->cls = cls & 0xc0;
		nd->tag = tag;
		nd->constructed = (cls & ASN1_CLASS_STRUCTURED) != 0;
		nd->label = der_label(ctx, i, cls, tag, version_first, &child);
		if (nd->constructed) {
			if (walk_level(w, start + hdr, start + hdr + len, depth + 1, child, err))
				return -1;
		} else if (nd->cls == ASN1_CLASS_UNIVERSAL && tag == ASN1_TAG_OCTET_STRING
			   && holds_der(w->der + start + hdr, len, ctx == D_EXT)) {
			nd->encapsulated = true;
			if (walk_level(w, start + hdr, start + hdr + len, depth + 1, D_NONE, err))
				return -1;
		} else if (nd->cls == ASN1_CLASS_UNIVERSAL && tag == ASN1_TAG_BIT_STRING && len > 1
			   && w->der[start + hdr] == 0 && holds_der(w->der + start + hdr + 1, len - 1, false)) {
			nd->encapsulated = true;
			if (walk_level(w, start + hdr + 1, start + hdr + len, depth + 1, D_NONE, err))
				return -1;
		}
		if (w->more)
			return 0;
		start += hdr + len;
	}
	return 0;
}

int
x509_der_walk(struct x509_der_node **out, size_t *n, bool *more, const unsigned char *der, size_t len,
	      enum x509_der_kind kind, size_t max, struct cl_error *err)
{
	struct walk w = { .max = max, .der = der };
	unsigned char cls;
	unsigned long tag;
	size_t hdr, l;
	int rc;

	*out = NULL;
	*n = 0;
	*more = false;
	if (len > X509_MAX_FILE)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%zu bytes of DER is too much to show (at most %zu)", len,
			       X509_MAX_FILE);
	if (der_elem(der, len, &cls, &tag, &hdr, &l))
		return cl_fail(err, GPG_ERR_INV_OBJ, "at byte 0 a tag or a length is damaged, or runs past the end");
	if (max == 0)
		return cl_fail(err, GPG_ERR_INV_ARG, "nothing to show");
	w.v = xcalloc(1, sizeof *w.v);
	w.v[0] = (struct x509_der_node){ .offset = 0, .header = hdr, .length = l, .depth = 0, .cls = cls & 0xc0,
					 .tag = tag, .constructed = (cls & ASN1_CLASS_STRUCTURED) != 0,
					 .label = kind == X509_DER_CERT ? "Certificate"
						  : kind == X509_DER_CSR ? "CertificationRequest" : NULL };
	w.n = 1;
	rc = 0;
	if (w.v[0].constructed)
		rc = walk_level(&w, hdr, hdr + l, 1, kind == X509_DER_CERT ? D_CERT : kind == X509_DER_CSR ? D_CSR
				: D_NONE, err);
	if (rc == 0 && hdr + l < len)
		rc = cl_fail(err, GPG_ERR_INV_OBJ, "%zu bytes follow its first element", len - hdr - l);
	if (rc) {
		free(w.v);
		return -1;
	}
	*out = w.v;
	*n = w.n;
	*more = w.more;
	return 0;
}

void
x509_der_tag_name(char *buf, size_t size, const struct x509_der_node *nd)
{
	static const char *const names[] = {
		[ASN1_TAG_BOOLEAN] = "BOOLEAN", [ASN1_TAG_INTEGER] = "INTEGER", [ASN1_TAG_BIT_STRING] = "BIT STRING",
		[ASN1_TAG_OCTET_STRING] = "OCTET STRING", [ASN1_TAG_NULL] = "NULL",
		[ASN1_TAG_OBJECT_ID] = "OBJECT IDENTIFIER", [ASN1_TAG_ENUMERATED] = "ENUMERATED",
		[ASN1_TAG_UTF8_STRING] = "UTF8String", [ASN1_TAG_SEQUENCE] = "SEQUENCE", [ASN1_TAG_SET] = "SET",
		[ASN1_TAG_NUMERIC_STRING] = "NumericString", [ASN1_TAG_PRINTABLE_STRING] = "PrintableString",
		[ASN1_TAG_TELETEX_STRING] = "T61String", [ASN1_TAG_IA5_STRING] = "IA5String",
		[ASN1_TAG_UTCTime] = "UTCTime", [ASN1_TAG_GENERALIZEDTime] = "GeneralizedTime",
		[ASN1_TAG_VISIBLE_STRING] = "VisibleString", [ASN1_TAG_GENERALSTRING] = "GeneralString",
		[ASN1_TAG_UNIVERSAL_STRING] = "UniversalString", [ASN1_TAG_BMP_STRING] = "BMPString",
	};

	switch (nd->cls) {
	case ASN1_CLASS_UNIVERSAL:
		if (nd->tag < sizeof names / sizeof names[0] && names[nd->tag])
			snprintf(buf, size, "%s", names[nd->tag]);
		else
			snprintf(buf, size, "[UNIVERSAL %lu]", nd->tag);
		break;
	case ASN1_CLASS_CONTEXT_SPECIFIC: snprintf(buf, size, "[%lu]", nd->tag); break;
	case ASN1_CLASS_APPLICATION: snprintf(buf, size, "[APPLICATION %lu]", nd->tag); break;
	default: snprintf(buf, size, "[PRIVATE %lu]", nd->tag); break;
	}
}

/* Hex of P (N bytes), at most 16 shown, then how many there are. */
static void
hex_preview(char *buf, size_t size, const unsigned char *p, size_t n)
{
	char h[64];

	hex_colon(h, sizeof h, p, n < 16 ? n : 16);
	if (n <= 16)
		snprintf(buf, size, "%s", h);
	else
		snprintf(buf, size, "%s... (%zu bytes)", h, n);
}

/* UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ" as a date,
 * or the raw text (cleaned) when it is neither. */
static void
der_time(char *buf, size_t size, const unsigned char *p, size_t n, bool utc)
{
	size_t want = utc ? 13 : 15;
	int y;

	for (size_t i = 0; i + 1 < want && i < n; i++)
		if (!isdigit(p[i]))
			want = 0;
	if (n == want && want && p[n - 1] == 'Z') {
		y = utc ? (p[0] - '0') * 10 + (p[1] - '0') : 0;
		if (utc)
			y += y >= 50 ? 1900 : 2000;
		else
			y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		p += utc ? 2 : 4;
		snprintf(buf, size, "%04d-%c%c-%c%c %c%c:%c%c:%c%c UTC", y, p[0], p[1], p[2], p[3], p[4], p[5], p[6],
			 p[7], p[8], p[9]);
		return;
	}
	{
		char *t = clean_text(p, n);

		snprintf(buf, size, "%s", t);
		free(t);
	}
}

void
x509_der_value(char *buf, size_t size, const unsigned char *der, const struct x509_der_node *nd)
{
	const unsigned char *p = der + nd->offset + nd->header;
	size_t n = nd->length;

	if (size)
		buf[0] = '\0';
	if (nd->constructed || nd->encapsulated || !size)
		return;
	if (nd->cls != ASN1_CLASS_UNIVERSAL) {
		bool text = n > 0;

		for (size_t i = 0; i < n; i++)
			if (p[i] < 0x20 || p[i] > 0x7e)
				text = false;
		if (text)	/* a DNS name in a subjectAltName ([2]), a URI ([6]) */
			snprintf(buf, size, "\"%.*s\"", (int)n, (const char *)p);
		else
			hex_preview(buf, size, p, n);
		return;
	}
	switch (nd->tag) {
	case ASN1_TAG_BOOLEAN:
		snprintf(buf, size, "%s", n == 1 && p[0] ? "TRUE" : n == 1 ? "FALSE" : "(damaged)");
		break;
	case ASN1_TAG_INTEGER:
	case ASN1_TAG_ENUMERATED:
		if (n >= 1 && n <= 7) {
			int64_t v = (int8_t)p[0];

			for (size_t i = 1; i < n; i++)
				v = v * 256 + p[i];
			snprintf(buf, size, "%" PRId64, v);
		} else
			hex_preview(buf, size, p, n);
		break;
	case ASN1_TAG_OBJECT_ID: {
		char oid[128];
		int rl;
		const unsigned char *lp = der + nd->offset + 1;	/* the length, then the content */
		const char *name;

		if (nd->header < 2 || asn1_get_object_id_der(lp, (int)(nd->header - 1 + n), &rl, oid,
							      sizeof oid) != ASN1_SUCCESS) {
			snprintf(buf, size, "(damaged)");
			break;
		}
		name = x509_oid_name(oid);
		snprintf(buf, size, "%s%s%s%s", oid, name ? " (" : "", name ? name : "", name ? ")" : "");
		break;
	}
	case ASN1_TAG_BIT_STRING: {
		char h[96];

		if (n == 0 || (n == 1 && p[0])) {
			snprintf(buf, size, "(damaged)");
			break;
		}
		hex_preview(h, sizeof h, p + 1, n - 1);
		if (p[0])
			snprintf(buf, size, "%zu bits: %s", (n - 1) * 8 - (p[0] & 7), h);
		else
			snprintf(buf, size, "%s", h);
		break;
	}
	case ASN1_TAG_OCTET_STRING:
		hex_preview(buf, size, p, n);
		break;
	case ASN1_TAG_NULL:
		break;
	case ASN1_TAG_UTCTime:
	case ASN1_TAG_GENERALIZEDTime:
		der_time(buf, size, p, n, nd->tag == ASN1_TAG_UTCTime);
		break;
	case ASN1_TAG_UTF8_STRING:
	case ASN1_TAG_PRINTABLE_STRING:
	case ASN1_TAG_IA5_STRING:
	case ASN1_TAG_TELETEX_STRING:
	case ASN1_TAG_VISIBLE_STRING:
	case ASN1_TAG_NUMERIC_STRING: {
		char *t = clean_text(p, n);

		snprintf(buf, size, "\"%s\"", t);
		free(t);
		break;
	}
	default:
		hex_preview(buf, size, p, n);
		break;
	}
}
