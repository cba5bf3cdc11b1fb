#include <config.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/xalloc.h"
#include "repl/parse.h"
#include "repl/builtins/builtin.h"

#define MAX_DEPTH 200	/* nesting beyond this is refused, not a stack overflow */

struct pstate {
	struct parser *p;
	struct cl_error *err;
	int line, col;		/* of the error */
	int depth;
};

void
parser_init(struct parser *p, const char *src, size_t n)
{
	memset(p, 0, sizeof *p);
	lex_init(&p->lx, src, n);
}

void
parser_free(struct parser *p)
{
	if (p->have)
		token_free(&p->tok);
	p->have = false;
}

void
node_free(struct node *n)
{
	if (!n)
		return;
	free(n->name);
	free(n->text);
	if (n->kind == N_INT)
		mpz_clear(n->z);
	node_free(n->a);
	node_free(n->b2);
	for (size_t i = 0; i < n->nargs; i++) {
		node_free(n->args[i]);
		if (n->kw)
			free(n->kw[i]);
	}
	free(n->args);
	free(n->kw);
	free(n);
}

static struct node *
new_node(enum nkind k, const struct token *t)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->kind = k;
	n->line = t->line;
	n->col = t->col;
	return n;
}

static int
fail(struct pstate *ps, const struct token *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct pstate *ps, const struct token *t, const char *fmt, ...)
{
	va_list ap;

	ps->line = t->line;
	ps->col = t->col;
	va_start(ap, fmt);
	cl_vfail(ps->err, GPG_ERR_SYNTAX, fmt, ap);
	va_end(ap);
	return -1;
}

static struct token *
peek(struct pstate *ps)
{
	struct parser *p = ps->p;

	if (!p->have) {
		if (lex_next(&p->lx, &p->tok, ps->err)) {
			ps->line = p->lx.err_line;
			ps->col = p->lx.err_col;
			return NULL;
		}
		p->have = true;
	}
	return &p->tok;
}

static void
advance(struct pstate *ps)
{
	if (ps->p->tok.kind != TK_END && ps->p->tok.kind != TK_EOF)
		ps->p->prev_end = ps->p->tok.off + ps->p->tok.len;
	token_free(&ps->p->tok);
	ps->p->have = false;
}

/* Move the current token's contents into the caller's hands. */
static struct token
take(struct pstate *ps)
{
	struct token t = ps->p->tok;

	ps->p->prev_end = t.off + t.len;
	ps->p->have = false;
	return t;
}

static int
expect(struct pstate *ps, enum tok kind, const char *what)
{
	struct token *t = peek(ps);

	if (!t)
		return -1;
	if (t->kind != kind)
		return fail(ps, t, "expected %s %s, found %s", tok_describe(kind), what, tok_describe(t->kind));
	advance(ps);
	return 0;
}

/* Is the token after the current one '='? Then the lexer stays past it
 * (`name=` starts a keyword argument, `name =` an assignment); if not, it is
 * put back as it was. */
static bool
assign_follows(struct parser *p)
{
	struct lexer save = p->lx;
	struct token next;
	struct cl_error ignored;
	bool yes = lex_next(&p->lx, &next, &ignored) == 0 && next.kind == TK_ASSIGN;

	token_free(&next);
	if (!yes)
		p->lx = save;
	return yes;
}

/* A bare word W followed by another word at T: "fluffy tail" meant as text.
 * The words that follow are gathered for the message. */
static int
bare_words(struct pstate *ps, const struct node *w, const struct token *t)
{
	char words[120];
	size_t n = (size_t)snprintf(words, sizeof words, "%s ", w->name);
	const char *s = ps->p->lx.src + t->off, *end = ps->p->lx.src + ps->p->lx.n;

	/* the words as they stand in the line, up to a ',', a ')' or the end */
	while (s < end && n < sizeof words - 1 && !strchr(",)\n;\"", *s))
		words[n++] = *s == '\t' ? ' ' : *s, s++;
	while (n > 0 && words[n - 1] == ' ')
		n--;
	words[n] = '\0';
	return fail(ps, t, "'%s' are words, not a value: text is written in double quotes, \"%s\"", words,
		    words);
}

