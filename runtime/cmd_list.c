/* cinch list [--format table|json] [-q]  */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd_common.h"
#include "spec.h"
#include "state.h"

enum
{
  L_FORMAT = 1,
  L_QUIET
};

static json_t *
entry_json (const struct cinch_state *st, enum cinch_status status)
{
  json_t *o = json_object ();
  json_t *ann = json_object ();
  for (size_t i = 0; i < st->n_annotations; i++)
    json_object_set_new (ann, st->annotations[i].key, json_string (st->annotations[i].value));
  json_object_set_new (o, "ociVersion", json_string (CINCH_OCI_VERSION));
  json_object_set_new (o, "id", json_string (st->id));
  json_object_set_new (o, "pid", json_integer (status == CINCH_STATUS_STOPPED ? 0 : st->pid));
  json_object_set_new (o, "status", json_string (cinch_status_name (status)));
  json_object_set_new (o, "bundle", json_string (st->bundle));
  json_object_set_new (o, "rootfs", json_string (st->rootfs));
  json_object_set_new (o, "created", json_string (st->created));
  json_object_set_new (o, "owner", json_string (st->owner_uid == 0 ? "root" : ""));
  json_object_set_new (o, "annotations", ann);
  return o;
}

int
cinch_cmd_list (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { "format", 'f', true, L_FORMAT },
                                           { "quiet", 'q', false, L_QUIET },
                                           { NULL, 0, false, 0 } };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  cleanup_error cinch_error_t err = NULL;
  bool json = false, quiet = false;
  int id, r, rootfd = -1;
  const char *arg = NULL;
  json_t *arr;
  DIR *d;
  struct dirent *de;

  while ((r = cinch_argparse_next (&ap, opts, "list", &id, &arg, &err)) != -2)
    {
      if (r < 0)
        return cinch_report_error (ctx, &err);
      if (r == 0)
        {
          cinch_fail (&err, 0, "list: unexpected argument `%s`", arg);
          return cinch_report_error (ctx, &err);
        }
      if (id == L_QUIET)
        quiet = true;
      else if (strcmp (arg, "json") == 0)
        json = true;
      else if (strcmp (arg, "table") != 0)
        {
          cinch_fail (&err, 0, "list: unknown --format `%s` (expected table or json)", arg);
          return cinch_report_error (ctx, &err);
        }
    }

  arr = json_array ();
  if (cinch_state_root_open (ctx->root, false, &rootfd, &err) < 0)
    cinch_error_free (&err); /* no state root: no containers */
  else if ((d = fdopendir (rootfd)) != NULL)
    {
      while ((de = readdir (d)) != NULL)
        {
          struct cinch_state st = { 0 };
          cleanup_close int cfd = -1;
          if (de->d_name[0] == '.' || cinch_id_validate (de->d_name, &err) < 0)
            {
              cinch_error_free (&err);
              continue;
            }
          if (cinch_state_dir_open (dirfd (d), de->d_name, false, &cfd, &err) < 0
              || cinch_state_read (cfd, de->d_name, &st, &err) < 0)
            {
              cinch_error_free (&err);
              continue;
            }
          json_array_append_new (arr, entry_json (&st, cinch_state_status (cfd, &st)));
          cinch_state_clear (&st);
        }
      closedir (d);
    }

  if (json)
    {
      char *s = json_dumps (arr, JSON_COMPACT);
      puts (s ? s : "[]");
      free (s);
    }
  else
    {
      size_t i;
      json_t *e;
      if (!quiet)
        printf ("%-12s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED",
                "OWNER");
      json_array_foreach (arr, i, e)
      {
        if (quiet)
          printf ("%s\n", json_string_value (json_object_get (e, "id")));
        else
          printf ("%-12s %-8lld %-10s %-40s %-30s %s\n",
                  json_string_value (json_object_get (e, "id")),
                  (long long) json_integer_value (json_object_get (e, "pid")),
                  json_string_value (json_object_get (e, "status")),
                  json_string_value (json_object_get (e, "bundle")),
                  json_string_value (json_object_get (e, "created")),
                  json_string_value (json_object_get (e, "owner")));
      }
    }
  json_decref (arr);
  return 0;
}
