/* ec.*: elliptic-curve keys (libcore/pkey.c over libgcrypt): ECDSA over
 * NIST P-256 and Ed25519, for signatures, beside RSA's. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/pkey.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/keys.h"
#include "repl/session.h"

static int
b_keygen(struct call *c, struct value **out)
{
	enum pkey_kind kind;
	struct pkey *k;

	if (pkey_curve_parse(&kind, c->arg[0]->u.s.p, c->err) || pkey_generate_ec(&k, kind, c->err))
		return -1;
	key_explain(c, "openssl genpkey -algorithm %s -out key.pem",
		    kind == PKEY_P256 ? "EC -pkeyopt ec_paramgen_curve:P-256" : "ED25519");
	*out = key_value(k);
	return 0;
}

static int
need_ec(struct call *c, struct pkey *k, const char *other)
{
	if (pkey_kind(k) == PKEY_RSA)
		return cl_fail(c->err, GPG_ERR_WRONG_PUBKEY_ALGO, "%s needs an EC key (p256 or ed25519), and "
			       "this is an RSA key: use %s", c->b->name, other);
	return 0;
}

static int
b_sign(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *msg;
	unsigned char *sig;
	size_t n, len;

	if (key_arg(c, 0, true, &k) || need_ec(c, k, "rsa.pss_sign"))
		return -1;
	arg_data(c, 1, &msg, &len);
	if (pkey_sign(&sig, &n, k, msg, len, c->err))
		return -1;
	if (pkey_kind(k) == PKEY_P256)
		key_explain(c, "openssl dgst -sha256 -sign key.pem -out sig.bin msg.txt");
	else
		key_explain(c, "openssl pkeyutl -sign -inkey key.pem -rawin -in msg.txt -out sig.bin");
	*out = value_bytes(sig, n);
	free(sig);
	return 0;
}

static int
b_verify(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *msg, *sig;
	size_t len, n;
	bool good;

	if (key_arg(c, 0, false, &k) || need_ec(c, k, "rsa.pss_verify"))
		return -1;
	arg_data(c, 1, &msg, &len);
	arg_data(c, 2, &sig, &n);
	if (pkey_verify(&good, k, msg, len, sig, n, c->err))
		return -1;
	if (pkey_kind(k) == PKEY_P256)
		key_explain(c, "openssl dgst -sha256 -verify pub.pem -signature sig.bin msg.txt");
	else
		key_explain(c, "openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in msg.txt -sigfile sig.bin");
	*out = value_bool(good);
	return 0;
}

static const struct builtin entries[] = {
	{
		.name = "ec.keygen",
		.params = { { .name = "curve", .types = T_STR, .def = "\"p256\"" }, EXPLAIN_PARAM },
		.summary = "a new elliptic-curve key: \"p256\" (ECDSA) or \"ed25519\"",
		.help = "An elliptic-curve private key is one random number d below the order of the "
			"curve, and the public key the point d*G: finding d from it (the discrete logarithm "
			"on the curve) is out of reach. A 256-bit curve is about as strong as 3072-bit RSA "
			"with keys and signatures ten times smaller, and making a key is instant. \"p256\" is "
			"NIST P-256 (prime256v1 in OpenSSL), used with ECDSA in most TLS certificates; "
			"\"ed25519\" is Bernstein's Edwards curve with EdDSA, simpler and deterministic. "
			"The key has `.public`, `.fingerprint`, `.point` (the public point) and `.d`.",
		.example = "k = ec.keygen(\"ed25519\")\nk\nlen(k.point)",
		.expect = "Ed25519 private key, 256 bits\n"
			  "SHA-256 fingerprint 2ad606aa31e1c7e200d1f3bc8cd0988a39cfdaff43d886c51f6b9ea00608b56f\n"
			  "32",
		.fn = b_keygen,
		.flags = B_SEEDED,
	},
	{
		.name = "ec.sign",
		.params = { KEY_PARAM("key"), { .name = "data", .types = T_DATA }, EXPLAIN_PARAM },
		.summary = "sign a message with an EC private key (ECDSA-SHA256 or Ed25519)",
		.help = "P-256: ECDSA over the SHA-256 of DATA, as the DER pair (r, s) that `openssl dgst "
			"-sha256 -sign` writes (70 to 72 bytes). ECDSA needs a fresh secret number for every "
			"signature (reusing one gives the key away, as it did for the PlayStation 3); here "
			"it comes from the key and the message (RFC 6979), so it never repeats by accident. "
			"Ed25519: the 64 bytes R||S of pure Ed25519 over DATA itself (`openssl pkeyutl "
			"-sign -rawin`), deterministic by design.",
		.example = "k = ec.keygen(\"p256\")\nsig = ec.sign(k, \"hello\")\nec.verify(k.public, \"hello\", sig)",
		.expect = "true",
		.fn = b_sign,
	},
	{
		.name = "ec.verify",
		.params = { KEY_PARAM("pub"), { .name = "data", .types = T_DATA },
			    { .name = "sig", .types = T_BYTES }, EXPLAIN_PARAM },
		.summary = "check an ECDSA or Ed25519 signature: true or false",
		.help = "True when SIG is the signature of exactly DATA by the private key of PUB; a wrong "
			"or damaged signature gives false, not an error. Accepts signatures made by OpenSSL "
			"and Python's cryptography (ECDSA in DER, as OpenSSL only in its one strict DER form).",
		.example = "k = ec.keygen(\"ed25519\")\nsig = ec.sign(k, \"hello\")\nlen(sig)\n"
			   "ec.verify(k, \"hello\", sig)\nec.verify(k, \"hellO\", sig)",
		.expect = "64\ntrue\nfalse",
		.fn = b_verify,
	},
	{ 0 }
};

const struct builtin_ns ns_ec = {
	.name = "ec",
	.topic = "Elliptic-curve keys: ECDSA P-256 and Ed25519",
	.entries = entries,
};
