/* --check-lesson, which runs each lesson whole in a fresh session without
 * output, and what the banner and completion ask of the lessons. */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libcore/file.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/lesson/lesson.h"
#include "repl/lesson/find.h"
#include "repl/lesson/format.h"
#include "repl/lesson/play.h"
#include "repl/lesson/progress.h"
#include "repl/parse.h"
#include "repl/session.h"

char **
lesson_ids(void)
{
	struct lesson_entry *e;
	size_t n = lesson_find_all(&e, NULL), k = 0;
	char **ids = xcalloc(n + 1, sizeof *ids);

	for (size_t i = 0; i < n; i++)
		if (!e[i].shadowed)
			ids[k++] = xstrdup(e[i].id);
	lesson_entries_free(e, n);
	return ids;
}

bool
lesson_first_time(void)
{
	return !progress_any();
}

/* ---- --check-lesson ---- */

static void
check_capture(struct session *s, const struct stmt *st, void *ctx)
{
	struct value **last = ctx;

	if (st->err || !st->value)
		return;	/* the last value given, as `_` is to a feedback */
	value_unref(*last);
	*last = value_ref(st->value);
}

static void
check_error(struct session *s, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
check_error(struct session *s, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	struct cl_error e;

	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	lesson_print_error(s, path, line, &e);
}

/* Run CODE in T: each line works, or fails as its "! MESSAGE" says. */
static int
check_code(struct session *s, struct session *t, const char *path, const struct lsrcs *code)
{
	for (size_t i = 0; i < code->n; i++) {
		struct srcpos at = { .file = path, .line = code->v[i].line };
		struct cl_error err = { 0 }, why;
		int rc;

		/* errors go to /dev/null; the hook hears of them */
		rc = session_exec(t, code->v[i].text, strlen(code->v[i].text), &at, &err);
		if (lesson_outcome(&code->v[i], rc, &err, &why) < 0) {
			/* a line meant to fail is wrong where its "! MESSAGE" is */
			lesson_print_error(s, path, code->v[i].fails ? code->v[i].fails_line : code->v[i].line, &why);
			return -1;
		}
	}
	return 0;
}

/* A task whose checks all hold before the student does anything would pass
 * at the first statement, whatever it is. (With `expect:` or `expect-error:`
 * the statement itself must still give the value or the refusal.) */
static int
already_done(struct session *s, struct session *t, const char *path, const struct ltask *k)
{
	struct cl_error err;

	if (k->expect.text || k->expect_error.text || !k->checks.n)
		return 0;
	for (size_t c = 0; c < k->checks.n; c++)
		if (lesson_holds(t, k->checks.v[c].text, &err) != 1)
			return 0;
	check_error(s, path, k->checks.v[0].line, "the task is done before the student does anything: "
		    "'%s' already holds here (check what the task asks, not what is already there)",
		    k->checks.v[0].text);
	return -1;
}

/* Does a line of CODE assign NAME? */
static bool
solution_assigns(const struct lsrcs *code, const char *name)
{
	for (size_t i = 0; i < code->n; i++) {
		struct parser ps;
		struct node *n = NULL;
		struct cl_error err;
		int line, col;
		bool yes = false;

		parser_init(&ps, code->v[i].text, strlen(code->v[i].text));
		while (!yes && parse_statement(&ps, &n, &line, &col, &err) == 0 && n) {
			yes = n->kind == N_ASSIGN && strcmp(n->name, name) == 0;
			node_free(n);
		}
		parser_free(&ps);
		if (yes)
			return true;
	}
	return false;
}

/* A feedback is tried only when it names `_` or the variable just assigned
 * (FORMAT.md). One that names neither `_` nor a variable the task's solution
 * assigns is tried only when the student assigns something else, and then
 * reads the task's variables as they were: worth a warning, as one that can
 * never be tried is. */
static void
lint_feedback(struct session *s, const char *path, const struct ltask *k)
{
	for (size_t f = 0; f < k->nfeedback; f++) {
		char **names = lesson_expr_names(k->feedback[f].when);
		size_t n = 0;
		bool underscore = false, subject = false;

		for (; names[n]; n++) {
			underscore |= strcmp(names[n], "_") == 0;
			subject |= solution_assigns(&k->solution, names[n]);
		}
		if (!underscore && n == 0)
			fprintf(s->errout, "%s:%d: warning: this feedback names no variable and not `_`, so it is "
				"never tried: name `_` (the value just given) or the variable the student assigns\n",
				path, k->feedback[f].line);
		else if (!underscore && !subject)
			fprintf(s->errout, "%s:%d: warning: this feedback names neither `_` nor a variable the "
				"solution assigns ('%s'...), so it is tried only after other assignments, and reads "
				"what they left: name `_` (the value just given)\n", path, k->feedback[f].line,
				names[0]);
		lesson_names_free(names);
	}
}

/* `expect: true` is passed by typing `true`: the task can be guessed. */
static void
lint_expect(struct session *s, const char *path, const struct ltask *k)
{
	if (k->expect.text && (strcmp(k->expect.text, "true") == 0 || strcmp(k->expect.text, "false") == 0))
		fprintf(s->errout, "%s:%d: warning: 'expect: %s' is passed by typing %s: check what the statement "
			"must compute instead (a check: on the variable it sets)\n", path, k->expect.line,
			k->expect.text, k->expect.text);
}

/* Run the lesson in a fresh session, as --auto would, without output. */
static int
check_run(struct session *s, const struct lesson *l)
{
	struct session t;
	struct value *last = NULL;
	FILE *null = fopen("/dev/null", "w");
	int rc = -1;

	if (!null)
		return -1;
	session_init(&t);
	t.out = t.errout = null;
	t.width = 80;
	t.caret_offset = -1;
	t.after_stmt = check_capture;
	t.after_ctx = &last;
	/* as the player runs a lesson's own lines */
	t.refuse = B_STEERS_LESSON | B_STUDENT_ONLY;
	t.refused_by = "a lesson's own lines";
	t.confined = true;
	t.explain = true;
	for (size_t i = 0; i < l->nsteps; i++)
		for (size_t j = 0; j < l->steps[i].nblocks; j++) {
			const struct lblock *b = &l->steps[i].blocks[j];
			const struct ltask *k = &b->task;
			struct cl_error err;
			int h;

			if (b->kind == LB_DEMO && check_code(s, &t, l->path, &b->demo) < 0)
				goto leave;
			if (b->kind != LB_TASK)
				continue;
			if (already_done(s, &t, l->path, k) < 0)
				goto leave;
			lint_feedback(s, l->path, k);
			lint_expect(s, l->path, k);
			value_unref(last);
			last = NULL;
			if (check_code(s, &t, l->path, &k->solution) < 0)
				goto leave;
			/* (an expect-error task's last solution line is meant to fail
			 * with its message: the parser makes it so) */
			for (size_t c = 0; c < k->checks.n; c++) {
				if ((h = lesson_holds(&t, k->checks.v[c].text, &err)) < 0) {
					check_error(s, l->path, k->checks.v[c].line, "the check fails: %s", err.msg);
					goto leave;
				}
				if (h == 0) {
					check_error(s, l->path, k->checks.v[c].line, "the sample solution does not "
						    "make '%s' true", k->checks.v[c].text);
					goto leave;
				}
			}
			if (k->expect.text) {
				struct value *want = NULL;

				if (session_eval(&t, k->expect.text, &want, &err) < 0) {
					check_error(s, l->path, k->expect.line, "'expect:' fails: %s", err.msg);
					goto leave;
				}
				if (!last || !value_equal(last, want)) {
					check_error(s, l->path, k->expect.line, "the sample solution's last line does "
						    "not give the value of '%s'", k->expect.text);
					value_unref(want);
					goto leave;
				}
				value_unref(want);
			}
			/* in a feedback `_` is what the student's statement gave: here,
			 * what the sample solution last gave */
			if (last)
				session_set_last(&t, value_ref(last));
			for (size_t f = 0; f < k->nfeedback; f++)
				if (lesson_holds(&t, k->feedback[f].when, &err) < 0) {
					check_error(s, l->path, k->feedback[f].line, "the feedback condition fails: %s",
						    err.msg);
					goto leave;
				}
		}
	rc = 0;
leave:
	value_unref(last);
	t.after_stmt = NULL;
	session_free(&t);
	fclose(null);
	return rc;
}

/* check_run in a child process, so that every file starts from the clock
 * and the generator the command started with (--now, --seed, or neither):
 * one lesson's clock.advance or keys must not change the next one's numbers,
 * and the generator's state can be neither copied nor made again here (the
 * seed's text stays in main). */
static int
check_fresh(struct session *s, const struct lesson *l)
{
	pid_t pid;
	int status;

	fflush(s->out);
	fflush(s->errout);
	if ((pid = fork()) < 0)
		return check_run(s, l);	/* no fresh start, but a check all the same */
	if (pid == 0) {
		/* the lesson's files go into a scratch directory of this check's own */
		char dir[] = "/tmp/cryptolab-check-XXXXXX";
		bool moved = mkdtemp(dir) && chdir(dir) == 0;
		int rc = check_run(s, l);

		if (moved)
			file_remove_tree(dir);

		fflush(s->out);
		fflush(s->errout);
		exit(rc < 0 ? 1 : 0);	/* exit, not _exit: sanitizers look for leaks */
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		check_error(s, l->path, 0, "checking it stopped the shell (signal %d): this is a bug in "
			    "cryptolab, please report it", WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
lesson_check_files(struct session *s, int nfiles, char *const *files)
{
	struct lesson **ls = xcalloc((size_t)nfiles + 1, sizeof *ls);
	struct lesson_entry *e;
	size_t ne = lesson_find_all(&e, NULL);
	int bad = 0;

	for (int i = 0; i < nfiles; i++) {
		struct cl_error err = { 0 };
		int line = 0, tasks = 0, quizzes = 0;

		if (lesson_load(&ls[i], files[i], &line, &err) < 0) {
			lesson_print_error(s, files[i], line, &err);
			bad++;
			continue;
		}
		for (int j = 0; j < i; j++)
			if (ls[j] && strcmp(ls[j]->id, ls[i]->id) == 0) {
				check_error(s, files[i], ls[i]->id_line, "the id '%s' is already used by '%s'",
					    ls[i]->id, files[j]);
				goto broken;
			}
		if (check_fresh(s, ls[i]) < 0)
			goto broken;
		/* a teacher's lesson named like a built-in one would never be played
		 * by `lesson ID` */
		for (size_t k = 0; k < ne; k++) {
			char *real = realpath(files[i], NULL), *theirs = realpath(e[k].path, NULL);

			if (!e[k].user && !e[k].error && strcmp(e[k].id, ls[i]->id) == 0 && real && theirs
			    && strcmp(real, theirs) != 0)
				fprintf(s->errout, "%s:%d: warning: '%s' is the id of a built-in lesson: `lesson %s` "
					"plays that one, not yours; give yours another id\n", files[i],
					ls[i]->id_line, ls[i]->id, ls[i]->id);
			free(real);
			free(theirs);
		}
		/* a missing next or required lesson is only a warning: it may come later */
		for (size_t r = 0; r <= ls[i]->nrequires; r++) {
			const char *want = r < ls[i]->nrequires ? ls[i]->requires[r] : ls[i]->next;
			bool found = !want;

			for (size_t k = 0; k < ne && !found; k++)
				found = strcmp(e[k].id, want) == 0;
			for (int k = 0; k < nfiles && !found; k++)
				found = k < i ? ls[k] && strcmp(ls[k]->id, want) == 0 : false;
			if (!found)
				fprintf(s->errout, "%s:%d: warning: no lesson '%s' was found\n", files[i],
					r < ls[i]->nrequires ? ls[i]->requires_line : ls[i]->next_line, want);
		}
		for (size_t k = 0; k < ls[i]->nsteps; k++)
			for (size_t b = 0; b < ls[i]->steps[k].nblocks; b++) {
				tasks += ls[i]->steps[k].blocks[b].kind == LB_TASK;
				quizzes += ls[i]->steps[k].blocks[b].kind == LB_QUIZ;
			}
		fprintf(s->out, "%s: ok, lesson '%s': %zu step%s, %d task%s, %d quiz%s\n", files[i], ls[i]->id,
			ls[i]->nsteps, ls[i]->nsteps == 1 ? "" : "s", tasks, tasks == 1 ? "" : "s",
			quizzes, quizzes == 1 ? "" : "zes");
		continue;
broken:
		bad++;
		lesson_free(ls[i]);
		ls[i] = NULL;
	}
	for (int i = 0; i < nfiles; i++)
		lesson_free(ls[i]);
	free(ls);
	lesson_entries_free(e, ne);
	fflush(s->out);
	return bad ? 1 : 0;
}
