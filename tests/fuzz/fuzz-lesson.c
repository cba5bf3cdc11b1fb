/* libFuzzer target: any bytes as a .lesson file through the parser. It must
 * either give a lesson or refuse with a line inside the file, never crash or
 * leak. Build with ./configure CC=clang --enable-fuzzing, then run
 * tests/fuzz/fuzz-lesson -max_total_time=60 tests/fuzz/corpus-lesson
 * (seed the corpus with lessons/ *.lesson and tests/lessons/). */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "repl/lesson/format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson *l = NULL;
	struct cl_error err;
	int line = 0, lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (lesson_parse(&l, "<fuzz>", (const char *)data, size, &line, &err) == 0) {
		if (!l || l->nsteps == 0)
			abort();	/* a lesson always has a step */
		for (size_t i = 0; i < l->nsteps; i++)
			for (size_t j = 0; j < l->steps[i].nblocks; j++) {
				const struct lblock *b = &l->steps[i].blocks[j];

				/* what the player relies on */
				if (b->kind == LB_TASK && (b->task.solution.n == 0
				    || (b->task.checks.n == 0 && !b->task.expect.text
					&& !b->task.expect_error.text)))
					abort();
				/* an expect-error task's last solution line is meant
				 * to fail with its message */
				if (b->kind == LB_TASK && b->task.expect_error.text
				    && (!b->task.solution.v[b->task.solution.n - 1].fails
					|| strcmp(b->task.solution.v[b->task.solution.n - 1].fails,
						  b->task.expect_error.text) != 0))
					abort();
				for (size_t k = 0; k < b->demo.n; k++)
					if (b->demo.v[k].fails && !*b->demo.v[k].fails)
						abort();	/* "!" alone is refused */
				if (b->kind == LB_QUIZ && (b->quiz.answers.n == 0 || !b->quiz.explain))
					abort();
				if (b->kind == LB_QUIZ)
					lesson_quiz_right(&b->quiz, "a");
			}
		lesson_free(l);
	} else if (l || line < 1 || line > lines) {
		abort();	/* an error points into the file */
	}
	return 0;
}
