/* Unit tests of libcore/fernet and libcore/base64.
 *
 * Where the known answers come from:
 * - tests/vectors/fernet/{generate,verify,invalid}.json: the Fernet
 *   specification's own vectors (github.com/fernet/spec), read from the files;
 * - base64: RFC 4648 section 10, and Python's base64.urlsafe_b64encode for the
 *   two characters where URL-safe base64 differs ('-' and '_');
 * - PBKDF2-HMAC-SHA256: RFC 7914 section 11 (checked with Python's
 *   hashlib.pbkdf2_hmac), and Python's hashlib for the 480000-iteration key;
 * - the TTL and skew rules: the reference's inequalities, computed here in
 *   128-bit arithmetic; the rest of the bad-input cases follow the note
 *   (shared/notes/fernet.md) and Python's cryptography 48.0.0 fernet.py.
 * Hand-made tokens below are built from the specification with libgcrypt
 * directly (not with libcore/fernet.c), so they test the decoder independently. */
#include <config.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gcrypt.h>
#include "libcore/core.h"
#include "libcore/base64.h"
#include "libcore/clock.h"
#include "libcore/fernet.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"

#define VECTORS ABS_TOP_SRCDIR "/tests/vectors/fernet/"

/* The spec's key and time, for the hand-made tokens. */
static const char spec_key[] = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

/* ---- a reader for the vector files' one shape of JSON ---- */

struct vec {
	char desc[128], token[256], now[64], src[256], secret[64];
	unsigned char iv[16];
	int has_iv, has_ttl;
	long ttl;
};

static void
skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static int
read_string(const char **p, char *out, size_t size)
{
	size_t n = 0;

	if (**p != '"')
		return -1;
	for ((*p)++; **p && **p != '"'; (*p)++) {
		if (**p == '\\')
			(*p)++;	/* the vectors hold no escapes but \" and \\ would read right */
		if (n + 1 < size)
			out[n++] = **p;
	}
	out[n] = '\0';
	if (**p != '"')
		return -1;
	(*p)++;
	return 0;
}

static int
read_vectors(const char *name, struct vec *v, int max)
{
	char path[1024], key[64], *text;
	const char *p;
	FILE *f;
	long size;
	int n = 0;

	snprintf(path, sizeof path, "%s%s", VECTORS, name);
	if (!(f = fopen(path, "rb")))
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = calloc(1, size + 1);
	if (fread(text, 1, size, f) != (size_t)size)
		size = -1;
	fclose(f);
	p = text;
	skip_ws(&p);
	if (size < 0 || *p++ != '[')
		goto bad;
	for (;;) {
		struct vec *r = &v[n];

		skip_ws(&p);
		if (*p == ']')
			break;
		if (*p++ != '{' || n >= max)
			goto bad;
		memset(r, 0, sizeof *r);
		for (;;) {
			skip_ws(&p);
			if (read_string(&p, key, sizeof key))
				goto bad;
			skip_ws(&p);
			if (*p++ != ':')
				goto bad;
			skip_ws(&p);
			if (*p == '"') {
				char *dst = !strcmp(key, "desc") ? r->desc : !strcmp(key, "token") ? r->token
					: !strcmp(key, "now") ? r->now : !strcmp(key, "src") ? r->src
					: !strcmp(key, "secret") ? r->secret : NULL;
				char junk[256];

				if (read_string(&p, dst ? dst : junk, dst ? sizeof r->token : sizeof junk))
					goto bad;
			} else if (*p == '[') {
				int i = 0;

				for (p++; *p != ']'; ) {
					char *end;
					long b = strtol(p, &end, 10);

					if (end == p || i >= 16)
						goto bad;
					r->iv[i++] = (unsigned char)b;
					p = end;
					skip_ws(&p);
					if (*p == ',')
						p++;
					skip_ws(&p);
				}
				p++;
				r->has_iv = i == 16;
			} else {
				char *end;

				r->ttl = strtol(p, &end, 10);
				if (end == p)
					goto bad;
				r->has_ttl = !strcmp(key, "ttl_sec");
				p = end;
			}
			skip_ws(&p);
			if (*p == ',') {
				p++;
				continue;
			}
			if (*p++ != '}')
				goto bad;
			break;
		}
		n++;
		skip_ws(&p);
		if (*p == ',')
			p++;
	}
	free(text);
	return n;
bad:
	free(text);
	return -1;
}

/* "1985-10-26T01:20:00-07:00" to seconds since 1970 (days_from_civil, H. Hinnant). */
static int64_t
parse_time(const char *s)
{
	int y, mo, d, h, mi, sec, oh, om;
	char sign;
	int64_t days, era, yoe, doy, doe;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &sec, &sign, &oh, &om) != 9)
		return INT64_MIN;
	y -= mo <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 + sec - (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
}

/* ---- helpers ---- */

static struct fernet_key
key_of(const char *text)
{
	struct fernet_key k;
	struct cl_error err;

	if (fernet_key_parse(&k, text, strlen(text), &err)) {
		printf("# cannot parse test key: %s\n", err.msg);
		exit(1);
	}
	return k;
}

/* A token made by hand from the specification: VERSION | TS | IV | AES-CBC of
 * BLOCKS (already padded, or deliberately not) | HMAC. */
