#include <config.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <gcrypt.h>
#include "libcore/base64.h"
#include "libcore/child.h"
#include "libcore/clock.h"
#include "libcore/fernet.h"
#include "libcore/random.h"

#define SIGNING(key) ((key)->bytes)
#define ENCRYPTION(key) ((key)->bytes + 16)

/* The one message for every token failure (see fernet.h). */
static int
invalid(struct cl_error *err)
{
	return cl_fail(err, GPG_ERR_BAD_DATA, "invalid token");
}

void
fernet_free(void *p, size_t n)
{
	if (!p)
		return;
	explicit_bzero(p, n);
	free(p);
}

/* A buffer for a token or a message. A big one is first touched page by
 * page, and each 4 KiB page fault costs about a microsecond: 16 MiB took
 * longer to fault in than to decode. Asking for huge pages (a hint Linux
 * honours in its default "madvise" mode) makes that 8 faults. */
static void *
big_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

#ifdef MADV_HUGEPAGE
	if (p && n >= ((size_t)4 << 20)) {
		uintptr_t start = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
		uintptr_t end = ((uintptr_t)p + n) & ~(uintptr_t)4095;

		madvise((void *)start, end - start, MADV_HUGEPAGE);
	}
#endif
	return p;
}

/* Keys */

void
fernet_key_free(struct fernet_key *key)
{
	if (key->aes)
		gcry_cipher_close(key->aes);
	if (key->mac)
		gcry_mac_close(key->mac);
	if (key->bytes) {
		explicit_bzero(key->bytes, FERNET_KEY_BYTES);
		gcry_free(key->bytes);
	}
	key->bytes = NULL;
	key->aes = key->mac = NULL;
}

/* Secure memory grows as keys are made (core_init): it runs out only when
 * the machine's memory does, and then this key is not made, and the keys
 * already made go on working. */
static int
out_of_secure_memory(struct cl_error *err)
{
	return cl_fail(err, GPG_ERR_ENOMEM, "out of secure memory for keys: this key was not made "
		       "(the keys made before still work; drop those you no longer need)");
}

/* KEY from 32 bytes at RAW: copied to secure memory, handles keyed. */
static int
key_set(struct fernet_key *key, const unsigned char *raw, struct cl_error *err)
{
	gcry_cipher_hd_t aes = NULL;
	gcry_mac_hd_t mac = NULL;
	gpg_error_t e;

	key->aes = key->mac = NULL;
	key->bytes = gcry_malloc_secure(FERNET_KEY_BYTES);
	if (!key->bytes)
		return out_of_secure_memory(err);
	memcpy(key->bytes, raw, FERNET_KEY_BYTES);
	e = gcry_cipher_open(&aes, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, GCRY_CIPHER_SECURE);
	key->aes = aes;
	if (!e)
		e = gcry_cipher_setkey(aes, ENCRYPTION(key), 16);
	if (!e)
		e = gcry_mac_open(&mac, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL);
	key->mac = mac;
	if (!e)
		e = gcry_mac_setkey(mac, SIGNING(key), 16);
	if (e) {
		fernet_key_free(key);
		if (gcry_err_code(e) == GPG_ERR_ENOMEM)
			return out_of_secure_memory(err);
		return cl_fail_gcry(err, e, "preparing the key");
	}
	return 0;
}

