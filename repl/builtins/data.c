/* Conversions between messages and numbers (the bytes RSA turns into a
 * number and back), hashing, lengths, and the environment. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include "libcore/bigint.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"

#define ZARG(i) (c->arg[(i)]->u.z)

static int
b_hex(struct call *c, struct value **out)
{
	static const char digits[] = "0123456789abcdef";
	const char *p;
	char *s;
	size_t n;

	if (c->arg[0]->type == V_INT) {
		char *h = mpz_get_str(NULL, 16, ZARG(0));
		bool neg = h[0] == '-';

		s = xmalloc(strlen(h) + 3);
		sprintf(s, "%s0x%s", neg ? "-" : "", h + neg);
		free(h);
		*out = value_cstr(s);
		free(s);
		return 0;
	}
	arg_data(c, 0, &p, &n);
	s = xmalloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[(unsigned char)p[i] >> 4];
		s[2 * i + 1] = digits[(unsigned char)p[i] & 15];
	}
	*out = value_str(s, 2 * n);
	free(s);
	return 0;
}

static int
b_int(struct call *c, struct value **out)
{
	const char *p;
	size_t n;
	mpz_t z;

	if (c->arg[0]->type == V_INT) {
		*out = value_ref(c->arg[0]);
		return 0;
	}
	arg_data(c, 0, &p, &n);
	if (n > BIGINT_MAX_BITS / 8)
		return cl_fail(c->err, GPG_ERR_TOO_LARGE, "%zu bytes make a number over the limit of %lu bits",
			       n, BIGINT_MAX_BITS);
	mpz_init(z);
	bigint_from_bytes(z, p, n);
	*out = value_int_take(z);
	return 0;
}

/* The bytes of an integer argument, or its own bytes for text and bytes. */
static int
data_of(struct call *c, int i, unsigned char **p, size_t *n, bool *owned)
{
	if (c->arg[i]->type == V_INT) {
		*owned = true;
		return bigint_to_bytes(p, n, ZARG(i), 0, c->err);
	}
	*owned = false;
	arg_data(c, i, (const char **)p, n);
	return 0;
}

static int
b_text(struct call *c, struct value **out)
{
	unsigned char *p;
	size_t n, bad;
	bool owned;

	if (c->arg[0]->type == V_STR) {
		*out = value_ref(c->arg[0]);
		return 0;
	}
	if (data_of(c, 0, &p, &n, &owned))
		return -1;
	if (!utf8_valid((const char *)p, n, &bad)) {
		const char *what = c->arg[0]->type == V_INT ? "the bytes of this number" : "these bytes";

		cl_fail(c->err, GPG_ERR_INV_VALUE,
			"%s are not UTF-8 text (byte %zu of %zu is 0x%02x); bytes(x) shows them as they are",
			what, bad + 1, n, p[bad]);
		if (owned)
			free(p);
		return -1;
	}
	*out = value_str((const char *)p, n);
	if (owned)
		free(p);
	return 0;
}

static int
b_bytes(struct call *c, struct value **out)
{
	unsigned char *p;
	size_t n;
	unsigned long size = 0;

	if (c->arg[0]->type != V_INT) {
		if (c->arg[1])
			return cl_fail(c->err, GPG_ERR_INV_ARG,
				       "bytes: 'size' is for numbers; text and bytes keep their length");
		arg_data(c, 0, (const char **)&p, &n);
		*out = value_bytes(p, n);
		return 0;
	}
	if (c->arg[1] && arg_ulong(c, 1, 1, BIGINT_MAX_BITS / 8, &size))
		return -1;
	if (bigint_to_bytes(&p, &n, ZARG(0), size, c->err))
		return -1;
	*out = value_bytes(p, n);
	free(p);
	return 0;
}

static int
b_sha256(struct call *c, struct value **out)
{
	unsigned char digest[32];
	const char *p;
	size_t n;

	arg_data(c, 0, &p, &n);
	gcry_md_hash_buffer(GCRY_MD_SHA256, digest, p, n);
	*out = value_bytes(digest, sizeof digest);
	return 0;
}

static int
b_env(struct call *c, struct value **out)
{
	const char *name, *v;
	size_t n, bad;

	arg_data(c, 0, &name, &n);
	if (strlen(name) != n || n == 0 || strchr(name, '='))
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "'%s' is not a name of an environment variable",
			       name);
	if (!(v = getenv(name)))
		return cl_fail(c->err, GPG_ERR_NOT_FOUND,
			       "the environment variable '%s' is not set (set it in the shell "
			       "before starting cryptolab: export %s=...)", name, name);
	if (!utf8_valid(v, strlen(v), &bad))
		return cl_fail(c->err, GPG_ERR_INV_VALUE,
			       "the environment variable '%s' is not UTF-8 text (byte %zu)", name, bad + 1);
	*out = value_cstr(v);
	return 0;
}

