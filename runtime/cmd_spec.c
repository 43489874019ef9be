/* cinch spec [-b DIR] [--rootless]  */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cmd_common.h"
#include "spec.h"

int
cinch_cmd_spec (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { "bundle", 'b', true, 1 },
                                           { "rootless", 0, false, 2 },
                                           { NULL, 0, false, 0 } };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  cleanup_error cinch_error_t err = NULL;
  cleanup_free char *text = NULL, *path = NULL;
  cleanup_close int fd = -1;
  const char *bundle = ".", *arg = NULL;
  bool rootless = false;
  int id, r;

  while ((r = cinch_argparse_next (&ap, opts, "spec", &id, &arg, &err)) != -2)
    {
      if (r < 0)
        return cinch_report_error (ctx, &err);
      if (r == 0)
        {
          cinch_fail (&err, 0, "spec: unexpected argument `%s`", arg);
          return cinch_report_error (ctx, &err);
        }
      if (id == 1)
        bundle = arg;
      else
        rootless = arg == NULL || strcmp (arg, "false") != 0;
    }
  text = cinch_spec_default (rootless, getuid (), getgid ());
  path = cinch_xasprintf ("%s/config.json", bundle);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    {
      if (errno == EEXIST)
        cinch_fail (&err, 0, "spec: `%s` already exists: remove it first", path);
      else
        cinch_fail (&err, errno, "spec: create `%s`", path);
      return cinch_report_error (ctx, &err);
    }
  if (cinch_write_all (fd, text, strlen (text)) < 0)
    {
      cinch_fail (&err, errno, "spec: write `%s`", path);
      return cinch_report_error (ctx, &err);
    }
  return 0;
}
