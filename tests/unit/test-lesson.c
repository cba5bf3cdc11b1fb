/* The lesson parser on good and bad files: the FORMAT.md example, the bad
 * fixtures in tests/lessons/ (each must give its FILE:LINE error), and a few
 * inline texts. Expected results come from reading lessons/FORMAT.md. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "repl/lesson/format.h"
#include "tests/unit/tap.h"

#define SRC(f) ABS_TOP_SRCDIR "/" f

static struct lesson *
parse(const char *text, int *line, struct cl_error *err)
{
	struct lesson *l;

	cl_error_clear(err);
	lesson_parse(&l, "<test>", text, strlen(text), line, err);
	return l;
}

static void
bad_text(const char *text, int want_line, const char *want_msg)
{
	struct cl_error err;
	int line = 0;
	struct lesson *l = parse(text, &line, &err);

	ok(!l, "refused: %s", want_msg);
	ok(line == want_line, "  on line %d (got %d)", want_line, line);
	ok(strstr(err.msg, want_msg) != NULL, "  message has '%s' (got '%s')", want_msg, err.msg);
	lesson_free(l);
}

static void
bad_file(const char *name, int want_line, const char *want_msg)
{
	char path[512];
	struct cl_error err;
	struct lesson *l;
	int line = 0;

	snprintf(path, sizeof path, SRC("tests/lessons/%s"), name);
	cl_error_clear(&err);
	lesson_load(&l, path, &line, &err);
	ok(!l, "%s refused", name);
	ok(line == want_line, "  %s on line %d (got %d)", name, want_line, line);
	ok(strstr(err.msg, want_msg) != NULL, "  message has '%s' (got '%s')", want_msg, err.msg);
	lesson_free(l);
}

static void
test_example(void)
{
	struct cl_error err;
	struct lesson *l;
	const struct lstep *st;
	const struct ltask *t;
	const struct lquiz *q;
	int line = 0;

	lesson_load(&l, SRC("lessons/FORMAT.md"), &line, &err);
	if (!ok(l != NULL, "FORMAT.md example parses"))
		printf("#   line %d: %s\n", line, err.msg);
	if (!l)
		return;
	is_str(l->id, "example", "id");
	is_str(l->title, "Powers modulo a number", "title");
	is_str(l->summary, "how `a ^ b mod m` keeps numbers small", "summary");
	ok(l->minutes == 5, "minutes");
	is_str(l->next ? l->next : "", "welcome", "next");
	ok(l->nintro == 1 && l->intro[0].kind == LB_TEXT, "one paragraph of introduction");
	ok(l->nsteps == 3, "three steps (the recap is not one)");
	ok(l->nrecap == 2 && l->recap[0].kind == LB_BULLET, "recap of two bullets");

	st = &l->steps[0];
	is_str(st->title, "Remainders", "step 1 title");
	ok(st->nblocks == 5, "step 1: text, demo, text, demo, pause");
	ok(st->blocks[1].kind == LB_DEMO && st->blocks[1].demo.n == 2, "two demonstration lines");
	is_str(st->blocks[1].demo.v[0].text, "14 mod 12", "demonstration text, prompt dropped");
	ok(!st->blocks[1].demo.v[0].fails && !st->blocks[1].demo.v[1].fails, "lines meant to work");
	ok(st->blocks[3].kind == LB_DEMO && st->blocks[3].demo.n == 1, "a demonstration of a refusal");
	is_str(st->blocks[3].demo.v[0].fails ? st->blocks[3].demo.v[0].fails : "",
	       "modulo zero is undefined (the modulus must not be 0)", "  the message after '! '");
	ok(st->blocks[3].demo.v[0].fails_line == st->blocks[3].demo.v[0].line + 1, "  on the next line");
	ok(st->blocks[4].kind == LB_PAUSE, "pause");

	st = &l->steps[1];
	ok(st->nblocks == 3 && st->blocks[2].kind == LB_TASK, "step 2: text, demo, task");
	t = &st->blocks[2].task;
	is_str(t->prompt, "Store `7` to the power `20` in a variable called `big`.", "task prompt");
	ok(t->checks.n == 1, "one check");
	is_str(t->checks.v[0].text, "big == 7 ^ 20", "check");
	ok(t->solution.n == 1, "one solution line");
	ok(t->hints.n == 2, "two hints");
	ok(t->nfeedback == 1, "one feedback");
	is_str(t->feedback[0].when, "big == 7 * 20", "feedback condition");
	is_str(t->feedback[0].text, "that is 7 times 20; `^` is the power", "feedback text");
	is_str(t->success, "Right: 79792266297612001 has 17 digits.", "success");

	st = &l->steps[2];
	ok(st->nblocks == 6, "step 3: text, fenced demo, two tasks, two quizzes");
	is_str(st->blocks[0].text, "`a ^ b mod m` computes the same remainder as `(a ^ b) mod m` without\n"
	       "ever making the big number, so it is fast even for numbers of hundreds of\ndigits.",
	       "a paragraph keeps its lines for reflowing");
	ok(st->blocks[1].kind == LB_DEMO && st->blocks[1].demo.n == 2, "fenced demonstration");
	t = &st->blocks[2].task;
	ok(t->checks.n == 0 && t->expect.text && strcmp(t->expect.text, "big mod 23") == 0, "expect");
	t = &st->blocks[3].task;
	is_str(t->expect_error.text ? t->expect_error.text : "",
	       "modulo zero is undefined (the modulus must not be 0)", "expect-error");
	ok(t->checks.n == 0 && !t->expect.text, "  alone is enough");
	is_str(t->solution.v[0].fails ? t->solution.v[0].fails : "", t->expect_error.text,
	       "  the solution's last line is meant to fail with it");
	ok(t->nfeedback == 1, "  with feedback");
	q = &st->blocks[4].quiz;
	ok(q->choices.n == 2 && q->answers.n == 1, "choice quiz");
	ok(lesson_quiz_right(q, "b") && lesson_quiz_right(q, " (B) ") && lesson_quiz_right(q, "b)"),
	   "a letter in any spelling");
	ok(lesson_quiz_right(q, "7 ^ 20 mod 23"), "the words of the right choice");
	ok(!lesson_quiz_right(q, "a"), "the wrong letter");
	q = &st->blocks[5].quiz;
	ok(q->choices.n == 0 && lesson_quiz_right(q, " 2 ") && !lesson_quiz_right(q, "3"), "free answer");
	ok(st->blocks[5].line > st->blocks[4].line, "line numbers of the Markdown file");
	lesson_free(l);
}

static void
test_good_texts(void)
{
	struct cl_error err;
	int line;
	struct lesson *l;

	l = parse("\xef\xbb\xbf# T\r\nid: t\r\nsummary: a\r\n  long one\r\nminutes: 2\r\n"
		  "requires: a, b c\r\n\r\n## S\r\ntask: do\r\n\r\ncheck: x ==\r\n  5\r\n"
		  "solution:\r\n```\r\n> x = 2\r\nx = x + 3\r\n```\r\nfeedback x == \"a: b\": no\r\n"
		  "success: yes\r\n\r\nAfter.\r\n", &line, &err);
	if (!ok(l != NULL, "CRLF, byte-order mark, continuations, solution block"))
		printf("#   line %d: %s\n", line, err.msg);
	if (!l)
		return;
	is_str(l->summary, "a\nlong one", "summary continues");
	ok(l->nrequires == 3, "three required lessons");
	ok(l->steps[0].nblocks == 2, "a task, then narration");
	is_str(l->steps[0].blocks[0].task.checks.v[0].text, "x == 5", "check continues with a space");
	ok(l->steps[0].blocks[0].task.solution.n == 2, "solution from a fenced block");
	is_str(l->steps[0].blocks[0].task.solution.v[0].text, "x = 2", "prompt dropped in a block");
	is_str(l->steps[0].blocks[0].task.feedback[0].when, "x == \"a: b\"", "a colon inside quotes");
	ok(l->steps[0].blocks[0].task.solution.v[1].line == 16, "solution lines keep their numbers");
	lesson_free(l);
}

/* "! MESSAGE" after a demonstration or solution line, and `expect-error:` */
static void
test_refusals(void)
{
	struct cl_error err;
	int line;
	struct lesson *l;
	const struct lblock *b;
	const struct ltask *t;

	l = parse("# T\nid: t\nsummary: s\nminutes: 1\n## S\n"
		  "> a = 1\n> fernet.decrypt(k, bad)\n!   invalid token  \n> b = 2\n"	/* 6-9 */
		  "```\nx = 1\n> 1 / 0\n! division by zero\n```\n"			/* 10-14 */
		  "task: do\nexpect-error: '4' has no inverse\n  modulo '8' (their gcd is 4)\n"	/* 15-17 */
		  "check: x == 1\nsolution: y = 3\n! no\nz = 4\ninvmod(4, 8)\n"		/* 18-22 */
		  "\nwell-known: words stay narration\n"					/* 23-24 */
		  "task: again\nexpect-error: boom\nsolution:\n```\nboom()\n! boom\n```\n",	/* 25-31 */
		  &line, &err);
	if (!ok(l != NULL, "refusals parse"))
		printf("#   line %d: %s\n", line, err.msg);
	if (!l)
		return;
	ok(l->steps[0].nblocks == 5, "two demonstrations, two tasks, narration");
	b = &l->steps[0].blocks[0];
	ok(b->kind == LB_DEMO && b->demo.n == 3, "a '!' line keeps the demonstration going");
	ok(!b->demo.v[0].fails && !b->demo.v[2].fails, "the other lines are meant to work");
	is_str(b->demo.v[1].fails ? b->demo.v[1].fails : "", "invalid token", "the message, trimmed");
	ok(b->demo.v[1].fails_line == 8, "its line");
	b = &l->steps[0].blocks[1];
	ok(b->kind == LB_DEMO && b->demo.n == 2, "in a fenced block the '!' line is no statement");
	is_str(b->demo.v[1].fails ? b->demo.v[1].fails : "", "division by zero", "and marks the line above");
	t = &l->steps[0].blocks[2].task;
	is_str(t->expect_error.text, "'4' has no inverse modulo '8' (their gcd is 4)",
	       "expect-error goes on over the next line");
	ok(t->expect_error.line == 16 && t->checks.n == 1, "with its line, and a check");
	ok(t->solution.n == 3, "a solution of three lines");
	is_str(t->solution.v[0].fails ? t->solution.v[0].fails : "", "no", "a solution line meant to fail");
	ok(!t->solution.v[1].fails, "the next one is meant to work");
	is_str(t->solution.v[2].fails ? t->solution.v[2].fails : "", t->expect_error.text,
	       "the last one fails with the expect-error message");
	ok(t->solution.v[2].fails_line == 16, "  which is where it is said");
	ok(l->steps[0].blocks[3].kind == LB_TEXT, "a hyphenated word that is no key is narration");
	t = &l->steps[0].blocks[4].task;
	ok(t->solution.n == 1 && t->solution.v[0].fails_line == 30,
	   "a '!' line that agrees with expect-error keeps its line");
	lesson_free(l);
}