static char *
hand_token(const struct fernet_key *k, unsigned char version, uint64_t ts,
	   const unsigned char *blocks, size_t n)
{
	size_t len = 25 + n + 32;
	unsigned char *raw = malloc(len);
	char *text = malloc(base64_url_encoded_len(len) + 1);
	gcry_cipher_hd_t c;
	gcry_mac_hd_t m;
	size_t tl = 32;

	raw[0] = version;
	for (int i = 0; i < 8; i++)
		raw[1 + i] = (unsigned char)(ts >> (56 - 8 * i));
	for (int i = 0; i < 16; i++)
		raw[9 + i] = (unsigned char)(0xa0 + i);
	gcry_cipher_open(&c, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, 0);
	gcry_cipher_setkey(c, k->bytes + 16, 16);
	gcry_cipher_setiv(c, raw + 9, 16);
	gcry_cipher_encrypt(c, raw + 25, n, blocks, n);
	gcry_cipher_close(c);
	gcry_mac_open(&m, GCRY_MAC_HMAC_SHA256, 0, NULL);
	gcry_mac_setkey(m, k->bytes, 16);
	gcry_mac_write(m, raw, 25 + n);
	gcry_mac_read(m, raw + 25 + n, &tl);
	gcry_mac_close(m);
	base64_url_encode(text, raw, len);
	free(raw);
	return text;
}

/* Decrypt TOKEN and say whether it was refused with exactly "invalid token". */
static int
refused(const struct fernet_key *k, const char *token, size_t n, const int64_t *ttl, int64_t now)
{
	struct cl_error err = { 0 };
	unsigned char *msg = NULL;
	size_t len;

	if (fernet_decrypt_at(&msg, &len, k, token, n, ttl, now, &err) == 0) {
		fernet_free(msg, len);
		return 0;
	}
	return msg == NULL && err.code == GPG_ERR_BAD_DATA && !strcmp(err.msg, "invalid token");
}

static int
decrypts_to(const struct fernet_key *k, const char *token, const int64_t *ttl, int64_t now,
	    const void *want, size_t want_len)
{
	struct cl_error err = { 0 };
	unsigned char *msg;
	size_t len;
	int same;

	if (fernet_decrypt_at(&msg, &len, k, token, strlen(token), ttl, now, &err)) {
		printf("#   error: %s\n", err.msg);
		return 0;
	}
	same = len == want_len && memcmp(msg, want, len) == 0 && msg[len] == 0;
	fernet_free(msg, len);
	return same;
}

/* ---- the tests ---- */

