/* What the lesson player draws: narration reflowed to the screen, the step
 * headings, tasks and quizzes, the intro and the recap. Each piece goes to the
 * session's output and, as Markdown, to a recorded transcript (the recorder
 * is muted while the screen version is drawn, or the text would be there
 * twice). Output to a pipe has no colour and no timing, so --auto
 * transcripts are golden. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1	/* fopencookie */
#endif
#include <config.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/lesson/find.h"
#include "repl/lesson/play.h"
#include "repl/lesson/progress.h"
#include "repl/record.h"
#include "repl/render.h"
#include "repl/session.h"

int
show_indent(const struct player *P)
{
	return P->o.present ? 4 : 2;
}

int
show_width(const struct player *P)
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

/* "PROMPT TEXT" as if typed: under --auto --delay on a terminal, a key at a
 * time. */
void
show_typed(struct player *P, const char *prompt, const char *text)
{
	FILE *out = P->s->out;

	fprintf(out, "%s%s%s ", color(P->s, COL_GREEN), prompt, color(P->s, COL_RESET));
	/* a lesson's line is text from outside: shown, never acting on the terminal */
	if (!timed(P))
		render_safe(out, text);
	else {
		sleep_for(P->o.delay);
		for (const char *c = text; *c;) {
			size_t n = 1;

			while (((unsigned char)c[n] & 0xc0) == 0x80)
				n++;
			render_text(out, c, n);
			fflush(out);
			sleep_for(0.04);
			c += n;
		}
	}
	fputc('\n', out);
	fflush(out);
}

void
show_blank(struct player *P)
{
	fputc('\n', P->s->out);
}

void
show_say(struct player *P, const char *text)
{
	record_prose(P->s, "", text);
	record_mute(P->s, true);
	render_reflow(P->s, P->s->out, text, show_width(P), show_indent(P));
	record_mute(P->s, false);
}

/* TEXT reflowed after LEAD (in colour C), later lines under the text; in a
 * recorded transcript one paragraph, RECORDED before it. */
static void
lead_text(struct player *P, enum color c, const char *lead, const char *recorded, const char *text)
{
	struct session *s = P->s;
	char *l = xasprintf("%s%s%s", color(s, c), lead, color(s, COL_RESET));

	record_prose(s, recorded, text);
	record_mute(s, true);
	render_reflow_lead(s, s->out, l, text, show_width(P), show_indent(P));
	record_mute(s, false);
	free(l);
}

void
show_mark(struct player *P, enum color c, const char *sym, const char *text)
{
	char *l = xasprintf("%s ", sym);

	lead_text(P, c, l, l, text);
	free(l);
}

void
show_lead(struct player *P, enum color c, const char *lead, const char *text)
{
	lead_text(P, c, lead, lead, text);
}

void
show_bullet(struct player *P, const char *text)
{
	lead_text(P, COL_RESET, "- ", "- ", text);
}

/* A dim line from the lesson engine itself (not the lesson's text): in a
 * recorded handout too when RECORDED. */
static void
dim(struct player *P, bool recorded, const char *fmt, va_list ap)
{
	char *t;

	if (vasprintf(&t, fmt, ap) < 0)
		xalloc_die();
	if (recorded)
		record_prose(P->s, "", t);
	record_mute(P->s, true);
	fputs(color(P->s, COL_DIM), P->s->out);
	render_reflow(P->s, P->s->out, t, show_width(P), show_indent(P));
	fputs(color(P->s, COL_RESET), P->s->out);
	record_mute(P->s, false);
	free(t);
}

void
show_note(struct player *P, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dim(P, true, fmt, ap);
	va_end(ap);
}

/* A word from the shell about itself (how to go on, where things are): on
 * the screen like a note, but not in a recorded handout. */
void
show_chrome(struct player *P, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dim(P, false, fmt, ap);
	va_end(ap);
}

/* ---- --present: a step taller than the screen pages ---- */

static void
screen_size(int *rows, int *cols)
{
	struct winsize ws;

	*rows = *cols = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row >= 8 && ws.ws_col >= 20) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
}

/* The step's title again at the top of a new page. */
static void
page_header(struct player *P, FILE *out)
{
	char *title = render_unmarked(P->l->steps[P->step].title);

	fprintf(out, "\033[H\033[2J%s%s%s %s(step %zu of %zu, continued)%s\n\n", color(P->s, COL_BOLD), title,
		color(P->s, COL_RESET), color(P->s, COL_DIM), P->step + 1, P->l->nsteps, color(P->s, COL_RESET));
	free(title);
	P->page_lines = 2;
	P->page_col = 0;
}

/* Wait for Enter at a full screen; false when there is no more paging
 * (Ctrl-C, the end of the input). */
