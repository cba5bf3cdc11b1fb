/* A .lesson file as data: the parser turns the text a teacher wrote into
 * steps of blocks (narration, demonstrations, tasks, quizzes, pauses). It
 * knows nothing of sessions or terminals, so the unit tests and the fuzz
 * target drive it alone. The format is documented in lessons/FORMAT.md. */
#ifndef CL_LESSON_PARSE_H
#define CL_LESSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include "libcore/error.h"

#define LESSON_MAX_BYTES (1024 * 1024)

/* A piece of the file with the line it starts on (for FILE:LINE errors). */
struct lsrc {
	char *text;
	int line;
	/* A demonstration or solution line followed by a line "! MESSAGE": the
	 * line must fail with exactly MESSAGE (what follows "error: "). NULL
	 * when it must work. */
	char *fails;
	int fails_line;
};

struct lsrcs {
	struct lsrc *v;
	size_t n;
};

struct lfeedback {
	char *when;		/* an expression over the session */
	char *text;
	int line;
};

struct ltask {
	char *prompt;		/* `task:` */
	struct lsrcs checks;	/* `check:` expressions, all must hold */
	struct lsrc expect;	/* `expect:` the value the student's statement gives */
	struct lsrc expect_error;	/* `expect-error:` the message it must fail with */
	struct lsrcs solution;	/* one statement a line */
	struct lsrcs hints;
	struct lfeedback *feedback;
	size_t nfeedback;
	char *success;
};

struct lquiz {
	char *question;
	struct lsrcs choices;	/* a), b), ...: empty for a free answer */
	struct lsrcs answers;	/* free answer: any of these; choice: one letter */
	char *explain;
	char *why[26];		/* `explain b:`: why choice b is not the answer, or NULL */
};

enum lblock_kind { LB_TEXT, LB_BULLET, LB_DEMO, LB_TASK, LB_QUIZ, LB_PAUSE };

struct lblock {
	enum lblock_kind kind;
	int line;
	char *text;		/* LB_TEXT, LB_BULLET: lines joined with '\n' */
	struct lsrcs demo;	/* LB_DEMO: one statement a line */
	struct ltask task;
	struct lquiz quiz;
};

struct lstep {
	char *title;
	int line;
	struct lblock *blocks;
	size_t nblocks;
};

struct lesson {
	char *path;
	char *id, *title, *summary, *next;
	int minutes;
	int id_line, next_line, requires_line;
	char **requires;
	size_t nrequires;
	struct lblock *intro;	/* narration before the first step */
	size_t nintro;
	struct lstep *steps;
	size_t nsteps;
	struct lblock *recap;	/* the `## Recap` section, text only */
	size_t nrecap;
};

/* Parse BUF (N bytes, need not end with NUL) read from PATH. On error returns
 * -1 with ERR's message and *LINE set to the line it concerns (1-based). */
int lesson_parse(struct lesson **out, const char *path, const char *buf, size_t n,
		 int *line, struct cl_error *err);
/* Read PATH and parse it. A Markdown file (.md) is searched for its example
 * lesson, a block fenced by a line "````lesson" and a line "````"; line
 * numbers stay those of the Markdown file. */
int lesson_load(struct lesson **out, const char *path, int *line, struct cl_error *err);
void lesson_free(struct lesson *l);

/* Does GIVEN answer as EXPECTED does? Leniently, as FORMAT.md says: case,
 * spaces and punctuation do not count ("Diffie-Hellman." is "diffie hellman"),
 * a letter may be written "b", "b)", "(b)" or "b.", and a few extra words
 * around the answer are allowed ("it is 24"), unless one of them is a "not". */
bool lesson_answer_matches(const char *given, const char *expected);
/* A line of the lesson's code as an error message quotes it: whole when it
 * is short, else its first 60 characters and "...", so that the reason after
 * it is never cut off by the message's size. Written into BUF. */
const char *lesson_quote(const char *text, char buf[256]);
/* Does TEXT answer QUIZ? (its letter or its words for a choice) */
bool lesson_quiz_right(const struct lquiz *q, const char *text);

#endif
