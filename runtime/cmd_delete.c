/* cinch delete [-f|--force] ID  */
#include "cmd_common.h"

int
cinch_cmd_delete (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { "force", 'f', false, 0 }, { NULL, 0, false, 0 } };
  cleanup_error cinch_error_t err = NULL;
  bool flags[1] = { false };
  const char *id;

  if (cinch_parse_id_cmd ("delete", argc, argv, opts, flags, &id, NULL, 0, NULL, &err) < 0
      || cinch_container_delete (ctx, id, flags[0], &err) < 0)
    return cinch_report_error (ctx, &err);
  return 0;
}
