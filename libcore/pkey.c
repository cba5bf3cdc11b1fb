/* Real public keys over libgcrypt, their files over GnuTLS (see pkey.h). */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <gnutls/crypto.h>
#include "libcore/child.h"
#include "libcore/pkey.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"

/* The numbers of an RSA key, in this order, as big-endian bytes without
 * leading zeros; libgcrypt's convention p < q and u = p^-1 mod q. */
enum { R_N, R_E, R_D, R_P, R_Q, R_U, R_COUNT };

#define EC_BYTES 32			/* a P-256 coordinate or scalar, an Ed25519 key */
#define P256_POINT_BYTES (1 + 2 * EC_BYTES)	/* 04 || x || y */

struct span {
	size_t off, len;
};

struct pkey {
	unsigned refs;
	enum pkey_kind kind;
	unsigned bits;
	bool private;
	/* RSA: the numbers (n e, and d p q u of a private key) one after the
	 * other; EC: the private scalar. In secure memory for a private key. */
	unsigned char *num;
	size_t num_len;
	struct span rsa[R_COUNT];
	/* EC: the public point as in a SubjectPublicKeyInfo */
	unsigned char point[P256_POINT_BYTES];
	size_t point_len;
	gcry_sexp_t pub, priv;		/* libgcrypt's; priv in secure memory */
	struct pkey *public_half;	/* of a private key: made once, on demand */
	unsigned char *spki;		/* DER SubjectPublicKeyInfo, made by GnuTLS */
	size_t spki_len;
	unsigned char fpr[PKEY_FINGERPRINT_BYTES];
};

/* The order of P-256's base point (FIPS 186-4, D.1.2.3). */
static const unsigned char p256_order[EC_BYTES] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

static const char *const kind_names[] = { "rsa", "p256", "ed25519" };
static const char *const kind_titles[] = { "RSA", "ECDSA P-256", "Ed25519" };

const char *
pkey_kind_name(enum pkey_kind kind)
{
	return kind_names[kind];
}

const char *
pkey_kind_title(enum pkey_kind kind)
{
	return kind_titles[kind];
}

int
pkey_curve_parse(enum pkey_kind *kind, const char *name, struct cl_error *err)
{
	static const struct { const char *name; enum pkey_kind kind; } names[] = {
		{ "p256", PKEY_P256 }, { "p-256", PKEY_P256 }, { "prime256v1", PKEY_P256 },
		{ "secp256r1", PKEY_P256 }, { "nist p-256", PKEY_P256 }, { "ed25519", PKEY_ED25519 },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*kind = names[i].kind;
			return 0;
		}
	return cl_fail(err, GPG_ERR_UNKNOWN_CURVE, "unknown curve '%.40s': the curves here are \"p256\" "
		       "(ECDSA over NIST P-256) and \"ed25519\"", name);
}

/* ---- small helpers ---- */

static void *
secure_alloc(size_t n)
{
	return gcry_xmalloc_secure(n ? n : 1);
}

static void
secure_free(void *p, size_t n)
{
	if (p) {
		explicit_bzero(p, n);
		gcry_free(p);
	}
}

void
pkey_secret_free(void *p, size_t n)
{
	if (p) {
		explicit_bzero(p, n);
		free(p);
	}
}

static int
gnutls_fail(struct cl_error *err, int rc, const char *what)
{
	return cl_fail(err, GPG_ERR_GENERAL, "%s: %s", what, gnutls_strerror(rc));
}

/* Wipe and free a datum GnuTLS allocated. */
static void
datum_wipe(gnutls_datum_t *d)
{
	if (d->data) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

/* P (N bytes) without its leading zero bytes. */
static void
strip_zeros(const unsigned char **p, size_t *n)
{
	while (*n > 1 && **p == 0)
		(*p)++, (*n)--;
}

/* Copy P (N bytes, a big-endian number) right-aligned into OUT (SIZE bytes);
 * -1 when it does not fit. */
static int
left_pad(unsigned char *out, size_t size, const unsigned char *p, size_t n)
{
	strip_zeros(&p, &n);
	if (n > size)
		return -1;
	memset(out, 0, size - n);
	memcpy(out + size - n, p, n);
	return 0;
}

/* The value of token NAME in S, copied into secure memory (leading zeros
 * dropped when STRIP), libgcrypt's transient copy wiped. */
static int
sexp_value(unsigned char **out, size_t *n, gcry_sexp_t s, const char *name, bool strip)
{
	gcry_sexp_t l = gcry_sexp_find_token(s, name, 0);
	const unsigned char *p;
	size_t len;

	*out = NULL;
	*n = 0;
	if (!l)
		return -1;
	p = (const unsigned char *)gcry_sexp_nth_data(l, 1, &len);
	if (!p || !len) {
		gcry_sexp_release(l);
		return -1;
	}
	if (strip)
		strip_zeros(&p, &len);
	*out = secure_alloc(len);
	memcpy(*out, p, len);
	*n = len;
	explicit_bzero((void *)p, len);
	gcry_sexp_release(l);
	return 0;
}

static void
sha256(unsigned char out[32], const void *p, size_t n)
{
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, p, n);
}

/* A number of an RSA key as an MPI (secure when the key is private). */
static gcry_mpi_t
rsa_mpi(const struct pkey *k, int i)
{
	gcry_mpi_t m = NULL;

	gcry_mpi_scan(&m, GCRYMPI_FMT_USG, k->num + k->rsa[i].off, k->rsa[i].len, NULL);
	return m;
}

static gnutls_datum_t
rsa_datum(const struct pkey *k, int i)
{
	return (gnutls_datum_t){ k->num + k->rsa[i].off, (unsigned)k->rsa[i].len };
}

/* ---- making a key object from its numbers ---- */

static struct pkey *
pkey_new(enum pkey_kind kind)
{
	struct pkey *k = xcalloc(1, sizeof *k);

	k->refs = 1;
	k->kind = kind;
	return k;
}

struct pkey *
pkey_ref(struct pkey *k)
{
	k->refs++;
	return k;
}

void
pkey_unref(struct pkey *k)
{
	if (!k || --k->refs > 0)
		return;
	if (k->private)
		secure_free(k->num, k->num_len);
	else
		free(k->num);
	gcry_sexp_release(k->pub);
	gcry_sexp_release(k->priv);
	pkey_unref(k->public_half);
	free(k->spki);
	free(k);
}

/* The SubjectPublicKeyInfo and the fingerprint, through GnuTLS. */
static int
finish(struct pkey *k, struct cl_error *err)
{
	gnutls_pubkey_t pub;
	gnutls_datum_t der = { NULL, 0 };
	int rc;

	if (pkey_to_gnutls_pubkey(&pub, k, err))
		return -1;
	rc = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der);
	gnutls_pubkey_deinit(pub);
	if (rc < 0)
		return gnutls_fail(err, rc, "encoding the public key");
	k->spki = xmalloc(der.size);
	memcpy(k->spki, der.data, der.size);
	k->spki_len = der.size;
	gnutls_free(der.data);
	sha256(k->fpr, k->spki, k->spki_len);
	return 0;
}

/* An RSA key from NUM[i] (LEN[i] bytes each, big-endian): n and e, and for
 * a private key d, p and q (in either order; u is computed here). The
 * numbers are checked: sizes, e odd, and for a private key n = p*q and that
 * d undoes e. */
static int
rsa_from_numbers(struct pkey **out, const unsigned char *const num[], const size_t len[], bool private,
		 struct cl_error *err)
{
	struct pkey *k = pkey_new(PKEY_RSA);
	gcry_mpi_t m[R_COUNT] = { 0 }, t = NULL, two = NULL;
	size_t total = 0, off = 0;
	int count = private ? R_COUNT : R_E + 1;
	gpg_error_t e;
	int rc = -1;

