/* cinch features  */
#include <stdio.h>
#include <string.h>

#include "cmd_common.h"
#include "spec.h"

int
cinch_cmd_features (struct cinch_ctx *ctx, int argc, char **argv)
{
  cleanup_free char *doc = NULL;
  cleanup_error cinch_error_t err = NULL;

  if (argc > 0)
    {
      cinch_fail (&err, 0, "features: unexpected argument `%s`", argv[0]);
      return cinch_report_error (ctx, &err);
    }
  doc = cinch_features_json ();
  fputs (doc, stdout);
  if (doc[0] && doc[strlen (doc) - 1] != '\n')
    putchar ('\n');
  return 0;
}
