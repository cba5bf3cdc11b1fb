/* Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF): what text
 * values must be, and what a .lesson file must be. Its own module so that the
 * lesson parser can check text without knowing about values. */
#ifndef CL_UTF8_H
#define CL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Is P[0..N) valid UTF-8? If not and BAD_AT is not NULL, *BAD_AT is the
 * offset of the first byte of the first bad sequence. */
bool utf8_valid(const char *p, size_t n, size_t *bad_at);

#endif
