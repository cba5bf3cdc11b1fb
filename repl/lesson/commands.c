/* The lesson commands: bare words at the start of a line, one table entry
 * each with its handler, as tmux's cmd_entry and Lua's luaL_Reg are. They
 * carry B_STEERS_LESSON, so a lesson's own lines cannot run them. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "repl/builtins/builtin.h"
#include "repl/complete.h"
#include "repl/lesson/find.h"
#include "repl/lesson/play.h"
#include "repl/lesson/progress.h"
#include "repl/record.h"
#include "repl/render.h"
#include "repl/session.h"
#include "libcore/xalloc.h"

/* The running lesson, or an error saying there is none. */
static struct player *
running(struct session *s, struct cl_error *err)
{
	struct player *P = player_of(s);

	if (!P)
		cl_fail(err, GPG_ERR_INV_STATE, "no lesson is running: `lessons` lists them, `lesson ID` starts one");
	return P;
}

/* The task waiting for the student, or NULL. */
static const struct ltask *
task_of(const struct player *P)
{
	return P->waiting ? &P->l->steps[P->step].blocks[P->block].task : NULL;
}

/* After a command: a lesson that came to its end, or was asked to stop, is left. */
static int
settle(struct session *s)
{
	struct player *P = player_of(s);

	if (P && (P->finished || P->want_leave))
		player_leave(s);
	fflush(s->out);
	return 0;
}

/* The steps of the running lesson, numbered for `goto N`, with where the
 * student is (as rustlings' list does). */
static void
list_steps(struct session *s, const struct player *P)
{
	fprintf(s->out, "\n%s%s%s, step %zu of %zu:\n", color(s, COL_BOLD), P->l->title, color(s, COL_RESET),
		P->step + 1, P->l->nsteps);
	for (size_t i = 0; i < P->l->nsteps; i++)
		fprintf(s->out, "  %s%3zu  %s%s\n", i == P->step ? color(s, COL_GREEN) : "", i + 1,
			P->l->steps[i].title, i == P->step ? "   <- you are here" : "");
	/* as narration: `code` in colour on a terminal, its marks kept in a pipe */
	render_reflow(s, s->out, "`goto N` jumps to step N", s->width, 0);
}

/* TEXT in exactly WIDTH columns (a UTF-8 character is one): padded, or cut
 * between characters with "…" to say that it was. */
static void
put_cut(FILE *out, const char *text, int width)
{
	int cols = 0;
	const char *p = text, *cut = NULL;

	for (; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && ++cols == width)
			cut = p;	/* where "…" goes, if the text is longer */
	if (cols <= width) {
		fprintf(out, "%s%*s", text, width - cols, "");
		return;
	}
	fprintf(out, "%.*s…", (int)(cut - text), text);
}

static int
cmd_lessons(struct session *s, const char *arg, struct cl_error *err)
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
	{
		/* what the line leaves for the title: "  ID  TITLE  NN min  started" */
		int room = (s->width > 0 ? s->width : 80) - 2 - wid - 2 - 2 - 7 - 2 - 7;

		if (wtitle > (room > 24 ? room : 24))
			wtitle = room > 24 ? room : 24;
	}
	for (size_t i = 0; i < n; i++) {
		struct progress pr = progress_get(e[i].id, s->errout);
		char status[64];

		if (e[i].error) {
			fprintf(s->out, "  %s%-*s%s  %sbroken:%s %s\n", color(s, COL_CYAN), wid, e[i].id,
				color(s, COL_RESET), color(s, COL_RED), color(s, COL_RESET), e[i].error);
			continue;
		}
		if (e[i].shadowed)
			snprintf(status, sizeof status, "not used: same id as a built-in");
		else if (pr.done && !pr.at_end && pr.step > 0)
			snprintf(status, sizeof status, "done; again at step %d of %d", pr.step, e[i].nsteps);
		else if (pr.done)
			snprintf(status, sizeof status, "done");
		else if (pr.step > 0)
			snprintf(status, sizeof status, "step %d of %d", pr.step, e[i].nsteps);
		else
			snprintf(status, sizeof status, "new");
		fprintf(s->out, "  %s%-*s%s  ", color(s, COL_CYAN), wid, e[i].id, color(s, COL_RESET));
		put_cut(s->out, e[i].title, wtitle);
		fprintf(s->out, "  %3d min  %s%s%s%s\n", e[i].minutes,
			pr.done ? color(s, COL_GREEN) : "", status, color(s, COL_RESET),
			e[i].user ? "  (yours)" : "");
	}
	render_reflow(s, s->out, "`lesson ID` starts a lesson or goes on where you left it", s->width, 0);
	lesson_entries_free(e, n);
	if (player_of(s))
		list_steps(s, player_of(s));
	return 0;
}

static int
cmd_where(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);
	const struct ltask *t;

	if (!P)
		return -1;
	show_note(P, "lesson '%s' (%s), step %zu of %zu: %s", P->l->id, P->l->title, P->step + 1,
		  P->l->nsteps, P->l->steps[P->step].title);
	if ((t = task_of(P)))
		show_note(P, "waiting for your turn: %s", t->prompt);
	else if (P->quiz_left)
		show_note(P, P->quiz_left ? "the quiz of this step waits for its answer (`quiz` asks it)" : "the quiz of this step waits for its answer");
	return settle(s);
}

