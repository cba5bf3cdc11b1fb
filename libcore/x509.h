/* X.509 certificates and certificate requests (PKCS#10) for a small
 * Certificate Authority, over GnuTLS: making a CA, requests, signing them,
 * reading certificates and requests made here or by OpenSSL, and verifying
 * a chain the way `openssl verify` does, with its reasons.
 *
 * Keys are libcore/pkey.h's. Every signature and every encoding is GnuTLS's
 * (no ASN.1 is written by hand); reading the DER for display (x509_der_walk)
 * uses libtasn1's decoders. Signatures are deterministic (RSA PKCS#1 v1.5,
 * ECDSA with RFC 6979's nonces, Ed25519), serial numbers come from
 * libcore/random.h and times from libcore/clock.h, so under --seed and --now
 * the same certificate comes out byte for byte.
 *
 * Certificates and requests are immutable once made and reference counted.
 * Everything read from them is parsed once, when they are made or read, into
 * the x509_info below; text in it is safe to print (control characters and
 * invalid UTF-8 are shown as \xHH escapes).
 *
 * Verification (x509_verify) builds the chain and checks it in OpenSSL's
 * order (x509_vfy.c: the chain, then each certificate's extensions and
 * purpose from the leaf up, the host name, then signatures and validity
 * from the root down), so that the first problem found is the one
 * `openssl verify` reports, with its number and its words. The signature
 * checks are GnuTLS's.
 */
#ifndef CL_X509_H
#define CL_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include "libcore/error.h"
#include "libcore/pkey.h"

/* Limits on what is read: a certificate or request of at most 64 KiB of
 * DER, a file of at most 1 MiB and 64 certificates. */
#define X509_MAX_DER ((size_t)64 << 10)
#define X509_MAX_FILE ((size_t)1 << 20)
#define X509_MAX_CERTS 64
/* Limits on what is made: 100 names in a subjectAltName, 16 attributes in a
 * distinguished name, validity from 1 to 36500 days (or -1 to -36500: a
 * certificate that has already expired). */
#define X509_MAX_SAN 100
#define X509_MAX_RDN 16
#define X509_MAX_DAYS 36500
/* The longest chain verified, and the most certificates offered to it. */
#define X509_MAX_CHAIN 16
/* When x509_import's data is not a certificate or a request at all: the
 * same code as PKEY_NOT_A_KEY, so save/load can ask the next kind. */
#define X509_NOT_MINE GPG_ERR_NO_OBJ

struct x509_cert;
struct x509_csr;

enum x509_san_kind { X509_SAN_DNS, X509_SAN_IP, X509_SAN_OTHER };
struct x509_san {
	enum x509_san_kind kind;
	char *text;		/* "localhost", "127.0.0.1", "::1"; OTHER: "email:..." */
	unsigned char ip[16];	/* IP: the address, 4 or 16 bytes */
	size_t iplen;
};

/* One extension as it stands in the certificate or request. */
struct x509_ext {
	char oid[64];
	bool critical;
	bool known;		/* one of those parsed into x509_info below */
	bool broken;		/* known, but its value does not parse */
};

/* key usage bits: GnuTLS's GNUTLS_KEY_* (digitalSignature 0x80,
 * keyEncipherment 0x20, keyCertSign 0x04, cRLSign 0x02, ...) */
#define X509_EKU_SERVER "1.3.6.1.5.5.7.3.1"
#define X509_EKU_CLIENT "1.3.6.1.5.5.7.3.2"
#define X509_EKU_ANY "2.5.29.37.0"

/* Everything about a certificate or a request, parsed once. For a request,
 * the extensions are those it asks for (issuer, serial, validity, signature
 * algorithm and key ids are left empty). */
