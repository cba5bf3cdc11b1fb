/* rsa.* for real keys (libcore/pkey.c over libgcrypt): keygen, OAEP and PSS.
 * The toy keys worked by hand are in repl/builtins/rsa.c; both tables use the
 * "rsa" prefix, so `rsa.` completes to all of them and `help rsa` lists both. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/bigint.h"
#include "libcore/pkey.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/keys.h"
#include "repl/session.h"

static int
b_keygen(struct call *c, struct value **out)
{
	unsigned long bits;
	struct pkey *k;

	/* the sizes and the reason for them are pkey_generate_rsa's */
	if (mpz_sgn(c->arg[0]->u.z) < 0 || mpz_cmp_ui(c->arg[0]->u.z, 1UL << 20) > 0) {
		char shown[80];

		bigint_short(shown, sizeof shown, c->arg[0]->u.z);
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "rsa.keygen: RSA keys are made here with 2048, "
			       "3072 or 4096 bits, not '%s'", shown);
	}
	bits = mpz_get_ui(c->arg[0]->u.z);
	if (pkey_generate_rsa(&k, (unsigned)bits, c->err))
		return -1;
	key_explain(c, "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:%lu -out key.pem", bits);
	*out = key_value(k);
	return 0;
}

static int
b_oaep_encrypt(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *msg;
	unsigned char *ct;
	size_t n, len;

	if (key_arg(c, 0, false, &k))
		return -1;
	arg_data(c, 1, &msg, &len);
	if (pkey_oaep_encrypt(&ct, &n, k, msg, len, c->err))
		return -1;
	key_explain(c, "openssl pkeyutl -encrypt -pubin -inkey pub.pem -pkeyopt rsa_padding_mode:oaep "
		    "-pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 -in msg.txt -out ct.bin");
	*out = value_bytes(ct, n);
	free(ct);
	return 0;
}

static int
b_oaep_decrypt(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *ct;
	unsigned char *msg;
	size_t n, len;

	if (key_arg(c, 0, true, &k))
		return -1;
	arg_data(c, 1, &ct, &len);
	if (pkey_oaep_decrypt(&msg, &n, k, ct, len, c->err))
		return -1;
	key_explain(c, "openssl pkeyutl -decrypt -inkey key.pem -pkeyopt rsa_padding_mode:oaep "
		    "-pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 -in ct.bin");
	*out = key_message_value(msg, n);
	pkey_secret_free(msg, n);
	return 0;
}

static int
need_rsa(struct call *c, struct pkey *k, const char *other)
{
	if (pkey_kind(k) != PKEY_RSA)
		return cl_fail(c->err, GPG_ERR_WRONG_PUBKEY_ALGO, "%s needs an RSA key, and this is %s key: "
			       "use %s", c->b->name, pkey_kind(k) == PKEY_P256 ? "an ECDSA P-256" : "an Ed25519",
			       other);
	return 0;
}

static int
b_pss_sign(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *msg;
	unsigned char *sig;
	size_t n, len;

	if (key_arg(c, 0, true, &k) || need_rsa(c, k, "ec.sign"))
		return -1;
	arg_data(c, 1, &msg, &len);
	if (pkey_sign(&sig, &n, k, msg, len, c->err))
		return -1;
	key_explain(c, "openssl dgst -sha256 -sign key.pem -sigopt rsa_padding_mode:pss "
		    "-sigopt rsa_pss_saltlen:32 -out sig.bin msg.txt");
	*out = value_bytes(sig, n);
	free(sig);
	return 0;
}

static int
b_pss_verify(struct call *c, struct value **out)
{
	struct pkey *k;
	const char *msg, *sig;
	size_t len, n;
	bool good;

	if (key_arg(c, 0, false, &k) || need_rsa(c, k, "ec.verify"))
		return -1;
	arg_data(c, 1, &msg, &len);
	arg_data(c, 2, &sig, &n);
	if (pkey_verify(&good, k, msg, len, sig, n, c->err))
		return -1;
	key_explain(c, "openssl dgst -sha256 -verify pub.pem -sigopt rsa_padding_mode:pss "
		    "-signature sig.bin msg.txt");
	*out = value_bool(good);
	return 0;
}

