/* cinch create [-b DIR] [--pid-file F] [--console-socket S] [--no-pivot]
 *              [--no-new-keyring] [--preserve-fds N] ID  */
#include "cmd_common.h"

int
cinch_cmd_create (struct cinch_ctx *ctx, int argc, char **argv)
{
  struct cinch_create_opts o = { 0 };
  struct cinch_created c = { .pty_master = -1 };
  cleanup_error cinch_error_t err = NULL;

  if (cinch_parse_create_opts ("create", argc, argv, &o, NULL, &err) < 0)
    return cinch_report_error (ctx, &err);
  if (cinch_container_create (ctx, &o, &c, &err) < 0)
    return cinch_report_error (ctx, &err);
  cinch_close (&c.pty_master);
  return 0;
}
