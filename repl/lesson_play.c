/* The lesson player. A lesson plays step by step in the student's own
 * session: narration is reflowed, demonstrations run through session_exec
 * like typed lines, and at a task the player returns to the prompt and
 * checks the task after each statement (the session's after_stmt hook).
 * Each step's start is a snapshot of the variables, so `back` really rewinds;
 * a step never visited in this run is reached by running the earlier steps'
 * demonstrations and sample solutions quietly (that is also how a lesson
 * resumes in a new shell). Output to a pipe has no colour and no timing, so
 * --auto transcripts are golden.
 *
 * A line of the lesson may be meant to fail ("! MESSAGE" after it): its
 * error is then part of the lesson, shown on the output as the prompt shows
 * an error. A task may want the student's statement to fail (`expect-error:`):
 * session_report shows the error, then calls the after_stmt hook with it, so
 * the lesson's reaction comes after the error on the screen. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1	/* asprintf, getline */
#endif
#include <config.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "repl/builtins/builtin.h"
#include "repl/lesson.h"
#include "repl/lesson_find.h"
#include "repl/lesson_parse.h"
#include "repl/lesson_play.h"
#include "repl/progress.h"
#include "repl/reader.h"
#include "repl/record.h"
#include "repl/render.h"
#include "repl/session.h"

struct player {
	struct session *s;
	struct lesson *l;
	struct lesson_opts o;
	size_t step;		/* 0-based */
	size_t block;		/* the next block of the step to play */
	bool waiting;		/* at a task (blocks[block]) */
	size_t hints;		/* hints shown for this task */
	int tries;
	struct snapshot **snaps;	/* [nsteps]: the variables as each step began */
	int busy;		/* the player is running code: not the student's */
	struct value *last;	/* the value of the last statement run while busy */
	const char *refused;	/* the error the last line of the lesson run was meant to give */
	bool failed;		/* a line run by the player failed */
	bool finished, want_leave;
	char prompt[96];
};

static struct player *
player_of(struct session *s)
{
	return s->lesson;
}

static int
indent_of(const struct player *P)
{
	return P->o.present ? 4 : 2;
}

static int
width_of(const struct player *P)
{
	int w = P->s->width > 0 ? P->s->width : 80;

	return w > 100 ? 100 : w;	/* long lines are hard to read */
}

static bool
timed(const struct player *P)
{
	return P->o.auto_play && P->o.delay > 0 && P->s->tty;
}

