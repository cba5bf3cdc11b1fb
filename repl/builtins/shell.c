/* Commands of the shell itself. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/complete.h"
#include "repl/help.h"
#include "repl/record.h"
#include "repl/render.h"
#include "repl/session.h"

static int
cmd_help(struct session *s, const char *arg, struct cl_error *err)
{
	return help_topic(s, arg, err);
}

static int
cmd_quit(struct session *s, const char *arg, struct cl_error *err)
{
	s->quit = true;
	return 0;
}

static int
cmd_vars(struct session *s, const char *arg, struct cl_error *err)
{
	size_t shown = 0;

	for (size_t i = 0; i < s->nvars; i++) {
		if (strcmp(s->vars[i].name, "_") == 0)
			continue;
		fprintf(s->out, "%s%s%s = ", color(s, COL_BOLD), s->vars[i].name, color(s, COL_RESET));
		if (s->vars[i].val->type == V_OBJ && s->vars[i].val->u.obj.type->show) {
			/* the first line of its summary ("toy RSA key, n of 12 bits",
			 * "red #c8102e  (1 red)"), not just its kind: a list of six
			 * "<paint>" tells a student nothing */
			const struct value *v = s->vars[i].val;
			char *text;
			size_t len, line;
			FILE *m = xopen_memstream(&text, &len);

			v->u.obj.type->show(v->u.obj.data, m);
			fclose(m);
			line = strcspn(text, "\n");
			text[line] = '\0';
			if (line > 60) {
				size_t cut = 57;

				while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
					cut--;	/* between characters */
				strcpy(text + cut, "...");
			}
			render_safe(s->out, line ? text : v->u.obj.type->name);
			free(text);
		} else if (s->vars[i].val->type == V_OBJ)
			fprintf(s->out, "<%s>", s->vars[i].val->u.obj.type->name);
		else if (s->vars[i].val->type == V_INT && mpz_sizeinbase(s->vars[i].val->u.z, 10) > 60) {
			char *d = mpz_get_str(NULL, 10, s->vars[i].val->u.z);

			fprintf(s->out, "%.50s... (%zu digits)", d, strlen(d) - (d[0] == '-'));
			free(d);
		} else if ((s->vars[i].val->type == V_STR && s->vars[i].val->u.s.n > 40)
			   || (s->vars[i].val->type == V_BYTES && s->vars[i].val->u.s.n > 24)) {
			/* its start, drawn as a value, and its whole length */
			const struct value *v = s->vars[i].val;
			bool str = v->type == V_STR;
			size_t cut = 40, count = 0;
			struct value *head;

			while (str && cut > 0 && ((unsigned char)v->u.s.p[cut] & 0xc0) == 0x80)
				cut--;
			for (size_t k = 0; str && k < v->u.s.n; k++)
				count += ((unsigned char)v->u.s.p[k] & 0xc0) != 0x80;
			head = str ? value_str(v->u.s.p, cut) : value_bytes(v->u.s.p, cut / 2);
			render_inline_max(s->out, head, 4096);
			value_unref(head);
			fprintf(s->out, "... (%zu %s)", str ? count : v->u.s.n, str ? "characters" : "bytes");
		} else {
			/* long values are cut: this is a list, not a dump */
			char *text;
			size_t len;
			FILE *m = xopen_memstream(&text, &len);

			/* a list: drawn far enough to show its start (drawn up to 64
			 * bytes only, anything longer was "..." alone) */
			render_inline_max(m, s->vars[i].val, 4096);
			fclose(m);
			if (len > 60) {
				size_t cut = 50;

				while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
					cut--;	/* between characters */
				fprintf(s->out, "%.*s...", (int)cut, text);
				if (s->vars[i].val->type == V_LIST)
					fprintf(s->out, " (%zu items)", s->vars[i].val->u.list.n);
			} else
				fputs(text, s->out);
			free(text);
		}
		fputc('\n', s->out);
		shown++;
	}
	if (!shown)
		fprintf(s->out, "no variables yet: try 'x = 42'\n");
	return 0;
}

static int
cmd_record(struct session *s, const char *arg, struct cl_error *err)
{
	return record_open(s, arg, err);
}

static int
cmd_clear(struct session *s, const char *arg, struct cl_error *err)
{
	if (s->tty)
		fputs("\033[H\033[2J", s->out);	/* home, then erase the screen */
	return 0;
}

static const struct builtin entries[] = {
	{
		.name = "help",
		.cmd = cmd_help,
		.usage = "help [NAME]",
		.complete = complete_help,
		.summary = "the topics, a topic's builtins, or one builtin explained",
		.help = "Alone, `help` shows the topics, one line each. `help TOPIC` lists a topic's builtins "
			"and commands (`help numbers`, `help fernet`), `help all` lists everything (through "
			"your `$PAGER` when it is taller than the screen), and `help NAME` shows how to call "
			"NAME, what it does and a worked example: a builtin (`help invmod`), a command "
			"(`help lesson`), or `language` for the syntax.",
		.example = "help vars",
		.expect = "vars\n"
			  "  list the variables of this session\n"
			  "\n"
			  "  Shows every variable you have assigned and its value; long values are\n"
			  "  shortened.\n"
			  "\n"
			  "  Example:\n"
			  "    > x = 42; greeting = \"hello\"\n"
			  "    > vars\n"
			  "    x = 42\n"
			  "    greeting = \"hello\"",
	},
	{
		.name = "vars",
		.cmd = cmd_vars,
		.usage = "vars",
		.summary = "list the variables of this session",
		.help = "Shows every variable you have assigned and its value; long values are shortened.",
		.example = "x = 42; greeting = \"hello\"\nvars",
		.expect = "x = 42\ngreeting = \"hello\"",
	},
	{
		.name = "clear",
		.cmd = cmd_clear,
		.usage = "clear",
		.summary = "clear the screen (Ctrl-L does the same)",
		.help = "Wipes the terminal, keeping your variables and history. Does nothing when the "
			"output is not a terminal.",
	},
	{
		.name = "quit",
		.cmd = cmd_quit,
		.usage = "quit",
		.flags = B_STUDENT_ONLY,
		.summary = "leave cryptolab (Ctrl-D does the same)",
		.help = "Ends the session with exit status 0. Your history is kept, and so is your place "
			"in a lesson: `lesson ID` resumes it next time.",
	},
	{
		.name = "record",
		.cmd = cmd_record,
		.usage = "record FILE",
		.complete = complete_files,
		.flags = B_STUDENT_ONLY,
		.summary = "write this session to a file, as Markdown or as a script",
		.help = "Writes everything of this session so far, and everything after, to FILE: a "
			"Markdown transcript (typed lines and output in code blocks, a lesson's narration as "
			"text) that a teacher can hand out. With a name ending in `.cl` it writes the "
			"statements alone, a script that `cryptolab FILE.cl` replays. An existing FILE is "
			"never replaced unless asked: `record --force FILE`. `record` alone says whether a "
			"recording is on, and where; `record stop` ends it.",
	},
	{ 0 }
};

const struct builtin_ns ns_shell = { .name = "", .key = "shell", .topic = "The shell", .entries = entries };