/* One level deeper into the expression at T: refused past MAX_DEPTH. */
static int
deeper(struct pstate *ps, const struct token *t)
{
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, t, "the expression is nested too deeply");
	return 0;
}

static struct node *expr(struct pstate *ps);

/* f(a, b, key=value) — after the '(' */
static int
call_args(struct pstate *ps, struct node *call)
{
	size_t cap = 0;
	bool seen_kw = false;

	for (;;) {
		struct token *t = peek(ps);
		char *kw = NULL;
		struct node *arg;

		if (!t)
			return -1;
		if (t->kind == TK_RPAREN) {
			advance(ps);
			return 0;
		}
		if (call->nargs > 0) {
			const struct node *last = call->args[call->nargs - 1];

			if (t->kind == TK_NAME && last->kind == N_NAME)
				return bare_words(ps, last, t);
			if (t->kind != TK_COMMA)
				return fail(ps, t, "expected ',' or ')' in the call, found %s",
					    tok_describe(t->kind));
			advance(ps);
			if (!(t = peek(ps)))
				return -1;
		}
		if (t->kind == TK_NAME) {
			if (assign_follows(ps->p)) {
				kw = xstrdup(t->text);
				advance(ps);
			}
			if (!(t = peek(ps)))
				return free(kw), -1;
		}
		if (!kw && seen_kw) {
			free(kw);
			return fail(ps, t, "a positional argument cannot follow a keyword argument");
		}
		seen_kw |= kw != NULL;
		if (!(arg = expr(ps))) {
			free(kw);
			return -1;
		}
		if (call->nargs == cap) {
			cap = cap ? 2 * cap : 4;
			call->args = xreallocarray(call->args, cap, sizeof *call->args);
			call->kw = xreallocarray(call->kw, cap, sizeof *call->kw);
		}
		call->kw[call->nargs] = kw;
		call->args[call->nargs++] = arg;
	}
}

static struct node *
primary(struct pstate *ps)
{
	struct token *t = peek(ps);
	struct node *n = NULL;

	if (!t)
		return NULL;
	switch (t->kind) {
	case TK_INT:
		n = new_node(N_INT, t);
		mpz_init(n->z);
		mpz_swap(n->z, t->z);
		advance(ps);
		return n;
	case TK_STR:
	case TK_BYTES: {
		struct token tk = take(ps);

		n = new_node(tk.kind == TK_STR ? N_STR : N_BYTES, &tk);
		n->text = tk.text;
		n->textlen = tk.textlen;
		return n;
	}
	case TK_TRUE:
	case TK_FALSE:
		n = new_node(N_BOOL, t);
		n->b = t->kind == TK_TRUE;
		advance(ps);
		return n;
	case TK_NAME: {
		struct token tk = take(ps);

		n = new_node(N_NAME, &tk);
		n->name = tk.text;
		return n;
	}
	case TK_LPAREN:
		advance(ps);
		if (!(n = expr(ps)))
			return NULL;
		if (expect(ps, TK_RPAREN, "to close '('")) {
			node_free(n);
			return NULL;
		}
		return n;
	case TK_LBRACK: {
		size_t cap = 0;

		n = new_node(N_LIST, t);
		advance(ps);
		for (;;) {
			struct node *item;

			if (!(t = peek(ps)))
				goto bad;
			if (t->kind == TK_RBRACK) {
				advance(ps);
				return n;
			}
			if (n->nargs > 0) {
				if (t->kind != TK_COMMA) {
					fail(ps, t, "expected ',' or ']' in the list, found %s", tok_describe(t->kind));
					goto bad;
				}
				advance(ps);
			}
			if (!(item = expr(ps)))
				goto bad;
			if (n->nargs == cap) {
				cap = cap ? 2 * cap : 4;
				n->args = xrealloc(n->args, cap * sizeof *n->args);
			}
			n->args[n->nargs++] = item;
		}
	bad:
		node_free(n);
		return NULL;
	}
	case TK_EOF:
	case TK_END:
		fail(ps, t, "the expression is incomplete: something is missing at the end");
		return NULL;
	default:
		fail(ps, t, "expected a value, found %s", tok_describe(t->kind));
		return NULL;
	}
}