static void
test_base64(void)
{
	/* RFC 4648 section 10, then '-' and '_' from Python's urlsafe_b64encode. */
	static const struct { const char *bytes; size_t n; const char *text; } kat[] = {
		{ "", 0, "" }, { "f", 1, "Zg==" }, { "fo", 2, "Zm8=" }, { "foo", 3, "Zm9v" },
		{ "foob", 4, "Zm9vYg==" }, { "fooba", 5, "Zm9vYmE=" }, { "foobar", 6, "Zm9vYmFy" },
		{ "\xfb\xff", 2, "-_8=" }, { "\xfb\xef\xbe", 3, "----" }, { "\xff\xff\xff", 3, "____" },
	};
	static const struct { const char *text; enum base64_fault f; size_t at; const char *msg; } bad[] = {
		{ "Zm9v+g==", BASE64_BAD_CHAR, 4, "character 5 ('+') belongs to standard base64, "
		  "url-safe base64 uses '-' and '_' instead of '+' and '/'" },
		{ "Zm/v", BASE64_BAD_CHAR, 2, NULL },
		{ "Zm9 v", BASE64_BAD_CHAR, 3, "character 4 (a space) is not url-safe base64 (A-Z a-z 0-9 - _)" },
		{ "Zm9v\n", BASE64_BAD_CHAR, 4, NULL },
		{ "\tZm9v", BASE64_BAD_CHAR, 0, NULL },
		{ "Zm8", BASE64_BAD_PADDING, 3, "the padding is missing: it needs 1 '=' at the end "
		  "(the length must be a multiple of 4)" },
		{ "Zg", BASE64_BAD_PADDING, 2, NULL },
		{ "Zg=", BASE64_BAD_PADDING, 2, NULL },
		{ "Zm8==", BASE64_BAD_PADDING, 3, "it ends in 2 '=' but needs 1 (the length must be a multiple of 4)" },
		{ "Zm9v=", BASE64_BAD_PADDING, 4, "it ends in 1 '=' where no padding belongs" },
		{ "Zm9v====", BASE64_BAD_PADDING, 4, NULL },
		{ "Z===", BASE64_BAD_LENGTH, 0, NULL },
		{ "Zm9vY", BASE64_BAD_LENGTH, 4, NULL },
		{ "Zg==Zg==", BASE64_BAD_CHAR, 2, "character 3 is '=', which may only pad the end" },
		{ "Zh==", BASE64_BAD_BITS, 1, NULL },
		{ "Zm9=", BASE64_BAD_BITS, 2, NULL },
		{ "Zm9v\x80\x80\x80\x80", BASE64_BAD_CHAR, 4, "character 5 (byte 0x80) is not url-safe base64 (A-Z a-z 0-9 - _)" },
	};
	unsigned char buf[64];
	char text[64], msg[256];
	size_t n;

	for (size_t i = 0; i < sizeof kat / sizeof *kat; i++) {
		struct base64_problem why;

		base64_url_encode(text, kat[i].bytes, kat[i].n);
		is_str(text, kat[i].text, "base64 encodes %zu bytes to '%s'", kat[i].n, kat[i].text);
		ok(base64_url_decode(buf, &n, kat[i].text, strlen(kat[i].text), &why) == 0
		   && n == kat[i].n && memcmp(buf, kat[i].bytes, n) == 0,
		   "base64 decodes '%s'", kat[i].text);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct base64_problem why;
		int rc = base64_url_decode(buf, &n, bad[i].text, strlen(bad[i].text), &why);

		ok(rc == -1 && why.fault == bad[i].f && why.at == bad[i].at,
		   "base64 refuses bad text %zu (fault %d at %zu, got %d at %zu)",
		   i, bad[i].f, bad[i].at, why.fault, why.at);
		if (bad[i].msg) {
			base64_problem_text(msg, sizeof msg, &why);
			is_str(msg, bad[i].msg, "base64 says why for bad text %zu", i);
		}
	}
	/* Long texts (the vector path on x86 takes 32 characters a step) against a
	 * bit-by-bit reference decoder: every length to 400 characters, and a bad
	 * character (every byte value outside the alphabet) at every position. */
	{
		static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		static char t[420];
		static unsigned char want[320], got[320];
		int all = 1, bad_all = 1;
		unsigned seed = 12345;

		for (size_t len = 4; len <= 400; len += 4) {
			size_t bits = 0, nb = 0;
			unsigned acc = 0;

			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245 + 12345;
				t[i] = al[(seed >> 16) % 64];
				acc = acc << 6 | (unsigned)(strchr(al, t[i]) - al);
				bits += 6;
				if (bits >= 8) {
					want[nb++] = (unsigned char)(acc >> (bits - 8));
					bits -= 8;
				}
			}
			if (base64_url_decode(got, &n, t, len, NULL) || n != nb || memcmp(got, want, nb))
				all = 0;
		}
		ok(all, "base64 long texts decode as a bit-by-bit reference does");
		for (size_t pos = 0; pos < 200; pos++)
			for (int c = 0; c < 256; c++) {
				struct base64_problem why;
				char saved = t[pos];

				if ((c && strchr(al, c)) || (c == '=' && pos == 199))
					continue;	/* a final '=' is padding, not a bad character */
				t[pos] = (char)c;
				if (base64_url_decode(got, &n, t, 200, &why) != -1
				    || why.fault != BASE64_BAD_CHAR || why.at != pos) {
					if (bad_all)
						printf("#   byte 0x%02x at %zu: fault %d at %zu\n", c, pos,
						       why.fault, why.at);
					bad_all = 0;
				}
				t[pos] = saved;
			}
		ok(bad_all, "base64 finds a bad character at every position of a long text");
	}
	/* Every length and every byte value round-trips. */
	{
		unsigned char in[256], out[300];
		char t[400];
		int all = 1;

		for (int i = 0; i < 256; i++)
			in[i] = (unsigned char)(i * 7 + 3);
		for (size_t len = 0; len <= 256; len++) {
			base64_url_encode(t, in, len);
			if (strlen(t) != base64_url_encoded_len(len)
			    || base64_url_decode(out, &n, t, strlen(t), NULL) || n != len
			    || memcmp(in, out, len))
				all = 0;
		}
		ok(all, "base64 round-trips every length 0..256");
	}
}

static void
test_spec_vectors(void)
{
	struct vec v[16];
	int n;

	n = read_vectors("generate.json", v, 16);
	ok(n >= 1, "read generate.json (%d vectors)", n);
	for (int i = 0; i < n; i++) {
		struct fernet_key k = key_of(v[i].secret);
		struct cl_error err = { 0 };
		char *token = NULL;
		size_t len = 0;
		int64_t now = parse_time(v[i].now);

		ok(v[i].has_iv && now == 499162800, "generate vector %d: time %s is %" PRId64,
		   i, v[i].now, now);
		ok(fernet_encrypt_at(&token, &len, &k, v[i].src, strlen(v[i].src), (uint64_t)now,
				     v[i].iv, &err) == 0, "generate vector %d encrypts", i);
		is_str(token ? token : "", v[i].token, "generate vector %d: token byte for byte", i);
		ok(len == strlen(v[i].token), "generate vector %d: token length", i);
		free(token);
		fernet_key_free(&k);
	}

	n = read_vectors("verify.json", v, 16);
	ok(n >= 1, "read verify.json (%d vectors)", n);
	for (int i = 0; i < n; i++) {
		struct fernet_key k = key_of(v[i].secret);
		int64_t ttl = v[i].ttl;

		ok(v[i].has_ttl && decrypts_to(&k, v[i].token, &ttl, parse_time(v[i].now),
					       v[i].src, strlen(v[i].src)),
		   "verify vector %d decrypts to '%s'", i, v[i].src);
		fernet_key_free(&k);
	}

	n = read_vectors("invalid.json", v, 16);
	ok(n == 8, "read invalid.json (%d vectors)", n);
	for (int i = 0; i < n; i++) {
		struct fernet_key k = key_of(v[i].secret);
		int64_t ttl = v[i].ttl;

		ok(v[i].has_ttl && refused(&k, v[i].token, strlen(v[i].token), &ttl,
					   parse_time(v[i].now)),
		   "invalid vector refused: %s", v[i].desc);
		fernet_key_free(&k);
	}
}

