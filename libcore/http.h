/* HTTP/1.x messages, requests and responses, parsed as their bytes arrive:
 * what the servers and the client of libcore/net.c read. Lenient where RFC
 * 9112 lets a recipient be (a bare LF ends a line), strict where leniency is
 * an attack (a Content-Length with a Transfer-Encoding, two different
 * Content-Lengths, a space before a header's colon, a folded header line). */
#ifndef CL_HTTP_H
#define CL_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include "libcore/error.h"

#define HTTP_MAX_HEAD ((size_t)64 << 10)	/* request or status line and headers */
#define HTTP_MAX_HEADERS 100
#define HTTP_MAX_REQUEST_BODY ((size_t)1 << 20)	/* what our servers accept */
#define HTTP_MAX_RESPONSE_BODY ((size_t)16 << 20)	/* what our client accepts */

struct http_header {
	char *name, *value;
};

/* A request or a response, parsed as its bytes arrive. Zero it, then call
 * http_parse with the bytes received so far, the same buffer growing, until
 * it returns 1 (complete) or -1 (malformed). The parser resumes where it
 * stopped, so a client that sends one byte at a time costs no more than one
 * that sends all at once. */
struct http_msg {
	/* a request */
	char *method, *target;
	/* a response */
	int status;
	char *reason;
	bool head_only;		/* set before parsing a response to HEAD: no body follows */
	/* both */
	int minor;		/* HTTP/1.MINOR */
	struct http_header *headers;
	size_t nheaders;
	unsigned char *body;
	size_t body_len;
	bool keep_alive;	/* the connection may carry another message */
	size_t consumed;	/* bytes of the input the message took (when complete) */
	int error_status;	/* malformed: the status a server answers (400, 413, 431, 501, 505) */
	/* parser state */
	int stage;
	size_t pos, scan, remaining, body_cap, max_body;
	bool chunked, until_eof;
	bool first_byte_checked, first_line_checked;
};

/* 1: complete; 0: more bytes needed (EOF true says no more will come);
 * -1: malformed or too large, ERR says why in a student's words. REQUEST
 * picks which kind is parsed; MAX_BODY caps the body. */
int http_parse(struct http_msg *m, const void *buf, size_t n, bool request, bool eof, size_t max_body,
	       struct cl_error *err);
void http_msg_free(struct http_msg *m);
/* The value of the first header NAME (any case), or NULL. */
const char *http_header(const struct http_msg *m, const char *name);
/* "OK", "Not Found"... for the statuses our servers send; "" otherwise. */
const char *http_reason(int status);
/* Bytes from the wire made safe to show: at most MAX of the N bytes at DATA,
 * printable ASCII as it is, \r \n \\ and \xNN for the rest, "..." when cut;
 * OUT gets SIZE bytes at most, NUL included. */
void http_printable(char *out, size_t size, const void *data, size_t n, size_t max);

#endif