static struct node *
postfix(struct pstate *ps)
{
	struct node *n = primary(ps);
	struct token *t;
	int line0 = n ? n->line : 0, col0 = n ? n->col : 0;

	/* a call's errors point at the start of what is called: `egcd.steps(` */
	while (n && (t = peek(ps))) {
		struct node *m;

		if (t->kind == TK_DOT) {
			advance(ps);
			if (!(t = peek(ps)))
				break;
			if (t->kind != TK_NAME) {
				fail(ps, t, "expected a name after '.', found %s", tok_describe(t->kind));
				break;
			}
			m = new_node(N_FIELD, t);
			m->name = take(ps).text;
			m->a = n;
			n = m;
		} else if (t->kind == TK_LPAREN) {
			m = new_node(N_CALL, t);
			m->line = line0;
			m->col = col0;
			m->a = n;
			n = m;
			advance(ps);
			if (call_args(ps, n))
				break;
		} else if (t->kind == TK_LBRACK) {
			m = new_node(N_INDEX, t);
			m->a = n;
			n = m;
			advance(ps);
			if (!(n->b2 = expr(ps)) || expect(ps, TK_RBRACK, "to close '['"))
				break;
		} else
			return n;
	}
	node_free(n);
	return NULL;
}

static struct node *unary(struct pstate *ps);

/* ^ is right-associative and binds tighter than unary minus: -2^2 is -4. */
static struct node *
power(struct pstate *ps)
{
	struct node *n = postfix(ps);
	struct token *t;

	if (!n || !(t = peek(ps))) {
		if (n && !t) {
			node_free(n);
			return NULL;
		}
		return n;
	}
	if (t->kind == TK_CARET) {
		struct node *m = new_node(N_BIN, t);

		m->op = TK_CARET;
		advance(ps);
		m->a = n;
		if (!(m->b2 = unary(ps))) {
			node_free(m);
			return NULL;
		}
		return m;
	}
	return n;
}

static struct node *
unary(struct pstate *ps)
{
	struct token *t = peek(ps);
	struct node *n;

	if (!t)
		return NULL;
	if (t->kind == TK_MINUS || t->kind == TK_PLUS) {
		bool neg = t->kind == TK_MINUS;

		if (deeper(ps, t))
			return NULL;
		n = new_node(N_NEG, t);
		advance(ps);
		if (!(n->a = unary(ps))) {
			node_free(n);
			return NULL;
		}
		ps->depth--;
		if (!neg) {
			struct node *inner = n->a;

			n->a = NULL;
			node_free(n);
			return inner;
		}
		return n;
	}
	return power(ps);
}

/* Binary levels, loosest first; each is left-associative. */
static const enum tok levels[][7] = {
	{ TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE },
	{ TK_MOD },
	{ TK_PLUS, TK_MINUS },
	{ TK_STAR, TK_SLASH, TK_PERCENT },
};
#define NLEVELS (int)(sizeof levels / sizeof *levels)

static struct node *
binary(struct pstate *ps, int level)
{
	struct node *n;
	struct token *t;

	if (level == NLEVELS)
		return unary(ps);
	if (!(n = binary(ps, level + 1)))
		return NULL;
	while ((t = peek(ps))) {
		bool match = false;
		struct node *m;

		for (int i = 0; levels[level][i]; i++)
			match |= t->kind == levels[level][i];
		if (!match)
			return n;
		m = new_node(N_BIN, t);
		m->op = t->kind;
		advance(ps);
		m->a = n;
		n = m;
		if (!(m->b2 = binary(ps, level + 1)))
			break;
	}
	node_free(n);
	return NULL;
}

static struct node *
logic_not(struct pstate *ps)
{
	struct token *t = peek(ps);
	struct node *n;

	if (!t)
		return NULL;
	if (t->kind != TK_NOT)
		return binary(ps, 0);
	if (deeper(ps, t))
		return NULL;
	n = new_node(N_NOT, t);
	advance(ps);
	if (!(n->a = logic_not(ps))) {
		node_free(n);
		return NULL;
	}
	ps->depth--;
	return n;
}

