/* The .lesson parser: one pass over the lines, a little state saying what a
 * continuation line extends, then a validation pass so that a lesson is either
 * whole or refused with FILE:LINE (never half-played). */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "libcore/xalloc.h"
#include "repl/lesson/format.h"
#include "repl/parse.h"
#include "repl/utf8.h"

/* Grow *ARR (N elements of SIZE) by one zeroed element; capacity doubles at
 * powers of two so that a huge file stays linear. */
static void *
grow(void *arr, size_t *n, size_t size)
{
	char *p = arr;

	if ((*n & (*n - 1)) == 0)
		p = xrealloc(p, (*n ? *n * 2 : 1) * size);
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}
#define PUSH(arr, n) ((arr) = grow((arr), &(n), sizeof *(arr)), &(arr)[(n) - 1])

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static char *
trimmed(const char *p)
{
	size_t n;

	p = skip_space(p);
	n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return xstrndup(p, n);
}

/* *DST = *DST SEP ADD (ADD trimmed). */
static void
append(char **dst, const char *add, const char *sep)
{
	char *t = trimmed(add);
	size_t a = *dst ? strlen(*dst) : 0, b = strlen(t), c = strlen(sep);

	if (!a) {
		free(*dst);
		*dst = t;
		return;
	}
	*dst = xrealloc(*dst, a + c + b + 1);
	memcpy(*dst + a, sep, c);
	memcpy(*dst + a + c, t, b + 1);
	free(t);
}

/* ---- freeing ---- */

static void
free_srcs(struct lsrcs *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].text);
		free(v->v[i].fails);
	}
	free(v->v);
}

static void
free_blocks(struct lblock *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].text);
		free_srcs(&b[i].demo);
		free(b[i].task.prompt);
		free_srcs(&b[i].task.checks);
		free(b[i].task.expect.text);
		free(b[i].task.expect_error.text);
		free_srcs(&b[i].task.solution);
		free_srcs(&b[i].task.hints);
		for (size_t j = 0; j < b[i].task.nfeedback; j++) {
			free(b[i].task.feedback[j].when);
			free(b[i].task.feedback[j].text);
		}
		free(b[i].task.feedback);
		free(b[i].task.success);
		free(b[i].quiz.question);
		free_srcs(&b[i].quiz.choices);
		free_srcs(&b[i].quiz.answers);
		free(b[i].quiz.explain);
		for (int k = 0; k < 26; k++)
			free(b[i].quiz.why[k]);
	}
	free(b);
}

void
lesson_free(struct lesson *l)
{
	if (!l)
		return;
	free(l->path);
	free(l->id);
	free(l->title);
	free(l->summary);
	free(l->next);
	for (size_t i = 0; i < l->nrequires; i++)
		free(l->requires[i]);
	free(l->requires);
	free_blocks(l->intro, l->nintro);
	for (size_t i = 0; i < l->nsteps; i++) {
		free(l->steps[i].title);
		free_blocks(l->steps[i].blocks, l->steps[i].nblocks);
	}
	free(l->steps);
	free_blocks(l->recap, l->nrecap);
	free(l);
}

/* ---- the scan ---- */

enum where { IN_HEADER, IN_STEP, IN_RECAP };
enum open { OPEN_NONE, OPEN_TEXT, OPEN_EXPR, OPEN_CODE };

struct lparser {
	char **lines;
	size_t nlines;
	size_t i;		/* the line being read, 0-based */
	struct lesson *l;
	struct cl_error *err;
	int errline;
	enum where where;
	bool task_open, quiz_open, demo_open;
	enum open open;		/* what a continuation line extends */
	char **open_str;	/* OPEN_TEXT, OPEN_EXPR */
	struct lsrcs *open_code;	/* OPEN_CODE */
	int title_line, summary_line, minutes_line, requires_line;
};

