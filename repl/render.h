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

/* TEXT without its `code` and *emphasis* marks, for a heading or a title
 * (malloc'ed): a heading shows no literal backticks. */
char *render_unmarked(const char *text);
/* Paragraphs of TEXT (blank lines separate them) reflowed to WIDTH columns,
 * each line starting with INDENT spaces. `code` spans and *emphasis* are
 * shown in colour when the session has it, the marks dropped. */
void render_reflow(const struct session *s, FILE *out, const char *text, int width, int indent);
/* The same with LEAD (it may hold colour) before the first line, and every
 * later line under the text, not under LEAD: "  ✓ text..." or "  a) text...". */
void render_reflow_lead(const struct session *s, FILE *out, const char *lead, const char *text, int width,
			int indent);

/* Tables of steps (egcd.steps, powmod.steps, the DH and RSA tables): cells
 * are text, the first row is the heading (bold when there is colour), columns
 * are right-aligned (numbers) unless their bit is set in LEFT. Build one with
 * `struct table t = { .ncols = 3 };`, add rows, render, free. */
#define TABLE_MAX_COLS 12
struct table {
	int ncols;
	unsigned left;		/* bit i set: column i is left-aligned */
	size_t nrows, cap;
	char **cells;		/* row-major, malloc'ed */
	size_t width[TABLE_MAX_COLS];	/* in characters */
};
/* Add a row of NCOLS cells; the table takes them over. */
void table_add(struct table *t, char **row);
char *cell_z(const mpz_t z);		/* a number in decimal */
char *cell_s(const char *s);		/* a copy of S */
char *cell_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void render_table(struct session *s, const struct table *t);
void table_free(struct table *t);

#endif