	*out = NULL;
	k->private = private;
	for (int i = 0; i < count && i != R_U; i++) {
		const unsigned char *p = num[i];
		size_t n = len[i];

		if (!p || !n) {
			cl_fail(err, GPG_ERR_INV_VALUE, "the RSA key has no '%c'", "nedpq"[i]);
			goto leave;
		}
		strip_zeros(&p, &n);
		if (gcry_mpi_scan(&m[i], GCRYMPI_FMT_USG, p, n, NULL)) {
			cl_fail(err, GPG_ERR_INV_VALUE, "the RSA key's '%c' is not a number", "nedpq"[i]);
			goto leave;
		}
	}
	k->bits = gcry_mpi_get_nbits(m[R_N]);
	if (k->bits < PKEY_RSA_MIN_BITS) {
		cl_fail(err, GPG_ERR_TOO_SHORT, "this RSA key has only %u bits: real keys here have %d to %d "
			"(below %d bits a key can be broken; small keys are toys: rsa.toy)", k->bits,
			PKEY_RSA_MIN_BITS, PKEY_RSA_MAX_BITS, PKEY_RSA_MIN_BITS);
		goto leave;
	}
	if (k->bits > PKEY_RSA_MAX_BITS) {
		cl_fail(err, GPG_ERR_TOO_LARGE, "this RSA key has %u bits: keys here have at most %d",
			k->bits, PKEY_RSA_MAX_BITS);
		goto leave;
	}
	if (!gcry_mpi_test_bit(m[R_N], 0) || !gcry_mpi_test_bit(m[R_E], 0) || gcry_mpi_cmp_ui(m[R_E], 3) < 0
	    || gcry_mpi_cmp(m[R_E], m[R_N]) >= 0) {
		cl_fail(err, GPG_ERR_BAD_PUBKEY, "this is not a valid RSA key: n and e must be odd, with 3 <= e < n");
		goto leave;
	}
	if (private) {
		/* libgcrypt wants p < q and u = p^-1 mod q */
		if (gcry_mpi_cmp(m[R_P], m[R_Q]) > 0)
			gcry_mpi_swap(m[R_P], m[R_Q]);
		t = gcry_mpi_snew(0);
		gcry_mpi_mul(t, m[R_P], m[R_Q]);
		m[R_U] = gcry_mpi_snew(0);
		if (gcry_mpi_cmp(t, m[R_N]) != 0 || gcry_mpi_cmp_ui(m[R_P], 1) <= 0
		    || !gcry_mpi_invm(m[R_U], m[R_P], m[R_Q])) {
			cl_fail(err, GPG_ERR_BAD_SECKEY, "this RSA private key is damaged: n is not p * q");
			goto leave;
		}
		/* (2^e)^d must be 2 again */
		two = gcry_mpi_set_ui(NULL, 2);
		gcry_mpi_powm(t, two, m[R_E], m[R_N]);
		gcry_mpi_powm(t, t, m[R_D], m[R_N]);
		if (gcry_mpi_cmp(t, two) != 0 || gcry_mpi_cmp(m[R_D], m[R_N]) >= 0) {
			cl_fail(err, GPG_ERR_BAD_SECKEY, "this RSA private key is damaged: d does not undo e");
			goto leave;
		}
	}
	/* the numbers as bytes, one after the other */
	for (int i = 0; i < count; i++) {
		size_t n;

		gcry_mpi_print(GCRYMPI_FMT_USG, NULL, 0, &n, m[i]);
		total += n;
	}
	k->num_len = total;
	k->num = private ? secure_alloc(total) : xmalloc(total ? total : 1);
	for (int i = 0; i < count; i++) {
		size_t n;

		gcry_mpi_print(GCRYMPI_FMT_USG, k->num + off, total - off, &n, m[i]);
		k->rsa[i] = (struct span){ off, n };
		off += n;
	}
	e = gcry_sexp_build(&k->pub, NULL, "(public-key(rsa(n%m)(e%m)))", m[R_N], m[R_E]);
	if (!e && private)
		e = gcry_sexp_build(&k->priv, NULL, "(private-key(rsa(n%m)(e%m)(d%m)(p%m)(q%m)(u%m)))",
				    m[R_N], m[R_E], m[R_D], m[R_P], m[R_Q], m[R_U]);
	if (e) {
		cl_fail_gcry(err, e, "building the RSA key");
		goto leave;
	}
	if (finish(k, err))
		goto leave;
	*out = k;
	k = NULL;
	rc = 0;
leave:
	for (int i = 0; i < R_COUNT; i++)
		gcry_mpi_release(m[i]);
	gcry_mpi_release(t);
	gcry_mpi_release(two);
	pkey_unref(k);
	return rc;
}

static const char *
curve_sexp(enum pkey_kind kind)
{
	return kind == PKEY_P256 ? "(curve \"NIST P-256\")" : "(curve Ed25519)(flags eddsa)";
}

/* The public point of the EC private scalar D (EC_BYTES), computed by
 * libgcrypt: 65 bytes 04||x||y for P-256, 32 for Ed25519. */
static int
ec_point_of(unsigned char *q, size_t *qlen, enum pkey_kind kind, const unsigned char *d, struct cl_error *err)
{
	gcry_sexp_t s = NULL, pub = NULL;
	gcry_ctx_t ctx = NULL;
	unsigned char *p = NULL;
	size_t n = 0;
	char fmt[96];
	gpg_error_t e;
	int rc = -1;

	snprintf(fmt, sizeof fmt, "(private-key(ecc%s(d%%b)))", curve_sexp(kind));
	if ((e = gcry_sexp_build(&s, NULL, fmt, EC_BYTES, d)) || (e = gcry_mpi_ec_new(&ctx, s, NULL))
	    || (e = gcry_pubkey_get_sexp(&pub, GCRY_PK_GET_PUBKEY, ctx))) {
		cl_fail_gcry(err, e, "computing the public key");
		goto leave;
	}
	if (sexp_value(&p, &n, pub, "q", false) == 0) {
		const unsigned char *v = p;
		size_t vn = n;

		/* libgcrypt may prefix an Ed25519 point with 0x40 ("compressed") */
		if (kind == PKEY_ED25519 && vn == EC_BYTES + 1 && v[0] == 0x40)
			v++, vn--;
		if (vn == (kind == PKEY_P256 ? P256_POINT_BYTES : EC_BYTES)) {
			memcpy(q, v, vn);
			*qlen = vn;
			rc = 0;
		}
	}
	if (rc)
		cl_fail(err, GPG_ERR_INTERNAL, "computing the public key: libgcrypt gave no point");
leave:
	secure_free(p, n);
	gcry_sexp_release(s);
	gcry_sexp_release(pub);
	gcry_ctx_release(ctx);
	return rc;
}

/* Does the 32-byte Ed25519 encoding E decode to a point of the curve
 * (RFC 8032 section 5.1.3)? y is the low 255 bits, little-endian, below
 * p = 2^255 - 19; x^2 = (y^2 - 1) / (d*y^2 + 1) must be a square modulo p,
 * and x = 0 must not come with the sign bit set. libgcrypt 1.10 does not
 * check this, and its arithmetic on a point that does not decode aborts the
 * program ("mulm_25519: different sizes"), so a hostile key file must be
 * refused before libgcrypt sees it. */
static bool
ed25519_point_valid(const unsigned char e[EC_BYTES])
{
	mpz_t p, d, y, u, v;
	unsigned char le[EC_BYTES];
	int sign = e[EC_BYTES - 1] >> 7;
	bool ok;

	memcpy(le, e, EC_BYTES);
	le[EC_BYTES - 1] &= 0x7f;
	mpz_inits(p, d, y, u, v, NULL);
	mpz_ui_pow_ui(p, 2, 255);
	mpz_sub_ui(p, p, 19);
	mpz_import(y, EC_BYTES, -1, 1, 0, 0, le);
	/* d = -121665 / 121666 mod p */
	mpz_set_ui(v, 121666);
	mpz_invert(v, v, p);
	mpz_set_si(d, -121665);
	mpz_mul(d, d, v);
	mpz_mod(d, d, p);
	ok = mpz_cmp(y, p) < 0;
	if (ok) {
		mpz_mul(y, y, y);
		mpz_sub_ui(u, y, 1);
		mpz_mul(v, d, y);
		mpz_add_ui(v, v, 1);
		mpz_mod(v, v, p);
		ok = mpz_invert(v, v, p) != 0;
		mpz_mul(u, u, v);
		mpz_mod(u, u, p);
		if (ok && mpz_sgn(u) == 0)
			ok = !sign;
		else if (ok)
			ok = mpz_legendre(u, p) == 1;
	}
	mpz_clears(p, d, y, u, v, NULL);
	return ok;
}