static int
fail_at(struct lparser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail_at(struct lparser *p, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cl_vfail(p->err, GPG_ERR_INV_DATA, fmt, ap);
	va_end(ap);
	p->errline = line;
	return -1;
}
#define FAIL(...) fail_at(p, (int)p->i + 1, __VA_ARGS__)

static struct lblock **
cur_blocks(struct lparser *p, size_t **n)
{
	struct lesson *l = p->l;

	switch (p->where) {
	case IN_HEADER:
		*n = &l->nintro;
		return &l->intro;
	case IN_RECAP:
		*n = &l->nrecap;
		return &l->recap;
	default:
		*n = &l->steps[l->nsteps - 1].nblocks;
		return &l->steps[l->nsteps - 1].blocks;
	}
}

static struct lblock *
new_block(struct lparser *p, enum lblock_kind kind)
{
	size_t *n;
	struct lblock **arr = cur_blocks(p, &n);
	struct lblock *b;

	*arr = grow(*arr, n, sizeof **arr);
	b = &(*arr)[*n - 1];
	b->kind = kind;
	b->line = (int)p->i + 1;
	p->task_open = p->quiz_open = p->demo_open = false;
	p->open = OPEN_NONE;
	return b;
}

static struct lblock *
last_block(struct lparser *p)
{
	size_t *n;
	struct lblock **arr = cur_blocks(p, &n);

	return *n ? &(*arr)[*n - 1] : NULL;
}

static void
open_text(struct lparser *p, char **s)
{
	p->open = OPEN_TEXT;
	p->open_str = s;
}

/* Where a line that belongs in a step stands instead. */
static const char *
outside_step(const struct lparser *p)
{
	return p->where == IN_HEADER ? "before the first step" : "in the recap";
}

static bool
is_blank(const char *s)
{
	return *skip_space(s) == '\0';
}

/* A line of three or more backticks, then an optional info word. */
static bool
is_fence(const char *s)
{
	return strncmp(s, "```", 3) == 0;
}

static bool
is_fence_end(const char *s)
{
	const char *q = s;

	while (*q == '`')
		q++;
	return q - s >= 3 && is_blank(q);
}

/* A new entry of V: TEXT, trimmed, from line LINE. */
static struct lsrc *
add_src(struct lsrcs *v, const char *text, int line)
{
	struct lsrc *x = PUSH(v->v, v->n);

	x->text = trimmed(text);
	x->line = line;
	return x;
}

static void
add_code_line(struct lsrcs *code, const char *text, int line)
{
	const char *t = skip_space(text);

	if (*t == '\0')
		return;
	/* "> " is allowed inside a block, as the prompt shows it */
	if (t[0] == '>' && (t[1] == ' ' || t[1] == '\0'))
		t = skip_space(t + 1);
	add_src(code, t, line);
}

/* "! MESSAGE": the code line just above must fail with MESSAGE. */
static bool
is_fail_line(const char *s)
{
	return s[0] == '!' && (s[1] == ' ' || s[1] == '\t' || s[1] == '\0');
}

/* The message of a "! MESSAGE" line (or of `expect-error:`), checked: the
 * words after "error: ", as the prompt shows them. NULL with an error. */
static char *
fail_message(struct lparser *p, int line, const char *text)
{
	char *msg = trimmed(text);

	if (!*msg) {
		fail_at(p, line, "say which error is expected: the words after 'error: ', as in "
			"'! invalid token'");
		free(msg);
		return NULL;
	}
	if (strncmp(msg, "error:", 6) == 0) {
		fail_at(p, line, "write the message without 'error:', as in '! %s'", skip_space(msg + 6));
		free(msg);
		return NULL;
	}
	return msg;
}

/* Attach the "! MESSAGE" line LINE (1-based) to X, the code line right
 * above it (NULL when there is none). */
static int
attach_fail(struct lparser *p, struct lsrc *x, const char *text, int line)
{
	if (!x || x->line != line - 1)
		return fail_at(p, line, "a line '! MESSAGE' says that the line right above it fails: put it "
			       "just after a '> ' line or a line of a 'solution:'");
	if (!(x->fails = fail_message(p, line, text + 1)))
		return -1;
	x->fails_line = line;
	return 0;
}

static int
read_fence(struct lparser *p)
{
	size_t start = p->i, j;
	struct lsrcs *code;
	struct lblock *b = last_block(p);

	for (j = start + 1; j < p->nlines && !is_fence_end(p->lines[j]); j++)
		;
	if (j == p->nlines)
		return FAIL("this code block is never closed: end it with a line ```");
	if (p->where != IN_STEP)
		return FAIL("a code block %s: demonstrations belong in a step", outside_step(p));
	if (p->task_open && b->task.solution.n == 0 && p->open == OPEN_CODE
	    && p->open_code == &b->task.solution) {
		code = &b->task.solution;	/* "solution:" then a block */
	} else {
		b = new_block(p, LB_DEMO);
		code = &b->demo;
	}
	for (size_t k = start + 1; k < j; k++) {
		const char *t = skip_space(p->lines[k]);

		if (!is_fail_line(t))
			add_code_line(code, p->lines[k], (int)k + 1);
		else if (attach_fail(p, code->n ? &code->v[code->n - 1] : NULL, t, (int)k + 1) < 0)
			return -1;
	}
	if (code->n == 0)
		return FAIL("this code block is empty");
	p->i = j;
	p->open = OPEN_NONE;
	return 0;
}

static const char *const header_keys[] = { "id", "title", "summary", "minutes", "requires", "next", NULL };
static const char *const task_keys[] = { "check", "expect", "expect-error", "solution", "hint", "feedback",
					 "success", NULL };
static const char *const quiz_keys[] = { "answer", "explain", NULL };

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* "feedback WHEN: TEXT": the colon is the first one outside quotes that is
 * followed by a space or the end of the line. */
static const char *
feedback_colon(const char *s)
{
	char q = 0;

	for (; *s; s++) {
		if (q) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == q)
				q = 0;
		} else if (*s == '"' || *s == '\'') {
			q = *s;
		} else if (*s == ':' && (s[1] == ' ' || s[1] == '\t' || s[1] == '\0')) {
			return s;
		}
	}
	return NULL;
}

/* KEY may be given once in SCOPE: *LINE is where it was (0 until it is). */
static int
once(struct lparser *p, int *line, const char *key, const char *scope)
{
	if (*line)
		return FAIL("'%s:' is given twice %s (first on line %d)", key, scope, *line);
	*line = (int)p->i + 1;
	return 0;
}

static int
set_once(struct lparser *p, char **dst, int *dst_line, const char *key, const char *val, const char *scope)
{
	if (once(p, dst_line, key, scope) < 0)
		return -1;
	*dst = trimmed(val);
	return 0;
}

