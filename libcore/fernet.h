/* Fernet: authenticated symmetric encryption, byte-compatible with the
 * specification (github.com/fernet/spec, Spec.md) and with Python's
 * cryptography.fernet, over libgcrypt (AES-128-CBC, HMAC-SHA256, PBKDF2).
 *
 * A key is 32 bytes: bytes 0-15 sign (HMAC-SHA256), bytes 16-31 encrypt
 * (AES-128). As text it is the 44 characters of URL-safe base64 with padding
 * that Python's Fernet.generate_key() gives.
 *
 * A token is URL-safe base64 with padding of
 *     0x80 | timestamp (u64, big-endian, seconds) | IV (16) | ciphertext | HMAC (32)
 * where the ciphertext is AES-128-CBC with PKCS#7 padding and the HMAC covers
 * everything before it. Every way a token can fail to decrypt gives the same
 * error, "invalid token", so that nothing (not even the error code) tells a
 * forger whether the MAC, the padding or the time was wrong. */
#ifndef CL_FERNET_H
#define CL_FERNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libcore/error.h"

#define FERNET_KEY_BYTES 32
#define FERNET_KEY_TEXT_LEN 44
#define FERNET_IV_BYTES 16
#define FERNET_HMAC_BYTES 32
#define FERNET_VERSION 0x80
/* Offsets of the fields in a decoded token. */
#define FERNET_OFF_TIME 1
#define FERNET_OFF_IV 9
#define FERNET_OFF_CIPHERTEXT 25
/* The shortest token: an empty message still has one block of padding. */
#define FERNET_MIN_TOKEN_BYTES (FERNET_OFF_CIPHERTEXT + 16 + FERNET_HMAC_BYTES)
/* A token from the future is accepted with a TTL only up to this far ahead. */
#define FERNET_MAX_CLOCK_SKEW 60

/* The largest message encrypted or decrypted here: 64 MiB. Fernet keeps the
 * whole message in memory (it never releases unauthenticated bytes), so a
 * larger one is refused with a clear error rather than exhausting memory. A
 * token may then be at most FERNET_MAX_TOKEN_LEN characters. */
#define FERNET_MAX_MESSAGE ((size_t)64 << 20)
#define FERNET_MAX_TOKEN_LEN \
	((FERNET_MAX_MESSAGE + 16 + FERNET_OFF_CIPHERTEXT + FERNET_HMAC_BYTES + 2) / 3 * 4)

/* Passwords to keys: PBKDF2-HMAC-SHA256 to 32 bytes. The default count is
 * the one in the password example of pyca/cryptography's Fernet
 * documentation; a student can lower it to feel what it buys an attacker. */
#define FERNET_DEFAULT_ITERATIONS 600000UL
#define FERNET_SALT_BYTES 16

/* The key bytes, and libgcrypt handles keyed once with them (AES with its
 * key schedule, HMAC with its inner and outer state), all in secure memory:
 * keying costs more than encrypting a short message. The handles make a key
 * usable by one thread at a time. */
struct fernet_key {
	unsigned char *bytes;	/* FERNET_KEY_BYTES in libgcrypt secure memory */
	void *aes;		/* gcry_cipher_hd_t, AES-128-CBC, keyed with bytes 16-31 */
	void *mac;		/* gcry_mac_hd_t, HMAC-SHA256, keyed with bytes 0-15 */
};

/* KEY from its 44-character text; the error says what is wrong (length,
 * alphabet, padding) and never repeats the key. Free with fernet_key_free. */
int fernet_key_parse(struct fernet_key *key, const char *text, size_t n, struct cl_error *err);
/* 32 fresh bytes from random_bytes (so --seed makes them repeatable). */
int fernet_key_generate(struct fernet_key *key, struct cl_error *err);
/* KEY from 32 raw bytes (a Diffie-Hellman shared secret through a KDF, say). */
int fernet_key_from_bytes(struct fernet_key *key, const void *raw, size_t n, struct cl_error *err);
/* KEY = PBKDF2-HMAC-SHA256(PASSWORD, SALT, ITERATIONS). The salt must be
 * stored with whatever the key protects: without it the same password cannot
 * give the same key again. Get a fresh one with fernet_salt_generate. */
