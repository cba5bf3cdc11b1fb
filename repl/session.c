/* Statements: assignment, commands, expressions; variables; snapshots. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/clock.h"
#include "libcore/interrupt.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"
#include "repl/session.h"
#include "repl/builtins/builtin.h"
#include "repl/eval.h"
#include "repl/parse.h"
#include "repl/render.h"

void
session_init(struct session *s)
{
	memset(s, 0, sizeof *s);
	s->out = stdout;
	s->errout = stderr;
	s->width = 80;
}

void
session_free(struct session *s)
{
	for (size_t i = 0; i < s->nvars; i++) {
		free(s->vars[i].name);
		value_unref(s->vars[i].val);
	}
	free(s->vars);
	s->vars = NULL;
	s->nvars = s->cap = 0;
}

struct value *
session_get(struct session *s, const char *name)
{
	for (size_t i = 0; i < s->nvars; i++)
		if (strcmp(s->vars[i].name, name) == 0)
			return s->vars[i].val;
	return NULL;
}

/* Store without checking the name: `_` and restores come this way. */
static void
put(struct session *s, const char *name, struct value *v)
{
	for (size_t i = 0; i < s->nvars; i++)
		if (strcmp(s->vars[i].name, name) == 0) {
			value_unref(s->vars[i].val);
			s->vars[i].val = v;
			return;
		}
	if (s->nvars == s->cap)
		s->vars = xreallocarray(s->vars, s->cap = s->cap ? 2 * s->cap : 16, sizeof *s->vars);
	s->vars[s->nvars].name = xstrdup(name);
	s->vars[s->nvars++].val = v;
}

void
session_set_last(struct session *s, struct value *v)
{
	put(s, "_", v);
}

int
session_set(struct session *s, const char *name, struct value *v, struct cl_error *err)
{
	const struct builtin *b = builtin_find(name);

	if (strcmp(name, "_") == 0 || b || builtin_ns_find(name)) {
		value_unref(v);
		if (strcmp(name, "_") == 0)
			return cl_fail(err, GPG_ERR_INV_NAME, "'_' holds the last result and cannot be assigned");
		return cl_fail(err, GPG_ERR_INV_NAME, "'%s' is the name of a %s; choose another name",
			       name, b && b->cmd ? "shell command" : b ? "builtin" : "namespace");
	}
	put(s, name, v);
	return 0;
}

/* Runs statement N; ST gets what the hook will hear (its value: a new
 * reference for the caller to drop). */
static int
run_statement(struct session *s, const struct node *n, struct eval *e, struct stmt *st)
{
	struct value *v;
	const struct builtin *b;

	st->value = NULL;
	switch (n->kind) {
	case N_COMMAND:
		st->kind = STMT_COMMAND;
		st->name = n->name;
		b = builtin_find(n->name);
		e->err->msg[0] = '\0';
		e->line = n->line;
		e->col = 0;	/* a command's word needs no caret under it */
		if (builtin_refused(s, b, e->err))
			return -1;
		if (n->text[0] == '(')	/* quit(), help(gcd): a command is no function */
			return cl_fail(e->err, GPG_ERR_INV_ARG, "'%s' is a shell command, not a function: type it "
				       "without parentheses (%s)", n->name, b->usage ? b->usage : n->name);
		/* a command whose usage shows no argument takes none */
		if (*n->text && !strchr(b->usage ? b->usage : b->name, ' '))
			return cl_fail(e->err, GPG_ERR_INV_ARG, "'%s' takes nothing after it (found '%s')",
				       n->name, n->text);
		return b->cmd(s, n->text, e->err);
	case N_ASSIGN:
		st->kind = STMT_ASSIGN;
		st->name = n->name;
		if (eval_node(e, n->a, &v))
			return -1;
		if (session_set(s, n->name, value_ref(v), e->err)) {
			value_unref(v);
			e->line = n->line;
			e->col = n->col;
			return -1;
		}
		if (v->type == V_BUILTIN) {
			/* `k = fernet.keygen`: the parentheses were forgotten */
			char *note = xasprintf("'%s' is now the builtin %s itself, not a value it gives: to call "
					       "it, write %s = %s(%s)", n->name, v->u.fn->name, n->name,
					       v->u.fn->name, v->u.fn->params[0].name ? "..." : "");

			fprintf(s->errout, "%snote:%s ", color(s, COL_YELLOW), color(s, COL_RESET));
			render_wrapped(s->errout, note, 6, s->tty && s->width > 0 ? s->width : 0, 6);
			fputc('\n', s->errout);
			fflush(s->errout);
			free(note);
		}
		st->value = v;
		return 0;
	default:
		st->kind = STMT_EXPR;
		st->name = NULL;
		if (eval_node(e, n, &v))
			return -1;
		render_result(s, s->out, v);
		if (v->type != V_NIL)
			put(s, "_", value_ref(v));
		st->value = v;
		return 0;
	}
}

