/* Real public keys: RSA (2048 to 4096 bits made here, up to 8192 read from a
 * file), ECDSA over P-256 and Ed25519. The keys and every operation on them
 * are libgcrypt's; the file formats are GnuTLS's (PKCS#8, encrypted PKCS#8,
 * PKCS#1, SEC1 and SubjectPublicKeyInfo, as PEM or DER), so that whatever is
 * written here OpenSSL and Python's cryptography read, and the other way round.
 * No ASN.1 is written by hand.
 *
 * A key is immutable once made and reference counted (pkey_ref, pkey_unref),
 * so a certificate, a CSR and the shell's values can share one. Private
 * numbers live in libgcrypt's secure memory (a secure S-expression); what
 * passes through GnuTLS (file formats) is wiped before it is freed.
 *
 * Reproducible keys. Under --seed (random_seeded()), every key comes from the
 * deterministic generator of libcore/random.h, so a demo or a golden
 * transcript shows the same key every time:
 * - RSA: libgcrypt's gcry_pk_genkey still makes the key, but from starting
 *   points drawn from the seeded generator and handed to it as the
 *   `(derive-parms (Xp1 ..)(Xp2 ..)(Xp ..)(Xq1 ..)(Xq2 ..)(Xq ..))` of ANSI
 *   X9.31 (libgcrypt's generate_x931): each prime is the first suitable one
 *   after its starting point, so the same seed gives the same primes. (The
 *   other hook, `(test-parms (e ..)(p ..)(q ..))`, only checks given primes
 *   in libgcrypt 1.10 and returns no key; `(rsa-use-e ..)` only sets e.)
 *   Without a seed, gcry_pk_genkey's own generator runs (generate_std with
 *   GCRY_VERY_STRONG_RANDOM), which is about twice as fast.
 * - P-256: d is drawn from the seeded generator, and Ed25519's 32-byte
 *   secret; libgcrypt computes the public point from it (gcry_mpi_ec_new over
 *   the private key, then gcry_pubkey_get_sexp). Without a seed,
 *   gcry_pk_genkey makes the key. Either way a P-256 d is drawn again until
 *   its top byte is from 0x01 to 0x7f: GnuTLS 3.7 writes d as a DER integer,
 *   and only such a d fills exactly the 32 bytes RFC 5915 asks for (Python's
 *   cryptography refuses 31 or 33). A P-256 key read from a file with another
 *   d is written back in 31 or 33 bytes: OpenSSL reads that, Python does not.
 * - The randomness inside operations comes from random.h too: the PSS salt
 *   and the OAEP seed are handed to libgcrypt as `(random-override ..)`, and
 *   ECDSA takes its nonce k from the key and the message (RFC 6979), so
 *   signatures and ciphertexts repeat under --seed as well. Ed25519 is
 *   deterministic by design.
 */
#ifndef CL_PKEY_H
#define CL_PKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <gmp.h>
#include <gcrypt.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>
#include "libcore/error.h"

enum pkey_kind { PKEY_RSA, PKEY_P256, PKEY_ED25519 };

/* Sizes of RSA keys: made here in these three sizes only; read from a file
 * from 2048 to 8192 bits (below 2048 a key is a toy: rsa.toy). */
#define PKEY_RSA_MIN_BITS 2048
#define PKEY_RSA_MAX_BITS 8192
#define PKEY_RSA_DEFAULT_BITS 3072
/* The largest message signed, verified or read as a key file: 64 MiB and
 * 1 MiB. */
#define PKEY_MAX_MESSAGE ((size_t)64 << 20)
#define PKEY_MAX_FILE ((size_t)1 << 20)
/* SHA-256 of the DER SubjectPublicKeyInfo, as
 * `openssl pkey -pubin -outform DER | openssl dgst -sha256` prints it. */
#define PKEY_FINGERPRINT_BYTES 32

struct pkey;

/* "rsa", "p256", "ed25519" (what ec.keygen takes and .kind gives). */
const char *pkey_kind_name(enum pkey_kind kind);
/* "RSA", "ECDSA P-256", "Ed25519" (for people). */
const char *pkey_kind_title(enum pkey_kind kind);
/* "p256" (also "p-256", "prime256v1", "secp256r1") or "ed25519" to a kind;
 * the error lists what is accepted. */