static int
header_key(struct lparser *p, const char *key, const char *val)
{
	struct lesson *l = p->l;
	int rc;

	if (p->where != IN_HEADER)
		return FAIL("'%s:' belongs in the header, before the first step", key);
	p->open = OPEN_NONE;
	if (strcmp(key, "id") == 0)
		return set_once(p, &l->id, &l->id_line, key, val, "in the header");
	if (strcmp(key, "next") == 0)
		return set_once(p, &l->next, &l->next_line, key, val, "in the header");
	if (strcmp(key, "title") == 0) {
		if ((rc = set_once(p, &l->title, &p->title_line, key, val, "in the header")) == 0)
			open_text(p, &l->title);
		return rc;
	}
	if (strcmp(key, "summary") == 0) {
		if ((rc = set_once(p, &l->summary, &p->summary_line, key, val, "in the header")) == 0)
			open_text(p, &l->summary);
		return rc;
	}
	if (strcmp(key, "minutes") == 0) {
		char *end, *t;
		long m;

		if (once(p, &p->minutes_line, key, "in the header") < 0)
			return -1;
		t = trimmed(val);
		errno = 0;
		m = strtol(t, &end, 10);
		rc = 0;
		if (!*t || *end || errno || m < 1 || m > 999)
			rc = FAIL("'minutes:' wants a whole number of minutes from 1 to 999, not '%s'", t);
		free(t);
		l->minutes = (int)m;
		return rc;
	}
	/* requires: ids separated by commas or spaces */
	if (once(p, &p->requires_line, key, "in the header") < 0)
		return -1;
	l->requires_line = p->requires_line;
	for (const char *s = val; *s;) {
		size_t n;

		s += strspn(s, ", \t");
		if (!(n = strcspn(s, ", \t")))
			break;
		*PUSH(l->requires, l->nrequires) = xstrndup(s, n);
		s += n;
	}
	return 0;
}

static int
task_key(struct lparser *p, const char *key, const char *val)
{
	struct lblock *b = last_block(p);
	struct ltask *t;
	struct lsrc *x;

	if (!p->task_open)
		return FAIL("'%s:' belongs to a task: write it after a 'task:' line", key);
	t = &b->task;
	p->open = OPEN_NONE;
	if (strcmp(key, "check") == 0) {
		x = add_src(&t->checks, val, (int)p->i + 1);
		p->open = OPEN_EXPR;
		p->open_str = &x->text;
	} else if (strcmp(key, "expect") == 0 || strcmp(key, "expect-error") == 0) {
		x = strcmp(key, "expect") == 0 ? &t->expect : &t->expect_error;
		if (set_once(p, &x->text, &x->line, key, val, "in this task") < 0)
			return -1;
		p->open = OPEN_EXPR;	/* a long value or message may go on over the next lines */
		p->open_str = &x->text;
	} else if (strcmp(key, "solution") == 0) {
		if (t->solution.n)
			return FAIL("'solution:' is given twice in this task (first on line %d)",
				    t->solution.v[0].line);
		add_code_line(&t->solution, val, (int)p->i + 1);
		p->open = OPEN_CODE;
		p->open_code = &t->solution;
	} else if (strcmp(key, "hint") == 0) {
		x = add_src(&t->hints, val, (int)p->i + 1);
		open_text(p, &x->text);
	} else if (strcmp(key, "success") == 0) {
		if (t->success)
			return FAIL("'success:' is given twice in this task");
		t->success = trimmed(val);
		open_text(p, &t->success);
	}
	return 0;
}

static int
feedback_key(struct lparser *p, const char *rest)
{
	struct lblock *b = last_block(p);
	const char *colon = feedback_colon(rest);
	struct lfeedback *f;

	if (!p->task_open)
		return FAIL("'feedback:' belongs to a task: write it after a 'task:' line");
	if (!colon)
		return FAIL("write feedback as 'feedback WHEN: TEXT', WHEN an expression such as 'x == 5'");
	f = PUSH(b->task.feedback, b->task.nfeedback);
	{
		char *w = xstrndup(rest, (size_t)(colon - rest));

		f->when = trimmed(w);
		free(w);
	}
	f->text = trimmed(colon + 1);
	f->line = (int)p->i + 1;
	if (!*f->when)
		return FAIL("this feedback has no condition: write 'feedback WHEN: TEXT'");
	open_text(p, &f->text);
	return 0;
}

static int
quiz_key(struct lparser *p, const char *key, const char *val)
{
	struct lblock *b = last_block(p);
	struct lquiz *q;
	struct lsrc *x;

	if (!p->quiz_open)
		return FAIL("'%s:' belongs to a quiz: write it after a 'quiz:' line", key);
	q = &b->quiz;
	p->open = OPEN_NONE;
	if (strcmp(key, "answer") == 0) {
		x = add_src(&q->answers, val, (int)p->i + 1);
		if (!*x->text)
			return FAIL("'answer:' is empty");
	} else {
		if (q->explain)
			return FAIL("'explain:' is given twice in this quiz");
		q->explain = trimmed(val);
		open_text(p, &q->explain);
	}
	return 0;
}

