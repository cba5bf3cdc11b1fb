#include <config.h>
#include <string.h>
#include <gcrypt.h>
#include "libcore/random.h"

static gcry_cipher_hd_t drbg;	/* non-NULL once seeded */
/* The seeded generator's position, kept here rather than inside libgcrypt's
 * handle so that a snapshot can save and restore it: the next counter block,
 * and the unused end of the last keystream block. */
static unsigned char ctr[16], left[16];
static size_t nleft;

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
	memset(ctr, 0, sizeof ctr);
	nleft = 0;
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

static void
ctr_add(size_t blocks)
{
	unsigned carry = 0;
	unsigned long long add = blocks;

	for (int i = 15; i >= 0 && (add || carry); i--) {
		unsigned v = ctr[i] + (unsigned)(add & 0xff) + carry;

		ctr[i] = (unsigned char)v;
		carry = v >> 8;
		add >>= 8;
	}
}

/* N bytes of AES-256-CTR keystream (the encryption of zeros), from the
 * counter block CTR on, then CTR moved past them. */
static void
keystream(unsigned char *out, size_t blocks)
{
	memset(out, 0, blocks * 16);
	gcry_cipher_setctr(drbg, ctr, sizeof ctr);
	gcry_cipher_encrypt(drbg, out, blocks * 16, NULL, 0);
	ctr_add(blocks);
}

void
random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t take;

	if (!drbg) {
		gcry_randomize(buf, n, GCRY_STRONG_RANDOM);
		return;
	}
	/* the stream carries across calls: first what the last block left */
	take = n < nleft ? n : nleft;
	memcpy(p, left + 16 - nleft, take);
	nleft -= take;
	p += take;
	n -= take;
	if (n >= 16) {
		keystream(p, n / 16);
		p += n / 16 * 16;
		n %= 16;
	}
	if (n) {
		keystream(left, 1);
		memcpy(p, left, n);
		nleft = 16 - n;
	}
}

void
random_save(struct random_state *st)
{
	st->seeded = drbg != NULL;
	memcpy(st->ctr, ctr, sizeof ctr);
	memcpy(st->left, left, sizeof left);
	st->nleft = nleft;
}

void
random_restore(const struct random_state *st)
{
	/* the seed itself does not change during a run: only the position */
	if (!st->seeded || !drbg)
		return;
	memcpy(ctr, st->ctr, sizeof ctr);
	memcpy(left, st->left, sizeof left);
	nleft = st->nleft;
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
random_mpz(mpz_t r, unsigned long bits)
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
		random_mpz(r, bits);
	while (mpz_cmp(r, n) >= 0);
}
