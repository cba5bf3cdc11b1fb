#include <config.h>
#include "repl/utf8.h"

bool
utf8_valid(const char *p, size_t n, size_t *bad_at)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned min;

		if (c < 0x80) { i++; continue; }
		else if ((c & 0xe0) == 0xc0) { len = 2; min = 0x80; c &= 0x1f; }
		else if ((c & 0xf0) == 0xe0) { len = 3; min = 0x800; c &= 0x0f; }
		else if ((c & 0xf8) == 0xf0) { len = 4; min = 0x10000; c &= 0x07; }
		else goto bad;
		if (i + len > n)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto bad;
		i += len;
	}
	return true;
bad:
	if (bad_at)
		*bad_at = i;
	return false;
}