static int
b_len(struct call *c, struct value **out)
{
	const struct value *v = c->arg[0];
	long n = 0;

	switch (v->type) {
	case V_STR:
		/* characters: every byte that does not continue a UTF-8 sequence */
		for (size_t i = 0; i < v->u.s.n; i++)
			n += ((unsigned char)v->u.s.p[i] & 0xc0) != 0x80;
		break;
	case V_BYTES:
		n = (long)v->u.s.n;
		break;
	default:
		n = (long)v->u.list.n;
		break;
	}
	*out = value_int_si(n);
	return 0;
}

static const struct builtin entries[] = {
	{
		.name = "hex",
		.params = { { .name = "x", .types = T_INT | T_DATA } },
		.summary = "a number in base 16 (\"0xff\"), or bytes as hex",
		.help = "For a number, its value in base 16 with a 0x in front. For bytes (or the UTF-8 "
			"bytes of a text), two hex digits per byte, as you would write them in "
			"hex\"...\". Each hex digit is 4 bits, so a byte is two digits.",
		.example = "hex(255); hex(\"hi\")",
		.expect = "0xff\n6869",
		.fn = b_hex,
	},
	{
		.name = "int",
		.params = { { .name = "x", .types = T_INT | T_DATA } },
		.summary = "a message as a number (its bytes, big-endian)",
		.help = "Turns a message into the number that RSA encrypts: the bytes (for text, its "
			"UTF-8 bytes) are the digits of a number in base 256, the first byte most "
			"significant. So int(\"hi\") is 104*256 + 105 = 26729. It reads bytes, not digits: "
			"int(\"42\") is 13362, not 42 (to write a number just type it). `text` and `bytes` "
			"turn the number back.",
		.example = "int(\"hi\"); int(\"hello\")",
		.expect = "26729\n448378203247",
		.fn = b_int,
	},
	{
		.name = "text",
		.params = { { .name = "x", .types = T_INT | T_DATA } },
		.summary = "a number or bytes back to text (UTF-8)",
		.help = "The inverse of `int`: the number's bytes, big-endian, read as UTF-8 text. "
			"After RSA decryption this shows the message again. It fails when the bytes are "
			"not valid UTF-8, as most random numbers are; then `bytes(n)` shows the bytes "
			"themselves.",
		.example = "text(448378203247); m = int(\"hi\"); text(m)",
		.expect = "hello\nhi",
		.fn = b_text,
	},
	{
		.name = "bytes",
		.params = { { .name = "x", .types = T_INT | T_DATA },
			    { .name = "size", .types = T_INT, .optional = true } },
		.summary = "a number as big-endian bytes; the bytes of text",
		.help = "For a number from 0 up: its digits in base 256, most significant first, as "
			"few bytes as needed (0 gives no bytes), or exactly SIZE bytes padded with zeros "
			"in front, as RSA pads a ciphertext to the size of n. For text: its UTF-8 bytes, "
			"where a letter such as e-acute takes two.",
		.example = "bytes(26729); bytes(26729, 4); bytes(\"hi\")",
		.expect = "hex\"6869\"\nhex\"00006869\"\nhex\"6869\"",
		.fn = b_bytes,
	},
	{
		.name = "sha256",
		.params = { { .name = "data", .types = T_DATA } },
		.summary = "SHA-256 of text or bytes (32 bytes)",
		.help = "A fingerprint of DATA: 32 bytes that change completely when one bit of DATA "
			"changes, and from which DATA cannot be found. Text is hashed as its UTF-8 bytes. "
			"Computed by libgcrypt; the example is the test vector of FIPS 180-2.",
		.example = "sha256(\"abc\")",
		.expect = "hex\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
		.fn = b_sha256,
	},
	{
		.name = "env",
		.params = { { .name = "name", .types = T_STR } },
		.summary = "an environment variable, as text",
		.help = "Reads the environment variable NAME of the shell that started cryptolab, for "
			"example a key you exported instead of typing it: `export FERNET_KEY=...` before "
			"`cryptolab`, then `k = env(\"FERNET_KEY\")`. It is an error when NAME is not set.",
		.example = "len(env(\"PATH\")) > 0",
		.expect = "true",
		.fn = b_env,
	},
	{
		.name = "len",
		.params = { { .name = "x", .types = T_DATA | T_LIST } },
		.summary = "characters of text, bytes of bytes, list items",
		.help = "For text, the number of characters; for bytes, the number of bytes; for a list, "
			"the number of items. A text and its bytes can differ: an accented letter is one "
			"character but two UTF-8 bytes, so compare len(t) with len(bytes(t)). For the "
			"size of a number use `bits`.",
		.example = "len(\"h\xc3\xa9llo\"); len(bytes(\"h\xc3\xa9llo\")); len([1, 2, 3])",
		.expect = "5\n6\n3",
		.fn = b_len,
	},
	{ 0 }
};

const struct builtin_ns ns_data = { .name = "", .key = "data", .topic = "Messages and data", .entries = entries };
