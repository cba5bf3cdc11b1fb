/* The language from C: evaluation through session_exec and session_eval,
 * snapshots and restores (what a lesson's `back` relies on). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/core.h"
#include "libcore/clock.h"
#include "libcore/random.h"
#include "repl/selftest.h"
#include "repl/session.h"
#include "repl/complete.h"
#include "repl/builtins/builtin.h"
#include "tests/unit/tap.h"

static char *
run(struct session *s, const char *src)
{
	int failed;
	char *out = selftest_capture(s, src, &failed);
	size_t n = strlen(out);

	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

/* What the after_stmt hook heard last. */
static char heard_src[64];
static enum stmt_kind heard_kind;
static long heard_value = -1;
static char heard_err[sizeof ((struct cl_error *)0)->msg];

static void
hear(struct session *s, const struct stmt *st, void *ctx)
{
	snprintf(heard_src, sizeof heard_src, "%.*s", (int)st->n, st->src);
	heard_kind = st->kind;
	heard_value = st->value && st->value->type == V_INT ? mpz_get_si(st->value->u.z) : -1;
	snprintf(heard_err, sizeof heard_err, "%s", st->err ? st->err->msg : "");
}

/* A live object for the tests: it counts its closes. */
static int closes;
static void test_close(void *data) { closes++; }
static const struct objtype live_type = { .name = "test server", .close = test_close };

#define RUN_IS(s, src, want) do { char *o_ = run(s, src); is_str(o_, want, "%s", src); free(o_); } while (0)

