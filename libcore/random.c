#include <config.h>
#include <string.h>
#include <gcrypt.h>
#include "libcore/random.h"

static gcry_cipher_hd_t drbg;	/* non-NULL once seeded */

int
core_init(struct cl_error *err)
{
	if (!gcry_check_version("1.10.0"))
		return cl_fail(err, GPG_ERR_NOT_SUPPORTED, "libgcrypt 1.10 or newer is needed");
	/* Secure memory for keys; as a normal user mlock may be refused, and then
	 * libgcrypt's warning would only confuse a student. */
	gcry_control(GCRYCTL_DISABLE_SECMEM_WARN);
	/* Many keys at once (a lesson's, a student's variables) may outgrow the
	 * first pool: libgcrypt then adds pools instead of aborting. */
	gcry_control(GCRYCTL_AUTO_EXPAND_SECMEM, 256 * 1024);
	gcry_control(GCRYCTL_INIT_SECMEM, 256 * 1024, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	return 0;
}

int
random_seed(const char *seed, struct cl_error *err)
{
	static const char label[] = "cryptolab deterministic generator\n";
	unsigned char key[32];
	gcry_md_hd_t md;
	gpg_error_t e;

	if (!seed) {
		if (drbg)
			gcry_cipher_close(drbg);
		drbg = NULL;
		return 0;
	}
	if ((e = gcry_md_open(&md, GCRY_MD_SHA256, 0)))
		return cl_fail_gcry(err, e, "seeding");
	gcry_md_write(md, label, sizeof label - 1);
	gcry_md_write(md, seed, strlen(seed));
	memcpy(key, gcry_md_read(md, 0), sizeof key);
	gcry_md_close(md);
	if (drbg)
		gcry_cipher_close(drbg);
	drbg = NULL;
	e = gcry_cipher_open(&drbg, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CTR, 0);
	if (!e && (e = gcry_cipher_setkey(drbg, key, sizeof key)))
		gcry_cipher_close(drbg);
	explicit_bzero(key, sizeof key);
	if (e) {
		drbg = NULL;
		return cl_fail_gcry(err, e, "seeding");
	}
	return 0;
}

bool
random_seeded(void)
{
	return drbg != NULL;
}

void
random_bytes(void *buf, size_t n)
{
	if (!drbg) {
		gcry_randomize(buf, n, GCRY_STRONG_RANDOM);
		return;
	}
	/* The keystream of AES-CTR over zeros: the counter carries across calls. */
	memset(buf, 0, n);
	gcry_cipher_encrypt(drbg, buf, n, NULL, 0);
}

void
random_nonce(void *buf, size_t n)
{
	if (drbg)
		random_bytes(buf, n);
	else
		gcry_create_nonce(buf, n);
}

void
random_bits(mpz_t r, unsigned long bits)
{
	size_t n = (bits + 7) / 8;
	unsigned char *buf = gcry_xmalloc(n ? n : 1);

	random_bytes(buf, n);
	mpz_import(r, n, 1, 1, 1, 0, buf);
	if (bits % 8)
		mpz_fdiv_r_2exp(r, r, bits);
	memset(buf, 0, n);
	gcry_free(buf);
}

void
random_below(mpz_t r, const mpz_t n)
{
	unsigned long bits = mpz_sizeinbase(n, 2);

	/* Rejection sampling: uniform, and at most two draws on average. */
	do
		random_bits(r, bits);
	while (mpz_cmp(r, n) >= 0);
}
