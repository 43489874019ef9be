#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static struct
{
  int fd;
  bool json;
  bool debug;
} log_cfg = { -1, false, false };

static const char *const level_names[] = { "error", "warning", "info", "debug" };

int
cinch_log_init (const char *path, bool json, bool debug)
{
  log_cfg.json = json;
  log_cfg.debug = debug;
  if (path == NULL || *path == '\0')
    return 0;
  log_cfg.fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  return log_cfg.fd < 0 ? -1 : 0;
}

int
cinch_log_fd (void)
{
  return log_cfg.fd;
}

static void
write_log_file (enum cinch_log_level level, const char *msg)
{
  char ts[64];
  cleanup_free char *line = NULL;

  cinch_format_time_rfc3339 (ts, sizeof (ts));
  if (log_cfg.json)
    {
      json_t *o =
          json_pack ("{s:s, s:s, s:s}", "level", level_names[level], "msg", msg, "time", ts);
      char *s = o ? json_dumps (o, JSON_COMPACT) : NULL;
      json_decref (o);
      if (s == NULL)
        return;
      line = cinch_xasprintf ("%s\n", s);
      free (s);
    }
  else
    line = cinch_xasprintf ("time=\"%s\" level=%s msg=\"%s\"\n", ts, level_names[level], msg);
  (void) cinch_write_all (log_cfg.fd, line, strlen (line));
}

void
cinch_log (enum cinch_log_level level, const char *fmt, ...)
{
  va_list ap;
  char buf[4096];
  int saved = errno;

  if (level == CINCH_LOG_DEBUG && !log_cfg.debug)
    return;
  va_start (ap, fmt);
  vsnprintf (buf, sizeof (buf), fmt, ap);
  va_end (ap);

  if (log_cfg.fd >= 0)
    write_log_file (level, buf);
  /* With --log (engines pass it), only errors also go to stderr: an
   * engine hands cinch the container's stdio, so anything else written
   * there would end up in the container's logs.  */
  if ((level != CINCH_LOG_INFO || log_cfg.debug)
      && (log_cfg.fd < 0 || level == CINCH_LOG_ERROR))
    {
      cleanup_free char *line = NULL;
      if (level == CINCH_LOG_ERROR)
        line = cinch_xasprintf ("cinch: %s\n", buf);
      else
        line = cinch_xasprintf ("cinch: %s: %s\n", level_names[level], buf);
      (void) cinch_write_all (2, line, strlen (line));
    }
  errno = saved;
}