int
main(void)
{
	struct session s;
	struct value *v;
	struct cl_error err;
	struct snapshot *snap;
	const char **changed;
	char **cands;

	core_init(&err);
	session_init(&s);
	s.interactive = true;
	s.caret_offset = 0;

	/* Precedence: the table in repl/parse.h. */
	RUN_IS(&s, "2 + 3 * 4", "14");
	RUN_IS(&s, "-2 ^ 2", "-4");
	RUN_IS(&s, "2 ^ 3 ^ 2", "512");
	RUN_IS(&s, "(2 + 3) mod 4", "1");
	RUN_IS(&s, "2 + 3 mod 4", "1");
	RUN_IS(&s, "1 < 2 and not 2 < 1", "true");
	/* Floor division and non-negative modulo (Python's // agrees for /). */
	RUN_IS(&s, "-7 / 2", "-4");
	RUN_IS(&s, "-7 % 2", "1");
	RUN_IS(&s, "7 % -2", "1");
	/* python3 -c 'print(pow(3, 200, 1000003))' prints 333986 */
	RUN_IS(&s, "3 ^ 200 mod 1000003", "333986");
	/* reduction through * and +: python3 -c 'print((5 * pow(3, 10**6, 97) + 1) % 97)' prints 15 */
	RUN_IS(&s, "(5 * 3 ^ (10 ^ 6) + 1) mod 97", "15");
	RUN_IS(&s, "0x1f + 0b1011 + 0o17", "57");
	RUN_IS(&s, "\"a\\x41\\n\" == \"aA\\n\"", "true");
	RUN_IS(&s, "[1, 2, 3][-1]", "3");
	RUN_IS(&s, "hex\"0102ff\"[2]", "255");

	/* assignment, _ and errors that leave the session usable */
	RUN_IS(&s, "x = 41; x + 1; _ + 1", "42\n43");
	RUN_IS(&s, "x / 0", "!   ^\n! error: division by zero");
	RUN_IS(&s, "gcd = 3", "! ^\n! error: 'gcd' is the name of a builtin; choose another name");
	RUN_IS(&s, "y", "! ^\n! error: unknown name 'y'");
	RUN_IS(&s, "x + \"a\"", "!     ^\n! error: '+' works on integers, not text");
	RUN_IS(&s, "2 ^ (2 ^ 40)", "!   ^\n! error: '2' ^ '1099511627776' would have about 1099511627776 bits, "
	       "over the limit of 1048576 bits; to compute modulo m write a ^ b mod m");

	ok(session_eval(&s, "x * 2", &v, &err) == 0 && v->type == V_INT && mpz_cmp_ui(v->u.z, 82) == 0,
	   "session_eval gives the value without printing");
	value_unref(v);

	snap = session_snapshot(&s);
	RUN_IS(&s, "x = 1; z = 5", "");
	changed = session_changed(&s, snap);
	ok(changed[0] && changed[1] && !changed[2], "two variables changed since the snapshot");
	free(changed);
	session_restore(&s, snap);
	RUN_IS(&s, "x", "41");
	ok(session_get(&s, "z") == NULL, "restore removes variables made after the snapshot");
	snapshot_free(snap);

	/* a snapshot keeps the clock: `back` over clock.advance rewinds time */
	clock_pin(1700000000);
	snap = session_snapshot(&s);
	RUN_IS(&s, "clock.advance(3600)", "1700003600");
	session_restore(&s, snap);
	ok(clock_pinned() && clock_now() == 1700000000, "restore puts a pinned clock back");
	snapshot_free(snap);
	clock_unpin();
	snap = session_snapshot(&s);
	RUN_IS(&s, "clock.advance(3600) > 0", "true");
	session_restore(&s, snap);
	ok(!clock_pinned(), "restore unpins a clock that was real at the snapshot");
	snapshot_free(snap);

	/* a snapshot keeps the seeded generator's position: after a restore
	 * the same keys come again */
	{
		char *a, *b, *c;

		random_seed("1", &err);
		a = run(&s, "randint(0, 2^128)");
		snap = session_snapshot(&s);
		b = run(&s, "randint(0, 2^128)");
		ok(strcmp(a, b) != 0, "two draws differ");
		session_restore(&s, snap);
		c = run(&s, "randint(0, 2^128)");
		is_str(c, b, "draw, snapshot, draw, restore, draw again: the same value");
		free(c);
		session_restore(&s, snap);
		c = run(&s, "randint(0, 2^64); randint(0, 2^64)");
		session_restore(&s, snap);
		free(b);
		b = run(&s, "randint(0, 2^64); randint(0, 2^64)");
		is_str(b, c, "also for draws that end inside a keystream block");
		free(a);
		free(b);
		free(c);
		snapshot_free(snap);
		random_seed(NULL, &err);
	}

	/* restoring a snapshot closes the live objects it does not hold */
	{
		struct value *srv = value_obj(&live_type, NULL);

		ok(session_set(&s, "before", value_ref(srv), &err) == 0, "a live object in a variable");
		snap = session_snapshot(&s);
		value_unref(srv);
		srv = value_obj(&live_type, NULL);
		session_set(&s, "after", srv, &err);
		ok(value_live_count() == 2 && closes == 0, "two live objects, none closed");
		session_restore(&s, snap);
		ok(closes == 1 && value_live_count() == 1, "the restore closed the one made after the snapshot");
		snapshot_free(snap);
		session_free(&s);
		ok(closes == 2 && value_live_count() == 0, "the last reference going closes the other");
		value_close_live_except(NULL, 0);
		ok(closes == 2, "never twice");
	}

	/* a list nested 300,000 deep is freed without recursion */
	{
		struct value *x = value_list(NULL, 0);

		for (int i = 0; i < 300000; i++) {
			struct value **items = malloc(sizeof *items);

			items[0] = x;
			x = value_list(items, 1);
		}
		value_unref(x);
		ok(1, "a list nested 300,000 deep is freed");
	}

	/* the hook hears each statement as typed, its kind and its value */
	s.after_stmt = hear;
	free(run(&s, "x = 1;; y = 2"));
	is_str(heard_src, "y = 2", "the hook gets the statement without the ';' before it");
	ok(heard_kind == STMT_ASSIGN && heard_value == 2, "an assignment is heard as one, with its value");
	free(run(&s, "# a note\n y + 1 # more"));
	ok(heard_kind == STMT_EXPR && heard_value == 3, "an expression is heard with its value");
	is_str(heard_src, "y + 1", "comments are not part of the statement");
	free(run(&s, "vars; 1 / 0"));
	is_str(heard_err, "division by zero", "a failure is heard with its error, after it is shown");
	free(run(&s, "vars"));
	ok(heard_kind == STMT_COMMAND, "a command is heard as a command");
	s.after_stmt = NULL;

	/* the one table: every entry's name starts with its namespace, and every
	 * command says how it is typed */
	{
		int bad = 0;

		for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
			for (const struct builtin *b = (*p)->entries; b->name; b++) {
				size_t k = strlen((*p)->name);

				if (k && (strncmp(b->name, (*p)->name, k) != 0 || b->name[k] != '.')) {
					printf("#   '%s' is in the table of '%s'\n", b->name, (*p)->name);
					bad++;
				}
				if (b->cmd && (!b->usage || strncmp(b->usage, b->name, strlen(b->name)) != 0)) {
					printf("#   the command '%s' has no usage that starts with it\n", b->name);
					bad++;
				}
				if (!b->summary || !b->help) {
					printf("#   '%s' has no summary or no help\n", b->name);
					bad++;
				}
			}
		ok(bad == 0, "every entry is named after its namespace, with a summary and help");
	}

	cands = complete_candidates(&s, "", "clock.a");
	ok(cands && cands[0] && strcmp(cands[0], "clock.advance(") == 0 && !cands[1],
	   "completion of 'clock.a' is clock.advance(");
	for (size_t i = 0; cands && cands[i]; i++)
		free(cands[i]);
	free(cands);
	cands = complete_candidates(&s, "t = fernet.tamper(t, ", "by");
	ok(cands && cands[0] && strcmp(cands[0], "byte=") == 0, "inside a call TAB offers its keyword arguments: %s",
	   cands && cands[0] ? cands[0] : "(none)");
	for (size_t i = 0; cands && cands[i]; i++)
		free(cands[i]);
	free(cands);
	cands = complete_candidates(&s, "", "egcd");
	{
		bool steps = false;

		for (size_t i = 0; cands && cands[i]; i++) {
			steps |= strcmp(cands[i], "egcd.steps(") == 0;
			free(cands[i]);
		}
		ok(steps, "TAB after 'egcd' offers egcd.steps( too");
	}
	free(cands);
	cands = complete_candidates(&s, "x = \"", "tes");
	ok(cands == NULL, "inside a string completion is of file names");

	session_free(&s);
	done_testing();
}
