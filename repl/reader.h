/* The interactive line reader: GNU readline, history kept across runs in
 * $XDG_STATE_HOME/cryptolab/history (mode 0600), and Ctrl-C that clears the
 * line at the prompt or stops the running computation. */
#ifndef CL_READER_H
#define CL_READER_H

struct session;

void reader_init(struct session *s);
/* A line without its newline (malloc'ed), or NULL at Ctrl-D. */
char *reader_line(const char *prompt);
void reader_remember(const char *line);
void reader_close(void);
/* A statement is about to run: Ctrl-C from now on stops it (at the prompt
 * it clears the line), so no earlier Ctrl-C may linger. */
void reader_running(void);

#endif
