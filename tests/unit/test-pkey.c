/* Unit tests of libcore/pkey: keys made, written and read back in every
 * format; keys, signatures and ciphertexts made by OpenSSL and Python
 * (tests/vectors/pkey/README says how each file was made); RFC 8032's Ed25519
 * and RFC 6979's deterministic ECDSA signatures as known answers; and the
 * refusals, each with its reason. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/file.h"
#include "libcore/pkey.h"
#include "libcore/core.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"

#define VECTORS ABS_TOP_SRCDIR "/tests/vectors/pkey/"

#define slurp(name, n) slurp_from(VECTORS, (name), (n))

static struct pkey *
read_key(const char *name, const char *password)
{
	struct pkey *k = NULL;
	struct cl_error err;
	size_t n;
	char *data = slurp(name, &n);

	if (!ok(pkey_import(&k, data, n, password, &err) == 0, "%s is read", name))
		printf("#   error: %s\n", err.msg);
	free(data);
	return k;
}

static void
hex(char *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static int
unhex(unsigned char *out, const char *h)
{
	size_t n = strlen(h) / 2;

	for (size_t i = 0; i < n; i++)
		sscanf(h + 2 * i, "%2hhx", &out[i]);
	return (int)n;
}

static void
fingerprint_is(const struct pkey *k, const char *file, const char *what)
{
	char got[65], *want;
	size_t n;

	if (!k)
		return;
	want = slurp(file, &n);
	want[64] = '\0';
	hex(got, pkey_fingerprint(k), 32);
	is_str(got, want, "%s: the fingerprint is OpenSSL's", what);
	free(want);
}

/* An import that must fail with CODE and a message containing WORDS. */
static void
refused(const void *data, size_t n, const char *password, gpg_err_code_t code, const char *words,
	const char *what)
{
	struct pkey *k = NULL;
	struct cl_error err = { 0 };
	int rc = pkey_import(&k, data, n, password, &err);

	if (!ok(rc == -1 && k == NULL && err.code == code && strstr(err.msg, words), "refused: %s", what))
		printf("#   rc %d code %d message '%s'\n", rc, err.code, err.msg);
	pkey_unref(k);
}

static void
refused_file(const char *name, const char *password, gpg_err_code_t code, const char *words, const char *what)
{
	size_t n;
	char *data = slurp(name, &n);

	refused(data, n, password, code, words, what);
	free(data);
}

/* Write K every way, read it back, and find the same key. */
static void
round_trips(struct pkey *k, const char *what)
{
	static const struct { enum pkey_format f; const char *password, *name; } ways[] = {
		{ PKEY_PEM, NULL, "PKCS#8 PEM" }, { PKEY_DER, NULL, "PKCS#8 DER" },
		{ PKEY_PEM, "s3cret", "encrypted PKCS#8 PEM" }, { PKEY_DER, "s3cret", "encrypted PKCS#8 DER" },
	};
	struct cl_error err;

	for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
		char *out;
		size_t n;
		struct pkey *back = NULL;

		if (!ok(pkey_export_private(&out, &n, k, ways[i].f, ways[i].password, &err) == 0,
			"%s: written as %s", what, ways[i].name)) {
			printf("#   %s\n", err.msg);
			continue;
		}
		if (ways[i].f == PKEY_PEM)
			ok(strstr(out, ways[i].password ? "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
				  : "-----BEGIN PRIVATE KEY-----\n") == out, "%s: %s has its PEM label", what,
			   ways[i].name);
		ok(pkey_import(&back, out, n, ways[i].password, &err) == 0 && pkey_is_private(back)
		   && pkey_same_public(back, k) && pkey_kind(back) == pkey_kind(k), "%s: %s read back", what,
		   ways[i].name);
		if (back && pkey_kind(k) != PKEY_RSA) {
			unsigned char *a, *b;
			size_t an, bn;

			pkey_ec_secret(&a, &an, k, &err);
			pkey_ec_secret(&b, &bn, back, &err);
			ok(an == bn && memcmp(a, b, an) == 0, "%s: %s keeps the private number", what, ways[i].name);
			gcry_free(a);
			gcry_free(b);
		} else if (back) {
			mpz_t d1, d2, p1, p2;

			mpz_inits(d1, d2, p1, p2, NULL);
			pkey_rsa_numbers(k, NULL, NULL, d1, p1, NULL, &err);
			pkey_rsa_numbers(back, NULL, NULL, d2, p2, NULL, &err);
			ok(mpz_cmp(d1, d2) == 0 && mpz_cmp(p1, p2) == 0, "%s: %s keeps d and p", what, ways[i].name);
			mpz_clears(d1, d2, p1, p2, NULL);
		}
		pkey_unref(back);
		back = NULL;
		if (ways[i].password) {
			struct cl_error e2 = { 0 };

			ok(pkey_import(&back, out, n, "wrong", &e2) == -1 && e2.code == GPG_ERR_BAD_PASSPHRASE
			   && strcmp(e2.msg, "wrong password for this private key") == 0,
			   "%s: %s refuses a wrong password", what, ways[i].name);
			ok(pkey_import(&back, out, n, NULL, &e2) == -1 && e2.code == GPG_ERR_NO_PASSPHRASE,
			   "%s: %s asks for its password", what, ways[i].name);
		}
		pkey_secret_free(out, n);
	}
	for (int f = PKEY_PEM; f <= PKEY_DER; f++) {
		char *out;
		size_t n;
		struct pkey *back = NULL;

		pkey_export_public(&out, &n, k, (enum pkey_format)f, &err);
		ok(pkey_import(&back, out, n, NULL, &err) == 0 && !pkey_is_private(back) && pkey_same_public(back, k),
		   "%s: public key as %s read back", what, f == PKEY_PEM ? "PEM" : "DER");
		if (f == PKEY_PEM)
			ok(strncmp(out, "-----BEGIN PUBLIC KEY-----\n", 27) == 0, "%s: the public PEM is an SPKI", what);
		pkey_unref(back);
		free(out);
	}
}