static bool
more(struct player *P, FILE *out)
{
	char c;
	ssize_t got;

	fprintf(out, "%s-- more: press Enter --%s", color(P->s, COL_DIM), color(P->s, COL_RESET));
	fflush(out);
	while ((got = read(STDIN_FILENO, &c, 1)) == 1 && c != '\n')
		;
	page_header(P, out);
	return got == 1;
}

/* The presenter's output stream: it counts the screen's rows (a long line
 * takes several), and when the screen is full it waits for Enter and goes
 * on, on a fresh screen under the title. */
static ssize_t
pager_write(void *cookie, const char *buf, size_t n)
{
	struct player *P = cookie;
	FILE *out = P->page_out;
	int rows, cols;

	screen_size(&rows, &cols);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (fputc(c, out) == EOF)
			return -1;
		if (P->page_esc) {	/* a colour sequence takes no room */
			P->page_esc = !(c >= 0x40 && c <= 0x7e && c != '[');
			continue;
		}
		if (c == 0x1b) {
			P->page_esc = true;
			continue;
		}
		if (c == '\n' || (P->page_col += (c & 0xc0) != 0x80) >= cols) {
			P->page_col = 0;
			P->page_lines++;
		}
		if (rows && !P->page_nomore && c == '\n' && P->page_lines >= rows - 2 && !more(P, out))
			P->page_nomore = true;
	}
	fflush(out);
	return (ssize_t)n;
}

void
show_pages(struct player *P, bool on)
{
	static cookie_io_functions_t io = { .write = pager_write };

	if (!P->o.present || P->o.auto_play || !P->s->tty)
		return;
	if (on && !P->pager) {
		P->page_out = P->s->out;
		if ((P->pager = fopencookie(P, "w", io)))
			P->page_saved = session_redirect(P->s, P->pager, P->s->errout);
	} else if (!on && P->pager) {
		session_unredirect(P->s, P->page_saved);
		fclose(P->pager);
		P->pager = NULL;
		/* the student's turn now scrolls the screen: what the lesson says
		 * next starts on its last line, with a whole screen before it must
		 * wait (counting on from before paused after two short skips, and
		 * the next command typed went to "press Enter"); a new step's
		 * heading clears the screen and counts itself */
		P->page_lines = 0;
		P->page_col = 0;
	}
}

void
show_heading(struct player *P)
{
	struct session *s = P->s;
	const struct lstep *st = &P->l->steps[P->step];
	char *title = render_unmarked(st->title), *ltitle = render_unmarked(P->l->title);

	record_heading(s, st->title);	/* Markdown shows the marks as they are meant */
	record_mute(s, true);
	if (P->o.present && s->tty)
		fputs("\033[H\033[2J", s->out);
	P->page_lines = 4;
	P->page_col = 0;
	P->page_nomore = false;
	if (P->o.present) {
		fprintf(s->out, "%s%s%s%*s%s step %zu of %zu%s\n\n", color(s, COL_BOLD), ltitle,
			color(s, COL_RESET), 4, "", color(s, COL_DIM), P->step + 1, P->l->nsteps,
			color(s, COL_RESET));
		fprintf(s->out, "    %s%s%s\n\n", color(s, COL_BOLD), title, color(s, COL_RESET));
	} else {
		fprintf(s->out, "%s== %s%s %s(step %zu of %zu)%s\n\n", color(s, COL_BOLD), title,
			color(s, COL_RESET), color(s, COL_DIM), P->step + 1, P->l->nsteps, color(s, COL_RESET));
	}
	record_mute(s, false);
	free(title);
	free(ltitle);
}

/* Narration and bullets of the intro or the recap: a blank line after each
 * paragraph and after each run of bullets. */
static void
show_blocks(struct player *P, const struct lblock *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i].kind == LB_BULLET)
			show_bullet(P, b[i].text);
		else
			show_say(P, b[i].text);
		if (b[i].kind != LB_BULLET || i + 1 == n || b[i + 1].kind != LB_BULLET)
			show_blank(P);
	}
}

void
show_intro(struct player *P, bool fresh)
{
	struct session *s = P->s;
	const struct lesson *l = P->l;

	if (P->o.present && s->tty)
		fputs("\033[H\033[2J", s->out);
	record_title(s, l->title);
	record_mute(s, true);
	{
		char *title = render_unmarked(l->title);

		fprintf(s->out, "%s%s%s\n", color(s, COL_BOLD), title, color(s, COL_RESET));
		free(title);
	}
	record_mute(s, false);
	show_note(P, "lesson '%s', %zu step%s, about %d minute%s: %s", l->id, l->nsteps,
		  l->nsteps == 1 ? "" : "s", l->minutes, l->minutes == 1 ? "" : "s", l->summary);
	for (size_t i = 0; i < l->nrequires; i++) {
		struct progress pr = progress_get(l->requires[i], NULL);

		if (!pr.done && !P->o.auto_play)
			show_note(P, "this lesson builds on '%s', not done yet: `lesson %s`", l->requires[i],
				  l->requires[i]);
	}
	show_blank(P);
	if (fresh)
		show_blocks(P, l->intro, l->nintro);
	if (!P->o.auto_play) {
		show_chrome(P, "while the lesson runs the whole shell is yours; lesson commands: `next`, `back`, "
			    "`hint`, `solution`, `skip`, `where`, `leave` (`help lesson` tells more)");
		record_mute(s, true);
		show_blank(P);
		record_mute(s, false);
	}
}