int
fernet_key_parse(struct fernet_key *key, const char *text, size_t n, struct cl_error *err)
{
	/* Room for what 44 characters decode to; on the stack only briefly. */
	unsigned char raw[FERNET_KEY_BYTES + 3];
	struct base64_problem why;
	char what[256];
	size_t len;
	int rc = -1;

	key->bytes = NULL;
	key->aes = key->mac = NULL;
	if (n == 0)
		return cl_fail(err, GPG_ERR_INV_KEYLEN, "the key is empty: a fernet key is "
			       "44 characters of url-safe base64 (32 bytes)");
	if (n != FERNET_KEY_TEXT_LEN)
		return cl_fail(err, GPG_ERR_INV_KEYLEN, "a fernet key is 44 characters of "
			       "url-safe base64 (32 bytes), this one has %zu", n);
	if (base64_url_decode(raw, &len, text, n, &why)) {
		base64_problem_text(what, sizeof what, &why);
		cl_fail(err, GPG_ERR_BAD_KEY, "not a fernet key: %s", what);
		goto leave;
	}
	if (len != FERNET_KEY_BYTES) {
		cl_fail(err, GPG_ERR_INV_KEYLEN, "not a fernet key: it decodes to %zu bytes, "
			"a fernet key is 32 (44 characters ending in one '=')", len);
		goto leave;
	}
	rc = key_set(key, raw, err);
leave:
	explicit_bzero(raw, sizeof raw);
	return rc;
}

int
fernet_key_from_bytes(struct fernet_key *key, const void *raw, size_t n, struct cl_error *err)
{
	key->bytes = NULL;
	key->aes = key->mac = NULL;
	if (n != FERNET_KEY_BYTES)
		return cl_fail(err, GPG_ERR_INV_KEYLEN, "a fernet key is 32 bytes, not %zu", n);
	return key_set(key, raw, err);
}

int
fernet_key_generate(struct fernet_key *key, struct cl_error *err)
{
	unsigned char *raw = gcry_malloc_secure(FERNET_KEY_BYTES);
	int rc;

	key->bytes = NULL;
	key->aes = key->mac = NULL;
	if (!raw)
		return out_of_secure_memory(err);
	random_bytes(raw, FERNET_KEY_BYTES);
	rc = key_set(key, raw, err);
	explicit_bzero(raw, FERNET_KEY_BYTES);
	gcry_free(raw);
	return rc;
}

void
fernet_salt_generate(unsigned char salt[FERNET_SALT_BYTES])
{
	random_bytes(salt, FERNET_SALT_BYTES);
}

/* PBKDF2 cannot be stopped half-way (libgcrypt's loop polls nothing, and
 * the iterations do not add up from parts), so a long one runs in a child
 * that Ctrl-C kills: 100,000 iterations take about a tenth of a second. */
#define PBKDF2_CHILD_ITERATIONS 100000

struct pbkdf2_job {
	const void *password, *salt;
	size_t password_len, salt_len;
	unsigned long iterations;
};

static int
pbkdf2(unsigned char out[FERNET_KEY_BYTES], const struct pbkdf2_job *j, struct cl_error *err)
{
	gpg_error_t e = gcry_kdf_derive(j->password, j->password_len, GCRY_KDF_PBKDF2, GCRY_MD_SHA256,
					j->salt, j->salt_len, j->iterations, FERNET_KEY_BYTES, out);

	return e ? cl_fail_gcry(err, e, "deriving a key from the password") : 0;
}

static int
pbkdf2_job(void *ctx, FILE *out, struct cl_error *err)
{
	unsigned char raw[FERNET_KEY_BYTES];
	int rc = pbkdf2(raw, ctx, err);

	if (rc == 0)
		fwrite(raw, 1, sizeof raw, out);
	explicit_bzero(raw, sizeof raw);
	return rc;
}

int
fernet_key_from_password(struct fernet_key *key, const void *password, size_t password_len,
			 const void *salt, size_t salt_len, unsigned long iterations,
			 struct cl_error *err)
{
	struct pbkdf2_job j = { password, salt, password_len, salt_len, iterations };
	unsigned char *raw;
	char *got;
	size_t n;
	int rc;