struct x509_info {
	int version;			/* 1, 2 or 3 */
	char *subject, *issuer;		/* RFC 4514: "CN=localhost,O=Example" */
	unsigned char *subject_der, *issuer_der;	/* the raw names, for chains */
	size_t subject_der_len, issuer_der_len;
	unsigned char serial[64];
	size_t serial_len;
	int64_t not_before, not_after;
	struct x509_san *san;
	size_t nsan;
	bool has_san;			/* a subjectAltName extension is there (maybe empty) */
	bool bc_present, is_ca;		/* basicConstraints, and its CA flag */
	int pathlen;			/* its pathLenConstraint, -1 when none */
	bool ku_present;
	unsigned ku;			/* GNUTLS_KEY_* */
	bool eku_present;
	char **eku;			/* the OIDs */
	size_t neku;
	unsigned char ski[64], aki[64];
	size_t ski_len, aki_len;
	struct x509_ext *ext;
	size_t next;
	char sig_algo[64];		/* "ECDSA-SHA256", or the OID */
	char sig_oid[64];
	size_t sig_len;			/* bytes of the signature */
	struct pkey *key;		/* the subject's public key; NULL when of a kind not
					 * supported here (then key_desc says what it is) */
	char key_desc[64];		/* "ECDSA P-256", "RSA", "ECDSA P-384 (not supported here)" */
	unsigned key_bits;
	bool self_issued;		/* subject == issuer (certificates) */
	bool sig_ok;			/* requests: the signature verifies (proof of possession) */
	bool ca_requested;		/* requests: asks for basicConstraints CA:TRUE */
	unsigned char fingerprint[32];	/* SHA-256 of the DER */
};

/* ---- names ---- */

/* Check a distinguished name as typed (RFC 4514, most specific first:
 * "CN=Classroom Root CA,O=Example School"): attributes CN, O, OU, L, ST, C
 * and DC (any case), values not empty and not too long, C two letters.
 * *CANON (malloc'ed, may be NULL) gets the name as GnuTLS takes it and
 * *SUBJ the same as `openssl req -subj` takes it ("/O=Example School/CN=
 * Classroom Root CA", not shell-quoted); either may be NULL. */
int x509_dn_parse(char **canon, char **subj, const char *dn, struct cl_error *err);

/* The first CN= value of DN (malloc'ed), or NULL when it has none or the
 * name does not parse. */
char *x509_dn_common_name(const char *dn);

/* Check a subjectAltName entry as typed and say what it is by its form:
 * an IPv4 or IPv6 address, else a DNS name (letters, digits, hyphens, dots,
 * a leading "*." allowed). "DNS:" and "IP:" prefixes are accepted. */
int x509_san_parse(struct x509_san *out, const char *text, struct cl_error *err);
void x509_san_clear(struct x509_san *s);

/* A length of time as people say it: "3 days", "1 day", "5 hours",
 * "2 minutes", "10 seconds" (SECONDS may be negative: its size is said). */
void x509_span(char *buf, size_t size, int64_t seconds);

/* ---- making ---- */

enum x509_usage { X509_USAGE_SERVER, X509_USAGE_CLIENT, X509_USAGE_CA };
const char *x509_usage_name(enum x509_usage u);	/* "server", "client", "ca" */
int x509_usage_parse(enum x509_usage *out, const char *name, struct cl_error *err);

/* The validity of a new certificate from the session clock NOW: from
 * NOT_BEFORE (or NOW when NULL) for DAYS days. DAYS < 0 makes one that has
 * already expired: valid for one day, ending -DAYS days before NOW (the
 * broken-certificate lab). DAYS = 0 and beyond X509_MAX_DAYS are refused. */
int x509_validity(int64_t *from, int64_t *until, int64_t now, long days, const int64_t *not_before,
		  struct cl_error *err);

/* A self-signed CA certificate: version 3, a random 128-bit serial,
 * basicConstraints CA:TRUE (critical, with PATHLEN when >= 0), keyUsage
 * keyCertSign and cRLSign (critical), a subject key identifier. KEY must be
 * private. */
int x509_make_ca(struct x509_cert **out, struct pkey *key, const char *subject, int64_t not_before,
		 int64_t not_after, int pathlen, struct cl_error *err);

/* A PKCS#10 request for SUBJECT with the subjectAltName SAN (NSAN entries,
 * each as x509_san_parse reads it; none: no extension), signed by KEY. */
int x509_make_csr(struct x509_csr **out, struct pkey *key, const char *subject, const char *const *san,
		  size_t nsan, struct cl_error *err);

/* What x509_sign noticed, for the CA to say. */
struct x509_sign_notes {
	bool ca_refused;		/* the request asked for CA:TRUE, and got CA:FALSE */
	char ignored[256];		/* other requested extensions left out ("keyUsage, ...") */
	bool issuer_not_ca;		/* CA is no CA certificate: what it signs will be refused */
	bool issuer_no_certsign;	/* CA's keyUsage lacks keyCertSign */
	bool outlives_issuer;		/* valid longer than CA */
};

