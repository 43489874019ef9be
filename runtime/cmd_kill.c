/* cinch kill [-a|--all] ID [SIGNAL]  */
#include <signal.h>

#include "cmd_common.h"
#include "plan.h"

int
cinch_cmd_kill (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { "all", 'a', false, 0 }, { NULL, 0, false, 0 } };
  cleanup_error cinch_error_t err = NULL;
  bool flags[1] = { false };
  const char *id, *rest[1];
  int n_rest = 0, sig = SIGTERM;

  if (cinch_parse_id_cmd ("kill", argc, argv, opts, flags, &id, rest, 1, &n_rest, &err) < 0)
    return cinch_report_error (ctx, &err);
  if (n_rest == 1)
    {
      sig = cinch_signal_from_name (rest[0]);
      if (sig <= 0)
        {
          cinch_fail (&err, 0, "kill: unknown signal `%s`", rest[0]);
          return cinch_report_error (ctx, &err);
        }
    }
  if (cinch_container_kill (ctx, id, sig, flags[0], &err) < 0)
    return cinch_report_error (ctx, &err);
  return 0;
}
