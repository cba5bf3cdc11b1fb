/* libFuzzer target: the key reader (PEM and DER, private and public, plain
 * and encrypted), libcore/pkey.c's pkey_import. Build with ./configure
 * CC=clang --enable-fuzzing, then run
 *   tests/fuzz/fuzz-pkey -max_total_time=60 tests/fuzz/corpus-pkey
 *
 * The first byte picks what the rest is:
 *   0  a key file read without a password;
 *   1  the same with the password "correct-horse" (the corpus's encrypted
 *      keys open with it);
 *   2  edits to a valid P-256 PKCS#8 PEM (pairs of offset, xor).
 * Whatever is read must be a key that writes itself out again (PKCS#8 or
 * SubjectPublicKeyInfo, PEM and DER) and reads back as the same key, that
 * checks a signature (here the input's first bytes) without failing, and a
 * private one must sign and verify. A refusal must come with a message. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/pkey.h"
#include "libcore/core.h"
#include "libcore/random.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *good;
static size_t good_len;

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
same_again(struct pkey *k, const char *text, size_t n, bool private)
{
	struct pkey *back = NULL;
	struct cl_error err;

	check(pkey_import(&back, text, n, NULL, &err) == 0);
	check(pkey_same_public(k, back) && pkey_is_private(back) == private);
	pkey_unref(back);
}

static void
read_key(const void *p, size_t n, const char *password)
{
	struct pkey *k = NULL;
	struct cl_error err = { 0 };
	char *out;
	size_t on;

	if (pkey_import(&k, p, n, password, &err)) {
		check(k == NULL && err.msg[0] != '\0');
		return;
	}
	for (int f = PKEY_PEM; f <= PKEY_DER; f++) {
		check(pkey_export_public(&out, &on, k, (enum pkey_format)f, &err) == 0);
		same_again(k, out, on, false);
		free(out);
		if (pkey_is_private(k)) {
			check(pkey_export_private(&out, &on, k, (enum pkey_format)f, NULL, &err) == 0);
			same_again(k, out, on, true);
			pkey_secret_free(out, on);
		}
	}
	{
		/* any key must survive checking a signature, right or wrong (a
		 * point libgcrypt cannot decode would abort here) */
		bool good_sig = true;

		check(pkey_verify(&good_sig, k, "fuzz", 4, p, n < 64 ? n : 64, &err) == 0);
	}
	if (pkey_is_private(k) && pkey_bits(k) <= 4096) {
		unsigned char *sig;
		size_t sn;
		bool good_sig = false;

		check(pkey_sign(&sig, &sn, k, "fuzz", 4, &err) == 0);
		check(pkey_verify(&good_sig, k, "fuzz", 4, sig, sn, &err) == 0 && good_sig);
		free(sig);
	}
	pkey_unref(k);
}

static void
edits(const uint8_t *p, size_t n)
{
	char *t = malloc(good_len);

	memcpy(t, good, good_len);
	for (size_t i = 0; i + 1 < n; i += 2)
		t[p[i] * 3 % good_len] ^= (char)p[i + 1];
	read_key(t, good_len, NULL);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!good) {
		struct cl_error e;
		struct pkey *k;

		core_init(&e);
		random_seed("fuzz", &e);
		pkey_generate_ec(&k, PKEY_P256, &e);
		pkey_export_private(&good, &good_len, k, PKEY_PEM, NULL, &e);
		pkey_unref(k);
	}
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0: read_key(data + 1, size - 1, NULL); break;
	case 1: read_key(data + 1, size - 1, "correct-horse"); break;
	case 2: edits(data + 1, size - 1); break;
	}
	return 0;
}