/* "explain b: TEXT": why choice b is not the answer. */
static int
why_key(struct lparser *p, char letter, const char *val)
{
	struct lquiz *q;
	int k = letter - 'a';

	if (!p->quiz_open)
		return FAIL("'explain %c:' belongs to a quiz: write it after its choices", letter);
	q = &last_block(p)->quiz;
	p->open = OPEN_NONE;
	if (k >= (int)q->choices.n)
		return FAIL("'explain %c:' names no choice: the choices are a) to %c)", letter,
			    q->choices.n ? 'a' + (int)q->choices.n - 1 : 'a');
	if (q->why[k])
		return FAIL("'explain %c:' is given twice in this quiz", letter);
	q->why[k] = trimmed(val);
	open_text(p, &q->why[k]);
	return 0;
}

/* A key line: a lower-case word and a colon, then a space or the end. Returns
 * 1 when LINE is one (handled), 0 when it is not, -1 on error. */
static int
key_line(struct lparser *p, const char *line)
{
	const char *s = line;
	char key[32];
	size_t n;
	struct lblock *b;

	bool hyphen = false;

	if (*s >= 'A' && *s <= 'Z') {
		/* "Task: ..." is a key written in capitals, surely meant as one */
		char lower[32];
		size_t k = 0;

		while (k < sizeof lower - 1 && isalpha((unsigned char)s[k])) {
			lower[k] = (char)tolower((unsigned char)s[k]);
			k++;
		}
		lower[k] = '\0';
		if (s[k] == ':' && (in_list(header_keys, lower) || in_list(task_keys, lower)
				    || in_list(quiz_keys, lower) || !strcmp(lower, "task") || !strcmp(lower, "quiz")))
			return FAIL("'%.*s:' is not a key: keys are lower case (did you mean '%s:'?)", (int)k, s, lower);
		return 0;
	}
	while (*s >= 'a' && *s <= 'z')
		s++;
	/* "expect-error": a hyphen joins words; a hyphenated word that is no
	 * key ("well-known: ...") stays narration */
	while (s > line && s[0] == '-' && s[1] >= 'a' && s[1] <= 'z') {
		hyphen = true;
		for (s++; *s >= 'a' && *s <= 'z'; s++)
			;
	}
	n = (size_t)(s - line);
	if (n == 0 || n >= sizeof key)
		return 0;
	memcpy(key, line, n);
	key[n] = '\0';
	if (hyphen && !in_list(task_keys, key))
		return 0;
	if (strcmp(key, "feedback") == 0 && (*s == ' ' || *s == '\t'))
		return feedback_key(p, s) < 0 ? -1 : 1;
	if (strcmp(key, "explain") == 0 && s[0] == ' ' && s[1] >= 'a' && s[1] <= 'z' && s[2] == ':')
		return why_key(p, s[1], skip_space(s + 3)) < 0 ? -1 : 1;
	if (*s != ':' || (s[1] != ' ' && s[1] != '\t' && s[1] != '\0'))
		return 0;
	s = skip_space(s + 1);
	if (in_list(header_keys, key))
		return header_key(p, key, s) < 0 ? -1 : 1;
	if (in_list(task_keys, key))
		return (strcmp(key, "feedback") == 0 ? feedback_key(p, "") : task_key(p, key, s)) < 0 ? -1 : 1;
	if (in_list(quiz_keys, key))
		return quiz_key(p, key, s) < 0 ? -1 : 1;
	if (strcmp(key, "task") == 0 || strcmp(key, "quiz") == 0) {
		bool task = key[0] == 't';

		if (p->where != IN_STEP)
			return FAIL("a %s %s: start a step with a line '## TITLE'", key, outside_step(p));
		b = new_block(p, task ? LB_TASK : LB_QUIZ);
		if (task) {
			b->task.prompt = trimmed(s);
			p->task_open = true;
			open_text(p, &b->task.prompt);
		} else {
			b->quiz.question = trimmed(s);
			p->quiz_open = true;
			open_text(p, &b->quiz.question);
		}
		return 1;
	}
	return FAIL("unknown key '%s:' (a step knows task, check, expect, expect-error, solution, hint, "
		    "feedback, success, quiz, answer, explain; the header id, title, summary, "
		    "minutes, requires, next)", key);
}

static int
heading(struct lparser *p, const char *line)
{
	struct lesson *l = p->l;
	int level = 0;
	struct lstep *st;
	char *title;

	while (line[level] == '#')
		level++;
	title = trimmed(line + level);
	if (level > 2) {
		free(title);
		return FAIL("only '# TITLE' (the lesson) and '## TITLE' (a step) headings are known");
	}
	if (!*title) {
		free(title);
		return FAIL("this heading has no title");
	}
	if (level == 1) {
		if (p->where != IN_HEADER || l->title) {
			free(title);
			return FAIL("'# ' is for the lesson's title, once at the top; a step starts with '## '");
		}
		l->title = title;
		p->title_line = (int)p->i + 1;
		p->open = OPEN_NONE;
		return 0;
	}
	if (p->where == IN_RECAP) {
		free(title);
		return FAIL("the recap must be the last section (a step follows it here)");
	}
	p->task_open = p->quiz_open = p->demo_open = false;
	p->open = OPEN_NONE;
	if (strcasecmp(title, "recap") == 0) {
		free(title);
		p->where = IN_RECAP;
		return 0;
	}
	st = PUSH(l->steps, l->nsteps);
	st->title = title;
	st->line = (int)p->i + 1;
	p->where = IN_STEP;
	return 0;
}

