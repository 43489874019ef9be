/* cinch run [create flags] [-d] [-f CONFIG] [--no-subreaper] ID
 * Foreground: forwards signals, proxies a terminal, exits with the
 * container's status (128+N when killed by signal N) and deletes it.  */
#include <sys/prctl.h>

#include "cmd_common.h"
#include "log.h"

int
cinch_cmd_run (struct cinch_ctx *ctx, int argc, char **argv)
{
  struct cinch_create_opts o = { 0 };
  struct cinch_run_extra extra = { 0 };
  struct cinch_created c = { .pty_master = -1 };
  cleanup_error cinch_error_t err = NULL;
  int code;

  if (cinch_parse_create_opts ("run", argc, argv, &o, &extra, &err) < 0)
    return cinch_report_error (ctx, &err);
  o.foreground = !extra.detach;
  /* Processes the container double-forks stay ours to reap.  */
  if (o.foreground && !extra.no_subreaper)
    prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  if (cinch_container_create (ctx, &o, &c, &err) < 0)
    return cinch_report_error (ctx, &err);
  if (cinch_container_start (ctx, o.id, &err) < 0)
    {
      cleanup_error cinch_error_t e2 = NULL;
      cinch_container_delete (ctx, o.id, true, &e2);
      cinch_close (&c.pty_master);
      return cinch_report_error (ctx, &err);
    }
  if (extra.detach)
    {
      cinch_close (&c.pty_master);
      return 0;
    }
  code = cinch_container_wait (c.pid, c.pty_master, &err);
  cinch_close (&c.pty_master);
  if (code < 0)
    cinch_report_error (ctx, &err);
  if (!extra.keep && cinch_container_delete (ctx, o.id, true, &err) < 0)
    cinch_report_error (ctx, &err);
  return code < 0 ? 1 : code;
}