/* Is the public point of K on its curve (and not the point at infinity)? */
static bool
ec_point_valid(const struct pkey *k)
{
	gcry_ctx_t ctx = NULL;
	gcry_mpi_point_t q;
	bool ok = false;

	if (k->kind == PKEY_ED25519)
		return k->point_len == EC_BYTES && ed25519_point_valid(k->point);
	if (k->point_len != P256_POINT_BYTES || k->point[0] != 0x04)
		return false;
	if (gcry_mpi_ec_new(&ctx, k->pub, NULL))
		return false;
	q = gcry_mpi_ec_get_point("q", ctx, 1);
	if (q) {
		ok = gcry_mpi_ec_curve_point(q, ctx) != 0;
		gcry_mpi_point_release(q);
	}
	gcry_ctx_release(ctx);
	return ok;
}

/* An EC key from its public point Q (QLEN bytes) and, for a private key, its
 * scalar D (EC_BYTES, or NULL). A point that is not on the curve, or that is
 * not D's, is refused. */
static int
ec_from_parts(struct pkey **out, enum pkey_kind kind, const unsigned char *q, size_t qlen,
	      const unsigned char *d, struct cl_error *err)
{
	struct pkey *k = pkey_new(kind);
	char fmt[128];
	gpg_error_t e;

	*out = NULL;
	k->bits = 256;
	if (d) {
		unsigned char mine[P256_POINT_BYTES];
		size_t mlen = 0;

		if (kind == PKEY_P256) {
			static const unsigned char zero[EC_BYTES];

			if (memcmp(d, zero, EC_BYTES) == 0 || memcmp(d, p256_order, EC_BYTES) >= 0) {
				pkey_unref(k);
				return cl_fail(err, GPG_ERR_BAD_SECKEY, "this P-256 private key is not valid: "
					       "its d must be from 1 to the order of the curve");
			}
		}
		if (ec_point_of(mine, &mlen, kind, d, err)) {
			pkey_unref(k);
			return -1;
		}
		if (q && (qlen != mlen || memcmp(q, mine, mlen) != 0)) {
			pkey_unref(k);
			return cl_fail(err, GPG_ERR_BAD_SECKEY, "this %s private key is damaged: its public "
				       "key is not the one of its private number", pkey_kind_title(kind));
		}
		memcpy(k->point, mine, mlen);
		k->point_len = mlen;
		k->private = true;
		k->num = secure_alloc(EC_BYTES);
		memcpy(k->num, d, EC_BYTES);
		k->num_len = EC_BYTES;
	} else {
		if (qlen > sizeof k->point || qlen != (kind == PKEY_P256 ? P256_POINT_BYTES : EC_BYTES)) {
			pkey_unref(k);
			return cl_fail(err, GPG_ERR_BAD_PUBKEY, "this %s public key is not valid: its point has "
				       "%zu bytes", pkey_kind_title(kind), qlen);
		}
		memcpy(k->point, q, qlen);
		k->point_len = qlen;
		if (kind == PKEY_ED25519 && !ec_point_valid(k)) {
			pkey_unref(k);
			return cl_fail(err, GPG_ERR_BAD_PUBKEY, "this Ed25519 public key is not valid: its "
				       "point is not on the curve");
		}
	}
	snprintf(fmt, sizeof fmt, "(public-key(ecc%s(q%%b)))", curve_sexp(kind));
	e = gcry_sexp_build(&k->pub, NULL, fmt, (int)k->point_len, k->point);
	if (!e && d) {
		snprintf(fmt, sizeof fmt, "(private-key(ecc%s(q%%b)(d%%b)))", curve_sexp(kind));
		e = gcry_sexp_build(&k->priv, NULL, fmt, (int)k->point_len, k->point, EC_BYTES, k->num);
	}
	if (e) {
		pkey_unref(k);
		return cl_fail_gcry(err, e, "building the key");
	}
	if (!d && kind == PKEY_P256 && !ec_point_valid(k)) {
		pkey_unref(k);
		return cl_fail(err, GPG_ERR_BAD_PUBKEY, "this %s public key is not valid: its point is not "
			       "on the curve", pkey_kind_title(kind));
	}
	if (finish(k, err)) {
		pkey_unref(k);
		return -1;
	}
	*out = k;
	return 0;
}

/* ---- generating ---- */

/* Key generation runs in a child: libgcrypt's prime search cannot be
 * interrupted, and its strongest random level (GCRY_VERY_STRONG_RANDOM,
 * which gcry_pk_genkey uses for keys) allocates 128 KiB it never frees,
 * better left in a process that ends. The child leaves the key's numbers in
 * a shared anonymous mapping, locked and kept out of core dumps, so that the
 * private key never passes through the pipe's buffers: the pipe only says
 * that it is done. */
#define GENKEY_SHARED_BYTES 8192

struct genkey_job {
	gcry_sexp_t parms;
	const char *const *names;	/* the numbers wanted, in this order */
	int count;
	unsigned char *shared;	/* COUNT x (4-byte length, bytes) */
};

static int
genkey_child(void *ctx, FILE *out, struct cl_error *err)
{
	struct genkey_job *job = ctx;
	gcry_sexp_t key = NULL, priv;
	size_t off = 0;
	gpg_error_t e;

	if ((e = gcry_pk_genkey(&key, job->parms)))
		return cl_fail_gcry(err, e, "generating the key");
	if (!(priv = gcry_sexp_find_token(key, "private-key", 0)))
		return cl_fail(err, GPG_ERR_INTERNAL, "libgcrypt made no private key");
	for (int i = 0; i < job->count; i++) {
		unsigned char *v;
		size_t n;

		if (sexp_value(&v, &n, priv, job->names[i], true))
			return cl_fail(err, GPG_ERR_INTERNAL, "libgcrypt's key has no '%s'", job->names[i]);
		if (off + 4 + n > GENKEY_SHARED_BYTES)
			return cl_fail(err, GPG_ERR_INTERNAL, "the key is too large");
		job->shared[off] = (unsigned char)(n >> 24);
		job->shared[off + 1] = (unsigned char)(n >> 16);
		job->shared[off + 2] = (unsigned char)(n >> 8);
		job->shared[off + 3] = (unsigned char)n;
		memcpy(job->shared + off + 4, v, n);
		off += 4 + n;
		secure_free(v, n);
	}
	gcry_sexp_release(priv);
	gcry_sexp_release(key);
	fputs("done", out);
	return 0;
}

/* Run gcry_pk_genkey(JOB->parms) in a child: NUM[i] and LEN[i] then point
 * into JOB->shared, which genkey_end wipes and unmaps. */
