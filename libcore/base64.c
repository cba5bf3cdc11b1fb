/* Strict URL-safe base64 for Fernet.
 *
 * Why not a library: GnuTLS's gnutls_base64_decode2 knows only the standard
 * alphabet (`+` `/`), so a token would need a translated copy first, and it
 * skips line breaks and tabs inside the text (measured with GnuTLS 3.7.9:
 * "Q\nUI=" and "\tQUI=" decode), which the Fernet note forbids; it also took
 * about 85 ms to decode and 32 ms to encode 16 MiB here, three times what
 * AES-128-CBC and HMAC-SHA256 take together, so tokens of that size would miss
 * the speed goal by far. libgcrypt has no base64, and libgpg-error's
 * gpgrt_b64dec is meant for PEM armour (it skips whitespace). This is not
 * cryptography, only a table lookup, and the fuzz target and unit tests check
 * it against the strict rules.
 *
 * On x86 with AVX2 the bulk of a long text decodes 32 characters a step (see
 * decode_avx2); the scalar loop does the rest and every other machine. */
#include <config.h>
#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "libcore/base64.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The value of character C, or 64 for one outside the alphabet; the tables
 * below are built from it at compile time. */
#define V(c) ((c) >= 'A' && (c) <= 'Z' ? (c) - 'A' \
	      : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26 \
	      : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52 \
	      : (c) == '-' ? 62 : (c) == '_' ? 63 : 64)
/* The value shifted to where character number I of a group puts it, or the
 * top byte set for a bad character, so one OR over a whole text tells whether
 * any character was bad and the loop needs no branch. */
#define S(c, i) (V(c) == 64 ? UINT32_C(0xff000000) : (uint32_t)V(c) << (18 - 6 * (i)))
#define R4(c, i) S(c, i), S((c) + 1, i), S((c) + 2, i), S((c) + 3, i)
#define R16(c, i) R4(c, i), R4((c) + 4, i), R4((c) + 8, i), R4((c) + 12, i)
#define R64(c, i) R16(c, i), R16((c) + 16, i), R16((c) + 32, i), R16((c) + 48, i)
#define R256(i) { R64(0, i), R64(64, i), R64(128, i), R64(192, i) }
static const uint32_t dec[4][256] = { R256(0), R256(1), R256(2), R256(3) };


#ifdef HAVE_AVX2_PATH
/* 32 characters to 24 bytes a step: the method of W. Mula and D. Lemire,
 * "Faster Base64 Encoding and Decoding Using AVX2 Instructions" (ACM
 * Transactions on the Web, 2018), with the tables worked out for the
 * url-safe alphabet. Each character's high nibble picks a class and its low
 * nibble the classes in which it is invalid; one AND finds every bad
 * character. The high nibble also picks the offset from character to value
 * (only '_' shares its nibble with letters, so it is fixed apart). Then two
 * multiply-adds pack four 6-bit values into 3 bytes and two shuffles close
 * the gaps. Decodes whole steps while 4 groups of slack remain (a step stores
 * 32 bytes, 8 past its 24), returns the groups done and sets *BAD if any of
 * their characters was outside the alphabet ('=' included). */
