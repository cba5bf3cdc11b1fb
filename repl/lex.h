/* The lexer: source text to tokens, with line and column for every token so
 * that an error can point at it. */
#ifndef CL_LEX_H
#define CL_LEX_H

#include <stddef.h>
#include <gmp.h>
#include "libcore/error.h"

enum tok {
	TK_EOF, TK_END,		/* TK_END: a newline or ';' ending a statement */
	TK_INT, TK_STR, TK_BYTES, TK_NAME,
	TK_TRUE, TK_FALSE, TK_AND, TK_OR, TK_NOT, TK_MOD,
	TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_CARET,
	TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK, TK_COMMA, TK_DOT, TK_ASSIGN,
	TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
};

struct token {
	enum tok kind;
	size_t off, len;	/* where it stands in the source */
	int line, col;
	char *text;		/* TK_STR/TK_BYTES: the decoded contents; TK_NAME: the name */
	size_t textlen;
	mpz_t z;		/* TK_INT */
};

struct lexer {
	const char *src;
	size_t n, pos;
	int line;
	size_t line_start;
	int depth;		/* open ( and [: newlines inside them do not end a statement */
	int err_line, err_col;	/* where a lexing error was found */
	/* the column of col_off, counted once: each token's column is counted
	 * on from the last, so a 1 MiB line lexes in linear time */
	size_t col_off;
	int col;
};

void lex_init(struct lexer *lx, const char *src, size_t n);
/* Fills T (release it with token_free). Returns 0 or -1 with ERR. */
int lex_next(struct lexer *lx, struct token *t, struct cl_error *err);
void token_free(struct token *t);
/* The column (1-based, counting characters, not bytes) of offset OFF on the
 * line that starts at LINE_START. */
int lex_column(struct lexer *lx, size_t line_start, size_t off);
/* How a token kind reads in a message: "')'", "a number", "the end of the line" */
const char *tok_describe(enum tok kind);

/* Where the statements that begin at POS end: just past the newline that
 * ends them outside any bracket (or N). A script is run in such pieces, so
 * that a question asked meanwhile can take the next line. */
size_t lex_chunk_end(const char *src, size_t n, size_t pos);

/* The keywords, NULL-terminated. */
extern const char *const lex_keywords[];

/* The largest integer literal, in decimal digits (about BIGINT_MAX_BITS). */
#define LEX_MAX_DIGITS 315000

#endif
