/* The evaluator: a tree from repl/parse to a value. */
#ifndef CL_EVAL_H
#define CL_EVAL_H

#include "repl/parse.h"
#include "repl/session.h"

struct eval {
	struct session *s;
	struct cl_error *err;
	int line, col;		/* where the error is */
};

/* *OUT gets a new reference. Statements (assignment, command) give nil. */
int eval_node(struct eval *e, const struct node *n, struct value **out);

#endif
