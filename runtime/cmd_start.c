/* cinch start ID  */
#include "cmd_common.h"

int
cinch_cmd_start (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { NULL, 0, false, 0 } };
  cleanup_error cinch_error_t err = NULL;
  bool flags[1] = { false };
  const char *id;

  if (cinch_parse_id_cmd ("start", argc, argv, opts, flags, &id, NULL, 0, NULL, &err) < 0
      || cinch_container_start (ctx, id, &err) < 0)
    return cinch_report_error (ctx, &err);
  return 0;
}
