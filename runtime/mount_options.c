/* cinch — decode mounts[].options (pure).
 *
 * The option words are those of the OCI runtime spec (config.md, "Linux
 * mount options") plus crun's "tmpcopyup".  They are sorted into:
 *
 *  - per-mount attributes for the new mount API: attr_set/attr_clr for the
 *    top mount, rattr_set/rattr_clr for the r* forms applied with
 *    AT_RECURSIVE.  "ro" lands in attr_set for new filesystems as well as
 *    for bind mounts, so a read-only tmpfs is read-only at the mount level
 *    (not at the superblock level, which may be shared, e.g. cgroup2).
 *    The atime mode is a field, not a bit (MOUNT_ATTR_RELATIME is 0): when
 *    an option picks a mode, MOUNT_ATTR__ATIME goes into the clear mask and
 *    the mode value into the set mask, which is what mount_setattr(2)
 *    requires;
 *  - superblock flags (MS_SYNCHRONOUS, MS_DIRSYNC, MS_MANDLOCK, MS_SILENT,
 *    MS_LAZYTIME, MS_I_VERSION) for new filesystems only: a bind mount
 *    shares the host's superblock, so asking for one of them on a bind is
 *    refused rather than silently ignored;
 *  - propagation, bind/rbind, idmap/ridmap, tmpcopyup;
 *  - everything else is filesystem data ("size=65536k", "mode=755"),
 *    passed on comma-joined in order.  A bind mount has no filesystem data,
 *    so an unknown word there (a typo such as "nosiud") is an error.
 *
 * "remount" is refused: it asks mount(2) to change an existing mount at the
 * destination, which has no meaning when setting up a fresh container.
 * "defaults" is accepted and changes nothing (as in runc and crun).  Later
 * options override earlier ones ("ro,rw" is read-write), as in mount(8).  */
#include "plan.h"

#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "util.h"

#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif

enum opt_kind
{
  OPT_ATTR_SET,  /* set value in attr_set, drop it from attr_clr */
  OPT_ATTR_CLR,  /* the reverse */
  OPT_RATTR_SET, /* same on the recursive masks */
  OPT_RATTR_CLR,
  OPT_ATIME,      /* pick atime mode `value` */
  OPT_ATIME_ON,   /* "atime": leave noatime, keep strictatime */
  OPT_ATIME_UNDO, /* "norelatime"/"nostrictatime": forget mode `value` */
  OPT_RATIME,
  OPT_RATIME_ON,
  OPT_RATIME_UNDO,
  OPT_SB_SET, /* superblock flag */
  OPT_SB_CLR,
  OPT_BIND,
  OPT_RBIND,
  OPT_PROP, /* propagation `value` */
  OPT_RPROP,
  OPT_IDMAP,
  OPT_RIDMAP,
  OPT_TMPCOPYUP,
  OPT_NOOP,
  OPT_REFUSE,
};

struct mount_opt
{
  const char *name;
  enum opt_kind kind;
  uint64_t value;
};

