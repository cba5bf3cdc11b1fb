/* Fernet speed: round trips per second for small messages, and throughput on
 * 16 MiB messages next to what libgcrypt's AES-128-CBC and HMAC-SHA256 reach
 * alone on the same bytes in the same run (the bound: a token must be
 * encrypted and MACed, or MACed and decrypted, at the very least).
 * Prints figures and ratios, never passes or fails. The lines starting with
 * "fernet." are read by bench/fernet.py, which puts Python's figures next to
 * them. Usage: bench/fernet [SECONDS per measurement, default 1]. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gcrypt.h>
#include "libcore/core.h"
#include "libcore/fernet.h"
#include "libcore/random.h"
#define BENCH_NAME "fernet"
#include "bench/common.h"

/* Encrypt and decrypt N-byte messages for SECONDS; round trips per second. */
static double
round_trips(const struct fernet_key *k, size_t n, double seconds)
{
	unsigned char *msg = malloc(n), *back;
	struct cl_error err;
	double start = now(), t;
	long count = 0;
	char *token;
	size_t tn, bn;

	memset(msg, 'm', n);
	do {
		for (int i = 0; i < 256; i++) {
			if (fernet_encrypt(&token, &tn, k, msg, n, &err)
			    || fernet_decrypt(&back, &bn, k, token, tn, NULL, &err))
				die(err.msg);
			free(token);
			fernet_free(back, bn);
		}
		count += 256;
		t = now() - start;
	} while (t < seconds);
	free(msg);
	return (double)count / t;
}

/* The bound on the same bytes: CBC then HMAC (encrypting), HMAC then CBC
 * (decrypting), with the same libgcrypt calls libcore/fernet.c makes. */
static void
bound(const struct fernet_key *k, unsigned char *buf, size_t n, double *enc, double *dec)
{
	unsigned char iv[16] = { 0 }, tag[32];
	gcry_cipher_hd_t c;
	gcry_mac_hd_t m;
	size_t tl = sizeof tag;
	double t0, t1, t2;

	t0 = now();
	gcry_cipher_open(&c, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, GCRY_CIPHER_SECURE);
	gcry_cipher_setkey(c, k->bytes + 16, 16);
	gcry_cipher_setiv(c, iv, 16);
	gcry_cipher_encrypt(c, buf, n, NULL, 0);
	gcry_cipher_close(c);
	gcry_mac_open(&m, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL);
	gcry_mac_setkey(m, k->bytes, 16);
	gcry_mac_write(m, buf, n);
	gcry_mac_read(m, tag, &tl);
	gcry_mac_close(m);
	t1 = now();
	gcry_mac_open(&m, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL);
	gcry_mac_setkey(m, k->bytes, 16);
	gcry_mac_write(m, buf, n);
	gcry_mac_verify(m, tag, 32);
	gcry_mac_close(m);
	gcry_cipher_open(&c, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, GCRY_CIPHER_SECURE);
	gcry_cipher_setkey(c, k->bytes + 16, 16);
	gcry_cipher_setiv(c, iv, 16);
	gcry_cipher_decrypt(c, buf, n, NULL, 0);
	gcry_cipher_close(c);
	t2 = now();
	*enc = t1 - t0;
	*dec = t2 - t1;
}

static double
best(double a, double b)
{
	return a < b ? a : b;
}

int
main(int argc, char **argv)
{
	const size_t big = (size_t)16 << 20;
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	double enc = 1e9, dec = 1e9, benc = 1e9, bdec = 1e9, mib = (double)big / (1 << 20);
	struct fernet_key k;
	struct cl_error err;
	unsigned char *msg, *back;
	char *token;
	size_t tn, bn;

	if (seconds <= 0)
		seconds = 1.0;
	if (core_init(&err) || fernet_key_generate(&k, &err))
		die(err.msg);
	printf("fernet.version libgcrypt %s\n", gcry_check_version(NULL));
	printf("fernet.roundtrip.100 %.0f per second\n", round_trips(&k, 100, seconds));
	printf("fernet.roundtrip.1024 %.0f per second\n", round_trips(&k, 1024, seconds));

	/* 16 MiB: the best of a few runs, ours and the bound alternating so
	 * that both see the same machine. */
	msg = malloc(big);
	memset(msg, 'b', big);
	for (int rep = 0; rep < 5; rep++) {
		double t0, t1, t2, e, d;

		t0 = now();
		if (fernet_encrypt(&token, &tn, &k, msg, big, &err))
			die(err.msg);
		t1 = now();
		if (fernet_decrypt(&back, &bn, &k, token, tn, NULL, &err))
			die(err.msg);
		t2 = now();
		if (bn != big || memcmp(back, msg, big))
			fprintf(stderr, "bench/fernet: the 16 MiB round trip came back different\n");
		free(token);
		fernet_free(back, bn);
		enc = best(enc, t1 - t0);
		dec = best(dec, t2 - t1);
		bound(&k, msg, big, &e, &d);
		benc = best(benc, e);
		bdec = best(bdec, d);
	}
	free(msg);
	printf("fernet.encrypt.16MiB %.0f MiB/s (bound: aes-128-cbc + hmac-sha256 alone %.0f MiB/s, "
	       "%.0f%% of it)\n", mib / enc, mib / benc, 100 * benc / enc);
	printf("fernet.decrypt.16MiB %.0f MiB/s (bound: hmac-sha256 + aes-128-cbc alone %.0f MiB/s, "
	       "%.0f%% of it)\n", mib / dec, mib / bdec, 100 * bdec / dec);
	printf("fernet.roundtrip.16MiB %.0f MiB/s (bound %.0f MiB/s, %.0f%% of it)\n",
	       mib / (enc + dec), mib / (benc + bdec), 100 * (benc + bdec) / (enc + dec));
	fernet_key_free(&k);
	return 0;
}