static int
genkey_run(struct genkey_job *job, const unsigned char *num[], size_t len[], struct cl_error *err)
{
	char *result = NULL;
	size_t n, off = 0;
	int rc;

	job->shared = mmap(NULL, GENKEY_SHARED_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (job->shared == MAP_FAILED) {
		job->shared = NULL;
		return cl_fail(err, GPG_ERR_ENOMEM, "no memory for the key");
	}
	mlock(job->shared, GENKEY_SHARED_BYTES);	/* best effort, as libgcrypt's secure memory */
	madvise(job->shared, GENKEY_SHARED_BYTES, MADV_DONTDUMP);
	rc = child_run("generating the key", genkey_child, job, 0, &result, &n, err);
	free(result);
	for (int i = 0; rc == 0 && i < job->count; i++) {
		const unsigned char *p = job->shared + off;

		len[i] = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
		num[i] = p + 4;
		off += 4 + len[i];
		if (off > GENKEY_SHARED_BYTES)
			rc = cl_fail(err, GPG_ERR_INTERNAL, "generating the key: a garbled answer");
	}
	return rc;
}

static void
genkey_end(struct genkey_job *job)
{
	if (job->shared) {
		explicit_bzero(job->shared, GENKEY_SHARED_BYTES);
		munmap(job->shared, GENKEY_SHARED_BYTES);
	}
	gcry_sexp_release(job->parms);
}

/* Under --seed: X9.31's starting points from the seeded generator. */
static gcry_sexp_t
rsa_seeded_parms(unsigned bits)
{
	unsigned pbits = bits / 2;
	size_t pbytes = pbits / 8;
	unsigned char *xp = secure_alloc(pbytes), *xq = secure_alloc(pbytes), xi[4][13];
	gcry_mpi_t a = NULL, b = NULL, d = gcry_mpi_new(0);
	gcry_sexp_t parms = NULL;

	/* Xp and Xq: pbits bits with the top two set (so p*q has all BITS),
	 * and |Xp - Xq| > 2^(pbits - 100), as X9.31 requires */
	random_bytes(xp, pbytes);
	xp[0] |= 0xc0;
	gcry_mpi_scan(&a, GCRYMPI_FMT_USG, xp, pbytes, NULL);
	do {
		gcry_mpi_release(b);
		random_bytes(xq, pbytes);
		xq[0] |= 0xc0;
		gcry_mpi_scan(&b, GCRYMPI_FMT_USG, xq, pbytes, NULL);
		gcry_mpi_sub(d, a, b);
		gcry_mpi_abs(d);
	} while (gcry_mpi_get_nbits(d) <= pbits - 100);
	/* Xp1, Xp2, Xq1, Xq2: 101 bits with the top one set */
	for (int i = 0; i < 4; i++) {
		random_bytes(xi[i], sizeof xi[i]);
		xi[i][0] = (xi[i][0] & 0x1f) | 0x10;
	}
	gcry_sexp_build(&parms, NULL, "(genkey(rsa(nbits%u)(rsa-use-e%u)(derive-parms"
			"(Xp1%b)(Xp2%b)(Xp%m)(Xq1%b)(Xq2%b)(Xq%m))))", bits, 65537u,
			(int)sizeof xi[0], xi[0], (int)sizeof xi[1], xi[1], a,
			(int)sizeof xi[2], xi[2], (int)sizeof xi[3], xi[3], b);
	explicit_bzero(xi, sizeof xi);
	secure_free(xp, pbytes);
	secure_free(xq, pbytes);
	gcry_mpi_release(a);
	gcry_mpi_release(b);
	gcry_mpi_release(d);
	return parms;
}

int
pkey_generate_rsa(struct pkey **out, unsigned bits, struct cl_error *err)
{
	static const char *const names[R_COUNT] = { "n", "e", "d", "p", "q", "u" };
	struct genkey_job job = { .names = names, .count = R_COUNT };
	const unsigned char *num[R_COUNT];
	size_t len[R_COUNT];
	int rc = -1;

	*out = NULL;
	if (bits < PKEY_RSA_MIN_BITS)
		return cl_fail(err, GPG_ERR_TOO_SHORT, "%u bits is too small for a real RSA key: 2048 is the "
			       "least used today (1024-bit keys are within reach of a well-funded attacker, "
			       "and 829 bits were factored in public in 2020); for small keys to work by hand "
			       "use rsa.toy", bits);
	if (bits != 2048 && bits != 3072 && bits != 4096)
		return cl_fail(err, GPG_ERR_INV_VALUE, "RSA keys are made here with 2048, 3072 or 4096 bits, "
			       "not %u", bits);
	if (random_seeded())
		job.parms = rsa_seeded_parms(bits);
	else
		gcry_sexp_build(&job.parms, NULL, "(genkey(rsa(nbits%u)(rsa-use-e%u)))", bits, 65537u);
	if (!job.parms)
		return cl_fail(err, GPG_ERR_INTERNAL, "cannot describe the RSA key to make");
	if (genkey_run(&job, num, len, err) == 0)
		rc = rsa_from_numbers(out, num, len, true, err);
	genkey_end(&job);
	return rc;
}

/* Can GnuTLS write this P-256 d as RFC 5915 wants it, in exactly 32 bytes?
 * GnuTLS 3.7 writes the private key of an ECPrivateKey as a DER integer:
 * 31 bytes when the top byte is zero, 33 (a zero in front) when its top bit
 * is set. OpenSSL reads either, but Python's cryptography (since 46) refuses
 * both. So a new key's d is drawn again until its top byte is from 0x01 to
 * 0x7f: about two draws, and d keeps 255 bits of its 256 (Pollard's methods
 * still need some 2^128 steps). Keys read from files are kept as they are. */
static bool
p256_d_fits(const unsigned char *d)
{
	return d[0] >= 0x01 && d[0] <= 0x7f;
}

int
pkey_generate_ec(struct pkey **out, enum pkey_kind kind, struct cl_error *err)
{
	static const char *const names[] = { "d" };
	struct genkey_job job = { .names = names, .count = 1 };
	unsigned char *d = secure_alloc(EC_BYTES);
	const unsigned char *num[1];
	size_t len[1];
	int rc = -1;

	*out = NULL;
	if (kind == PKEY_RSA) {
		secure_free(d, EC_BYTES);
		return cl_fail(err, GPG_ERR_INV_ARG, "an RSA key is made by pkey_generate_rsa");
	}
	if (random_seeded()) {
		/* a uniform d in [2^248, 2^255) by rejection (below the order);
		 * any 32 bytes for Ed25519 */
		do
			random_bytes(d, EC_BYTES);
		while (kind == PKEY_P256 && !p256_d_fits(d));
		rc = ec_from_parts(out, kind, NULL, 0, d, err);
	} else {
		gcry_sexp_build(&job.parms, NULL, kind == PKEY_P256 ? "(genkey(ecc(curve \"NIST P-256\")))"
				: "(genkey(ecc(curve Ed25519)(flags eddsa)))");
		if (!job.parms)
			cl_fail(err, GPG_ERR_INTERNAL, "cannot describe the key to make");
		/* P-256: about two tries (see p256_d_fits); 64 all fail once in 2^64 */
		for (int tries = 0; job.parms; tries++) {
			if (tries == 64) {
				cl_fail(err, GPG_ERR_INTERNAL, "generating the key: libgcrypt gave no usable key");
				break;
			}
			if (genkey_run(&job, num, len, err))
				break;
			if (left_pad(d, EC_BYTES, num[0], len[0])) {
				cl_fail(err, GPG_ERR_INTERNAL, "libgcrypt's key has no valid 'd'");
				break;
			}
			if (kind == PKEY_P256 && !p256_d_fits(d)) {
				explicit_bzero(job.shared, GENKEY_SHARED_BYTES);
				munmap(job.shared, GENKEY_SHARED_BYTES);
				job.shared = NULL;
				continue;
			}
			rc = ec_from_parts(out, kind, NULL, 0, d, err);
			break;
		}
		genkey_end(&job);
	}
	secure_free(d, EC_BYTES);
	return rc;
}

/* ---- reading the key ---- */

enum pkey_kind
pkey_kind(const struct pkey *k)
{
	return k->kind;
}

unsigned
pkey_bits(const struct pkey *k)
{
	return k->bits;
}

bool
pkey_is_private(const struct pkey *k)
{
	return k->private;
}

struct pkey *
pkey_public(struct pkey *k)
{
	struct pkey *p;
	struct cl_error err;

	if (!k->private)
		return pkey_ref(k);
	if (k->public_half)
		return pkey_ref(k->public_half);
	if (k->kind == PKEY_RSA) {
		const unsigned char *num[R_COUNT] = { k->num + k->rsa[R_N].off, k->num + k->rsa[R_E].off };
		size_t len[R_COUNT] = { k->rsa[R_N].len, k->rsa[R_E].len };

		if (rsa_from_numbers(&p, num, len, false, &err))
			abort();	/* the numbers were checked when K was made */
	} else if (ec_from_parts(&p, k->kind, k->point, k->point_len, NULL, &err))
		abort();
	/* kept, so that k.public is one object however often it is asked for
	 * (and `k.public == k.public`) */
	k->public_half = p;
	return pkey_ref(p);
}

const unsigned char *
pkey_fingerprint(const struct pkey *k)
{
	return k->fpr;
}

void
pkey_spki(const struct pkey *k, const unsigned char **der, size_t *n)
{
	*der = k->spki;
	*n = k->spki_len;
}

bool
pkey_same_public(const struct pkey *a, const struct pkey *b)
{
	return a->spki_len == b->spki_len && memcmp(a->spki, b->spki, a->spki_len) == 0;
}

int
pkey_rsa_numbers(const struct pkey *k, mpz_t n, mpz_t e, mpz_t d, mpz_t p, mpz_t q, struct cl_error *err)
{
	/* OpenSSL's order: p > q; libgcrypt's is the other way round */
	mpz_ptr want[R_COUNT] = { n, e, d, q, p, NULL };

	if (k->kind != PKEY_RSA)
		return cl_fail(err, GPG_ERR_WRONG_PUBKEY_ALGO, "this is %s key, not an RSA key",
			       k->kind == PKEY_P256 ? "an ECDSA P-256" : "an Ed25519");
	if ((d || p || q) && !k->private)
		return cl_fail(err, GPG_ERR_NO_SECKEY, "this is a public key: its private numbers are not in it");
	for (int i = 0; i < R_COUNT; i++)
		if (want[i])
			mpz_import(want[i], k->rsa[i].len, 1, 1, 1, 0, k->num + k->rsa[i].off);
	return 0;
}

int
pkey_ec_point(unsigned char **out, size_t *n, const struct pkey *k, struct cl_error *err)
{
	if (k->kind == PKEY_RSA)
		return cl_fail(err, GPG_ERR_WRONG_PUBKEY_ALGO, "an RSA key has no curve point");
	*out = xmalloc(k->point_len);
	memcpy(*out, k->point, k->point_len);
	*n = k->point_len;
	return 0;
}

int
pkey_ec_secret(unsigned char **out, size_t *n, const struct pkey *k, struct cl_error *err)
{
	if (k->kind == PKEY_RSA)
		return cl_fail(err, GPG_ERR_WRONG_PUBKEY_ALGO, "an RSA key has no curve scalar");
	if (!k->private)
		return cl_fail(err, GPG_ERR_NO_SECKEY, "this is a public key: its private number is not in it");
	*out = secure_alloc(EC_BYTES);
	memcpy(*out, k->num, EC_BYTES);
	*n = EC_BYTES;
	return 0;
}

gcry_sexp_t
pkey_gcry_private(const struct pkey *k)
{
	return k->priv;
}

gcry_sexp_t
pkey_gcry_public(const struct pkey *k)
{
	return k->pub;
}

/* ---- GnuTLS ---- */

int
pkey_to_gnutls_pubkey(gnutls_pubkey_t *out, const struct pkey *k, struct cl_error *err)
{
	gnutls_pubkey_t pub;
	int rc;

	*out = NULL;
	if ((rc = gnutls_pubkey_init(&pub)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	if (k->kind == PKEY_RSA) {
		gnutls_datum_t n = rsa_datum(k, R_N), e = rsa_datum(k, R_E);

		rc = gnutls_pubkey_import_rsa_raw(pub, &n, &e);
	} else if (k->kind == PKEY_P256) {
		gnutls_datum_t x = { (unsigned char *)k->point + 1, EC_BYTES };
		gnutls_datum_t y = { (unsigned char *)k->point + 1 + EC_BYTES, EC_BYTES };

		rc = gnutls_pubkey_import_ecc_raw(pub, GNUTLS_ECC_CURVE_SECP256R1, &x, &y);
	} else {
		gnutls_datum_t x = { (unsigned char *)k->point, EC_BYTES };

		rc = gnutls_pubkey_import_ecc_raw(pub, GNUTLS_ECC_CURVE_ED25519, &x, NULL);
	}
	if (rc < 0) {
		gnutls_pubkey_deinit(pub);
		return gnutls_fail(err, rc, "handing the public key to GnuTLS");
	}
	*out = pub;
	return 0;
}

int
pkey_to_gnutls_x509(gnutls_x509_privkey_t *out, const struct pkey *k, struct cl_error *err)
{
	gnutls_x509_privkey_t x;
	int rc;

	*out = NULL;
	if (!k->private)
		return cl_fail(err, GPG_ERR_NO_SECKEY, "this is a public key: the private key is needed");
	if ((rc = gnutls_x509_privkey_init(&x)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	if (k->kind == PKEY_RSA) {
		/* PKCS#1's p is libgcrypt's q: swapped, u is then PKCS#1's
		 * coefficient q^-1 mod p */
		gnutls_datum_t n = rsa_datum(k, R_N), e = rsa_datum(k, R_E), d = rsa_datum(k, R_D);
		gnutls_datum_t p = rsa_datum(k, R_Q), q = rsa_datum(k, R_P), u = rsa_datum(k, R_U);

		rc = gnutls_x509_privkey_import_rsa_raw(x, &n, &e, &d, &p, &q, &u);
	} else if (k->kind == PKEY_P256) {
		gnutls_datum_t px = { (unsigned char *)k->point + 1, EC_BYTES };
		gnutls_datum_t py = { (unsigned char *)k->point + 1 + EC_BYTES, EC_BYTES };
		gnutls_datum_t d = { k->num, EC_BYTES };

		rc = gnutls_x509_privkey_import_ecc_raw(x, GNUTLS_ECC_CURVE_SECP256R1, &px, &py, &d);
	} else {
		gnutls_datum_t px = { (unsigned char *)k->point, EC_BYTES };
		gnutls_datum_t d = { k->num, EC_BYTES };

		rc = gnutls_x509_privkey_import_ecc_raw(x, GNUTLS_ECC_CURVE_ED25519, &px, NULL, &d);
	}
	if (rc < 0) {
		gnutls_x509_privkey_deinit(x);
		return gnutls_fail(err, rc, "handing the private key to GnuTLS");
	}
	*out = x;
	return 0;
}

int
pkey_to_gnutls_privkey(gnutls_privkey_t *out, const struct pkey *k, struct cl_error *err)
{
	gnutls_x509_privkey_t x;
	gnutls_privkey_t p;
	int rc;

	*out = NULL;
	if (pkey_to_gnutls_x509(&x, k, err))
		return -1;
	if ((rc = gnutls_privkey_init(&p)) < 0) {
		gnutls_x509_privkey_deinit(x);
		return gnutls_fail(err, rc, "GnuTLS");
	}
	if ((rc = gnutls_privkey_import_x509(p, x, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE)) < 0) {
		gnutls_privkey_deinit(p);
		gnutls_x509_privkey_deinit(x);
		return gnutls_fail(err, rc, "handing the private key to GnuTLS");
	}
	*out = p;
	return 0;
}

static int
unsupported_algo(struct cl_error *err, int algo, const char *more)
{
	const char *name = gnutls_pk_get_name((gnutls_pk_algorithm_t)algo);

	if (algo == GNUTLS_PK_RSA_PSS)
		return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "this is an RSA-PSS key (limited to PSS "
			       "signatures): keys here are plain RSA, ECDSA P-256 and Ed25519; "
			       "`openssl genpkey -algorithm RSA` makes a plain RSA key");
	return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "this is %s %s key: keys here are RSA, ECDSA P-256 and "
		       "Ed25519%s", name && strchr("AEIOUaeiou", name[0]) ? "an" : "a", name ? name : "unknown",
		       more);
}

static int
unsupported_curve(struct cl_error *err, gnutls_ecc_curve_t curve)
{
	const char *name = gnutls_ecc_curve_get_name(curve);

	return cl_fail(err, GPG_ERR_UNKNOWN_CURVE, "unsupported curve '%s': EC keys here are on P-256 "
		       "(prime256v1) or Ed25519", name ? name : "unknown");
}

int
pkey_from_gnutls_pubkey(struct pkey **out, gnutls_pubkey_t pub, struct cl_error *err)
{
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	gnutls_ecc_curve_t curve;
	int algo = gnutls_pubkey_get_pk_algorithm(pub, NULL), rc;

	*out = NULL;
	if (algo == GNUTLS_PK_RSA) {
		if ((rc = gnutls_pubkey_export_rsa_raw2(pub, &a, &b, GNUTLS_EXPORT_FLAG_NO_LZ)) < 0)
			return gnutls_fail(err, rc, "reading the RSA public key");
		rc = rsa_from_numbers(out, (const unsigned char *[R_COUNT]){ a.data, b.data },
				      (size_t[R_COUNT]){ a.size, b.size }, false, err);
	} else if (algo == GNUTLS_PK_ECDSA || algo == GNUTLS_PK_EDDSA_ED25519) {
		unsigned char q[P256_POINT_BYTES];

		if ((rc = gnutls_pubkey_export_ecc_raw2(pub, &curve, &a, &b, GNUTLS_EXPORT_FLAG_NO_LZ)) < 0)
			return gnutls_fail(err, rc, "reading the EC public key");
		if (curve == GNUTLS_ECC_CURVE_SECP256R1) {
			q[0] = 0x04;
			if (left_pad(q + 1, EC_BYTES, a.data, a.size) || left_pad(q + 1 + EC_BYTES, EC_BYTES, b.data, b.size))
				rc = cl_fail(err, GPG_ERR_BAD_PUBKEY, "this P-256 public key is not valid");
			else
				rc = ec_from_parts(out, PKEY_P256, q, P256_POINT_BYTES, NULL, err);
		} else if (curve == GNUTLS_ECC_CURVE_ED25519)
			rc = ec_from_parts(out, PKEY_ED25519, a.data, a.size, NULL, err);
		else
			rc = unsupported_curve(err, curve);
	} else
		return unsupported_algo(err, algo, "");
	gnutls_free(a.data);
	gnutls_free(b.data);
	return rc;
}

/* A key from GnuTLS's X.509 private key. */
static int
from_gnutls_x509(struct pkey **out, gnutls_x509_privkey_t x, struct cl_error *err)
{
	gnutls_datum_t d[8] = { 0 };
	gnutls_ecc_curve_t curve;
	int algo = gnutls_x509_privkey_get_pk_algorithm2(x, NULL), rc;

	*out = NULL;
	if (algo == GNUTLS_PK_RSA) {
		if ((rc = gnutls_x509_privkey_export_rsa_raw2(x, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5],
							      &d[6], &d[7])) < 0)
			rc = gnutls_fail(err, rc, "reading the RSA private key");
		else
			rc = rsa_from_numbers(out, (const unsigned char *[R_COUNT]){ d[0].data, d[1].data,
					      d[2].data, d[3].data, d[4].data },
					      (size_t[R_COUNT]){ d[0].size, d[1].size, d[2].size, d[3].size,
					      d[4].size }, true, err);
	} else if (algo == GNUTLS_PK_ECDSA || algo == GNUTLS_PK_EDDSA_ED25519) {
		unsigned char *s = secure_alloc(EC_BYTES), q[P256_POINT_BYTES];

		if ((rc = gnutls_x509_privkey_export_ecc_raw(x, &curve, &d[0], &d[1], &d[2])) < 0)
			rc = gnutls_fail(err, rc, "reading the EC private key");
		else if (curve != GNUTLS_ECC_CURVE_SECP256R1 && curve != GNUTLS_ECC_CURVE_ED25519)
			rc = unsupported_curve(err, curve);
		else if (left_pad(s, EC_BYTES, d[2].data, d[2].size))
			rc = cl_fail(err, GPG_ERR_BAD_SECKEY, "this EC private key is not valid: its private "
				     "number is too large");
		else if (curve == GNUTLS_ECC_CURVE_ED25519)
			rc = ec_from_parts(out, PKEY_ED25519, d[0].size ? d[0].data : NULL, d[0].size, s, err);
		else {
			q[0] = 0x04;
			if (d[0].size && d[1].size && left_pad(q + 1, EC_BYTES, d[0].data, d[0].size) == 0
			    && left_pad(q + 1 + EC_BYTES, EC_BYTES, d[1].data, d[1].size) == 0)
				rc = ec_from_parts(out, PKEY_P256, q, P256_POINT_BYTES, s, err);
			else
				rc = ec_from_parts(out, PKEY_P256, NULL, 0, s, err);
		}
		secure_free(s, EC_BYTES);
	} else
		rc = unsupported_algo(err, algo, "");
	for (int i = 0; i < 8; i++)
		datum_wipe(&d[i]);
	return rc;
}

/* ---- files ---- */

int
pkey_export_private(char **out, size_t *n, const struct pkey *k, enum pkey_format format,
		    const char *password, struct cl_error *err)
{
	gnutls_x509_privkey_t x;
	gnutls_datum_t d = { NULL, 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if (password && !*password)
		return cl_fail(err, GPG_ERR_INV_PASSPHRASE, "the password is empty: an empty password "
			       "protects nothing (leave password= out for an unencrypted key)");
	if (pkey_to_gnutls_x509(&x, k, err))
		return -1;
	rc = gnutls_x509_privkey_export2_pkcs8(x, format == PKEY_PEM ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER,
					       password, password ? GNUTLS_PKCS_PBES2_AES_256 : GNUTLS_PKCS_PLAIN,
					       &d);
	gnutls_x509_privkey_deinit(x);
	if (rc < 0)
		return gnutls_fail(err, rc, "encoding the private key");
	*out = xmalloc(d.size + 1);
	memcpy(*out, d.data, d.size);
	(*out)[d.size] = '\0';
	*n = d.size;
	datum_wipe(&d);
	return 0;
}

int
pkey_export_public(char **out, size_t *n, const struct pkey *k, enum pkey_format format, struct cl_error *err)
{
	gnutls_pubkey_t pub;
	gnutls_datum_t d = { NULL, 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if (format == PKEY_DER) {
		*out = xmalloc(k->spki_len + 1);
		memcpy(*out, k->spki, k->spki_len);
		(*out)[k->spki_len] = '\0';
		*n = k->spki_len;
		return 0;
	}
	if (pkey_to_gnutls_pubkey(&pub, k, err))
		return -1;
	rc = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_PEM, &d);
	gnutls_pubkey_deinit(pub);
	if (rc < 0)
		return gnutls_fail(err, rc, "encoding the public key");
	*out = xmalloc(d.size + 1);
	memcpy(*out, d.data, d.size);
	(*out)[d.size] = '\0';
	*n = d.size;
	gnutls_free(d.data);
	return 0;
}

/* What a PEM label holds. */
enum label { L_PRIVATE, L_ENCRYPTED, L_PUBLIC, L_RSA_PUBLIC, L_OPENSSH, L_OTHER_KEY, L_NOT_KEY };

static enum label
classify(const char *label)
{
	static const struct { const char *label; enum label what; } labels[] = {
		{ "PRIVATE KEY", L_PRIVATE }, { "RSA PRIVATE KEY", L_PRIVATE },
		{ "EC PRIVATE KEY", L_PRIVATE }, { "ENCRYPTED PRIVATE KEY", L_ENCRYPTED },
		{ "PUBLIC KEY", L_PUBLIC }, { "RSA PUBLIC KEY", L_RSA_PUBLIC },
		{ "OPENSSH PRIVATE KEY", L_OPENSSH }, { "DSA PRIVATE KEY", L_OTHER_KEY },
		{ "PGP PRIVATE KEY BLOCK", L_OTHER_KEY }, { "PGP PUBLIC KEY BLOCK", L_OTHER_KEY },
		{ "SSH2 PUBLIC KEY", L_OTHER_KEY }, { "DH PARAMETERS", L_OTHER_KEY },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(label, labels[i].label) == 0)
			return labels[i].what;
	return L_NOT_KEY;
}

/* The first PEM block of DATA: its label (in LABEL) and where its END line
 * is (NULL when it has none). "EC PARAMETERS" blocks before a key (what
 * `openssl ecparam -genkey` writes) are skipped. 0 when DATA has no PEM. */
static int
pem_block(const char *data, size_t n, char *label, size_t size, const char **end)
{
	const char *p = data, *stop = data + n;

	for (;;) {
		const char *b = memmem(p, (size_t)(stop - p), "-----BEGIN ", 11), *e;
		char want[96];
		size_t len;

		if (!b)
			return 0;
		b += 11;
		e = memmem(b, (size_t)(stop - b), "-----", 5);
		len = e ? (size_t)(e - b) : 0;
		if (!e || len == 0 || len >= size || memchr(b, '\n', len)) {
			snprintf(label, size, "?");
			*end = NULL;
			return 1;
		}
		memcpy(label, b, len);
		label[len] = '\0';
		snprintf(want, sizeof want, "-----END %s-----", label);
		*end = memmem(e, (size_t)(stop - e), want, strlen(want));
		if (strcmp(label, "EC PARAMETERS") != 0 || !*end)
			return 1;
		p = *end;
	}
}

bool
pkey_looks_like_text(const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

/* Whether DER holds an encrypted PKCS#8 key, as GnuTLS reads one. */
static bool
der_is_encrypted_pkcs8(const gnutls_datum_t *der)
{
	unsigned schema, cipher, iter = 0;
	unsigned char salt[256];
	unsigned salt_size = sizeof salt;
	char *oid = NULL;
	int rc = gnutls_pkcs8_info(der, GNUTLS_X509_FMT_DER, &schema, &cipher, salt, &salt_size, &iter, &oid);

	gnutls_free(oid);
	return rc >= 0;
}

static int
import_private(struct pkey **out, const gnutls_datum_t *data, gnutls_x509_crt_fmt_t fmt, const char *password,
	       bool encrypted, struct cl_error *err)
{
	gnutls_x509_privkey_t x;
	int rc;

	if ((rc = gnutls_x509_privkey_init(&x)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	rc = gnutls_x509_privkey_import2(x, data, fmt, password, password ? 0 : GNUTLS_PKCS_PLAIN);
	/* GnuTLS's last try on DER is an encrypted key, so any DER it cannot
	 * read ends in "decryption failed": "30 00" is no encrypted key */
	if (rc == GNUTLS_E_DECRYPTION_FAILED && fmt == GNUTLS_X509_FMT_DER && !der_is_encrypted_pkcs8(data))
		rc = GNUTLS_E_ASN1_DER_ERROR;
	if (rc < 0 && !password && (encrypted || rc == GNUTLS_E_DECRYPTION_FAILED))
		rc = cl_fail(err, GPG_ERR_NO_PASSPHRASE, "this private key is encrypted: give its password "
			     "(password=\"...\")");
	else if (rc == GNUTLS_E_DECRYPTION_FAILED)
		rc = cl_fail(err, GPG_ERR_BAD_PASSPHRASE, "wrong password for this private key");
	else if (rc == GNUTLS_E_PK_INVALID_PUBKEY || rc == GNUTLS_E_ECC_UNSUPPORTED_CURVE)
		rc = cl_fail(err, GPG_ERR_UNKNOWN_CURVE, "unsupported curve: EC keys here are on P-256 "
			     "(prime256v1) or Ed25519");
	else if (rc < 0)
		rc = cl_fail(err, GPG_ERR_INV_OBJ, "this private key cannot be read: its %s is damaged or cut "
			     "short, or the key is of a kind not known here (keys here are RSA, ECDSA P-256 "
			     "and Ed25519)", fmt == GNUTLS_X509_FMT_PEM ? "base64 or the DER inside" : "DER");
	else
		rc = from_gnutls_x509(out, x, err);
	gnutls_x509_privkey_deinit(x);
	return rc;
}

static int
import_public(struct pkey **out, const gnutls_datum_t *data, gnutls_x509_crt_fmt_t fmt, struct cl_error *err)
{
	gnutls_pubkey_t pub;
	int rc;

	if ((rc = gnutls_pubkey_init(&pub)) < 0)
		return gnutls_fail(err, rc, "GnuTLS");
	rc = gnutls_pubkey_import(pub, data, fmt);
	if (rc == GNUTLS_E_ECC_UNSUPPORTED_CURVE)
		rc = cl_fail(err, GPG_ERR_UNKNOWN_CURVE, "unsupported curve: EC keys here are on P-256 "
			     "(prime256v1) or Ed25519");
	else if (rc < 0)
		rc = cl_fail(err, GPG_ERR_INV_OBJ, "this public key cannot be read: its %s is damaged or cut "
			     "short, or the key is of a kind not known here (keys here are RSA, ECDSA P-256 "
			     "and Ed25519)", fmt == GNUTLS_X509_FMT_PEM ? "base64 or the DER inside" : "DER");
	else
		rc = pkey_from_gnutls_pubkey(out, pub, err);
	gnutls_pubkey_deinit(pub);
	return rc;
}

int
pkey_import(struct pkey **out, const void *data, size_t n, const char *password, struct cl_error *err)
{
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)n };
	char label[64];
	const char *end;

	*out = NULL;
	if (n > PKEY_MAX_FILE)
		return cl_fail(err, PKEY_NOT_A_KEY, "%zu bytes is too large to be a key (at most %zu)", n,
			       PKEY_MAX_FILE);
	if (n == 0)
		return cl_fail(err, PKEY_NOT_A_KEY, "this is empty, not a key");
	if (pem_block(data, n, label, sizeof label, &end)) {
		enum label what = classify(label);

		if (what == L_NOT_KEY)
			return cl_fail(err, PKEY_NOT_A_KEY, "this is a PEM '%s', not a key", label);
		if (!end)
			return cl_fail(err, GPG_ERR_BAD_DATA, "the PEM '%s' is cut short: its line "
				       "'-----END %s-----' is missing", label, label);
		switch (what) {
		case L_PRIVATE:
		case L_ENCRYPTED:
			return import_private(out, &d, GNUTLS_X509_FMT_PEM, password, what == L_ENCRYPTED, err);
		case L_PUBLIC:
			return import_public(out, &d, GNUTLS_X509_FMT_PEM, err);
		case L_RSA_PUBLIC:
			return cl_fail(err, GPG_ERR_UNSUPPORTED_ALGORITHM, "this is an RSA public key in the old "
				       "PKCS#1 form ('RSA PUBLIC KEY'): convert it to the usual form with `openssl "
				       "rsa -RSAPublicKey_in -in FILE -pubout -out pub.pem`");
		case L_OPENSSH:
			return cl_fail(err, GPG_ERR_UNSUPPORTED_ALGORITHM, "this is an OpenSSH private key: "
				       "convert a copy with `ssh-keygen -p -m PKCS8 -f COPY`");
		default:
			return cl_fail(err, GPG_ERR_PUBKEY_ALGO, "this is a PEM '%s': keys here are RSA, "
				       "ECDSA P-256 and Ed25519", label);
		}
	}
	if (pkey_looks_like_text(data, n))
		return cl_fail(err, PKEY_NOT_A_KEY, "this text is not a key: it has no '-----BEGIN' line");
	if (((const unsigned char *)data)[0] != 0x30)
		return cl_fail(err, PKEY_NOT_A_KEY, "these bytes are not a key: neither PEM nor DER");
	/* DER: a private key (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8), else a
	 * SubjectPublicKeyInfo */
	{
		struct cl_error e1, e2;

		if (import_private(out, &d, GNUTLS_X509_FMT_DER, password, false, &e1) == 0)
			return 0;
		if (e1.code != GPG_ERR_INV_OBJ) {
			*err = e1;
			return -1;
		}
		if (import_public(out, &d, GNUTLS_X509_FMT_DER, &e2) == 0)
			return 0;
		if (e2.code != GPG_ERR_INV_OBJ) {
			*err = e2;
			return -1;
		}
	}
	return cl_fail(err, PKEY_NOT_A_KEY, "this DER is not a key: neither a private key (PKCS#8, PKCS#1, "
		       "SEC1) nor a public key");
}

/* ---- operations ---- */

static size_t
rsa_bytes(const struct pkey *k)
{
	return (k->bits + 7) / 8;
}

/* The value of token NAME in S as exactly SIZE big-endian bytes (an MPI
 * left-padded) into OUT. */
static int
sexp_fixed(unsigned char *out, size_t size, gcry_sexp_t s, const char *name)
{
	unsigned char *v;
	size_t n;
	int rc;

	if (sexp_value(&v, &n, s, name, true))
		return -1;
	rc = left_pad(out, size, v, n);
	secure_free(v, n);
	return rc;
}

static int
check_message(size_t len, struct cl_error *err)
{
	if (len > PKEY_MAX_MESSAGE)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the message has %zu bytes: at most %zu are signed "
			       "here", len, PKEY_MAX_MESSAGE);
	return 0;
}

static int
need_private(const struct pkey *k, struct cl_error *err)
{
	if (!k->private)
		return cl_fail(err, GPG_ERR_NO_SECKEY, "this is a public key: signing and decrypting need "
			       "the private key");
	return 0;
}

int
pkey_sign(unsigned char **sig, size_t *n, const struct pkey *k, const void *msg, size_t len,
	  struct cl_error *err)
{
	gcry_sexp_t data = NULL, s = NULL;
	unsigned char digest[32], salt[32];
	gpg_error_t e;
	int rc = -1;

	*sig = NULL;
	*n = 0;
	if (check_message(len, err) || need_private(k, err))
		return -1;
	sha256(digest, msg, len);
	switch (k->kind) {
	case PKEY_RSA:
		random_bytes(salt, sizeof salt);
		e = gcry_sexp_build(&data, NULL, "(data(flags pss)(hash sha256 %b)(salt-length %u)"
				    "(random-override %b))", 32, digest, 32u, 32, salt);
		break;
	case PKEY_P256:
		e = gcry_sexp_build(&data, NULL, "(data(flags rfc6979)(hash sha256 %b))", 32, digest);
		break;
	default:
		e = gcry_sexp_build(&data, NULL, "(data(flags eddsa)(hash-algo sha512)(value %b))",
				    (int)len, len ? msg : "");
	}
	if (!e)
		e = gcry_pk_sign(&s, data, k->priv);
	if (e) {
		cl_fail_gcry(err, e, "signing");
		goto leave;
	}
	if (k->kind == PKEY_RSA) {
		*n = rsa_bytes(k);
		*sig = xmalloc(*n);
		if (sexp_fixed(*sig, *n, s, "s"))
			goto bad;
	} else if (k->kind == PKEY_ED25519) {
		*n = 2 * EC_BYTES;
		*sig = xmalloc(*n);
		if (sexp_fixed(*sig, EC_BYTES, s, "r") || sexp_fixed(*sig + EC_BYTES, EC_BYTES, s, "s"))
			goto bad;
	} else {
		unsigned char rs[2 * EC_BYTES];
		gnutls_datum_t r = { rs, EC_BYTES }, sv = { rs + EC_BYTES, EC_BYTES }, der = { NULL, 0 };

		if (sexp_fixed(rs, EC_BYTES, s, "r") || sexp_fixed(rs + EC_BYTES, EC_BYTES, s, "s")
		    || gnutls_encode_rs_value(&der, &r, &sv) < 0)
			goto bad;
		*sig = xmalloc(der.size);
		memcpy(*sig, der.data, der.size);
		*n = der.size;
		gnutls_free(der.data);
	}
	rc = 0;
	goto leave;
bad:
	free(*sig);
	*sig = NULL;
	*n = 0;
	cl_fail(err, GPG_ERR_INTERNAL, "signing: libgcrypt's signature has an unexpected form");
leave:
	explicit_bzero(salt, sizeof salt);
	gcry_sexp_release(data);
	gcry_sexp_release(s);
	return rc;
}

/* RSA-PSS: one salt length. */
static bool
pss_ok(const struct pkey *k, const unsigned char digest[32], const void *sig, size_t n, unsigned saltlen)
{
	gcry_sexp_t data = NULL, s = NULL;
	bool good = false;

	if (!gcry_sexp_build(&data, NULL, "(data(flags pss)(hash sha256 %b)(salt-length %u))", 32, digest,
			     saltlen)
	    && !gcry_sexp_build(&s, NULL, "(sig-val(rsa(s %b)))", (int)n, sig))
		good = gcry_pk_verify(s, data, k->pub) == 0;
	gcry_sexp_release(data);
	gcry_sexp_release(s);
	return good;
}

int
pkey_verify(bool *good, const struct pkey *k, const void *msg, size_t len, const void *sig, size_t n,
	    struct cl_error *err)
{
	gcry_sexp_t data = NULL, s = NULL;
	unsigned char digest[32];

	*good = false;
	if (check_message(len, err))
		return -1;
	sha256(digest, msg, len);
	if (k->kind == PKEY_RSA) {
		/* exactly the modulus size, and less than n */
		size_t em = (k->bits - 1 + 7) / 8;
		gcry_mpi_t sm = NULL, nm;

		if (n != rsa_bytes(k) || gcry_mpi_scan(&sm, GCRYMPI_FMT_USG, sig, n, NULL))
			return 0;
		nm = rsa_mpi(k, R_N);
		if (gcry_mpi_cmp(sm, nm) < 0)
			*good = pss_ok(k, digest, sig, n, 32) || (em >= 34 && pss_ok(k, digest, sig, n,
				(unsigned)(em - 34))) || pss_ok(k, digest, sig, n, 0);
		gcry_mpi_release(sm);
		gcry_mpi_release(nm);
		return 0;
	}
	if (k->kind == PKEY_ED25519) {
		if (n != 2 * EC_BYTES)
			return 0;
		if (!gcry_sexp_build(&data, NULL, "(data(flags eddsa)(hash-algo sha512)(value %b))", (int)len,
				     len ? msg : "")
		    && !gcry_sexp_build(&s, NULL, "(sig-val(eddsa(r %b)(s %b)))", EC_BYTES, sig, EC_BYTES,
					(const unsigned char *)sig + EC_BYTES))
			*good = gcry_pk_verify(s, data, k->pub) == 0;
	} else {
		/* a DER Ecdsa-Sig-Value, and only in its one DER form (as OpenSSL,
		 * which encodes it again and compares) */
		gnutls_datum_t in = { (unsigned char *)sig, (unsigned)n }, r = { NULL, 0 }, sv = { NULL, 0 };
		gnutls_datum_t again = { NULL, 0 };

		if (n > 0 && n < 128 && gnutls_decode_rs_value(&in, &r, &sv) == 0
		    && gnutls_encode_rs_value(&again, &r, &sv) == 0 && again.size == n
		    && memcmp(again.data, sig, n) == 0
		    && !gcry_sexp_build(&data, NULL, "(data(flags raw)(hash sha256 %b))", 32, digest)
		    && !gcry_sexp_build(&s, NULL, "(sig-val(ecdsa(r %b)(s %b)))", (int)r.size, r.data,
					(int)sv.size, sv.data))
			*good = gcry_pk_verify(s, data, k->pub) == 0;
		gnutls_free(r.data);
		gnutls_free(sv.data);
		gnutls_free(again.data);
	}
	gcry_sexp_release(data);
	gcry_sexp_release(s);
	return 0;
}

size_t
pkey_oaep_max(const struct pkey *k)
{
	return k->kind == PKEY_RSA ? rsa_bytes(k) - 2 * 32 - 2 : 0;
}

static int
need_rsa(const struct pkey *k, const char *what, struct cl_error *err)
{
	if (k->kind != PKEY_RSA)
		return cl_fail(err, GPG_ERR_WRONG_PUBKEY_ALGO, "%s needs an RSA key, not %s key (an EC key "
			       "signs but does not encrypt)", what, k->kind == PKEY_P256 ? "an ECDSA P-256" : "an Ed25519");
	return 0;
}

int
pkey_oaep_encrypt(unsigned char **ct, size_t *n, const struct pkey *k, const void *msg, size_t len,
		  struct cl_error *err)
{
	gcry_sexp_t data = NULL, c = NULL;
	unsigned char seed[32];
	gpg_error_t e;
	int rc = -1;

	*ct = NULL;
	*n = 0;
	if (need_rsa(k, "OAEP encryption", err))
		return -1;
	if (len > pkey_oaep_max(k))
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%zu bytes is too long for RSA-OAEP under a %u-bit key: "
			       "at most %zu (RSA carries a short secret such as a key, and that key encrypts the "
			       "message, e.g. with Fernet)", len, k->bits, pkey_oaep_max(k));
	if (len == 0)
		return cl_fail(err, GPG_ERR_TOO_SHORT, "the message is empty: there is nothing to encrypt");
	random_bytes(seed, sizeof seed);
	e = gcry_sexp_build(&data, NULL, "(data(flags oaep)(hash-algo sha256)(value %b)(random-override %b))",
			    (int)len, msg, 32, seed);
	if (!e)
		e = gcry_pk_encrypt(&c, data, k->pub);
	if (e) {
		cl_fail_gcry(err, e, "encrypting");
		goto leave;
	}
	*n = rsa_bytes(k);
	*ct = xmalloc(*n);
	if (sexp_fixed(*ct, *n, c, "a")) {
		free(*ct);
		*ct = NULL;
		*n = 0;
		cl_fail(err, GPG_ERR_INTERNAL, "encrypting: libgcrypt's ciphertext has an unexpected form");
		goto leave;
	}
	rc = 0;
leave:
	explicit_bzero(seed, sizeof seed);
	gcry_sexp_release(data);
	gcry_sexp_release(c);
	return rc;
}

int
pkey_oaep_decrypt(unsigned char **msg, size_t *n, const struct pkey *k, const void *ct, size_t len,
		  struct cl_error *err)
{
	gcry_sexp_t data = NULL, plain = NULL;
	unsigned char *v = NULL;
	size_t vn = 0;
	int rc = -1;

	*msg = NULL;
	*n = 0;
	if (need_rsa(k, "OAEP decryption", err) || need_private(k, err))
		return -1;
	if (len != rsa_bytes(k))
		return cl_fail(err, GPG_ERR_BAD_DATA, "a ciphertext under this %u-bit key has exactly %zu bytes, "
			       "not %zu", k->bits, rsa_bytes(k), len);
	if (!gcry_sexp_build(&data, NULL, "(enc-val(flags oaep)(hash-algo sha256)(rsa(a %b)))", (int)len, ct)
	    && !gcry_pk_decrypt(&plain, data, k->priv)) {
		gcry_sexp_t l = gcry_sexp_find_token(plain, "value", 0);
		const char *p = l ? gcry_sexp_nth_data(l, 1, &vn) : NULL;

		if (p) {
			v = xmalloc(vn + 1);
			memcpy(v, p, vn);
			v[vn] = 0;
			explicit_bzero((void *)p, vn);
			rc = 0;
		}
		gcry_sexp_release(l);
	}
	gcry_sexp_release(data);
	gcry_sexp_release(plain);
	if (rc)
		return cl_fail(err, GPG_ERR_DECRYPT_FAILED, "decryption failed: the ciphertext was changed, or "
			       "made for another key");
	*msg = v;
	*n = vn;
	return 0;
}