__attribute__((target("avx2")))
static size_t
decode_avx2(unsigned char *out, const unsigned char *in, size_t groups, uint32_t *bad)
{
	/* classes: 0x01 high nibble 2, 0x02 nibble 3, 0x04 nibbles 4 and 6,
	 * 0x08 nibble 5, 0x10 nibble 7, 0x20 any other (never valid) */
	const __m256i invalid_in = _mm256_setr_epi8(
		0x25, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x23, 0x3b, 0x3b, 0x3a, 0x3b, 0x33,
		0x25, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x23, 0x3b, 0x3b, 0x3a, 0x3b, 0x33);
	const __m256i class_of = _mm256_setr_epi8(
		0x20, 0x20, 0x01, 0x02, 0x04, 0x08, 0x04, 0x10, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
		0x20, 0x20, 0x01, 0x02, 0x04, 0x08, 0x04, 0x10, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20);
	/* value - character: '-' 62 - 0x2d, digits 52 - '0', 'A' 0 - 'A', 'a' 26 - 'a' */
	const __m256i offset_of = _mm256_setr_epi8(
		0, 0, 17, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 17, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i nibble = _mm256_set1_epi8(0x0f);
	const __m256i underscore = _mm256_set1_epi8('_');
	const __m256i underscore_offset = _mm256_set1_epi8(63 - '_');
	const __m256i order = _mm256_setr_epi8(
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
	const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
	__m256i invalid = _mm256_setzero_si256();
	size_t i;

	for (i = 0; i + 12 <= groups; i += 8) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(in + 4 * i));
		__m256i hi = _mm256_and_si256(_mm256_srli_epi32(v, 4), nibble);
		__m256i lo = _mm256_and_si256(v, nibble);
		__m256i off;

		invalid = _mm256_or_si256(invalid, _mm256_and_si256(_mm256_shuffle_epi8(invalid_in, lo),
								   _mm256_shuffle_epi8(class_of, hi)));
		off = _mm256_shuffle_epi8(offset_of, hi);
		off = _mm256_blendv_epi8(off, underscore_offset, _mm256_cmpeq_epi8(v, underscore));
		v = _mm256_add_epi8(v, off);
		/* [a b c d] 6 bits each: a*64 + b and c*64 + d, then (ab << 12) + cd */
		v = _mm256_maddubs_epi16(v, _mm256_set1_epi32(0x01400140));
		v = _mm256_madd_epi16(v, _mm256_set1_epi32(0x00011000));
		v = _mm256_shuffle_epi8(v, order);
		v = _mm256_permutevar8x32_epi32(v, lanes);
		_mm256_storeu_si256((__m256i *)(void *)(out + 3 * i), v);
	}
	if (!_mm256_testz_si256(invalid, invalid))
		*bad |= UINT32_C(0xff000000);
	return i;
}

static bool
have_avx2(void)
{
	static int known = -1;

	if (known < 0)
		known = __builtin_cpu_supports("avx2") ? 1 : 0;
	return known;
}
#endif

static unsigned
value(unsigned char c)
{
	return V(c);
}

size_t
base64_url_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

size_t
base64_url_decoded_max(size_t n)
{
	return n / 4 * 3 + 3;
}

/* Two characters for each 12 bits: half as many lookups and stores as one
 * per 6 bits, which for a 16 MiB token is a third of the encoding time. */
#define A(v) ((v) < 26 ? 'A' + (v) : (v) < 52 ? 'a' + (v) - 26 \
	      : (v) < 62 ? '0' + (v) - 52 : (v) == 62 ? '-' : '_')
#define P(i) { A((i) >> 6), A((i) & 63) }
#define P4(i) P(i), P((i) + 1), P((i) + 2), P((i) + 3)
#define P16(i) P4(i), P4((i) + 4), P4((i) + 8), P4((i) + 12)
#define P64(i) P16(i), P16((i) + 16), P16((i) + 32), P16((i) + 48)
#define P256(i) P64(i), P64((i) + 64), P64((i) + 128), P64((i) + 192)
#define P1024(i) P256(i), P256((i) + 256), P256((i) + 512), P256((i) + 768)
static const char pairs[4096][2] = { P1024(0), P1024(1024), P1024(2048), P1024(3072) };

static inline void
put24(char *out, uint32_t x)
{
	memcpy(out, pairs[x >> 12], 2);
	memcpy(out + 2, pairs[x & 4095], 2);
}

void
base64_url_encode(char *restrict out, const void *restrict in, size_t n)
{
	const unsigned char *p = in;
	size_t i = 0;

	/* Six bytes at a time from one 8-byte load while 8 bytes remain. */
	for (; i + 8 <= n; i += 6) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		w = be64toh(w);
		put24(out, (uint32_t)(w >> 40));
		put24(out + 4, (uint32_t)(w >> 16) & 0xffffff);
		out += 8;
	}
	for (; i + 3 <= n; i += 3) {
		put24(out, (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2]);
		out += 4;
	}
	if (n - i == 1) {
		out[0] = alphabet[p[i] >> 2];
		out[1] = alphabet[(p[i] & 3) << 4];
		out[2] = out[3] = '=';
		out += 4;
	} else if (n - i == 2) {
		uint32_t x = (uint32_t)p[i] << 8 | p[i + 1];

		out[0] = alphabet[x >> 10];
		out[1] = alphabet[x >> 4 & 63];
		out[2] = alphabet[(x & 15) << 2];
		out[3] = '=';
		out += 4;
	}
	*out = '\0';
}

static int
fault(struct base64_problem *why, enum base64_fault f, const char *in, size_t at)
{
	if (why) {
		why->fault = f;
		why->at = at;
		why->c = in ? (unsigned char)in[at] : 0;
	}
	return -1;
}