static int
cmd_lesson(struct session *s, const char *arg, struct cl_error *err)
{
	struct lesson_opts o = { 0 };

	if (!*arg) {
		if (player_of(s))
			return cmd_where(s, arg, err);
		return cl_fail(err, GPG_ERR_INV_ARG, "which lesson? `lessons` lists them; try `lesson welcome`");
	}
	return lesson_start(s, arg, &o, err);
}

static void
complete_lessons(struct session *s, const char *text, struct completions *out)
{
	char **ids = lesson_ids();

	for (size_t i = 0; ids && ids[i]; i++) {
		completions_add(out, text, ids[i], "");
		free(ids[i]);
	}
	free(ids);
}

static int
cmd_next(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);

	if (!P)
		return -1;
	if (task_of(P))
		show_note(P, "this step's task is not done yet: do it, or `skip` it (`hint` helps)");
	else if (P->quiz_left)
		show_note(P, "this step's quiz waits for its answer: `quiz` asks it again, `skip` shows the answer");
	else if (P->step + 1 >= P->l->nsteps)
		show_note(P, "this is the last step");
	else
		player_next(P);
	return settle(s);
}

static int
cmd_back(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);

	if (!P)
		return -1;
	if (P->step == 0)
		show_note(P, "this is the first step: `again` replays it");
	else
		player_jump(P, P->step - 1);
	return settle(s);
}

static int
cmd_goto(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);
	char *end;
	long n;

	if (!P)
		return -1;
	n = strtol(arg, &end, 10);
	if (!*arg || *end || n < 1 || n > (long)P->l->nsteps)
		return cl_fail(err, GPG_ERR_INV_ARG, "`goto` wants a step number from 1 to %zu, not '%s'",
			       P->l->nsteps, arg);
	player_jump(P, (size_t)n - 1);
	return settle(s);
}

static int
cmd_again(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);

	if (!P)
		return -1;
	player_jump(P, P->step);
	return settle(s);
}

static int
cmd_restart(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);

	if (!P)
		return -1;
	player_jump(P, 0);
	return settle(s);
}

static int
cmd_hint(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);
	const struct ltask *t;

	if (!P)
		return -1;
	if (!(t = task_of(P)) && P->quiz_left)
		show_note(P, "a quiz has no hints: `quiz` asks it again, and `skip` shows the answer");
	else if (!t)
		show_note(P, "there is no task waiting, so no hint to give");
	else if (P->hints >= t->hints.n)
		show_note(P, t->hints.n ? "no more hints: `solution` shows an answer, `skip` does the task for you"
			  : "this task has no hints: `solution` shows an answer, `skip` does it for you");
	else {
		char lead[64];

		snprintf(lead, sizeof lead, "hint %zu of %zu: ", P->hints + 1, t->hints.n);
		show_lead(P, COL_YELLOW, lead, t->hints.v[P->hints].text);
		P->hints++;
	}
	return settle(s);
}

static int
cmd_solution(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);
	const struct ltask *t;

	if (!P)
		return -1;
	if (!(t = task_of(P)) && P->quiz_left)
		show_note(P, "the quiz of this step waits: `quiz` asks it again, and `skip` shows the answer");
	else if (!t)
		show_note(P, "there is no task waiting");
	else {
		/* in a handout it is a sentence, not lines that look typed */
		char *all = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&all, &len);

		if (!m)
			xalloc_die();
		for (size_t i = 0; i < t->solution.n; i++)
			fprintf(m, "%s`%s`", i ? ", then " : "", t->solution.v[i].text);
		fclose(m);
		record_prose(s, "a solution: ", all);
		free(all);
		record_mute(s, true);
		show_chrome(P, "a solution (type it, or `skip` to have it run):");
		for (size_t i = 0; i < t->solution.n; i++)
			fprintf(s->out, "%*s%s\n", show_indent(P) + 2, "", t->solution.v[i].text);
		record_mute(s, false);
	}
	return settle(s);
}

static int
cmd_skip(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);

	if (!P)
		return -1;
	if (task_of(P))
		player_skip(P);
	else if (P->quiz_left)
		player_quiz_reveal(P);
	else if (P->step + 1 >= P->l->nsteps)
		show_note(P, "nothing to skip: this is the last step");
	else
		player_next(P);
	return settle(s);
}

static int
cmd_quiz(struct session *s, const char *arg, struct cl_error *err)
{
	struct player *P = running(s, err);

	if (!P)
		return -1;
	if (!P->quiz_left) {
		show_note(P, "there is no quiz waiting");
		return settle(s);
	}
	show_quiz(P, &P->l->steps[P->step].blocks[P->block].quiz);
	player_quiz_ask(P);
	return 0;
}

static int
cmd_leave(struct session *s, const char *arg, struct cl_error *err)
{
	if (!running(s, err))
		return -1;
	player_leave(s);
	return 0;
}