static int
scan_line(struct lparser *p)
{
	const char *line = p->lines[p->i];
	struct lblock *b;
	int rc;

	if (is_blank(line)) {
		/* a blank line ends a paragraph or a value, not a task or quiz */
		p->open = OPEN_NONE;
		p->demo_open = false;
		return 0;
	}
	if (is_fence(line))
		return read_fence(p);
	if (line[0] == '#' && (line[1] == ' ' || line[1] == '#' || line[1] == '\0'))
		return heading(p, line);
	if ((rc = key_line(p, line)) != 0)
		return rc < 0 ? -1 : 0;
	if (p->quiz_open && line[0] >= 'a' && line[0] <= 'z' && line[1] == ')'
	    && (line[2] == ' ' || line[2] == '\t')) {
		struct lquiz *q = &last_block(p)->quiz;
		struct lsrc *x;

		if (line[0] != 'a' + (int)q->choices.n)
			return FAIL("the choices go a), b), c) ... in order: '%c)' was expected here",
				    'a' + (int)q->choices.n);
		if (q->choices.n >= 26)
			return FAIL("a quiz has at most 26 choices");
		x = add_src(&q->choices, line + 2, (int)p->i + 1);
		open_text(p, &x->text);
		return 0;
	}
	if (is_fail_line(line)) {
		/* after a demonstration line, or a line of a solution */
		struct lsrc *x = NULL;

		if (p->demo_open && (b = last_block(p)) && b->kind == LB_DEMO && b->demo.n)
			x = &b->demo.v[b->demo.n - 1];
		else if (p->open == OPEN_CODE && p->open_code->n)
			x = &p->open_code->v[p->open_code->n - 1];
		return attach_fail(p, x, line, (int)p->i + 1);
	}
	if (line[0] == '>' && (line[1] == ' ' || line[1] == '\t' || line[1] == '\0')) {
		if (p->where != IN_STEP)
			return FAIL("a demonstration line %s: start a step with a line '## TITLE'",
				    outside_step(p));
		if (is_blank(line + 1))
			return FAIL("this demonstration line is empty");
		b = p->demo_open ? last_block(p) : new_block(p, LB_DEMO);
		add_code_line(&b->demo, line, (int)p->i + 1);
		p->demo_open = true;
		return 0;
	}
	if (strcmp(line, "pause") == 0 || (strncmp(line, "pause", 5) == 0 && is_blank(line + 5))) {
		if (p->where != IN_STEP)
			return FAIL("'pause' belongs in a step");
		new_block(p, LB_PAUSE);
		return 0;
	}
	if ((line[0] == '-' || line[0] == '*') && (line[1] == ' ' || line[1] == '\t')) {
		b = new_block(p, LB_BULLET);
		b->text = trimmed(line + 2);
		open_text(p, &b->text);
		return 0;
	}
	/* a continuation line, or a new paragraph of narration */
	switch (p->open) {
	case OPEN_TEXT:
		append(p->open_str, line, "\n");
		return 0;
	case OPEN_EXPR:
		append(p->open_str, line, " ");
		return 0;
	case OPEN_CODE:
		add_code_line(p->open_code, line, (int)p->i + 1);
		return 0;
	default:
		break;
	}
	b = new_block(p, LB_TEXT);
	b->text = trimmed(line);
	open_text(p, &b->text);
	return 0;
}

/* ---- validation ---- */

static bool
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

/* The lesson's code must parse, so that a check with a typo is refused when
 * the lesson loads, not played and never passed. WHAT names the code in the
 * message ("the check"); with EXPR it must be one expression. A line meant
 * to fail may fail to parse: that can be its point. */
const char *
lesson_quote(const char *text, char buf[256])
{
	size_t n = 0, chars = 0;

	for (; text[n] && chars < 61; n++)
		chars += ((unsigned char)text[n] & 0xc0) != 0x80;
	if (!text[n] && chars <= 60)
		return text;
	/* back to the start of the 61st character: cut between characters */
	while (n > 0 && ((unsigned char)text[n - 1] & 0xc0) == 0x80)
		n--;
	n--;
	snprintf(buf, 256, "%.*s...", (int)n, text);
	return buf;
}

static int
check_code(struct lparser *p, const struct lsrc *x, const char *what, bool expr)
{
	struct parser ps;
	struct node *n = NULL;
	struct cl_error err;
	int line = 0, col = 0, count = 0, rc = 0;
	char q[256];

	if (x->fails)
		return 0;
	parser_init(&ps, x->text, strlen(x->text));
	for (;;) {
		if (parse_statement(&ps, &n, &line, &col, &err) < 0) {
			rc = fail_at(p, x->line + line - 1, "%s '%s' does not parse: %s (column %d)", what,
				     lesson_quote(x->text, q), err.msg, col);
			break;
		}
		if (!n)
			break;
		count++;
		if (expr && n->kind == N_ASSIGN)
			rc = fail_at(p, x->line, "%s '%s' is an assignment: it must be an expression, such as "
				     "'%s == ...'", what, lesson_quote(x->text, q), n->name);
		else if (expr && (n->kind == N_COMMAND || count > 1))
			rc = fail_at(p, x->line, "%s '%s' must be one expression", what, lesson_quote(x->text, q));
		node_free(n);
		if (rc)
			break;
	}
	parser_free(&ps);
	return rc;
}

