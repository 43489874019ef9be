/* cinch — the host facts the policy rules need (impure, but cheap: it runs
 * on every create).  Only stat, lstat, readlink and realpath: no file is
 * opened or read.  See struct cinch_host_facts in policy.h.  */
#include "policy.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Symbolic links followed while walking a hook path (the kernel's own
 * limit, MAXSYMLINKS).  */
#define MAX_LINKS 40

static void
ns_fact (const char *path, struct cinch_ns_fact *f)
{
  struct stat st;

  if (path == NULL || stat (path, &st) < 0)
    {
      *f = (struct cinch_ns_fact){ 0 };
      return;
    }
  *f = (struct cinch_ns_fact){ .known = true, .dev = st.st_dev, .ino = st.st_ino };
}

static void
resolve (const char *path, struct cinch_path_fact *f)
{
  f->realpath = realpath (path, NULL);
  /* (never 0 on failure: cinch_host_facts_clear tells a filled entry from
   * the end marker by it) */
  f->err = f->realpath ? 0 : errno ? errno : ENOENT;
}

/* Someone other than root can change what is at st: its owner when that
 * is not root, or a group or others through the write bits.  Strict on
 * purpose: a sticky directory (/tmp) still lets its users add entries
 * and replace their own, which is enough to plant a hook.  */
static bool
writable_by_others (const struct stat *st)
{
  return st->st_uid != 0 || (st->st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

/* The first of path and its ancestors, deepest first, that someone other
 * than root can change, as a new string; NULL when none is.  */
static char *
first_writable_ancestor (const char *path)
{
  cleanup_free char *p = cinch_xstrdup (path);

  for (;;)
    {
      struct stat st;
      char *slash;

      if (stat (p, &st) == 0 && writable_by_others (&st))
        return steal_pointer (&p);
      if (strcmp (p, "/") == 0)
        return NULL;
      slash = strrchr (p, '/');
      if (slash == NULL)
        return NULL;
      if (slash == p)
        slash[1] = '\0';
      else
        *slash = '\0';
    }
}

/* Resolve path component by component as the kernel will when it runs the
 * hook, and return the first directory looked in (a symbolic link's own
 * directory included) that someone other than root can change; NULL when
 * none is.  This catches the links on the way that realpath hides:
 * /usr/bin/x -> /home/u/bin/x -> /usr/bin/true.  */
static char *
first_writable_on_walk (const char *path)
{
  cleanup_free char *resolved = cinch_xstrdup ("/");
  cleanup_free char *rest = cinch_xstrdup (path);
  int links = 0;

  for (;;)
    {
      struct stat st;
      cleanup_free char *next = NULL;
      char *comp = rest, *end;
      size_t l;

      while (*comp == '/')
        comp++;
      if (*comp == '\0')
        return NULL;
      end = strchr (comp, '/');
      l = end ? (size_t) (end - comp) : strlen (comp);
      if (l == 1 && comp[0] == '.')
        ;
      else if (l == 2 && comp[0] == '.' && comp[1] == '.')
        {
          char *slash = strrchr (resolved, '/');
          if (slash == resolved)
            slash[1] = '\0';
          else
            *slash = '\0';
        }
      else
        {
          if (stat (resolved, &st) < 0)
            return NULL;
          if (writable_by_others (&st))
            return steal_pointer (&resolved);
          next = cinch_xasprintf ("%s%s%.*s", resolved, strcmp (resolved, "/") ? "/" : "", (int) l,
                                  comp);
          if (lstat (next, &st) < 0)
            return NULL;
          if (S_ISLNK (st.st_mode))
            {
              char target[PATH_MAX];
              ssize_t n = readlink (next, target, sizeof (target) - 1);
              if (n < 0 || ++links > MAX_LINKS)
                return NULL;
              target[n] = '\0';
              {
                char *joined = cinch_xasprintf ("%s/%s", target, end ? end : "");
                free (rest);
                rest = joined;
              }
              if (target[0] == '/')
                {
                  free (resolved);
                  resolved = cinch_xstrdup ("/");
                }
              continue;
            }
          free (resolved);
          resolved = steal_pointer (&next);
        }
      {
        char *tail = cinch_xstrdup (end ? end : "");
        free (rest);
        rest = tail;
      }
    }
}

static void
hook_fact (const char *path, struct cinch_path_fact *f)
{
  resolve (path, f);
  if (f->realpath == NULL)
    return;
  f->writable_by = first_writable_ancestor (f->realpath);
  if (f->writable_by == NULL)
    f->writable_by = first_writable_on_walk (path);
}

void
cinch_host_facts_collect (const struct cinch_plan *plan, const char *state_root,
                          struct cinch_host_facts *facts)
{
  memset (facts, 0, sizeof (*facts));
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      const char *name = cinch_ns_proc_name ((enum cinch_ns_type) t);
      cleanup_free char *host = cinch_xasprintf ("/proc/1/ns/%s", name);
      ns_fact (host, &facts->host_ns[t]);
      /* /proc/1/ns is refused (EACCES) even to root when init holds a
       * capability we lack (ptrace access mode, as on a host whose init
       * keeps CAP_SYS_RESOURCE).  Then the namespaces cinch runs in stand
       * for the host's: an engine runs its runtime there.  */
      if (!facts->host_ns[t].known)
        {
          cleanup_free char *self = cinch_xasprintf ("/proc/self/ns/%s", name);
          ns_fact (self, &facts->host_ns[t]);
        }
      ns_fact (plan->linux_.ns[t].present ? plan->linux_.ns[t].path : NULL, &facts->config_ns[t]);
    }

  facts->n_bind_sources = plan->n_mounts;
  facts->bind_sources =
      cinch_xcalloc (plan->n_mounts ? plan->n_mounts : 1, sizeof (struct cinch_path_fact));
  for (size_t i = 0; i < plan->n_mounts; i++)
    if (plan->mounts[i].bind && plan->mounts[i].source != NULL)
      resolve (plan->mounts[i].source, &facts->bind_sources[i]);

  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      size_t n = plan->hooks.count[k];
      /* one more, zeroed: the end marker cinch_host_facts_clear stops at */
      facts->hooks[k] = cinch_xcalloc (n + 1, sizeof (struct cinch_path_fact));
      for (size_t i = 0; i < n; i++)
        hook_fact (plan->hooks.list[k][i].path, &facts->hooks[k][i]);
    }

  facts->state_root = state_root ? realpath (state_root, NULL) : NULL;
}

static void
path_fact_clear (struct cinch_path_fact *f)
{
  free (f->realpath);
  free (f->writable_by);
}

void
cinch_host_facts_clear (struct cinch_host_facts *facts)
{
  if (facts == NULL)
    return;
  for (size_t i = 0; facts->bind_sources && i < facts->n_bind_sources; i++)
    path_fact_clear (&facts->bind_sources[i]);
  free (facts->bind_sources);
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      /* hooks[k] ends with a zeroed entry; a filled one has a realpath or
       * a non-zero err.  */
      for (size_t i = 0; facts->hooks[k] && (facts->hooks[k][i].realpath || facts->hooks[k][i].err);
           i++)
        path_fact_clear (&facts->hooks[k][i]);
      free (facts->hooks[k]);
    }
  free (facts->state_root);
  memset (facts, 0, sizeof (*facts));
}
