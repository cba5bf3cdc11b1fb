/* The lesson player. A lesson plays step by step in the student's own
 * session: demonstrations run through session_exec like typed lines, and at a
 * task the player gives the prompt back and checks the task after each
 * statement (the session's after_stmt hook). Quizzes and pauses ask through
 * the prompt loop (reader_ask): the next line typed is the answer, and the
 * player goes on from there. Each step's start is a snapshot (variables, a
 * pinned clock, the seeded generator), so `back` really rewinds; a step never
 * visited in this run is reached by running the earlier steps' lines and
 * sample solutions quietly (that is also how a lesson resumes in a new shell).
 *
 * A line of the lesson may be meant to fail ("! MESSAGE" after it): its
 * error is then part of the lesson, shown on the output as the prompt shows
 * an error. A task may want the student's statement to fail (`expect-error:`):
 * the session shows the error, then the hook hears of it, so the lesson's
 * reaction comes after the error on the screen. */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libcore/file.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/lex.h"
#include "repl/lesson/find.h"
#include "repl/lesson/play.h"
#include "repl/lesson/progress.h"
#include "repl/reader.h"
#include "repl/record.h"
#include "repl/session.h"
#include "repl/xdg.h"

static void after_stmt(struct session *s, const struct stmt *st, void *ctx);

struct player *
player_of(struct session *s)
{
	return s->after_stmt == after_stmt ? s->after_ctx : NULL;
}

/* ---- running the lesson's own lines ---- */

int
lesson_outcome(const struct lsrc *src, int rc, const struct cl_error *err, struct cl_error *why)
{
	char q[256];

	if (!src->fails)
		return rc < 0 ? cl_fail(why, err->code, "'%s' fails: %s", lesson_quote(src->text, q), err->msg) : 0;
	if (rc == 0)
		return cl_fail(why, GPG_ERR_INV_DATA, "'%s' should fail with '%s', but it works",
			       lesson_quote(src->text, q), src->fails);
	if (strcmp(err->msg, src->fails) != 0)
		return cl_fail(why, GPG_ERR_INV_DATA, "'%s' should fail with '%s', but it fails with '%s'",
			       lesson_quote(src->text, q), src->fails, err->msg);
	return 0;
}

/* A line not run again in a quiet replay (it opens a server): said after. */
static void
note_skipped(struct player *P, const char *text)
{
	P->skipped = xreallocarray(P->skipped, P->nskipped + 1, sizeof *P->skipped);
	P->skipped[P->nskipped++] = xstrdup(text);
}

/* Run one line of the lesson. SHOW prints it as typed at the prompt first.
 * A line meant to fail, and failing so, counts as done; its error is part of
 * the lesson, so it is shown on the output in the prompt's form. */