	key->bytes = NULL;
	key->aes = key->mac = NULL;
	/* libgcrypt refuses an empty salt; say why a salt is there at all. */
	if (salt_len == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "the salt is empty: without a salt, "
			       "everyone with the same password gets the same key, and one "
			       "precomputed table cracks them all");
	if (iterations == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "the iteration count must be at least 1");
	if (!(raw = gcry_malloc_secure(FERNET_KEY_BYTES)))
		return out_of_secure_memory(err);
	if (iterations < PBKDF2_CHILD_ITERATIONS)
		rc = pbkdf2(raw, &j, err);
	else if ((rc = child_run("deriving the key", pbkdf2_job, &j, 0, &got, &n, err)) == 0) {
		if (n == FERNET_KEY_BYTES)
			memcpy(raw, got, n);
		else
			rc = cl_fail(err, GPG_ERR_INTERNAL, "deriving the key: %zu bytes came back, not %d",
				     n, FERNET_KEY_BYTES);
		explicit_bzero(got, n);
		free(got);
	}
	if (rc == 0)
		rc = key_set(key, raw, err);
	explicit_bzero(raw, FERNET_KEY_BYTES);
	gcry_free(raw);
	return rc;
}

int
fernet_key_copy(struct fernet_key *dst, const struct fernet_key *src, struct cl_error *err)
{
	return fernet_key_from_bytes(dst, src->bytes, FERNET_KEY_BYTES, err);
}

void
fernet_key_format(char out[FERNET_KEY_TEXT_LEN + 1], const struct fernet_key *key)
{
	base64_url_encode(out, key->bytes, FERNET_KEY_BYTES);
}

/* The primitives, on the key's handles. */

static int
aes_cbc(const struct fernet_key *key, const unsigned char *iv, bool encrypt,
	unsigned char *out, const unsigned char *in, size_t n, struct cl_error *err)
{
	gpg_error_t e;

	if ((e = gcry_cipher_setiv(key->aes, iv, FERNET_IV_BYTES))
	    || (e = encrypt ? gcry_cipher_encrypt(key->aes, out, n, in, n)
		: gcry_cipher_decrypt(key->aes, out, n, in, n)))
		return cl_fail_gcry(err, e, "aes-128-cbc");
	return 0;
}

/* With TAG_OUT: write the HMAC of DATA there. Without: 0 when TAG (all 32
 * bytes, compared in constant time by gcry_mac_verify) matches, -1 otherwise. */
static int
hmac(const struct fernet_key *key, const unsigned char *data, size_t n,
     unsigned char *tag_out, const unsigned char *tag, struct cl_error *err)
{
	size_t len = FERNET_HMAC_BYTES;
	gpg_error_t e;

	if ((e = gcry_mac_reset(key->mac)) || (e = gcry_mac_write(key->mac, data, n)))
		return cl_fail_gcry(err, e, "hmac-sha256");
	if (tag_out) {
		if ((e = gcry_mac_read(key->mac, tag_out, &len)))
			return cl_fail_gcry(err, e, "hmac-sha256");
		return 0;
	}
	return gcry_mac_verify(key->mac, tag, FERNET_HMAC_BYTES) ? invalid(err) : 0;
}

/* A fresh IV. It must be unpredictable, not secret: random_nonce is
 * libgcrypt's nonce generator (its manual names IVs), 0.2 us where the strong
 * RNG takes 7 us, which for a 100-byte message is most of the work. Seeded
 * (--seed), it is the deterministic generator, so that demos repeat. */
static void
fresh_iv(unsigned char iv[FERNET_IV_BYTES])
{
	random_nonce(iv, FERNET_IV_BYTES);
}

/* Encrypting */

static void
put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