/* What the lexer never sees: NUL bytes, invalid UTF-8, giant lines. */
int
session_check_source(const char *src, size_t n, struct srcpos *at, struct cl_error *err)
{
	size_t line_start = 0;
	int line = 0;

	for (size_t i = 0; i <= n; i++) {
		size_t bad;

		if (i < n && src[i] == '\0') {
			at->line += line;
			at->col = 0;
			return cl_fail(err, GPG_ERR_INV_VALUE, "the input contains a NUL byte (at byte %zu "
				       "of the line): statements are text", i - line_start + 1);
		}
		if (i < n && src[i] != '\n')
			continue;
		if (i - line_start > SESSION_MAX_LINE) {
			at->line += line;
			at->col = 0;
			return cl_fail(err, GPG_ERR_TOO_LARGE, "this line is %zu bytes long; the limit is "
				       "1 MiB (%u bytes)", i - line_start, SESSION_MAX_LINE);
		}
		if (!utf8_valid(src + line_start, i - line_start, &bad)) {
			at->line += line;
			at->col = 0;
			return cl_fail(err, GPG_ERR_INV_VALUE, "the input is not valid UTF-8 (byte 0x%02x at "
				       "byte %zu of the line)", (unsigned char)src[line_start + bad], bad + 1);
		}
		line++;
		line_start = i + 1;
	}
	return 0;
}

/* The output is flushed after each statement; the first write that fails
 * is remembered with its reason (main reports it as GNU tools do). */
static void
flush_out(struct session *s)
{
	if ((fflush(s->out) != 0 || ferror(s->out)) && !s->write_errno)
		s->write_errno = errno ? errno : EIO;
}

/* A statement failed: the error is shown, then the hook hears of it, so
 * that a lesson's reaction comes after the error on the screen. */
static void
failed(struct session *s, struct stmt *st, const struct srcpos *at, const struct cl_error *err)
{
	session_report(s, at, err);
	st->value = NULL;
	st->err = err;
	if (s->after_stmt)
		s->after_stmt(s, st, s->after_ctx);
}

int
session_exec(struct session *s, const char *src, size_t n, struct srcpos *at, struct cl_error *err)
{
	struct parser p;
	int first_line = at->line, rc = 0;

	if (session_check_source(src, n, at, err)) {
		session_report(s, at, err);
		return -1;
	}
	parser_init(&p, src, n);
	for (;;) {
		struct node *stmt;
		struct stmt st = { .kind = STMT_EXPR };
		struct eval e = { .s = s, .err = err };
		int line = 0, col = 0;

		if (cl_check_interrupt(err)) {
			rc = -1;
			at->col = 0;
			session_report(s, at, err);
			break;
		}
		p.stmt_start = p.have ? p.tok.off : p.lx.pos;
		if (parse_statement(&p, &stmt, &line, &col, err)) {
			at->line = first_line + line - 1;
			at->col = col;
			rc = -1;
			st.src = src + p.stmt_start;
			st.n = (p.lx.pos > p.stmt_start ? p.lx.pos : p.stmt_start) - p.stmt_start;
			failed(s, &st, at, err);
			break;
		}
		if (!stmt)
			break;
		rc = run_statement(s, stmt, &e, &st);
		st.src = src + p.stmt_start;
		st.n = p.stmt_end - p.stmt_start;
		if (rc) {
			at->line = first_line + e.line - 1;
			/* Ctrl-C stops a statement as a whole: no column to point at */
			at->col = err->code == GPG_ERR_CANCELED ? 0 : e.col;
			failed(s, &st, at, err);
			node_free(stmt);
			break;
		}
		errno = 0;
		flush_out(s);
		if (s->after_stmt)
			s->after_stmt(s, &st, s->after_ctx);	/* st.name points into the node */
		node_free(stmt);
		value_unref(st.value);
		if (s->quit)
			break;
	}
	parser_free(&p);
	errno = 0;
	flush_out(s);
	return rc;
}

int
session_eval(struct session *s, const char *expr, struct value **out, struct cl_error *err)
{
	struct parser p;
	struct node *n = NULL;
	int line, col, rc = -1;

	*out = NULL;
	parser_init(&p, expr, strlen(expr));
	if (parse_statement(&p, &n, &line, &col, err))
		goto leave;
	if (!n || n->kind == N_ASSIGN || n->kind == N_COMMAND) {
		cl_fail(err, GPG_ERR_SYNTAX, "'%s' is not an expression", expr);
		goto leave;
	}
	{
		struct eval e = { .s = s, .err = err };

		rc = eval_node(&e, n, out);
	}
leave:
	node_free(n);
	parser_free(&p);
	return rc;
}