static struct node *
logic(struct pstate *ps, enum tok op, enum nkind kind)
{
	struct node *n = op == TK_OR ? logic(ps, TK_AND, N_AND) : logic_not(ps);
	struct token *t;

	while (n && (t = peek(ps)) && t->kind == op) {
		struct node *m = new_node(kind, t);

		advance(ps);
		m->a = n;
		n = m;
		if (!(m->b2 = op == TK_OR ? logic(ps, TK_AND, N_AND) : logic_not(ps))) {
			node_free(n);
			return NULL;
		}
	}
	if (n && !t) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *
expr(struct pstate *ps)
{
	struct node *n;
	struct token *t = peek(ps);

	if (!t)
		return NULL;
	if (deeper(ps, t))
		return NULL;
	n = logic(ps, TK_OR, N_OR);
	ps->depth--;
	return n;
}

/* A shell command: the rest of the statement, raw, up to ';' or the line end. */
static struct node *
command(struct pstate *ps, struct token *word)
{
	struct lexer *lx = &ps->p->lx;
	struct node *n = new_node(N_COMMAND, word);
	size_t start = lx->pos, end;

	n->name = word->text;
	word->text = NULL;
	/* up to ';', the line's end, or a comment (a '#' after a space) */
	while (lx->pos < lx->n && lx->src[lx->pos] != '\n' && lx->src[lx->pos] != ';'
	       && !(lx->src[lx->pos] == '#' && isspace((unsigned char)lx->src[lx->pos - 1])))
		lx->pos++;
	end = lx->pos;
	while (lx->pos < lx->n && lx->src[lx->pos] != '\n' && lx->src[lx->pos] != ';')
		lx->pos++;	/* the comment */
	while (start < end && isspace((unsigned char)lx->src[start]))
		start++;
	while (end > start && isspace((unsigned char)lx->src[end - 1]))
		end--;
	n->text = xstrndup(lx->src + start, end - start);
	n->textlen = end - start;
	ps->p->prev_end = end;
	return n;
}

int
parse_statement(struct parser *p, struct node **out, int *line, int *col, struct cl_error *err)
{
	struct pstate ps = { .p = p, .err = err };
	struct token *t;
	struct node *n = NULL;

	*out = NULL;
	/* empty statements are nothing */
	while ((t = peek(&ps)) && t->kind == TK_END)
		advance(&ps);
	if (!t)
		goto fail;
	if (t->kind == TK_EOF)
		return 0;
	p->stmt_start = t->off;
	if (t->kind == TK_GT && t->col == 1) {
		/* "> 2 + 3" pasted from a lesson or a help page */
		fail(&ps, t, "leave out the '>' at the start: it only shows what was typed at the prompt");
		goto fail;
	}
	if (t->kind == TK_NAME && builtin_is_command(t->text)) {
		struct token word = take(&ps);

		n = command(&ps, &word);
		token_free(&word);
	} else if (t->kind == TK_NAME && assign_follows(p)) {
		struct token name = take(&ps);

		n = new_node(N_ASSIGN, &name);
		n->name = name.text;
		if (!(n->a = expr(&ps)))
			goto fail;
	}
	if (!n && !(n = expr(&ps)))
		goto fail;
	if (!(t = peek(&ps)))
		goto fail;
	if (t->kind != TK_END && t->kind != TK_EOF) {
		const struct node *v = n->kind == N_ASSIGN ? n->a : n;

		if (t->kind == TK_NAME && v && v->kind == N_NAME) {
			bare_words(&ps, v, t);
			goto fail;
		}
		if (t->kind == TK_ASSIGN)
			fail(&ps, t, "only a name can be assigned to (write '==' to compare)");
		else
			fail(&ps, t, "found %s after the end of the expression: is an operator missing?",
			     tok_describe(t->kind));
		goto fail;
	}
	p->stmt_end = p->prev_end;	/* its last token: no ';', newline or comment */
	if (t->kind == TK_END)
		advance(&ps);
	*out = n;
	return 0;
fail:
	node_free(n);
	*line = ps.line;
	*col = ps.col;
	return -1;
}
