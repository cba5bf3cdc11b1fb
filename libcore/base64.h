/* URL-safe base64 (RFC 4648 section 5: A-Z a-z 0-9 - _) with `=` padding, as
 * Fernet keys and tokens use it, decoded strictly: the length a multiple of 4,
 * exactly the padding the data needs, no whitespace, no `+` or `/`, and the
 * unused low bits of the last character zero. Every text it accepts is the one
 * encoding of its bytes. Surrounding whitespace (a newline from a pipe) is the
 * input layer's business, never this decoder's. */
#ifndef CL_BASE64_H
#define CL_BASE64_H

#include <stddef.h>

/* What is wrong with a text, for a message that can point at it. */
enum base64_fault {
	BASE64_OK,
	BASE64_BAD_CHAR,	/* AT: a character outside the alphabet ('=' inside too) */
	BASE64_BAD_LENGTH,	/* the data characters leave 1 over: no bytes end there */
	BASE64_BAD_PADDING,	/* HAVE '=' at the end where the data needs WANT */
	BASE64_BAD_BITS,	/* AT: the last data character has unused bits set */
};

struct base64_problem {
	enum base64_fault fault;
	size_t at;		/* 0-based index of the character */
	unsigned char c;	/* the character at AT */
	unsigned have, want;	/* padding found and needed */
};

/* Characters for N bytes: 4 * ceil(N / 3). */
size_t base64_url_encoded_len(size_t n);
/* Writes base64_url_encoded_len(N) characters and a NUL to OUT. */
void base64_url_encode(char *restrict out, const void *restrict in, size_t n);

/* An upper bound of the bytes N characters decode to. */
size_t base64_url_decoded_max(size_t n);
/* Decode N characters of IN into OUT (base64_url_decoded_max(N) bytes), set
 * *OUT_LEN. Returns 0, or -1 with *WHY (may be NULL) saying what is wrong. */
int base64_url_decode(void *out, size_t *out_len, const char *in, size_t n,
		      struct base64_problem *why);

/* WHY as a learner reads it, lower case, no full stop:
 * "character 5 ('+') is not url-safe base64 (A-Z a-z 0-9 - _)". */
void base64_problem_text(char *buf, size_t size, const struct base64_problem *why);

#endif