/* Issue a certificate for CSR: its signature is checked first (proof of
 * possession: refused when it fails), CA_KEY must be CA's private key;
 * only the subject, the public key and the subjectAltName are copied. The
 * certificate is CA:FALSE with keyUsage digitalSignature (+keyEncipherment
 * for an RSA key) and extendedKeyUsage serverAuth or clientAuth, or for
 * X509_USAGE_CA an intermediate CA (CA:TRUE, PATHLEN when >= 0, keyCertSign
 * and cRLSign); subject and authority key identifiers. NOTES (may be NULL)
 * gets what the CA should tell. */
int x509_sign(struct x509_cert **out, struct x509_sign_notes *notes, struct x509_cert *ca,
	      struct pkey *ca_key, struct x509_csr *csr, int64_t not_before, int64_t not_after,
	      enum x509_usage usage, int pathlen, struct cl_error *err);

/* A self-signed end-entity certificate (the quick path: CA:FALSE, the
 * usage's key usages and extended key usage, SAN). */
int x509_make_selfsigned(struct x509_cert **out, struct pkey *key, const char *subject,
			 const char *const *san, size_t nsan, int64_t not_before, int64_t not_after,
			 enum x509_usage usage, struct cl_error *err);

/* C with one bit of its signature changed (the last byte's lowest bit), or
 * with SUBJECT one bit of the last character of the subject's last
 * attribute ('localhost' becomes 'localhosu'): a certificate whose
 * signature no longer matches. */
int x509_cert_tamper(struct x509_cert **out, const struct x509_cert *c, bool subject,
		     struct cl_error *err);
int x509_csr_tamper(struct x509_csr **out, const struct x509_csr *r, bool subject, struct cl_error *err);

/* ---- objects ---- */

struct x509_cert *x509_cert_ref(struct x509_cert *c);
void x509_cert_unref(struct x509_cert *c);	/* C may be NULL */
struct x509_csr *x509_csr_ref(struct x509_csr *r);
void x509_csr_unref(struct x509_csr *r);

const struct x509_info *x509_cert_info(const struct x509_cert *c);
const struct x509_info *x509_csr_info(const struct x509_csr *r);
/* The DER and the PEM (NUL-terminated), borrowed. */
const unsigned char *x509_cert_der(const struct x509_cert *c, size_t *n);
const char *x509_cert_pem(const struct x509_cert *c, size_t *n);
const unsigned char *x509_csr_der(const struct x509_csr *r, size_t *n);
const char *x509_csr_pem(const struct x509_csr *r, size_t *n);
/* GnuTLS's certificate, borrowed (for TLS credentials: not to be changed). */
gnutls_x509_crt_t x509_cert_gnutls(const struct x509_cert *c);
bool x509_cert_same(const struct x509_cert *a, const struct x509_cert *b);	/* same DER */

/* ---- reading ---- */

/* Certificates from DATA: PEM (every CERTIFICATE block, in order) or one
 * DER certificate. *OUT is a malloc'ed array of *N references. Data that
 * is no certificate at all fails with X509_NOT_MINE and says what it seems
 * to be; a certificate that is damaged fails with another code. */
int x509_cert_import(struct x509_cert ***out, size_t *n, const void *data, size_t len,
		     struct cl_error *err);
/* Exactly one certificate (a file of several is refused, saying so). */
int x509_cert_import1(struct x509_cert **out, const void *data, size_t len, struct cl_error *err);
/* A request from DATA: PEM (CERTIFICATE REQUEST or NEW CERTIFICATE REQUEST)
 * or DER. X509_NOT_MINE as above. The signature is checked (info->sig_ok)
 * but a bad one is not refused here: cert.sign refuses it. */
int x509_csr_import(struct x509_csr **out, const void *data, size_t len, struct cl_error *err);
void x509_certs_free(struct x509_cert **v, size_t n);

/* ---- verifying ---- */

