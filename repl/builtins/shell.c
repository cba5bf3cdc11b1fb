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
		if (s->vars[i].val->type == V_OBJ)
			fprintf(s->out, "<%s>", s->vars[i].val->u.obj.type->name);
		else {
			/* long values are cut: this is a list, not a dump */
			char *text;
			size_t len;
			FILE *m = xopen_memstream(&text, &len);

			render_inline_max(m, s->vars[i].val, 64);
			fclose(m);
			if (len > 60)
				fprintf(s->out, "%.50s... (%zu characters)", text, len);
			else
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