static const struct mount_opt mount_opts[] = {
  { "ro", OPT_ATTR_SET, MOUNT_ATTR_RDONLY },
  { "rw", OPT_ATTR_CLR, MOUNT_ATTR_RDONLY },
  { "nosuid", OPT_ATTR_SET, MOUNT_ATTR_NOSUID },
  { "suid", OPT_ATTR_CLR, MOUNT_ATTR_NOSUID },
  { "nodev", OPT_ATTR_SET, MOUNT_ATTR_NODEV },
  { "dev", OPT_ATTR_CLR, MOUNT_ATTR_NODEV },
  { "noexec", OPT_ATTR_SET, MOUNT_ATTR_NOEXEC },
  { "exec", OPT_ATTR_CLR, MOUNT_ATTR_NOEXEC },
  { "nodiratime", OPT_ATTR_SET, MOUNT_ATTR_NODIRATIME },
  { "diratime", OPT_ATTR_CLR, MOUNT_ATTR_NODIRATIME },
  { "nosymfollow", OPT_ATTR_SET, MOUNT_ATTR_NOSYMFOLLOW },
  { "symfollow", OPT_ATTR_CLR, MOUNT_ATTR_NOSYMFOLLOW },
  { "noatime", OPT_ATIME, MOUNT_ATTR_NOATIME },
  { "relatime", OPT_ATIME, MOUNT_ATTR_RELATIME },
  { "strictatime", OPT_ATIME, MOUNT_ATTR_STRICTATIME },
  { "atime", OPT_ATIME_ON, 0 },
  { "norelatime", OPT_ATIME_UNDO, MOUNT_ATTR_RELATIME },
  { "nostrictatime", OPT_ATIME_UNDO, MOUNT_ATTR_STRICTATIME },

  { "rro", OPT_RATTR_SET, MOUNT_ATTR_RDONLY },
  { "rrw", OPT_RATTR_CLR, MOUNT_ATTR_RDONLY },
  { "rnosuid", OPT_RATTR_SET, MOUNT_ATTR_NOSUID },
  { "rsuid", OPT_RATTR_CLR, MOUNT_ATTR_NOSUID },
  { "rnodev", OPT_RATTR_SET, MOUNT_ATTR_NODEV },
  { "rdev", OPT_RATTR_CLR, MOUNT_ATTR_NODEV },
  { "rnoexec", OPT_RATTR_SET, MOUNT_ATTR_NOEXEC },
  { "rexec", OPT_RATTR_CLR, MOUNT_ATTR_NOEXEC },
  { "rnodiratime", OPT_RATTR_SET, MOUNT_ATTR_NODIRATIME },
  { "rdiratime", OPT_RATTR_CLR, MOUNT_ATTR_NODIRATIME },
  { "rnosymfollow", OPT_RATTR_SET, MOUNT_ATTR_NOSYMFOLLOW },
  { "rsymfollow", OPT_RATTR_CLR, MOUNT_ATTR_NOSYMFOLLOW },
  { "rnoatime", OPT_RATIME, MOUNT_ATTR_NOATIME },
  { "rrelatime", OPT_RATIME, MOUNT_ATTR_RELATIME },
  { "rstrictatime", OPT_RATIME, MOUNT_ATTR_STRICTATIME },
  { "ratime", OPT_RATIME_ON, 0 },
  { "rnorelatime", OPT_RATIME_UNDO, MOUNT_ATTR_RELATIME },
  { "rnostrictatime", OPT_RATIME_UNDO, MOUNT_ATTR_STRICTATIME },

  { "sync", OPT_SB_SET, MS_SYNCHRONOUS },
  { "async", OPT_SB_CLR, MS_SYNCHRONOUS },
  { "dirsync", OPT_SB_SET, MS_DIRSYNC },
  { "mand", OPT_SB_SET, MS_MANDLOCK },
  { "nomand", OPT_SB_CLR, MS_MANDLOCK },
  { "silent", OPT_SB_SET, MS_SILENT },
  { "loud", OPT_SB_CLR, MS_SILENT },
  { "lazytime", OPT_SB_SET, MS_LAZYTIME },
  { "nolazytime", OPT_SB_CLR, MS_LAZYTIME },
  { "iversion", OPT_SB_SET, MS_I_VERSION },
  { "noiversion", OPT_SB_CLR, MS_I_VERSION },

  { "bind", OPT_BIND, 0 },
  { "rbind", OPT_RBIND, 0 },
  { "private", OPT_PROP, CINCH_PROP_PRIVATE },
  { "shared", OPT_PROP, CINCH_PROP_SHARED },
  { "slave", OPT_PROP, CINCH_PROP_SLAVE },
  { "unbindable", OPT_PROP, CINCH_PROP_UNBINDABLE },
  { "rprivate", OPT_RPROP, CINCH_PROP_PRIVATE },
  { "rshared", OPT_RPROP, CINCH_PROP_SHARED },
  { "rslave", OPT_RPROP, CINCH_PROP_SLAVE },
  { "runbindable", OPT_RPROP, CINCH_PROP_UNBINDABLE },
  { "idmap", OPT_IDMAP, 0 },
  { "ridmap", OPT_RIDMAP, 0 },
  { "tmpcopyup", OPT_TMPCOPYUP, 0 },
  { "defaults", OPT_NOOP, 0 },
  { "remount", OPT_REFUSE, 0 },
};