static void
test_round_trips(void)
{
	struct fernet_key k;
	struct cl_error err;
	static const size_t sizes[] = { 0, 1, 5, 15, 16, 17, 31, 32, 33, 100, 1024, 1 << 20 };

	fernet_key_generate(&k, &err);
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		size_t n = sizes[i], len = 0, got = 0;
		unsigned char *msg = malloc(n + 1), *back = NULL;
		char *token = NULL;
		int good;

		for (size_t j = 0; j < n; j++)
			msg[j] = (unsigned char)(j * 31 + 7);	/* binary, NULs included */
		good = fernet_encrypt(&token, &len, &k, msg, n, &err) == 0
		       && len == (25 + (n / 16 + 1) * 16 + 32 + 2) / 3 * 4
		       && fernet_decrypt(&back, &got, &k, token, len, NULL, &err) == 0
		       && got == n && memcmp(back, msg, n) == 0;
		ok(good, "round trip of %zu bytes", n);
		free(token);
		fernet_free(back, got);
		free(msg);
	}
	/* The smallest token: an empty message is 73 bytes, 100 characters. */
	{
		char *token;
		size_t len;

		fernet_encrypt_at(&token, &len, &k, "", 0, 0, NULL, &err);
		ok(len == 100 && strlen(token) == 100, "an empty message gives 100 characters");
		free(token);
	}
	fernet_key_free(&k);
}