static const struct builtin entries[] = {
	{
		.name = "rsa.keygen",
		.params = { { .name = "bits", .types = T_INT, .def = "3072" }, EXPLAIN_PARAM },
		.summary = "a real RSA key pair (2048, 3072 or 4096 bits), made by libgcrypt",
		.help = "Two random primes of BITS/2 bits each, n = p*q, e = 65537 and d = e^-1 mod "
			"lcm(p-1, q-1): the toy key's recipe at full size. 3072 bits is the default (as strong "
			"as a 128-bit symmetric key); 2048 is the least used today. The key prints a summary "
			"(kind, size, e and the SHA-256 fingerprint of its public key), never its secret "
			"numbers: ask for them with `k.d`, `k.p`, `k.q`. `k.public` is the half you give "
			"away; `save(\"key.pem\", k)` writes the key as a PKCS#8 file that OpenSSL reads. "
			"Under `--seed` the same key comes back every time (for demonstrations; such a key is "
			"not secret). Ctrl-C stops a slow generation. `explain=true` shows the openssl command "
			"that does the same.",
		.example = "k = rsa.keygen(2048)\nk\nk.bits == bits(k.n)",
		.expect = "RSA private key, 2048 bits, e = 65537\n"
			  "SHA-256 fingerprint 188772d7dab3940982475ae6deb9c9dffa3e784f76d27d91b827c6e581e09f96\n"
			  "true",
		.fn = b_keygen,
		.flags = B_SEEDED,
	},
	{
		.name = "rsa.oaep_encrypt",
		.params = { KEY_PARAM("pub"), { .name = "data", .types = T_DATA }, EXPLAIN_PARAM },
		.summary = "encrypt a short message to a public key (RSA-OAEP with SHA-256)",
		.help = "Textbook RSA (m^e mod n) is deterministic and malleable: the same message always "
			"gives the same ciphertext, so Eve can test guesses, and multiplying a ciphertext "
			"multiplies the message. OAEP fixes both: it mixes fresh random bytes into the "
			"message before the power, so each ciphertext differs, and any change makes "
			"decryption fail. The result is bytes, as long as the modulus. A message must be at "
			"least 2*32+2 bytes shorter than the key (at most 190 bytes for 2048 bits): RSA carries a "
			"short secret such as a key, and that key encrypts the data (hybrid encryption). PUB "
			"may also be a private key (its public half is used) or a key's PEM text.",
		.example = "k = rsa.keygen(2048)\nct = rsa.oaep_encrypt(k.public, \"attack at dawn\")\n"
			   "len(ct)\nrsa.oaep_decrypt(k, ct)",
		.expect = "256\nattack at dawn",
		.fn = b_oaep_encrypt,
		.flags = B_SEEDED,
	},
	{
		.name = "rsa.oaep_decrypt",
		.params = { KEY_PARAM("key"), { .name = "ct", .types = T_BYTES }, EXPLAIN_PARAM },
		.summary = "decrypt an RSA-OAEP (SHA-256) ciphertext with the private key",
		.help = "Undoes `rsa.oaep_encrypt`, and `openssl pkeyutl -encrypt` with OAEP and SHA-256. The "
			"message comes back as text when it is text, as bytes otherwise. Every failure (the "
			"wrong key, a changed byte) gives the same error on purpose: telling the cases apart "
			"would help an attacker (Manger's and Bleichenbacher's attacks work that way).",
		.example = "k = rsa.keygen(2048)\nct = rsa.oaep_encrypt(k, bytes(\"key\"))\nrsa.oaep_decrypt(k, ct)",
		.expect = "key",
		.fn = b_oaep_decrypt,
		.flags = B_SEEDED,
	},
	{
		.name = "rsa.pss_sign",
		.params = { KEY_PARAM("key"), { .name = "data", .types = T_DATA }, EXPLAIN_PARAM },
		.summary = "sign a message with the private key (RSA-PSS with SHA-256)",
		.help = "Hashes DATA with SHA-256, pads the hash with PSS (a random 32-byte salt and a mask) "
			"and raises it to d mod n. Textbook signing of the hash alone lets signatures be "
			"combined into new ones; the padding stops that. The signature is bytes, as long as "
			"the modulus; `save(\"sig.bin\", sig)` writes it raw, for `openssl dgst -verify`.",
		.example = "k = rsa.keygen(2048)\nsig = rsa.pss_sign(k, \"I owe Bob 10 euros\")\nlen(sig)\n"
			   "rsa.pss_verify(k.public, \"I owe Bob 10 euros\", sig)",
		.expect = "256\ntrue",
		.fn = b_pss_sign,
		.flags = B_SEEDED,
	},
	{
		.name = "rsa.pss_verify",
		.params = { KEY_PARAM("pub"), { .name = "data", .types = T_DATA },
			    { .name = "sig", .types = T_BYTES }, EXPLAIN_PARAM },
		.summary = "check an RSA-PSS (SHA-256) signature: true or false",
		.help = "True when SIG is a signature of exactly DATA by the private key of PUB. A wrong "
			"signature is not an error: the answer is false (a changed message, another key, a "
			"damaged signature). Signatures by OpenSSL and Python with the usual salt lengths "
			"(32 bytes, the maximum, or none) are accepted.",
		.example = "k = rsa.keygen(2048)\nsig = rsa.pss_sign(k, \"I owe Bob 10 euros\")\n"
			   "rsa.pss_verify(k, \"I owe Bob 10 euros\", sig)\n"
			   "rsa.pss_verify(k, \"I owe Bob 99 euros\", sig)",
		.expect = "true\nfalse",
		.fn = b_pss_verify,
		.flags = B_SEEDED,
	},
	{ 0 }
};

const struct builtin_ns ns_rsa_real = {
	.name = "rsa",
	.topic = "RSA: real keys, padding and files",
	.entries = entries,
};