static const struct mount_opt *
find_opt (const char *name)
{
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (mount_opts); i++)
    if (strcmp (name, mount_opts[i].name) == 0)
      return &mount_opts[i];
  return NULL;
}

/* The decoded part of a mount, built aside so that the mount is left
 * untouched on failure.  */
struct decoded
{
  bool bind, recursive;
  uint64_t attr_set, attr_clr, rattr_set, rattr_clr;
  unsigned long sb_flags;
  enum cinch_propagation propagation;
  bool propagation_recursive;
  bool idmap, ridmap, tmpcopyup;
  char *data;
  size_t data_len, data_cap;
};

static void
attr_set (uint64_t *set, uint64_t *clr, uint64_t v)
{
  *set |= v;
  *clr &= ~v;
}

static void
attr_clear (uint64_t *set, uint64_t *clr, uint64_t v)
{
  *set &= ~v;
  *clr |= v;
}

/* The atime mode is "chosen" when MOUNT_ATTR__ATIME is in the clear mask;
 * the chosen value is then (set & MOUNT_ATTR__ATIME).  */
static void
atime_pick (uint64_t *set, uint64_t *clr, uint64_t mode)
{
  *set = (*set & ~(uint64_t) MOUNT_ATTR__ATIME) | mode;
  *clr |= MOUNT_ATTR__ATIME;
}

static bool
atime_is (uint64_t set, uint64_t clr, uint64_t mode)
{
  return (clr & MOUNT_ATTR__ATIME) && (set & MOUNT_ATTR__ATIME) == mode;
}

static void
atime_on (uint64_t *set, uint64_t *clr)
{
  if (!atime_is (*set, *clr, MOUNT_ATTR_STRICTATIME))
    atime_pick (set, clr, MOUNT_ATTR_RELATIME);
}

static void
atime_undo (uint64_t *set, uint64_t *clr, uint64_t mode)
{
  if (atime_is (*set, *clr, mode))
    {
      *set &= ~(uint64_t) MOUNT_ATTR__ATIME;
      *clr &= ~(uint64_t) MOUNT_ATTR__ATIME;
    }
}

static void
data_append (struct decoded *d, const char *opt)
{
  size_t n = strlen (opt);
  if (d->data_len + n + 2 > d->data_cap)
    {
      d->data_cap = (d->data_len + n + 2) * 2;
      d->data = cinch_xrealloc (d->data, d->data_cap);
    }
  if (d->data_len > 0)
    d->data[d->data_len++] = ',';
  memcpy (d->data + d->data_len, opt, n + 1);
  d->data_len += n;
}

static bool
mount_is_bind (const struct cinch_mount *m)
{
  if (m->type && strcmp (m->type, "bind") == 0)
    return true;
  for (size_t i = 0; m->options && m->options[i]; i++)
    if (strcmp (m->options[i], "bind") == 0 || strcmp (m->options[i], "rbind") == 0)
      return true;
  return false;
}