static uint64_t
get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int
fernet_encrypt_at(char **token, size_t *token_len, const struct fernet_key *key,
		  const void *msg, size_t n, uint64_t when,
		  const unsigned char *iv, struct cl_error *err)
{
	size_t full, padded, len, text_len;
	unsigned char *raw = NULL, *ct, last[16], pad;
	char *text = NULL;
	gpg_error_t e;
	int rc = -1;

	*token = NULL;
	if (n > FERNET_MAX_MESSAGE)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the message is %zu bytes, more than "
			       "the %zu (64 MiB) that fernet here encrypts", n, FERNET_MAX_MESSAGE);
	/* PKCS#7 always pads, 1 to 16 bytes, so that unpadding is unambiguous. */
	full = n / 16 * 16;
	padded = full + 16;
	pad = (unsigned char)(padded - n);
	len = FERNET_OFF_CIPHERTEXT + padded + FERNET_HMAC_BYTES;
	text_len = base64_url_encoded_len(len);
	raw = big_alloc(len);
	text = big_alloc(text_len + 1);
	if (!raw || !text) {
		cl_fail(err, GPG_ERR_ENOMEM, "out of memory for a %zu-byte message", n);
		goto leave;
	}
	ct = raw + FERNET_OFF_CIPHERTEXT;
	raw[0] = FERNET_VERSION;
	put_u64(raw + FERNET_OFF_TIME, when);
	if (iv)
		memcpy(raw + FERNET_OFF_IV, iv, FERNET_IV_BYTES);
	else
		fresh_iv(raw + FERNET_OFF_IV);
	/* The whole blocks straight from MSG (no copy), then the last block with
	 * its padding: the handle carries the CBC chain from one call to the next. */
	memcpy(last, (const unsigned char *)msg + full, n - full);
	memset(last + (n - full), pad, pad);
	if ((e = gcry_cipher_setiv(key->aes, raw + FERNET_OFF_IV, FERNET_IV_BYTES))
	    || (full && (e = gcry_cipher_encrypt(key->aes, ct, full, msg, full)))
	    || (e = gcry_cipher_encrypt(key->aes, ct + full, 16, last, 16))) {
		cl_fail_gcry(err, e, "aes-128-cbc");
		goto leave;
	}
	if (hmac(key, raw, FERNET_OFF_CIPHERTEXT + padded, ct + padded, NULL, err))
		goto leave;
	base64_url_encode(text, raw, len);
	*token = text;
	*token_len = text_len;
	text = NULL;
	rc = 0;
leave:
	explicit_bzero(last, sizeof last);
	free(raw);	/* only ciphertext was ever written there */
	free(text);
	return rc;
}

int
fernet_encrypt(char **token, size_t *token_len, const struct fernet_key *key,
	       const void *msg, size_t n, struct cl_error *err)
{
	int64_t now = clock_now();

	if (now < 0) {
		*token = NULL;
		return cl_fail(err, GPG_ERR_INV_TIME, "the clock says '%" PRId64 "', before "
			       "1970: a fernet timestamp cannot hold that", now);
	}
	return fernet_encrypt_at(token, token_len, key, msg, n, (uint64_t)now, NULL, err);
}

/* Decrypting */

/* Base64, then the version byte and a length that can hold the time (the
 * first two steps; whatever else is wrong, the HMAC finds). */
static int
token_open(struct fernet_token *t, const char *text, size_t n, struct cl_error *err)
{
	t->bytes = NULL;
	t->len = 0;
	if (n > FERNET_MAX_TOKEN_LEN)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the token is %zu characters, longer "
			       "than any fernet token of a message up to 64 MiB, the limit here", n);
	t->bytes = big_alloc(base64_url_decoded_max(n));
	if (!t->bytes)
		return cl_fail(err, GPG_ERR_ENOMEM, "out of memory for a %zu-character token", n);
	if (base64_url_decode(t->bytes, &t->len, text, n, NULL)
	    || t->len < FERNET_OFF_IV || t->bytes[0] != FERNET_VERSION) {
		fernet_token_free(t);
		return invalid(err);
	}
	return 0;
}

void
fernet_token_free(struct fernet_token *t)
{
	free(t->bytes);
	t->bytes = NULL;
	t->len = 0;
}

/* Does the token hold a ciphertext that can be whole blocks of AES? */
static bool
well_formed(const struct fernet_token *t)
{
	return t->len >= FERNET_MIN_TOKEN_BYTES
	       && (t->len - FERNET_OFF_CIPHERTEXT - FERNET_HMAC_BYTES) % 16 == 0;
}