/* Sign and verify; a changed message, a changed signature, a signature of
 * another length, a public key for signing. */
static void
signatures(struct pkey *k, const char *what)
{
	static const char msg[] = "I owe Bob 10 euros";
	struct pkey *pub = pkey_public(k);
	struct cl_error err;
	unsigned char *sig, *none = NULL;
	size_t n, nn;
	bool good;

	if (!ok(pkey_sign(&sig, &n, k, msg, strlen(msg), &err) == 0, "%s: signs", what)) {
		printf("#   %s\n", err.msg);
		pkey_unref(pub);
		return;
	}
	ok(pkey_verify(&good, pub, msg, strlen(msg), sig, n, &err) == 0 && good, "%s: its public key verifies",
	   what);
	ok(pkey_verify(&good, pub, "I owe Bob 99 euros", 18, sig, n, &err) == 0 && !good,
	   "%s: a changed message does not verify", what);
	sig[n / 2] ^= 1;
	ok(pkey_verify(&good, pub, msg, strlen(msg), sig, n, &err) == 0 && !good,
	   "%s: a changed signature does not verify", what);
	sig[n / 2] ^= 1;
	ok(pkey_verify(&good, pub, msg, strlen(msg), sig, n - 1, &err) == 0 && !good,
	   "%s: a shorter signature does not verify", what);
	ok(pkey_verify(&good, pub, msg, strlen(msg), "", 0, &err) == 0 && !good,
	   "%s: an empty signature does not verify", what);
	ok(pkey_sign(&none, &nn, pub, msg, strlen(msg), &err) == -1 && err.code == GPG_ERR_NO_SECKEY && !none,
	   "%s: a public key cannot sign", what);
	ok(pkey_sign(&none, &nn, k, "", 0, &err) == 0, "%s: the empty message can be signed", what);
	ok(pkey_verify(&good, pub, "", 0, none, nn, &err) == 0 && good, "%s: and verified", what);
	free(none);
	free(sig);
	pkey_unref(pub);
}