int fernet_key_from_password(struct fernet_key *key, const void *password, size_t password_len,
			     const void *salt, size_t salt_len, unsigned long iterations,
			     struct cl_error *err);
void fernet_salt_generate(unsigned char salt[FERNET_SALT_BYTES]);
int fernet_key_copy(struct fernet_key *dst, const struct fernet_key *src, struct cl_error *err);
/* OUT gets the 44 characters and a NUL. */
void fernet_key_format(char out[FERNET_KEY_TEXT_LEN + 1], const struct fernet_key *key);
/* Wipe and free; KEY may be all zero (never set). */
void fernet_key_free(struct fernet_key *key);

/* *TOKEN gets the token text (malloc'ed, NUL-terminated, *TOKEN_LEN
 * characters) of MSG (N bytes, may hold NUL) made at time WHEN (seconds since
 * 1970) with IV, or with a fresh random IV when IV is NULL. A fixed IV is for
 * reproducing the specification's vectors only: two messages under one key and
 * IV start with the same ciphertext blocks when they start with the same text. */
int fernet_encrypt_at(char **token, size_t *token_len, const struct fernet_key *key,
		      const void *msg, size_t n, uint64_t when,
		      const unsigned char *iv, struct cl_error *err);
/* The same at clock_now() with a random IV. */
int fernet_encrypt(char **token, size_t *token_len, const struct fernet_key *key,
		   const void *msg, size_t n, struct cl_error *err);

/* *MSG gets the plaintext (malloc'ed, NUL after its *N bytes; release with
 * fernet_free). TTL NULL: the time is not looked at. Otherwise the token must
 * satisfy NOW - *TTL <= timestamp <= NOW + FERNET_MAX_CLOCK_SKEW. The checks
 * run in the specification's order: base64, version and length, time, HMAC
 * (constant time, all 32 bytes), AES-CBC, PKCS#7 padding (every pad byte).
 * Any failure: GPG_ERR_BAD_DATA and "invalid token". */
int fernet_decrypt_at(unsigned char **msg, size_t *n, const struct fernet_key *key,
		      const char *token, size_t token_len, const int64_t *ttl, int64_t now,
		      struct cl_error *err);
int fernet_decrypt(unsigned char **msg, size_t *n, const struct fernet_key *key,
		   const char *token, size_t token_len, const int64_t *ttl, struct cl_error *err);
/* The token's time, once the HMAC checks (not the TTL nor the padding), as
 * Python's Fernet.extract_timestamp. */
int fernet_timestamp(uint64_t *when, const struct fernet_key *key, const char *token,
		     size_t token_len, struct cl_error *err);

/* MultiFernet, over KEYS[0..NKEYS-1]: encrypting is encrypting with KEYS[0];
 * decrypting tries each key in order (*USED, if not NULL, gets the index of
 * the one that worked). Rotating decrypts without a TTL and encrypts again
 * under KEYS[0], keeping the original timestamp, with a fresh IV. */
int fernet_multi_decrypt_at(unsigned char **msg, size_t *n, size_t *used,
			    const struct fernet_key *keys, size_t nkeys,
			    const char *token, size_t token_len, const int64_t *ttl, int64_t now,
			    struct cl_error *err);
int fernet_multi_timestamp(uint64_t *when, size_t *used, const struct fernet_key *keys,
			   size_t nkeys, const char *token, size_t token_len, struct cl_error *err);
int fernet_multi_rotate(char **out, size_t *out_len, const struct fernet_key *keys, size_t nkeys,
			const char *token, size_t token_len, struct cl_error *err);

/* For drawing a token: its bytes, decoded but not checked. Fails with the
 * base64 problem spelt out ("character 17 ('+') belongs to standard base64
 * ...") since the drawing is for learning, not for deciding. */
struct fernet_token {
	unsigned char *bytes;	/* malloc'ed */
	size_t len;
};
int fernet_token_decode(struct fernet_token *t, const char *text, size_t n, struct cl_error *err);
/* Does the HMAC of T check under KEY? (False when T is too short to hold one.) */
bool fernet_token_hmac_ok(const struct fernet_token *t, const struct fernet_key *key);
void fernet_token_free(struct fernet_token *t);

/* Wipe N bytes at P and free them (a plaintext from fernet_decrypt). */
void fernet_free(void *p, size_t n);

#endif