int pkey_curve_parse(enum pkey_kind *kind, const char *name, struct cl_error *err);

/* A new RSA key of BITS (2048, 3072 or 4096; anything else is refused with
 * the reason). Key generation cannot be interrupted inside libgcrypt, so
 * gcry_pk_genkey runs in a child process (libcore/child.h): Ctrl-C stops it
 * at once. */
int pkey_generate_rsa(struct pkey **out, unsigned bits, struct cl_error *err);
/* A new P-256 or Ed25519 key (KIND must not be PKEY_RSA); without a seed,
 * gcry_pk_genkey also runs in a child (its strongest random level keeps
 * memory it never frees). */
int pkey_generate_ec(struct pkey **out, enum pkey_kind kind, struct cl_error *err);

struct pkey *pkey_ref(struct pkey *k);
/* Drop a reference (K may be NULL); the last one wipes and frees. (Not
 * "pkey_free": glibc has one, for memory protection keys.) */
void pkey_unref(struct pkey *k);

enum pkey_kind pkey_kind(const struct pkey *k);
/* The modulus size for RSA, 256 for P-256 and Ed25519. */
unsigned pkey_bits(const struct pkey *k);
bool pkey_is_private(const struct pkey *k);
/* The public half as a key of its own (a new reference; K itself when it is
 * public already; always the same object for the same K). */
struct pkey *pkey_public(struct pkey *k);
/* PKEY_FINGERPRINT_BYTES bytes. */
const unsigned char *pkey_fingerprint(const struct pkey *k);
/* The DER SubjectPublicKeyInfo (borrowed). */
void pkey_spki(const struct pkey *k, const unsigned char **der, size_t *n);
/* Do A and B have the same public key (a key and a certificate's)? */
bool pkey_same_public(const struct pkey *a, const struct pkey *b);

/* RSA numbers (any pointer may be NULL): N and E of any RSA key, D, P, Q
 * (P > Q, as OpenSSL prints them) of a private one. -1 when K is not RSA or
 * a private number is asked of a public key. */
int pkey_rsa_numbers(const struct pkey *k, mpz_t n, mpz_t e, mpz_t d, mpz_t p, mpz_t q,
		     struct cl_error *err);
/* The public point as it travels in a SubjectPublicKeyInfo: 65 bytes
 * 04||x||y for P-256, 32 bytes for Ed25519. *OUT malloc'ed. */
int pkey_ec_point(unsigned char **out, size_t *n, const struct pkey *k, struct cl_error *err);
/* The private scalar of an EC key: P-256's d (32 bytes, big-endian) or
 * Ed25519's 32-byte secret. *OUT in secure memory: release with
 * pkey_secret_free. */
int pkey_ec_secret(unsigned char **out, size_t *n, const struct pkey *k, struct cl_error *err);

/* ---- files ---- */

enum pkey_format { PKEY_PEM, PKEY_DER };

/* The private key as PKCS#8 ("BEGIN PRIVATE KEY"), or encrypted PKCS#8
 * ("BEGIN ENCRYPTED PRIVATE KEY": PBES2 with PBKDF2 and AES-256-CBC, what
 * `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes) when PASSWORD is not NULL.
 * *OUT is malloc'ed and NUL-terminated; release it with pkey_secret_free. */
int pkey_export_private(char **out, size_t *n, const struct pkey *k, enum pkey_format format,
			const char *password, struct cl_error *err);
/* The public key as SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"). *OUT
 * malloc'ed and NUL-terminated. */
int pkey_export_public(char **out, size_t *n, const struct pkey *k, enum pkey_format format,
		       struct cl_error *err);
/* Wipe N bytes at P and free them (P may be NULL). */
void pkey_secret_free(void *p, size_t n);
/* Whether the N bytes at DATA could be text (no control character but tab,
 * CR and LF), and so no DER: a file without a '-----BEGIN' line is then
 * said to be text that is no key (or no certificate), not bytes. */
bool pkey_looks_like_text(const void *data, size_t n);