static void
test_generated(void)
{
	struct cl_error err;
	struct pkey *k, *again;
	const enum pkey_kind kinds[] = { PKEY_P256, PKEY_ED25519 };

	random_seed("test-pkey", &err);
	ok(pkey_generate_rsa(&k, 2048, &err) == 0 && pkey_bits(k) == 2048 && pkey_is_private(k),
	   "a seeded 2048-bit RSA key");
	random_seed("test-pkey", &err);
	ok(pkey_generate_rsa(&again, 2048, &err) == 0 && pkey_same_public(k, again), "the same seed, the same key");
	{
		mpz_t n, e, p, q;

		mpz_inits(n, e, p, q, NULL);
		pkey_rsa_numbers(k, n, e, NULL, p, q, &err);
		ok(mpz_cmp_ui(e, 65537) == 0, "e is 65537");
		ok(mpz_cmp(p, q) > 0, "p > q, as OpenSSL orders them");
		mpz_mul(p, p, q);
		ok(mpz_cmp(p, n) == 0, "n = p * q");
		mpz_clears(n, e, p, q, NULL);
	}
	round_trips(k, "rsa 2048");
	signatures(k, "rsa 2048");
	pkey_unref(again);
	{
		unsigned char *ct, *pt;
		size_t cn, pn;
		char big[191];

		ok(pkey_oaep_max(k) == 190, "OAEP-SHA256 carries 190 bytes under 2048 bits");
		memset(big, 'x', sizeof big);
		ok(pkey_oaep_encrypt(&ct, &cn, k, big, 190, &err) == 0 && cn == 256, "190 bytes encrypt to 256");
		ok(pkey_oaep_decrypt(&pt, &pn, k, ct, cn, &err) == 0 && pn == 190 && memcmp(pt, big, 190) == 0,
		   "and decrypt back");
		pkey_secret_free(pt, pn);
		ct[100] ^= 0x40;
		ok(pkey_oaep_decrypt(&pt, &pn, k, ct, cn, &err) == -1 && err.code == GPG_ERR_DECRYPT_FAILED
		   && strcmp(err.msg, "decryption failed: the ciphertext was changed, or made for another key") == 0,
		   "a changed ciphertext is refused with the one message");
		ok(pkey_oaep_decrypt(&pt, &pn, k, ct, cn - 1, &err) == -1 && strstr(err.msg, "exactly 256 bytes"),
		   "a ciphertext of the wrong length says the right one");
		free(ct);
		ok(pkey_oaep_encrypt(&ct, &cn, k, big, 191, &err) == -1 && err.code == GPG_ERR_TOO_LARGE
		   && strstr(err.msg, "at most 190"), "191 bytes is refused, naming the limit");
		ok(pkey_oaep_encrypt(&ct, &cn, k, "", 0, &err) == -1 && strstr(err.msg, "nothing to encrypt"),
		   "the empty message is refused (libgcrypt's OAEP takes none)");
		ok(pkey_oaep_encrypt(&ct, &cn, k, "\0", 1, &err) == 0 && pkey_oaep_decrypt(&pt, &pn, k, ct, cn, &err) == 0
		   && pn == 1 && pt[0] == 0, "one zero byte round-trips");
		free(ct);
		pkey_secret_free(pt, pn);
		{
			struct pkey *pub = pkey_public(k);

			ok(pkey_oaep_encrypt(&ct, &cn, pub, "hi", 2, &err) == 0, "the public half encrypts");
			ok(pkey_oaep_decrypt(&pt, &pn, pub, ct, cn, &err) == -1 && err.code == GPG_ERR_NO_SECKEY,
			   "and cannot decrypt");
			free(ct);
			pkey_unref(pub);
		}
	}
	pkey_unref(k);

	for (size_t i = 0; i < 2; i++) {
		const char *what = pkey_kind_name(kinds[i]);

		random_seed("test-pkey", &err);
		ok(pkey_generate_ec(&k, kinds[i], &err) == 0 && pkey_bits(k) == 256, "a seeded %s key", what);
		random_seed("test-pkey", &err);
		ok(pkey_generate_ec(&again, kinds[i], &err) == 0 && pkey_same_public(k, again),
		   "%s: the same seed, the same key", what);
		pkey_unref(again);
		round_trips(k, what);
		signatures(k, what);
		{
			unsigned char *ct;
			size_t cn;

			ok(pkey_oaep_encrypt(&ct, &cn, k, "hi", 2, &err) == -1 && err.code == GPG_ERR_WRONG_PUBKEY_ALGO,
			   "%s: OAEP needs an RSA key", what);
		}
		pkey_unref(k);
	}
	random_seed(NULL, &err);
	ok(pkey_generate_ec(&k, PKEY_P256, &err) == 0 && pkey_generate_ec(&again, PKEY_P256, &err) == 0
	   && !pkey_same_public(k, again), "without a seed, two keys differ");
	round_trips(k, "unseeded p256");
	pkey_unref(k);
	pkey_unref(again);
	ok(pkey_generate_rsa(&k, 2048, &err) == 0, "an unseeded RSA key (libgcrypt's own generator)");
	signatures(k, "unseeded rsa");
	pkey_unref(k);

	ok(pkey_generate_rsa(&k, 1024, &err) == -1 && err.code == GPG_ERR_TOO_SHORT && strstr(err.msg, "rsa.toy"),
	   "1024 bits is refused, pointing to toy keys");
	ok(pkey_generate_rsa(&k, 2560, &err) == -1 && strstr(err.msg, "2048, 3072 or 4096"),
	   "2560 bits is refused, naming the sizes");
	{
		enum pkey_kind kind;

		ok(pkey_curve_parse(&kind, "secp384r1", &err) == -1 && err.code == GPG_ERR_UNKNOWN_CURVE
		   && strstr(err.msg, "\"p256\""), "an unsupported curve is refused, naming the ones there are");
		ok(pkey_curve_parse(&kind, "prime256v1", &err) == 0 && kind == PKEY_P256, "prime256v1 is p256");
	}
}