static void
test_bad_texts(void)
{
	static const char hdr[] = "# T\nid: t\nsummary: s\nminutes: 1\n";
	char buf[1024];
	char *huge;

	bad_text("   \n\n", 1, "the file is empty");
	bad_text("id: t\n", 1, "no title");
	bad_text("# T\nsummary: s\nminutes: 1\n## S\nx\n", 1, "no 'id:'");
	bad_text("# T\nid: T!\nsummary: s\nminutes: 1\n## S\nx\n", 2, "is not a lesson id");
	bad_text("# T\nid: t\nminutes: 1\n## S\nx\n", 1, "no 'summary:'");
	bad_text("# T\nid: t\nsummary: s\nminutes: soon\n## S\nx\n", 4, "whole number");
	bad_text(hdr, 4, "no steps");
	snprintf(buf, sizeof buf, "%s## S\nx\n## S2\n> 1\n## Recap\n- a\n## S3\nx\n", hdr);
	bad_text(buf, 11, "recap must be the last");
	snprintf(buf, sizeof buf, "%s> 1 + 1\n## S\nx\n", hdr);
	bad_text(buf, 5, "before the first step");
	snprintf(buf, sizeof buf, "%s## S\ncheck: x == 1\n", hdr);
	bad_text(buf, 6, "belongs to a task");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\ncheck: x == 1\n", hdr);
	bad_text(buf, 6, "no 'solution:'");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\ncheck: x == 1\nsolution: x = 1\nsuccess: a\nsuccess: b\n", hdr);
	bad_text(buf, 10, "given twice");
	snprintf(buf, sizeof buf, "%s## S\nquiz: q?\nanswer: 1\n", hdr);
	bad_text(buf, 6, "no 'explain:'");
	snprintf(buf, sizeof buf, "%s## S\nquiz: q?\na) x\nc) y\n", hdr);
	bad_text(buf, 8, "'b)' was expected");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\ncheck: x\nsolution: x = 1\nfeedback x == 2 no colon\n", hdr);
	bad_text(buf, 9, "feedback WHEN: TEXT");
	snprintf(buf, sizeof buf, "%s## S\n### Sub\n", hdr);
	bad_text(buf, 6, "headings are known");
	snprintf(buf, sizeof buf, "%s## S\n````\nx\n", hdr);
	bad_text(buf, 6, "never closed");

	/* refusals */
	snprintf(buf, sizeof buf, "%s## S\nSome text.\n! invalid token\n", hdr);
	bad_text(buf, 7, "says that the line right above it fails");
	snprintf(buf, sizeof buf, "%s## S\n> 1 / 0\n\n! division by zero\n", hdr);
	bad_text(buf, 8, "right above it fails");
	snprintf(buf, sizeof buf, "%s## S\n> 1 / 0\n! division by zero\n! again\n", hdr);
	bad_text(buf, 8, "right above it fails");
	snprintf(buf, sizeof buf, "%s## S\n> 1 / 0\n!\n", hdr);
	bad_text(buf, 7, "say which error is expected");
	snprintf(buf, sizeof buf, "%s## S\n> 1 / 0\n! error: division by zero\n", hdr);
	bad_text(buf, 7, "without 'error:', as in '! division by zero'");
	snprintf(buf, sizeof buf, "%s## S\n```\n! boom\n```\n", hdr);
	bad_text(buf, 7, "right above it fails");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\nexpect: 1\nexpect-error: boom\nsolution: 1\n", hdr);
	bad_text(buf, 8, "not both");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\nexpect-error: a\nexpect-error: b\nsolution: 1\n", hdr);
	bad_text(buf, 8, "'expect-error:' is given twice");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\nexpect-error: error: boom\nsolution: 1\n", hdr);
	bad_text(buf, 7, "without 'error:'");
	snprintf(buf, sizeof buf, "%s## S\ntask: t\nexpect-error: boom\nsolution: 1\n! bang\n", hdr);
	bad_text(buf, 9, "is to fail with 'bang', but 'expect-error:' says 'boom'");
	snprintf(buf, sizeof buf, "%s## S\nexpect-error: boom\n", hdr);
	bad_text(buf, 6, "belongs to a task");

	/* over 1 MB, of otherwise good text */
	huge = malloc(LESSON_MAX_BYTES + 100);
	snprintf(huge, 200, "%s## S\n", hdr);
	memset(huge + strlen(huge), 'x', LESSON_MAX_BYTES);
	huge[LESSON_MAX_BYTES + 50] = '\0';
	bad_text(huge, 1, "at most 1 MB");
	free(huge);
}

int
main(void)
{
	test_example();
	test_good_texts();
	test_refusals();
	test_bad_texts();
	bad_file("bad-empty.lesson", 1, "the file is empty");
	bad_file("bad-binary.lesson", 8, "not a text file");
	bad_file("bad-utf8.lesson", 8, "not UTF-8");
	bad_file("bad-nocontent.lesson", 10, "the step 'Second' has nothing in it");
	bad_file("bad-nocheck.lesson", 8, "no 'check:'");
	bad_file("bad-dupid.lesson", 5, "'id:' is given twice");
	bad_file("bad-unterminated.lesson", 8, "never closed");
	bad_file("bad-choice.lesson", 11, "'answer: c' is not one of the choices a) to b)");
	bad_file("bad-unknown-key.lesson", 10, "unknown key 'hnit:'");
	bad_file("no-such-file.lesson", 0, "no such file");
	done_testing();
}