static const struct builtin entries[] = {
	{
		.name = "lessons",
		.cmd = cmd_lessons,
		.usage = "lessons",
		.flags = B_STEERS_LESSON,
		.summary = "list the lessons, and where you are in each",
		.help = "Lists every lesson found: its id, title, about how many minutes it takes, and your "
			"status in it: new, step 3 of 7, or done (for good, even when you play it again). "
			"Built-in lessons come first, in the order of the course (each lesson's `next:` "
			"after it), then your own from `~/.local/share/cryptolab/lessons` "
			"(`$XDG_DATA_HOME`); one with an error is listed with where the error is. While a "
			"lesson runs, its steps follow, numbered for `goto N`. `lesson ID` starts one.",
	},
	{
		.name = "lesson",
		.cmd = cmd_lesson,
		.usage = "lesson ID",
		.complete = complete_lessons,
		.flags = B_STEERS_LESSON,
		.summary = "start a lesson, or go on where you left it",
		.help = "Starts the lesson ID (as `lessons` lists them), or a lesson file given by its path "
			"(`lesson ./mine.lesson`). A lesson you left part way resumes at the step you were at, "
			"its earlier steps run again quietly so their variables are set. While a lesson runs "
			"the whole shell is yours; after each statement you type, the task of the step is "
			"checked. Lesson commands: `next`, `back`, `goto N`, `again`, `hint`, `solution`, "
			"`skip`, `where`, `leave`, `restart`.",
	},
	{
		.name = "next",
		.cmd = cmd_next,
		.usage = "next",
		.flags = B_STEERS_LESSON,
		.summary = "go on to the next step of the lesson",
		.help = "Moves to the next step. A step with a task waits until the task is done (or "
			"skipped with `skip`).",
	},
	{
		.name = "back",
		.cmd = cmd_back,
		.usage = "back",
		.flags = B_STEERS_LESSON,
		.summary = "go back one step, variables and all",
		.help = "Replays the previous step. The session's variables return to what they were when "
			"that step began, so going back really rewinds.",
	},
	{
		.name = "goto",
		.cmd = cmd_goto,
		.usage = "goto N",
		.flags = B_STEERS_LESSON,
		.summary = "jump to step N of the lesson",
		.help = "Plays step N. Going forward, the steps in between run quietly with their sample "
			"solutions, so the variables they set are there; going back rewinds the variables.",
	},
	{
		.name = "again",
		.cmd = cmd_again,
		.usage = "again",
		.flags = B_STEERS_LESSON,
		.summary = "replay this step from its start",
		.help = "Plays the current step again, with the variables as they were when it began.",
	},
	{
		.name = "hint",
		.cmd = cmd_hint,
		.usage = "hint",
		.flags = B_STEERS_LESSON,
		.summary = "a hint for the task, one more each time",
		.help = "Shows the next hint of the task waiting for you; the hints go from a nudge to "
			"nearly the answer. `solution` shows a whole answer.",
	},
	{
		.name = "solution",
		.cmd = cmd_solution,
		.usage = "solution",
		.flags = B_STEERS_LESSON,
		.summary = "show a sample solution of the task",
		.help = "Shows a sample solution of the task waiting for you, without running it: type it "
			"(or your own way) to do the task, or `skip` to have it run.",
	},
	{
		.name = "skip",
		.cmd = cmd_skip,
		.usage = "skip",
		.flags = B_STEERS_LESSON,
		.summary = "have the task done for you, and go on",
		.help = "Runs the task's sample solution, so that later steps have what they need, says "
			"which variables it set and what the task teaches, and goes on with the step. At a "
			"quiz it shows the answer and goes on. With nothing waiting it is `next`.",
	},
	{
		.name = "quiz",
		.cmd = cmd_quiz,
		.usage = "quiz",
		.flags = B_STEERS_LESSON,
		.summary = "answer the quiz you left for the prompt",
		.help = "A quiz asks at an `answer>` prompt. Ctrl-C there leaves it waiting, so you can work the "
			"answer out at the prompt first; `quiz` then asks it again. `skip` shows the answer "
			"instead. Lesson commands typed at `answer>` (`help`, `where`, `back`, `again`...) work "
			"as at the prompt.",
	},
	{
		.name = "where",
		.cmd = cmd_where,
		.usage = "where",
		.flags = B_STEERS_LESSON,
		.summary = "which lesson and step you are at",
		.help = "Says the lesson, the step (i of n) and its title, and the task waiting for you.",
	},
	{
		.name = "leave",
		.cmd = cmd_leave,
		.usage = "leave",
		.flags = B_STEERS_LESSON,
		.summary = "leave the lesson, keeping your place",
		.help = "Stops the lesson and returns to the plain shell. Your place is kept: `lesson ID` "
			"goes on from the same step, now or in a later session.",
	},
	{
		.name = "restart",
		.cmd = cmd_restart,
		.usage = "restart",
		.flags = B_STEERS_LESSON,
		.summary = "start the lesson over from step 1",
		.help = "Goes back to the first step, with the variables as they were when the lesson began.",
	},
	{ 0 }
};

const struct builtin_ns ns_lesson = {
	.name = "",
	.key = "lessons",
	.topic = "Lessons",
	.entries = entries,
};
