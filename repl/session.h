/* A session: the variables, where output goes, and how errors are shown. The
 * prompt, a script, `-c` and the lesson player all run statements through
 * session_exec; nothing else evaluates. */
#ifndef CL_SESSION_H
#define CL_SESSION_H

#include <stdbool.h>
#include <stdio.h>
#include "libcore/error.h"
#include "repl/value.h"

#define SESSION_MAX_LINE (1u << 20)	/* longer lines are refused: 1 MiB */

struct var {
	char *name;
	struct value *val;
};

/* Where a statement came from, for "FILE:LINE:COL: error: ..." */
struct srcpos {
	const char *file;	/* "<stdin>", "<command-line>", a path, a lesson */
	int line;		/* 1-based */
	int col;		/* 1-based, 0 when unknown */
};

struct session;
/* What the after_stmt hook hears of each statement. */
enum stmt_kind { STMT_EXPR, STMT_ASSIGN, STMT_COMMAND };
struct stmt {
	const char *src;	/* the statement as typed, without its ';' */
	size_t n;
	enum stmt_kind kind;	/* (a statement that did not parse counts as an expression) */
	const char *name;	/* STMT_ASSIGN: the name assigned; STMT_COMMAND: the command */
	struct value *value;	/* the expression's value or the value assigned; NULL for a
				 * command or a failure */
	const struct cl_error *err;	/* NULL when it worked; else what it failed with,
					 * and the error is already on the screen */
};
typedef void after_stmt_fn(struct session *s, const struct stmt *st, void *ctx);

struct session {
	struct var *vars;
	size_t nvars, cap;
	FILE *out;		/* results */
	FILE *errout;		/* errors */
	bool interactive;	/* an error prints and the session goes on */
	bool tty;		/* out is a terminal: wrap long numbers */
	bool color;		/* colour: on a terminal, no NO_COLOR, no --no-color */
	int width;		/* terminal columns (80 when not a terminal) */
	bool quit;		/* `quit` was typed */
	int exit_status;
	int write_errno;	/* why the first write to OUT failed (ENOSPC...), or 0 */
	/* Entries whose flags meet REFUSE are refused (B_STEERS_LESSON and
	 * B_STUDENT_ONLY while a lesson's own lines run, B_LISTENS while steps
	 * are replayed quietly); REFUSED_BY says who refuses, in the message:
	 * "a lesson's own lines". */
	unsigned refuse;
	const char *refused_by;
	/* Files written through .path parameters must stay inside the working
	 * directory (a lesson's own lines write only into the lesson's). */
	bool confined;
	/* Builtins that can show the real tool's command (openssl) show it
	 * unless told `explain=false`: on while a lesson runs, which teaches
	 * the real tools' syntax beside the lab's. */
	bool explain;
	/* Called after each statement, done or failed (its error is on the
	 * screen by then): the lesson player's task checks. NULL when nobody
	 * listens. The hook's owner finds itself again through after_ctx. */
	after_stmt_fn *after_stmt;
	void *after_ctx;
	/* Interactive errors draw a caret under the column: the width of what
	 * stands before the typed text on its line (the prompt), or -1 for no
	 * caret (the line is not on the screen). */
	int caret_offset;
};

void session_init(struct session *s);
void session_free(struct session *s);

struct value *session_get(struct session *s, const char *name);	/* borrowed or NULL */
/* Set `_` (which session_set refuses, as a student may not assign it). Takes v. */
void session_set_last(struct session *s, struct value *v);
int session_set(struct session *s, const char *name, struct value *v, struct cl_error *err);	/* takes v */

/* Run SRC (statements separated by newlines or ';'), printing the value of
 * each expression statement. Returns 0, or -1 with ERR filled and AT moved to
 * the failing statement (AT->line counts from the line AT had on entry); the
 * error is reported (session_report) before the after_stmt hook hears of it.
 * Running stops at the first error, or after `quit`. */
int session_exec(struct session *s, const char *src, size_t n, struct srcpos *at,
		 struct cl_error *err);

/* What session_exec refuses before anything runs: a NUL byte, invalid
 * UTF-8, a line over SESSION_MAX_LINE. 0, or -1 with ERR and AT at the line
 * (not reported). */
int session_check_source(const char *src, size_t n, struct srcpos *at, struct cl_error *err);

/* Evaluate one expression without printing or setting `_`: *OUT gets a new
 * reference. For lesson checks. */
int session_eval(struct session *s, const char *expr, struct value **out, struct cl_error *err);

/* Print an error as the mode wants it: interactively "error: MSG" with a caret
 * under the column on a terminal, otherwise "FILE:LINE:COL: error: MSG". */
void session_report(struct session *s, const struct srcpos *at, const struct cl_error *err);
/* "FILE:LINE:COL: error: MSG" (LINE, COL left out when 0) on the error stream. */
void session_report_at(struct session *s, const char *file, int line, int col, const char *msg);

/* Where a session writes, replaced for a while (a capture, a quiet replay,
 * a lesson's refusal shown on the output) and put back. */
struct streams {
	FILE *out, *errout;
};
struct streams session_redirect(struct session *s, FILE *out, FILE *errout);
void session_unredirect(struct session *s, struct streams saved);

/* Snapshots of everything a student's numbers depend on: the variables, a
 * pinned clock and the seeded generator's position (values are immutable, so
 * this is cheap). Restoring one closes the live objects (servers,
 * connections) that it does not hold. */
struct snapshot;
struct snapshot *session_snapshot(struct session *s);
void session_restore(struct session *s, const struct snapshot *snap);
void snapshot_free(struct snapshot *snap);
/* Close every live object that SNAP does not hold: those made since SNAP
 * stop, whatever holds them now (a lesson left stops the servers it started). */
void snapshot_close_live(const struct snapshot *snap, struct session *s);
/* Names whose value differs from SNAP (new or changed), for `skip`.
 * Returns a malloc'ed NULL-terminated array of borrowed names. */
const char **session_changed(struct session *s, const struct snapshot *snap);

#endif