/* Read a key from DATA (N bytes): PEM (PKCS#8, encrypted PKCS#8, PKCS#1
 * "RSA PRIVATE KEY" also with OpenSSL's old encryption, SEC1 "EC PRIVATE
 * KEY", SubjectPublicKeyInfo "PUBLIC KEY") or the same as DER. PASSWORD (or
 * NULL) opens an encrypted key. Errors say what is wrong: a truncated PEM
 * block, a wrong password, an unsupported curve or kind, a key too small.
 * When DATA is not a key at all (a certificate, any other file), the error
 * code is PKEY_NOT_A_KEY and the message says what it seems to be, so that a
 * caller trying several kinds of object can go on to the next. */
#define PKEY_NOT_A_KEY GPG_ERR_NO_OBJ
int pkey_import(struct pkey **out, const void *data, size_t n, const char *password,
		struct cl_error *err);

/* ---- operations ----
 * Messages are hashed with SHA-256 (Ed25519 signs the message itself, as
 * RFC 8032's pure Ed25519). Signatures and ciphertexts are malloc'ed. */

/* RSA: RSASSA-PSS with SHA-256, MGF1-SHA-256, a 32-byte salt (what
 * `openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt
 * rsa_pss_saltlen:32` makes); P-256: ECDSA-SHA256 as a DER Ecdsa-Sig-Value
 * (what `openssl dgst -sha256 -sign` makes); Ed25519: the 64 bytes R||S.
 * K must be private. */
int pkey_sign(unsigned char **sig, size_t *n, const struct pkey *k, const void *msg, size_t len,
	      struct cl_error *err);
/* *GOOD says whether SIG is K's signature of MSG. A bad signature (wrong
 * key, changed message, damaged or malformed bytes) is *GOOD = false, not an
 * error; -1 only for a message over the limit. RSA-PSS accepts the salt
 * lengths OpenSSL and Python use: 32 (the digest), the maximum, and 0. */
int pkey_verify(bool *good, const struct pkey *k, const void *msg, size_t len, const void *sig,
		size_t n, struct cl_error *err);

/* RSAES-OAEP with SHA-256 and MGF1-SHA-256, no label. From 1 byte (libgcrypt
 * takes no empty message) to pkey_oaep_max(k) bytes (190 for 2048 bits); a
 * ciphertext is the modulus size. */
size_t pkey_oaep_max(const struct pkey *k);
int pkey_oaep_encrypt(unsigned char **ct, size_t *n, const struct pkey *k, const void *msg,
		      size_t len, struct cl_error *err);
/* Every failure of a ciphertext (wrong key, changed bytes, wrong padding) is
 * the same error, so that the error tells an attacker nothing (Manger's
 * attack needs to tell the cases apart). *MSG is released with
 * pkey_secret_free. */
int pkey_oaep_decrypt(unsigned char **msg, size_t *n, const struct pkey *k, const void *ct,
		      size_t len, struct cl_error *err);

/* ---- for libgcrypt and GnuTLS callers (certificates, TLS, benchmarks) ---- */

/* libgcrypt's S-expression of the key, borrowed: the private key (NULL for a
 * public key) or the public one. */
gcry_sexp_t pkey_gcry_private(const struct pkey *k);
gcry_sexp_t pkey_gcry_public(const struct pkey *k);
/* New GnuTLS objects holding K, for the caller to deinit: the public key
 * (for a certificate's or a request's subject key), the private key as an
 * X.509 private key (for gnutls_certificate_set_x509_key) and as an
 * abstract private key (for gnutls_x509_crt_privkey_sign,
 * gnutls_x509_crq_privkey_sign). The private ones need a private K. */
int pkey_to_gnutls_pubkey(gnutls_pubkey_t *out, const struct pkey *k, struct cl_error *err);
int pkey_to_gnutls_x509(gnutls_x509_privkey_t *out, const struct pkey *k, struct cl_error *err);
int pkey_to_gnutls_privkey(gnutls_privkey_t *out, const struct pkey *k, struct cl_error *err);
/* A public key from GnuTLS's (a certificate's or a request's). */
int pkey_from_gnutls_pubkey(struct pkey **out, gnutls_pubkey_t pub, struct cl_error *err);

#endif
