/* cinch — error contract.
 *
 * A function that can fail returns a negative value and fills the
 * cinch_error_t *err passed as its last argument.  It never touches its
 * outputs on failure.  Callers add context with cinch_error_wrap() on the way
 * up ("mount /proc: ...").  The error owns its message; free it with
 * cinch_error_free().  */
#ifndef CINCH_ERROR_H
#define CINCH_ERROR_H

#include <stdarg.h>

struct cinch_error
{
  int errnum; /* errno value, 0 when the failure is not a system error */
  char *msg;  /* full message, owned */
};
typedef struct cinch_error *cinch_error_t;

/* Record a failure with a printf-style message.  When errnum != 0 the
 * message is suffixed with ": strerror(errnum)".  Always returns -1.  If *err
 * already holds an error it is replaced.  */
int cinch_fail (cinch_error_t *err, int errnum, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Like cinch_fail, but the message is complete as written: errnum is kept
 * for callers to test, not appended as text.  */
int cinch_fail_code (cinch_error_t *err, int errnum, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Prefix the existing error with "<context>: ".  Returns -1.  */
int cinch_error_wrap (cinch_error_t *err, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

/* Free the error and set *err to NULL.  Safe on NULL.  */
void cinch_error_free (cinch_error_t *err);

/* The message of an error, or "unknown error" when err is NULL.  */
const char *cinch_error_msg (cinch_error_t err);

#endif