/* ts + ttl < now, exactly, with a u64 ts and signed ttl and now: ts < now - ttl,
 * and now - ttl lies in (-2^64, 2^64). */
static bool
expired(uint64_t ts, int64_t ttl, int64_t now)
{
	if (now < ttl)
		return false;	/* now - ttl < 0 <= ts */
	return ts < (uint64_t)now - (uint64_t)ttl;	/* exact: the difference fits */
}

/* ts > now + skew; now + skew may pass INT64_MAX but fits a u64 when >= 0. */
static bool
from_future(uint64_t ts, int64_t now)
{
	if (now < -FERNET_MAX_CLOCK_SKEW)
		return true;
	return ts > (uint64_t)now + FERNET_MAX_CLOCK_SKEW;	/* mod 2^64: exact */
}

/* Step 4 to 6 under one key: HMAC, AES-CBC, PKCS#7. */
static int
open_with(unsigned char **msg, size_t *n, const struct fernet_key *key,
	  const struct fernet_token *t, struct cl_error *err)
{
	size_t clen = t->len - FERNET_OFF_CIPHERTEXT - FERNET_HMAC_BYTES;
	unsigned char *out, pad, diff = 0;

	*msg = NULL;
	if (hmac(key, t->bytes, t->len - FERNET_HMAC_BYTES, NULL,
		 t->bytes + t->len - FERNET_HMAC_BYTES, err))
		return -1;
	if (!(out = big_alloc(clen + 1)))
		return cl_fail(err, GPG_ERR_ENOMEM, "out of memory for a %zu-byte message", clen);
	if (aes_cbc(key, t->bytes + FERNET_OFF_IV, false, out, t->bytes + FERNET_OFF_CIPHERTEXT,
		    clen, err)) {
		fernet_free(out, clen);
		return -1;
	}
	/* PKCS#7: the last byte P in 1..16, and the P bytes before the end all
	 * equal to P. (Only after the HMAC, so this is no padding oracle; the
	 * comparison reads every pad byte, not just the last one.) */
	pad = out[clen - 1];
	if (pad == 0 || pad > 16) {
		fernet_free(out, clen);
		return invalid(err);
	}
	for (size_t i = clen - pad; i < clen; i++)
		diff |= out[i] ^ pad;
	if (diff) {
		fernet_free(out, clen);
		return invalid(err);
	}
	explicit_bzero(out + clen - pad, pad);	/* the NUL after the message too */
	*msg = out;
	*n = clen - pad;
	return 0;
}

/* Every step for a list of keys; *TS gets the token's time. */
static int
multi_open(unsigned char **msg, size_t *n, size_t *used, uint64_t *ts,
	   const struct fernet_key *keys, size_t nkeys,
	   const char *token, size_t token_len, const int64_t *ttl, int64_t now,
	   struct cl_error *err)
{
	struct fernet_token t;
	struct cl_error e;
	int rc = -1;

	*msg = NULL;
	if (token_open(&t, token, token_len, err))
		return -1;
	if (!well_formed(&t)) {
		invalid(err);
		goto leave;
	}
	*ts = get_u64(t.bytes + FERNET_OFF_TIME);
	if (ttl && (expired(*ts, *ttl, now) || from_future(*ts, now))) {
		invalid(err);
		goto leave;
	}
	invalid(&e);	/* what no key at all gives */
	for (size_t i = 0; i < nkeys; i++) {
		if (open_with(msg, n, &keys[i], &t, &e) == 0) {
			if (used)
				*used = i;
			rc = 0;
			break;
		}
		if (e.code != GPG_ERR_BAD_DATA)
			break;	/* out of memory, a libgcrypt failure: say so */
	}
	if (rc && err)
		*err = e;
leave:
	fernet_token_free(&t);
	return rc;
}

int
fernet_multi_decrypt_at(unsigned char **msg, size_t *n, size_t *used,
			const struct fernet_key *keys, size_t nkeys,
			const char *token, size_t token_len, const int64_t *ttl, int64_t now,
			struct cl_error *err)
{
	uint64_t ts;