static void
sleep_for(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* ---- what the student typed ---- */

/* ---- running code ---- */

static void
type_out(struct player *P, const char *text)
{
	FILE *out = P->s->out;

	if (!timed(P)) {
		fputs(text, out);
		return;
	}
	sleep_for(P->o.delay);
	for (const char *c = text; *c; c++) {
		fputc(*c, out);
		fflush(out);
		if ((*c & 0xc0) != 0x80)
			sleep_for(0.04);
	}
}

int
lesson_outcome(const struct lsrc *src, int rc, const struct cl_error *err, struct cl_error *why)
{
	if (!src->fails)
		return rc < 0 ? cl_fail(why, err->code, "'%s' fails: %s", src->text, err->msg) : 0;
	if (rc == 0)
		return cl_fail(why, GPG_ERR_INV_DATA, "'%s' should fail with '%s', but it works", src->text,
			       src->fails);
	if (strcmp(err->msg, src->fails) != 0)
		return cl_fail(why, GPG_ERR_INV_DATA, "'%s' should fail with '%s', but it fails with '%s'",
			       src->text, src->fails, err->msg);
	return 0;
}

/* A refusal the lesson shows: on the output (it belongs to the transcript),
 * in the interactive form, a caret under the column and "error: MSG". */
static void
show_refusal(struct session *s, const struct srcpos *at, const struct cl_error *err)
{
	FILE *errout = s->errout;
	bool interactive = s->interactive;

	s->errout = s->out;
	s->interactive = true;
	session_report(s, at, err);
	s->errout = errout;
	s->interactive = interactive;
}

/* Run one line of the lesson. SHOW prints it as typed at the prompt first.
 * A line meant to fail, and failing so, counts as done. */
static int
run_line(struct player *P, const struct lsrc *src, bool show)
{
	struct session *s = P->s;
	struct srcpos at = { .file = P->l->path, .line = src->line };
	struct cl_error err = { 0 }, why;
	int saved_caret = s->caret_offset, rc;

	if (show) {
		fprintf(s->out, "%s>%s ", color(s, COL_GREEN), color(s, COL_RESET));
		type_out(P, src->text);
		fputc('\n', s->out);
		fflush(s->out);
	}
	if (src->fails)
		record_refused(s, src->text, src->fails);
	else
		record_code(s, src->text);
	s->caret_offset = show ? 2 : -1;
	value_unref(P->last);
	P->last = NULL;
	P->refused = NULL;
	P->busy++;
	s->lesson_lines = true;
	rc = session_exec(s, src->text, strlen(src->text), &at, &err);
	s->lesson_lines = false;
	/* still busy while the error is shown: the hook hears of it then */
	if (lesson_outcome(src, rc, &err, &why) == 0 && rc < 0) {
		show_refusal(s, &at, &err);
		P->refused = src->fails;
		rc = 0;
	} else if (rc < 0 || src->fails) {
		P->failed = true;
		if (rc < 0)
			session_report(s, &at, &err);
		if (src->fails)	/* the lesson is wrong: say where */
			lesson_print_error(s, P->l->path, src->fails_line, &why);
		rc = -1;
	}
	P->busy--;
	s->caret_offset = saved_caret;
	return rc;
}

static int
run_lines(struct player *P, const struct lsrcs *code, bool show)
{
	for (size_t i = 0; i < code->n; i++)
		if (run_line(P, &code->v[i], show) < 0)
			return -1;
	return 0;
}

/* Evaluate a check or a feedback condition: 1 true, 0 false, -1 error. */
int
lesson_holds(struct session *s, const char *expr, struct cl_error *err)
{
	struct value *v = NULL;
	int r;

	if (session_eval(s, expr, &v, err) < 0)
		return -1;
	if (v->type != V_BOOL) {
		cl_fail(err, GPG_ERR_INV_VALUE, "'%s' gives %s, not true or false", expr, value_type_name(v));
		r = -1;
	} else
		r = v->u.b ? 1 : 0;
	value_unref(v);
	return r;
}

/* Is the task done? GOT is the value of the statement just run (may be
 * NULL), REFUSED the error it failed with (NULL when it worked). */
static bool
task_done(struct session *s, const struct ltask *t, struct value *got, const char *refused)
{
	struct cl_error err;

	if (t->expect_error.text && (!refused || strcmp(refused, t->expect_error.text) != 0))
		return false;

	for (size_t i = 0; i < t->checks.n; i++)
		if (lesson_holds(s, t->checks.v[i].text, &err) != 1)
			return false;
	if (t->expect.text) {
		struct value *want = NULL;
		bool same;

		if (!got || session_eval(s, t->expect.text, &want, &err) < 0)
			return false;
		same = value_equal(got, want);
		value_unref(want);
		return same;
	}
	return true;
}

/* ---- showing things ---- */

/* Narration: reflowed on the screen, a paragraph in a recorded transcript
 * (the recorder is muted meanwhile, or the text would be there twice). */
static void
say(struct player *P, const char *text)
{
	record_prose(P->s, "", text);
	record_mute(P->s, true);
	render_reflow(P->s, P->s->out, text, width_of(P), indent_of(P));
	record_mute(P->s, false);
}

/* TEXT reflowed after LEAD (in colour C), later lines under the text; in a
 * recorded transcript one paragraph, RECORDED before it. */
static void
lead_text(struct player *P, enum color c, const char *lead, const char *recorded, const char *text)
{
	struct session *s = P->s;
	char *l;

	if (asprintf(&l, "%s%s%s", color(s, c), lead, color(s, COL_RESET)) < 0)
		abort();
	record_prose(s, recorded, text);
	record_mute(s, true);
	render_reflow_lead(s, s->out, l, text, width_of(P), indent_of(P));
	record_mute(s, false);
	free(l);
}

/* "SYM text", SYM in colour C. */
static void
mark(struct player *P, enum color c, const char *sym, const char *text)
{
	char *l;

	if (asprintf(&l, "%s ", sym) < 0)
		abort();
	lead_text(P, c, l, l, text);
	free(l);
}

/* "LEAD text", LEAD in colour C. */
static void
say_lead(struct player *P, enum color c, const char *lead, const char *text)
{
	lead_text(P, c, lead, lead, text);
}

static void
bullet(struct player *P, const char *text)
{
	lead_text(P, COL_RESET, "- ", "- ", text);
}

static void
note(struct player *P, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A line from the lesson engine itself (not the lesson's text). */
static void
note(struct player *P, const char *fmt, ...)
{
	va_list ap;
	char *t;

	va_start(ap, fmt);
	if (vasprintf(&t, fmt, ap) < 0)
		abort();
	va_end(ap);
	record_prose(P->s, "", t);
	record_mute(P->s, true);
	fputs(color(P->s, COL_DIM), P->s->out);
	render_reflow(P->s, P->s->out, t, width_of(P), indent_of(P));
	fputs(color(P->s, COL_RESET), P->s->out);
	record_mute(P->s, false);
	free(t);
}

static void
heading(struct player *P)
{
	struct session *s = P->s;
	const struct lstep *st = &P->l->steps[P->step];

	record_heading(s, st->title);
	record_mute(s, true);
	if (P->o.present && s->tty)
		fputs("\033[H\033[2J", s->out);
	if (P->o.present) {
		fprintf(s->out, "%s%s%s%*s%s step %zu of %zu%s\n\n", color(s, COL_BOLD), P->l->title,
			color(s, COL_RESET), 4, "", color(s, COL_DIM), P->step + 1, P->l->nsteps,
			color(s, COL_RESET));
		fprintf(s->out, "    %s%s%s\n\n", color(s, COL_BOLD), st->title, color(s, COL_RESET));
	} else {
		fprintf(s->out, "%s== %s%s %s(step %zu of %zu)%s\n\n", color(s, COL_BOLD), st->title,
			color(s, COL_RESET), color(s, COL_DIM), P->step + 1, P->l->nsteps, color(s, COL_RESET));
	}
	record_mute(s, false);
}

static void
show_task(struct player *P, const struct ltask *t)
{
	struct session *s = P->s;

	record_prose(s, "**your turn:** ", t->prompt);
	record_mute(s, true);
	fprintf(s->out, "%*s%syour turn%s\n", indent_of(P), "", color(s, COL_YELLOW), color(s, COL_RESET));
	render_reflow(s, s->out, t->prompt, width_of(P), indent_of(P));
	record_mute(s, false);
}

static void
show_success(struct player *P, const struct ltask *t)
{
	mark(P, COL_GREEN, "✓", t->success ? t->success : "done");
}

/* ---- reading answers ---- */

static char *
read_answer(struct player *P, const char *prompt)
{
	struct session *s = P->s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (isatty(STDIN_FILENO) && s->tty) {
		line = reader_line(prompt);
		if (line)
			record_answer(s, prompt, line);
		return line;
	}
	fputs(prompt, s->out);
	fflush(s->out);
	if ((n = getline(&line, &cap, stdin)) < 0) {
		free(line);
		fputc('\n', s->out);
		return NULL;
	}
	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	fprintf(s->out, "%s\n", line);	/* echoed, as a terminal would */
	record_answer(s, prompt, line);
	return line;
}

static char *
strip(char *t)
{
	size_t n;

	while (isspace((unsigned char)*t))
		t++;
	n = strlen(t);
	while (n && isspace((unsigned char)t[n - 1]))
		t[--n] = '\0';
	return t;
}

static void
show_right_answer(struct player *P, const struct lquiz *q)
{
	const char *a = q->answers.v[0].text;

	if (q->choices.n)
		note(P, "the answer is %s) %s", a, q->choices.v[a[0] - 'a'].text);
	else
		note(P, "the answer is '%s'", a);
}

static void
quiz(struct player *P, const struct lquiz *q)
{
	struct session *s = P->s;
	int ind = indent_of(P), wrong = 0;

	record_prose(s, "**quiz:** ", q->question);
	record_mute(s, true);
	fprintf(s->out, "%*s%squiz%s\n", ind, "", color(s, COL_YELLOW), color(s, COL_RESET));
	render_reflow(s, s->out, q->question, width_of(P), ind);
	for (size_t i = 0; i < q->choices.n; i++) {
		char lead[8];

		snprintf(lead, sizeof lead, "%c) ", (int)('a' + i));
		render_reflow_lead(s, s->out, lead, q->choices.v[i].text, width_of(P), ind + 2);
	}
	record_mute(s, false);
	for (size_t i = 0; i < q->choices.n; i++) {
		char lead[8];

		snprintf(lead, sizeof lead, "%c) ", (int)('a' + i));
		record_prose(s, lead, q->choices.v[i].text);
	}
	if (P->o.auto_play) {
		fprintf(s->out, "%sanswer>%s ", color(s, COL_GREEN), color(s, COL_RESET));
		type_out(P, q->answers.v[0].text);
		fputc('\n', s->out);
		mark(P, COL_GREEN, "✓", "right");
		say(P, q->explain);
		return;
	}
	for (;;) {
		char *line = read_answer(P, "answer> "), *a;

		if (!line) {
			show_right_answer(P, q);
			say(P, q->explain);
			return;
		}
		a = strip(line);
		if (!*a) {
			free(line);
			continue;
		}
		if (strcmp(a, "skip") == 0 || strcmp(a, "solution") == 0 || strcmp(a, "leave") == 0) {
			P->want_leave = a[0] == 'l';
			free(line);
			if (P->want_leave)
				return;
			show_right_answer(P, q);
			say(P, q->explain);
			return;
		}
		if (strcmp(a, "hint") == 0) {
			note(P, "a quiz has no hints: answer it, or type `skip` to see the answer");
			free(line);
			continue;
		}
		if (lesson_quiz_right(q, a)) {
			free(line);
			mark(P, COL_GREEN, "✓", "right");
			say(P, q->explain);
			return;
		}
		free(line);
		if (++wrong < 2) {
			note(P, "not quite: try once more (or `skip`)");
			continue;
		}
		show_right_answer(P, q);
		say(P, q->explain);
		return;
	}
}

static void
pause_here(struct player *P)
{
	char *line;

	if (P->o.auto_play) {
		if (timed(P))
			sleep_for(P->o.delay * 2);
		return;
	}
	line = read_answer(P, "(press Enter to go on) ");
	if (line && strcmp(strip(line), "leave") == 0)
		P->want_leave = true;
	free(line);
	fputc('\n', P->s->out);
}

/* ---- playing ---- */

static void finish(struct player *P);

static void
drop_snaps_after(struct player *P, size_t i)
{
	for (size_t j = i + 1; j < P->l->nsteps; j++) {
		snapshot_free(P->snaps[j]);
		P->snaps[j] = NULL;
	}
}

/* Run step I's demonstrations and sample solutions without a word. */
static void
quiet_step(struct player *P, size_t i)
{
	struct session *s = P->s;
	FILE *out = s->out, *errout = s->errout, *null = fopen("/dev/null", "w");
	const struct lstep *st = &P->l->steps[i];

	if (!null)
		return;
	s->out = s->errout = null;
	record_mute(s, true);
	for (size_t j = 0; j < st->nblocks; j++) {
		const struct lblock *b = &st->blocks[j];

		if (b->kind == LB_DEMO)
			run_lines(P, &b->demo, false);
		else if (b->kind == LB_TASK)
			run_lines(P, &b->task.solution, false);
	}
	record_mute(s, false);
	s->out = out;
	s->errout = errout;
	fclose(null);
}

/* Set the variables to what they were as step I began. */
static void
reach(struct player *P, size_t i)
{
	size_t k = i;

	while (!P->snaps[k])
		k--;	/* snaps[0] always exists */
	session_restore(P->s, P->snaps[k]);
	for (; k < i; k++) {
		quiet_step(P, k);
		P->snaps[k + 1] = session_snapshot(P->s);
	}
	P->failed = false;
}

static void
save(struct player *P)
{
	if (!P->o.auto_play)
		progress_set(P->l->id, (int)P->step + 1, (int)P->l->nsteps, false, P->s->errout);
}

static void
enter(struct player *P, size_t i)
{
	P->step = i;
	P->block = 0;
	P->waiting = false;
	P->hints = 0;
	P->tries = 0;
	save(P);
	heading(P);
}

/* Play the current step from P->block: up to a task (the student's turn),
 * or to its end. */
static void
play(struct player *P)
{
	const struct lstep *st = &P->l->steps[P->step];

	while (P->block < st->nblocks && !P->want_leave) {
		const struct lblock *b = &st->blocks[P->block];

		switch (b->kind) {
		case LB_TEXT:
			say(P, b->text);
			fputc('\n', P->s->out);
			break;
		case LB_BULLET:
			bullet(P, b->text);
			if (P->block + 1 == st->nblocks || st->blocks[P->block + 1].kind != LB_BULLET)
				fputc('\n', P->s->out);
			break;
		case LB_DEMO:
			run_lines(P, &b->demo, true);
			fputc('\n', P->s->out);
			if (P->failed && P->o.auto_play)
				return;
			break;
		case LB_TASK:
			show_task(P, &b->task);
			if (!P->o.auto_play) {
				P->waiting = true;
				P->hints = 0;
				P->tries = 0;
				return;	/* the student's turn, at the prompt */
			}
			if (run_lines(P, &b->task.solution, true) < 0)
				return;
			if (!task_done(P->s, &b->task, P->last, P->refused)) {
				session_report_at(P->s, P->l->path, b->task.solution.v[0].line, 0,
						  "the sample solution does not do the task");
				P->failed = true;
				return;
			}
			show_success(P, &b->task);
			fputc('\n', P->s->out);
			break;
		case LB_QUIZ:
			quiz(P, &b->quiz);
			fputc('\n', P->s->out);
			break;
		case LB_PAUSE:
			pause_here(P);
			break;
		}
		P->block++;
	}
	if (P->want_leave || P->block < st->nblocks)
		return;
	if (P->step + 1 == P->l->nsteps)
		finish(P);
	else if (!P->o.auto_play)
		note(P, "type `next` for step %zu of %zu", P->step + 2, P->l->nsteps);
	fflush(P->s->out);
}

/* Builtins named in the lesson's code, in order of appearance. */
static void
add_builtins(const struct lsrcs *code, const char **met, size_t *n, size_t max)
{
	for (size_t i = 0; i < code->n; i++) {
		const char *p = code->v[i].text;

		while (*p) {
			char name[64];
			size_t k = 0;
			const struct builtin *b;

			if (*p == '"') {	/* not inside text */
				for (p++; *p && *p != '"'; p++)
					if (*p == '\\' && p[1])
						p++;
				if (*p)
					p++;
				continue;
			}
			if (!isalpha((unsigned char)*p) && *p != '_') {
				p++;
				continue;
			}
			while ((isalnum((unsigned char)*p) || *p == '_' || *p == '.') && k < sizeof name - 1)
				name[k++] = *p++;
			while (k && name[k - 1] == '.')
				k--;
			name[k] = '\0';
			if (!(b = builtin_find(name)) || b->cmd)
				continue;
			bool seen = false;
			for (size_t j = 0; j < *n; j++)
				seen |= strcmp(met[j], b->name) == 0;
			if (!seen && *n < max)
				met[(*n)++] = b->name;
		}
	}
}

static void
finish(struct player *P)
{
	struct session *s = P->s;
	const char *met[64];
	size_t nmet = 0;
	char *list = NULL;
	size_t len = 0;
	FILE *m;

	P->finished = true;
	P->waiting = false;
	if (!P->o.auto_play)
		progress_set(P->l->id, (int)P->l->nsteps, (int)P->l->nsteps, true, s->errout);
	record_heading(s, "Recap");
	record_mute(s, true);
	fprintf(s->out, "%s== recap%s\n\n", color(s, COL_BOLD), color(s, COL_RESET));
	record_mute(s, false);
	for (size_t i = 0; i < P->l->nrecap; i++) {
		const struct lblock *b = &P->l->recap[i];

		if (b->kind == LB_BULLET) {
			bullet(P, b->text);
			if (i + 1 == P->l->nrecap || P->l->recap[i + 1].kind != LB_BULLET)
				fputc('\n', s->out);
		} else {
			say(P, b->text);
			fputc('\n', s->out);
		}
	}
	for (size_t i = 0; i < P->l->nsteps; i++)
		for (size_t j = 0; j < P->l->steps[i].nblocks; j++) {
			const struct lblock *b = &P->l->steps[i].blocks[j];

			if (b->kind == LB_DEMO)
				add_builtins(&b->demo, met, &nmet, 64);
			else if (b->kind == LB_TASK)
				add_builtins(&b->task.solution, met, &nmet, 64);
		}
	if (nmet) {
		m = open_memstream(&list, &len);
		fputs("builtins met in this lesson: ", m);
		for (size_t i = 0; i < nmet; i++)
			fprintf(m, "%s`%s`", i ? ", " : "", met[i]);
		fputs(" (`help NAME` tells more)", m);
		fclose(m);
		say(P, list);
		fputc('\n', s->out);
		free(list);
	}
	{
		char *t;

		if (asprintf(&t, "lesson '%s' done", P->l->id) < 0)
			abort();
		mark(P, COL_GREEN, "✓", t);
		free(t);
	}
	if (P->l->next) {
		struct lesson_entry *e;
		size_t n = lesson_find_all(&e, NULL);
		const char *title = NULL;

		for (size_t i = 0; i < n; i++)
			if (strcmp(e[i].id, P->l->next) == 0 && !e[i].shadowed)
				title = e[i].title;
		if (title)
			note(P, "next: `lesson %s` (%s)", P->l->next, title);
		else
			note(P, "next: `lesson %s`", P->l->next);
		lesson_entries_free(e, n);
	}
	fflush(s->out);
}

/* ---- the hook: after each statement the student types ---- */


static void
task_passed(struct player *P, const struct ltask *t)
{
	struct session *s = P->s;

	P->waiting = false;
	show_success(P, t);
	fputc('\n', s->out);
	P->block++;
	play(P);
	if (P->finished || P->want_leave)
		lesson_command(s, LC_LEAVE, "", NULL);	/* frees P */
	else
		fflush(s->out);
}

/* The statement did not finish the task: feedback for a known wrong
 * answer, and after two tries an offer of help. GOT is the value the
 * statement gave (NULL if none); REFUSED what it failed with, NULL when it
 * worked or the message is unknown; ASSIGN: it was an assignment. */
static void
task_missed(struct player *P, const struct ltask *t, struct value *got, bool failed, const char *refused,
	    bool assign)
{
	struct session *s = P->s;
	size_t i = t->nfeedback;

	P->tries++;
	if (got) {
		struct cl_error err;
		struct snapshot *before = session_snapshot(s);

		/* in a feedback condition `_` is what the student's statement gave,
		 * an assignment included; the variables are put back afterwards */
		session_set_last(s, value_ref(got));
		for (i = 0; i < t->nfeedback; i++)
			if (lesson_holds(s, t->feedback[i].when, &err) == 1) {
				mark(P, COL_YELLOW, "→", t->feedback[i].text);
				break;
			}
		session_restore(s, before);
		snapshot_free(before);
	}
	if (i == t->nfeedback && P->tries < 2) {
		if (t->expect_error.text && !failed && !assign)
			note(P, "not yet: that worked; the task wants it refused with '%s'", t->expect_error.text);
		else if (t->expect_error.text && refused)
			note(P, "not yet: that was refused with '%s'; the task wants '%s'", refused,
			     t->expect_error.text);
		else if (t->expect.text && !failed)
			note(P, "not yet: that is not the value the task asks for");
	}
	if (P->tries == 2)
		note(P, t->hints.n ? "stuck? `hint` gives a hint, `solution` shows an answer, `skip` does it for you"
			: "stuck? `solution` shows an answer, `skip` does it for you");
	fflush(s->out);
}

static void
after_stmt(struct session *s, const struct stmt *st, void *ctx)
{
	struct player *P = ctx;
	const struct ltask *t;

	if (P->busy) {
		/* a line of the lesson: keep its value for `expect:` */
		value_unref(P->last);
		P->last = st->err ? NULL : value_ref(st->value);
		return;
	}
	if (!P->waiting || P->finished || st->kind == STMT_COMMAND)
		return;
	t = &P->l->steps[P->step].blocks[P->block].task;
	if (st->err) {
		/* its error is on the screen already: the reaction comes after it */
		if (t->expect_error.text && task_done(s, t, NULL, st->err->msg))
			task_passed(P, t);
		else
			task_missed(P, t, NULL, true, st->err->msg, false);
		return;
	}
	if (task_done(s, t, st->value, NULL))
		task_passed(P, t);
	else
		task_missed(P, t, st->value, false, NULL, st->kind == STMT_ASSIGN);
}

/* ---- starting and stopping ---- */

static void
player_free(struct player *P)
{
	if (!P)
		return;
	for (size_t i = 0; P->snaps && i < P->l->nsteps; i++)
		snapshot_free(P->snaps[i]);
	free(P->snaps);
	value_unref(P->last);
	lesson_free(P->l);
	free(P);
}

static void
stop(struct session *s)
{
	struct player *P = player_of(s);

	if (!P)
		return;
	s->lesson = NULL;
	s->after_stmt = NULL;
	s->after_ctx = NULL;
	player_free(P);
}

void
lesson_end(struct session *s)
{
	stop(s);
	record_close(s);
}

const char *
lesson_prompt(struct session *s)
{
	struct player *P = player_of(s);

	if (!P)
		return NULL;
	snprintf(P->prompt, sizeof P->prompt, "%.60s %zu/%zu", P->l->id, P->step + 1, P->l->nsteps);
	return P->prompt;
}

void
lesson_print_error(struct session *s, const char *path, int line, const struct cl_error *err)
{
	session_report_at(s, path, line, 0, err->msg);
}

static void
intro(struct player *P, bool fresh)
{
	struct session *s = P->s;
	const struct lesson *l = P->l;

	if (P->o.present && s->tty)
		fputs("\033[H\033[2J", s->out);
	record_title(s, l->title);
	record_mute(s, true);
	fprintf(s->out, "%s%s%s\n", color(s, COL_BOLD), l->title, color(s, COL_RESET));
	record_mute(s, false);
	note(P, "lesson '%s', %zu step%s, about %d minute%s: %s", l->id, l->nsteps, l->nsteps == 1 ? "" : "s",
	     l->minutes, l->minutes == 1 ? "" : "s", l->summary);
	for (size_t i = 0; i < l->nrequires; i++) {
		struct progress pr = progress_get(l->requires[i], NULL);

		if (!pr.done && !P->o.auto_play)
			note(P, "this lesson builds on '%s', not done yet: `lesson %s`", l->requires[i],
			     l->requires[i]);
	}
	fputc('\n', s->out);
	if (fresh) {
		for (size_t i = 0; i < l->nintro; i++) {
			if (l->intro[i].kind == LB_BULLET)
				bullet(P, l->intro[i].text);
			else
				say(P, l->intro[i].text);
			if (l->intro[i].kind != LB_BULLET || i + 1 == l->nintro
			    || l->intro[i + 1].kind != LB_BULLET)
				fputc('\n', s->out);
		}
	}
	if (!P->o.auto_play) {
		note(P, "while the lesson runs the whole shell is yours; lesson commands: `next`, `back`, "
		     "`hint`, `solution`, `skip`, `where`, `leave` (`help lesson` tells more)");
		fputc('\n', s->out);
	}
}

static int
play_auto(struct player *P)
{
	for (;;) {
		play(P);
		if (P->failed)
			return 1;
		if (P->finished)
			return 0;
		enter(P, P->step + 1);
		P->snaps[P->step] = session_snapshot(P->s);
	}
}

int
lesson_start(struct session *s, const char *id, const struct lesson_opts *o, struct cl_error *err)
{
	struct player *P;
	struct lesson *l = NULL;
	struct progress pr = { 0 };
	char *path = NULL;
	int line = 0, rc;
	size_t at = 0;

	if (lesson_resolve(id, &path, s->errout, err) < 0)
		return -1;
	if (lesson_load(&l, path, &line, err) < 0) {
		/* a broken lesson is refused whole, with where it is broken */
		lesson_print_error(s, path, line, err);
		free(path);
		return cl_fail(err, GPG_ERR_INV_DATA, "the lesson '%s' has an error, so it cannot be played", id);
	}
	free(path);
	if (player_of(s) && strcmp(player_of(s)->l->id, l->id) == 0) {
		lesson_free(l);
		note(player_of(s), "you are in this lesson: `again` replays the step, `restart` starts over, "
		     "`where` says where you are");
		return 0;
	}
	stop(s);
	if (!(P = calloc(1, sizeof *P)) || !(P->snaps = calloc(l->nsteps, sizeof *P->snaps)))
		abort();
	P->s = s;
	P->l = l;
	P->o = *o;
	if (!o->auto_play) {
		pr = progress_get(l->id, s->errout);
		if (pr.step > 0 && !pr.done && (size_t)pr.step <= l->nsteps && pr.nsteps == (int)l->nsteps)
			at = (size_t)pr.step - 1;
	}
	P->snaps[0] = session_snapshot(s);
	intro(P, at == 0);
	if (at > 0) {
		reach(P, at);
		note(P, "welcome back: going on at step %zu of %zu (the earlier steps ran again quietly, "
		     "so their variables are set; `restart` starts over)", at + 1, l->nsteps);
		fputc('\n', s->out);
	} else if (pr.done) {
		note(P, "you did this lesson before; here it is again from the start");
		fputc('\n', s->out);
	}
	s->lesson = P;
	s->after_stmt = after_stmt;	/* --auto too: it keeps the values for `expect:` */
	s->after_ctx = P;
	enter(P, at);
	if (o->auto_play) {
		rc = play_auto(P);
		stop(s);
		fflush(s->out);
		return rc;
	}
	play(P);
	if (P->finished || P->want_leave)
		lesson_command(s, LC_LEAVE, "", NULL);
	return 0;
}

/* ---- lessons and the commands ---- */

static int
list_lessons(struct session *s)
{
	struct lesson_entry *e;
	size_t n = lesson_find_all(&e, s->errout);
	int wid = 2, wtitle = 5;

	if (!n) {
		fprintf(s->out, "no lessons found (looked in '%s')\n", lesson_builtin_dir());
		lesson_entries_free(e, n);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if ((int)strlen(e[i].id) > wid)
			wid = (int)strlen(e[i].id);
		if ((int)strlen(e[i].title) > wtitle)
			wtitle = (int)strlen(e[i].title);
	}
	if (wtitle > 44)
		wtitle = 44;
	for (size_t i = 0; i < n; i++) {
		struct progress pr = progress_get(e[i].id, s->errout);
		char status[64];

		if (e[i].shadowed)
			snprintf(status, sizeof status, "not used: same id as a built-in");
		else if (pr.done)
			snprintf(status, sizeof status, "done");
		else if (pr.step > 0)
			snprintf(status, sizeof status, "step %d of %d", pr.step, e[i].nsteps);
		else
			snprintf(status, sizeof status, "new");
		fprintf(s->out, "  %s%-*s%s  %-*.*s  %3d min  %s%s%s%s\n", color(s, COL_CYAN), wid, e[i].id,
			color(s, COL_RESET), wtitle, wtitle, e[i].title, e[i].minutes,
			pr.done ? color(s, COL_GREEN) : "", status, color(s, COL_RESET),
			e[i].user ? "  (yours)" : "");
	}
	fprintf(s->out, "`lesson ID` starts a lesson or goes on where you left it\n");
	lesson_entries_free(e, n);
	return 0;
}

static int
jump(struct player *P, size_t i)
{
	reach(P, i);
	drop_snaps_after(P, i);
	enter(P, i);
	play(P);
	return 0;
}

int
lesson_command(struct session *s, enum lesson_cmd c, const char *arg, struct cl_error *err)
{
	struct player *P = player_of(s);
	const struct ltask *t = NULL;
	int rc = 0;

	if (c == LC_LESSONS)
		return list_lessons(s);
	if (c == LC_LESSON) {
		struct lesson_opts o = { 0 };

		if (!*arg) {
			if (P)
				return lesson_command(s, LC_WHERE, "", err);
			return cl_fail(err, GPG_ERR_INV_ARG, "which lesson? `lessons` lists them; try "
				       "`lesson welcome`");
		}
		return lesson_start(s, arg, &o, err);
	}
	if (!P)
		return cl_fail(err, GPG_ERR_INV_STATE, "no lesson is running: `lessons` lists them, "
			       "`lesson ID` starts one");
	if (P->waiting)
		t = &P->l->steps[P->step].blocks[P->block].task;

	switch (c) {
	case LC_NEXT:
		if (t) {
			note(P, "this step's task is not done yet: do it, or `skip` it (`hint` helps)");
			break;
		}
		if (P->step + 1 >= P->l->nsteps) {
			note(P, "this is the last step");
			break;
		}
		snapshot_free(P->snaps[P->step + 1]);
		P->snaps[P->step + 1] = session_snapshot(s);
		drop_snaps_after(P, P->step + 1);
		enter(P, P->step + 1);
		play(P);
		break;
	case LC_BACK:
		if (P->step == 0) {
			note(P, "this is the first step: `again` replays it");
			break;
		}
		rc = jump(P, P->step - 1);
		break;
	case LC_GOTO: {
		char *end;
		long n = strtol(arg, &end, 10);

		if (!*arg || *end || n < 1 || n > (long)P->l->nsteps)
			return cl_fail(err, GPG_ERR_INV_ARG, "`goto` wants a step number from 1 to %zu, not '%s'",
				       P->l->nsteps, arg);
		rc = jump(P, (size_t)n - 1);
		break;
	}
	case LC_AGAIN:
		rc = jump(P, P->step);
		break;
	case LC_RESTART:
		rc = jump(P, 0);
		break;
	case LC_HINT:
		if (!t)
			note(P, "there is no task waiting, so no hint to give");
		else if (P->hints >= t->hints.n)
			note(P, t->hints.n ? "no more hints: `solution` shows an answer, `skip` does the task for you"
			     : "this task has no hints: `solution` shows an answer, `skip` does it for you");
		else {
			char lead[64];

			snprintf(lead, sizeof lead, "hint %zu of %zu: ", P->hints + 1, t->hints.n);
			say_lead(P, COL_YELLOW, lead, t->hints.v[P->hints].text);
			P->hints++;
		}
		break;
	case LC_SOLUTION:
		if (!t) {
			note(P, "there is no task waiting");
			break;
		}
		note(P, "a solution (type it, or `skip` to have it run):");
		for (size_t i = 0; i < t->solution.n; i++)
			fprintf(s->out, "%*s%s\n", indent_of(P) + 2, "", t->solution.v[i].text);
		break;
	case LC_SKIP: {
		struct snapshot *before;
		const char **changed;

		if (!t) {
			if (P->step + 1 >= P->l->nsteps) {
				note(P, "nothing to skip: this is the last step");
				break;
			}
			return lesson_command(s, LC_NEXT, "", err);
		}
		before = session_snapshot(s);
		note(P, "skipped: the sample solution runs");
		if (run_lines(P, &t->solution, true) < 0)
			note(P, "the sample solution failed; please tell the lesson's author");
		changed = session_changed(s, before);
		if (changed && changed[0]) {
			char *names = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&names, &len);
			size_t k = 0;

			for (size_t i = 0; changed[i]; i++)
				if (strcmp(changed[i], "_") != 0)
					fprintf(m, "%s`%s`", k++ ? ", " : "", changed[i]);
			fclose(m);
			if (k)
				note(P, "it set %s", names);
			free(names);
		}
		free(changed);
		snapshot_free(before);
		fputc('\n', s->out);
		P->waiting = false;
		P->block++;
		play(P);
		break;
	}
	case LC_WHERE:
		note(P, "lesson '%s' (%s), step %zu of %zu: %s", P->l->id, P->l->title, P->step + 1,
		     P->l->nsteps, P->l->steps[P->step].title);
		if (t)
			note(P, "waiting for your turn: %s", t->prompt);
		break;
	case LC_LEAVE:
		if (!P->finished) {
			save(P);
			note(P, "left '%s' at step %zu of %zu: `lesson %s` goes on from there", P->l->id,
			     P->step + 1, P->l->nsteps, P->l->id);
		}
		stop(s);
		fflush(s->out);
		return 0;
	default:
		break;
	}
	if ((P = player_of(s)) && (P->finished || P->want_leave))
		return lesson_command(s, LC_LEAVE, "", err);
	fflush(s->out);
	return rc;
}