static char *
spec_token(size_t *len)
{
	struct fernet_key k = key_of(spec_key);
	static const unsigned char iv[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	char *token;

	fernet_encrypt_at(&token, len, &k, "hello", 5, 499162800, iv, NULL);
	fernet_key_free(&k);
	return token;
}

static void
test_bad_tokens(void)
{
	struct fernet_key k = key_of(spec_key), other;
	int64_t ttl = 60, now = 499162801;
	size_t n;
	char *good = spec_token(&n), buf[512];
	struct cl_error err;

	ok(!refused(&k, good, n, &ttl, now), "the spec token decrypts (control)");

	/* Base64: standard alphabet, missing and extra padding, whitespace. */
	snprintf(buf, sizeof buf, "%s", good);
	for (char *p = buf; *p; p++)
		if (*p == '-' || *p == '_')
			*p = *p == '-' ? '+' : '/';
	ok(strcmp(buf, good) && refused(&k, buf, n, &ttl, now), "standard alphabet (+ /) refused");
	ok(good[n - 2] == '=' && refused(&k, good, n - 2, &ttl, now), "missing padding refused");
	ok(refused(&k, good, n - 1, &ttl, now), "half the padding refused");
	snprintf(buf, sizeof buf, "%s=", good);
	ok(refused(&k, buf, n + 1, &ttl, now), "extra padding refused");
	snprintf(buf, sizeof buf, "%s\n", good);
	ok(refused(&k, buf, n + 1, &ttl, now), "a trailing newline refused (the shell strips it, core does not)");
	snprintf(buf, sizeof buf, " %s", good);
	ok(refused(&k, buf, n + 1, &ttl, now), "a leading space refused");
	snprintf(buf, sizeof buf, "%.40s\n%s", good, good + 40);
	ok(refused(&k, buf, n + 1, &ttl, now), "a line break inside refused");
	snprintf(buf, sizeof buf, "%.40s*%s", good, good + 41);
	ok(refused(&k, buf, n, &ttl, now), "a junk character refused");
	/* The token's last data character with unused bits set. */
	snprintf(buf, sizeof buf, "%s", good);
	buf[n - 3] = buf[n - 3] == 'A' ? 'B' : 'A';
	ok(refused(&k, buf, n, &ttl, now), "a non-canonical last character refused");
	ok(refused(&k, "", 0, &ttl, now), "an empty token refused");
	ok(refused(&k, "gAAAAAAdwJ6w", 12, &ttl, now), "a bare header refused");

	/* Truncations at every length, and every truncation by whole groups. */
	{
		int all = 1;

		for (size_t len = 0; len < n; len++)
			all &= refused(&k, good, len, &ttl, now);
		ok(all, "every truncation of the token refused (%zu)", n);
	}
	/* The version byte: 0x81 with a valid HMAC. */
	{
		unsigned char block[16];
		char *t;

		memcpy(block, "hello\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b", 16);
		t = hand_token(&k, 0x80, (uint64_t)now, block, 16);
		ok(!refused(&k, t, strlen(t), &ttl, now), "a hand-made token decrypts (control)");
		free(t);
		t = hand_token(&k, 0x81, (uint64_t)now, block, 16);
		ok(refused(&k, t, strlen(t), &ttl, now), "version 0x81 refused even with a valid hmac");
		free(t);
		t = hand_token(&k, 0x00, (uint64_t)now, block, 16);
		ok(refused(&k, t, strlen(t), NULL, now), "version 0x00 refused without a ttl too");
		free(t);
	}
	/* Another key. */
	fernet_key_generate(&other, &err);
	ok(refused(&other, good, n, &ttl, now), "a token made with another key refused");
	ok(refused(&other, good, n, NULL, now), "a token made with another key refused without ttl");
	fernet_key_free(&other);
	/* The signing and encryption halves swapped. */
	{
		struct fernet_key sw;
		unsigned char raw[32];

		memcpy(raw, k.bytes + 16, 16);
		memcpy(raw + 16, k.bytes, 16);
		fernet_key_from_bytes(&sw, raw, 32, &err);
		ok(refused(&sw, good, n, NULL, now), "the key's halves swapped refused");
		fernet_key_free(&sw);
	}
	free(good);
	fernet_key_free(&k);
}

/* Flip each bit of each byte of the decoded token: all refused. */
static void
test_bit_flips(void)
{
	struct fernet_key k = key_of(spec_key);
	unsigned char raw[128];
	int64_t ttl = 60, now = 499162801;
	size_t n, len;
	char *good = spec_token(&n), t[256];

	base64_url_decode(raw, &len, good, n, NULL);
	for (size_t i = 0; i < len; i++) {
		int all = 1;

		for (int bit = 0; bit < 8; bit++) {
			raw[i] ^= 1 << bit;
			base64_url_encode(t, raw, len);
			all &= refused(&k, t, n, &ttl, now) && refused(&k, t, n, NULL, now);
			raw[i] ^= 1 << bit;
		}
		ok(all, "every bit flip of byte %zu (%s) refused", i,
		   i == 0 ? "version" : i < 9 ? "timestamp" : i < 25 ? "iv"
		   : i < len - 32 ? "ciphertext" : "hmac");
	}
	free(good);
	fernet_key_free(&k);
}

/* Padding checked on every byte, after a valid HMAC (tokens made by hand). */
static void
test_padding(void)
{
	struct fernet_key k = key_of(spec_key);
	static const struct { const char *why; unsigned char last[3]; } cases[] = {
		{ "pad byte 0", { 'x', 'x', 0 } },
		{ "pad byte 17", { 'x', 'x', 17 } },
		{ "pad byte 0xff", { 'x', 'x', 0xff } },
		{ "pad 2 with the byte before 3", { 'x', 3, 2 } },
		{ "pad 3 with a byte before it 2", { 3, 2, 3 } },
	};
	unsigned char b[32];
	char *t;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		memset(b, 'x', 16);
		memcpy(b + 13, cases[i].last, 3);
		t = hand_token(&k, 0x80, 1000, b, 16);
		ok(refused(&k, t, strlen(t), NULL, 1000), "padding refused: %s", cases[i].why);
		free(t);
	}
	/* A whole block of 16 sixteens with one wrong at the front. */
	memset(b, 'y', 16);
	memset(b + 16, 16, 16);
	b[16] = 15;
	t = hand_token(&k, 0x80, 1000, b, 32);
	ok(refused(&k, t, strlen(t), NULL, 1000), "padding refused: a block of 16 with the first byte 15");
	free(t);
	b[16] = 16;
	t = hand_token(&k, 0x80, 1000, b, 32);
	ok(decrypts_to(&k, t, NULL, 1000, "yyyyyyyyyyyyyyyy", 16), "a full pad block decrypts (control)");
	free(t);
	/* Ciphertext not whole blocks and empty, both with valid HMACs. */
	t = hand_token(&k, 0x80, 1000, b, 0);
	ok(refused(&k, t, strlen(t), NULL, 1000), "an empty ciphertext with a valid hmac refused");
	free(t);
	fernet_key_free(&k);
}

/* The reference's rule in 128-bit arithmetic. */
static int
ref_valid(uint64_t ts, int64_t ttl, int64_t now)
{
	__int128 t = ts;

	return !(t + ttl < now) && !(t > (__int128)now + 60);
}