static int
run_line(struct player *P, const struct lsrc *src, bool show)
{
	struct session *s = P->s;
	struct srcpos at = { .file = P->l->path, .line = src->line };
	struct cl_error err = { 0 }, why;
	int saved_caret = s->caret_offset, rc;
	unsigned saved_refuse = s->refuse;
	struct streams saved = { s->out, s->errout };
	bool interactive = s->interactive;

	if (show)
		show_typed(P, ">", src->text);
	if (src->fails)
		record_refused(s, src->text, src->fails);
	else
		record_code(s, src->text);
	s->caret_offset = show ? 2 : -1;
	value_unref(P->last);
	P->last = NULL;
	P->refused = NULL;
	P->busy++;
	/* a lesson's own lines cannot steer the lesson or the student's shell,
	 * and write files only into the lesson's working directory */
	s->refuse |= B_STEERS_LESSON | B_STUDENT_ONLY;
	s->refused_by = "a lesson's own lines";
	s->confined = true;
	if (src->fails) {	/* its error is part of the lesson: on the output, as the prompt shows it */
		saved = session_redirect(s, s->out, s->out);
		s->interactive = true;
	}
	rc = session_exec(s, src->text, strlen(src->text), &at, &err);
	session_unredirect(s, saved);
	s->interactive = interactive;
	s->refuse = saved_refuse;
	s->refused_by = NULL;
	s->confined = false;
	if (rc < 0 && err.code == GPG_ERR_NOT_OPERATIONAL && (saved_refuse & B_LISTENS)) {
		note_skipped(P, src->text);	/* a quiet replay leaves servers alone */
		rc = 0;
	} else if (lesson_outcome(src, rc, &err, &why) == 0 && rc < 0) {
		P->refused = src->fails;
		rc = 0;
	} else if (rc < 0 || src->fails) {
		P->failed = true;
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

/* EXPR evaluated without a word: a check or a feedback condition is the
 * lesson's business, and a builtin it calls (rsa.oaep_decrypt explaining its
 * openssl line in a lesson, a table of steps) must not print under the
 * student's line. */
static int
silent_eval(struct session *s, const char *expr, struct value **out, struct cl_error *err)
{
	FILE *null = fopen("/dev/null", "w");
	struct streams saved;
	int rc;

	if (!null)
		return session_eval(s, expr, out, err);
	saved = session_redirect(s, null, null);
	record_mute(s, true);
	rc = session_eval(s, expr, out, err);
	record_mute(s, false);
	session_unredirect(s, saved);
	fclose(null);
	return rc;
}

int
lesson_holds(struct session *s, const char *expr, struct cl_error *err)
{
	struct value *v = NULL;
	int r;

	if (silent_eval(s, expr, &v, err) < 0)
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

		if (!got || silent_eval(s, t->expect.text, &want, &err) < 0)
			return false;
		same = value_equal(got, want);
		value_unref(want);
		return same;
	}
	return true;
}

/* ---- moving between steps ---- */

static void
drop_snaps_after(struct player *P, size_t i)
{
	for (size_t j = i + 1; j < P->l->nsteps; j++) {
		snapshot_free(P->snaps[j]);
		P->snaps[j] = NULL;
	}
}

/* Run the first UPTO blocks of step I (its demonstrations and sample
 * solutions) without a word. Servers are not started again: the lines that
 * would are noted and said after. */
static void
quiet_blocks(struct player *P, size_t i, size_t upto)
{
	struct session *s = P->s;
	FILE *null = fopen("/dev/null", "w");
	const struct lstep *st = &P->l->steps[i];
	unsigned refuse = s->refuse;
	struct streams saved;

	if (!null)
		return;
	saved = session_redirect(s, null, null);
	s->refuse |= B_LISTENS;
	record_mute(s, true);
	for (size_t j = 0; j < st->nblocks && j < upto; j++) {
		const struct lblock *b = &st->blocks[j];

		if (b->kind == LB_DEMO)
			run_lines(P, &b->demo, false);
		else if (b->kind == LB_TASK)
			run_lines(P, &b->task.solution, false);
	}
	record_mute(s, false);
	s->refuse = refuse;
	session_unredirect(s, saved);
	fclose(null);
}

static void
say_skipped(struct player *P)
{
	for (size_t i = 0; i < P->nskipped; i++) {
		show_chrome(P, "not run again: `%s` (it opens a server or a connection; type it if you need it)",
			  P->skipped[i]);
		free(P->skipped[i]);
	}
	P->nskipped = 0;
}

/* Everything as step I began. */
static void
reach(struct player *P, size_t i)
{
	size_t k = i;

	while (!P->snaps[k])
		k--;	/* snaps[0] always exists */
	session_restore(P->s, P->snaps[k]);
	for (; k < i; k++) {
		quiet_blocks(P, k, P->l->steps[k].nblocks);
		P->snaps[k + 1] = session_snapshot(P->s);
	}
	P->failed = false;
	say_skipped(P);
}

/* Where the student is, kept for the next session: the step and the block
 * (a task or a quiz inside it). A teacher's --auto or --present run never
 * touches the teacher's own progress. */
void
player_save(struct player *P)
{
	if (P->o.auto_play || P->o.present)
		return;
	progress_set(P->l->id, (struct progress){ .step = (int)P->step + 1, .nsteps = (int)P->l->nsteps,
						  .block = (int)P->block }, P->s->errout);
}

static void
enter(struct player *P, size_t i)
{
	P->step = i;
	P->block = 0;
	P->waiting = false;
	P->asking = P->quiz_left = false;
	P->hints = 0;
	P->tries = 0;
	reader_cancel_ask(P);
	player_save(P);
	show_heading(P);
}

static void
finish(struct player *P)
{
	P->finished = true;
	P->waiting = false;
	if (!P->o.auto_play && !P->o.present)
		progress_set(P->l->id, (struct progress){ .step = (int)P->l->nsteps, .nsteps = (int)P->l->nsteps,
							  .done = true, .at_end = true }, P->s->errout);
	show_recap(P);
}

/* ---- quizzes and pauses: the next line typed answers ---- */

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

static const struct lquiz *
quiz_of(const struct player *P)
{
	return &P->l->steps[P->step].blocks[P->block].quiz;
}

/* The block answered: on with the lesson. */
static void
answered(struct player *P)
{
	P->asking = P->quiz_left = false;
	P->tries = 0;
	P->block++;
	player_play(P);
	if (player_of(P->s) == P && (P->finished || P->want_leave))
		player_leave(P->s);
}

void
player_quiz_reveal(struct player *P)
{
	const struct lquiz *q = quiz_of(P);

	show_right_answer(P, q);
	show_say(P, q->explain);
	show_blank(P);
	answered(P);
}

static void on_quiz_answer(struct session *s, const char *line, void *ctx);

void
player_quiz_ask(struct player *P)
{
	P->asking = true;
	P->quiz_left = false;
	reader_ask("answer> ", on_quiz_answer, P);
}

/* The answer is the words of one of the choices (or its letter)? */
static int
which_choice(const struct lquiz *q, const char *a)
{
	for (size_t i = 0; i < q->choices.n; i++) {
		char letter[2] = { (char)('a' + i), '\0' };

		if (lesson_answer_matches(a, letter) || lesson_answer_matches(a, q->choices.v[i].text))
			return (int)i;
	}
	return -1;
}

/* A lesson command typed at `answer>`: it does what it does at the prompt.
 * Those that move the lesson take it away from the quiz; the others (help,
 * where, hint, vars...) leave it waiting, and it is asked again. */
static void
quiz_command(struct player *P, const struct builtin *b, const char *line)
{
	struct session *s = P->s;
	size_t step = P->step, block = P->block;
	struct srcpos at = { .file = "<input>", .line = 1 };
	struct cl_error err;

	if (strcmp(b->name, "skip") == 0 || strcmp(b->name, "solution") == 0) {
		player_quiz_reveal(P);
		return;
	}
	if (strcmp(b->name, "next") == 0) {
		show_note(P, "the quiz waits for its answer: give it, or `skip` to see it");
		player_quiz_ask(P);
		return;
	}
	if (strcmp(b->name, "hint") == 0) {
		show_note(P, "a quiz has no hints: to work it out at the prompt, press Ctrl-C (the quiz waits; "
			  "`quiz` asks it again), or type `skip` to see the answer");
		player_quiz_ask(P);
		return;
	}
	if (strcmp(b->name, "quiz") == 0) {
		player_quiz_ask(P);
		return;
	}
	/* the others run as at the prompt */
	P->quiz_left = true;
	record_input(s, line);
	session_exec(s, line, strlen(line), &at, &err);
	if (player_of(s) == P && P->step == step && P->block == block && P->quiz_left && !s->quit)
		player_quiz_ask(P);
}

static void
on_quiz_answer(struct session *s, const char *line, void *ctx)
{
	struct player *P = ctx;
	const struct lquiz *q = quiz_of(P);
	char *copy, *a, word[32];
	const struct builtin *b;
	int choice;

	/* Ctrl-C, the end of the input, or a bare Enter answer nothing: not in
	 * the handout */
	if (line && line[strspn(line, " \t")])
		record_answer(s, "answer> ", line);
	if (!line) {
		/* Ctrl-C or Ctrl-D: the prompt is the student's, the quiz waits */
		P->asking = false;
		P->quiz_left = true;
		show_note(P, "the quiz waits: work it out at the prompt, then type `quiz` to answer it "
			  "(`skip` shows the answer)");
		return;
	}
	copy = xstrdup(line);
	a = strip(copy);
	snprintf(word, sizeof word, "%.*s", (int)strcspn(a, " \t"), a);
	choice = q->choices.n ? which_choice(q, a) : -1;
	if (!*a) {
		player_quiz_ask(P);
	} else if (lesson_quiz_right(q, a)) {
		show_mark(P, COL_GREEN, "✓", "right");
		show_say(P, q->explain);
		show_blank(P);
		free(copy);
		answered(P);
		return;
	} else if (choice < 0 && (b = builtin_find(word)) && b->cmd) {
		quiz_command(P, b, a);
	} else if (q->choices.n && choice < 0) {
		/* none of the choices: not a wrong answer, no try lost */
		show_note(P, "answer with a letter from a to %c, or the words of a choice%s", (char)('a' + q->choices.n - 1),
			  strpbrk(a, "()=^*+/") ? " (to work something out at the prompt first, press Ctrl-C: "
						  "the quiz waits, and `quiz` asks it again)" : "");
		player_quiz_ask(P);
	} else if (!q->choices.n && strpbrk(a, "()=^*+/")) {
		/* a statement is not an answer: no try lost */
		show_note(P, "that looks like a statement: to work it out at the prompt press Ctrl-C "
			  "(the quiz waits; `quiz` asks it again)");
		player_quiz_ask(P);
	} else if (++P->tries < 2) {
		if (choice >= 0 && q->why[choice])
			show_mark(P, COL_YELLOW, "→", q->why[choice]);
		show_note(P, "not quite: try once more (or `skip`)");
		player_quiz_ask(P);
	} else {
		if (choice >= 0 && q->why[choice])
			show_mark(P, COL_YELLOW, "→", q->why[choice]);
		free(copy);
		player_quiz_reveal(P);
		return;
	}
	free(copy);
}

/* A quiz: under --auto its answer is typed; at a terminal, or in a script,
 * the next line answers it. */
static bool
quiz(struct player *P, const struct lquiz *q)
{
	show_quiz(P, q);
	if (P->o.auto_play) {
		show_typed(P, "answer>", q->answers.v[0].text);
		show_mark(P, COL_GREEN, "✓", "right");
		show_say(P, q->explain);
		show_blank(P);
		return true;
	}
	P->tries = 0;
	player_save(P);
	player_quiz_ask(P);
	return false;
}

static void
on_pause(struct session *s, const char *line, void *ctx)
{
	struct player *P = ctx;
	char *copy = xstrdup(line ? line : "");

	if (strcmp(strip(copy), "leave") == 0) {
		free(copy);
		P->asking = false;
		player_leave(s);
		return;
	}
	free(copy);
	show_blank(P);
	answered(P);
}

/* A pause: Enter goes on at a terminal; unattended, or in a script, it only
 * waits a moment (a script's next line is a statement, not an Enter). */
static bool
pause_here(struct player *P)
{
	if (!reader_active() || P->o.auto_play)
		return true;
	P->asking = true;
	player_save(P);
	reader_ask("(press Enter to go on) ", on_pause, P);
	return false;
}

/* ---- playing ---- */

static void play_blocks(struct player *P);

void
player_play(struct player *P)
{
	show_pages(P, true);
	play_blocks(P);
	if (player_of(P->s) == P)
		show_pages(P, false);
}

static void
play_blocks(struct player *P)
{
	const struct lstep *st = &P->l->steps[P->step];

	while (P->block < st->nblocks && !P->want_leave) {
		const struct lblock *b = &st->blocks[P->block];

		switch (b->kind) {
		case LB_TEXT:
			show_say(P, b->text);
			show_blank(P);
			break;
		case LB_BULLET:
			show_bullet(P, b->text);
			if (P->block + 1 == st->nblocks || st->blocks[P->block + 1].kind != LB_BULLET)
				show_blank(P);
			break;
		case LB_DEMO:
			run_lines(P, &b->demo, true);
			show_blank(P);
			if (P->failed && P->o.auto_play)
				return;
			break;
		case LB_TASK:
			show_task(P, &b->task);
			if (!P->o.auto_play) {
				P->waiting = true;
				P->hints = 0;
				P->tries = 0;
				player_save(P);
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
			show_blank(P);
			break;
		case LB_QUIZ:
			if (!quiz(P, &b->quiz))
				return;	/* the next line typed answers it */
			break;
		case LB_PAUSE:
			if (!pause_here(P))
				return;
			break;
		}
		P->block++;
	}
	if (P->want_leave || P->block < st->nblocks)
		return;
	if (P->step + 1 == P->l->nsteps)
		finish(P);
	else if (!P->o.auto_play)
		show_chrome(P, "type `next` for step %zu of %zu", P->step + 2, P->l->nsteps);
	fflush(P->s->out);
}

void
player_next(struct player *P)
{
	snapshot_free(P->snaps[P->step + 1]);
	P->snaps[P->step + 1] = session_snapshot(P->s);
	drop_snaps_after(P, P->step + 1);
	enter(P, P->step + 1);
	player_play(P);
}

void
player_jump(struct player *P, size_t i)
{
	reader_cancel_ask(P);
	reach(P, i);
	drop_snaps_after(P, i);
	enter(P, i);
	player_play(P);
}

int
player_skip(struct player *P)
{
	const struct ltask *t = &P->l->steps[P->step].blocks[P->block].task;
	struct snapshot *before = session_snapshot(P->s);
	const char **changed;

	show_note(P, "skipped: the sample solution runs");
	if (run_lines(P, &t->solution, true) < 0)
		show_note(P, "the sample solution failed; please tell the lesson's author");
	changed = session_changed(P->s, before);
	if (changed && changed[0]) {
		char *names = NULL;
		size_t len = 0, k = 0;
		FILE *m = open_memstream(&names, &len);

		if (!m)
			xalloc_die();
		for (size_t i = 0; changed[i]; i++)
			if (strcmp(changed[i], "_") != 0)
				fprintf(m, "%s`%s`", k++ ? ", " : "", changed[i]);
		fclose(m);
		if (k)
			show_note(P, "it set %s", names);
		free(names);
	}
	free(changed);
	snapshot_free(before);
	show_success(P, t);	/* its words teach too */
	show_blank(P);
	P->waiting = false;
	P->block++;
	player_play(P);
	return 0;
}

/* ---- the hook: after each statement the student types ---- */

static void
task_passed(struct player *P, const struct ltask *t)
{
	P->waiting = false;
	show_success(P, t);
	show_blank(P);
	P->block++;
	player_play(P);
	if (P->finished || P->want_leave)
		player_leave(P->s);
	else
		fflush(P->s->out);
}

char **
lesson_expr_names(const char *expr)
{
	struct lexer lx;
	struct token t;
	struct cl_error err;
	enum tok prev = TK_END;
	char **names = xcalloc(1, sizeof *names);
	size_t n = 0;

	lex_init(&lx, expr, strlen(expr));
	while (lex_next(&lx, &t, &err) == 0 && t.kind != TK_EOF) {
		bool seen = false;

		if (t.kind == TK_NAME && prev != TK_DOT && !builtin_ns_find(t.text)
		    && !(builtin_find(t.text) && builtin_find(t.text)->fn)) {
			for (size_t i = 0; i < n; i++)
				seen |= strcmp(names[i], t.text) == 0;
			if (!seen) {
				names = xreallocarray(names, n + 2, sizeof *names);
				names[n++] = xstrdup(t.text);
				names[n] = NULL;
			}
		}
		prev = t.kind;
		token_free(&t);
	}
	return names;
}

void
lesson_names_free(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* A feedback speaks of what the student just typed: it is tried when its
 * condition names `_` (the value just given), or names the variable the
 * statement just assigned; never because of a variable left from before. */
static bool
feedback_applies(const struct lfeedback *f, const char *assigned)
{
	char **names = lesson_expr_names(f->when);
	bool applies = false;

	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], "_") == 0 || (assigned && strcmp(names[i], assigned) == 0))
			applies = true;
	lesson_names_free(names);
	return applies;
}

