/* The interactive prompt: one loop that owns the terminal. GNU readline's
 * callback interface reads keys, and poll() waits on the terminal, on a
 * self-pipe for signals and on every descriptor registered with
 * reader_watch, so that servers, peers and timers can print above the prompt
 * without breaking a half-typed line. Questions (a quiz's `answer>`, a pause)
 * take the next line through the same loop (reader_ask): there is never a
 * second, nested readline. History is kept across runs in
 * $XDG_STATE_HOME/cryptolab/history (0600). Ctrl-C clears the line at the
 * prompt, abandons a question, or stops the running statement (through
 * libcore's interrupt flag). Pipes and scripts do not come here: they read
 * blocking, in main.c. */
#ifndef CL_READER_H
#define CL_READER_H

#include <stdbool.h>

struct session;

/* History, completion, signal handlers. */
void reader_init(struct session *s);
/* What the loop asks of its owner: the prompt for the next line (malloc'ed,
 * with readline's \001 \002 around invisible colour codes), and running a
 * line typed at it. */
typedef char *reader_prompt_fn(struct session *s, void *ctx);
typedef void reader_line_fn(struct session *s, const char *line, void *ctx);
/* The loop, until `quit` (s->quit) or Ctrl-D. */
void reader_run(struct session *s, reader_prompt_fn *prompt, reader_line_fn *run, void *ctx);
void reader_close(void);

/* Is the terminal the prompt's (reader_init was called)? */
bool reader_active(void);
/* A script or a pipe is being run a statement at a time (main.c): a question
 * asked meanwhile takes the script's next line as its answer. */
void reader_script(bool on);
/* Can a question be asked now: at the prompt, or in a script? */
bool reader_can_ask(void);
/* In a script: is a question waiting for a line? Then reader_answer gives it
 * LINE (NULL: the script ended), echoed after its prompt as a terminal would. */
bool reader_pending(void);
void reader_answer(struct session *s, const char *line);

/* Give the next line typed to FN instead of running it, under PROMPT (plain
 * text). LINE is NULL when the question is abandoned (Ctrl-C, Ctrl-D). One
 * question at a time: a second replaces the first. */
typedef void reader_answer_fn(struct session *s, const char *line, void *ctx);
void reader_ask(const char *prompt, reader_answer_fn *fn, void *ctx);
/* Drop a pending question without calling it (a lesson left meanwhile). */
void reader_cancel_ask(void *ctx);

/* Call FN(FD, CTX) whenever FD is readable (or hung up) while the prompt
 * waits for a line. FN reads what is there; it must not block. */
typedef void reader_fd_fn(int fd, void *ctx);
void reader_watch(int fd, reader_fd_fn *fn, void *ctx);
void reader_unwatch(int fd);

/* Print a line (printf-like; a newline is added) above the prompt, keeping
 * the half-typed line and the cursor intact. While a statement runs, or
 * outside the interactive loop, it is printed to the session's output. */
void reader_notify(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A statement is about to run: Ctrl-C from now on stops it, so no earlier
 * Ctrl-C may linger. */
void reader_running(void);

#endif
