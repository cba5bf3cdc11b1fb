/* Inside the lesson engine: the player's state, shared by the player
 * (play.c, the state machine), what it draws (show.c), its commands
 * (commands.c) and --check-lesson (check.c). The rest of the shell sees only
 * repl/lesson/lesson.h. */
#ifndef CL_LESSON_PLAY_H
#define CL_LESSON_PLAY_H

#include <stdbool.h>
#include <stddef.h>
#include "libcore/error.h"
#include "repl/lesson/format.h"
#include "repl/lesson/lesson.h"
#include "repl/render.h"
#include "repl/session.h"

struct session;
struct snapshot;
struct value;

/* The player is a state machine: it plays blocks until one needs the
 * student (a task: the prompt is theirs until the task is done; a quiz or a
 * pause: the next line typed answers it), and goes on from there when the
 * student's statement, answer or command lets it. */
struct player {
	struct session *s;
	struct lesson *l;
	struct lesson_opts o;
	size_t step;		/* 0-based */
	size_t block;		/* the next block of the step to play */
	bool waiting;		/* at a task (blocks[block]) */
	bool asking;		/* a quiz or a pause waits for its answer */
	bool quiz_left;		/* the quiz at blocks[block] was left for the prompt */
	size_t hints;		/* hints shown for this task */
	int tries;		/* wrong statements or answers so far */
	struct snapshot **snaps;	/* [nsteps]: everything as each step began */
	int busy;		/* the player is running code: not the student's */
	struct value *last;	/* the value of the last statement run while busy */
	const char *refused;	/* the error the last line of the lesson run was meant to give */
	bool failed;		/* a line run by the player failed */
	bool finished, want_leave;
	char **skipped;		/* lines not replayed quietly (they open servers), to say so */
	size_t nskipped;
	FILE *pager, *page_out;	/* --present: the output while a step pages, and the screen */
	struct streams page_saved;
	int page_lines, page_col;
	bool page_esc, page_nomore;
	char *workdir;		/* where the lesson's files go; the shell's own directory was */
	char *olddir;
	char prompt[96];
};

/* The player of session S, or NULL when no lesson runs: the player is the
 * owner of the session's after_stmt hook. */
struct player *player_of(struct session *s);

/* play.c */
/* "FILE:LINE: error: MSG" on the session's error stream. */
void lesson_print_error(struct session *s, const char *path, int line, const struct cl_error *err);
int lesson_outcome(const struct lsrc *src, int rc, const struct cl_error *err, struct cl_error *why);
int lesson_holds(struct session *s, const char *expr, struct cl_error *err);
/* The variables an expression names ("_" too; not builtins, namespaces or
 * fields): a malloc'ed NULL-terminated list, for lesson_names_free. */
char **lesson_expr_names(const char *expr);
void lesson_names_free(char **names);
void player_play(struct player *P);		/* from P->block up to the student's turn */
void player_next(struct player *P);		/* on to the next step */
void player_jump(struct player *P, size_t i);	/* step I, everything rewound or replayed */
int player_skip(struct player *P);		/* the task's sample solution, then on */
void player_quiz_ask(struct player *P);		/* the quiz at P->block, asked (again) */
void player_quiz_reveal(struct player *P);	/* its answer shown, then on */
void player_leave(struct session *s);		/* keep the place, stop */
void player_stop(struct session *s);		/* stop without a word */
void player_save(struct player *P);

/* show.c: what the player draws, on the session's output and in a recorded
 * transcript */
int show_width(const struct player *P);
int show_indent(const struct player *P);
void show_say(struct player *P, const char *text);
void show_mark(struct player *P, enum color c, const char *sym, const char *text);
void show_lead(struct player *P, enum color c, const char *lead, const char *text);
void show_bullet(struct player *P, const char *text);
void show_note(struct player *P, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void show_chrome(struct player *P, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void show_blank(struct player *P);
void show_heading(struct player *P);
/* --present on a terminal: from ON until off, a step taller than the screen
 * waits for Enter at each full screen, and goes on under its title. */
void show_pages(struct player *P, bool on);
void show_intro(struct player *P, bool fresh);
void show_task(struct player *P, const struct ltask *t);
void show_success(struct player *P, const struct ltask *t);
void show_quiz(struct player *P, const struct lquiz *q);
void show_right_answer(struct player *P, const struct lquiz *q);
void show_recap(struct player *P);
void show_typed(struct player *P, const char *prompt, const char *text);

#endif