/* The statement did not finish the task: feedback for a known wrong
 * answer, and after two tries an offer of help. GOT is the value the
 * statement gave (NULL if none); REFUSED what it failed with, NULL when it
 * worked or the message is unknown; ASSIGNED the name it assigned, or NULL. */
static void
task_missed(struct player *P, const struct ltask *t, struct value *got, bool failed, const char *refused,
	    const char *assigned)
{
	struct session *s = P->s;
	size_t i = t->nfeedback;
	bool assign = assigned != NULL;

	P->tries++;
	if (got) {
		struct cl_error err;
		struct snapshot *before = session_snapshot(s);

		/* in a feedback condition `_` is what the student's statement gave,
		 * an assignment included; everything is put back afterwards */
		session_set_last(s, value_ref(got));
		for (i = 0; i < t->nfeedback; i++)
			if (feedback_applies(&t->feedback[i], assigned)
			    && lesson_holds(s, t->feedback[i].when, &err) == 1) {
				show_mark(P, COL_YELLOW, "→", t->feedback[i].text);
				break;
			}
		session_restore(s, before);
		snapshot_free(before);
	}
	if (i == t->nfeedback && P->tries < 2) {
		if (t->expect_error.text && !failed && !assign)
			show_note(P, "not yet: that worked; the task wants it refused with '%s'", t->expect_error.text);
		else if (t->expect_error.text && refused)
			show_note(P, "not yet: that was refused with '%s'; the task wants '%s'", refused,
				  t->expect_error.text);
		else if (t->expect.text && !failed)
			show_note(P, "not yet: that is not the value the task asks for");
	}
	if (P->tries == 2)
		show_note(P, t->hints.n ? "stuck? `hint` gives a hint, `solution` shows an answer, `skip` does it "
			  "for you" : "stuck? `solution` shows an answer, `skip` does it for you");
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
			task_missed(P, t, NULL, true, st->err->msg, NULL);
		return;
	}
	if (task_done(s, t, st->value, NULL))
		task_passed(P, t);
	else
		task_missed(P, t, st->value, false, NULL, st->kind == STMT_ASSIGN ? st->name : NULL);
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
	for (size_t i = 0; i < P->nskipped; i++)
		free(P->skipped[i]);
	free(P->skipped);
	value_unref(P->last);
	lesson_free(P->l);
	free(P->workdir);
	free(P->olddir);
	free(P);
}