static int
check_codes(struct lparser *p, const struct lsrcs *v, const char *what, bool expr)
{
	for (size_t i = 0; i < v->n; i++)
		if (check_code(p, &v->v[i], what, expr) < 0)
			return -1;
	return 0;
}

static int
check_task(struct lparser *p, struct lblock *b)
{
	struct ltask *t = &b->task;
	struct lsrc *last;

	if (!*t->prompt)
		return fail_at(p, b->line, "the task has no text: say what to do after 'task:'");
	if (t->checks.n == 0 && !t->expect.text && !t->expect_error.text)
		return fail_at(p, b->line, "the task has no 'check:' (or 'expect:', or 'expect-error:'): the "
			       "shell could not tell when it is done");
	if (t->expect.text && t->expect_error.text)
		return fail_at(p, t->expect_error.line, "a task has 'expect:' (a value) or 'expect-error:' (a "
			       "refusal), not both");
	for (size_t i = 0; i < t->checks.n; i++)
		if (!*t->checks.v[i].text)
			return fail_at(p, t->checks.v[i].line, "'check:' is empty");
	if (t->expect.text && !*t->expect.text)
		return fail_at(p, t->expect.line, "'expect:' is empty");
	if (t->solution.n == 0)
		return fail_at(p, b->line, "the task has no 'solution:' (`skip` and --auto type it)");
	if (t->expect_error.text) {
		char *msg = fail_message(p, t->expect_error.line, t->expect_error.text);

		if (!msg)
			return -1;
		free(t->expect_error.text);
		t->expect_error.text = msg;
		/* the sample solution's last line is the one refused; it needs no
		 * "! MESSAGE" line of its own, but one that is there must agree */
		last = &t->solution.v[t->solution.n - 1];
		if (!last->fails) {
			last->fails = xstrndup(msg, strlen(msg));
			last->fails_line = t->expect_error.line;
		} else if (strcmp(last->fails, msg) != 0) {
			return fail_at(p, last->fails_line, "the sample solution's last line is to fail with "
				       "'%s', but 'expect-error:' says '%s'", last->fails, msg);
		}
	}
	for (size_t i = 0; i < t->hints.n; i++)
		if (!*t->hints.v[i].text)
			return fail_at(p, t->hints.v[i].line, "'hint:' is empty");
	for (size_t i = 0; i < t->nfeedback; i++) {
		struct lsrc when = { .text = t->feedback[i].when, .line = t->feedback[i].line };

		if (!*t->feedback[i].text)
			return fail_at(p, t->feedback[i].line, "this feedback has no text after the colon");
		if (check_code(p, &when, "the feedback condition", true) < 0)
			return -1;
	}
	if (check_codes(p, &t->checks, "the check", true) < 0
	    || (t->expect.text && check_code(p, &t->expect, "'expect:'", true) < 0)
	    || check_codes(p, &t->solution, "the solution line", false) < 0)
		return -1;
	return 0;
}

static int
check_quiz(struct lparser *p, const struct lblock *b)
{
	const struct lquiz *q = &b->quiz;

	if (!*q->question)
		return fail_at(p, b->line, "the quiz has no question after 'quiz:'");
	for (size_t i = 0; i < q->choices.n; i++)
		if (!*q->choices.v[i].text)
			return fail_at(p, q->choices.v[i].line, "this choice has no text");
	if (q->answers.n == 0)
		return fail_at(p, b->line, "the quiz has no 'answer:'");
	if (q->choices.n == 1)
		return fail_at(p, q->choices.v[0].line, "a multiple-choice quiz needs two choices or more");
	if (q->choices.n) {
		const char *a = q->answers.v[0].text;

		if (q->answers.n > 1)
			return fail_at(p, q->answers.v[1].line, "a multiple-choice quiz has one 'answer:', a letter");
		if (strlen(a) != 1 || a[0] < 'a' || a[0] >= 'a' + (int)q->choices.n)
			return fail_at(p, q->answers.v[0].line, "'answer: %s' is not one of the choices a) to %c)",
				       a, 'a' + (int)q->choices.n - 1);
	}
	if (!q->explain || !*q->explain)
		return fail_at(p, b->line, "the quiz has no 'explain:' (it is shown after the answer)");
	for (size_t i = 0; i < q->choices.n; i++) {
		if (!q->why[i])
			continue;
		if (!*q->why[i])
			return fail_at(p, b->line, "'explain %c:' is empty", (int)('a' + i));
		if ((int)i == q->answers.v[0].text[0] - 'a')
			return fail_at(p, b->line, "'explain %c:' is for a wrong choice, and %c) is the answer: "
				       "say why it is right in 'explain:'", (int)('a' + i), (int)('a' + i));
	}
	return 0;
}

