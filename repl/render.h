/* How values and text look: on a terminal with colour and wrapping, in a pipe
 * plain and exact (so `$(cryptolab -c 'fernet.keygen()')` captures the key). */
#ifndef CL_RENDER_H
#define CL_RENDER_H

#include <stdbool.h>
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
/* A value inline, as inside a list: "text" quoted (every control character
 * escaped), hex"..." for bytes. Stops with "..." past 64 MiB, or past MAX
 * bytes (about) with render_inline_max. */
void render_inline(FILE *out, const struct value *v);
void render_inline_max(FILE *out, const struct value *v, size_t max);

/* Text from outside (a decrypted message, a file, a lesson's title, an
 * environment variable) on its way to a person: the characters that would act
 * on a terminal instead of showing are written escaped -- the C0 controls but
 * newline and tab (ESC, BEL...), DEL, the C1 controls, and the bidi controls
 * U+202A-U+202E and U+2066-U+2069 -- as \x1b or \u202e, so nothing moves the
 * cursor, retitles the window or reads in another order than it is. Bytes
 * that are not UTF-8 are escaped too. Only a value printed as data into a
 * pipe or a file goes out raw (render_result). */
void render_text(FILE *out, const char *p, size_t n);
void render_safe(FILE *out, const char *s);		/* NUL-terminated */
/* S escaped as render_safe does, its lines broken between words so that none
 * passes WIDTH columns (a message on a terminal): S starts at column COL, and
 * later lines start with INDENT spaces. */
void render_wrapped(FILE *out, const char *s, int col, int width, int indent);
char *render_escaped(const char *s);			/* the same, malloc'ed */
bool render_is_safe(const char *p, size_t n);		/* nothing to escape */
/* An integer in decimal, broken every WIDTH columns when WIDTH > 0. */
void render_int(FILE *out, const mpz_t z, int width);

/* TEXT without its `code` and *emphasis* marks, for a heading or a title
 * (malloc'ed): a heading shows no literal backticks. Escaped as render_text
 * does (a title with an OSC sequence retitles no window). */
char *render_unmarked(const char *text);
/* Paragraphs of TEXT (blank lines separate them) reflowed to WIDTH columns,
 * each line starting with INDENT spaces. `code` spans and *emphasis* are
 * shown in colour when the session has it, the marks dropped. */
void render_reflow(const struct session *s, FILE *out, const char *text, int width, int indent);
/* The same with LEAD (it may hold colour) before the first line, and every
 * later line under the text, not under LEAD: "  ✓ text..." or "  a) text...". */
void render_reflow_lead(const struct session *s, FILE *out, const char *lead, const char *text, int width,
			int indent);
/* A paragraph of prose made from FMT, reflowed to the session's width (80
 * columns in a pipe) on its output. */
void render_say(const struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Tables of steps (egcd.steps, powmod.steps, the DH and RSA tables): cells
 * are text, the first row is the heading (bold when there is colour), columns
 * are right-aligned (numbers) unless their bit is set in LEFT. Build one with
 * `struct table t = { .ncols = 3 };`, add rows, render, free.
 * A table never prints megabytes: a cell wider than TABLE_MAX_CELL characters
 * is shortened to its ends and its length ("123456789012...123456789012 (1233
 * digits)"), and the rows that would take the table past TABLE_MAX_BYTES are
 * left out (not even kept) and counted in a last line: "... and 3900 more
 * rows, not shown". */
#define TABLE_MAX_COLS 12
#define TABLE_MAX_CELL 1000
#define TABLE_MAX_BYTES (256u << 10)
struct table {
	int ncols;
	unsigned left;		/* bit i set: column i is left-aligned */
	size_t nrows, cap;
	char **cells;		/* row-major, malloc'ed */
	size_t width[TABLE_MAX_COLS];	/* in characters */
	size_t omitted;		/* rows left out */
};
/* Add a row of NCOLS cells; the table takes them over. */
void table_add(struct table *t, char **row);
char *cell_z(const mpz_t z);		/* a number in decimal */
char *cell_s(const char *s);		/* a copy of S */
char *cell_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void render_table(struct session *s, const struct table *t);
void table_free(struct table *t);

#endif