	return multi_open(msg, n, used, &ts, keys, nkeys, token, token_len, ttl, now, err);
}

int
fernet_decrypt_at(unsigned char **msg, size_t *n, const struct fernet_key *key,
		  const char *token, size_t token_len, const int64_t *ttl, int64_t now,
		  struct cl_error *err)
{
	return fernet_multi_decrypt_at(msg, n, NULL, key, 1, token, token_len, ttl, now, err);
}

int
fernet_decrypt(unsigned char **msg, size_t *n, const struct fernet_key *key,
	       const char *token, size_t token_len, const int64_t *ttl, struct cl_error *err)
{
	return fernet_decrypt_at(msg, n, key, token, token_len, ttl, clock_now(), err);
}

int
fernet_multi_timestamp(uint64_t *when, size_t *used, const struct fernet_key *keys,
		       size_t nkeys, const char *token, size_t token_len, struct cl_error *err)
{
	struct fernet_token t;
	int rc = -1;

	if (token_open(&t, token, token_len, err))
		return -1;
	/* Python slices the last 32 bytes as the tag whatever the length, so a
	 * token of 32 bytes or more can pass here that could never decrypt. */
	for (size_t i = 0; t.len >= FERNET_HMAC_BYTES && i < nkeys; i++)
		if (hmac(&keys[i], t.bytes, t.len - FERNET_HMAC_BYTES, NULL,
			 t.bytes + t.len - FERNET_HMAC_BYTES, NULL) == 0) {
			*when = get_u64(t.bytes + FERNET_OFF_TIME);
			if (used)
				*used = i;
			rc = 0;
			break;
		}
	if (rc)
		invalid(err);
	fernet_token_free(&t);
	return rc;
}

int
fernet_timestamp(uint64_t *when, const struct fernet_key *key, const char *token,
		 size_t token_len, struct cl_error *err)
{
	return fernet_multi_timestamp(when, NULL, key, 1, token, token_len, err);
}

int
fernet_multi_rotate(char **out, size_t *out_len, const struct fernet_key *keys, size_t nkeys,
		    const char *token, size_t token_len, struct cl_error *err)
{
	unsigned char *msg = NULL;
	size_t n = 0;
	uint64_t ts;
	int rc;

	*out = NULL;
	if (nkeys == 0)
		return invalid(err);
	/* No TTL: an old token is rotated however old it is. */
	if (multi_open(&msg, &n, NULL, &ts, keys, nkeys, token, token_len, NULL, 0, err))
		return -1;
	rc = fernet_encrypt_at(out, out_len, &keys[0], msg, n, ts, NULL, err);
	fernet_free(msg, n);
	return rc;
}

/* Drawing */

int
fernet_token_decode(struct fernet_token *t, const char *text, size_t n, struct cl_error *err)
{
	struct base64_problem why;
	char what[256];

	t->bytes = NULL;
	t->len = 0;
	if (n > FERNET_MAX_TOKEN_LEN)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the token is %zu characters, longer "
			       "than any fernet token of a message up to 64 MiB, the limit here", n);
	if (n == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "the token is empty");
	t->bytes = malloc(base64_url_decoded_max(n));
	if (!t->bytes)
		return cl_fail(err, GPG_ERR_ENOMEM, "out of memory for a %zu-character token", n);
	if (base64_url_decode(t->bytes, &t->len, text, n, &why)) {
		fernet_token_free(t);
		base64_problem_text(what, sizeof what, &why);
		return cl_fail(err, GPG_ERR_INV_VALUE, "the token is not valid base64: %s", what);
	}
	return 0;
}

bool
fernet_token_hmac_ok(const struct fernet_token *t, const struct fernet_key *key)
{
	return t->len >= FERNET_HMAC_BYTES
	       && hmac(key, t->bytes, t->len - FERNET_HMAC_BYTES, NULL,
		       t->bytes + t->len - FERNET_HMAC_BYTES, NULL) == 0;
}