void
session_report_at(struct session *s, const char *file, int line, int col, const char *msg)
{
	const char *red = color(s, COL_RED), *bold = color(s, COL_BOLD), *reset = color(s, COL_RESET);

	errno = 0;
	flush_out(s);	/* what came before the error stays before it */
	/* a message quotes what was wrong, which may be text from outside */
	fputs(bold, s->errout);
	render_safe(s->errout, file);
	fputc(':', s->errout);
	if (line > 0)
		fprintf(s->errout, "%d:", line);
	if (line > 0 && col > 0)
		fprintf(s->errout, "%d:", col);
	fprintf(s->errout, "%s %serror:%s ", reset, red, reset);
	render_safe(s->errout, msg);
	fputc('\n', s->errout);
	fflush(s->errout);
}

void
session_report(struct session *s, const struct srcpos *at, const struct cl_error *err)
{
	const char *red = color(s, COL_RED), *reset = color(s, COL_RESET);

	errno = 0;
	flush_out(s);
	if (s->interactive) {
		if (err->code == GPG_ERR_CANCELED && s->tty)
			fputc('\n', s->errout);	/* past the "^C" the terminal echoed */
		/* the line is on the screen just above: point at the column */
		if (at->col > 0 && s->caret_offset >= 0)
			fprintf(s->errout, "%*s%s^%s\n", s->caret_offset + at->col - 1, "", red, reset);
		fprintf(s->errout, "%serror:%s ", red, reset);
		/* on a terminal, broken between words (under the message), not
		 * wherever the terminal's edge falls */
		if (s->tty && s->width > 0)
			render_wrapped(s->errout, err->msg, 7, s->width, 7);
		else
			render_safe(s->errout, err->msg);
		fputc('\n', s->errout);
	} else
		session_report_at(s, at->file, at->line, at->col, err->msg);
	fflush(s->errout);
}

struct streams
session_redirect(struct session *s, FILE *out, FILE *errout)
{
	struct streams saved = { s->out, s->errout };

	fflush(s->out);
	fflush(s->errout);
	s->out = out;
	s->errout = errout;
	return saved;
}

void
session_unredirect(struct session *s, struct streams saved)
{
	fflush(s->out);
	fflush(s->errout);
	s->out = saved.out;
	s->errout = saved.errout;
}

struct snapshot {
	struct var *vars;
	size_t n;
	bool pinned;		/* the clock too: `back` over clock.advance rewinds time */
	int64_t now;
	struct random_state random;	/* and the keys drawn under --seed */
};

struct snapshot *
session_snapshot(struct session *s)
{
	struct snapshot *snap = xcalloc(1, sizeof *snap);

	snap->vars = xcalloc(s->nvars + 1, sizeof *snap->vars);
	for (size_t i = 0; i < s->nvars; i++) {
		snap->vars[i].name = xstrdup(s->vars[i].name);
		snap->vars[i].val = value_ref(s->vars[i].val);
	}
	snap->n = s->nvars;
	snap->pinned = clock_pinned();
	snap->now = clock_now();
	random_save(&snap->random);
	return snap;
}

void
session_restore(struct session *s, const struct snapshot *snap)
{
	/* live objects (servers) that the snapshot does not hold are stopped */
	snapshot_close_live(snap, s);
	session_free(s);
	for (size_t i = 0; i < snap->n; i++)
		put(s, snap->vars[i].name, value_ref(snap->vars[i].val));
	if (snap->pinned)
		clock_pin(snap->now);
	else
		clock_unpin();	/* the real time again, as it was */
	random_restore(&snap->random);
}

void
snapshot_close_live(const struct snapshot *snap, struct session *s)
{
	struct value **keep = xcalloc(snap->n + 1, sizeof *keep);

	(void)s;
	for (size_t i = 0; i < snap->n; i++)
		keep[i] = snap->vars[i].val;
	value_close_live_except(keep, snap->n);
	free(keep);
}

void
snapshot_free(struct snapshot *snap)
{
	if (!snap)
		return;
	for (size_t i = 0; i < snap->n; i++) {
		free(snap->vars[i].name);
		value_unref(snap->vars[i].val);
	}
	free(snap->vars);
	free(snap);
}

const char **
session_changed(struct session *s, const struct snapshot *snap)
{
	const char **names = xcalloc(s->nvars + 1, sizeof *names);
	size_t k = 0;

	for (size_t i = 0; i < s->nvars; i++) {
		const struct value *old = NULL;

		if (strcmp(s->vars[i].name, "_") == 0)
			continue;
		for (size_t j = 0; j < snap->n; j++)
			if (strcmp(snap->vars[j].name, s->vars[i].name) == 0)
				old = snap->vars[j].val;
		if (!old || !value_equal(old, s->vars[i].val))
			names[k++] = s->vars[i].name;
	}
	return names;
}