static void
test_time(void)
{
	struct fernet_key k = key_of(spec_key);
	static const uint64_t tss[] = { 0, 1, 59, 60, 61, 1000, 1700000000, INT64_MAX - 60,
					INT64_MAX - 1, INT64_MAX, (uint64_t)INT64_MAX + 1,
					UINT64_MAX - 60, UINT64_MAX };
	static const int64_t ttls[] = { INT64_MIN, INT64_MIN + 1, -1000, -1, 0, 1, 60, 1000,
					INT64_MAX - 1, INT64_MAX };
	static const int64_t nows[] = { INT64_MIN, -1000, -61, -60, -59, -1, 0, 1, 60, 940, 1000,
					1060, 1061, 1700000000, INT64_MAX - 61, INT64_MAX - 60,
					INT64_MAX };
	size_t checks = 0, wrong = 0;

	for (size_t i = 0; i < sizeof tss / sizeof *tss; i++) {
		char *t;
		size_t n;

		fernet_encrypt_at(&t, &n, &k, "tick", 4, tss[i], NULL, NULL);
		for (size_t j = 0; j < sizeof ttls / sizeof *ttls; j++)
			for (size_t l = 0; l < sizeof nows / sizeof *nows; l++) {
				int want = ref_valid(tss[i], ttls[j], nows[l]);
				int got = !refused(&k, t, n, &ttls[j], nows[l]);

				checks++;
				if (want != got) {
					wrong++;
					printf("#   ts %" PRIu64 " ttl %" PRId64 " now %" PRId64
					       ": want %d got %d\n", tss[i], ttls[j], nows[l], want, got);
				}
			}
		/* Without a TTL the time is not looked at. */
		if (refused(&k, t, n, NULL, INT64_MIN) || refused(&k, t, n, NULL, INT64_MAX))
			wrong++;
		free(t);
	}
	ok(wrong == 0, "ttl and skew match the reference's rule, no overflow (%zu cases)", checks);

	/* The bounds, spelt out: valid when now - ttl <= ts <= now + 60. */
	{
		char *t;
		size_t n;
		int64_t ttl = 100;

		fernet_encrypt_at(&t, &n, &k, "x", 1, 1000, NULL, NULL);
		ok(!refused(&k, t, n, &ttl, 1100), "ttl: ts + ttl == now is still valid");
		ok(refused(&k, t, n, &ttl, 1101), "ttl: one second later it has expired");
		ok(!refused(&k, t, n, &ttl, 940), "skew: 60 seconds in the future is accepted");
		ok(refused(&k, t, n, &ttl, 939), "skew: 61 seconds in the future is refused");
		ok(!refused(&k, t, n, NULL, 0), "no ttl: a future token is accepted");
		free(t);
	}
	/* fernet_encrypt and fernet_decrypt read the clock (libcore/clock.h). */
	{
		char *t;
		size_t n;
		uint64_t when = 0;
		int64_t ttl = 10;

		clock_pin(5000);
		fernet_encrypt(&t, &n, &k, "x", 1, NULL);
		ok(fernet_timestamp(&when, &k, t, n, NULL) == 0 && when == 5000,
		   "fernet_encrypt stamps the pinned clock");
		clock_advance(10);
		ok(decrypts_to(&k, t, &ttl, clock_now(), "x", 1), "ten seconds later a 10 s ttl still holds");
		clock_advance(1);
		{
			struct cl_error e;
			unsigned char *m = NULL;
			size_t mn;

			ok(fernet_decrypt(&m, &mn, &k, t, n, &ttl, &e) == -1 && m == NULL
			   && !strcmp(e.msg, "invalid token"), "one more second and it has expired");
		}
		clock_pin(-5);
		{
			struct cl_error e;
			char *t2 = NULL;

			ok(fernet_encrypt(&t2, &n, &k, "x", 1, &e) == -1 && t2 == NULL,
			   "a clock before 1970 is refused: %s", e.msg);
		}
		free(t);
	}
	fernet_key_free(&k);
}

static void
test_keys(void)
{
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "", "the key is empty: a fernet key is 44 characters of url-safe base64 (32 bytes)" },
		{ "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4",
		  "a fernet key is 44 characters of url-safe base64 (32 bytes), this one has 43" },
		{ "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4==",
		  "a fernet key is 44 characters of url-safe base64 (32 bytes), this one has 45" },
		{ "cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4=",
		  "not a fernet key: character 3 ('/') belongs to standard base64, url-safe base64 "
		  "uses '-' and '_' instead of '+' and '/'" },
		{ "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4\n",
		  "not a fernet key: character 44 (a line break) is not url-safe base64 (A-Z a-z 0-9 - _)" },
		{ "cw_0x689RpI-jtRR7oE8h_eQs KImvJapLeSbXpwF4e=",
		  "not a fernet key: character 26 (a space) is not url-safe base64 (A-Z a-z 0-9 - _)" },
		{ "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4a",
		  "not a fernet key: it decodes to 33 bytes, a fernet key is 32 (44 characters ending in one '=')" },
		{ "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4Q==",
		  "not a fernet key: it decodes to 31 bytes, a fernet key is 32 (44 characters ending in one '=')" },
		{ "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e5=",
		  "not a fernet key: character 43 ('5') has low bits set that no byte uses, so the "
		  "text is not the encoding of any bytes" },
		{ "cw_0x689RpI-jtRR7oE8h=eQsKImvJapLeSbXpwF4e4=",
		  "not a fernet key: character 22 is '=', which may only pad the end" },
	};
	struct fernet_key k, k2;
	struct cl_error err;
	char text[FERNET_KEY_TEXT_LEN + 1];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cl_error_clear(&err);
		ok(fernet_key_parse(&k, bad[i].text, strlen(bad[i].text), &err) == -1 && k.bytes == NULL,
		   "bad key %zu refused", i);
		is_str(err.msg, bad[i].msg, "bad key %zu: the message says what is wrong", i);
	}
	k = key_of(spec_key);
	fernet_key_format(text, &k);
	is_str(text, spec_key, "a key formats back to its text");
	ok(gcry_is_secure(k.bytes), "the key lives in secure memory");
	fernet_key_copy(&k2, &k, &err);
	ok(k2.bytes != k.bytes && !memcmp(k2.bytes, k.bytes, 32), "a key copies");
	fernet_key_free(&k2);
	fernet_key_free(&k);
	ok(k.bytes == NULL, "a freed key is cleared");
	fernet_key_free(&k);	/* twice is harmless */

	/* Generated keys: 44 characters ending in '=', parse back; seeded ones repeat. */
	random_seed("fernet", &err);
	fernet_key_generate(&k, &err);
	fernet_key_format(text, &k);
	ok(strlen(text) == 44 && text[43] == '=' && fernet_key_parse(&k2, text, 44, &err) == 0
	   && !memcmp(k.bytes, k2.bytes, 32), "a generated key formats and parses back");
	fernet_key_free(&k2);
	random_seed("fernet", &err);
	fernet_key_generate(&k2, &err);
	ok(!memcmp(k.bytes, k2.bytes, 32), "a seeded generator gives the same key again");
	fernet_key_free(&k2);
	fernet_key_free(&k);
	ok(fernet_key_from_bytes(&k, "short", 5, &err) == -1
	   && !strcmp(err.msg, "a fernet key is 32 bytes, not 5"), "raw keys must be 32 bytes");
}