/* Keys, signatures and ciphertexts from OpenSSL and Python. */
static void
test_foreign(void)
{
	static const char *const rsa_files[] = { "rsa2048.pem", "rsa2048-pkcs1.pem", "rsa2048.der",
						 "rsa2048-pkcs1.der" };
	struct cl_error err;
	struct pkey *k, *pub;
	bool good;
	size_t mn, sn, n;
	char *msg = slurp("msg.txt", &mn), *sig;
	unsigned char *out;

	for (size_t i = 0; i < 4; i++) {
		k = read_key(rsa_files[i], NULL);
		fingerprint_is(k, "rsa2048.fingerprint", rsa_files[i]);
		ok(k && pkey_is_private(k), "%s is a private key", rsa_files[i]);
		pkey_unref(k);
	}
	k = read_key("rsa2048-enc.pem", "correct-horse");
	fingerprint_is(k, "rsa2048.fingerprint", "encrypted PKCS#8");
	pkey_unref(k);
	k = read_key("rsa2048-oldenc.pem", "correct-horse");
	fingerprint_is(k, "rsa2048.fingerprint", "OpenSSL's old encrypted PEM");
	pkey_unref(k);
	pub = read_key("rsa2048-pub.pem", NULL);
	fingerprint_is(pub, "rsa2048.fingerprint", "SPKI PEM");
	ok(pub && !pkey_is_private(pub), "rsa2048-pub.pem is a public key");

	/* PKCS#8 written here from OpenSSL's key is OpenSSL's byte for byte:
	 * p, q, the exponents and the coefficient in OpenSSL's order */
	k = read_key("rsa2048.pem", NULL);
	if (k) {
		char *theirs = slurp("rsa2048.der", &n), *ours;
		size_t on;

		pkey_export_private(&ours, &on, k, PKEY_DER, NULL, &err);
		ok(on == n && memcmp(ours, theirs, n) == 0, "PKCS#8 DER written here is OpenSSL's, byte for byte");
		pkey_secret_free(ours, on);
		free(theirs);

		sig = slurp("rsa2048-oaep.bin", &sn);
		ok(pkey_oaep_decrypt(&out, &n, k, sig, sn, &err) == 0 && n == mn && memcmp(out, msg, n) == 0,
		   "OpenSSL's OAEP-SHA256 ciphertext decrypts");
		pkey_secret_free(out, n);
		free(sig);
	}
	pkey_unref(k);
	sig = slurp("rsa2048-pss-max.sig", &sn);
	ok(pub && pkey_verify(&good, pub, msg, mn, sig, sn, &err) == 0 && good,
	   "OpenSSL's PSS signature (its default, the longest salt) verifies");
	ok(pub && pkey_verify(&good, pub, msg, mn - 1, sig, sn, &err) == 0 && !good, "but not for another message");
	free(sig);
	sig = slurp("rsa2048-pss-32.sig", &sn);
	ok(pub && pkey_verify(&good, pub, msg, mn, sig, sn, &err) == 0 && good,
	   "OpenSSL's PSS signature with a 32-byte salt verifies");
	free(sig);
	pkey_unref(pub);

	k = read_key("p256-sec1.pem", NULL);
	fingerprint_is(k, "p256.fingerprint", "SEC1 after EC PARAMETERS");
	pkey_unref(k);
	k = read_key("p256.pem", NULL);
	fingerprint_is(k, "p256.fingerprint", "P-256 PKCS#8");
	pkey_unref(k);
	pub = read_key("p256-pub.der", NULL);
	fingerprint_is(pub, "p256.fingerprint", "P-256 SPKI DER");
	sig = slurp("p256-ecdsa.sig", &sn);
	ok(pub && pkey_verify(&good, pub, msg, mn, sig, sn, &err) == 0 && good, "OpenSSL's ECDSA signature verifies");
	free(sig);
	pkey_unref(pub);

	k = read_key("ed25519.pem", NULL);
	fingerprint_is(k, "ed25519.fingerprint", "Ed25519 PKCS#8");
	sig = slurp("ed25519.sig", &sn);
	ok(k && pkey_verify(&good, k, msg, mn, sig, sn, &err) == 0 && good, "OpenSSL's Ed25519 signature verifies");
	if (k && pkey_sign(&out, &n, k, msg, mn, &err) == 0) {
		ok(n == sn && memcmp(out, sig, n) == 0, "and is the one made here (Ed25519 is deterministic)");
		free(out);
	}
	free(sig);
	pkey_unref(k);
	k = read_key("ed25519-enc.der", "correct-horse");
	fingerprint_is(k, "ed25519.fingerprint", "encrypted PKCS#8 DER");
	pkey_unref(k);
	free(msg);
}

