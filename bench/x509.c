/* Certificate speed: certificates issued per second by an RSA-2048 and a
 * P-256 CA (cert.sign's whole path: the request's signature checked, the
 * certificate built, signed, encoded and read back), and a three-certificate
 * chain parsed from PEM and verified per second. It also writes the same CAs,
 * request and chain as files into DIR, so that bench/x509.py can time
 * `openssl x509 -req` and `openssl verify` on the very same inputs. Prints;
 * never passes or fails.
 * Usage: bench/x509 DIR [SECONDS per measurement, default 1] */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libcore/core.h"
#include "libcore/file.h"
#include "libcore/pkey.h"
#include "libcore/x509.h"
#define BENCH_NAME "x509"
#include "bench/common.h"

static void
put(const char *dir, const char *name, const char *data, size_t n)
{
	char path[4096];
	struct cl_error err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (file_write(path, data, n, 0600, true, &err))
		die(err.msg);
}

static void
put_key(const char *dir, const char *name, const struct pkey *k)
{
	char *pem;
	size_t n;
	struct cl_error err;

	if (pkey_export_private(&pem, &n, k, PKEY_PEM, NULL, &err))
		die(err.msg);
	put(dir, name, pem, n);
	pkey_secret_free(pem, n);
}

static double
issue_rate(struct x509_cert *ca, struct pkey *cakey, struct x509_csr *csr, double seconds)
{
	struct cl_error err;
	double start = now(), t;
	long count = 0;

	do {
		for (int i = 0; i < 8; i++) {
			struct x509_cert *c;

			if (x509_sign(&c, NULL, ca, cakey, csr, 1700000000, 1700000000 + 90 * 86400, X509_USAGE_SERVER, -1,
				      &err))
				die(err.msg);
			x509_cert_unref(c);
		}
		count += 8;
		t = now() - start;
	} while (t < seconds);
	return (double)count / t;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : NULL;
	double seconds = argc > 2 ? atof(argv[2]) : 1.0, start, t;
	struct cl_error err;
	struct pkey *rsa, *p256, *server, *ik;
	struct x509_cert *carsa, *cap256, *inter, *leaf;
	struct x509_csr *csr, *icsr;
	const char *names[] = { "localhost", "127.0.0.1" };
	const char *pem;
	char *chain;
	size_t n, n1, n2;
	long count = 0;

	if (!dir)
		die("usage: bench/x509 DIR [SECONDS]");
	if (seconds <= 0)
		seconds = 1.0;
	if (core_init(&err) || pkey_generate_rsa(&rsa, 2048, &err) || pkey_generate_ec(&p256, PKEY_P256, &err)
	    || pkey_generate_ec(&server, PKEY_P256, &err) || pkey_generate_ec(&ik, PKEY_P256, &err)
	    || x509_make_ca(&carsa, rsa, "CN=Bench RSA Root", 1700000000, 2000000000, -1, &err)
	    || x509_make_ca(&cap256, p256, "CN=Bench P-256 Root", 1700000000, 2000000000, -1, &err)
	    || x509_make_csr(&csr, server, "CN=localhost", names, 2, &err)
	    || x509_make_csr(&icsr, ik, "CN=Bench Intermediate", NULL, 0, &err)
	    || x509_sign(&inter, NULL, cap256, p256, icsr, 1700000000, 1900000000, X509_USAGE_CA, 0, &err)
	    || x509_sign(&leaf, NULL, inter, ik, csr, 1700000000, 1800000000, X509_USAGE_SERVER, -1, &err))
		die(err.msg);
	pem = x509_cert_pem(carsa, &n);
	put(dir, "ca-rsa.pem", pem, n);
	put_key(dir, "ca-rsa-key.pem", rsa);
	pem = x509_cert_pem(cap256, &n);
	put(dir, "ca-p256.pem", pem, n);
	put_key(dir, "ca-p256-key.pem", p256);
	pem = x509_csr_pem(csr, &n);
	put(dir, "server.csr", pem, n);
	pem = x509_cert_pem(inter, &n);
	put(dir, "int.pem", pem, n);
	pem = x509_cert_pem(leaf, &n);
	put(dir, "leaf.pem", pem, n);

	printf("x509.issue.rsa2048 %.0f per second\n", issue_rate(carsa, rsa, csr, seconds));
	printf("x509.issue.p256 %.0f per second\n", issue_rate(cap256, p256, csr, seconds));

	/* what `openssl verify -CAfile root.pem -untrusted int.pem leaf.pem`
	 * does: read the three from PEM, build the chain, check it */
	{
		const char *lp = x509_cert_pem(leaf, &n1), *ip = x509_cert_pem(inter, &n2), *rp;
		size_t rn;

		rp = x509_cert_pem(cap256, &rn);
		chain = malloc(n1 + n2);
		memcpy(chain, lp, n1);
		memcpy(chain + n1, ip, n2);
		start = now();
		do {
			for (int i = 0; i < 16; i++) {
				struct x509_cert **v, *root;
				struct x509_verdict vd;
				size_t nv;

				if (x509_cert_import(&v, &nv, chain, n1 + n2, &err) || x509_cert_import1(&root, rp, rn, &err))
					die(err.msg);
				x509_verify(&vd, v[0], &root, 1, v + 1, nv - 1, "localhost", X509_PURPOSE_SERVER, 1750000000,
					    &err);
				if (vd.status != X509_OK)
					die(vd.detail);
				x509_verdict_clear(&vd);
				x509_certs_free(v, nv);
				x509_cert_unref(root);
			}
			count += 16;
			t = now() - start;
		} while (t < seconds);
		printf("x509.verify3 %.0f per second\n", (double)count / t);
		free(chain);
	}
	x509_cert_unref(carsa);
	x509_cert_unref(cap256);
	x509_cert_unref(inter);
	x509_cert_unref(leaf);
	x509_csr_unref(csr);
	x509_csr_unref(icsr);
	pkey_unref(rsa);
	pkey_unref(p256);
	pkey_unref(server);
	pkey_unref(ik);
	return 0;
}
