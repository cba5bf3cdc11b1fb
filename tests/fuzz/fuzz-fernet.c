/* libFuzzer target: the Fernet token decoder. Build with ./configure CC=clang
 * --enable-fuzzing, then run tests/fuzz/fuzz-fernet -max_total_time=60.
 *
 * The first byte picks what the rest is:
 *   0  a token text: decrypt (with and without a TTL), timestamp, the drawing
 *      decoder; and the strict base64 must be canonical: whatever it accepts
 *      encodes back to exactly the same text;
 *   1  a message: encrypt, decrypt, and it must come back the same;
 *   2  edits to a valid token (pairs of offset, xor): any change must be
 *      refused with "invalid token", and no change must decrypt. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/core.h"
#include "libcore/base64.h"
#include "libcore/fernet.h"
#include "libcore/random.h"

static struct fernet_key key;
static char *good;
static size_t good_len;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
as_token(const char *p, size_t n)
{
	unsigned char *msg = NULL, *raw = malloc(base64_url_decoded_max(n));
	struct fernet_token t;
	struct cl_error err;
	int64_t ttl = 60;
	uint64_t when;
	size_t len;

	if (fernet_decrypt_at(&msg, &len, &key, p, n, NULL, 0, &err) == 0)
		fernet_free(msg, len);
	else
		check(msg == NULL && (strcmp(err.msg, "invalid token") == 0 || err.code == GPG_ERR_TOO_LARGE));
	if (fernet_decrypt_at(&msg, &len, &key, p, n, &ttl, 1700000000, &err) == 0)
		fernet_free(msg, len);
	fernet_timestamp(&when, &key, p, n, &err);
	if (fernet_token_decode(&t, p, n, &err) == 0) {
		fernet_token_hmac_ok(&t, &key);
		fernet_token_free(&t);
	}
	if (raw && base64_url_decode(raw, &len, p, n, NULL) == 0) {
		char *back = malloc(base64_url_encoded_len(len) + 1);

		base64_url_encode(back, raw, len);
		check(strlen(back) == n && memcmp(back, p, n) == 0);
		free(back);
	}
	free(raw);
}

static void
as_message(const uint8_t *p, size_t n)
{
	unsigned char *back;
	char *token;
	size_t tn, bn;
	struct cl_error err;

	check(fernet_encrypt_at(&token, &tn, &key, p, n, 1700000000, NULL, &err) == 0);
	check(fernet_decrypt_at(&back, &bn, &key, token, tn, &(int64_t){ 0 }, 1700000000, &err) == 0);
	check(bn == n && memcmp(back, p, n) == 0);
	fernet_free(back, bn);
	free(token);
}

static void
as_edits(const uint8_t *p, size_t n)
{
	char *t = malloc(good_len + 1);
	unsigned char *msg = NULL;
	struct cl_error err;
	size_t len;
	int rc;

	memcpy(t, good, good_len + 1);
	for (size_t i = 0; i + 1 < n; i += 2)
		t[p[i] % good_len] ^= (char)p[i + 1];
	rc = fernet_decrypt_at(&msg, &len, &key, t, good_len, NULL, 0, &err);
	if (memcmp(t, good, good_len) == 0)
		check(rc == 0 && len == 11 && memcmp(msg, "fluffy tail", 11) == 0);
	else
		check(rc == -1 && strcmp(err.msg, "invalid token") == 0);
	fernet_free(msg, rc == 0 ? len : 0);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!good) {
		struct cl_error e;

		core_init(&e);
		random_seed("fuzz", &e);
		fernet_key_generate(&key, &e);
		fernet_encrypt_at(&good, &good_len, &key, "fluffy tail", 11, 1700000000, NULL, &e);
	}
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0: as_token((const char *)data + 1, size - 1); break;
	case 1: as_message(data + 1, size - 1); break;
	case 2: as_edits(data + 1, size - 1); break;
	}
	return 0;
}
