/* libFuzzer target: the certificate and request reader, and what is done
 * with what it reads (libcore/x509.c). Build with ./configure CC=clang
 * --enable-fuzzing, then run
 *   tests/fuzz/fuzz-x509 -max_total_time=60 tests/fuzz/corpus-x509
 *
 * The first byte picks what the rest is:
 *   0  certificates (PEM, one or more, or DER): each must give text safe
 *      to print, walk as DER, verify against itself and against the first
 *      one (with a host name and an address), survive both tamperings,
 *      and read back from its own PEM as the same certificate;
 *   1  a request: the same, less the verification;
 *   2  any DER, for the tree cert.der shows.
 * A refusal must come with a message. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/core.h"
#include "libcore/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
printable(const char *s)
{
	for (; *s; s++)
		check((unsigned char)*s >= 0x20 && *s != 0x7f);
}

static void
info_ok(const struct x509_info *in)
{
	printable(in->subject);
	printable(in->issuer);
	printable(in->key_desc);
	printable(in->sig_algo);
	for (size_t i = 0; i < in->nsan; i++)
		printable(in->san[i].text);
	for (size_t i = 0; i < in->neku; i++)
		printable(in->eku[i]);
}

static void
walk(const unsigned char *der, size_t n, enum x509_der_kind kind)
{
	struct x509_der_node *nodes;
	struct cl_error err = { 0 };
	size_t nn;
	bool more;

	if (x509_der_walk(&nodes, &nn, &more, der, n, kind, 2000, &err)) {
		check(err.msg[0] != '\0');
		return;
	}
	for (size_t i = 0; i < nn; i++) {
		char v[160], t[48];

		check(nodes[i].offset + nodes[i].header + nodes[i].length <= n);
		x509_der_value(v, sizeof v, der, &nodes[i]);
		x509_der_tag_name(t, sizeof t, &nodes[i]);
		printable(v);
	}
	free(nodes);
}

static void
certs(const uint8_t *data, size_t size)
{
	struct x509_cert **v = NULL;
	struct cl_error err = { 0 };
	size_t n;

	if (x509_cert_import(&v, &n, data, size, &err)) {
		check(v == NULL && err.msg[0] != '\0');
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct x509_cert *c = v[i], *back = NULL, *t = NULL;
		struct x509_verdict vd;
		size_t dn, pn;
		const unsigned char *der = x509_cert_der(c, &dn);
		const char *pem = x509_cert_pem(c, &pn);

		info_ok(x509_cert_info(c));
		walk(der, dn, X509_DER_CERT);
		check(x509_cert_import1(&back, pem, pn, &err) == 0 && x509_cert_same(back, c));
		x509_cert_unref(back);
		check(x509_verify(&vd, c, &c, 1, NULL, 0, "localhost", X509_PURPOSE_SERVER, 1700000000, &err) == 0);
		printable(vd.detail);
		x509_verdict_clear(&vd);
		check(x509_verify(&vd, c, v, 1, v, n, "127.0.0.1", X509_PURPOSE_ANY, 1700000000, &err) == 0);
		x509_verdict_clear(&vd);
		for (int subject = 0; subject < 2; subject++) {
			if (x509_cert_tamper(&t, c, subject, &err) == 0) {
				info_ok(x509_cert_info(t));
				x509_cert_unref(t);
			}
		}
	}
	x509_certs_free(v, n);
}

static void
request(const uint8_t *data, size_t size)
{
	struct x509_csr *r = NULL, *back = NULL, *t = NULL;
	struct cl_error err = { 0 };
	size_t dn, pn;

	if (x509_csr_import(&r, data, size, &err)) {
		check(r == NULL && err.msg[0] != '\0');
		return;
	}
	info_ok(x509_csr_info(r));
	walk(x509_csr_der(r, &dn), dn, X509_DER_CSR);
	{
		const char *pem = x509_csr_pem(r, &pn);

		check(x509_csr_import(&back, pem, pn, &err) == 0);
		check(x509_csr_info(back)->sig_ok == x509_csr_info(r)->sig_ok);
		x509_csr_unref(back);
	}
	for (int subject = 0; subject < 2; subject++)
		if (x509_csr_tamper(&t, r, subject, &err) == 0) {
			info_ok(x509_csr_info(t));
			x509_csr_unref(t);
		}
	x509_csr_unref(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		struct cl_error e;

		core_init(&e);
		ready = true;
	}
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0: certs(data + 1, size - 1); break;
	case 1: request(data + 1, size - 1); break;
	case 2: walk(data + 1, size - 1, X509_DER_OTHER); break;
	}
	return 0;
}