int
base64_url_decode(void *out, size_t *out_len, const char *in, size_t n,
		  struct base64_problem *why)
{
	const unsigned char *s = (const unsigned char *)in;
	unsigned char *o = out;
	size_t data = n, full, i;
	unsigned pad = 0, want;
	uint32_t bad = 0;

	if (why)
		memset(why, 0, sizeof *why);
	/* Padding is the run of '=' at the end; any other '=' is a bad
	 * character, found by the scan below. */
	while (data > 0 && s[data - 1] == '=')
		data--;
	pad = n - data;
	want = (4 - data % 4) % 4;
	full = data / 4;

	i = 0;
#ifdef HAVE_AVX2_PATH
	if (full >= 12 && have_avx2()) {
		i = decode_avx2(o, s, full, &bad);
		o += 3 * i;
	}
#endif
	/* The hot loop: whole groups of four data characters. */
	for (; i < full; i++) {
		const unsigned char *g = s + 4 * i;
		uint32_t x = dec[0][g[0]] | dec[1][g[1]] | dec[2][g[2]] | dec[3][g[3]];

		bad |= x;
		o[0] = x >> 16;
		o[1] = x >> 8;
		o[2] = x;
		o += 3;
	}
	/* Rare: find the first bad character, for the message. The characters
	 * of the last, partial group were not in the loop: check them too. */
	for (i = bad & UINT32_C(0xff000000) ? 0 : 4 * full; i < data; i++)
		if (value(s[i]) == 64)
			return fault(why, BASE64_BAD_CHAR, in, i);
	if (data % 4 == 1)
		return fault(why, BASE64_BAD_LENGTH, in, data - 1);
	if (pad != want) {
		if (why) {
			fault(why, BASE64_BAD_PADDING, NULL, 0);
			why->at = data;
			why->have = pad;
			why->want = want;
		}
		return -1;
	}
	if (data % 4 == 2) {
		unsigned a = value(s[data - 2]), b = value(s[data - 1]);

		if (b & 15)
			return fault(why, BASE64_BAD_BITS, in, data - 1);
		*o++ = a << 2 | b >> 4;
	} else if (data % 4 == 3) {
		unsigned a = value(s[data - 3]), b = value(s[data - 2]), c = value(s[data - 1]);

		if (c & 3)
			return fault(why, BASE64_BAD_BITS, in, data - 1);
		*o++ = a << 2 | b >> 4;
		*o++ = (b & 15) << 4 | c >> 2;
	}
	*out_len = (size_t)(o - (unsigned char *)out);
	return 0;
}

/* A character as a message shows it: printable ones quoted, others named. */
static void
show_char(char *buf, size_t size, unsigned char c)
{
	if (c == ' ')
		snprintf(buf, size, "a space");
	else if (c == '\n')
		snprintf(buf, size, "a line break");
	else if (c == '\t')
		snprintf(buf, size, "a tab");
	else if (c > ' ' && c < 127)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
}

void
base64_problem_text(char *buf, size_t size, const struct base64_problem *why)
{
	char ch[32];

	show_char(ch, sizeof ch, why->c);
	switch (why->fault) {
	case BASE64_OK:
		snprintf(buf, size, "valid url-safe base64");
		break;
	case BASE64_BAD_CHAR:
		if (why->c == '=')
			snprintf(buf, size, "character %zu is '=', which may only pad the end",
				 why->at + 1);
		else if (why->c == '+' || why->c == '/')
			snprintf(buf, size, "character %zu (%s) belongs to standard base64, "
				 "url-safe base64 uses '-' and '_' instead of '+' and '/'",
				 why->at + 1, ch);
		else
			snprintf(buf, size, "character %zu (%s) is not url-safe base64 "
				 "(A-Z a-z 0-9 - _)", why->at + 1, ch);
		break;
	case BASE64_BAD_LENGTH:
		snprintf(buf, size, "it stops one character into a group of four, "
			 "where no byte can end");
		break;
	case BASE64_BAD_PADDING:
		if (why->have == 0)
			snprintf(buf, size, "the padding is missing: it needs %u '=' at the end "
				 "(the length must be a multiple of 4)", why->want);
		else if (why->want == 0)
			snprintf(buf, size, "it ends in %u '=' where no padding belongs",
				 why->have);
		else
			snprintf(buf, size, "it ends in %u '=' but needs %u (the length "
				 "must be a multiple of 4)", why->have, why->want);
		break;
	case BASE64_BAD_BITS:
		snprintf(buf, size, "character %zu (%s) has low bits set that no byte uses, "
			 "so the text is not the encoding of any bytes", why->at + 1, ch);
		break;
	}
}