static void
test_password(void)
{
	struct fernet_key k;
	struct cl_error err;
	char text[FERNET_KEY_TEXT_LEN + 1];
	unsigned char salt[FERNET_SALT_BYTES], salt2[FERNET_SALT_BYTES], s16[16];

	/* RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes
	 * 55ac046e...c20dacbc, in url-safe base64. */
	ok(fernet_key_from_password(&k, "passwd", 6, "salt", 4, 1, &err) == 0, "pbkdf2 runs");
	fernet_key_format(text, &k);
	is_str(text, "VawEblbjCJ_sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=", "pbkdf2: rfc 7914 vector");
	fernet_key_free(&k);
	/* Python: base64.urlsafe_b64encode(hashlib.pbkdf2_hmac('sha256',
	 * b'correct horse battery staple', bytes(range(16)), 600000, 32)): the
	 * default count, OWASP's recommendation for PBKDF2-HMAC-SHA256 */
	for (int i = 0; i < 16; i++)
		s16[i] = (unsigned char)i;
	ok(fernet_key_from_password(&k, "correct horse battery staple", 28, s16, 16,
				    FERNET_DEFAULT_ITERATIONS, &err) == 0, "pbkdf2 with the default count");
	fernet_key_format(text, &k);
	is_str(text, "7xdxRO7JQgy8EJPSqLNEqSvFBtDU7JwCjdGfgyTYweY=", "pbkdf2: 600000 iterations as python");
	fernet_key_free(&k);
	ok(fernet_key_from_password(&k, "pw", 2, "", 0, 1000, &err) == -1 && k.bytes == NULL,
	   "an empty salt is refused: %s", err.msg);
	ok(fernet_key_from_password(&k, "pw", 2, "salt", 4, 0, &err) == -1,
	   "zero iterations refused: %s", err.msg);
	ok(fernet_key_from_password(&k, "", 0, "salt", 4, 1, &err) == 0, "an empty password works");
	fernet_key_free(&k);
	random_seed("salt", &err);
	fernet_salt_generate(salt);
	fernet_salt_generate(salt2);
	ok(memcmp(salt, salt2, sizeof salt) != 0, "two salts differ");
}

static void
test_multi(void)
{
	struct fernet_key keys[3], k0;
	struct cl_error err;
	unsigned char *msg;
	size_t n, used = 99, tn, rn;
	char *t, *r, *r2;
	uint64_t when;
	int64_t ttl = 100;

	for (int i = 0; i < 3; i++)
		fernet_key_generate(&keys[i], &err);
	/* A token under the last key decrypts with the list, which says which key. */
	fernet_encrypt_at(&t, &tn, &keys[2], "old secret", 10, 1000, NULL, &err);
	ok(fernet_multi_decrypt_at(&msg, &n, &used, keys, 3, t, tn, &ttl, 1050, &err) == 0
	   && n == 10 && !memcmp(msg, "old secret", 10) && used == 2, "multi decrypts with key 3 of 3");
	fernet_free(msg, n);
	ok(fernet_multi_decrypt_at(&msg, &n, &used, keys, 2, t, tn, &ttl, 1050, &err) == -1
	   && !strcmp(err.msg, "invalid token"), "without that key: invalid token");
	ok(fernet_multi_decrypt_at(&msg, &n, &used, keys, 3, t, tn, &ttl, 1101, &err) == -1,
	   "the ttl holds for multi too");
	ok(fernet_multi_timestamp(&when, &used, keys, 3, t, tn, &err) == 0 && when == 1000
	   && used == 2, "multi timestamp");
	/* Rotation: same time, under key 1, a fresh IV; old keys no longer needed. */
	ok(fernet_multi_rotate(&r, &rn, keys, 3, t, tn, &err) == 0, "rotate");
	ok(fernet_timestamp(&when, &keys[0], r, rn, &err) == 0 && when == 1000,
	   "rotate keeps the timestamp");
	ok(decrypts_to(&keys[0], r, NULL, 0, "old secret", 10), "rotated token decrypts with key 1 alone");
	ok(fernet_multi_rotate(&r2, &rn, keys, 3, t, tn, &err) == 0 && strcmp(r, r2) != 0
	   && memcmp(r, r2, 12) == 0, "rotating twice: same header, fresh iv");
	free(r2);
	/* Rotation ignores any TTL (a very old token still rotates). */
	free(r);
	ok(fernet_multi_rotate(&r, &rn, keys, 2, t, tn, &err) == -1 && r == NULL
	   && !strcmp(err.msg, "invalid token"), "rotate without the right key: invalid token");
	ok(fernet_multi_rotate(&r, &rn, keys, 0, t, tn, &err) == -1, "rotate with no keys refused");
	free(t);
	/* One key list: the same as plain decrypt. */
	k0 = keys[0];
	ok(fernet_multi_decrypt_at(&msg, &n, NULL, &k0, 1, "gAAAA", 5, NULL, 0, &err) == -1,
	   "multi of one key refuses garbage");
	for (int i = 0; i < 3; i++)
		fernet_key_free(&keys[i]);
}