void
show_task(struct player *P, const struct ltask *t)
{
	struct session *s = P->s;

	record_prose(s, "**your turn:** ", t->prompt);
	record_mute(s, true);
	fprintf(s->out, "%*s%syour turn%s\n", show_indent(P), "", color(s, COL_YELLOW), color(s, COL_RESET));
	render_reflow(s, s->out, t->prompt, show_width(P), show_indent(P));
	record_mute(s, false);
}

void
show_success(struct player *P, const struct ltask *t)
{
	show_mark(P, COL_GREEN, "✓", t->success ? t->success : "done");
}

void
show_quiz(struct player *P, const struct lquiz *q)
{
	struct session *s = P->s;
	int ind = show_indent(P);

	record_prose(s, "**quiz:** ", q->question);
	record_mute(s, true);
	fprintf(s->out, "%*s%squiz%s\n", ind, "", color(s, COL_YELLOW), color(s, COL_RESET));
	render_reflow(s, s->out, q->question, show_width(P), ind);
	for (size_t i = 0; i < q->choices.n; i++) {
		char lead[8];

		snprintf(lead, sizeof lead, "%c) ", (int)('a' + i));
		render_reflow_lead(s, s->out, lead, q->choices.v[i].text, show_width(P), ind + 2);
	}
	record_mute(s, false);
	for (size_t i = 0; i < q->choices.n; i++) {
		char lead[8];

		snprintf(lead, sizeof lead, "%c) ", (int)('a' + i));
		record_prose(s, lead, q->choices.v[i].text);
	}
}

void
show_right_answer(struct player *P, const struct lquiz *q)
{
	const char *a = q->answers.v[0].text;

	if (q->choices.n)
		show_note(P, "the answer is %s) %s", a, q->choices.v[a[0] - 'a'].text);
	else
		show_note(P, "the answer is '%s'", a);
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
			const char *q;
			bool seen = false;

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
			/* a builtin is met where it is called: `dh.group(bits=32)`
			 * names a keyword, not the builtin bits */
			for (q = p; *q == ' '; q++)
				;
			if (*q != '(' || !(b = builtin_find(name)) || b->cmd)
				continue;
			for (size_t j = 0; j < *n; j++)
				seen |= strcmp(met[j], b->name) == 0;
			if (!seen && *n < max)
				met[(*n)++] = b->name;
		}
	}
}

void
show_recap(struct player *P)
{
	struct session *s = P->s;
	const char *met[64];
	size_t nmet = 0;

	record_heading(s, "Recap");
	record_mute(s, true);
	fprintf(s->out, "%s== recap%s\n\n", color(s, COL_BOLD), color(s, COL_RESET));
	record_mute(s, false);
	show_blocks(P, P->l->recap, P->l->nrecap);
	for (size_t i = 0; i < P->l->nsteps; i++)
		for (size_t j = 0; j < P->l->steps[i].nblocks; j++) {
			const struct lblock *b = &P->l->steps[i].blocks[j];

			if (b->kind == LB_DEMO)
				add_builtins(&b->demo, met, &nmet, 64);
			else if (b->kind == LB_TASK)
				add_builtins(&b->task.solution, met, &nmet, 64);
		}
	if (nmet) {
		char *list = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&list, &len);

		if (!m)
			xalloc_die();
		fputs("builtins met in this lesson: ", m);
		for (size_t i = 0; i < nmet; i++)
			fprintf(m, "%s`%s`", i ? ", " : "", met[i]);
		fputs(" (`help NAME` tells more)", m);
		fclose(m);
		show_say(P, list);
		show_blank(P);
		free(list);
	}
	{
		char *t = xasprintf("lesson '%s' done", P->l->id);

		show_mark(P, COL_GREEN, "✓", t);
		free(t);
	}
	if (P->l->next) {
		struct lesson_entry *e;
		size_t n = lesson_find_all(&e, NULL);
		const char *title = NULL;

		for (size_t i = 0; i < n; i++)
			if (strcmp(e[i].id, P->l->next) == 0 && !e[i].shadowed && !e[i].error)
				title = e[i].title;
		/* a next lesson that is not there is not promised: `lesson ID`
		 * would only say there is no such lesson */
		if (title)
			show_note(P, "next: `lesson %s` (%s)", P->l->next, title);
		lesson_entries_free(e, n);
	}
	fflush(s->out);
}