void
player_stop(struct session *s)
{
	struct player *P = player_of(s);

	if (!P)
		return;
	show_pages(P, false);
	reader_cancel_ask(P);
	/* servers and connections started during the lesson stop with it */
	if (P->snaps && P->snaps[0])
		snapshot_close_live(P->snaps[0], s);
	s->after_stmt = NULL;
	s->after_ctx = NULL;
	s->explain = false;
	/* back to the shell's own directory */
	if (P->olddir && chdir(P->olddir) < 0)
		fprintf(s->errout, "cryptolab: cannot go back to '%s': %s\n", P->olddir, strerror(errno));
	player_free(P);
}

void
player_leave(struct session *s)
{
	struct player *P = player_of(s);

	if (!P)
		return;
	if (!P->finished) {
		player_save(P);
		show_note(P, "left '%s' at step %zu of %zu: `lesson %s` goes on from there", P->l->id,
			  P->step + 1, P->l->nsteps, P->l->id);
	}
	player_stop(s);
	fflush(s->out);
}

void
lesson_end(struct session *s)
{
	player_stop(s);
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

/* Does the lesson's code call a builtin that writes files? */
static bool
writes_files(const struct lesson *l)
{
	for (size_t i = 0; i < l->nsteps; i++)
		for (size_t j = 0; j < l->steps[i].nblocks; j++) {
			const struct lblock *b = &l->steps[i].blocks[j];
			const struct lsrcs *code = b->kind == LB_DEMO ? &b->demo
						   : b->kind == LB_TASK ? &b->task.solution : NULL;

			for (size_t k = 0; code && k < code->n; k++)
				for (const struct builtin_ns *const *ns = builtin_namespaces; *ns; ns++)
					for (const struct builtin *e = (*ns)->entries; e->name; e++)
						if ((e->flags & B_WRITES_FILES) && strstr(code->v[k].text, e->name))
							return true;
		}
	return false;
}

/* The lesson's files go into a directory of its own, the shell works there
 * while the lesson runs: under $XDG_DATA_HOME/cryptolab/work/ID when played
 * at the prompt (a resumed lesson finds its files), a fresh temporary one
 * when played unattended (every run alike). */
static void
enter_workdir(struct player *P)
{
	char *work;

	P->olddir = getcwd(NULL, 0);
	if (!P->olddir)
		return;
	if (P->o.auto_play) {
		char tmpl[] = "/tmp/cryptolab-lesson-XXXXXX";

		if (mkdtemp(tmpl))
			P->workdir = xstrdup(tmpl);
	} else if ((work = xdg_file(XDG_DATA, "work", true))) {
		mkdir(work, 0700);
		P->workdir = xasprintf("%s/%s", work, P->l->id);
		if (mkdir(P->workdir, 0700) < 0 && errno != EEXIST) {
			free(P->workdir);
			P->workdir = NULL;
		}
		free(work);
	}
	if (!P->workdir || chdir(P->workdir) < 0) {
		free(P->olddir);
		P->olddir = NULL;
		return;
	}
	if (!P->o.auto_play && writes_files(P->l))
		show_chrome(P, "this lesson writes files: they go into %s", P->workdir);
}

int
lesson_start(struct session *s, const char *id, const struct lesson_opts *o, struct cl_error *err)
{
	struct player *P;
	struct lesson *l = NULL;
	struct progress pr = { 0 };
	char *path = NULL, *workdir;
	int line = 0, rc;
	size_t at = 0, block = 0;

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
		show_note(player_of(s), "you are in this lesson: `again` replays the step, `restart` starts "
			  "over, `where` says where you are");
		return 0;
	}
	player_leave(s);	/* another lesson running: its place is kept, and said */
	P = xcalloc(1, sizeof *P);
	P->snaps = xcalloc(l->nsteps, sizeof *P->snaps);
	P->s = s;
	P->l = l;
	P->o = *o;
	if (o->step > 0 && (size_t)o->step > l->nsteps) {
		cl_fail(err, GPG_ERR_INV_ARG, "the lesson '%s' has %zu steps, so there is no step %d", id,
			l->nsteps, o->step);
		player_free(P);	/* the lesson with it: the message is made first */
		return -1;
	}
	if (o->step > 0)
		at = (size_t)o->step - 1;
	else if (!o->auto_play && !o->present) {
		/* a student goes on where they left it, at the very task or quiz;
		 * a lesson played to its end starts over */
		pr = progress_get(l->id, s->errout);
		if (pr.step > 0 && !pr.at_end && (size_t)pr.step <= l->nsteps && pr.nsteps == (int)l->nsteps) {
			at = (size_t)pr.step - 1;
			block = (size_t)pr.block <= l->steps[at].nblocks ? (size_t)pr.block : 0;
		}
	}
	P->snaps[0] = session_snapshot(s);
	show_intro(P, at == 0 && block == 0);
	enter_workdir(P);
	s->after_stmt = after_stmt;	/* --auto too: it keeps the values for `expect:` */
	s->after_ctx = P;
	s->explain = true;	/* a lesson shows the real tools' commands beside the lab's */
	if (at > 0)
		reach(P, at);
	if (o->step > 0)
		;
	else if (at > 0 || block > 0) {
		show_chrome(P, "welcome back: going on at step %zu of %zu, where you left it (what came before ran "
			  "again quietly, so its variables are set; `restart` starts over)", at + 1, l->nsteps);
		show_blank(P);
	} else if (pr.done) {
		show_chrome(P, "you did this lesson before (it stays done); here it is again from the start");
		show_blank(P);
	}
	enter(P, at);
	if (block > 0) {
		/* resuming inside the step: its blocks before the task or quiz ran
		 * already, so they run again quietly */
		quiet_blocks(P, at, block);
		say_skipped(P);
		P->block = block;
	}
	if (o->auto_play) {
		for (;;) {
			player_play(P);
			if (P->failed || P->finished)
				break;
			enter(P, P->step + 1);
			P->snaps[P->step] = session_snapshot(P->s);
		}
		rc = P->failed ? 1 : 0;
		workdir = P->workdir ? xstrdup(P->workdir) : NULL;
		player_stop(s);
		if (workdir)	/* the unattended run's scratch directory goes with it */
			file_remove_tree(workdir);
		free(workdir);
		fflush(s->out);
		return rc;
	}
	player_play(P);
	if (P->finished || P->want_leave)
		player_leave(s);
	return 0;
}