/* RFC 8032 section 7.1, TEST 1 (the empty message) and TEST 2 (one byte). */
static void
test_rfc8032(void)
{
	static const struct { const char *file, *msg, *pub, *sig; } v[] = {
		{ "ed25519-rfc8032-1.pem", "",
		  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
		  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
		  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
		{ "ed25519-rfc8032-2.pem", "72",
		  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
		  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
		  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	};

	for (size_t i = 0; i < 2; i++) {
		struct pkey *k = read_key(v[i].file, NULL);
		unsigned char m[8], *sig, *point;
		size_t mn = (size_t)unhex(m, v[i].msg), n, pn;
		char got[129];
		struct cl_error err;

		if (!k)
			continue;
		pkey_ec_point(&point, &pn, k, &err);
		hex(got, point, pn);
		is_str(got, v[i].pub, "RFC 8032 test %zu: the public key", i + 1);
		free(point);
		if (pkey_sign(&sig, &n, k, m, mn, &err) == 0) {
			hex(got, sig, n);
			is_str(got, v[i].sig, "RFC 8032 test %zu: the signature", i + 1);
			free(sig);
		}
		pkey_unref(k);
	}
}

/* RFC 6979 appendix A.2.5: P-256, SHA-256, message "sample". */
static void
test_rfc6979(void)
{
	static const char der[] =
		"3046022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
		"022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
	struct pkey *k = read_key("p256-rfc6979.pem", NULL);
	unsigned char *sig, bad[80];
	size_t n, bn;
	char got[200];
	struct cl_error err;
	bool good;

	if (!k)
		return;
	if (ok(pkey_sign(&sig, &n, k, "sample", 6, &err) == 0, "RFC 6979: signs")) {
		hex(got, sig, n);
		is_str(got, der, "RFC 6979 A.2.5: the signature of \"sample\" is the RFC's (r, s)");
		/* the same (r, s) in a longer, non-DER length form is refused,
		 * as OpenSSL refuses it */
		bn = (size_t)unhex(bad, "308146" "022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
				   "022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
		ok(pkey_verify(&good, k, "sample", 6, sig, n, &err) == 0 && good, "RFC 6979: it verifies");
		ok(pkey_verify(&good, k, "sample", 6, bad, bn, &err) == 0 && !good,
		   "a signature in BER (not DER) form is refused");
		free(sig);
	}
	pkey_unref(k);
}

/* PEM with some of its base64 lines taken out, the END line kept. */
static char *
xholed(const char *pem, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	const char *p = pem;

	for (int line = 0; p < pem + n; line++) {
		const char *nl = memchr(p, '\n', (size_t)(pem + n - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(pem + n - p);

		if (line < 5 || line > 10) {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	*o = '\0';
	return out;
}

static void
test_refusals(void)
{
	size_t n;
	char *pem = slurp("rsa2048.pem", &n), *cut;
	struct pkey *k;
	struct cl_error err;

	refused("", 0, NULL, PKEY_NOT_A_KEY, "empty", "nothing");
	refused("hello\n", 6, NULL, PKEY_NOT_A_KEY, "no '-----BEGIN' line", "text");
	refused("\x01\x02\x03", 3, NULL, PKEY_NOT_A_KEY, "neither PEM nor DER", "bytes");
	refused("\x30\x03\x02\x01\x01", 5, NULL, PKEY_NOT_A_KEY, "this DER is not a key", "a DER integer");
	refused_file("cert.pem", NULL, PKEY_NOT_A_KEY, "a PEM 'CERTIFICATE', not a key", "a certificate");
	/* truncated: no END line, or cut in the middle of the base64 */
	cut = strndup(pem, n / 2);
	refused(cut, strlen(cut), NULL, GPG_ERR_BAD_DATA, "cut short: its line '-----END PRIVATE KEY-----' "
		"is missing", "a PEM cut in half");
	free(cut);
	{
		/* the middle of the base64 removed, the END line kept */
		char *holed = xholed(pem, n);

		refused(holed, strlen(holed), NULL, GPG_ERR_INV_OBJ, "cannot be read", "a PEM with lines missing");
		free(holed);
	}
	{
		char *garbled = strdup(pem);

		garbled[200] = garbled[200] == 'A' ? 'B' : 'A';
		/* one base64 character changed: the DER or the key's numbers break */
		k = NULL;
		ok(pkey_import(&k, garbled, n, NULL, &err) == -1 && k == NULL
		   && (err.code == GPG_ERR_INV_OBJ || err.code == GPG_ERR_BAD_SECKEY),
		   "one changed character is refused (%s)", err.msg);
		free(garbled);
	}
	refused("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n", 54, NULL, GPG_ERR_INV_OBJ,
		"cannot be read", "an empty PEM block");
	refused_file("rsa2048-enc.pem", "wrong", GPG_ERR_BAD_PASSPHRASE, "wrong password", "a wrong password");
	refused_file("rsa2048-enc.pem", NULL, GPG_ERR_NO_PASSPHRASE, "give its password", "no password");
	refused_file("rsa2048-oldenc.pem", NULL, GPG_ERR_NO_PASSPHRASE, "give its password",
		     "OpenSSL's old encryption without a password");
	refused_file("ed25519-enc.der", NULL, GPG_ERR_NO_PASSPHRASE, "give its password",
		     "encrypted DER without a password");
	refused_file("p384.pem", NULL, GPG_ERR_UNKNOWN_CURVE, "unsupported curve 'SECP384R1'", "P-384");
	refused_file("rsa1024.pem", NULL, GPG_ERR_TOO_SHORT, "only 1024 bits", "1024-bit RSA");
	free(pem);
	{
		/* Ed25519 public keys whose point does not decode (RFC 8032 section
		 * 5.1.3; checked against the RFC's reference recover_x in Python):
		 * libgcrypt 1.10 would abort on them, so they must be refused. The
		 * 12 bytes before the point are RFC 8410's SubjectPublicKeyInfo. */
		static const struct { const char *point, *what; bool valid; } ed[] = {
			{ "0200000000000000000000000000000000000000000000000000000000000000", "y = 2", false },
			{ "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p", false },
			{ "0100000000000000000000000000000000000000000000000000000000000080", "x = 0 with the sign bit", false },
			{ "0100000000000000000000000000000000000000000000000000000000000000", "y = 1 (the neutral point)", true },
			{ "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "RFC 8032 test 1", true },
		};

		for (size_t i = 0; i < sizeof ed / sizeof ed[0]; i++) {
			unsigned char der[44];
			struct pkey *pk = NULL;
			int rc;

			unhex(der, "302a300506032b6570032100");
			unhex(der + 12, ed[i].point);
			rc = pkey_import(&pk, der, sizeof der, NULL, &err);
			if (ed[i].valid)
				ok(rc == 0, "an Ed25519 public key with %s is read", ed[i].what);
			else
				ok(rc == -1 && strstr(err.msg, "not on the curve"), "an Ed25519 public key with %s is "
				   "refused: %s", ed[i].what, rc ? err.msg : "read");
			pkey_unref(pk);
		}
	}
	{
		/* a public key where a private one is needed */
		struct pkey *pub = read_key("rsa2048-pub.pem", NULL);
		unsigned char *sig;
		char *out;
		size_t sn;

		ok(pub && pkey_sign(&sig, &sn, pub, "x", 1, &err) == -1 && err.code == GPG_ERR_NO_SECKEY,
		   "a public key does not sign");
		ok(pub && pkey_export_private(&out, &sn, pub, PKEY_PEM, NULL, &err) == -1 && err.code == GPG_ERR_NO_SECKEY,
		   "a public key has no private PEM");
		ok(pub && pkey_rsa_numbers(pub, NULL, NULL, (mpz_ptr)NULL, NULL, NULL, &err) == 0,
		   "a public key gives n and e");
		pkey_unref(pub);
	}
	{
		/* a private key whose public part is not its own: SEC1 with another
		 * point */
		struct pkey *a = read_key("p256.pem", NULL), *b = read_key("p256-rfc6979.pem", NULL);
		gnutls_x509_privkey_t x;
		gnutls_datum_t ax, ay, ak, bx, by, bk, der;
		gnutls_ecc_curve_t curve;

		if (a && b && pkey_to_gnutls_x509(&x, a, &err) == 0) {
			gnutls_x509_privkey_export_ecc_raw(x, &curve, &ax, &ay, &ak);
			gnutls_x509_privkey_deinit(x);
			pkey_to_gnutls_x509(&x, b, &err);
			gnutls_x509_privkey_export_ecc_raw(x, &curve, &bx, &by, &bk);
			gnutls_x509_privkey_deinit(x);
			gnutls_x509_privkey_init(&x);
			gnutls_x509_privkey_import_ecc_raw(x, curve, &ax, &ay, &bk);
			gnutls_x509_privkey_export2(x, GNUTLS_X509_FMT_DER, &der);
			refused(der.data, der.size, NULL, GPG_ERR_BAD_SECKEY, "its public key is not the one of its "
				"private number", "an EC key with another key's public point");
			gnutls_free(der.data);
			gnutls_x509_privkey_deinit(x);
			gnutls_free(ax.data); gnutls_free(ay.data); gnutls_free(ak.data);
			gnutls_free(bx.data); gnutls_free(by.data); gnutls_free(bk.data);
		}
		pkey_unref(a);
		pkey_unref(b);
	}
}

/* The GnuTLS objects certificates will use: a signature made through GnuTLS
 * with the key verifies here, and the public key goes there and back. */
static void
test_gnutls(void)
{
	static const char *const files[] = { "rsa2048.pem", "p256.pem", "ed25519.pem" };
	struct cl_error err;

	for (size_t i = 0; i < 3; i++) {
		struct pkey *k = read_key(files[i], NULL), *back = NULL;
		gnutls_privkey_t priv;
		gnutls_pubkey_t pub;
		gnutls_datum_t data = { (unsigned char *)"hello", 5 }, sig = { NULL, 0 };
		gnutls_sign_algorithm_t algo = i == 0 ? GNUTLS_SIGN_RSA_PSS_RSAE_SHA256
					       : i == 1 ? GNUTLS_SIGN_ECDSA_SHA256 : GNUTLS_SIGN_EDDSA_ED25519;
		bool good = false;

		if (!k)
			continue;
		ok(pkey_to_gnutls_privkey(&priv, k, &err) == 0, "%s: a GnuTLS private key", files[i]);
		ok(gnutls_privkey_sign_data2(priv, algo, 0, &data, &sig) == 0, "%s: GnuTLS signs with it", files[i]);
		/* (GnuTLS's RSA-PSS salt is the digest size, 32 bytes, as ours) */
		pkey_verify(&good, k, "hello", 5, sig.data, sig.size, &err);
		ok(good, "%s: and the signature verifies here", files[i]);
		gnutls_free(sig.data);
		gnutls_privkey_deinit(priv);
		pkey_to_gnutls_pubkey(&pub, k, &err);
		ok(pkey_from_gnutls_pubkey(&back, pub, &err) == 0 && pkey_same_public(back, k) && !pkey_is_private(back),
		   "%s: the public key goes to GnuTLS and back", files[i]);
		gnutls_pubkey_deinit(pub);
		pkey_unref(back);
		pkey_unref(k);
	}
}

int
main(void)
{
	struct cl_error err;

	if (core_init(&err))
		skip_all(err.msg);
	test_foreign();
	test_rfc8032();
	test_rfc6979();
	test_refusals();
	test_gnutls();
	test_generated();
	done_testing();
}