/* Apply one known option to d.  Returns NULL, or the reason it is refused. */
static const char *
apply_opt (struct decoded *d, const struct mount_opt *o, const struct cinch_mount *m)
{
  switch (o->kind)
    {
    case OPT_ATTR_SET:
      attr_set (&d->attr_set, &d->attr_clr, o->value);
      break;
    case OPT_ATTR_CLR:
      attr_clear (&d->attr_set, &d->attr_clr, o->value);
      break;
    case OPT_RATTR_SET:
      attr_set (&d->rattr_set, &d->rattr_clr, o->value);
      break;
    case OPT_RATTR_CLR:
      attr_clear (&d->rattr_set, &d->rattr_clr, o->value);
      break;
    case OPT_ATIME:
      atime_pick (&d->attr_set, &d->attr_clr, o->value);
      break;
    case OPT_ATIME_ON:
      atime_on (&d->attr_set, &d->attr_clr);
      break;
    case OPT_ATIME_UNDO:
      atime_undo (&d->attr_set, &d->attr_clr, o->value);
      break;
    case OPT_RATIME:
      atime_pick (&d->rattr_set, &d->rattr_clr, o->value);
      break;
    case OPT_RATIME_ON:
      atime_on (&d->rattr_set, &d->rattr_clr);
      break;
    case OPT_RATIME_UNDO:
      atime_undo (&d->rattr_set, &d->rattr_clr, o->value);
      break;
    case OPT_SB_SET:
      if (d->bind)
        return "changes the filesystem superblock, which a bind mount shares with "
               "the host; it cannot be applied to a bind mount";
      d->sb_flags |= (unsigned long) o->value;
      break;
    case OPT_SB_CLR:
      d->sb_flags &= ~(unsigned long) o->value;
      break;
    case OPT_BIND:
      break;
    case OPT_RBIND:
      d->recursive = true;
      break;
    case OPT_PROP:
    case OPT_RPROP:
      d->propagation = (enum cinch_propagation) o->value;
      d->propagation_recursive = o->kind == OPT_RPROP;
      break;
    case OPT_IDMAP:
    case OPT_RIDMAP:
      if (!d->bind)
        return "id-mapped mounts are only supported for bind mounts";
      if (o->kind == OPT_IDMAP)
        d->idmap = true;
      else
        d->ridmap = true;
      break;
    case OPT_TMPCOPYUP:
      if (m->type == NULL || strcmp (m->type, "tmpfs") != 0)
        return "only applies to tmpfs mounts";
      d->tmpcopyup = true;
      break;
    case OPT_NOOP:
      break;
    case OPT_REFUSE:
      return "is not meaningful for a container mount (the runtime creates every "
             "mount fresh); remove it";
    }
  return NULL;
}

/* A user-supplied word, made safe to print: control bytes escaped, long
 * words cut.  */
static void
printable (char *buf, size_t size, const char *s)
{
  size_t o = 0;
  for (; *s && o + 5 < size; s++)
    {
      unsigned char c = (unsigned char) *s;
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
        o += (size_t) snprintf (buf + o, size - o, "\\x%02x", c);
      else
        buf[o++] = (char) c;
    }
  if (*s && o + 4 <= size)
    {
      memcpy (buf + o, "...", 3);
      o += 3;
    }
  buf[o] = '\0';
}

static int
decode_one (struct decoded *d, const struct cinch_mount *m, const char *where, size_t i,
            cinch_error_t *err)
{
  const char *opt = m->options[i];
  const struct mount_opt *o;
  const char *why;
  char shown[96];

  if (*opt == '\0')
    return cinch_fail (err, 0, "%s.options[%zu]: empty mount option", where, i);
  o = find_opt (opt);
  if (o == NULL)
    {
      if (d->bind)
        {
          printable (shown, sizeof (shown), opt);
          return cinch_fail (err, 0,
                             "%s.options[%zu]: unknown mount option \"%s\" for a bind mount "
                             "(a bind mount takes no filesystem options)",
                             where, i, shown);
        }
      data_append (d, opt);
      return 0;
    }
  why = apply_opt (d, o, m);
  if (why != NULL)
    return cinch_fail (err, 0, "%s.options[%zu]: \"%s\" %s", where, i, opt, why);
  return 0;
}

int
cinch_mount_options_decode (struct cinch_mount *m, const char *json_path, cinch_error_t *err)
{
  struct decoded d = { 0 };
  const char *where = json_path ? json_path : "mount";

  d.bind = mount_is_bind (m);
  for (size_t i = 0; m->options && m->options[i]; i++)
    if (decode_one (&d, m, where, i, err) < 0)
      {
        free (d.data);
        return -1;
      }

  m->bind = d.bind;
  m->recursive = d.bind && d.recursive;
  m->attr_set = d.attr_set;
  m->attr_clr = d.attr_clr;
  m->rattr_set = d.rattr_set;
  m->rattr_clr = d.rattr_clr;
  m->sb_flags = d.sb_flags;
  m->propagation = d.propagation;
  m->propagation_recursive = d.propagation_recursive;
  m->idmap = d.idmap;
  m->ridmap = d.ridmap;
  m->tmpcopyup = d.tmpcopyup;
  free (m->data);
  m->data = d.data;
  return 0;
}
