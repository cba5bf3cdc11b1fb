/* The lesson commands: bare words at the start of a line. Each handler hands
 * over to the player (repl/lesson_play.c). */
#include <config.h>
#include "repl/builtins/builtin.h"
#include "repl/lesson.h"
#include "repl/record.h"
#include "repl/lesson_play.h"

#define LESSON_CMD(fn, which) \
	static int fn(struct session *s, const char *arg, struct cl_error *err) \
	{ return lesson_command(s, which, arg, err); }

LESSON_CMD(cmd_lessons, LC_LESSONS)
LESSON_CMD(cmd_lesson, LC_LESSON)
LESSON_CMD(cmd_next, LC_NEXT)
LESSON_CMD(cmd_back, LC_BACK)
LESSON_CMD(cmd_goto, LC_GOTO)
LESSON_CMD(cmd_again, LC_AGAIN)
LESSON_CMD(cmd_hint, LC_HINT)
LESSON_CMD(cmd_solution, LC_SOLUTION)
LESSON_CMD(cmd_skip, LC_SKIP)
LESSON_CMD(cmd_where, LC_WHERE)
LESSON_CMD(cmd_leave, LC_LEAVE)
LESSON_CMD(cmd_restart, LC_RESTART)

static int
cmd_record(struct session *s, const char *arg, struct cl_error *err)
{
	return record_open(s, arg, err);
}

static const struct builtin entries[] = {
	{
		.name = "lessons",
		.cmd = cmd_lessons,
		.usage = "lessons",
		.summary = "list the lessons, and where you are in each",
		.help = "Lists every lesson found: its id, title, about how many minutes it takes, and your "
			"status in it: new, step 3 of 7, or done. Built-in lessons come first, then your own "
			"from `~/.local/share/cryptolab/lessons` (`$XDG_DATA_HOME`). `lesson ID` starts one.",
	},
	{
		.name = "lesson",
		.cmd = cmd_lesson,
		.usage = "lesson ID",
		.complete = C_LESSON,
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
		.summary = "go on to the next step of the lesson",
		.help = "Moves to the next step. A step with a task waits until the task is done (or "
			"skipped with `skip`).",
	},
	{
		.name = "back",
		.cmd = cmd_back,
		.usage = "back",
		.summary = "go back one step, variables and all",
		.help = "Replays the previous step. The session's variables return to what they were when "
			"that step began, so going back really rewinds.",
	},
	{
		.name = "goto",
		.cmd = cmd_goto,
		.usage = "goto N",
		.summary = "jump to step N of the lesson",
		.help = "Plays step N. Going forward, the steps in between run quietly with their sample "
			"solutions, so the variables they set are there; going back rewinds the variables.",
	},
	{
		.name = "again",
		.cmd = cmd_again,
		.usage = "again",
		.summary = "replay this step from its start",
		.help = "Plays the current step again, with the variables as they were when it began.",
	},
	{
		.name = "hint",
		.cmd = cmd_hint,
		.usage = "hint",
		.summary = "a hint for the task, one more each time",
		.help = "Shows the next hint of the task waiting for you; the hints go from a nudge to "
			"nearly the answer. `solution` shows a whole answer.",
	},
	{
		.name = "solution",
		.cmd = cmd_solution,
		.usage = "solution",
		.summary = "show a sample solution of the task",
		.help = "Shows a sample solution of the task waiting for you, without running it: type it "
			"(or your own way) to do the task, or `skip` to have it run.",
	},
	{
		.name = "skip",
		.cmd = cmd_skip,
		.usage = "skip",
		.summary = "have the task done for you, and go on",
		.help = "Runs the task's sample solution, so that later steps have what they need, says "
			"which variables it set, and goes on with the lesson. With no task waiting it is "
			"`next`.",
	},
	{
		.name = "where",
		.cmd = cmd_where,
		.usage = "where",
		.summary = "which lesson and step you are at",
		.help = "Says the lesson, the step (i of n) and its title, and the task waiting for you.",
	},
	{
		.name = "leave",
		.cmd = cmd_leave,
		.usage = "leave",
		.summary = "leave the lesson, keeping your place",
		.help = "Stops the lesson and returns to the plain shell. Your place is kept: `lesson ID` "
			"goes on from the same step, now or in a later session.",
	},
	{
		.name = "restart",
		.cmd = cmd_restart,
		.usage = "restart",
		.summary = "start the lesson over from step 1",
		.help = "Goes back to the first step, with the variables as they were when the lesson began.",
	},
	{
		.name = "record",
		.cmd = cmd_record,
		.usage = "record FILE",
		.complete = C_FILE,
		.summary = "write this session to a file, as Markdown or as a script",
		.help = "Writes everything of this session so far, and everything after, to FILE: a "
			"Markdown transcript (typed lines and output in code blocks, a lesson's narration as "
			"text) that a teacher can hand out. With a name ending in `.cl` it writes the "
			"statements alone, a script that `cryptolab FILE.cl` replays.",
	},
	{ 0 }
};

const struct builtin_ns ns_lesson = {
	.name = "",
	.topic = "Lessons",
	.entries = entries,
};