static int
validate(struct lparser *p)
{
	struct lesson *l = p->l;

	if (!l->title)
		return fail_at(p, 1, "the lesson has no title: begin the file with a line '# TITLE'");
	if (!l->id)
		return fail_at(p, p->title_line, "the header has no 'id:' line");
	if (!valid_id(l->id))
		return fail_at(p, l->id_line, "'%s' is not a lesson id: use lower-case letters, digits, '-' "
			       "and '_', at most 64", l->id);
	if (!l->summary || !*l->summary)
		return fail_at(p, p->summary_line ? p->summary_line : p->title_line,
			       "the header has no 'summary:' (one line for `lessons`)");
	if (!l->minutes)
		return fail_at(p, p->title_line, "the header has no 'minutes:' (about how long it takes)");
	for (size_t i = 0; i < l->nrequires; i++)
		if (!valid_id(l->requires[i]))
			return fail_at(p, p->requires_line, "'requires:' names '%s', which is not a lesson id",
				       l->requires[i]);
	if (l->next && !valid_id(l->next))
		return fail_at(p, l->next_line, "'next:' names '%s', which is not a lesson id", l->next);
	if (l->nsteps == 0)
		return fail_at(p, (int)p->nlines, "the lesson has no steps: start one with a line '## TITLE'");
	for (size_t i = 0; i < l->nsteps; i++) {
		const struct lstep *st = &l->steps[i];

		if (st->nblocks == 0)
			return fail_at(p, st->line, "the step '%s' has nothing in it", st->title);
		for (size_t j = 0; j < st->nblocks; j++) {
			struct lblock *b = &st->blocks[j];

			if (b->kind == LB_TASK && check_task(p, b) < 0)
				return -1;
			if (b->kind == LB_DEMO && check_codes(p, &b->demo, "the line", false) < 0)
				return -1;
			if (b->kind == LB_QUIZ && check_quiz(p, b) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- text checks and entry points ---- */

#define TOO_LARGE "the file is %lld bytes; a lesson is at most 1 MB (%d bytes)"

static int
line_of(const char *buf, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

int
lesson_parse(struct lesson **out, const char *path, const char *buf, size_t n,
	     int *line, struct cl_error *err)
{
	struct lparser pp = { 0 }, *p = &pp;
	const char *nul;
	size_t bad, start;
	int rc = -1;

	*out = NULL;
	p->err = err;
	p->errline = 1;
	if (n > LESSON_MAX_BYTES) {
		fail_at(p, 1, TOO_LARGE, (long long)n, LESSON_MAX_BYTES);
		goto leave;
	}
	if ((nul = memchr(buf, '\0', n))) {
		fail_at(p, line_of(buf, (size_t)(nul - buf)), "this is not a text file (it holds a NUL byte)");
		goto leave;
	}
	if (!utf8_valid(buf, n, &bad)) {
		fail_at(p, line_of(buf, bad), "this is not UTF-8 text (byte %zu is 0x%02x)", bad + 1,
			(unsigned char)buf[bad]);
		goto leave;
	}
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)	/* a byte-order mark */
		buf += 3, n -= 3;
	for (bad = 0; bad < n && isspace((unsigned char)buf[bad]); bad++)
		;
	if (bad == n) {
		fail_at(p, 1, "the file is empty");
		goto leave;
	}

	/* split into lines, dropping "\r" before "\n" */
	for (start = 0; start < n;) {
		const char *e = memchr(buf + start, '\n', n - start);
		size_t len = e ? (size_t)(e - (buf + start)) : n - start;
		size_t keep = len;

		if (keep && buf[start + keep - 1] == '\r')
			keep--;
		*PUSH(p->lines, p->nlines) = xstrndup(buf + start, keep);
		start += len + 1;
	}

	p->l = xrealloc(NULL, sizeof *p->l);
	memset(p->l, 0, sizeof *p->l);
	p->l->path = xstrndup(path, strlen(path));
	for (p->i = 0; p->i < p->nlines; p->i++)
		if (scan_line(p) < 0)
			goto leave;
	if (validate(p) < 0)
		goto leave;
	*out = p->l;
	p->l = NULL;
	rc = 0;
leave:
	if (line)
		*line = p->errline;
	lesson_free(p->l);
	for (size_t i = 0; i < p->nlines; i++)
		free(p->lines[i]);
	free(p->lines);
	return rc;
}

/* The example lesson of a Markdown file: every line outside the ````lesson
 * block is blanked, so line numbers still point into the Markdown. */
static int
extract_example(char *buf, size_t n, int *line, struct cl_error *err)
{
	char *s = buf, *end = buf + n;
	bool inside = false, found = false, closed = false;
	int ln = 1, open_line = 0;

	while (s < end) {
		char *e = memchr(s, '\n', (size_t)(end - s));
		size_t len = e ? (size_t)(e - s) : (size_t)(end - s);
		bool keep = false;

		if (!inside && !found && len >= 10 && strncmp(s, "````lesson", 10) == 0) {
			inside = found = true;
			open_line = ln;
		} else if (inside && len >= 4 && strncmp(s, "````", 4) == 0) {
			inside = false;
			closed = true;
		} else if (inside) {
			keep = true;
		}
		if (!keep)
			memset(s, ' ', len);
		s += len + 1;
		ln++;
	}
	if (!found) {
		*line = 1;
		return cl_fail(err, GPG_ERR_INV_DATA,
			       "no example lesson here: it goes between a line ````lesson and a line ````");
	}
	if (!closed) {
		*line = open_line;
		return cl_fail(err, GPG_ERR_INV_DATA, "the example lesson is never closed: end it with a line ````");
	}
	return 0;
}

int
lesson_load(struct lesson **out, const char *path, int *line, struct cl_error *err)
{
	FILE *f = NULL;
	struct stat st;
	char *buf = NULL;
	size_t n = 0, len = strlen(path);
	int rc = -1;

	*out = NULL;
	*line = 0;
	/* a FIFO or a device named like a lesson would block the open: only a
	 * regular file (or a directory, said below) is opened */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		cl_fail(err, GPG_ERR_INV_DATA, "this is not a regular file, so not a lesson");
		goto leave;
	}
	if (!(f = fopen(path, "rb")) || fstat(fileno(f), &st) < 0) {
		char msg[128];

		snprintf(msg, sizeof msg, "%s", strerror(errno));
		msg[0] = (char)tolower((unsigned char)msg[0]);
		cl_fail(err, gpg_err_code_from_errno(errno), "cannot read it: %s", msg);
		goto leave;
	}
	if (S_ISDIR(st.st_mode)) {
		cl_fail(err, GPG_ERR_INV_DATA, "this is a directory, not a lesson file");
		goto leave;
	}
	/* read one byte past the limit so that a huge file is told as such */
	buf = xrealloc(NULL, LESSON_MAX_BYTES + 2);
	n = fread(buf, 1, LESSON_MAX_BYTES + 1, f);
	if (ferror(f)) {
		cl_fail(err, GPG_ERR_EIO, "cannot read it: %s", strerror(errno));
		goto leave;
	}
	if (n > LESSON_MAX_BYTES) {
		*line = 1;
		cl_fail(err, GPG_ERR_TOO_LARGE, TOO_LARGE,
			(long long)(S_ISREG(st.st_mode) ? st.st_size : (off_t)n), LESSON_MAX_BYTES);
		goto leave;
	}
	if (len > 3 && strcmp(path + len - 3, ".md") == 0 && extract_example(buf, n, line, err) < 0)
		goto leave;
	rc = lesson_parse(out, path, buf, n, line, err);
leave:
	if (f)
		fclose(f);
	free(buf);
	return rc;
}

/* ---- quiz answers ---- */

#define MAX_WORDS 64

/* The words of S: runs of letters and digits (any non-ASCII byte counts as
 * a letter), lower case, into W (malloc'ed, NUL-separated); their count. */
static size_t
words_of(const char *s, char **w, const char *word[MAX_WORDS])
{
	size_t n = 0, k = 0, len = strlen(s);
	char *buf = xmalloc(len + 1);
	bool in = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || c >= 0x80) {
			if (!in && n < MAX_WORDS)
				word[n++] = buf + k;
			in = true;
			buf[k++] = (char)tolower(c);
		} else if (in) {
			buf[k++] = '\0';
			in = false;
		}
	}
	buf[k] = '\0';
	*w = buf;
	return n;
}

static bool
is_negation(const char *w)
{
	static const char *const neg[] = { "not", "no", "never", "isn", "isnt", "nor", "neither", NULL };

	for (size_t i = 0; neg[i]; i++)
		if (strcmp(w, neg[i]) == 0)
			return true;
	return false;
}

bool
lesson_answer_matches(const char *given, const char *expected)
{
	const char *g[MAX_WORDS], *e[MAX_WORDS];
	char *gb, *eb, *gj, *ej;
	size_t ng = words_of(given, &gb, g), ne = words_of(expected, &eb, e);
	bool same = false;

	/* all the words run together: "diffiehellman" is "Diffie-Hellman" */
	gj = xmalloc(strlen(given) + 1);
	ej = xmalloc(strlen(expected) + 1);
	gj[0] = ej[0] = '\0';
	for (size_t i = 0; i < ng; i++)
		strcat(gj, g[i]);
	for (size_t i = 0; i < ne; i++)
		strcat(ej, e[i]);
	if (ne > 0 && strcmp(gj, ej) == 0)
		same = true;
	/* the expected words in a row, with at most 3 others around them, none
	 * of them a negation: "it is 24", "b, the HMAC" */
	for (size_t at = 0; !same && ne > 0 && ng >= ne && ng - ne <= 3 && at + ne <= ng; at++) {
		bool run = true, negated = false;

		for (size_t i = 0; i < ne && run; i++)
			run = strcmp(g[at + i], e[i]) == 0;
		for (size_t i = 0; i < ng; i++)
			if ((i < at || i >= at + ne) && is_negation(g[i]))
				negated = true;
		same = run && !negated;
	}
	free(gb);
	free(eb);
	free(gj);
	free(ej);
	return same;
}

bool
lesson_quiz_right(const struct lquiz *q, const char *text)
{
	if (q->choices.n) {
		const char *a = q->answers.v[0].text;
		const char *g[MAX_WORDS];
		char *gb;
		size_t ng = words_of(text, &gb, g);
		bool letter = ng == 1 && strlen(g[0]) == 1 && g[0][0] >= 'a' && g[0][0] < 'a' + (int)q->choices.n;
		bool right;

		/* a lone letter is a choice's letter; otherwise the words of the
		 * right choice, leniently ("b)" and "(b)" are the letter b) */
		right = letter ? g[0][0] == a[0] : lesson_answer_matches(text, q->choices.v[a[0] - 'a'].text);
		free(gb);
		return right;
	}
	for (size_t i = 0; i < q->answers.n; i++)
		if (lesson_answer_matches(text, q->answers.v[i].text))
			return true;
	return false;
}
