/* cinch — logging.  Process-wide: where messages go is decided once by the
 * global flags (--log, --log-format, --debug) before any command runs.
 * Errors and warnings always reach stderr; with --log they are also written
 * to the log file, as JSON lines {"level","msg","time"} with --log-format
 * json (the shape runc writes and containerd/go-runc parse).  */
#ifndef CINCH_LOG_H
#define CINCH_LOG_H

#include <stdbool.h>

enum cinch_log_level
{
  CINCH_LOG_ERROR = 0,
  CINCH_LOG_WARNING,
  CINCH_LOG_INFO,
  CINCH_LOG_DEBUG
};

/* Open the log file (O_APPEND|O_CLOEXEC, created 0600).  Returns -1 with
 * errno when it cannot be opened.  path may be NULL.  */
int cinch_log_init (const char *path, bool json, bool debug);

void cinch_log (enum cinch_log_level level, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

#define cinch_warn(...) cinch_log (CINCH_LOG_WARNING, __VA_ARGS__)
#define cinch_debug(...) cinch_log (CINCH_LOG_DEBUG, __VA_ARGS__)

/* The log fd (or -1), for the container process to keep across setup. */
int cinch_log_fd (void);

#endif
