#include <config.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "libcore/http.h"
#include "libcore/xalloc.h"

enum stage { HEAD, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BODY_EOF, DONE, FAILED };

#define MAX_LINE 1024	/* a chunk-size line, a trailer line */

void
http_printable(char *out, size_t size, const void *data, size_t n, size_t max)
{
	const unsigned char *p = data;
	size_t o = 0;

	if (!size)
		return;
	for (size_t i = 0; i < n && i < max; i++) {
		char tmp[8];
		int w;

		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			w = snprintf(tmp, sizeof tmp, "%c", p[i]);
		else if (p[i] == '\r')
			w = snprintf(tmp, sizeof tmp, "\\r");
		else if (p[i] == '\n')
			w = snprintf(tmp, sizeof tmp, "\\n");
		else if (p[i] == '\\')
			w = snprintf(tmp, sizeof tmp, "\\\\");
		else
			w = snprintf(tmp, sizeof tmp, "\\x%02x", p[i]);
		if (o + (size_t)w + 4 > size)
			break;
		memcpy(out + o, tmp, (size_t)w);
		o += (size_t)w;
	}
	if (n > max && o + 4 <= size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static int
fail(struct http_msg *m, int status, struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(struct http_msg *m, int status, struct cl_error *err, const char *fmt, ...)
{
	va_list ap;

	m->stage = FAILED;
	m->error_status = status;
	va_start(ap, fmt);
	cl_vfail(err, status == 413 || status == 431 ? GPG_ERR_TOO_LARGE : GPG_ERR_INV_DATA, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* The end of the line that starts at P (before its CR LF or LF), and the
 * start of the next in *NEXT; NULL when no LF before END. */
static const char *
line_end(const char *p, const char *end, const char **next)
{
	const char *lf = memchr(p, '\n', (size_t)(end - p));

	if (!lf)
		return NULL;
	*next = lf + 1;
	return lf > p && lf[-1] == '\r' ? lf - 1 : lf;
}

static void
add_header(struct http_msg *m, const char *name, size_t nn, const char *value, size_t vn)
{
	m->headers = xreallocarray(m->headers, m->nheaders + 1, sizeof *m->headers);
	m->headers[m->nheaders].name = xstrndup(name, nn);
	m->headers[m->nheaders].value = xstrndup(value, vn);
	m->nheaders++;
}

/* "HTTP/1.x" at P: 1 with *MINOR; 0 when it is HTTP of another major
 * version (505); -1 when it is not HTTP at all. */
static int
http_version(const char *p, size_t n, int *minor)
{
	if (n < 5 || memcmp(p, "HTTP/", 5) != 0)
		return -1;
	if (n == 8 && p[5] == '1' && p[6] == '.' && p[7] >= '0' && p[7] <= '9') {
		*minor = p[7] - '0';
		return 1;
	}
	return n >= 6 && p[5] >= '0' && p[5] <= '9' ? 0 : -1;
}

static int
parse_request_line(struct http_msg *m, const char *p, size_t n, struct cl_error *err)
{
	const char *sp1 = memchr(p, ' ', n), *sp2, *end = p + n;
	char shown[64];
	int v;

	http_printable(shown, sizeof shown, p, n, 40);
	if (!sp1 || sp1 == p || (size_t)(sp1 - p) > 32)
		return fail(m, 400, err, "not an HTTP request: it starts with '%s'", shown);
	for (const char *q = p; q < sp1; q++)
		if (!is_tchar((unsigned char)*q))
			return fail(m, 400, err, "not an HTTP request: it starts with '%s'", shown);
	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (!sp2 || sp2 == sp1 + 1)
		return fail(m, 400, err, "not an HTTP request line (METHOD TARGET HTTP/1.1): '%s'", shown);
	for (const char *q = sp1 + 1; q < sp2; q++)
		if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f)
			return fail(m, 400, err, "the request target has a space or a control character: '%s'",
				    shown);
	v = http_version(sp2 + 1, (size_t)(end - sp2 - 1), &m->minor);
	if (v < 0)
		return fail(m, 400, err, "not an HTTP request line (METHOD TARGET HTTP/1.1): '%s'", shown);
	if (v == 0)
		return fail(m, 505, err, "'%s' asks for an HTTP version other than 1.x", shown);
	m->method = xstrndup(p, (size_t)(sp1 - p));
	m->target = xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	return 0;
}

static int
parse_status_line(struct http_msg *m, const char *p, size_t n, struct cl_error *err)
{
	char shown[64];
	const char *reason;

	http_printable(shown, sizeof shown, p, n, 40);
	if (n < 12 || http_version(p, 8, &m->minor) != 1 || p[8] != ' ' ||
	    p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' || p[11] < '0' || p[11] > '9' ||
	    (n > 12 && p[12] != ' '))
		return fail(m, 400, err, "the answer is not an HTTP/1.x response: it starts with '%s'", shown);
	m->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	reason = n > 13 ? p + 13 : p + n;
	for (const char *q = reason; q < p + n; q++)
		if ((unsigned char)*q < 0x20 && *q != '\t')
			return fail(m, 400, err, "a control character in the status line '%s'", shown);
	m->reason = xstrndup(reason, (size_t)(p + n - reason));
	return 0;
}

static int
parse_header_line(struct http_msg *m, const char *p, size_t n, struct cl_error *err)
{
	const char *colon = memchr(p, ':', n), *v, *ve;
	char shown[64];

	http_printable(shown, sizeof shown, p, n, 40);
	if (p[0] == ' ' || p[0] == '\t')
		return fail(m, 400, err, "a header line that starts with a space (an obsolete folded line): '%s'",
			    shown);
	if (!colon || colon == p)
		return fail(m, 400, err, "a header line without a name and a colon: '%s'", shown);
	for (const char *q = p; q < colon; q++)
		if (!is_tchar((unsigned char)*q))
			return fail(m, 400, err, *q == ' ' || *q == '\t'
				    ? "a space before a header's colon: '%s'"
				    : "a header name with a character that does not belong: '%s'", shown);
	v = colon + 1;
	ve = p + n;
	for (const char *q = v; q < ve; q++)
		if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
			return fail(m, 400, err, "a control character in the header '%s'", shown);
	while (v < ve && (*v == ' ' || *v == '\t'))
		v++;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
	if (m->nheaders >= HTTP_MAX_HEADERS)
		return fail(m, 431, err, "more than %d header lines", HTTP_MAX_HEADERS);
	add_header(m, p, (size_t)(colon - p), v, (size_t)(ve - v));
	return 0;
}

const char *
http_header(const struct http_msg *m, const char *name)
{
	for (size_t i = 0; i < m->nheaders; i++)
		if (strcasecmp(m->headers[i].name, name) == 0)
			return m->headers[i].value;
	return NULL;
}

/* Does a comma-separated header value hold TOKEN (any case)? */
static bool
has_token(const char *value, const char *token)
{
	size_t n = strlen(token);

	while (value && *value) {
		while (*value == ' ' || *value == '\t' || *value == ',')
			value++;
		if (strncasecmp(value, token, n) == 0 && strchr(" \t,", value[n]))
			return true;
		value = strchr(value, ',');
	}
	return false;
}

/* Decide how the body is delimited, once the head is read. */
static int
body_framing(struct http_msg *m, bool request, struct cl_error *err)
{
	const char *te = NULL, *conn = NULL;
	bool have_length = false;
	size_t length = 0;

	for (size_t i = 0; i < m->nheaders; i++) {
		const char *name = m->headers[i].name, *v = m->headers[i].value;

		if (strcasecmp(name, "transfer-encoding") == 0)
			te = v;
		else if (strcasecmp(name, "connection") == 0)
			conn = v;
		else if (strcasecmp(name, "content-length") == 0) {
			size_t l = 0;
			char shown[48];

			http_printable(shown, sizeof shown, v, strlen(v), 24);
			if (!*v || strspn(v, "0123456789") != strlen(v))
				return fail(m, 400, err, "Content-Length '%s' is not a number", shown);
			for (const char *q = v; *q; q++) {
				if (l > (SIZE_MAX - 9) / 10)
					return fail(m, 413, err, "Content-Length '%s' is too large", shown);
				l = l * 10 + (size_t)(*q - '0');
			}
			if (have_length && l != length)
				return fail(m, 400, err, "two different Content-Length headers");
			have_length = true;
			length = l;
		}
	}
	m->keep_alive = m->minor >= 1 ? !has_token(conn, "close") : has_token(conn, "keep-alive");
	if (te && have_length)
		return fail(m, 400, err, "both a Content-Length and a Transfer-Encoding (the way requests "
			    "are smuggled past a proxy)");
	if (!request && (m->head_only || m->status / 100 == 1 || m->status == 204 || m->status == 304)) {
		m->stage = DONE;
		return 0;
	}
	if (te) {
		char shown[48];

		http_printable(shown, sizeof shown, te, strlen(te), 24);
		if (strcasecmp(te, "chunked") == 0) {
			m->chunked = true;
			m->stage = CHUNK_SIZE;
			return 0;
		}
		if (request)
			return fail(m, 501, err, "transfer encoding '%s' is not supported (only chunked)", shown);
		m->until_eof = true;	/* RFC 9112 6.3: read until the connection closes */
	} else if (have_length) {
		if (length > m->max_body)
			return fail(m, 413, err, "the body is %zu bytes, more than the %zu accepted", length,
				    m->max_body);
		m->remaining = length;
		m->stage = length ? BODY_LENGTH : DONE;
		return 0;
	} else if (request) {
		m->stage = DONE;	/* a request without either has no body */
		return 0;
	} else
		m->until_eof = true;
	m->keep_alive = false;
	m->stage = BODY_EOF;
	return 0;
}

/* Garbage is refused as soon as it shows, not when a blank line (which may
 * never come) ends the head: a first byte that cannot start a method or a
 * status line, or a first line that is complete and wrong. */
static int
early_check(struct http_msg *m, const char *buf, size_t n, const char *first_lf, bool request,
	    struct cl_error *err)
{
	const char *p = buf + m->pos;
	struct http_msg tmp = { 0 };
	size_t len;
	int r;

	if (m->pos == n)
		return 0;
	if (!m->first_byte_checked) {
		m->first_byte_checked = true;
		if (!is_tchar((unsigned char)*p) || (!request && *p != 'H')) {
			char shown[64];

			http_printable(shown, sizeof shown, p, n - m->pos, 40);
			return fail(m, 400, err, request ? "not an HTTP request: it starts with '%s'"
				    : "the answer is not an HTTP/1.x response: it starts with '%s'", shown);
		}
	}
	if (!first_lf || m->first_line_checked)
		return 0;
	m->first_line_checked = true;
	len = (size_t)(first_lf - p);
	if (len && p[len - 1] == '\r')
		len--;
	r = (request ? parse_request_line : parse_status_line)(&tmp, p, len, err);
	if (r) {
		m->stage = FAILED;
		m->error_status = tmp.error_status;
	}
	http_msg_free(&tmp);
	return r;
}

static int
parse_head(struct http_msg *m, const char *buf, size_t n, bool request, bool eof, struct cl_error *err)
{
	const char *p, *end = NULL, *next = NULL, *first_lf = NULL;
	size_t from;

	if (request)	/* RFC 9112 2.2: empty lines before a request are ignored */
		while (m->pos < n && m->pos < 64 && (buf[m->pos] == '\r' || buf[m->pos] == '\n'))
			m->pos++;
	from = m->scan > m->pos ? m->scan : m->pos;
	for (size_t i = from; i < n; i++) {
		if (buf[i] != '\n')
			continue;
		if (!first_lf)
			first_lf = buf + i;
		if (i + 1 < n && buf[i + 1] == '\n')
			end = buf + i + 2;
		else if (i + 2 < n && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			end = buf + i + 3;
		if (end)
			break;
	}
	if (!end) {
		m->scan = n > 2 ? n - 2 : 0;
		if (early_check(m, buf, n, first_lf, request, err))
			return -1;
		if (n - m->pos > HTTP_MAX_HEAD)
			return fail(m, 431, err, "the header section is larger than %zu bytes", HTTP_MAX_HEAD);
		if (eof) {
			char shown[64];

			if (n == m->pos)
				return fail(m, 400, err, request ? "the connection closed without a request"
					    : "the connection closed without an answer");
			http_printable(shown, sizeof shown, buf + m->pos, n - m->pos, 40);
			return fail(m, 400, err, "the connection closed in the middle of the header section "
				    "('%s')", shown);
		}
		return 0;
	}
	if ((size_t)(end - buf) - m->pos > HTTP_MAX_HEAD)
		return fail(m, 431, err, "the header section is larger than %zu bytes", HTTP_MAX_HEAD);
	if (memchr(buf + m->pos, '\0', (size_t)(end - buf) - m->pos)) {
		char shown[64];

		http_printable(shown, sizeof shown, buf + m->pos, (size_t)(end - buf) - m->pos, 40);
		return fail(m, 400, err, request ? "not an HTTP request: it starts with '%s'"
			    : "the answer is not an HTTP/1.x response: it starts with '%s'", shown);
	}
	p = buf + m->pos;
	for (bool first = true;; first = false) {
		const char *le = line_end(p, end, &next);

		if (le == p && first)
			return fail(m, 400, err, request ? "not an HTTP request: it starts with an empty line"
				    : "the answer is not an HTTP/1.x response: it starts with an empty line");
		if (le == p)
			break;	/* the empty line */
		if (memchr(p, '\r', (size_t)(le - p))) {
			char shown[64];

			http_printable(shown, sizeof shown, p, (size_t)(le - p), 40);
			return fail(m, 400, err, "a carriage return alone inside the line '%s'", shown);
		}
		if (first) {
			if ((request ? parse_request_line : parse_status_line)(m, p, (size_t)(le - p), err))
				return -1;
		} else if (parse_header_line(m, p, (size_t)(le - p), err))
			return -1;
		p = next;
	}
	m->pos = (size_t)(end - buf);
	m->scan = m->pos;
	return body_framing(m, request, err);
}

static void
body_add(struct http_msg *m, const char *p, size_t n)
{
	if (m->body_len + n + 1 > m->body_cap) {
		m->body_cap = m->body_cap ? m->body_cap : 256;
		while (m->body_len + n + 1 > m->body_cap)
			m->body_cap *= 2;
		m->body = xrealloc(m->body, m->body_cap);
	}
	memcpy(m->body + m->body_len, p, n);
	m->body_len += n;
	m->body[m->body_len] = '\0';
}

/* A short line (chunk size, trailer) at m->pos: its length in *LEN and the
 * next position in *NEXT; 0 when it is not complete yet. */
static int
short_line(struct http_msg *m, const char *buf, size_t n, const char **line, size_t *len, size_t *next,
	   struct cl_error *err)
{
	const char *nx, *le = line_end(buf + m->pos, buf + n, &nx);

	if (!le ? n - m->pos > MAX_LINE + 1 : (size_t)(le - (buf + m->pos)) > MAX_LINE)
		return fail(m, 400, err, "a line of the chunked body is longer than %d bytes", MAX_LINE);
	if (!le)
		return 0;
	*line = buf + m->pos;
	*len = (size_t)(le - *line);
	*next = (size_t)(nx - buf);
	return 1;
}

int
http_parse(struct http_msg *m, const void *data, size_t n, bool request, bool eof, size_t max_body,
	   struct cl_error *err)
{
	const char *buf = data;

	m->max_body = max_body;
	for (;;) {
		const char *line;
		size_t len, next, take;
		int r;

		switch (m->stage) {
		case HEAD:
			if (parse_head(m, buf, n, request, eof, err))
				return -1;
			if (m->stage == HEAD)
				return 0;
			break;
		case BODY_LENGTH:
			if (n - m->pos < m->remaining)
				goto more;
			body_add(m, buf + m->pos, m->remaining);
			m->pos += m->remaining;
			m->remaining = 0;
			m->stage = DONE;
			break;
		case CHUNK_SIZE: {
			size_t size = 0, digits = 0;
			char shown[48];

			if ((r = short_line(m, buf, n, &line, &len, &next, err)) <= 0) {
				if (r < 0)
					return -1;
				goto more;
			}
			while (digits < len && line[digits] && strchr("0123456789abcdefABCDEF", line[digits])) {
				unsigned d = line[digits] <= '9' ? (unsigned)(line[digits] - '0')
					     : (unsigned)((line[digits] | 0x20) - 'a' + 10);

				if (size > (SIZE_MAX >> 4))
					return fail(m, 413, err, "a chunk larger than the body may be");
				size = size << 4 | d;
				digits++;
			}
			http_printable(shown, sizeof shown, line, len, 24);
			if (!digits || (digits < len && line[digits] != ';' && line[digits] != ' ' &&
					line[digits] != '\t'))
				return fail(m, 400, err, "the chunk size '%s' is not hexadecimal", shown);
			if (size > m->max_body - m->body_len)
				return fail(m, 413, err, "the chunked body is more than the %zu bytes accepted",
					    m->max_body);
			m->pos = next;
			m->remaining = size;
			m->stage = size ? CHUNK_DATA : TRAILERS;
			break;
		}
		case CHUNK_DATA:
			take = n - m->pos < m->remaining ? n - m->pos : m->remaining;
			body_add(m, buf + m->pos, take);
			m->pos += take;
			m->remaining -= take;
			if (m->remaining)
				goto more;
			m->stage = CHUNK_END;
			break;
		case CHUNK_END:
			if (n - m->pos < 1 || (buf[m->pos] == '\r' && n - m->pos < 2))
				goto more;
			if (buf[m->pos] == '\n')
				m->pos += 1;
			else if (buf[m->pos] == '\r' && buf[m->pos + 1] == '\n')
				m->pos += 2;
			else
				return fail(m, 400, err, "a chunk of the body is longer than its size says");
			m->stage = CHUNK_SIZE;
			break;
		case TRAILERS:
			if ((r = short_line(m, buf, n, &line, &len, &next, err)) <= 0) {
				if (r < 0)
					return -1;
				goto more;
			}
			m->pos = next;
			if (len == 0)
				m->stage = DONE;
			else if (m->pos - m->scan > HTTP_MAX_HEAD)
				return fail(m, 431, err, "the trailer section is larger than %zu bytes",
					    HTTP_MAX_HEAD);
			break;
		case BODY_EOF:
			take = n - m->pos;
			if (take > m->max_body - m->body_len)
				return fail(m, 413, err, "the body is more than the %zu bytes accepted", m->max_body);
			body_add(m, buf + m->pos, take);
			m->pos = n;
			if (!eof)
				return 0;
			m->stage = DONE;
			break;
		case DONE:
			if (!m->body)
				body_add(m, "", 0);	/* an empty body is still a string */
			m->consumed = m->pos;
			return 1;
		default:
			return fail(m, m->error_status ? m->error_status : 400, err, "a malformed message");
		}
	}
more:
	if (eof) {
		if (m->stage == BODY_LENGTH)
			return fail(m, 400, err, "the connection closed after %zu of the %zu bytes of the body",
				    n - m->pos, m->remaining);
		return fail(m, 400, err, "the connection closed in the middle of the chunked body");
	}
	return 0;
}

void
http_msg_free(struct http_msg *m)
{
	free(m->method);
	free(m->target);
	free(m->reason);
	for (size_t i = 0; i < m->nheaders; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	free(m->headers);
	free(m->body);
	memset(m, 0, sizeof *m);
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Content Too Large";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	}
	return "";
}
