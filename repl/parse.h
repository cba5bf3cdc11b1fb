/* The parser: tokens to a tree, one statement at a time, by precedence
 * climbing. From loosest to tightest:
 *   or  <  and  <  not  <  == != < <= > >=  <  mod  <  + -  <  * / %
 *   <  unary -  <  ^ (right-associative)  <  calls, fields, indexing
 * so `A = g ^ a mod p` reads as on the blackboard, and `a + b mod m` is
 * (a + b) mod m. */
#ifndef CL_PARSE_H
#define CL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <gmp.h>
#include "repl/lex.h"

enum nkind {
	N_INT, N_STR, N_BYTES, N_BOOL, N_LIST, N_NAME, N_FIELD, N_INDEX, N_CALL,
	N_NEG, N_NOT, N_BIN, N_AND, N_OR,
	N_ASSIGN, N_COMMAND,
};

struct node {
	enum nkind kind;
	int line, col;
	int height;		/* 1 for a leaf, else 1 + its tallest operand: bounded */
	enum tok op;		/* N_BIN: the operator token */
	char *name;		/* N_NAME, N_FIELD (the field), N_ASSIGN, N_COMMAND */
	char *text;		/* N_STR, N_BYTES; N_COMMAND: its argument */
	size_t textlen;
	bool b;
	mpz_t z;		/* N_INT */
	struct node *a, *b2;	/* operands; N_FIELD/N_INDEX/N_CALL: a is the object */
	struct node **args;	/* N_LIST items, N_CALL arguments */
	char **kw;		/* N_CALL: keyword of each argument or NULL */
	size_t nargs;
};

struct parser {
	struct lexer lx;
	struct token tok;	/* the current token */
	bool have;
	size_t stmt_start, stmt_end;	/* the source of the last statement parsed */
	size_t prev_end;	/* where the last token consumed ends */
};

void parser_init(struct parser *p, const char *src, size_t n);
void parser_free(struct parser *p);
/* The deepest expression accepted: brackets, unary operators and '^' nest
 * at most PARSE_MAX_NESTING deep, and no tree (a chain `1+1+...` or
 * `x[0][0]...` is a tree as tall as it is long) is taller than
 * PARSE_MAX_HEIGHT: the evaluator, node_free and the printer recurse on the
 * tree, and must not exhaust the stack. */
#define PARSE_MAX_NESTING 200
#define PARSE_MAX_HEIGHT 1000

/* Parse the next statement into *OUT (NULL at the end of the input).
 * Returns 0, or -1 with ERR and *LINE, *COL of the problem. */
int parse_statement(struct parser *p, struct node **out, int *line, int *col, struct cl_error *err);
void node_free(struct node *n);

#endif
