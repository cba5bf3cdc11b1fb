/* How values and text look: on a terminal with colour and wrapping, in a pipe
 * plain and exact (so `$(cryptolab -c 'fernet.keygen()')` captures the key). */
#ifndef CL_RENDER_H
#define CL_RENDER_H

#include <stdio.h>
#include <gmp.h>
#include "repl/value.h"

struct session;

enum color { COL_RESET, COL_BOLD, COL_DIM, COL_RED, COL_GREEN, COL_YELLOW, COL_BLUE,
	     COL_MAGENTA, COL_CYAN };

/* The escape sequence for C, or "" when the session has no colour. */
const char *color(const struct session *s, enum color c);

/* A value as the prompt prints it, followed by a newline (nothing for nil). */
void render_result(struct session *s, FILE *out, const struct value *v);
/* A value inline, as inside a list: "text" quoted, hex"..." for bytes. */
void render_inline(FILE *out, const struct value *v);
/* An integer in decimal, broken every WIDTH columns when WIDTH > 0. */
void render_int(FILE *out, const mpz_t z, int width);

/* Paragraphs of TEXT (blank lines separate them) reflowed to WIDTH columns,
 * each line starting with INDENT spaces. `code` spans and *emphasis* are
 * shown in colour when the session has it, the marks dropped. */
void render_reflow(const struct session *s, FILE *out, const char *text, int width, int indent);
/* The same with LEAD (it may hold colour) before the first line, and every
 * later line under the text, not under LEAD: "  ✓ text..." or "  a) text...". */
void render_reflow_lead(const struct session *s, FILE *out, const char *lead, const char *text, int width,
			int indent);

#endif