/* OpenSSL's verification results (X509_V_ERR_*), with their numbers. */
enum x509_status {
	X509_OK = 0,
	X509_UNABLE_TO_GET_ISSUER_CERT = 2,
	X509_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY = 6,
	X509_CERT_SIGNATURE_FAILURE = 7,
	X509_CERT_NOT_YET_VALID = 9,
	X509_CERT_HAS_EXPIRED = 10,
	X509_DEPTH_ZERO_SELF_SIGNED_CERT = 18,
	X509_SELF_SIGNED_CERT_IN_CHAIN = 19,
	X509_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20,
	X509_CERT_CHAIN_TOO_LONG = 22,
	X509_INVALID_CA = 24,
	X509_PATH_LENGTH_EXCEEDED = 25,
	X509_INVALID_PURPOSE = 26,
	X509_UNHANDLED_CRITICAL_EXTENSION = 34,
	X509_HOSTNAME_MISMATCH = 62,
	X509_IP_ADDRESS_MISMATCH = 64,
};
/* OpenSSL's words for STATUS, as `openssl verify` prints them after
 * "error N at D depth lookup: " ("certificate has expired"). */
const char *x509_status_text(enum x509_status status);

enum x509_purpose { X509_PURPOSE_ANY, X509_PURPOSE_SERVER, X509_PURPOSE_CLIENT };

struct x509_verdict {
	enum x509_status status;
	int depth;			/* where: 0 is the certificate itself */
	struct x509_cert *chain[X509_MAX_CHAIN];	/* references: the certificate, up to the
							 * last one found */
	size_t nchain;
	bool anchored;			/* the last one is a trusted certificate */
	int64_t at;			/* the time checked */
	char matched[300];		/* the name that matched the host ("DNS:localhost") */
	bool cn_only;			/* the host matched the CN only (no SAN of its kind):
					 * OpenSSL accepts that, browsers do not */
	char detail[600];		/* the reason in words, for a student */
};

/* Verify C for PURPOSE (and HOST when not NULL: a DNS name or an IP
 * address) at time AT, trusting TRUSTED (NTRUSTED certificates, maybe none)
 * and building the chain from UNTRUSTED (intermediates). 0 with *V filled,
 * whatever the verdict; -1 only for bad arguments (a host that is no host
 * name or address). Release *V with x509_verdict_clear. */
int x509_verify(struct x509_verdict *v, struct x509_cert *c, struct x509_cert *const *trusted,
		size_t ntrusted, struct x509_cert *const *untrusted, size_t nuntrusted, const char *host,
		enum x509_purpose purpose, int64_t at, struct cl_error *err);
void x509_verdict_clear(struct x509_verdict *v);

/* ---- the DER, for display ---- */

struct x509_der_node {
	size_t offset;		/* of the tag */
	size_t header;		/* bytes of tag and length */
	size_t length;		/* bytes of content */
	int depth;
	unsigned char cls;	/* ASN1_CLASS_UNIVERSAL, _CONTEXT_SPECIFIC, ... */
	unsigned long tag;
	bool constructed;
	bool encapsulated;	/* the content of a BIT or OCTET STRING, itself DER */
	const char *label;	/* its part in a certificate or request ("tbsCertificate"), or NULL */
};

enum x509_der_kind { X509_DER_CERT, X509_DER_CSR, X509_DER_OTHER };

/* The tree of DER (LEN bytes) of a KIND (which names the parts): every
 * element in order, at most MAX of them (*MORE says whether some were left
 * out). Elements inside an OCTET STRING or BIT STRING that holds DER
 * (extension values, an RSA key, an ECDSA signature) are shown too. A
 * decoding error fails with ERR naming the offset. *OUT is malloc'ed. */
int x509_der_walk(struct x509_der_node **out, size_t *n, bool *more, const unsigned char *der, size_t len,
		  enum x509_der_kind kind, size_t max, struct cl_error *err);
/* A short text for the value of NODE (a number, an OID with its name, a
 * string, a time), safe to print; "" for constructed elements. */
void x509_der_value(char *buf, size_t size, const unsigned char *der, const struct x509_der_node *node);
/* The universal tag's name ("SEQUENCE", "INTEGER"), or "[0]" and so on. */
void x509_der_tag_name(char *buf, size_t size, const struct x509_der_node *node);

/* A well-known OID's name ("commonName", "basicConstraints",
 * "ecdsa-with-SHA256"), or NULL. */
const char *x509_oid_name(const char *oid);

#endif