static void
test_timestamp(void)
{
	struct fernet_key k = key_of(spec_key), other;
	struct cl_error err;
	uint64_t when = 0;
	size_t n;
	char *t = spec_token(&n);

	ok(fernet_timestamp(&when, &k, t, n, &err) == 0 && when == 499162800,
	   "timestamp of the spec token");
	fernet_key_generate(&other, &err);
	ok(fernet_timestamp(&when, &other, t, n, &err) == -1 && !strcmp(err.msg, "invalid token"),
	   "timestamp needs the hmac to check");
	fernet_key_free(&other);
	free(t);
	/* Python's extract_timestamp checks the HMAC only: a 41-byte token
	 * (version, time, HMAC) made with the key gives its time, though it could
	 * never decrypt. */
	{
		unsigned char raw[41];
		char text[64];
		size_t tl = 32;
		gcry_mac_hd_t m;

		raw[0] = 0x80;
		for (int i = 0; i < 8; i++)
			raw[1 + i] = (unsigned char)i;
		gcry_mac_open(&m, GCRY_MAC_HMAC_SHA256, 0, NULL);
		gcry_mac_setkey(m, k.bytes, 16);
		gcry_mac_write(m, raw, 9);
		gcry_mac_read(m, raw + 9, &tl);
		gcry_mac_close(m);
		base64_url_encode(text, raw, 41);
		ok(fernet_timestamp(&when, &k, text, strlen(text), &err) == 0
		   && when == 0x0001020304050607, "timestamp checks the hmac only, as python");
		ok(refused(&k, text, strlen(text), NULL, 0), "that token does not decrypt");
	}
	fernet_key_free(&k);
}

static void
test_limits(void)
{
	struct fernet_key k = key_of(spec_key);
	struct cl_error err;
	static const char small[] = "x";
	char *t = (char *)small;
	unsigned char *msg = (unsigned char *)small;
	size_t n;

	/* The limits are checked before anything is read or allocated. */
	ok(fernet_encrypt_at(&t, &n, &k, small, FERNET_MAX_MESSAGE + 1, 0, NULL, &err) == -1
	   && t == NULL && err.code == GPG_ERR_TOO_LARGE, "a message over 64 MiB refused: %s", err.msg);
	ok(fernet_decrypt_at(&msg, &n, &k, small, FERNET_MAX_TOKEN_LEN + 1, NULL, 0, &err) == -1
	   && msg == NULL && err.code == GPG_ERR_TOO_LARGE, "a token over the limit refused: %s", err.msg);
	/* Exactly 64 MiB goes through. */
	{
		unsigned char *big = calloc(1, FERNET_MAX_MESSAGE);
		int good;

		good = fernet_encrypt_at(&t, &n, &k, big, FERNET_MAX_MESSAGE, 7, NULL, &err) == 0
		       && n == FERNET_MAX_TOKEN_LEN
		       && fernet_decrypt_at(&msg, &n, &k, t, n, NULL, 0, &err) == 0
		       && n == FERNET_MAX_MESSAGE && !memcmp(msg, big, n);
		ok(good, "a message of exactly 64 MiB round-trips");
		free(t);
		fernet_free(msg, n);
		free(big);
	}
	/* The drawing decoder explains base64 problems. */
	{
		struct fernet_token tok;

		ok(fernet_token_decode(&tok, "gAAA+AAA", 8, &err) == -1 && !strcmp(err.msg,
		   "the token is not valid base64: character 5 ('+') belongs to standard base64, "
		   "url-safe base64 uses '-' and '_' instead of '+' and '/'"), "token_decode explains");
		ok(fernet_token_decode(&tok, "gAAAAAAA", 8, &err) == 0 && tok.len == 6
		   && !fernet_token_hmac_ok(&tok, &k), "token_decode of a short token; no hmac");
		fernet_token_free(&tok);
	}
	fernet_key_free(&k);
}

int
main(void)
{
	struct cl_error err;

	if (core_init(&err)) {
		printf("# %s\n", err.msg);
		return 1;
	}
	test_base64();
	test_spec_vectors();
	test_round_trips();
	test_bad_tokens();
	test_bit_flips();
	test_padding();
	test_time();
	test_keys();
	test_password();
	test_multi();
	test_timestamp();
	test_limits();
	done_testing();
}
